package io.shmkit.internal.segment;

import io.shmkit.segment.SegmentKind;
import io.shmkit.segment.ShmOptions;
import io.shmkit.segment.TypeCode;

/**
 * What a segment holds, as its header records it: kind, typecode, element count and stripes (element {@code i} is
 * in stripe {@code i >> stripeShift}; no stripes for a segment without locks). {@link #array} and {@link #value}
 * choose the layouts of shmkit's arrays and values; the file's length follows ({@link SegmentDescriptor}).
 *
 * <p><b>Note:</b> immutable; thread-safe.
 *
 * @param kind         the segment's kind.
 * @param type         the element type.
 * @param elementCount the number of elements.
 * @param stripeCount  the number of lock slots: 0, or a power of two.
 * @param stripeShift  log2 of the elements per stripe.
 */
public record SegmentLayout(SegmentKind kind, TypeCode type, long elementCount, int stripeCount, int stripeShift)
{
    /** Stripe length aimed at when the stripe count is chosen automatically. */
    public static final int TARGET_STRIPE_LENGTH = 4096;
    /** Largest automatic stripe count. */
    public static final int MAX_AUTO_STRIPES = 1024;

    /**
     * The layout of an array: with {@link ShmOptions#stripes()} stripes, or for {@link ShmOptions#AUTO_STRIPES}
     * {@code min(1024, nextPow2(ceil(length / 4096)))}; none without locks.
     *
     * @param type    the element type.
     * @param length  the number of elements.
     * @param options locks and stripes.
     * @return the layout.
     * @throws IllegalArgumentException if {@code length} is negative or too large for a file.
     */
    public static SegmentLayout array(final TypeCode type, final long length, final ShmOptions options)
    {
        if (length < 0)
        {
            throw new IllegalArgumentException("length=" + length + " must not be negative");
        }
        if (length > (Long.MAX_VALUE >> 4) / type.size())
        {
            throw new IllegalArgumentException("length=" + length + " is too large");
        }
        if (!options.locked())
        {
            return new SegmentLayout(SegmentKind.ARRAY, type, length, 0, 0);
        }
        int stripes = options.stripes();
        if (stripes == ShmOptions.AUTO_STRIPES)
        {
            final long wanted = (length + TARGET_STRIPE_LENGTH - 1) / TARGET_STRIPE_LENGTH;
            stripes = wanted <= 1 ? 1 : (int)Math.min(MAX_AUTO_STRIPES, Long.highestOneBit(wanted - 1) << 1);
        }
        return new SegmentLayout(SegmentKind.ARRAY, type, length, stripes, stripeShift(length, stripes));
    }

    /**
     * The layout of a value: one element, and one lock slot if it has a lock.
     *
     * @param type    the element type.
     * @param options whether it has a lock.
     * @return the layout.
     */
    public static SegmentLayout value(final TypeCode type, final ShmOptions options)
    {
        return new SegmentLayout(SegmentKind.VALUE, type, 1, options.locked() ? 1 : 0, 0);
    }

    /**
     * The layout of a structure that is a region of bytes (a queue, a list, a dict, a synchroniser): typecode
     * {@code 'B'}, the region's length as the element count, and {@code lockSlots} lock slots whose stripe shift
     * is the smallest that covers the region (docs/layout.md, "Stripe Shift").
     *
     * @param kind      the structure's kind.
     * @param length    the region's length in bytes.
     * @param lockSlots the lock slots the structure uses, a power of two, or 0.
     * @return the layout.
     */
    public static SegmentLayout region(final SegmentKind kind, final long length, final int lockSlots)
    {
        return region(kind, TypeCode.of('B'), length, lockSlots);
    }

    /**
     * The layout of a structure made of {@code count} elements of {@code type} (e.g. the 64-bit state words of a
     * synchroniser) and {@code lockSlots} lock slots, with the smallest covering stripe shift.
     *
     * @param kind      the structure's kind.
     * @param type      the element type.
     * @param count     the number of elements.
     * @param lockSlots the lock slots the structure uses, a power of two, or 0.
     * @return the layout.
     */
    public static SegmentLayout region(final SegmentKind kind, final TypeCode type, final long count,
        final int lockSlots)
    {
        return new SegmentLayout(kind, type, count, lockSlots, lockSlots == 0 ? 0 : stripeShift(count, lockSlots));
    }

    /** Smallest shift such that stripes &lt;&lt; shift covers length. */
    static int stripeShift(final long length, final int stripes)
    {
        final long perStripe = Math.max(1, (length + stripes - 1) / stripes);
        return 64 - Long.numberOfLeadingZeros(perStripe - 1);
    }

    /** The file's length: header, lock slots and data. */
    long fileLength()
    {
        return SegmentDescriptor.fileLength(stripeCount, elementCount, type.size());
    }
}
