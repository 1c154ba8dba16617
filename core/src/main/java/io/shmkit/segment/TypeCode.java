package io.shmkit.segment;

import io.shmkit.SharedDouble;
import io.shmkit.SharedDoubleArray;
import io.shmkit.SharedLong;
import io.shmkit.SharedLongArray;

/**
 * The element types of shared values and arrays, named by the typecodes of Python's {@code array} and
 * {@code multiprocessing} modules, with the sizes of Linux on x86-64 ({@code 'l'} and {@code 'L'} are 8 bytes).
 *
 * <table>
 *   <caption>Typecodes, their C types, sizes and the Java types that hold them</caption>
 *   <tr><th>code</th><th>C type</th><th>bytes</th><th>range</th><th>read as</th></tr>
 *   <tr><td>{@code 'b'}</td><td>signed char</td><td>1</td><td>-128 .. 127</td><td>{@code long}</td></tr>
 *   <tr><td>{@code 'B'}</td><td>unsigned char</td><td>1</td><td>0 .. 255</td><td>{@code long}</td></tr>
 *   <tr><td>{@code 'h'}</td><td>short</td><td>2</td><td>-32768 .. 32767</td><td>{@code long}</td></tr>
 *   <tr><td>{@code 'H'}</td><td>unsigned short</td><td>2</td><td>0 .. 65535</td><td>{@code long}</td></tr>
 *   <tr><td>{@code 'i'}</td><td>int</td><td>4</td><td>-2<sup>31</sup> .. 2<sup>31</sup>-1</td><td>{@code long}</td></tr>
 *   <tr><td>{@code 'I'}</td><td>unsigned int</td><td>4</td><td>0 .. 2<sup>32</sup>-1</td><td>{@code long}</td></tr>
 *   <tr><td>{@code 'l'}</td><td>long</td><td>8</td><td>-2<sup>63</sup> .. 2<sup>63</sup>-1</td><td>{@code long}</td></tr>
 *   <tr><td>{@code 'L'}</td><td>unsigned long</td><td>8</td><td>0 .. 2<sup>64</sup>-1</td>
 *       <td>{@code long}, unsigned meaning</td></tr>
 *   <tr><td>{@code 'q'}</td><td>long long</td><td>8</td><td>-2<sup>63</sup> .. 2<sup>63</sup>-1</td><td>{@code long}</td></tr>
 *   <tr><td>{@code 'Q'}</td><td>unsigned long long</td><td>8</td><td>0 .. 2<sup>64</sup>-1</td>
 *       <td>{@code long}, unsigned meaning</td></tr>
 *   <tr><td>{@code 'f'}</td><td>float</td><td>4</td><td>IEEE 754 binary32</td><td>{@code double}</td></tr>
 *   <tr><td>{@code 'd'}</td><td>double</td><td>8</td><td>IEEE 754 binary64</td><td>{@code double}</td></tr>
 * </table>
 *
 * <p>Integer typecodes are accessed through {@link SharedLongArray} and {@link SharedLong}, which read every
 * integer type into a {@code long} (for {@code 'L'} and {@code 'Q'} the {@code long} carries the 64 bits of the
 * unsigned value: use {@link Long#toUnsignedString(long)}, {@link Long#compareUnsigned(long, long)} and friends).
 * The narrowest Java type that holds every value of a typecode is given by {@link #holder()}
 * ({@code int} for {@code 'B'} and {@code 'H'}, {@code long} for {@code 'I'}). Floating-point typecodes are
 * accessed through {@link SharedDoubleArray} and {@link SharedDouble} as {@code double}.
 *
 * <p><b>Throws:</b> IllegalArgumentException ({@link #of} of an unknown code; {@code checkedValue} of a value out of
 * range), UnsupportedOperationException (an integer query of {@code 'f'} or {@code 'd'}, or the reverse:
 * {@code minValue}, {@code maxValue}, {@code fits}, {@code requireInteger}, {@code requireFloatingPoint});
 * {@link #fromHeader} returns {@code null} for an unknown code.
 *
 * <p><b>Note:</b> this enum is immutable and thread-safe.
 */
