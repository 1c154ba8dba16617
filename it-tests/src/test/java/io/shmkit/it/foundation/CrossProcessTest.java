package io.shmkit.it.foundation;

import static io.shmkit.it.foundation.Children.*;
import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.shmkit.Segments;
import io.shmkit.SharedDoubleArray;
import io.shmkit.SharedLongArray;
import io.shmkit.ShmLock;
import io.shmkit.it.Await;
import io.shmkit.it.ChildJvm;
import io.shmkit.segment.ProcessIdentity;
import io.shmkit.segment.SegmentInfo;
import io.shmkit.segment.ShmOptions;
import io.shmkit.test.ShmLeakCheck;

/**
 * The foundation across real processes: child JVMs open segments by name, change them under the stripe locks,
 * die holding locks, and leave segments behind for {@link Segments#clean} when killed.
 */
@ExtendWith(ShmLeakCheck.class)
class CrossProcessTest
{
    private static final long BOUND_S = 120;
    private SharedLongArray control;
    private final List<ChildJvm> children = new ArrayList<>();

    @BeforeEach
    void createControl()
    {
        control = SharedLongArray.create(ShmLeakCheck.name("control"), 'q', CONTROL_LENGTH);
    }

    @AfterEach
    void cleanUp()
    {
        children.forEach(ChildJvm::close);
        control.unlink();
        control.close();
    }

    private ChildJvm start(final Class<?> main, final String... args)
    {
        final ChildJvm c = ChildJvm.start(main, args);
        children.add(c);
        return c;
    }

    /** Start {@code workers} incrementers on {@code a}, wait (bounded) until all are ready, and let them go. */
    private void startIncrementers(final SharedLongArray a, final int workers, final int rounds)
    {
        for (int w = 0; w < workers; w++)
        {
            start(Incrementer.class, a.name(), control.name(), String.valueOf(rounds), String.valueOf(w));
        }
        Await.until(BOUND_S, () -> control.get(READY) == workers, () -> "children ready: " + control.get(READY));
        control.set(GO, 1);
    }

    @Test
    void shouldSeeAChildsNegationWithoutCopying()
    {
        final int n = 100_000;
        try (SharedDoubleArray a = SharedDoubleArray.create(ShmLeakCheck.name("neg"), 'd', n))
        {
            for (int i = 0; i < n; i++)
            {
                a.setPlain(i, i * 0.5);
            }
            start(Negator.class, a.name()).assertSuccess(BOUND_S);
            for (int i = 0; i < n; i++)
            {
                assertEquals(-(i * 0.5), a.get(i), "element " + i);
            }
            a.unlink();
        }
    }

    @Test
    void shouldCountExactlyWhenChildrenIncrementUnderStripeLocks()
    {
        final int workers = 3;
        final int rounds = 60;
        final int n = 2048;
        try (SharedLongArray a = SharedLongArray.create(
            ShmLeakCheck.name("inc"), 'i', n, ShmOptions.defaults().withStripes(8)))
        {
            startIncrementers(a, workers, rounds);
            children.forEach(c -> c.assertSuccess(BOUND_S));
            for (int i = 0; i < n; i++)
            {
                assertEquals((long)workers * rounds, a.get(i), "element " + i);
            }
            assertEquals((long)workers * rounds * n, a.sum());
            for (int s = 0; s < a.stripeCount(); s++)
            {
                assertFalse(a.stripeLock(s).isLocked(), "stripe " + s + " left locked");
            }
            a.unlink();
        }
    }

    @Test
    void shouldRecoverALockWhoseOwnerWasKilled() throws Exception
    {
        try (SharedLongArray a = SharedLongArray.create(
            ShmLeakCheck.name("kill"), 'q', 64, ShmOptions.defaults().withStripes(4)))
        {
            final ChildJvm holder = start(LockHolder.class, a.name(), control.name(), "2");
            Await.until(BOUND_S, () -> control.get(HELD_BY) == holder.pid(), () -> "the child to hold the lock");
            final ShmLock lock = a.stripeLock(2);
            assertEquals(holder.pid(), lock.owner().pid());
            assertFalse(lock.tryLock(), "held by a live process");
            holder.kill9();
            assertTrue(lock.tryLock(BOUND_S, TimeUnit.SECONDS), "taken over from the dead owner");
            try
            {
                assertTrue(lock.ownerDied(), "the caller is told the owner died");
                assertEquals(1, lock.recoveries());
                assertEquals(12345, a.get(0), "what the dead owner wrote before dying is kept");
            }
            finally
            {
                lock.unlock();
            }
            a.unlink();
        }
    }

    @Test
    void shouldLetAnotherChildTakeOverFromAKilledChild()
    {
        try (SharedLongArray a = SharedLongArray.create(
            ShmLeakCheck.name("kill2"), 'q', 64, ShmOptions.defaults().withStripes(4)))
        {
            final ChildJvm holder = start(LockHolder.class, a.name(), control.name(), "1");
            Await.until(BOUND_S, () -> control.get(HELD_BY) == holder.pid(), () -> "the child to hold the lock");
            final ChildJvm taker = start(LockTaker.class, a.name(), control.name(), "1");
            holder.kill9();
            taker.assertSuccess(BOUND_S);
            assertEquals(2, control.get(TOOK), "the second child acquired the lock and was told the owner died");
            assertFalse(a.stripeLock(1).isLocked());
            a.unlink();
        }
    }

