package io.shmkit;

import java.util.Objects;
import java.util.function.DoubleUnaryOperator;

import io.shmkit.internal.mem.DoubleKernels;
import io.shmkit.internal.segment.Segment;
import io.shmkit.segment.TypeCode;

/**
 * The bulk methods of {@link SharedDoubleArray} (copies, fill, negate, transform, sum, min, max): each runs its
 * range stripe by stripe under the stripe locks ({@link SharedArrayRuns}: one bounds check per range) and hands
 * each run to a kernel of {@code io.shmkit.internal.mem.DoubleKernels}, one small loop per width. A package-private
 * class: its public methods are {@link SharedDoubleArray}'s, documented there. The element accessors stay in the
 * final class itself, so that a call reaches the store with no bridge method between.
 *
 * <p><b>Note:</b> thread-safe and process-safe; see {@link SharedArray}.
 */
abstract sealed class SharedDoubleArrayBulk extends SharedArray permits SharedDoubleArray
{
    // DELIBERATE REPEATS: the bulk methods mirror SharedLongArrayBulk's one for one (see the note there).

    /** Whether the typecode is {@code 'f'} (4 bytes, rounded from {@code double}), not {@code 'd'}. */
    final boolean isFloat;

    SharedDoubleArrayBulk(final Segment segment)
    {
        super(segment);
        this.isFloat = type == TypeCode.FLOAT;
    }

    /** {@code value} as a {@code 'f'} element can hold it; every value for {@code 'd'}. */
    final double checked(final double value)
    {
        return isFloat ? type.checkedValue(value) : value;
    }

    /**
     * Copy {@code count} elements starting at {@code from} into {@code dst[dstOffset...]}, stripe by stripe
     * under the stripe locks (see {@link SharedArray}).
     *
     * @param from      first element.
     * @param dst       destination.
     * @param dstOffset first index in {@code dst}.
     * @param count     number of elements.
     * @throws IndexOutOfBoundsException if either range is out of bounds.
     * @throws IllegalStateException     if closed.
     */
    public void copyTo(final long from, final double[] dst, final int dstOffset, final int count)
    {
        Objects.checkFromIndexSize(dstOffset, count, dst.length);
        forEachRun(from, from + count, (a, n, first) ->
            DoubleKernels.copyTo(a, n, isFloat, dst, dstOffset + (int)(first - from)));
    }

    /**
     * Copy {@code count} values from {@code src[srcOffset...]} into the array starting at element {@code to},
     * stripe by stripe under the stripe locks. For {@code 'f'} every value is checked first, so a rejected
     * value leaves the array unchanged.
     *
     * @param src       source.
     * @param srcOffset first index in {@code src}.
     * @param to        first element to write.
     * @param count     number of elements.
     * @throws IndexOutOfBoundsException if either range is out of bounds.
     * @throws IllegalArgumentException  if a value overflows a {@code 'f'} element.
     * @throws IllegalStateException     if closed.
     */
    public void copyFrom(final double[] src, final int srcOffset, final long to, final int count)
    {
        Objects.checkFromIndexSize(srcOffset, count, src.length);
        checkRange(to, to + (long)count);
        if (isFloat)
        {
            for (int k = 0; k < count; k++)
            {
                type.checkedValue(src[srcOffset + k]);
            }
        }
        forEachRun(to, to + (long)count, (a, n, first) ->
            DoubleKernels.copyFrom(src, srcOffset + (int)(first - to), a, n, isFloat));
    }

    /**
     * A copy of the whole array, under the stripe locks stripe by stripe.
     *
     * @return a new {@code double[]}.
     * @throws IllegalStateException if closed, or longer than a Java array can be.
     */
    public double[] toArray()
    {
        final double[] out = new double[javaArrayLength()];
        copyTo(0, out, 0, out.length);
        return out;
    }

    /**
     * Set every element to {@code value}, under the stripe locks.
     *
     * @param value the value.
     * @throws IllegalArgumentException if {@code value} overflows a {@code 'f'} element.
     * @throws IllegalStateException    if closed.
     */
    public void fill(final double value)
    {
        fill(0, length, value);
    }

