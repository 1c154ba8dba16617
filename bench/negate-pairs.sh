#!/bin/sh
# The first negate of a fresh 10^8-double array on a warm pool against Python fork + numpy children, in pairs:
# one round of shmkit, then one round of Python, alternating, so that both sides meet the same drift of a shared
# machine; then each pair's ratio and their median (docs/benchmarks.md, "Pool").
# Usage: bench/negate-pairs.sh [pairs] [elements]    (default 7 pairs of 100000000 doubles, for W = 1 and 2;
#   NEGATE_PAIRS_WORKERS="2" for one worker count)
# Needs bench/target/benchmarks.jar (mvn -B -q -pl core,bench -am package -DskipTests) and python3 with numpy.
set -e
cd "$(dirname "$0")/.."
pairs=${1:-7}
n=${2:-100000000}
out=${NEGATE_PAIRS_OUT:-bench/target/negate-pairs}
mkdir -p "$out"
: > "$out/shmkit.jsonl"
: > "$out/python.jsonl"
for w in ${NEGATE_PAIRS_WORKERS:-1 2}; do
    i=0
    while [ "$i" -lt "$pairs" ]; do
        java --add-exports java.base/jdk.internal.misc=ALL-UNNAMED -cp bench/target/benchmarks.jar \
            io.shmkit.bench.pool.PoolHarness --tests negate-pool --workers "$w" --negate "$n" --negate-rounds 1 \
            >> "$out/shmkit.jsonl"
        python3 bench/python/pool_reference.py --tests negate --workers "$w" --negate "$n" --negate-rounds 1 \
            >> "$out/python.jsonl"
        i=$((i + 1))
    done
done
python3 bench/python/negate_pairs.py "$out/shmkit.jsonl" "$out/python.jsonl"