    @Test
    void shouldNotDeadlockWhenAWorkerIsKilledMidRun()
    {
        final int workers = 3;
        final int rounds = 400;
        final int n = 512;
        try (SharedLongArray a = SharedLongArray.create(
            ShmLeakCheck.name("fault"), 'q', n, ShmOptions.defaults().withStripes(4)))
        {
            startIncrementers(a, workers, rounds);
            Await.until(BOUND_S, () -> control.get(PROGRESS) >= 20_000, () -> "the victim to make progress");
            children.get(0).kill9();
            final long victimDone = control.get(PROGRESS);
            children.get(1).assertSuccess(BOUND_S);
            children.get(2).assertSuccess(BOUND_S);
            final long others = 2L * rounds * n;
            final long extra = a.sum() - others - victimDone;
            assertTrue(extra >= 0 && extra <= a.stripeLength(),
                "the total must be the survivors' " + others + " plus what the victim recorded (" + victimDone +
                    "), plus at most the one stripe it was inside (or had finished but not recorded); extra " + extra);
            a.unlink();
        }
    }

    @Test
    void shouldUnlinkAtNormalExitButLeaveKilledCreatorsSegmentsForClean() throws Exception
    {
        // A private root (on the same tmpfs): clean() must not touch anyone else's segments in the real one.
        final Path root = Files.createDirectory(ShmOptions.defaults().root().resolve(ShmLeakCheck.name("root")));
        final ShmOptions own = ShmOptions.defaults().withRoot(root);
        try
        {
            final String normal = ShmLeakCheck.name("normal-exit");
            final String killed = ShmLeakCheck.name("killed");
            final String persistent = ShmLeakCheck.name("persistent");
            final ChildJvm a = start(Creator.class, normal, "temporary", control.name(), root.toString());
            Await.until(BOUND_S, () -> control.get(CREATED) == 1, () -> "the first creator");
            try (SharedDoubleArray seen = SharedDoubleArray.open(normal, own))
            {
                assertEquals(700.0, seen.sum(), "the parent sees what the child created");
            }
            control.set(GO, 1);
            a.assertSuccess(BOUND_S);
            assertFalse(Files.exists(root.resolve(normal)), "unlinked at the creator's exit");

            control.set(GO, 0);
            control.set(CREATED, 0);
            final ChildJvm b = start(Creator.class, killed, "temporary", control.name(), root.toString());
            Await.until(BOUND_S, () -> control.get(CREATED) == 1, () -> "the second creator");
            control.set(CREATED, 0);
            final ChildJvm c = start(Creator.class, persistent, "persistent", control.name(), root.toString());
            Await.until(BOUND_S, () -> control.get(CREATED) == 1, () -> "the third creator");
            b.kill9();
            c.kill9();
            final SegmentInfo info = Segments.inspect(killed, own);
            assertFalse(info.creatorAlive());
            assertEquals(b.pid(), info.creator().pid());

            // files dead creators were creating (.<name>.<pid>.<ticks>.<n>.creating): b itself, another process
            // that had b's pid before it, and c
            final ProcessIdentity bId = info.creator();
            final String bTemp =
                "." + ShmLeakCheck.name("half") + "." + bId.pid() + "." + bId.startTicks() + ".1.creating";
            final String earlierTemp = "." + ShmLeakCheck.name("half") + "." + bId.pid() + ".1.1.creating";
            final String cTemp = "." + ShmLeakCheck.name("half") + "." + c.pid() + ".1.1.creating";
            for (final String t : List.of(bTemp, earlierTemp, cTemp))
            {
                Files.createFile(root.resolve(t));
            }
            assertEquals(Set.of(killed, bTemp), Set.copyOf(Segments.cleanCreatedBy(bId, own)),
                "cleanCreatedBy removes what that dead process made, and nothing else");
            assertTrue(Files.exists(root.resolve(earlierTemp)), "an earlier process with the same pid is another one");
            assertTrue(Files.exists(root.resolve(cTemp)), "another dead creator's file stays");

            try (SharedDoubleArray live = SharedDoubleArray.create(ShmLeakCheck.name("live"), 'd', 4, own))
            {
                assertEquals(List.of(), Segments.cleanCreatedBy(ProcessIdentity.current(), own),
                    "nothing of a live creator goes");
                final List<String> removed = Segments.clean(own);
                assertEquals(Set.of(earlierTemp, cTemp), Set.copyOf(removed),
                    "clean removes the other dead creators' files");
                assertFalse(removed.contains(persistent), "clean keeps persistent segments");
                assertFalse(removed.contains(live.name()), "clean keeps segments of live creators");
                assertTrue(Files.exists(root.resolve(live.name())));
                assertTrue(Files.exists(root.resolve(persistent)));
                assertTrue(Segments.remove(persistent, own), "persistent ones go by name");
                live.unlink();
            }
        }
        finally
        {
            try (Stream<Path> left = Files.list(root))
            {
                for (final Path p : (Iterable<Path>)left::iterator)
                {
                    Files.deleteIfExists(p);
                }
            }
            Files.delete(root);
        }
    }

    @Test
    void shouldNameTheMissingJvmFlag()
    {
        try (SharedDoubleArray a = SharedDoubleArray.create(ShmLeakCheck.name("noflag"), 'd', 4))
        {
            final ChildJvm c = ChildJvm.start(List.of(), WithoutFlag.class, a.name());
            children.add(c);
            assertEquals(3, c.waitFor(BOUND_S), c.stderr());
            assertTrue(c.stderr().contains("--add-exports java.base/jdk.internal.misc=ALL-UNNAMED"), c.stderr());
            a.unlink();
        }
    }
}
