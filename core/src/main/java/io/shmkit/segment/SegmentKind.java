package io.shmkit.segment;

import io.shmkit.SharedDouble;
import io.shmkit.SharedDoubleArray;
import io.shmkit.SharedLong;
import io.shmkit.SharedLongArray;

/**
 * What a segment holds, as recorded in its header (the Kind field of {@code docs/layout.md}).
 *
 * <p><b>Note:</b> immutable and thread-safe.
 */
public enum SegmentKind
{
    /** A single typed value: {@link SharedLong} or {@link SharedDouble}. */
    VALUE(1),
    /** A typed array: {@link SharedLongArray} or {@link SharedDoubleArray}. */
    ARRAY(2),
    /** A named robust lock ({@code io.shmkit.sync.SharedLock}). */
    LOCK(4),
    /** A named reentrant robust lock ({@code io.shmkit.sync.SharedRLock}). */
    RLOCK(5),
    /** A named semaphore, bounded or not ({@code io.shmkit.sync.SharedSemaphore}). */
    SEMAPHORE(6),
    /** A named event ({@code io.shmkit.sync.SharedEvent}). */
    EVENT(7),
    /** A named condition with its lock ({@code io.shmkit.sync.SharedCondition}). */
    CONDITION(8),
    /** A named barrier ({@code io.shmkit.sync.SharedBarrier}). */
    BARRIER(9);

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
