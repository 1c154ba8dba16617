package io.shmkit.it.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import io.shmkit.SharedArray;
import io.shmkit.SharedDoubleArray;
import io.shmkit.SharedLong;
import io.shmkit.SharedLongArray;
import io.shmkit.it.Await;
import io.shmkit.it.TransformChecks;
import io.shmkit.it.process.Children;
import io.shmkit.pool.Pool;
import io.shmkit.pool.PoolTransforms;
import io.shmkit.segment.ShmOptions;
import io.shmkit.test.ShmLeakCheck;
import io.shmkit.transform.ElementRange;
import io.shmkit.transform.TransformException;
import io.shmkit.transform.TransformHandle;
import io.shmkit.transform.TransformOp;
import io.shmkit.transform.TransformOptions;
import io.shmkit.transform.TransformResult;

/**
 * Transforms on a pool's warm workers ({@link PoolTransforms}), with real worker JVMs: results equal a plain-Java
 * computation, a second transform of the same array maps nothing again, and a pool worker killed mid-transform is
 * reported exactly as a fresh child is, and replaced.
 */
@Timeout(240)
@ExtendWith(ShmLeakCheck.class)
class PoolTransformsTest
{
    private static final ShmOptions STRIPED = ShmOptions.defaults().withStripes(16);
    private static final TransformOptions OPTIONS = TransformOptions.defaults().withTimeout(Duration.ofSeconds(120));

    private final List<AutoCloseable> toClose = new ArrayList<>();
    private final List<SharedArray> arrays = new ArrayList<>();

    @AfterEach
    void cleanUp() throws Exception
    {
        for (int i = toClose.size() - 1; i >= 0; i--)
        {
            toClose.get(i).close();
        }
        for (final SharedArray a : arrays)
        {
            a.unlink();
            a.close();
        }
        assertEquals(List.of(), controlSegments(), "control segments left behind");
        Await.until(60, () -> ProcessHandle.current().descendants().noneMatch(ProcessHandle::isAlive),
            () -> "the pool's workers to have ended");
    }

    private Pool pool(final String... jvmOptions) throws Exception
    {
        final Pool pool = PoolTransforms.configure(Pool.builder().workers(2)).heap("64m").jvmOptions(jvmOptions)
            .start();
        toClose.add(pool);
        return pool;
    }

    /** A {@code 'q'} value at 0, found by {@link Children.BlockingNegate} through its JVM option. */
    private SharedLong flag()
    {
        final SharedLong flag = SharedLong.create(ShmLeakCheck.name("pxf-flag"), 'q', 0);
        toClose.add(() ->
        {
            flag.unlink();
            flag.close();
        });
        return flag;
    }

    /** A striped {@code 'd'} array of {@code n} elements holding {@code 0, 1, 2, ...}. */
    private SharedDoubleArray indexed(final String label, final int n)
    {
        final SharedDoubleArray a = track(SharedDoubleArray.create(ShmLeakCheck.name(label), 'd', n, STRIPED));
        for (int i = 0; i < n; i++)
        {
            a.set(i, i);
        }
        return a;
    }

    private <T extends SharedArray> T track(final T array)
    {
        arrays.add(array);
        return array;
    }

    @Test
    void shouldTransformOnWarmWorkersAsAPlainJavaLoopDoesAndKeepTheArrayMapped() throws Exception
    {
        final Pool pool = pool();
        // the pool's workers alone: each maps the array (with the caller's part, not every worker takes a part)
        final PoolTransforms transforms = PoolTransforms.on(pool).callerPart(false);
        final int n = 300_000;
        final SharedDoubleArray d = track(SharedDoubleArray.create(ShmLeakCheck.name("pxf-d"), 'd', n, STRIPED));
        final SharedLongArray l = track(SharedLongArray.create(ShmLeakCheck.name("pxf-i"), 'i', n, STRIPED));
        final double[] model = new double[n];
        final long[] lmodel = new long[n];
        final SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < n; i++)
        {
            model[i] = random.nextDouble(-1e6, 1e6);
            lmodel[i] = random.nextInt(-100_000, 100_000);
            d.set(i, model[i]);
            l.set(i, lmodel[i]);
        }

