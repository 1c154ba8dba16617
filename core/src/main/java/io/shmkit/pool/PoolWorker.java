package io.shmkit.pool;

import java.util.List;
import java.util.concurrent.TimeUnit;

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
 * none), the wake flags ({@link WakeFlags}), then the initializer's arguments.
 *
 * <p><b>Throws:</b> {@link #run} and {@link #train} throw what opening the queues, the initializer or the loop throws
 * (an initializer's failure is reported to the pool first); the child then exits with
 * {@code ChildProcessException.EXIT_TASK_FAILED}, as for any {@code ChildTask}.
 *
 * <p><b>Note:</b> one per worker JVM; runs on the child's main thread.
 */
public final class PoolWorker implements ChildTask
{
    static final int FIXED_ARGS = 7;
    /**
     * The system property (set in a worker's JVM, {@link PoolBuilder#jvmOptions}) that sets how often an idle worker
     * releases the unlinked segments it keeps mapped ({@link WorkerContext#idle()}), in milliseconds, at least 1;
     * 100 by default. It also bounds a sleep on the wake channel; a request wakes a worker at once whatever it is.
     */
    public static final String IDLE_MILLIS_PROPERTY = "shmkit.pool.idleMillis";
    /** The interval of the idle passes, and the longest sleep on the wake channel. */
    static final long IDLE_NS = TimeUnit.MILLISECONDS.toNanos(Math.max(1, Long.getLong(IDLE_MILLIS_PROPERTY, 100)));

    /** Called by the process layer. */
    public PoolWorker()
    {
    }

    /**
     * The argument list of a worker.
     *
     * @return the arguments, in the order {@link #run} reads them.
     */
    static String[] args(final String requests, final String results, final String wake, final int workerId,
        final int workerIndex, final WaitStrategy strategy, final String initializer, final List<String> initArgs)
    {
        final String[] a = new String[FIXED_ARGS + initArgs.size()];
        a[0] = requests;
        a[1] = results;
        a[2] = Integer.toString(workerId);
        a[3] = Integer.toString(workerIndex);
        a[4] = strategy.name();
        a[5] = null == initializer ? "" : initializer;
        a[6] = wake;
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
        final int index = Integer.parseInt(a.get(3));
        final WorkerContext context = new WorkerContext(child, index, a.subList(FIXED_ARGS, a.size()));
        try (ShmQueue<byte[]> requests = ShmQueue.open(a.get(0), Codecs.bytes(), options);
             ShmQueue<byte[]> results = ShmQueue.open(a.get(1), Codecs.bytes(), options);
             WakeFlags wake = WakeFlags.open(a.get(6), child.options()))
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
            wake.awake(index); // a replaced worker may have died asleep
            loop.sendReady(ProcessHandle.current().pid());
            final PoolIdler idler = new PoolIdler(strategy);
            int idleTurns = 0;
            while (!loop.stopped())
            {
                if (loop.step())
                {
                    idler.reset();
                }
                else
                {
                    // releases unlinked segments kept open (WorkerContext): when parking, or every 1,024 spins
                    // (SPIN and YIELD never park), not on every spin
                    if (idler.parksNext() || (++idleTurns & 1023) == 0)
                    {
                        context.idle();
                    }
                    if (!idler.sleepy())
                    {
                        idler.idle();
                    }
                    else if (!sleep(child, wake, index, requests))
                    {
                        return; // the wake channel ended: the parent is gone (or closed it), so is the pool
                    }
                }
            }
        }
        finally
        {
            context.close();
        }
    }

    /**
     * Block on the wake channel until the parent writes a request ({@link WakeFlags}), or for at most
     * {@link #IDLE_NS}, so that the sleeping worker still releases unlinked segments now and then.
     *
     * @return false if the channel has ended.
     */
    private static boolean sleep(final ChildContext child, final WakeFlags wake, final int index,
        final ShmQueue<byte[]> requests)
    {
        return wake.sleep(index, () -> !requests.isEmpty(), () -> child.awaitWake(IDLE_NS, TimeUnit.NANOSECONDS));
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
