package io.shmkit.transform;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import org.agrona.UnsafeApi;

import io.shmkit.SharedArray;
import io.shmkit.SharedLong;
import io.shmkit.SharedLongArray;
import io.shmkit.ShmLock;
import io.shmkit.internal.mem.Mem;
import io.shmkit.process.ChildProcessException;
import io.shmkit.process.ShmProcess;
import io.shmkit.segment.ProcessIdentity;
import io.shmkit.segment.ShmOptions;
import io.shmkit.segment.TypeCode;

/**
 * A running {@link Transforms} call: its progress, its children, and its result. A coordinating daemon thread
 * starts the children, watches them (they start their phase themselves once all are ready; the thread starts
 * it only if one ended before, and aborts it on a timeout) and cleans up.
 *
 * <p><b>Note:</b> thread-safe. {@link #progress()} is a volatile read of a heap copy of the shared counter that
 * the coordinating thread refreshes as it polls (it never touches the shared segment, which the coordinating
 * thread unmaps when the transform ends).
 */
public final class TransformHandle
{
    private static final AtomicLong COUNTER = new AtomicLong();
    /** First park of a poll loop; each further park doubles, up to the loop's cap. */
    private static final long POLL_MIN_NS = 50_000;
    /** Longest park while waiting for the start flag (the children normally set it themselves). */
    private static final long READY_POLL_MAX_NS = 1_000_000;
    /** Longest park while waiting for the children to finish. */
    private static final long DONE_POLL_MAX_NS = 4_000_000;
    /**
     * The classes whose methods a transform child runs per stripe and per element (the stripe loop included;
     * not {@link TransformStart}, whose wait must not stop for a compilation): compiled in the foreground and
     * at a tenth of the usual thresholds, so that a short warm-up takes them to C2.
     */
    private static final List<String> HOT_PATH = List.of(
        TransformWorker.class.getName() + "::*",
        TransformOp.class.getName() + "*::*", // and its nested operator classes
        SharedArray.class.getPackageName() + ".Shared*::*",
        ShmLock.class.getName() + "::*",
        Mem.class.getPackageName() + ".*::*", // the accessors and every bulk kernel
        TypeCode.class.getName() + "::*",
        UnsafeApi.class.getName() + "::*",
        "jdk.internal.misc.Unsafe::*"); // not exported to this code at compile time: the one name written out
    /**
     * JVM options of every transform child, before the caller's (which may override them).
     * <ul>
     * <li>No safepoint polls in counted loops: C2 compiles a bulk kernel as one loop instead of strip-mining it
     * into an outer and an inner loop, and the phase streams about 5 % faster (docs/benchmarks.md). The cost: a
     * safepoint (a garbage collection, a deoptimisation) waits for the working thread to finish the stripe its
     * loop is in; a child has no other thread whose latency matters.</li>
     * <li>The methods of {@link #HOT_PATH} compiled in the foreground (the thread that makes a method hot waits
     * for its compilation) and at a tenth of the usual thresholds: so the warm-up ends with everything it
     * compiled installed, and no compilation left in the queue competes with the phase for a CPU
     * ({@code TransformWorker#warmUp}). {@code quiet} keeps the JVM from announcing these commands on the
     * child's output. The price is start-up: a child waits for its C2 compilations (most of the difference
     * between the default and {@code fastStart} in docs/benchmarks.md).</li>
     * </ul>
     */
    private static final List<String> CHILD_JVM_OPTIONS = childJvmOptions();
    /** How long the children may take to start themselves once all are ready before the parent starts them. */
    private static final long START_GRACE_NS = 200_000_000;
    private static final int NOT_READY = 0;
    private static final int ALL_READY = 1;
    private static final int SOME_ENDED = 2;
    /** Bound of the wait for the children to be reaped after an error, per child. */
    private static final Duration REAP_WAIT = Duration.ofSeconds(10);
    private static final long TAIL_IN_MESSAGE = 4096;

