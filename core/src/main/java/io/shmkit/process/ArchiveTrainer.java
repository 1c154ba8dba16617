package io.shmkit.process;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.shmkit.segment.ProcessIdentity;
import io.shmkit.segment.ShmOptions;

/**
 * The training of a {@link ChildArchive}: the claim of its training marker, the start of the background trainer
 * (a supervisor JVM, {@code ChildMain --archive-trainer}, that needs no parent) and the supervisor's work: a
 * private segment root ({@code train-PID:TICKS.root}), the training JVM ({@code ChildMain --train}, watched by the
 * supervisor, capped at {@link #TRAINING_CAP_MS}), the atomic rename of the archive into place, and the clean-up.
 * See {@link ChildArchive} for the whole story.
 *
 * <p><b>Note:</b> thread-safe; process-safe through the training marker, which names its owner by
 * {@link ProcessIdentity}, so a dead owner's marker is stale.
 */
final class ArchiveTrainer
{
    private static final String ROOT_PREFIX = "train-";
    private static final String ROOT_SUFFIX = ".root";
    private static final long STALE_TEMP_AGE_MS = 3_600_000;
    /** Age after which a training marker that names no process is stale. */
    private static final long TRAINING_MARKER_MAX_AGE_MS = 120_000;

    /** Longest a training JVM may run before its supervisor kills it (it normally needs a few seconds). */
    static final long TRAINING_CAP_MS = 60_000;

    private static final ConcurrentHashMap<Path, Boolean> TRAINING = new ConcurrentHashMap<>();

    private final ChildArchive target;
    private final Path archive;
    private final int feature;

    /**
     * The trainer of an archive.
     *
     * @param target the archive.
     */
    ArchiveTrainer(final ChildArchive target)
    {
        this.target = target;
        this.archive = target.file();
        this.feature = target.feature();
    }

