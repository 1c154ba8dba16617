package io.shmkit.bench.queue;

import java.util.concurrent.TimeUnit;

import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;

import io.shmkit.queue.ShmQueue;
import io.shmkit.queue.WaitStrategy;

/**
 * Lesson: round-trip latency between two processes: this JVM puts a 64-byte ping on one queue, a child JVM takes
 * it and puts it on a second queue, this JVM takes the pong. Sampled, so JMH reports the median and p99.
 * {@code impl=shmkit} with {@code wait=SPIN} (both sides spin) or {@code BACKOFF} (the default strategy), against
 * Agrona's raw one-to-one rings with a spinning echo.
 *
 * <p>How this benchmark lies: with two cores and both sides spinning, nothing else may run; on a loaded machine
 * the spinning variants measure the scheduler. Read {@code BACKOFF} as what a default user sees.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED"})
@Threads(1)
public class QueueRoundTripBenchmark
{
    /** Both queues and the echo child, per trial. */
    @State(Scope.Benchmark)
    public static class Pair
    {
        /** shmkit or agrona. */
        @Param({QueueFixture.SHMKIT, QueueFixture.AGRONA})
        public String impl;
        /** shmkit's wait strategy, on both sides (ignored for agrona). */
        @Param({"SPIN", "BACKOFF"})
        public WaitStrategy wait;

        final QueueFixture fixture = new QueueFixture();
        final UnsafeBuffer message = new UnsafeBuffer(new byte[64]);
        final UnsafeBuffer reply = new UnsafeBuffer(new byte[64]);
        ShmQueue<byte[]> pings;
        ShmQueue<byte[]> pongs;
        RingBuffer agronaPings;
        RingBuffer agronaPongs;

        /** Create the queues, start the echo. */
        @Setup(Level.Trial)
        public void setUp()
        {
            final String in = QueueFixture.uniqueName("ping");
            final String out = QueueFixture.uniqueName("pong");
            if (QueueFixture.SHMKIT.equals(impl))
            {
                pings = fixture.createQueue(in, true, wait);
                pongs = fixture.createQueue(out, true, wait);
                fixture.startChild("echo", impl, in, out, wait.name());
            }
            else
            {
                agronaPings = fixture.createRing(in, true);
                agronaPongs = fixture.createRing(out, true);
                fixture.startChild("echo", impl, in, out);
            }
        }

        /** Stop the echo, remove the files. */
        @TearDown(Level.Trial)
        public void tearDown()
        {
            if (null != pings)
            {
                pings.close();
                pongs.close();
            }
            fixture.close();
        }
    }

    /**
     * One ping and its pong.
     *
     * @param pair the queues.
     * @return the pong's length.
     * @throws InterruptedException if interrupted.
     */
    @Benchmark
    public int roundTrip(final Pair pair) throws InterruptedException
    {
        if (null != pair.pings)
        {
            pair.pings.offerClaimed(64, (b, o, l) -> b.putBytes(o, pair.message, 0, l));
            return pair.pongs.take().length;
        }
        while (!pair.agronaPings.write(1, pair.message, 0, 64))
        {
            Thread.onSpinWait();
        }
        int n;
        while ((n = pair.agronaPongs.read((t, b, o, l) -> b.getBytes(o, pair.reply, 0, l), 1)) == 0)
        {
            Thread.onSpinWait();
        }
        return n;
    }

    /**
     * Run from the IDE or {@code java -cp benchmarks.jar}.
     *
     * @param args ignored.
     * @throws RunnerException if JMH fails.
     */
    public static void main(final String[] args) throws RunnerException
    {
        new Runner(new OptionsBuilder().include(QueueRoundTripBenchmark.class.getSimpleName()).build()).run();
    }
}
// HOW TO RUN (bench/README.md, "Queues"): java -jar bench/target/benchmarks.jar QueueRoundTripBenchmark
//   expected: shmkit SPIN within 2x of agrona; shmkit BACKOFF median under 10 us.
