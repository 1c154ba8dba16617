package io.shmkit.pool;

import java.lang.invoke.VarHandle;
import java.util.function.BooleanSupplier;

import io.shmkit.SharedLongArray;
import io.shmkit.queue.ShmQueue;
import io.shmkit.segment.ShmOptions;

/**
 * Which workers of a pool sleep on their wake channel: segment {@code P.wake}, a typed array of W longs ({@code 'q'},
 * no lock), one per worker index.
 *
 * <pre>
 *   0               8               16                     8 * W
 *  +---------------+---------------+-- ... --+---------------+
 *  |  worker 0     |  worker 1     |         |  worker W-1   |   AWAKE (0) or ASLEEP (1)
 *  +---------------+---------------+-- ... --+---------------+
 * </pre>
 *
 * <p>The protocol (a Dekker pair, every access volatile or a CAS): a worker stores ASLEEP, then looks at its request
 * queue, and blocks on its wake channel only if the queue is empty; the parent writes a request, then (after a full
 * fence) reads the flag, and if it is ASLEEP swaps it to AWAKE and sends one wake-up. Either the worker sees the
 * request or the parent sees the flag, so a request never waits for a sleeping worker. A wake-up sent to a worker
 * that then found the request itself stays in the pipe and only makes its next sleep return at once.
 *
 * <p><b>Note:</b> thread- and process-safe; each worker writes its own flag, the parent swaps it.
 */
final class WakeFlags implements AutoCloseable
{
    static final long AWAKE = 0;
    static final long ASLEEP = 1;

    private final SharedLongArray flags;

    private WakeFlags(final SharedLongArray flags)
    {
        this.flags = flags;
    }

    /** Create the pool's flags, all AWAKE. */
    static WakeFlags create(final String name, final int workers, final ShmOptions options)
    {
        return new WakeFlags(SharedLongArray.create(name, 'q', workers, options.withLock(false)));
    }

    /** As {@link #create(String, int, ShmOptions)}; if that fails, {@code created} (made before) is removed. */
    static WakeFlags create(final String name, final int workers, final ShmOptions options,
        final ShmQueue<byte[]> created)
    {
        try
        {
            return create(name, workers, options);
        }
        catch (final RuntimeException | Error ex)
        {
            created.unlink();
            created.close();
            throw ex;
        }
    }

    /** Open them in a worker. */
    static WakeFlags open(final String name, final ShmOptions options)
    {
        return new WakeFlags(SharedLongArray.open(name, options));
    }

    String name()
    {
        return flags.name();
    }

    /**
     * Worker {@code index}: sleep, the worker's half of the protocol. Store ASLEEP, look for work once more, and
     * wait only if there is none; then store AWAKE.
     *
     * @param hasWork whether a request is waiting (a volatile read of the worker's queue).
     * @param await   blocks until a wake-up (or a time limit); returns false if the wake channel has ended.
     * @return true if work was found before sleeping, else what {@code await} returned.
     */
    boolean sleep(final int index, final BooleanSupplier hasWork, final BooleanSupplier await)
    {
        asleep(index);
        if (hasWork.getAsBoolean())
        {
            awake(index); // NOTE: a request came before the flag was seen: run it (a wake-up may follow)
            return true;
        }
        final boolean woken = await.getAsBoolean();
        awake(index);
        return woken;
    }

    /** Worker: about to sleep; the caller then looks at its queue once more. */
    void asleep(final int index)
    {
        flags.set(index, ASLEEP);
    }

    /** Worker: awake (woken, or it found work before sleeping). */
    void awake(final int index)
    {
        flags.set(index, AWAKE);
    }

    /**
     * Parent, after writing a request for worker {@code index}: whether it must be woken (true at most once per
     * sleep).
     *
     * @return true if the worker was asleep and this caller took the duty to wake it.
     */
    boolean takeSleeper(final int index)
    {
        VarHandle.fullFence(); // NOTE: the request's release store BEFORE the flag's load (the Dekker pair)
        return flags.get(index) == ASLEEP && flags.compareAndSet(index, ASLEEP, AWAKE);
    }

    /** Remove the segment (parent, at the pool's end). */
    void unlink()
    {
        flags.unlink();
    }

    @Override
    public void close()
    {
        flags.close();
    }
}
