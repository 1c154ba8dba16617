package io.shmkit.it.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import io.shmkit.Segments;
import io.shmkit.SharedLongArray;
import io.shmkit.it.Await;
import io.shmkit.it.ChildJvm;
import io.shmkit.segment.ShmOptions;
import io.shmkit.test.ShmLeakCheck;

/**
 * Every command of the real jar, run as a child process: stdout, stderr and exit codes, in /dev/shm with
 * unique names ({@link ShmLeakCheck} fails a test that leaves one behind) and in temporary roots.
 */
@ExtendWith(ShmLeakCheck.class)
class CliEndToEndTest
{
    private static final Path DEV_SHM = Path.of(ShmOptions.DEFAULT_ROOT);

    @TempDir
    Path tmp;

    private static void assertOneErrorLine(final Cli.Result r, final int code, final String expected)
    {
        assertEquals(code, r.code(), r.toString());
        assertTrue(r.err().startsWith("shmkit: ") && r.err().contains(expected), "expected '" + expected + "': " + r);
        assertEquals(1, r.err().split("\n").length, "one error line expected: " + r);
        assertFalse(r.err().contains("\tat "), "no stack trace expected: " + r);
        assertEquals("", r.out(), "nothing on stdout expected: " + r);
    }

    @Test
    void shouldPrintVersionAndHelp()
    {
        final Cli.Result version = Cli.run("--version");
        assertEquals(0, version.code(), version.toString());
        assertTrue(version.out().startsWith("shmkit 0."), version.out());
        final Cli.Result help = Cli.run("--help");
        assertEquals(0, help.code(), help.toString());
        assertTrue(help.out().contains("Usage: shmkit") && help.out().contains("Exit codes:"), help.out());
        assertEquals("", help.err(), help.toString());
        for (final String command : new String[] {"ls", "inspect", "rm", "clean", "create", "get", "set", "demo"})
        {
            final Cli.Result r = Cli.run(command, "--help");
            assertEquals(0, r.code(), r.toString());
            assertTrue(r.out().contains("Usage: shmkit " + command), r.out());
            assertEquals("", r.err(), "help renders without warnings: " + r);
        }
    }

    @Test
    void shouldDriveSegmentsInDevShmThroughEveryCommand()
    {
        final String array = ShmLeakCheck.name("array");
        final String value = ShmLeakCheck.name("value");
        try
        {
            driveSegments(array, value);
        }
        finally
        {
            Cli.run("rm", "--force", array, value);
        }
    }

    private static void driveSegments(final String array, final String value)
    {
        final Cli.Result created = Cli.run("create", array, "d", "1000", "--fill", "1.5", "--stripes", "4");
        assertEquals(0, created.code(), created.toString());
        assertTrue(created.out().startsWith("created array " + array + " 'd'[1000]"), created.out());
        assertEquals(0, Cli.run("create", "--value", value, "Q", "18446744073709551615").code());

        assertEquals(0, Cli.run("set", array, "999", "-inf").code());
        assertEquals(0, Cli.run("set", array, "1", "-0.0").code());
        assertEquals("-inf\n", Cli.run("get", array, "999").out());
        assertEquals("-0.0\n", Cli.run("get", array, "1").out());
        assertEquals("1.5\n", Cli.run("get", array, "0").out());
        assertEquals("18446744073709551615\n", Cli.run("get", value).out());
        assertEquals(0, Cli.run("set", value, "7").code());
        assertEquals("7\n", Cli.run("get", value).out());

        final Cli.Result inspect = Cli.run("inspect", array, "--count", "2");
        assertEquals(0, inspect.code(), inspect.toString());
        assertTrue(inspect.out().contains("kind:           2 (array)"), inspect.out());
        assertTrue(inspect.out().contains("flags:          0x1 (persistent)"), inspect.out());
        assertTrue(inspect.out().contains("(dead)"), "the creating CLI process has exited: " + inspect.out());
        assertTrue(inspect.out().contains("locks:          4 stripes: 4 free, 0 held"), inspect.out());
        assertTrue(inspect.out().contains("elements:       first 2 of 1000\n  [0] 1.5\n  [1] -0.0\n"),
            inspect.out());

        final Cli.Result names = Cli.run("ls", "--format", "names");
        assertEquals(0, names.code(), names.toString());
        assertTrue(names.outLines().contains(array) && names.outLines().contains(value), names.out());
        final Cli.Result table = Cli.run("ls");
        final String row = table.outLines().stream().filter(l -> l.startsWith(array + " ")).findFirst().orElse("");
        assertTrue(row.matches(array + " +array +d +1000 +8\\.4 KiB +8640 +4 +\\d+ +no +yes"), table.out());

        final Cli.Result rm = Cli.run("rm", array, value);
        assertEquals(0, rm.code(), rm.toString());
        assertEquals("removed " + array + "\nremoved " + value + "\n", rm.out());
        assertFalse(Files.exists(DEV_SHM.resolve(array)));
        assertFalse(Files.exists(DEV_SHM.resolve(value)));
    }

