package io.shmkit.segment;

/**
 * A file under the shared-memory root is not a usable shmkit segment of the kind asked for: it is too
 * short, carries a foreign magic or an unknown layout version, holds another kind or typecode than the one
 * asked for, its header disagrees with the file's length, or it never became ready.
 *
 * <p><b>Note:</b> immutable once thrown; thread-safe.
 */
public class SegmentFormatException extends ShmException
{
    private static final long serialVersionUID = 1L;

    /**
     * An exception with a message.
     *
     * @param message what is wrong with the file, naming it.
     */
    public SegmentFormatException(final String message)
    {
        super(message);
    }
}
