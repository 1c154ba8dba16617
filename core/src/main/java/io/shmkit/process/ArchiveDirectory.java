package io.shmkit.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The class-data archive cache's directory: where it is, whether it is private to this user (an archive is code:
 * a planted one would run in every child), and the file operations the cache does in it, all best effort.
 *
 * <p><b>Note:</b> static and stateless; thread-safe.
 */
final class ArchiveDirectory
{
    static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");

    /**
     * The cache directory of a new builder: {@link ShmProcess#ARCHIVE_DIR_PROP_NAME} if set, else
     * {@link #defaultDirectory()}.
     */
    static Path configured()
    {
        final String dir = System.getProperty(ShmProcess.ARCHIVE_DIR_PROP_NAME);
        return null != dir && !dir.isEmpty() ? Path.of(dir) : defaultDirectory();
    }

    /** The default cache directory: {@code $XDG_CACHE_HOME/shmkit/child-archives} or under {@code ~/.cache}. */
    static Path defaultDirectory()
    {
        final String xdg = System.getenv("XDG_CACHE_HOME");
        final Path base = null != xdg && !xdg.isEmpty() ? Path.of(xdg) :
            Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("shmkit").resolve("child-archives");
    }

    /** Whether {@code directory} is private to this uid (mode 0700), creating it so if missing. */
    static boolean usableDirectory(final Path directory) throws IOException
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
            catch (final FileAlreadyExistsException ignore)
            {
                // created by a concurrent process: checked below
            }
        }
        return Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS) && ownedByMe(directory) &&
            OWNER_ONLY.equals(Files.getPosixFilePermissions(directory, LinkOption.NOFOLLOW_LINKS));
    }

    /** Whether {@code p} (not followed if a link) is owned by this process's effective uid. */
    static boolean ownedByMe(final Path p) throws IOException
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

    /** The modification time of {@code p} (not followed), or 0. */
    static long lastModified(final Path p)
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

    /** Delete a directory tree, links not followed; best effort. */
    static void deleteTree(final Path dir)
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

    /** Delete a file if it exists; best effort. */
    static void deleteQuietly(final Path p)
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

    private ArchiveDirectory()
    {
    }
}
