package io.shmkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.shmkit.collection.SharedDict;
import io.shmkit.collection.SharedList;
import io.shmkit.manager.ShmManager;
import io.shmkit.segment.ShmOptions;

/** {@code shmkit inspect} of a list, a dict and a manager's directory, under a private root. */
class CollectionInspectTest
{
    @TempDir
    Path root;

    private String inspect(final String name)
    {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final int code = Main.run(new PrintWriter(out), new PrintWriter(err), "inspect", "--root", root.toString(),
            name);
        assertEquals(Main.EXIT_OK, code, err + out.toString());
        assertEquals("", err.toString());
        return out.toString();
    }

    @AfterEach
    void assertNothingLeft() throws Exception
    {
        try (Stream<Path> s = Files.list(root))
        {
            assertTrue(s.findAny().isEmpty(), "segments left behind");
        }
    }

    @Test
    void shouldShowAListsRecordsHeapAndLock()
    {
        final ShmOptions options = ShmOptions.defaults().withRoot(root);
        try (SharedList l = SharedList.create("l", 8, 1024, options))
        {
            l.add(new byte[56]);
            l.add(new byte[1]);
            final String s = inspect("l");
            assertTrue(s.contains("kind:           10 (list)"), s);
            assertTrue(s.contains("list:           2 of 8 records, each up to " + l.maxRecordLength() + " bytes"), s);
            assertTrue(s.contains("heap:           96 bytes used of " + Formats.humanBytes(l.capacityBytes())), s);
            assertTrue(s.contains("%), 0 compactions"), s);
            assertTrue(s.contains("stripe 0: free"), s);
            l.unlink();
        }
    }

    @Test
    void shouldShowADictsEntriesStripesAndHeldLock() throws Exception
    {
        final ShmOptions options = ShmOptions.defaults().withRoot(root).withStripes(4);
        try (SharedDict d = SharedDict.create("d", 64, 8192, options))
        {
            d.put(new byte[] {1}, new byte[] {2});
            d.put(new byte[] {3}, new byte[40]);
            final String free = inspect("d");
            assertTrue(free.contains("kind:           11 (dict)"), free);
            assertTrue(free.contains("dict:           2 of 64 entries in 4 stripes of 16 entries"), free);
            assertTrue(free.contains("heap:           " + d.usedBytes() + " bytes used of "), free);
            assertTrue(free.contains("locks:          4 stripes: 4 free, 0 held"), free);
            // a lock held by this (live) process shows with its owner
            final Thread holder = new Thread(() -> d.compute(new byte[] {1}, (k, v) ->
            {
                final String held = inspect("d");
                assertTrue(held.contains("held by pid " + ProcessHandle.current().pid() + " (alive)"), held);
                assertTrue(held.contains("3 free, 1 held"), held);
                return v;
            }));
            final Throwable[] failure = new Throwable[1];
            holder.setUncaughtExceptionHandler((t, ex) -> failure[0] = ex);
            holder.start();
            holder.join(60_000);
            assertTrue(null == failure[0], () -> String.valueOf(failure[0]));
            d.unlink();
        }
    }

    @Test
    void shouldShowAManagersObjects()
    {
        final ShmOptions options = ShmOptions.defaults().withRoot(root);
        try (ShmManager m = ShmManager.create("m", options))
        {
            m.newList("hits", 4, 256);
            m.newDict("results", 8, 1024);
            final String s = inspect("m");
            assertTrue(s.contains("kind:           12 (manager)"), s);
            assertTrue(s.contains("manager:        owner alive, 2 of 256 objects"), s);
            assertTrue(s.contains("  hits: list 'm.hits', "), s);
            assertTrue(s.contains("  results: dict 'm.results', "), s);
        }
    }
}
