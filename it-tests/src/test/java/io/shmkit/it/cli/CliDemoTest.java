package io.shmkit.it.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.shmkit.segment.ShmOptions;

/**
 * {@code shmkit demo} run from the real jar: results verified, and nothing left behind, neither segments
 * in /dev/shm nor child JVMs, whether it ends normally, by a signal or by a deadline.
 *
 * <p>The demo names its segments itself ({@code shmkit-demo-<pid>-*}, its transform {@code shmkit-xf-<pid>-*}),
 * so the leak check here looks for those names rather than for {@code ShmLeakCheck}'s prefix.
 */
class CliDemoTest
{
    /** SIGINT's bit in the SigIgn mask of /proc/PID/status (bit signal - 1). */
    private static final long SIGINT_MASK = 1L << (2 - 1);

    private static final Path DEV_SHM = Path.of(ShmOptions.DEFAULT_ROOT);
    private static final Pattern DEMO_PID = Pattern.compile("^shmkit demo: pid (\\d+),");
    private static final Pattern CHILD_PIDS = Pattern.compile("pids? ([\\d, ]+):");

    /** Files in /dev/shm that the demo with this pid (or its transform's control segments) created. */
    private static List<Path> leftovers(final long demoPid) throws IOException
    {
        final List<Path> left = new ArrayList<>();
        for (final String prefix : new String[] {"shmkit-demo-" + demoPid + "-", "shmkit-xf-" + demoPid + "-"})
        {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(DEV_SHM, prefix + "*"))
            {
                ds.forEach(left::add);
            }
        }
        return left;
    }

    private static void removeAndAssertNoLeftovers(final long demoPid) throws IOException
    {
        final List<Path> left = leftovers(demoPid);
        for (final Path p : left)
        {
            Files.deleteIfExists(p);
        }
        assertTrue(left.isEmpty(), "the demo left segments in /dev/shm: " + left);
    }

    /** The pids of the demos this test class started, for the check after each test. */
    private static final List<Long> DEMOS = new ArrayList<>();

    private static long demoPid(final String firstLine)
    {
        final Matcher m = DEMO_PID.matcher(firstLine);
        assertTrue(m.find(), "first line names the demo's pid: " + firstLine);
        final long pid = Long.parseLong(m.group(1));
        DEMOS.add(pid);
        return pid;
    }

    /**
     * Wait (bounded) until no process runs whose command line names a segment of the demo {@code pid}
     * ({@code shmkit-demo-PID-...}): its children, found whether or not the demo printed their pids and whether
     * or not they are still this JVM's descendants (a child outliving the demo is re-parented).
     */
    private static void assertNoProcessOfDemo(final long pid) throws Exception
    {
        final String mark = "shmkit-demo-" + pid + "-";
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Cli.TIMEOUT_SECONDS);
        long park = TimeUnit.MILLISECONDS.toNanos(1);
        List<ProcessHandle> alive;
        while (!(alive = ProcessHandle.allProcesses()
            .filter(h -> h.isAlive() && h.info().commandLine().map(c -> c.contains(mark)).orElse(false))
            .collect(Collectors.toList())).isEmpty())
        {
            if (System.nanoTime() - deadline > 0)
            {
                final String described = alive.stream().map(h -> Long.toString(h.pid()))
                    .collect(Collectors.joining(", "));
                alive.forEach(ProcessHandle::destroyForcibly);
                fail("processes of demo " + pid + " still run " + Cli.TIMEOUT_SECONDS + " s later: " + described);
            }
            TimeUnit.NANOSECONDS.sleep(park);
            park = Math.min(park * 2, TimeUnit.MILLISECONDS.toNanos(50));
        }
    }

    private static List<Long> childPids(final String out)
    {
        final List<Long> pids = new ArrayList<>();
        final Matcher m = CHILD_PIDS.matcher(out);
        while (m.find())
        {
            for (final String p : m.group(1).split(",\\s*"))
            {
                pids.add(Long.parseLong(p.trim()));
            }
        }
        return pids;
    }

    /** Wait (bounded) until none of these processes runs any more. */
    private static void assertAllEnd(final List<Long> pids) throws Exception
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Cli.TIMEOUT_SECONDS);
        for (final long pid : pids)
        {
            final ProcessHandle h = ProcessHandle.of(pid).orElse(null);
            if (null == h)
            {
                continue;
            }
            final long left = deadline - System.nanoTime();
            try
            {
                h.onExit().get(Math.max(0, left), TimeUnit.NANOSECONDS);
            }
            catch (final TimeoutException ex)
            {
                h.destroyForcibly();
                fail("child process " + pid + " (" + h.info().commandLine().orElse("?") + ") outlived the demo by " +
                    Cli.TIMEOUT_SECONDS + " s");
            }
        }
    }

    /**
     * Whether a process ignores SIGINT. A JVM started with SIGINT ignored keeps it ignored (no shutdown on
     * SIGINT), and a process inherits ignored signals from its parent: a build run as a background job of a
     * non-interactive shell, as on CI, or under a wrapper that ignores SIGINT, passes that on to the demo.
     */
    private static boolean ignoresSigint(final String pid) throws IOException
    {
        for (final String line : Files.readAllLines(Path.of("/proc", pid, "status")))
        {
            if (line.startsWith("SigIgn:"))
            {
                return (Long.parseUnsignedLong(line.substring("SigIgn:".length()).trim(), 16) & SIGINT_MASK) != 0;
            }
        }
        return false;
    }

    /**
     * No child JVM of any demo outlives its test: every descendant of this JVM ends, and so does every process of
     * the test's demos, re-parented or not (bounded waits).
     */
    @AfterEach
    void assertNoDescendantLeftAlive() throws Exception
    {
        for (final long demo : DEMOS)
        {
            assertNoProcessOfDemo(demo);
        }
        DEMOS.clear();
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Cli.TIMEOUT_SECONDS);
        long park = TimeUnit.MILLISECONDS.toNanos(1);
        List<ProcessHandle> alive;
        while (!(alive = ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
            .collect(Collectors.toList())).isEmpty())
        {
            if (System.nanoTime() - deadline > 0)
            {
                final String described = alive.stream()
                    .map(h -> h.pid() + " (" + h.info().commandLine().orElse("?") + ")")
                    .collect(Collectors.joining(", "));
                alive.forEach(ProcessHandle::destroyForcibly);
                fail("processes started by the test still run " + Cli.TIMEOUT_SECONDS + " s later: " + described);
            }
            TimeUnit.NANOSECONDS.sleep(park);
            park = Math.min(park * 2, TimeUnit.MILLISECONDS.toNanos(50));
        }
    }

    @Test
    void shouldRunTheDemoVerifyItsResultsAndLeaveNothingBehind() throws Exception
    {
        final Cli.Result r = Cli.run("demo", "--size", "1000000", "--workers", "2", "--messages", "100000");
        final long pid = demoPid(r.out());
        try
        {
            assertEquals(0, r.code(), r.toString());
            assertEquals("", r.err(), r.toString());
            assertTrue(r.out().contains("Part 1: a child process negates a shared Array('d') of 1000000 elements"),
                r.out());
            assertTrue(r.out().contains("  progress: negate 100% (1000000 of 1000000)"), r.out());
            assertTrue(r.out().contains("OK: every element equals minus its original; sum -5.0E11 = -(5.0E11)"),
                r.out());
            assertTrue(r.out().contains("Part 2: 2 child processes each increment a shared Value('i') 100000 times"),
                r.out());
            assertTrue(r.out().contains("OK: total 200000 = 2 x 100000"), r.out());
            assertTrue(r.out().contains("Part 3: a child process puts [42, None, 'hello'] on a shared Queue, then " +
                "100000 messages of 64 bytes"), r.out());
            assertTrue(r.out().contains("the parent took [42, null, hello], then end of stream"), r.out());
            assertTrue(r.out().contains("  progress: messages 100% (100000 of 100000)"), r.out());
            assertTrue(r.out().contains("OK: every message arrived once, in order"), r.out());
            assertTrue(r.out().contains("Part 4: a Manager().list() as a stop flag: 2 child processes at a time"),
                r.out());
            assertTrue(r.out().contains("OK: found 1500011 (the smallest of "), r.out());
            assertTrue(r.out().endsWith("demo: all results verified\n"), r.out());
            for (final String step : new String[] {"create + fill", "child start", "transform", "verify",
                "children start", "increments", "hello", "throughput", "search"})
            {
                final Pattern timed = Pattern.compile("(?m)^  " + Pattern.quote(step) + " +\\d+\\.\\d ms  ");
                assertTrue(timed.matcher(r.out()).find(), "step '" + step + "' with its time: " + r.out());
            }
            final List<Long> children = childPids(r.out());
            // one negating child, two incrementing ones, two of the queue part, and at least one searching
            assertTrue(children.size() >= 6, "the children of every part: " + children);
            assertAllEnd(children);
        }
        finally
        {
            removeAndAssertNoLeftovers(pid);
        }
    }

    @Test
    void shouldRejectBadDemoOptions()
    {
        final Cli.Result r = Cli.run("demo", "--workers", "0");
        assertEquals(2, r.code(), r.toString());
        assertEquals("shmkit: --workers 0 must be from 1 to 64\n", r.err());
    }

    @Test
    void shouldFailWithExitCode1KillItsChildrenAndRemoveItsSegmentsWhenADeadlinePasses() throws Exception
    {
        // Part 2 cannot reach 2 x 10^9 locked increments in 1 s; part 1 or part 2's start may already miss it on
        // a loaded machine: each is a deadline of the demo, with the same message and clean-up.
        final Cli.Result r = Cli.run("demo", "--size", "1000", "--workers", "2", "--increments", "1000000000",
            "--timeout", "1");
        final long pid = demoPid(r.out());
        try
        {
            assertEquals(1, r.code(), r.toString());
            assertTrue(r.err().matches("shmkit: demo: part [12]: [^\n]* within 1 s[^\n]*; children killed, " +
                "segments removed \\(a slow machine\\? raise --timeout\\)\n"), "one line naming the deadline: " + r);
            // its children may have been killed before it printed their pids: look them up by their segments
            assertNoProcessOfDemo(pid);
        }
        finally
        {
            removeAndAssertNoLeftovers(pid);
        }
    }

    @Test
    void shouldRemoveItsSegmentsAndChildrenOnSigterm() throws Exception
    {
        interruptDemo("TERM", 143);
    }

    @Test
    void shouldRemoveItsSegmentsAndChildrenOnSigint() throws Exception
    {
        assumeFalse(ignoresSigint("self"), "this JVM ignores SIGINT, so the demo it starts would too");
        interruptDemo("INT", 130);
    }

    /**
     * Start a demo whose second part cannot finish for minutes, wait until its children increment, signal it,
     * and check that it ends, its children end, and its segments are gone. Part 1, which this does not check,
     * is small.
     */
    private static void interruptDemo(final String signal, final int expectedExit) throws Exception
    {
        final Process demo = Cli.start("demo", "--size", "1000000", "--workers", "2", "--increments", "1000000000");
        long pid = -1;
        try
        {
            final Cli.Lines out = new Cli.Lines(demo.getInputStream());
            final Cli.Lines err = new Cli.Lines(demo.getErrorStream());
            pid = demoPid(out.await(l -> l.startsWith("shmkit demo: pid"), Cli.TIMEOUT_SECONDS));
            assertEquals(demo.pid(), pid);
            out.await(l -> l.startsWith("  progress: increments"), Cli.TIMEOUT_SECONDS);
            final List<ProcessHandle> descendants = demo.descendants().collect(Collectors.toList());
            assertFalse(descendants.isEmpty(), "the incrementing children run");
            assertFalse(leftovers(pid).isEmpty(), "the demo's segments exist while it runs");
            if ("INT".equals(signal))
            {
                assumeFalse(ignoresSigint(Long.toString(pid)), "the demo JVM was started with SIGINT ignored");
            }

            if ("TERM".equals(signal))
            {
                demo.destroy();
            }
            else
            {
                final Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start();
                assertTrue(kill.waitFor(Cli.TIMEOUT_SECONDS, TimeUnit.SECONDS) && kill.exitValue() == 0, "kill -" +
                    signal);
            }
            if (!demo.waitFor(Cli.TIMEOUT_SECONDS, TimeUnit.SECONDS))
            {
                fail("the demo did not end within " + Cli.TIMEOUT_SECONDS + " s of SIG" + signal);
            }
            assertEquals(expectedExit, demo.exitValue(), "ended by SIG" + signal + ", not normally");
            final String errors = err.all();
            assertFalse(errors.contains("\tat "), "no stack trace: " + errors);
            assertAllEnd(descendants.stream().map(ProcessHandle::pid).collect(Collectors.toList()));
        }
        finally
        {
            demo.destroyForcibly();
            demo.waitFor(Cli.TIMEOUT_SECONDS, TimeUnit.SECONDS);
            if (pid > 0)
            {
                removeAndAssertNoLeftovers(pid);
            }
        }
    }
}
