package io.shmkit.bench.startup;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.DoubleStream;

import io.shmkit.SharedDoubleArray;
import io.shmkit.process.ShmProcess;
import io.shmkit.segment.ShmOptions;
import io.shmkit.transform.Partition;
import io.shmkit.transform.TransformOptions;
import io.shmkit.transform.TransformResult;
import io.shmkit.transform.Transforms;

/**
 * In-place negation of a large {@code 'd'} array by shmkit's child processes, side by side with numpy's
 * {@code np.negative(x, out=x)} on the same segment, mapped with {@code np.memmap} (one process, and two processes
 * each negating half): the same physical pages on both sides. Both sides are timed the same two ways inside their
 * workers, on the wall clock: the phase, from the release of the start (shmkit's start flag, numpy's barrier: the last party's arrival) to the last
 * worker done; and the span, from the first worker starting to the last worker done. The page tables of each
 * worker's partition are populated beforehand on both sides (shmkit's children prefault, the numpy children
 * touch one element per page before the barrier). The whole call, including starting the child JVMs, is
 * reported separately. numpy runs as a server fed one command per run, so that every round runs each
 * configuration once, numpy's right after shmkit's: the machine's drift hits both sides alike.
 *
 * <p>HOW TO RUN (from the repository root, after {@code mvn -B -q -pl core,bench -am package -DskipTests};
 * needs {@code python3} with numpy for the reference):
 * <pre>
 * java --add-exports java.base/jdk.internal.misc=ALL-UNNAMED -cp bench/target/benchmarks.jar \
 *     io.shmkit.bench.startup.TransformSpeedHarness [elements=100000000] [rounds=15] [jdk25-home, default $JAVA25_HOME]
 * </pre>
 * With {@code -Dquick=true} (before {@code -cp}) only the one- and two-child configurations run.
 *
 * <p><b>Note:</b> a main program, single-threaded but for the two threads of its in-process row; it creates one
 * segment and a temporary script and removes both, also when a run fails.
 */
public final class TransformSpeedHarness
{
    /**
     * numpy's side, a server driven line by line from standard input so that its runs interleave with shmkit's.
     * It maps the very segment shmkit's children work on (a {@code np.memmap} at the data offset read from the
     * header), so both sides stream the same physical pages: "1" negates the whole array in this process, "2" in
     * two processes each negating half; it prints the phase from the release of the start barrier and the
     * working span (first start to last end), in ms. "q" quits.
     */
    private static final String NUMPY = String.join("\n",
        "import struct, sys, time",
        "import numpy as np",
        "from multiprocessing import Process, Barrier, Array",
        "n, path = int(sys.argv[1]), sys.argv[2]",
        "with open(path, 'rb') as f:",
        "    count, offset = struct.unpack_from('<QQ', f.read(48), 32)",
        "assert count == n, (count, n)",
        "x = np.memmap(path, dtype=np.float64, mode='r+', offset=offset, shape=(n,))",
        "def work(lo, hi, barrier, times, k):",
        "    y = np.memmap(path, dtype=np.float64, mode='r+', offset=offset, shape=(n,))",
        "    float(y[lo:hi:512].sum())",
        "    times[k] = time.time_ns()",
        "    barrier.wait()",
        "    t0 = time.time_ns()",
        "    np.negative(y[lo:hi], out=y[lo:hi])",
        "    times[3 + 2 * k], times[4 + 2 * k] = t0, time.time_ns()",
        "    del y",
        "print('ready', flush=True)",
        "for line in sys.stdin:",
        "    cmd = line.strip()",
        "    if cmd == '1':",
        "        t = time.perf_counter(); np.negative(x, out=x); d = (time.perf_counter() - t) * 1e3",
        "        print('%.3f %.3f' % (d, d), flush=True)",
        "    elif cmd == '2':",
        "        b = Barrier(3); times = Array('q', 7, lock=False)",
        "        ps = [Process(target=work, args=(k * n // 2, (k + 1) * n // 2, b, times, k)) for k in range(2)]",
        "        for p in ps: p.start()",
        "        times[2] = time.time_ns()",
        "        b.wait()",
        "        for p in ps: p.join()",
        "        end = max(times[4], times[6])",
        "        print('%.3f %.3f' % ((end - max(times[0:3])) / 1e6, (end - min(times[3], times[5])) / 1e6),",
        "              flush=True)",
        "    else:",
        "        break",
        "del x",
        "");

