package io.shmkit.it.process;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.shmkit.SharedArray;
import io.shmkit.SharedDoubleArray;
import io.shmkit.SharedLong;
import io.shmkit.SharedLongArray;
import io.shmkit.it.Await;
import io.shmkit.it.TransformChecks;
import io.shmkit.segment.ShmOptions;
import io.shmkit.segment.TypeCode;
import io.shmkit.test.ShmLeakCheck;
import io.shmkit.transform.ElementRange;
import io.shmkit.transform.Partition;
import io.shmkit.transform.TransformException;
import io.shmkit.transform.TransformHandle;
import io.shmkit.transform.TransformOp;
import io.shmkit.transform.TransformOptions;
import io.shmkit.transform.TransformResult;
import io.shmkit.transform.Transforms;

@Timeout(180)
@ExtendWith(ShmLeakCheck.class)
class TransformsTest
{
    private static final int N = 10_000;
    private static final ShmOptions STRIPED = ShmOptions.defaults().withStripes(16);
    private static final TransformOptions OPTIONS = TransformOptions.defaults().withTimeout(Duration.ofSeconds(120))
        .withHeap("64m");

    private final List<SharedArray> arrays = new ArrayList<>();
    private final List<SharedLong> values = new ArrayList<>();

    @AfterEach
    void cleanUp() throws Exception
    {
        for (final SharedArray a : arrays)
        {
            a.unlink();
            a.close();
        }
        for (final SharedLong v : values)
        {
            v.unlink();
            v.close();
        }
        // The transform's own control segments are named by the library, not by ShmLeakCheck.name.
        assertEquals(List.of(), controlSegments(), "control segments left behind");
        Children.assertNoChildProcessesAfter(30);
    }

    private SharedArray array(final char typecode, final long length, final ShmOptions options)
    {
        final String name = ShmLeakCheck.name("xf-" + typecode);
        final SharedArray a = TypeCode.of(typecode).isFloatingPoint() ?
            SharedDoubleArray.create(name, typecode, length, options) :
            SharedLongArray.create(name, typecode, length, options);
        arrays.add(a);
        return a;
    }

    /** A striped {@code 'd'} array of {@code n} elements holding {@code 0, 1, 2, ...}. */
    private SharedDoubleArray indexed(final int n)
    {
        final SharedDoubleArray a = (SharedDoubleArray)array('d', n, STRIPED);
        for (int i = 0; i < n; i++)
        {
            a.set(i, i);
        }
        return a;
    }

    /** A {@code 'q'} value at 0 that the test children of {@link Children} find through {@link #withFlag}. */
    private SharedLong flag(final String label)
    {
        final SharedLong flag = SharedLong.create(ShmLeakCheck.name(label), 'q', 0);
        values.add(flag);
        return flag;
    }

    /** The test's options, telling the children the name of {@code flag}. */
    private static TransformOptions withFlag(final SharedLong flag)
    {
        return OPTIONS.withJvmOptions(List.of("-D" + Children.FLAG_PROPERTY + "=" + flag.name()));
    }

    /** Negation in the element's width, as C does it: the model of core's rule. */
    private static long negateModel(final TypeCode t, final long x)
    {
        switch (t.code())
        {
            case 'b': return (byte)-x;
            case 'B': return -x & 0xFF;
            case 'h': return (short)-x;
            case 'H': return -x & 0xFFFF;
            case 'i': return (int)-x;
            case 'I': return -x & 0xFFFF_FFFFL;
            default: return -x;
        }
    }

