#!/bin/sh
# One run of the pool harness and the Python references, then the side-by-side tables (docs/benchmarks.md, "Pool").
# Usage: bench/pool-compare.sh [smoke]
#   smoke: tiny counts and a small array, to check that everything starts and ends (the figures mean nothing).
# Needs bench/target/benchmarks.jar (mvn -B -q -pl core,bench -am package -DskipTests) and python3 with numpy.
set -e
cd "$(dirname "$0")/.."
out=${POOL_COMPARE_OUT:-bench/target/pool-compare}
mkdir -p "$out"
if [ "$1" = smoke ]; then
    java_args="--rounds 2 --count 2000 --elements 100000 --negate 1000000 --negate-rounds 2 --throughput-rounds 2"
    py_args="--rounds 2 --count 2000 --elements 100000 --negate 1000000 --negate-rounds 2 --throughput-rounds 2"
else
    java_args=${POOL_JAVA_ARGS:-}
    py_args=${POOL_PY_ARGS:-}
fi
# shellcheck disable=SC2086 # the argument lists are meant to split
java --add-exports java.base/jdk.internal.misc=ALL-UNNAMED -cp bench/target/benchmarks.jar \
    io.shmkit.bench.pool.PoolHarness $java_args > "$out/shmkit.jsonl"
# shellcheck disable=SC2086
python3 bench/python/pool_reference.py $py_args > "$out/python.jsonl"
python3 bench/python/pool_table.py "$out/shmkit.jsonl" "$out/python.jsonl"
