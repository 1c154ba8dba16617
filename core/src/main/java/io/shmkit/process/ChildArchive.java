package io.shmkit.process;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.shmkit.segment.ProcessIdentity;

/**
 * The class-data archive cache of child JVMs: on JDK 25 and later an AOT cache ({@code -XX:AOTCacheOutput},
 * then {@code -XX:AOTCache}), on JDK 17 to 24 a dynamic AppCDS archive ({@code -XX:ArchiveClassesAtExit}, then
 * {@code -XX:SharedArchiveFile}). One archive per key: the JDK (its {@code release} file), the class path with
 * each entry's size and modification time, and the JVM options that shape the archive. The first child for a
 * key runs without an archive and starts one background trainer: a small supervisor JVM
 * ({@code ChildMain --archive-trainer}) that needs no parent. It creates a private segment root (a fresh
 * {@code 0700} directory {@code train-PID-TICKS.root} in the cache directory), runs the training JVM
 * ({@code ChildMain --train}) with that root and the child's configuration (JVM options, environment, watchdog
 * interval, which watches the supervisor), waits for it at most {@link #TRAINING_CAP_MS}, renames the
 * temporary archive into place atomically (so concurrent processes never see a partial archive, and two
 * trainers racing only replace one complete file with another), and deletes its private root. Its output and
 * the training JVM's go to {@code KEY.log}. A private root left by a trainer that was killed is deleted by the
 * next process that looks for an archive in the directory (its owner, named by the directory, is dead). The
 * trainer never touches the parent's segment root, and it outlives a short-lived parent.
 *
 * <p>Not used when the class path holds a non-empty directory (the JDK archives classes from JAR files only and
 * refuses to dump), when the JDK's version cannot be told, or when the cache directory is not private (owned by
 * this process's uid, mode exactly {@code 0700}): an archive is code, a planted one would run in every child.
 * An archive file is used only if it is owned by this uid and not writable by group or others. A key whose
 * training failed is marked ({@code KEY.failed}) and not tried again for {@link #FAILED_MAX_AGE_MS}. The
 * directory keeps the {@link #MAX_ARCHIVES} most recently trained or used archives.
 *
 * <p><b>Note:</b> thread-safe; process-safe through the atomic rename and the training marker files, which
 * name their owner by pid and start time ({@link ProcessIdentity}), so a dead owner's marker is stale.
 */
final class ChildArchive
{
    private static final Pattern JAVA_VERSION = Pattern.compile("^JAVA_VERSION=\"([0-9]+)", Pattern.MULTILINE);
    /** Age after which a training marker that names no process is stale. */
    private static final long TRAINING_MARKER_MAX_AGE_MS = 120_000;
    /** Longest a training JVM may run before its supervisor kills it (it normally needs a few seconds). */
    static final long TRAINING_CAP_MS = 60_000;
    /** Age after which a {@code .failed} marker expires and the key is tried again. */
    static final long FAILED_MAX_AGE_MS = 86_400_000;
    /** Option of {@link ChildMain} that runs {@link #superviseTraining}. */
    static final String TRAINER_OPTION = "--archive-trainer";
    private static final String ROOT_PREFIX = "train-";
    private static final String ROOT_SUFFIX = ".root";
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");
    private static final long STALE_TEMP_AGE_MS = 3_600_000;
    private static final long REFRESH_AGE_MS = 86_400_000;
    /** Archives kept in the cache directory: the most recently trained or used ones. */
    static final int MAX_ARCHIVES = 8;
    private static final ConcurrentHashMap<Path, Boolean> TRAINING = new ConcurrentHashMap<>();

    private final Path archive;
    private final int feature;

    private ChildArchive(final Path archive, final int feature)
    {
        this.archive = archive;
        this.feature = feature;
    }

