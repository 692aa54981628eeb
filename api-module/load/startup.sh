#!/usr/bin/env bash
# Start-up time of distilbertj-server on the built-in model: launch to the first 200 from /health
# (model loaded and warm-up pass done), RUNS times, under the benchmark lock. Each run also times
# the first 10 /embed requests after readiness (one sentence each, one after the other).
#   api-module/load/startup.sh            ./run, the README's command (build check, AOT cache)
#   MODE=jar api-module/load/startup.sh   java -jar api-module/target/distilbertj-server.jar
# In MODE=run an untimed first ./run builds what is stale and prepares the start-up cache.
#   ARGS='--x=y' ...                      extra server arguments for every launch
#   COMPARE='--springdoc.api-docs.enabled=false --springdoc.swagger-ui.enabled=false' ...
#                                         each run launches twice, without and with these arguments
#                                         (alternating, so drift hits both), and the medians are printed
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
JAVA="${JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}"
PORT="${PORT:-18092}"
RUNS="${RUNS:-5}"
MODE="${MODE:-run}"
ARGS="${ARGS:-}"
COMPARE="${COMPARE:-}"
LOG=/tmp/distilbertj-startup.log
exec 9>/tmp/distilbertj-bench.lock
flock 9

launch() { # extra server arguments
  # shellcheck disable=SC2086 # ARGS / COMPARE are word lists on purpose
  if [[ $MODE == jar ]]; then
    "$JAVA" --add-modules jdk.incubator.vector -jar "$ROOT/api-module/target/distilbertj-server.jar" \
      --server.address=127.0.0.1 --server.port="$PORT" $ARGS $1 > "$LOG" 2>&1 &
  else
    "$ROOT/run" --server.address=127.0.0.1 --server.port="$PORT" $ARGS $1 > "$LOG" 2>&1 &
  fi
  pid=$!
}

declare -A READY=()
one() { # label [extra server arguments]
  local start ready first
  start=$(date +%s%3N)
  launch "${2:-}"
  until curl -sf -o /dev/null "http://127.0.0.1:$PORT/health"; do
    kill -0 "$pid" 2>/dev/null || { tail -5 "$LOG"; exit 1; }
    sleep 0.01
  done
  ready=$(( $(date +%s%3N) - start ))
  [[ $1 == prepare* ]] || READY[${2:-default}]+="$ready "
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
  if [[ -n $COMPARE ]]; then
    one "run $run with $COMPARE" "$COMPARE"
  fi
done
median() { tr ' ' '\n' | grep . | sort -n | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
for key in "${!READY[@]}"; do
  echo "median ready ($key): $(echo "${READY[$key]}" | median) ms of ${READY[$key]}"
done
