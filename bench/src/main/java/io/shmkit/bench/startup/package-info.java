/**
 * Timed harnesses for child JVMs: start-up time (spawn to the parent seeing the child's first write to a mapped
 * segment) under the JDK's start-up options, and the speed of in-place transforms across children, side by side
 * with numpy.
 */
package io.shmkit.bench.startup;
