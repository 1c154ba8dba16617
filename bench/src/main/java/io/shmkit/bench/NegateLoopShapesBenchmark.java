package io.shmkit.bench;

import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.util.Arrays;
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

/**
 * Lesson: why an element loop over a raw address negates more slowly than the same loop over a
 * {@code double[]}, even when both are bound by memory, and what gets the speed back. A controlled
 * experiment, without a profiler: the same negation loop over
 * <ul>
 *   <li>a {@code double[]} ({@link #heapLoop}), which C2's superword pass vectorises;</li>
 *   <li>the same {@code double[]} with superword switched off in its fork ({@link #heapLoopScalar}): the
 *       control that isolates vectorisation;</li>
 *   <li>a raw address in a {@code /dev/shm} mapping ({@link #rawShm}) and in anonymous memory from
 *       {@code ByteBuffer.allocateDirect} ({@link #rawDirect}), both with an {@code int} counter (the shape
 *       shmkit's first kernels had), the second a control that isolates the tmpfs pages;</li>
 *   <li>the shm mapping again, {@code blockLength} doubles at a time (default 2048: 16 KiB, in L1): copied
 *       into a {@code double[]} with {@code UnsafeApi.copyMemory}, negated there by the vectorised loop,
 *       copied back ({@link #rawShmBlocks}); memory traffic is unchanged, the extra copies stay in L1;</li>
 *   <li>{@code SharedDoubleArray.negate()} without locks ({@link #shmkitUnlocked}).</li>
 * </ul>
 * Two sizes: 4096 doubles (32 KiB, in L1: pure instruction throughput) and 1e8 (800 MB: memory).
 * If {@code heapLoopScalar} lands on {@code rawShm} and {@code rawDirect}, the gap is vectorisation, not the
 * memory; if {@code rawShmBlocks} lands on {@code heapLoop}, copying through L1 is one cure. Core took another:
 * its kernels walk a {@code long} address, which C2 vectorises over raw memory too ({@link #shmkitUnlocked},
 * docs/benchmarks.md, "In-place negate").
 */
// Settings stated per class on purpose, like the JMH samples: see Fixtures on what stays repeated.
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = {"--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED", "-Xmx2g"})
// Scope.Benchmark: one set of arrays per fork; every method uses all of them at the smaller size, and at
// 1e8 the fork holds 3 x 800 MB, which the machine has room for.
@State(Scope.Benchmark)
public class NegateLoopShapesBenchmark
{
    private static final long DOUBLE_ARRAY_BASE = UnsafeApi.arrayBaseOffset(double[].class);

    /** Elements: 4096 (in L1, instruction-bound) or 1e8 (memory-bound). */
    @Param({"4096", "100000000"})
    int size;

    /** Doubles per block of {@link #rawShmBlocks}; 2048 doubles are 16 KiB, a third of L1d. */
    @Param({"2048"})
    int blockLength;

    private double[] heap;
    private SharedDoubleArray shm;
    private MappedByteBuffer mapping;
    private long shmAddress;
    private ByteBuffer direct;
    private long directAddress;
    private double[] block;

    /** Allocate, map and fill every variant, touching every page through the mapping that will be used. */
    @Setup(Level.Trial)
    public void setUp()
    {
        heap = new double[size];
        Arrays.fill(heap, 1.0);
        shm = Fixtures.filledDoubles("shapes", size, ShmOptions.defaults().withLock(false));
        mapping = Fixtures.mapAgain(shm);
        shmAddress = Fixtures.dataAddress(mapping, shm);
        Fixtures.fillDoubles(shmAddress, size, 1.0);
        // 128-byte aligned, like shmkit's data, so alignment is not a difference between the two raw variants
        direct = ByteBuffer.allocateDirect(size * Double.BYTES + 128);
        directAddress = (BufferUtil.address(direct) + 127) & ~127L;
        Fixtures.fillDoubles(directAddress, size, 1.0);
        if (blockLength < 1)
        {
            throw new IllegalArgumentException("blockLength=" + blockLength + " must be at least 1");
        }
        block = new double[blockLength];
    }

    /** Free the direct buffer, unmap, close and unlink. */
    @TearDown(Level.Trial)
    public void tearDown()
    {
        if (null != direct)
        {
            BufferUtil.free(direct);
            direct = null;
        }
        Fixtures.unmapCloseAndUnlink(mapping, shm);
        mapping = null;
        shm = null;
    }

    /** {@code double[]} loop, vectorised. */
    @Benchmark
    public void heapLoop()
    {
        NegateBenchmark.negate(heap, 0, heap.length);
    }

    /** {@code double[]} loop with C2's superword (auto-vectorisation) off in this fork. */
    @Benchmark
    @Fork(jvmArgsAppend = {"--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED", "-Xmx2g", "-XX:-UseSuperWord"})
    public void heapLoopScalar()
    {
        NegateBenchmark.negate(heap, 0, heap.length);
    }

    /** Raw-address loop over the {@code /dev/shm} mapping. */
    @Benchmark
    public void rawShm()
    {
        NegateBenchmark.negate(shmAddress, 0, size);
    }

    /** Raw-address loop over anonymous memory. */
    @Benchmark
    public void rawDirect()
    {
        NegateBenchmark.negate(directAddress, 0, size);
    }

    /** The shm mapping in blocks: copy into a {@code double[]}, negate there, copy back. */
    @Benchmark
    public void rawShmBlocks()
    {
        final double[] t = block;
        final long a = shmAddress;
        final int n = size;
        for (int i = 0; i < n; i += t.length)
        {
            final int m = Math.min(t.length, n - i);
            final long p = a + ((long)i << 3);
            final long bytes = (long)m << 3;
            UnsafeApi.copyMemory(null, p, t, DOUBLE_ARRAY_BASE, bytes);
            for (int k = 0; k < m; k++)
            {
                t[k] = -t[k];
            }
            UnsafeApi.copyMemory(t, DOUBLE_ARRAY_BASE, null, p, bytes);
        }
    }

    /** shmkit's {@code negate()} on an array without locks. */
    @Benchmark
    public void shmkitUnlocked()
    {
        shm.negate();
    }

    /**
     * Run this class's benchmarks with the settings of the annotations.
     *
     * @param args ignored.
     * @throws RunnerException if JMH fails.
     */
    public static void main(final String[] args) throws RunnerException
    {
        new Runner(new OptionsBuilder().include(NegateLoopShapesBenchmark.class.getName() + "\\.").build()).run();
    }

    /*
     * HOW TO RUN
     *
     *   mvn -B -q -pl core,bench -am package -DskipTests
     *   java -jar bench/target/benchmarks.jar NegateLoopShapesBenchmark -f 1 -wi 2 -i 5
     *
     * Needs 800 MB free in /dev/shm and 2.4 GB of memory for the 1e8 trial.
     *
     * EXPECTED RESULT (us per negation, 2-vCPU KVM guest; see docs/benchmarks.md, "In-place negate"):
     *   at 4096 doubles heapLoop is several times faster than every scalar loop (AVX vectors against one
     *   element per cycle); heapLoopScalar, rawShm and rawDirect are alike. At 1e8 the scalar loops still
     *   trail heapLoop: with one element per instruction the core keeps too few cache-line misses in flight
     *   to saturate memory. rawShmBlocks matches heapLoop at both sizes.
     */
}
