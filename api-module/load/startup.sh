#!/usr/bin/env bash
# Start-up time of distilbertj-server on the built-in model: launch to the first 200 from /health
# (model loaded and warm-up pass done), RUNS times, under the benchmark lock. Each run also times
# the first 10 /embed requests after readiness (one sentence each, one after the other).
#   api-module/load/startup.sh            ./run, the README's command (build check, AOT cache)
#   MODE=jar api-module/load/startup.sh   java -jar api-module/target/distilbertj-server.jar
# In MODE=run an untimed first ./run builds what is stale and prepares the start-up cache.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
JAVA="${JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}"
PORT="${PORT:-18092}"
RUNS="${RUNS:-5}"
MODE="${MODE:-run}"
LOG=/tmp/distilbertj-startup.log
exec 9>/tmp/distilbertj-bench.lock
flock 9

launch() {
  if [[ $MODE == jar ]]; then
    "$JAVA" --add-modules jdk.incubator.vector -jar "$ROOT/api-module/target/distilbertj-server.jar" \
      --server.address=127.0.0.1 --server.port="$PORT" > "$LOG" 2>&1 &
  else
    "$ROOT/run" --server.address=127.0.0.1 --server.port="$PORT" > "$LOG" 2>&1 &
  fi
  pid=$!
}

one() { # label
  local start ready first
  start=$(date +%s%3N)
  launch
  until curl -sf -o /dev/null "http://127.0.0.1:$PORT/health"; do
    kill -0 "$pid" 2>/dev/null || { tail -5 "$LOG"; exit 1; }
    sleep 0.01
  done
  ready=$(( $(date +%s%3N) - start ))
  first=$(for i in $(seq 1 10); do
    curl -s -o /dev/null -w '%{time_total} ' -H 'Content-Type: application/json' \
      -d '{"inputs": "The quick brown fox jumps over the lazy dog."}' "http://127.0.0.1:$PORT/embed"
  done | awk '{for (i = 1; i <= NF; i++) printf "%s%.0f", (i > 1 ? " " : ""), $i * 1000}')
  echo "$1: ready ${ready} ms after launch; $(grep -o 'Started DistilBertJServer in [0-9.]* seconds' "$LOG");" \
    "$(grep -o 'model loaded in .*' "$LOG" || true); first 10 /embed ms: $first"
  kill "$pid"; wait "$pid" 2>/dev/null || true
}

if [[ $MODE != jar ]]; then
  one "prepare (untimed)"
fi
for run in $(seq 1 "$RUNS"); do
  one "run $run"
done
