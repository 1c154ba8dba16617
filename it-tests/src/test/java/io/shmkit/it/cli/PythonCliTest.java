package io.shmkit.it.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.shmkit.it.PythonChild;

/** Segments created by the Python package pass the real {@code shmkit} jar: inspect, get, set, ls, rm and clean. */
class PythonCliTest
{
    @TempDir
    Path root;

    @BeforeAll
    static void needPython()
    {
        final String why = PythonChild.unavailable();
        assumeTrue(null == why, () -> "skipping the Python CLI tests: " + why);
    }

    @Test
    void shouldInspectGetSetAndRemoveAPythonArray()
    {
        assertTrue(PythonChild.runIn(root, "create", "pyarr", "i", "10").contains("created"));
        final String r = root.toString();
        final Cli.Result inspect = Cli.run("inspect", "--root", r, "pyarr");
        assertEquals(0, inspect.code(), inspect.toString());
        for (final String line : new String[] {"kind:           2 (array)", "typecode:       'i'",
            "element count:  10", "stripe count:   1", "flags:          0x1 (persistent)", "(dead)", "  [3] 3\n"})
        {
            assertTrue(inspect.out().contains(line), "'" + line + "' in " + inspect.out());
        }
        assertEquals("3\n", Cli.run("get", "--root", r, "pyarr", "3").out());
        assertEquals(0, Cli.run("set", "--root", r, "pyarr", "3", "-5").code());
        assertEquals("-5\n", Cli.run("get", "--root", r, "pyarr", "3").out());
        final Cli.Result rm = Cli.run("rm", "--root", r, "pyarr");
        assertEquals("removed pyarr\n", rm.out(), rm.toString());
        assertFalse(Files.exists(root.resolve("pyarr")));
    }

    @Test
    void shouldCleanAPythonValueWhoseCreatorIsDead()
    {
        assertTrue(PythonChild.runIn(root, "create-kept", "pyval").contains("created"));
        final String r = root.toString();
        assertEquals("7\n", Cli.run("get", "--root", r, "pyval").out());
        final Cli.Result ls = Cli.run("ls", "--root", r, "--format", "names");
        assertEquals("pyval\n", ls.out(), ls.toString());
        final Cli.Result clean = Cli.run("clean", "--root", r);
        assertEquals("removed pyval\n", clean.out(), clean.toString());
        assertFalse(Files.exists(root.resolve("pyval")));
    }
}
