package io.shmkit.cli;

import io.shmkit.SharedDoubleArray;

/**
 * The data of the demo's first part: element {@code i} starts as {@code i + 0.5}, never zero, so that its
 * negation always changes its sign bit.
 *
 * <p><b>Note:</b> stateless and thread-safe; the array operations take the stripe locks.
 */
final class DemoData
{
    /** Elements copied per bulk call. */
    static final int CHUNK = 1 << 16;

    private DemoData()
    {
    }

    /**
     * The original value of element {@code i}.
     *
     * @param i the index.
     * @return {@code i + 0.5}.
     */
    static double original(final long i)
    {
        return i + 0.5;
    }

    /**
     * Set every element to its original value, in chunks through a heap buffer.
     *
     * @param a the array.
     */
    static void fill(final SharedDoubleArray a)
    {
        final double[] chunk = new double[(int)Math.min(CHUNK, a.length())];
        for (long from = 0; from < a.length(); from += chunk.length)
        {
            final int n = (int)Math.min(chunk.length, a.length() - from);
            for (int k = 0; k < n; k++)
            {
                chunk[k] = original(from + k);
            }
            a.copyFrom(chunk, 0, from, n);
        }
    }

    /**
     * How many elements are not exactly (bit for bit) minus their original value.
     *
     * @param a the array.
     * @return 0 if every element was negated exactly once.
     */
    static long countNotNegated(final SharedDoubleArray a)
    {
        return countNot(a, -1);
    }

    /**
     * How many elements are not exactly (bit for bit) their original value times {@code sign}.
     *
     * @param a    the array.
     * @param sign 1 for the original values, -1 for their negations.
     * @return 0 if every element is as expected.
     */
    static long countNot(final SharedDoubleArray a, final int sign)
    {
        final double[] chunk = new double[(int)Math.min(CHUNK, a.length())];
        long wrong = 0;
        for (long from = 0; from < a.length(); from += chunk.length)
        {
            final int n = (int)Math.min(chunk.length, a.length() - from);
            a.copyTo(from, chunk, 0, n);
            for (int k = 0; k < n; k++)
            {
                if (Double.doubleToRawLongBits(chunk[k]) != Double.doubleToRawLongBits(sign * original(from + k)))
                {
                    wrong++;
                }
            }
        }
        return wrong;
    }
}