    /** The default cache directory: {@code $XDG_CACHE_HOME/shmkit/child-archives} or under {@code ~/.cache}. */
    static Path defaultDirectory()
    {
        final String xdg = System.getenv("XDG_CACHE_HOME");
        final Path base = null != xdg && !xdg.isEmpty() ? Path.of(xdg) :
            Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("shmkit").resolve("child-archives");
    }

    /**
     * The archive for this configuration, or {@code null} when archives cannot be used for it.
     *
     * @param java        the child's java executable.
     * @param classPath   the child's class path.
     * @param keyOptions  the JVM options that shape the archive.
     * @param directory   the cache directory.
     */
    static ChildArchive forConfiguration(
        final Path java, final String classPath, final List<String> keyOptions, final Path directory)
    {
        try
        {
            final String release = readRelease(java);
            final int feature = featureVersion(java, release);
            if (feature < 17 || classPath.isEmpty() || hasNonEmptyDirectory(classPath) || !usableDirectory(directory))
            {
                return null;
            }
            final MessageDigest sha = MessageDigest.getInstance("SHA-256");
            update(sha, java.toRealPath().toString());
            update(sha, release);
            update(sha, classPath);
            for (final String entry : classPath.split(File.pathSeparator))
            {
                final Path p = Path.of(entry);
                if (Files.isRegularFile(p))
                {
                    final BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
                    update(sha, a.size() + "@" + a.lastModifiedTime().toMillis());
                }
                else
                {
                    update(sha, "-");
                }
            }
            for (final String option : keyOptions)
            {
                update(sha, option);
            }
            final byte[] digest = sha.digest();
            final StringBuilder key = new StringBuilder("child-").append(feature).append('-');
            for (int i = 0; i < 12; i++)
            {
                key.append(Character.forDigit((digest[i] >> 4) & 0xF, 16))
                    .append(Character.forDigit(digest[i] & 0xF, 16));
            }
            key.append(feature >= 25 ? ".aot" : ".jsa");
            return new ChildArchive(directory.resolve(key.toString()), feature);
        }
        catch (final IOException | NoSuchAlgorithmException | RuntimeException ex)
        {
            return null;
        }
    }

    private static void update(final MessageDigest sha, final String s)
    {
        sha.update(s.getBytes(StandardCharsets.UTF_8));
        sha.update((byte)0);
    }

    static String readRelease(final Path java)
    {
        final Path home = javaHome(java);
        if (null != home)
        {
            try
            {
                return Files.readString(home.resolve("release"), StandardCharsets.UTF_8);
            }
            catch (final IOException ignore)
            {
                // no release file: fall through
            }
        }
        return "";
    }

    private static Path javaHome(final Path java)
    {
        final Path bin = java.toAbsolutePath().getParent();
        return null == bin ? null : bin.getParent();
    }

    /**
     * The feature version of the JDK of {@code java}: this JVM's if it is this JVM's executable, else from the
     * JDK's {@code release} file; -1 if unknown.
     */
    static int featureVersion(final Path java, final String release)
    {
        final Path own = Path.of(System.getProperty("java.home"), "bin", "java");
        try
        {
            if (Files.isSameFile(own, java))
            {
                return Runtime.version().feature();
            }
        }
        catch (final IOException ignore)
        {
            // fall through to the release file
        }
        final Matcher m = JAVA_VERSION.matcher(release);
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }

