package io.shmkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.shmkit.Segments;
import io.shmkit.SharedLongArray;
import io.shmkit.segment.ProcessIdentity;
import io.shmkit.segment.ShmOptions;

/**
 * The commands run in this JVM through {@link Main#run}, with captured output, against segments in a
 * temporary root directory (removed with everything in it after each test).
 */
class CommandLineTest
{
    @TempDir
    Path root;

    /** Output and exit code of one run. */
    record Result(int code, String out, String err)
    {
        List<String> outLines()
        {
            return out.isEmpty() ? List.of() : Arrays.asList(out.split("\n"));
        }
    }

    private Result run(final String... args)
    {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final List<String> all = new ArrayList<>(Arrays.asList(args));
        all.add("--root");
        all.add(root.toString());
        final int code = Main.run(new PrintWriter(out), new PrintWriter(err), all.toArray(new String[0]));
        return new Result(code, out.toString().replace(System.lineSeparator(), "\n"),
            err.toString().replace(System.lineSeparator(), "\n"));
    }

    private static void assertUsageError(final Result r, final String expected)
    {
        assertEquals(Main.EXIT_USAGE, r.code(), r.toString());
        assertOneErrorLine(r, expected);
    }

    private static void assertFailure(final Result r, final String expected)
    {
        assertEquals(Main.EXIT_FAILURE, r.code(), r.toString());
        assertOneErrorLine(r, expected);
    }

    private static void assertOneErrorLine(final Result r, final String expected)
    {
        assertTrue(r.err().startsWith("shmkit: "), r.toString());
        assertTrue(r.err().contains(expected), "expected '" + expected + "' in " + r);
        assertEquals(1, r.err().split("\n").length, "one line expected: " + r);
        assertFalse(r.err().contains("\tat "), "no stack trace expected: " + r);
    }

    @Test
    void shouldCreateAnArraySetAndGetElementsOfEveryKindOfValue()
    {
        assertEquals(0, run("create", "a", "d", "5", "--fill", "2.5").code());
        assertEquals(0, run("set", "a", "1", "-inf").code());
        assertEquals(0, run("set", "a", "2", "-0.0").code());
        assertEquals(0, run("set", "a", "3", "nan").code());
        assertEquals(0, run("set", "a", "4", "-1e-3").code());
        assertEquals("2.5\n", run("get", "a", "0").out());
        assertEquals("-inf\n", run("get", "a", "1").out());
        assertEquals("-0.0\n", run("get", "a", "2").out());
        assertEquals("nan\n", run("get", "a", "3").out());
        assertEquals("-0.001\n", run("get", "a", "4").out());
    }

    @Test
    void shouldCreateAValueWithAnInitialValueAndUpdateIt()
    {
        final Result created = run("create", "--value", "v", "Q", "18446744073709551615");
        assertEquals(0, created.code(), created.toString());
        assertTrue(created.out().contains("persistent"), created.out());
        assertEquals("18446744073709551615\n", run("get", "v").out());
        assertEquals(0, run("set", "v", "0x10").code());
        assertEquals("16\n", run("get", "v").out());
        assertEquals(0, run("create", "--value", "z", "i").code());
        assertEquals("0\n", run("get", "z").out());
        assertEquals(0, run("set", "z", "-5").code());
        assertEquals("-5\n", run("get", "z").out());
        assertEquals(0, run("create", "--value", "nan", "d", "-nan").code());
        assertEquals("nan\n", run("get", "nan").out());
        assertEquals(0, run("create", "--value", "minf", "f", "-inf").code());
        assertEquals("-inf\n", run("get", "minf").out());
    }

    @Test
    void shouldCreatePersistentSegmentsThatSurviveClean()
    {
        assertEquals(0, run("create", "p", "i", "3").code());
        // persistence is the header's flag (this JVM, their creator, is alive anyway: clean keeps any segment)
        assertTrue(Segments.inspect("p", ShmOptions.defaults().withRoot(root)).persistent(), "created persistent");
        final Result clean = run("clean");
        assertEquals(0, clean.code());
        assertEquals("nothing to clean under " + root + "\n", clean.out());
        assertTrue(Files.exists(root.resolve("p")));
    }

