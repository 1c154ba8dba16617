package io.shmkit.segment;

/**
 * A handle on a named shared object of shmkit (an array, a value, a collection, a synchroniser, a queue): the name
 * it was created or opened under, and whether this handle has been closed. Closing a handle unmaps its segment in
 * this process only; it never removes the segment (each type's {@code unlink()} does).
 *
 * <p>Lets code that keeps handles of several kinds (a manager's cache, a pool worker's) ask whether one is still
 * usable without knowing its type.
 *
 * <p><b>Note:</b> {@link #name()} and {@link #isClosed()} are thread-safe and never throw; once {@link #close()} has
 * returned, {@link #isClosed()} is true in every thread. {@link #close()} is idempotent.
 */
public interface SharedHandle extends AutoCloseable
{
    /**
     * The segment's name, as given when the object was created or opened.
     *
     * @return the name.
     */
    String name();

    /**
     * Whether this handle has been closed (in this process: other handles, and other processes, are not affected).
     *
     * @return true once closed.
     */
    boolean isClosed();

    /** Close this handle: unmap the segment in this process (idempotent; never unlinks). */
    @Override
    void close();
}
