package io.shmkit.transform;

import static io.shmkit.transform.TransformControl.ARMED_OFFSET;
import static io.shmkit.transform.TransformControl.GO_ABORT;
import static io.shmkit.transform.TransformControl.GO_OFFSET;
import static io.shmkit.transform.TransformControl.GO_TIME_OFFSET;
import static io.shmkit.transform.TransformControl.GO_WAIT;
import static io.shmkit.transform.TransformControl.GO_WORK;
import static io.shmkit.transform.TransformControl.READY_OFFSET;
import static io.shmkit.transform.TransformControl.workerBase;
import static io.shmkit.transform.TransformControl.workers;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

import io.shmkit.SharedLongArray;

/**
 * The start of a transform's phase, over the control array laid out in {@link TransformControl}: a child that
 * becomes ready stores its {@code READY} (volatile) and waits, parked, until every sibling's is set; it then
 * stores its {@code ARMED} (volatile) and spins. The last to arm sees every {@code ARMED} set and moves
 * {@code GO} from wait to work with a compare-and-set. A volatile store orders a child's own flag before its
 * reads of the others', so two children arming together cannot both miss each other: at least one sees all set.
 * The parent moves {@code GO} itself only when a child ended before the start, or as a fallback after a grace
 * period, and to abort on a timeout; {@code GO} moves once, whoever moves it.
 *
 * <p>A class of its own, apart from {@link TransformWorker}: transform children compile the worker's methods in
 * the foreground (see {@link TransformJvm#HOT_PATH}), and a long wait here must not stop for a compilation of its
 * spinning loop.
 *
 * <p><b>Note:</b> static methods over shared memory, safe for any number of processes and threads.
 */
final class TransformStart
{
    /** First park while waiting for the siblings to become ready. */
    private static final long PARK_MIN_NS = 50_000;
    /** Longest park while waiting for the siblings to become ready. */
    private static final long PARK_MAX_NS = 250_000;
    /** While armed: one yield per this many spins (a power of two). */
    private static final int ARMED_SPINS = 1_024;

    private TransformStart()
    {
    }

    /**
     * Whether every worker has set the flag at {@code slot} (volatile reads).
     *
     * @param control the control array.
     * @param slot    {@link TransformControl#READY_OFFSET} or {@link TransformControl#ARMED_OFFSET}.
     * @return true if every worker's is non-zero.
     */
    static boolean allSet(final SharedLongArray control, final int slot)
    {
        for (int w = workers(control) - 1; w >= 0; w--)
        {
            if (control.get(workerBase(w) + slot) == 0)
            {
                return false;
            }
        }
        return true;
    }

    /**
     * Move GO from wait to {@code state} unless it has moved already, recording in GO_TIME the wall-clock time
     * read just before, when this call made the move.
     *
     * @param control the control array.
     * @param state   {@link TransformControl#GO_WORK} or {@link TransformControl#GO_ABORT}.
     * @return whether this call moved it.
     */
    static boolean tryStart(final SharedLongArray control, final long state)
    {
        final long now = TransformControl.epochNanos();
        if (control.compareAndSet(GO_OFFSET, GO_WAIT, state))
        {
            control.setRelease(GO_TIME_OFFSET, now);
            return true;
        }
        return false;
    }

    /**
     * Wait for GO, this worker's READY already set. Until every worker is ready: bounded spinning, then yielding;
     * when there are more workers than CPUs, then parking with exponential back-off (from {@link #PARK_MIN_NS} to
     * {@link #PARK_MAX_NS}), so that a waiting child leaves the CPU to its siblings' start-up. Once every worker is
     * ready: arm, and spin on a CPU of its own, yielding every {@link #ARMED_SPINS} spins to a sibling or the
     * parent that may need the CPU; the last to arm sets GO. So at GO every child is running, each where the
     * scheduler has already placed it: a child woken from a park at GO may land on a CPU its sibling is using and
     * share it until the load balancer moves one of them, milliseconds later. With a CPU for every worker, a
     * child does not park at all: a sibling woken from a park to arm could still land on the CPU of a sibling
     * already armed, which then saw GO 1–3 ms late in about a fifth of the runs of the side-by-side harness
     * (0.2–0.45 ms when none parks).
     *
     * @param control   the control array.
     * @param base      this worker's first slot.
     * @param timeoutMs how long to wait at most.
     * @param stop      null in a child (killed to stop); the caller's part's stop flag ({@link CallerPart}), which
     *                  ends the wait as an abort.
     * @return true on work, false on abort (or a stop).
     * @throws IllegalStateException if GO has not moved within {@code timeoutMs}.
     */
    static boolean awaitGo(
        final SharedLongArray control, final int base, final long timeoutMs, final AtomicBoolean stop)
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        final boolean parks = workers(control) > Runtime.getRuntime().availableProcessors();
        long park = PARK_MIN_NS;
        int spins = 0;
        boolean armed = false;
        while (true)
        {
            final long go = control.getAcquire(GO_OFFSET);
            if (go == GO_WORK)
            {
                return true;
            }
            if (go == GO_ABORT || (null != stop && stop.get()))
            {
                return false;
            }
            if (System.nanoTime() - deadline > 0)
            {
                throw new IllegalStateException("the transform did not start within " + timeoutMs + " ms");
            }
            if (!armed && allSet(control, READY_OFFSET))
            {
                armed = true;
                spins = 0;
                control.set(base + ARMED_OFFSET, 1);
                if (allSet(control, ARMED_OFFSET))
                {
                    tryStart(control, GO_WORK);
                    continue;
                }
            }
            if (armed)
            {
                if ((++spins & (ARMED_SPINS - 1)) == 0)
                {
                    Thread.yield();
                }
                else
                {
                    Thread.onSpinWait();
                }
            }
            else if (spins < 200)
            {
                spins++;
                Thread.onSpinWait();
            }
            else if (spins < 400 || !parks)
            {
                spins = Math.min(spins + 1, 400);
                Thread.yield();
            }
            else
            {
                LockSupport.parkNanos(park);
                park = Math.min(park * 2, PARK_MAX_NS);
            }
        }
    }
}
