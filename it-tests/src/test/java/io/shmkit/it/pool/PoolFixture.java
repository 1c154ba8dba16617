package io.shmkit.it.pool;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.shmkit.pool.Pool;
import io.shmkit.segment.ShmOptions;

/**
 * Names and end checks for a pool shared by the tests of a class: its segments carry a prefix of their own (not
 * {@code ShmLeakCheck}'s, whose per-test check would remove a pool that outlives one test), checked after the class.
 */
final class PoolFixture
{
    private static final String PREFIX = "shmkit-pooltest-" + ProcessHandle.current().pid() + "-";
    private static final AtomicLong COUNTER = new AtomicLong();

    private PoolFixture()
    {
    }

    /** A unique pool name with this JVM's pool-test prefix. */
    static String name(final String what)
    {
        return PREFIX + COUNTER.incrementAndGet() + "-" + what;
    }

    /** Files under the default root whose name starts with {@code prefix}. */
    static List<Path> leftovers(final String prefix)
    {
        try (Stream<Path> s = Files.list(ShmOptions.defaults().root()))
        {
            return s.filter(p -> p.getFileName().toString().contains(prefix)).collect(Collectors.toList());
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * Close the pool and check that it left nothing: no worker process of this JVM, no segment of its name.
     */
    static void closeAndCheck(final Pool pool) throws Exception
    {
        final List<ProcessHandle> workers = ProcessHandle.current().children().collect(Collectors.toList());
        pool.close();
        assertTrue(pool.isTerminated(), "terminated after close");
        assertNothingLeft(pool, workers);
    }

    /** Assert the processes have ended and no segment of the pool remains. */
    static void assertNothingLeft(final Pool pool, final List<ProcessHandle> workers) throws Exception
    {
        for (final ProcessHandle h : workers)
        {
            h.onExit().get(30, TimeUnit.SECONDS);
            assertFalse(h.isAlive(), "worker " + h.pid() + " is gone");
        }
        final List<Path> left = leftovers(pool.name());
        for (final Path p : left)
        {
            Files.deleteIfExists(p);
        }
        assertEquals(List.of(), left, "no segment of the pool is left");
    }
}