        final AtomicLong progress = new AtomicLong();
        final TransformResult first = transforms.transform(d, TransformOp.negate(),
            OPTIONS.withProgress(progress::set, Duration.ofMillis(1)));
        assertEquals(n, first.elements());
        assertEquals(2, first.workers(), "one transform worker per pool worker");
        assertEquals(n, progress.get(), "the progress listener saw every element");
        for (int i = 0; i < n; i++)
        {
            model[i] = -model[i];
        }
        assertArrayEquals(model, d);
        final List<List<String>> mappedBefore = mappings(pool, d.name());
        assertEquals(List.of(1, 1), mappedBefore.stream().map(List::size).toList(),
            "each pool worker maps the array once: " + mappedBefore);

        final TransformHandle second = transforms.start(d, TransformOp.user(PoolTransformOps.ThreeXPlusOne.class), 0,
            n, OPTIONS);
        second.await();
        for (int i = 0; i < n; i++)
        {
            model[i] = 3 * model[i] + 1;
        }
        assertArrayEquals(model, d);
        assertEquals(pool.workerPids(), List.of(second.pid(0), second.pid(1)),
            "worker w of the transform ran on pool worker w");
        assertEquals(mappedBefore, mappings(pool, d.name()),
            "a second transform maps nothing again: the same mapping, at the same address, in each worker");

