package io.shmkit.sync;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

import io.shmkit.segment.SegmentKind;

/** Pins every offset of the sync layouts (docs/layout.md, "Synchronisation primitives"). */
class SyncDescriptorTest
{
    @Test
    void shouldPinEveryOffsetOfLayoutMd()
    {
        assertArrayEquals(new int[] {0, 0}, new int[] {LockDescriptor.LOCK_SLOT, LockDescriptor.WORDS});
        assertArrayEquals(new int[] {0, 0, 8, 8}, new int[] {RLockDescriptor.LOCK_SLOT,
            RLockDescriptor.HOLD_COUNT_OFFSET, RLockDescriptor.OWNER_THREAD_OFFSET, RLockDescriptor.WORDS});
        assertArrayEquals(new int[] {0, 0, 8, 16, 24, 32, 40, 48, 56, 64, 8, 16, 64},
            new int[] {SemaphoreDescriptor.LOCK_SLOT, SemaphoreDescriptor.VALUE_OFFSET,
                SemaphoreDescriptor.BOUND_OFFSET, SemaphoreDescriptor.SEQUENCE_OFFSET,
                SemaphoreDescriptor.WAITERS_OFFSET, SemaphoreDescriptor.RECLAIMED_OFFSET,
                SemaphoreDescriptor.UNTRACKED_OFFSET, SemaphoreDescriptor.HOLDERS_OFFSET,
                SemaphoreDescriptor.UNOWNED_OFFSET, SemaphoreDescriptor.TABLE_OFFSET, SemaphoreDescriptor.HEADER_WORDS, SemaphoreDescriptor.ENTRY_LENGTH,
                SemaphoreDescriptor.DEFAULT_HOLDERS});
        assertEquals(64 + 3 * 16, SemaphoreDescriptor.entryOffset(3));
        assertArrayEquals(new int[] {0, 8, 16, 8}, new int[] {EventDescriptor.STATE_OFFSET,
            EventDescriptor.RESERVED_OFFSET, EventDescriptor.WAITERS_OFFSET, EventDescriptor.WORDS});
        assertArrayEquals(new int[] {0, 0, 8, 8}, new int[] {ConditionDescriptor.LOCK_SLOT,
            ConditionDescriptor.SEQUENCE_OFFSET, ConditionDescriptor.WAITERS_OFFSET, ConditionDescriptor.WORDS});
        assertArrayEquals(new int[] {0, 0, 8, 16, 24, 32, 40, 64, 8, 64},
            new int[] {BarrierDescriptor.LOCK_SLOT, BarrierDescriptor.PARTIES_OFFSET, BarrierDescriptor.COUNT_OFFSET,
                BarrierDescriptor.GENERATION_OFFSET, BarrierDescriptor.BROKEN_OFFSET,
                BarrierDescriptor.BROKEN_GEN_OFFSET, BarrierDescriptor.MEMBERS_OFFSET, BarrierDescriptor.TABLE_OFFSET,
                BarrierDescriptor.HEADER_WORDS, BarrierDescriptor.DEFAULT_MEMBERS});
        assertEquals(64 + 3 * 8, BarrierDescriptor.memberOffset(3));
    }

    @Test
    void shouldAlignEveryWordAndKeepTheTablesOnTheirOwnLines()
    {
        for (final int offset : new int[] {RLockDescriptor.OWNER_THREAD_OFFSET, SemaphoreDescriptor.HOLDERS_OFFSET,
            SemaphoreDescriptor.ENTRY_LENGTH, EventDescriptor.WAITERS_OFFSET, ConditionDescriptor.WAITERS_OFFSET,
            BarrierDescriptor.MEMBERS_OFFSET})
        {
            assertEquals(0, offset % Long.BYTES, "offset " + offset);
        }
        assertTrue(SemaphoreDescriptor.UNOWNED_OFFSET + Long.BYTES <= SemaphoreDescriptor.TABLE_OFFSET);
        assertTrue(BarrierDescriptor.MEMBERS_OFFSET + Long.BYTES <= BarrierDescriptor.TABLE_OFFSET);
        assertEquals(0, SemaphoreDescriptor.TABLE_OFFSET % 64);
        assertEquals(0, BarrierDescriptor.TABLE_OFFSET % 64);
        assertTrue(EventDescriptor.WAITERS_OFFSET < EventDescriptor.WORDS * Long.BYTES);
        assertTrue(ConditionDescriptor.WAITERS_OFFSET < ConditionDescriptor.WORDS * Long.BYTES);
    }

    @Test
    void shouldUseTheKindIdsOfLayoutMd()
    {
        assertEquals(4, SegmentKind.LOCK.id());
        assertEquals(5, SegmentKind.RLOCK.id());
        assertEquals(6, SegmentKind.SEMAPHORE.id());
        assertEquals(7, SegmentKind.EVENT.id());
        assertEquals(8, SegmentKind.CONDITION.id());
        assertEquals(9, SegmentKind.BARRIER.id());
    }
}
