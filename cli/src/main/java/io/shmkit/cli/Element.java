package io.shmkit.cli;

import io.shmkit.Segments;
import io.shmkit.SharedArray;
import io.shmkit.SharedDouble;
import io.shmkit.SharedDoubleArray;
import io.shmkit.SharedLong;
import io.shmkit.SharedLongArray;
import io.shmkit.SharedValue;
import io.shmkit.segment.SegmentFormatException;
import io.shmkit.segment.SegmentInfo;
import io.shmkit.segment.SegmentKind;
import io.shmkit.segment.ShmOptions;
import io.shmkit.segment.TypeCode;

/**
 * One element addressed from the command line: a Value, or one element of an Array. Reads and writes are
 * single atomic accesses with volatile memory effects and take no lock, so they never wait for a lock
 * holder.
 *
 * <p><b>Note:</b> not thread-safe; meant for one command. Closing unmaps the segment.
 */
final class Element implements AutoCloseable
{
    private final SharedValue value;
    private final SharedArray array;
    private final long index;
    private final TypeCode type;

    private Element(final SharedValue value, final SharedArray array, final long index)
    {
        this.value = value;
        this.array = array;
        this.index = index;
        this.type = null != value ? value.typeCode() : array.typeCode();
    }

    /**
     * Open the element of {@code name}: the value itself, or element {@code indexText} of an array. The segment
     * is opened once, as what the command line asks for; only when it holds the other kind is its header read
     * again, for the message.
     *
     * @param name      segment name.
     * @param indexText the index for an array, {@code null} for a value.
     * @param options   root directory.
     * @param valueForm how the command is used for a value, e.g. {@code "shmkit get v"}, for messages.
     * @param arrayForm how the command is used for an array, e.g. {@code "shmkit get a INDEX"}, for messages.
     * @return the element, open.
     * @throws CliException a usage error if an index is missing for an array, given for a value, malformed or
     *                      out of range.
     */
    static Element open(
        final String name, final String indexText, final ShmOptions options, final String valueForm,
        final String arrayForm)
    {
        if (null == indexText)
        {
            try
            {
                return new Element(SharedValue.open(name, options), null, 0);
            }
            catch (final SegmentFormatException ex)
            {
                throw wrongKind(name, options, SegmentKind.ARRAY, ex, valueForm, arrayForm);
            }
        }
        final SharedArray array;
        try
        {
            array = SharedArray.open(name, options);
        }
        catch (final SegmentFormatException ex)
        {
            throw wrongKind(name, options, SegmentKind.VALUE, ex, valueForm, arrayForm);
        }
        try
        {
            final long index = Values.parseNonNegative("index", indexText);
            if (index >= array.length())
            {
                throw CliException.usage(
                    "index " + index + " is out of range for '" + name + "' of length " + array.length());
            }
            return new Element(null, array, index);
        }
        catch (final RuntimeException ex)
        {
            array.close();
            throw ex;
        }
    }

    /**
     * The usage error for a segment of kind {@code actual} opened as the other kind, or {@code ex} itself if the
     * segment is not of kind {@code actual} (then it was not the kind that was wrong).
     */
    private static RuntimeException wrongKind(
        final String name, final ShmOptions options, final SegmentKind actual, final SegmentFormatException ex,
        final String valueForm, final String arrayForm)
    {
        final SegmentInfo info;
        try
        {
            info = Segments.inspect(name, options);
        }
        catch (final RuntimeException again)
        {
            ex.addSuppressed(again);
            return ex;
        }
        if (info.kind() != actual)
        {
            return ex;
        }
        return actual == SegmentKind.VALUE ?
            CliException.usage("'" + name + "' is a value, not an array: use '" + valueForm + "'") :
            CliException.usage(
                "'" + name + "' is an array of length " + info.elementCount() + ": use '" + arrayForm + "'");
    }

    /**
     * Read the element (volatile) and format it.
     *
     * @return its value as text, unsigned for {@code 'Q'} and {@code 'L'}.
     */
    String get()
    {
        if (null != value)
        {
            return Values.format(value);
        }
        return Values.format(array, index);
    }

    /**
     * Parse {@code text} for the element's typecode and write it (volatile).
     *
     * @param text the new value.
     * @throws CliException a usage error if it is not a number of the typecode or out of its range.
     */
    void set(final String text)
    {
        if (type.isFloatingPoint())
        {
            final double v = Values.parseFloating(type, text);
            if (null != value)
            {
                ((SharedDouble)value).set(v);
            }
            else
            {
                ((SharedDoubleArray)array).set(index, v);
            }
        }
        else
        {
            final long v = Values.parseInteger(type, text);
            if (null != value)
            {
                ((SharedLong)value).set(v);
            }
            else
            {
                ((SharedLongArray)array).set(index, v);
            }
        }
    }

    @Override
    public void close()
    {
        if (null != value)
        {
            value.close();
        }
        else
        {
            array.close();
        }
    }
}
