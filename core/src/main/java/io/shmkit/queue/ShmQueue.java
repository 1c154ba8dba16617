package io.shmkit.queue;

import java.util.Objects;
import java.util.concurrent.TimeUnit;

import org.agrona.concurrent.UnsafeBuffer;

import io.shmkit.codec.Codec;
import io.shmkit.internal.segment.Segment;
import io.shmkit.internal.segment.SegmentLayout;
import io.shmkit.internal.segment.SegmentNames;
import io.shmkit.segment.SegmentFormatException;
import io.shmkit.segment.SegmentKind;

/**
 * A {@link MessageQueue} in a named shared-memory segment: Agrona's one-to-one or many-to-one ring buffer, with a
 * robust consumer lock so that many consumers may read, attachable by name from any process. The byte layout is
 * {@link QueueDescriptor}; the design, including what happens when a process dies, is in {@code docs/design.md}
 * ("Queues").
 *
 * <p><b>Dead processes.</b> A producer killed while writing leaves a claimed record; a consumer that finds the
 * head stuck, once every live producer has finished the write it had in flight, turns that record into padding:
 * the half-written message is never delivered. A consumer killed while reading holds the consumer lock; the next
 * consumer takes the lock over and completes the dead one's read from the lock's journal, which a read updates
 * before each message it hands over: the one message being handed over is lost (for {@link #drain} too: the
 * batch's earlier messages were delivered, its later ones stay in the queue), and no message is delivered twice.
 *
 * <p><b>Many consumers.</b> Each read holds the queue's consumer lock; a non-blocking {@link #poll()} or
 * {@link #drain} that finds another consumer reading returns nothing rather than wait, as if the queue were empty;
 * the blocking reads wait for their turn.
 *
 * <p><b>Note:</b> thread-safe and process-safe; one handle may be shared by threads, except that a queue created
 * for a single producer takes one writing thread at a time (Agrona's one-to-one contract). A handle is one
 * producer whatever its threads; the first {@value QueueDescriptor#THREAD_LANES} threads writing through it add no
 * atomic instruction to the ring's own, further threads share atomic counts. Messages of one producer handle arrive
 * in the order it wrote them. Waiting follows the handle's {@link WaitStrategy}; every wait
 * checks dead peers every 5 ms (every 50 ms once it has lasted 0.1 s). Operations on a closed handle throw
 * {@link IllegalStateException}.
 *
 * @param <T> the type of the messages.
 */
public final class ShmQueue<T> implements MessageQueue<T>
{
    private static final long CHECK_INTERVAL_NS = 5_000_000;
    /** Dead peers are checked less often once a wait has lasted this long (each check reads {@code /proc}). */
    private static final long LONG_WAIT_NS = 100_000_000;
    private static final long LONG_WAIT_CHECK_INTERVAL_NS = 50_000_000;

    private final QueueCore core;
    private final Codec<T> codec;
    private final WaitStrategy waitStrategy;
    private final Encoder<T> encoder;

    private ShmQueue(final QueueCore core, final Codec<T> codec, final WaitStrategy waitStrategy)
    {
        this.core = core;
        this.codec = Objects.requireNonNull(codec, "codec");
        this.waitStrategy = waitStrategy;
        this.encoder = new Encoder<>(core, this.codec);
    }

    /**
     * Create a queue with a generated name.
     *
     * @param codec   turns messages into bytes.
     * @param options capacity, producers, slots, waiting, segment options.
     * @param <T>     the message type.
     * @return the new queue's handle.
     * @throws java.io.UncheckedIOException if the segment cannot be created.
     */
    public static <T> ShmQueue<T> create(final Codec<T> codec, final QueueOptions options)
    {
        return create(SegmentNames.generate(), codec, options);
    }

