/**
 * Benchmarks and harnesses of {@code io.shmkit.sync}: contended locks and semaphores, barrier round trips, wake-up
 * latency and idle CPU between processes, and the longest wait of a low-rate acquirer against a tight loop.
 */
package io.shmkit.bench.sync;