public enum TypeCode
{
    /** {@code 'b'}: signed char, 1 byte. */
    SIGNED_CHAR('b', 1, false, false, Byte.MIN_VALUE, Byte.MAX_VALUE, byte.class),
    /** {@code 'B'}: unsigned char, 1 byte. */
    UNSIGNED_CHAR('B', 1, true, false, 0, 0xFF, int.class),
    /** {@code 'h'}: short, 2 bytes. */
    SHORT('h', 2, false, false, Short.MIN_VALUE, Short.MAX_VALUE, short.class),
    /** {@code 'H'}: unsigned short, 2 bytes. */
    UNSIGNED_SHORT('H', 2, true, false, 0, 0xFFFF, int.class),
    /** {@code 'i'}: int, 4 bytes. */
    INT('i', 4, false, false, Integer.MIN_VALUE, Integer.MAX_VALUE, int.class),
    /** {@code 'I'}: unsigned int, 4 bytes. */
    UNSIGNED_INT('I', 4, true, false, 0, 0xFFFF_FFFFL, long.class),
    /** {@code 'l'}: long, 8 bytes on Linux x86-64. */
    LONG('l', 8, false, false, Long.MIN_VALUE, Long.MAX_VALUE, long.class),
    /** {@code 'L'}: unsigned long, 8 bytes on Linux x86-64; the Java {@code long} holds the unsigned bits. */
    UNSIGNED_LONG('L', 8, true, false, 0, -1L, long.class),
    /** {@code 'q'}: long long, 8 bytes. */
    LONG_LONG('q', 8, false, false, Long.MIN_VALUE, Long.MAX_VALUE, long.class),
    /** {@code 'Q'}: unsigned long long, 8 bytes; the Java {@code long} holds the unsigned bits. */
    UNSIGNED_LONG_LONG('Q', 8, true, false, 0, -1L, long.class),
    /** {@code 'f'}: float, 4 bytes, read and written as {@code double}. */
    FLOAT('f', 4, false, true, 0, 0, float.class),
    /** {@code 'd'}: double, 8 bytes. */
    DOUBLE('d', 8, false, true, 0, 0, double.class);

    private static final TypeCode[] BY_CODE = new TypeCode[128];

    static
    {
        for (final TypeCode t : values())
        {
            BY_CODE[t.code] = t;
        }
    }

    private final char code;
    private final int size;
    private final int shift;
    private final boolean unsigned;
    private final boolean floating;
    private final long min;
    private final long max;
    private final Class<?> holder;

    TypeCode(
        final char code,
        final int size,
        final boolean unsigned,
        final boolean floating,
        final long min,
        final long max,
        final Class<?> holder)
    {
        this.code = code;
        this.size = size;
        this.shift = Integer.numberOfTrailingZeros(size);
        this.unsigned = unsigned;
        this.floating = floating;
        this.min = min;
        this.max = max;
        this.holder = holder;
    }

    /**
     * The typecode for a Python typecode character.
     *
     * @param code one of {@code b B h H i I l L q Q f d}.
     * @return the matching typecode.
     * @throws IllegalArgumentException if {@code code} is not one of the supported typecodes (Python's
     *                                  {@code 'u'}, {@code 'c'} and {@code 'w'} are not supported).
     */
    public static TypeCode of(final char code)
    {
        final TypeCode t = code < BY_CODE.length ? BY_CODE[code] : null;
        if (null == t)
        {
            throw new IllegalArgumentException(
                "unknown typecode '" + printable(code) + "': expected one of b B h H i I l L q Q f d");
        }
        return t;
    }

    /**
     * The typecode stored in a segment header, or {@code null} if the value is not a known typecode.
     *
     * @param code the header's typecode word.
     * @return the typecode or {@code null}.
     */
    public static TypeCode fromHeader(final int code)
    {
        return code > 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }

    private static String printable(final char c)
    {
        return c >= 0x20 && c < 0x7F ? String.valueOf(c) : String.format("\\u%04x", (int)c);
    }

    /**
     * The Python typecode character.
     *
     * @return the typecode character, e.g. {@code 'd'}.
     */
    public char code()
    {
        return code;
    }

    /**
     * The size of one element in bytes.
     *
     * @return 1, 2, 4 or 8.
     */
    public int size()
    {
        return size;
    }

    /**
     * log2 of {@link #size()}.
     *
     * @return 0, 1, 2 or 3.
     */
    public int shift()
    {
        return shift;
    }

    /**
     * Whether this is an unsigned integer type.
     *
     * @return true for {@code B H I L Q}.
     */
    public boolean isUnsigned()
    {
        return unsigned;
    }

    /**
     * Whether this is a floating-point type.
     *
     * @return true for {@code f} and {@code d}.
     */
    public boolean isFloatingPoint()
    {
        return floating;
    }

