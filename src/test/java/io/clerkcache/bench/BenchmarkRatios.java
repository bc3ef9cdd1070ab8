package io.clerkcache.bench;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

import io.clerkcache.jcache.bench.RedisHitBenchmark;

/**
 * Runs {@link UserDirectoryBenchmark} and {@link RedisHitBenchmark} with JMH and prints, after JMH's own table, the
 * ratios that docs/benchmarks.md records (not a test). JMH options given as arguments apply (for example
 * {@code -wi 3 -i 5 -f 1}); the benchmarks run are always these two classes.
 *
 * <p>Run: {@code mvn -B -Pbench test-compile exec:exec -Djmh.main=io.clerkcache.bench.BenchmarkRatios
 * -Djmh.args='-wi 2 -i 3 -f 1'}.
 */
public final class BenchmarkRatios {

    private BenchmarkRatios() {
    }

    public static void main(String[] args) throws Exception {
        Options given = new CommandLineOptions(args);
        Options options = new OptionsBuilder().parent(given)
                .include(UserDirectoryBenchmark.class.getName() + "\\.")
                .include(RedisHitBenchmark.class.getName() + "\\.")
                .build();
        Collection<RunResult> results = new Runner(options).run();
        Map<String, Double> score = new LinkedHashMap<>();
        for (RunResult r : results) {
            String name = r.getParams().getBenchmark();
            score.put(name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1),
                    r.getPrimaryResult().getScore());
        }
        System.out.println();
        System.out.println("ratio                                                        value   goal");
        ratio(score, "RedisHitBenchmark.interceptedHit", "RedisHitBenchmark.rawMapGet", "<= 1.3");
        ratio(score, "RedisHitBenchmark.directGet", "RedisHitBenchmark.rawMapGet", "");
        ratio(score, "UserDirectoryBenchmark.directoryRedisHit", "UserDirectoryBenchmark.rawRedisHget", "");
        ratio(score, "UserDirectoryBenchmark.loadingCacheRedisHit", "UserDirectoryBenchmark.rawRedisHget", "");
        ratio(score, "UserDirectoryBenchmark.getAll100", "UserDirectoryBenchmark.get100", "");
        ratio(score, "UserDirectoryBenchmark.memoHit", "UserDirectoryBenchmark.directoryRedisHit", "");
    }

    private static void ratio(Map<String, Double> score, String a, String b, String goal) {
        Double x = score.get(a);
        Double y = score.get(b);
        if (x != null && y != null) {
            System.out.printf(Locale.ROOT, "%-60s %6.3f   %s%n", shortName(a) + " / " + shortName(b), x / y, goal);
        }
    }

    private static String shortName(String benchmark) {
        return benchmark.substring(benchmark.indexOf('.') + 1);
    }
}
