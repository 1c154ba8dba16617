package io.shmkit.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import io.shmkit.segment.ProcessIdentity;
import io.shmkit.segment.ShmOptions;

/**
 * Starts the child a {@link ShmProcessBuilder} describes ({@link ChildSpec}): its command line (the JVM part here, the launcher's
 * part in {@link ChildCommandLine}), the process, its output drains, and the training of its class-data archive
 * ({@link ArchiveTrainer}) the first time.
 *
 * <p><b>Note:</b> static and stateless; thread-safe (a builder itself is not).
 */
final class ChildLauncher
{
    /** Environment variables the java launcher reads JVM options from: part of the archive key. */
    private static final List<String> ENVIRONMENT_JVM_OPTIONS = List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS");

    private ChildLauncher()
    {
    }

    /**
     * The command line of a child: java, the JVM options, the archive's options when it is ready, the class path,
     * {@link ChildMain} and its {@link ChildCommandLine}.
     *
     * @param b          the child's settings.
     * @param archiveOut where the archive of the configuration is stored, if any and if not null.
     * @return the command.
     * @throws IllegalStateException if no entry class is set.
     */
    static List<String> command(final ChildSpec b, final ChildArchive[] archiveOut)
    {
        if (null == b.kind)
        {
            throw new IllegalStateException("no entry: call task(...) or mainClass(...) before start()");
        }
        final List<String> cmd = new ArrayList<>();
        cmd.add(b.java.toString());
        cmd.addAll(ShmProcess.SHMKIT_JVM_FLAGS);
        if (null != b.heap)
        {
            cmd.add("-Xmx" + b.heap);
        }
        if (b.fastStart)
        {
            cmd.addAll(ShmProcess.FAST_START_FLAGS);
        }
        // Core reflection through method handles (JDK 18+) costs start-up time; a child reflects a few times.
        cmd.add("-Djdk.reflect.useNativeAccessorOnly=true");
        cmd.add("-D" + ShmOptions.ROOT_PROP_NAME + "=" + b.root);
        cmd.addAll(b.jvmOptions);
        if (b.archive && !userChoosesSharing(b.jvmOptions))
        {
            final ChildArchive a =
                ChildArchive.forConfiguration(b.java, b.classPath, keyOptions(cmd, b.environment), b.archiveDirectory);
            if (null != a)
            {
                if (null != archiveOut)
                {
                    archiveOut[0] = a;
                }
                if (a.ready())
                {
                    cmd.addAll(a.useOptions());
                }
            }
        }
        cmd.add("-cp");
        cmd.add(b.classPath);
        cmd.add(ChildMain.class.getName());
        cmd.addAll(ChildCommandLine.tail(ProcessIdentity.current(), b.daemon ? b.watchdogMillis : 0, b.root, b.kind,
            b.entryClass, b.shared, b.args));
        return cmd;
    }

    private static boolean userChoosesSharing(final List<String> jvmOptions)
    {
        for (final String o : jvmOptions)
        {
            if (o.startsWith("-Xshare") || o.startsWith("-XX:SharedArchiveFile") || o.startsWith("-XX:AOT") ||
                o.startsWith("-XX:ArchiveClassesAtExit") || o.contains("AutoCreateSharedArchive"))
            {
                return true;
            }
        }
        return false;
    }

    /**
     * The options that shape an archive: the command's non-{@code -D} options and the JVM options the child
     * (and its trainer, which gets the same environment) picks up from the environment.
     */
    private static List<String> keyOptions(final List<String> cmd, final Map<String, String> environment)
    {
        final List<String> key = new ArrayList<>();
        for (int i = 1; i < cmd.size(); i++)
        {
            if (!cmd.get(i).startsWith("-D"))
            {
                key.add(cmd.get(i));
            }
        }
        for (final String variable : ENVIRONMENT_JVM_OPTIONS)
        {
            final String value = environment.containsKey(variable) ? environment.get(variable) :
                System.getenv(variable);
            key.add(variable + "=" + (null == value ? "" : value));
        }
        return key;
    }

