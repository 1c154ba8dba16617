package io.shmkit.bench.pool;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

import io.shmkit.SharedDoubleArray;
import io.shmkit.pool.Pool;
import io.shmkit.pool.PoolTransforms;
import io.shmkit.transform.TransformOptions;
import io.shmkit.transform.TransformResult;
import io.shmkit.transform.Transforms;

/**
 * shmkit's side of {@code bench/pool-compare.sh}: the figures of {@code bench/python/pool_reference.py}, measured
 * the same way, one JSON object per line (read by {@code bench/python/pool_table.py}).
 * <ul>
 * <li>{@code first}: creation to first result: {@code Pool.builder().workers(W).start()} (which returns once every
 * worker is started and warmed up) and one {@code applyAsync(Noop).get()} (median of {@code --rounds}; the pool's
 * close is not timed); {@code started}: the first result alone, on a pool just started;</li>
 * <li>{@code apply}: tiny-task throughput: {@code --count} {@code applyAsync(Noop)} on a pool that has answered
 * once, then every {@code get()}; {@code apply_cold} is the first such round (the parent's and the workers' code
 * paths not yet compiled), {@code apply} the median of the {@code --throughput-rounds} after it on the same
 * pool;</li>
 * <li>{@code map}: {@code map(Square, 0..--elements)} with the default chunk size: {@code map_cold} the first map
 * of the pool (the task class's first use), {@code map} the median of the {@code --throughput-rounds} after it on
 * the same pool;</li>
 * <li>{@code warm}: the first result from a warm idle pool: on that same pool, used with the task class, idle for
 * 100 ms (its workers and result thread parked), one {@code applyAsync(Noop).get()} (median of
 * {@code --rounds});</li>
 * <li>{@code negate}: the whole call of {@link PoolTransforms#negate} on a warm pool of W workers (set up with
 * {@link PoolTransforms#configure}, warmed up with {@link PoolTransforms#warmUp}) over an array of
 * {@code --negate} doubles created and filled before the timing: the first call on that fresh array, and a second
 * call (median of {@code --negate-rounds}, each on a new array), with the caller's part (the default) and with
 * the pool's workers alone ({@code callerPart(false)}, on another fresh array); beside it, {@link Transforms#negate}
 * with W fresh child JVMs on the first array;</li>
 * <li>{@code negate-pool}: the same without the fresh children (for {@code bench/negate-pairs.sh}, which alternates
 * one round of each side).</li>
 * </ul>
 *
 * <p>HOW TO RUN (after {@code mvn -B -q -pl core,bench -am package -DskipTests}):
 * <pre>
 * java --add-exports java.base/jdk.internal.misc=ALL-UNNAMED -cp bench/target/benchmarks.jar \
 *     io.shmkit.bench.pool.PoolHarness [--workers 1,2] [--rounds 15] [--count 20000] [--elements 1000000] \
 *     [--negate 100000000] [--negate-rounds 5] [--throughput-rounds 15] [--tests first,apply,map,warm,negate]
 *     (negate-pool: negate without the fresh children)
 * </pre>
 * or {@code bench/pool-compare.sh} for both sides and the tables. Expected: creation to first result is the JVMs'
 * start (about Python's spawn, slower than its fork); a warm idle pool answers a task in well under a millisecond;
 * the second negate call costs about its phase.
 *
 * <p><b>Note:</b> a main program; it unlinks every segment it creates and closes every pool, also when a run fails.
 */
public final class PoolHarness
{
    /** How long a pool idles before the {@code warm} test's task: well past every idle back-off. */
    private static final long IDLE_MS = 100;

    private PoolHarness()
    {
    }

    /**
     * Run the harness.
     *
     * @param args {@code --name value} pairs, as the class comment lists.
     * @throws Exception if a pool or a transform fails.
     */
    public static void main(final String[] args) throws Exception
    {
        final Args a = Args.parse(args);
        for (final int w : a.workers)
        {
            if (a.tests.contains("first"))
            {
                firstResult(w, a.rounds);
            }
            if (a.tests.contains("apply") || a.tests.contains("map") || a.tests.contains("warm"))
            {
                throughput(w, a);
            }
        }
        if (a.tests.contains("negate") || a.tests.contains("negate-pool"))
        {
            for (final int w : a.workers)
            {
                negate(w, a.negate, a.negateRounds, a.tests.contains("negate"));
            }
        }
    }

