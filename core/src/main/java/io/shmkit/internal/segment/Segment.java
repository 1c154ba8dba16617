package io.shmkit.internal.segment;

import static io.shmkit.internal.segment.SegmentDescriptor.*;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongConsumer;

import org.agrona.BufferUtil;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;

import io.shmkit.internal.os.Platform;
import io.shmkit.segment.ProcessIdentity;
import io.shmkit.segment.SegmentFormatException;
import io.shmkit.segment.SegmentKind;
import io.shmkit.segment.ShmOptions;
import io.shmkit.segment.TypeCode;

/**
 * One named, memory-mapped segment file: its header, its lock slots and its data, mapped in chunks of at
 * most {@link #CHUNK_LENGTH} bytes so that segments larger than 2 GiB work although Java maps at most 2 GiB
 * at a time.
 *
 * <p>Creation: the file is made under a temporary name (exclusive, mode {@code 0600}, never following a
 * link), every page is allocated by writing zeros through the file descriptor (so a full tmpfs fails here
 * with an {@link IOException}, never later with {@code SIGBUS}), the header is written, the ready word is
 * published with release semantics, and only then is the file hard-linked under its name, which fails if
 * the name exists. An opener therefore never sees a half-written segment of ours, and still waits (bounded)
 * for the ready word for writers that create in place.
 *
 * <p><b>Note:</b> a segment is safe for use by many threads; {@link #close()} must not race with accesses in
 * progress in other threads of this process (they would touch unmapped memory), as with any unmapping.
 */
public final class Segment implements AutoCloseable
{
    /** Largest length of one mapping. */
    public static final int CHUNK_SHIFT = 30;
    /** Length of a full chunk: 1 GiB. */
    public static final long CHUNK_LENGTH = 1L << CHUNK_SHIFT;

    private static final int ALLOCATE_BLOCK = 1 << 20;

    /** What to create: kind, typecode, element count and stripes. */
    public record Layout(SegmentKind kind, TypeCode type, long elementCount, int stripeCount, int stripeShift)
    {
        long fileLength()
        {
            return SegmentDescriptor.fileLength(stripeCount, elementCount, type.size());
        }
    }

    private final String name;
    private final Path path;
    private final Layout layout;
    private final long dataOffset;
    private final int flags;
    private final ProcessIdentity creator;
    private final long createdMillis;
    private final Object fileKey;
    private final MappedByteBuffer[] maps;
    private final long[] chunkAddresses;
    private final UnsafeBuffer meta;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Segment(
        final String name,
        final Path path,
        final Layout layout,
        final int flags,
        final ProcessIdentity creator,
        final long createdMillis,
        final Object fileKey,
        final MappedByteBuffer[] maps)
    {
        this.name = name;
        this.path = path;
        this.layout = layout;
        this.dataOffset = SegmentDescriptor.dataOffset(layout.stripeCount());
        this.flags = flags;
        this.creator = creator;
        this.createdMillis = createdMillis;
        this.fileKey = fileKey;
        this.maps = maps;
        this.chunkAddresses = new long[maps.length];
        for (int i = 0; i < maps.length; i++)
        {
            chunkAddresses[i] = BufferUtil.address(maps[i]);
        }
        this.meta = new UnsafeBuffer(chunkAddresses[0], (int)dataOffset);
    }

    public static Path root(final ShmOptions options)
    {
        final Path root = options.root();
        if (!Files.isDirectory(root))
        {
            throw new UncheckedIOException(new NoSuchFileException(
                root.toString(), null, "shared-memory root directory does not exist (set -D" +
                ShmOptions.ROOT_PROP_NAME + " or ShmOptions.withRoot)"));
        }
        return root;
    }

    /**
     * Create a segment exclusively.
     *
     * @throws UncheckedIOException if the name exists ({@link FileAlreadyExistsException}), the root does
     *                              not exist, or there is no room (message names the size wanted and free).
     */
    public static Segment create(final String rawName, final Layout layout, final ShmOptions options)
    {
        return create(rawName, layout, options, null);
    }

