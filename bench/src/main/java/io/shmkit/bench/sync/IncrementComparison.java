package io.shmkit.bench.sync;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code SyncHarness compare N [ROUNDS [SCRIPT]]}: lock hand-off between two processes incrementing a shared
 * counter, shmkit against Python, in interleaved rounds (shmkit, then Python, ROUNDS times) so that a machine whose
 * load changes treats both alike; medians, and each shmkit lock type against its Python counterpart. Python runs
 * {@code SCRIPT increment N/10} (default {@code bench/python/sync_reference.py}, from the repository root) and
 * gives both of its baselines: a separate {@code multiprocessing.Lock} (and {@code RLock}, {@code Semaphore(1)}),
 * and the {@code Value}'s own {@code get_lock()}, an {@code RLock}, which is what a Python user writes and what
 * the target (50x) is stated against.
 */
final class IncrementComparison
{
    private static final Pattern LINE =
        Pattern.compile("increment\\s+(\\S+)\\s+2 processes\\s+([0-9.]+) M incr/s\\s+\\(exact\\)");
    /** shmkit kind, Python kind, for the ratios. */
    private static final String[][] PAIRS = {
        {"lock", "Lock"},
        {"lock", "Value.get_lock()"},
        {"rlock", "RLock"},
        {"rlock", "Value.get_lock()"},
        {"semaphore", "Semaphore"},
    };

    private IncrementComparison()
    {
    }

    static void run(final long n, final int rounds, final String script) throws Exception
    {
        final Map<String, List<Double>> rates = new LinkedHashMap<>();
        for (int r = 0; r < rounds; r++)
        {
            for (final String kind : List.of("lock", "rlock", "semaphore"))
            {
                rates.computeIfAbsent(kind, k -> new ArrayList<>()).add(SyncHarness.incrementRate(kind, n));
            }
            python(script, Math.max(1, n / 10), rates);
        }
        System.out.printf(Locale.ROOT, "compare    medians of %d interleaved rounds (M increments/s, 2 processes)%n",
            rounds);
        for (final String[] pair : PAIRS)
        {
            final double shm = median(rates.get(pair[0]));
            final double py = median(rates.get("python " + pair[1]));
            System.out.printf(Locale.ROOT, "compare    shmkit %-10s %7.2f  vs  Python %-17s %5.2f  = %6.1fx%n",
                pair[0], shm, pair[1], py, shm / py);
        }
    }

    private static void python(final String script, final long n, final Map<String, List<Double>> rates)
        throws Exception
    {
        final Process p = new ProcessBuilder("python3", script, "increment", Long.toString(n))
            .redirectErrorStream(true).start();
        int found = 0;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)))
        {
            for (String line = in.readLine(); line != null; line = in.readLine())
            {
                System.out.println("python     " + line);
                final Matcher m = LINE.matcher(line);
                if (m.find())
                {
                    rates.computeIfAbsent("python " + m.group(1), k -> new ArrayList<>())
                        .add(Double.parseDouble(m.group(2)));
                    found++;
                }
            }
        }
        if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0 || found < PAIRS.length - 1)
        {
            p.destroyForcibly();
            throw new IllegalStateException(script + " failed or printed " + found + " exact increment lines");
        }
    }

    private static double median(final List<Double> xs)
    {
        if (xs == null || xs.isEmpty())
        {
            return Double.NaN;
        }
        final double[] s = xs.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
