#!/usr/bin/env bash
# The cost of lazy springdoc: times the first and second GET /openapi.json and the /docs page after
# readiness, on a fresh `java -jar api-module/target/distilbertj-server.jar`, RUNS times (3), under the
# benchmark lock (exclusive). Run: flock /tmp/distilbertj-gate api-module/load/openapi-first.sh
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
JAVA="${JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}"
PORT="${PORT:-18093}"
RUNS="${RUNS:-3}"
LOG=/tmp/distilbertj-openapi-first.log
exec 9>/tmp/distilbertj-bench.lock
flock 9
for run in $(seq 1 "$RUNS"); do
  "$JAVA" --add-modules jdk.incubator.vector -jar "$ROOT/api-module/target/distilbertj-server.jar" \
    --server.address=127.0.0.1 --server.port="$PORT" > "$LOG" 2>&1 &
  pid=$!
  until curl -sf -o /dev/null "http://127.0.0.1:$PORT/health"; do
    kill -0 "$pid" 2>/dev/null || { tail -5 "$LOG"; exit 1; }
    sleep 0.02
  done
  sleep 1   # past the first idle warm-up passes
  first=$(curl -s -o /dev/null -w '%{time_total}' "http://127.0.0.1:$PORT/openapi.json")
  second=$(curl -s -o /dev/null -w '%{time_total}' "http://127.0.0.1:$PORT/openapi.json")
  docs=$(curl -sL -o /dev/null -w '%{time_total}' "http://127.0.0.1:$PORT/docs")
  echo "run $run: first /openapi.json ${first} s, second ${second} s, /docs (redirect + page) ${docs} s"
  kill "$pid"; wait "$pid" 2>/dev/null || true
done
