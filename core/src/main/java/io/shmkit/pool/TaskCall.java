package io.shmkit.pool;

import java.util.concurrent.Callable;

/**
 * A task and its argument as a {@link Callable}, for the {@link java.util.concurrent.ExecutorService} side of a
 * {@link Pool}: {@code submit(Callable)}, {@code invokeAll} and {@code invokeAny} accept these (made by
 * {@link Pool#call}), because an arbitrary {@code Callable} is code in this JVM that cannot cross to a worker JVM.
 * It is not a {@code Runnable}, so {@code submit(taskCall)} is never ambiguous. A {@code TaskCall} is only a description: calling it here is an error.
 *
 * <p><b>Throws:</b> UnsupportedOperationException ({@link #call()}, always: submit it to a {@link Pool}).
 *
 * <p><b>Note:</b> immutable and thread-safe if its argument is.
 *
 * @param <R> the task's result type.
 */
public final class TaskCall<R> implements Callable<R>
{
    final Class<?> task;
    final Object argument;

    TaskCall(final Class<?> task, final Object argument)
    {
        this.task = task;
        this.argument = argument;
    }

    /**
     * Not supported: a task call runs on a pool's worker, when submitted to the pool.
     *
     * @return never.
     * @throws UnsupportedOperationException always.
     */
    @Override
    public R call()
    {
        throw new UnsupportedOperationException(this + " runs on a pool's workers: submit it to a Pool");
    }

    @Override
    public String toString()
    {
        return "TaskCall{" + task.getName() + "(" + argument + ")}";
    }
}
