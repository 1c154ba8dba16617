package io.shmkit.pool;

import static io.shmkit.pool.PoolMessageDescriptor.HEADER_LENGTH;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

import org.agrona.ExpandableArrayBuffer;
import org.agrona.collections.Long2ObjectHashMap;

import io.shmkit.segment.ProcessIdentity;
import io.shmkit.process.ShmProcess;
import io.shmkit.queue.ShmQueue;

/**
 * One worker JVM of a pool (one generation of a slot: a replacement is a new handle with the same index): its
 * process, its request queue, and the tasks it holds, which are exactly the tasks whose requests were written to
 * its queue and whose results have not all come back. A task is held BEFORE its request is written, so a result
 * always finds it, and a death always finds every task whose request the worker may have read.
 *
 * <p><b>Note:</b> thread-safe. Two locks, never nested: the handle's monitor guards the held tasks and the life
 * flags (short sections, taken by submitters and the result thread); {@link #sendLock} serialises writes to the
 * one-producer request queue and is never held while waiting for room, so the result thread never waits for a
 * submitter that waits for a worker that waits for the result thread.
 */
final class WorkerHandle
{
    final int index;
    final int id;
    final ShmQueue<byte[]> requests;
    volatile ShmProcess process;
    volatile long pid;
    /** The worker process's identity, read when it started; null if it had ended by then. */
    volatile ProcessIdentity identity;
    volatile boolean ready;
    volatile String initFailure;
    /** Tasks held, for picking the least loaded worker; written under the monitor. */
    volatile int load;
    private final Long2ObjectHashMap<Pending> held = new Long2ObjectHashMap<>();
    private final Object sendLock = new Object();
    private final BitSet defined = new BitSet();
    private final MessageCopier copier = new MessageCopier();
    private final ExpandableArrayBuffer nameBuffer = new ExpandableArrayBuffer(128);
    private final int maxTasks;
    private final WakeFlags wake;
    private boolean dead;
    private boolean retiring;
    private boolean stopSent;
    private boolean queueClosed;
    private int writing;
    private long taken;

    WorkerHandle(final int index, final int id, final ShmQueue<byte[]> requests, final int maxTasks,
        final WakeFlags wake)
    {
        this.index = index;
        this.id = id;
        this.requests = requests;
        this.maxTasks = maxTasks;
        this.wake = wake;
    }

    /** Whether new tasks may be given to this worker (alive as far as known, not retiring). */
    synchronized boolean accepting()
    {
        return !dead && !retiring;
    }

    synchronized boolean retiring()
    {
        return retiring;
    }

    /**
     * Hold a task before its request is written.
     *
     * @param pinned whether the task must run here (it may still go to a retiring worker that has not been told to
     *               stop).
     * @return false if this worker takes no more tasks (dead, or retiring for an unpinned task).
     */
    synchronized boolean hold(final Pending p, final boolean pinned)
    {
        if (dead || stopSent || (retiring && !pinned))
        {
            return false;
        }
        held.put(p.id, p);
        load = held.size();
        writing++;
        if (maxTasks > 0 && ++taken >= maxTasks)
        {
            retiring = true;
        }
        return true;
    }

    /** The worker reported that it exits (after a {@code VirtualMachineError}): it takes no more tasks at all. */
    synchronized void doom()
    {
        retiring = true;
        stopSent = true;
    }

    synchronized Pending find(final long taskId)
    {
        return held.get(taskId);
    }

    synchronized Pending release(final long taskId)
    {
        final Pending p = held.remove(taskId);
        load = held.size();
        return p;
    }

    /**
     * The worker is gone: it takes no more tasks, and the tasks it held are handed to the caller.
     *
     * @return the tasks it held.
     */
    synchronized List<Pending> die()
    {
        dead = true;
        final List<Pending> out = new ArrayList<>(held.values());
        held.clear();
        load = 0;
        return out;
    }

    synchronized boolean isDead()
    {
        return dead;
    }

    /**
     * Write one message of a held task.
     *
     * @return 1 if written, 0 if there is no room now, -1 if the worker is gone (its tasks were taken by
     *         {@link #die()}).
     */
    int tryWrite(final Pending p, final int count, final int first, final Payload payload, final int from,
        final int length)
    {
        synchronized (sendLock)
        {
            if (queueClosed)
            {
                return -1;
            }
            if (!defined.get(p.type.id))
            {
                final int n = nameBuffer.putStringWithoutLengthUtf8(0, p.type.name);
                if (!copier.set(PoolMessageDescriptor.TYPE_DEFINE, p.type.id, 0, 0, 0, nameBuffer, 0)
                    .offer(requests, n))
                {
                    return 0;
                }
                defined.set(p.type.id);
            }
            return wakeIfAsleep(copier.set(PoolMessageDescriptor.TYPE_TASKS, p.type.id, p.id, count, first,
                payload.buffer, from).offer(requests, length));
        }
    }

    /**
     * A held task's requests are written (or given up): if this was the last write of a retiring worker, it is told
     * to stop.
     *
     * @return true if the caller must now {@link #tryStop()} the worker.
     */
    synchronized boolean written()
    {
        writing--;
        if (retiring && writing == 0 && !stopSent && !dead)
        {
            stopSent = true;
            return true;
        }
        return false;
    }

    /**
     * Tell the worker to finish its queue and exit (graceful close, or retirement).
     *
     * @return 1 if written, 0 if there is no room now, -1 if the worker is gone.
     */
    int tryStop()
    {
        synchronized (sendLock)
        {
            if (queueClosed)
            {
                return -1;
            }
            return wakeIfAsleep(copier.set(PoolMessageDescriptor.TYPE_STOP, 0, 0, 0, 0, null, 0).offer(requests, 0));
        }
    }

    /** Retire for a graceful close: no new tasks; the caller sends STOP. */
    synchronized boolean retireForClose()
    {
        retiring = true;
        if (stopSent || dead)
        {
            return false;
        }
        stopSent = true;
        return true;
    }

    /** Close and unlink the request queue; later writes report the worker gone. */
    void closeQueue()
    {
        synchronized (sendLock)
        {
            if (!queueClosed)
            {
                queueClosed = true;
                requests.unlink();
                requests.close();
            }
        }
    }

    /** After a request is offered: wake the worker if it sleeps on its wake channel ({@link WakeFlags}). */
    private int wakeIfAsleep(final boolean offered)
    {
        if (!offered)
        {
            return 0;
        }
        if (wake.takeSleeper(index))
        {
            final ShmProcess p = process; // set before the worker can sleep: it sleeps only once started
            if (null != p)
            {
                p.wake(); // false if it has ended: its death is handled as any other
            }
        }
        return 1;
    }

    /** Room for the payload in one request. */
    int room()
    {
        return requests.maxMessageLength() - HEADER_LENGTH;
    }

    @Override
    public String toString()
    {
        return "worker " + index + " (id " + id + ", pid " + pid + ")";
    }
}