    /**
     * Start a child as configured: the process, the threads that drain its captured output, and, the first time
     * for its configuration, the training of its class-data archive.
     *
     * @param b the child's settings.
     * @return the running child.
     * @throws IllegalStateException if no entry class is set.
     * @throws UncheckedIOException  if the process cannot be started.
     */
    static ShmProcess start(final ChildSpec b)
    {
        final ChildArchive[] archiveOut = new ChildArchive[1];
        final List<String> cmd = command(b, archiveOut);
        final String entryClass = b.entryClass;
        final String childName = null != b.name ? b.name : entryClass.substring(entryClass.lastIndexOf('.') + 1);
        final ProcessBuilder pb = new ProcessBuilder(cmd);
        if (null != b.workingDirectory)
        {
            pb.directory(b.workingDirectory.toFile());
        }
        overlayEnvironment(pb, b.environment);
        pb.redirectOutput(redirect(b.stdout));
        pb.redirectError(redirect(b.stderr));
        final Process process;
        try
        {
            process = pb.start();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot start child '" + childName + "' with " + b.java + ": " +
                ex.getMessage(), ex);
        }
        if (!b.wakeChannel)
        {
            try
            {
                process.getOutputStream().close();
            }
            catch (final IOException ignore)
            {
                // the child's standard input is just empty
            }
        }
        final List<Thread> drains = new ArrayList<>(2);
        final TailBuffer out = tail(b.stdout, b.tailCapacity);
        final TailBuffer err = tail(b.stderr, b.tailCapacity);
        if (null != out)
        {
            drains.add(out.drain(process.getInputStream(), b.stdout == ShmProcess.Output.TEE ? System.out : null,
                "shmkit-stdout-" + childName + "-" + process.pid()));
        }
        if (null != err)
        {
            drains.add(err.drain(process.getErrorStream(), b.stderr == ShmProcess.Output.TEE ? System.err : null,
                "shmkit-stderr-" + childName + "-" + process.pid()));
        }
        final ChildArchive a = archiveOut[0];
        if (null != a && !a.ready())
        {
            final int cpIndex = cmd.indexOf("-cp");
            final List<String> preload = new ArrayList<>(b.archivePreload);
            preload.add(0, entryClass);
            new ArchiveTrainer(a).trainInBackground(cmd.subList(0, cpIndex), b.classPath, b.environment,
                b.daemon ? b.watchdogMillis : 0, preload);
        }
        return new ShmProcess(childName, process, Collections.unmodifiableList(cmd), out, err, drains,
            b.wakeChannel);
    }

    private static TailBuffer tail(final ShmProcess.Output output, final int capacity)
    {
        return output == ShmProcess.Output.CAPTURE || output == ShmProcess.Output.TEE ? new TailBuffer(capacity) : null;
    }

    private static ProcessBuilder.Redirect redirect(final ShmProcess.Output output)
    {
        switch (output)
        {
            case INHERIT:
                return ProcessBuilder.Redirect.INHERIT;
            case DISCARD:
                return ProcessBuilder.Redirect.DISCARD;
            default:
                return ProcessBuilder.Redirect.PIPE;
        }
    }

    /**
     * Apply an environment overlay to a process builder: a null value removes the variable, any other sets it.
     *
     * @param pb      the process builder, whose environment starts as this JVM's.
     * @param overlay the variables to set or remove.
     */
    static void overlayEnvironment(final ProcessBuilder pb, final Map<String, String> overlay)
    {
        for (final Map.Entry<String, String> e : overlay.entrySet())
        {
            if (null == e.getValue())
            {
                pb.environment().remove(e.getKey());
            }
            else
            {
                pb.environment().put(e.getKey(), e.getValue());
            }
        }
    }
}
