package io.shmkit.process;

import java.io.ByteArrayInputStream;
import java.io.PrintStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import io.shmkit.segment.ProcessIdentity;
import io.shmkit.segment.ShmOptions;

/**
 * The launcher every child JVM started by {@link ShmProcess} runs first: it parses the hand-over arguments,
 * starts the parent watchdog of a daemon child, builds the {@link ChildContext}, and runs the entry class
 * (a {@link ChildTask} or a class with a {@code main(String[])} method).
 *
 * <h2>Command line</h2>
 * See {@link ChildCommandLine}. {@code --train} is the class-data training run of {@link ShmProcess}'s archive
 * cache (started, in a private segment root, by the {@link ArchiveTrainer}): it loads the {@code --preload}
 * classes (the entry class of the child that asked for the archive, without initialising them), lets those that
 * override {@link ChildTask#train} exercise their code paths on segments of their own, and exits.
 *
 * <h2>Daemon children</h2>
 * Python's {@code daemon} flag: the watchdog, a daemon thread, checks every {@code --watch} milliseconds
 * whether the parent (pid and start time, so a reused pid does not count) is alive, and when it is not, calls
 * {@link Runtime#halt(int)} with {@link ChildProcessException#EXIT_ORPHANED}. Halting skips shutdown hooks:
 * non-persistent segments the child itself created stay until {@link io.shmkit.Segments#clean} removes them
 * (their creator is dead then); locks the child held are recovered by their next locker
 * ({@link io.shmkit.ShmLock#ownerDied()}).
 *
 * <h2>Exit codes</h2>
 * 0 when the task returns (the launcher calls {@link System#exit(int)}, so stray non-daemon threads of a task
 * do not keep the child alive; a {@code main} entry ends as any Java {@code main} does),
 * {@link ChildProcessException#EXIT_TASK_FAILED} when the entry throws, {@link ChildProcessException#EXIT_USAGE}
 * when the arguments or the entry class are wrong, {@link ChildProcessException#EXIT_ORPHANED} when the watchdog
 * ends an orphan. Exit code 1 is left to the {@code java} launcher, which uses it when the JVM itself cannot start (a
 * bad JVM option, an unusable class-data archive with {@code -Xshare:on}, no memory for the heap).
 *
 * <p>Package-private: the {@code java} launcher runs a main class whatever its access; its name is on every
 * child's command line ({@link ShmProcess#isChildCommandLine}).
 *
 * <p><b>Note:</b> meant to be run only as a JVM's main class; the watchdog is the only thread it starts.
 */
final class ChildMain
{
    private static final String WATCHDOG_THREAD = "shmkit-parent-watchdog";

    private ChildMain()
    {
    }

    /**
     * Run a child: see the class comment for the command line.
     *
     * @param argv the launcher's arguments.
     */
    public static void main(final String[] argv)
    {
        if (argv.length > 0 && ChildCommandLine.TRAINER_OPTION.equals(argv[0]))
        {
            System.exit(ArchiveTrainer.supervise(List.of(argv).subList(1, argv.length)));
            return;
        }
        final ChildCommandLine launch;
        try
        {
            launch = ChildCommandLine.parse(argv);
        }
        catch (final IllegalArgumentException ex)
        {
            System.err.println("shmkit child: " + ex.getMessage());
            System.exit(ChildProcessException.EXIT_USAGE);
            return;
        }
        // NOTE: standard input is the process layer's wake channel (ShmProcessBuilder.wakeChannel): the child's code
        // sees an empty System.in, as it does without a channel, so it cannot take a wake-up meant for awaitWake
        System.setIn(new ByteArrayInputStream(new byte[0]));
        if (launch.watchMillis > 0)
        {
            startWatchdog(launch.parentPid, launch.parentTicks, launch.watchMillis);
        }
        final ChildContext context = new ChildContext(launch.args, launch.shared, launch.parentPid, launch.parentTicks,
            ShmOptions.defaults().withRoot(launch.root));
        ChildContext.setCurrent(context);
        final int code = run(launch, context);
        if (code != 0 || launch.kind != ChildCommandLine.Kind.MAIN)
        {
            System.exit(code);
        }
    }

    private static int run(final ChildCommandLine launch, final ChildContext context)
    {
        final Class<?> entry;
        try
        {
            entry = launch.kind == ChildCommandLine.Kind.TRAIN ? null :
                Class.forName(launch.className, true, ClassLoader.getSystemClassLoader());
        }
        catch (final ClassNotFoundException | LinkageError ex)
        {
            return usage("cannot load entry class '" + launch.className + "': " + ex, null);
        }
        try
        {
            switch (launch.kind)
            {
                case TASK:
                    runTask(entry, context);
                    break;
                case MAIN:
                    runMain(entry, launch.args);
                    break;
                default:
                    train(launch.preload, context);
                    break;
            }
            return 0;
        }
        catch (final EntryException ex)
        {
            return usage(ex.getMessage(), ex.getCause());
        }
        catch (final Throwable ex)
        {
            final PrintStream err = System.err;
            err.println("shmkit child " + ProcessHandle.current().pid() + ": " + launch.describe() + " failed");
            ex.printStackTrace(err);
            err.flush();
            return ChildProcessException.EXIT_TASK_FAILED;
        }
        finally
        {
            if (launch.kind != ChildCommandLine.Kind.MAIN)
            {
                context.close();
            }
        }
    }

    private static int usage(final String message, final Throwable cause)
    {
        System.err.println("shmkit child: " + message);
        if (null != cause)
        {
            cause.printStackTrace(System.err);
        }
        System.err.flush();
        return ChildProcessException.EXIT_USAGE;
    }