    /**
     * Start the background trainer for this archive unless it is ready, failed less than
     * {@link ChildArchive#FAILED_MAX_AGE_MS} ago, or is being trained by this or another live process.
     *
     * @param baseCommand  the child command up to (excluding) the class path: java and the JVM options.
     * @param classPath    the class path.
     * @param environment  the child's environment changes (a null value removes a variable).
     * @param watchMillis  the child's watchdog interval, 0 for none: the training JVM watches its supervisor.
     * @param preload      classes the training run loads so that they are archived (the entry class).
     */
    void trainInBackground(
        final List<String> baseCommand, final String classPath, final Map<String, String> environment,
        final long watchMillis, final List<String> preload)
    {
        sweepDeadTrainers(archive.getParent());
        if (target.ready() || failedRecently() || null != TRAINING.putIfAbsent(archive, Boolean.TRUE))
        {
            return;
        }
        boolean claimed = false;
        boolean started = false;
        try
        {
            claimed = claimTraining();
            if (!claimed)
            {
                return;
            }
            removeStaleTemporaries();
            final List<String> cmd = new ArrayList<>();
            cmd.add(baseCommand.get(0));
            cmd.addAll(ShmProcess.SHMKIT_JVM_FLAGS);
            cmd.add("-Xmx32m");
            cmd.addAll(ShmProcess.FAST_START_FLAGS);
            cmd.add("-cp");
            cmd.add(classPath);
            cmd.add(ChildMain.class.getName());
            cmd.add(ChildCommandLine.TRAINER_OPTION);
            cmd.add(archive.toString());
            cmd.add(Integer.toString(feature));
            cmd.add(Long.toString(watchMillis));
            cmd.add(classPath);
            cmd.add(Integer.toString(preload.size()));
            cmd.addAll(preload);
            for (final String o : baseCommand)
            {
                // the trainer's segment root is its own private directory, never the parent's
                if (!o.startsWith("-D" + ShmOptions.ROOT_PROP_NAME + "="))
                {
                    cmd.add(o);
                }
            }
            final Path log = target.marker(".log");
            Files.deleteIfExists(log);
            Files.createFile(log, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            final ProcessBuilder pb = new ProcessBuilder(cmd)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
            ChildLauncher.overlayEnvironment(pb, environment);
            final Process p = pb.start();
            started = true;
            // only for this JVM's bookkeeping: the trainer does its work (and the rename) without a parent
            p.onExit().thenRun(() -> TRAINING.remove(archive));
        }
        catch (final IOException | RuntimeException ex)
        {
            // training is an optimisation: children run without the archive
        }
        finally
        {
            if (!started)
            {
                TRAINING.remove(archive);
                if (claimed)
                {
                    ArchiveDirectory.deleteQuietly(target.marker(".training"));
                }
            }
        }
    }

    private boolean failedRecently()
    {
        final Path failed = target.marker(".failed");
        try
        {
            if (!Files.exists(failed, LinkOption.NOFOLLOW_LINKS))
            {
                return false;
            }
            if (System.currentTimeMillis() - Files.getLastModifiedTime(failed, LinkOption.NOFOLLOW_LINKS).toMillis() <
                ChildArchive.FAILED_MAX_AGE_MS)
            {
                return true;
            }
            ArchiveDirectory.deleteQuietly(failed); // expired: try again
            return false;
        }
        catch (final IOException ex)
        {
            return true;
        }
    }

    /**
     * Create the training marker holding this process's {@code pid:startTicks}. A marker whose owner is dead (or,
     * in an unreadable marker, older than {@link #TRAINING_MARKER_MAX_AGE_MS}) is stale: it is removed and the
     * claim tried once more.
     */
    boolean claimTraining() throws IOException
    {
        final Path m = target.marker(".training");
        for (int attempt = 0; attempt < 2; attempt++)
        {
            try
            {
                Files.writeString(m, ProcessIdentity.current().toText(), StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                return true;
            }
            catch (final FileAlreadyExistsException ex)
            {
                if (!staleMarker(m))
                {
                    return false;
                }
                ArchiveDirectory.deleteQuietly(m);
            }
        }
        return false;
    }

    private static boolean staleMarker(final Path m)
    {
        try
        {
            final ProcessIdentity owner = ProcessIdentity.parse(Files.readString(m, StandardCharsets.UTF_8).trim());
            if (null != owner)
            {
                return !owner.isAlive();
            }
            return System.currentTimeMillis() - Files.getLastModifiedTime(m).toMillis() > TRAINING_MARKER_MAX_AGE_MS;
        }
        catch (final IOException | RuntimeException ex)
        {
            return false; // gone meanwhile, or unreadable: let its owner finish
        }
    }

    /** Delete the private roots ({@code train-PID:TICKS.root}) of trainers that are no longer alive. */
    static void sweepDeadTrainers(final Path directory)
    {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(directory, ROOT_PREFIX + "*" + ROOT_SUFFIX))
        {
            for (final Path p : ds)
            {
                final String n = p.getFileName().toString();
                final ProcessIdentity owner =
                    ProcessIdentity.parse(n.substring(ROOT_PREFIX.length(), n.length() - ROOT_SUFFIX.length()));
                if (null != owner && !owner.isAlive())
                {
                    ArchiveDirectory.deleteTree(p);
                }
            }
        }
        catch (final IOException | RuntimeException ignore)
        {
            // best effort; no directory yet
        }
    }

    /**
     * The trainer ({@code ChildMain --archive-trainer ARCHIVE FEATURE WATCH_MS CLASS_PATH N PRELOAD... BASE...}):
     * runs in its own JVM, needs no parent. See the class comment.
     *
     * @param args the arguments after {@link ChildCommandLine#TRAINER_OPTION}.
     * @return the exit code: 0 when the archive was renamed into place.
     */
    static int supervise(final List<String> args)
    {
        final Path archivePath = Path.of(args.get(0));
        final int feature = Integer.parseInt(args.get(1));
        final long watchMillis = Long.parseLong(args.get(2));
        final String classPath = args.get(3);
        final int preloads = Integer.parseInt(args.get(4));
        final List<String> preload = args.subList(5, 5 + preloads);
        final List<String> base = args.subList(5 + preloads, args.size());
        return new ArchiveTrainer(ChildArchive.of(archivePath, feature)).train(base, classPath, watchMillis, preload);
    }

    private int train(
        final List<String> base, final String classPath, final long watchMillis, final List<String> preload)
    {
        final ProcessIdentity me = ProcessIdentity.current();
        final Path dir = archive.getParent();
        final Path root = dir.resolve(ROOT_PREFIX + me.toText() + ROOT_SUFFIX);
        final Path temp = archive.resolveSibling(archive.getFileName() + "." + me.pid() + "." + System.nanoTime() +
            ".tmp");
        final Path marker = target.marker(".training");
        Process training = null;
        int code = ChildProcessException.EXIT_TASK_FAILED;
        try
        {
            Files.createDirectory(root, PosixFilePermissions.asFileAttribute(ArchiveDirectory.OWNER_ONLY));
            takeOverMarker(marker, me);
            final List<String> cmd = new ArrayList<>();
            cmd.add(base.get(0));
            cmd.add("-D" + ShmOptions.ROOT_PROP_NAME + "=" + root);
            cmd.addAll(base.subList(1, base.size()));
            cmd.add(feature >= 25 ? "-XX:AOTCacheOutput=" + temp : "-XX:ArchiveClassesAtExit=" + temp);
            cmd.add("-cp");
            cmd.add(classPath);
            cmd.add(ChildMain.class.getName());
            cmd.addAll(ChildCommandLine.tail(me, watchMillis, root, ChildCommandLine.Kind.TRAIN, null, preload,
                List.of()));
            System.out.println("shmkit archive trainer " + me.pid() + ": " + String.join(" ", cmd));
            System.out.flush();
            training = new ProcessBuilder(cmd).inheritIO()
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            final boolean ended = training.waitFor(TRAINING_CAP_MS, TimeUnit.MILLISECONDS);
            final String outcome;
            if (!ended)
            {
                training.destroyForcibly();
                training.waitFor(10, TimeUnit.SECONDS);
                outcome = "training did not end within " + TRAINING_CAP_MS + " ms and was killed";
            }
            else if (training.exitValue() != 0)
            {
                outcome = "training exited with " + ChildProcessException.describeExitCode(training.exitValue());
            }
            else if (!Files.isRegularFile(temp, LinkOption.NOFOLLOW_LINKS) || Files.size(temp) == 0)
            {
                outcome = "training wrote no archive";
            }
            else
            {
                Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
                Files.move(temp, archive, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                target.evictOldArchives();
                outcome = null;
                code = 0;
            }
            if (null != outcome)
            {
                Files.writeString(target.marker(".failed"),
                    outcome + "; see " + target.marker(".log").getFileName() + "\n", StandardCharsets.UTF_8);
                System.out.println("shmkit archive trainer " + me.pid() + ": " + outcome);
            }
            else
            {
                System.out.println("shmkit archive trainer " + me.pid() + ": archive " + archive + " ready");
            }
        }
        catch (final IOException | RuntimeException ex)
        {
            System.out.println("shmkit archive trainer " + me.pid() + ": failed: " + ex);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        finally
        {
            if (null != training && training.isAlive())
            {
                training.destroyForcibly();
            }
            ArchiveDirectory.deleteQuietly(temp);
            ArchiveDirectory.deleteQuietly(temp.resolveSibling(temp.getFileName() + ".config"));
            ArchiveDirectory.deleteTree(root);
            ArchiveDirectory.deleteQuietly(marker);
            System.out.flush();
        }
        return code;
    }

    /** Replace the marker's owner (the process that claimed it) with this trainer, atomically. */
    private static void takeOverMarker(final Path marker, final ProcessIdentity me) throws IOException
    {
        final Path tmp = marker.resolveSibling(marker.getFileName() + "." + me.pid() + ".tmp");
        Files.writeString(tmp, me.toText(), StandardCharsets.UTF_8);
        Files.move(tmp, marker, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private void removeStaleTemporaries()
    {
        final String prefix = archive.getFileName().toString() + ".";
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(archive.getParent(), prefix + "*"))
        {
            final long now = System.currentTimeMillis();
            for (final Path p : ds)
            {
                final String n = p.getFileName().toString();
                if ((n.endsWith(".tmp") || n.endsWith(".tmp.config")) &&
                    now - Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS).toMillis() > STALE_TEMP_AGE_MS)
                {
                    ArchiveDirectory.deleteQuietly(p);
                }
            }
        }
        catch (final IOException ignore)
        {
            // best effort
        }
    }
}
