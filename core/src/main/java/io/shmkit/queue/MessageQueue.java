package io.shmkit.queue;

import java.util.concurrent.TimeUnit;

import io.shmkit.segment.SharedHandle;

/**
 * A bounded queue of messages between processes: Python's {@code multiprocessing.Queue}, in the words of
 * {@link java.util.concurrent.BlockingQueue} where they mean the same. Each message reaches exactly one reader.
 * Nothing here depends on how the messages travel; {@link ShmQueue} carries them through shared memory.
 *
 * <p>A writer never puts {@code null}, and a {@code null} from {@link #poll()} means "none". One exception: a codec
 * that decodes some bytes to {@code null} (the MessagePack codec does for a top-level nil, Python's {@code None},
 * which another language may put): {@link #take()} returns that {@code null}, and {@code poll} cannot tell it
 * from an empty queue, so a reader that expects such messages uses {@code take} or {@link #drain}. A message
 * whose encoding is longer than {@link #maxMessageLength()} is rejected with an {@link IllegalArgumentException}
 * before anything is written.
 *
 * <p><b>End of stream.</b> {@link #close()} of a handle that wrote ends its producer side. Once the queue's
 * expected producers have all closed (or died) and the queue is drained, reads throw {@link EndOfStreamException}.
 *
 * <p><b>Note:</b> implementations are thread-safe and process-safe. Every successful write happens-before the
 * read that returns the message, with memory effects as of a release store and an acquire load.
 *
 * @param <T> the type of the messages.
 */
public interface MessageQueue<T> extends SharedHandle
{
    /**
     * Add a message if there is room now.
     *
     * @param message the message.
     * @return true if added, false if the queue is full.
     * @throws NullPointerException     if {@code message} is null.
     * @throws IllegalArgumentException if its encoding is longer than {@link #maxMessageLength()}.
     * @throws IllegalStateException    if this handle is closed.
     */
    boolean offer(T message);

    /**
     * Add a message, waiting at most {@code timeout} for room.
     *
     * @param message the message.
     * @param timeout longest wait.
     * @param unit    unit of {@code timeout}.
     * @return true if added, false if the time elapsed first.
     * @throws InterruptedException     if interrupted while waiting.
     * @throws NullPointerException     if {@code message} is null.
     * @throws IllegalArgumentException if its encoding is longer than {@link #maxMessageLength()}.
     * @throws IllegalStateException    if this handle is closed.
     */
    boolean offer(T message, long timeout, TimeUnit unit) throws InterruptedException;

    /**
     * Add a message, waiting for room as long as needed.
     *
     * @param message the message.
     * @throws InterruptedException     if interrupted while waiting.
     * @throws NullPointerException     if {@code message} is null.
     * @throws IllegalArgumentException if its encoding is longer than {@link #maxMessageLength()}.
     * @throws IllegalStateException    if this handle is closed.
     */
    void put(T message) throws InterruptedException;

    /**
     * Add a message written in place into {@code length} claimed bytes (zero-copy), if there is room now. If the
     * writer throws, the claim is aborted (no message appears) and the exception propagates.
     *
     * @param length the message's length.
     * @param writer fills the claimed bytes.
     * @return true if added, false if the queue is full.
     * @throws IllegalArgumentException if {@code length} is negative or over {@link #maxMessageLength()}.
     * @throws IllegalStateException    if this handle is closed.
     */
    boolean offerClaimed(int length, MessageWriter writer);

    /**
     * Remove the next message if there is one now.
     *
     * @return the message, or {@code null} if the queue is empty.
     * @throws EndOfStreamException  if the queue is drained and its producers have ended.
     * @throws IllegalStateException if this handle is closed.
     */
    T poll();

    /**
     * Remove the next message, waiting at most {@code timeout}.
     *
     * @param timeout longest wait.
     * @param unit    unit of {@code timeout}.
     * @return the message, or {@code null} if the time elapsed first.
     * @throws InterruptedException  if interrupted while waiting.
     * @throws EndOfStreamException  if the queue is drained and its producers have ended.
     * @throws IllegalStateException if this handle is closed.
     */
    T poll(long timeout, TimeUnit unit) throws InterruptedException;

    /**
     * Remove the next message, waiting as long as needed.
     *
     * @return the message.
     * @throws InterruptedException  if interrupted while waiting.
     * @throws EndOfStreamException  if the queue is drained and its producers have ended.
     * @throws IllegalStateException if this handle is closed.
     */
    T take() throws InterruptedException;

    /**
     * Read up to {@code limit} messages in place (zero-copy), without waiting. If the reader throws, the message
     * it was given counts as read and the exception propagates.
     *
     * @param reader given each message.
     * @param limit  most messages to read.
     * @return messages read (0 if none now).
     * @throws EndOfStreamException     if the queue is drained and its producers have ended.
     * @throws IllegalArgumentException if {@code limit} is not positive.
     * @throws IllegalStateException    if this handle is closed.
     */
    int drain(MessageReader reader, int limit);

    /**
     * Messages in the queue: exact when no one writes or reads at the time, an estimate otherwise. Takes time in
     * proportion to the count.
     *
     * @return the count.
     * @throws IllegalStateException if this handle is closed.
     */
    int size();

    /**
     * Whether the queue holds no message (a message being written counts), as of a volatile read.
     *
     * @return true if empty.
     * @throws IllegalStateException if this handle is closed.
     */
    boolean isEmpty();

    /**
     * Bytes of messages the queue holds when full (each message also takes an 8-byte header, 8-byte aligned).
     *
     * @return the capacity in bytes.
     */
    int capacity();

    /**
     * The largest message, in encoded bytes.
     *
     * @return the maximum.
     */
    int maxMessageLength();

    /**
     * Whether reads will throw {@link EndOfStreamException}: drained, and its expected producers have ended.
     *
     * @return true at end of stream.
     * @throws IllegalStateException if this handle is closed.
     */
    boolean isEndOfStream();

    /**
     * Close this handle: if it wrote, its producer side ends (counted for end of stream). Idempotent; the queue
     * itself lives on until unlinked.
     */
    @Override
    void close();
}
