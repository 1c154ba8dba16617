package io.shmkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.shmkit.segment.TypeCode;

class ValuesTest
{
    @ParameterizedTest
    @CsvSource({
        "b, -128, 127, -129, 128",
        "B, 0, 255, -1, 256",
        "h, -32768, 32767, -32769, 32768",
        "H, 0, 65535, -1, 65536",
        "i, -2147483648, 2147483647, -2147483649, 2147483648",
        "I, 0, 4294967295, -1, 4294967296",
        "q, -9223372036854775808, 9223372036854775807, -9223372036854775809, 9223372036854775808",
        "l, -9223372036854775808, 9223372036854775807, -9223372036854775809, 9223372036854775808",
        "Q, 0, 18446744073709551615, -1, 18446744073709551616",
        "L, 0, 18446744073709551615, -1, 18446744073709551616",
    })
    void shouldAcceptEachIntegerTypecodesBoundsAndRejectOneBeyond(
        final char code, final String min, final String max, final String below, final String above)
    {
        final TypeCode type = TypeCode.of(code);
        assertEquals(min, Values.formatInteger(type, Values.parseInteger(type, min)));
        assertEquals(max, Values.formatInteger(type, Values.parseInteger(type, max)));
        for (final String bad : new String[] {below, above})
        {
            final CliException ex = assertThrows(CliException.class, () -> Values.parseInteger(type, bad));
            assertEquals(Main.EXIT_USAGE, ex.exitCode());
            assertTrue(ex.getMessage().contains(bad) && ex.getMessage().contains("out of range"), ex.getMessage());
        }
    }

    @Test
    void shouldCarryUnsignedMaximumAsAllOneBits()
    {
        assertEquals(-1L, Values.parseInteger(TypeCode.of('Q'), "18446744073709551615"));
        assertEquals(Long.MIN_VALUE, Values.parseInteger(TypeCode.of('L'), "9223372036854775808"));
        assertEquals("18446744073709551615", Values.formatInteger(TypeCode.of('Q'), -1L));
        assertEquals("-1", Values.formatInteger(TypeCode.of('q'), -1L));
    }

    @Test
    void shouldParseHexadecimalAndSignedIntegers()
    {
        assertEquals(255, Values.parseInteger(TypeCode.of('B'), "0xFF"));
        assertEquals(-16, Values.parseInteger(TypeCode.of('i'), "-0x10"));
        assertEquals(7, Values.parseInteger(TypeCode.of('i'), "+7"));
        assertEquals(-1L, Values.parseInteger(TypeCode.of('Q'), "0xffffffffffffffff"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "1.5", "1e3", " 1", "1 ", "0x", "--1", "1_000", "nan"})
    void shouldRejectTextThatIsNotAnInteger(final String text)
    {
        final CliException ex = assertThrows(CliException.class, () -> Values.parseInteger(TypeCode.of('i'), text));
        assertEquals(Main.EXIT_USAGE, ex.exitCode());
        assertTrue(ex.getMessage().contains("not an integer"), ex.getMessage());
    }

    @Test
    void shouldParseSpecialFloatingPointValues()
    {
        final TypeCode d = TypeCode.of('d');
        assertTrue(Double.isNaN(Values.parseFloating(d, "nan")));
        assertTrue(Double.isNaN(Values.parseFloating(d, "NaN")));
        assertTrue(Double.isNaN(Values.parseFloating(d, "-nan")));
        assertEquals(Double.POSITIVE_INFINITY, Values.parseFloating(d, "inf"));
        assertEquals(Double.POSITIVE_INFINITY, Values.parseFloating(d, "+Infinity"));
        assertEquals(Double.NEGATIVE_INFINITY, Values.parseFloating(d, "-inf"));
        assertEquals(Double.NEGATIVE_INFINITY, Values.parseFloating(TypeCode.of('f'), "-INF"));
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(Values.parseFloating(d, "-0.0")));
        assertEquals(Double.doubleToRawLongBits(0.0), Double.doubleToRawLongBits(Values.parseFloating(d, "0.0")));
    }

