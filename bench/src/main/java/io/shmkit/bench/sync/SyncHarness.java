package io.shmkit.bench.sync;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.LockSupport;

import io.shmkit.SharedLongArray;
import io.shmkit.internal.lock.RobustLock;
import io.shmkit.internal.segment.Segment;
import io.shmkit.segment.SegmentKind;
import io.shmkit.segment.ShmOptions;
import io.shmkit.sync.SharedBarrier;
import io.shmkit.sync.SharedEvent;
import io.shmkit.sync.SharedLock;
import io.shmkit.sync.SharedRLock;
import io.shmkit.sync.SharedSemaphore;

/**
 * Measurements between real processes that JMH cannot make: the parent starts a child JVM running this class in a
 * child mode and they talk through shmkit segments.
 * <ul>
 *   <li>{@code increment N}: two child processes increment one counter N times each under a {@link SharedLock}, a
 *       {@link SharedRLock} and a one-permit {@link SharedSemaphore}; M increments/s.</li>
 *   <li>{@code compare N [ROUNDS [SCRIPT]]}: the increments against Python's, interleaved
 *       ({@link IncrementComparison}).</li>
 *   <li>{@code latency N [spin]}: wake-up latency through events, a condition and semaphores
 *       ({@link WakeupLatency}), with the default waiting or with {@code WaitMode.SPIN}.</li>
 *   <li>{@code barrier N}: N generations of a two-party {@link SharedBarrier} between the parent and a child; µs
 *       per generation.</li>
 *   <li>{@code idle S}: the CPU a child waiting S seconds on an event that is never set uses (from
 *       {@code /proc/<pid>/stat}).</li>
 *   <li>{@code fairness N}: a child re-acquires a lock in a tight loop; the parent acquires it N times, 1 ms apart,
 *       with the hand-off (shmkit's default) and without it; longest and p99 wait.</li>
 * </ul>
 */
public final class SyncHarness
{
    static final ShmOptions O = ShmOptions.defaults();
    /** Control words: 0 ready, 1 go, 2 done, 3 stop, 8 counter. */
    static final int READY = 0;
    static final int GO = 1;
    static final int DONE = 2;
    static final int STOP = 3;
    static final int COUNTER = 8;

    private SyncHarness()
    {
    }

    /**
     * Run a mode (see the class comment), or a child mode.
     *
     * @param args mode and its number.
     * @throws Exception if a measurement fails.
     */
    public static void main(final String[] args) throws Exception
    {
        final String mode = args.length > 0 ? args[0] : "all";
        final long n = args.length > 1 && !"child".equals(mode) ? Long.parseLong(args[1]) : 0;
        switch (mode)
        {
            case "increment" -> increment(n > 0 ? n : 2_000_000);
            case "compare" -> IncrementComparison.run(n > 0 ? n : 2_000_000,
                args.length > 2 ? Integer.parseInt(args[2]) : 3,
                args.length > 3 ? args[3] : "bench/python/sync_reference.py");
            case "latency" -> WakeupLatency.run((int)(n > 0 ? n : 20_000), args.length > 2 && "spin".equals(args[2]));
            case "idle" -> idle(n > 0 ? n : 5);
            case "fairness" -> fairness((int)(n > 0 ? n : 200));
            case "barrier" -> barrier((int)(n > 0 ? n : 20_000));
            case "all" ->
            {
                increment(2_000_000);
                WakeupLatency.run(20_000, false);
                WakeupLatency.run(20_000, true);
                barrier(20_000);
                idle(5);
                fairness(200);
            }
            case "child" -> child(Arrays.copyOfRange(args, 1, args.length));
            default -> throw new IllegalArgumentException(
                "mode=" + mode + ": increment, compare, latency, barrier, idle, fairness, all");
        }
    }

    static String unique(final String what)
    {
        return "shmkit-bench-" + what + "-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
    }

