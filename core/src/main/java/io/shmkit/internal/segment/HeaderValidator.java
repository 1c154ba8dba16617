package io.shmkit.internal.segment;

import static io.shmkit.internal.segment.SegmentDescriptor.*;

import io.shmkit.segment.SegmentFormatException;
import io.shmkit.segment.SegmentKind;
import io.shmkit.segment.TypeCode;

/** Checks a {@link HeaderSnapshot} for consistency: the validating half of the header reader. */
final class HeaderValidator
{
    private HeaderValidator()
    {
    }

    /**
     * Check the header for consistency and, where given, for the kind and type asked for.
     *
     * @return the file length the header describes.
     */
    static long validate(final HeaderSnapshot h, final SegmentKind expectedKind, final Boolean expectedFloating)
    {
        // DELIBERATE REPEATS: one local per header field, so the checks below read as the header's fields.
        final String name = h.name();
        final long actualLength = h.actualLength();
        final int version = h.version();
        final SegmentKind kind = h.kind();
        final int kindId = h.kindId();
        final TypeCode type = h.type();
        final int typeCode = h.typeCode();
        final int elementSize = h.elementSize();
        final int stripeCount = h.stripeCount();
        final long elementCount = h.elementCount();
        final long dataOffset = h.dataOffset();
        final int stripeShift = h.stripeShift();
        final long creatorPid = h.creatorPid();
        long fileLength = 0;
        if (version != LAYOUT_VERSION)
        {
            fail(name, "has layout version " + version + "; this shmkit reads version " + LAYOUT_VERSION);
        }
        if (null == kind)
        {
            fail(name, "has an unknown kind " + kindId);
        }
        if (null != expectedKind && kind != expectedKind)
        {
            fail(name, "holds " + article(kind) + ", not " + article(expectedKind));
        }
        if (null == type)
        {
            fail(name, "has an unknown typecode " + typeCode);
        }
        if (null != expectedFloating && type.isFloatingPoint() != expectedFloating)
        {
            fail(name, "has typecode " + type + ": open it as a Shared" +
                (type.isFloatingPoint() ? "Double" : "Long") + (kind == SegmentKind.ARRAY ? "Array" : ""));
        }
        if (elementSize != type.size())
        {
            fail(name, "records element size " + elementSize + " for typecode " + type + " (expected " +
                type.size() + ")");
        }
        if (stripeCount < 0 || stripeCount > MAX_STRIPES || (stripeCount != 0 && Integer.bitCount(stripeCount) != 1))
        {
            fail(name, "has an invalid stripe count " + stripeCount);
        }
        if (elementCount < 0)
        {
            fail(name, "has a negative element count " + elementCount);
        }
        if (kind == SegmentKind.VALUE && elementCount != 1)
        {
            fail(name, "is a value of " + elementCount + " elements; a value has exactly 1");
        }
        if (kind == SegmentKind.VALUE && stripeCount > 1)
        {
            fail(name, "is a value with " + stripeCount + " stripes; a value has 1 (with a lock) or 0 (without)");
        }
        // docs/layout.md, "Stripe Shift": 0-62 whatever the stripe count; the coverage rule needs stripes and
        // elements (with no stripes the shift means nothing, with no elements nothing needs covering).
        if (stripeShift < 0 || stripeShift > MAX_STRIPE_SHIFT)
        {
            fail(name, "has stripe shift " + stripeShift + " outside 0-" + MAX_STRIPE_SHIFT);
        }
        if (stripeCount > 0 && elementCount > 0 && ((elementCount - 1) >>> stripeShift) >= stripeCount)
        {
            fail(name, "has stripe shift " + stripeShift + " that does not cover " + elementCount + " elements with " +
                stripeCount + " stripes");
        }
        if (dataOffset != SegmentDescriptor.dataOffset(stripeCount))
        {
            fail(name, "has data offset " + dataOffset + "; " + stripeCount + " stripes put the data at " +
                SegmentDescriptor.dataOffset(stripeCount));
        }
        try
        {
            fileLength = SegmentDescriptor.fileLength(stripeCount, elementCount, elementSize);
        }
        catch (final ArithmeticException ex)
        {
            fail(name, "records sizes whose total overflows: " + elementCount + " elements of " + elementSize +
                " bytes");
        }
        if (fileLength != actualLength)
        {
            fail(name, "is " + actualLength + " bytes long but its header describes " + fileLength +
                " bytes (truncated or corrupted)");
        }
        if (creatorPid <= 0)
        {
            fail(name, "records an invalid creator pid " + creatorPid);
        }
        return fileLength;
    }

    private static String article(final SegmentKind k)
    {
        final String n = k.name().toLowerCase(java.util.Locale.ROOT);
        return ("aeiou".indexOf(n.charAt(0)) >= 0 ? "an " : "a ") + n;
    }

    private static void fail(final String name, final String what)
    {
        throw new SegmentFormatException("'" + name + "' " + what);
    }
}
