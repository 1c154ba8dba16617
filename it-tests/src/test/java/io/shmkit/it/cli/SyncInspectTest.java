package io.shmkit.it.cli;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.shmkit.segment.ShmOptions;
import io.shmkit.sync.SharedBarrier;
import io.shmkit.sync.SharedEvent;
import io.shmkit.sync.SharedLock;
import io.shmkit.sync.SharedSemaphore;
import io.shmkit.test.ShmLeakCheck;

/** {@code shmkit inspect} of the synchronisation primitives shows their state. */
@ExtendWith(ShmLeakCheck.class)
class SyncInspectTest
{
    private static final ShmOptions OPTIONS = ShmOptions.defaults();

    @Test
    void shouldShowEachPrimitivesState() throws Exception
    {
        try (SharedLock lock = SharedLock.create(ShmLeakCheck.name("ilock"), OPTIONS);
             SharedSemaphore sem = SharedSemaphore.createBounded(ShmLeakCheck.name("isem"), 3, OPTIONS);
             SharedEvent event = SharedEvent.create(ShmLeakCheck.name("ievent"), OPTIONS);
             SharedBarrier barrier = SharedBarrier.create(ShmLeakCheck.name("ibar"), 2, null, OPTIONS))
        {
            try
            {
                lock.lock();
                assertTrue(sem.tryAcquire());
                event.set();
                barrier.abort();

                final Cli.Result l = Cli.run("inspect", lock.name());
                assertEquals(0, l.code(), l.err());
                assertTrue(l.out().contains("kind:           4 (lock)"), l.out());
                assertTrue(l.out().contains("owner:          pid " + ProcessHandle.current().pid() + " (alive)"),
                    l.out());

                final Cli.Result s = Cli.run("inspect", sem.name());
                assertEquals(0, s.code(), s.err());
                assertTrue(s.out().contains("permits:        2 available (bounded)"), s.out());

                final Cli.Result e = Cli.run("inspect", event.name());
                assertTrue(e.out().contains("flag:           set"), e.out());

                final Cli.Result b = Cli.run("inspect", barrier.name());
                assertTrue(b.out().contains("parties:        0 of 2 arrived"), b.out());
                assertTrue(b.out().contains("broken:         yes"), b.out());
                lock.unlock();
            }
            finally
            {
                lock.unlink();
                sem.unlink();
                event.unlink();
                barrier.unlink();
            }
        }
    }
}
