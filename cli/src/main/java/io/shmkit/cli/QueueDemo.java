package io.shmkit.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import io.shmkit.codec.Codecs;
import io.shmkit.msgpack.MsgPackCodec;
import io.shmkit.process.ShmProcess;
import io.shmkit.queue.EndOfStreamException;
import io.shmkit.queue.QueueOptions;
import io.shmkit.queue.ShmQueue;
import io.shmkit.segment.ShmOptions;

/**
 * The queue parts of {@code shmkit demo}: Python's first {@code multiprocessing.Queue} example (a child puts
 * {@code [42, None, 'hello']}, the parent gets and prints it), and a throughput part with a progress bar. Each
 * part creates its queue, starts one child, and removes the queue when done, also on failure.
 *
 * <p><b>Note:</b> called from the demo's main thread only.
 */
final class QueueDemo
{
    private static final Duration WAIT = Duration.ofSeconds(60);

    private QueueDemo()
    {
    }

    /**
     * The hello example.
     *
     * @param out     where to print.
     * @param options segment options.
     * @param name    the queue's segment name.
     * @return true if the child's value arrived as sent and end of stream followed.
     * @throws InterruptedException if interrupted.
     */
    static boolean hello(final PrintWriter out, final ShmOptions options, final String name)
        throws InterruptedException
    {
        try (ShmQueue<Object> q = ShmQueue.create(name, MsgPackCodec.instance(),
            QueueOptions.defaults().withCapacity(4096).withShm(options)))
        {
            try (ShmProcess child = ShmProcess.builder().task(QueueDemoTask.class).name("queue-hello").share(name)
                .args("hello").shmOptions(options).start())
            {
                final Object value = q.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
                out.println("  child pid " + child.pid() + " put, parent took: " + value);
                child.joinAndCheck(WAIT);
                final boolean ended = endsAfter(q);
                out.println("  then: " + (ended ? "end of stream (the child closed its side)" : "no end of stream"));
                return java.util.Arrays.asList(42L, null, "hello").equals(value) && ended;
            }
            finally
            {
                q.unlink();
            }
        }
    }

    private static boolean endsAfter(final ShmQueue<?> q) throws InterruptedException
    {
        try
        {
            q.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
            return false;
        }
        catch (final EndOfStreamException ex)
        {
            return true;
        }
    }

    /**
     * The throughput part: a child puts {@code messages} 64-byte messages, the parent takes them in place.
     *
     * @param out      where to print.
     * @param options  segment options.
     * @param name     the queue's segment name.
     * @param messages how many.
     * @param terminal whether to draw a bar.
     * @return true if every message arrived once, in order.
     * @throws InterruptedException if interrupted.
     */
    static boolean throughput(
        final PrintWriter out, final ShmOptions options, final String name, final long messages, final boolean terminal)
        throws InterruptedException
    {
        try (ShmQueue<byte[]> q = ShmQueue.create(name, Codecs.bytes(), QueueOptions.defaults().withShm(options)))
        {
            try (ShmProcess child = ShmProcess.builder().task(QueueDemoTask.class).name("queue-producer").share(name)
                .args("produce", Long.toString(messages)).shmOptions(options).start())
            {
                final Progress bar = new Progress(out, "messages", messages, terminal);
                final long[] next = {0};
                final boolean[] inOrder = {true};
                long t0 = 0;
                while (true)
                {
                    final int n;
                    try
                    {
                        n = q.drain((b, o, l) -> inOrder[0] &= b.getLong(o) == next[0]++, 4096);
                    }
                    catch (final EndOfStreamException ex)
                    {
                        break;
                    }
                    if (n == 0)
                    {
                        if (!child.isAlive() && q.isEmpty() && !q.isEndOfStream())
                        {
                            break; // the child failed: joinAndCheck reports it
                        }
                        Thread.onSpinWait();
                        continue;
                    }
                    if (t0 == 0)
                    {
                        t0 = System.nanoTime();
                    }
                    bar.update(next[0]);
                }
                final long ns = Math.max(1, System.nanoTime() - t0);
                bar.finish(next[0]);
                child.joinAndCheck(WAIT);
                out.println(String.format(Locale.ROOT, "  %d messages of %d bytes, %.2f M messages/s, %s", next[0],
                    QueueDemoTask.MESSAGE_LENGTH, next[0] * 1e3 / ns, inOrder[0] ? "in order" : "OUT OF ORDER"));
                return inOrder[0] && next[0] == messages;
            }
            finally
            {
                q.unlink();
            }
        }
    }
}
