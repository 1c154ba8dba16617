package io.shmkit.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.DoubleUnaryOperator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import io.shmkit.SharedDoubleArray;
import io.shmkit.ShmLock;
import io.shmkit.segment.ShmOptions;
import io.shmkit.test.ShmLeakCheck;
import io.shmkit.transform.ThreadLaunchers.ThreadLauncher;

/**
 * A transform call's own rules, with its workers on threads ({@link ThreadLaunchers}): the caller's part and where
 * it applies, a time limit of "for ever", and a call refused because the calling thread holds a stripe it needs.
 */
@Timeout(120)
@ExtendWith(ShmLeakCheck.class)
class TransformCallTest
{
    private static final int N = 8 * 1024;
    private static final TransformOptions OPTIONS = TransformOptions.defaults().withTimeout(Duration.ofSeconds(60));

    @Test
    void shouldRunTheLastPartitionInTheCallersPartForABuiltInOperation() throws Exception
    {
        try (ThreadLauncher threads = new ThreadLauncher(2, true);
            SharedDoubleArray a = indexed(ShmLeakCheck.name("xf-caller")))
        {
            try
            {
                final TransformHandle h = Transforms.start(a, TransformOp.negate(), 0, N, 2,
                    OPTIONS.withLauncher(threads));
                final TransformResult r = h.await();
                final int parts = CallerPart.parts(2);
                assertEquals(parts, r.workers(), "launched workers that leave a CPU, and the caller's part");
                assertEquals(parts - 1, threads.launched.size(), "the caller's part is not launched");
                assertEquals(Transforms.partitions(a, 0, N, parts), h.partitions());
                for (int i = 0; i < N; i++)
                {
                    assertEquals(-i, a.get(i), 0.0, "element " + i);
                }
                assertTrue(Thread.getAllStackTraces().keySet().stream()
                    .noneMatch(t -> t.getName().startsWith("shmkit-transform-caller-")), "its thread has ended");

                Transforms.transform(a, TransformOp.user(Negate.class), 0, N, 2, OPTIONS.withLauncher(threads));
                assertEquals(parts - 1 + 2, threads.launched.size(), "a user operation: the launched workers alone");
                assertEquals(1.0, a.get(1), 0.0);
            }
            finally
            {
                a.unlink();
            }
        }
    }

    @Test
    void shouldReportTheCallersPartAsStoppedWhenTheTimeLimitPassesBeforeTheStart() throws Exception
    {
        // a launched worker that never becomes ready: the start never comes, the time limit aborts it
        final WorkerLauncher neverReady = neverReady(new CompletableFuture<>(), true);
        try (SharedDoubleArray a = indexed(ShmLeakCheck.name("xf-abort")))
        {
            try
            {
                final TransformException ex = assertThrows(TransformException.class, () -> Transforms.negate(a, 1,
                    TransformOptions.defaults().withTimeout(Duration.ofMillis(300)).withLauncher(neverReady)));
                assertTrue(ex.getMessage().contains("timed out"), ex.getMessage());
                final TransformException.Failure caller = ex.failures().get(ex.failures().size() - 1);
                assertEquals(ProcessHandle.current().pid(), caller.pid(), ex.getMessage());
                assertTrue(caller.callerPart(), ex.getMessage());
                assertTrue(caller.describe().startsWith("the caller's part, "), caller.describe());
                assertEquals(70, caller.exitCode(), "a stopped caller's part: " + ex.getMessage());
                assertTrue(caller.stderrTail().contains("aborted before its start"), caller.stderrTail());
                assertEquals(List.of(new ElementRange(0, N)), ex.untouched(), ex.getMessage());
                for (int i = 0; i < N; i++)
                {
                    assertEquals(i, a.get(i), 0.0, "element " + i + " untouched");
                }
            }
            finally
            {
                a.unlink();
            }
        }
    }

    @Test
    void shouldLetTheCallersPartWaitForTheStartLongerThanTheTimeLimit()
    {
        // the coordinator's abort at the time limit, not the part's own limit, ends a start that never comes
        assertEquals(1_300, CallerPart.goLimitMs(300));
        assertEquals(120_000, CallerPart.goLimitMs(60_000));
        final long longest = TransformOptions.LONGEST.toMillis();
        assertEquals(2 * longest, CallerPart.goLimitMs(longest));
        assertEquals(Long.MAX_VALUE, CallerPart.goLimitMs(Long.MAX_VALUE - 10), "saturates");
    }

    @Test
    void shouldRefuseAnArrayCreatedAgainUnderItsNameSinceTheStart() throws Exception
    {
        final String name = ShmLeakCheck.name("xf-again");
        try (ThreadLauncher threads = new ThreadLauncher(2); SharedDoubleArray a = indexed(name))
        {
            final SharedDoubleArray[] again = new SharedDoubleArray[1];
            // worker 1's launch finds the name unlinked and created again, with the same shape, before it opens it
            final WorkerLauncher replacing = launch ->
            {
                if (launch.worker() == 1)
                {
                    a.unlink();
                    again[0] = SharedDoubleArray.create(name, 'd', N, ShmOptions.defaults().withStripes(8));
                }
                return threads.launch(launch);
            };
            try
            {
                final TransformException ex = assertThrows(TransformException.class,
                    () -> Transforms.negate(a, 2, OPTIONS.withLauncher(replacing)));
                assertEquals(1, ex.failures().size(), ex.getMessage());
                assertTrue(ex.failures().get(0).stderrTail().contains("is not the file the transform was started on"),
                    ex.failures().get(0).stderrTail());
                assertTrue(ex.getMessage().contains("every element is done"), "worker 0 did all: " + ex.getMessage());
                for (int i = 0; i < N; i++)
                {
                    assertEquals(-i, a.get(i), 0.0, "element " + i + " of the array the transform was started on");
                    assertEquals(0.0, again[0].get(i), 0.0, "element " + i + " of the new file, untouched");
                }
            }
            finally
            {
                a.unlink();
                if (null != again[0])
                {
                    again[0].unlink();
                    again[0].close();
                }
            }
        }
    }

