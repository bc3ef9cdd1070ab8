package io.clerkcache.users.cache;

import java.nio.charset.StandardCharsets;

import io.clerkcache.jcache.UnreadableValue;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import org.redisson.client.codec.BaseCodec;
import org.redisson.client.handler.State;
import org.redisson.client.protocol.Decoder;
import org.redisson.client.protocol.Encoder;

/**
 * Redisson codec for the user caches: keys (user ids, lower-cased usernames) are stored as their plain text, values
 * as the JSON of {@link CacheValueFormat} with an integrity tag ({@link EntrySigner}). A stored value that is not such
 * JSON, has a format version this code does not know, or has a tag that does not match decodes to an
 * {@link UnreadableValue}: a miss for the load path, never an error and never a user. Replaces Redisson's default binary codec, whose entries break across class changes and
 * cannot be read with {@code redis-cli}.
 *
 * <p>Keys and values share one encoder and one decoder: Redisson's JCache passes keys through the value codec in
 * some operations and the map-key codec in others, and a value always starts with '{' while a key never does.
 */
public final class RedisJsonCodec extends BaseCodec {

    private final EntrySigner signer;
    private final Encoder encoder = this::encode;
    private final Decoder<Object> decoder = this::decode;

    /** A codec signing and checking values with {@code signer}. */
    public RedisJsonCodec(EntrySigner signer) {
        this.signer = signer;
    }

    /** The copy Redisson makes of a codec for another class loader ({@code BaseCodec.copy}'s convention). */
    public RedisJsonCodec(ClassLoader classLoader, RedisJsonCodec codec) {
        this(codec.signer);
    }

    private ByteBuf encode(Object in) {
        String text = in instanceof String s ? s
                : in instanceof UnreadableValue u ? u.raw() // written back as read, so replace(old, new) matches
                : signer.sign(CacheValueFormat.encode(in));
        ByteBuf out = ByteBufAllocator.DEFAULT.buffer();
        out.writeCharSequence(text, StandardCharsets.UTF_8);
        return out;
    }

    private Object decode(ByteBuf buf, State state) {
        String text = buf.toString(StandardCharsets.UTF_8);
        buf.skipBytes(buf.readableBytes());
        return text.startsWith("{") ? decodeValue(text) : text;
    }

    private Object decodeValue(String text) {
        String json = signer.verify(text);
        if (json == null) {
            return new UnreadableValue(text);
        }
        try {
            Object value = CacheValueFormat.decode(json);
            return value != null ? value : new UnreadableValue(text);
        } catch (RuntimeException notOurs) {
            return new UnreadableValue(text);
        }
    }

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
