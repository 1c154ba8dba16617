package io.shmkit.it.property;

import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

import io.shmkit.segment.TypeCode;

/**
 * The plain-Java model of shmkit's element types that the model-based tests share, written from the contract
 * rather than from the code: which values a typecode accepts, what its arithmetic gives, and the values worth
 * generating (the edges of every width, and values just outside a narrow one).
 */
final class Models
{
    private Models()
    {
    }

    /**
     * Whether an integer typecode accepts {@code v} (64-bit types accept every {@code long}).
     *
     * @param t an integer typecode.
     * @param v the value.
     * @return true if it is stored, false if it is rejected.
     */
    static boolean fits(final TypeCode t, final long v)
    {
        return t.size() == 8 || (v >= t.minValue() && v <= t.maxValue());
    }

    /**
     * Exact sum for narrow types, wrapping sum for 64-bit types.
     *
     * @param t an integer typecode.
     * @param x the element.
     * @param d what is added.
     * @return the sum, or null if a narrow result is out of range (the operation is rejected).
     */
    static Long add(final TypeCode t, final long x, final long d)
    {
        if (t.size() == 8)
        {
            return x + d;
        }
        try
        {
            final long r = Math.addExact(x, d);
            return fits(t, r) ? r : null;
        }
        catch (final ArithmeticException ex)
        {
            return null;
        }
    }

    /**
     * C's unary minus in the element's width, read back as the array reads it.
     *
     * @param t an integer typecode.
     * @param x the element.
     * @return its negation, wrapped to the width.
     */
    static long negate(final TypeCode t, final long x)
    {
        final long n = -x;
        switch (t.size())
        {
            case 1: return t.isUnsigned() ? n & 0xFF : (byte)n;
            case 2: return t.isUnsigned() ? n & 0xFFFF : (short)n;
            case 4: return t.isUnsigned() ? n & 0xFFFF_FFFFL : (int)n;
            default: return n;
        }
    }

    /**
     * Whether a floating-point typecode accepts {@code v}: {@code 'd'} every double, {@code 'f'} every value
     * that does not overflow a float (NaN and the infinities included).
     *
     * @param t {@code 'f'} or {@code 'd'}.
     * @param v the value.
     * @return true if it is stored, false if it is rejected.
     */
    static boolean fits(final TypeCode t, final double v)
    {
        return t != TypeCode.FLOAT || Double.isNaN(v) || Double.isInfinite(v) || Math.abs(v) <= Float.MAX_VALUE ||
            !Float.isInfinite((float)v);
    }

    /**
     * What a floating-point element holds after {@code v} is stored: rounded to a float for {@code 'f'}.
     *
     * @param t {@code 'f'} or {@code 'd'}.
     * @param v the value.
     * @return the stored value, as the array reads it back.
     */
    static double stored(final TypeCode t, final double v)
    {
        return t == TypeCode.FLOAT ? (double)(float)v : v;
    }

    /**
     * Values for an integer typecode: its edges and the 64-bit ones, values just outside a narrow range, values
     * in range, and small ones (which make equal elements and exact compare-and-set matches likely).
     *
     * @param t an integer typecode.
     * @return the generator.
     */
    static Gen<Long> longValues(final TypeCode t)
    {
        final List<Long> edges = new ArrayList<>(Arrays.asList(
            t.minValue(), t.maxValue(), 0L, 1L, -1L, t.minValue() + 1, t.maxValue() - 1, Long.MIN_VALUE,
            Long.MAX_VALUE));
        if (t.size() < 8)
        {
            edges.add(t.maxValue() + 1);
            edges.add(t.minValue() - 1);
        }
        final Gen<Long> inRange = t.size() == 8 ? longs().all() : longs().between(t.minValue(), t.maxValue());
        return Generate.pick(edges).mix(inRange, 50).mix(longs().between(-3, 3), 20);
    }

    /**
     * Values for a floating-point typecode: NaNs (one with a payload), -0.0, the infinities, the extremes of both
     * widths, values that overflow a float, any double, and moderate ones.
     *
     * @return the generator.
     */
    static Gen<Double> doubleValues()
    {
        final List<Double> edges = List.of(Double.NaN, -0.0, 0.0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
            Double.MIN_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE, 1.0, -1.0, (double)Float.MAX_VALUE,
            (double)Float.MIN_VALUE, 3.4028236e38, -1e300, 0.1, Double.longBitsToDouble(0x7ff0_0000_0000_0001L));
        return Generate.pick(edges).mix(doubles().any(), 40).mix(doubles().between(-1e6, 1e6), 30);
    }
}
