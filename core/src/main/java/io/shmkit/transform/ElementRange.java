package io.shmkit.transform;

/**
 * Elements {@code from} (inclusive) to {@code to} (exclusive) of an array.
 *
 * <p><b>Throws:</b> IllegalArgumentException (a negative {@code from}, or {@code from} greater than {@code to}).
 *
 * <p><b>Note:</b> immutable and thread-safe.
 *
 * @param from first element.
 * @param to   one past the last element.
 */
public record ElementRange(long from, long to)
{
    /**
     * A range.
     *
     * @param from first element.
     * @param to   one past the last element.
     * @throws IllegalArgumentException if {@code from} is negative or greater than {@code to}.
     */
    public ElementRange
    {
        if (from < 0 || from > to)
        {
            throw new IllegalArgumentException("[" + from + ", " + to + ") is not a range of elements");
        }
    }

    /**
     * The number of elements.
     *
     * @return {@code to - from}.
     */
    public long length()
    {
        return to - from;
    }

    @Override
    public String toString()
    {
        return "[" + from + ", " + to + ")";
    }
}
