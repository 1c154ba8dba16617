package io.shmkit.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

import io.shmkit.segment.ProcessIdentity;
import io.shmkit.segment.ShmOptions;

/**
 * {@code shmkit demo}: the classic examples of Python's {@code multiprocessing} documentation, in Java and at
 * scale, each step timed and its result verified; one {@link DemoPart} per example, run in the order of
 * {@link #parts}.
 *
 * <p>This command only runs the parts: it holds the options they share ({@code --timeout},
 * {@code --class-data-archive}), adds each part's own options and description to its help
 * ({@link PartsTransformer}), and gives them a {@link DemoRun}. Segments are created non-persistent under the
 * root and unlinked at the end. On SIGINT or SIGTERM a shutdown hook kills the children and unlinks the
 * segments (the library's own hook unlinks them too; the hook never unmaps, since the main thread may still be
 * reading). Children are daemons: they also end by themselves when the parent dies, even by SIGKILL.
 */
@Command(
    name = "demo",
    header = "Run Python's multiprocessing examples in Java, at scale, timed and verified.",
    sortOptions = false,
    modelTransformer = DemoCommand.PartsTransformer.class,
    description = {
        "Each step prints what it did and how long it took. Without a terminal, progress is printed as lines " +
            "'progress: LABEL P%% (DONE of TOTAL)', one when a phase starts and one per tenth. The demo " +
            "removes its segments when it ends, " +
            "also on Ctrl-C (SIGINT) or SIGTERM, and its children end with it. Exit code 0 means every result " +
            "was verified; 1 that a check or a child failed, that the children did not finish within --timeout, " +
            "or that there is no room for the array.%n"})
final class DemoCommand extends BaseCommand
{
    /** Upper bound of --timeout (a week), so that deadlines cannot overflow. */
    private static final long MAX_TIMEOUT_SECONDS = 7L * 24 * 3600;

    /** The first part, whose {@code --size} the warm pool part uses too. */
    private final NegateDemo negate = new NegateDemo();
    /** The parts, in the order they run: a new part is a {@link DemoPart} class and one line here. */
    private final List<DemoPart> parts = List.of(
        negate,
        new IncrementDemo(),
        new QueueDemo(),
        new DemoStopFlagPart(),
        new DemoPoolPart(),
        new PoolTransformDemo(negate::size));

    @Option(
        names = "--class-data-archive",
        order = 100,
        description = "Start the children with the class-data archive cache of the process layer (faster " +
            "starts; the first run trains the archive in a background JVM). Off by default, so that the demo " +
            "leaves no process behind.")
    private boolean classDataArchive;

    @Option(
        names = "--timeout",
        paramLabel = "S",
        order = 101,
        description = "Longest wait, in seconds, for each phase of the children (default: derived from the " +
            "work, as each part says above). When it passes, the demo kills its children, removes its segments " +
            "and exits with 1.")
    private Long timeoutSeconds;

    @Override
    public Integer call() throws InterruptedException
    {
        if (null != timeoutSeconds && (timeoutSeconds < 1 || timeoutSeconds > MAX_TIMEOUT_SECONDS))
        {
            throw CliException.usage("--timeout " + timeoutSeconds + " must be from 1 to " + MAX_TIMEOUT_SECONDS);
        }
        for (final DemoPart part : parts)
        {
            part.validate();
        }
        final ShmOptions options = options().withPersistent(false);
        final PrintWriter out = out();
        final long pid = ProcessIdentity.current().pid();
        final String base = "shmkit-demo-" + pid + "-" + Long.toHexString(System.nanoTime() & 0xFFFF_FFFFL);
        final DemoRun run = new DemoRun(out, options, base, classDataArchive, timeoutSeconds, null != System.console());
        final Thread hook = new Thread(run::stopOnSignal, "shmkit-demo-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try
        {
            out.println("shmkit demo: pid " + pid + ", segments " + base + "-* under " + options.root());
            boolean verified = true;
            for (final DemoPart part : parts)
            {
                // every part runs, also after one whose result did not verify
                verified &= part.run(run);
            }
            if (!verified)
            {
                throw CliException.failure("demo: a result did not verify (see above)");
            }
            out.println();
            out.println("demo: all results verified");
            return Main.EXIT_OK;
        }
        finally
        {
            if (!run.stopping())
            {
                run.stop();
                Runtime.getRuntime().removeShutdownHook(hook);
            }
        }
    }

    /**
     * Adds each part's options (as a mixin) and its description ({@code Part N: ...}) to the command's
     * specification, once picocli has built it from the annotations.
     */
    static final class PartsTransformer implements CommandLine.IModelTransformer
    {
        @Override
        public CommandSpec transform(final CommandSpec spec)
        {
            final List<DemoPart> parts = ((DemoCommand)spec.userObject()).parts;
            final List<String> description = new ArrayList<>();
            for (int i = 0; i < parts.size(); i++)
            {
                final DemoPart part = parts.get(i);
                spec.addMixin(part.name(), CommandSpec.forAnnotatedObject(part));
                description.add("Part " + (i + 1) + ": " + part.description());
            }
            description.addAll(List.of(spec.usageMessage().description()));
            spec.usageMessage().description(description.toArray(new String[0]));
            return spec;
        }
    }
}
