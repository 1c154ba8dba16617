package io.shmkit.bench;

import java.nio.MappedByteBuffer;
import java.util.Random;

import org.agrona.BufferUtil;
import org.agrona.IoUtil;
import org.agrona.UnsafeApi;
import org.agrona.concurrent.UnsafeBuffer;

import io.shmkit.Segments;
import io.shmkit.SharedArray;
import io.shmkit.SharedDoubleArray;
import io.shmkit.internal.segment.SegmentDescriptor;
import io.shmkit.segment.ShmOptions;

/**
 * Set-up helpers shared by the benchmarks: unique segment names, index tables, arrays created and warmed, and a
 * second mapping of a segment's file for the raw baselines, with the address of its data and a fill through it.
 * Used only from {@code @Setup}/{@code @TearDown} methods, never on a measured path.
 *
 * <p>What stays repeated across the benchmarks, on purpose: the class-level JMH annotations (each class states its
 * own mode, iterations and fork flags, as the JMH samples do, so that retuning one never changes another), and
 * the measured methods, alike in shape but each its own loop: a shared helper would let the JIT compile every
 * variant into one profile and measure that instead, and would change code whose figures are on record.
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
     * memory. The caller unmaps it with
     * {@link #unmapCloseAndUnlink(MappedByteBuffer, SharedArray)}.
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
     * Address of the first element of {@code array} in {@code mapping}, a second mapping of its file.
     *
     * @param mapping the mapping from {@link #mapAgain(SharedArray)}.
     * @param array   the array it maps.
     * @return the address of element 0.
     */
    static long dataAddress(final MappedByteBuffer mapping, final SharedArray array)
    {
        return BufferUtil.address(mapping) + dataOffset(array);
    }

    /**
     * An Agrona buffer over the data of {@code array} in {@code mapping}, a second mapping of its file.
     *
     * @param mapping     the mapping from {@link #mapAgain(SharedArray)}.
     * @param array       the array it maps, of at most 2 GiB of data.
     * @param elementSize bytes per element.
     * @return a buffer whose index 0 is element 0.
     */
    static UnsafeBuffer dataBuffer(final MappedByteBuffer mapping, final SharedArray array, final int elementSize)
    {
        return new UnsafeBuffer(mapping, dataOffset(array), Math.toIntExact(array.length() * elementSize));
    }

    /**
     * Store {@code value} in {@code n} doubles from {@code address} by plain stores, touching every page through
     * the mapping that the raw baselines then use.
     *
     * @param address address of the first double.
     * @param n       how many doubles.
     * @param value   the value.
     */
    static void fillDoubles(final long address, final int n, final double value)
    {
        for (int k = 0; k < n; k++)
        {
            UnsafeApi.putDouble(null, address + ((long)k << 3), value);
        }
    }

    /**
     * A new {@code 'd'} array filled with {@code 1.0}, so that its pages are allocated and warm before any
     * measurement (the first touch of a tmpfs page costs far more than the operations measured).
     *
     * @param what    short label of the benchmark, for {@link #uniqueName(String)}.
     * @param size    number of elements.
     * @param options the options (with or without locks).
     * @return the array; the caller closes and unlinks it ({@link #closeAndUnlink(SharedArray)}).
     */
    static SharedDoubleArray filledDoubles(final String what, final int size, final ShmOptions options)
    {
        final SharedDoubleArray array = SharedDoubleArray.create(uniqueName(what), 'd', size, options);
        array.fill(1.0);
        return array;
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
     * Unmap {@code mapping}, the second mapping of {@code array}'s file, then close and unlink {@code array}; skips
     * what is null, so a tear-down after a failed set-up still cleans what exists.
     *
     * @param mapping the mapping, or null.
     * @param array   the array, or null.
     */
    static void unmapCloseAndUnlink(final MappedByteBuffer mapping, final SharedArray array)
    {
        if (null != mapping)
        {
            IoUtil.unmap(mapping);
        }
        closeAndUnlink(array);
    }
}
