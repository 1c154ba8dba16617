package io.shmkit.sync;

import static io.shmkit.sync.EventDescriptor.*;

import java.util.concurrent.TimeUnit;

import io.shmkit.segment.SegmentKind;
import io.shmkit.segment.ShmOptions;

/**
 * Python's {@code multiprocessing.Event}: a flag that {@link #set()} raises and {@link #clear()} lowers, and
 * {@link #await(long, TimeUnit)} waits for (Python's {@code wait}; the name of {@code CountDownLatch.await}). A
 * named segment of kind {@link SegmentKind#EVENT} ({@link EventDescriptor}) without locks: no process can die
 * holding anything, so no death can wedge it. A waiter cannot know whether the process that would set the event
 * is still alive: use the timed form where that matters.
 *
 * <p>As in Python, a waiter returns true if the flag was set when it looked, or if a {@code set()} happened while
 * it waited, even if a {@code clear()} followed before it woke.
 *
 * <p>Memory effects: {@code set} and {@code clear} are volatile writes (as {@code VarHandle#setVolatile}),
 * {@code isSet} and the waits volatile reads: actions before a {@code set()} happen-before the return of a wait that
 * sees it, in any process.
 *
 * <p><b>Throws:</b> IllegalStateException (closed, also while waiting), InterruptedException (interrupted while
 * waiting), IllegalArgumentException (invalid name), UncheckedIOException (name exists, no room, no such segment),
 * SegmentFormatException (not an event).
 *
 * <p><b>Note:</b> thread-safe and process-safe. Waiters spin, yield, then park up to 100 µs (1 ms after the first
 * 50 ms) between looks: that bounds the wake-up latency; untimed waits are interruptible.
 */
public final class SharedEvent extends SyncObject
{
    private SharedEvent(final SyncSegment segment)
    {
        super(segment);
    }

    /**
     * Create an event, clear.
     *
     * @param name    segment name.
     * @param options root directory and persistence.
     * @return the event.
     * @throws java.io.UncheckedIOException if the name exists or there is no room.
     * @throws IllegalArgumentException     if the name is invalid.
     */
    public static SharedEvent create(final String name, final ShmOptions options)
    {
        return new SharedEvent(SyncSegment.create(name, SegmentKind.EVENT, WORDS, 0, options, null));
    }

    /**
     * Open an event by name.
     *
     * @param name    segment name.
     * @param options root directory and open timeout.
     * @return the event.
     * @throws java.io.UncheckedIOException             if there is no such segment.
     * @throws io.shmkit.segment.SegmentFormatException if it is not an event.
     * @throws IllegalArgumentException                 if the name is invalid.
     */
    public static SharedEvent open(final String name, final ShmOptions options)
    {
        return new SharedEvent(SyncSegment.open(name, SegmentKind.EVENT, WORDS, 0, options));
    }

    /**
     * Raise the flag and wake every waiter.
     *
     * @throws IllegalStateException if closed.
     */
    public void set()
    {
        segment.checkOpen();
        // NOTE: the count and the flag change in ONE compare-and-set of one word. With two words (a flag, then a
        // sequence, or the reverse) a clear() or a waiter's read could fall between the two stores, and a waiter
        // returned for a set() it never waited through, or a stale flag outlived a clear() (found by the latency
        // harness: a ping-pong on two events stalled for a whole timeout).
        // An event already set stays as it is: no waiter can be waiting on it (a waiter that saw it set returned),
        // and not writing keeps the line every waiter polls clean. So the count is of sets that raised the flag.
        long w;
        do
        {
            w = segment.get(STATE_OFFSET);
            if ((w & FLAG) != 0)
            {
                return;
            }
        }
        while (!segment.compareAndSet(STATE_OFFSET, w, (((w >>> 1) + 1) << 1) | FLAG));
    }

    /**
     * Lower the flag.
     *
     * @throws IllegalStateException if closed.
     */
    public void clear()
    {
        segment.checkOpen();
        long w;
        do
        {
            w = segment.get(STATE_OFFSET);
        }
        while ((w & FLAG) != 0 && !segment.compareAndSet(STATE_OFFSET, w, w & ~FLAG));
    }

    /**
     * Whether the flag is up (Python's {@code is_set()}).
     *
     * @return true if set.
     * @throws IllegalStateException if closed.
     */
    public boolean isSet()
    {
        segment.checkOpen();
        return (segment.get(STATE_OFFSET) & FLAG) != 0;
    }

    /**
     * Wait until the flag is set.
     *
     * @throws InterruptedException  if interrupted while waiting.
     * @throws IllegalStateException if closed (also while waiting).
     */
    public void await() throws InterruptedException
    {
        await(Long.MAX_VALUE, TimeUnit.NANOSECONDS);
    }

    /**
     * Wait at most {@code time} until the flag is set (Python's {@code wait(timeout)}).
     *
     * @param time longest wait; 0 or less only looks.
     * @param unit its unit.
     * @return true if the flag was set, or set while waiting; false if the time elapsed.
     * @throws InterruptedException  if interrupted while waiting.
     * @throws IllegalStateException if closed (also while waiting).
     */
    public boolean await(final long time, final TimeUnit unit) throws InterruptedException
    {
        segment.checkOpen();
        // one read of the state: a later change of the count is a set() made after this await began
        final long seen = segment.get(STATE_OFFSET);
        if ((seen & FLAG) != 0)
        {
            return true;
        }
        segment.getAndAdd(WAITERS_OFFSET, 1);
        try
        {
            return Waits.await(segment, Math.max(0, unit.toNanos(time)),
                slow -> segment.get(STATE_OFFSET) != seen);
        }
        finally
        {
            if (!segment.isClosed()) // a handle closed under a waiter is unmapped: nothing more to write
            {
                segment.getAndAdd(WAITERS_OFFSET, -1);
            }
        }
    }

    /**
     * Threads waiting now (killed waiters stay counted).
     *
     * @return the count.
     * @throws IllegalStateException if closed.
     */
    public long waiters()
    {
        segment.checkOpen();
        return segment.get(WAITERS_OFFSET);
    }
}
