package io.shmkit.queue;

import io.shmkit.codec.Codec;

/**
 * Python's {@code multiprocessing.SimpleQueue}: {@link #put}, {@link #get}, {@link #empty}, {@link #close}, over a
 * {@link ShmQueue} with default options.
 *
 * <p><b>Throws:</b> IllegalArgumentException (invalid name; a message too long), NullPointerException (a null
 * message), EndOfStreamException ({@link #get} of a drained queue whose producers have closed), IllegalStateException
 * (closed), InterruptedException (interrupted while waiting), UncheckedIOException (name exists, no such segment),
 * SegmentFormatException (not a queue).
 *
 * <p><b>Note:</b> thread-safe and process-safe, as {@link ShmQueue}.
 *
 * @param <T> the type of the messages.
 */
public final class SimpleQueue<T> extends QueueWrapper<T>
{

    private SimpleQueue(final ShmQueue<T> queue)
    {
        super(queue);
    }

    /**
     * Create a queue with default options ({@link QueueOptions#defaults()}).
     *
     * @param name  segment name.
     * @param codec turns messages into bytes.
     * @param <T>   the message type.
     * @return the queue.
     * @throws IllegalArgumentException     if the name is invalid.
     * @throws java.io.UncheckedIOException if the name exists or the segment cannot be created.
     */
    public static <T> SimpleQueue<T> create(final String name, final Codec<T> codec)
    {
        return new SimpleQueue<>(ShmQueue.create(name, codec, QueueOptions.defaults()));
    }

    /**
     * Open an existing queue.
     *
     * @param name  segment name.
     * @param codec turns messages into bytes.
     * @param <T>   the message type.
     * @return the queue.
     * @throws IllegalArgumentException                 if the name is invalid.
     * @throws java.io.UncheckedIOException             if there is no such segment.
     * @throws io.shmkit.segment.SegmentFormatException if it is not a queue.
     */
    public static <T> SimpleQueue<T> open(final String name, final Codec<T> codec)
    {
        return new SimpleQueue<>(ShmQueue.open(name, codec, QueueOptions.defaults()));
    }

    /**
     * Add a message, waiting for room.
     *
     * @param message the message.
     * @throws InterruptedException     if interrupted while waiting.
     * @throws NullPointerException     if {@code message} is null.
     * @throws IllegalArgumentException if it is too long.
     * @throws IllegalStateException    if closed.
     */
    public void put(final T message) throws InterruptedException
    {
        queue.put(message);
    }

    /**
     * Remove the next message, waiting for one.
     *
     * @return the message.
     * @throws InterruptedException  if interrupted while waiting.
     * @throws EndOfStreamException  if drained and its producers have closed.
     * @throws IllegalStateException if closed.
     */
    public T get() throws InterruptedException
    {
        return queue.take();
    }

    /**
     * Whether the queue is empty.
     *
     * @return true if empty.
     * @throws IllegalStateException if closed.
     */
    public boolean empty()
    {
        return queue.isEmpty();
    }
}
