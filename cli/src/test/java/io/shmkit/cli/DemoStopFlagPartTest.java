package io.shmkit.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.shmkit.segment.ShmOptions;

/** The stop-flag demo part with its child JVMs, in a private root. */
class DemoStopFlagPartTest
{
    @TempDir
    Path root;

    @Test
    void shouldStopStartingWorkAtTheFirstHitAndCleanUp() throws Exception
    {
        final ShmOptions options = ShmOptions.defaults().withRoot(root);
        final StringWriter text = new StringWriter();
        final DemoRun run = new DemoRun(new PrintWriter(text, true), options, "stopflag", false, null, false);
        try
        {
            final boolean ok = new DemoStopFlagPart(2, DemoStopFlagPart.DEFAULT_SUFFIX).run(run);
            assertTrue(ok, text.toString());
            assertTrue(text.toString().contains("OK: found 1500011 (the smallest of "), text.toString());
            try (var files = Files.list(root))
            {
                assertTrue(files.findAny().isEmpty(), "the part's manager unlinked everything");
            }
        }
        finally
        {
            run.stop();
        }
    }
}
