package io.shmkit.it.process;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import java.util.function.LongUnaryOperator;

import io.shmkit.SharedDoubleArray;
import io.shmkit.SharedLong;
import io.shmkit.SharedLongArray;
import io.shmkit.process.ChildContext;
import io.shmkit.process.ChildTask;
import io.shmkit.process.ShmProcess;
import io.shmkit.it.Await;

/**
 * Entry classes and user operations that the cross-process tests run in child JVMs.
 */
public final class Children
{
    /** System property naming the flag segment of {@link BlockingNegate}. */
    public static final String FLAG_PROPERTY = "shmkit.test.flag";
    /** The element value at which {@link BlockingNegate} blocks. */
    public static final double TRIGGER = 10_500.0;

    private Children()
    {
    }

    /**
     * Wait (bounded) until no child process of this JVM is alive, failing with the list of those still alive:
     * every test must leave no child behind.
     *
     * @param seconds bound of the wait.
     */
    static void assertNoChildProcessesAfter(final long seconds)
    {
        try
        {
            Await.until(seconds, () -> ProcessHandle.current().descendants().noneMatch(ProcessHandle::isAlive),
                () -> "no child process of the test JVM to be alive");
        }
        catch (final AssertionError ex)
        {
            final List<String> alive = new ArrayList<>();
            ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).forEach(h -> alive.add(
                h.pid() + " " + h.info().commandLine().orElse("?")));
            throw new AssertionError("child processes still alive after " + seconds + " s: " + alive, ex);
        }
    }

    /** Python's classic example: negate the handed-over array in place. */
    public static final class NegateTask implements ChildTask
    {
        @Override
        public void run(final ChildContext context)
        {
            final SharedDoubleArray a = context.doubleArray(context.sharedName(0));
            a.negate();
        }
    }

    /** A main class: sets the handed-over value to its first argument. */
    public static final class SetValueMain
    {
        public static void main(final String[] args)
        {
            final ChildContext context = ChildContext.current();
            context.longValue(context.sharedName(0)).set(Long.parseLong(args[0]));
        }
    }

    /**
     * A short-lived parent: starts one {@link SetValueMain} child (args: class path, archive cache directory,
     * shared value name, value, extra JVM options...) with the class-data archive on, waits for it and exits at
     * once, while the archive trainer the child's start set off is still at work.
     */
    public static final class StartThenExitMain
    {
        public static void main(final String[] args) throws Exception
        {
            final ShmProcess child = ShmProcess.builder().mainClass(SetValueMain.class).share(args[2]).args(args[3])
                .classPath(args[0]).archiveDirectory(java.nio.file.Path.of(args[1])).classDataArchive(true)
                .jvmOptions(List.of(args).subList(4, args.length)).start();
            child.joinAndCheck(java.time.Duration.ofSeconds(60));
        }
    }

    /** A main class: prints the environment variable named by {@code args[0]} and its working directory. */
    public static final class EnvAndDirMain
    {
        public static void main(final String[] args)
        {
            System.out.println("env=" + System.getenv(args[0]));
            System.out.println("dir=" + java.nio.file.Path.of("").toAbsolutePath());
        }
    }

    /** A main class that throws with a recognisable message. */
    public static final class FailingMain
    {
        public static void main(final String[] args)
        {
            throw new IllegalStateException("boom from the child: " + args[0]);
        }
    }

    /** Writes {@code args[0]} MiB to standard output and to standard error, then a last line to each. */
    public static final class ChattyTask implements ChildTask
    {
        @Override
        public void run(final ChildContext context)
        {
            final int mib = Integer.parseInt(context.args().get(0));
            final String line = "x".repeat(1023) + "\n";
            for (int i = 0; i < mib * 1024; i++)
            {
                System.out.print(line);
                System.err.print(line);
            }
            System.out.println("last line of stdout");
            System.err.println("last line of stderr");
        }
    }

    /**
     * Checks that {@code System.in} is empty (it must not block, nor take wake-ups), sets the handed-over value to
     * 1, adds 1 per wake-up on its wake channel, and when the channel ends adds
     * {@link #CHANNEL_ENDED} and returns.
     */
    public static final class WakeCountTask implements ChildTask
    {
        /** Added when the wake channel has ended. */
        public static final long CHANNEL_ENDED = 1_000_000;

        @Override
        public void run(final ChildContext context) throws java.io.IOException
        {
            final SharedLong count = context.longValue(context.sharedName(0));
            if (System.in.read() != -1)
            {
                throw new IllegalStateException("a child's System.in is empty, wake channel or not");
            }
            count.set(1);
            while (context.awaitWake())
            {
                count.getAndAdd(1);
            }
            count.getAndAdd(CHANNEL_ENDED);
        }
    }

    /** Sets the handed-over value to its pid, then waits (bounded by {@code args[0]} seconds) for it to become 0. */
    public static final class WaitTask implements ChildTask
    {
        @Override
        public void run(final ChildContext context)
        {
            final SharedLong flag = context.longValue(context.sharedName(0));
            flag.set(ProcessHandle.current().pid());
            final long seconds = Long.parseLong(context.args().get(0));
            Await.until(seconds, () -> flag.get() == 0, () -> "the parent to clear the flag");
        }
    }

    /**
     * An intermediate parent: starts {@code args[0]} daemon children running {@link WaitTask}, records their pids
     * in the handed-over array (slots 0..n-1), sets slot n to 1, and waits (bounded) to be killed.
     */
    public static final class SpawningParentMain
    {
        public static void main(final String[] args) throws Exception
        {
            final ChildContext context = ChildContext.current();
            final SharedLongArray pids = context.longArray(context.sharedName(0));
            final int n = Integer.parseInt(args[0]);
            final List<ShmProcess> children = new ArrayList<>();
            final List<SharedLong> flags = new ArrayList<>();
            for (int i = 0; i < n; i++)
            {
                final SharedLong flag = SharedLong.create(args[1] + "-f" + i, 'q', 0);
                flags.add(flag);
                children.add(ShmProcess.builder().task(WaitTask.class).share(flag).args("120").daemon(true).start());
            }
            for (int i = 0; i < n; i++)
            {
                final SharedLong flag = flags.get(i);
                final int child = i;
                Await.until(60, () -> flag.get() != 0, () -> "child " + child + " to start");
                pids.set(i, children.get(i).pid());
            }
            pids.set(n, 1);
            Await.until(120, () -> false, () -> "being killed");
        }
    }

    /** A user operation for doubles: {@code x + 0.5}. */
    public static final class AddHalf implements DoubleUnaryOperator
    {
        @Override
        public double applyAsDouble(final double x)
        {
            return x + 0.5;
        }
    }

    /** A user operation for integers: {@code 3 x}. */
    public static final class TimesThree implements LongUnaryOperator
    {
        @Override
        public long applyAsLong(final long x)
        {
            return 3 * x;
        }
    }

    /**
     * Negates, except at the element whose value is {@link #TRIGGER}: there it writes its pid to the flag value
     * named by {@link #FLAG_PROPERTY} and blocks (bounded, 60 s) so that the test can kill it mid-transform.
     */
    public static final class BlockingNegate implements DoubleUnaryOperator
    {
        private final SharedLong flag = SharedLong.open(System.getProperty(FLAG_PROPERTY));

        @Override
        public double applyAsDouble(final double x)
        {
            if (x == TRIGGER)
            {
                flag.set(ProcessHandle.current().pid());
                Await.until(60, () -> false, () -> "being killed");
            }
            return -x;
        }
    }

    /** The value of the flag that lets a {@link GatedPid} stalled at its gate go on. */
    static final long GATE_OPEN = -1;
    /** Set in the flag, with the pid, once the gated {@link GatedPid} has stalled inside its first unit. */
    static final long STALLED = 1L << 62;

    /**
     * Writes the pid of its process into every element. The first instance created across processes
     * (compare-and-set of the flag value named by {@link #FLAG_PROPERTY} from 0 to its pid) stalls at its first
     * element, after setting {@link #STALLED} in the flag, until the flag is {@link #GATE_OPEN}; every other
     * instance waits at its first element until the gated one has stalled, so that the gated child holds a unit
     * however the two are scheduled. Both waits are bounded (120 s).
     */
    public static final class GatedPid implements DoubleUnaryOperator
    {
        private final SharedLong flag = SharedLong.open(System.getProperty(FLAG_PROPERTY));
        private final long pid = ProcessHandle.current().pid();
        private final boolean gated = flag.compareAndSet(0, pid);
        private boolean first = true;

        @Override
        public double applyAsDouble(final double x)
        {
            if (first)
            {
                first = false;
                if (gated)
                {
                    flag.set(pid | STALLED);
                    Await.until(120, () -> flag.get() == GATE_OPEN, () -> "the gate to open");
                }
                else
                {
                    Await.until(120, () -> (flag.get() & STALLED) != 0 || flag.get() == GATE_OPEN,
                        () -> "the gated child to stall");
                }
            }
            return pid;
        }
    }

    /**
     * Negates; but the first instance created across processes (counted by compare-and-set on the flag value
     * named by {@link #FLAG_PROPERTY}) fails in its constructor, so exactly one child of a transform ends before
     * it is ready.
     */
    public static final class FirstOneFailsNegate implements DoubleUnaryOperator
    {
        /**
         * Create, or fail if this is the first instance.
         *
         * @throws IllegalStateException in the first instance.
         */
        public FirstOneFailsNegate()
        {
            try (SharedLong flag = SharedLong.open(System.getProperty(FLAG_PROPERTY)))
            {
                if (flag.compareAndSet(0, ProcessHandle.current().pid()))
                {
                    throw new IllegalStateException("the first instance fails on purpose");
                }
            }
        }

        @Override
        public double applyAsDouble(final double x)
        {
            return -x;
        }
    }
}
