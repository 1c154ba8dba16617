package io.shmkit.bench.queue;

import java.util.concurrent.TimeUnit;

import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
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

import io.shmkit.queue.MessageReader;
import io.shmkit.queue.MessageWriter;
import io.shmkit.queue.ShmQueue;
import io.shmkit.queue.WaitStrategy;

/**
 * Lesson: the code path of a message, without the other core. One thread writes a batch of {@value #BATCH}
 * messages, then reads them back: the score is messages per microsecond through both sides, shmkit's zero-copy
 * paths ({@code offerClaimed}, {@code drain}) and its copying ones ({@code offer(byte[])}, {@code poll()}) against
 * Agrona's raw ring ({@code write}, {@code read}) over a {@code /dev/shm} file of the same capacity. What the
 * cross-process benchmark adds to this is the cache-line traffic between the cores, the same for both rings; what
 * this one shows is what shmkit's bookkeeping costs per message, and it is steady on a loaded machine (one thread).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED"})
@State(Scope.Thread) // one thread plays both sides: the ring is its own
public class QueuePathBenchmark
{
    /** Messages per invocation (a batch fits the ring at the largest size). */
    static final int BATCH = 128;

    /** one-to-one (one producer) or many-to-one. */
    @Param({"one-to-one", "many-to-one"})
    public String ring;
    /** Message length in bytes. */
    @Param({"64", "4096"})
    public int size;

    private final QueueFixture fixture = new QueueFixture();
    private ShmQueue<byte[]> queue;
    private RingBuffer agrona;
    private UnsafeBuffer message;
    private byte[] bytes;
    private long sink;
    private final MessageWriter writer = (b, o, l) -> b.putBytes(o, message, 0, l);
    private final MessageReader reader = (b, o, l) -> sink += b.getByte(o);
    private final MessageHandler handler = (t, b, o, l) -> sink += b.getByte(o);

    /** Create the queue and the ring. */
    @Setup(Level.Trial)
    public void setUp()
    {
        final boolean oneToOne = "one-to-one".equals(ring);
        message = new UnsafeBuffer(new byte[size]);
        bytes = new byte[size];
        queue = fixture.createQueue(QueueFixture.uniqueName("path-q"), oneToOne, WaitStrategy.BACKOFF);
        agrona = fixture.createRing(QueueFixture.uniqueName("path-r"), oneToOne);
    }

    /** Close and remove both. */
    @TearDown(Level.Trial)
    public void tearDown()
    {
        queue.close();
        fixture.close();
    }

    /**
     * shmkit, zero-copy: claim and write in place, drain in place.
     *
     * @return a sum of first bytes (against dead code).
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long shmkitClaimDrain()
    {
        for (int i = 0; i < BATCH; i++)
        {
            if (!queue.offerClaimed(size, writer))
            {
                throw new IllegalStateException("no room for message " + i + " of a batch: the ring is too small");
            }
        }
        int n = 0;
        while (n < BATCH)
        {
            n += queue.drain(reader, BATCH);
        }
        return sink;
    }

    /**
     * shmkit, copying: {@code offer(byte[])}, {@code poll()}.
     *
     * @return a sum of lengths.
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long shmkitOfferPoll()
    {
        for (int i = 0; i < BATCH; i++)
        {
            queue.offer(bytes);
        }
        long s = 0;
        for (int i = 0; i < BATCH; i++)
        {
            s += queue.poll().length;
        }
        return s;
    }

    /**
     * Agrona's raw ring: {@code write} (a copy), {@code read} in place.
     *
     * @return a sum of first bytes.
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long agronaWriteRead()
    {
        for (int i = 0; i < BATCH; i++)
        {
            agrona.write(1, message, 0, size);
        }
        int n = 0;
        while (n < BATCH)
        {
            n += agrona.read(handler, BATCH);
        }
        return sink;
    }

    /**
     * Agrona's raw ring through its claim: {@code tryClaim}, a copy in place, {@code commit}; {@code read} in place
     * (what {@code shmkitClaimDrain} adds its bookkeeping to).
     *
     * @return a sum of first bytes.
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long agronaClaimRead()
    {
        for (int i = 0; i < BATCH; i++)
        {
            final int index = agrona.tryClaim(1, size);
            agrona.buffer().putBytes(index, message, 0, size);
            agrona.commit(index);
        }
        int n = 0;
        while (n < BATCH)
        {
            n += agrona.read(handler, BATCH);
        }
        return sink;
    }

    /**
     * Run from the IDE or {@code java -cp benchmarks.jar}.
     *
     * @param args ignored.
     * @throws RunnerException if JMH fails.
     */
    public static void main(final String[] args) throws RunnerException
    {
        new Runner(new OptionsBuilder().include(QueuePathBenchmark.class.getSimpleName()).build()).run();
    }
}
// HOW TO RUN: java -jar bench/target/benchmarks.jar QueuePathBenchmark -p ring=one-to-one
//   expected: shmkitClaimDrain within 1.25x of agronaWriteRead (the SPSC target, without the second core)
