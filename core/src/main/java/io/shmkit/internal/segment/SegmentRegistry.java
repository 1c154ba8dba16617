package io.shmkit.internal.segment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The non-persistent segments this process created, unlinked by a shutdown hook when the JVM exits normally
 * (like Python's {@code resource_tracker}). A file is unlinked only if it is still the very file this
 * process created (same file key), so a segment re-created under the same name by someone else survives.
 *
 * <p>This is process-global state by nature: the JVM has one exit.
 */
public final class SegmentRegistry
{
    private static final Map<Path, Object> OWNED = new ConcurrentHashMap<>();

    static
    {
        final Thread hook = new Thread(SegmentRegistry::unlinkAll, "shmkit-segment-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    private SegmentRegistry()
    {
    }

    public static void register(final Path path, final Object fileKey)
    {
        OWNED.put(path, fileKey);
    }

    public static void forget(final Path path)
    {
        OWNED.remove(path);
    }

    /**
     * The identity of the file {@code path} names now (device and inode on Linux), the key
     * {@link #unlinkIfSame} compares: to tell later whether the name still refers to the same file.
     *
     * @param path a file.
     * @return its key; {@code null} if it cannot be read (gone) or the file system has none.
     */
    public static Object fileKey(final Path path)
    {
        try
        {
            return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
        }
        catch (final IOException ex)
        {
            return null;
        }
    }

    /**
     * Unlink {@code path} if it is still the file with {@code fileKey}.
     */
    public static boolean unlinkIfSame(final Path path, final Object fileKey)
    {
        try
        {
            final BasicFileAttributes attrs =
                Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (null != fileKey && !Objects.equals(attrs.fileKey(), fileKey))
            {
                return false;
            }
            return Files.deleteIfExists(path);
        }
        catch (final IOException ex)
        {
            return false;
        }
    }

    private static void unlinkAll()
    {
        for (final Map.Entry<Path, Object> e : OWNED.entrySet())
        {
            unlinkIfSame(e.getKey(), e.getValue());
        }
        OWNED.clear();
    }
}
