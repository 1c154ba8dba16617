package io.shmkit.internal.segment;

import static io.shmkit.internal.segment.SegmentDescriptor.*;

import java.io.IOException;
import java.io.UncheckedIOException;
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
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongConsumer;

import org.agrona.BufferUtil;

import io.shmkit.internal.os.Platform;
import io.shmkit.segment.ProcessIdentity;
import io.shmkit.segment.SegmentFormatException;
import io.shmkit.segment.SegmentKind;
import io.shmkit.segment.SharedHandle;
import io.shmkit.segment.ShmOptions;

/**
 * One named, memory-mapped segment file: its layout, its creator, and the addresses of its lock words and data,
 * mapped in chunks of at most {@link #CHUNK_LENGTH} bytes so that segments larger than 2 GiB work although Java
 * maps at most 2 GiB at a time. Chunk {@code k} maps the file's bytes from {@code k << CHUNK_SHIFT}; elements are
 * naturally aligned and chunk boundaries are multiples of 8, so no element straddles two chunks.
 *
 * <p>{@link #create} makes a new segment ({@link SegmentCreator}: temporary file, allocation by writing, header,
 * ready word, link); {@link #open} checks an existing file's header through its descriptor
 * ({@link HeaderSnapshot}) before it maps anything, and waits (bounded) for the ready word, for writers that
 * create in place.
 *
 * <p><b>Note:</b> a segment is safe for use by many threads; {@link #close()} must not race with accesses in
 * progress in other threads of this process (they would touch unmapped memory), as with any unmapping.
 */
public final class Segment implements SharedHandle
{
    /** Largest length of one mapping. */
    public static final int CHUNK_SHIFT = 30;
    /** Length of a full chunk: 1 GiB. */
    public static final long CHUNK_LENGTH = 1L << CHUNK_SHIFT;

    /** What to create: kind, typecode, element count and stripes. */
    private final String name;
    private final Path path;
    private final SegmentLayout layout;
    private final long dataOffset;
    private final int flags;
    private final ProcessIdentity creator;
    private final long createdMillis;
    private final Object fileKey;
    private final MappedByteBuffer[] maps;
    private final long[] chunkAddresses;
    /** Tries of {@link #open} when the name's file is replaced while it is being opened. */
    private static final int OPEN_ATTEMPTS = 3;
    /** {@link #openOnce}: no file under the name before the open (a file key may itself be null). */
    private static final Object MISSING = new Object();

    private final AtomicBoolean closed = new AtomicBoolean();

    Segment(
        final String name,
        final Path path,
        final SegmentLayout layout,
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
    }

