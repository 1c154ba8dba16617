package io.shmkit.it.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import io.shmkit.SharedArray;
import io.shmkit.SharedDoubleArray;
import io.shmkit.SharedLongArray;
import io.shmkit.ShmLock;
import io.shmkit.it.Await;
import io.shmkit.pool.Pool;
import io.shmkit.pool.PoolTransforms;
import io.shmkit.segment.ShmOptions;
import io.shmkit.test.ShmLeakCheck;
import io.shmkit.transform.ElementRange;
import io.shmkit.transform.Partition;
import io.shmkit.transform.TransformException;
import io.shmkit.transform.TransformHandle;
import io.shmkit.transform.TransformOp;
import io.shmkit.transform.TransformOptions;
import io.shmkit.transform.TransformResult;
import io.shmkit.transform.Transforms;

/**
 * The caller's part of a transform on a pool ({@link PoolTransforms#callerPart}): the calling process runs the
 * last partition on a thread of its own, the results equal a plain-Java loop, a user operation runs on the workers
 * alone, and a failure or a cancel of the caller's part is reported exactly, with nothing written after the call.
 */
@Timeout(240)
@ExtendWith(ShmLeakCheck.class)
class PoolCallerPartTest
{
    private static final TransformOptions OPTIONS = TransformOptions.defaults().withTimeout(Duration.ofSeconds(120));
    private static final String CALLER_THREAD = "shmkit-transform-caller-";
    private static final long PID = ProcessHandle.current().pid();
    /** The partitions of a transform with the caller's part on a pool of 2: as many workers as leave it a CPU. */
    private static final int PARTS = Math.min(2, Math.max(1, Runtime.getRuntime().availableProcessors() - 1)) + 1;

    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void cleanUp() throws Exception
    {
        for (int i = toClose.size() - 1; i >= 0; i--)
        {
            toClose.get(i).close();
        }
        Await.until(60, () -> ProcessHandle.current().descendants().noneMatch(ProcessHandle::isAlive),
            () -> "the pool's workers to have ended");
    }

    private Pool pool() throws Exception
    {
        final Pool pool = PoolTransforms.configure(Pool.builder().workers(2)).heap("64m").start();
        toClose.add(pool);
        return pool;
    }

    private <T extends SharedArray> T track(final T array)
    {
        toClose.add(() ->
        {
            array.unlink();
            array.close();
        });
        return array;
    }

    @Test
    void shouldTakeTheLastPartitionAndMatchAPlainJavaLoop() throws Exception
    {
        final Pool pool = pool();
        final PoolTransforms transforms = PoolTransforms.on(pool);
        final int n = 50_000;
        final SharedDoubleArray d = track(SharedDoubleArray.create(ShmLeakCheck.name("cp-d"), 'd', n,
            ShmOptions.defaults().withStripes(64)));
        final SharedLongArray q = track(SharedLongArray.create(ShmLeakCheck.name("cp-q"), 'q', n,
            ShmOptions.defaults().withLock(false)));
        final double[] dm = new double[n];
        final long[] qm = new long[n];
        for (int i = 0; i < n; i++)
        {
            dm[i] = i * 0.5 - 7;
            qm[i] = i * 3L - 11;
            d.set(i, dm[i]);
            q.set(i, qm[i]);
        }
        // random operations on random ranges, each checked against the model and the caller's part's place
        qt().withExamples(40).forAll(integers().between(0, 3), integers().between(0, n), integers().between(0, n))
            .checkAssert((kind, x, y) ->
            {
                final int from = Math.min(x, y);
                final int to = Math.max(x, y);
                final boolean onD = ((x ^ y) & 1) == 0;
                final TransformOp op = kind == 0 ? TransformOp.negate() : kind == 1 ? TransformOp.add(5) :
                    kind == 2 ? TransformOp.multiply(-2) : TransformOp.clamp(-40_000, 40_000);
                final TransformHandle h = transforms.start(onD ? d : q, op, from, to, OPTIONS);
                final TransformResult r = await(h);
                for (int i = from; i < to; i++)
                {
                    if (onD)
                    {
                        dm[i] = kind == 0 ? -dm[i] : kind == 1 ? dm[i] + 5 : kind == 2 ? dm[i] * -2 :
                            Math.max(-40_000, Math.min(40_000, dm[i]));
                    }
                    else
                    {
                        qm[i] = kind == 0 ? -qm[i] : kind == 1 ? qm[i] + 5 : kind == 2 ? qm[i] * -2 :
                            Math.max(-40_000, Math.min(40_000, qm[i]));
                    }
                }
                for (int i = 0; i < n; i++)
                {
                    assertEquals(dm[i], d.get(i), "'d' element " + i + " after " + op + " of " + from + ".." + to);
                    assertEquals(qm[i], q.get(i), "'q' element " + i + " after " + op + " of " + from + ".." + to);
                }
                assertEquals(to - from, r.elements());
                final List<Partition> parts = h.partitions();
                if (from < to)
                {
                    final int stripes = Transforms.partitions(onD ? d : q, from, to, PARTS).size();
                    assertEquals(stripes, parts.size(), "the pool's workers that leave a CPU, and the caller");
                    assertEquals(PID, h.pid(parts.size() - 1), "the last partition is the caller's");
                    for (int p = 0; p < parts.size() - 1; p++)
                    {
                        assertTrue(pool.workerPids().contains(h.pid(p)), "partition " + p + " on a pool worker");
                    }
                }
            });
        assertFalse(callerThreadAlive(), "no caller's part outlives its call");
    }

