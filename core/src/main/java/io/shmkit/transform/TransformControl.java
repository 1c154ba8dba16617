package io.shmkit.transform;

import io.shmkit.SharedLong;
import io.shmkit.SharedLongArray;
import io.shmkit.process.ChildContext;
import io.shmkit.segment.ShmOptions;

/**
 * The shared state of one {@link Transforms} call: the layout of its control array (the one place it is
 * written down), and the three lock-free segments it lives in, created, closed and unlinked together: the
 * control array ({@code NAME-ctl}), the claim slots ({@code NAME-clm}, one per unit, laid out in
 * {@link WorkPlan}) and the progress counter ({@code NAME-prg}, elements done). All three are {@code 'q'}.
 *
 * <h2>Control array</h2>
 * Slots of 8 bytes; one 64-byte line ({@link #LINE_SLOTS} slots) for the call, then one per worker {@code w},
 * at {@link #workerBase(int) workerBase(w)} {@code = 8 * (w + 1)}:
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                        (unused)                          slot 0|
 *  +---------------------------------------------------------------+
 *  |  GO: 0 wait, 1 work, -1 abort; moved from 0 once, by CAS  slot 1|
 *  +---------------------------------------------------------------+
 *  |  GO_TIME: wall-clock ns read just before that CAS          slot 2|
 *  +---------------------------------------------------------------+
 *  |                   (unused, to the end of the line)   slots 3..7|
 *  +===============================================================+
 *  |                        (unused)                   workerBase(w)|
 *  +---------------------------------------------------------------+
 *  |  START: wall-clock ns at which worker w saw GO                +1|
 *  +---------------------------------------------------------------+
 *  |  END: wall-clock ns at which it found no unit left (0 before) +2|
 *  +---------------------------------------------------------------+
 *  |  READY: 1 once ready to work (volatile)                      +3|
 *  +---------------------------------------------------------------+
 *  |  IN_PROGRESS: first element of the unit it is inside, or NONE +4|
 *  +---------------------------------------------------------------+
 *  |  ARMED: 1 once it has seen every worker ready (volatile)     +5|
 *  +---------------------------------------------------------------+
 *  |                   (unused, to the end of the line)     +6, +7|
 *  +---------------------------------------------------------------+
 * </pre>
 * {@code GO} is moved from {@link #GO_WAIT} once, by compare-and-set: to {@link #GO_WORK} by the last child to
 * arm, or by the parent when a child ended before the start (or the children have not started within a grace
 * period); to {@link #GO_ABORT} by the parent only (see {@link TransformStart}). {@code GO_TIME} is written
 * (release) by the winner of that compare-and-set. A worker writes only its own line: {@code START} and
 * {@code END} with release stores, {@code READY} and {@code ARMED} volatile (it then reads its siblings'),
 * {@code IN_PROGRESS} with release stores around each unit ({@link #create} sets it to {@link #NONE}).
 * Wall-clock nanoseconds ({@link #epochNanos()}) because {@code System.nanoTime()} is not comparable between
 * processes.
 *
 * <p><b>Note:</b> the layout is static; an instance is used by one thread of each process (the coordinating
 * thread, or a child's worker), and the segments are safe for any number of processes.
 */
final class TransformControl implements AutoCloseable
{
    /** Slots per 64-byte line: the call's line and each worker's. */
    static final int LINE_SLOTS = 8;
    /** The start flag: {@link #GO_WAIT}, {@link #GO_WORK} or {@link #GO_ABORT}. */
    static final int GO_OFFSET = 1;
    /** Wall-clock ns of the move of {@code GO}. */
    static final int GO_TIME_OFFSET = GO_OFFSET + 1;
    /** A worker's first slot, relative to {@link #workerBase}: unused. */
    static final int WORKER_OFFSET = 0;
    /** Wall-clock ns at which the worker saw GO, relative to {@link #workerBase}. */
    static final int START_OFFSET = WORKER_OFFSET + 1;
    /** Wall-clock ns at which the worker found no unit left (0 before), relative to {@link #workerBase}. */
    static final int END_OFFSET = START_OFFSET + 1;
    /** 1 once the worker is ready, relative to {@link #workerBase}. */
    static final int READY_OFFSET = END_OFFSET + 1;
    /** First element of the unit being transformed, or {@link #NONE}, relative to {@link #workerBase}. */
    static final int IN_PROGRESS_OFFSET = READY_OFFSET + 1;
    /** 1 once the worker has seen every worker ready and spins for GO, relative to {@link #workerBase}. */
    static final int ARMED_OFFSET = IN_PROGRESS_OFFSET + 1;

