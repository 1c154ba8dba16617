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
        final boolean ok = new DemoStopFlagPart(2, 20, DemoStopFlagPart.DEFAULT_SUFFIX)
            .run(new PrintWriter(text), options, "stopflag");
        assertTrue(ok, text.toString());
        assertTrue(text.toString().contains("1500011"), text.toString());
        try (var files = Files.list(root))
        {
            assertTrue(files.findAny().isEmpty(), "the manager unlinked everything");
        }
    }
}
