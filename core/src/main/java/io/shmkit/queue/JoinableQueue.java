package io.shmkit.queue;

import java.util.concurrent.TimeUnit;

import org.agrona.concurrent.UnsafeBuffer;

import io.shmkit.codec.Codec;

/**
 * Python's {@code multiprocessing.JoinableQueue}: a {@link ShmQueue} with a shared count of unfinished tasks.
 * Every message put adds one; {@link #taskDone()} removes one; {@link #join()} waits until the count is zero. The
 * count lives in the queue's segment, so producers and consumers in any process share it.
 *
 * <p><b>Throws:</b> as {@link ShmQueue}: IllegalArgumentException (invalid name; a message too long),
 * NullPointerException (a null message), EndOfStreamException (drained, and its producers have ended),
 * IllegalStateException (closed), InterruptedException (interrupted while waiting), UncheckedIOException (name exists,
 * no such segment), SegmentFormatException (not a queue); and IllegalStateException from {@link #taskDone()} called
 * more often than messages were put (Python's {@code ValueError}).
 *
 * <p><b>Note:</b> thread-safe and process-safe. The count is updated with volatile memory effects (as
 * {@code VarHandle#getAndAdd}); it grows BEFORE a message is written, so a consumer never calls
 * {@link #taskDone()} for a message the count does not include. A process that dies between a take and its
 * {@code taskDone()} leaves the count too high: {@link #join(long, TimeUnit)} then times out rather than hangs.
 *
 * @param <T> the type of the messages.
 */
public final class JoinableQueue<T> extends QueueWrapper<T> implements MessageQueue<T>
{
    private final UnsafeBuffer region;
    private final WaitStrategy waitStrategy;

    private JoinableQueue(final ShmQueue<T> queue, final WaitStrategy waitStrategy)
    {
        super(queue);
        this.region = queue.core().region();
        this.waitStrategy = waitStrategy;
    }

    /**
     * Create a joinable queue.
     *
     * @param name    segment name.
     * @param codec   turns messages into bytes.
     * @param options queue options.
     * @param <T>     the message type.
     * @return the queue.
     * @throws IllegalArgumentException     if the name is invalid.
     * @throws java.io.UncheckedIOException if the name exists or the segment cannot be created.
     */
    public static <T> JoinableQueue<T> create(final String name, final Codec<T> codec, final QueueOptions options)
    {
        return new JoinableQueue<>(ShmQueue.create(name, codec, options), options.waitStrategy());
    }

    /**
     * Open an existing queue as a joinable one.
     *
     * @param name    segment name.
     * @param codec   turns messages into bytes.
     * @param options waiting and segment options.
     * @param <T>     the message type.
     * @return the queue.
     * @throws IllegalArgumentException                 if the name is invalid.
     * @throws java.io.UncheckedIOException             if there is no such segment.
     * @throws io.shmkit.segment.SegmentFormatException if it is not a queue.
     */
    public static <T> JoinableQueue<T> open(final String name, final Codec<T> codec, final QueueOptions options)
    {
        return new JoinableQueue<>(ShmQueue.open(name, codec, options), options.waitStrategy());
    }

    /**
     * Mark one taken message as processed.
     *
     * @throws IllegalStateException if called more often than messages were put (Python's {@code ValueError}),
     *                               or the handle is closed.
     */
    public void taskDone()
    {
        queue.checkOpen();
        while (true)
        {
            final long n = region.getLongVolatile(QueueDescriptor.UNFINISHED_TASKS_OFFSET);
            if (n <= 0)
            {
                throw new IllegalStateException("taskDone() called more times than there were messages put in queue '" +
                    queue.name() + "'");
            }
            if (region.compareAndSetLong(QueueDescriptor.UNFINISHED_TASKS_OFFSET, n, n - 1))
            {
                return;
            }
        }
    }

    /**
     * Wait until every message put has been marked done.
     *
     * @throws InterruptedException  if interrupted while waiting.
     * @throws IllegalStateException if the handle is closed.
     */
    public void join() throws InterruptedException
    {
        join(Long.MAX_VALUE, TimeUnit.NANOSECONDS);
    }

