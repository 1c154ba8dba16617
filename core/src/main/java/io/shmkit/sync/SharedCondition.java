package io.shmkit.sync;

import static io.shmkit.sync.ConditionDescriptor.*;

import java.util.Date;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;
import java.util.function.BooleanSupplier;

import io.shmkit.internal.lock.LockAdapter;
import io.shmkit.internal.lock.RobustLock;
import io.shmkit.segment.SegmentKind;
import io.shmkit.segment.ShmOptions;

/**
 * Python's {@code multiprocessing.Condition}: a {@link Condition} with its own robust lock ({@link #getLock()}), in a
 * named segment of kind {@link SegmentKind#CONDITION} ({@link ConditionDescriptor}). Wait with the lock held:
 * {@link #await(long, TimeUnit)} releases it, waits for a signal, and takes it again before returning;
 * {@link #awaitUntil(BooleanSupplier, long, TimeUnit)} is Python's {@code wait_for(predicate, timeout)}.
 *
 * <p><b>Signals.</b> {@link #signal()} wakes at least one waiter; in this version every current waiter returns,
 * which {@link Condition} allows as spurious wake-ups (Python's {@code notify(n)} promises at most {@code n}): wait
 * in a loop over the predicate, or with {@code awaitUntil}. A signal with no waiter is lost, as in Java and Python.
 *
 * <p><b>Robustness.</b> A waiter never depends on the signaller staying alive to get its lock back: the lock is
 * robust (a dead holder is taken over; {@link #ownerDied()} tells), and every wait has a timed form.
 *
 * <p>Memory effects: those of the lock; what the signaller wrote under the lock is visible to the waiter once
 * {@code await} has returned with the lock.
 *
 * <p><b>Throws:</b> IllegalMonitorStateException ({@code await} or {@code signal} without the lock),
 * InterruptedException (interrupted in a wait; the lock is held again), IllegalStateException (closed),
 * IllegalArgumentException (invalid name), UncheckedIOException (name exists, no room, no such segment),
 * SegmentFormatException (not a condition).
 *
 * <p><b>Note:</b> thread-safe and process-safe; the lock is not reentrant and is owned per thread and handle in
 * this JVM. Waiters spin, yield, then park up to 100 µs (1 ms after 50 ms); untimed waits are interruptible (except
 * {@link #awaitUninterruptibly()}).
 */
public final class SharedCondition extends SyncObject implements Condition
{
    private final RobustLock lock;
    private final Lock view;

    private SharedCondition(final SyncSegment segment)
    {
        super(segment);
        this.lock = segment.lock(LOCK_SLOT, "condition '" + segment.name() + "'", RobustLock.DEFAULT_HANDOFF_AFTER_NS);
        this.view = new LockAdapter(lock, "a SharedCondition's lock has one condition: the SharedCondition");
    }

    /**
     * Create a condition with its lock, free.
     *
     * @param name    segment name.
     * @param options root directory and persistence.
     * @return the condition.
     * @throws java.io.UncheckedIOException if the name exists or there is no room.
     * @throws IllegalArgumentException     if the name is invalid.
     */
    public static SharedCondition create(final String name, final ShmOptions options)
    {
        return new SharedCondition(SyncSegment.create(name, SegmentKind.CONDITION, WORDS, 1, options, null));
    }

    /**
     * Open a condition by name.
     *
     * @param name    segment name.
     * @param options root directory and open timeout.
     * @return the condition.
     * @throws java.io.UncheckedIOException             if there is no such segment.
     * @throws io.shmkit.segment.SegmentFormatException if it is not a condition.
     * @throws IllegalArgumentException                 if the name is invalid.
     */
    public static SharedCondition open(final String name, final ShmOptions options)
    {
        return new SharedCondition(SyncSegment.open(name, SegmentKind.CONDITION, WORDS, 1, options));
    }

    /**
     * The condition's lock (Python's {@code acquire()}/{@code release()} are its {@code lock()}/{@code unlock()}),
     * the same object on every call; robust and non-reentrant, as {@link SharedLock}.
     *
     * @return the lock.
     */
    public Lock getLock()
    {
        return view;
    }

    /**
     * Whether the calling thread's current hold of the lock was taken over from a dead owner.
     *
     * @return true if so.
     */
    public boolean ownerDied()
    {
        return lock.ownerDied();
    }

    /**
     * Whether the calling thread holds the condition's lock through this handle.
     *
     * @return true if so.
     */
    public boolean isHeldByCurrentThread()
    {
        return lock.isHeldByCurrentThread();
    }

    /**
     * Wait for a signal; the lock is released meanwhile and held again on return.
     *
     * @throws InterruptedException         if interrupted (the lock is held again).
     * @throws IllegalMonitorStateException if the calling thread does not hold the lock.
     * @throws IllegalStateException        if closed.
     */
    @Override
    public void await() throws InterruptedException
    {
        awaitNanos(Long.MAX_VALUE);
    }