    /**
     * The root directory of {@code options}, which must exist.
     *
     * @param options the options.
     * @return the root directory.
     * @throws UncheckedIOException ({@link NoSuchFileException}) if it does not exist, naming how to set it.
     */
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
    public static Segment create(final String rawName, final SegmentLayout layout, final ShmOptions options)
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
        final String rawName, final SegmentLayout layout, final ShmOptions options, final LongConsumer initialData)
    {
        return SegmentCreator.create(rawName, layout, options, initialData);
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
    public static Segment open(
        final String rawName, final SegmentKind kind, final Boolean floating, final ShmOptions options)
    {
        Platform.ensureUnsafeAccess();
        final String name = SegmentNames.validate(rawName);
        final Path path = root(options).resolve(name);
        for (int attempt = 1; ; attempt++)
        {
            final Segment s = openOnce(name, path, kind, floating, options);
            if (null != s)
            {
                return s;
            }
            if (attempt == OPEN_ATTEMPTS)
            {
                throw new UncheckedIOException(new IOException("segment '" + name + "' was replaced (unlinked and " +
                    "created again) while it was being opened, " + OPEN_ATTEMPTS + " times in a row"));
            }
        }
    }

    /**
     * Open and map the file the name holds, if it is the same file before the open and after the mapping (its
     * {@code fileKey}); else unmap and return null. So the segment's recorded identity is that of the file it
     * mapped: {@link #unlink()} never removes a file that replaced it, and a file unlinked or replaced in between
     * leaves nothing mapped.
     */
    private static Segment openOnce(
        final String name, final Path path, final SegmentKind kind, final Boolean floating, final ShmOptions options)
    {
        MappedByteBuffer[] maps = null;
        try
        {
            Object before = MISSING;
            try
            {
                before = SegmentFiles.fileKey(path);
            }
            catch (final NoSuchFileException ex)
            {
                // openChannel reports it, naming the segment
            }
            try (FileChannel channel = openChannel(path, name))
            {
                final HeaderSnapshot h = HeaderSnapshot.await(channel, name, options.openTimeout().toMillis());
                h.validate(kind, floating);
                final SegmentLayout layout =
                    new SegmentLayout(h.kind(), h.type(), h.elementCount(), h.stripeCount(), h.stripeShift());
                maps = SegmentFiles.map(channel, h.fileLength());
                if (MISSING == before || !Objects.equals(before, keyAfter(path)))
                {
                    return null; // replaced or unlinked while being opened: the finally unmaps
                }
                final Segment s = new Segment(name, path, layout, h.flags(),
                    new ProcessIdentity(h.creatorPid(), h.creatorStart()), h.createdMillis(), before, maps);
                maps = null;
                return s;
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        finally
        {
            if (null != maps)
            {
                SegmentFiles.unmapAll(maps);
            }
        }
    }

    /** The file key of {@code path}, or {@link #MISSING} if it was unlinked. */
    private static Object keyAfter(final Path path) throws IOException
    {
        try
        {
            return SegmentFiles.fileKey(path);
        }
        catch (final NoSuchFileException ex)
        {
            return MISSING;
        }
    }

    /**
     * Open a segment file for reading and writing, never through a symbolic link, with messages that name the
     * segment: nothing is mapped, so a header can be read and checked before anything touches memory.
     *
     * @param path the file.
     * @param name the segment's name, for messages.
     * @return the open channel; the caller closes it.
     * @throws NoSuchFileException     if there is no such file.
     * @throws FileSystemException     if it is a symbolic link or not a regular file.
     * @throws AccessDeniedException   if this user may not open it.
     * @throws IOException             if it cannot be opened otherwise.
     */
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
            throw new FileSystemException(
                path.toString(), null, "'" + name + "' is a symbolic link; refusing to follow it");
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

    /**
     * The segment's name (its file name under the root).
     *
     * @return the name.
     */
    public String name()
    {
        return name;
    }

    /**
     * What the header says: kind, typecode, element count and stripes.
     *
     * @return the layout.
     */
    public SegmentLayout layout()
    {
        return layout;
    }

    /**
     * Offset of element 0 from the start of the file ({@link SegmentDescriptor#dataOffset(int)}).
     *
     * @return the data offset, a multiple of {@link SegmentDescriptor#DATA_ALIGNMENT}.
     */
    public long dataOffset()
    {
        return dataOffset;
    }

    /** The header's flags ({@link SegmentDescriptor#FLAG_PERSISTENT}). */
    int flags()
    {
        return flags;
    }

    /** The process that created the segment, as its header names it. */
    ProcessIdentity creator()
    {
        return creator;
    }

    /** When the segment was created, in epoch milliseconds. */
    long createdMillis()
    {
        return createdMillis;
    }

    /**
     * The file's key when this process mapped it (see {@link SegmentRegistry#unlinkIfSame}).
     *
     * @return the key (device and inode), or null where the file system has none.
     */
    public Object fileKey()
    {
        return fileKey;
    }

    /**
     * Whether {@link #close()} has been called (a volatile read).
     *
     * @return true once closed.
     */
    public boolean isClosed()
    {
        return closed.get();
    }

    /**
     * The addresses of the mapped chunks; chunk {@code k} maps the file's bytes from {@code k << CHUNK_SHIFT}. Valid
     * until {@link #close()}; the array is shared, not copied: do not modify it.
     *
     * @return the chunk addresses, at least one.
     */
    public long[] chunkAddresses()
    {
        return chunkAddresses;
    }

    /**
     * The absolute address of the lock word of {@code stripe}: 8-byte aligned, in the first chunk, alone on its
     * 128-byte slot. {@code ShmLock} reads and compare-and-sets it there with {@code UnsafeApi}. Valid until
     * {@link #close()}.
     *
     * @param stripe from 0 to the stripe count - 1 (not checked).
     * @return the address.
     */
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
            SegmentFiles.unmapAll(maps);
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
