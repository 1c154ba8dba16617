package io.shmkit.codec;

import static org.junit.jupiter.api.Assertions.*;

import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;

class CodecsTest
{
    private static <T> T roundTrip(final Codec<T> codec, final T value, final int expectedLength)
    {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(4);
        final int length = codec.encode(value, buffer, 3);
        assertEquals(expectedLength, length);
        return codec.decode(buffer, 3, length);
    }

    @Test
    void shouldRoundTripEveryBuiltInCodec()
    {
        assertEquals(Long.MIN_VALUE, roundTrip(Codecs.longs(), Long.MIN_VALUE, 8));
        assertEquals(-7, roundTrip(Codecs.ints(), -7, 4));
        assertEquals(Double.NaN, roundTrip(Codecs.doubles(), Double.NaN, 8));
        assertEquals(-0.0, roundTrip(Codecs.doubles(), -0.0, 8));
        assertEquals(true, roundTrip(Codecs.booleans(), true, 1));
        assertEquals("héllo €", roundTrip(Codecs.utf8(), "héllo €", 10));
        assertEquals("", roundTrip(Codecs.utf8(), "", 0));
        assertArrayEquals(new byte[]{1, 2, 3}, roundTrip(Codecs.bytes(), new byte[]{1, 2, 3}, 3));
        assertArrayEquals(new byte[0], roundTrip(Codecs.bytes(), new byte[0], 0));
    }

    @Test
    void shouldWriteLittleEndian()
    {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(8);
        Codecs.ints().encode(0x01020304, buffer, 0);
        assertEquals(4, buffer.getByte(0));
        assertEquals(1, buffer.getByte(3));
    }

    @Test
    void shouldRejectWrongLengthsAndBytes()
    {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(8);
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> Codecs.longs().decode(buffer, 0, 4));
        assertTrue(ex.getMessage().contains("length=4"), ex.getMessage());
        buffer.putByte(0, (byte)2);
        assertThrows(IllegalArgumentException.class, () -> Codecs.booleans().decode(buffer, 0, 1));
    }
}