    /**
     * Wait for a signal, ignoring interrupts (the flag is set again on return if one came).
     *
     * @throws IllegalMonitorStateException if the calling thread does not hold the lock.
     * @throws IllegalStateException        if closed.
     */
    @Override
    public void awaitUninterruptibly()
    {
        boolean interrupted = false;
        while (true)
        {
            try
            {
                awaitNanos(Long.MAX_VALUE);
                break;
            }
            catch (final InterruptedException ex)
            {
                interrupted = true;
            }
        }
        if (interrupted)
        {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Wait at most {@code nanos} for a signal.
     *
     * @param nanos longest wait.
     * @return an estimate of the time left; 0 or less if the time elapsed.
     * @throws InterruptedException         if interrupted (the lock is held again).
     * @throws IllegalMonitorStateException if the calling thread does not hold the lock.
     * @throws IllegalStateException        if closed.
     */
    @Override
    public long awaitNanos(final long nanos) throws InterruptedException
    {
        final long start = System.nanoTime();
        final boolean signalled = awaitSignal(nanos);
        if (nanos == Long.MAX_VALUE)
        {
            return Long.MAX_VALUE;
        }
        final long left = nanos - (System.nanoTime() - start);
        return signalled ? Math.max(1, left) : Math.min(0, left);
    }

    /**
     * Wait at most {@code time} for a signal (Python's {@code wait(timeout)}).
     *
     * @param time longest wait.
     * @param unit its unit.
     * @return false if the time elapsed, true if signalled.
     * @throws InterruptedException         if interrupted (the lock is held again).
     * @throws IllegalMonitorStateException if the calling thread does not hold the lock.
     * @throws IllegalStateException        if closed.
     */
    @Override
    public boolean await(final long time, final TimeUnit unit) throws InterruptedException
    {
        return awaitSignal(Math.max(0, unit.toNanos(time)));
    }

    /**
     * Wait for a signal until {@code deadline}.
     *
     * @param deadline wall-clock deadline.
     * @return false if the deadline passed, true if signalled.
     * @throws InterruptedException         if interrupted (the lock is held again).
     * @throws IllegalMonitorStateException if the calling thread does not hold the lock.
     * @throws IllegalStateException        if closed.
     */
    @Override
    public boolean awaitUntil(final Date deadline) throws InterruptedException
    {
        return await(deadline.getTime() - System.currentTimeMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Python's {@code wait_for(predicate, timeout)}: wait, with the lock held around every evaluation, until
     * {@code predicate} is true or the time is spent.
     *
     * @param predicate what to wait for; evaluated with the lock held.
     * @param time      longest wait in all.
     * @param unit      its unit.
     * @return the predicate's last value.
     * @throws InterruptedException         if interrupted (the lock is held again).
     * @throws IllegalMonitorStateException if the calling thread does not hold the lock.
     * @throws IllegalStateException        if closed.
     */
    public boolean awaitUntil(final BooleanSupplier predicate, final long time, final TimeUnit unit)
        throws InterruptedException
    {
        final long timeoutNs = Math.max(0, unit.toNanos(time));
        final long start = System.nanoTime();
        while (!predicate.getAsBoolean())
        {
            final long left = timeoutNs == Long.MAX_VALUE ? Long.MAX_VALUE : timeoutNs - (System.nanoTime() - start);
            if (left <= 0)
            {
                return false;
            }
            awaitSignal(left);
        }
        return true;
    }

    /**
     * Wake at least one waiter (see the class comment).
     *
     * @throws IllegalMonitorStateException if the calling thread does not hold the lock.
     * @throws IllegalStateException        if closed.
     */
    @Override
    public void signal()
    {
        signalAll();
    }

    /**
     * Wake every waiter (Python's {@code notify_all()}).
     *
     * @throws IllegalMonitorStateException if the calling thread does not hold the lock.
     * @throws IllegalStateException        if closed.
     */
    @Override
    public void signalAll()
    {
        checkHeld();
        if (segment.get(WAITERS_OFFSET) > 0)
        {
            segment.getAndAdd(SEQUENCE_OFFSET, 1);
        }
    }

    /**
     * Threads in {@code await} now (killed waiters stay counted).
     *
     * @return the count.
     * @throws IllegalStateException if closed.
     */
    public long waiters()
    {
        segment.checkOpen();
        return segment.get(WAITERS_OFFSET);
    }

    private boolean awaitSignal(final long timeoutNs) throws InterruptedException
    {
        checkHeld();
        final long seen = segment.get(SEQUENCE_OFFSET);
        segment.set(WAITERS_OFFSET, segment.get(WAITERS_OFFSET) + 1);
        lock.release();
        boolean signalled = false;
        try
        {
            signalled = Waits.await(segment, timeoutNs, slow -> segment.get(SEQUENCE_OFFSET) != seen);
        }
        finally
        {
            // The lock comes back whatever happened, as Condition requires; a dead holder is taken over.
            lock.acquire(Long.MAX_VALUE, false);
            segment.set(WAITERS_OFFSET, Math.max(0, segment.get(WAITERS_OFFSET) - 1));
        }
        return signalled;
    }

    private void checkHeld()
    {
        segment.checkOpen();
        if (!lock.isHeldByCurrentThread())
        {
            throw new IllegalMonitorStateException("the lock of condition '" + segment.name() +
                "' is not held by this thread through this handle");
        }
    }
}
