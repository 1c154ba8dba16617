package io.shmkit.queue;

import static org.agrona.concurrent.ringbuffer.RecordDescriptor.HEADER_LENGTH;
import static org.junit.jupiter.api.Assertions.*;

import java.util.concurrent.TimeUnit;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.shmkit.codec.Codecs;
import io.shmkit.internal.lock.LockWords;
import io.shmkit.test.ShmLeakCheck;

/**
 * The one producer of a one-to-one queue dies inside a claim: the ring is left as Agrona's claim leaves it at that
 * moment, the producer slot names a dead process, and a new producer's first write must repair the ring so that
 * the consumer passes the dead claim and gets every later message. (The cross-process test with a real
 * {@code kill -9} is {@code QueueFaultTest}; here the ring states of the narrow windows are made exactly.)
 */
@ExtendWith(ShmLeakCheck.class)
class OneToOneRecoveryTest
{
    private static final int CAPACITY = 1024;
    private static final QueueOptions OPTIONS = QueueOptions.defaults().withCapacity(CAPACITY)
        .withSingleProducer(true).withExpectedProducers(2);
    /** A word naming this process's pid with another start time: a process of the past, dead. */
    private static final long DEAD = LockWords.current() ^ (1L << 40);

    /**
     * A claim that wraps: the padding to the ring's end (written, or not yet when {@code paddingWritten} is false:
     * the producer died after moving the tail, before the padding's header) and the record at index 0.
     */
    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void shouldPassAWrappedClaimOfADeadProducer(final boolean paddingWritten) throws Exception
    {
        final String name = ShmLeakCheck.name("q-wrapclaim");
        try (ShmQueue<byte[]> consumer = ShmQueue.create(name, Codecs.bytes(), OPTIONS);
            ShmQueue<byte[]> dying = ShmQueue.open(name, Codecs.bytes(), OPTIONS))
        {
            try
            {
                // move head and tail to 24 bytes before the ring's end: 8-byte records of empty messages
                for (int i = 0; i < (CAPACITY - 24) / HEADER_LENGTH; i++)
                {
                    assertTrue(dying.offer(new byte[0]));
                    assertArrayEquals(new byte[0], consumer.poll(10, TimeUnit.SECONDS));
                }
                final QueueCore core = dying.core();
                final int index = core.producer().tryClaim(40);
                assertEquals(HEADER_LENGTH, index, "the claim wrapped to index 0");
                final UnsafeBuffer ring = core.ringBuffer();
                if (!paddingWritten)
                {
                    ring.putLong(CAPACITY - 24, 0L);
                }
                dieAsProducer(core);
                try (ShmQueue<byte[]> next = ShmQueue.open(name, Codecs.bytes(), OPTIONS))
                {
                    assertTrue(next.offer(new byte[]{7}), "a new producer takes the dead one's place");
                    assertArrayEquals(new byte[]{7}, consumer.poll(10, TimeUnit.SECONDS),
                        "the dead claim is passed, the next message arrives");
                    assertTrue(consumer.isEmpty());
                    for (int i = 0; i < 3 * CAPACITY / 16; i++)
                    {
                        assertTrue(next.offer(new byte[]{(byte)i}));
                        assertArrayEquals(new byte[]{(byte)i}, consumer.poll(10, TimeUnit.SECONDS),
                            "the ring goes on wrapping");
                    }
                }
                assertEquals(2, core.endedProducers(), "the dead producer and the closed one ended");
            }
            finally
            {
                consumer.unlink();
            }
        }
    }

    @Test
    void shouldDeliverCommittedMessagesBeforeADeadClaim() throws Exception
    {
        final String name = ShmLeakCheck.name("q-deadclaim");
        try (ShmQueue<byte[]> consumer = ShmQueue.create(name, Codecs.bytes(), OPTIONS);
            ShmQueue<byte[]> dying = ShmQueue.open(name, Codecs.bytes(), OPTIONS))
        {
            try
            {
                assertTrue(dying.offer(new byte[]{1}));
                assertTrue(dying.offer(new byte[]{2, 2}));
                final QueueCore core = dying.core();
                assertTrue(core.producer().tryClaim(100) >= 0);
                dieAsProducer(core);
                try (ShmQueue<byte[]> next = ShmQueue.open(name, Codecs.bytes(), OPTIONS))
                {
                    assertTrue(next.offer(new byte[]{3}));
                }
                assertArrayEquals(new byte[]{1}, consumer.poll(10, TimeUnit.SECONDS));
                assertArrayEquals(new byte[]{2, 2}, consumer.poll(10, TimeUnit.SECONDS));
                assertArrayEquals(new byte[]{3}, consumer.poll(10, TimeUnit.SECONDS),
                    "the committed messages arrive, the dead claim does not");
                assertTrue(consumer.isEmpty());
            }
            finally
            {
                consumer.unlink();
            }
        }
    }

    /** As if the producer's process had died: its slot names a dead process (its handle is then never used). */
    private static void dieAsProducer(final QueueCore core)
    {
        core.region().putLongRelease(QueueDescriptor.PRODUCER_TABLE_OFFSET + QueueDescriptor.SLOT_OWNER_OFFSET, DEAD);
    }
}
