package io.shmkit.bench.sync;

import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;

import io.shmkit.segment.ShmOptions;
import io.shmkit.sync.SharedBarrier;

/**
 * Lesson: the round trip of a two-party barrier (both threads arrive, both leave), {@link SharedBarrier} through
 * one handle per thread against {@link CyclicBarrier}. Exactly two threads: each call is one generation.
 *
 * <p>How this benchmark lies: when one thread's iteration ends, the other waits at the barrier for a partner that
 * never comes; the generous timeout then breaks the barrier, and the break is not counted. Run with a measurement
 * time well above the timeout of the last generation (the timeout is 1 s: only the iteration's end waits for it).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED"})
@Threads(2)
public class BarrierRoundTripBenchmark
{
    /** The barriers both threads share. */
    // Scope.Benchmark: both threads meet at the same barriers.
    @State(Scope.Benchmark)
    public static class Shared
    {
        SharedBarrier barrier;
        final CyclicBarrier jdk = new CyclicBarrier(2);

        /** Create the segment. */
        @Setup(Level.Trial)
        public void setUp()
        {
            barrier = SharedBarrier.create("shmkit-bench-sbar-" + ProcessHandle.current().pid() + "-" +
                System.nanoTime(), 2, null, ShmOptions.defaults());
        }

        /** Reset both barriers between iterations: the last generation of an iteration may have broken them. */
        @Setup(Level.Iteration)
        public void reset()
        {
            barrier.reset();
            jdk.reset();
        }

        /** Close and unlink. */
        @TearDown(Level.Trial)
        public void tearDown()
        {
            barrier.unlink();
            barrier.close();
        }
    }

    /** One thread's handle. */
    // Scope.Thread: each thread opens its own handle, as another process would.
    @State(Scope.Thread)
    public static class PerThread
    {
        SharedBarrier barrier;

        /**
         * Open the barrier by name.
         *
         * @param s the shared barrier.
         */
        @Setup(Level.Trial)
        public void setUp(final Shared s)
        {
            barrier = SharedBarrier.open(s.barrier.name(), null, ShmOptions.defaults());
        }

        /** Close the handle. */
        @TearDown(Level.Trial)
        public void tearDown()
        {
            barrier.close();
        }
    }

    /**
     * One generation of a two-party {@link SharedBarrier}.
     *
     * @param t this thread's handle.
     * @return the arrival index, or -1 if the barrier broke (the iteration's end).
     * @throws InterruptedException never (not interrupted).
     */
    @Benchmark
    public int sharedBarrier(final PerThread t) throws InterruptedException
    {
        try
        {
            return t.barrier.await(1, TimeUnit.SECONDS);
        }
        catch (final BrokenBarrierException | java.util.concurrent.TimeoutException ex)
        {
            return -1;
        }
    }

    /**
     * One generation of a two-party {@link CyclicBarrier}.
     *
     * @param s the shared barrier.
     * @return the arrival index, or -1 if the barrier broke.
     * @throws InterruptedException never (not interrupted).
     */
    @Benchmark
    public int cyclicBarrier(final Shared s) throws InterruptedException
    {
        try
        {
            return s.jdk.await(1, TimeUnit.SECONDS);
        }
        catch (final BrokenBarrierException | java.util.concurrent.TimeoutException ex)
        {
            return -1;
        }
    }

    /**
     * Run this class's benchmarks with the settings of the annotations.
     *
     * @param args ignored.
     * @throws RunnerException if JMH fails.
     */
    public static void main(final String[] args) throws RunnerException
    {
        new Runner(new OptionsBuilder().include(BarrierRoundTripBenchmark.class.getName() + "\\.").build()).run();
    }

    /*
     * HOW TO RUN
     *
     *   mvn -B -q -pl core,bench -am package -DskipTests
     *   java -jar bench/target/benchmarks.jar BarrierRoundTripBenchmark -f 1 -wi 2 -i 3
     *
     * EXPECTED RESULT (µs per generation, 2-vCPU guest): a few µs for both while the two threads stay on their CPUs;
     * far more when a waiter parks (shmkit after 100 spins and 20 yields, parking up to 100 µs).
     */
}