    /**
     * Create a queue.
     *
     * @param name    segment name.
     * @param codec   turns messages into bytes.
     * @param options capacity, producers, slots, waiting, segment options.
     * @param <T>     the message type.
     * @return the new queue's handle.
     * @throws IllegalArgumentException     if the name is invalid.
     * @throws java.io.UncheckedIOException if the name exists or the segment cannot be created.
     */
    public static <T> ShmQueue<T> create(final String name, final Codec<T> codec, final QueueOptions options)
    {
        final int p = options.singleProducer() ? 1 : options.maxProducers();
        final int c = options.maxConsumers();
        final long length = QueueDescriptor.regionLength(options.capacity(), p, c);
        final SegmentLayout layout = SegmentLayout.region(SegmentKind.QUEUE, length, 1);
        final Segment segment = Segment.create(name, layout, options.shm(), address -> QueueCore.format(
            new UnsafeBuffer(address, (int)length), options.singleProducer(), options.capacity(), p, c,
            options.expectedProducers()));
        return new ShmQueue<>(new QueueCore(segment), codec, options.waitStrategy());
    }

    /**
     * Open an existing queue.
     *
     * @param name    segment name.
     * @param codec   turns messages into bytes; must match the writers'.
     * @param options waiting and segment options (the rest is read from the segment).
     * @param <T>     the message type.
     * @return a handle.
     * @throws IllegalArgumentException     if the name is invalid.
     * @throws java.io.UncheckedIOException if there is no such segment.
     * @throws SegmentFormatException       if it is not a queue, or its header or control block is corrupted.
     */
    public static <T> ShmQueue<T> open(final String name, final Codec<T> codec, final QueueOptions options)
    {
        final Segment segment = Segment.open(name, SegmentKind.QUEUE, null, options.shm());
        try
        {
            if (segment.layout().type().code() != 'B')
            {
                throw new SegmentFormatException("'" + name + "' is a queue segment of typecode " +
                    segment.layout().type() + ", not 'B'");
            }
            return new ShmQueue<>(new QueueCore(segment), codec, options.waitStrategy());
        }
        catch (final RuntimeException ex)
        {
            segment.close();
            throw ex;
        }
    }

    @Override
    public boolean offer(final T message)
    {
        checkOpen();
        return encoder.offer(Objects.requireNonNull(message, "message"));
    }

    @Override
    public boolean offer(final T message, final long timeout, final TimeUnit unit) throws InterruptedException
    {
        return offerWaiting(message, unit.toNanos(timeout));
    }

    @Override
    public void put(final T message) throws InterruptedException
    {
        offerWaiting(message, Long.MAX_VALUE);
    }

    private boolean offerWaiting(final T message, final long timeoutNs) throws InterruptedException
    {
        checkOpen();
        Objects.requireNonNull(message, "message");
        // encode once (unless it goes in place), then write, retrying while full
        final int known = encoder.knownLength(message);
        final int length = known >= 0 ? known : encoder.encode(message);
        if (write(message, known, length))
        {
            return true;
        }
        final WaitStrategy.Idler idler = waitStrategy.idler();
        final long start = System.nanoTime();
        while (true)
        {
            if (timeoutNs != Long.MAX_VALUE && System.nanoTime() - start >= timeoutNs)
            {
                return false;
            }
            if (Thread.interrupted())
            {
                throw new InterruptedException("interrupted while waiting for room in queue '" + name() + "'");
            }
            idler.idle();
            checkOpen();
            if (write(message, known, length))
            {
                return true;
            }
        }
    }

    private boolean write(final T message, final int known, final int length)
    {
        return known >= 0 ? encoder.offerInPlace(message, known) : encoder.writeEncoded(length);
    }

    @Override
    public boolean offerClaimed(final int length, final MessageWriter writer)
    {
        checkOpen();
        return encoder.offerClaimed(length, writer);
    }

    @Override
    public T poll()
    {
        checkOpen();
        final Object message = core.consumer().readOne(codec, false);
        if (ConsumerSide.NONE == message)
        {
            checkEnd(false);
            return null;
        }
        return cast(message);
    }

    @Override
    public T poll(final long timeout, final TimeUnit unit) throws InterruptedException
    {
        return takeWaiting(unit.toNanos(timeout));
    }

    @Override
    public T take() throws InterruptedException
    {
        return takeWaiting(Long.MAX_VALUE);
    }

