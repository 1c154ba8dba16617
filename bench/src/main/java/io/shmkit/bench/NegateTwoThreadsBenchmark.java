package io.shmkit.bench;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;

import io.shmkit.SharedDoubleArray;

/**
 * Lesson: with two cores, in-place negation of 1e8 doubles splits into two halves that run at once and the
 * pair gets closer to the machine's memory bandwidth than one core can (docs/reference-figures.md: 34 GB/s; numpy with two
 * processes takes ~42 ms). The measured operation is the wall time of the whole array: the benchmark thread
 * hands the upper half to a helper thread, negates the lower half itself, and waits for the helper.
 *
 * <p>shmkit's halves are split on a stripe boundary, as a partitioned transform would split them, so the two
 * threads never wait for each other's stripe lock; they share one handle, which is thread-safe. The other
 * variants split at the middle. The hand-over costs microseconds against tens of milliseconds of work.
 *
 * <p>The arrays are {@link NegateBenchmark}'s states ({@code Size}, {@code Heap}, {@code Locked}, {@code Raw}):
 * the same set-up, so the one- and two-thread figures measure the same memory prepared the same way.
 */
// Settings stated per class on purpose, like the JMH samples: see Fixtures on what stays repeated.
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = {"--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED", "-Xmx2g"})
public class NegateTwoThreadsBenchmark
{
    /** The second thread, which negates the upper half. */
    // Scope.Thread: it belongs to the one benchmark thread that hands it work and waits for it.
    @State(Scope.Thread)
    public static class Helper
    {
        ExecutorService pool;

        /** Start the helper thread. */
        @Setup(Level.Trial)
        public void setUp()
        {
            pool = Executors.newSingleThreadExecutor(r ->
            {
                final Thread t = new Thread(r, "negate-helper");
                t.setDaemon(true);
                return t;
            });
        }

        /**
         * Stop the helper thread, waiting for it (bounded).
         *
         * @throws InterruptedException if interrupted while waiting.
         */
        @TearDown(Level.Trial)
        public void tearDown() throws InterruptedException
        {
            pool.shutdownNow();
            if (!pool.awaitTermination(60, TimeUnit.SECONDS))
            {
                throw new IllegalStateException("the negate helper thread did not stop within 60 s");
            }
        }
    }

    /**
     * Two halves of a {@code double[]}.
     *
     * @param h      the heap array.
     * @param helper the second thread.
     * @throws InterruptedException if interrupted while waiting for the helper.
     * @throws ExecutionException   if the helper failed.
     */
    @Benchmark
    public void heapLoop(final NegateBenchmark.Heap h, final Helper helper)
        throws InterruptedException, ExecutionException
    {
        final double[] a = h.array;
        final int mid = a.length >>> 1;
        final Future<?> upper = helper.pool.submit(() -> NegateBenchmark.negate(a, mid, a.length));
        NegateBenchmark.negate(a, 0, mid);
        upper.get();
    }

    /**
     * Two halves of a shmkit array, each with its stripe locks.
     *
     * @param l      the locked array.
     * @param helper the second thread.
     * @throws InterruptedException if interrupted while waiting for the helper.
     * @throws ExecutionException   if the helper failed.
     */
    @Benchmark
    public void shmkitLocked(final NegateBenchmark.Locked l, final Helper helper)
        throws InterruptedException, ExecutionException
    {
        final SharedDoubleArray a = l.array;
        final long split = l.split;
        final Future<?> upper = helper.pool.submit(() -> a.negate(split, a.length()));
        a.negate(0, split);
        upper.get();
    }

    /**
     * Two halves of the raw mapped address.
     *
     * @param r      the second mapping.
     * @param helper the second thread.
     * @throws InterruptedException if interrupted while waiting for the helper.
     * @throws ExecutionException   if the helper failed.
     */
    @Benchmark
    public void rawAddressLoop(final NegateBenchmark.Raw r, final Helper helper)
        throws InterruptedException, ExecutionException
    {
        final long address = r.address;
        final int n = r.length;
        final int mid = n >>> 1;
        final Future<?> upper = helper.pool.submit(() -> NegateBenchmark.negate(address, mid, n));
        NegateBenchmark.negate(address, 0, mid);
        upper.get();
    }

    /**
     * Run this class's benchmarks with the settings of the annotations.
     *
     * @param args ignored.
     * @throws RunnerException if JMH fails.
     */
    public static void main(final String[] args) throws RunnerException
    {
        new Runner(new OptionsBuilder().include(NegateTwoThreadsBenchmark.class.getName() + "\\.").build()).run();
    }

    /*
     * HOW TO RUN
     *
     *   mvn -B -q -pl core,bench -am package -DskipTests
     *   java -jar bench/target/benchmarks.jar NegateTwoThreadsBenchmark -f 1 -wi 2 -i 5
     *
     * Needs 800 MB free in /dev/shm, 2 GB of heap in the fork (set by @Fork), and two idle cores: on a
     * machine shared with other work the second half waits for a core and the figure drifts towards the
     * one-thread time.
     *
     * EXPECTED RESULT (ms per 1e8 doubles, 2-vCPU KVM guest; see docs/benchmarks.md):
     *   ~35-50 ms for the double[] and shmkit variants (docs/benchmarks.md measured 36.7 and 34.7 ms;
     *   docs/reference-figures.md: 34 GB/s with two cores, i.e. ~47 ms; numpy with two processes ~40 ms), against
     *   ~60-80 ms for one thread in NegateBenchmark.
     */
}
