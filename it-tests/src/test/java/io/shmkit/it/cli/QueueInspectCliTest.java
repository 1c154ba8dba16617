package io.shmkit.it.cli;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.shmkit.codec.Codecs;
import io.shmkit.queue.QueueOptions;
import io.shmkit.queue.ShmQueue;
import io.shmkit.test.ShmLeakCheck;

/** {@code shmkit inspect} of a queue, through the packaged tool. */
@ExtendWith(ShmLeakCheck.class)
class QueueInspectCliTest
{
    @Test
    void shouldShowCapacityFillProducersAndConsumers() throws Exception
    {
        final String name = ShmLeakCheck.name("q-inspect");
        try (ShmQueue<Long> q = ShmQueue.create(name, Codecs.longs(), QueueOptions.defaults().withCapacity(4096)))
        {
            try
            {
                q.put(1L);
                q.put(2L);
                q.put(3L);
                assertEquals(1L, q.take());
                final Cli.Result r = Cli.run("inspect", name);
                assertEquals(0, r.code(), r.err());
                assertTrue(r.out().contains("kind:           3 (queue)"), r.out());
                assertTrue(r.out().contains("capacity:       4096 bytes (4.0 KiB), messages up to 512 bytes"), r.out());
                assertTrue(r.out().contains("fill:           32 bytes (0.8 %), 2 messages"), r.out());
                assertTrue(r.out().contains("producers:      1 attached, 0 ended of 1 expected"), r.out());
                assertTrue(r.out().contains("consumers:      1 attached, 0 recoveries from dead consumers"), r.out());
            }
            finally
            {
                q.unlink();
            }
        }
    }
}
