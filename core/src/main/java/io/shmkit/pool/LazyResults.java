package io.shmkit.pool;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The iterator of {@code imap} and {@code imapUnordered}: reads the arguments lazily, keeps at most a window of
 * chunks in flight (submitted from the consuming thread as it consumes), and yields results in argument order, or
 * in completion order.
 *
 * <p><b>Note:</b> not thread-safe: one consuming thread.
 *
 * @param <R> the result type.
 */
final class LazyResults<R> implements Iterator<R>
{
    private final Dispatcher dispatcher;
    private final TaskType type;
    private final Iterator<?> source;
    private final int chunkSize;
    private final int window;
    private final boolean ordered;
    private final ArrayDeque<Pending> inOrder = new ArrayDeque<>();
    private final LinkedBlockingQueue<Pending> done = new LinkedBlockingQueue<>();
    private int inFlight;
    private Object[] current;
    private int position;

    LazyResults(final Dispatcher dispatcher, final TaskType type, final Iterator<?> source, final int chunkSize,
        final int window, final boolean ordered)
    {
        this.dispatcher = dispatcher;
        this.type = type;
        this.source = source;
        this.chunkSize = chunkSize;
        this.window = window;
        this.ordered = ordered;
    }

    @Override
    public boolean hasNext()
    {
        while (null == current || position == current.length)
        {
            fill();
            if (inFlight == 0)
            {
                return false;
            }
            dispatcher.checkNotReader("wait for the next result of imap");
            final Pending next = ordered ? inOrder.poll() : take();
            inFlight--;
            position = 0;
            current = null;
            current = await(next); // a failed chunk throws here; the iterator goes on with the next chunk
        }
        return true;
    }

    @Override
    @SuppressWarnings("unchecked")
    public R next()
    {
        if (!hasNext())
        {
            throw new NoSuchElementException();
        }
        return (R)current[position++];
    }

    private void fill()
    {
        while (inFlight < window && source.hasNext())
        {
            final List<Object> chunk = new ArrayList<>(chunkSize);
            while (chunk.size() < chunkSize && source.hasNext())
            {
                chunk.add(source.next());
            }
            final Pending p = dispatcher.submitChunk(type, chunk, 0, chunk.size());
            inFlight++;
            if (ordered)
            {
                inOrder.add(p);
            }
            else
            {
                p.future.whenComplete((r, ex) -> done.add(p));
            }
        }
    }

    private Pending take()
    {
        try
        {
            return done.take();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new PoolException("interrupted while waiting for a result", ex);
        }
    }

    /**
     * The results of a chunk, waiting for them.
     *
     * @throws PoolTaskException    if the task failed.
     * @throws WorkerDiedException  if its worker died.
     * @throws CancellationException if the pool was terminated.
     * @throws PoolException        if interrupted (the interrupt flag is set again).
     */
    static Object[] await(final Pending p)
    {
        try
        {
            return (Object[])p.future.get();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new PoolException("interrupted while waiting for a result", ex);
        }
        catch (final ExecutionException ex)
        {
            throw unwrap(ex);
        }
    }

    static RuntimeException unwrap(final ExecutionException ex)
    {
        final Throwable cause = ex.getCause();
        if (cause instanceof RuntimeException)
        {
            return (RuntimeException)cause;
        }
        return new PoolException(String.valueOf(cause), cause);
    }
}
