package io.shmkit.cli;

import java.math.BigInteger;
import java.util.Locale;
import java.util.regex.Pattern;

import io.shmkit.SharedArray;
import io.shmkit.SharedDouble;
import io.shmkit.SharedDoubleArray;
import io.shmkit.SharedLong;
import io.shmkit.SharedLongArray;
import io.shmkit.SharedValue;
import io.shmkit.segment.TypeCode;

/**
 * Parsing and printing of element values per typecode, and of typecodes and indices, for the command line.
 *
 * <p>Integers are decimal or {@code 0x} hexadecimal with an optional sign, checked against the typecode's
 * range; {@code 'Q'} and {@code 'L'} accept 0 to 2<sup>64</sup>-1 and are carried in a {@code long} holding
 * the unsigned bits. Floating-point values are decimal ({@code 1.5}, {@code -0.0}, {@code 6.02e23}) or
 * {@code nan}, {@code inf}, {@code -inf} (also {@code infinity}, any case); a finite literal that overflows
 * the typecode is out of range, not silently infinite. Every failure is a usage error naming the value.
 *
 * <p><b>Note:</b> stateless and thread-safe.
 */
final class Values
{
    private static final Pattern INTEGER = Pattern.compile("[+-]?(0[xX][0-9a-fA-F]+|[0-9]+)");
    private static final Pattern DECIMAL =
        Pattern.compile("[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][+-]?[0-9]+)?");
    private static final BigInteger UNSIGNED_64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    private Values()
    {
    }

    /**
     * Parse a typecode given as one character.
     *
     * @param text the argument.
     * @return the typecode.
     * @throws CliException (usage) if it is not one of {@code b B h H i I l L q Q f d}.
     */
    static TypeCode parseTypeCode(final String text)
    {
        if (text.length() != 1)
        {
            throw CliException.usage(
                "bad typecode '" + text + "': expected one character of b B h H i I l L q Q f d");
        }
        try
        {
            return TypeCode.of(text.charAt(0));
        }
        catch (final IllegalArgumentException ex)
        {
            throw CliException.usage("bad typecode: " + ex.getMessage());
        }
    }

    /**
     * Parse a non-negative count, length or index.
     *
     * @param what  the argument's name for messages, e.g. {@code "index"}.
     * @param text  the argument.
     * @return the number.
     * @throws CliException (usage) if it is not a non-negative decimal integer that fits a {@code long}.
     */
    static long parseNonNegative(final String what, final String text)
    {
        if (!text.matches("\\+?[0-9]+"))
        {
            throw CliException.usage(what + " '" + text + "' is not a non-negative integer");
        }
        try
        {
            return Long.parseLong(text.startsWith("+") ? text.substring(1) : text);
        }
        catch (final NumberFormatException ex)
        {
            throw CliException.usage(what + " " + text + " is too large (at most " + Long.MAX_VALUE + ")");
        }
    }

    /**
     * Whether {@code text} is a number in one of the forms this class parses (integer, decimal, {@code nan},
     * {@code inf}, ...), so that an argument starting with {@code -} can be told from a mistyped option.
     *
     * @param text the argument.
     * @return true if it reads as a number.
     */
    static boolean looksLikeNumber(final String text)
    {
        final String t = text.toLowerCase(Locale.ROOT);
        final String unsigned = t.startsWith("-") || t.startsWith("+") ? t.substring(1) : t;
        return INTEGER.matcher(t).matches() || DECIMAL.matcher(t).matches() || unsigned.equals("nan") ||
            unsigned.equals("inf") || unsigned.equals("infinity");
    }

