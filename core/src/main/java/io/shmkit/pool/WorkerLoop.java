package io.shmkit.pool;

import static io.shmkit.pool.PoolMessageDescriptor.COUNT_OFFSET;
import static io.shmkit.pool.PoolMessageDescriptor.ELEMENT_HEADER_LENGTH;
import static io.shmkit.pool.PoolMessageDescriptor.FIRST_OFFSET;
import static io.shmkit.pool.PoolMessageDescriptor.HEADER_LENGTH;
import static io.shmkit.pool.PoolMessageDescriptor.ID_OFFSET;
import static io.shmkit.pool.PoolMessageDescriptor.NULL_LENGTH;
import static io.shmkit.pool.PoolMessageDescriptor.TASK_ID_OFFSET;
import static io.shmkit.pool.PoolMessageDescriptor.TYPE_OFFSET;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;

import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;

import io.shmkit.queue.EndOfStreamException;
import io.shmkit.queue.MessageReader;
import io.shmkit.queue.ShmQueue;
import io.shmkit.queue.WaitStrategy;

/**
 * A worker's task loop: takes one request at a time from its request queue (copied out, so that no lock of the
 * queue is held while a task runs), runs it, and sends the results or the failure to the result queue. Each request
 * of tasks begins a request of the {@link WorkerContext} (its kept handles are checked against their files once per
 * request). The same loop runs in the warm-up and in the class-data training run, over private queues.
 *
 * <p><b>Note:</b> not thread-safe: run by the worker's one task thread.
 */
final class WorkerLoop implements MessageReader
{
    /** Task id of the failure report of an initializer. */
    static final long INITIALIZER_TASK_ID = 0;
    private static final int MAX_TEXT = 32 * 1024;

    private final ShmQueue<byte[]> requests;
    private final ShmQueue<byte[]> results;
    private final int workerId;
    private final WorkerContext context;
    private final ExpandableArrayBuffer in = new ExpandableArrayBuffer(4096);
    private final Payload out = new Payload();
    private final MessageCopier copier = new MessageCopier();
    private final PoolIdler sendIdler;
    private PoolTask<?, ?>[] tasks = new PoolTask<?, ?>[8];
    private String[] defineFailures = new String[8];
    private int inLength;
    private boolean stopped;

    WorkerLoop(final ShmQueue<byte[]> requests, final ShmQueue<byte[]> results, final int workerId,
        final WorkerContext context, final WaitStrategy strategy)
    {
        this.requests = requests;
        this.results = results;
        this.workerId = workerId;
        this.context = context;
        this.sendIdler = new PoolIdler(strategy);
    }

    /** Whether a STOP request was taken. */
    boolean stopped()
    {
        return stopped;
    }

    /**
     * Take and run one request, if there is one.
     *
     * @return false if the request queue was empty.
     */
    boolean step()
    {
        try
        {
            if (requests.drain(this, 1) == 0)
            {
                return false;
            }
        }
        catch (final EndOfStreamException ex)
        {
            stopped = true; // the parent closed the queue: the pool is ending
            return false;
        }
        switch (in.getInt(TYPE_OFFSET))
        {
            case PoolMessageDescriptor.TYPE_TASKS:
                if (null != context) // null in the warm-up
                {
                    context.beginRequest(); // the names the request's tasks look up are checked once: WorkerContext
                }
                runTasks();
                Thread.interrupted(); // a task's interrupt ends with it, as in a thread pool (an idle wait must block)
                break;
            case PoolMessageDescriptor.TYPE_DEFINE:
                define(in.getInt(ID_OFFSET), in.getStringWithoutLengthUtf8(HEADER_LENGTH, inLength - HEADER_LENGTH));
                break;
            case PoolMessageDescriptor.TYPE_STOP:
                stopped = true;
                break;
            default:
                System.err.println("shmkit pool worker " + workerId + ": ignoring a request of unknown type " +
                    in.getInt(TYPE_OFFSET));
                break;
        }
        return true;
    }

    @Override
    public void onMessage(final DirectBuffer buffer, final int offset, final int length)
    {
        in.putBytes(0, buffer, offset, length);
        inLength = length;
    }

    private void define(final int classId, final String className)
    {
        if (classId >= tasks.length)
        {
            tasks = Arrays.copyOf(tasks, Math.max(classId + 1, tasks.length * 2));
            defineFailures = Arrays.copyOf(defineFailures, tasks.length);
        }
        try
        {
            tasks[classId] = TaskType.instantiate(Class.forName(className, true, WorkerLoop.class.getClassLoader()));
            defineFailures[classId] = null;
        }
        catch (final ClassNotFoundException | LinkageError | RuntimeException ex)
        {
            tasks[classId] = null;
            defineFailures[classId] = describe(ex);
        }
    }

