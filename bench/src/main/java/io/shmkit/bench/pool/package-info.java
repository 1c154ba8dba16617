/**
 * The pool harness: shmkit's {@code Pool} (creation to first result, tiny-task and {@code map} throughput) and
 * transforms on a warm pool (the whole call of a negate), printed as JSON lines beside Python's
 * {@code bench/python/pool_reference.py} by {@code bench/pool-compare.sh}.
 */
package io.shmkit.bench.pool;
