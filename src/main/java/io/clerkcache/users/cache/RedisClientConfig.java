package io.clerkcache.users.cache;

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