    @Test
    void shouldRunAUserOperationOnThePoolsWorkersAlone() throws Exception
    {
        final Pool pool = pool();
        final int n = 40_000;
        final SharedDoubleArray d = track(SharedDoubleArray.create(ShmLeakCheck.name("cp-user"), 'd', n,
            ShmOptions.defaults().withStripes(16)));
        for (int i = 0; i < n; i++)
        {
            d.set(i, i);
        }
        final TransformHandle h = PoolTransforms.on(pool).start(d, TransformOp.user(
            PoolTransformOps.ThreeXPlusOne.class), 0, n, OPTIONS);
        assertEquals(2, h.await().workers(), "one partition per pool worker, none for the caller");
        assertEquals(pool.workerPids(), List.of(h.pid(0), h.pid(1)));
        for (int i = 0; i < n; i++)
        {
            assertEquals(3.0 * i + 1, d.get(i), "element " + i);
        }
    }

    @Test
    void shouldStopTheCallersPartOnCancelAndWriteNothingAfter() throws Exception
    {
        final Pool pool = pool();
        final int n = 64 * 1024;
        final SharedDoubleArray a = track(SharedDoubleArray.create(ShmLeakCheck.name("cp-cancel"), 'd', n,
            ShmOptions.defaults().withStripes(64)));
        fillIndexed(a);
        final ElementRange mine = callersFirstUnit(a);
        prepare(pool, 'd', TransformOp.negate());
        final List<ShmLock> held = lockEveryStripe(a);
        final TransformHandle h = PoolTransforms.on(pool).start(a, TransformOp.negate(), 0, n, OPTIONS);
        awaitCallerWaitingForALock();
        // the caller's part has claimed its first unit and waits for its lock: let every other unit be done
        unlockAllBut(held, a.stripeOf(mine.from()));
        Await.until(60, () -> h.progress() >= n - mine.length(), () -> "every other unit: " + h.progress());
        h.cancel();

        final TransformException ex = assertThrows(TransformException.class, h::await);
        try
        {
            assertTrue(ex.getMessage().contains("(cancelled)"), ex.getMessage());
            assertEquals(1, ex.failures().size(), ex.getMessage());
            final TransformException.Failure f = ex.failures().get(0);
            assertEquals(PID, f.pid(), "the caller's part: " + ex.getMessage());
            assertTrue(f.callerPart(), ex.getMessage());
            assertEquals(PARTS - 1, f.partition().index(), ex.getMessage());
            assertTrue(f.stderrTail().contains("CancellationException"), f.stderrTail());
            assertEquals(List.of(), ex.inDoubt(), "it stopped between units: " + ex.getMessage());
            assertEquals(List.of(mine), ex.untouched(), ex.getMessage());
            assertFalse(callerThreadAlive(), "the caller's part has ended when the call returns");
        }
        finally
        {
            unlockAllBut(held, -1);
        }
        for (int i = 0; i < n; i++)
        {
            assertEquals(mine.from() <= i && i < mine.to() ? i : -i, a.get(i), 0.0, "element " + i);
        }
        PoolTransforms.on(pool).transform(a, TransformOp.negate(), mine.from(), mine.to(), OPTIONS);
        assertEquals(-(double)mine.from(), a.get(mine.from()), "the untouched unit, retried");
    }

