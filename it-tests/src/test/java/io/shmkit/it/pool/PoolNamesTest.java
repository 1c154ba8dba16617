package io.shmkit.it.pool;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import io.shmkit.SharedLongArray;
import io.shmkit.collection.SharedDict;
import io.shmkit.it.Await;
import io.shmkit.pool.Pool;
import io.shmkit.pool.PoolTaskException;
import io.shmkit.pool.PoolWorker;
import io.shmkit.segment.ShmOptions;
import io.shmkit.test.ShmLeakCheck;

/**
 * A name unlinked and created again between the requests of a pool worker, which keeps what its tasks open by name:
 * its tasks see the new segment, never the unlinked one, and the worker unmaps the unlinked one at its next request.
 * One worker, so that every request goes to the worker that keeps the handles.
 */
@ExtendWith(ShmLeakCheck.class)
@Timeout(300)
class PoolNamesTest
{
    private static final long BOUND_S = 60;
    /** More than the worker's least interval between two passes over its kept handles (1 ms). */
    private static final long PASS_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    private static Pool pool;

    @BeforeAll
    static void start()
    {
        pool = Pool.builder().workers(1).name(PoolFixture.name("names")).start();
    }

    @AfterAll
    static void stop() throws Exception
    {
        PoolFixture.closeAndCheck(pool);
    }

    @Test
    void shouldSeeAnArrayCreatedAgainUnderItsName() throws Exception
    {
        final String name = ShmLeakCheck.name("x");
        try (SharedLongArray a = filled(name, 1, 2, 3))
        {
            assertEquals(1006L, sum(name));
            assertEquals(1001L, a.get(0), "the task wrote to the parent's array");
            assertTrue(a.unlink());
        }
        try (SharedLongArray b = filled(name, 10, 20, 30, 40))
        {
            assertEquals(1100L, sum(name), "the task read the new array, not the unlinked one");
            assertEquals(1010L, b.get(0), "the task wrote to the new array");
            assertEquals(List.of(2100L, 3100L), pool.map(PoolNameTasks.ArraySum.class, List.of(name, name), 2),
                "a chunk of two elements ran on the new array");
            assertTrue(b.unlink());
        }
        final ExecutionException gone = assertThrows(ExecutionException.class, () -> sum(name));
        assertEquals(UncheckedIOException.class.getName(), ((PoolTaskException)gone.getCause()).remoteType(),
            "no such segment once the name is unlinked");
    }

    @Test
    void shouldSeeADictCreatedAgainUnderItsName() throws Exception
    {
        final String name = ShmLeakCheck.name("d");
        try (SharedDict d = SharedDict.create(name, 16, 4096))
        {
            d.put(PoolNameTasks.KEY, "1".getBytes(StandardCharsets.UTF_8));
            assertEquals(1L, dictValue(name));
            assertTrue(d.unlink());
        }
        try (SharedDict d = SharedDict.create(name, 16, 4096))
        {
            d.put(PoolNameTasks.KEY, "2".getBytes(StandardCharsets.UTF_8));
            assertEquals(2L, dictValue(name), "the task read the new dict, not the unlinked one");
            assertTrue(d.unlink());
        }
    }

    /** An array a task of {@code on}'s worker {@code pid} has opened (and so maps), then unlinked; its file. */
    private Path mappedThenUnlinked(final Pool on, final String name, final long pid) throws Exception
    {
        final Path file = ShmOptions.defaults().root().resolve(name);
        try (SharedLongArray a = filled(name, 1, 2, 3))
        {
            assertEquals(1006L, on.applyAsync(PoolNameTasks.ArraySum.class, name).get(BOUND_S, TimeUnit.SECONDS));
            assertFalse(mappings(pid, file).isEmpty(), "the worker maps the array it opened");
            assertTrue(a.unlink());
        }
        return file;
    }

