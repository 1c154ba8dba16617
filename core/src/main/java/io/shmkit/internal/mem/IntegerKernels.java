package io.shmkit.internal.mem;

import org.agrona.UnsafeApi;

/**
 * The bulk kernels of integer elements that need no value check: {@code fill}, {@code negate} and {@code sum} of
 * {@code n} consecutive elements of 1, 2, 4 or 8 bytes at an absolute address.
 *
 * <p>Contract of every method here: {@code a} is the address of the first of {@code n >= 0} naturally aligned
 * elements that lie in one mapping, which the caller has checked once for the whole run (the kernels check
 * nothing); {@code size} is 1, 2, 4 or 8. Accesses are plain: the caller orders them with respect to other
 * threads and processes, as the arrays do by holding the run's stripe lock. A value to store is already in the
 * typecode's range.
 *
 * <p><b>Note:</b> stateless; safe from any thread for memory the caller may access.
 */
public final class IntegerKernels
{
    private IntegerKernels()
    {
    }

    /*
     * NOTE: each public method dispatches on the width (and signedness) once per run, outside the loop, to one small
     * static method per width: each loop is compiled from its own profile, whichever widths ran before (a switch
     * per element, or one method with a loop per width, ran some widths up to 46x slower once several typecodes
     * had been through it; docs/benchmarks.md, BulkIntegerBenchmark). The loops walk a long address
     * (for (long p = a, end = ...; p < end; p += size)), the shape that streams at memory bandwidth.
     * DELIBERATE REPEATS: the per-width methods are alike by design; merging them is what made them slow.
     */

    /**
     * Store {@code v} in {@code n} elements of {@code size} bytes at {@code a}.
     *
     * @param a    address of the first element.
     * @param n    number of elements.
     * @param size element width in bytes.
     * @param v    the value, in range; its low {@code size} bytes are stored.
     */
    public static void fill(final long a, final int n, final int size, final long v)
    {
        switch (size)
        {
            case 8:
                fill8(a, n, v);
                break;
            case 4:
                fill4(a, n, (int)v);
                break;
            case 2:
                fill2(a, n, (short)v);
                break;
            default:
                UnsafeApi.setMemory(null, a, n, (byte)v);
                break;
        }
    }

    /**
     * Replace each of {@code n} elements of {@code size} bytes at {@code a} by its negation in that width (C's
     * unary minus: {@code -(-128)} is {@code -128} in one byte; the same bits serve signed and unsigned types).
     *
     * @param a    address of the first element.
     * @param n    number of elements.
     * @param size element width in bytes.
     */
    public static void negate(final long a, final int n, final int size)
    {
        switch (size)
        {
            case 8:
                negate8(a, n);
                break;
            case 4:
                negate4(a, n);
                break;
            case 2:
                negate2(a, n);
                break;
            default:
                negate1(a, n);
                break;
        }
    }

    /**
     * The sum of {@code n} elements of {@code size} bytes at {@code a}, each sign- or zero-extended, modulo
     * 2<sup>64</sup>.
     *
     * @param a        address of the first element.
     * @param n        number of elements.
     * @param size     element width in bytes.
     * @param unsigned whether the elements are zero-extended.
     * @return the sum; 0 for {@code n == 0}.
     */
    public static long sum(final long a, final int n, final int size, final boolean unsigned)
    {
        switch (size)
        {
            case 8:
                return sum8(a, n);
            case 4:
                return unsigned ? sum4u(a, n) : sum4(a, n);
            case 2:
                return unsigned ? sum2u(a, n) : sum2(a, n);
            default:
                return unsigned ? sum1u(a, n) : sum1(a, n);
        }
    }

    private static void fill8(final long a, final int n, final long v)
    {
        for (long p = a, end = a + ((long)n << 3); p < end; p += 8)
        {
            UnsafeApi.putLong(null, p, v);
        }
    }

    private static void fill4(final long a, final int n, final int v)
    {
        for (long p = a, end = a + ((long)n << 2); p < end; p += 4)
        {
            UnsafeApi.putInt(null, p, v);
        }
    }

    private static void fill2(final long a, final int n, final short v)
    {
        for (long p = a, end = a + ((long)n << 1); p < end; p += 2)
        {
            UnsafeApi.putShort(null, p, v);
        }
    }

    private static void negate8(final long a, final int n)
    {
        for (long p = a, end = a + ((long)n << 3); p < end; p += 8)
        {
            UnsafeApi.putLong(null, p, -UnsafeApi.getLong(null, p));
        }
    }

    private static void negate4(final long a, final int n)
    {
        for (long p = a, end = a + ((long)n << 2); p < end; p += 4)
        {
            UnsafeApi.putInt(null, p, -UnsafeApi.getInt(null, p));
        }
    }

    private static void negate2(final long a, final int n)
    {
        for (long p = a, end = a + ((long)n << 1); p < end; p += 2)
        {
            UnsafeApi.putShort(null, p, (short)-UnsafeApi.getShort(null, p));
        }
    }

    private static void negate1(final long a, final int n)
    {
        for (long p = a, end = a + n; p < end; p++)
        {
            UnsafeApi.putByte(null, p, (byte)-UnsafeApi.getByte(null, p));
        }
    }

    private static long sum8(final long a, final int n)
    {
        long r = 0;
        for (long p = a, end = a + ((long)n << 3); p < end; p += 8)
        {
            r += UnsafeApi.getLong(null, p);
        }
        return r;
    }

    private static long sum4(final long a, final int n)
    {
        long r = 0;
        for (long p = a, end = a + ((long)n << 2); p < end; p += 4)
        {
            r += UnsafeApi.getInt(null, p);
        }
        return r;
    }

    private static long sum4u(final long a, final int n)
    {
        long r = 0;
        for (long p = a, end = a + ((long)n << 2); p < end; p += 4)
        {
            r += UnsafeApi.getInt(null, p) & 0xFFFF_FFFFL;
        }
        return r;
    }

    private static long sum2(final long a, final int n)
    {
        long r = 0;
        for (long p = a, end = a + ((long)n << 1); p < end; p += 2)
        {
            r += UnsafeApi.getShort(null, p);
        }
        return r;
    }

    private static long sum2u(final long a, final int n)
    {
        long r = 0;
        for (long p = a, end = a + ((long)n << 1); p < end; p += 2)
        {
            r += UnsafeApi.getShort(null, p) & 0xFFFFL;
        }
        return r;
    }

    private static long sum1(final long a, final int n)
    {
        long r = 0;
        for (long p = a, end = a + n; p < end; p++)
        {
            r += UnsafeApi.getByte(null, p);
        }
        return r;
    }

    private static long sum1u(final long a, final int n)
    {
        long r = 0;
        for (long p = a, end = a + n; p < end; p++)
        {
            r += UnsafeApi.getByte(null, p) & 0xFFL;
        }
        return r;
    }
}
