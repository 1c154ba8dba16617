package io.shmkit.bench.startup;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

import io.shmkit.SharedLong;
import io.shmkit.process.ShmProcess;
import io.shmkit.segment.ShmOptions;

/**
 * Child JVM start-up: the time from spawning a child to the parent seeing the child's first write to a mapped
 * segment, for the JDK's start-up options and for {@link ShmProcess} itself. Configurations run round-robin
 * (run 1 of every configuration, then run 2, ...) so that load from other work on the machine spreads evenly.
 *
 * <p>HOW TO RUN (from the repository root, after {@code mvn -B -q -pl core,bench -am package -DskipTests}):
 * <pre>
 * java --add-exports java.base/jdk.internal.misc=ALL-UNNAMED -cp bench/target/benchmarks.jar \
 *     io.shmkit.bench.startup.ChildStartupHarness [runs=30] [jdk25-home, default $JAVA25_HOME]
 * </pre>
 * Prints a Markdown table: median, p90 and minimum in milliseconds per configuration.
 *
 * <p><b>Note:</b> a main program, single-threaded; every child it starts is reaped and every segment it creates
 * removed before the next run.
 */
public final class ChildStartupHarness
{
    private static final String ADD_EXPORTS = "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED";
    private static final String C1 = "-XX:TieredStopAtLevel=1";
    private static final String SERIAL = "-XX:+UseSerialGC";
    private static final String NO_PERF = "-XX:-UsePerfData";
    private static final String NATIVE_REFLECT = "-Djdk.reflect.useNativeAccessorOnly=true";
    private static final long LIMIT_NS = TimeUnit.SECONDS.toNanos(60);

    private ChildStartupHarness()
    {
    }

    /** One way of starting the child. */
    private interface Spawner
    {
        Child start(SharedLong flag) throws IOException;
    }

    /** A started child, to be reaped after the measurement. */
    private interface Child
    {
        void awaitEnd() throws Exception;
    }

    /**
     * Run the harness.
     *
     * @param args optional: number of runs per configuration (default 30), the JDK 25 home.
     * @throws Exception if a child cannot be started or does not write in time.
     */
    public static void main(final String[] args) throws Exception
    {
        final int runs = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        final Path jdk25 = Path.of(args.length > 1 ? args[1] : System.getenv().getOrDefault("JAVA25_HOME", "-"));
        final String cp = System.getProperty("java.class.path");
        final Path java17 = Path.of(System.getProperty("java.home"), "bin", "java");
        final Path java25 = jdk25.resolve("bin").resolve("java");
        final Path work = Files.createTempDirectory("shmkit-startup");
        final String probe = StartupProbe.class.getName();

        final Path jsa = work.resolve("probe17.jsa");
        final Path jsaFast = work.resolve("probe17-fast.jsa");
        final Path aot = work.resolve("probe25.aot");
        final Path aotFast = work.resolve("probe25-fast.aot");
        final Map<String, Spawner> configs = new LinkedHashMap<>();
        configs.put("JDK 17 plain", plain(java17, cp, probe));
        configs.put("JDK 17 -Xshare:off", plain(java17, cp, probe, "-Xshare:off"));
        configs.put("JDK 17 " + C1, plain(java17, cp, probe, C1));
        configs.put("JDK 17 " + SERIAL, plain(java17, cp, probe, SERIAL));
        configs.put("JDK 17 " + NO_PERF, plain(java17, cp, probe, NO_PERF));
        configs.put("JDK 17 AppCDS", plain(java17, cp, probe, "-XX:SharedArchiveFile=" + jsa));
        configs.put("JDK 17 AppCDS + C1 + SerialGC + -UsePerfData",
            plain(java17, cp, probe, "-XX:SharedArchiveFile=" + jsaFast, C1, SERIAL, NO_PERF));
        final boolean has25 = Files.isExecutable(java25);
        if (has25)
        {
            configs.put("JDK 25 plain", plain(java25, cp, probe));
            configs.put("JDK 25 AOT cache", plain(java25, cp, probe, "-XX:AOTCache=" + aot));
            configs.put("JDK 25 AOT cache + native reflection + C1 + SerialGC", plain(java25, cp, probe,
                "-XX:AOTCache=" + aotFast, NATIVE_REFLECT, C1, SERIAL));
            configs.put("JDK 25 AOT cache + native reflection + C1 + SerialGC + -UsePerfData", plain(java25, cp,
                probe, "-XX:AOTCache=" + aotFast, NATIVE_REFLECT, C1, SERIAL, NO_PERF));
        }
        final Path cache = work.resolve("library-archives");
        configs.put("ShmProcess JDK 17 (archive)", library(java17, cache, false, false));
        configs.put("ShmProcess JDK 17 (archive, fastStart)", library(java17, cache, true, false));
        configs.put("ShmProcess JDK 17 (no archive)", library(java17, cache, false, true));
        if (has25)
        {
            configs.put("ShmProcess JDK 25 (archive)", library(java25, cache, false, false));
            configs.put("ShmProcess JDK 25 (archive, fastStart)", library(java25, cache, true, false));
        }

        final String flagName = "shmkit-startup-" + ProcessHandle.current().pid();
        try (SharedLong flag = SharedLong.create(flagName, 'q', 0, ShmOptions.defaults().withLock(false)))
        {
            try
            {
                // Archives: one dumping run each (not timed), then one warm-up run of every configuration.
                train(List.of(java17.toString(), ADD_EXPORTS, "-XX:ArchiveClassesAtExit=" + jsa, "-cp", cp, probe,
                    flagName), flag);
                train(List.of(java17.toString(), ADD_EXPORTS, "-XX:ArchiveClassesAtExit=" + jsaFast, C1, SERIAL,
                    NO_PERF, "-cp", cp, probe, flagName), flag);
                if (has25)
                {
                    train(List.of(java25.toString(), ADD_EXPORTS, "-XX:AOTCacheOutput=" + aot, "-cp", cp, probe,
                        flagName), flag);
                    train(List.of(java25.toString(), ADD_EXPORTS, "-XX:AOTCacheOutput=" + aotFast, NATIVE_REFLECT,
                        C1, SERIAL, "-cp", cp, probe, flagName), flag);
                }
                for (final Spawner s : configs.values())
                {
                    measure(s, flag);
                }
                awaitLibraryArchives(cache, has25 ? 4 : 2);
                for (final Spawner s : configs.values())
                {
                    measure(s, flag);
                }

                final Map<String, double[]> results = new LinkedHashMap<>();
                for (final String name : configs.keySet())
                {
                    results.put(name, new double[runs]);
                }
                for (int r = 0; r < runs; r++)
                {
                    for (final Map.Entry<String, Spawner> e : configs.entrySet())
                    {
                        results.get(e.getKey())[r] = measure(e.getValue(), flag) / 1e6;
                    }
                }
                System.out.println("| configuration | median ms | p90 ms | min ms |");
                System.out.println("|---|---|---|---|");
                for (final Map.Entry<String, double[]> e : results.entrySet())
                {
                    final double[] v = e.getValue().clone();
                    Arrays.sort(v);
                    System.out.printf("| %s | %.1f | %.1f | %.1f |%n", e.getKey(), percentile(v, 50), percentile(v, 90),
                        v[0]);
                }
            }
            finally
            {
                flag.unlink();
                deleteTree(work);
            }
        }
    }