    private final SharedArray array;
    private final TransformOp op;
    private final List<Partition> partitions;
    private final TransformOptions options;
    private final long total;
    private final WorkPlan plan;
    private final CompletableFuture<TransformResult> result = new CompletableFuture<>();
    /** Guarded by itself: written by the coordinating thread, read by any. */
    private final ShmProcess[] children;
    /** Heap copy of the shared progress counter, written by the coordinating thread only. */
    private volatile long progressSnapshot;
    private volatile long finalProgress = -1;
    private volatile boolean cancelled;
    /** Written and read by the coordinating thread only. */
    private boolean listenerFailed;

    private TransformHandle(
        final SharedArray array, final TransformOp op, final List<Partition> partitions, final TransformOptions options)
    {
        this.array = array;
        this.op = op;
        this.partitions = List.copyOf(partitions);
        this.options = options;
        long t = 0;
        for (final Partition p : partitions)
        {
            t += p.length();
        }
        this.total = t;
        this.plan = partitions.isEmpty() ? null : new WorkPlan(partitions, Transforms.unit(array));
        this.children = new ShmProcess[partitions.size()];
    }

    static TransformHandle start(
        final SharedArray array, final TransformOp op, final List<Partition> partitions, final TransformOptions options)
    {
        final TransformHandle h = new TransformHandle(array, op, partitions, options);
        if (partitions.isEmpty())
        {
            h.finalProgress = 0;
            h.result.complete(new TransformResult(0, partitions, 0, 0, 0, 0));
            return h;
        }
        final ShmOptions raw = options.shmOptions().withLock(false).withPersistent(false);
        final String base = "shmkit-xf-" + ProcessIdentity.current().pid() + "-" + COUNTER.incrementAndGet() + "-" +
            Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xFFFF_FFFFL);
        final SharedLongArray control =
            SharedLongArray.create(base + "-ctl", 'q', TransformWorker.controlLength(partitions.size()), raw);
        SharedLongArray claims = null;
        final SharedLong progress;
        try
        {
            claims = SharedLongArray.create(base + "-clm", 'q', h.plan.units(), raw);
            progress = SharedLong.create(base + "-prg", 'q', 0, raw);
        }
        catch (final RuntimeException ex)
        {
            control.unlink();
            control.close();
            if (null != claims)
            {
                claims.unlink();
                claims.close();
            }
            throw ex;
        }
        final SharedLongArray claimSlots = claims;
        final Thread t = new Thread(() -> h.coordinate(control, claimSlots, progress), "shmkit-transform-" + base);
        t.setDaemon(true);
        t.start();
        return h;
    }

    /**
     * Elements done so far: the last value the coordinating thread read from the shared counter the children add
     * to after each stripe or 1 MiB (it reads it every few milliseconds at most), or the final count once the
     * transform has ended. A volatile read of a field on the heap; never touches shared memory.
     *
     * @return from 0 to {@link #total()}.
     */
    public long progress()
    {
        final long f = finalProgress;
        return f >= 0 ? f : progressSnapshot;
    }

    /**
     * The number of elements to transform.
     *
     * @return the sum of the partitions' lengths.
     */
    public long total()
    {
        return total;
    }

    /**
     * The partitions, one per child.
     *
     * @return an immutable list.
     */
    public List<Partition> partitions()
    {
        return partitions;
    }

    /**
     * The process id of the child of a partition.
     *
     * @param partition the partition's index.
     * @return its pid, or -1 if it has not been started (yet).
     * @throws IndexOutOfBoundsException if there is no such partition.
     */
    public long pid(final int partition)
    {
        final ShmProcess c = child(partition);
        return null == c ? -1 : c.pid();
    }

    /**
     * Whether the transform has ended, successfully or not.
     *
     * @return true once ended.
     */
    public boolean isDone()
    {
        return result.isDone();
    }

    /**
     * Wait for the transform to end. Unbounded: the transform itself is bounded by
     * {@link TransformOptions#timeout()}.
     *
     * <p>Memory effects: the transform's result is published when every child has ended and been reaped and the
     * control segments are unlinked, so a caller that returns from this method (normally or with a
     * {@link TransformException}) sees every write the children made to the array (their process exit
     * happens-before), and no child of the transform is alive.
     *
     * @return timings and partitions.
     * @throws TransformException   if a child did not finish (or the transform was cancelled or timed out);
     *                              the same immutable exception object for every caller.
     * @throws IllegalStateException if the coordinating thread itself failed (an {@link Error} or a checked
     *                               exception, as the cause); another unchecked exception it met is thrown as is.
     * @throws InterruptedException if interrupted while waiting; the transform goes on.
     */
    public TransformResult await() throws InterruptedException
    {
        try
        {
            return result.get();
        }
        catch (final ExecutionException ex)
        {
            throw rethrow(ex);
        }
    }

    /**
     * Wait at most {@code timeout} for the transform to end, with the memory effects of {@link #await()} when
     * it has.
     *
     * @param timeout longest wait.
     * @return timings and partitions.
     * @throws TransformException   if a child did not finish; as for {@link #await()}, and so are other
     *                              failures of the coordinating thread.
     * @throws TimeoutException     if the transform has not ended in time; it goes on.
     * @throws IllegalStateException if the coordinating thread itself failed, as for {@link #await()}.
     * @throws InterruptedException if interrupted while waiting; the transform goes on.
     */
    public TransformResult await(final Duration timeout) throws InterruptedException, TimeoutException
    {
        try
        {
            return result.get(Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS);
        }
        catch (final ExecutionException ex)
        {
            throw rethrow(ex);
        }
    }

    private static RuntimeException rethrow(final ExecutionException ex)
    {
        final Throwable c = ex.getCause();
        if (c instanceof RuntimeException)
        {
            // the same object for every caller of await(): it is immutable, so it is thrown as it is
            return (RuntimeException)c;
        }
        return new IllegalStateException("transform failed: " + c, c);
    }

    /**
     * Stop the transform: kill (SIGKILL) its children. Returns at once, before the children have ended: a child
     * may still be writing its current stripe when this returns. {@link #await()} then throws a
     * {@link TransformException} that lists what is not done, once every child has ended and been
     * reaped; only from then on is the array's state final. A child the coordinating thread starts after this
     * call is not started (the flag is volatile and checked before each start). No effect once the transform has
     * ended.
     */
    public void cancel()
    {
        cancelled = true;
        synchronized (children)
        {
            for (final ShmProcess c : children)
            {
                if (null != c)
                {
                    c.kill();
                }
            }
        }
    }

    // ---------------------------------------------------------------- coordinating thread

    private void coordinate(final SharedLongArray control, final SharedLongArray claims, final SharedLong progress)
    {
        final long t0 = System.nanoTime();
        final long epochAtStart = TransformWorker.epochNanos();
        final long deadline = t0 + options.timeout().toNanos();
        final int n = partitions.size();
        final ChildProcessException[] startFailures = new ChildProcessException[n];
        boolean timedOut = false;
        long startupNanos = 0;
        Object outcome;
        try
        {
            for (final Partition p : partitions)
            {
                control.setRelease(
                    TransformWorker.workerBase(p.index()) + TransformWorker.IN_PROGRESS, TransformWorker.NONE);
            }
            for (final Partition p : partitions)
            {
                if (cancelled)
                {
                    break;
                }
                try
                {
                    final ShmProcess c = builder(control, claims, progress, p).start();
                    synchronized (children)
                    {
                        children[p.index()] = c;
                    }
                }
                catch (final UncheckedIOException ex)
                {
                    startFailures[p.index()] = new ChildProcessException(
                        "cannot start the child of " + p + ": " + ex.getMessage(), -1, ChildProcessException.NOT_ENDED,
                        "");
                }
            }
            if (cancelled)
            {
                cancel();
            }
            // Start flag: the children set it themselves once all are ready and spinning (TransformStart). The
            // parent sets it when a child has ended before the start (killed, or never started), or as a fallback
            // when they have not started within START_GRACE_NS of all being ready; and aborts on a timeout.
            long park = POLL_MIN_NS;
            long allReadyAt = 0;
            while (control.getAcquire(TransformWorker.GO) == TransformWorker.GO_WAIT)
            {
                final long now = System.nanoTime();
                if (now - deadline > 0)
                {
                    timedOut = true;
                    break;
                }
                final int readiness = readiness(control);
                if (readiness == SOME_ENDED)
                {
                    break;
                }
                if (readiness == ALL_READY)
                {
                    if (0 == allReadyAt)
                    {
                        allReadyAt = now;
                    }
                    else if (now - allReadyAt > START_GRACE_NS)
                    {
                        break;
                    }
                }
                LockSupport.parkNanos(park);
                park = Math.min(park * 2, READY_POLL_MAX_NS);
            }
            // A child may win the race with an abort: then the phase has begun, and the timeout below kills the
            // children mid-stripe; finish() reports exactly what each did, from the control slots.
            TransformStart.tryStart(control, timedOut ? TransformWorker.GO_ABORT : TransformWorker.GO_WORK);
            final long goTime = control.getAcquire(TransformWorker.GO_TIME);
            // to the start flag's own time when it has one: the parent notices it up to a poll later
            startupNanos = 0 != goTime ? Math.max(0, goTime - epochAtStart) : System.nanoTime() - t0;
            long nextReport = System.nanoTime();
            park = POLL_MIN_NS;
            while (!timedOut && !allEndedOrDone(control))
            {
                final long now = System.nanoTime();
                if (now - deadline > 0)
                {
                    timedOut = true;
                    break;
                }
                progressSnapshot = progress.get();
                if (now - nextReport >= 0)
                {
                    report(progressSnapshot);
                    nextReport = now + options.progressInterval().toNanos();
                }
                LockSupport.parkNanos(Math.max(1, Math.min(park, nextReport - now)));
                park = Math.min(park * 2, DONE_POLL_MAX_NS);
            }
            if (timedOut)
            {
                cancel();
            }
            joinAll();
            finalProgress = progress.get();
            report(finalProgress);
            outcome = finish(control, claims, startFailures, t0, startupNanos, timedOut);
        }
        catch (final Throwable ex)
        {
            cancel();
            outcome = ex;
        }
        finally
        {
            // Every path reaps the children before the segments go and the result is published: await() never
            // returns while a child of this transform is alive.
            reapAll();
            if (finalProgress < 0)
            {
                finalProgress = progress.get();
            }
            control.unlink();
            control.close();
            claims.unlink();
            claims.close();
            progress.unlink();
            progress.close();
        }
        // Completed only after the control segments are gone, so a caller that returns from await() sees none.
        if (outcome instanceof TransformResult)
        {
            result.complete((TransformResult)outcome);
        }
        else
        {
            result.completeExceptionally((Throwable)outcome);
        }
    }

    private static List<String> childJvmOptions()
    {
        final List<String> o = new ArrayList<>(List.of("-XX:-UseCountedLoopSafepoints", "-XX:CompileCommand=quiet"));
        for (final String pattern : HOT_PATH)
        {
            o.add("-XX:CompileCommand=BackgroundCompilation," + pattern + ",false");
            o.add("-XX:CompileCommand=CompileThresholdScaling," + pattern + ",0.1");
        }
        return List.copyOf(o);
    }

    private ShmProcess.Builder builder(
        final SharedLongArray control, final SharedLongArray claims, final SharedLong progress, final Partition p)
    {
        final long batch = Math.max(Transforms.unit(array), Transforms.PROGRESS_BYTES / array.typeCode().size());
        final ShmProcess.Builder b = ShmProcess.builder()
            .task(TransformWorker.class)
            .name("transform-" + p.index())
            .share(array)
            .share(control)
            .share(claims)
            .share(progress)
            .args(Integer.toString(p.index()), Integer.toString(partitions.size()),
                Long.toString(partitions.get(0).from()), Long.toString(partitions.get(partitions.size() - 1).to()),
                op.encode(), Long.toString(batch), options.prefault() ? "1" : "0",
                Long.toString(Math.max(1, options.timeout().toMillis())))
            .stdout(ShmProcess.Output.INHERIT)
            .stderr(ShmProcess.Output.CAPTURE)
            .jvmOptions(CHILD_JVM_OPTIONS)
            .jvmOptions(options.jvmOptions())
            .heap(options.heap())
            .fastStart(options.fastStart())
            .classDataArchive(options.classDataArchive())
            .shmOptions(options.shmOptions());
        if (op.isUser())
        {
            b.archivePreload(op.className());
        }
        if (null != options.java())
        {
            b.java(options.java());
        }
        if (null != options.classPath())
        {
            b.classPath(options.classPath());
        }
        return b;
    }

    /**
     * {@link #SOME_ENDED} if a child has ended (or was never started), else {@link #ALL_READY} if every child is
     * ready, else {@link #NOT_READY}.
     */
    private int readiness(final SharedLongArray control)
    {
        int result = ALL_READY;
        for (final Partition p : partitions)
        {
            final ShmProcess c = child(p.index());
            if (null == c || !c.isAlive())
            {
                return SOME_ENDED;
            }
            if (control.getAcquire(TransformWorker.workerBase(p.index()) + TransformWorker.READY) == 0)
            {
                result = NOT_READY;
            }
        }
        return result;
    }

    private boolean allEndedOrDone(final SharedLongArray control)
    {
        for (final Partition p : partitions)
        {
            final ShmProcess c = child(p.index());
            if (null != c && c.isAlive() &&
                control.getAcquire(TransformWorker.workerBase(p.index()) + TransformWorker.END) == 0)
            {
                return false;
            }
        }
        return true;
    }

    private ShmProcess child(final int index)
    {
        synchronized (children)
        {
            return children[index];
        }
    }

    /**
     * Call the progress listener; a listener that throws does not stop the transform (its children keep working
     * and are waited for as usual): it is not called again, and its exception goes to this thread's uncaught
     * exception handler.
     */
    private void report(final long done)
    {
        if (listenerFailed)
        {
            return;
        }
        try
        {
            options.progressListener().accept(done);
        }
        catch (final RuntimeException | Error ex)
        {
            listenerFailed = true;
            final Thread t = Thread.currentThread();
            try
            {
                t.getUncaughtExceptionHandler().uncaughtException(t, ex);
            }
            catch (final RuntimeException ignore)
            {
                // the handler failed too: nothing more to do
            }
        }
    }

    /** {@link #joinAll()} that cannot be interrupted (the interrupt is kept) nor throw. */
    private void reapAll()
    {
        boolean interrupted = false;
        while (true)
        {
            try
            {
                joinAll();
                break;
            }
            catch (final InterruptedException ex)
            {
                interrupted = true;
            }
            catch (final RuntimeException ex)
            {
                cancel();
                break;
            }
        }
        if (interrupted)
        {
            Thread.currentThread().interrupt();
        }
    }

    private void joinAll() throws InterruptedException
    {
        for (final Partition p : partitions)
        {
            final ShmProcess c = child(p.index());
            if (null == c)
            {
                continue;
            }
            // Children that finished their partition exit promptly; a killed child is reaped at once.
            if (!c.join(REAP_WAIT))
            {
                c.kill();
                c.join(REAP_WAIT);
            }
        }
    }

    private Object finish(
        final SharedLongArray control, final SharedLongArray claims, final ChildProcessException[] startFailures,
        final long t0, final long startupNanos, final boolean timedOut)
    {
        final WorkPlan.Leftovers left = plan.leftovers(claims, control);
        final List<TransformException.Failure> failures = new ArrayList<>();
        ChildProcessException firstCause = null;
        long lastEnd = 0;
        long firstStart = Long.MAX_VALUE;
        for (final Partition p : partitions)
        {
            final int base = TransformWorker.workerBase(p.index());
            final long end = control.getAcquire(base + TransformWorker.END);
            if (end != 0)
            {
                lastEnd = Math.max(lastEnd, end);
                firstStart = Math.min(firstStart, control.getAcquire(base + TransformWorker.START));
                continue;
            }
            final ShmProcess c = child(p.index());
            final int code = null == c ? ChildProcessException.NOT_ENDED :
                c.exitCode().orElse(ChildProcessException.NOT_ENDED);
            final int doubt = left.stoppedIn().indexOf(p.index());
            failures.add(new TransformException.Failure(p, null == c ? -1 : c.pid(), code,
                null == c ? "" : c.stderrTail(), doubt < 0 ? null : left.inDoubt().get(doubt)));
            if (null == firstCause)
            {
                firstCause = null != startFailures[p.index()] ? startFailures[p.index()] :
                    null == c ? null : c.failure(code);
            }
        }
        final long whole = System.nanoTime() - t0;
        if (failures.isEmpty() && left.allDone())
        {
            final long go = control.getAcquire(TransformWorker.GO_TIME);
            return new TransformResult(total, partitions, whole, startupNanos, Math.max(0, lastEnd - go),
                Math.max(0, lastEnd - firstStart));
        }
        final List<Partition> completed = new ArrayList<>();
        for (final Partition p : partitions)
        {
            if (left.partitionDone()[p.index()])
            {
                completed.add(p);
            }
        }
        final StringBuilder msg = new StringBuilder("transform ").append(op).append(" of '").append(array.name())
            .append("' failed: ").append(failures.size()).append(" of ").append(partitions.size())
            .append(" children did not finish");
        if (timedOut)
        {
            msg.append(" (timed out after ").append(options.timeout().toMillis()).append(" ms)");
        }
        else if (cancelled)
        {
            msg.append(" (cancelled)");
        }
        for (final TransformException.Failure f : failures)
        {
            msg.append("\n  ").append(f.describe());
        }
        for (final Partition p : partitions)
        {
            if (!left.partitionDone()[p.index()])
            {
                msg.append("\n  ").append(p).append(" did not finish: ").append(notDone(p, left));
            }
        }
        if (left.allDone())
        {
            msg.append("\n  every element is done");
        }
        for (final TransformException.Failure f : failures)
        {
            final String tail = f.stderrTail().strip();
            if (!tail.isEmpty())
            {
                msg.append("\n--- standard error of the child of ").append(f.partition()).append(" ---\n")
                    .append(tail.length() > TAIL_IN_MESSAGE ? "..." + tail.substring(tail.length() -
                    (int)TAIL_IN_MESSAGE) : tail);
            }
        }
        return new TransformException(msg.toString(), failures, completed, left.inDoubt(), left.untouched(),
            firstCause);
    }

    /** The ranges of a partition that are not done, in element order: "[a, b) may be half-done, [c, d) untouched". */
    private static String notDone(final Partition p, final WorkPlan.Leftovers left)
    {
        final List<String> parts = new ArrayList<>();
        long notDone = 0;
        final List<ElementRange> all = new ArrayList<>(left.inDoubt());
        all.addAll(left.untouched());
        all.sort((x, y) -> Long.compare(x.from(), y.from()));
        for (final ElementRange r : all)
        {
            final long from = Math.max(r.from(), p.from());
            final long to = Math.min(r.to(), p.to());
            if (from < to)
            {
                notDone += to - from;
                parts.add(new ElementRange(from, to) +
                    (left.inDoubt().contains(r) ? " may be half-done" : " untouched"));
            }
        }
        return String.join(", ", parts) + (notDone < p.length() ? "; the rest of it is done" : "");
    }

    @Override
    public String toString()
    {
        return "TransformHandle{op=" + op + ", array=" + array.name() + ", partitions=" + partitions.size() +
            ", progress=" + progress() + "/" + total + (isDone() ? ", done" : "") + "}";
    }
}
