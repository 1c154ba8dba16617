package io.shmkit.process;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.shmkit.ProcessIdentity;

/**
 * The class-data archive cache of child JVMs: on JDK 25 and later an AOT cache ({@code -XX:AOTCacheOutput},
 * then {@code -XX:AOTCache}), on JDK 17 to 24 a dynamic AppCDS archive ({@code -XX:ArchiveClassesAtExit}, then
 * {@code -XX:SharedArchiveFile}). One archive per key: the JDK (its {@code release} file), the class path with
 * each entry's size and modification time, and the JVM options that shape the archive. The first child for a
 * key runs without an archive and starts one background training JVM ({@code ChildMain --train}) that writes
 * the archive to a temporary file; the file is then renamed into place atomically, so concurrent processes
 * never see a partial archive, and two trainers racing only replace one complete file with another.
 *
 * <p>Not used when the class path holds a non-empty directory (the JDK archives classes from JAR files only and
 * refuses to dump), when the JDK's version cannot be told, or when the cache directory is writable by others
 * (an archive is code: a planted one would run in every child). A key whose training failed is marked and not
 * tried again.
 *
 * <p><b>Note:</b> thread-safe; process-safe through the atomic rename and the training marker files.
 */
final class ChildArchive
{
    private static final Pattern JAVA_VERSION = Pattern.compile("^JAVA_VERSION=\"([0-9]+)", Pattern.MULTILINE);
    private static final long TRAINING_MARKER_MAX_AGE_MS = 120_000;
    private static final long STALE_TEMP_AGE_MS = 3_600_000;
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
                key.append(Character.forDigit((digest[i] >> 4) & 0xF, 16)).append(Character.forDigit(digest[i] & 0xF, 16));
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
                Files.createDirectory(directory, PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------")));
            }
            catch (final java.nio.file.FileAlreadyExistsException ignore)
            {
                // created by a concurrent process: checked below
            }
        }
        final Set<PosixFilePermission> perms = Files.getPosixFilePermissions(directory, LinkOption.NOFOLLOW_LINKS);
        final boolean mine = Files.getOwner(directory, LinkOption.NOFOLLOW_LINKS).getName()
            .equals(System.getProperty("user.name"));
        return mine && !perms.contains(PosixFilePermission.GROUP_WRITE) &&
            !perms.contains(PosixFilePermission.OTHERS_WRITE);
    }

    /** The archive file (it may not exist yet). */
    Path file()
    {
        return archive;
    }

    /** Whether the archive is ready to use. */
    boolean ready()
    {
        return Files.isRegularFile(archive, LinkOption.NOFOLLOW_LINKS);
    }

    /** Options that make a child use the archive, silencing the JDK's notice if it cannot (it then runs without). */
    List<String> useOptions()
    {
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
     * Start the background training run for this archive unless it is ready, failed before, or is being trained
     * by this or another live process.
     *
     * @param baseCommand the child command up to (excluding) the class path: java and the JVM options.
     * @param classPath   the class path.
     * @param root        the segment root for the training run's own segments.
     */
    void trainInBackground(final List<String> baseCommand, final String classPath, final Path root)
    {
        if (ready() || Files.exists(marker(".failed")) || null != TRAINING.putIfAbsent(archive, Boolean.TRUE))
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
            final ProcessIdentity me = ProcessIdentity.current();
            final Path temp = archive.resolveSibling(
                archive.getFileName() + "." + me.pid() + "." + System.nanoTime() + ".tmp");
            final List<String> cmd = new ArrayList<>(baseCommand);
            cmd.add(feature >= 25 ? "-XX:AOTCacheOutput=" + temp : "-XX:ArchiveClassesAtExit=" + temp);
            cmd.add("-cp");
            cmd.add(classPath);
            cmd.add(ChildMain.class.getName());
            cmd.add("--parent");
            cmd.add(me.pid() + ":" + me.startTicks());
            cmd.add("--watch");
            cmd.add("200");
            cmd.add("--root");
            cmd.add(root.toString());
            cmd.add("--train");
            final ProcessBuilder pb = new ProcessBuilder(cmd)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD);
            pb.environment().remove("JAVA_TOOL_OPTIONS");
            final Process p = pb.start();
            p.getOutputStream().close();
            started = true;
            p.onExit().thenAccept(done -> finishTraining(done.exitValue(), temp));
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

    private boolean claimTraining() throws IOException
    {
        final Path m = marker(".training");
        try
        {
            Files.writeString(m, Long.toString(ProcessIdentity.current().pid()), StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE);
            return true;
        }
        catch (final java.nio.file.FileAlreadyExistsException ex)
        {
            // another process trains; take over only a marker left by a trainer that never finished
            final long age = System.currentTimeMillis() - Files.getLastModifiedTime(m).toMillis();
            if (age > TRAINING_MARKER_MAX_AGE_MS)
            {
                deleteQuietly(m);
            }
            return false;
        }
    }

    private void finishTraining(final int exitCode, final Path temp)
    {
        try
        {
            if (exitCode == 0 && Files.isRegularFile(temp) && Files.size(temp) > 0)
            {
                try
                {
                    Files.move(temp, archive, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                }
                catch (final AtomicMoveNotSupportedException ex)
                {
                    // same directory: cannot happen on a POSIX file system; leave no partial archive
                    deleteQuietly(temp);
                }
            }
            else if (exitCode != ChildMain.EXIT_ORPHANED && exitCode < 128)
            {
                Files.writeString(marker(".failed"), "training exited with " + exitCode, StandardCharsets.UTF_8);
            }
        }
        catch (final IOException | RuntimeException ignore)
        {
            // an optimisation only
        }
        finally
        {
            deleteQuietly(temp);
            deleteQuietly(temp.resolveSibling(temp.getFileName() + ".config"));
            deleteQuietly(marker(".training"));
            TRAINING.remove(archive);
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
