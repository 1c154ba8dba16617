package io.shmkit.queue;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.shmkit.Segments;
import io.shmkit.SharedLong;
import io.shmkit.codec.Codec;
import io.shmkit.codec.Codecs;
import io.shmkit.internal.segment.SegmentDescriptor;
import io.shmkit.segment.SegmentFormatException;
import io.shmkit.segment.ShmOptions;
import io.shmkit.test.ShmLeakCheck;

@ExtendWith(ShmLeakCheck.class)
class ShmQueueTest
{
    private static final QueueOptions SMALL = QueueOptions.defaults().withCapacity(1024);

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void shouldPassMessagesInOrderAndWrapManyTimes(final boolean single) throws Exception
    {
        final String name = ShmLeakCheck.name("order");
        try (ShmQueue<String> q = ShmQueue.create(name, Codecs.utf8(), SMALL.withSingleProducer(single));
            ShmQueue<String> r = ShmQueue.open(name, Codecs.utf8(), SMALL))
        {
            for (int i = 0; i < 2001; i++)
            {
                assertTrue(q.offer("m" + i));
                if (i % 3 == 2)
                {
                    for (int k = i - 2; k <= i; k++)
                    {
                        assertEquals("m" + k, r.poll());
                    }
                }
            }
            assertTrue(q.isEmpty());
            assertNull(r.poll());
        }
        finally
        {
            unlink(name);
        }
    }