    private static boolean hasNonEmptyDirectory(final String classPath) throws IOException
    {
        for (final String entry : classPath.split(File.pathSeparator))
        {
            final Path p = Path.of(entry.isEmpty() ? "." : entry);
            if (Files.isDirectory(p))
            {
                try (DirectoryStream<Path> ds = Files.newDirectoryStream(p))
                {
                    if (ds.iterator().hasNext())
                    {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static boolean usableDirectory(final Path directory) throws IOException
    {
        if (!Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS))
        {
            Files.createDirectories(directory.getParent());
            try
            {
                Files.createDirectory(directory, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
                // the umask may have removed bits, never added any; set exactly 0700
                Files.setPosixFilePermissions(directory, OWNER_ONLY);
            }
            catch (final java.nio.file.FileAlreadyExistsException ignore)
            {
                // created by a concurrent process: checked below
            }
        }
        return Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS) && ownedByMe(directory) &&
            OWNER_ONLY.equals(Files.getPosixFilePermissions(directory, LinkOption.NOFOLLOW_LINKS));
    }

    /** Whether {@code p} (not followed if a link) is owned by this process's effective uid. */
    private static boolean ownedByMe(final Path p) throws IOException
    {
        final long me = effectiveUid();
        final Object owner = Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        return me >= 0 && owner instanceof Integer && ((Integer)owner).longValue() == me;
    }

    /** This process's effective uid, from {@code /proc/self/status}; -1 if it cannot be read. */
    static long effectiveUid()
    {
        return EffectiveUid.VALUE;
    }

    /** The effective uid, read once (a process's uid does not change here). */
    private static final class EffectiveUid
    {
        static final long VALUE = readEffectiveUid();
    }

    private static long readEffectiveUid()
    {
        try
        {
            for (final String line : Files.readAllLines(Path.of("/proc/self/status"), StandardCharsets.UTF_8))
            {
                if (line.startsWith("Uid:"))
                {
                    final String[] f = line.substring(4).trim().split("\\s+");
                    return f.length > 1 ? Long.parseLong(f[1]) : -1;
                }
            }
        }
        catch (final IOException | RuntimeException ignore)
        {
            // no /proc: archives are not used
        }
        return -1;
    }

    /** The archive file (it may not exist yet). */
    Path file()
    {
        return archive;
    }

    /**
     * Whether the archive is ready to use: a regular file (not a link) owned by this uid and not writable by group
     * or others.
     */
    boolean ready()
    {
        try
        {
            if (!Files.isRegularFile(archive, LinkOption.NOFOLLOW_LINKS) || !ownedByMe(archive))
            {
                return false;
            }
            final Set<PosixFilePermission> perms = Files.getPosixFilePermissions(archive, LinkOption.NOFOLLOW_LINKS);
            return !perms.contains(PosixFilePermission.GROUP_WRITE) && !perms.contains(PosixFilePermission.OTHERS_WRITE);
        }
        catch (final IOException | RuntimeException ex)
        {
            return false;
        }
    }

    /**
     * Options that make a child use the archive, silencing the JDK's notice if it cannot (it then runs without,
     * for example if the archive was just evicted). Marks the archive as recently used (at most once a day).
     */
    List<String> useOptions()
    {
        touch();
        final List<String> o = new ArrayList<>(2);
        if (feature >= 25)
        {
            o.add("-XX:AOTCache=" + archive);
            o.add("-Xlog:aot=off,cds=off");
        }
        else
        {
            o.add("-XX:SharedArchiveFile=" + archive);
            o.add("-Xlog:cds=off,cds+dynamic=off");
        }
        return o;
    }

    /**
     * Start the background trainer for this archive unless it is ready, failed less than
     * {@link #FAILED_MAX_AGE_MS} ago, or is being trained by this or another live process.
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
        if (ready() || failedRecently() || null != TRAINING.putIfAbsent(archive, Boolean.TRUE))
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
            cmd.add(TRAINER_OPTION);
            cmd.add(archive.toString());
            cmd.add(Integer.toString(feature));
            cmd.add(Long.toString(watchMillis));
            cmd.add(classPath);
            cmd.add(Integer.toString(preload.size()));
            cmd.addAll(preload);
            for (final String o : baseCommand)
            {
                // the trainer's segment root is its own private directory, never the parent's
                if (!o.startsWith("-D" + io.shmkit.segment.ShmOptions.ROOT_PROP_NAME + "="))
                {
                    cmd.add(o);
                }
            }
            final Path log = marker(".log");
            Files.deleteIfExists(log);
            Files.createFile(log, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            final ProcessBuilder pb = new ProcessBuilder(cmd)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
            ShmProcess.overlayEnvironment(pb, environment);
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
                    deleteQuietly(marker(".training"));
                }
            }
        }
    }

    private boolean failedRecently()
    {
        final Path failed = marker(".failed");
        try
        {
            if (!Files.exists(failed, LinkOption.NOFOLLOW_LINKS))
            {
                return false;
            }
            if (System.currentTimeMillis() - Files.getLastModifiedTime(failed, LinkOption.NOFOLLOW_LINKS).toMillis() <
                FAILED_MAX_AGE_MS)
            {
                return true;
            }
            deleteQuietly(failed); // expired: try again
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
        final Path m = marker(".training");
        for (int attempt = 0; attempt < 2; attempt++)
        {
            try
            {
                Files.writeString(m, ProcessIdentity.current().toText(), StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE);
                return true;
            }
            catch (final java.nio.file.FileAlreadyExistsException ex)
            {
                if (!staleMarker(m))
                {
                    return false;
                }
                deleteQuietly(m);
            }
        }
        return false;
    }

    private static boolean staleMarker(final Path m)
    {
        try
        {
            final ProcessIdentity owner = parseIdentity(Files.readString(m, StandardCharsets.UTF_8).trim());
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

    /** {@code pid:startTicks} (or {@code pid-startTicks}, as in a file name) as an identity; null if not one. */
    static ProcessIdentity parseIdentity(final String text)
    {
        return ProcessIdentity.parse(text.replace('-', ':'));
    }

    /** Delete the private roots ({@code train-PID-TICKS.root}) of trainers that are no longer alive. */
    static void sweepDeadTrainers(final Path directory)
    {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(directory, ROOT_PREFIX + "*" + ROOT_SUFFIX))
        {
            for (final Path p : ds)
            {
                final String n = p.getFileName().toString();
                final ProcessIdentity owner =
                    parseIdentity(n.substring(ROOT_PREFIX.length(), n.length() - ROOT_SUFFIX.length()));
                if (null != owner && !owner.isAlive())
                {
                    deleteTree(p);
                }
            }
        }
        catch (final IOException | RuntimeException ignore)
        {
            // best effort; no directory yet
        }
    }

    private static void deleteTree(final Path dir)
    {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir))
        {
            for (final Path p : ds)
            {
                if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))
                {
                    deleteTree(p);
                }
                else
                {
                    deleteQuietly(p);
                }
            }
        }
        catch (final IOException ignore)
        {
            // best effort
        }
        deleteQuietly(dir);
    }

    /**
     * The trainer ({@code ChildMain --archive-trainer ARCHIVE FEATURE WATCH_MS CLASS_PATH N PRELOAD... BASE...}):
     * runs in its own JVM, needs no parent. See the class comment.
     *
     * @param args the arguments after {@link #TRAINER_OPTION}.
     * @return the exit code: 0 when the archive was renamed into place.
     */
    static int superviseTraining(final List<String> args)
    {
        final Path archivePath = Path.of(args.get(0));
        final int feature = Integer.parseInt(args.get(1));
        final long watchMillis = Long.parseLong(args.get(2));
        final String classPath = args.get(3);
        final int preloads = Integer.parseInt(args.get(4));
        final List<String> preload = args.subList(5, 5 + preloads);
        final List<String> base = args.subList(5 + preloads, args.size());
        return new ChildArchive(archivePath, feature).supervise(base, classPath, watchMillis, preload);
    }

    private int supervise(
        final List<String> base, final String classPath, final long watchMillis, final List<String> preload)
    {
        final ProcessIdentity me = ProcessIdentity.current();
        final Path dir = archive.getParent();
        final Path root = dir.resolve(ROOT_PREFIX + me.pid() + "-" + me.startTicks() + ROOT_SUFFIX);
        final Path temp = archive.resolveSibling(archive.getFileName() + "." + me.pid() + "." + System.nanoTime() +
            ".tmp");
        final Path marker = marker(".training");
        Process training = null;
        int code = ChildMain.EXIT_TASK_FAILED;
        try
        {
            Files.createDirectory(root, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            takeOverMarker(marker, me);
            final List<String> cmd = new ArrayList<>();
            cmd.add(base.get(0));
            cmd.add("-D" + io.shmkit.segment.ShmOptions.ROOT_PROP_NAME + "=" + root);
            cmd.addAll(base.subList(1, base.size()));
            cmd.add(feature >= 25 ? "-XX:AOTCacheOutput=" + temp : "-XX:ArchiveClassesAtExit=" + temp);
            cmd.add("-cp");
            cmd.add(classPath);
            cmd.add(ChildMain.class.getName());
            cmd.add("--parent");
            cmd.add(me.toText());
            cmd.add("--watch");
            cmd.add(Long.toString(watchMillis));
            cmd.add("--root");
            cmd.add(root.toString());
            cmd.add("--train");
            for (final String c : preload)
            {
                cmd.add("--preload");
                cmd.add(c);
            }
            System.out.println("shmkit archive trainer " + me.pid() + ": " + String.join(" ", cmd));
            System.out.flush();
            training = new ProcessBuilder(cmd).inheritIO()
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            final boolean ended = training.waitFor(TRAINING_CAP_MS, java.util.concurrent.TimeUnit.MILLISECONDS);
            final String outcome;
            if (!ended)
            {
                training.destroyForcibly();
                training.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
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
                evictOldArchives();
                outcome = null;
                code = 0;
            }
            if (null != outcome)
            {
                Files.writeString(marker(".failed"), outcome + "; see " + marker(".log").getFileName() + "\n",
                    StandardCharsets.UTF_8);
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
            deleteQuietly(temp);
            deleteQuietly(temp.resolveSibling(temp.getFileName() + ".config"));
            deleteTree(root);
            deleteQuietly(marker);
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

    private void touch()
    {
        try
        {
            final long now = System.currentTimeMillis();
            if (now - Files.getLastModifiedTime(archive, LinkOption.NOFOLLOW_LINKS).toMillis() > REFRESH_AGE_MS)
            {
                Files.setLastModifiedTime(archive, java.nio.file.attribute.FileTime.fromMillis(now));
            }
        }
        catch (final IOException ignore)
        {
            // only the eviction order depends on it
        }
    }

    /**
     * Keep the {@link #MAX_ARCHIVES} most recently trained or used archives of the directory and delete the
     * others (a class path whose JARs were rebuilt gets a new key, so old archives would pile up). Deleting an
     * archive a child has mapped is harmless, and a child started with a deleted one runs without it.
     */
    void evictOldArchives()
    {
        final List<Path> archives = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(archive.getParent(), "child-*.{jsa,aot}"))
        {
            for (final Path p : ds)
            {
                archives.add(p);
            }
            archives.sort((a, b) -> Long.compare(lastModified(b), lastModified(a)));
            for (int i = MAX_ARCHIVES; i < archives.size(); i++)
            {
                final Path old = archives.get(i);
                deleteQuietly(old);
                deleteQuietly(old.resolveSibling(old.getFileName() + ".log"));
            }
        }
        catch (final IOException ignore)
        {
            // best effort
        }
    }

    private static long lastModified(final Path p)
    {
        try
        {
            return Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS).toMillis();
        }
        catch (final IOException ex)
        {
            return 0;
        }
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
                    deleteQuietly(p);
                }
            }
        }
        catch (final IOException ignore)
        {
            // best effort
        }
    }

    private Path marker(final String suffix)
    {
        return archive.resolveSibling(archive.getFileName() + suffix);
    }

    private static void deleteQuietly(final Path p)
    {
        try
        {
            Files.deleteIfExists(p);
        }
        catch (final IOException ignore)
        {
            // best effort
        }
    }
}
