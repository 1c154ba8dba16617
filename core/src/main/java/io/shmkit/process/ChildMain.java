package io.shmkit.process;

import java.io.PrintStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
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
 * <pre>
 * ChildMain --parent PID:START_TICKS --watch MILLIS --root DIR
 *           (--task CLASS | --main CLASS | --train [--preload CLASS]...) [--share NAME]... -- [ARG]...
 * </pre>
 * {@code --watch 0} means not a daemon: no watchdog. {@code --train} is the class-data training run of
 * {@link ShmProcess}'s archive cache (started, in a private segment root, by the archive trainer
 * {@code ChildMain --archive-trainer ...}, an internal command line of the cache): it loads the {@code --preload} classes (the entry class of the child that
 * asked for the archive, without initialising them), exercises the code paths of a typical child on segments of
 * its own and unlinks them.
 *
 * <h2>Daemon children</h2>
 * Python's {@code daemon} flag: the watchdog, a daemon thread, checks every {@code --watch} milliseconds
 * whether the parent (pid and start time, so a reused pid does not count) is alive, and when it is not, calls
 * {@link Runtime#halt(int)} with {@link #EXIT_ORPHANED}. Halting skips shutdown hooks: non-persistent segments
 * the child itself created stay until {@link io.shmkit.Segments#clean} removes them (their creator is dead
 * then); locks the child held are recovered by their next locker ({@link io.shmkit.ShmLock#ownerDied()}).
 *
 * <h2>Exit codes</h2>
 * 0 when the task returns (the launcher calls {@link System#exit(int)}, so stray non-daemon threads of a task
 * do not keep the child alive; a {@code main} entry ends as any Java {@code main} does),
 * {@link #EXIT_TASK_FAILED} when the entry throws, {@link #EXIT_USAGE} when the arguments or the entry class
 * are wrong, {@link #EXIT_ORPHANED} when the watchdog ends an orphan. Exit code 1 is left to the {@code java}
 * launcher, which uses it when the JVM itself cannot start (a bad JVM option, an unusable class-data archive
 * with {@code -Xshare:on}, no memory for the heap).
 *
 * <p><b>Note:</b> meant to be run only as a JVM's main class; the watchdog is the only thread it starts.
 */
public final class ChildMain
{
    /**
     * Exit code of a child whose task or {@code main} threw (70, {@code EX_SOFTWARE} of {@code sysexits.h}); not 1,
     * which is the {@code java} launcher's own code for a JVM that could not start.
     */
    public static final int EXIT_TASK_FAILED = 70;
    /** Exit code of a daemon child that ended because its parent died. */
    public static final int EXIT_ORPHANED = 71;
    /** Exit code of a child whose launcher arguments or entry class were wrong (64, {@code EX_USAGE}). */
    public static final int EXIT_USAGE = 64;
    /** Smallest watchdog interval accepted, in milliseconds. */
    public static final long MIN_WATCH_MILLIS = 10;

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
        if (argv.length > 0 && ChildArchive.TRAINER_OPTION.equals(argv[0]))
        {
            System.exit(ChildArchive.superviseTraining(List.of(argv).subList(1, argv.length)));
            return;
        }
        final Launch launch;
        try
        {
            launch = Launch.parse(argv);
        }
        catch (final IllegalArgumentException ex)
        {
            System.err.println("shmkit child: " + ex.getMessage());
            System.exit(EXIT_USAGE);
            return;
        }
        if (launch.watchMillis > 0)
        {
            startWatchdog(launch.parentPid, launch.parentTicks, launch.watchMillis);
        }
        final ChildContext context = new ChildContext(launch.args, launch.shared, launch.parentPid, launch.parentTicks,
            ShmOptions.defaults().withRoot(launch.root));
        ChildContext.setCurrent(context);
        final int code = run(launch, context);
        if (code != 0 || launch.kind != Kind.MAIN)
        {
            System.exit(code);
        }
    }

    private static int run(final Launch launch, final ChildContext context)
    {
        final Class<?> entry;
        try
        {
            entry = launch.kind == Kind.TRAIN ? null :
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
            err.println("shmkit child " + ProcessHandle.current().pid() + ": " + describe(launch) + " failed");
            ex.printStackTrace(err);
            err.flush();
            return EXIT_TASK_FAILED;
        }
        finally
        {
            if (launch.kind != Kind.MAIN)
            {
                context.close();
            }
        }
    }

    private static String describe(final Launch launch)
    {
        return launch.kind == Kind.TRAIN ? "training run" : launch.kind.option.substring(2) + " " + launch.className;
    }

    private static int usage(final String message, final Throwable cause)
    {
        System.err.println("shmkit child: " + message);
        if (null != cause)
        {
            cause.printStackTrace(System.err);
        }
        System.err.flush();
        return EXIT_USAGE;
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
     * The training run: load (without initialising) the classes it is asked to put into the archive, then let each
     * of them that is a {@link ChildTask} overriding {@link ChildTask#train} exercise its code paths.
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
        for (final Class<?> c : loaded)
        {
            // only tasks that override train() are constructed: others' constructors stay out of the training run
            if (ChildTask.class.isAssignableFrom(c) &&
                c.getMethod("train", ChildContext.class).getDeclaringClass() != ChildTask.class)
            {
                newTask(c).train(context);
            }
        }
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
            Runtime.getRuntime().halt(EXIT_ORPHANED);
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

    enum Kind
    {
        TASK("--task"), MAIN("--main"), TRAIN("--train");

        final String option;

        Kind(final String option)
        {
            this.option = option;
        }
    }

    /** The parsed command line. */
    static final class Launch
    {
        long parentPid = -1;
        long parentTicks = -1;
        long watchMillis = -1;
        Path root;
        Kind kind;
        String className;
        final List<String> shared = new ArrayList<>();
        final List<String> preload = new ArrayList<>();
        final List<String> args = new ArrayList<>();

        static Launch parse(final String[] argv)
        {
            final Launch l = new Launch();
            int i = 0;
            while (i < argv.length)
            {
                final String opt = argv[i];
                if ("--".equals(opt))
                {
                    for (int k = i + 1; k < argv.length; k++)
                    {
                        l.args.add(argv[k]);
                    }
                    break;
                }
                if ("--train".equals(opt))
                {
                    l.kind = Kind.TRAIN;
                    i++;
                    continue;
                }
                if (i + 1 >= argv.length)
                {
                    throw new IllegalArgumentException("option " + opt + " needs a value");
                }
                final String value = argv[i + 1];
                switch (opt)
                {
                    case "--parent":
                        parseIdentity(l, value);
                        break;
                    case "--preload":
                        l.preload.add(value);
                        break;
                    case "--watch":
                        l.watchMillis = parseLong("--watch", value);
                        if (l.watchMillis != 0 && l.watchMillis < MIN_WATCH_MILLIS)
                        {
                            throw new IllegalArgumentException(
                                "--watch " + value + " must be 0 (no watchdog) or at least " + MIN_WATCH_MILLIS);
                        }
                        break;
                    case "--root":
                        l.root = Path.of(value);
                        break;
                    case "--task":
                        l.kind = Kind.TASK;
                        l.className = value;
                        break;
                    case "--main":
                        l.kind = Kind.MAIN;
                        l.className = value;
                        break;
                    case "--share":
                        l.shared.add(value);
                        break;
                    default:
                        throw new IllegalArgumentException("unknown option '" + opt + "'");
                }
                i += 2;
            }
            if (l.parentPid < 0 || l.watchMillis < 0 || null == l.root || null == l.kind)
            {
                throw new IllegalArgumentException(
                    "usage: ChildMain --parent PID:START_TICKS --watch MILLIS --root DIR " +
                    "(--task CLASS | --main CLASS | --train) [--share NAME]... -- [ARG]...");
            }
            return l;
        }

        private static void parseIdentity(final Launch l, final String value)
        {
            final ProcessIdentity parent = ProcessIdentity.parse(value);
            if (null == parent)
            {
                throw new IllegalArgumentException("--parent '" + value + "' must be PID:START_TICKS, pid > 0");
            }
            l.parentPid = parent.pid();
            l.parentTicks = parent.startTicks();
        }

        private static long parseLong(final String what, final String value)
        {
            try
            {
                return Long.parseLong(value);
            }
            catch (final NumberFormatException ex)
            {
                throw new IllegalArgumentException(what + " '" + value + "' is not a number", ex);
            }
        }
    }
}
