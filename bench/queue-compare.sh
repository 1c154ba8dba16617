#!/bin/sh
# One run of every queue benchmark and the Python references, then the side-by-side table (docs/benchmarks.md).
# Usage: bench/queue-compare.sh [extra JMH options, e.g. -f 1 -wi 1 -i 1 for a smoke run]
# Needs bench/target/benchmarks.jar (mvn -B -q -pl core,bench -am package -DskipTests).
set -e
cd "$(dirname "$0")/.."
out=${QUEUE_COMPARE_OUT:-bench/target/queue-compare}
mkdir -p "$out"
jar=bench/target/benchmarks.jar
java -jar "$jar" QueueThroughputBenchmark -p consumers=1 -rf json -rff "$out/tput-1.json" "$@"
java -jar "$jar" QueueThroughputBenchmark -p impl=shmkit -p ring=many-to-one -p consumers=1 -t 2 -rf json -rff "$out/tput-mpsc.json" "$@"
java -jar "$jar" QueueThroughputBenchmark -p impl=shmkit -p ring=many-to-one -p consumers=2 -t 2 -rf json \
    -rff "$out/tput-mpmc.json" "$@"
java -jar "$jar" QueueThroughputBenchmark -p impl=shmkit -p ring=many-to-one -p consumers=2 -p api=blocking -t 2 \
    -rf json -rff "$out/tput-mpmc-blocking.json" "$@"
java -jar "$jar" QueueRoundTripBenchmark -p impl=shmkit -rf json -rff "$out/rtt.json" "$@"
java -jar "$jar" QueueRoundTripBenchmark -p impl=agrona -p wait=SPIN -rf json -rff "$out/rtt-agrona.json" "$@"
python3 bench/python/queue_reference.py ${QUEUE_PY_ARGS:-} > "$out/python.jsonl"
python3 bench/python/queue_table.py "$out/tput-1.json" "$out/tput-mpsc.json" "$out/tput-mpmc.json" \
    "$out/tput-mpmc-blocking.json" "$out/rtt.json" \
    "$out/rtt-agrona.json" "$out/python.jsonl"