    private static void firstResult(final int workers, final int rounds) throws Exception
    {
        final List<Double> whole = new ArrayList<>();
        final List<Double> started = new ArrayList<>();
        for (int r = 0; r < rounds; r++)
        {
            final long t0 = System.nanoTime();
            try (Pool pool = Pool.builder().workers(workers).start())
            {
                final long t1 = System.nanoTime();
                pool.applyAsync(BenchTasks.Noop.class, 1L).get();
                final long t2 = System.nanoTime();
                whole.add((t2 - t0) / 1e6);
                started.add((t2 - t1) / 1e6);
            }
        }
        emit("shmkit Pool", "first", workers, "ms", median(whole));
        emit("shmkit Pool", "started", workers, "ms", median(started));
    }

    private static void throughput(final int workers, final Args a) throws Exception
    {
        try (Pool pool = Pool.builder().workers(workers).start())
        {
            pool.applyAsync(BenchTasks.Noop.class, 0L).get();
            if (a.tests.contains("apply"))
            {
                final List<Double> rates = new ArrayList<>();
                for (int r = 0; r <= a.throughputRounds; r++)
                {
                    rates.add(applyRate(pool, a.count));
                }
                emit("shmkit Pool", "apply_cold", workers, "per_s", rates.get(0));
                emit("shmkit Pool", "apply", workers, "per_s", median(rates.subList(1, rates.size())));
            }
            if (a.tests.contains("map"))
            {
                final List<Long> xs = new ArrayList<>(a.elements);
                for (long i = 0; i < a.elements; i++)
                {
                    xs.add(i);
                }
                final List<Double> rates = new ArrayList<>();
                for (int r = 0; r <= a.throughputRounds; r++)
                {
                    rates.add(mapRate(pool, xs));
                }
                emit("shmkit Pool", "map_cold", workers, "per_s", rates.get(0));
                emit("shmkit Pool", "map", workers, "per_s", median(rates.subList(1, rates.size())));
            }
            if (a.tests.contains("warm"))
            {
                final List<Double> times = new ArrayList<>();
                for (int r = 0; r < a.rounds; r++)
                {
                    Thread.sleep(IDLE_MS); // every worker and the result thread reach their longest park
                    final long t0 = System.nanoTime();
                    pool.applyAsync(BenchTasks.Noop.class, 1L).get();
                    times.add((System.nanoTime() - t0) / 1e6);
                }
                emit("shmkit Pool", "warm", workers, "ms", median(times));
            }
        }
    }

    /** {@code count} {@code applyAsync(Noop)}, then every {@code get()}: tasks per second. */
    private static double applyRate(final Pool pool, final int count) throws Exception
    {
        final List<CompletableFuture<Long>> futures = new ArrayList<>(count);
        final long t0 = System.nanoTime();
        for (long i = 0; i < count; i++)
        {
            futures.add(pool.applyAsync(BenchTasks.Noop.class, i));
        }
        for (final CompletableFuture<Long> f : futures)
        {
            f.get();
        }
        return count / ((System.nanoTime() - t0) / 1e9);
    }

    /** One {@code map(Square, xs)} with the default chunk size, checked: elements per second. */
    private static double mapRate(final Pool pool, final List<Long> xs) throws Exception
    {
        final long t0 = System.nanoTime();
        final List<Long> out = pool.map(BenchTasks.Square.class, xs);
        final double perS = xs.size() / ((System.nanoTime() - t0) / 1e9);
        final long last = xs.size() - 1L;
        if (out.size() != xs.size() || out.get(xs.size() - 1) != last * last)
        {
            throw new IllegalStateException("map returned a wrong result");
        }
        return perS;
    }

    private static void negate(final int workers, final long n, final int rounds, final boolean withFresh)
        throws Exception
    {
        final List<double[]> first = new ArrayList<>();
        final List<double[]> second = new ArrayList<>();
        final List<double[]> aloneFirst = new ArrayList<>();
        final List<double[]> aloneSecond = new ArrayList<>();
        final List<double[]> fresh = new ArrayList<>();
        final TransformOptions freshOptions = TransformOptions.defaults().withHeap("64m");
        try (Pool pool = PoolTransforms.configure(Pool.builder().workers(workers)).start())
        {
            final PoolTransforms transforms = PoolTransforms.on(pool);
            final PoolTransforms alone = transforms.callerPart(false);
            transforms.warmUp('d'); // a warm pool: the transform's hot path compiled before the first timed call
            for (int r = 0; r < rounds; r++)
            {
                // each round: the caller's part (the default) and the workers alone, each on a fresh array
                negateTwice(n, transforms, first, second, withFresh ? a -> fresh.add(timed(() ->
                    Transforms.negate(a, workers, freshOptions))) : null);
                negateTwice(n, alone, aloneFirst, aloneSecond, null);
            }
        }
        emitNegate("shmkit warm pool", workers, "first call, fresh array", first);
        emitNegate("shmkit warm pool", workers, "second call", second);
        emitNegate("shmkit warm pool, workers alone", workers, "first call, fresh array", aloneFirst);
        emitNegate("shmkit warm pool, workers alone", workers, "second call", aloneSecond);
        if (withFresh)
        {
            emitNegate("shmkit fresh child JVMs", workers, "every call", fresh);
        }
    }

