package io.shmkit.pool;

import java.util.List;

import io.shmkit.codec.Codecs;
import io.shmkit.process.ChildContext;
import io.shmkit.process.ChildTask;
import io.shmkit.queue.QueueOptions;
import io.shmkit.queue.ShmQueue;
import io.shmkit.queue.WaitStrategy;

/**
 * The entry of a pool's worker JVM: opens its request queue and the pool's result queue, warms its hot paths up
 * ({@link WorkerWarmUp}), runs the initializer, reports ready, and runs its {@link WorkerLoop} until a STOP request
 * (exit code 0) or until its parent dies (the process layer's watchdog halts it). Public only because the process
 * layer instantiates it by name; not API.
 *
 * <p>Arguments: request queue, result queue, worker id, worker index, wait strategy, initializer class (empty for
 * none), then the initializer's arguments.
 *
 * <p><b>Note:</b> one per worker JVM; runs on the child's main thread.
 */
public final class PoolWorker implements ChildTask
{
    static final int FIXED_ARGS = 6;

    /** Called by the process layer. */
    public PoolWorker()
    {
    }

    /**
     * The argument list of a worker.
     *
     * @return the arguments, in the order {@link #run} reads them.
     */
    static String[] args(final String requests, final String results, final int workerId, final int workerIndex,
        final WaitStrategy strategy, final String initializer, final List<String> initArgs)
    {
        final String[] a = new String[FIXED_ARGS + initArgs.size()];
        a[0] = requests;
        a[1] = results;
        a[2] = Integer.toString(workerId);
        a[3] = Integer.toString(workerIndex);
        a[4] = strategy.name();
        a[5] = null == initializer ? "" : initializer;
        for (int i = 0; i < initArgs.size(); i++)
        {
            a[FIXED_ARGS + i] = initArgs.get(i);
        }
        return a;
    }

    @Override
    public void run(final ChildContext child) throws Exception
    {
        final List<String> a = child.args();
        final WaitStrategy strategy = WaitStrategy.valueOf(a.get(4));
        final QueueOptions options = QueueOptions.defaults().withShm(child.options()).withWaitStrategy(strategy);
        final int workerId = Integer.parseInt(a.get(2));
        final WorkerContext context = new WorkerContext(child, Integer.parseInt(a.get(3)), a.subList(FIXED_ARGS,
            a.size()));
        try (ShmQueue<byte[]> requests = ShmQueue.open(a.get(0), Codecs.bytes(), options);
             ShmQueue<byte[]> results = ShmQueue.open(a.get(1), Codecs.bytes(), options))
        {
            WorkerWarmUp.run(child, strategy, WorkerWarmUp.START_ROUNDS);
            final WorkerLoop loop = new WorkerLoop(requests, results, workerId, context, strategy);
            if (!a.get(5).isEmpty())
            {
                try
                {
                    final Class<?> type = Class.forName(a.get(5), true, PoolWorker.class.getClassLoader());
                    ((WorkerInitializer)type.getConstructor().newInstance()).initialize(context);
                }
                catch (final Exception | LinkageError ex)
                {
                    loop.sendFailure(WorkerLoop.INITIALIZER_TASK_ID, 0, ex);
                    throw ex;
                }
            }
            loop.sendReady(ProcessHandle.current().pid());
            final PoolIdler idler = new PoolIdler(strategy);
            while (!loop.stopped())
            {
                if (loop.step())
                {
                    idler.reset();
                }
                else
                {
                    context.idle(); // releases unlinked segments kept open: WorkerContext
                    idler.idle();
                }
            }
        }
        finally
        {
            context.close();
        }
    }

    /**
     * The class-data training run: the worker's loop, queue and codec paths on private queues.
     *
     * @param child the training run's context (a private segment root).
     */
    @Override
    public void train(final ChildContext child) throws Exception
    {
        WorkerWarmUp.run(child, WaitStrategy.BACKOFF, WorkerWarmUp.TRAIN_ROUNDS);
    }
}
