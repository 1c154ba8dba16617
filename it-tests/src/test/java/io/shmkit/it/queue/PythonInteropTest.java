package io.shmkit.it.queue;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.shmkit.msgpack.MsgPackCodec;
import io.shmkit.queue.QueueOptions;
import io.shmkit.queue.ShmQueue;
import io.shmkit.segment.ShmOptions;
import io.shmkit.test.ShmLeakCheck;

/**
 * Python reads what Java put: {@code bench/python/queue_peek.py} follows the queue layout of {@code docs/layout.md}
 * and decodes with Python's {@code msgpack}. Skipped, with the reason, where {@code python3} or its {@code msgpack}
 * package is missing: the test installs nothing.
 */
@ExtendWith(ShmLeakCheck.class)
class PythonInteropTest
{
    private static final Path SCRIPT = Path.of("..", "bench", "python", "queue_peek.py");

    @Test
    void pythonShouldReadTheHelloExample() throws Exception
    {
        Assumptions.assumeTrue(Files.isRegularFile(SCRIPT), "no " + SCRIPT);
        final String name = ShmLeakCheck.name("q-python");
        try (ShmQueue<Object> q = ShmQueue.create(name, MsgPackCodec.instance(),
            QueueOptions.defaults().withCapacity(4096)))
        {
            try
            {
                q.put(Arrays.asList(42, null, "hello"));
                q.put(Arrays.asList(1.5, true, new byte[]{1, 2}));
                final Process p = python(name);
                assertTrue(p.waitFor(60, TimeUnit.SECONDS), "python3 did not finish");
                final String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
                Assumptions.assumeFalse(p.exitValue() == 3, "skipped: " + err.trim());
                assertEquals(0, p.exitValue(), err);
                final String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertEquals("[42, None, 'hello']\n[1.5, True, b'\\x01\\x02']\n", out);
                assertEquals(Arrays.asList(42L, null, "hello"), q.take(), "peeking took nothing");
            }
            finally
            {
                q.unlink();
            }
        }
    }

    private static Process python(final String name)
    {
        try
        {
            return new ProcessBuilder("python3", SCRIPT.toString(), name, ShmOptions.defaults().root().toString())
                .start();
        }
        catch (final IOException ex)
        {
            Assumptions.abort("skipped: python3 cannot be started: " + ex.getMessage());
            throw new AssertionError(ex);
        }
    }
}
