package io.shmkit.cli;

import io.shmkit.SegmentInfo;
import io.shmkit.SegmentKind;
import io.shmkit.Segments;
import io.shmkit.SharedArray;
import io.shmkit.SharedDouble;
import io.shmkit.SharedDoubleArray;
import io.shmkit.SharedLong;
import io.shmkit.SharedLongArray;
import io.shmkit.SharedValue;
import io.shmkit.ShmOptions;
import io.shmkit.TypeCode;

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
     * Open the element of {@code name}: the value itself, or element {@code indexText} of an array.
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
        final SegmentInfo info = Segments.inspect(name, options);
        if (info.kind() == SegmentKind.VALUE)
        {
            if (null != indexText)
            {
                throw CliException.usage("'" + name + "' is a value, not an array: use '" + valueForm + "'");
            }
            return new Element(SharedValue.open(name, options), null, 0);
        }
        if (null == indexText)
        {
            throw CliException.usage(
                "'" + name + "' is an array of length " + info.elementCount() + ": use '" + arrayForm + "'");
        }
        final long index = Values.parseNonNegative("index", indexText);
        final SharedArray array = SharedArray.open(name, options);
        if (index >= array.length())
        {
            array.close();
            throw CliException.usage(
                "index " + index + " is out of range for '" + name + "' of length " + array.length());
        }
        return new Element(null, array, index);
    }

    /**
     * The element's typecode.
     *
     * @return the typecode.
     */
    TypeCode type()
    {
        return type;
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
            return value instanceof SharedLong ?
                Values.formatInteger(type, ((SharedLong)value).get()) :
                Values.formatFloating(type, ((SharedDouble)value).get());
        }
        return array instanceof SharedLongArray ?
            Values.formatInteger(type, ((SharedLongArray)array).get(index)) :
            Values.formatFloating(type, ((SharedDoubleArray)array).get(index));
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