    @Test
    void shouldHonourNoLockAndStripes()
    {
        assertEquals(0, run("create", "raw", "i", "100", "--no-lock").code());
        assertEquals(0, run("create", "striped", "B", "100", "--stripes", "4", "--fill", "255").code());
        final Result raw = run("inspect", "raw");
        assertTrue(raw.out().contains("stripe count:   0 (no locks)"), raw.out());
        assertTrue(raw.out().contains("locks:          none (created without locks)"), raw.out());
        final Result striped = run("inspect", "striped", "--count", "2");
        assertTrue(striped.out().contains("stripe count:   4\n"), striped.out());
        assertTrue(striped.out().contains("locks:          4 stripes: 4 free, 0 held"), striped.out());
        assertTrue(striped.out().contains("  stripe 3: free\n"), striped.out());
        assertTrue(striped.out().contains("elements:       first 2 of 100\n  [0] 255\n  [1] 255\n"), striped.out());
    }

    @Test
    void shouldInspectEveryHeaderField()
    {
        assertEquals(0, run("create", "h", "H", "10", "--stripes", "2").code());
        final Result r = run("inspect", "h", "--count", "3");
        assertEquals(0, r.code(), r.toString());
        for (final String key : new String[] {"name:           h", "path:           " + root.resolve("h"),
            "magic:          0x010054494b4d4853 (shmkit)", "layout version: 1", "state:          1 (ready)",
            "kind:           2 (array)", "typecode:       'H' (unsigned 16-bit integer)",
            "element size:   2 bytes", "element count:  10", "stripe count:   2",
            "stripe shift:   3 (8 elements per stripe)", "data offset:    384", "flags:          0x1 (persistent)",
            "creator pid:    " + ProcessIdentity.current().pid() + " (alive)", "creator start:  ", "created:        ",
            "file length:    404 bytes (404 B)", "elements:       first 3 of 10\n  [0] 0\n  [1] 0\n  [2] 0\n"})
        {
            assertTrue(r.out().contains(key), "missing '" + key + "' in\n" + r.out());
        }
    }

    @Test
    void shouldSummariseManyStripesAndListTheHeldOnes()
    {
        try (SharedLongArray a = SharedLongArray.create(
            "many", 'i', 4096, ShmOptions.defaults().withRoot(root).withStripes(64)))
        {
            a.stripeLock(5).lock();
            a.stripeLock(17).lock();
            try
            {
                final Result r = run("inspect", "many", "--count", "0");
                assertEquals(0, r.code(), r.toString());
                final long me = ProcessIdentity.current().pid();
                assertTrue(r.out().contains("locks:          64 stripes: 62 free, 2 held, 0 recoveries"), r.out());
                assertTrue(r.out().contains("  stripe 5: held by pid " + me + " (alive)\n" +
                    "  stripe 17: held by pid " + me + " (alive)\n"), r.out());
                assertFalse(r.out().contains("stripe 6:"), r.out());
                assertTrue(r.out().contains("elements:       first 0 of 4096\n"), r.out());
                final Result all = run("inspect", "many", "--count", "0", "--all-locks");
                assertTrue(all.out().contains("  stripe 63: free\n"), all.out());
            }
            finally
            {
                a.stripeLock(17).unlock();
                a.stripeLock(5).unlock();
                a.unlink();
            }
        }
    }

