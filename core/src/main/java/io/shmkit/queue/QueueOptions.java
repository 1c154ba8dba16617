package io.shmkit.queue;

import java.util.Objects;

import io.shmkit.segment.ShmOptions;

/**
 * How to create a queue: ring capacity, one or many producers, slot counts, how many producers end the stream,
 * how to wait, and the segment options. Immutable; each {@code with} method returns a copy.
 *
 * <p><b>Throws:</b> IllegalArgumentException from the {@code with} methods for a setting out of range (a capacity not
 * a power of two from 1 KiB to 512 MiB; a producer, consumer or expected-producer count out of range).
 *
 * <p><b>Note:</b> immutable and thread-safe.
 */
public final class QueueOptions
{
    // DELIBERATE REPEATS: the setters share one shape, as a builder's do.
    /** Default ring capacity: 1 MiB (messages up to 128 KiB). */
    public static final int DEFAULT_CAPACITY = 1 << 20;
    /** Default number of producer and consumer slots. */
    public static final int DEFAULT_SLOTS = 16;

    private final int capacity;
    private final boolean singleProducer;
    private final int maxProducers;
    private final int maxConsumers;
    private final int expectedProducers;
    private final WaitStrategy waitStrategy;
    private final ShmOptions shm;

    private QueueOptions(
        final int capacity, final boolean singleProducer, final int maxProducers, final int maxConsumers,
        final int expectedProducers, final WaitStrategy waitStrategy, final ShmOptions shm)
    {
        this.capacity = capacity;
        this.singleProducer = singleProducer;
        this.maxProducers = maxProducers;
        this.maxConsumers = maxConsumers;
        this.expectedProducers = expectedProducers;
        this.waitStrategy = waitStrategy;
        this.shm = shm;
    }

    /**
     * Many producers and consumers, 1 MiB, 16 slots each, one expected producer, back-off waiting, default segment
     * options.
     *
     * @return the defaults.
     */
    public static QueueOptions defaults()
    {
        return new QueueOptions(DEFAULT_CAPACITY, false, DEFAULT_SLOTS, DEFAULT_SLOTS, 1, WaitStrategy.BACKOFF,
            ShmOptions.defaults());
    }

    /**
     * The ring's capacity in bytes; the largest message is an eighth of it.
     *
     * @param bytes a power of two from 1 KiB to 512 MiB.
     * @return a copy with it.
     * @throws IllegalArgumentException if it is not.
     */
    public QueueOptions withCapacity(final int bytes)
    {
        return new QueueOptions(QueueDescriptor.checkCapacity(bytes), singleProducer, maxProducers, maxConsumers,
            expectedProducers, waitStrategy, shm);
    }

    /**
     * Whether only one producer at a time may write (Agrona's one-to-one ring; a second live producer is refused).
     *
     * @param single true for one producer.
     * @return a copy with it.
     */
    public QueueOptions withSingleProducer(final boolean single)
    {
        return new QueueOptions(capacity, single, maxProducers, maxConsumers, expectedProducers, waitStrategy, shm);
    }

    /**
     * How many producers may be attached at once (ignored for a single-producer queue).
     *
     * @param n from 1 to 4096.
     * @return a copy with it.
     * @throws IllegalArgumentException if out of range.
     */
    public QueueOptions withMaxProducers(final int n)
    {
        QueueDescriptor.checkSlots("maxProducers", n);
        return new QueueOptions(capacity, singleProducer, n, maxConsumers, expectedProducers, waitStrategy, shm);
    }

    /**
     * How many consumers are counted (more may read; they are not shown).
     *
     * @param n from 1 to 4096.
     * @return a copy with it.
     * @throws IllegalArgumentException if out of range.
     */
    public QueueOptions withMaxConsumers(final int n)
    {
        QueueDescriptor.checkSlots("maxConsumers", n);
        return new QueueOptions(capacity, singleProducer, maxProducers, n, expectedProducers, waitStrategy, shm);
    }

    /**
     * After how many producers have closed (or died) a drained queue reports end of stream.
     *
     * @param n from 1 to 4096.
     * @return a copy with it.
     * @throws IllegalArgumentException if out of range.
     */
    public QueueOptions withExpectedProducers(final int n)
    {
        QueueDescriptor.checkSlots("expectedProducers", n);
        return new QueueOptions(capacity, singleProducer, maxProducers, maxConsumers, n, waitStrategy, shm);
    }

    /**
     * How this handle waits when blocked (not stored in the segment: each handle chooses).
     *
     * @param strategy the strategy.
     * @return a copy with it.
     */
    public QueueOptions withWaitStrategy(final WaitStrategy strategy)
    {
        return new QueueOptions(capacity, singleProducer, maxProducers, maxConsumers, expectedProducers,
            Objects.requireNonNull(strategy, "strategy"), shm);
    }

    /**
     * Segment options: root directory, persistence, open timeout (the lock and stripe settings are ignored).
     *
     * @param options the segment options.
     * @return a copy with them.
     */
    public QueueOptions withShm(final ShmOptions options)
    {
        return new QueueOptions(capacity, singleProducer, maxProducers, maxConsumers, expectedProducers,
            waitStrategy, Objects.requireNonNull(options, "options"));
    }

    /**
     * The ring capacity.
     *
     * @return bytes.
     */
    public int capacity()
    {
        return capacity;
    }

    /**
     * Whether one producer only.
     *
     * @return true if single-producer.
     */
    public boolean singleProducer()
    {
        return singleProducer;
    }

    /**
     * Producer slots of a queue that is not single-producer, as given (a single-producer queue has one, whatever
     * this says; the two settings are independent, so turning single-producer off again keeps this).
     *
     * @return the count.
     */
    public int maxProducers()
    {
        return maxProducers;
    }

    /**
     * Consumer slots.
     *
     * @return the count.
     */
    public int maxConsumers()
    {
        return maxConsumers;
    }

    /**
     * Producers that end the stream.
     *
     * @return the count.
     */
    public int expectedProducers()
    {
        return expectedProducers;
    }

    /**
     * The wait strategy.
     *
     * @return it.
     */
    public WaitStrategy waitStrategy()
    {
        return waitStrategy;
    }

    /**
     * The segment options.
     *
     * @return them.
     */
    public ShmOptions shm()
    {
        return shm;
    }
}
