package io.shmkit.internal.mem;

import java.util.function.DoubleUnaryOperator;

import org.agrona.UnsafeApi;

import io.shmkit.internal.os.Platform;
import io.shmkit.segment.TypeCode;

/**
 * The bulk kernels of floating-point elements ({@code 'f'}, 4 bytes, and {@code 'd'}, 8 bytes) at an absolute
 * address: fill, negate, transform, sum, min, max and the copies to and from a {@code double[]}.
 *
 * <p>Contract of every method here: {@code a} is the address of the first of {@code n >= 0} naturally aligned
 * elements that lie in one mapping, which the caller has checked once for the whole run (the kernels check
 * nothing); {@code isFloat} tells {@code 'f'} from {@code 'd'}. Accesses are plain: the caller orders them with
 * respect to other threads and processes, as the arrays do by holding the run's stripe lock. A value to store in
 * a {@code 'f'} element is already checked ({@link TypeCode#checkedValue(double)}) and is rounded to the nearest
 * {@code float}; the Java array's range is checked by the caller. Reductions carry a running result {@code r}
 * and add or compare in index order, as {@link Math#min(double, double)} and {@link Math#max(double, double)}
 * order (NaN wins, {@code -0.0 < 0.0}).
 *
 * <p><b>Note:</b> stateless; safe from any thread for memory the caller may access. The copies need
 * {@link Platform#ensureUnsafeAccess()} to have passed (a segment exists).
 */
public final class DoubleKernels
{
    private DoubleKernels()
    {
    }

    /*
     * NOTE: each public method picks the width once per run and calls one small static method per width, whose loop
     * walks a long address (the shape that streams at memory bandwidth; docs/benchmarks.md, "In-place negate"), and
     * no reduction goes through an operator object (a megamorphic call per element once sum, min and max have run).
     * DELIBERATE REPEATS: the 'f' and 'd' methods are alike by design: one loop each, compiled from its own profile.
     */

    /**
     * Store {@code v} in {@code n} elements at {@code a}.
     *
     * @param a       address of the first element.
     * @param n       number of elements.
     * @param isFloat whether the elements are {@code 'f'}.
     * @param v       the value, checked for {@code 'f'}.
     */
    public static void fill(final long a, final int n, final boolean isFloat, final double v)
    {
        if (isFloat)
        {
            fillFloats(a, n, (float)v);
        }
        else
        {
            fillDoubles(a, n, v);
        }
    }

    /**
     * Negate each of {@code n} elements at {@code a} in place (flips the sign bit, NaN included).
     *
     * @param a       address of the first element.
     * @param n       number of elements.
     * @param isFloat whether the elements are {@code 'f'}.
     */
    public static void negate(final long a, final int n, final boolean isFloat)
    {
        if (isFloat)
        {
            negateFloats(a, n);
        }
        else
        {
            negateDoubles(a, n);
        }
    }

    /**
     * Replace each of {@code n} elements at {@code a} with {@code op(x)}, in ascending order. If {@code op} throws
     * or a {@code 'f'} result overflows, the elements before it are transformed and it and those after it are not.
     *
     * @param a    address of the first element.
     * @param n    number of elements.
     * @param type {@link TypeCode#FLOAT} or {@link TypeCode#DOUBLE}.
     * @param op   the operation.
     * @throws IllegalArgumentException if a result overflows a {@code 'f'} element (it is not stored).
     */
    public static void transform(final long a, final int n, final TypeCode type, final DoubleUnaryOperator op)
    {
        if (type == TypeCode.FLOAT)
        {
            transformFloats(a, n, type, op);
        }
        else
        {
            transformDoubles(a, n, op);
        }
    }

    /**
     * {@code r} plus the {@code n} elements at {@code a}, added in index order.
     *
     * @param a       address of the first element.
     * @param n       number of elements.
     * @param isFloat whether the elements are {@code 'f'}.
     * @param r       the sum so far.
     * @return the sum.
     */
    public static double sum(final long a, final int n, final boolean isFloat, final double r)
    {
        return isFloat ? sumFloats(a, n, r) : sumDoubles(a, n, r);
    }

    /**
     * The minimum of {@code r} and the {@code n} elements at {@code a}, as {@link Math#min(double, double)}.
     *
     * @param a       address of the first element.
     * @param n       number of elements.
     * @param isFloat whether the elements are {@code 'f'}.
     * @param r       the minimum so far ({@link Double#POSITIVE_INFINITY} to start).
     * @return the minimum.
     */
    public static double min(final long a, final int n, final boolean isFloat, final double r)
    {
        return isFloat ? minFloats(a, n, r) : minDoubles(a, n, r);
    }

    /**
     * The maximum of {@code r} and the {@code n} elements at {@code a}, as {@link Math#max(double, double)}.
     *
     * @param a       address of the first element.
     * @param n       number of elements.
     * @param isFloat whether the elements are {@code 'f'}.
     * @param r       the maximum so far ({@link Double#NEGATIVE_INFINITY} to start).
     * @return the maximum.
     */
    public static double max(final long a, final int n, final boolean isFloat, final double r)
    {
        return isFloat ? maxFloats(a, n, r) : maxDoubles(a, n, r);
    }

