package io.shmkit.it.queue;

import static org.junit.jupiter.api.Assertions.*;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.shmkit.SharedLongArray;
import io.shmkit.codec.Codecs;
import io.shmkit.it.Await;
import io.shmkit.it.ChildJvm;
import io.shmkit.queue.EndOfStreamException;
import io.shmkit.queue.QueueOptions;
import io.shmkit.queue.ShmQueue;
import io.shmkit.test.ShmLeakCheck;

/**
 * Processes killed with {@code kill -9} in the middle of a queue operation: the queue goes on, a half-written
 * message is never delivered, a message is never delivered twice.
 */
@ExtendWith(ShmLeakCheck.class)
class QueueFaultTest
{
    private static final QueueOptions OPTIONS = QueueOptions.defaults().withCapacity(4096);

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void shouldSkipTheClaimOfAProducerKilledMidWrite(final boolean single) throws Exception
    {
        final String name = ShmLeakCheck.name("q-halfwrite");
        final String ctl = ShmLeakCheck.name("q-ctl");
        try (SharedLongArray control = SharedLongArray.create(ctl, 'q', QueueChildren.CONTROL_LENGTH);
            ShmQueue<byte[]> consumer = ShmQueue.create(name, Codecs.bytes(),
                OPTIONS.withSingleProducer(single).withExpectedProducers(2)))
        {
            try
            {
                final ShmQueue<byte[]> first = ShmQueue.open(name, Codecs.bytes(), OPTIONS);
                if (!single)
                {
                    assertTrue(first.offer(new byte[]{1}));
                }
                try (ChildJvm child = ChildJvm.start(QueueChildren.HalfWriter.class, name, ctl))
                {
                    Await.until(60, () -> control.get(QueueChildren.INSIDE) != 0, child::stderr);
                    if (!single)
                    {
                        assertTrue(first.offer(new byte[]{2}), "other producers go on while one hangs");
                        assertArrayEquals(new byte[]{1}, consumer.poll(10, TimeUnit.SECONDS));
                        assertNull(consumer.poll(100, TimeUnit.MILLISECONDS),
                            "a live producer's claim is waited for, not skipped");
                    }
                    child.kill9();
                }
                if (single)
                {
                    assertTrue(first.offer(new byte[]{2}), "a new single producer takes the dead one's place");
                }
                assertTrue(first.offer(new byte[]{3}));
                assertArrayEquals(new byte[]{2}, consumer.poll(30, TimeUnit.SECONDS));
                assertArrayEquals(new byte[]{3}, consumer.poll(30, TimeUnit.SECONDS));
                first.close();
                assertThrows(EndOfStreamException.class, () -> consumer.poll(30, TimeUnit.SECONDS),
                    "the dead producer counts as ended; the half-written message never arrives");
            }
            finally
            {
                consumer.unlink();
                control.unlink();
            }
        }
    }

    @Test
    void shouldNotRepeatTheMessageOfAConsumerKilledMidRead() throws Exception
    {
        final String name = ShmLeakCheck.name("q-stuckread");
        final String ctl = ShmLeakCheck.name("q-ctl");
        try (SharedLongArray control = SharedLongArray.create(ctl, 'q', QueueChildren.CONTROL_LENGTH);
            ShmQueue<Long> q = ShmQueue.create(name, Codecs.longs(), OPTIONS))
        {
            try
            {
                for (long i = 1; i <= 10; i++)
                {
                    q.put(i);
                }
                try (ChildJvm child = ChildJvm.start(QueueChildren.StuckReader.class, name, ctl))
                {
                    Await.until(60, () -> control.get(QueueChildren.INSIDE) != 0, child::stderr);
                    assertEquals(1L, control.get(QueueChildren.INSIDE));
                    assertNull(q.poll(), "the consumer lock is held by a live consumer");
                    assertEquals(10, q.size(), "the message being read is still in the ring");
                    child.kill9();
                }
                for (long i = 2; i <= 10; i++)
                {
                    assertEquals(i, q.poll(30, TimeUnit.SECONDS), "message 1 was handed to the dead consumer");
                }
                assertTrue(q.isEmpty());
                assertEquals(1, q.stats().consumerRecoveries());
                q.put(11L);
                assertEquals(11L, q.take());
            }
            finally
            {
                q.unlink();
                control.unlink();
            }
        }
    }

    @Test
    void shouldBlockAFullPutUntilAConsumerInAnotherProcessTakes() throws Exception
    {
        final String name = ShmLeakCheck.name("q-full");
        final String ctl = ShmLeakCheck.name("q-ctl");
        try (SharedLongArray control = SharedLongArray.create(ctl, 'q', QueueChildren.CONTROL_LENGTH);
            ShmQueue<byte[]> q = ShmQueue.create(name, Codecs.bytes(), OPTIONS.withCapacity(1024)))
        {
            final ShmQueue<byte[]> producer = ShmQueue.open(name, Codecs.bytes(), OPTIONS);
            try
            {
                int n = 0;
                while (producer.offer(Messages.make(0, n, 56)))
                {
                    n++;
                }
                assertEquals(16, n);
                assertFalse(producer.offer(Messages.make(0, n, 56), 20, TimeUnit.MILLISECONDS), "put(timeout) fails");
                try (ChildJvm child = ChildJvm.start(QueueChildren.Consumer.class, name, ctl))
                {
                    Await.until(60, () -> control.get(QueueChildren.READY) == 1, child::stderr);
                    control.set(QueueChildren.GO, 1);
                    for (int i = n; i < n + 100; i++)
                    {
                        producer.put(Messages.make(0, i, 56)); // blocks until the child makes room
                    }
                    producer.close(); // the one expected producer ends: the child drains and exits
                    child.assertSuccess(120);
                    final String[] lines = child.stdout().split("\n");
                    assertEquals(n + 100, lines.length, "nothing dropped");
                    for (int i = 0; i < lines.length; i++)
                    {
                        assertEquals("0 " + i + " 56", lines[i]);
                    }
                }
            }
            finally
            {
                producer.close();
                q.unlink();
                control.unlink();
            }
        }
    }
}