    @Test
    void shouldReportTheUnitInDoubtWhereTheCallersOperationFailed() throws Exception
    {
        final Pool pool = pool();
        final int n = 64 * 1024;
        final SharedLongArray a = track(SharedLongArray.create(ShmLeakCheck.name("cp-range"), 'b', n,
            ShmOptions.defaults().withStripes(64)));
        final ElementRange mine = callersFirstUnit(a);
        a.set(mine.from() + 5, 100); // 100 + 100 is out of range for 'b': the caller's part fails there
        prepare(pool, 'b', TransformOp.add(100));
        final List<ShmLock> held = lockEveryStripe(a);
        final TransformHandle h = PoolTransforms.on(pool).start(a, TransformOp.add(100), 0, n, OPTIONS);
        awaitCallerWaitingForALock();
        unlockAllBut(held, -1);

        final TransformException ex = assertThrows(TransformException.class, h::await);
        assertEquals(1, ex.failures().size(), ex.getMessage());
        final TransformException.Failure f = ex.failures().get(0);
        assertEquals(PID, f.pid(), ex.getMessage());
        assertTrue(f.callerPart(), ex.getMessage());
        assertTrue(f.stderrTail().contains("IllegalArgumentException"), f.stderrTail());
        assertEquals(mine, f.inDoubt(), ex.getMessage());
        assertEquals(List.of(mine), ex.inDoubt(), ex.getMessage());
        assertEquals(List.of(), ex.untouched(), "the workers did every other unit: " + ex.getMessage());
        assertFalse(callerThreadAlive());
        for (int i = 0; i < n; i++)
        {
            if (i < mine.from() || i >= mine.to())
            {
                assertEquals(100, a.get(i), "element " + i);
            }
        }
    }

    /** The first unit of the caller's part of a whole-array transform: its partition's first stripe. */
    private static ElementRange callersFirstUnit(final SharedArray a)
    {
        final List<Partition> parts = Transforms.partitions(a, 0, a.length(), PARTS);
        final long from = parts.get(parts.size() - 1).from();
        return new ElementRange(from, from + a.stripeLength());
    }

    private static void fillIndexed(final SharedDoubleArray a)
    {
        for (int i = 0; i < a.length(); i++)
        {
            a.set(i, i);
        }
    }

    /**
     * Run {@code op} once on a scratch array of the typecode, striped: the pool's workers then have warmed up that
     * kind of transform, and do not read a sample of the next one's array (under its stripe locks) before its start.
     */
    private static void prepare(final Pool pool, final char typecode, final TransformOp op) throws Exception
    {
        final ShmOptions striped = ShmOptions.defaults().withStripes(64);
        try (SharedArray scratch = typecode == 'd' ?
            SharedDoubleArray.create(ShmLeakCheck.name("cp-warm"), typecode, 64 * 1024, striped) :
            SharedLongArray.create(ShmLeakCheck.name("cp-warm"), typecode, 64 * 1024, striped))
        {
            try
            {
                PoolTransforms.on(pool).transform(scratch, op, OPTIONS);
            }
            finally
            {
                scratch.unlink();
            }
        }
    }

    /** Every stripe lock of {@code a}, held by this thread until {@link #unlockAllBut} or the test's end. */
    private List<ShmLock> lockEveryStripe(final SharedArray a)
    {
        final List<ShmLock> held = new ArrayList<>();
        for (int s = 0; s < a.stripeCount(); s++)
        {
            final ShmLock lock = a.stripeLock(s);
            lock.lock();
            held.add(lock);
        }
        toClose.add(() -> unlockAllBut(held, -1)); // also when the test fails: the pool's workers may wait for them
        return held;
    }

    /** Unlock every lock still held but stripe {@code keep}'s (-1: all). */
    private static void unlockAllBut(final List<ShmLock> held, final int keep)
    {
        for (int s = held.size() - 1; s >= 0; s--)
        {
            final ShmLock lock = held.get(s);
            if (s != keep && null != lock)
            {
                held.set(s, null);
                lock.unlock();
            }
        }
    }

    /**
     * Wait until the caller's part's thread waits for a stripe lock: it has claimed its first unit, which no
     * worker can take from it then (a worker takes another partition's units down to the first its owner claimed).
     */
    private static void awaitCallerWaitingForALock()
    {
        Await.until(60, () -> Thread.getAllStackTraces().entrySet().stream().anyMatch(e ->
            e.getKey().getName().startsWith(CALLER_THREAD) && Arrays.stream(e.getValue()).anyMatch(frame ->
                frame.getClassName().equals(ShmLock.class.getName()) && frame.getMethodName().equals("tryLock"))),
            () -> "the caller's part to wait for a stripe lock");
    }

    private static boolean callerThreadAlive()
    {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().startsWith(CALLER_THREAD));
    }

    private static TransformResult await(final TransformHandle h)
    {
        try
        {
            return h.await();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new AssertionError(ex);
        }
    }
}
