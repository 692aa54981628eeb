#!/usr/bin/env bash
# The newcomer path, as README gives it: a clean clone of the committed tree, with ../shared beside
# it and no target/ anywhere, then `./run` in the background; waits for /health, asks /embed for one
# sentence, checks the answer is one 384-wide vector, stops the server. Fails (non-zero) on any step.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
server=""
cleanup() {
  if [ -n "$server" ] && kill -0 "$server" 2>/dev/null; then
    kill "$server" 2>/dev/null || true
    wait "$server" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

git clone -q "$repo" "$work/distilbertj"
if [ -d "$repo/../shared" ]; then
  ln -s "$(cd "$repo/../shared" && pwd)" "$work/shared"
fi
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
log="$work/run.log"
start=$(date +%s)
(cd "$work/distilbertj" && exec ./run --server.port="$port") >"$log" 2>&1 &
server=$!

deadline=$((start + 900))
until curl -fsS "http://127.0.0.1:$port/health" >/dev/null 2>&1; do
  if ! kill -0 "$server" 2>/dev/null; then
    echo "newcomer-run: ./run exited before /health answered; its output:" >&2
    tail -n 60 "$log" >&2
    exit 1
  fi
  if [ "$(date +%s)" -ge "$deadline" ]; then
    echo "newcomer-run: /health did not answer within 900 s; ./run output:" >&2
    tail -n 60 "$log" >&2
    exit 1
  fi
  sleep 1
done
ready=$(( $(date +%s) - start ))

answer="$(curl -fsS "http://127.0.0.1:$port/embed" -H 'Content-Type: application/json' \
  -d '{"inputs": "What is Deep Learning?"}')"
width="$(printf '%s' "$answer" | python3 -c 'import json,sys; v=json.load(sys.stdin); assert len(v)==1, v; print(len(v[0]))')"
if [ "$width" != 384 ]; then
  echo "newcomer-run: /embed answered a vector of width $width, expected 384" >&2
  exit 1
fi
echo "newcomer-run: fresh clone, ./run ready after ${ready} s (first build included), /embed gave one 384-wide vector"