    private static Spawner plain(final Path java, final String cp, final String probe, final String... options)
    {
        return flag ->
        {
            final List<String> cmd = new ArrayList<>();
            cmd.add(java.toString());
            cmd.add(ADD_EXPORTS);
            cmd.addAll(Arrays.asList(options));
            cmd.add("-cp");
            cmd.add(cp);
            cmd.add(probe);
            cmd.add(flag.name());
            final Process p = new ProcessBuilder(cmd).inheritIO().start();
            return () -> p.waitFor(60, TimeUnit.SECONDS);
        };
    }

    private static Spawner library(final Path java, final Path cache, final boolean fast, final boolean noArchive)
    {
        return flag ->
        {
            final ShmProcess p = ShmProcess.builder().task(StartupProbe.class).share(flag).java(java)
                .archiveDirectory(cache).classDataArchive(!noArchive).fastStart(fast).start();
            return () -> p.joinAndCheck(Duration.ofSeconds(60));
        };
    }

    private static void train(final List<String> cmd, final SharedLong flag) throws Exception
    {
        final Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0)
        {
            p.destroyForcibly();
            throw new IllegalStateException("archive run failed: " + cmd);
        }
        flag.set(0);
    }

    private static void awaitLibraryArchives(final Path cache, final int expected) throws Exception
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (true)
        {
            final long n;
            try (Stream<Path> s = Files.list(cache))
            {
                n = s.filter(p -> p.toString().endsWith(".jsa") || p.toString().endsWith(".aot")).count();
            }
            if (n >= expected)
            {
                return;
            }
            if (System.nanoTime() - deadline > 0)
            {
                System.err.println("warning: only " + n + " of " + expected + " library archives were trained");
                return;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
    }

    /** Spawn, wait (parking 20 µs at a time) for the flag, return the nanoseconds; then reap the child. */
    private static long measure(final Spawner spawner, final SharedLong flag) throws Exception
    {
        flag.set(0);
        final long t0 = System.nanoTime();
        final Child child = spawner.start(flag);
        long t1;
        while (flag.getAcquire() == 0)
        {
            t1 = System.nanoTime();
            if (t1 - t0 > LIMIT_NS)
            {
                throw new IllegalStateException("child did not write within 60 s");
            }
            LockSupport.parkNanos(20_000);
        }
        t1 = System.nanoTime();
        child.awaitEnd();
        return t1 - t0;
    }

    private static double percentile(final double[] sorted, final int p)
    {
        final int i = (int)Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    private static void deleteTree(final Path dir) throws IOException
    {
        try (Stream<Path> s = Files.walk(dir))
        {
            s.sorted((a, b) -> b.getNameCount() - a.getNameCount()).map(Path::toFile).forEach(File::delete);
        }
    }
}