    @ParameterizedTest(name = "typecode {0}")
    @ValueSource(chars = {'b', 'B', 'h', 'H', 'i', 'I', 'l', 'L', 'q', 'Q', 'f', 'd'})
    void shouldNegateEveryTypecodeWithOneTwoAndFourChildren(final char typecode) throws Exception
    {
        final TypeCode t = TypeCode.of(typecode);
        final SharedArray a = array(typecode, N, STRIPED);
        final SplittableRandom rnd = new SplittableRandom(typecode);
        final long[] longModel = new long[N];
        final double[] doubleModel = new double[N];
        for (int i = 0; i < N; i++)
        {
            if (t.isFloatingPoint())
            {
                final double v = i == 0 ? -0.0 : (rnd.nextDouble() - 0.5) * 1e6;
                doubleModel[i] = t == TypeCode.FLOAT ? (float)v : v;
                ((SharedDoubleArray)a).set(i, doubleModel[i]);
            }
            else
            {
                // the extremes first (min negates to itself in 'b', 'h', 'i', 'q'), then random values in range
                final long v = i == 0 ? t.minValue() : i == 1 ? t.maxValue() :
                    t.size() == 8 ? rnd.nextLong() : t.minValue() + rnd.nextLong(t.maxValue() - t.minValue() + 1);
                longModel[i] = v;
                ((SharedLongArray)a).set(i, v);
            }
        }

        for (final int workers : new int[] {1, 2, 4})
        {
            final TransformResult r = Transforms.negate(a, workers, OPTIONS);

            assertEquals(workers, r.workers(), "one child per partition");
            assertEquals(N, r.elements());
            for (int i = 0; i < N; i++)
            {
                longModel[i] = negateModel(t, longModel[i]);
                doubleModel[i] = -doubleModel[i];
            }
            if (t.isFloatingPoint())
            {
                assertArrayEquals(doubleModel, ((SharedDoubleArray)a).toArray(), "after " + workers + " children");
            }
            else
            {
                assertArrayEquals(longModel, ((SharedLongArray)a).toArray(), "after " + workers + " children");
            }
        }
    }

    @Test
    void shouldSplitIntoStripeAlignedPartitions()
    {
        final SharedArray a = array('d', N, STRIPED);
        final long stripe = a.stripeLength();

        final List<Partition> parts = Transforms.partitions(a, 0, N, 4);

        assertEquals(4, parts.size());
        assertEquals(0, parts.get(0).from());
        assertEquals(N, parts.get(3).to());
        for (int i = 1; i < parts.size(); i++)
        {
            assertEquals(parts.get(i - 1).to(), parts.get(i).from(), "contiguous");
            assertEquals(0, parts.get(i).from() % stripe, "aligned to stripes of " + stripe);
        }
        assertEquals(1, Transforms.partitions(a, 0, 10, 4).size(), "one stripe, one child");
    }

    @Test
    void shouldApplyUserOperationsByClassName() throws Exception
    {
        final SharedDoubleArray d = (SharedDoubleArray)array('d', N, STRIPED);
        final SharedLongArray l = (SharedLongArray)array('i', N, STRIPED);
        for (int i = 0; i < N; i++)
        {
            d.set(i, i);
            l.set(i, i - N / 2);
        }

        Transforms.transform(d, TransformOp.user(Children.AddHalf.class.getName()), 2, OPTIONS);
        Transforms.transform(l, TransformOp.user(Children.TimesThree.class), 2, OPTIONS);

        for (int i = 0; i < N; i++)
        {
            assertEquals(i + 0.5, d.get(i), "double element " + i);
            assertEquals(3L * (i - N / 2), l.get(i), "int element " + i);
        }
    }

    @Test
    void shouldApplyBuiltInOperations() throws Exception
    {
        final SharedDoubleArray d = (SharedDoubleArray)array('d', N, STRIPED);
        final SharedLongArray q = (SharedLongArray)array('Q', N, STRIPED);
        for (int i = 0; i < N; i++)
        {
            d.set(i, i - 5000);
            q.set(i, i == 0 ? -1L : i);
        }

        Transforms.transform(d, TransformOp.clamp(-10.0, 10.0), 2, OPTIONS);
        Transforms.transform(d, TransformOp.square(), 2, OPTIONS);
        Transforms.transform(d, TransformOp.sqrt(), 2, OPTIONS);
        Transforms.transform(q, TransformOp.clamp(5, 100), 2, OPTIONS);

        for (int i = 0; i < N; i++)
        {
            assertEquals(Math.abs(Math.max(-10, Math.min(10, i - 5000))), d.get(i), "element " + i);
            assertEquals(i == 0 ? 100 : Math.max(5, Math.min(100, i)), q.get(i), "unsigned clamp, element " + i);
        }
    }

    @Test
    void shouldRejectOperationsThatDoNotFitTheTypecode()
    {
        final SharedArray ints = array('i', 100, STRIPED);

        final IllegalArgumentException sqrt = assertThrows(IllegalArgumentException.class,
            () -> Transforms.transform(ints, TransformOp.sqrt(), 2, OPTIONS));
        assertTrue(sqrt.getMessage().contains("sqrt") && sqrt.getMessage().contains("'i'"), sqrt.getMessage());
        assertThrows(IllegalArgumentException.class,
            () -> Transforms.transform(ints, TransformOp.add(0.5), 1, OPTIONS));
        assertThrows(IllegalArgumentException.class,
            () -> Transforms.transform(ints, TransformOp.user(Children.AddHalf.class.getName()), 1, OPTIONS));
        final IllegalArgumentException workers = assertThrows(IllegalArgumentException.class,
            () -> Transforms.negate(ints, 0, OPTIONS));
        assertTrue(workers.getMessage().contains("workers=0"), workers.getMessage());
    }

