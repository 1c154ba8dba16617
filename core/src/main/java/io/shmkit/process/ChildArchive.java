package io.shmkit.process;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.shmkit.segment.ProcessIdentity;

/**
 * The class-data archive cache of child JVMs: on JDK 25 and later an AOT cache ({@code -XX:AOTCacheOutput},
 * then {@code -XX:AOTCache}), on JDK 17 to 24 a dynamic AppCDS archive ({@code -XX:ArchiveClassesAtExit}, then
 * {@code -XX:SharedArchiveFile}). One archive per key: the JDK (its {@code release} file), the class path with
 * each entry's size and modification time, and the JVM options that shape the archive. The first child for a
 * key runs without an archive and starts one background trainer: a small supervisor JVM
 * ({@code ChildMain --archive-trainer}) that needs no parent. It creates a private segment root (a fresh
 * {@code 0700} directory {@code train-PID:TICKS.root} in the cache directory), runs the training JVM
 * ({@code ChildMain --train}) with that root and the child's configuration (JVM options, environment, watchdog
 * interval, which watches the supervisor), waits for it at most {@link ArchiveTrainer#TRAINING_CAP_MS}, renames
 * the temporary archive into place atomically (so concurrent processes never see a partial archive, and two
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
    /** Age after which a {@code .failed} marker expires and the key is tried again. */
    static final long FAILED_MAX_AGE_MS = 86_400_000;
    private static final long REFRESH_AGE_MS = 86_400_000;
    /** Archives kept in the cache directory: the most recently trained or used ones. */
    static final int MAX_ARCHIVES = 8;

    private final Path archive;
    private final int feature;

    private ChildArchive(final Path archive, final int feature)
    {
        this.archive = archive;
        this.feature = feature;
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
            final String release = JdkRelease.readRelease(java);
            final int feature = JdkRelease.featureVersion(java, release);
            if (feature < 17 || classPath.isEmpty() || hasNonEmptyDirectory(classPath) ||
                !ArchiveDirectory.usableDirectory(directory))
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

    /**
     * An archive at a known path, as its trainer's command line names it.
     *
     * @param archive the archive file.
     * @param feature the feature version of its JDK.
     * @return the archive.
     */
    static ChildArchive of(final Path archive, final int feature)
    {
        return new ChildArchive(archive, feature);
    }

    /** The feature version of the archive's JDK. */
    int feature()
    {
        return feature;
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
            if (!Files.isRegularFile(archive, LinkOption.NOFOLLOW_LINKS) || !ArchiveDirectory.ownedByMe(archive))
            {
                return false;
            }
            final Set<PosixFilePermission> perms = Files.getPosixFilePermissions(archive, LinkOption.NOFOLLOW_LINKS);
            return !perms.contains(PosixFilePermission.GROUP_WRITE) &&
                !perms.contains(PosixFilePermission.OTHERS_WRITE);
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

    private void touch()
    {
        try
        {
            final long now = System.currentTimeMillis();
            if (now - Files.getLastModifiedTime(archive, LinkOption.NOFOLLOW_LINKS).toMillis() > REFRESH_AGE_MS)
            {
                Files.setLastModifiedTime(archive, FileTime.fromMillis(now));
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
            archives.sort((a, b) -> Long.compare(ArchiveDirectory.lastModified(b), ArchiveDirectory.lastModified(a)));
            for (int i = MAX_ARCHIVES; i < archives.size(); i++)
            {
                final Path old = archives.get(i);
                ArchiveDirectory.deleteQuietly(old);
                ArchiveDirectory.deleteQuietly(old.resolveSibling(old.getFileName() + ".log"));
            }
        }
        catch (final IOException ignore)
        {
            // best effort
        }
    }

    /** The file of the archive's {@code suffix} marker ({@code .training}, {@code .failed}, {@code .log}). */
    Path marker(final String suffix)
    {
        return archive.resolveSibling(archive.getFileName() + suffix);
    }
}
