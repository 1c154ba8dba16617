package io.shmkit.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.shmkit.codec.Codecs;
import io.shmkit.queue.QueueOptions;
import io.shmkit.queue.ShmQueue;
import io.shmkit.segment.ShmOptions;

/**
 * The queue demo parts with their child JVMs, and the queue part of {@code inspect}, under a private root.
 */
class QueueDemoTest
{
    @TempDir
    Path root;

    @Test
    void shouldTakeTheChildsHelloAndThenEndOfStreamAndAFewMessages() throws Exception
    {
        final StringWriter text = new StringWriter();
        final boolean ok = run(text, 1);
        assertTrue(ok, text.toString());
        assertTrue(text.toString().contains("the parent took [42, null, hello], then end of stream"), text.toString());
        assertNoSegments();
    }

    @Test
    void shouldPassEveryMessageInOrder() throws Exception
    {
        final StringWriter text = new StringWriter();
        final boolean ok = run(text, 200_000);
        assertTrue(ok, text.toString());
        assertTrue(text.toString().contains(": 200000 messages of 64 bytes"), text.toString());
        assertTrue(text.toString().contains("OK: every message arrived once, in order"), text.toString());
        assertNoSegments();
    }

    @Test
    void shouldInspectAQueue() throws Exception
    {
        final ShmOptions options = ShmOptions.defaults().withRoot(root);
        try (ShmQueue<Long> q = ShmQueue.create("q", Codecs.longs(), QueueOptions.defaults().withShm(options)))
        {
            q.put(1L);
            q.put(2L);
            final StringWriter text = new StringWriter();
            QueueInspectFormatter.print(new PrintWriter(text, true), "q", options);
            final String s = text.toString();
            assertTrue(s.contains("capacity:       1048576 bytes (1.0 MiB), messages up to 131072 bytes"), s);
            assertTrue(s.contains("fill:           32 bytes (0.0 %), 2 messages"), s);
            assertTrue(s.contains("producers:      1 attached, 0 ended of 1 expected"), s);
            assertTrue(s.contains("consumers:      0 attached"), s);
            q.unlink();
        }
    }

    /** Run the queue part, check that it left no segment, then run the demo's stop actions. */
    private boolean run(final StringWriter text, final long messages) throws InterruptedException, IOException
    {
        final DemoRun run = new DemoRun(new PrintWriter(text, true), ShmOptions.defaults().withRoot(root), "queue",
            false, null, false);
        try
        {
            final boolean ok = new QueueDemo(messages).run(run);
            assertNoSegments(); // removed by the part itself, before the demo's stop actions
            return ok;
        }
        finally
        {
            run.stop();
        }
    }

    private void assertNoSegments() throws IOException
    {
        try (Stream<Path> s = Files.list(root))
        {
            assertTrue(s.findAny().isEmpty(), "segments left behind");
        }
    }
}
