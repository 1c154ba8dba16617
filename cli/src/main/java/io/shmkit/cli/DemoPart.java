package io.shmkit.cli;

/**
 * One part of {@code shmkit demo}: one of Python's {@code multiprocessing} examples, in Java and at scale, each
 * step timed and its result verified.
 *
 * <p>A part is also a picocli mixin: its {@code @Option} fields become options of {@code shmkit demo}. To add a
 * part, write a class that implements this interface and add one line to {@link DemoCommand}'s list of parts;
 * the command adds its options and its description to the help and runs it after the parts before it. (Its
 * option declarations look like the other parts' on purpose: see {@link BaseCommand}.)
 *
 * <p><b>Note:</b> a part runs on the demo's main thread, once; it registers what a stop must undo (kill a
 * child, remove a segment) with {@link DemoRun#whenStopping}, which the shutdown hook runs on a signal.
 */
interface DemoPart
{
    /**
     * The part's name, unique among the parts: the key of its options in the command's specification.
     *
     * @return a short lower-case name, e.g. {@code "negate"}.
     */
    String name();

    /**
     * What the part does, for the help of {@code shmkit demo}, after {@code "Part N: "}: one paragraph, naming
     * the options it reads and the default deadline of each of its waits.
     *
     * @return the text, in picocli's format ({@code %n} ends a line, {@code %%} is a percent sign).
     */
    String description();

    /**
     * Reject option values that are out of range, before any part starts.
     *
     * @throws CliException (usage) naming the option and its value.
     */
    void validate();

    /**
     * Run the part: print its title ({@link DemoRun#beginPart}) and its timed steps, and verify its results.
     * The segments and children it creates are gone when it returns or throws.
     *
     * @param run what the parts share: output, segment options and names, deadlines, stop actions.
     * @return true if every result verified, false if one did not (printed as {@code FAILED: ...}).
     * @throws CliException         (failure) when a child fails or a deadline passes; the children are killed.
     * @throws InterruptedException if interrupted while waiting for the children.
     */
    boolean run(DemoRun run) throws InterruptedException;
}
