package io.shmkit.pool;

import static io.shmkit.pool.PoolMessageDescriptor.COUNT_OFFSET;
import static io.shmkit.pool.PoolMessageDescriptor.ELEMENT_HEADER_LENGTH;
import static io.shmkit.pool.PoolMessageDescriptor.FIRST_OFFSET;
import static io.shmkit.pool.PoolMessageDescriptor.HEADER_LENGTH;
import static io.shmkit.pool.PoolMessageDescriptor.ID_OFFSET;
import static io.shmkit.pool.PoolMessageDescriptor.NULL_LENGTH;
import static io.shmkit.pool.PoolMessageDescriptor.TASK_ID_OFFSET;
import static io.shmkit.pool.PoolMessageDescriptor.TYPE_OFFSET;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import io.shmkit.queue.EndOfStreamException;
import io.shmkit.queue.MessageReader;
import io.shmkit.queue.ShmQueue;
import io.shmkit.queue.WaitStrategy;

/**
 * The parent's one reader of a pool's result queue, and its monitor of the workers: decodes results in place and
 * completes the tasks' futures, and notices a worker's death (the process layer's exit status, checked between
 * batches and on every exit notification), then, after reading every result the dead worker had written, hands the
 * tasks it still held to {@link WorkerSlots#onDeath}.
 *
 * <p><b>Note:</b> one thread; futures complete on it, so their dependent actions run on it too and must be short.
 */
final class ResultThread extends Thread implements MessageReader
{
    private static final int BATCH = 256;
    private static final int CHECK_EVERY = 4_096;
    private static final long DRAIN_DEAD_NS = TimeUnit.SECONDS.toNanos(5);

    private final PoolCore core;
    private final ShmQueue<byte[]> results;
    private final PoolIdler idler;
    private static final long CHECK_INTERVAL_NS = TimeUnit.MILLISECONDS.toNanos(5);
    /**
     * Longest sleep with no task in flight and every worker ready: new work, a worker's exit and the end unpark
     * the thread at once, so this only bounds how late anything else would be seen.
     */
    private static final long QUIET_PARK_NS = TimeUnit.MILLISECONDS.toNanos(50);

    private volatile boolean running = true;
    private volatile boolean parked;
    private volatile boolean woken;
    private volatile boolean exitNoticed;
    private volatile boolean closeOnExit;
    private int sinceCheck;
    private long lastCheck;

    ResultThread(final PoolCore core, final ShmQueue<byte[]> results, final WaitStrategy strategy)
    {
        super("shmkit-pool-results-" + results.name());
        setDaemon(true);
        this.core = core;
        this.results = results;
        this.idler = new PoolIdler(strategy);
    }

    /** New work was sent: results will come, so the thread spins again (and is unparked if it is parked). */
    void wake()
    {
        if (!woken)
        {
            woken = true;
        }
        if (parked)
        {
            LockSupport.unpark(this);
        }
    }

    /** A worker's process ended: check the workers now. */
    void noticeExit()
    {
        exitNoticed = true;
        LockSupport.unpark(this);
    }

    /** Stop after the current batch; the caller joins. */
    void finish()
    {
        running = false;
        LockSupport.unpark(this);
    }

    /**
     * Stop after the current batch and close the result queue when {@link #run()} returns: for a pool ended on this
     * thread (a future's dependent action), whose caller is still inside a drain of the ring.
     */
    void finishAndClose()
    {
        closeOnExit = true;
        running = false;
    }

    @Override
    public void run()
    {
        try
        {
            while (running)
            {
                final int n = drain();
                if (n > 0)
                {
                    idler.reset();
                    sinceCheck += n;
                    if (sinceCheck >= CHECK_EVERY)
                    {
                        checkDeaths();
                    }
                    continue;
                }
                if (exitNoticed || System.nanoTime() - lastCheck >= CHECK_INTERVAL_NS)
                {
                    exitNoticed = false;
                    checkDeaths();
                }
                if (woken)
                {
                    woken = false;
                    idler.reset();
                }
                final boolean parks = idler.parksNext();
                if (parks)
                {
                    parked = true;
                    // NOTE: parked is stored BEFORE woken is read, as wake() stores woken before reading parked
                    if (!results.isEmpty() || !running || woken)
                    {
                        parked = false;
                        continue;
                    }
                }
                // a starting worker's READY is awaited (Pool.start, a replacement): no quiet park, no stretch;
                // read only when this wait parks, not on every spin
                final boolean allReady = parks && core.slots.allReady();
                if (allReady && idler.sleepy() && core.quiet())
                {
                    LockSupport.parkNanos(QUIET_PARK_NS); // nothing can come but what unparks this thread
                }
                else
                {
                    idler.idle(allReady); // a long task's result may be seen up to 3 % late: PoolIdler
                }
                parked = false;
            }
        }
        catch (final RuntimeException | Error ex)
        {
            core.onReaderFailure(ex);
        }
        finally
        {
            if (closeOnExit)
            {
                results.close();
            }
        }
    }

