#!/usr/bin/env bash
# Start-up time of distilbertj-server on the built-in model: launch to the first 200 from /health
# (model loaded and warm-up pass done), RUNS times, under the benchmark lock.
#   api-module/load/startup.sh        (from /work/main, after packaging the jar)
set -euo pipefail
MODULE="$(cd "$(dirname "$0")/.." && pwd)"
JAVA="${JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}"
PORT="${PORT:-18092}"
RUNS="${RUNS:-3}"
exec 9>/tmp/distilbertj-bench.lock
flock 9
for run in $(seq 1 "$RUNS"); do
  start=$(date +%s%3N)
  "$JAVA" --add-modules jdk.incubator.vector -jar "$MODULE/target/distilbertj-server.jar" \
    --server.address=127.0.0.1 --server.port="$PORT" > /tmp/distilbertj-startup.log 2>&1 &
  pid=$!
  until curl -sf -o /dev/null "http://127.0.0.1:$PORT/health"; do
    kill -0 "$pid" 2>/dev/null || { tail -5 /tmp/distilbertj-startup.log; exit 1; }
    sleep 0.02
  done
  echo "run $run: ready $(( $(date +%s%3N) - start )) ms after launch ($(grep -o 'Started DistilBertJServer in [0-9.]* seconds' /tmp/distilbertj-startup.log))"
  kill "$pid"; wait "$pid" 2>/dev/null || true
done
