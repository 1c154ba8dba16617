package io.shmkit.internal.lock;

import static io.shmkit.internal.lock.LockSlotDescriptor.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.agrona.UnsafeApi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.shmkit.internal.segment.Segment;
import io.shmkit.internal.segment.SegmentLayout;
import io.shmkit.internal.segment.SegmentDescriptor;
import io.shmkit.segment.ProcessIdentity;
import io.shmkit.segment.SegmentKind;
import io.shmkit.segment.ShmOptions;
import io.shmkit.segment.TypeCode;
import io.shmkit.test.ShmLeakCheck;

@ExtendWith(ShmLeakCheck.class)
class RobustLockTest
{
    private Segment segment;
    private long slot;

    @BeforeEach
    void create()
    {
        segment = Segment.create(ShmLeakCheck.name("robust"),
            new SegmentLayout(SegmentKind.ARRAY, TypeCode.of('q'), 1, 1, 0), ShmOptions.defaults());
        slot = segment.lockWordAddress(0);
    }

    @AfterEach
    void remove()
    {
        segment.unlink();
        segment.close();
    }

    private RobustLock handle(final long handoffAfterNs)
    {
        return new RobustLock(segment, slot, "test lock", handoffAfterNs);
    }

    @Test
    void shouldPinTheSlotLayout()
    {
        assertEquals(0, LOCK_WORD_OFFSET);
        assertEquals(8, RECOVERIES_OFFSET);
        assertEquals(16, HANDOFF_TOKEN_OFFSET);
        assertEquals(24, HANDOFF_DEADLINE_OFFSET);
        assertEquals(32, USED_LENGTH);
        assertEquals(128, SLOT_LENGTH);
        assertEquals(SegmentDescriptor.LOCK_SLOT_LENGTH, SLOT_LENGTH);
        for (final int offset : new int[] {LOCK_WORD_OFFSET, RECOVERIES_OFFSET, HANDOFF_TOKEN_OFFSET,
            HANDOFF_DEADLINE_OFFSET})
        {
            assertEquals(0, offset % Long.BYTES, "naturally aligned");
            assertTrue(offset < 64, "on the lock word's cache line");
        }
    }

    @Test
    void shouldTakeOverADeadOwnerEvenWithAZeroTimeout() throws Exception
    {
        final Process p = new ProcessBuilder("sleep", "600").start();
        final ProcessIdentity dead = ProcessIdentity.of(p.pid());
        p.destroyForcibly();
        p.waitFor();
        UnsafeApi.putLongVolatile(null, slot, LockWords.encode(dead));
        final RobustLock lock = handle(RobustLock.DEFAULT_HANDOFF_AFTER_NS);
        assertEquals(RobustLock.OWNER_DIED, lock.acquire(0, true));
        assertTrue(lock.ownerDied());
        assertEquals(1, lock.recoveries());
        lock.release();
        assertEquals(0, lock.word());
    }

    @Test
    void tryAcquireShouldCheckANewOwnerAtOnceAndNoticeALiveOneDyingByPolling() throws Exception
    {
        final Process live = new ProcessBuilder("sleep", "600").start();
        final Process other = new ProcessBuilder("sleep", "600").start();
        try
        {
            final RobustLock lock = handle(RobustLock.DEFAULT_HANDOFF_AFTER_NS);
            UnsafeApi.putLongVolatile(null, slot, LockWords.encode(ProcessIdentity.of(live.pid())));
            assertEquals(RobustLock.TIMED_OUT, lock.tryAcquire(), "held by a live process");
            // another owner, dead, right after a live one was checked: the check is not deferred
            final ProcessIdentity dead = ProcessIdentity.of(other.pid());
            other.destroyForcibly().waitFor();
            UnsafeApi.putLongVolatile(null, slot, LockWords.encode(dead));
            assertEquals(RobustLock.OWNER_DIED, lock.tryAcquire());
            lock.release();
            // the live owner again, then it dies: polling notices within a few check intervals
            UnsafeApi.putLongVolatile(null, slot, LockWords.encode(ProcessIdentity.of(live.pid())));
            assertEquals(RobustLock.TIMED_OUT, lock.tryAcquire());
            live.destroyForcibly().waitFor();
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            int outcome = RobustLock.TIMED_OUT;
            while (outcome == RobustLock.TIMED_OUT && System.nanoTime() - deadline < 0)
            {
                outcome = lock.tryAcquire();
                Thread.yield();
            }
            assertEquals(RobustLock.OWNER_DIED, outcome);
            lock.release();
        }
        finally
        {
            live.destroyForcibly().waitFor();
            other.destroyForcibly().waitFor();
        }
    }

