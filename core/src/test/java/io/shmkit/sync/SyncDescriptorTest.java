package io.shmkit.sync;

import static io.shmkit.sync.SyncDescriptor.*;
import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

import io.shmkit.segment.SegmentKind;

class SyncDescriptorTest
{
    @Test
    void shouldPinEveryOffsetOfLayoutMd()
    {
        assertEquals(0, LOCK_SLOT);
        assertArrayEquals(new int[] {0, 8, 8}, new int[] {RLOCK_HOLD_COUNT_OFFSET, RLOCK_OWNER_THREAD_OFFSET,
            RLOCK_WORDS});
        assertArrayEquals(new int[] {0, 8, 16, 24, 32, 40, 48, 64, 16, 64},
            new int[] {SEM_VALUE_OFFSET, SEM_BOUND_OFFSET, SEM_SEQUENCE_OFFSET, SEM_WAITERS_OFFSET,
                SEM_RECLAIMED_OFFSET, SEM_UNTRACKED_OFFSET, SEM_HOLDERS_OFFSET, SEM_TABLE_OFFSET, SEM_ENTRY_LENGTH,
                SEM_DEFAULT_HOLDERS});
        assertArrayEquals(new int[] {0, 8, 16, 8}, new int[] {EVENT_FLAG_OFFSET, EVENT_SEQUENCE_OFFSET,
            EVENT_WAITERS_OFFSET, EVENT_WORDS});
        assertArrayEquals(new int[] {0, 8, 8}, new int[] {COND_SEQUENCE_OFFSET, COND_WAITERS_OFFSET, COND_WORDS});
        assertArrayEquals(new int[] {0, 8, 16, 24, 32, 40, 64, 64},
            new int[] {BAR_PARTIES_OFFSET, BAR_COUNT_OFFSET, BAR_GENERATION_OFFSET, BAR_BROKEN_OFFSET,
                BAR_BROKEN_GEN_OFFSET, BAR_MEMBERS_OFFSET, BAR_TABLE_OFFSET, BAR_DEFAULT_MEMBERS});
        assertEquals(8, TABLE_HEADER_WORDS);
        assertEquals(64 + 3 * 16, semEntryOffset(3));
        assertEquals(64 + 3 * 8, barMemberOffset(3));
    }

    @Test
    void shouldAlignEveryWordAndFitTheHeaderWordsBeforeTheTables()
    {
        for (final int offset : new int[] {SEM_VALUE_OFFSET, SEM_BOUND_OFFSET, SEM_SEQUENCE_OFFSET, SEM_WAITERS_OFFSET,
            SEM_RECLAIMED_OFFSET, SEM_UNTRACKED_OFFSET, SEM_HOLDERS_OFFSET, SEM_TABLE_OFFSET, BAR_PARTIES_OFFSET,
            BAR_COUNT_OFFSET, BAR_GENERATION_OFFSET, BAR_BROKEN_OFFSET, BAR_BROKEN_GEN_OFFSET, BAR_MEMBERS_OFFSET,
            BAR_TABLE_OFFSET, EVENT_FLAG_OFFSET, EVENT_SEQUENCE_OFFSET, EVENT_WAITERS_OFFSET})
        {
            assertEquals(0, offset % Long.BYTES, "offset " + offset);
        }
        assertTrue(SEM_HOLDERS_OFFSET + Long.BYTES <= SEM_TABLE_OFFSET);
        assertTrue(BAR_MEMBERS_OFFSET + Long.BYTES <= BAR_TABLE_OFFSET);
        assertEquals(0, SEM_TABLE_OFFSET % 64, "the table starts on its own cache line");
        assertTrue(EVENT_WAITERS_OFFSET < EVENT_WORDS * Long.BYTES);
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