    @Test
    void shouldRejectBadArgumentsWithExitCode2()
    {
        final String array = ShmLeakCheck.name("bytes");
        assertEquals(0, Cli.run("create", array, "B", "4").code());
        try
        {
            rejectBadArguments(array);
        }
        finally
        {
            Cli.run("rm", array);
        }
    }

    private static void rejectBadArguments(final String array)
    {
        assertOneErrorLine(Cli.run("frobnicate"), 2, "unknown command 'frobnicate'");
        assertOneErrorLine(Cli.run("ls", "--frobnicate"), 2, "Unknown option: '--frobnicate'");
        assertOneErrorLine(Cli.run("create", ShmLeakCheck.name("x"), "z", "4"), 2, "unknown typecode 'z'");
        assertOneErrorLine(Cli.run("create", ShmLeakCheck.name("x"), "d", "four"), 2, "LENGTH 'four' is not a non-negative");
        assertOneErrorLine(Cli.run("set", array, "0", "256"), 2, "value 256 is out of range for typecode 'B'");
        assertOneErrorLine(Cli.run("set", array, "0", "1.5"), 2, "'1.5' is not an integer");
        assertOneErrorLine(Cli.run("get", array, "4"), 2, "index 4 is out of range for '" + array + "' of length 4");
        assertOneErrorLine(Cli.run("set", array, "9", "1"), 2, "index 9 is out of range");
        assertEquals("0\n", Cli.run("get", array, "0").out(), "rejected values are not written");
    }

    @Test
    void shouldFailWithExitCode1ForMissingSegmentsForeignFilesAndNoSpace() throws IOException
    {
        Files.writeString(tmp.resolve("foreign"), "not a shmkit segment, just text\n".repeat(20));
        final String root = tmp.toString();
        assertOneErrorLine(Cli.run("get", "--root", root, "nothing-here", "0"), 1, "no segment named 'nothing-here'");
        assertOneErrorLine(Cli.run("inspect", "--root", root, "nothing-here"), 1, "no segment named 'nothing-here'");
        assertOneErrorLine(Cli.run("rm", "--root", root, "foreign"), 1, "'foreign' is not a shmkit segment");
        assertOneErrorLine(Cli.run("inspect", "--root", root, "foreign"), 1, "'foreign' is not a shmkit segment");
        assertTrue(Files.exists(tmp.resolve("foreign")), "a foreign file is never removed");
        final Cli.Result ls = Cli.run("ls", "--root", root);
        assertEquals(0, ls.code(), ls.toString());
        assertEquals("no shmkit segments under " + root + "\n", ls.out(), "foreign files are not listed");

        final String huge = ShmLeakCheck.name("huge");
        assertOneErrorLine(
            Cli.run("create", huge, "d", "100000000000000"), 1, "cannot allocate segment '" + huge + "'");
        assertFalse(Files.exists(DEV_SHM.resolve(huge)));
    }

    @Test
    void shouldCleanOnlySegmentsWhoseCreatorDied()
    {
        final ShmOptions options = ShmOptions.defaults().withRoot(tmp);
        assertEquals(0, Cli.run("create", "--root", tmp.toString(), "kept-persistent", "i", "4").code());
        try (ChildJvm holder = ChildJvm.start(SegmentHolder.class, tmp.toString(), "orphan");
             SharedLongArray mine = SharedLongArray.create("kept-live-creator", 'i', 4, options))
        {
            try
            {
                Await.until(Cli.TIMEOUT_SECONDS,
                    () -> holder.stdout().contains("ready orphan") || !holder.isAlive(),
                    () -> "the holder to create its segment; stderr: " + holder.stderr());
                assertTrue(holder.isAlive(), "the holder runs: " + holder.stderr());
                final Cli.Result whileAlive = Cli.run("clean", "--root", tmp.toString());
                assertEquals("nothing to clean under " + tmp + "\n", whileAlive.out(), whileAlive.toString());

                holder.kill9();
                assertFalse(holder.isAlive(), "the killed holder ended");
                assertTrue(Files.exists(tmp.resolve("orphan")), "SIGKILL runs no cleanup: the segment stays");

                final Cli.Result clean = Cli.run("clean", "--root", tmp.toString());
                assertEquals(0, clean.code(), clean.toString());
                assertEquals("removed orphan\n", clean.out());
                assertFalse(Files.exists(tmp.resolve("orphan")));
                assertTrue(Files.exists(tmp.resolve("kept-persistent")));
                assertTrue(Files.exists(tmp.resolve("kept-live-creator")));
            }
            finally
            {
                mine.unlink();
                Segments.remove("kept-persistent", options);
            }
        }
    }
}
