/**
 * Queue benchmarks: cross-process throughput and round trip of {@code io.shmkit.queue}, against Agrona's raw
 * ring buffers, with their child JVMs ({@link io.shmkit.bench.queue.QueueChild}).
 */
package io.shmkit.bench.queue;