    @Test
    void shouldParseDecimalsAndRoundFloatToNearestFloat()
    {
        assertEquals(-1500.0, Values.parseFloating(TypeCode.of('d'), "-1.5e3"));
        assertEquals(0.5, Values.parseFloating(TypeCode.of('d'), ".5"));
        assertEquals(5.0, Values.parseFloating(TypeCode.of('d'), "5."));
        assertEquals((double)0.1f, Values.parseFloating(TypeCode.of('f'), "0.1"));
        assertEquals(0.1, Values.parseFloating(TypeCode.of('d'), "0.1"));
    }

    @ParameterizedTest
    @CsvSource({"f, 1e39", "f, -3.5e38", "d, 1e309", "d, -1e999"})
    void shouldRejectFiniteLiteralsThatOverflowTheTypecode(final char code, final String text)
    {
        final CliException ex =
            assertThrows(CliException.class, () -> Values.parseFloating(TypeCode.of(code), text));
        assertEquals(Main.EXIT_USAGE, ex.exitCode());
        assertTrue(ex.getMessage().contains("out of range for typecode '" + code + "'"), ex.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "1d", "1f", "0x1p3", " 1.0", "1.0 ", "1e", "e5", "infinite", "--1"})
    void shouldRejectTextThatIsNotANumber(final String text)
    {
        final CliException ex =
            assertThrows(CliException.class, () -> Values.parseFloating(TypeCode.of('d'), text));
        assertEquals(Main.EXIT_USAGE, ex.exitCode());
        assertTrue(ex.getMessage().contains("not a number"), ex.getMessage());
    }

    @Test
    void shouldTellNumbersFromMistypedOptions()
    {
        for (final String number : new String[] {"-5", "-0x1F", "-inf", "-Infinity", "-nan", "-0.0", "-1e-3", ".5"})
        {
            assertTrue(Values.looksLikeNumber(number), number);
        }
        for (final String option : new String[] {"--fill", "-f", "--value", "-", "-x1", "--1"})
        {
            assertFalse(Values.looksLikeNumber(option), option);
        }
    }

    @Test
    void shouldFormatFloatingPointSoThatItParsesBack()
    {
        final TypeCode d = TypeCode.of('d');
        final TypeCode f = TypeCode.of('f');
        assertEquals("nan", Values.formatFloating(d, Double.NaN));
        assertEquals("inf", Values.formatFloating(d, Double.POSITIVE_INFINITY));
        assertEquals("-inf", Values.formatFloating(f, Double.NEGATIVE_INFINITY));
        assertEquals("-0.0", Values.formatFloating(d, -0.0));
        assertEquals("0.1", Values.formatFloating(f, 0.1f));
        assertEquals("0.1", Values.formatFloating(d, 0.1));
        for (final double v : new double[] {1e-300, 123456.789, -2.5e100, Double.MIN_VALUE, Double.MAX_VALUE})
        {
            assertEquals(v, Values.parseFloating(d, Values.formatFloating(d, v)));
        }
        for (final float v : new float[] {1e-40f, 3.3f, Float.MAX_VALUE, -Float.MIN_VALUE})
        {
            assertEquals((double)v, Values.parseFloating(f, Values.formatFloating(f, v)));
        }
    }

    @Test
    void shouldParseTypecodesAndNameTheBadOne()
    {
        assertEquals(TypeCode.DOUBLE, Values.parseTypeCode("d"));
        assertEquals(TypeCode.UNSIGNED_LONG_LONG, Values.parseTypeCode("Q"));
        final CliException unknown = assertThrows(CliException.class, () -> Values.parseTypeCode("z"));
        assertEquals(Main.EXIT_USAGE, unknown.exitCode());
        assertTrue(unknown.getMessage().contains("'z'"), unknown.getMessage());
        final CliException tooLong = assertThrows(CliException.class, () -> Values.parseTypeCode("dd"));
        assertTrue(tooLong.getMessage().contains("'dd'"), tooLong.getMessage());
    }

    @Test
    void shouldParseNonNegativeNumbersOnly()
    {
        assertEquals(0, Values.parseNonNegative("index", "0"));
        assertEquals(Long.MAX_VALUE, Values.parseNonNegative("index", "9223372036854775807"));
        for (final String bad : new String[] {"-1", "x", "1.0", "", "9223372036854775808"})
        {
            final CliException ex = assertThrows(CliException.class, () -> Values.parseNonNegative("index", bad));
            assertEquals(Main.EXIT_USAGE, ex.exitCode());
            assertTrue(ex.getMessage().startsWith("index"), ex.getMessage());
        }
    }
}
