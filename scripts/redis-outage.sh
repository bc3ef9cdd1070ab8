#!/usr/bin/env bash
# Redis outage drill: runs a redis-server of its own, drives lookups of hot users against a clerk-cache pointed at
# it, and goes through the phases normal -> stopped -> restarted -> hung (SIGSTOP) -> resumed (SIGCONT) -> normal,
# printing per phase: requests, failed lookups, p50/p99 latency, Clerk calls, and after each return the time until
# the service used Redis again (its breaker closed in /api/cache/stats). See docs/operations.md#redis-outage-breaker-in-jvm-layer-reconciliation.
#
# Start the service in demo mode against this script's Redis first, with the per-caller limit off (one client plays
# every caller), e.g.:
#   REDIS_URL=redis://127.0.0.1:6391 mvn -o liberty:run -Dliberty.var.http.port=9380 \
#       -Dliberty.var.https.port=9743 -Dliberty.var.clerk.caller-limit.rate=0
# The script starts Redis before waiting for the service, so the service may be started after it.
#
# Environment: REDIS_PORT (6391), BASE (http://127.0.0.1:9380/), PHASE_SECONDS (10), THREADS (16), HOT_USERS (20).
set -euo pipefail

REDIS_PORT=${REDIS_PORT:-6391}
BASE=${BASE:-http://127.0.0.1:9380/}
PHASE_SECONDS=${PHASE_SECONDS:-10}
THREADS=${THREADS:-16}
HOT_USERS=${HOT_USERS:-20}
cd "$(dirname "$0")/.."
WORK=$(mktemp -d)
REDIS_PID=

start_redis() {
  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no --dir "$WORK" \
    >>"$WORK/redis.log" 2>&1 &
  REDIS_PID=$!
  for _ in $(seq 100); do
    redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && return 0
    sleep 0.05
  done
  echo "redis-server did not start on $REDIS_PORT" >&2
  exit 1
}

cleanup() {
  if [[ -n "$REDIS_PID" ]]; then
    kill -CONT "$REDIS_PID" 2>/dev/null || true
    kill "$REDIS_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

start_redis
echo "redis-server on $REDIS_PORT (pid $REDIS_PID); waiting for the service at $BASE"
for _ in $(seq 600); do
  curl -fs "${BASE}health/ready" >/dev/null 2>&1 && break
  sleep 1
done
curl -fs "${BASE}health/ready" >/dev/null || { echo "no service at $BASE" >&2; exit 1; }

if [[ ! -d target/test-classes/io/clerkcache/bench ]]; then
  mvn -o -q -B test-compile
fi
mvn -o -q -B dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$WORK/cp.txt" >/dev/null
CP="target/test-classes:target/classes:$(cat "$WORK/cp.txt")"

mkfifo "$WORK/phases"
java -cp "$CP" -Doutage.url="$BASE" -Doutage.threads="$THREADS" -Doutage.hot-users="$HOT_USERS" \
  io.clerkcache.bench.OutageLoad <"$WORK/phases" &
LOAD_PID=$!
exec 3>"$WORK/phases"

phase() { echo "$*" >&3; sleep "$PHASE_SECONDS"; }

phase normal
redis-cli -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
wait "$REDIS_PID" 2>/dev/null || true
REDIS_PID=
phase stopped
start_redis
phase restarted return
kill -STOP "$REDIS_PID"
phase hung
kill -CONT "$REDIS_PID"
phase resumed return
phase normal
exec 3>&-
wait "$LOAD_PID"