    @Test
    void shouldEndTheCallersPartAtOnceWhenCancelledBeforeTheStart() throws Exception
    {
        // a launched worker that never becomes ready and ignores kill() until released (a stuck process)
        final CompletableFuture<Void> released = new CompletableFuture<>();
        final WorkerLauncher stuck = neverReady(released, false);
        try (SharedDoubleArray a = indexed(ShmLeakCheck.name("xf-stuck")))
        {
            try
            {
                final TransformHandle h = Transforms.start(a, TransformOp.negate(), 0, N, 1,
                    TransformOptions.defaults().withTimeout(Duration.ofMinutes(10)).withLauncher(stuck));
                final long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (!callerThreadAlive())
                {
                    assertTrue(System.nanoTime() < deadline, "the caller's part to start");
                    Thread.onSpinWait();
                }
                h.cancel();
                while (callerThreadAlive())
                {
                    // before its start it waits for GO: the stop flag must end that wait, not the 10-minute limit
                    assertTrue(System.nanoTime() < deadline, "the cancelled caller's part to end");
                    Thread.sleep(1);
                }
                released.complete(null);
                final TransformException ex = assertThrows(TransformException.class, h::await);
                assertTrue(ex.getMessage().contains("(cancelled)"), ex.getMessage());
                for (int i = 0; i < N; i++)
                {
                    assertEquals(i, a.get(i), 0.0, "element " + i + " untouched");
                }
            }
            finally
            {
                released.complete(null);
                a.unlink();
            }
        }
    }

    /**
     * A launcher with the caller's part whose workers never become ready: each ends when {@code ended} completes,
     * which its {@code kill()} does if {@code killable} (else it ignores kills, as a stuck process would).
     */
    private static WorkerLauncher neverReady(final CompletableFuture<Void> ended, final boolean killable)
    {
        return new WorkerLauncher()
        {
            @Override
            public LaunchedWorker launch(final WorkerLaunch launch)
            {
                return new ThreadLaunchers.ThreadWorker(ended)
                {
                    @Override
                    public void kill()
                    {
                        if (killable)
                        {
                            ended.complete(null);
                        }
                    }
                };
            }

            @Override
            public boolean callerPart()
            {
                return true;
            }
        };
    }

    private static boolean callerThreadAlive()
    {
        return Thread.getAllStackTraces().keySet().stream()
            .anyMatch(t -> t.getName().startsWith("shmkit-transform-caller-"));
    }

    @Test
    void shouldTakeATimeLimitOfForever() throws Exception
    {
        final Duration forever = ChronoUnit.FOREVER.getDuration();
        assertEquals(TransformOptions.LONGEST, TransformOptions.defaults().withTimeout(forever).timeout());
        assertEquals(TransformOptions.LONGEST,
            TransformOptions.defaults().withProgress(done -> { }, forever).progressInterval());
        try (ThreadLauncher threads = new ThreadLauncher(2);
            SharedDoubleArray a = indexed(ShmLeakCheck.name("xf-forever")))
        {
            try
            {
                final TransformHandle h = Transforms.start(a, TransformOp.negate(), 0, N, 2,
                    OPTIONS.withLauncher(threads).withTimeout(forever).withProgress(done -> { }, forever));
                assertEquals(N, h.await(forever).elements(), "a wait of for ever is a wait");
                assertEquals(-1.0, a.get(1), 0.0);
            }
            finally
            {
                a.unlink();
            }
        }
    }

    @Test
    void shouldRefuseATransformOfAStripeTheCallingThreadHolds() throws Exception
    {
        try (ThreadLauncher threads = new ThreadLauncher(2);
            SharedDoubleArray a = indexed(ShmLeakCheck.name("xf-held")))
        {
            try
            {
                final ShmLock held = a.stripeLock(3);
                held.lock();
                final TransformHandle started;
                try
                {
                    final IllegalStateException ex = assertThrows(IllegalStateException.class,
                        () -> Transforms.negate(a, 2, OPTIONS.withLauncher(threads)));
                    assertTrue(ex.getMessage().contains("holds the lock of stripe 3"), ex.getMessage());
                    assertEquals(List.of(), threads.launched, "nothing was started");
                    // a range without that stripe is not refused
                    Transforms.transform(a, TransformOp.negate(), 0, a.stripeLength(), 2,
                        OPTIONS.withLauncher(threads));
                    // start() is not refused: the caller may unlock before it waits
                    started = Transforms.start(a, TransformOp.negate(), 0, N, 2, OPTIONS.withLauncher(threads));
                }
                finally
                {
                    held.unlock();
                }
                assertEquals(N, started.await().elements());
                assertEquals(1.0, a.get(1), 0.0, "negated twice");
                assertEquals(-(double)(N - 1), a.get(N - 1), 0.0, "negated once");
            }
            finally
            {
                a.unlink();
            }
        }
    }

    private static SharedDoubleArray indexed(final String name)
    {
        return ThreadLaunchers.indexed(name, N);
    }

    /** Negation as a user operation. */
    public static final class Negate implements DoubleUnaryOperator
    {
        @Override
        public double applyAsDouble(final double x)
        {
            return -x;
        }
    }
}