    @Test
    void shouldReportSizeCapacityAndFullQueue() throws Exception
    {
        final String name = ShmLeakCheck.name("full");
        try (ShmQueue<byte[]> q = ShmQueue.create(name, Codecs.bytes(), SMALL))
        {
            assertEquals(1024, q.capacity());
            assertEquals(128, q.maxMessageLength());
            assertEquals(0, q.size());
            int n = 0;
            while (q.offer(new byte[56]))
            {
                n++;
            }
            assertEquals(16, n, "1024 bytes hold 16 records of 8 + 56 bytes");
            assertEquals(16, q.size());
            assertFalse(q.offer(new byte[0]));
            final long start = System.nanoTime();
            assertFalse(q.offer(new byte[1], 50, TimeUnit.MILLISECONDS));
            assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(50));
            assertEquals(16, q.size(), "nothing dropped");
            assertEquals(56, q.poll().length);
            assertTrue(q.offer(new byte[56], 1, TimeUnit.SECONDS));
        }
        finally
        {
            unlink(name);
        }
    }

    @Test
    void shouldRejectOversizedMessageBeforeWriting()
    {
        final String name = ShmLeakCheck.name("big");
        try (ShmQueue<byte[]> q = ShmQueue.create(name, Codecs.bytes(), SMALL))
        {
            final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
                () -> q.offer(new byte[129]));
            assertTrue(ex.getMessage().contains("129"), ex.getMessage());
            assertTrue(q.isEmpty());
            assertTrue(q.offer(new byte[128]));
            assertThrows(IllegalArgumentException.class, () -> q.offerClaimed(129, (b, o, l) -> { }));
            assertEquals(1, q.size());
        }
        finally
        {
            unlink(name);
        }
    }

    @Test
    void shouldTimeOutOnEmptyQueue() throws Exception
    {
        final String name = ShmLeakCheck.name("empty");
        try (ShmQueue<Long> q = ShmQueue.create(name, Codecs.longs(), SMALL))
        {
            final long start = System.nanoTime();
            assertNull(q.poll(30, TimeUnit.MILLISECONDS));
            assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(30));
        }
        finally
        {
            unlink(name);
        }
    }

    @Test
    void shouldSignalEndOfStreamAfterDrain() throws Exception
    {
        final String name = ShmLeakCheck.name("eos");
        try (ShmQueue<Long> consumer = ShmQueue.create(name, Codecs.longs(), SMALL.withExpectedProducers(2)))
        {
            final ShmQueue<Long> p1 = ShmQueue.open(name, Codecs.longs(), SMALL);
            final ShmQueue<Long> p2 = ShmQueue.open(name, Codecs.longs(), SMALL);
            p1.put(1L);
            p2.put(2L);
            p1.close();
            assertFalse(consumer.isEndOfStream());
            p2.close();
            assertFalse(consumer.isEndOfStream(), "not drained");
            assertEquals(1L, consumer.take());
            assertEquals(2L, consumer.take());
            assertTrue(consumer.isEndOfStream());
            assertThrows(EndOfStreamException.class, consumer::take);
            assertThrows(EndOfStreamException.class, consumer::poll);
            assertThrows(EndOfStreamException.class, () -> consumer.poll(10, TimeUnit.SECONDS));
        }
        finally
        {
            unlink(name);
        }
    }

    @Test
    void shouldWriteAndReadInPlace()
    {
        final String name = ShmLeakCheck.name("zc");
        try (ShmQueue<byte[]> q = ShmQueue.create(name, Codecs.bytes(), SMALL))
        {
            assertTrue(q.offerClaimed(8, (b, o, l) -> b.putLong(o, 42L)));
            assertThrows(IllegalStateException.class, () -> q.offerClaimed(8, (b, o, l) ->
            {
                throw new IllegalStateException("writer failed");
            }));
            assertTrue(q.offerClaimed(0, (b, o, l) -> { }));
            final List<Integer> lengths = new ArrayList<>();
            final long[] value = new long[1];
            assertEquals(2, q.drain((b, o, l) ->
            {
                lengths.add(l);
                if (l == 8)
                {
                    value[0] = b.getLong(o);
                }
            }, 10));
            assertEquals(List.of(8, 0), lengths, "the aborted claim is not delivered");
            assertEquals(42L, value[0]);
            assertThrows(IllegalArgumentException.class, () -> q.drain((b, o, l) -> { }, 0));
        }
        finally
        {
            unlink(name);
        }
    }

    @Test
    void shouldRefuseSecondLiveSingleProducer()
    {
        final String name = ShmLeakCheck.name("spsc");
        try (ShmQueue<Long> a = ShmQueue.create(name, Codecs.longs(), SMALL.withSingleProducer(true));
            ShmQueue<Long> b = ShmQueue.open(name, Codecs.longs(), SMALL))
        {
            assertTrue(a.offer(1L));
            final IllegalStateException ex = assertThrows(IllegalStateException.class, () -> b.offer(2L));
            assertTrue(ex.getMessage().contains("one producer"), ex.getMessage());
            assertEquals(1, b.size());
        }
        finally
        {
            unlink(name);
        }
    }

    @Test
    void shouldFailClearlyWhenClosed()
    {
        final String name = ShmLeakCheck.name("closed");
        final ShmQueue<Long> q = ShmQueue.create(name, Codecs.longs(), SMALL);
        q.close();
        q.close();
        assertThrows(IllegalStateException.class, () -> q.offer(1L));
        assertThrows(IllegalStateException.class, q::poll);
        assertThrows(IllegalStateException.class, q::size);
        assertThrows(IllegalStateException.class, q::isEmpty);
        assertThrows(IllegalStateException.class, () -> q.drain((b, o, l) -> { }, 1));
        unlink(name);
    }

    @Test
    void shouldRejectSegmentOfAnotherKind()
    {
        final String name = ShmLeakCheck.name("kind");
        try (SharedLong v = SharedLong.create(name, 'q', 0))
        {
            final SegmentFormatException ex = assertThrows(SegmentFormatException.class,
                () -> ShmQueue.open(name, Codecs.longs(), SMALL));
            assertTrue(ex.getMessage().contains("not a queue"), ex.getMessage());
            v.unlink();
        }
    }

    @Test
    void shouldRejectCorruptedControlBlock() throws IOException
    {
        final String name = ShmLeakCheck.name("corrupt");
        try (ShmQueue<Long> q = ShmQueue.create(name, Codecs.longs(), SMALL))
        {
            final Path file = ShmOptions.defaults().root().resolve(name);
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE))
            {
                final ByteBuffer bad = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(0, 1000);
                ch.write(bad, SegmentDescriptor.dataOffset(1) + QueueDescriptor.RING_CAPACITY_OFFSET);
            }
            final SegmentFormatException ex = assertThrows(SegmentFormatException.class,
                () -> ShmQueue.open(name, Codecs.longs(), SMALL));
            assertTrue(ex.getMessage().contains("corrupted"), ex.getMessage());
            assertTrue(q.unlink());
        }
    }

    @Test
    @Timeout(60)
    void sizeShouldEndOnATailCorruptedFarAhead()
    {
        final String name = ShmLeakCheck.name("fartail");
        // a one-to-one ring leaves the records it has read in place: after a few laps, every place holds one
        try (ShmQueue<Long> q = ShmQueue.create(name, Codecs.longs(), SMALL.withSingleProducer(true)))
        {
            for (long i = 0; i < 3L * q.capacity(); i++)
            {
                assertTrue(q.offer(i));
                assertEquals(i, q.poll());
            }
            for (long i = 0; i < 3; i++)
            {
                assertTrue(q.offer(i));
            }
            assertEquals(3, q.size());
            final int tail = q.capacity() + RingBufferDescriptor.TAIL_POSITION_OFFSET;
            q.core().ringBuffer().putLongVolatile(tail, 1L << 60); // a file written over: the walk must still end
            final long t0 = System.nanoTime();
            assertTrue(q.size() >= 3, "the messages there are still counted (and the old records of one lap)");
            assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(5), "one ring's walk at most");
            assertTrue(q.unlink());
        }
    }

    @Test
    void aDeadConsumersJournalThatCrossesTheRingsEndShouldBeRefused()
    {
        final String name = ShmLeakCheck.name("badjournal");
        try (ShmQueue<Long> q = ShmQueue.create(name, Codecs.longs(), SMALL))
        {
            final int cap = q.capacity();
            for (long i = 0; i < (cap - 32) / 16; i++) // 16 bytes a record: the head ends 32 bytes before the end
            {
                assertTrue(q.offer(i));
                assertEquals(i, q.poll());
            }
            final UnsafeBuffer ring = q.core().ringBuffer();
            final int headAt = cap + RingBufferDescriptor.HEAD_POSITION_OFFSET;
            final int tailAt = cap + RingBufferDescriptor.TAIL_POSITION_OFFSET;
            final long head = ring.getLongVolatile(headAt);
            assertEquals(cap - 32, head & (cap - 1));
            final long tail = ring.getLongVolatile(tailAt);
            // a corrupted journal, as if a dead consumer had read a whole ring from there
            q.core().region().putLongVolatile(QueueDescriptor.JOURNAL_HEAD_OFFSET, head);
            q.core().region().putLongVolatile(QueueDescriptor.JOURNAL_END_OFFSET, head + cap);
            q.core().dead().completeJournal();
            assertEquals(head, ring.getLongVolatile(headAt), "the head stays");
            assertEquals(tail, ring.getLongVolatile(tailAt), "the trailer is not zeroed");
            assertTrue(q.offer(7L));
            assertEquals(7L, q.poll(), "the queue still works");
            assertTrue(q.unlink());
        }
    }

    @Test
    void shouldBlockPutUntilRoomAndTakeUntilMessage() throws Exception
    {
        final String name = ShmLeakCheck.name("blocking");
        try (ShmQueue<byte[]> q = ShmQueue.create(name, Codecs.bytes(), SMALL);
            ShmQueue<byte[]> r = ShmQueue.open(name, Codecs.bytes(), SMALL))
        {
            while (q.offer(new byte[56]))
            {
                // fill
            }
            final CompletableFuture<Void> put = CompletableFuture.runAsync(
                () -> putQuietly(q, new byte[]{9}));
            assertThrows(TimeoutException.class, () -> put.get(50, TimeUnit.MILLISECONDS));
            for (int i = 0; i < 16; i++)
            {
                assertEquals(56, r.take().length);
            }
            put.get(30, TimeUnit.SECONDS);
            assertArrayEquals(new byte[]{9}, r.take());
            final CompletableFuture<byte[]> take = CompletableFuture.supplyAsync(
                () -> takeQuietly(r));
            assertThrows(TimeoutException.class, () -> take.get(50, TimeUnit.MILLISECONDS));
            q.put(new byte[]{7});
            assertArrayEquals(new byte[]{7}, take.get(30, TimeUnit.SECONDS));
        }
        finally
        {
            unlink(name);
        }
    }

    private static <T> void putQuietly(final ShmQueue<T> q, final T m)
    {
        try
        {
            q.put(m);
        }
        catch (final InterruptedException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    private static byte[] takeQuietly(final ShmQueue<byte[]> q)
    {
        try
        {
            return q.take();
        }
        catch (final InterruptedException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    @Test
    void shouldCostLittleCpuWhileBlocked() throws Exception
    {
        final String name = ShmLeakCheck.name("idle");
        try (ShmQueue<Long> q = ShmQueue.create(name, Codecs.longs(), SMALL))
        {
            final ThreadMXBean mx = ManagementFactory.getThreadMXBean();
            final long[] cpu = new long[2];
            final long[] waited = new long[1];
            final Object[] got = {"not polled"};
            final Thread waiter = new Thread(() ->
            {
                cpu[0] = mx.getCurrentThreadCpuTime();
                final long t0 = System.nanoTime();
                try
                {
                    got[0] = q.poll(1, TimeUnit.SECONDS);
                    waited[0] = System.nanoTime() - t0;
                }
                catch (final InterruptedException ex)
                {
                    Thread.currentThread().interrupt();
                }
                cpu[1] = mx.getCurrentThreadCpuTime();
            });
            final long start = System.nanoTime();
            waiter.start();
            waiter.join(30_000);
            final double share = (cpu[1] - cpu[0]) / (double)(System.nanoTime() - start);
            assertFalse(waiter.isAlive(), "the bounded poll returned");
            assertNull(got[0], "an empty queue gave nothing");
            assertTrue(waited[0] >= TimeUnit.MILLISECONDS.toNanos(990), "the poll blocked its full second, not " +
                waited[0] / 1_000_000 + " ms");
            // the target on a quiet machine is under 2 % of a core; the bound leaves room for a loaded one
            assertTrue(share < 0.10, "a blocked take used " + share * 100 + " % of a core");
        }
        finally
        {
            unlink(name);
        }
    }

    @Test
    void shouldKeepTheProducerCountWhateverTheSingleProducerSetting()
    {
        final QueueOptions o = QueueOptions.defaults().withMaxProducers(7);
        assertEquals(7, o.withSingleProducer(true).withSingleProducer(false).maxProducers());
        assertEquals(7, o.withSingleProducer(true).maxProducers(), "as given; the queue makes it one");
        assertEquals(5, QueueOptions.defaults().withSingleProducer(true).withMaxProducers(5).withSingleProducer(false)
            .maxProducers());
    }

    @Test
    void shouldRejectCorruptedHeader() throws IOException
    {
        final String name = ShmLeakCheck.name("badheader");
        try (ShmQueue<Long> q = ShmQueue.create(name, Codecs.longs(), SMALL))
        {
            final Path file = ShmOptions.defaults().root().resolve(name);
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE))
            {
                ch.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(0, 99),
                    SegmentDescriptor.KIND_OFFSET);
            }
            final SegmentFormatException ex = assertThrows(SegmentFormatException.class,
                () -> ShmQueue.open(name, Codecs.longs(), SMALL));
            assertTrue(ex.getMessage().contains("unknown kind 99"), ex.getMessage());
            assertTrue(q.unlink());
        }
    }

    @Test
    void shouldAbortAMessageWhoseCodecMisstatesItsLength() throws Exception
    {
        final String name = ShmLeakCheck.name("q-liar");
        final Codec<Long> liar = new Codec<>()
        {
            @Override
            public int encode(final Long value, final MutableDirectBuffer buffer, final int offset)
            {
                buffer.putInt(offset, value.intValue());
                return Integer.BYTES;
            }

            @Override
            public Long decode(final DirectBuffer buffer, final int offset, final int length)
            {
                return (long)buffer.getInt(offset);
            }

            @Override
            public int encodedLength(final Long value)
            {
                return value == 0 ? Long.BYTES : Integer.BYTES;
            }
        };
        try (ShmQueue<Long> q = ShmQueue.create(name, liar, SMALL))
        {
            final IllegalStateException ex = assertThrows(IllegalStateException.class, () -> q.offer(0L));
            assertTrue(ex.getMessage().contains("encodedLength"), ex.getMessage());
            assertNull(q.poll(), "the misencoded message was aborted (padding), never delivered");
            assertTrue(q.isEmpty());
            assertTrue(q.offer(7L), "encoded in place, the length known");
            assertEquals(7L, q.poll(10, TimeUnit.SECONDS));
        }
        finally
        {
            unlink(name);
        }
    }

    @Test
    void shouldShowStats() throws Exception
    {
        final String name = ShmLeakCheck.name("stats");
        try (ShmQueue<Long> q = ShmQueue.create(name, Codecs.longs(), SMALL))
        {
            q.put(7L);
            q.put(8L);
            final QueueStats s = q.stats();
            assertEquals(1024, s.capacity());
            assertEquals(2, s.messages());
            assertEquals(32, s.fillBytes());
            assertEquals(1, s.producers());
            assertEquals(0, s.consumers());
            assertEquals(7L, q.take());
            assertEquals(1, q.stats().consumers());
        }
        finally
        {
            unlink(name);
        }
    }

    static void unlink(final String name)
    {
        try
        {
            Segments.remove(name, ShmOptions.defaults());
        }
        catch (final RuntimeException ignore)
        {
            // not a segment (a test's corrupted file): the leak check names it
        }
    }
}
