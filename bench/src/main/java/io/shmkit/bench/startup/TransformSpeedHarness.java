package io.shmkit.bench.startup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.shmkit.SharedDoubleArray;
import io.shmkit.process.TransformOptions;
import io.shmkit.process.TransformResult;
import io.shmkit.process.Transforms;

/**
 * In-place negation of a large {@code 'd'} array by shmkit's child processes, side by side with numpy's
 * {@code np.negative(x, out=x)} on a {@code multiprocessing.shared_memory} block (one process, and two processes
 * each negating half). The transform phase is timed inside the children: from the shared start flag to the last
 * child done, with the page tables of each child's partition already populated on both sides (shmkit's children
 * prefault, the numpy children touch one element per page before the barrier); the whole call, including
 * starting the child JVMs, is reported separately. Configurations run round-robin.
 *
 * <p>HOW TO RUN (from the repository root, after {@code mvn -B -q -pl core,bench -am package -DskipTests};
 * needs {@code python3} with numpy for the reference):
 * <pre>
 * java --add-exports java.base/jdk.internal.misc=ALL-UNNAMED -cp bench/target/benchmarks.jar \
 *     io.shmkit.bench.startup.TransformSpeedHarness [elements=100000000] [runs=7] [jdk25-home]
 * </pre>
 */
public final class TransformSpeedHarness
{
    private static final String NUMPY = String.join("\n",
        "import sys, time",
        "import numpy as np",
        "from multiprocessing import shared_memory, Process, Barrier, Array",
        "n, runs = int(sys.argv[1]), int(sys.argv[2])",
        "shm = shared_memory.SharedMemory(create=True, size=n * 8)",
        "x = np.ndarray((n,), dtype=np.float64, buffer=shm.buf)",
        "x[:] = 1.0",
        "def work(name, lo, hi, barrier, times, k):",
        "    s = shared_memory.SharedMemory(name=name)",
        "    y = np.ndarray((n,), dtype=np.float64, buffer=s.buf)",
        "    float(y[lo:hi:512].sum())",
        "    barrier.wait()",
        "    t0 = time.time_ns()",
        "    np.negative(y[lo:hi], out=y[lo:hi])",
        "    times[2 * k], times[2 * k + 1] = t0, time.time_ns()",
        "    del y",
        "    s.close()",
        "one, two = [], []",
        "for r in range(runs):",
        "    t = time.perf_counter(); np.negative(x, out=x); one.append(time.perf_counter() - t)",
        "    b = Barrier(3); times = Array('q', 4, lock=False)",
        "    ps = [Process(target=work, args=(shm.name, k * n // 2, (k + 1) * n // 2, b, times, k)) for k in range(2)]",
        "    for p in ps: p.start()",
        "    b.wait()",
        "    for p in ps: p.join()",
        "    two.append((max(times[1], times[3]) - min(times[0], times[2])) / 1e9)",
        "del x",
        "shm.close(); shm.unlink()",
        "print(' '.join('%.2f' % (v * 1e3) for v in one))",
        "print(' '.join('%.2f' % (v * 1e3) for v in two))",
        "");

    private TransformSpeedHarness()
    {
    }

