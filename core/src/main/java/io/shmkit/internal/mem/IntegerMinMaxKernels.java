package io.shmkit.internal.mem;

import org.agrona.UnsafeApi;

/**
 * The {@code min} and {@code max} kernels of integer elements: the smallest or largest of {@code n} consecutive
 * elements of 1, 2, 4 or 8 bytes at an absolute address and a running result, in the typecode's order (unsigned
 * order for the unsigned typecodes; the 8-byte unsigned ones compare their {@code long} bits unsigned).
 *
 * <p>Contract: as {@link IntegerKernels} ({@code a} addresses {@code n >= 0} elements in one mapping, checked by
 * the caller once for the run; plain accesses, ordered by the caller). {@code r} is the result so far, a value of
 * the typecode (start with its largest value for a minimum, its smallest for a maximum); for {@code n == 0} it is
 * returned as it is.
 *
 * <p><b>Note:</b> stateless; safe from any thread for memory the caller may access.
 */
public final class IntegerMinMaxKernels
{
    private IntegerMinMaxKernels()
    {
    }

    /*
     * NOTE: one small method per width and signedness and no operator object, as in IntegerKernels (the reason is
     * there): a reduction through a LongBinaryOperator is a megamorphic call per element once min and max have both
     * run. A narrow unsigned element is zero-extended into the long, where signed order is its order.
     * DELIBERATE REPEATS: the per-width methods are alike by design.
     */

    /**
     * The minimum of {@code r} and {@code n} elements of {@code size} bytes at {@code a}.
     *
     * @param a        address of the first element.
     * @param n        number of elements.
     * @param size     element width in bytes.
     * @param unsigned whether the elements are unsigned.
     * @param r        the result so far.
     * @return the minimum, sign- or zero-extended as the elements are read.
     */
    public static long min(final long a, final int n, final int size, final boolean unsigned, final long r)
    {
        switch (size)
        {
            case 8:
                return unsigned ? min8u(a, n, r) : min8(a, n, r);
            case 4:
                return unsigned ? min4u(a, n, r) : min4(a, n, r);
            case 2:
                return unsigned ? min2u(a, n, r) : min2(a, n, r);
            default:
                return unsigned ? min1u(a, n, r) : min1(a, n, r);
        }
    }

    /**
     * The maximum of {@code r} and {@code n} elements of {@code size} bytes at {@code a}.
     *
     * @param a        address of the first element.
     * @param n        number of elements.
     * @param size     element width in bytes.
     * @param unsigned whether the elements are unsigned.
     * @param r        the result so far.
     * @return the maximum, sign- or zero-extended as the elements are read.
     */
    public static long max(final long a, final int n, final int size, final boolean unsigned, final long r)
    {
        switch (size)
        {
            case 8:
                return unsigned ? max8u(a, n, r) : max8(a, n, r);
            case 4:
                return unsigned ? max4u(a, n, r) : max4(a, n, r);
            case 2:
                return unsigned ? max2u(a, n, r) : max2(a, n, r);
            default:
                return unsigned ? max1u(a, n, r) : max1(a, n, r);
        }
    }

    private static long min8(final long a, final int n, final long r0)
    {
        long r = r0;
        for (long p = a, end = a + ((long)n << 3); p < end; p += 8)
        {
            r = Math.min(r, UnsafeApi.getLong(null, p));
        }
        return r;
    }

    private static long min8u(final long a, final int n, final long r0)
    {
        long r = r0;
        for (long p = a, end = a + ((long)n << 3); p < end; p += 8)
        {
            final long v = UnsafeApi.getLong(null, p);
            r = Long.compareUnsigned(v, r) < 0 ? v : r;
        }
        return r;
    }

    private static long min4(final long a, final int n, final long r0)
    {
        long r = r0;
        for (long p = a, end = a + ((long)n << 2); p < end; p += 4)
        {
            r = Math.min(r, UnsafeApi.getInt(null, p));
        }
        return r;
    }

    private static long min4u(final long a, final int n, final long r0)
    {
        long r = r0;
        for (long p = a, end = a + ((long)n << 2); p < end; p += 4)
        {
            r = Math.min(r, UnsafeApi.getInt(null, p) & 0xFFFF_FFFFL);
        }
        return r;
    }

    private static long min2(final long a, final int n, final long r0)
    {
        long r = r0;
        for (long p = a, end = a + ((long)n << 1); p < end; p += 2)
        {
            r = Math.min(r, UnsafeApi.getShort(null, p));
        }
        return r;
    }

    private static long min2u(final long a, final int n, final long r0)
    {
        long r = r0;
        for (long p = a, end = a + ((long)n << 1); p < end; p += 2)
        {
            r = Math.min(r, UnsafeApi.getShort(null, p) & 0xFFFFL);
        }
        return r;
    }

    private static long min1(final long a, final int n, final long r0)
    {
        long r = r0;
        for (long p = a, end = a + n; p < end; p++)
        {
            r = Math.min(r, UnsafeApi.getByte(null, p));
        }
        return r;
    }

    private static long min1u(final long a, final int n, final long r0)
    {
        long r = r0;
        for (long p = a, end = a + n; p < end; p++)
        {
            r = Math.min(r, UnsafeApi.getByte(null, p) & 0xFFL);
        }
        return r;
    }

    private static long max8(final long a, final int n, final long r0)
    {
        long r = r0;
        for (long p = a, end = a + ((long)n << 3); p < end; p += 8)
        {
            r = Math.max(r, UnsafeApi.getLong(null, p));
        }
        return r;
    }

    private static long max8u(final long a, final int n, final long r0)
    {
        long r = r0;
        for (long p = a, end = a + ((long)n << 3); p < end; p += 8)
        {
            final long v = UnsafeApi.getLong(null, p);
            r = Long.compareUnsigned(v, r) > 0 ? v : r;
        }
        return r;
    }

    private static long max4(final long a, final int n, final long r0)
    {
        long r = r0;
        for (long p = a, end = a + ((long)n << 2); p < end; p += 4)
        {
            r = Math.max(r, UnsafeApi.getInt(null, p));
        }
        return r;
    }

    private static long max4u(final long a, final int n, final long r0)
    {
        long r = r0;
        for (long p = a, end = a + ((long)n << 2); p < end; p += 4)
        {
            r = Math.max(r, UnsafeApi.getInt(null, p) & 0xFFFF_FFFFL);
        }
        return r;
    }

    private static long max2(final long a, final int n, final long r0)
    {
        long r = r0;
        for (long p = a, end = a + ((long)n << 1); p < end; p += 2)
        {
            r = Math.max(r, UnsafeApi.getShort(null, p));
        }
        return r;
    }

    private static long max2u(final long a, final int n, final long r0)
    {
        long r = r0;
        for (long p = a, end = a + ((long)n << 1); p < end; p += 2)
        {
            r = Math.max(r, UnsafeApi.getShort(null, p) & 0xFFFFL);
        }
        return r;
    }

    private static long max1(final long a, final int n, final long r0)
    {
        long r = r0;
        for (long p = a, end = a + n; p < end; p++)
        {
            r = Math.max(r, UnsafeApi.getByte(null, p));
        }
        return r;
    }

    private static long max1u(final long a, final int n, final long r0)
    {
        long r = r0;
        for (long p = a, end = a + n; p < end; p++)
        {
            r = Math.max(r, UnsafeApi.getByte(null, p) & 0xFFL);
        }
        return r;
    }
}