    /**
     * Parse an integer value for an integer typecode.
     *
     * @param type an integer typecode.
     * @param text decimal or {@code 0x} hexadecimal, with an optional sign.
     * @return the value; for {@code 'Q'} and {@code 'L'} the {@code long} holds the unsigned bits.
     * @throws CliException (usage) if it is not an integer or out of the typecode's range.
     */
    static long parseInteger(final TypeCode type, final String text)
    {
        if (!INTEGER.matcher(text).matches())
        {
            throw CliException.usage("'" + text + "' is not an integer (typecode " + type + ")");
        }
        final boolean negative = text.startsWith("-");
        final String digits = text.startsWith("-") || text.startsWith("+") ? text.substring(1) : text;
        final boolean hex = digits.startsWith("0x") || digits.startsWith("0X");
        final BigInteger magnitude = hex ? new BigInteger(digits.substring(2), 16) : new BigInteger(digits);
        final BigInteger value = negative ? magnitude.negate() : magnitude;
        final BigInteger min;
        final BigInteger max;
        if (type.isUnsigned() && type.size() == Long.BYTES)
        {
            min = BigInteger.ZERO;
            max = UNSIGNED_64_MAX;
        }
        else
        {
            min = BigInteger.valueOf(type.minValue());
            max = BigInteger.valueOf(type.maxValue());
        }
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0)
        {
            throw CliException.usage(
                "value " + text + " is out of range for typecode " + type + " (" + min + " .. " + max + ")");
        }
        return value.longValue();
    }

    /**
     * Parse a floating-point value for {@code 'f'} or {@code 'd'}.
     *
     * @param type a floating-point typecode.
     * @param text a decimal literal, or {@code nan}, {@code inf}, {@code -inf}, {@code infinity} in any case.
     * @return the value; for {@code 'f'} rounded to the nearest {@code float}.
     * @throws CliException (usage) if it is not a number, or a finite literal overflows the typecode.
     */
    static double parseFloating(final TypeCode type, final String text)
    {
        final String t = text.toLowerCase(Locale.ROOT);
        final String unsigned = t.startsWith("-") || t.startsWith("+") ? t.substring(1) : t;
        final boolean negative = t.startsWith("-");
        if (unsigned.equals("nan"))
        {
            return Double.NaN;
        }
        if (unsigned.equals("inf") || unsigned.equals("infinity"))
        {
            return negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        if (!DECIMAL.matcher(t).matches())
        {
            throw CliException.usage(
                "'" + text + "' is not a number (typecode " + type + "; use digits, e.g. -1.5e3, or nan, inf, -inf)");
        }
        final double value = Double.parseDouble(t);
        final boolean overflows = Double.isInfinite(value) || (type.size() == Float.BYTES && !type.fits(value));
        if (overflows)
        {
            throw CliException.usage(
                "value " + text + " is out of range for typecode " + type + " (largest magnitude " +
                (type.size() == Float.BYTES ? Float.toString(Float.MAX_VALUE) : Double.toString(Double.MAX_VALUE)) +
                ")");
        }
        return type.size() == Float.BYTES ? (float)value : value;
    }

    /**
     * Print an integer element, unsigned for {@code 'Q'} and {@code 'L'}.
     *
     * @param type an integer typecode.
     * @param raw  the value as read from the array.
     * @return decimal text.
     */
    static String formatInteger(final TypeCode type, final long raw)
    {
        return type.isUnsigned() && type.size() == Long.BYTES ? Long.toUnsignedString(raw) : Long.toString(raw);
    }

    /**
     * Print a floating-point element so that {@link #parseFloating} reads back the same value: {@code nan},
     * {@code inf}, {@code -inf}, {@code -0.0}, and the shortest decimal that identifies the {@code float}
     * (for {@code 'f'}) or {@code double} (for {@code 'd'}).
     *
     * @param type a floating-point typecode.
     * @param value the value as read from the array.
     * @return the text.
     */
    static String formatFloating(final TypeCode type, final double value)
    {
        if (Double.isNaN(value))
        {
            return "nan";
        }
        if (Double.isInfinite(value))
        {
            return value > 0 ? "inf" : "-inf";
        }
        return type.size() == Float.BYTES ? Float.toString((float)value) : Double.toString(value);
    }

    /**
     * Read a value (volatile) and print it as {@link #formatInteger} or {@link #formatFloating} do.
     *
     * @param value an open value.
     * @return the text.
     */
    static String format(final SharedValue value)
    {
        return value instanceof SharedLong ? formatInteger(value.typeCode(), ((SharedLong)value).get()) :
            formatFloating(value.typeCode(), ((SharedDouble)value).get());
    }

    /**
     * Read element {@code index} (volatile) and print it as {@link #formatInteger} or {@link #formatFloating} do.
     *
     * @param array an open array.
     * @param index the element.
     * @return the text.
     */
    static String format(final SharedArray array, final long index)
    {
        return array instanceof SharedLongArray ?
            formatInteger(array.typeCode(), ((SharedLongArray)array).get(index)) :
            formatFloating(array.typeCode(), ((SharedDoubleArray)array).get(index));
    }
}
