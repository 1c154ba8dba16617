package io.shmkit.queue;

/**
 * A snapshot of a queue, for monitoring ({@code shmkit inspect}).
 *
 * <p><b>Throws:</b> nothing: a plain record.
 *
 * <p><b>Note:</b> immutable (a snapshot of the queue when it was read); thread-safe.
 *
 * @param capacity          ring capacity in bytes.
 * @param maxMessageLength  the largest message.
 * @param fillBytes         bytes in use (records with headers and padding).
 * @param messages          messages held (exact when quiescent).
 * @param singleProducer    whether the queue takes one producer at a time.
 * @param producers         producers attached and alive.
 * @param consumers         consumers attached and alive (up to the consumer slots).
 * @param endedProducers    producers that closed or were found dead.
 * @param expectedProducers ended producers after which a drained queue reports end of stream.
 * @param consumerRecoveries times a consumer took the consumer lock over from a dead one.
 */
public record QueueStats(
    int capacity, int maxMessageLength, int fillBytes, int messages, boolean singleProducer, int producers,
    int consumers, long endedProducers, int expectedProducers, long consumerRecoveries)
{
}
