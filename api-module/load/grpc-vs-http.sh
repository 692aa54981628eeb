#!/usr/bin/env bash
# gRPC (tei.v1.Embed/Embed) vs HTTP (POST /embed) throughput on one server: CLIENTS closed-loop clients, one
# short sentence per call, alternating blocks (TransportThroughputProbe, api-module test scope).
# Run from the repository root after a build (`./mvnw -B -pl api-module -am verify` or package + test-compile):
#   flock /tmp/distilbertj-gate flock /tmp/distilbertj-bench.lock api-module/load/grpc-vs-http.sh
# Knobs: CLIENTS (64), BLOCK_SECONDS (10), BLOCKS (3 per transport), WARMUP_SECONDS (20), HTTP_PORT (18400),
# GRPC_PORT (18401), SERVER_ARGS (extra server arguments).
set -euo pipefail
JAVA="${JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}"
HTTP_PORT="${HTTP_PORT:-18400}"
GRPC_PORT="${GRPC_PORT:-18401}"
cd "$(dirname "$0")/.."
"$JAVA" --add-modules jdk.incubator.vector -jar target/distilbertj-server.jar --server.address=127.0.0.1 \
    --server.port="$HTTP_PORT" --distilbertj.grpc.port="$GRPC_PORT" ${SERVER_ARGS:-} > target/grpc-vs-http-server.log 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
  curl -sf "http://127.0.0.1:$HTTP_PORT/health" > /dev/null && break
  sleep 0.5
done
"$JAVA" -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" io.github.distilbertj.api.bench.TransportThroughputProbe \
    "$HTTP_PORT" "$GRPC_PORT" "${CLIENTS:-64}" "${BLOCK_SECONDS:-10}" "${BLOCKS:-3}" "${WARMUP_SECONDS:-20}" "$SERVER"
curl -s "http://127.0.0.1:$HTTP_PORT/actuator/prometheus" | grep -E '^distilbertj_(request_count_total\{.*route="/embed"|batch_size_(count|sum)\{.*encode)'