    /**
     * Create a segment exclusively, writing its data first with {@code initialData} (given the address of element
     * 0), before the header is marked ready and the name appears: no opener ever sees the data before it.
     *
     * @throws UncheckedIOException if the name exists ({@link FileAlreadyExistsException}), the root does
     *                              not exist, or there is no room (message names the size wanted and free).
     */
    public static Segment create(
        final String rawName, final Layout layout, final ShmOptions options, final LongConsumer initialData)
    {
        Platform.ensureUnsafeAccess();
        final String name = SegmentNames.validate(rawName);
        final Path root = root(options);
        final Path path = root.resolve(name);
        final Path temp = root.resolve(SegmentNames.tempName(name));
        final long length = layout.fileLength();
        final int flags = options.persistent() ? FLAG_PERSISTENT : 0;
        final ProcessIdentity me = ProcessIdentity.current();

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
                java.util.Set.of(
                    StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE,
                    LinkOption.NOFOLLOW_LINKS),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))))
            {
                allocate(channel, temp, name, length);
                maps = map(channel, length);
            }
            final long now = System.currentTimeMillis();
            final Segment segment = new Segment(
                name, path, layout, flags, me, now, fileKey(temp), maps);
            if (null != initialData)
            {
                initialData.accept(segment.chunkAddresses[0] + segment.dataOffset);
            }
            segment.writeHeader();
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
                SegmentRegistry.register(path, segment.fileKey);
            }
            return segment;
        }
        catch (final IOException ex)
        {
            if (null != maps)
            {
                unmapAll(maps);
            }
            throw new UncheckedIOException(ex);
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

    private static MappedByteBuffer[] map(final FileChannel channel, final long length) throws IOException
    {
        final int chunks = (int)((length + CHUNK_LENGTH - 1) >>> CHUNK_SHIFT);
        final MappedByteBuffer[] maps = new MappedByteBuffer[chunks];
        try
        {
            for (int i = 0; i < chunks; i++)
            {
                final long position = (long)i << CHUNK_SHIFT;
                maps[i] = channel.map(FileChannel.MapMode.READ_WRITE, position, Math.min(CHUNK_LENGTH, length - position));
            }
        }
        catch (final IOException | RuntimeException ex)
        {
            unmapAll(maps);
            throw ex;
        }
        return maps;
    }

    private static void unmapAll(final MappedByteBuffer[] maps)
    {
        for (final MappedByteBuffer m : maps)
        {
            if (null != m)
            {
                IoUtil.unmap(m);
            }
        }
    }

    private static Object fileKey(final Path path) throws IOException
    {
        return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
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

    private void writeHeader()
    {
        meta.putLong(MAGIC_OFFSET, MAGIC);
        meta.putInt(VERSION_OFFSET, LAYOUT_VERSION);
        meta.putInt(KIND_OFFSET, layout.kind().id());
        meta.putInt(TYPECODE_OFFSET, layout.type().code());
        meta.putInt(ELEMENT_SIZE_OFFSET, layout.type().size());
        meta.putInt(STRIPE_COUNT_OFFSET, layout.stripeCount());
        meta.putLong(ELEMENT_COUNT_OFFSET, layout.elementCount());
        meta.putLong(DATA_OFFSET_OFFSET, dataOffset);
        meta.putInt(STRIPE_SHIFT_OFFSET, layout.stripeShift());
        meta.putInt(FLAGS_OFFSET, flags);
        meta.putLong(CREATOR_PID_OFFSET, creator.pid());
        meta.putLong(CREATOR_START_OFFSET, creator.startTicks());
        meta.putLong(CREATED_MILLIS_OFFSET, createdMillis);
        // NOTE: every header field above is written BEFORE the ready word, and the release store orders them
        // before it; an opener that reads the ready word first, by a read of its own, then sees all of them.
        meta.putIntRelease(STATE_OFFSET, STATE_READY);
    }

    /**
     * Open a segment by name, checking its header before mapping it.
     *
     * @param rawName  the segment name.
     * @param kind     the kind expected.
     * @param floating the typecode family expected: true for {@code 'f'}/{@code 'd'}, false for the integers,
     *                 null for either.
     * @param options  root directory and open timeout.
     * @return the mapped segment.
     * @throws UncheckedIOException   if there is no such file, or it cannot be opened.
     * @throws SegmentFormatException if the file is not a ready shmkit segment of that kind and family.
     */
    public static Segment open(final String rawName, final SegmentKind kind, final Boolean floating, final ShmOptions options)
    {
        Platform.ensureUnsafeAccess();
        final String name = SegmentNames.validate(rawName);
        final Path path = root(options).resolve(name);
        try (FileChannel channel = openChannel(path, name))
        {
            final HeaderSnapshot h = HeaderSnapshot.await(channel, name, options.openTimeout().toMillis());
            h.validate(kind, floating);
            final Layout layout = new Layout(h.kind(), h.type(), h.elementCount(), h.stripeCount(), h.stripeShift());
            final MappedByteBuffer[] maps = map(channel, h.fileLength());
            return new Segment(
                name, path, layout, h.flags(), new ProcessIdentity(h.creatorPid(), h.creatorStart()), h.createdMillis(),
                fileKey(path), maps);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    public static FileChannel openChannel(final Path path, final String name) throws IOException
    {
        final BasicFileAttributes attrs;
        try
        {
            attrs = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        }
        catch (final NoSuchFileException ex)
        {
            throw new NoSuchFileException(path.toString(), null, "no segment named '" + name + "'");
        }
        if (attrs.isSymbolicLink())
        {
            throw new FileSystemException(path.toString(), null, "'" + name + "' is a symbolic link; refusing to follow it");
        }
        if (!attrs.isRegularFile())
        {
            throw new FileSystemException(path.toString(), null, "'" + name + "' is not a regular file");
        }
        try
        {
            return FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
        }
        catch (final AccessDeniedException ex)
        {
            throw new AccessDeniedException(path.toString(), null, "no permission to open segment '" + name + "'");
        }
    }

    public String name()
    {
        return name;
    }

    public Layout layout()
    {
        return layout;
    }

    public long dataOffset()
    {
        return dataOffset;
    }

    public boolean isClosed()
    {
        return closed.get();
    }

    /** Addresses of the mapped chunks; chunk k maps file bytes [k << CHUNK_SHIFT, ...). */
    public long[] chunkAddresses()
    {
        return chunkAddresses;
    }

    /** Absolute address of lock word {@code stripe}. */
    public long lockWordAddress(final int stripe)
    {
        return chunkAddresses[0] + lockSlotOffset(stripe) + LOCK_WORD_OFFSET;
    }

    /**
     * Unmap. Idempotent; later calls do nothing. The file stays unless unlinked.
     */
    @Override
    public void close()
    {
        if (closed.compareAndSet(false, true))
        {
            unmapAll(maps);
        }
    }

    /**
     * Remove the name. Mappings already open, here and in other processes, stay valid (POSIX semantics).
     *
     * @return true if a file was removed.
     */
    public boolean unlink()
    {
        SegmentRegistry.forget(path);
        return SegmentRegistry.unlinkIfSame(path, fileKey);
    }

    @Override
    public String toString()
    {
        return "Segment{" + name + ", " + layout.kind() + " " + layout.type() + "[" + layout.elementCount() +
            "], stripes=" + layout.stripeCount() + "}";
    }
}
