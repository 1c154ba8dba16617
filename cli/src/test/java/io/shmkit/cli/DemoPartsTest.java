package io.shmkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.shmkit.SharedDoubleArray;
import io.shmkit.SharedLong;
import io.shmkit.segment.ShmOptions;

/**
 * The demo's building blocks in this JVM; the demo itself, with its child JVMs, runs in the it-tests.
 */
class DemoPartsTest
{
    @TempDir
    Path root;

    @Test
    void shouldCountElementsThatAreNotMinusTheirOriginal()
    {
        final ShmOptions options = ShmOptions.defaults().withRoot(root);
        try (SharedDoubleArray a = SharedDoubleArray.create("data", 'd', DemoData.CHUNK + 5, options))
        {
            try
            {
                DemoData.fill(a);
                assertEquals(0.5, a.get(0));
                assertEquals(DemoData.CHUNK + 4.5, a.get(DemoData.CHUNK + 4));
                assertEquals(a.length(), DemoData.countNotNegated(a), "nothing negated yet");
                a.negate();
                assertEquals(0, DemoData.countNotNegated(a));
                a.set(DemoData.CHUNK + 1, 0.0);
                a.set(3, -0.0);
                assertEquals(2, DemoData.countNotNegated(a));
            }
            finally
            {
                a.unlink();
            }
        }
    }

    @Test
    void shouldIncrementUnderTheLock() throws InterruptedException
    {
        final ShmOptions options = ShmOptions.defaults().withRoot(root);
        try (SharedLong counter = SharedLong.create("counter", 'i', 5, options))
        {
            try
            {
                // four threads at once: without the lock, plain read-then-write increments lose updates
                final Thread[] threads = new Thread[4];
                for (int t = 0; t < threads.length; t++)
                {
                    threads[t] = new Thread(() -> DemoIncrementTask.increment(counter, 20_000));
                    threads[t].start();
                }
                for (final Thread t : threads)
                {
                    t.join(120_000);
                    assertFalse(t.isAlive(), "an incrementing thread hung");
                }
                assertEquals(5 + 4 * 20_000, counter.get(), "every increment counted");
                assertTrue(counter.getLock().tryLock(), "the lock is released after the increments");
                counter.getLock().unlock();
            }
            finally
            {
                counter.unlink();
            }
        }
    }

    @Test
    void shouldBackOffThePollFromATenthOfAMillisecondToTwentyMilliseconds()
    {
        assertEquals(DemoRun.MIN_POLL_NS, DemoRun.pauseNanos(0));
        assertEquals(DemoRun.MIN_POLL_NS, DemoRun.pauseNanos(1_000_000));
        assertEquals(1_000_000, DemoRun.pauseNanos(16_000_000), "a sixteenth of the elapsed time");
        assertEquals(DemoRun.MAX_POLL_NS, DemoRun.pauseNanos(60_000_000_000L));
        long previous = 0;
        for (long elapsed = 0; elapsed < 1_000_000_000L; elapsed += 7_000_000)
        {
            final long pause = DemoRun.pauseNanos(elapsed);
            assertTrue(pause >= previous, "never shorter as the phase goes on: " + pause + " < " + previous);
            previous = pause;
        }
    }

    @Test
    void shouldDescribeEveryPartAndOfferItsOptionsInTheHelp()
    {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        assertEquals(Main.EXIT_OK, Main.run(new PrintWriter(out), new PrintWriter(err), "demo", "--help"));
        final String help = out.toString().replaceAll("\\s+", " ");
        final int part1 = help.indexOf("Part 1: a child process negates a shared Array('d')");
        final int part2 = help.indexOf("Part 2: --workers child processes each increment a shared Value('i')");
        final int part3 = help.indexOf("Part 3: a child process puts [42, None, 'hello'] on a shared Queue");
        final int part4 = help.indexOf("Part 4: a Manager().list() as a stop flag");
        final int part5 = help.indexOf("Part 5: a Pool with early stop");
        final int part6 = help.indexOf("Part 6: a warm pool of --pool-transform-workers worker JVMs negates");
        final int common = help.indexOf("Each step prints what it did");
        assertTrue(0 <= part1 && part1 < part2 && part2 < part3 && part3 < part4 && part4 < part5 && part5 < part6 &&
            part6 < common, "the parts in order, then what they share: " + help);
        for (final String option : new String[] {"--size=N", "--negate-workers=C", "--workers=W", "--increments=K",
            "--messages=M", "--search-workers=S", "--pool-workers=P", "--pool-transform-workers=T",
            "--class-data-archive", "--timeout=S"})
        {
            assertTrue(help.contains(option), option + " in " + help);
        }
        assertFalse(help.contains("Part 7:"), help);
    }

    @Test
    void shouldRejectBadDemoOptionsBeforeStartingAnything()
    {
        for (final String[] bad : new String[][] {
            {"--size", "0", "--size 0 must be at least 1"},
            {"--workers", "65", "--workers 65 must be from 1 to 64"},
            {"--negate-workers", "0", "--negate-workers 0 must be from 1 to 64"},
            {"--increments", "0", "--increments 0 must be at least 1"},
            {"--messages", "0", "--messages 0 must be at least 1"},
            {"--search-workers", "0", "--search-workers 0 must be from 1 to 64"},
            {"--pool-workers", "65", "--pool-workers 65 must be from 1 to 64"},
            {"--increments", "1000000000", "--workers 4 x --increments 1000000000 exceeds the range of a Value('i')"},
            {"--size", "x", "Invalid value for option '--size': 'x' is not a long"},
            {"--timeout", "0", "--timeout 0 must be from 1 to 604800"},
        })
        {
            final StringWriter out = new StringWriter();
            final StringWriter err = new StringWriter();
            final int code = Main.run(new PrintWriter(out), new PrintWriter(err), "demo", "--root", root.toString(),
                bad[0], bad[1]);
            assertEquals(Main.EXIT_USAGE, code, err.toString());
            assertTrue(err.toString().startsWith("shmkit: " + bad[2]), err.toString());
            assertEquals("", out.toString());
        }
    }
}
