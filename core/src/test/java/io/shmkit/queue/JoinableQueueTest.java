package io.shmkit.queue;

import static org.junit.jupiter.api.Assertions.*;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.shmkit.codec.Codecs;
import io.shmkit.test.ShmLeakCheck;

@ExtendWith(ShmLeakCheck.class)
class JoinableQueueTest
{
    private static final QueueOptions SMALL = QueueOptions.defaults().withCapacity(1024);

    @Test
    void shouldCountTasksAndJoin() throws Exception
    {
        final String name = ShmLeakCheck.name("joinable");
        try (JoinableQueue<String> q = JoinableQueue.create(name, Codecs.utf8(), SMALL);
            JoinableQueue<String> worker = JoinableQueue.open(name, Codecs.utf8(), SMALL))
        {
            try
            {
                q.put("a");
                q.put("b");
                assertEquals(2, q.unfinishedTasks());
                assertFalse(q.join(20, TimeUnit.MILLISECONDS), "two tasks are unfinished");
                final CompletableFuture<Void> joined = CompletableFuture.runAsync(() ->
                {
                    try
                    {
                        q.join();
                    }
                    catch (final InterruptedException ex)
                    {
                        throw new IllegalStateException(ex);
                    }
                });
                assertEquals("a", worker.take());
                worker.taskDone();
                assertEquals("b", worker.take());
                assertFalse(joined.isDone());
                worker.taskDone();
                joined.get(30, TimeUnit.SECONDS);
                assertEquals(0, q.unfinishedTasks());
                final IllegalStateException ex = assertThrows(IllegalStateException.class, worker::taskDone);
                assertTrue(ex.getMessage().contains("more times"), ex.getMessage());
                assertTrue(q.join(0, TimeUnit.SECONDS));
            }
            finally
            {
                q.unlink();
            }
        }
    }

    @Test
    void shouldNotCountRejectedOrFailedWrites()
    {
        final String name = ShmLeakCheck.name("joinable-full");
        try (JoinableQueue<byte[]> q = JoinableQueue.create(name, Codecs.bytes(), SMALL))
        {
            try
            {
                assertThrows(IllegalArgumentException.class, () -> q.offer(new byte[129]));
                assertEquals(0, q.unfinishedTasks());
                int n = 0;
                while (q.offer(new byte[56]))
                {
                    n++;
                }
                assertEquals(16, n);
                assertEquals(16, q.unfinishedTasks(), "the refused offer is not counted");
            }
            finally
            {
                q.unlink();
            }
        }
    }

    @Test
    void simpleQueueShouldPutAndGet() throws Exception
    {
        final String name = ShmLeakCheck.name("simple");
        final SimpleQueue<Long> q = SimpleQueue.create(name, Codecs.longs());
        try (SimpleQueue<Long> other = SimpleQueue.open(name, Codecs.longs()))
        {
            try
            {
                assertTrue(q.empty());
                q.put(5L);
                assertFalse(other.empty());
                assertEquals(5L, other.get());
                q.close();
                assertThrows(EndOfStreamException.class, other::get);
            }
            finally
            {
                q.close();
                other.unlink();
            }
        }
    }
}
