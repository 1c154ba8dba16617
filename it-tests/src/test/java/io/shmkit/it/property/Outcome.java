package io.shmkit.it.property;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * The result of one operation: a value, or the class of the exception it threw. Model and system under test
 * must agree on it.
 */
record Outcome(Object value, Class<? extends Throwable> thrown)
{
    static Outcome of(final Object value)
    {
        return new Outcome(value, null);
    }

    static Outcome threw(final Class<? extends Throwable> type)
    {
        return new Outcome(null, type);
    }

    static Outcome run(final Supplier<Object> op)
    {
        try
        {
            return of(op.get());
        }
        catch (final IllegalArgumentException | IndexOutOfBoundsException | UnsupportedOperationException ex)
        {
            return threw(ex.getClass());
        }
    }

    /** Equality where doubles compare by bits, except that any NaN equals any NaN. */
    boolean sameAs(final Outcome other)
    {
        if (!Objects.equals(thrown, other.thrown))
        {
            return false;
        }
        if (value instanceof Double && other.value instanceof Double)
        {
            return sameDouble((Double)value, (Double)other.value);
        }
        return Objects.equals(value, other.value);
    }

    static boolean sameDouble(final double a, final double b)
    {
        return (Double.isNaN(a) && Double.isNaN(b)) || Double.doubleToRawLongBits(a) == Double.doubleToRawLongBits(b);
    }

    /**
     * What the contract gives before anything is changed: an index or range out of bounds is checked first, then
     * the value.
     *
     * @param inBounds whether the index or range is valid.
     * @param fits     whether the value fits the typecode.
     * @return the exception outcome, or null if the operation goes ahead.
     */
    static Outcome rejected(final boolean inBounds, final boolean fits)
    {
        if (!inBounds)
        {
            return threw(IndexOutOfBoundsException.class);
        }
        return fits ? null : threw(IllegalArgumentException.class);
    }

    /** Whether {@code i} indexes an array of {@code length}. */
    static boolean inBounds(final int length, final int i)
    {
        return i >= 0 && i < length;
    }

    /** Whether [from, to) is a range of an array of {@code length}. */
    static boolean rangeOk(final int length, final int from, final int to)
    {
        return from >= 0 && to <= length && from <= to;
    }

    @Override
    public String toString()
    {
        return null != thrown ? "threw " + thrown.getSimpleName() : String.valueOf(value);
    }
}
