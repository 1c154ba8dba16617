package io.shmkit.internal.mem;

import org.agrona.UnsafeApi;

import io.shmkit.internal.os.Platform;
import io.shmkit.segment.TypeCode;

/**
 * The copy kernels of integer elements: between {@code n} consecutive elements of 1, 2, 4 or 8 bytes at an
 * absolute address and a {@code long[]}, widening (sign- or zero-extending) on the way out and narrowing on the
 * way in; 8-byte elements are copied as a block.
 *
 * <p>Contract: as {@link IntegerKernels}: {@code a} addresses {@code n >= 0} elements in one mapping, checked by
 * the caller once for the run; accesses are plain, ordered by the caller. The Java array's range is checked by
 * the caller too ({@code d + n} and {@code s + n} at most the array's length). Values copied in are already in
 * the typecode's range: {@link #checkValues} checks a whole source first, so a rejected value stores nothing.
 *
 * <p><b>Note:</b> stateless; safe from any thread for memory the caller may access. Needs
 * {@link Platform#ensureUnsafeAccess()} to have passed (a segment exists).
 */
public final class IntegerCopyKernels
{
    private IntegerCopyKernels()
    {
    }

    /*
     * NOTE: one small method per width and signedness, as in IntegerKernels (the reason is there). These loops
     * index from an int counter, the shape measured for them (docs/benchmarks.md, BulkIntegerBenchmark).
     * DELIBERATE REPEATS: the per-width methods are alike by design.
     */

    /**
     * Check that every value of {@code src[from, from + count)} fits the integer typecode {@code type}.
     *
     * @param type  the integer typecode.
     * @param src   the values.
     * @param from  first index in {@code src}.
     * @param count number of values.
     * @throws IllegalArgumentException naming the first value out of range.
     */
    public static void checkValues(final TypeCode type, final long[] src, final int from, final int count)
    {
        if (type.size() == 8)
        {
            return;
        }
        final long min = type.minValue();
        final long max = type.maxValue();
        for (int k = 0; k < count; k++)
        {
            final long v = src[from + k];
            if (v < min || v > max)
            {
                type.checkedValue(v); // throws, naming the value
            }
        }
    }

    /**
     * Load {@code n} elements at {@code a} into {@code dst[d, d + n)}, sign- or zero-extended to {@code long}.
     *
     * @param a        address of the first element.
     * @param n        number of elements.
     * @param size     element width in bytes.
     * @param unsigned whether to zero-extend.
     * @param dst      destination.
     * @param d        first index in {@code dst}.
     */
    public static void copyTo(
        final long a, final int n, final int size, final boolean unsigned, final long[] dst, final int d)
    {
        switch (size)
        {
            case 8:
                UnsafeApi.copyMemory(null, a, dst, Platform.LONG_ARRAY_BASE + ((long)d << 3), (long)n << 3);
                break;
            case 4:
                if (unsigned)
                {
                    widen4u(a, n, dst, d);
                }
                else
                {
                    widen4(a, n, dst, d);
                }
                break;
            case 2:
                if (unsigned)
                {
                    widen2u(a, n, dst, d);
                }
                else
                {
                    widen2(a, n, dst, d);
                }
                break;
            default:
                if (unsigned)
                {
                    widen1u(a, n, dst, d);
                }
                else
                {
                    widen1(a, n, dst, d);
                }
                break;
        }
    }

    /**
     * Store {@code src[s, s + n)}, already range-checked, in {@code n} elements at {@code a}, narrowed to the
     * width.
     *
     * @param src  source.
     * @param s    first index in {@code src}.
     * @param a    address of the first element.
     * @param n    number of elements.
     * @param size element width in bytes.
     */
    public static void copyFrom(final long[] src, final int s, final long a, final int n, final int size)
    {
        switch (size)
        {
            case 8:
                UnsafeApi.copyMemory(src, Platform.LONG_ARRAY_BASE + ((long)s << 3), null, a, (long)n << 3);
                break;
            case 4:
                narrow4(src, s, a, n);
                break;
            case 2:
                narrow2(src, s, a, n);
                break;
            default:
                narrow1(src, s, a, n);
                break;
        }
    }

    private static void widen4(final long a, final int n, final long[] dst, final int d)
    {
        for (int k = 0; k < n; k++)
        {
            dst[d + k] = UnsafeApi.getInt(null, a + ((long)k << 2));
        }
    }

    private static void widen4u(final long a, final int n, final long[] dst, final int d)
    {
        for (int k = 0; k < n; k++)
        {
            dst[d + k] = UnsafeApi.getInt(null, a + ((long)k << 2)) & 0xFFFF_FFFFL;
        }
    }

    private static void widen2(final long a, final int n, final long[] dst, final int d)
    {
        for (int k = 0; k < n; k++)
        {
            dst[d + k] = UnsafeApi.getShort(null, a + ((long)k << 1));
        }
    }

    private static void widen2u(final long a, final int n, final long[] dst, final int d)
    {
        for (int k = 0; k < n; k++)
        {
            dst[d + k] = UnsafeApi.getShort(null, a + ((long)k << 1)) & 0xFFFFL;
        }
    }

    private static void widen1(final long a, final int n, final long[] dst, final int d)
    {
        for (int k = 0; k < n; k++)
        {
            dst[d + k] = UnsafeApi.getByte(null, a + k);
        }
    }

    private static void widen1u(final long a, final int n, final long[] dst, final int d)
    {
        for (int k = 0; k < n; k++)
        {
            dst[d + k] = UnsafeApi.getByte(null, a + k) & 0xFFL;
        }
    }

    private static void narrow4(final long[] src, final int s, final long a, final int n)
    {
        for (int k = 0; k < n; k++)
        {
            UnsafeApi.putInt(null, a + ((long)k << 2), (int)src[s + k]);
        }
    }

    private static void narrow2(final long[] src, final int s, final long a, final int n)
    {
        for (int k = 0; k < n; k++)
        {
            UnsafeApi.putShort(null, a + ((long)k << 1), (short)src[s + k]);
        }
    }

    private static void narrow1(final long[] src, final int s, final long a, final int n)
    {
        for (int k = 0; k < n; k++)
        {
            UnsafeApi.putByte(null, a + k, (byte)src[s + k]);
        }
    }
}
