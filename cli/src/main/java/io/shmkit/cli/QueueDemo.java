package io.shmkit.cli;

import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import picocli.CommandLine.Option;

import io.shmkit.codec.Codecs;
import io.shmkit.msgpack.MsgPackCodec;
import io.shmkit.process.ShmProcess;
import io.shmkit.queue.EndOfStreamException;
import io.shmkit.queue.QueueOptions;
import io.shmkit.queue.ShmQueue;

/**
 * The demo's Queue part: Python's first {@code multiprocessing.Queue} example (a child puts
 * {@code [42, None, 'hello']} as MessagePack, the parent takes and prints it, then sees the end of stream when the
 * child's side closes), then a throughput run: a child ({@link QueueDemoTask}) puts {@code --messages} 64-byte
 * messages, each starting with its sequence number, and the parent takes them in place with a progress bar and
 * checks that every one arrived once, in order. Each queue is removed when the part ends, also on failure.
 *
 * <p><b>Note:</b> a picocli mixin of {@link DemoCommand}; runs once, on the demo's main thread.
 */
final class QueueDemo implements DemoPart
{
    /** The derived deadline of the throughput run grows by one second per this many messages. */
    static final long MESSAGES_PER_SECOND = 200_000;
    /** Messages the parent takes in one drain. */
    private static final int DRAIN_LIMIT = 4096;
    /** Capacity of the hello queue, in bytes. */
    private static final int HELLO_CAPACITY = 4096;

    @Option(
        names = "--messages",
        paramLabel = "M",
        defaultValue = "1000000",
        order = 30,
        description = "Messages of 64 bytes that the queue part's child puts (default: ${DEFAULT-VALUE}).")
    private long messages;

    /** The part with its option's default, for picocli. */
    QueueDemo()
    {
        this(1_000_000);
    }

    /**
     * The part with a number of throughput messages.
     *
     * @param messages messages the child puts.
     */
    QueueDemo(final long messages)
    {
        this.messages = messages;
    }

    @Override
    public String name()
    {
        return "queue";
    }

    @Override
    public String description()
    {
        return "a child process puts [42, None, 'hello'] on a shared Queue as MessagePack and the parent takes " +
            "and prints it, then sees the end of stream; then a child puts --messages 64-byte messages and the " +
            "parent takes them in place, with a progress bar; each must arrive once, in order. Default " +
            "deadlines: " + DemoRun.BASE_TIMEOUT_SECONDS + " s for the hello, " + DemoRun.BASE_TIMEOUT_SECONDS +
            " s plus 1 s per " + MESSAGES_PER_SECOND / 1000 + " k messages for the throughput run.%n";
    }

    @Override
    public void validate()
    {
        if (messages < 1)
        {
            throw CliException.usage("--messages " + messages + " must be at least 1");
        }
    }

    @Override
    public boolean run(final DemoRun run) throws InterruptedException
    {
        run.beginPart("a child process puts [42, None, 'hello'] on a shared Queue, then " + messages +
            " messages of " + QueueDemoTask.MESSAGE_LENGTH + " bytes");
        final boolean hello = hello(run);
        return throughput(run) && hello;
    }

    /** The hello example: true if the child's value arrived as sent and end of stream followed. */
    private static boolean hello(final DemoRun run) throws InterruptedException
    {
        final Duration limit = run.phaseTimeout(1, 1);
        final long t0 = System.nanoTime();
        final ShmQueue<Object> q = ShmQueue.create(run.segmentName("hello"), MsgPackCodec.instance(),
            QueueOptions.defaults().withCapacity(HELLO_CAPACITY).withShm(run.options()));
        run.whenStopping(q::unlink);
        try (q; ShmProcess child = run.startChild(ShmProcess.builder().task(QueueDemoTask.class)
            .name("queue-hello").share(q.name()).args("hello")))
        {
            final Object value = q.poll(limit.toSeconds(), TimeUnit.SECONDS);
            run.checkNotStopping();
            if (null == value)
            {
                throw run.timedOut("no message from the hello child within " + limit.toSeconds() + " s");
            }
            final boolean ended = endsAfter(q, limit);
            run.joinChild(child, limit);
            final boolean ok = Arrays.asList(42L, null, "hello").equals(value) && ended;
            run.step("hello", System.nanoTime() - t0, "pid " + child.pid() + ": the child put, the parent took " +
                value + ", then " + (ended ? "end of stream (the child closed its side)" : "no end of stream"));
            if (!ok)
            {
                run.out().println("  FAILED: expected [42, null, hello] and then end of stream");
            }
            return ok;
        }
        finally
        {
            q.unlink();
        }
    }

    private static boolean endsAfter(final ShmQueue<?> q, final Duration limit) throws InterruptedException
    {
        try
        {
            q.poll(limit.toSeconds(), TimeUnit.SECONDS);
            return false;
        }
        catch (final EndOfStreamException ex)
        {
            return true;
        }
    }

    /** The throughput run: true if every message arrived once, in order. */
    private boolean throughput(final DemoRun run) throws InterruptedException
    {
        final Duration limit = run.phaseTimeout(messages, MESSAGES_PER_SECOND);
        final ShmQueue<byte[]> q = ShmQueue.create(run.segmentName("messages"), Codecs.bytes(),
            QueueOptions.defaults().withShm(run.options()));
        run.whenStopping(q::unlink);
        try (q; ShmProcess child = run.startChild(ShmProcess.builder().task(QueueDemoTask.class)
            .name("queue-producer").share(q.name()).args("produce", Long.toString(messages))))
        {
            final long[] next = {0};
            final boolean[] inOrder = {true};
            final long t0 = System.nanoTime();
            final long deadline = t0 + limit.toNanos();
            final Progress bar = run.progress("messages", messages);
            // NOTE: the child closes its side after its last put: the drain then throws EndOfStreamException.
            boolean ended = false;
            while (!ended)
            {
                int n = 0;
                try
                {
                    n = q.drain((b, o, l) -> inOrder[0] &= l == QueueDemoTask.MESSAGE_LENGTH &&
                        b.getLong(o) == next[0]++, DRAIN_LIMIT);
                }
                catch (final EndOfStreamException ex)
                {
                    ended = true;
                }
                if (n == 0 && !ended)
                {
                    if (System.nanoTime() - deadline > 0)
                    {
                        bar.finish(next[0]);
                        throw run.timedOut(next[0] + " of " + messages + " messages arrived within " +
                            limit.toSeconds() + " s");
                    }
                    if (!child.isAlive() && q.isEmpty() && !q.isEndOfStream())
                    {
                        break; // the child failed: joinChild reports it
                    }
                    run.checkNotStopping();
                    Thread.yield();
                }
                bar.update(next[0]);
            }
            final long ns = Math.max(1, System.nanoTime() - t0);
            bar.finish(next[0]);
            run.joinChild(child, limit);
            final boolean ok = inOrder[0] && next[0] == messages;
            run.step("throughput", ns, String.format(Locale.ROOT, "pid %d: %d messages of %d bytes, %.2f M " +
                "messages/s", child.pid(), next[0], QueueDemoTask.MESSAGE_LENGTH, next[0] * 1e3 / ns));
            run.step("verify", 0, ok ? "OK: every message arrived once, in order" :
                "FAILED: " + next[0] + " of " + messages + " messages arrived, " +
                    (inOrder[0] ? "in order" : "OUT OF ORDER"));
            return ok;
        }
        finally
        {
            q.unlink();
        }
    }
}
