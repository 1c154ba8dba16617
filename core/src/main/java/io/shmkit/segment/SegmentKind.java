package io.shmkit.segment;

/**
 * What a segment holds, as recorded in its header (the Kind field of {@code docs/layout.md}).
 *
 * <p><b>Throws:</b> nothing: {@link #fromId} returns {@code null} for an unknown id.
 *
 * <p><b>Note:</b> immutable and thread-safe.
 */
public enum SegmentKind
{
    /** A single typed value: {@link io.shmkit.SharedLong} or {@link io.shmkit.SharedDouble}. */
    VALUE(1),
    /** A typed array: {@link io.shmkit.SharedLongArray} or {@link io.shmkit.SharedDoubleArray}. */
    ARRAY(2),
    /**
     * A message queue ({@code io.shmkit.queue}): typecode {@code 'B'}, element count the bytes of its region
     * (control block, producer and consumer tables, ring buffer), one lock slot per consumer lock.
     */
    QUEUE(3),
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
    BARRIER(9),
    /** A shared list of byte records ({@code io.shmkit.collection.SharedList}); typecode {@code 'B'}. */
    LIST(10),
    /** A shared map of byte keys to byte values ({@code io.shmkit.collection.SharedDict}); typecode {@code 'B'}. */
    DICT(11),
    /** The directory of a named manager that owns a job's shared objects ({@code io.shmkit.manager.ShmManager}). */
    MANAGER(12);

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