    private T takeWaiting(final long timeoutNs) throws InterruptedException
    {
        checkOpen();
        final Object first = core.consumer().readOne(codec, false);
        if (ConsumerSide.NONE != first)
        {
            return cast(first);
        }
        final WaitStrategy.Idler idler = waitStrategy.idler();
        final long start = System.nanoTime();
        long nextCheck = start + CHECK_INTERVAL_NS;
        while (true)
        {
            final long now = System.nanoTime();
            final boolean due = now - nextCheck >= 0;
            if (due)
            {
                nextCheck = now + (now - start < LONG_WAIT_NS ? CHECK_INTERVAL_NS : LONG_WAIT_CHECK_INTERVAL_NS);
            }
            final Object message = core.consumer().readOne(codec, due);
            if (ConsumerSide.NONE != message)
            {
                return cast(message);
            }
            if (due && !core.isEmpty())
            {
                core.consumer().unstick();
            }
            checkEnd(due);
            if (timeoutNs != Long.MAX_VALUE && now - start >= timeoutNs)
            {
                return null;
            }
            if (Thread.interrupted())
            {
                throw new InterruptedException("interrupted while waiting for a message in queue '" + name() + "'");
            }
            idler.idle();
            checkOpen();
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> T cast(final Object o)
    {
        return (T)o;
    }

    @Override
    public int drain(final MessageReader reader, final int limit)
    {
        if (limit <= 0)
        {
            throw new IllegalArgumentException("limit=" + limit + " must be positive");
        }
        checkOpen();
        final int n = core.consumer().read(reader, limit, false);
        if (n == 0)
        {
            checkEnd(false);
        }
        return n;
    }

    private void checkEnd(final boolean deep)
    {
        // NOTE: the count of ended producers first: while it is short of the expected count (the common case) an
        // empty read touches no line a producer writes (reading the tail would steal it from a running producer)
        if (!deep && core.endedProducers() < core.expectedProducers())
        {
            return;
        }
        if (atEnd(deep))
        {
            throw new EndOfStreamException(name());
        }
    }

    /** Empty, every producer ended, and still empty (no message written before the last producer ended). */
    private boolean atEnd(final boolean deep)
    {
        return core.isEmpty() && core.producersEnded(deep) && core.isEmpty();
    }

    @Override
    public int size()
    {
        checkOpen();
        return core.messageCount();
    }

    @Override
    public boolean isEmpty()
    {
        checkOpen();
        return core.isEmpty();
    }

    @Override
    public int capacity()
    {
        return core.capacity();
    }

    @Override
    public int maxMessageLength()
    {
        return core.maxMessageLength();
    }

    @Override
    public boolean isEndOfStream()
    {
        checkOpen();
        return atEnd(true);
    }

    /**
     * What the queue holds and who uses it (for monitoring; reads {@code /proc} to count live participants).
     *
     * @return a snapshot.
     * @throws IllegalStateException if this handle is closed.
     */
    public QueueStats stats()
    {
        checkOpen();
        return new QueueStats(core.capacity(), core.maxMessageLength(), core.fillBytes(), core.messageCount(),
            core.oneToOne(), core.producers().live(), core.consumers().live(), core.endedProducers(),
            core.expectedProducers(), core.consumerRecoveries());
    }

    /**
     * The segment's name, by which other processes open the queue.
     *
     * @return the name.
     */
    public String name()
    {
        return core.segment().name();
    }

    /**
     * Remove the queue's name; handles already open stay valid.
     *
     * @return true if a file was removed.
     */
    public boolean unlink()
    {
        return core.segment().unlink();
    }

    QueueCore core()
    {
        return core;
    }

    /**
     * Whether this handle has been closed.
     *
     * @return true once closed.
     */
    @Override
    public boolean isClosed()
    {
        return core.segment().isClosed();
    }

    /** Fail if this handle is closed (an {@link IllegalStateException}). */
    void checkOpen()
    {
        if (isClosed())
        {
            throw new IllegalStateException("queue '" + name() + "' is closed");
        }
    }

    @Override
    public void close()
    {
        if (!core.segment().isClosed())
        {
            core.producer().closeProducer();
            core.consumer().closeConsumer();
            core.segment().close();
        }
    }

    @Override
    public String toString()
    {
        return "ShmQueue{" + name() + ", capacity=" + core.capacity() + (core.oneToOne() ? ", one producer" : "") +
            "}";
    }
}