    /**
     * Load the {@code n} elements at {@code a} into {@code dst[d, d + n)}; {@code 'd'} as a block copy.
     *
     * @param a       address of the first element.
     * @param n       number of elements.
     * @param isFloat whether the elements are {@code 'f'}.
     * @param dst     destination.
     * @param d       first index in {@code dst}.
     */
    public static void copyTo(final long a, final int n, final boolean isFloat, final double[] dst, final int d)
    {
        if (isFloat)
        {
            for (int k = 0; k < n; k++)
            {
                dst[d + k] = UnsafeApi.getFloat(null, a + ((long)k << 2));
            }
        }
        else
        {
            UnsafeApi.copyMemory(null, a, dst, Platform.DOUBLE_ARRAY_BASE + ((long)d << 3), (long)n << 3);
        }
    }

    /**
     * Store {@code src[s, s + n)} in the {@code n} elements at {@code a}, rounded to {@code float} for
     * {@code 'f'} (checked by the caller first); {@code 'd'} as a block copy.
     *
     * @param src     source.
     * @param s       first index in {@code src}.
     * @param a       address of the first element.
     * @param n       number of elements.
     * @param isFloat whether the elements are {@code 'f'}.
     */
    public static void copyFrom(final double[] src, final int s, final long a, final int n, final boolean isFloat)
    {
        if (isFloat)
        {
            for (int k = 0; k < n; k++)
            {
                UnsafeApi.putFloat(null, a + ((long)k << 2), (float)src[s + k]);
            }
        }
        else
        {
            UnsafeApi.copyMemory(src, Platform.DOUBLE_ARRAY_BASE + ((long)s << 3), null, a, (long)n << 3);
        }
    }

    private static void fillFloats(final long a, final int n, final float f)
    {
        for (long p = a, end = a + ((long)n << 2); p < end; p += 4)
        {
            UnsafeApi.putFloat(null, p, f);
        }
    }

    private static void fillDoubles(final long a, final int n, final double v)
    {
        for (long p = a, end = a + ((long)n << 3); p < end; p += 8)
        {
            UnsafeApi.putDouble(null, p, v);
        }
    }

    private static void negateDoubles(final long a, final int n)
    {
        for (long p = a, end = a + ((long)n << 3); p < end; p += 8)
        {
            UnsafeApi.putDouble(null, p, -UnsafeApi.getDouble(null, p));
        }
    }

    private static void negateFloats(final long a, final int n)
    {
        for (long p = a, end = a + ((long)n << 2); p < end; p += 4)
        {
            UnsafeApi.putFloat(null, p, -UnsafeApi.getFloat(null, p));
        }
    }

    private static void transformFloats(final long a, final int n, final TypeCode type, final DoubleUnaryOperator op)
    {
        for (long p = a, end = a + ((long)n << 2); p < end; p += 4)
        {
            UnsafeApi.putFloat(null, p, (float)type.checkedValue(op.applyAsDouble(UnsafeApi.getFloat(null, p))));
        }
    }

    private static void transformDoubles(final long a, final int n, final DoubleUnaryOperator op)
    {
        for (long p = a, end = a + ((long)n << 3); p < end; p += 8)
        {
            UnsafeApi.putDouble(null, p, op.applyAsDouble(UnsafeApi.getDouble(null, p)));
        }
    }

    private static double sumFloats(final long a, final int n, final double r0)
    {
        double r = r0;
        for (long p = a, end = a + ((long)n << 2); p < end; p += 4)
        {
            r += UnsafeApi.getFloat(null, p);
        }
        return r;
    }

    private static double sumDoubles(final long a, final int n, final double r0)
    {
        double r = r0;
        for (long p = a, end = a + ((long)n << 3); p < end; p += 8)
        {
            r += UnsafeApi.getDouble(null, p);
        }
        return r;
    }

    private static double minFloats(final long a, final int n, final double r0)
    {
        double r = r0;
        for (long p = a, end = a + ((long)n << 2); p < end; p += 4)
        {
            r = Math.min(r, UnsafeApi.getFloat(null, p));
        }
        return r;
    }

    private static double minDoubles(final long a, final int n, final double r0)
    {
        double r = r0;
        for (long p = a, end = a + ((long)n << 3); p < end; p += 8)
        {
            r = Math.min(r, UnsafeApi.getDouble(null, p));
        }
        return r;
    }

    private static double maxFloats(final long a, final int n, final double r0)
    {
        double r = r0;
        for (long p = a, end = a + ((long)n << 2); p < end; p += 4)
        {
            r = Math.max(r, UnsafeApi.getFloat(null, p));
        }
        return r;
    }

    private static double maxDoubles(final long a, final int n, final double r0)
    {
        double r = r0;
        for (long p = a, end = a + ((long)n << 3); p < end; p += 8)
        {
            r = Math.max(r, UnsafeApi.getDouble(null, p));
        }
        return r;
    }
}
