/**
 * JMH benchmarks of shmkit against plain Java arrays, the JDK's atomics and raw Agrona buffers.
 */
package io.shmkit.bench;