    @Test
    void shouldListSegmentsInEachFormat() throws IOException
    {
        assertEquals(0, run("create", "b", "d", "1000").code());
        assertEquals(0, run("create", "--value", "a", "i", "7").code());
        Files.writeString(root.resolve("foreign"), "not a segment");
        final String me = Long.toString(ProcessIdentity.current().pid());

        final Result table = run("ls");
        assertEquals(0, table.code());
        final List<String> lines = table.outLines();
        assertEquals(3, lines.size(), table.out());
        assertEquals(List.of("NAME", "KIND", "TYPE", "LENGTH", "SIZE", "BYTES", "STRIPES", "CREATOR", "ALIVE",
            "PERSISTENT"), Arrays.asList(lines.get(0).split("\\s+")));
        assertEquals(List.of("a", "value", "i", "1", "260", "B", "260", "1", me, "yes", "yes"),
            Arrays.asList(lines.get(1).split("\\s+")));
        assertEquals(List.of("b", "array", "d", "1000", "8.1", "KiB", "8256", "1", me, "yes", "yes"),
            Arrays.asList(lines.get(2).split("\\s+")));

        final Result tsv = run("ls", "--format", "tsv");
        assertEquals("a\tvalue\ti\t1\t260 B\t260\t1\t" + me + "\tyes\tyes\n" +
            "b\tarray\td\t1000\t8.1 KiB\t8256\t1\t" + me + "\tyes\tyes\n", tsv.out());
        assertEquals("a\nb\n", run("ls", "--format", "names").out());
    }

    @Test
    void shouldSayWhenThereIsNothingToList()
    {
        assertEquals("no shmkit segments under " + root + "\n", run("ls").out());
        assertEquals("", run("ls", "--format", "names").out());
    }

    @Test
    void shouldRemoveSegmentsAndRefuseForeignFiles() throws IOException
    {
        assertEquals(0, run("create", "x", "i", "1").code());
        assertEquals(0, run("create", "y", "i", "1").code());
        Files.writeString(root.resolve("foreign"), "not a segment");
        final Result r = run("rm", "x", "foreign", "missing", "y");
        assertEquals(Main.EXIT_FAILURE, r.code(), r.toString());
        assertEquals("removed x\nremoved y\n", r.out());
        assertEquals("shmkit: 'foreign' is not a shmkit segment; not removing it\n" +
            "shmkit: no segment named 'missing'\n", r.err());
        assertTrue(Files.exists(root.resolve("foreign")));
        assertFalse(Files.exists(root.resolve("x")));
        assertFalse(Files.exists(root.resolve("y")));
        final Result forced = run("rm", "-f", "missing");
        assertEquals(0, forced.code(), forced.toString());
        assertEquals("", forced.out() + forced.err());
    }

    @Test
    void shouldReportUsageErrorsWithExitCode2()
    {
        assertEquals(0, run("create", "a", "B", "3").code());
        assertEquals(0, run("create", "--value", "v", "f").code());
        assertUsageError(run("bogus"), "unknown command 'bogus'");
        assertUsageError(run(), "missing command");
        assertUsageError(run("ls", "--bogus"), "Unknown option: '--bogus'");
        assertUsageError(run("create", "t", "z", "3"), "unknown typecode 'z'");
        assertUsageError(run("create", "t", "d"), "missing LENGTH");
        assertUsageError(run("create", "t", "d", "-1"), "LENGTH '-1' is not a non-negative integer");
        assertUsageError(run("create", "t", "d", "4", "--stripes", "3"), "--stripes 3 must be a power of two");
        assertUsageError(run("create", "t", "d", "4", "--no-lock", "--stripes", "2"), "contradict");
        assertUsageError(run("create", "--value", "t", "d", "--fill", "1"), "--fill is for arrays");
        assertUsageError(run("create", "t", "b", "4", "--fill", "128"), "value 128 is out of range for typecode 'b'");
        assertUsageError(run("create", "bad/name", "d", "4"), "must not contain '/'");
        assertUsageError(run("set", "a", "0", "256"), "value 256 is out of range for typecode 'B' (0 .. 255)");
        assertUsageError(run("set", "a", "0", "-1"), "value -1 is out of range for typecode 'B'");
        assertUsageError(run("set", "a", "0", "x"), "'x' is not an integer");
        assertUsageError(run("set", "v", "1e39"), "value 1e39 is out of range for typecode 'f'");
        assertUsageError(run("get", "a", "3"), "index 3 is out of range for 'a' of length 3");
        assertUsageError(run("get", "a", "-1"), "index '-1' is not a non-negative integer");
        assertUsageError(run("get", "a"), "'a' is an array of length 3: use 'shmkit get a INDEX'");
        assertUsageError(run("set", "a", "1"), "use 'shmkit set a INDEX VALUE'");
        assertUsageError(run("get", "v", "0"), "'v' is a value, not an array: use 'shmkit get v'");
        assertUsageError(run("inspect", "a", "--count", "-1"), "--count -1 must not be negative");
        assertUsageError(run("create", "--valeu", "t", "i"), "Unknown option: '--valeu' (see 'shmkit create --help')");
        assertUsageError(run("set", "a", "0", "--bogus"), "Unknown option: '--bogus' (see 'shmkit set --help')");
        assertUsageError(run("inspect", "a", "--count", "x"), "'x' is not an int");
        assertEquals("0\n", run("get", "a", "0").out(), "nothing written by the rejected sets");
        assertFalse(Files.exists(root.resolve("t")), "nothing created by the rejected creates");
    }

