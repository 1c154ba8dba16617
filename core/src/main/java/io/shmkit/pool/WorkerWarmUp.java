package io.shmkit.pool;

import static io.shmkit.pool.PoolMessageDescriptor.ELEMENT_HEADER_LENGTH;
import static io.shmkit.pool.PoolMessageDescriptor.HEADER_LENGTH;
import static io.shmkit.pool.PoolMessageDescriptor.TYPE_OFFSET;

import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;

import io.shmkit.codec.Codecs;
import io.shmkit.process.ChildContext;
import io.shmkit.queue.MessageReader;
import io.shmkit.queue.QueueOptions;
import io.shmkit.queue.ShmQueue;
import io.shmkit.queue.WaitStrategy;

/**
 * Runs a worker's hot paths before its first task: both ends of a request queue and a result queue (private ones,
 * unlinked at the end), the {@link WorkerLoop} with {@link WarmUpTask}, the codecs, the message layout. At start, so
 * that the first tasks do not run in the interpreter; in the class-data training run, so that the archive holds
 * those classes.
 *
 * <p><b>Note:</b> not thread-safe; run once per JVM on its main thread.
 */
final class WorkerWarmUp implements MessageReader
{
    /** Rounds at a worker's start. */
    static final int START_ROUNDS = 1_500;
    /** Rounds in the class-data training run. */
    static final int TRAIN_ROUNDS = 300;
    private static final int ELEMENTS = 4;
    private static final int QUEUE_CAPACITY = 64 * 1024;

    private long sum;
    private int received;

    private WorkerWarmUp()
    {
    }

    /**
     * Run the warm-up.
     *
     * @param child    the worker's context (its segment root is used for the private queues).
     * @param strategy the wait strategy of the worker.
     * @param rounds   how many tasks to run.
     * @throws IllegalStateException if the loop returned wrong results (a defect).
     */
    static void run(final ChildContext child, final WaitStrategy strategy, final int rounds)
    {
        final QueueOptions options = QueueOptions.defaults().withShm(child.options()).withCapacity(QUEUE_CAPACITY)
            .withWaitStrategy(strategy);
        try (ShmQueue<byte[]> requests = ShmQueue.create(Codecs.bytes(), options.withSingleProducer(true));
             ShmQueue<byte[]> results = ShmQueue.create(Codecs.bytes(), options))
        {
            try
            {
                drive(requests, results, strategy, rounds);
            }
            finally
            {
                requests.unlink();
                results.unlink();
            }
        }
    }

    /**
     * Run {@code rounds} tasks of {@link WarmUpTask} through a worker loop over two queues of this process.
     *
     * @throws IllegalStateException if the loop returned wrong results (a defect).
     */
    static void drive(final ShmQueue<byte[]> requests, final ShmQueue<byte[]> results, final WaitStrategy strategy,
        final int rounds)
    {
        new WorkerWarmUp().rounds(requests, results, strategy, rounds);
    }

    private void rounds(final ShmQueue<byte[]> requests, final ShmQueue<byte[]> results, final WaitStrategy strategy,
        final int rounds)
    {
        final WorkerLoop loop = new WorkerLoop(requests, results, -1, null, strategy);
        final MessageCopier copier = new MessageCopier();
        final ExpandableArrayBuffer name = new ExpandableArrayBuffer(128);
        final int nameLength = name.putStringWithoutLengthUtf8(0, WarmUpTask.class.getName());
        copier.set(PoolMessageDescriptor.TYPE_DEFINE, 0, 0, 0, 0, name, 0);
        copier.offer(requests, nameLength);
        loop.step();
        final Payload payload = new Payload();
        long expected = 0;
        for (int r = 0; r < rounds; r++)
        {
            payload.reset();
            for (long k = 0; k < ELEMENTS; k++)
            {
                payload.add(Codecs.longs(), k + r);
                expected += k + r + 1;
            }
            copier.set(PoolMessageDescriptor.TYPE_TASKS, 0, r + 1, ELEMENTS, 0, payload.buffer, HEADER_LENGTH);
            if (!copier.offer(requests, payload.end(ELEMENTS - 1) - HEADER_LENGTH))
            {
                throw new IllegalStateException("warm-up: the private request queue refused task " + r);
            }
            // a read that meets the ring's padding at the wrap returns nothing: the message is in the next read
            if (!loop.step() && !loop.step())
            {
                throw new IllegalStateException("warm-up: the loop found no request " + r);
            }
            if (results.drain(this, 1) == 0)
            {
                results.drain(this, 1);
            }
        }
        if (received != rounds * ELEMENTS || sum != expected)
        {
            throw new IllegalStateException("warm-up: " + received + " results summing to " + sum + ", expected " +
                rounds * ELEMENTS + " summing to " + expected);
        }
    }

    @Override
    public void onMessage(final DirectBuffer buffer, final int offset, final int length)
    {
        if (buffer.getInt(offset + TYPE_OFFSET) != PoolMessageDescriptor.TYPE_RESULTS)
        {
            return;
        }
        final int count = buffer.getInt(offset + PoolMessageDescriptor.COUNT_OFFSET);
        int at = offset + HEADER_LENGTH;
        for (int i = 0; i < count; i++)
        {
            final int n = buffer.getInt(at);
            sum += Codecs.longs().decode(buffer, at + ELEMENT_HEADER_LENGTH, n);
            at += ELEMENT_HEADER_LENGTH + n;
            received++;
        }
    }
}
