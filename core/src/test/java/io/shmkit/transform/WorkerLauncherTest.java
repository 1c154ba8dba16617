package io.shmkit.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.DoubleUnaryOperator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import io.shmkit.SharedDoubleArray;
import io.shmkit.process.ChildProcessException;
import io.shmkit.segment.ShmOptions;
import io.shmkit.test.ShmLeakCheck;
import io.shmkit.transform.ThreadLaunchers.ThreadLauncher;

/**
 * The launcher SPI: a transform whose workers are threads of this JVM, each with its own
 * {@link TransformWorkerHost} as a pool's worker process would have, gets the same results, work sharing and
 * failure reports as one of fresh children; a host prepares a partition once.
 */
@Timeout(120)
@ExtendWith(ShmLeakCheck.class)
class WorkerLauncherTest
{
    private static final int N = 8 * 1024;
    private static final double TRIGGER = 6000;
    private static final TransformOptions OPTIONS = TransformOptions.defaults().withTimeout(Duration.ofSeconds(60));

    @Test
    void shouldUseFreshChildrenByDefault()
    {
        assertSame(WorkerLauncher.freshChildren(), TransformOptions.defaults().launcher());
        final ThreadLauncher threads = new ThreadLauncher(2);
        assertSame(threads, OPTIONS.withLauncher(threads).launcher());
        assertEquals(OPTIONS.timeout(), OPTIONS.withLauncher(threads).timeout(), "the other options are kept");
        assertThrows(NullPointerException.class, () -> OPTIONS.withLauncher(null));
    }

    @Test
    void shouldTransformThroughAnotherLauncherAndRecordTheOperationsItWarmedUp() throws Exception
    {
        final ThreadLauncher threads = new ThreadLauncher(2);
        try (SharedDoubleArray a = indexed(ShmLeakCheck.name("xf-spi")))
        {
            try
            {
                final TransformResult first = Transforms.negate(a, 2, OPTIONS.withLauncher(threads));
                assertEquals(N, first.elements());
                assertEquals(2, threads.launched.size(), "one launch per worker");
                final WorkerLaunch w1 = threads.launched.get(1);
                assertEquals(1, w1.worker());
                assertEquals(2, w1.workers());
                assertEquals(a.name(), w1.arrayName());
                assertEquals(Transforms.partitions(a, 0, N, 2).get(1), w1.partition());
                assertTrue(threads.hosts[1].hasWarmedUp(threads.arrays[1], TransformOp.negate()), "warmed up");
                assertFalse(threads.hosts[1].hasWarmedUp(threads.arrays[1], TransformOp.add(1)), "not yet");
                Transforms.transform(a, TransformOp.add(1), 2, OPTIONS.withLauncher(threads));
                assertTrue(threads.hosts[0].hasWarmedUp(threads.arrays[0], TransformOp.add(1)), "on first use");
                for (int i = 0; i < N; i++)
                {
                    assertEquals(1 - i, a.get(i), 0.0, "element " + i + " negated, then plus one");
                }
                assertEquals(4, threads.launched.size());
                assertEquals(List.of(0, 1, 0, 1), threads.launched.stream().map(WorkerLaunch::worker).toList());
            }
            finally
            {
                a.unlink();
                threads.close();
            }
        }
    }

    @Test
    void shouldReportTheUnitInDoubtOfAWorkerWhoseOperationThrew() throws Exception
    {
        final ThreadLauncher threads = new ThreadLauncher(2);
        try (SharedDoubleArray a = indexed(ShmLeakCheck.name("xf-spi")))
        {
            try
            {
                final TransformException ex = assertThrows(TransformException.class, () -> Transforms.transform(a,
                    TransformOp.user(ThrowsAtTrigger.class), 2, OPTIONS.withLauncher(threads)));
                assertEquals(1, ex.failures().size(), ex.getMessage());
                final TransformException.Failure f = ex.failures().get(0);
                assertEquals(ChildProcessException.EXIT_TASK_FAILED, f.exitCode(), ex.getMessage());
                assertTrue(f.stderrTail().contains("trigger reached"), f.stderrTail());
                // a launched worker in this very process (a thread here) is still a worker, not the caller's part
                assertFalse(f.callerPart(), ex.getMessage());
                assertTrue(f.describe().startsWith("the child of "), f.describe());
                final long stripe = a.stripeLength();
                final long from = (long)TRIGGER / stripe * stripe;
                assertEquals(List.of(new ElementRange(from, from + stripe)), ex.inDoubt(), ex.getMessage());
                assertEquals(List.of(), ex.untouched(), "the other worker did the rest");
            }
            finally
            {
                a.unlink();
                threads.close();
            }
        }
    }

    @Test
    void shouldReportAWorkerThatCouldNotBeLaunchedAndLetTheOthersDoItsWork() throws Exception
    {
        final ThreadLauncher threads = new ThreadLauncher(2);
        final WorkerLauncher refusesOne = launch ->
        {
            if (launch.worker() == 1)
            {
                throw new RejectedExecutionException("the pool is shut down");
            }
            return threads.launch(launch);
        };
        try (SharedDoubleArray a = indexed(ShmLeakCheck.name("xf-spi")))
        {
            try
            {
                final TransformException ex = assertThrows(TransformException.class,
                    () -> Transforms.negate(a, 2, OPTIONS.withLauncher(refusesOne)));
                assertEquals(1, ex.failures().size(), ex.getMessage());
                assertEquals(-1, ex.failures().get(0).pid(), "never started");
                assertTrue(ex.getCause().getMessage().contains("the pool is shut down"), ex.getMessage());
                assertTrue(ex.getMessage().contains("every element is done"), ex.getMessage());
                for (int i = 0; i < N; i++)
                {
                    assertEquals(-i, a.get(i), 0.0, "element " + i);
                }
            }
            finally
            {
                a.unlink();
                threads.close();
            }
        }
    }

    private static SharedDoubleArray indexed(final String name)
    {
        return ThreadLaunchers.indexed(name, N);
    }

    /** Negates, but throws at {@link #TRIGGER}. */
    public static final class ThrowsAtTrigger implements DoubleUnaryOperator
    {
        @Override
        public double applyAsDouble(final double x)
        {
            if (x == TRIGGER)
            {
                throw new IllegalStateException("trigger reached");
            }
            return -x;
        }
    }
}
