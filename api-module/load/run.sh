#!/usr/bin/env bash
# Load test: DistilBERT-J server vs LangChain4j's in-process all-MiniLM-L6-v2 (ONNX Runtime) behind
# the simplest Spring controller, both on loopback, both driven by wrk with the same sentence-length
# POST /embed bodies, at 1, 8 and 64 connections. Holds /tmp/distilbertj-bench.lock for the whole run.
#
#   api-module/load/run.sh            (from /work/main; builds the module first)
#   DURATION=30s WARMUP=20s api-module/load/run.sh
#   OURS_ARGS="--distilbertj.threads=1" CONNECTIONS=64 OUT=/tmp/r.md api-module/load/run.sh
#   OURS_JAR=/tmp/other/distilbertj-server.jar SKIP_BUILD=1 api-module/load/run.sh   (another build of the server)
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
MODULE="$ROOT/api-module"
JAVA="${JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}"
DURATION="${DURATION:-20s}"
WARMUP="${WARMUP:-15s}"
CONNECTIONS="${CONNECTIONS:-1 8 64}"
PORT_OURS="${PORT_OURS:-18090}"
PORT_BASE="${PORT_BASE:-18091}"
OUT="${OUT:-$MODULE/load/results.md}"
LOG_DIR="$(mktemp -d /tmp/distilbertj-load.XXXXXX)"
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }

if [[ -z "${SKIP_BUILD:-}" ]]; then
  (cd "$ROOT" && ./mvnw -B -q -f api-module/pom.xml package -DskipTests)
fi

# Everything below is timing: never overlap another benchmark.
exec 9>/tmp/distilbertj-bench.lock
flock 9

PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

wait_ready() { # url, seconds
  local deadline=$((SECONDS + $2))
  until curl -sf -o /dev/null "$1"; do
    if (( SECONDS > deadline )) || ! kill -0 "${PIDS[-1]}" 2>/dev/null; then
      echo "not ready: $1" >&2; return 1
    fi
    sleep 0.05
  done
}

start_ms=$(date +%s%3N)
"$JAVA" --add-modules jdk.incubator.vector -jar "${OURS_JAR:-$MODULE/target/distilbertj-server.jar}" \
  --server.address=127.0.0.1 --server.port="$PORT_OURS" ${OURS_ARGS:-} > "$LOG_DIR/distilbertj.log" 2>&1 &
PIDS+=($!)
wait_ready "http://127.0.0.1:$PORT_OURS/health" 120
ready_ms=$(( $(date +%s%3N) - start_ms ))
echo "distilbertj-server ready (model loaded and warmed up) ${ready_ms} ms after launch"

OPT_OUT_TRACKING=true DJL_OFFLINE=true "$JAVA" -Doffline=true \
  -cp "$MODULE/target/test-classes:$(cat "$MODULE/target/test-classpath.txt")" \
  io.github.distilbertj.loadtest.LangChain4jBaselineServer \
  --server.address=127.0.0.1 --server.port="$PORT_BASE" --spring.main.banner-mode=off > "$LOG_DIR/baseline.log" 2>&1 &
PIDS+=($!)
deadline=$((SECONDS + 120))
until curl -sf -o /dev/null -H 'Content-Type: application/json' -d '{"inputs":"ready?"}' \
  "http://127.0.0.1:$PORT_BASE/embed"; do
  if (( SECONDS > deadline )) || ! kill -0 "${PIDS[1]}" 2>/dev/null; then
    echo "baseline not ready:" >&2; tail -5 "$LOG_DIR/baseline.log" >&2; exit 1
  fi
  sleep 0.2
done
echo "baseline ready"

run_wrk() { # name port connections duration
  local threads=$(( $3 < 2 ? 1 : 2 ))
  wrk -t"$threads" -c"$3" -d"$4" --timeout 30s --latency -s "$MODULE/load/embed.lua" \
    "http://127.0.0.1:$2/embed" > "$LOG_DIR/$1-c$3.txt"
}

# Percentile lines of wrk --latency ("50%  12.34ms") in milliseconds.
ms() { awk -v p="$1" '$1==p {v=$2; if (v ~ /us$/) {sub(/us/,"",v); v/=1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v*=1000}; printf "%.1f", v}' "$2"; }
rps() { awk '/Requests\/sec/ {printf "%.1f", $2}' "$1"; }
errors() { awk '/Non-2xx|Socket errors/ {print}' "$1" | tr '\n' ' '; }

echo "warm-up ($WARMUP at 8 connections each)"
run_wrk warm-ours "$PORT_OURS" 8 "$WARMUP"
run_wrk warm-base "$PORT_BASE" 8 "$WARMUP"

# Sum of one DistilBERT-J series (batch_size_count = batches, batch_size_sum = sequences).
series() { curl -s "http://127.0.0.1:$PORT_OURS/actuator/prometheus" | awk -v n="$1" '$1 ~ "^"n"\\{" && /operation="encode"/ {print $2}'; }

{
  echo "| connections | server | requests/s | p50 ms | p99 ms | errors | batches: count, mean size |"
  echo "|---:|---|---:|---:|---:|---|---|"
} > "$LOG_DIR/table.md"
for c in $CONNECTIONS; do
  for s in ours base; do
    port=$PORT_OURS; name="DistilBERT-J"; batches=""
    if [[ $s == base ]]; then port=$PORT_BASE; name="LangChain4j + ORT"; fi
    b0=$(series distilbertj_batch_size_count); q0=$(series distilbertj_batch_size_sum)
    run_wrk "$s" "$port" "$c" "$DURATION"
    if [[ $s == ours ]]; then
      b1=$(series distilbertj_batch_size_count); q1=$(series distilbertj_batch_size_sum)
      batches=$(awk -v b="$((${b1%.*} - ${b0%.*}))" -v q="$(awk -v a="$q0" -v z="$q1" 'BEGIN {print z - a}')" \
        'BEGIN {printf "%d, %.1f", b, (b > 0 ? q / b : 0)}')
    fi
    f="$LOG_DIR/$s-c$c.txt"
    echo "| $c | $name | $(rps "$f") | $(ms 50% "$f") | $(ms 99% "$f") | $(errors "$f") | $batches |" >> "$LOG_DIR/table.md"
  done
done

{
  echo "Load test $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, wrk ${DURATION} per cell after ${WARMUP} warm-up,"
  echo "POST /embed with one sentence (9-13 words) per request; distilbertj-server ready ${ready_ms} ms after launch."
  echo
  cat "$LOG_DIR/table.md"
  echo
  echo "Batches formed by DistilBERT-J over the whole run, warm-up and every cell included (from /actuator/prometheus):"
  echo '```'
  curl -s "http://127.0.0.1:$PORT_OURS/actuator/prometheus" | grep -E '^distilbertj_batch_size_(count|sum|max)|^distilbertj_inference_duration_seconds_(count|sum)' || true
  echo '```'
} | tee "$OUT"
echo "raw wrk output: $LOG_DIR"
