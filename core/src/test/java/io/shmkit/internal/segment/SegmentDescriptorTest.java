package io.shmkit.internal.segment;

import static io.shmkit.internal.segment.SegmentDescriptor.*;
import static org.junit.jupiter.api.Assertions.*;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import io.shmkit.internal.lock.LockWords;
import io.shmkit.segment.ProcessIdentity;

/** Pins the byte layout documented in docs/layout.md. */
class SegmentDescriptorTest
{
    @Test
    void shouldPinHeaderOffsets()
    {
        assertEquals(0, MAGIC_OFFSET);
        assertEquals(8, VERSION_OFFSET);
        assertEquals(12, STATE_OFFSET);
        assertEquals(16, KIND_OFFSET);
        assertEquals(20, TYPECODE_OFFSET);
        assertEquals(24, ELEMENT_SIZE_OFFSET);
        assertEquals(28, STRIPE_COUNT_OFFSET);
        assertEquals(32, ELEMENT_COUNT_OFFSET);
        assertEquals(40, DATA_OFFSET_OFFSET);
        assertEquals(48, STRIPE_SHIFT_OFFSET);
        assertEquals(52, FLAGS_OFFSET);
        assertEquals(56, CREATOR_PID_OFFSET);
        assertEquals(64, CREATOR_START_OFFSET);
        assertEquals(72, CREATED_MILLIS_OFFSET);
        assertTrue(CREATED_MILLIS_OFFSET + Long.BYTES <= HEADER_LENGTH);
    }

    @Test
    void shouldAlignEveryAtomicFieldNaturally()
    {
        assertEquals(0, STATE_OFFSET % Integer.BYTES, "the ready word is read with acquire semantics");
        for (final int longField : new int[] {MAGIC_OFFSET, ELEMENT_COUNT_OFFSET, DATA_OFFSET_OFFSET,
            CREATOR_PID_OFFSET, CREATOR_START_OFFSET, CREATED_MILLIS_OFFSET})
        {
            assertEquals(0, longField % Long.BYTES, "offset " + longField);
        }
        for (int s = 0; s < 8; s++)
        {
            assertEquals(0, (lockSlotOffset(s) + LOCK_WORD_OFFSET) % Long.BYTES);
            assertEquals(0, (lockSlotOffset(s) + LOCK_RECOVERIES_OFFSET) % Long.BYTES);
        }
    }

    @Test
    void shouldKeepLockWordsOnSeparateCacheLinePairs()
    {
        assertEquals(128, LOCK_SLOT_LENGTH);
        assertEquals(0, HEADER_LENGTH % 128, "slot 0 starts on its own pair of cache lines");
        for (int s = 1; s < 8; s++)
        {
            assertEquals(128, lockSlotOffset(s) - lockSlotOffset(s - 1));
        }
    }

    @Test
    void shouldAlignDataAndComputeLengths()
    {
        for (final int stripes : new int[] {0, 1, 2, 1024, MAX_STRIPES})
        {
            assertEquals(0, dataOffset(stripes) % DATA_ALIGNMENT);
            assertEquals(0, dataOffset(stripes) % 64);
        }
        assertEquals(128 + 4 * 128 + 10 * 8, fileLength(4, 10, 8));
        assertThrows(ArithmeticException.class, () -> fileLength(1, Long.MAX_VALUE / 2, 8));
    }

    @Test
    void shouldSpellMagicAsShmkit()
    {
        final byte[] b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(MAGIC).array();
        assertEquals("SHMKIT", new String(b, 0, 6, StandardCharsets.US_ASCII));
        assertEquals(0, b[6]);
        assertEquals(1, b[7]);
    }

    @Test
    void shouldPackLockWordsAsDocumented()
    {
        final ProcessIdentity id = new ProcessIdentity(4242, 0x1_2345_6789L);
        assertEquals((0x2345_6789L << 32) | 4242, LockWords.encode(id));
        assertEquals(new ProcessIdentity(4242, 0x2345_6789L), LockWords.decode(LockWords.encode(id)));
    }
}
