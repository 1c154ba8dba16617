package io.shmkit.bench;

import java.util.concurrent.TimeUnit;

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

import io.shmkit.SharedLongArray;
import io.shmkit.segment.ShmOptions;

/**
 * Lesson: the bulk methods of an integer array ({@code fill}, {@code sum}, {@code copyTo}, {@code copyFrom})
 * run one small method per element width, at the speed of a Java array's loop whether one typecode or several
 * have run through them (one method holding a loop per width was compiled badly for some widths after several:
 * the {@code all} profile shows it). A
 * {@code SharedLongArray} of {@code size} elements of typecode {@code type}, without locks, against the same
 * loops over a Java array of the same width ({@code long[]}, {@code int[]}, {@code short[]}, {@code byte[]}),
 * widened into a {@code long[]} as the shared array's {@code copyTo} does; {@code copyFrom} (which range-checks
 * every value before it writes any) has no Java counterpart here.
 *
 * <p>{@code profile=all} runs every bulk method 2,000 times over an array of each of eight typecodes (every
 * integer typecode but {@code 'l'} and {@code 'L'}, which are {@code 'q'} and {@code 'Q'} again) before the
 * measurement, so that the profile the JIT compiles from has seen them all, as in a program that uses several
 * typecodes; {@code profile=one} sees only the measured width (JMH's forks keep the two apart).
 */
// Settings stated per class on purpose, like the JMH samples: see Fixtures on what stays repeated.
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED"})
// Scope.Benchmark: one array per fork, used by the one benchmark thread.
@State(Scope.Benchmark)
public class BulkIntegerBenchmark
{
    /** Typecode: one of each width. */
    @Param({"q", "i", "h", "b"})
    String type;

    /** Elements: 1 MiB to 8 MiB, in the caches, so that the loops and not the memory set the pace. */
    @Param({"1048576"})
    int size;

    /** "one": the profile has seen only this width; "all": every width, as in a program using several. */
    @Param({"one", "all"})
    String profile;

    private SharedLongArray array;
    private long[] values;
    private long[] heapLong;
    private int[] heapInt;
    private short[] heapShort;
    private byte[] heapByte;

    /**
     * Create the shared array and the Java arrays, and run every bulk method over every width if asked.
     */
    @Setup(Level.Trial)
    public void setUp()
    {
        array = SharedLongArray.create(Fixtures.uniqueName("bulk"), type.charAt(0), size,
            ShmOptions.defaults().withLock(false));
        values = new long[size];
        for (int k = 0; k < size; k++)
        {
            values[k] = k % 100;
        }
        heapLong = new long[size];
        heapInt = new int[size];
        heapShort = new short[size];
        heapByte = new byte[size];
        array.copyFrom(values, 0, 0, size);
        if ("all".equals(profile))
        {
            for (final char t : new char[] {'q', 'i', 'h', 'b', 'Q', 'I', 'H', 'B'})
            {
                try (SharedLongArray other = SharedLongArray.create(Fixtures.uniqueName("bulk-" + t), t, 65_536,
                    ShmOptions.defaults().withLock(false)))
                {
                    other.unlink();
                    for (int r = 0; r < 2_000; r++)
                    {
                        other.fill(r % 100);
                        other.copyFrom(values, 0, 0, 65_536);
                        other.copyTo(0, values, 0, 65_536);
                        if (other.sum() == Long.MIN_VALUE)
                        {
                            throw new IllegalStateException("never");
                        }
                    }
                }
            }
        }
    }

    /** Remove the segment. */
    @TearDown(Level.Trial)
    public void tearDown()
    {
        Fixtures.closeAndUnlink(array);
    }

    /**
     * shmkit: fill.
     */
    @Benchmark
    public void fillShmkit()
    {
        array.fill(7);
    }

    /**
     * shmkit: sum.
     *
     * @return the sum.
     */
    @Benchmark
    public long sumShmkit()
    {
        return array.sum();
    }

    /**
     * shmkit: copy out into a {@code long[]}.
     *
     * @return the array.
     */
    @Benchmark
    public long[] copyToShmkit()
    {
        array.copyTo(0, values, 0, size);
        return values;
    }

    /**
     * shmkit: copy in from a {@code long[]} (range-checked).
     *
     * @return the array.
     */
    @Benchmark
    public SharedLongArray copyFromShmkit()
    {
        array.copyFrom(values, 0, 0, size);
        return array;
    }

    /**
     * Java array of the same width: fill.
     *
     * @return the array.
     */
    @Benchmark
    public Object fillHeap()
    {
        switch (type.charAt(0))
        {
            case 'q':
                java.util.Arrays.fill(heapLong, 7);
                return heapLong;
            case 'i':
                java.util.Arrays.fill(heapInt, 7);
                return heapInt;
            case 'h':
                java.util.Arrays.fill(heapShort, (short)7);
                return heapShort;
            default:
                java.util.Arrays.fill(heapByte, (byte)7);
                return heapByte;
        }
    }

    /**
     * Java array of the same width: sum into a {@code long}.
     *
     * @return the sum.
     */
    @Benchmark
    public long sumHeap()
    {
        long r = 0;
        switch (type.charAt(0))
        {
            case 'q':
                for (final long v : heapLong)
                {
                    r += v;
                }
                return r;
            case 'i':
                for (final int v : heapInt)
                {
                    r += v;
                }
                return r;
            case 'h':
                for (final short v : heapShort)
                {
                    r += v;
                }
                return r;
            default:
                for (final byte v : heapByte)
                {
                    r += v;
                }
                return r;
        }
    }

    /**
     * Java array of the same width: widen into a {@code long[]}.
     *
     * @return the array.
     */
    @Benchmark
    public long[] copyToHeap()
    {
        final long[] dst = values;
        switch (type.charAt(0))
        {
            case 'q':
                System.arraycopy(heapLong, 0, dst, 0, size);
                break;
            case 'i':
                for (int k = 0; k < size; k++)
                {
                    dst[k] = heapInt[k];
                }
                break;
            case 'h':
                for (int k = 0; k < size; k++)
                {
                    dst[k] = heapShort[k];
                }
                break;
            default:
                for (int k = 0; k < size; k++)
                {
                    dst[k] = heapByte[k];
                }
                break;
        }
        return dst;
    }

    /**
     * Run this class with the settings of its annotations.
     *
     * @param args ignored.
     * @throws RunnerException if JMH fails.
     */
    public static void main(final String[] args) throws RunnerException
    {
        new Runner(new OptionsBuilder().include(BulkIntegerBenchmark.class.getName() + "\\.").build()).run();
    }

    /*
     * HOW TO RUN
     *
     *   mvn -B -q -pl core,bench -am package -DskipTests
     *   java -jar bench/target/benchmarks.jar BulkIntegerBenchmark -rf text
     *
     * 4 typecodes x 2 profiles x 7 methods, about 8 minutes; each fork maps 8 MiB in /dev/shm (and 64 x 8 KiB
     * more for profile=all).
     */
}