    private TransformSpeedHarness()
    {
    }

    /**
     * Run the harness.
     *
     * @param args optional: number of elements (default 10<sup>8</sup>), rounds (default 15), the home of a JDK 25
     *             for children on JDK 25.
     * @throws Exception if a transform fails.
     */
    public static void main(final String[] args) throws Exception
    {
        final long n = args.length > 0 ? Long.parseLong(args[0]) : 100_000_000L;
        final int runs = args.length > 1 ? Integer.parseInt(args[1]) : 15;
        final Map<String, TransformOptions> configs = new LinkedHashMap<>();
        final Map<String, Integer> workers = new LinkedHashMap<>();
        final TransformOptions base = TransformOptions.defaults().withHeap("64m");
        add(configs, workers, "shmkit, 1 child", base, 1);
        add(configs, workers, "shmkit, 2 children", base, 2);
        final Path jdk25 = Path.of(args.length > 2 ? args[2] : System.getenv().getOrDefault("JAVA25_HOME", "-"), "bin",
            "java");
        if (!Boolean.getBoolean("quick"))
        {
            add(configs, workers, "shmkit, 2 children, fastStart (C1, SerialGC)", base.withFastStart(true), 2);
            add(configs, workers, "shmkit, 2 children, SerialGC", base.withJvmOptions(List.of("-XX:+UseSerialGC")), 2);
            add(configs, workers, "shmkit, 2 children, no prefault", base.withPrefault(false), 2);
            if (Files.isExecutable(jdk25))
            {
                add(configs, workers, "shmkit, 2 children on JDK 25", base.withJava(jdk25), 2);
            }
        }

        final Map<String, List<TransformResult>> results = new LinkedHashMap<>();
        configs.keySet().forEach(name -> results.put(name, new ArrayList<>()));
        final List<Double> inProcess = new ArrayList<>();
        final List<Double> inProcess2 = new ArrayList<>();
        final List<double[]> numpy1 = new ArrayList<>();
        final List<double[]> numpy2 = new ArrayList<>();
        try (SharedDoubleArray a = SharedDoubleArray.create("shmkit-xfspeed-" + ProcessHandle.current().pid(), 'd', n);
            NumpyServer numpy = NumpyServer.start(n, ShmOptions.defaults().root().resolve(a.name())))
        {
            try
            {
                a.fill(1.0);
                for (int round = -2; round < runs; round++) // two rounds of warm-up: archives, JIT, page tables
                {
                    if (round == -1)
                    {
                        awaitArchiveTrainers(); // they run in the background after a configuration's first use
                    }
                    final boolean keep = round >= 0;
                    for (final Map.Entry<String, TransformOptions> e : configs.entrySet())
                    {
                        final TransformResult r = Transforms.negate(a, workers.get(e.getKey()), e.getValue());
                        if (keep)
                        {
                            results.get(e.getKey()).add(r);
                        }
                        if (null != numpy && e.getKey().equals("shmkit, 1 child"))
                        {
                            addIf(keep, numpy1, numpy.run(1));
                        }
                        if (null != numpy && e.getKey().equals("shmkit, 2 children"))
                        {
                            addIf(keep, numpy2, numpy.run(2));
                        }
                    }
                    final long t0 = System.nanoTime();
                    a.negate();
                    addIf(keep, inProcess, (System.nanoTime() - t0) / 1e6);
                    addIf(keep, inProcess2, negateInTwoThreads(a));
                }
            }
            finally
            {
                a.unlink();
            }
        }

        System.out.printf("%d doubles (%d MB), %d interleaved rounds, medians in ms%n%n", n, n * 8 / 1_000_000, runs);
        System.out.println("| configuration | phase (from start flag) | span (first start to last end) | whole call |" +
            " children's start-up |");
        System.out.println("|---|---|---|---|---|");
        for (final Map.Entry<String, List<TransformResult>> e : results.entrySet())
        {
            final List<TransformResult> rs = e.getValue();
            System.out.printf("| %s | %.1f | %.1f | %.1f | %.1f |%n", e.getKey(),
                median(rs.stream().mapToDouble(r -> r.phaseNanos() / 1e6)),
                median(rs.stream().mapToDouble(r -> r.spanNanos() / 1e6)),
                median(rs.stream().mapToDouble(r -> r.wholeNanos() / 1e6)),
                median(rs.stream().mapToDouble(r -> r.startupNanos() / 1e6)));
        }
        System.out.printf("| core SharedDoubleArray.negate() in this process | %.1f | %.1f | | |%n",
            median(inProcess.stream().mapToDouble(Double::doubleValue)),
            median(inProcess.stream().mapToDouble(Double::doubleValue)));
        System.out.printf("| core SharedDoubleArray.negate(from, to), 2 threads in this process | %.1f | %.1f | | |%n",
            median(inProcess2.stream().mapToDouble(Double::doubleValue)),
            median(inProcess2.stream().mapToDouble(Double::doubleValue)));
        if (numpy1.isEmpty())
        {
            System.out.println("| numpy | not available | | | |");
            return;
        }
        System.out.printf("| numpy np.negative, 1 process | %.1f | %.1f | | |%n",
            median(numpy1.stream().mapToDouble(v -> v[0])), median(numpy1.stream().mapToDouble(v -> v[1])));
        System.out.printf("| numpy np.negative, 2 processes | %.1f | %.1f | | |%n",
            median(numpy2.stream().mapToDouble(v -> v[0])), median(numpy2.stream().mapToDouble(v -> v[1])));
        final List<TransformResult> two = results.get("shmkit, 2 children");
        System.out.printf("%nshmkit's speed relative to numpy, 2 workers, median of per-round ratios (numpy's time over"
            + " shmkit's; above 1: shmkit faster) with a distribution-free 95 %% interval of the median:%n");
        System.out.println("  phase " + ratioSummary(numpy2, two, 0) + ", span " + ratioSummary(numpy2, two, 1));
    }

