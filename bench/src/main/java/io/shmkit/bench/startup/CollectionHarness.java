package io.shmkit.bench.startup;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.LockSupport;

import io.shmkit.SharedLongArray;
import io.shmkit.collection.SharedDict;
import io.shmkit.collection.SharedList;
import io.shmkit.process.ChildContext;
import io.shmkit.process.ChildTask;
import io.shmkit.process.ShmProcess;
import io.shmkit.segment.ShmOptions;

/**
 * Shared list and dict operations per second from two processes, side by side with a locked {@code ArrayList} and a
 * {@code ConcurrentHashMap} used by two threads of one JVM (the ceiling), in one run. Rows: list appends, list reads
 * (size and an element, as Python's {@code len(l); l[i]}), dict puts and dict gets, on 8-byte records and keys of
 * 1,000 distinct values. Python's {@code Manager().list()} and {@code .dict()} are measured by
 * {@code bench/python/manager_collections.py}.
 *
 * <p>HOW TO RUN (from the repository root, after {@code mvn -B -q -pl core,bench -am package -DskipTests}):
 * <pre>
 * java --add-exports java.base/jdk.internal.misc=ALL-UNNAMED -cp bench/target/benchmarks.jar \
 *     io.shmkit.bench.startup.CollectionHarness [operations per worker=1000000]
 * python3 bench/python/manager_collections.py [operations per worker=20000]
 * </pre>
 * Expected on a 2-core machine: millions of shmkit operations per second, against tens of thousands for
 * Python's Manager.
 *
 * <p><b>Note:</b> a main program; it creates its segments under generated names and removes them.
 */
public final class CollectionHarness
{
    private static final String[] MODES = {"append", "read", "put", "get"};
    private static final int KEYS = 1000;
    private static final int GO = 0;
    private static final int READY = 1;
    private static final int NANOS = 2;

    private CollectionHarness()
    {
    }

    /**
     * Run every row.
     *
     * @param args operations per worker.
     * @throws Exception if a child fails.
     */
    public static void main(final String[] args) throws Exception
    {
        final int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        final String base = "shmkit-bench-coll-" + ProcessHandle.current().pid();
        try (SharedList list = SharedList.create(base + "-list", 2 * n + 1, (2L * n + 1) * 32);
            SharedDict dict = SharedDict.create(base + "-dict", 4 * KEYS, 4L * KEYS * 64);
            SharedLongArray control = SharedLongArray.create(base + "-ctl", 'q', NANOS + 2))
        {
            try
            {
                for (final String mode : MODES)
                {
                    if ("append".equals(mode))
                    {
                        list.clear();
                    }
                    final double shm = twoProcesses(mode, n, list, dict, control);
                    final double jvm = twoThreads(mode, n);
                    System.out.println(String.format(Locale.ROOT, "%-7s shmkit 2 processes %8.2f M ops/s   " +
                        "one JVM, 2 threads (%s) %8.2f M ops/s", mode, shm / 1e6,
                        mode.equals("append") || mode.equals("read") ? "locked ArrayList" : "ConcurrentHashMap",
                        jvm / 1e6));
                }
            }
            finally
            {
                list.unlink();
                dict.unlink();
                control.unlink();
            }
        }
    }

    private static double twoProcesses(
        final String mode, final int n, final SharedList list, final SharedDict dict, final SharedLongArray control)
        throws InterruptedException
    {
        for (int i = 0; i < control.length(); i++)
        {
            control.set(i, 0);
        }
        final List<ShmProcess> workers = new ArrayList<>();
        for (int w = 0; w < 2; w++)
        {
            workers.add(ShmProcess.builder().task(Worker.class).args(mode, Integer.toString(n), Integer.toString(w))
                .share(list.name()).share(dict.name()).share(control.name()).start());
        }
        while (control.get(READY) < 2)
        {
            LockSupport.parkNanos(100_000);
        }
        control.setRelease(GO, 1);
        for (final ShmProcess p : workers)
        {
            p.joinAndCheck(Duration.ofMinutes(10));
        }
        return 2.0 * n / (Math.max(control.get(NANOS), control.get(NANOS + 1)) / 1e9);
    }

    private static double twoThreads(final String mode, final int n) throws InterruptedException
    {
        final List<byte[]> list = Collections.synchronizedList(new ArrayList<>());
        final ConcurrentHashMap<String, byte[]> map = new ConcurrentHashMap<>();
        final byte[] record = new byte[8];
        for (int i = 0; i < KEYS; i++)
        {
            list.add(record);
            map.put("k" + i, record);
        }
        final long[] nanos = new long[2];
        final CountDownLatch go = new CountDownLatch(1);
        final List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 2; t++)
        {
            final int id = t;
            final Thread thread = new Thread(() ->
            {
                try
                {
                    go.await();
                }
                catch (final InterruptedException ex)
                {
                    return;
                }
                final long t0 = System.nanoTime();
                long sink = 0;
                for (int i = 0; i < n; i++)
                {
                    switch (mode)
                    {
                        case "append" -> list.add(record);
                        case "read" -> sink += list.get(i % list.size()).length;
                        case "put" -> map.put("k" + (i % KEYS), record);
                        default -> sink += map.get("k" + (i % KEYS)).length;
                    }
                }
                nanos[id] = System.nanoTime() - t0 + (sink & 0);
            });
            threads.add(thread);
            thread.start();
        }
        go.countDown();
        for (final Thread t : threads)
        {
            t.join();
        }
        return 2.0 * n / (Math.max(nanos[0], nanos[1]) / 1e9);
    }

    /** One worker process: waits for the start, runs its operations, records its time. */
    public static final class Worker implements ChildTask
    {
        @Override
        public void run(final ChildContext context)
        {
            final String mode = context.args().get(0);
            final int n = Integer.parseInt(context.args().get(1));
            final int id = Integer.parseInt(context.args().get(2));
            try (SharedList list = SharedList.open(context.sharedName(0));
                SharedDict dict = SharedDict.open(context.sharedName(1));
                SharedLongArray control = context.longArray(context.sharedName(2)))
            {
                final byte[] record = new byte[8];
                final byte[][] keys = new byte[KEYS][];
                for (int i = 0; i < KEYS; i++)
                {
                    keys[i] = ("k" + i).getBytes(StandardCharsets.UTF_8);
                    dict.putIfAbsent(keys[i], record);
                }
                if (list.isEmpty())
                {
                    list.add(record);
                }
                control.getAndAdd(READY, 1);
                while (control.getAcquire(GO) == 0)
                {
                    Thread.onSpinWait();
                }
                final long t0 = System.nanoTime();
                long sink = 0;
                for (int i = 0; i < n; i++)
                {
                    switch (mode)
                    {
                        case "append" -> list.add(record);
                        case "read" -> sink += list.read(i % list.size(), (b, o, l) -> l);
                        case "put" -> dict.put(keys[i % KEYS], record);
                        default -> sink += dict.get(keys[i % KEYS]).length;
                    }
                }
                control.set(NANOS + id, System.nanoTime() - t0 + (sink & 0));
            }
        }
    }
}
