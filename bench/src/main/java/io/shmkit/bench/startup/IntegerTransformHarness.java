package io.shmkit.bench.startup;

import java.util.Arrays;
import java.util.Locale;

import io.shmkit.SharedLongArray;
import io.shmkit.segment.ShmOptions;
import io.shmkit.transform.TransformOp;
import io.shmkit.transform.TransformOptions;
import io.shmkit.transform.TransformResult;
import io.shmkit.transform.Transforms;

/**
 * The transform phase of a built-in operation on integer arrays: {@code add(1)} and {@code add(-1)} in turn over
 * {@code n} elements of each typecode given, by 2 children; the median and minimum phase of the rounds, in ms.
 * What a transform child runs there is {@code SharedLongArray.transform} with the operation's operator.
 *
 * <p>HOW TO RUN (from the repository root, after {@code mvn -B -q -pl core,bench -am package -DskipTests}):
 * <pre>
 * java --add-exports java.base/jdk.internal.misc=ALL-UNNAMED -cp bench/target/benchmarks.jar \
 *     io.shmkit.bench.startup.IntegerTransformHarness [elements=100000000] [rounds=7] [typecodes=iq]
 * </pre>
 *
 * <p><b>Note:</b> a main program, single-threaded; it creates one segment per typecode and removes it.
 */
public final class IntegerTransformHarness
{
    private IntegerTransformHarness()
    {
    }

    /**
     * Run the harness.
     *
     * @param args optional: elements, rounds, typecodes.
     * @throws InterruptedException if interrupted while a transform runs.
     */
    public static void main(final String[] args) throws InterruptedException
    {
        final long n = args.length > 0 ? Long.parseLong(args[0]) : 100_000_000L;
        final int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        final String types = args.length > 2 ? args[2] : "iq";
        final TransformOptions options = TransformOptions.defaults().withHeap("64m");
        for (final char t : types.toCharArray())
        {
            final String name = "shmkit-bench-intx-" + t + "-" + ProcessHandle.current().pid();
            try (SharedLongArray a = SharedLongArray.create(name, t, n, ShmOptions.defaults()))
            {
                try
                {
                    a.fill(1);
                    final double[] phase = new double[rounds];
                    for (int r = 0; r < rounds; r++)
                    {
                        final TransformResult res = Transforms.transform(
                            a, TransformOp.add((r & 1) == 0 ? 1 : -1), 2, options);
                        phase[r] = res.phaseNanos() / 1e6;
                    }
                    Arrays.sort(phase);
                    System.out.printf(Locale.ROOT,
                        "'%c' add, %d elements, 2 children: phase median %.1f ms, min %.1f%n", t, n,
                        phase[rounds / 2], phase[0]);
                }
                finally
                {
                    a.unlink();
                }
            }
        }
    }
}