    /**
     * Run the harness.
     *
     * @param args optional: number of elements (default 10<sup>8</sup>), runs per configuration (default 7), the home
     *             of a JDK 25 for children on JDK 25.
     * @throws Exception if a transform fails.
     */
    public static void main(final String[] args) throws Exception
    {
        final long n = args.length > 0 ? Long.parseLong(args[0]) : 100_000_000L;
        final int runs = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        final Map<String, TransformOptions> configs = new LinkedHashMap<>();
        final TransformOptions base = TransformOptions.defaults().withHeap("64m");
        configs.put("shmkit, 1 child", base);
        configs.put("shmkit, 2 children", base);
        configs.put("shmkit, 2 children, fastStart (C1 only)", base.withFastStart(true));
        configs.put("shmkit, 2 children, SerialGC only", base.withJvmOptions(List.of("-XX:+UseSerialGC")));
        configs.put("shmkit, 2 children, no prefault", base.withPrefault(false));
        final Path jdk25 = Path.of(args.length > 2 ? args[2] :
            "/usr/lib/jvm/temurin-25-jdk-amd64", "bin", "java");
        final boolean has25 = Files.isExecutable(jdk25);
        if (has25)
        {
            configs.put("shmkit, 2 children on JDK 25", base.withJava(jdk25));
        }
        final int[] workers = {1, 2, 2, 2, 2, 2};

        final String numpyBefore = numpy(n, runs);
        final Map<String, List<TransformResult>> results = new LinkedHashMap<>();
        final List<Double> inProcess = new ArrayList<>();
        try (SharedDoubleArray a = SharedDoubleArray.create("shmkit-xfspeed-" + ProcessHandle.current().pid(), 'd', n))
        {
            try
            {
                a.fill(1.0);
                for (int w = 0; w < 2; w++)
                {
                    int i = 0;
                    for (final TransformOptions o : configs.values())
                    {
                        Transforms.negate(a, workers[i++], o); // warm-up: archives, page cache
                    }
                    a.negate();
                }
                for (final String name : configs.keySet())
                {
                    results.put(name, new ArrayList<>());
                }
                for (int r = 0; r < runs; r++)
                {
                    int i = 0;
                    for (final Map.Entry<String, TransformOptions> e : configs.entrySet())
                    {
                        results.get(e.getKey()).add(Transforms.negate(a, workers[i++], e.getValue()));
                    }
                    final long t0 = System.nanoTime();
                    a.negate();
                    inProcess.add((System.nanoTime() - t0) / 1e6);
                }
            }
            finally
            {
                a.unlink();
            }
        }
        final String numpyAfter = numpy(n, runs);

        System.out.printf("%d doubles (%d MB), %d runs per configuration, medians in ms%n%n", n, n * 8 / 1_000_000,
            runs);
        System.out.println("| configuration | transform phase | whole call | children's start-up |");
        System.out.println("|---|---|---|---|");
        for (final Map.Entry<String, List<TransformResult>> e : results.entrySet())
        {
            final List<TransformResult> rs = e.getValue();
            System.out.printf("| %s | %.1f | %.1f | %.1f |%n", e.getKey(),
                median(rs.stream().mapToDouble(r -> r.phaseNanos() / 1e6).toArray()),
                median(rs.stream().mapToDouble(r -> r.wholeNanos() / 1e6).toArray()),
                median(rs.stream().mapToDouble(r -> r.startupNanos() / 1e6).toArray()));
        }
        System.out.printf("| core SharedDoubleArray.negate() in this process | %.1f | | |%n",
            median(inProcess.stream().mapToDouble(Double::doubleValue).toArray()));
        printNumpy("before", numpyBefore);
        printNumpy("after", numpyAfter);
    }

    private static void printNumpy(final String when, final String out)
    {
        if (null == out)
        {
            System.out.println("| numpy (" + when + ") | not available | | |");
            return;
        }
        final String[] lines = out.strip().split("\n");
        System.out.printf("| numpy np.negative, 1 process (%s) | %.1f | | |%n", when, median(parse(lines[0])));
        System.out.printf("| numpy np.negative, 2 processes (%s) | %.1f | | |%n", when, median(parse(lines[1])));
    }

    private static double[] parse(final String line)
    {
        return Arrays.stream(line.trim().split(" ")).mapToDouble(Double::parseDouble).toArray();
    }

    private static String numpy(final long n, final int runs) throws IOException, InterruptedException
    {
        final Path script = Files.createTempFile("shmkit-numpy-negate", ".py");
        try
        {
            Files.writeString(script, NUMPY, StandardCharsets.UTF_8);
            final Process p = new ProcessBuilder("python3", script.toString(), Long.toString(n), Integer.toString(runs))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            final String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0)
            {
                p.destroyForcibly();
                return null;
            }
            return out;
        }
        catch (final IOException ex)
        {
            return null;
        }
        finally
        {
            Files.deleteIfExists(script);
        }
    }

    private static double median(final double[] values)
    {
        final double[] v = values.clone();
        Arrays.sort(v);
        return v.length == 0 ? Double.NaN : v[(v.length - 1) / 2];
    }
}