    static Process start(final String... args) throws IOException
    {
        final List<String> cmd = new ArrayList<>(List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED",
            "-cp", System.getProperty("java.class.path"), SyncHarness.class.getName(), "child"));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).inheritIO().redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .start();
    }

    static void awaitWord(final SharedLongArray control, final int word, final long value)
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (control.get(word) < value)
        {
            if (System.nanoTime() - deadline > 0)
            {
                throw new IllegalStateException("timed out waiting for control[" + word + "] >= " + value);
            }
            LockSupport.parkNanos(50_000);
        }
    }

    private static void increment(final long n) throws Exception
    {
        for (final String kind : List.of("lock", "rlock", "semaphore"))
        {
            incrementRate(kind, n);
        }
    }

    /**
     * Two child processes increment one counter {@code n} times each under a primitive of {@code kind}.
     *
     * @return M increments/s, printed too.
     */
    static double incrementRate(final String kind, final long n) throws Exception
    {
        final String name = unique(kind);
        final SharedLongArray control = SharedLongArray.create(unique("ctl"), 'q', 16, O.withLock(false));
        final AutoCloseable primitive = switch (kind)
        {
            case "lock" -> SharedLock.create(name, O);
            case "rlock" -> SharedRLock.create(name, O);
            default -> SharedSemaphore.create(name, 1, O);
        };
        try
        {
            final Process a = start("incr", kind, name, control.name(), Long.toString(n));
            final Process b = start("incr", kind, name, control.name(), Long.toString(n));
            awaitWord(control, READY, 2);
            final long start = System.nanoTime();
            control.set(GO, 1);
            awaitWord(control, DONE, 2);
            final double seconds = (System.nanoTime() - start) / 1e9;
            a.waitFor();
            b.waitFor();
            final boolean exact = control.get(COUNTER) == 2 * n;
            System.out.printf(Locale.ROOT, "increment  %-16s 2 processes  %.2f M incr/s  (%s)%n", kind,
                2 * n / seconds / 1e6, exact ? "exact" : "WRONG COUNT " + control.get(COUNTER));
            if (!exact)
            {
                throw new IllegalStateException(kind + " lost increments");
            }
            return 2 * n / seconds / 1e6;
        }
        finally
        {
            ((io.shmkit.sync.SyncObject)primitive).unlink();
            primitive.close();
            control.unlink();
            control.close();
        }
    }

    private static void barrier(final int generations) throws Exception
    {
        final SharedLongArray control = SharedLongArray.create(unique("ctl"), 'q', 16, O.withLock(false));
        try (SharedBarrier b = SharedBarrier.create(unique("bar"), 2, null, O))
        {
            final Process child = start("party", b.name(), control.name(), Integer.toString(generations));
            awaitWord(control, READY, 1);
            final long start = System.nanoTime();
            for (int g = 0; g < generations; g++)
            {
                b.await(60, TimeUnit.SECONDS);
            }
            final double us = (System.nanoTime() - start) / 1e3 / generations;
            child.waitFor();
            System.out.printf(Locale.ROOT, "barrier    2 parties  %.1f us per generation%n", us);
            b.unlink();
        }
        finally
        {
            control.unlink();
            control.close();
        }
    }

    static void report(final String what, final long[] roundTrips)
    {
        final long[] s = roundTrips.clone();
        Arrays.sort(s);
        System.out.printf(Locale.ROOT, "%s one way (half the round trip): median %.1f us, p99 %.1f us, max %.1f us%n",
            what, s[s.length / 2] / 2e3, s[(int)(s.length * 0.99)] / 2e3, s[s.length - 1] / 2e3);
    }

    private static void idle(final long seconds) throws Exception
    {
        final SharedLongArray control = SharedLongArray.create(unique("ctl"), 'q', 16, O.withLock(false));
        try (SharedEvent never = SharedEvent.create(unique("never"), O))
        {
            final Process child = start("idle", never.name(), control.name());
            awaitWord(control, READY, 1);
            final long before = cpuTicks(child.pid());
            Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
            final long after = cpuTicks(child.pid());
            never.set();
            child.waitFor();
            final double hz = 100.0; // USER_HZ on Linux
            System.out.printf(Locale.ROOT, "idle       event      a waiter's CPU: %.1f %% of one core over %d s%n",
                (after - before) / hz / seconds * 100, seconds);
            never.unlink();
        }
        finally
        {
            control.unlink();
            control.close();
        }
    }

    private static long cpuTicks(final long pid) throws IOException
    {
        final String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.ISO_8859_1);
        final String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime (fields 14, 15)
    }

    /** How long one acquisition of the fairness test may wait before that half counts as starved. */
    private static final long FAIRNESS_WAIT_NS = TimeUnit.SECONDS.toNanos(10);

    private static void fairness(final int acquisitions) throws Exception
    {
        final SharedLongArray control = SharedLongArray.create(unique("ctl"), 'q', 16, O.withLock(false));
        try (SharedLock lock = SharedLock.create(unique("fair"), O))
        {
            final Process hog = start("hog", lock.name(), control.name());
            try (Segment segment = Segment.open(lock.name(), SegmentKind.LOCK, Boolean.FALSE, O))
            {
                awaitWord(control, READY, 1);
                for (final boolean handoff : new boolean[] {true, false})
                {
                    final RobustLock l = new RobustLock(segment, segment.lockWordAddress(0), "fairness",
                        handoff ? RobustLock.DEFAULT_HANDOFF_AFTER_NS : Long.MAX_VALUE);
                    final long[] waits = new long[acquisitions];
                    int done = 0;
                    for (; done < acquisitions; done++)
                    {
                        final long t0 = System.nanoTime();
                        final int outcome = l.acquire(FAIRNESS_WAIT_NS, false);
                        waits[done] = System.nanoTime() - t0;
                        if (outcome == RobustLock.TIMED_OUT)
                        {
                            done++; // the starved wait itself is the longest, and ends this half
                            break;
                        }
                        l.release();
                        Thread.sleep(1);
                    }
                    Arrays.sort(waits, 0, done);
                    System.out.printf(Locale.ROOT,
                        "fairness   hand-off %-5s low-rate acquirer vs tight loop: median %.1f us, p99 %.1f us, " +
                        "longest %.1f us%s%n", handoff ? "on" : "off", waits[done / 2] / 1e3,
                        waits[(int)((done - 1) * 0.99)] / 1e3, waits[done - 1] / 1e3,
                        done < acquisitions ? " (starved: gave up after " + done + " of " + acquisitions +
                        " acquisitions, the last after " + FAIRNESS_WAIT_NS / 1_000_000_000 + " s)" : "");
                }
            }
            finally
            {
                // the hog spins on the lock: it is stopped, and killed if it does not stop, whatever happened above
                control.set(STOP, 1);
                if (!hog.waitFor(10, TimeUnit.SECONDS))
                {
                    hog.destroyForcibly().waitFor();
                }
                lock.unlink();
            }
        }
        finally
        {
            control.unlink();
            control.close();
        }
    }

    private static void child(final String[] a) throws Exception
    {
        switch (a[0])
        {
            case "incr" -> childIncrement(a[1], a[2], a[3], Long.parseLong(a[4]));
            case "pong" -> WakeupLatency.child(Arrays.copyOfRange(a, 1, a.length));
            case "idle" ->
            {
                try (SharedEvent e = SharedEvent.open(a[1], O); SharedLongArray c = SharedLongArray.open(a[2]))
                {
                    c.set(READY, 1);
                    e.await(10, TimeUnit.MINUTES);
                }
            }
            case "party" ->
            {
                try (SharedBarrier b = SharedBarrier.open(a[1], null, O);
                     SharedLongArray c = SharedLongArray.open(a[2]))
                {
                    c.set(READY, 1);
                    for (int g = 0, n = Integer.parseInt(a[3]); g < n; g++)
                    {
                        b.await(60, TimeUnit.SECONDS);
                    }
                }
            }
            case "hog" ->
            {
                try (SharedLock l = SharedLock.open(a[1], O); SharedLongArray c = SharedLongArray.open(a[2]))
                {
                    c.set(READY, 1);
                    while (c.get(STOP) == 0)
                    {
                        l.lock();
                        final long until = System.nanoTime() + 2_000;
                        while (System.nanoTime() - until < 0)
                        {
                            Thread.onSpinWait();
                        }
                        l.unlock();
                    }
                }
            }
            default -> throw new IllegalArgumentException("child mode " + a[0]);
        }
    }

    private static void childIncrement(final String kind, final String name, final String ctl, final long n)
        throws Exception
    {
        try (SharedLongArray c = SharedLongArray.open(ctl))
        {
            final SharedSemaphore sem = "semaphore".equals(kind) ? SharedSemaphore.open(name, O) : null;
            final Lock lock = "lock".equals(kind) ? SharedLock.open(name, O) :
                "rlock".equals(kind) ? SharedRLock.open(name, O) : null;
            c.incrementAndGet(READY);
            awaitWord(c, GO, 1);
            for (long i = 0; i < n; i++)
            {
                if (null != sem)
                {
                    sem.acquire();
                    c.setPlain(COUNTER, c.getPlain(COUNTER) + 1);
                    sem.release();
                }
                else
                {
                    lock.lock();
                    c.setPlain(COUNTER, c.getPlain(COUNTER) + 1);
                    lock.unlock();
                }
            }
            c.incrementAndGet(DONE);
        }
    }
}
