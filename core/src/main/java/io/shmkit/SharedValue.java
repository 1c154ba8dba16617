package io.shmkit;

import java.util.function.LongConsumer;

import io.shmkit.internal.segment.Segment;
import io.shmkit.internal.segment.SegmentLayout;
import io.shmkit.segment.SegmentFormatException;
import io.shmkit.segment.SegmentKind;
import io.shmkit.segment.SharedHandle;
import io.shmkit.segment.ShmOptions;
import io.shmkit.segment.TypeCode;

/**
 * A single typed value in a named shared-memory segment: Python's {@code multiprocessing.Value} (with a lock)
 * and {@code RawValue} (without). Integer typecodes are {@link SharedLong}s, floating-point typecodes
 * {@link SharedDouble}s. A value is stored as a one-element array of kind {@link SegmentKind#VALUE}, with
 * one lock slot if created with a lock.
 *
 * <p>Atomic operations ({@code getAndAdd}, {@code compareAndSet}, ...) need no lock. The lock, Python's
 * {@code get_lock()}, is for compound actions and for protecting other data by convention, as in Python's
 * {@code with v.get_lock(): v.value += 1}.
 *
 * <p><b>Note:</b> thread-safe and process-safe. {@link #close()} must not race with operations in progress
 * in other threads of this process; afterwards every operation throws {@link IllegalStateException}.
 */
public abstract sealed class SharedValue implements SharedHandle permits SharedLong, SharedDouble
{
    final SharedArray cell;

    SharedValue(final SharedArray cell)
    {
        this.cell = cell;
    }

    /**
     * Create a value's segment: {@code writeInitial} gets the value's address and writes it before the segment is
     * published, so that no opener reads 0 first.
     */
    static Segment createSegment(
        final String name, final TypeCode type, final ShmOptions options, final LongConsumer writeInitial)
    {
        return Segment.create(name, SegmentLayout.value(type, options), options, writeInitial);
    }

    /** Open a value's segment of the family {@code floating} (null for either: see {@link Segment#open}). */
    static Segment openSegment(final String name, final Boolean floating, final ShmOptions options)
    {
        return Segment.open(name, SegmentKind.VALUE, floating, options);
    }

    // DELIBERATE REPEATS: the two open overloads mirror SharedArray's (the array family's), Javadoc and all.

    /**
     * Open an existing value of any typecode.
     *
     * @param name the segment name.
     * @return a {@link SharedLong} or {@link SharedDouble}, depending on the typecode.
     * @throws java.io.UncheckedIOException if there is no such segment or it cannot be opened.
     * @throws SegmentFormatException       if it is not a shmkit value.
     * @throws IllegalArgumentException     if the name is invalid.
     */
    public static SharedValue open(final String name)
    {
        return open(name, ShmOptions.defaults());
    }

    /**
     * Open an existing value of any typecode.
     *
     * @param name    the segment name.
     * @param options root directory and open timeout.
     * @return a {@link SharedLong} or {@link SharedDouble}, depending on the typecode.
     * @throws java.io.UncheckedIOException if there is no such segment or it cannot be opened.
     * @throws SegmentFormatException       if it is not a shmkit value.
     * @throws IllegalArgumentException     if the name is invalid.
     */
    public static SharedValue open(final String name, final ShmOptions options)
    {
        final Segment segment = openSegment(name, null, options);
        return segment.layout().type().isFloatingPoint() ?
            new SharedDouble(new SharedDoubleArray(segment)) : new SharedLong(new SharedLongArray(segment));
    }

    /**
     * The segment name.
     *
     * @return the name.
     */
    public final String name()
    {
        return cell.name();
    }

    /**
     * The typecode.
     *
     * @return the type.
     */
    public final TypeCode typeCode()
    {
        return cell.typeCode();
    }

    /**
     * Whether the value was created with a lock.
     *
     * @return false for a raw value.
     */
    public final boolean hasLock()
    {
        return cell.hasLocks();
    }

    /**
     * Python's {@code get_lock()}: the value's lock.
     *
     * @return the lock, the same object on every call.
     * @throws IllegalStateException if the value has no lock or is closed.
     */
    public final ShmLock getLock()
    {
        return cell.stripeLock(0);
    }

    /**
     * Whether {@link #close()} has been called.
     *
     * @return true once closed.
     */
    public final boolean isClosed()
    {
        return cell.isClosed();
    }

    /**
     * Unmap the value in this process. Idempotent. Release its lock first (see {@link SharedArray#close()}).
     *
     * @throws IllegalStateException if the calling thread holds the value's lock (nothing is closed).
     */
    @Override
    public final void close()
    {
        cell.close();
    }

    /**
     * Remove the segment's name; processes that have it open keep their mapping.
     *
     * @return true if the file was removed.
     */
    public final boolean unlink()
    {
        return cell.unlink();
    }

    @Override
    public String toString()
    {
        return getClass().getSimpleName() + "{name=" + name() + ", typecode=" + typeCode() +
            (isClosed() ? ", closed" : "") + "}";
    }
}
