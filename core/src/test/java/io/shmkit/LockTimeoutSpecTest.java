package io.shmkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.shmkit.internal.lock.LockWords;
import io.shmkit.internal.segment.SegmentDescriptor;
import io.shmkit.segment.ProcessIdentity;
import io.shmkit.segment.ShmOptions;
import io.shmkit.test.ShmLeakCheck;

/** What docs/spec/locks.md, "Timeouts", promises for a zero timeout. */
@ExtendWith(ShmLeakCheck.class)
class LockTimeoutSpecTest
{
    @Test
    void shouldTakeOverADeadOwnerEvenWithAZeroTimeout() throws Exception
    {
        final String name = ShmLeakCheck.name("zerotimeout");
        try (SharedLongArray a = SharedLongArray.create(name, 'q', 8, ShmOptions.defaults().withStripes(2)))
        {
            // our pid with another start time: a previous process of this pid, dead by the liveness rule
            final ProcessIdentity me = ProcessIdentity.current();
            final long dead = LockWords.encode(new ProcessIdentity(me.pid(), me.startTicks() + 1));
            writeLockWord(a, 1, dead);
            final ShmLock lock = a.stripeLock(1);
            assertTrue(lock.tryLock(0, TimeUnit.NANOSECONDS), "a zero timeout still takes over a dead owner");
            assertTrue(lock.ownerDied());
            assertEquals(1, lock.recoveries());
            lock.unlock();
            // a live owner (this process, through another handle) is not taken over, and nothing is held
            try (SharedLongArray second = SharedLongArray.open(name))
            {
                final ShmLock other = second.stripeLock(0);
                assertTrue(other.tryLock(0, TimeUnit.NANOSECONDS), "a free lock is taken with a zero timeout");
                assertFalse(a.stripeLock(0).tryLock(0, TimeUnit.NANOSECONDS));
                assertFalse(a.stripeLock(0).isHeldByCurrentThread());
                other.unlock();
            }
            a.unlink();
        }
    }

    private static void writeLockWord(final SharedArray a, final int stripe, final long word) throws IOException
    {
        final ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, word);
        try (FileChannel ch = FileChannel.open(
            ShmOptions.defaults().root().resolve(a.name()), StandardOpenOption.WRITE))
        {
            ch.write(b, SegmentDescriptor.lockSlotOffset(stripe));
        }
    }
}
