package io.shmkit.it.pool;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.shmkit.Segments;
import io.shmkit.SharedLongArray;
import io.shmkit.it.Await;
import io.shmkit.it.ChildJvm;
import io.shmkit.pool.Pool;
import io.shmkit.pool.PoolWorker;
import io.shmkit.segment.ShmOptions;
import io.shmkit.test.ShmLeakCheck;

/**
 * A parent killed with SIGKILL leaves no worker behind, even a worker asleep on its wake channel (the channel ends
 * with the parent, and the process layer's watchdog halts the child), and its pool's segments are
 * removed by {@link Segments#clean} (their creator is dead). The parent is a real child JVM with a segment root of
 * its own.
 */
@Timeout(300)
class PoolParentDeathTest
{
    @TempDir
    Path dir;

    /**
     * The parent: starts a pool of two workers in the root of args[0], waits until both sleep on their wake channel
     * (for up to ten minutes: only the parent's death ends their sleep within the test's bound), writes their pids
     * to args[1], waits.
     */
    public static final class OwnerMain
    {
        public static void main(final String[] args) throws Exception
        {
            final ShmOptions options = ShmOptions.defaults().withRoot(Path.of(args[0]));
            final Pool pool = Pool.builder().workers(2).shmOptions(options).name("owner")
                .jvmOptions("-D" + PoolWorker.IDLE_MILLIS_PROPERTY + "=600000").start();
            if (pool.applyAsync(PoolTasks.Square.class, 2L).get(60, TimeUnit.SECONDS) != 5L)
            {
                System.exit(3);
            }
            try (SharedLongArray asleep = SharedLongArray.open("owner.wake", options))
            {
                Await.until(60, () -> asleep.get(0) == 1 && asleep.get(1) == 1, () -> "both workers to sleep");
            }
            final Path tmp = Path.of(args[1] + ".tmp");
            Files.writeString(tmp, pool.workerPids().stream().map(String::valueOf).collect(Collectors.joining(",")));
            Files.move(tmp, Path.of(args[1]), StandardCopyOption.ATOMIC_MOVE);
            final long end = System.nanoTime() + 120_000_000_000L;
            while (System.nanoTime() - end < 0)
            {
                LockSupport.parkNanos(10_000_000);
            }
        }
    }

    @Test
    void shouldLeaveNoWorkerAndCleanableSegmentsWhenTheParentIsKilled() throws Exception
    {
        final Path root = Files.createDirectory(ShmOptions.defaults().root().resolve(ShmLeakCheck.name("proot")));
        final ShmOptions own = ShmOptions.defaults().withRoot(root);
        final Path pidsFile = dir.resolve("pids");
        try (ChildJvm owner = ChildJvm.start(OwnerMain.class, root.toString(), pidsFile.toString()))
        {
            Await.until(120, () -> Files.exists(pidsFile) || !owner.isAlive(),
                () -> "the parent to start its pool");
            assertTrue(owner.isAlive(), "the parent runs its pool: " + owner.stderr());
            final List<ProcessHandle> workers = Stream.of(Files.readString(pidsFile).split(","))
                .map(s -> ProcessHandle.of(Long.parseLong(s))).flatMap(Optional::stream).collect(Collectors.toList());
            assertEquals(2, workers.size());
            workers.forEach(w -> assertTrue(w.isAlive(), "worker " + w.pid() + " runs before the kill"));
            owner.kill9();
            Await.until(60, () -> workers.stream().noneMatch(ProcessHandle::isAlive),
                () -> "the workers of the killed parent to end");
            final List<String> removed = Segments.clean(own);
            assertTrue(removed.containsAll(List.of("owner.results", "owner.w0", "owner.w1")), removed.toString());
            try (Stream<Path> s = Files.list(root))
            {
                assertEquals(List.of(), s.collect(Collectors.toList()), "clean removed every pool segment");
            }
        }
        finally
        {
            try (Stream<Path> s = Files.list(root))
            {
                for (final Path p : s.collect(Collectors.toList()))
                {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(root);
        }
    }
}
