package io.shmkit.it.manager;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.locks.LockSupport;

import io.shmkit.collection.SharedList;
import io.shmkit.manager.ShmManager;
import io.shmkit.process.ChildContext;
import io.shmkit.process.ChildTask;
import io.shmkit.segment.ShmOptions;

/** Child sides of the manager tests. */
final class ManagerChildren
{
    /** The task number that finds what the search looks for. */
    static final int HIT = 4;

    private ManagerChildren()
    {
    }

    static byte[] number(final int k)
    {
        return ByteBuffer.allocate(Integer.BYTES).putInt(k).array();
    }

    static int number(final byte[] b)
    {
        return ByteBuffer.wrap(b).getInt();
    }

    /**
     * One unit of the classic search: attach the manager named by argument 0, record in its list "started" that task
     * argument 1 began, do some work, and append the task number to "hits" if it found what it looks for.
     */
    public static final class SearchTask implements ChildTask
    {
        @Override
        public void run(final ChildContext context)
        {
            final int task = Integer.parseInt(context.args().get(1));
            try (ShmManager manager = ShmManager.attach(context.args().get(0), context.options()))
            {
                manager.list("started").add(number(task));
                long x = task;
                for (int i = 0; i < 2_000_000; i++)
                {
                    x = x * 6364136223846793005L + 1442695040888963407L;
                }
                if (task % 7 == HIT || x == 0)
                {
                    manager.list("hits").add(number(task));
                }
            }
        }
    }

    /** Creates a manager (argument 0) with a list under the root argument 1, says so, and waits to be killed. */
    public static final class OwnerMain
    {
        public static void main(final String[] args)
        {
            final ShmOptions options = ShmOptions.defaults().withRoot(Path.of(args[1]));
            final ShmManager manager = ShmManager.create(args[0], options);
            final SharedList list = manager.newList("items", 8, 512);
            list.add(new byte[] {7});
            manager.newLong("ready", 'q', 1);
            final long end = System.nanoTime() + 120_000_000_000L;
            while (System.nanoTime() - end < 0)
            {
                LockSupport.parkNanos(10_000_000);
            }
        }
    }
}
