package io.shmkit.internal.segment;

import static io.shmkit.internal.segment.SegmentDescriptor.*;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.function.LongConsumer;

import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;

import io.shmkit.internal.os.Platform;
import io.shmkit.segment.ProcessIdentity;
import io.shmkit.segment.ShmOptions;

/**
 * Creation of a segment: the file is made under a temporary name (exclusive, mode {@code 0600}, never following a
 * link), every page is allocated by writing zeros through the file descriptor (so a full tmpfs fails here with an
 * {@link IOException}, never later with {@code SIGBUS}), the initial data and the header are written through the
 * mapping, the ready word is published with release semantics, and only then is the file hard-linked under its
 * name, which fails if the name exists. An opener therefore never sees a half-written segment of ours.
 *
 * <p><b>Note:</b> stateless; thread-safe. Two creators of one name race on the link: exactly one wins.
 */
final class SegmentCreator
{
    private static final int ALLOCATE_BLOCK = 1 << 20;

    private SegmentCreator()
    {
    }

    /** See {@link Segment#create(String, SegmentLayout, ShmOptions, LongConsumer)}. */
    static Segment create(
        final String rawName, final SegmentLayout layout, final ShmOptions options, final LongConsumer initialData)
    {
        Platform.ensureUnsafeAccess();
        final String name = SegmentNames.validate(rawName);
        final Path root = Segment.root(options);
        final Path path = root.resolve(name);
        final Path temp = root.resolve(SegmentNames.tempName(name));
        final long length = layout.fileLength();
        final int flags = options.persistent() ? FLAG_PERSISTENT : 0;

        if (Files.exists(path, LinkOption.NOFOLLOW_LINKS))
        {
            throw new UncheckedIOException(
                new FileAlreadyExistsException(path.toString(), null, "segment '" + name + "' already exists"));
        }
        MappedByteBuffer[] maps = null;
        try
        {
            try (FileChannel channel = FileChannel.open(
                temp,
                Set.of(
                    StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE,
                    LinkOption.NOFOLLOW_LINKS),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))))
            {
                allocate(channel, temp, name, length);
                maps = SegmentFiles.map(channel, length);
            }
            final Segment segment = new Segment(name, path, layout, flags, ProcessIdentity.current(),
                System.currentTimeMillis(), SegmentFiles.fileKey(temp), maps);
            if (null != initialData)
            {
                initialData.accept(segment.chunkAddresses()[0] + segment.dataOffset());
            }
            writeHeader(segment);
            try
            {
                Files.createLink(path, temp);
            }
            catch (final FileAlreadyExistsException ex)
            {
                throw new FileAlreadyExistsException(path.toString(), null, "segment '" + name + "' already exists");
            }
            if (!options.persistent())
            {
                SegmentRegistry.register(path, segment.fileKey());
            }
            return segment;
        }
        catch (final IOException ex)
        {
            if (null != maps)
            {
                SegmentFiles.unmapAll(maps);
            }
            throw new UncheckedIOException(ex);
        }
        catch (final RuntimeException | Error ex)
        {
            // the initial data's writer, the header or the registry failed: nothing of this segment stays mapped
            if (null != maps)
            {
                SegmentFiles.unmapAll(maps);
            }
            throw ex;
        }
        finally
        {
            // The temporary name goes in every case; on success the segment lives on under its own name.
            deleteQuietly(temp);
        }
    }

    private static void allocate(final FileChannel channel, final Path temp, final String name, final long length)
        throws IOException
    {
        final long usable = Files.getFileStore(temp).getUsableSpace();
        if (usable < length)
        {
            throw new IOException(noSpace(name, length, usable, temp.getParent()));
        }
        final ByteBuffer zeros = ByteBuffer.allocateDirect(ALLOCATE_BLOCK);
        try
        {
            long position = 0;
            while (position < length)
            {
                final int n = (int)Math.min(ALLOCATE_BLOCK, length - position);
                zeros.clear().limit(n);
                while (zeros.hasRemaining())
                {
                    position += channel.write(zeros, position);
                }
            }
        }
        catch (final IOException ex)
        {
            long free = -1;
            try
            {
                free = Files.getFileStore(temp.getParent()).getUsableSpace();
            }
            catch (final IOException ignore)
            {
                // report what we know
            }
            final IOException e = new IOException(noSpace(name, length, free, temp.getParent()) + ": " +
                ex.getMessage());
            e.initCause(ex);
            throw e;
        }
        finally
        {
            BufferUtil.free(zeros);
        }
    }

    private static String noSpace(final String name, final long wanted, final long free, final Path root)
    {
        return "cannot allocate segment '" + name + "' in " + root + ": wanted " + wanted + " bytes, " +
            (free < 0 ? "free space unknown" : free + " bytes free");
    }

    /** Write the header through an {@link UnsafeBuffer} over its bytes, the ready word last. */
    private static void writeHeader(final Segment segment)
    {
        final SegmentLayout layout = segment.layout();
        final ProcessIdentity creator = segment.creator();
        final UnsafeBuffer header = new UnsafeBuffer(segment.chunkAddresses()[0], HEADER_LENGTH);
        header.putLong(MAGIC_OFFSET, MAGIC);
        header.putInt(VERSION_OFFSET, LAYOUT_VERSION);
        header.putInt(KIND_OFFSET, layout.kind().id());
        header.putInt(TYPECODE_OFFSET, layout.type().code());
        header.putInt(ELEMENT_SIZE_OFFSET, layout.type().size());
        header.putInt(STRIPE_COUNT_OFFSET, layout.stripeCount());
        header.putLong(ELEMENT_COUNT_OFFSET, layout.elementCount());
        header.putLong(DATA_OFFSET_OFFSET, segment.dataOffset());
        header.putInt(STRIPE_SHIFT_OFFSET, layout.stripeShift());
        header.putInt(FLAGS_OFFSET, segment.flags());
        header.putLong(CREATOR_PID_OFFSET, creator.pid());
        header.putLong(CREATOR_START_OFFSET, creator.startTicks());
        header.putLong(CREATED_MILLIS_OFFSET, segment.createdMillis());
        // NOTE: every header field above is written BEFORE the ready word, and the release store orders them
        // before it; an opener that reads the ready word first, by a read of its own, then sees all of them.
        header.putIntRelease(STATE_OFFSET, STATE_READY);
    }

    private static void deleteQuietly(final Path path)
    {
        try
        {
            Files.deleteIfExists(path);
        }
        catch (final IOException ignore)
        {
            // a leftover temporary file is removed by Segments.clean once we are dead
        }
    }
}
