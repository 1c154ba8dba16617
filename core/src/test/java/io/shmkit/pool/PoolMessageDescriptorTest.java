package io.shmkit.pool;

import static io.shmkit.pool.PoolMessageDescriptor.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.Arrays;
import java.util.List;

import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;

import io.shmkit.codec.Codec;
import io.shmkit.codec.Codecs;

/** Pins the pool's message layout documented in docs/layout.md ("Pool messages"), and the payload and tuple codecs. */
class PoolMessageDescriptorTest
{
    @Test
    void shouldPinHeaderOffsets()
    {
        assertEquals(0, TYPE_OFFSET);
        assertEquals(4, ID_OFFSET);
        assertEquals(8, TASK_ID_OFFSET);
        assertEquals(16, COUNT_OFFSET);
        assertEquals(20, FIRST_OFFSET);
        assertEquals(24, HEADER_LENGTH);
        assertEquals(4, ELEMENT_HEADER_LENGTH);
        assertEquals(-1, NULL_LENGTH);
    }

    @Test
    void shouldKeepFieldsNaturallyAlignedInAnAlignedRecord()
    {
        assertEquals(0, TASK_ID_OFFSET % Long.BYTES, "the task id is 8-byte aligned (ring records are)");
        assertEquals(0, HEADER_LENGTH % Long.BYTES, "the payload starts 8-byte aligned");
        for (final int offset : new int[]{TYPE_OFFSET, ID_OFFSET, COUNT_OFFSET, FIRST_OFFSET})
        {
            assertEquals(0, offset % Integer.BYTES, "offset " + offset);
        }
    }

    @Test
    void shouldKeepTypesDistinct()
    {
        final List<Integer> types = List.of(TYPE_TASKS, TYPE_DEFINE, TYPE_STOP, TYPE_RESULTS, TYPE_FAILED, TYPE_READY);
        assertEquals(types.size(), types.stream().distinct().count());
    }

    @Test
    void payloadShouldLayElementsBackToBackAndSplitByRoom()
    {
        final Payload p = new Payload();
        p.add(Codecs.longs(), 1L);
        p.add(Codecs.longs(), null);
        p.add(Codecs.utf8(), "abc");
        assertEquals(3, p.count());
        assertEquals(HEADER_LENGTH, p.start(0));
        assertEquals(HEADER_LENGTH + 12, p.end(0));
        assertEquals(NULL_LENGTH, p.buffer.getInt(p.start(1)));
        assertEquals(p.end(0) + 4, p.end(1));
        assertEquals(p.end(1) + 4 + 3, p.end(2));
        assertEquals(3, p.fitting(0, 1_000));
        assertEquals(2, p.fitting(0, 16));
        assertEquals(1, p.fitting(2, 7));
        assertEquals(0, p.fitting(2, 6), "an element longer than the room fits nowhere");
        p.reset();
        assertEquals(0, p.count());
    }

    @Test
    void tupleCodecShouldRoundTripAndRejectBadInput()
    {
        final Codec<List<Object>> c = PoolCodecs.tuple(Codecs.longs(), Codecs.utf8());
        final ExpandableArrayBuffer b = new ExpandableArrayBuffer(16);
        final int n = c.encode(Arrays.asList(5L, null), b, 3);
        assertEquals(Arrays.asList(5L, null), c.decode(b, 3, n));
        final int m = c.encode(List.of(-7L, "é"), b, 0);
        assertEquals(List.of(-7L, "é"), c.decode(b, 0, m));
        assertThrows(IllegalArgumentException.class, () -> c.encode(List.of(1L), b, 0));
        assertThrows(IllegalArgumentException.class, () -> c.decode(b, 0, m - 1));
    }
}
