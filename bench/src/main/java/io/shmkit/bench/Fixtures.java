package io.shmkit.bench;

import java.nio.MappedByteBuffer;
import java.util.Random;

import org.agrona.IoUtil;

import io.shmkit.Segments;
import io.shmkit.SharedArray;
import io.shmkit.internal.segment.SegmentDescriptor;
import io.shmkit.segment.ShmOptions;

/**
 * Set-up helpers shared by the benchmarks: unique segment names, index tables, and a second mapping of a
 * segment's file for the raw baselines. Used only from {@code @Setup}/{@code @TearDown} methods, never on a
 * measured path.
 *
 * <p><b>Note:</b> static methods without shared state, safe from any thread.
 */
final class Fixtures
{
    /** Index pattern: uniform random indices from a fixed seed, the same in every fork and every variant. */
    static final String RANDOM = "random";
    /** Index pattern: {@code k * STRIDE mod size}, a fixed permutation-like walk no loop can vectorise. */
    static final String STRIDED = "strided";
    /** Odd stride (in elements) of the {@link #STRIDED} pattern: 136 bytes, so consecutive accesses skip lines. */
    static final int STRIDE = 17;

    private static final long SEED = 0x5EED_5EEDL;

    private Fixtures()
    {
    }

    /**
     * A segment name no other run, fork or engineer on the machine uses.
     *
     * @param what short label of the benchmark.
     * @return {@code shmkit-bench-<what>-<pid>-<nanoTime>}.
     */
    static String uniqueName(final String what)
    {
        return "shmkit-bench-" + what + "-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
    }

    /**
     * A table of {@code count} element indices in {@code [0, size)}.
     *
     * @param pattern {@link #RANDOM} or {@link #STRIDED}.
     * @param size    array length, at least 1.
     * @param count   table length.
     * @return the indices.
     * @throws IllegalArgumentException if the pattern is unknown or the size is not positive.
     */
    static int[] indices(final String pattern, final int size, final int count)
    {
        if (size < 1)
        {
            throw new IllegalArgumentException("size=" + size + " must be at least 1");
        }
        final int[] out = new int[count];
        if (RANDOM.equals(pattern))
        {
            final Random random = new Random(SEED);
            for (int k = 0; k < count; k++)
            {
                out[k] = random.nextInt(size);
            }
        }
        else if (STRIDED.equals(pattern))
        {
            for (int k = 0; k < count; k++)
            {
                out[k] = (int)(((long)k * STRIDE) % size);
            }
        }
        else
        {
            throw new IllegalArgumentException(
                "pattern=" + pattern + " is unknown; use " + RANDOM + " or " + STRIDED);
        }
        return out;
    }

    /**
     * Map the file of {@code array} a second time, read-write, for a raw baseline over the same physical
     * memory. The caller unmaps it with {@link IoUtil#unmap(MappedByteBuffer)}.
     *
     * @param array an open array created in the default root.
     * @return a mapping of the whole file; its data starts at {@link #dataOffset(SharedArray)}.
     */
    static MappedByteBuffer mapAgain(final SharedArray array)
    {
        return IoUtil.mapExistingFile(
            Segments.inspect(array.name(), ShmOptions.defaults()).path().toFile(), array.name());
    }

    /**
     * Offset of the first element of {@code array} in its file.
     *
     * @param array an open array.
     * @return the data offset, as the layout descriptor defines it.
     */
    static int dataOffset(final SharedArray array)
    {
        return (int)SegmentDescriptor.dataOffset(array.stripeCount());
    }

    /**
     * Close and unlink {@code array} if it was created; never throws for a null argument, so a tear-down
     * after a failed set-up still cleans what exists.
     *
     * @param array the array, or null.
     */
    static void closeAndUnlink(final SharedArray array)
    {
        if (null != array)
        {
            array.close();
            array.unlink();
        }
    }

    /**
     * Unmap {@code mapping} if it exists.
     *
     * @param mapping the mapping, or null.
     */
    static void unmap(final MappedByteBuffer mapping)
    {
        if (null != mapping)
        {
            IoUtil.unmap(mapping);
        }
    }
}