    /**
     * The narrowest Java primitive type that holds every value of this typecode. For {@code 'L'} and
     * {@code 'Q'} it is {@code long} holding the unsigned bits.
     *
     * @return a primitive class, e.g. {@code int.class} for {@code 'H'}.
     */
    public Class<?> holder()
    {
        return holder;
    }

    /**
     * The smallest value of an integer typecode, as a {@code long}.
     *
     * @return the minimum, 0 for unsigned types.
     * @throws UnsupportedOperationException for floating-point typecodes.
     */
    public long minValue()
    {
        requireInteger();
        return min;
    }

    /**
     * The largest value of an integer typecode, as a {@code long}; for {@code 'L'} and {@code 'Q'} it is
     * {@code -1L}, the bits of 2<sup>64</sup>-1.
     *
     * @return the maximum.
     * @throws UnsupportedOperationException for floating-point typecodes.
     */
    public long maxValue()
    {
        requireInteger();
        return max;
    }

    /**
     * Whether {@code value} is in the range of this integer typecode. Every {@code long} is in range for the
     * 64-bit typecodes, whose unsigned variants interpret the bits as unsigned.
     *
     * @param value candidate value.
     * @return true if storing it loses nothing.
     * @throws UnsupportedOperationException for floating-point typecodes.
     */
    public boolean fits(final long value)
    {
        requireInteger();
        return inRange(value);
    }

    /**
     * Whether {@code value} can be stored in this floating-point typecode without overflowing: always for
     * {@code 'd'}; for {@code 'f'}, NaN, the infinities and every finite value that does not round to an
     * infinity (rounding to the nearest {@code float} is expected and allowed).
     *
     * @param value candidate value.
     * @return true if it can be stored.
     * @throws UnsupportedOperationException for integer typecodes.
     */
    public boolean fits(final double value)
    {
        if (!floating)
        {
            throw new UnsupportedOperationException("typecode '" + code + "' holds integers, not floating point");
        }
        return inRange(value);
    }

    /**
     * {@code value} itself if this integer typecode can hold it (every {@code long} for the 64-bit typecodes, whose
     * unsigned ones carry the bits), else an exception: values are rejected, never wrapped.
     *
     * @param value the value to store.
     * @return {@code value}.
     * @throws IllegalArgumentException if it is outside {@link #minValue()} .. {@link #maxValue()}.
     */
    public long checkedValue(final long value)
    {
        if (!inRange(value))
        {
            throw new IllegalArgumentException(
                "value " + value + " is out of range for typecode '" + code + "' (" + min + " .. " + max + ")");
        }
        return value;
    }

    /**
     * {@code value} itself if this floating-point typecode can hold it: {@code 'f'} rejects finite values that would
     * round to infinity; NaN and infinities pass.
     *
     * @param value the value to store.
     * @return {@code value}.
     * @throws IllegalArgumentException if {@code 'f'} cannot hold it.
     */
    public double checkedValue(final double value)
    {
        if (!inRange(value))
        {
            throw new IllegalArgumentException(
                "value " + value + " is out of range for typecode 'f' (magnitude above " + Float.MAX_VALUE + ")");
        }
        return value;
    }

    /** The range test of {@link #fits(long)} and {@link #checkedValue(long)}: every value for the 8-byte types. */
    private boolean inRange(final long value)
    {
        return size == 8 || (value >= min && value <= max);
    }

    /** The range test of {@link #fits(double)} and {@link #checkedValue(double)}: only {@code 'f'} can overflow. */
    private boolean inRange(final double value)
    {
        return size == 8 || Double.isNaN(value) || Double.isInfinite(value) || !Float.isInfinite((float)value);
    }

    /**
     * Check that this typecode holds integers.
     *
     * @throws UnsupportedOperationException if it holds floating-point values, naming the class to use instead.
     */
    public void requireInteger()
    {
        if (floating)
        {
            throw new UnsupportedOperationException(
                "typecode '" + code + "' holds floating-point values: use SharedDoubleArray or SharedDouble");
        }
    }

    /**
     * Check that this typecode holds floating-point values.
     *
     * @throws UnsupportedOperationException if it holds integers, naming the class to use instead.
     */
    public void requireFloatingPoint()
    {
        if (!floating)
        {
            throw new UnsupportedOperationException(
                "typecode '" + code + "' holds integers: use SharedLongArray or SharedLong");
        }
    }

    @Override
    public String toString()
    {
        return "'" + code + "'";
    }
}