    /** {@code IN_PROGRESS}: no unit is being transformed. */
    static final long NONE = -1;
    /** {@code GO}: wait. */
    static final long GO_WAIT = 0;
    /** {@code GO}: work. */
    static final long GO_WORK = 1;
    /** {@code GO}: abort. */
    static final long GO_ABORT = -1;

    private static final String CONTROL_SUFFIX = "-ctl";
    private static final String CLAIMS_SUFFIX = "-clm";
    private static final String PROGRESS_SUFFIX = "-prg";

    private final String name;
    private final SharedLongArray control;
    private final SharedLongArray claims;
    private final SharedLong progress;
    /** Whether {@link #close()} unlinks the segments (the creator's), else only closes them, or neither. */
    private final Ownership ownership;

    private TransformControl(
        final String name, final SharedLongArray control, final SharedLongArray claims, final SharedLong progress,
        final Ownership ownership)
    {
        this.name = name;
        this.control = control;
        this.claims = claims;
        this.progress = progress;
        this.ownership = ownership;
    }

    /** What {@link #close()} does. */
    private enum Ownership
    {
        /** Unlinks and closes: the creator of named segments. */
        CREATOR,
        /** Closes: the creator of segments unlinked at once, or a process that opened them by name. */
        SCRATCH,
        /** Nothing: a child's context closes what it opened. */
        CHILD
    }

    /**
     * The first slot of worker {@code w}'s line.
     *
     * @param worker the worker's index.
     * @return {@code 8 * (worker + 1)}.
     */
    static int workerBase(final int worker)
    {
        return LINE_SLOTS * (worker + 1);
    }

    /**
     * The length of the control array of {@code workers} workers.
     *
     * @param workers the number of workers.
     * @return its number of slots.
     */
    static int length(final int workers)
    {
        return LINE_SLOTS * (workers + 1);
    }

    /**
     * The number of workers a control array serves.
     *
     * @param control the control array.
     * @return its number of workers.
     */
    static int workers(final SharedLongArray control)
    {
        return (int)(control.length() / LINE_SLOTS) - 1;
    }

