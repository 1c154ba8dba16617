package io.shmkit.cli;

import io.shmkit.codec.Codecs;
import io.shmkit.msgpack.MsgPackCodec;
import io.shmkit.process.ChildContext;
import io.shmkit.process.ChildTask;
import io.shmkit.queue.QueueOptions;
import io.shmkit.queue.ShmQueue;

/**
 * The child side of the queue demo, run by {@link io.shmkit.process.ShmProcess}. Shared object: the queue.
 * Arguments: {@code hello} (put Python's {@code [42, None, 'hello']} as MessagePack, then close: end of stream), or
 * {@code produce N} (put N 64-byte messages, each starting with its sequence number, then close).
 *
 * <p><b>Note:</b> runs single-threaded in a child JVM.
 */
final class QueueDemoTask implements ChildTask
{
    /** Length of a throughput message. */
    static final int MESSAGE_LENGTH = 64;

    QueueDemoTask()
    {
    }

    @Override
    public void run(final ChildContext context) throws InterruptedException
    {
        final String name = context.sharedName(0);
        final QueueOptions options = QueueOptions.defaults().withShm(context.options());
        if ("hello".equals(context.args().get(0)))
        {
            try (ShmQueue<Object> q = ShmQueue.open(name, MsgPackCodec.instance(), options))
            {
                q.put(java.util.Arrays.asList(42, null, "hello"));
            }
            return;
        }
        final long n = Long.parseLong(context.args().get(1));
        try (ShmQueue<byte[]> q = ShmQueue.open(name, Codecs.bytes(), options))
        {
            for (long seq = 0; seq < n; seq++)
            {
                final long s = seq;
                while (!q.offerClaimed(MESSAGE_LENGTH, (b, o, l) -> b.putLong(o, s)))
                {
                    Thread.yield();
                }
            }
        }
    }
}
