package io.shmkit;

/**
 * What a segment holds, as recorded in its header ({@link SegmentDescriptor#KIND_OFFSET}).
 *
 * <p><b>Note:</b> immutable and thread-safe.
 */
public enum SegmentKind
{
    /** A single typed value: {@link SharedLong} or {@link SharedDouble}. */
    VALUE(1),
    /** A typed array: {@link SharedLongArray} or {@link SharedDoubleArray}. */
    ARRAY(2);

    private final int id;

    SegmentKind(final int id)
    {
        this.id = id;
    }

    /**
     * The value stored in the header.
     *
     * @return the kind's id.
     */
    public int id()
    {
        return id;
    }

    /**
     * The kind with a header id.
     *
     * @param id the header's kind word.
     * @return the kind, or {@code null} if unknown.
     */
    public static SegmentKind fromId(final int id)
    {
        for (final SegmentKind k : values())
        {
            if (k.id == id)
            {
                return k;
            }
        }
        return null;
    }
}
