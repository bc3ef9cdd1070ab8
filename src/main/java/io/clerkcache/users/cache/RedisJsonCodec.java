package io.clerkcache.users.cache;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import org.redisson.client.codec.BaseCodec;
import org.redisson.client.protocol.Decoder;
import org.redisson.client.protocol.Encoder;

/**
 * Redisson codec for the user caches: keys (user ids, lower-cased usernames) are stored as their plain text, values
 * as the JSON of {@link CacheValueFormat}. Replaces Redisson's default binary codec, whose entries break across class changes and
 * cannot be read with {@code redis-cli}.
 *
 * <p>Keys and values share one encoder and one decoder: Redisson's JCache passes keys through the value codec in
 * some operations and the map-key codec in others, and a value always starts with '{' while a key never does.
 */
public final class RedisJsonCodec extends BaseCodec {

    private final Encoder encoder = in -> {
        String text = in instanceof String s ? s : CacheValueFormat.encode(in);
        ByteBuf out = ByteBufAllocator.DEFAULT.buffer();
        out.writeCharSequence(text, StandardCharsets.UTF_8);
        return out;
    };

    private final Decoder<Object> decoder = (buf, state) -> {
        String text = buf.toString(StandardCharsets.UTF_8);
        buf.skipBytes(buf.readableBytes());
        return text.startsWith("{") ? CacheValueFormat.decode(text) : text;
    };

    @Override
    public Decoder<Object> getValueDecoder() {
        return decoder;
    }

    @Override
    public Encoder getValueEncoder() {
        return encoder;
    }

    @Override
    public Decoder<Object> getMapKeyDecoder() {
        return decoder;
    }

    @Override
    public Encoder getMapKeyEncoder() {
        return encoder;
    }

    @Override
    public Decoder<Object> getMapValueDecoder() {
        return decoder;
    }

    @Override
    public Encoder getMapValueEncoder() {
        return encoder;
    }

    @Override
    public ClassLoader getClassLoader() {
        return RedisJsonCodec.class.getClassLoader();
    }
}
