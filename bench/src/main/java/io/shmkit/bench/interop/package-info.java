/**
 * The Java side of the Java-and-Python benchmarks ({@code bench/python/interop_bench.py}): a child JVM that
 * increments a shared value under its lock next to a Python process.
 */
package io.shmkit.bench.interop;
