package io.shmkit.internal.segment;

import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

import org.agrona.IoUtil;

/**
 * What creating and opening a segment do alike to its file: map it in chunks of {@link Segment#CHUNK_LENGTH}
 * bytes (chunk {@code k} maps the file's bytes from {@code k << CHUNK_SHIFT}), unmap, and read the file's
 * identity (its key, so that an unlink can check the name still means the file this process mapped).
 *
 * <p><b>Note:</b> stateless; thread-safe.
 */
final class SegmentFiles
{
    private SegmentFiles()
    {
    }

    /**
     * Map {@code length} bytes of the file, read-write, chunk by chunk; on a failure nothing stays mapped.
     *
     * @param channel the open file, at least {@code length} bytes long.
     * @param length  bytes to map, from 0.
     * @return one mapping per chunk, the last one shorter if {@code length} is not a multiple of a chunk.
     * @throws IOException if a chunk cannot be mapped.
     */
    static MappedByteBuffer[] map(final FileChannel channel, final long length) throws IOException
    {
        final int chunks = (int)((length + Segment.CHUNK_LENGTH - 1) >>> Segment.CHUNK_SHIFT);
        final MappedByteBuffer[] maps = new MappedByteBuffer[chunks];
        try
        {
            for (int i = 0; i < chunks; i++)
            {
                final long position = (long)i << Segment.CHUNK_SHIFT;
                maps[i] = channel.map(
                    FileChannel.MapMode.READ_WRITE, position, Math.min(Segment.CHUNK_LENGTH, length - position));
            }
        }
        catch (final IOException | RuntimeException ex)
        {
            unmapAll(maps);
            throw ex;
        }
        return maps;
    }

    /**
     * Unmap every mapping that is not {@code null}.
     *
     * @param maps the mappings; none may be used afterwards.
     */
    static void unmapAll(final MappedByteBuffer[] maps)
    {
        for (final MappedByteBuffer m : maps)
        {
            if (null != m)
            {
                IoUtil.unmap(m);
            }
        }
    }

    /**
     * The file's key (device and inode on Linux), not following a link.
     *
     * @param path the file.
     * @return its key, or {@code null} where the file system has none.
     * @throws IOException if the file cannot be read.
     */
    static Object fileKey(final Path path) throws IOException
    {
        return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
    }
}