    private void checkDeaths()
    {
        sinceCheck = 0;
        lastCheck = System.nanoTime();
        for (final WorkerHandle h : core.slots.live())
        {
            if (null != h.process && !h.process.isAlive())
            {
                drainAfterDeath();
                core.slots.onDeath(h);
            }
        }
    }

    /**
     * Read every result already written: the dead worker's complete messages are all in the ring; a message it
     * was writing when it died is skipped by the queue's consumer (a blocking poll unsticks the head).
     */
    private void drainAfterDeath()
    {
        final long deadline = System.nanoTime() + DRAIN_DEAD_NS;
        while (System.nanoTime() - deadline < 0)
        {
            if (drain() > 0)
            {
                continue;
            }
            if (results.isEmpty())
            {
                return;
            }
            try
            {
                final byte[] message = pollUnsticking();
                if (null != message)
                {
                    onMessage(new UnsafeBuffer(message), 0, message.length);
                }
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private byte[] pollUnsticking() throws InterruptedException
    {
        try
        {
            return results.poll(10, TimeUnit.MILLISECONDS);
        }
        catch (final EndOfStreamException ex)
        {
            return null;
        }
    }

    /** Read a batch; end of stream (every producer so far has closed or died) only means empty here. */
    private int drain()
    {
        try
        {
            return results.drain(this, BATCH);
        }
        catch (final EndOfStreamException ex)
        {
            return 0;
        }
    }

    @Override
    public void onMessage(final DirectBuffer buffer, final int offset, final int length)
    {
        final WorkerHandle h = core.slots.byId(buffer.getInt(offset + ID_OFFSET));
        if (null == h)
        {
            return;
        }
        final long taskId = buffer.getLong(offset + TASK_ID_OFFSET);
        switch (buffer.getInt(offset + TYPE_OFFSET))
        {
            case PoolMessageDescriptor.TYPE_RESULTS:
                onResults(h, taskId, buffer, offset);
                break;
            case PoolMessageDescriptor.TYPE_FAILED:
                if (buffer.getInt(offset + COUNT_OFFSET) == PoolMessageDescriptor.FAILED_FATAL)
                {
                    h.doom(); // it exits next: no task may go to it, even before its future completes
                }
                onFailed(h, taskId, buffer, offset + HEADER_LENGTH);
                break;
            case PoolMessageDescriptor.TYPE_READY:
                h.pid = taskId;
                h.ready = true;
                core.slots.onReady(h);
                break;
            default:
                break;
        }
    }

    private void onResults(final WorkerHandle h, final long taskId, final DirectBuffer buffer, final int offset)
    {
        final Pending p = h.find(taskId);
        if (null == p)
        {
            return; // a result of a task already failed or cancelled by terminate
        }
        final int count = buffer.getInt(offset + COUNT_OFFSET);
        final int first = buffer.getInt(offset + FIRST_OFFSET);
        int at = offset + HEADER_LENGTH;
        boolean done = false;
        try
        {
            for (int k = 0; k < count; k++)
            {
                final int n = buffer.getInt(at);
                final Object value = n == NULL_LENGTH ? null :
                    p.type.resultCodec.decode(buffer, at + ELEMENT_HEADER_LENGTH, n);
                at += ELEMENT_HEADER_LENGTH + Math.max(0, n);
                done = p.store(first + k, value);
            }
        }
        catch (final RuntimeException ex)
        {
            if (null != h.release(taskId))
            {
                core.settle(p, new PoolException("cannot decode a result of task " + p.type.name + " with " +
                    p.type.resultCodec + ": " + ex, ex));
            }
            return;
        }
        if (done && null != h.release(taskId))
        {
            core.settle(p, null);
        }
    }

    private void onFailed(final WorkerHandle h, final long taskId, final DirectBuffer buffer, final int offset)
    {
        int at = offset;
        final String type = buffer.getStringUtf8(at);
        at += Integer.BYTES + buffer.getInt(at);
        final int messageLength = buffer.getInt(at);
        final String message = messageLength == NULL_LENGTH ? null : buffer.getStringUtf8(at);
        at += Integer.BYTES + Math.max(0, messageLength);
        final String trace = buffer.getStringUtf8(at);
        if (taskId == WorkerLoop.INITIALIZER_TASK_ID)
        {
            h.initFailure = "the initializer failed: " + trace;
            return;
        }
        final Pending p = h.release(taskId);
        if (null != p)
        {
            core.settle(p, new PoolTaskException(p.type.name, h.index, type, message, trace));
        }
    }
}
