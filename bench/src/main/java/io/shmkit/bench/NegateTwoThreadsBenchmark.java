package io.shmkit.bench;

import java.nio.MappedByteBuffer;
import java.util.Arrays;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.agrona.BufferUtil;
import org.agrona.UnsafeApi;
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

import io.shmkit.SharedDoubleArray;
import io.shmkit.segment.ShmOptions;
import io.shmkit.transform.Transforms;

/**
 * Lesson: with two cores, in-place negation of 1e8 doubles splits into two halves that run at once and the
 * pair gets closer to the machine's memory bandwidth than one core can (docs/reference-figures.md: 34 GB/s; numpy with two
 * processes takes ~42 ms). The measured operation is the wall time of the whole array: the benchmark thread
 * hands the upper half to a helper thread, negates the lower half itself, and waits for the helper.
 *
 * <p>shmkit's halves are split on a stripe boundary, as a partitioned transform would split them, so the two
 * threads never wait for each other's stripe lock; they share one handle, which is thread-safe. The other
 * variants split at the middle. The hand-over costs microseconds against tens of milliseconds of work.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = {"--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED", "-Xmx2g"})
public class NegateTwoThreadsBenchmark
{
    /** The one knob: the array length, shared by every variant. */
    // Scope.Benchmark: one value for the whole trial; the fixtures below read it in their set-up.
    @State(Scope.Benchmark)
    public static class Size
    {
        /** Elements to negate; 1e8 doubles are 800 MB. */
        @Param({"100000000"})
        int size;
    }

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

    /** A {@code double[]} on the heap. */
    // Scope.Benchmark: one 800 MB array per fork.
    @State(Scope.Benchmark)
    public static class Heap
    {
        double[] array;

        /**
         * Allocate and fill.
         *
         * @param s the size.
         */
        @Setup(Level.Trial)
        public void setUp(final Size s)
        {
            array = new double[s.size];
            Arrays.fill(array, 1.0);
        }

        /** Let the collector have it back. */
        @TearDown(Level.Trial)
        public void tearDown()
        {
            array = null;
        }
    }

    /** A shmkit array with stripe locks, split on a stripe boundary. */
    // Scope.Benchmark: one 800 MB segment per fork, shared by the two threads.
    @State(Scope.Benchmark)
    public static class Locked
    {
        SharedDoubleArray array;
        long split;

        /**
         * Create, fill, and split where a transform with two children splits its partitions.
         *
         * @param s the size.
         */
        @Setup(Level.Trial)
        public void setUp(final Size s)
        {
            array = SharedDoubleArray.create(Fixtures.uniqueName("neg2-locked"), 'd', s.size);
            array.fill(1.0);
            split = Transforms.partitions(array, 0, array.length(), 2).get(0).to();
        }

        /** Close and unlink. */
        @TearDown(Level.Trial)
        public void tearDown()
        {
            Fixtures.closeAndUnlink(array);
            array = null;
        }
    }

    /** A shmkit segment mapped a second time, reached by raw address. */
    // Scope.Benchmark: one 800 MB segment per fork.
    @State(Scope.Benchmark)
    public static class Raw
    {
        SharedDoubleArray array;
        MappedByteBuffer mapping;
        long address;
        int length;

        /**
         * Create, map again and fill through the new mapping.
         *
         * @param s the size.
         */
        @Setup(Level.Trial)
        public void setUp(final Size s)
        {
            array = SharedDoubleArray.create(
                Fixtures.uniqueName("neg2-addr"), 'd', s.size, ShmOptions.defaults().withLock(false));
            mapping = Fixtures.mapAgain(array);
            address = BufferUtil.address(mapping) + Fixtures.dataOffset(array);
            length = s.size;
            for (int k = 0; k < length; k++)
            {
                UnsafeApi.putDouble(null, address + ((long)k << 3), 1.0);
            }
        }

        /** Unmap, close and unlink. */
        @TearDown(Level.Trial)
        public void tearDown()
        {
            Fixtures.unmap(mapping);
            mapping = null;
            Fixtures.closeAndUnlink(array);
            array = null;
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
    public void heapLoop(final Heap h, final Helper helper) throws InterruptedException, ExecutionException
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
    public void shmkitLocked(final Locked l, final Helper helper) throws InterruptedException, ExecutionException
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
    public void rawAddressLoop(final Raw r, final Helper helper) throws InterruptedException, ExecutionException
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