    @Test
    void shouldReportOutOfRangeResultOfNarrowTypecodeAsTheUnitInDoubt() throws Exception
    {
        final SharedLongArray b = (SharedLongArray)array('b', N, STRIPED);
        b.set(N - 1, 100);

        final TransformException ex = assertThrows(TransformException.class,
            () -> Transforms.transform(b, TransformOp.add(100), 2, OPTIONS));

        // whichever child takes the last stripe (its owner, or the other when done with its own) fails there
        assertEquals(1, ex.failures().size(), ex.getMessage());
        assertTrue(ex.getMessage().contains("value 200 is out of range for typecode 'b'"), ex.getMessage());
        // The operation threw partway through the last stripe: its lock was released normally, yet the stripe
        // is half-done and must be reported as in doubt, not as untouched.
        final long lastStripe = (N - 1) / b.stripeLength() * b.stripeLength();
        final ElementRange doubt = new ElementRange(lastStripe, N);
        assertEquals(List.of(doubt), ex.inDoubt(), ex.getMessage());
        assertEquals(doubt, ex.failures().get(0).inDoubt(), ex.getMessage());
        assertEquals(List.of(), ex.untouched(), ex.getMessage());
        final List<Partition> parts = Transforms.partitions(b, 0, N, 2);
        assertEquals(List.of(parts.get(0)), ex.completed());
        assertTrue(ex.getMessage().contains(
            parts.get(1) + " did not finish: " + doubt + " may be half-done; the rest of it is done"), ex.getMessage());
        for (long i = 0; i < N - 1; i++)
        {
            assertEquals(100, b.get(i), "element " + i + " was transformed before the overflow");
        }
        assertEquals(100, b.get(N - 1), "the overflowing element keeps its old value");
    }

    @Test
    void shouldReportProgressUpToTheArrayLength() throws Exception
    {
        final SharedArray a = array('d', 200_000, ShmOptions.defaults().withStripes(64));
        final AtomicLong last = new AtomicLong(-1);
        final AtomicLong decreases = new AtomicLong();
        final TransformOptions withProgress = OPTIONS.withProgress(done ->
        {
            if (done < last.getAndSet(done))
            {
                decreases.incrementAndGet();
            }
        }, Duration.ofMillis(1));

        final TransformHandle h = Transforms.start(a, TransformOp.negate(), 0, a.length(), 2, withProgress);
        final TransformResult r = h.await();

        assertEquals(a.length(), h.progress(), "progress counter");
        assertEquals(a.length(), last.get(), "last progress report");
        assertEquals(0, decreases.get(), "progress never goes back");
        assertEquals(a.length(), r.elements());
    }

    @Test
    void shouldNotLoseUpdatesWithConcurrentTransformsAndParentWritesUnderStripeLocks() throws Exception
    {
        final int n = 1 << 20;
        final SharedLongArray a = (SharedLongArray)array('q', n, ShmOptions.defaults().withStripes(64));
        a.fill(7);

        final TransformHandle h1 = Transforms.start(a, TransformOp.add(1), 0, n, 2, OPTIONS);
        final TransformHandle h2 = Transforms.start(a, TransformOp.add(1), 0, n, 2, OPTIONS);
        int passes = 0;
        // The parent writes element by element under the stripe locks until both transforms have ended.
        while (passes == 0 || !(h1.isDone() && h2.isDone()))
        {
            for (long i = 0; i < n; i++)
            {
                final long index = i;
                a.withStripeLock(index, () -> a.setPlain(index, a.getPlain(index) + 1));
            }
            passes++;
        }
        h1.await();
        h2.await();

        final long expected = 7 + 2 + passes;
        for (long i = 0; i < n; i++)
        {
            assertEquals(expected, a.get(i), "element " + i + " after 2 transforms and " + passes + " passes");
        }
    }

