package io.shmkit.pool;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The future of a task in flight ({@link Pending}): completed by the pool's result thread, which also runs its
 * dependent actions. A wait for it on that very thread ({@code get}, {@code join}, in a {@code thenApply} of another
 * of the pool's futures) could never end while it is not done, since the thread it waits for is the waiting one;
 * such a wait throws {@link IllegalStateException} at once instead, as the pool's own waits do
 * ({@link PoolCore#checkNotReader}). A wait on a done future returns as usual; a dependent stage
 * ({@code thenApply} and friends) is a plain {@link CompletableFuture}.
 *
 * <p><b>Note:</b> thread-safe, as {@link CompletableFuture}.
 *
 * @param <T> the result type.
 */
final class PoolFuture<T> extends CompletableFuture<T>
{
    private final PoolCore core;

    PoolFuture(final PoolCore core)
    {
        this.core = core;
    }

    @Override
    public T get() throws InterruptedException, ExecutionException
    {
        checkWait();
        return super.get();
    }

    @Override
    public T get(final long timeout, final TimeUnit unit)
        throws InterruptedException, ExecutionException, TimeoutException
    {
        checkWait();
        return super.get(timeout, unit);
    }

    @Override
    public T join()
    {
        checkWait();
        return super.join();
    }

    /** Dependent stages are plain futures: they may complete on other threads (the async variants). */
    @Override
    public <U> CompletableFuture<U> newIncompleteFuture()
    {
        return new CompletableFuture<>();
    }

    private void checkWait()
    {
        if (!isDone())
        {
            core.checkNotReader("wait for a task's future");
        }
    }
}
