package io.shmkit.pool;

import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Encodes tasks and sends them to workers: the least loaded worker that takes tasks (ready ones first, ties
 * broken by a rotating start), or the one a pinned task names. A task is held by its worker before its request is
 * written (see {@link WorkerHandle}); a long chunk is written as several requests of at most the request queue's
 * largest message.
 *
 * <p><b>Note:</b> thread-safe: any thread may submit; each thread encodes into its own {@link Payload} (a fresh one
 * per task when the pool retries, which keeps it for a resend).
 */
final class Dispatcher
{
    private final PoolCore core;
    private final ThreadLocal<Payload> payloads = ThreadLocal.withInitial(Payload::new);
    private int rotor;

    Dispatcher(final PoolCore core)
    {
        this.core = core;
    }

    /**
     * Submit one task.
     *
     * @param pinned the worker index it must run on, or -1.
     * @return the task in flight.
     * @throws java.util.concurrent.RejectedExecutionException if the pool takes no new work.
     * @throws IllegalArgumentException if the task class is unusable or the argument too long for a request.
     */
    Pending submit(final Class<?> task, final Object argument, final int pinned)
    {
        final TaskType type = core.types.of(task);
        final Payload payload = payload();
        payload.add(type.argumentCodec, argument);
        return submit(type, payload, 1, true, pinned);
    }

    /**
     * Submit a chunk of {@code map}: elements {@code [from, to)} of {@code arguments}.
     *
     * @return the chunk in flight; its future completes with an {@code Object[]} of the results.
     */
    Pending submitChunk(final TaskType type, final List<?> arguments, final int from, final int to)
    {
        final Payload payload = payload();
        for (int i = from; i < to; i++)
        {
            payload.add(type.argumentCodec, arguments.get(i));
        }
        return submit(type, payload, to - from, false, -1);
    }

    /** As {@link PoolCore#checkNotReader}. */
    void checkNotReader(final String what)
    {
        core.checkNotReader(what);
    }

    private Payload payload()
    {
        final Payload p = core.retries > 0 ? new Payload() : payloads.get();
        p.reset();
        return p;
    }

    private Pending submit(final TaskType type, final Payload payload, final int count, final boolean single,
        final int pinned)
    {
        if (pinned < -1 || pinned >= core.workers)
        {
            throw new IllegalArgumentException("worker=" + pinned + " is not from 0 to " + (core.workers - 1));
        }
        final int room = core.slots.get(0).room();
        for (int i = 0; i < count; i++)
        {
            if (payload.end(i) - payload.start(i) > room)
            {
                throw new IllegalArgumentException("argument " + i + " of task " + type.name + " is " +
                    (payload.end(i) - payload.start(i)) + " bytes encoded; a request holds at most " + room +
                    " (PoolBuilder.requestCapacity)");
            }
        }
        final Pending p = new Pending(core, core.nextTaskId.getAndIncrement(), type, count, single, pinned,
            core.retries > 0 ? payload : null);
        core.accept(p);
        send(p, payload);
        return p;
    }

    /** Send an accepted task (again, for a retry) to a worker; settles it if no worker can take it. */
    void send(final Pending p, final Payload payload)
    {
        final long deadline = System.nanoTime() + core.startTimeout.toNanos();
        while (true)
        {
            if (core.state.get() >= PoolCore.STOPPING)
            {
                core.settle(p, new CancellationException("the pool " + core.name + " was terminated"));
                return;
            }
            final WorkerHandle h = pick(p.pinned);
            if (null != h && h.hold(p, p.pinned >= 0))
            {
                if (h.retiring())
                {
                    core.control.execute(() -> core.slots.replace(h.index, h));
                }
                core.reader.wake();
                boolean handedOff = false;
                try
                {
                    final int written = write(h, p, payload, 0, !core.onReader());
                    if (written >= 0 && written < p.count)
                    {
                        handedOff = handOff(h, p, payload.copy(), written);
                    }
                }
                finally
                {
                    if (!handedOff && h.written())
                    {
                        stop(h);
                    }
                }
                return;
            }
            if (System.nanoTime() - deadline > 0)
            {
                core.settle(p, new PoolException("no worker of pool " + core.name + " took the task within " +
                    core.startTimeout.toMillis() + " ms: " + (p.pinned >= 0 ? "worker " + p.pinned +
                    " is being replaced" : "no live worker (they keep failing to start?)")));
                return;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
    }

    private WorkerHandle pick(final int pinned)
    {
        if (pinned >= 0)
        {
            return core.slots.get(pinned);
        }
        final int n = core.workers;
        final int start = rotor++ & Integer.MAX_VALUE; // racy, but the race is benign: it only spreads ties
        WorkerHandle best = null;
        long bestScore = Long.MAX_VALUE;
        for (int k = 0; k < n; k++)
        {
            final WorkerHandle h = core.slots.get((start + k) % n);
            if (null == h || !h.accepting() || !h.process.isAlive()) // NOTE: exited, its death not yet handled
            {
                continue;
            }
            final long score = h.load + (h.ready ? 0 : 1L << 32);
            if (score < bestScore)
            {
                best = h;
                bestScore = score;
            }
        }
        return best;
    }

    /**
     * Write the requests of {@code p} from element {@code from} on.
     *
     * @param mayWait whether to wait for room; the result thread may not (see {@link #handOff}).
     * @return the element reached: {@code p.count} when all are written, less if there was no room and the caller
     *         may not wait, -1 if the worker is gone (its death settles the task).
     */
    private int write(final WorkerHandle h, final Pending p, final Payload payload, final int from,
        final boolean mayWait)
    {
        final int room = h.room();
        PoolIdler idler = null;
        int i = from;
        while (i < p.count)
        {
            final int n = payload.fitting(i, room); // once per request, not once per retry: it walks the elements
            final int start = payload.start(i);
            final int length = payload.end(i + n - 1) - start;
            int w;
            while ((w = h.tryWrite(p, n, i, payload, start, length)) == 0)
            {
                if (!mayWait)
                {
                    return i;
                }
                if (null == idler)
                {
                    idler = new PoolIdler(core.strategy);
                }
                core.reader.wake();
                idler.idle();
            }
            if (w < 0)
            {
                return -1;
            }
            if (null != idler)
            {
                idler.reset(); // the worker was draining: the next wait for room starts short again
            }
            i += n;
        }
        return i;
    }

    /**
     * The result thread (a dependent action of a future submits) found no room for a request: it must not wait for
     * it, since the worker may itself be waiting for room in the results that only this thread reads. The control
     * thread writes the rest, from a copy of the payload (this thread's is reused by its next task).
     *
     * @return true if handed off; false if the pool is ending (its termination settles the held task).
     */
    private boolean handOff(final WorkerHandle h, final Pending p, final Payload rest, final int from)
    {
        try
        {
            core.control.execute(() ->
            {
                try
                {
                    write(h, p, rest, from, true);
                }
                finally
                {
                    if (h.written())
                    {
                        stop(h);
                    }
                }
            });
            return true;
        }
        catch (final RejectedExecutionException ex)
        {
            return false;
        }
    }

    private void stop(final WorkerHandle h)
    {
        final PoolIdler idler = new PoolIdler(core.strategy);
        while (h.tryStop() == 0)
        {
            if (core.onReader()) // as in handOff: the result thread never waits for a request queue's room
            {
                try
                {
                    core.control.execute(() -> stop(h));
                }
                catch (final RejectedExecutionException ex)
                {
                    // the pool is ending: its workers are killed
                }
                return;
            }
            idler.idle();
        }
    }
}