    @Test
    void shouldNameUnfinishedPartitionOfKilledChildAndRecoverItsLock() throws Exception
    {
        final int n = 16_384;
        final SharedDoubleArray a = indexed(n);
        final SharedLong flag = flag("flag");
        final int trigger = (int)Children.TRIGGER;

        final TransformHandle h = Transforms.start(a, TransformOp.user(Children.BlockingNegate.class), 0, n, 2,
            withFlag(flag));
        Await.until(60, () -> flag.get() != 0, () -> "a child to reach the trigger element");
        final long victim = flag.get();
        // normally the child of partition 1, which holds the trigger element; the other child, done with its
        // own partition, takes partition 1's stripes from the top down and stops below the victim's
        assertTrue(victim == h.pid(0) || victim == h.pid(1), "the trigger was reached by a child of the transform");
        ProcessHandle.of(victim).orElseThrow().destroyForcibly();

        final TransformException ex = assertThrows(TransformException.class, h::await);

        final ElementRange doubt = TransformChecks.assertKilledInsideStripeAndRepair(ex, victim, a, trigger);

        Transforms.transform(a, TransformOp.negate(), doubt.from(), doubt.to(), 2, OPTIONS);

        for (int i = 0; i < n; i++)
        {
            assertEquals(-(double)i, a.get(i), "element " + i + " after the retry");
        }
    }

    @Test
    void shouldLetTheOtherChildDoTheRestOfAStalledChildsPartition() throws Exception
    {
        final int n = 16_384;
        final SharedDoubleArray a = (SharedDoubleArray)array('d', n, STRIPED);
        final SharedLong gate = flag("gate");
        final long stripe = a.stripeLength();

        final TransformHandle h = Transforms.start(a, TransformOp.user(Children.GatedPid.class), 0, n, 2,
            withFlag(gate));
        // One child stalls inside the first stripe of its partition; the other must do everything else.
        Await.until(120, () -> (gate.get() & Children.STALLED) != 0 || h.isDone(), () -> "a child to stall");
        final long stalled = gate.get() & ~Children.STALLED;
        Await.until(120, () -> h.progress() == n - stripe || h.isDone(),
            () -> "the other child to do all but the stalled child's stripe (progress " + h.progress() + ")");
        assertFalse(h.isDone(), "the transform waits for the stalled child");
        gate.set(Children.GATE_OPEN);
        h.await();

        final int mine = h.pid(0) == stalled ? 0 : h.pid(1) == stalled ? 1 : -1;
        assertTrue(mine >= 0, "the stalled child " + stalled + " is a child of the transform");
        final long other = h.pid(1 - mine);
        final long stalledFrom = h.partitions().get(mine).from();
        for (int i = 0; i < n; i++)
        {
            final boolean stalledStripe = i >= stalledFrom && i < stalledFrom + stripe;
            assertEquals((double)(stalledStripe ? stalled : other), a.get(i), "the child that wrote element " + i);
        }
    }

    @Test
    void shouldStartTheOtherChildrenWhenOneEndsBeforeTheStart() throws Exception
    {
        final int n = 16_384;
        final SharedDoubleArray a = indexed(n);
        final SharedLong flag = flag("flag");

        final TransformHandle h = Transforms.start(a, TransformOp.user(Children.FirstOneFailsNegate.class), 0, n, 3,
            withFlag(flag));
        final TransformException ex = assertThrows(TransformException.class, h::await);

        // the children that became ready do not wait for the one that never will: the parent starts them (else
        // all three partitions fail at the timeout)
        assertFalse(ex.getMessage().contains("timed out"), ex.getMessage());
        assertEquals(1, ex.failures().size(), ex.getMessage());
        final TransformException.Failure f = ex.failures().get(0);
        assertEquals(flag.get(), f.pid(), "the failure is the failing child's");
        assertNull(f.inDoubt(), "it stopped before its first stripe");
        assertTrue(f.stderrTail().contains("the first instance fails on purpose"), f.stderrTail());
        // the two others did its partition too
        assertEquals(List.of(), ex.inDoubt(), ex.getMessage());
        assertEquals(List.of(), ex.untouched(), ex.getMessage());
        assertEquals(3, ex.completed().size(), ex.getMessage());
        assertTrue(ex.getMessage().contains("every element is done"), ex.getMessage());
        for (int i = 0; i < n; i++)
        {
            assertEquals(-(double)i, a.get(i), "element " + i);
        }
    }

