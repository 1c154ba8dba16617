package io.shmkit.sync;

import java.util.function.LongConsumer;

import org.agrona.UnsafeApi;

import io.shmkit.internal.lock.RobustLock;
import io.shmkit.internal.mem.Mem;
import io.shmkit.internal.segment.Segment;
import io.shmkit.internal.segment.SegmentLayout;
import io.shmkit.segment.SegmentFormatException;
import io.shmkit.segment.SegmentKind;
import io.shmkit.segment.ShmOptions;
import io.shmkit.segment.TypeCode;
import io.shmkit.segment.WaitMode;

/**
 * The segment of one synchronisation primitive: a shmkit segment of typecode {@code 'q'} whose lock slots are the
 * primitive's locks and whose elements are its state words (the layouts are the {@code *Descriptor} classes).
 * Lifecycle and word access for the primitives; not thread-safe against {@link #close()}, as every segment.
 */
final class SyncSegment implements AutoCloseable
{
    private static final TypeCode WORD = TypeCode.of('q');

    private final Segment segment;
    private final long data;
    private final boolean spin;

    private SyncSegment(final Segment segment, final ShmOptions options)
    {
        this.segment = segment;
        this.spin = options.waitMode() == WaitMode.SPIN;
        this.data = segment.chunkAddresses()[0] + segment.dataOffset();
    }

    static SyncSegment create(
        final String name, final SegmentKind kind, final int words, final int slots, final ShmOptions options,
        final LongConsumer initialWords)
    {
        final SegmentLayout layout = SegmentLayout.region(kind, WORD, words, slots);
        return new SyncSegment(Segment.create(name, layout, options, initialWords), options);
    }

    static SyncSegment open(
        final String name, final SegmentKind kind, final int minWords, final int slots, final ShmOptions options)
    {
        final Segment segment = Segment.open(name, kind, Boolean.FALSE, options);
        final SegmentLayout layout = segment.layout();
        if (layout.elementCount() < minWords || layout.stripeCount() != slots || layout.type() != WORD)
        {
            segment.close();
            throw new SegmentFormatException("'" + name + "' holds a " +
                kind.name().toLowerCase(java.util.Locale.ROOT) + " of " + layout.elementCount() + " words and " +
                layout.stripeCount() + " lock slots; expected at least " + minWords + " words and " + slots +
                " slots (written by another version?)");
        }
        return new SyncSegment(segment, options);
    }

    RobustLock lock(final int slot, final String what, final long handoffAfterNs)
    {
        return new RobustLock(segment, segment.lockWordAddress(slot), what, handoffAfterNs, spin);
    }

    /** Whether the handle's waits spin ({@link WaitMode#SPIN}). */
    boolean spins()
    {
        return spin;
    }

    /** Absolute address of lock slot {@code slot}. */
    long slotAddress(final int slot)
    {
        return segment.lockWordAddress(slot);
    }

    long words()
    {
        return segment.layout().elementCount();
    }

    /** Address of state word {@code offset} (a byte offset from the data, from a descriptor). */
    long address(final int offset)
    {
        return data + offset;
    }

    long get(final int offset)
    {
        return UnsafeApi.getLongVolatile(null, data + offset);
    }

    void set(final int offset, final long value)
    {
        UnsafeApi.putLongVolatile(null, data + offset, value);
    }

    /** A release store: for words read only by their writer or for display, where no later load must wait. */
    void setRelease(final int offset, final long value)
    {
        UnsafeApi.putLongRelease(null, data + offset, value);
    }

    long getAndAdd(final int offset, final long delta)
    {
        return Mem.getAndAdd64(data + offset, delta);
    }

    boolean compareAndSet(final int offset, final long expected, final long value)
    {
        return Mem.cas64(data + offset, expected, value);
    }

    String name()
    {
        return segment.name();
    }

    boolean isClosed()
    {
        return segment.isClosed();
    }

    void checkOpen()
    {
        if (segment.isClosed())
        {
            throw new IllegalStateException("'" + segment.name() + "' is closed");
        }
    }

    boolean unlink()
    {
        return segment.unlink();
    }

    @Override
    public void close()
    {
        segment.close();
    }
}
