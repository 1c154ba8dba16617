package io.shmkit.bench.queue;

import java.util.concurrent.TimeUnit;

import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;

import io.shmkit.queue.MessageWriter;
import io.shmkit.queue.ShmQueue;
import io.shmkit.queue.WaitStrategy;

/**
 * Lesson: cross-process throughput of a queue, producers in this JVM (one per JMH thread, each with its own
 * handle, as separate processes would have), consumers in child JVMs that drain as fast as they can. The score is
 * messages written per microsecond (= M messages/s), all producer threads together; each operation retries
 * while the queue is full, and the failed attempts are counted apart ({@code fullOffers}).
 *
 * <p>{@code impl=shmkit}: {@code ShmQueue} ({@code ring=one-to-one}: SPSC; {@code many-to-one} with {@code -t 2}:
 * MPSC; {@code consumers=2}: MPMC through the consumer lock). {@code impl=agrona}: Agrona's raw ring over a
 * {@code /dev/shm} file of the same capacity, drained by one child (its rings have one consumer).
 *
 * <p>How this benchmark lies: the producer sees a bounded queue, so in steady state it measures the slower side;
 * a consumer that falls behind turns the score into "offers into a full queue", which {@code fullOffers} shows.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED"})
public class QueueThroughputBenchmark
{
    /** The {@code api} parameter's value for the blocking calls. */
    static final String BLOCKING = "blocking";

    /** The queue or ring and its consumer children: one per trial, shared by the producer threads. */
    @State(Scope.Benchmark)
    public static class Shared
    {
        /** shmkit or agrona. */
        @Param({QueueFixture.SHMKIT, QueueFixture.AGRONA})
        public String impl;
        /** one-to-one (one producer) or many-to-one. */
        @Param({"one-to-one", "many-to-one"})
        public String ring;
        /** Consumer children (agrona: 1 only). */
        @Param({"1", "2"})
        public int consumers;
        /** Message length in bytes. */
        @Param({"64", "4096"})
        public int size;
        /**
         * shmkit only: {@code zero-copy} (producers {@code offerClaimed}, consumers {@code drain}) or {@code blocking}
         * (producers {@code put(byte[])}, consumers {@code poll(1 s)}, a blocking take with a bound: the calls a
         * Python user's code maps to).
         */
        @Param({"zero-copy"})
        public String api;

        final QueueFixture fixture = new QueueFixture();
        String name;
        RingBuffer agrona;

        /** Create the queue and start the consumers. */
        @Setup(Level.Trial)
        public void setUp()
        {
            final boolean oneToOne = "one-to-one".equals(ring);
            if (!BLOCKING.equals(api) && !"zero-copy".equals(api) ||
                BLOCKING.equals(api) && !QueueFixture.SHMKIT.equals(impl))
            {
                throw new IllegalArgumentException("api=" + api + " with impl=" + impl +
                    ": zero-copy, or blocking with impl=shmkit only");
            }
            name = QueueFixture.uniqueName("tput");
            if (QueueFixture.SHMKIT.equals(impl))
            {
                fixture.createQueue(name, oneToOne, WaitStrategy.BACKOFF).close();
                for (int i = 0; i < consumers; i++)
                {
                    fixture.startChild(BLOCKING.equals(api) ? "take" : "drain", impl, name);
                }
            }
            else
            {
                if (consumers != 1)
                {
                    throw new IllegalArgumentException("Agrona's rings have one consumer: consumers=1 only");
                }
                agrona = fixture.createRing(name, oneToOne);
                fixture.startChild("drain", impl, name, String.valueOf(oneToOne));
            }
        }

        /** Stop the children, remove the files. */
        @TearDown(Level.Trial)
        public void tearDown()
        {
            fixture.close();
        }
    }

    /** One producer: its own handle and message; per thread because a handle is a producer slot. */
    @State(Scope.Thread)
    public static class Producer
    {
        ShmQueue<byte[]> queue;
        UnsafeBuffer message;
        /** The message as an array, for {@code put}. */
        byte[] bytes;
        boolean blocking;
        /** Copies {@link #message} into a claimed record: made once, not per operation. */
        MessageWriter writer;

        /**
         * Open this thread's handle.
         *
         * @param shared the trial's queue.
         */
        @Setup(Level.Trial)
        public void setUp(final Shared shared)
        {
            bytes = new byte[shared.size];
            message = new UnsafeBuffer(bytes);
            blocking = BLOCKING.equals(shared.api);
            writer = (b, o, l) -> b.putBytes(o, message, 0, l);
            if (QueueFixture.SHMKIT.equals(shared.impl))
            {
                queue = QueueFixture.openQueue(shared.name, WaitStrategy.BACKOFF);
            }
        }

        /** Close the handle. */
        @TearDown(Level.Trial)
        public void tearDown()
        {
            if (null != queue)
            {
                queue.close();
            }
        }
    }

    /** Offers that found the queue full, per thread. */
    @AuxCounters(AuxCounters.Type.EVENTS)
    @State(Scope.Thread)
    public static class Full
    {
        /** Count of failed offers. */
        public long fullOffers;
    }

    /**
     * One message written, retrying while the queue is full (zero-copy for shmkit, a copy into the ring for both).
     *
     * @param shared   the queue.
     * @param producer this thread's handle.
     * @param full     failed-offer counter.
     * @return whether it was written (always true).
     */
    @Benchmark
    public boolean offer(final Shared shared, final Producer producer, final Full full) throws InterruptedException
    {
        if (producer.blocking)
        {
            producer.queue.put(producer.bytes); // waits by the queue's strategy; no failed offer is counted
            return true;
        }
        int spins = 0;
        while (!offerOnce(shared, producer))
        {
            full.fullOffers++;
            QueueChild.idle(++spins);
        }
        return true;
    }

    private static boolean offerOnce(final Shared shared, final Producer producer)
    {
        return null != producer.queue ?
            producer.queue.offerClaimed(shared.size, producer.writer) :
            shared.agrona.write(1, producer.message, 0, shared.size);
    }

    /**
     * Run from the IDE or {@code java -cp benchmarks.jar}.
     *
     * @param args ignored.
     * @throws RunnerException if JMH fails.
     */
    public static void main(final String[] args) throws RunnerException
    {
        new Runner(new OptionsBuilder().include(QueueThroughputBenchmark.class.getSimpleName()).build()).run();
    }
}
// HOW TO RUN (bench/README.md, "Queues"): java -jar bench/target/benchmarks.jar QueueThroughputBenchmark
//   -p consumers=1   (SPSC and raw Agrona; expected: shmkit within 1.25x of agrona for one-to-one)
//   -p impl=shmkit -p ring=many-to-one -t 2   (MPSC)   -p impl=shmkit -p ring=many-to-one -p consumers=2 -t 2  (MPMC)