    /**
     * Wait at most {@code timeout} until every message put has been marked done.
     *
     * @param timeout longest wait.
     * @param unit    unit of {@code timeout}.
     * @return true if the count reached zero, false if the time elapsed.
     * @throws InterruptedException  if interrupted while waiting.
     * @throws IllegalStateException if the handle is closed.
     */
    public boolean join(final long timeout, final TimeUnit unit) throws InterruptedException
    {
        final long timeoutNs = unit.toNanos(timeout);
        final long start = System.nanoTime();
        final WaitStrategy.Idler idler = waitStrategy.idler();
        while (true)
        {
            queue.checkOpen();
            if (unfinishedTasks() == 0)
            {
                return true;
            }
            if (timeoutNs != Long.MAX_VALUE && System.nanoTime() - start >= timeoutNs)
            {
                return false;
            }
            if (Thread.interrupted())
            {
                throw new InterruptedException("interrupted in join() of queue '" + queue.name() + "'");
            }
            idler.idle();
        }
    }

    /**
     * Messages put and not yet marked done, as of a volatile read.
     *
     * @return the count.
     * @throws IllegalStateException if the handle is closed.
     */
    public long unfinishedTasks()
    {
        queue.checkOpen();
        return region.getLongVolatile(QueueDescriptor.UNFINISHED_TASKS_OFFSET);
    }

    private void addTask(final long delta)
    {
        region.getByte(QueueDescriptor.UNFINISHED_TASKS_OFFSET); // read first: see Mem.probe
        region.getAndAddLong(QueueDescriptor.UNFINISHED_TASKS_OFFSET, delta);
    }

    // Each write counts its task BEFORE it writes (a consumer may call taskDone at once) and uncounts it if nothing
    // was written; spelled out per method rather than through a lambda, so that a write allocates nothing.
    @Override
    public boolean offer(final T message)
    {
        countTask();
        boolean ok = false;
        try
        {
            ok = queue.offer(message);
        }
        finally
        {
            uncountUnless(ok);
        }
        return ok;
    }

    @Override
    public boolean offer(final T message, final long timeout, final TimeUnit unit) throws InterruptedException
    {
        countTask();
        boolean ok = false;
        try
        {
            ok = queue.offer(message, timeout, unit);
        }
        finally
        {
            uncountUnless(ok);
        }
        return ok;
    }

    @Override
    public void put(final T message) throws InterruptedException
    {
        countTask();
        boolean ok = false;
        try
        {
            queue.put(message);
            ok = true;
        }
        finally
        {
            uncountUnless(ok);
        }
    }

    @Override
    public boolean offerClaimed(final int length, final MessageWriter writer)
    {
        countTask();
        boolean ok = false;
        try
        {
            ok = queue.offerClaimed(length, writer);
        }
        finally
        {
            uncountUnless(ok);
        }
        return ok;
    }

    private void countTask()
    {
        queue.checkOpen();
        addTask(1);
    }

    private void uncountUnless(final boolean written)
    {
        if (!written)
        {
            addTask(-1);
        }
    }

    @Override
    public T poll()
    {
        return queue.poll();
    }

    @Override
    public T poll(final long timeout, final TimeUnit unit) throws InterruptedException
    {
        return queue.poll(timeout, unit);
    }

    @Override
    public T take() throws InterruptedException
    {
        return queue.take();
    }

    @Override
    public int drain(final MessageReader reader, final int limit)
    {
        return queue.drain(reader, limit);
    }

    @Override
    public int size()
    {
        return queue.size();
    }

    @Override
    public boolean isEmpty()
    {
        return queue.isEmpty();
    }

    @Override
    public int capacity()
    {
        return queue.capacity();
    }

    @Override
    public int maxMessageLength()
    {
        return queue.maxMessageLength();
    }

    @Override
    public boolean isEndOfStream()
    {
        return queue.isEndOfStream();
    }
}