    @Test
    void shouldUnmapAnUnlinkedSegmentAtTheNextRequest() throws Exception
    {
        // a worker without idle passes (their interval is ten minutes): only the request's pass can release it
        final Pool quiet = Pool.builder().workers(1).name(PoolFixture.name("names-quiet"))
            .jvmOptions("-D" + PoolWorker.IDLE_MILLIS_PROPERTY + "=600000").start();
        final long pid = quiet.workerPids().get(0);
        final List<ProcessHandle> workers = List.of(ProcessHandle.of(pid).orElseThrow());
        try
        {
            final Path file = mappedThenUnlinked(quiet, ShmLeakCheck.name("m"), pid);
            // the pass runs at the start of a request, at most once a millisecond after the last: timed from after
            // the unlink, so a pass that ran before it cannot stand in
            final long unlinked = System.nanoTime();
            while (System.nanoTime() - unlinked < PASS_WAIT_NANOS)
            {
                LockSupport.parkNanos(PASS_WAIT_NANOS);
            }
            assertEquals(50L, quiet.applyAsync(PoolTasks.Square.class, 7L).get(BOUND_S, TimeUnit.SECONDS),
                "a request that does not look the name up");
            // its pass forgets the handle, and the worker's unmapping thread unmaps it just after
            Await.until(BOUND_S, () -> mappingsUnchecked(pid, file).isEmpty(),
                () -> "the worker to unmap the unlinked file: " + mappingsUnchecked(pid, file));
        }
        finally
        {
            quiet.close();
        }
        PoolFixture.assertNothingLeft(quiet, workers);
    }

    @Test
    void aHandleKeptPastItsRequestShouldThrowOnceClosedNotReadUnmappedMemory() throws Exception
    {
        for (int round = 0; round < 5; round++)
        {
            final String name = ShmLeakCheck.name("kept");
            try (SharedLongArray a = filled(name, 42, 1, 2))
            {
                assertEquals(42L, pool.applyAsync(PoolNameTasks.KeptFirst.class, name).get(BOUND_S, TimeUnit.SECONDS));
                assertTrue(a.unlink());
            }
            final long unlinked = System.nanoTime();
            while (System.nanoTime() - unlinked < PASS_WAIT_NANOS)
            {
                LockSupport.parkNanos(PASS_WAIT_NANOS);
            }
            // the pass at the start of this request closes the handle on the task thread, before the task runs
            assertEquals(-1L, pool.applyAsync(PoolNameTasks.KeptFirst.class, name).get(BOUND_S, TimeUnit.SECONDS),
                "round " + round + ": the kept handle, closed, throws IllegalStateException");
        }
    }

    @Test
    void shouldUnmapAnUnlinkedSegmentWhileIdle() throws Exception
    {
        final long pid = pool.workerPids().get(0);
        final Path file = mappedThenUnlinked(pool, ShmLeakCheck.name("i"), pid);
        // no request: the idle worker's pass (every 100 ms) releases it
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(BOUND_S);
        List<String> left = mappings(pid, file);
        while (!left.isEmpty() && System.nanoTime() - deadline < 0)
        {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
            left = mappings(pid, file);
        }
        assertEquals(List.of(), left, "the idle worker no longer maps the unlinked file");
    }

    private static SharedLongArray filled(final String name, final long... values)
    {
        final SharedLongArray a = SharedLongArray.create(name, 'q', values.length);
        for (int i = 0; i < values.length; i++)
        {
            a.set(i, values[i]);
        }
        return a;
    }

    private static long sum(final String name) throws Exception
    {
        return pool.applyAsync(PoolNameTasks.ArraySum.class, name).get(BOUND_S, TimeUnit.SECONDS);
    }

    private static long dictValue(final String name) throws Exception
    {
        return pool.applyAsync(PoolNameTasks.DictValue.class, name).get(BOUND_S, TimeUnit.SECONDS);
    }

    private static List<String> mappingsUnchecked(final long pid, final Path file)
    {
        try
        {
            return mappings(pid, file);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /** The lines of the process's {@code maps} that map {@code file} (deleted: its path and " (deleted)"). */
    private static List<String> mappings(final long pid, final Path file) throws IOException
    {
        final String path = file.toAbsolutePath().toString();
        return Files.readAllLines(Path.of("/proc", Long.toString(pid), "maps")).stream()
            .filter(l -> l.endsWith(" " + path) || l.endsWith(" " + path + " (deleted)"))
            .collect(Collectors.toList());
    }
}
