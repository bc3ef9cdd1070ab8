#!/usr/bin/env bash
# The workload on two instances of the service sharing one Redis and one Clerk simulator (docs/benchmarks.md,
# "Workload on two instances"): builds the WAR, makes two Liberty servers of the project's runtime (target/liberty),
# starts them, runs io.clerkcache.bench.WorkloadBenchmark against both (a warm-up pass, then the measured pass),
# stops them and prints the figures.
#
# Instance A (port 9480, HTTPS 9843) runs in demo mode and hosts the simulator; instance B (9481, 9844) runs in demo
# mode too but calls A's simulator (clerk.simulator.url), so both see one Clerk with one rate limit, whose call
# statistics count the calls of both. Both use the same Redis and the same key prefix (fresh for each run, deleted
# afterwards), as two replicas of one deployment would.
#
# Usage: scripts/bench-two-instances.sh [extra -D options for the workload, e.g. -Dworkload.latency-ms=20]
# Environment:
#   REDIS_URL        Redis both instances share (redis://127.0.0.1:6379); "none" runs each in memory (no sharing)
#   BENCH_PORTS      "9480 9843 9481 9844": HTTP and HTTPS ports of A, then of B
#   BENCH_SESSIONS   sessions per pass (600); BENCH_THREADS client threads (6); BENCH_RATE_LIMIT simulator calls per
#                    10 s (100, Clerk's development limit); BENCH_BUDGET the service's request budget per 10 s
#                    (clerk.rate-limit.requests; 90: the simulator's limit with headroom, shared by both instances)
#   BENCH_SKIP_BUILD 1: use target/clerk-cache.war as it is
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)
REDIS=${REDIS_URL:-redis://127.0.0.1:6379}
# The servers inherit this shell's environment: their settings come from their server.env alone.
unset REDIS_URL
read -r A_HTTP A_HTTPS B_HTTP B_HTTPS <<<"${BENCH_PORTS:-9480 9843 9481 9844}"
SESSIONS=${BENCH_SESSIONS:-600}
THREADS=${BENCH_THREADS:-6}
RATE_LIMIT=${BENCH_RATE_LIMIT:-100}
BUDGET=${BENCH_BUDGET:-90}
PREFIX="bench-two:$(date +%s)-$$:"
A=benchTwoA
B=benchTwoB

for port in "$A_HTTP" "$A_HTTPS" "$B_HTTP" "$B_HTTPS"; do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
        echo "port $port is in use: choose others with BENCH_PORTS" >&2
        exit 1
    fi
done

# 1. The WAR and a Liberty runtime (the pom's version, unpacked from the local Maven repository if not there yet).
if [[ "${BENCH_SKIP_BUILD:-0}" != 1 ]]; then
    mvn -o -q -B package -DskipTests
fi
WAR=$(ls target/*.war | head -1)
WLP=$ROOT/target/liberty/wlp
if [[ ! -x "$WLP/bin/server" ]]; then
    version=$(sed -n 's:.*<openliberty.version>\(.*\)</openliberty.version>.*:\1:p' pom.xml | head -1)
    zip="$HOME/.m2/repository/io/openliberty/openliberty-runtime/$version/openliberty-runtime-$version.zip"
    [[ -f "$zip" ]] || mvn -q -B dependency:get -Dartifact="io.openliberty:openliberty-runtime:$version:zip"
    mkdir -p target/liberty
    unzip -q -o "$zip" -d target/liberty
fi

# 2. Two servers: the service's own configuration (server-config/), the WAR, ports and settings of their own.
make_server() { # name http https simulator-url
    local dir="$WLP/usr/servers/$1"
    rm -rf "$dir"
    mkdir -p "$dir/apps"
    cp server-config/*.xml server-config/jvm.options "$dir/"
    cp "$WAR" "$dir/apps/clerk-cache.war"
    printf 'http.port=%s\nhttps.port=%s\nopenapi.enabled=false\n' "$2" "$3" >"$dir/bootstrap.properties"
    {
        echo "CLERK_DEMO_MODE=true"
        echo "CLERK_CALLER_LIMIT_RATE=0"
        echo "CLERK_CACHE_KEY_PREFIX=$PREFIX"
        echo "CLERK_SIMULATOR_URL=$4"
        echo "CLERK_SIMULATOR_RATE_LIMIT=$RATE_LIMIT"
        echo "CLERK_RATE_LIMIT_REQUESTS=$BUDGET"
        [[ "$REDIS" == none ]] || echo "REDIS_URL=$REDIS"
    } >"$dir/server.env"
}
make_server "$A" "$A_HTTP" "$A_HTTPS" "http://127.0.0.1:$A_HTTP/simulator/v1"
make_server "$B" "$B_HTTP" "$B_HTTPS" "http://127.0.0.1:$A_HTTP/simulator/v1"

stop_servers() {
    "$WLP/bin/server" stop "$A" >/dev/null 2>&1 || true
    "$WLP/bin/server" stop "$B" >/dev/null 2>&1 || true
    if [[ "$REDIS" != none ]] && command -v redis-cli >/dev/null; then
        # this run's keys only (its own prefix), never anything else
        redis-cli -u "$REDIS" --scan --pattern "*${PREFIX}*" | xargs -r -n 100 redis-cli -u "$REDIS" del >/dev/null
    fi
}
trap stop_servers EXIT

# 3. Start both (A first: B's Clerk is A's simulator) and wait until each serves.
export JAVA_HOME=${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}
wait_ready() { # name http-port
    for _ in $(seq 1 240); do
        if [[ $(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$2/health/ready") == 200 ]]; then
            return 0
        fi
        sleep 1
    done
    echo "$1 did not become ready; its log:" >&2
    tail -40 "$WLP/usr/servers/$1/logs/messages.log" >&2 || true
    exit 1
}
"$WLP/bin/server" start "$A" >/dev/null
wait_ready "$A" "$A_HTTP"
"$WLP/bin/server" start "$B" >/dev/null
wait_ready "$B" "$B_HTTP"
echo "A: http://localhost:$A_HTTP/  B: http://localhost:$B_HTTP/  (Redis: $REDIS, key prefix $PREFIX)"

# 4. The workload: a warm-up pass from cold caches, then the measured pass.
mvn -o -q -B -Pworkload test-compile exec:java \
    -Dworkload.urls="http://localhost:$A_HTTP/,http://localhost:$B_HTTP/" \
    -Dworkload.sessions="$SESSIONS" -Dworkload.warmup-sessions="$SESSIONS" -Dworkload.threads="$THREADS" \
    -Dworkload.rate-limit="$RATE_LIMIT" "$@"
