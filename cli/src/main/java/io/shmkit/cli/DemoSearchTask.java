package io.shmkit.cli;

import java.nio.ByteBuffer;

import io.shmkit.manager.ShmManager;
import io.shmkit.process.ChildContext;
import io.shmkit.process.ChildTask;

/**
 * The child side of the stop-flag demo ({@link DemoStopFlagPart}): attach the manager named by argument 0, record
 * in its list {@code "started"} that task argument 1 began, search the task's range of numbers for one whose square
 * ends in the digits of argument 2, and append the number found to {@code "hits"}.
 *
 * <p><b>Note:</b> runs single-threaded in a child JVM.
 */
final class DemoSearchTask implements ChildTask
{
    /** Numbers each task searches. */
    static final long RANGE = 500_000;

    DemoSearchTask()
    {
    }

    static byte[] encode(final long n)
    {
        return ByteBuffer.allocate(Long.BYTES).putLong(n).array();
    }

    static long decode(final byte[] b)
    {
        return ByteBuffer.wrap(b).getLong();
    }

    @Override
    public void run(final ChildContext context)
    {
        final long task = Long.parseLong(context.args().get(1));
        final long suffix = Long.parseLong(context.args().get(2));
        long modulus = 10;
        while (modulus <= suffix)
        {
            modulus *= 10;
        }
        try (ShmManager manager = ShmManager.attach(context.args().get(0), context.options()))
        {
            manager.list("started").add(encode(task));
            for (long n = task * RANGE; n < (task + 1) * RANGE; n++)
            {
                if ((n * n) % modulus == suffix)
                {
                    manager.list("hits").add(encode(n));
                    return;
                }
            }
        }
    }
}