    @Test
    void shouldNegateArrayWithoutLocksInRuns() throws Exception
    {
        final int n = 20_000;
        final SharedDoubleArray a = (SharedDoubleArray)array('d', n, ShmOptions.defaults().withLock(false));
        for (int i = 0; i < n; i++)
        {
            a.set(i, i + 1);
        }

        final TransformResult r = Transforms.negate(a, 2, OPTIONS);

        assertEquals(2, r.workers());
        assertEquals(0, r.partitions().get(1).from() % Transforms.RAW_UNIT, "runs of " + Transforms.RAW_UNIT);
        for (int i = 0; i < n; i++)
        {
            assertEquals(-(i + 1.0), a.get(i), "element " + i);
        }
    }

    @Test
    void shouldFinishTheTransformWhenTheProgressListenerThrows() throws Exception
    {
        final SharedDoubleArray a = (SharedDoubleArray)array('d', N, STRIPED);
        a.fill(3.0);
        final AtomicLong calls = new AtomicLong();
        final TransformOptions throwing = OPTIONS.withProgress(done ->
        {
            calls.incrementAndGet();
            throw new IllegalStateException("listener fails on purpose");
        }, Duration.ofMillis(1));

        final TransformResult r = Transforms.transform(a, TransformOp.negate(), 2, throwing);

        assertEquals(N, r.elements());
        assertEquals(1, calls.get(), "a listener that threw is not called again");
        for (int i = 0; i < N; i++)
        {
            assertEquals(-3.0, a.get(i), "element " + i);
        }
    }

    @Test
    void shouldCleanUpBeforeRethrowingWhenTheCallerIsInterrupted() throws Exception
    {
        final int n = 16_384;
        final SharedDoubleArray a = indexed(n);
        final SharedLong flag = flag("iflag");
        final List<Object> seen = new ArrayList<>();
        final Thread caller = new Thread(() ->
        {
            try
            {
                Transforms.transform(a, TransformOp.user(Children.BlockingNegate.class), 0, n, 2,
                    withFlag(flag));
                seen.add("returned");
            }
            catch (final InterruptedException ex)
            {
                // what exists at the moment the caller sees the interrupt
                seen.add(ex);
                seen.add(Thread.currentThread().isInterrupted());
                seen.add(controlSegments());
                seen.add(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).count());
            }
            catch (final RuntimeException ex)
            {
                seen.add(ex);
            }
        }, "interrupted-transform-caller");
        caller.start();
        Await.until(60, () -> flag.get() != 0, () -> "the child to reach the trigger element");

        caller.interrupt();
        caller.join(TimeUnit.SECONDS.toMillis(90));

        assertFalse(caller.isAlive(), "the interrupted call returned");
        assertEquals(4, seen.size(), "InterruptedException expected: " + seen);
        assertTrue(seen.get(0) instanceof InterruptedException, seen.toString());
        assertEquals(true, seen.get(1), "the interrupt flag is restored");
        assertEquals(List.of(), seen.get(2), "control segments are unlinked before the rethrow");
        assertEquals(0L, seen.get(3), "children are reaped before the rethrow");
    }

    private static List<String> controlSegments()
    {
        final String control = "shmkit-xf-" + ProcessHandle.current().pid() + "-";
        try (Stream<Path> left = Files.list(ShmOptions.defaults().root()))
        {
            return left.map(p -> p.getFileName().toString()).filter(p -> p.startsWith(control)).toList();
        }
        catch (final java.io.IOException ex)
        {
            throw new java.io.UncheckedIOException(ex);
        }
    }

    @Test
    void shouldKillChildrenAndNameUnfinishedPartitionsWhenCancelled() throws Exception
    {
        final int n = 16_384;
        final SharedDoubleArray a = indexed(n);
        final SharedLong flag = flag("cflag");
        final TransformHandle h = Transforms.start(a, TransformOp.user(Children.BlockingNegate.class), 0, n, 2,
            withFlag(flag));
        Await.until(60, () -> flag.get() != 0, () -> "the child to reach the trigger element");
        final long blocked = flag.get();

        h.cancel();

        final TransformException ex = assertThrows(TransformException.class, h::await);
        assertTrue(ex.getMessage().contains("(cancelled)"), ex.getMessage());
        assertTrue(ex.failures().stream().anyMatch(f -> f.pid() == blocked), ex.getMessage());
        assertTrue(ex.getMessage().contains("partition 1 [" + n / 2 + ", " + n + ") did not finish"), ex.getMessage());
        assertFalse(ProcessHandle.of(blocked).map(ProcessHandle::isAlive).orElse(false),
            "the blocked child was killed");
        assertTrue(h.isDone());
    }
}