    /**
     * Wall-clock nanoseconds since the epoch, the clock of {@code GO_TIME}, {@code START} and {@code END}.
     *
     * @return the time.
     */
    static long epochNanos()
    {
        final java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    /**
     * Create the three segments of a transform, every worker's {@code IN_PROGRESS} set to {@link #NONE}; if one
     * cannot be created, those already created are unlinked and closed.
     *
     * @param name    the common prefix of the three names.
     * @param workers the number of workers.
     * @param units   the number of units (claim slots).
     * @param options root and options of the segments (created without locks).
     * @return the owner of the segments: its {@link #close()} unlinks them.
     * @throws java.io.UncheckedIOException if a segment cannot be created.
     */
    static TransformControl create(final String name, final int workers, final int units, final ShmOptions options)
    {
        return create(name, workers, units, options, Ownership.CREATOR);
    }

    /**
     * Create the three segments of a private run (a warm-up, a training run) and unlink their names at once, so
     * that nothing is left behind however the run ends; otherwise as {@link #create}.
     *
     * @param name    the common prefix of the three names.
     * @param workers the number of workers.
     * @param units   the number of units (claim slots).
     * @param options root and options of the segments (created without locks).
     * @return the segments: {@link #close()} closes them.
     * @throws java.io.UncheckedIOException if a segment cannot be created.
     */
    static TransformControl scratch(final String name, final int workers, final int units, final ShmOptions options)
    {
        final TransformControl c = create(name, workers, units, options, Ownership.SCRATCH);
        c.control.unlink();
        c.claims.unlink();
        c.progress.unlink();
        return c;
    }

    private static TransformControl create(
        final String name, final int workers, final int units, final ShmOptions options, final Ownership ownership)
    {
        final ShmOptions raw = options.withLock(false);
        final SharedLongArray control = SharedLongArray.create(name + CONTROL_SUFFIX, 'q', length(workers), raw);
        SharedLongArray claims = null;
        try
        {
            claims = SharedLongArray.create(name + CLAIMS_SUFFIX, 'q', units, raw);
            final SharedLong progress = SharedLong.create(name + PROGRESS_SUFFIX, 'q', 0, raw);
            for (int w = 0; w < workers; w++)
            {
                control.setRelease(workerBase(w) + IN_PROGRESS_OFFSET, NONE);
            }
            return new TransformControl(name, control, claims, progress, ownership);
        }
        catch (final RuntimeException ex)
        {
            discard(control);
            if (null != claims)
            {
                discard(claims);
            }
            throw ex;
        }
    }

    /**
     * Open the segments of a transform in a child, through its context (which closes them when the task ends).
     *
     * @param context the child's context.
     * @param name    the common prefix of the three names.
     * @param units   the number of units the child's plan has.
     * @return the segments; {@link #close()} leaves them to the context.
     * @throws IllegalStateException if the claim slots do not match {@code units}.
     */
    static TransformControl open(final ChildContext context, final String name, final int units)
    {
        final SharedLongArray claims = checkUnits(context.longArray(name + CLAIMS_SUFFIX), units);
        return new TransformControl(name, context.longArray(name + CONTROL_SUFFIX), claims,
            context.longValue(name + PROGRESS_SUFFIX), Ownership.CHILD);
    }

    /**
     * Open the segments of a transform in a process that outlives it (a pool's worker): {@link #close()} closes
     * them, and never unlinks (the coordinating process owns them).
     *
     * @param options the root to open them in.
     * @param name    the common prefix of the three names.
     * @param units   the number of units the worker's plan has.
     * @return the segments.
     * @throws java.io.UncheckedIOException if a segment does not exist.
     * @throws IllegalStateException        if the claim slots do not match {@code units}.
     */
    static TransformControl open(final ShmOptions options, final String name, final int units)
    {
        final SharedLongArray control = SharedLongArray.open(name + CONTROL_SUFFIX, options);
        SharedLongArray claims = null;
        try
        {
            claims = SharedLongArray.open(name + CLAIMS_SUFFIX, options);
            checkUnits(claims, units);
            return new TransformControl(name, control, claims, SharedLong.open(name + PROGRESS_SUFFIX, options),
                Ownership.SCRATCH);
        }
        catch (final RuntimeException ex)
        {
            control.close();
            if (null != claims)
            {
                claims.close();
            }
            throw ex;
        }
    }

    private static SharedLongArray checkUnits(final SharedLongArray claims, final int units)
    {
        if (claims.length() != units)
        {
            throw new IllegalStateException(
                "the claims array has " + claims.length() + " slots for " + units + " units");
        }
        return claims;
    }

    /**
     * Put the segments back in the state {@link #create} left them in (every slot and claim 0, the progress 0,
     * every worker's {@code IN_PROGRESS} {@link #NONE}), for another transform of the same shape; only while no
     * process uses them (the control line last, with release stores).
     */
    void reset()
    {
        for (long u = 0, n = claims.length(); u < n; u++)
        {
            if (claims.getPlain(u) != 0)
            {
                claims.setPlain(u, 0);
            }
        }
        progress.set(0);
        final int workers = workers(control);
        for (long i = 0, n = control.length(); i < n; i++)
        {
            control.setRelease(i, 0);
        }
        for (int w = 0; w < workers; w++)
        {
            control.setRelease(workerBase(w) + IN_PROGRESS_OFFSET, NONE);
        }
    }

    /**
     * The common prefix of the segments' names.
     *
     * @return the name.
     */
    String name()
    {
        return name;
    }

    /**
     * The control array.
     *
     * @return the array, laid out as the class comment shows.
     */
    SharedLongArray control()
    {
        return control;
    }

    /**
     * The claim slots, one per unit.
     *
     * @return the array, laid out as {@link WorkPlan} shows.
     */
    SharedLongArray claims()
    {
        return claims;
    }

    /**
     * The progress counter.
     *
     * @return the number of elements done so far.
     */
    SharedLong progress()
    {
        return progress;
    }

    /**
     * Read a slot of worker {@code w}'s line, with memory effects as specified by {@code VarHandle#getAcquire}.
     *
     * @param worker the worker.
     * @param offset one of the {@code *_OFFSET} constants of a worker's line.
     * @return the slot's value.
     */
    long workerSlot(final int worker, final int offset)
    {
        return control.getAcquire(workerBase(worker) + offset);
    }

    /**
     * Read a slot of the call's line, with memory effects as specified by {@code VarHandle#getAcquire}.
     *
     * @param offset {@link #GO_OFFSET} or {@link #GO_TIME_OFFSET}.
     * @return the slot's value.
     */
    long callSlot(final int offset)
    {
        return control.getAcquire(offset);
    }

    /**
     * Release the three segments: unlink and close them if {@link #create} made them, close them if
     * {@link #scratch} or {@link #open(ShmOptions, String, int)} did; leave them to the context if
     * {@link #open(ChildContext, String, int)} did.
     */
    @Override
    public void close()
    {
        if (ownership == Ownership.CHILD)
        {
            return;
        }
        if (ownership == Ownership.CREATOR)
        {
            control.unlink();
            claims.unlink();
            progress.unlink();
        }
        control.close();
        claims.close();
        progress.close();
    }

    private static void discard(final SharedLongArray array)
    {
        array.unlink();
        array.close();
    }
}
