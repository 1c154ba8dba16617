package io.shmkit.it.manager;

import static org.junit.jupiter.api.Assertions.*;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.shmkit.Segments;
import io.shmkit.collection.SharedList;
import io.shmkit.it.Await;
import io.shmkit.it.ChildJvm;
import io.shmkit.manager.ShmManager;
import io.shmkit.process.ShmProcess;
import io.shmkit.segment.ShmOptions;
import io.shmkit.test.ShmLeakCheck;

/**
 * The classic Python example with a {@code Manager().list()} as a stop flag, across real children: each child does
 * one unit of work and appends to a shared list when it finds a hit; the parent stops starting work once it sees
 * the list non-empty. And a manager whose owner is killed: attachable, then removed by {@link Segments#clean}.
 */
@ExtendWith(ShmLeakCheck.class)
class ManagerExampleTest
{
    private static final Duration BOUND = Duration.ofSeconds(120);

    @Test
    void shouldStopStartingWorkOnceAHitIsSeen() throws Exception
    {
        final int tasks = 40;
        final int parallel = 2;
        final List<ShmProcess> running = new ArrayList<>();
        final List<ShmProcess> all = new ArrayList<>();
        int launched = 0;
        try (ShmManager manager = ShmManager.create(ShmLeakCheck.name("search")))
        {
            final SharedList hits = manager.newList("hits", tasks, tasks * 32L);
            final SharedList started = manager.newList("started", tasks, tasks * 32L);
            try
            {
                // Python: for k in range(tasks): if hits: break; pool.apply_async(search, (k,))
                while (launched < tasks && hits.isEmpty())
                {
                    if (running.size() == parallel)
                    {
                        running.remove(0).joinAndCheck(BOUND);
                        continue;
                    }
                    final ShmProcess p = ShmProcess.builder().task(ManagerChildren.SearchTask.class)
                        .args(manager.name(), String.valueOf(launched)).start();
                    running.add(p);
                    all.add(p);
                    launched++;
                }
                final int observedAt = launched;
                for (final ShmProcess p : running)
                {
                    p.joinAndCheck(BOUND);
                }
                assertFalse(hits.isEmpty(), "the hit of task " + ManagerChildren.HIT + " was found");
                assertTrue(observedAt < tasks, "the parent stopped early, after " + observedAt + " of " + tasks);
                assertEquals(ManagerChildren.HIT, ManagerChildren.number(hits.get(0)));
                final Set<Integer> began = new HashSet<>();
                started.forEach(b -> began.add(ManagerChildren.number(b)));
                final Set<Integer> expected = new HashSet<>();
                for (int k = 0; k < observedAt; k++)
                {
                    expected.add(k);
                }
                assertEquals(expected, began, "work began exactly for the tasks started before the hit was seen");
                assertEquals(observedAt, all.size());
            }
            finally
            {
                all.forEach(ShmProcess::close);
            }
        }
    }

    @Test
    void shouldBeAttachableAfterItsOwnerDiedAndCleanedThen() throws Exception
    {
        final Path root = Files.createDirectory(ShmOptions.defaults().root().resolve(ShmLeakCheck.name("mroot")));
        final ShmOptions own = ShmOptions.defaults().withRoot(root);
        final String name = ShmLeakCheck.name("orphan");
        try (ChildJvm owner = ChildJvm.start(ManagerChildren.OwnerMain.class, name, root.toString()))
        {
            Await.until(120, () -> Files.exists(root.resolve(name + ".ready")),
                () -> "the owner to create its objects");
            owner.kill9();
            try (ShmManager m = ShmManager.attach(name, own))
            {
                assertFalse(m.isOwnerAlive());
                assertArrayEquals(new byte[] {7}, m.list("items").get(0), "readable after the owner died");
                assertThrows(IllegalStateException.class, () -> m.newList("x", 1, 1));
            }
            final List<String> removed = Segments.clean(own);
            assertTrue(removed.containsAll(List.of(name, name + ".items", name + ".ready")), removed.toString());
            assertThrows(UncheckedIOException.class, () -> ShmManager.attach(name, own));
        }
        finally
        {
            try (Stream<Path> s = Files.list(root))
            {
                for (final Path p : s.toList())
                {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(root);
        }
    }
}