        transforms.transform(l, TransformOp.user(PoolTransformOps.SevenXMinusTwo.class));
        transforms.transform(l, TransformOp.clamp(-300_000, 300_000), OPTIONS);
        for (int i = 0; i < n; i++)
        {
            final long expected = Math.max(-300_000, Math.min(300_000, lmodel[i] * 7 - 2));
            assertEquals(expected, l.get(i), "'i' element " + i);
        }
        assertEquals(List.of(1, 1), mappings(pool, l.name()).stream().map(List::size).toList());
        d.unlink();
        Await.until(60, () -> List.of(List.of(), List.of()).equals(mappingsUnchecked(pool, d.name())),
            () -> "an idle worker releases an unlinked array's mapping (in the background), with no other " +
                "transform to notice it: " + mappingsUnchecked(pool, d.name()));
        transforms.negate(l);
        assertEquals(37, pool.applyAsync(PoolTasks.Square.class, 6L).get(60, TimeUnit.SECONDS).longValue(),
            "the pool still runs tasks");
    }

    @Test
    void shouldReportTheUnitsInDoubtOfAKilledPoolWorkerExactlyAndReplaceIt() throws Exception
    {
        final SharedLong flag = flag();
        final Pool pool = pool("-D" + Children.FLAG_PROPERTY + "=" + flag.name());
        // every pool worker takes part (no caller's part): the retry below runs on the replacement too
        final PoolTransforms transforms = PoolTransforms.on(pool).callerPart(false);
        final int n = 16_384;
        final SharedDoubleArray a = indexed("pxf-kill", n);
        final List<Long> pidsBefore = pool.workerPids();

        final TransformHandle h = transforms.start(a, TransformOp.user(Children.BlockingNegate.class), 0, n,
            OPTIONS);
        Await.until(60, () -> flag.get() != 0, () -> "a pool worker to reach the trigger element");
        final long victim = flag.get();
        assertTrue(pidsBefore.contains(victim), "the trigger was reached by a pool worker " + pidsBefore);
        final ProcessHandle victimHandle = ProcessHandle.of(victim).orElseThrow();
        assertTrue(victimHandle.isAlive(), "the victim runs when it is killed");
        victimHandle.destroyForcibly();

        final TransformException ex = assertThrows(TransformException.class, h::await);

        assertFalse(victimHandle.isAlive(), "the victim is gone");
        final ElementRange doubt = TransformChecks.assertKilledInsideStripeAndRepair(ex, victim, a,
            (long)Children.TRIGGER);

        // the pool replaced the dead worker: the retry and a whole transform run on it
        transforms.transform(a, TransformOp.negate(), doubt.from(), doubt.to(), OPTIONS);
        for (int i = 0; i < n; i++)
        {
            assertEquals(-(double)i, a.get(i), "element " + i + " after the retry");
        }
        final List<Long> pidsAfter = pool.workerPids();
        assertTrue(!pidsAfter.contains(victim), "the dead worker was replaced: " + pidsBefore + " -> " + pidsAfter);
        transforms.negate(a);
        for (int i = 0; i < n; i++)
        {
            assertEquals(i, a.get(i), 0.0, "element " + i + " negated again on the replaced worker");
        }
    }

    @Test
    void shouldKillThePoolWorkersOfACancelledTransformAndGoOnWithTheirReplacements() throws Exception
    {
        final SharedLong flag = flag();
        final Pool pool = pool("-D" + Children.FLAG_PROPERTY + "=" + flag.name());
        final PoolTransforms transforms = PoolTransforms.on(pool);
        final int n = 16_384;
        final SharedDoubleArray a = indexed("pxf-cancel", n);
        final TransformHandle h = transforms.start(a, TransformOp.user(Children.BlockingNegate.class), 0, n,
            OPTIONS);
        Await.until(60, () -> flag.get() != 0, () -> "a pool worker to reach the trigger element");
        final long blocked = flag.get();
        h.cancel();

        final TransformException ex = assertThrows(TransformException.class, h::await);
        assertTrue(ex.getMessage().contains("(cancelled)"), ex.getMessage());
        assertTrue(ex.failures().stream().anyMatch(f -> f.pid() == blocked && f.exitCode() == 137), ex.getMessage());
        final long stripe = a.stripeLength();
        final long from = (long)Children.TRIGGER / stripe * stripe;
        assertTrue(ex.inDoubt().contains(new ElementRange(from, from + stripe)), ex.getMessage());
        Await.until(60, () -> pool.workerPids().stream().allMatch(pid -> pid > 0 && pid != blocked),
            () -> "the pool to replace the killed worker");
        final TransformResult again = transforms.transform(a, TransformOp.multiply(0), OPTIONS);
        assertEquals(n, again.elements());
        for (int i = 0; i < n; i++)
        {
            assertEquals(0.0, Math.abs(a.get(i)), "element " + i + " after a transform on the replaced workers");
        }
    }

    @Test
    void shouldReportAThrowingOperationWithItsStackTraceAndKeepTheWorkers() throws Exception
    {
        final Pool pool = pool();
        final PoolTransforms transforms = PoolTransforms.on(pool);
        final int n = 16_384;
        final SharedDoubleArray a = indexed("pxf-throw", n);
        final List<Long> pids = pool.workerPids();
        final TransformException ex = assertThrows(TransformException.class,
            () -> transforms.transform(a, TransformOp.user(PoolTransformOps.ThrowingNegate.class), OPTIONS));
        assertEquals(1, ex.failures().size(), ex.getMessage());
        final TransformException.Failure f = ex.failures().get(0);
        assertTrue(f.stderrTail().contains("java.lang.ArithmeticException: no negation of 3000.0 today"),
            f.stderrTail());
        assertTrue(f.stderrTail().contains(PoolTransformOps.ThrowingNegate.class.getName() + ".applyAsDouble"),
            "the worker's stack trace: " + f.stderrTail());
        final long stripe = a.stripeLength();
        final long from = (long)PoolTransformOps.THROW_AT / stripe * stripe;
        assertEquals(List.of(new ElementRange(from, from + stripe)), ex.inDoubt(), ex.getMessage());
        assertEquals(List.of(), ex.untouched(), ex.getMessage());
        assertEquals(pids, pool.workerPids(), "no pool worker died");
        assertNotEquals(0, ex.failures().get(0).exitCode());
    }

    private static void assertArrayEquals(final double[] expected, final SharedDoubleArray actual)
    {
        for (int i = 0; i < expected.length; i++)
        {
            assertEquals(expected[i], actual.get(i), "element " + i);
        }
    }

    private static List<List<String>> mappingsUnchecked(final Pool pool, final String segment)
    {
        try
        {
            return mappings(pool, segment);
        }
        catch (final IOException ex)
        {
            throw new java.io.UncheckedIOException(ex);
        }
    }

    /** For each pool worker, the address ranges of its mappings of the segment (from /proc/PID/maps). */
    private static List<List<String>> mappings(final Pool pool, final String segment) throws IOException
    {
        final List<List<String>> counts = new ArrayList<>();
        for (int w = 0; w < pool.workers(); w++)
        {
            final String suffix = "/" + segment;
            final Path maps = Path.of("/proc", Long.toString(pool.workerPids().get(w)), "maps");
            try (Stream<String> lines = Files.lines(maps))
            {
                counts.add(lines.filter(line -> line.endsWith(suffix) || line.endsWith(suffix + " (deleted)"))
                    .map(line -> line.substring(0, line.indexOf(' '))).toList());
            }
        }
        return counts;
    }

    /** The transforms' own control segments, named by the library (they must all be gone). */
    private static List<String> controlSegments() throws IOException
    {
        final String prefix = "shmkit-xf-" + ProcessHandle.current().pid() + "-";
        try (Stream<Path> files = Files.list(ShmOptions.defaults().root()))
        {
            return files.map(p -> p.getFileName().toString()).filter(s -> s.startsWith(prefix)).toList();
        }
    }
}
