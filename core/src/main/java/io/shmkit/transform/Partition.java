package io.shmkit.transform;

/**
 * One child's share of a {@link Transforms} call: elements {@code from} (inclusive) to {@code to} (exclusive),
 * aligned to the array's stripes.
 *
 * <p><b>Throws:</b> nothing: a plain record.
 *
 * <p><b>Note:</b> immutable and thread-safe.
 *
 * @param index the partition's number, from 0, in ascending element order.
 * @param from  first element.
 * @param to    one past the last element.
 */
public record Partition(int index, long from, long to)
{
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
        return "partition " + index + " [" + from + ", " + to + ")";
    }
}