    @SuppressWarnings("unchecked")
    private void runTasks()
    {
        final int classId = in.getInt(ID_OFFSET);
        final long taskId = in.getLong(TASK_ID_OFFSET);
        final int count = in.getInt(COUNT_OFFSET);
        final int first = in.getInt(FIRST_OFFSET);
        final PoolTask<Object, Object> task =
            classId >= 0 && classId < tasks.length ? (PoolTask<Object, Object>)tasks[classId] : null;
        if (null == task)
        {
            final String why = classId >= 0 && classId < tasks.length ? defineFailures[classId] : null;
            sendFailureText(taskId, first, IllegalStateException.class.getName(),
                "the worker cannot run task class id " + classId, null == why ? "(never defined)" : why, false);
            return;
        }
        out.reset();
        int pos = HEADER_LENGTH;
        try
        {
            for (int k = 0; k < count; k++)
            {
                final int length = in.getInt(pos);
                final Object argument = length == NULL_LENGTH ? null :
                    task.argumentCodec().decode(in, pos + ELEMENT_HEADER_LENGTH, length);
                pos += ELEMENT_HEADER_LENGTH + Math.max(0, length);
                out.add(task.resultCodec(), task.apply(argument, context));
            }
        }
        catch (final Throwable ex)
        {
            final boolean fatal = ex instanceof VirtualMachineError;
            sendFailureText(taskId, first, ex.getClass().getName(), ex.getMessage(), describe(ex), fatal);
            if (fatal)
            {
                throw (VirtualMachineError)ex; // the JVM may be broken: the worker ends, the pool replaces it
            }
            return;
        }
        sendResults(taskId, first);
    }

    private void sendResults(final long taskId, final int first)
    {
        final int room = results.maxMessageLength() - HEADER_LENGTH;
        int i = 0;
        while (i < out.count())
        {
            final int n = out.fitting(i, room);
            if (n == 0)
            {
                sendFailureText(taskId, first, IllegalArgumentException.class.getName(),
                    "the result of element " + (first + i) + " is " + (out.end(i) - out.start(i)) +
                    " bytes; at most " + room + " fit in a message of the pool's result queue", "", false);
                return;
            }
            copier.set(PoolMessageDescriptor.TYPE_RESULTS, workerId, taskId, n, first + i, out.buffer, out.start(i));
            send(out.end(i + n - 1) - out.start(i));
            i += n;
        }
    }

    /**
     * Report an exception of a task (or of the initializer, with {@link #INITIALIZER_TASK_ID}).
     */
    void sendFailure(final long taskId, final int first, final Throwable ex)
    {
        sendFailureText(taskId, first, ex.getClass().getName(), ex.getMessage(), describe(ex), false);
    }

    private void sendFailureText(final long taskId, final int first, final String type, final String message,
        final String trace, final boolean fatal)
    {
        out.reset();
        int at = HEADER_LENGTH;
        at += out.buffer.putStringUtf8(at, type);
        if (null == message)
        {
            out.buffer.putInt(at, NULL_LENGTH);
            at += Integer.BYTES;
        }
        else
        {
            at += out.buffer.putStringUtf8(at, clip(message));
        }
        at += out.buffer.putStringUtf8(at, clip(trace));
        copier.set(PoolMessageDescriptor.TYPE_FAILED, workerId, taskId, fatal ? PoolMessageDescriptor.FAILED_FATAL : 0,
            first, out.buffer, HEADER_LENGTH);
        send(at - HEADER_LENGTH);
    }

    /** Tell the parent this worker is ready, with its pid. */
    void sendReady(final long pid)
    {
        copier.set(PoolMessageDescriptor.TYPE_READY, workerId, pid, 0, 0, null, 0);
        send(0);
    }

    private void send(final int payloadLength)
    {
        sendIdler.reset();
        while (!copier.offer(results, payloadLength))
        {
            sendIdler.idle();
        }
    }

    private static String clip(final String text)
    {
        return text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT) + "\n... (clipped)";
    }

    static String describe(final Throwable ex)
    {
        final StringWriter w = new StringWriter();
        try (PrintWriter p = new PrintWriter(w))
        {
            ex.printStackTrace(p);
        }
        return w.toString();
    }
}
