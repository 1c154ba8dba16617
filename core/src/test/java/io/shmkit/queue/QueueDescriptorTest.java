package io.shmkit.queue;

import static io.shmkit.queue.QueueDescriptor.*;
import static org.junit.jupiter.api.Assertions.*;

import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;
import org.junit.jupiter.api.Test;

/** Pins the queue layout documented in docs/layout.md ("Queue"). */
class QueueDescriptorTest
{
    @Test
    void shouldPinControlOffsets()
    {
        assertEquals(0, RING_KIND_OFFSET);
        assertEquals(4, RING_CAPACITY_OFFSET);
        assertEquals(8, PRODUCER_SLOTS_OFFSET);
        assertEquals(12, CONSUMER_SLOTS_OFFSET);
        assertEquals(16, EXPECTED_PRODUCERS_OFFSET);
        assertEquals(128, ENDED_PRODUCERS_OFFSET);
        assertEquals(256, UNFINISHED_TASKS_OFFSET);
        assertEquals(384, JOURNAL_HEAD_OFFSET);
        assertEquals(392, JOURNAL_END_OFFSET);
        assertEquals(512, PRODUCER_TABLE_OFFSET);
    }

    @Test
    void shouldPinSlotOffsets()
    {
        assertEquals(128, SLOT_LENGTH);
        assertEquals(0, SLOT_OWNER_OFFSET);
        assertEquals(8, SLOT_STATE_OFFSET);
        assertEquals(16, SLOT_BEGUN_OFFSET);
        assertEquals(24, SLOT_FINISHED_OFFSET);
        assertEquals(3, THREAD_LANES);
        assertEquals(0, LANE_BEGUN_OFFSET);
        assertEquals(8, LANE_FINISHED_OFFSET);
        assertEquals(512, PRODUCER_SLOT_LENGTH);
        assertEquals(16, laneBegunOffset(0));
        assertEquals(128, laneBegunOffset(1));
        assertEquals(384, laneBegunOffset(THREAD_LANES));
    }

    @Test
    void shouldKeepWordsAlignedAndHotFieldsApart()
    {
        for (final int offset : new int[]{ENDED_PRODUCERS_OFFSET, UNFINISHED_TASKS_OFFSET, JOURNAL_HEAD_OFFSET,
            JOURNAL_END_OFFSET, PRODUCER_TABLE_OFFSET, SLOT_STATE_OFFSET, SLOT_BEGUN_OFFSET,
            SLOT_FINISHED_OFFSET, LANE_BEGUN_OFFSET, LANE_FINISHED_OFFSET, PRODUCER_SLOT_LENGTH})
        {
            assertEquals(0, offset % Long.BYTES, "offset " + offset);
        }
        assertEquals(128, UNFINISHED_TASKS_OFFSET - ENDED_PRODUCERS_OFFSET);
        assertEquals(128, JOURNAL_HEAD_OFFSET - UNFINISHED_TASKS_OFFSET);
        assertEquals(128, PRODUCER_TABLE_OFFSET - JOURNAL_HEAD_OFFSET);
        for (int lane = 1; lane <= THREAD_LANES; lane++)
        {
            assertEquals(0, laneBegunOffset(lane) % LINE, "thread lane " + lane + " starts a line");
        }
    }

    @Test
    void shouldPlaceTablesAndRing()
    {
        assertEquals(512 + 3 * 512, consumerTableOffset(3));
        assertEquals(512 + 3 * 512 + 2 * 128, ringOffset(3, 2));
        assertEquals(0, ringOffset(16, 16) % 128);
        assertEquals(512 + 16 * 512 + 16 * 128 + 4096 + RingBufferDescriptor.TRAILER_LENGTH,
            regionLength(4096, 16, 16));
    }

    @Test
    void shouldMatchTheAgronaTrailerDocumented()
    {
        // docs/layout.md names these for readers in other languages; an Agrona upgrade that moves them must show
        assertEquals(128, RingBufferDescriptor.TAIL_POSITION_OFFSET);
        assertEquals(256, RingBufferDescriptor.HEAD_CACHE_POSITION_OFFSET);
        assertEquals(384, RingBufferDescriptor.HEAD_POSITION_OFFSET);
        assertEquals(768, RingBufferDescriptor.TRAILER_LENGTH);
    }

    @Test
    void shouldRejectBadCapacityAndSlots()
    {
        assertThrows(IllegalArgumentException.class, () -> checkCapacity(1000));
        assertThrows(IllegalArgumentException.class, () -> checkCapacity(512));
        assertEquals(1024, checkCapacity(1024));
        assertEquals(MAX_CAPACITY, checkCapacity(MAX_CAPACITY));
        assertThrows(IllegalArgumentException.class, () -> checkCapacity(1 << 30), "the ring would cross a chunk");
        assertTrue(regionLength(MAX_CAPACITY, MAX_SLOTS, MAX_SLOTS) + (1 << 20) <=
            io.shmkit.internal.segment.Segment.CHUNK_LENGTH,
            "the largest queue region, after a segment header, lies in the first mapped chunk");
        assertThrows(IllegalArgumentException.class, () -> checkSlots("producers", 0));
        assertThrows(IllegalArgumentException.class, () -> checkSlots("producers", MAX_SLOTS + 1));
    }
}
