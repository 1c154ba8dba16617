package io.shmkit.process;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.shmkit.segment.ProcessIdentity;

/**
 * The command line of {@link ChildMain}, written by the parent ({@link #tail}) and read back by the child
 * ({@link #parse}), in one place:
 * <pre>
 * ChildMain --parent PID:START_TICKS --watch MILLIS --root DIR
 *           (--task CLASS | --main CLASS | --train [--preload CLASS]...) [--share NAME]... -- [ARG]...
 * ChildMain --archive-trainer ...   (the class-data archive's trainer: see ArchiveTrainer)
 * </pre>
 * {@code --watch 0} means not a daemon: no watchdog.
 *
 * <p><b>Note:</b> a parsed command line is a plain holder, used by one thread.
 */
final class ChildCommandLine
{
    /** Smallest watchdog interval accepted, in milliseconds. */
    static final long MIN_WATCH_MILLIS = 10;
    /** First argument of the archive trainer's command line. */
    static final String TRAINER_OPTION = "--archive-trainer";
    static final String PARENT_OPTION = "--parent";
    static final String WATCH_OPTION = "--watch";
    static final String ROOT_OPTION = "--root";
    static final String SHARE_OPTION = "--share";
    static final String PRELOAD_OPTION = "--preload";
    static final String END_OF_OPTIONS = "--";

    /** What the child runs. */
    enum Kind
    {
        /** A {@link ChildTask}. */
        TASK("--task"),
        /** A class's {@code main(String[])}. */
        MAIN("--main"),
        /** The class-data training run. */
        TRAIN("--train");

        final String option;

        Kind(final String option)
        {
            this.option = option;
        }
    }

    long parentPid = -1;
    long parentTicks = -1;
    long watchMillis = -1;
    Path root;
    Kind kind;
    String className;
    final List<String> shared = new ArrayList<>();
    final List<String> preload = new ArrayList<>();
    final List<String> args = new ArrayList<>();

    private ChildCommandLine()
    {
    }

    /**
     * The launcher's part of a child's command line: what follows {@code ChildMain}'s class name.
     *
     * @param parent      the process the child watches (and names as its parent).
     * @param watchMillis the watchdog interval, 0 for none.
     * @param root        the child's segment root.
     * @param kind        what the child runs.
     * @param className   the entry class, or null for {@link Kind#TRAIN}.
     * @param names       the shared objects' names ({@code --share}), or for {@link Kind#TRAIN} the classes to
     *                    preload ({@code --preload}).
     * @param args        the entry's arguments.
     * @return the arguments.
     */
    static List<String> tail(
        final ProcessIdentity parent, final long watchMillis, final Path root, final Kind kind, final String className,
        final List<String> names, final List<String> args)
    {
        final List<String> cmd = new ArrayList<>();
        cmd.add(PARENT_OPTION);
        cmd.add(parent.toText());
        cmd.add(WATCH_OPTION);
        cmd.add(Long.toString(watchMillis));
        cmd.add(ROOT_OPTION);
        cmd.add(root.toString());
        cmd.add(kind.option);
        if (kind != Kind.TRAIN)
        {
            cmd.add(className);
        }
        final String nameOption = kind == Kind.TRAIN ? PRELOAD_OPTION : SHARE_OPTION;
        for (final String n : names)
        {
            cmd.add(nameOption);
            cmd.add(n);
        }
        cmd.add(END_OF_OPTIONS);
        cmd.addAll(args);
        return cmd;
    }

    /**
     * Read the command line {@link #tail} wrote.
     *
     * @param argv the launcher's arguments.
     * @return the parsed command line.
     * @throws IllegalArgumentException naming the option that is missing, unknown or bad.
     */
    static ChildCommandLine parse(final String[] argv)
    {
        final ChildCommandLine l = new ChildCommandLine();
        int i = 0;
        while (i < argv.length)
        {
            final String opt = argv[i];
            if (END_OF_OPTIONS.equals(opt))
            {
                l.args.addAll(List.of(argv).subList(i + 1, argv.length));
                break;
            }
            if (Kind.TRAIN.option.equals(opt))
            {
                l.kind = Kind.TRAIN;
                i++;
                continue;
            }
            if (i + 1 >= argv.length)
            {
                throw new IllegalArgumentException("option " + opt + " needs a value");
            }
            l.option(opt, argv[i + 1]);
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

    private void option(final String opt, final String value)
    {
        switch (opt)
        {
            case PARENT_OPTION:
                final ProcessIdentity parent = ProcessIdentity.parse(value);
                if (null == parent)
                {
                    throw new IllegalArgumentException("--parent '" + value + "' must be PID:START_TICKS, pid > 0");
                }
                parentPid = parent.pid();
                parentTicks = parent.startTicks();
                break;
            case PRELOAD_OPTION:
                preload.add(value);
                break;
            case WATCH_OPTION:
                watchMillis = parseLong(WATCH_OPTION, value);
                if (watchMillis != 0 && watchMillis < MIN_WATCH_MILLIS)
                {
                    throw new IllegalArgumentException(
                        "--watch " + value + " must be 0 (no watchdog) or at least " + MIN_WATCH_MILLIS);
                }
                break;
            case ROOT_OPTION:
                root = Path.of(value);
                break;
            case SHARE_OPTION:
                shared.add(value);
                break;
            default:
                for (final Kind k : Kind.values())
                {
                    if (k.option.equals(opt))
                    {
                        kind = k;
                        className = value;
                        return;
                    }
                }
                throw new IllegalArgumentException("unknown option '" + opt + "'");
        }
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

    /**
     * A short description of what the child runs, for messages.
     *
     * @return e.g. {@code "task com.example.Negate"} or {@code "training run"}.
     */
    String describe()
    {
        return kind == Kind.TRAIN ? "training run" : kind.option.substring(2) + " " + className;
    }
}