    @Test
    void shouldLeaveAFreeLockToAStandingRegistrationUntilItsLeaseEnds()
    {
        // a registration whose waiter died: nobody withdraws it, its lease must run out
        UnsafeApi.putLongVolatile(null, slot + HANDOFF_TOKEN_OFFSET, 12345L);
        UnsafeApi.putLongVolatile(null, slot + HANDOFF_DEADLINE_OFFSET,
            System.currentTimeMillis() + RobustLock.HANDOFF_LEASE_MS);
        final RobustLock lock = handle(Long.MAX_VALUE);
        assertEquals(RobustLock.TIMED_OUT, lock.tryAcquire(), "a free lock is left to the registered waiter");
        final long start = System.nanoTime();
        assertEquals(RobustLock.ACQUIRED, lock.acquire(60_000_000_000L, false));
        final long waitedMs = (System.nanoTime() - start) / 1_000_000;
        lock.release();
        assertTrue(waitedMs >= RobustLock.HANDOFF_LEASE_MS / 2, "waited for the lease: " + waitedMs + " ms");
    }

    @Test
    void shouldIgnoreARegistrationFurtherAheadThanALease()
    {
        // a clock that jumped back must not make a registration stand for hours
        UnsafeApi.putLongVolatile(null, slot + HANDOFF_TOKEN_OFFSET, 12345L);
        UnsafeApi.putLongVolatile(null, slot + HANDOFF_DEADLINE_OFFSET, System.currentTimeMillis() + 3_600_000L);
        final RobustLock lock = handle(Long.MAX_VALUE);
        assertEquals(RobustLock.ACQUIRED, lock.tryAcquire());
        lock.release();
    }

    @Test
    void shouldBoundTheWaitOfALowRateAcquirerAgainstATightLoop() throws Exception
    {
        final AtomicBoolean stop = new AtomicBoolean();
        final AtomicLong loops = new AtomicLong();
        final Thread hog = new Thread(() ->
        {
            final RobustLock mine = handle(RobustLock.DEFAULT_HANDOFF_AFTER_NS);
            while (!stop.get())
            {
                mine.acquire(Long.MAX_VALUE, false);
                // hold for a while, so the lock is rarely free when the other one looks
                final long until = System.nanoTime() + 20_000;
                while (System.nanoTime() - until < 0)
                {
                    Thread.onSpinWait();
                }
                mine.release();
                loops.incrementAndGet();
            }
        });
        hog.start();
        try
        {
            final RobustLock lock = handle(RobustLock.DEFAULT_HANDOFF_AFTER_NS);
            long longest = 0;
            for (int i = 0; i < 50; i++)
            {
                final long start = System.nanoTime();
                assertEquals(RobustLock.ACQUIRED, lock.acquire(60_000_000_000L, false));
                longest = Math.max(longest, System.nanoTime() - start);
                lock.release();
                Thread.sleep(1);
            }
            assertTrue(loops.get() > 0, "the hog ran");
            // generous for a loaded 2-core machine; without the hand-off a waiter parks 1 ms between looks and
            // finds the lock free only ~ (one release-to-CAS window) / 20 us of the time
            assertTrue(longest < 2_000_000_000L, "longest wait " + longest / 1000 + " us");
        }
        finally
        {
            stop.set(true);
            hog.join(60_000);
        }
        assertEquals(0L, UnsafeApi.getLongVolatile(null, slot + HANDOFF_TOKEN_OFFSET), "registration withdrawn");
    }
}
