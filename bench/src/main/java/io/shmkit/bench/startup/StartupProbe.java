package io.shmkit.bench.startup;

import io.shmkit.SharedLong;
import io.shmkit.process.ChildContext;
import io.shmkit.process.ChildTask;

/**
 * The child of {@link ChildStartupHarness}: opens the flag value named by its first argument (or handed over by
 * {@link io.shmkit.process.ShmProcess}) and writes 1 to it, its first write to a mapped segment.
 *
 * <p><b>Note:</b> runs single-threaded in a child JVM; stateless.
 */
public final class StartupProbe implements ChildTask
{
    /**
     * Run as a plain main class.
     *
     * @param args the flag's segment name.
     */
    public static void main(final String[] args)
    {
        try (SharedLong flag = SharedLong.open(args[0]))
        {
            flag.setRelease(1);
        }
    }

    @Override
    public void run(final ChildContext context)
    {
        context.longValue(context.sharedName(0)).setRelease(1);
    }
}
