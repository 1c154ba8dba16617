/**
 * Cross-process queues: Python's {@code Queue}, {@code SimpleQueue} and {@code JoinableQueue} over Agrona's ring
 * buffers in a named segment. {@link io.shmkit.queue.MessageQueue} is the transport-neutral interface,
 * {@link io.shmkit.queue.ShmQueue} the shared-memory implementation; {@link io.shmkit.queue.QueueDescriptor} is the
 * byte layout ({@code docs/layout.md}, "Queue").
 *
 * <p>Layer: above {@code io.shmkit.codec}; may use {@code io.shmkit}, {@code io.shmkit.segment},
 * {@code io.shmkit.codec} and {@code io.shmkit.internal.*}, never its sibling {@code io.shmkit.sync} or anything
 * above.
 */
package io.shmkit.queue;