    private static void runTask(final Class<?> entry, final ChildContext context) throws Exception
    {
        newTask(entry).run(context);
    }

    private static ChildTask newTask(final Class<?> entry) throws EntryException
    {
        if (!ChildTask.class.isAssignableFrom(entry))
        {
            throw new EntryException("entry class '" + entry.getName() + "' does not implement " +
                ChildTask.class.getName(), null);
        }
        final ChildTask task;
        try
        {
            final Constructor<?> ctor = entry.getDeclaredConstructor();
            if (!Modifier.isPublic(ctor.getModifiers()) || !Modifier.isPublic(entry.getModifiers()))
            {
                ctor.setAccessible(true);
            }
            task = (ChildTask)ctor.newInstance();
        }
        catch (final NoSuchMethodException ex)
        {
            throw new EntryException("task class '" + entry.getName() + "' has no no-argument constructor", null);
        }
        catch (final InvocationTargetException ex)
        {
            throw new EntryException("constructor of task class '" + entry.getName() + "' threw", ex.getCause());
        }
        catch (final ReflectiveOperationException | RuntimeException ex)
        {
            throw new EntryException("cannot construct task class '" + entry.getName() + "'", ex);
        }
        return task;
    }

    private static void runMain(final Class<?> entry, final List<String> args) throws Throwable
    {
        final Method main;
        try
        {
            main = entry.getMethod("main", String[].class);
        }
        catch (final NoSuchMethodException ex)
        {
            throw new EntryException("entry class '" + entry.getName() + "' has no public main(String[])", null);
        }
        if (!Modifier.isStatic(main.getModifiers()))
        {
            throw new EntryException("main(String[]) of '" + entry.getName() + "' is not static", null);
        }
        try
        {
            main.invoke(null, (Object)args.toArray(new String[0]));
        }
        catch (final InvocationTargetException ex)
        {
            throw ex.getCause();
        }
        catch (final IllegalAccessException ex)
        {
            throw new EntryException("cannot call main(String[]) of '" + entry.getName() + "'", ex);
        }
    }

    /**
     * The training run: load (without initialising) the classes it is asked to put into the archive, exercise what
     * every child does with shared objects ({@link SharedObjectTraining}), then let each of the classes that is a
     * {@link ChildTask} overriding {@link ChildTask#train} exercise its own code paths.
     */
    private static void train(final List<String> classNames, final ChildContext context) throws Exception
    {
        final List<Class<?>> loaded = new ArrayList<>();
        for (final String name : classNames)
        {
            try
            {
                loaded.add(Class.forName(name, false, ClassLoader.getSystemClassLoader()));
            }
            catch (final ClassNotFoundException | LinkageError ignore)
            {
                // not on this class path: the archive just lacks it
            }
        }
        SharedObjectTraining.run(context);
        for (final Class<?> c : loaded)
        {
            // only tasks that override train() are constructed: others' constructors stay out of the training run
            if (overridesTrain(c))
            {
                newTask(c).train(context);
            }
        }
    }

    /**
     * Whether a class is a {@link ChildTask} that overrides {@link ChildTask#train}, found as the interface's one
     * default method rather than by its name in a string, so that a rename cannot silently skip the training.
     *
     * @param c the class.
     * @return true if it should be trained.
     * @throws NoSuchMethodException never: a {@link ChildTask} has every method of the interface.
     */
    static boolean overridesTrain(final Class<?> c) throws NoSuchMethodException
    {
        if (!ChildTask.class.isAssignableFrom(c))
        {
            return false;
        }
        for (final Method m : ChildTask.class.getDeclaredMethods())
        {
            if (m.isDefault())
            {
                return c.getMethod(m.getName(), m.getParameterTypes()).getDeclaringClass() != ChildTask.class;
            }
        }
        return false;
    }

    private static void startWatchdog(final long parentPid, final long parentTicks, final long watchMillis)
    {
        final Thread t = new Thread(new Watchdog(parentPid, parentTicks, watchMillis), WATCHDOG_THREAD);
        t.setDaemon(true);
        t.start();
    }

    /**
     * Halts this JVM once the parent process is gone. It first sleeps one interval, so that reading
     * {@code /proc} (and initialising {@link ProcessIdentity}) stays off the child's start-up path; a parent that
     * died before the child started is noticed one interval later.
     */
    private static final class Watchdog implements Runnable
    {
        private final long parentPid;
        private final long parentTicks;
        private final long intervalNs;

        Watchdog(final long parentPid, final long parentTicks, final long watchMillis)
        {
            this.parentPid = parentPid;
            this.parentTicks = parentTicks;
            this.intervalNs = TimeUnit.MILLISECONDS.toNanos(watchMillis);
        }

        @Override
        public void run()
        {
            LockSupport.parkNanos(intervalNs);
            final ProcessIdentity parent = new ProcessIdentity(parentPid, parentTicks);
            while (parent.isAlive())
            {
                // parkNanos may return early (spuriously or on unpark): the loop just checks again.
                LockSupport.parkNanos(intervalNs);
            }
            System.err.println("shmkit child " + ProcessHandle.current().pid() + ": parent " + parentPid +
                " is gone; exiting (daemon child)");
            System.err.flush();
            Runtime.getRuntime().halt(ChildProcessException.EXIT_ORPHANED);
        }
    }

    /** A problem with the entry class rather than a failure of the child's work. */
    private static final class EntryException extends Exception
    {
        private static final long serialVersionUID = 1L;

        EntryException(final String message, final Throwable cause)
        {
            super(message, cause);
        }
    }
}
