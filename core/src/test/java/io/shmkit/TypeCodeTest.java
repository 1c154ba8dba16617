package io.shmkit;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.shmkit.segment.TypeCode;

class TypeCodeTest
{
    @Test
    void shouldUseLinuxX8664Sizes()
    {
        assertEquals(1, TypeCode.of('b').size());
        assertEquals(1, TypeCode.of('B').size());
        assertEquals(2, TypeCode.of('h').size());
        assertEquals(2, TypeCode.of('H').size());
        assertEquals(4, TypeCode.of('i').size());
        assertEquals(4, TypeCode.of('I').size());
        assertEquals(8, TypeCode.of('l').size());
        assertEquals(8, TypeCode.of('L').size());
        assertEquals(8, TypeCode.of('q').size());
        assertEquals(8, TypeCode.of('Q').size());
        assertEquals(4, TypeCode.of('f').size());
        assertEquals(8, TypeCode.of('d').size());
    }

    @Test
    void shouldRoundTripEveryCode()
    {
        for (final TypeCode t : TypeCode.values())
        {
            assertSame(t, TypeCode.of(t.code()));
            assertSame(t, TypeCode.fromHeader(t.code()));
        }
    }

    @Test
    void shouldNameHoldersLikeTheIssue()
    {
        assertEquals(int.class, TypeCode.of('B').holder());
        assertEquals(int.class, TypeCode.of('H').holder());
        assertEquals(long.class, TypeCode.of('I').holder());
        assertEquals(long.class, TypeCode.of('Q').holder());
    }

    @ParameterizedTest
    @ValueSource(chars = {'u', 'c', 'w', 'x', ' ', '\u00e9', '\uffff'})
    void shouldRejectUnknownTypecodeNamingIt(final char code)
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> TypeCode.of(code));
        assertTrue(ex.getMessage().contains("unknown typecode"), ex.getMessage());
        assertTrue(ex.getMessage().contains("b B h H i I l L q Q f d"), ex.getMessage());
    }

    @Test
    void shouldCheckIntegerRanges()
    {
        final TypeCode b = TypeCode.of('b');
        assertTrue(b.fits(-128));
        assertTrue(b.fits(127));
        assertFalse(b.fits(128));
        assertFalse(b.fits(-129));
        final TypeCode bu = TypeCode.of('B');
        assertFalse(bu.fits(-1));
        assertTrue(bu.fits(255));
        assertFalse(bu.fits(256));
        final TypeCode iu = TypeCode.of('I');
        assertTrue(iu.fits(0xFFFF_FFFFL));
        assertFalse(iu.fits(0x1_0000_0000L));
        assertTrue(TypeCode.of('Q').fits(-1L));
        assertTrue(TypeCode.of('q').fits(Long.MIN_VALUE));
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> b.checkedValue(200L));
        assertEquals("value 200 is out of range for typecode 'b' (-128 .. 127)", ex.getMessage());
    }

    @Test
    void shouldCheckFloatRange()
    {
        final TypeCode f = TypeCode.of('f');
        assertTrue(f.fits(Float.MAX_VALUE));
        assertTrue(f.fits(Double.NaN));
        assertTrue(f.fits(Double.NEGATIVE_INFINITY));
        assertTrue(f.fits(1e-300));
        assertFalse(f.fits(1e300));
        assertTrue(TypeCode.of('d').fits(Double.MAX_VALUE));
        assertThrows(UnsupportedOperationException.class, () -> f.minValue());
        assertThrows(UnsupportedOperationException.class, () -> TypeCode.of('i').fits(1.0));
    }
}
