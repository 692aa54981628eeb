#!/bin/sh
# spark-module measurements (README.md, "Measured"). Builds once (tests skipped), then runs each
# measurement under the exclusive benchmark lock (local under 5 minutes, cluster under 3):
#   local    Encoder.embed alone vs the Spark job on local[2] vs LangChain4j from mapPartitions vs the two SQL functions
#   cluster  standalone on loopback: one single-core worker, then two
# Usage: spark-module/bench.sh [local|cluster|all] (default all). ROWS: documents (local 1000, cluster 1200);
# CORPUS=sentences: local on 9-13-word sentences instead of the mixed documents.
set -eu
here=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
root=$(dirname "$here")
. "$root/.mvn/jdk.sh"
what=${1:-all}
flock /tmp/distilbertj-gate true
flock -s /tmp/distilbertj-bench.lock "$root/mvnw" -f "$root/pom.xml" -q -B -DskipTests -pl spark-module -am package >&2
cd "$here"
opts="$("$JAVA_HOME/bin/java" -cp "$(cat target/spark-classpath.txt):target/distilbertj-spark.jar" io.github.distilbertj.spark.SparkJvmOptions)"
cp="target/test-classes:target/classes:$(cat target/test-classpath.txt)"
export SPARK_LOCAL_IP=127.0.0.1 SPARK_SCALA_VERSION=2.13 OPT_OUT_TRACKING=true DJL_OFFLINE=true
if [ "$what" = local ] || [ "$what" = all ]; then
  # shellcheck disable=SC2086
  flock /tmp/distilbertj-gate flock /tmp/distilbertj-bench.lock timeout 300 "$JAVA_HOME/bin/java" $opts -Xmx4g \
    -Dlog4j2.configurationFile="$here/embed-job-log4j2.properties" -cp "$cp" \
    io.github.distilbertj.spark.bench.LocalThroughputBench "${ROWS:-1000}" 3 "${CORPUS:-documents}"
fi
if [ "$what" = cluster ] || [ "$what" = all ]; then
  # shellcheck disable=SC2086
  flock /tmp/distilbertj-gate flock /tmp/distilbertj-bench.lock timeout 180 "$JAVA_HOME/bin/java" $opts -Xmx512m \
    -cp "$cp" io.github.distilbertj.spark.ClusterThroughputBench "${ROWS:-1200}" 3
fi
