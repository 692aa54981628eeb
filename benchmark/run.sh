#!/usr/bin/env bash
# The side-by-side benchmark in one command, from any directory:
#   benchmark/run.sh            full suite (~15 min on 2 cores): results/DATE.json, results/DATE.png,
#                               REPORT.md, report.png
#   benchmark/run.sh --quick    smoke run (~3 min): same rows, few runs, written under target/quick/
# Extra arguments go to SideBySide (--threads 1,2  --ops forward-1x32,minilm-b1  --out DIR).
# Steps: Debian packages (PyTorch, OpenBLAS, ONNX) if missing, Maven build, weights (generated or
# reused by checksum), then the run itself under the shared benchmark lock.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(dirname "$here")"
cd "$repo"

"$here/scripts/install-python-deps.sh"

echo "run.sh: building"
./mvnw -B -q install -DskipTests -pl benchmark -am

# The same JDK >= 25 that ./mvnw chose (exports JAVA_HOME or stops with a message).
. "$repo/.mvn/jdk.sh"
classpath="$here/target/classes:$(cat "$here/target/classpath.txt")"

# DJL (the Hugging Face tokenizer) contacts the network unless told not to.
export OPT_OUT_TRACKING=true DJL_OFFLINE=true
echo "run.sh: running (waits for /tmp/distilbertj-bench.lock if another benchmark holds it)"
exec flock /tmp/distilbertj-bench.lock \
  "$JAVA_HOME/bin/java" --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED \
  -Xmx8g -Xss4m -Djava.awt.headless=true -Doffline=true -Dbenchmark.dir="$here" \
  -cp "$classpath" io.github.distilbertj.benchmark.SideBySide "$@"