    @Test
    void shouldRejectARootThatIsNotADirectory()
    {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final int code = Main.run(new PrintWriter(out), new PrintWriter(err), "ls", "--root",
            root.resolve("nonexistent").toString());
        assertEquals(Main.EXIT_USAGE, code);
        assertTrue(err.toString().startsWith("shmkit: --root " + root.resolve("nonexistent") + " is not a directory"),
            err.toString());
    }

    @Test
    void shouldReportOperationalFailuresWithExitCode1() throws IOException
    {
        Files.write(root.resolve("foreign"), new byte[4096]);
        Files.writeString(root.resolve("short"), "x");
        assertEquals(0, run("create", "a", "d", "1").code());
        assertFailure(run("get", "missing"), "no segment named 'missing'");
        assertFailure(run("inspect", "missing"), "no segment named 'missing'");
        assertFailure(run("set", "missing", "1"), "no segment named 'missing'");
        assertFailure(run("rm", "missing"), "no segment named 'missing'");
        assertFailure(run("inspect", "short"), "'short' is too short to be a shmkit segment");
        assertFailure(run("rm", "foreign"), "'foreign' is not a shmkit segment; not removing it");
        assertFailure(run("create", "a", "d", "1"), "segment 'a' already exists");
        assertTrue(Files.exists(root.resolve("foreign")));
    }

    @Test
    void shouldPrintTheStackTraceOnlyWhenVerbose()
    {
        final Result quiet = run("get", "missing");
        assertFalse(quiet.err().contains("\tat "), quiet.err());
        final Result verbose = run("get", "missing", "--verbose");
        assertEquals(Main.EXIT_FAILURE, verbose.code());
        assertTrue(verbose.err().startsWith("shmkit: no segment named 'missing'\n"), verbose.err());
        assertTrue(verbose.err().contains("\tat "), verbose.err());
    }

    @Test
    void shouldPrintHelpAndVersion()
    {
        final Result help = run("--help");
        assertEquals(0, help.code());
        for (final String command : new String[] {"ls", "inspect", "rm", "clean", "create", "get", "set", "demo"})
        {
            assertTrue(help.out().contains("  " + command + " "), "help lists " + command + ":\n" + help.out());
        }
        assertTrue(help.out().contains("Exit codes:"), help.out());
        final Result createHelp = run("create", "--help");
        assertTrue(createHelp.out().contains("PERSISTENT"), createHelp.out());
        final Result version = run("--version");
        assertEquals(0, version.code());
        assertTrue(version.out().matches("(?s)shmkit \\d+\\.\\d+\\.\\d+.*"), version.out());
    }
}
