package io.clerkcache.users.cache;

import java.io.File;
import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

import org.redisson.config.BaseConfig;
import org.redisson.config.ClusterServersConfig;
import org.redisson.config.Config;
import org.redisson.config.MasterSlaveServersConfig;
import org.redisson.config.ReplicatedServersConfig;
import org.redisson.config.SentinelServersConfig;
import org.redisson.config.SingleServerConfig;

/**
 * A Redisson configuration of any topology (single server, Sentinel, Cluster, replicated, master/slave), with this
 * service's connection settings applied to its servers: a subclass, because {@link Config} hands out its server
 * configurations to subclasses only.
 */
final class RedisClientConfig extends Config {

    /** A copy of {@code from}. */
    RedisClientConfig(Config from) {
        super(from);
    }

    /**
     * The client configuration for {@code settings}: the Redisson YAML file of {@code redis.config-file}, or one
     * server at {@code redis.url}'s address (which carries no credentials: the client logs addresses and puts them
     * into its error messages), with {@link #apply} done.
     */
    static RedisClientConfig of(UserCacheConfig settings) {
        Config c;
        if (settings.redisConfigFile().isPresent()) {
            try {
                c = Config.fromYAML(new File(settings.redisConfigFile().get()));
            } catch (IOException e) {
                throw new IllegalStateException("redis.config-file: cannot read " + settings.redisConfigFile().get(),
                        e);
            }
        } else {
            c = new Config();
            c.useSingleServer()
                    .setAddress(settings.redis().address().orElseThrow())
                    .setRetryInterval(100)
                    .setConnectionMinimumIdleSize(2)
                    .setConnectionPoolSize(16)
                    .setSubscriptionConnectionMinimumIdleSize(0);
            // The default 32 Netty and 16 worker threads are sized for a dedicated client, not a library in a
            // server that has its own pools.
            c.setNettyThreads(8).setThreads(4);
        }
        return new RedisClientConfig(c).apply(settings);
    }

    /**
     * Applies the short timeouts ({@code redis.timeout}, {@code redis.connect-timeout}, {@code redis.retry-attempts}),
     * and the credentials and database index when they were given, to every server of the configuration. Without
     * this a Redisson YAML file's defaults (3 s per command, 4 retries) would make each lookup wait about 20 s for a
     * hung Redis before going to Clerk.
     */
    RedisClientConfig apply(UserCacheConfig settings) {
        int timeout = Math.toIntExact(settings.redisTimeout().toMillis());
        int connectTimeout = Math.toIntExact(settings.redisConnectTimeout().toMillis());
        RedisEndpoint endpoint = settings.redis();
        for (BaseConfig<?> server : servers()) {
            server.setTimeout(timeout);
            server.setConnectTimeout(connectTimeout);
            server.setRetryAttempts(settings.redisRetryAttempts());
            endpoint.username().ifPresent(server::setUsername);
            endpoint.password().ifPresent(server::setPassword);
        }
        endpoint.username().ifPresent(this::setUsername);
        endpoint.password().ifPresent(this::setPassword);
        endpoint.database().ifPresent(this::setDatabase);
        return this;
    }

    /** The server settings of the configured topology (one of them is set). */
    List<BaseConfig<?>> servers() {
        return Stream.<BaseConfig<?>>of(getSingleServerConfig(), getClusterServersConfig(), getSentinelServersConfig(),
                getReplicatedServersConfig(), getMasterSlaveServersConfig()).filter(Objects::nonNull).toList();
    }

    /** The database index of the configured topology, for tests and the start-up log. */
    int database() {
        for (BaseConfig<?> server : servers()) {
            if (server instanceof SingleServerConfig single) {
                return single.getDatabase();
            }
            if (server instanceof MasterSlaveServersConfig masterSlave) {
                return masterSlave.getDatabase();
            }
        }
        return 0;
    }

    private void setDatabase(int database) {
        for (BaseConfig<?> server : servers()) {
            if (server instanceof SingleServerConfig single) {
                single.setDatabase(database);
            } else if (server instanceof SentinelServersConfig sentinel) {
                sentinel.setDatabase(database);
            } else if (server instanceof ReplicatedServersConfig replicated) {
                replicated.setDatabase(database);
            } else if (server instanceof ClusterServersConfig cluster) {
                cluster.setDatabase(database);
            } else if (server instanceof MasterSlaveServersConfig masterSlave) {
                masterSlave.setDatabase(database);
            }
        }
    }
}
