package io.shmkit.internal.mem;

import java.util.function.LongUnaryOperator;

import org.agrona.UnsafeApi;

import io.shmkit.segment.TypeCode;

/**
 * The transform kernel of integer elements: replace each of {@code n} consecutive elements of 1, 2, 4 or 8 bytes
 * at an absolute address with {@code op(x)}, in ascending order, checking each result against the typecode's
 * range before storing it.
 *
 * <p>Contract: as {@link IntegerKernels} ({@code a} addresses {@code n >= 0} elements in one mapping, checked by
 * the caller once for the run; plain accesses, ordered by the caller). If {@code op} throws, or a result is out of
 * range, the elements before it are transformed and it and those after it are not.
 *
 * <p><b>Note:</b> stateless; safe from any thread for memory the caller may access.
 */
public final class IntegerTransformKernels
{
    private IntegerTransformKernels()
    {
    }

    /*
     * NOTE: one small method per width and signedness, as in IntegerKernels (the reason is there). In the narrow
     * loops a result is range-checked before it is stored, so an element out of range is left as it was, with
     * those after it (checkedValue throws, naming the value); the check is one compare of the result with its own
     * narrowing, and checkedValue runs only when it fails.
     * DELIBERATE REPEATS: the per-width methods are alike by design.
     */

    /**
     * Replace each of {@code n} elements at {@code a} with {@code op(x)}.
     *
     * @param a    address of the first element.
     * @param n    number of elements.
     * @param type the elements' integer typecode.
     * @param op   the operation.
     * @throws IllegalArgumentException if a result is outside the typecode's range (it is not stored).
     */
    public static void transform(final long a, final int n, final TypeCode type, final LongUnaryOperator op)
    {
        final boolean unsigned = type.isUnsigned();
        switch (type.size())
        {
            case 8:
                transform8(a, n, op);
                break;
            case 4:
                if (unsigned)
                {
                    transform4u(a, n, op, type);
                }
                else
                {
                    transform4(a, n, op, type);
                }
                break;
            case 2:
                if (unsigned)
                {
                    transform2u(a, n, op, type);
                }
                else
                {
                    transform2(a, n, op, type);
                }
                break;
            default:
                if (unsigned)
                {
                    transform1u(a, n, op, type);
                }
                else
                {
                    transform1(a, n, op, type);
                }
                break;
        }
    }

    private static void transform8(final long a, final int n, final LongUnaryOperator op)
    {
        for (long p = a, end = a + ((long)n << 3); p < end; p += 8)
        {
            UnsafeApi.putLong(null, p, op.applyAsLong(UnsafeApi.getLong(null, p)));
        }
    }

    private static void transform4(final long a, final int n, final LongUnaryOperator op, final TypeCode type)
    {
        for (long p = a, end = a + ((long)n << 2); p < end; p += 4)
        {
            final long v = op.applyAsLong(UnsafeApi.getInt(null, p));
            if (v != (int)v)
            {
                type.checkedValue(v);
            }
            UnsafeApi.putInt(null, p, (int)v);
        }
    }

    private static void transform4u(final long a, final int n, final LongUnaryOperator op, final TypeCode type)
    {
        for (long p = a, end = a + ((long)n << 2); p < end; p += 4)
        {
            final long v = op.applyAsLong(UnsafeApi.getInt(null, p) & 0xFFFF_FFFFL);
            if ((v >>> 32) != 0)
            {
                type.checkedValue(v);
            }
            UnsafeApi.putInt(null, p, (int)v);
        }
    }

    private static void transform2(final long a, final int n, final LongUnaryOperator op, final TypeCode type)
    {
        for (long p = a, end = a + ((long)n << 1); p < end; p += 2)
        {
            final long v = op.applyAsLong(UnsafeApi.getShort(null, p));
            if (v != (short)v)
            {
                type.checkedValue(v);
            }
            UnsafeApi.putShort(null, p, (short)v);
        }
    }

    private static void transform2u(final long a, final int n, final LongUnaryOperator op, final TypeCode type)
    {
        for (long p = a, end = a + ((long)n << 1); p < end; p += 2)
        {
            final long v = op.applyAsLong(UnsafeApi.getShort(null, p) & 0xFFFFL);
            if ((v >>> 16) != 0)
            {
                type.checkedValue(v);
            }
            UnsafeApi.putShort(null, p, (short)v);
        }
    }

    private static void transform1(final long a, final int n, final LongUnaryOperator op, final TypeCode type)
    {
        for (long p = a, end = a + n; p < end; p++)
        {
            final long v = op.applyAsLong(UnsafeApi.getByte(null, p));
            if (v != (byte)v)
            {
                type.checkedValue(v);
            }
            UnsafeApi.putByte(null, p, (byte)v);
        }
    }

    private static void transform1u(final long a, final int n, final LongUnaryOperator op, final TypeCode type)
    {
        for (long p = a, end = a + n; p < end; p++)
        {
            final long v = op.applyAsLong(UnsafeApi.getByte(null, p) & 0xFFL);
            if ((v >>> 8) != 0)
            {
                type.checkedValue(v);
            }
            UnsafeApi.putByte(null, p, (byte)v);
        }
    }
}