    /**
     * Each of the two partitions the children get (stripe-aligned, from {@link Transforms#partitions}) by its own
     * thread, started and then released together; ms from the release to both done.
     */
    private static double negateInTwoThreads(final SharedDoubleArray a) throws InterruptedException
    {
        final List<Partition> parts = Transforms.partitions(a, 0, a.length(), 2);
        final CountDownLatch ready = new CountDownLatch(2);
        final CountDownLatch go = new CountDownLatch(1);
        final Thread[] threads = new Thread[2];
        for (int k = 0; k < 2; k++)
        {
            final long from = parts.get(k).from();
            final long to = parts.get(k).to();
            threads[k] = new Thread(() ->
            {
                ready.countDown();
                try
                {
                    go.await();
                }
                catch (final InterruptedException ex)
                {
                    Thread.currentThread().interrupt();
                    return;
                }
                a.negate(from, to);
            });
            threads[k].start();
        }
        ready.await();
        final long t0 = System.nanoTime();
        go.countDown();
        for (final Thread t : threads)
        {
            t.join();
        }
        return (System.nanoTime() - t0) / 1e6;
    }

    /**
     * Wait (at most two minutes) until no child class-data archive is being trained: a trainer JVM competes for
     * the CPU with what is measured.
     */
    private static void awaitArchiveTrainers() throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (System.nanoTime() - deadline < 0 && ProcessHandle.allProcesses().anyMatch(
            p -> p.info().commandLine().map(c -> ShmProcess.isChildCommandLine(c, true)).orElse(false)))
        {
            Thread.sleep(50);
        }
    }

    private static void add(
        final Map<String, TransformOptions> configs, final Map<String, Integer> workers, final String name,
        final TransformOptions options, final int count)
    {
        configs.put(name, options);
        workers.put(name, count);
    }

    private static <T> void addIf(final boolean keep, final List<T> list, final T value)
    {
        if (keep && null != value)
        {
            list.add(value);
        }
    }

    /**
     * numpy's time over shmkit's, round by round (above 1: shmkit faster): the median, and the interval between
     * the order statistics that cover the median with at least 95 % probability whatever the distribution
     * (from the binomial distribution of the number of ratios below the median).
     */
    private static String ratioSummary(final List<double[]> numpy, final List<TransformResult> shmkit, final int which)
    {
        final int n = Math.min(numpy.size(), shmkit.size());
        final double[] ratios = new double[n];
        for (int i = 0; i < n; i++)
        {
            final TransformResult r = shmkit.get(i);
            ratios[i] = numpy.get(i)[which] / ((which == 0 ? r.phaseNanos() : r.spanNanos()) / 1e6);
        }
        Arrays.sort(ratios);
        if (n == 0)
        {
            return "n/a";
        }
        // largest k with P(Binomial(n, 1/2) <= k - 1) <= 2.5 %: the interval [x(k), x(n - k + 1)], 1-based
        int k = 0;
        double below = 0;
        double term = Math.pow(0.5, n); // P(X = 0)
        while (k < n / 2 && below + term <= 0.025)
        {
            below += term;
            term = term * (n - k) / (k + 1);
            k++;
        }
        final String median = String.format("%.2fx", ratios[(n - 1) / 2]);
        return k == 0 ? median + " (too few rounds for an interval)" :
            String.format("%s [%.2f, %.2f]", median, ratios[k - 1], ratios[n - k]);
    }

    private static double median(final DoubleStream values)
    {
        final double[] v = values.sorted().toArray();
        return v.length == 0 ? Double.NaN : v[(v.length - 1) / 2];
    }

    /** The numpy server: one python3 process fed one command per run. */
    private static final class NumpyServer implements AutoCloseable
    {
        private final Process process;
        private final Path script;
        private final BufferedWriter in;
        private final BufferedReader out;

        private NumpyServer(final Process process, final Path script)
        {
            this.process = process;
            this.script = script;
            this.in = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
            this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        }

        /** A started server, or null (with the reason on standard error) when python3 with numpy is missing. */
        static NumpyServer start(final long n, final Path segment) throws IOException
        {
            final Path script = Files.createTempFile("shmkit-numpy-negate", ".py");
            Files.writeString(script, NUMPY, StandardCharsets.UTF_8);
            try
            {
                final Process p = new ProcessBuilder("python3", script.toString(), Long.toString(n), segment.toString())
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
                final NumpyServer server = new NumpyServer(p, script);
                // the script says "ready" once numpy is imported and the segment mapped; without numpy it exits
                if (!"ready".equals(server.out.readLine()))
                {
                    System.err.println("numpy reference not available: python3 ended before it was ready " +
                        "(is numpy installed?)");
                    p.destroyForcibly();
                    Files.deleteIfExists(script);
                    return null;
                }
                return server;
            }
            catch (final IOException ex)
            {
                System.err.println("numpy reference not available: " + ex.getMessage());
                Files.deleteIfExists(script);
                return null;
            }
        }

        /** Phase and span in ms, or null if the server has gone. */
        double[] run(final int processes)
        {
            final String line;
            try
            {
                in.write(processes + "\n");
                in.flush();
                line = out.readLine();
            }
            catch (final IOException ex)
            {
                return null;
            }
            if (null == line)
            {
                return null;
            }
            return Arrays.stream(line.trim().split(" ")).mapToDouble(Double::parseDouble).toArray();
        }

        @Override
        public void close() throws IOException, InterruptedException
        {
            try
            {
                in.write("q\n");
                in.flush();
            }
            catch (final IOException ignore)
            {
                // already gone
            }
            if (!process.waitFor(60, TimeUnit.SECONDS))
            {
                process.destroyForcibly();
            }
            Files.deleteIfExists(script);
        }
    }
}
