package io.shmkit.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.shmkit.segment.ShmOptions;

/** The pool demo part with its worker JVMs, in a private root. */
class DemoPoolPartTest
{
    @TempDir
    Path root;

    @Test
    void shouldStopSubmittingAtTheFirstHitAndLeaveNothing() throws Exception
    {
        final ShmOptions options = ShmOptions.defaults().withRoot(root);
        final StringWriter text = new StringWriter();
        final DemoRun run = new DemoRun(new PrintWriter(text, true), options, "pooldemo", false, null, false);
        try
        {
            final boolean ok = new DemoPoolPart(2, DemoStopFlagPart.DEFAULT_SUFFIX).run(run);
            System.out.println(text);
            assertTrue(ok, text.toString());
            assertTrue(text.toString().contains("OK: found 1500011 as a sequential search does"), text.toString());
            assertTrue(text.toString().contains("progress: ranges"), text.toString());
            try (var files = Files.list(root))
            {
                assertTrue(files.findAny().isEmpty(), "the part removed its list and the pool's queues");
            }
        }
        finally
        {
            run.stop();
        }
    }
}
