package io.shmkit.queue;

import static io.shmkit.queue.QueueDescriptor.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.shmkit.codec.Codecs;
import io.shmkit.test.ShmLeakCheck;

/**
 * The lanes of a many-to-one producer slot: one per writing thread for the first threads of a handle, the shared
 * lane for the others, and what a reader waiting on a stuck head concludes from them.
 */
@ExtendWith(ShmLeakCheck.class)
class ProducerLanesTest
{
    private static final QueueOptions SMALL = QueueOptions.defaults().withCapacity(4096);

    @Test
    void shouldWaitForEveryWriteInFlightInAThreadLane()
    {
        final Slots slots = new Slots(new UnsafeBuffer(new byte[PRODUCER_SLOT_LENGTH]), 0, 1, PRODUCER_SLOT_LENGTH);
        assertEquals(0, slots.tryTake());
        final int lane = slots.lane(0, 1);
        slots.beginOwn(lane);
        final long[] snapshot = slots.inFlight();
        assertEquals(1, snapshot[1], "the write begun is in flight in lane 1");
        assertEquals(-1, snapshot[0], "nothing in flight in the shared lane");
        assertTrue(slots.anyStillInFlight(snapshot));
        slots.endOwn(lane);
        slots.beginOwn(lane); // a later write of the same thread does not hold the reader back
        assertFalse(slots.anyStillInFlight(snapshot));
        slots.endOwn(lane);
        slots.free(0);
    }

    @Test
    void shouldWaitUntilTheSharedLaneIsQuiescentSinceItsWritersFinishOutOfOrder()
    {
        final Slots slots = new Slots(new UnsafeBuffer(new byte[PRODUCER_SLOT_LENGTH]), 0, 1, PRODUCER_SLOT_LENGTH);
        assertEquals(0, slots.tryTake());
        final int shared = slots.lane(0, 0);
        slots.beginShared(shared); // a slow writer's write, in flight when the reader looks
        final long[] snapshot = slots.inFlight();
        assertEquals(1, snapshot[0]);
        slots.beginShared(shared); // another thread's write, begun and finished meanwhile
        slots.endShared(shared);
        assertTrue(slots.anyStillInFlight(snapshot), "one write finished, but not necessarily the slow one");
        slots.endShared(shared);
        assertFalse(slots.anyStillInFlight(snapshot));
        slots.free(0);
    }

    @Test
    void shouldSettleEveryLaneOfADeadProducersSlot()
    {
        final Slots slots = new Slots(new UnsafeBuffer(new byte[PRODUCER_SLOT_LENGTH]), 0, 1, PRODUCER_SLOT_LENGTH);
        assertEquals(0, slots.tryTake());
        slots.beginShared(slots.lane(0, 0));
        slots.beginOwn(slots.lane(0, THREAD_LANES));
        final long[] snapshot = slots.inFlight();
        assertTrue(slots.anyStillInFlight(snapshot));
        slots.settle(0);
        assertFalse(slots.anyStillInFlight(snapshot));
        slots.free(0);
    }

    @Test
    void shouldGiveTheFirstThreadsOwnLanesAndTheOthersTheSharedOneAsOneProducer() throws Exception
    {
        final String name = ShmLeakCheck.name("lanes");
        try (ShmQueue<Long> q = ShmQueue.create(name, Codecs.longs(), SMALL);
            ShmQueue<Long> r = ShmQueue.open(name, Codecs.longs(), SMALL))
        {
            final int threads = THREAD_LANES + 2;
            final int perThread = 5_000;
            final CountDownLatch done = new CountDownLatch(threads);
            final Thread[] writers = new Thread[threads];
            for (int t = 0; t < threads; t++)
            {
                final long base = (long)t << 32;
                writers[t] = new Thread(() ->
                {
                    for (int i = 0; i < perThread; i++)
                    {
                        while (!q.offer(base + i))
                        {
                            Thread.onSpinWait();
                        }
                    }
                    done.countDown();
                });
                writers[t].start();
            }
            final long[] next = new long[threads];
            for (int n = 0; n < perThread * threads; n++)
            {
                final long v = r.poll(30, TimeUnit.SECONDS);
                final int t = (int)(v >>> 32);
                assertEquals(next[t]++, v & 0xFFFF_FFFFL, "thread " + t + "'s order");
            }
            assertTrue(done.await(30, TimeUnit.SECONDS));
            final Slots producers = q.core().producers();
            final UnsafeBuffer region = q.core().region();
            long writes = 0;
            for (int l = 0; l < Slots.LANES; l++)
            {
                final int lane = producers.lane(0, l);
                final long begun = region.getLongVolatile(lane);
                assertEquals(begun, region.getLongVolatile(lane + Long.BYTES), "lane " + l + " has nothing in flight");
                assertTrue(begun > 0, "lane " + l + " was used");
                writes += begun;
            }
            assertTrue(writes >= (long)perThread * threads, "every write was counted in some lane");
            assertEquals(1, q.stats().producers(), "one handle is one producer, whatever its threads");
        }
        finally
        {
            ShmQueueTest.unlink(name);
        }
    }

    @Test
    void shouldGiveTheLaneOfATerminatedThreadToAnother() throws Exception
    {
        final String name = ShmLeakCheck.name("lanes-reuse");
        try (ShmQueue<Long> q = ShmQueue.create(name, Codecs.longs(), SMALL);
            ShmQueue<Long> r = ShmQueue.open(name, Codecs.longs(), SMALL))
        {
            for (int t = 0; t < THREAD_LANES; t++)
            {
                final Thread w = new Thread(() -> assertTrue(q.offer(1L)));
                w.start();
                w.join(30_000);
                assertFalse(w.isAlive());
            }
            for (int t = 0; t < THREAD_LANES; t++)
            {
                assertEquals(1L, r.poll());
            }
            final Slots producers = q.core().producers();
            final UnsafeBuffer region = q.core().region();
            final long sharedBefore = region.getLongVolatile(producers.lane(0, 0));
            final int writes = 10_000;
            final long[] received = new long[1];
            final Thread late = new Thread(() ->
            {
                for (int i = 0; i < writes; i++)
                {
                    if (q.offer(2L))
                    {
                        received[0] += r.poll();
                    }
                }
            });
            late.start();
            late.join(30_000);
            assertFalse(late.isAlive());
            assertEquals(2L * writes, received[0], "every message written and read");
            final long shared = region.getLongVolatile(producers.lane(0, 0)) - sharedBefore;
            // the late thread looks for a terminated owner's lane about once in 256 writes
            assertTrue(shared < writes,
                "the late thread got a thread lane (it wrote " + shared + " in the shared one)");
        }
        finally
        {
            ShmQueueTest.unlink(name);
        }
    }
}
