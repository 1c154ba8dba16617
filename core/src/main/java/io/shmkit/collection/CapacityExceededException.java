package io.shmkit.collection;

/**
 * A {@link SharedList} or {@link SharedDict} has no room for a record now: its record or entry count is at its
 * capacity, or its free chunks (the stripe's, for a dict), gathered by a compaction if they are scattered, are
 * fewer than the record takes. Nothing was changed. An
 * {@link IllegalStateException}, as {@link java.util.Queue#add} throws when a bounded queue is full.
 *
 * <p><b>Note:</b> immutable once thrown; thread-safe.
 */
public class CapacityExceededException extends IllegalStateException
{
    private static final long serialVersionUID = 1L;

    /**
     * An exception with a message.
     *
     * @param message which capacity, naming the structure.
     */
    public CapacityExceededException(final String message)
    {
        super(message);
    }
}