    /**
     * Set elements {@code from} (inclusive) to {@code to} (exclusive) to {@code value}, under the stripe locks.
     *
     * @param from  first element.
     * @param to    one past the last element.
     * @param value the value.
     * @throws IndexOutOfBoundsException if the range is out of bounds.
     * @throws IllegalArgumentException  if {@code value} overflows a {@code 'f'} element.
     * @throws IllegalStateException     if closed.
     */
    public void fill(final long from, final long to, final double value)
    {
        checkRange(from, to);
        final double v = checked(value);
        forEachRun(from, to, (a, n, first) -> DoubleKernels.fill(a, n, isFloat, v));
    }

    /**
     * Negate every element in place, under the stripe locks: the classic example of Python's
     * {@code multiprocessing} documentation. Streams at memory bandwidth.
     *
     * @throws IllegalStateException if closed.
     */
    public void negate()
    {
        negate(0, length);
    }

    /**
     * Negate elements {@code from} (inclusive) to {@code to} (exclusive) in place, under the stripe locks.
     *
     * @param from first element.
     * @param to   one past the last element.
     * @throws IndexOutOfBoundsException if the range is out of bounds.
     * @throws IllegalStateException     if closed.
     */
    public void negate(final long from, final long to)
    {
        forEachRun(from, to, (a, n, first) -> DoubleKernels.negate(a, n, isFloat));
    }

    /**
     * Replace every element {@code x} with {@code op(x)}, under the stripe locks.
     *
     * @param op the operation.
     * @throws IllegalArgumentException if a result overflows a {@code 'f'} element; the elements before it are
     *                                  transformed, it and those after it are not.
     * @throws IllegalStateException    if closed.
     */
    public void transform(final DoubleUnaryOperator op)
    {
        transform(0, length, op);
    }

    /**
     * Replace elements {@code from} (inclusive) to {@code to} (exclusive) with {@code op(x)}, under the stripe
     * locks, in ascending order.
     *
     * @param from first element.
     * @param to   one past the last element.
     * @param op   the operation.
     * @throws IndexOutOfBoundsException if the range is out of bounds.
     * @throws IllegalArgumentException  if a result overflows a {@code 'f'} element; the elements before it
     *                                   are transformed, it and those after it are not.
     * @throws IllegalStateException     if closed.
     */
    public void transform(final long from, final long to, final DoubleUnaryOperator op)
    {
        forEachRun(from, to, (a, n, first) -> DoubleKernels.transform(a, n, type, op));
    }

    /**
     * The sum of all elements, added in index order, under the stripe locks stripe by stripe.
     *
     * @return the sum (NaN if any element is NaN).
     * @throws IllegalStateException if closed.
     */
    public double sum()
    {
        return sum(0, length);
    }

    /**
     * The sum of elements {@code from} (inclusive) to {@code to} (exclusive), in index order.
     *
     * @param from first element.
     * @param to   one past the last element.
     * @return the sum; 0.0 for an empty range.
     * @throws IndexOutOfBoundsException if the range is out of bounds.
     * @throws IllegalStateException     if closed.
     */
    public double sum(final long from, final long to)
    {
        final double[] acc = {0.0};
        forEachRun(from, to, (a, n, first) -> acc[0] = DoubleKernels.sum(a, n, isFloat, acc[0]));
        return acc[0];
    }

    /**
     * The smallest element, as {@link Math#min(double, double)} orders them (NaN wins, -0.0 &lt; 0.0).
     *
     * @return the minimum, or {@link Double#POSITIVE_INFINITY} for an empty array.
     * @throws IllegalStateException if closed.
     */
    public double min()
    {
        final double[] acc = {Double.POSITIVE_INFINITY};
        forEachRun(0, length, (a, n, first) -> acc[0] = DoubleKernels.min(a, n, isFloat, acc[0]));
        return acc[0];
    }

    /**
     * The largest element, as {@link Math#max(double, double)} orders them (NaN wins, -0.0 &lt; 0.0).
     *
     * @return the maximum, or {@link Double#NEGATIVE_INFINITY} for an empty array.
     * @throws IllegalStateException if closed.
     */
    public double max()
    {
        final double[] acc = {Double.NEGATIVE_INFINITY};
        forEachRun(0, length, (a, n, first) -> acc[0] = DoubleKernels.max(a, n, isFloat, acc[0]));
        return acc[0];
    }
}
