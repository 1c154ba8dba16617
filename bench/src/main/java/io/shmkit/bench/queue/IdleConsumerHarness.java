package io.shmkit.bench.queue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.shmkit.codec.Codecs;
import io.shmkit.queue.QueueOptions;
import io.shmkit.queue.ShmQueue;

/**
 * Lesson: what a consumer blocked in {@code take()} on an empty queue costs, with the default wait strategy. A child
 * JVM opens the queue and blocks in {@code take()}; the parent reads the child's CPU time ({@code utime + stime}
 * of {@code /proc/<pid>/stat}) before and after a quiet period of the given seconds, then puts one message so
 * that the take returns. Printed: the child process's CPU as a share of one core over the period (every thread
 * of the JVM: the blocked one, and the JIT and GC threads), and the blocked thread's own CPU over its whole take
 * (from the child's {@code ThreadMXBean}).
 *
 * <p>Run: {@code java --add-exports java.base/jdk.internal.misc=ALL-UNNAMED -cp bench/target/benchmarks.jar
 * io.shmkit.bench.queue.IdleConsumerHarness [seconds, default 5]}. Expected: under 2 % of a core (issue 9). The
 * process figure has a resolution of one clock tick (10 ms), 0.2 % over 5 s.
 */
public final class IdleConsumerHarness
{
    private static final long TICKS_PER_SECOND = 100; // USER_HZ on Linux
    private static final long SETTLE_MS = 500;

    private IdleConsumerHarness()
    {
    }

    /**
     * Entry point: {@code [seconds]} as the parent, {@code child <queue>} as the blocked consumer.
     *
     * @param args see the class comment.
     * @throws Exception if the child fails.
     */
    public static void main(final String[] args) throws Exception
    {
        if (args.length > 0 && "child".equals(args[0]))
        {
            child(args[1]);
            return;
        }
        final double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 5;
        final String name = QueueFixture.uniqueName("idle");
        try (QueueFixture fixture = new QueueFixture();
            ShmQueue<byte[]> queue = fixture.createQueue(name, true, QueueOptions.defaults().waitStrategy()))
        {
            final Process child = fixture.startChild(IdleConsumerHarness.class, List.of("child", name));
            Thread.sleep(SETTLE_MS); // past the spinning and yielding phases, into parking
            final long ticks0 = cpuTicks(child.pid());
            final long t0 = System.nanoTime();
            Thread.sleep((long)(seconds * 1000));
            final long ticks1 = cpuTicks(child.pid());
            final long wallNs = System.nanoTime() - t0;
            queue.put(new byte[]{1});
            final String line;
            try (BufferedReader out = new BufferedReader(
                new InputStreamReader(child.getInputStream(), StandardCharsets.US_ASCII)))
            {
                line = out.readLine();
            }
            if (!child.waitFor(60, TimeUnit.SECONDS) || null == line)
            {
                throw new IllegalStateException("the blocked consumer did not return after a put");
            }
            final String[] f = line.trim().split(" ");
            final double processShare = (ticks1 - ticks0) / (double)TICKS_PER_SECOND / (wallNs / 1e9);
            final double threadShare = Long.parseLong(f[0]) / (double)Long.parseLong(f[1]);
            System.out.printf("blocked consumer, default wait, %.1f s: process %.2f %% of a core " +
                "(%d ticks), take() thread %.2f %% over its %.1f s take%n", wallNs / 1e9, processShare * 100,
                ticks1 - ticks0, threadShare * 100, Long.parseLong(f[1]) / 1e9);
        }
        finally
        {
            QueueFixture.file(name).toFile().delete();
        }
    }

    private static void child(final String name) throws InterruptedException
    {
        final ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        try (ShmQueue<byte[]> queue = QueueFixture.openQueue(name, QueueOptions.defaults().waitStrategy()))
        {
            System.out.print('R');
            System.out.flush();
            final long cpu0 = mx.getCurrentThreadCpuTime();
            final long t0 = System.nanoTime();
            queue.take();
            final long wall = System.nanoTime() - t0;
            final long cpu = mx.getCurrentThreadCpuTime() - cpu0;
            System.out.println(cpu + " " + wall);
        }
    }

    /** utime + stime of a process, in clock ticks (fields 14 and 15 of /proc/pid/stat, after the command). */
    private static long cpuTicks(final long pid) throws IOException
    {
        final String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        final String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }
}
// HOW TO RUN: see the class comment; expected "process" and "take() thread" both under 2 % of a core.