    /** On a fresh array, filled here: a first and a second negate, then {@code more} (if any); checks the result. */
    private static void negateTwice(
        final long n, final PoolTransforms transforms, final List<double[]> first, final List<double[]> second,
        final ArrayCall more) throws Exception
    {
        final String name = "shmkit-bench-pool-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
        try (SharedDoubleArray array = SharedDoubleArray.create(name, 'd', n))
        {
            try
            {
                array.fill(1.0);
                first.add(timed(() -> transforms.negate(array)));
                second.add(timed(() -> transforms.negate(array)));
                if (null != more)
                {
                    more.run(array);
                }
                final double expected = null != more ? -1.0 : 1.0;
                if (array.get(0) != expected || array.get(n - 1) != expected)
                {
                    throw new IllegalStateException("the negations did not negate");
                }
            }
            finally
            {
                array.unlink();
            }
        }
    }

    /** The whole call as the caller waits for it, and the phase, in ms. */
    private static double[] timed(final Call call) throws Exception
    {
        final long t0 = System.nanoTime();
        final TransformResult r = call.run();
        return new double[] {(System.nanoTime() - t0) / 1e6, r.phaseNanos() / 1e6};
    }

    private static void emit(final String impl, final String test, final int workers, final String key,
        final double value)
    {
        System.out.printf(Locale.ROOT, "{\"impl\": \"%s\", \"test\": \"%s\", \"workers\": %d, \"%s\": %.6f}%n", impl,
            test, workers, key, value);
    }

    private static void emitNegate(final String impl, final int workers, final String call, final List<double[]> rs)
    {
        System.out.printf(Locale.ROOT, "{\"impl\": \"%s\", \"test\": \"negate\", \"workers\": %d, \"call\": \"%s\", " +
            "\"whole_ms\": %.3f, \"phase_ms\": %.3f}%n", impl, workers, call,
            median(rs.stream().map(v -> v[0]).toList()), median(rs.stream().map(v -> v[1]).toList()));
    }

    private static double median(final List<Double> values)
    {
        final double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return v.length == 0 ? Double.NaN : v[(v.length - 1) / 2];
    }

    /** One timed transform. */
    @FunctionalInterface
    private interface Call
    {
        TransformResult run() throws Exception;
    }

    /** A timed call on the round's array. */
    private interface ArrayCall
    {
        void run(SharedDoubleArray array) throws Exception;
    }

    /** The command line, with the Python reference's names and defaults. */
    private static final class Args
    {
        List<Integer> workers = List.of(1, 2);
        int rounds = 15;
        int count = 20_000;
        int elements = 1_000_000;
        long negate = 100_000_000L;
        int negateRounds = 5;
        int throughputRounds = 15;
        List<String> tests = List.of("first", "apply", "map", "warm", "negate");

        static Args parse(final String[] args)
        {
            final Args a = new Args();
            for (int i = 0; i + 1 < args.length; i += 2)
            {
                final String v = args[i + 1];
                switch (args[i])
                {
                    case "--workers" -> a.workers = List.of(v.split(",")).stream().map(Integer::parseInt).toList();
                    case "--rounds" -> a.rounds = Integer.parseInt(v);
                    case "--count" -> a.count = Integer.parseInt(v);
                    case "--elements" -> a.elements = Integer.parseInt(v);
                    case "--negate" -> a.negate = Long.parseLong(v);
                    case "--negate-rounds" -> a.negateRounds = Integer.parseInt(v);
                    case "--throughput-rounds" -> a.throughputRounds = Integer.parseInt(v);
                    case "--tests" -> a.tests = List.of(v.split(","));
                    default -> throw new IllegalArgumentException("unknown option " + args[i] + " (see the class " +
                        "comment of " + PoolHarness.class.getName() + ")");
                }
            }
            if (args.length % 2 != 0)
            {
                throw new IllegalArgumentException("options come in pairs: --name value");
            }
            return a;
        }
    }
}
