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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongConsumer;

import org.agrona.BufferUtil;

import io.shmkit.internal.os.Platform;
import io.shmkit.segment.ProcessIdentity;
import io.shmkit.segment.SegmentFormatException;
import io.shmkit.segment.SegmentKind;
import io.shmkit.segment.ShmOptions;
import io.shmkit.segment.TypeCode;

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
public final class Segment implements AutoCloseable
{
    /** Largest length of one mapping. */
    public static final int CHUNK_SHIFT = 30;
    /** Length of a full chunk: 1 GiB. */
    public static final long CHUNK_LENGTH = 1L << CHUNK_SHIFT;

    /** What to create: kind, typecode, element count and stripes. */
    /**
     * What to create: kind, typecode, element count and stripes (element {@code i} is in stripe
     * {@code i >> stripeShift}; no stripes for a segment without locks).
     *
     * @param kind         the segment's kind.
     * @param type         the element type.
     * @param elementCount the number of elements.
     * @param stripeCount  the number of lock slots: 0, or a power of two.
     * @param stripeShift  log2 of the elements per stripe.
     */
    public record Layout(SegmentKind kind, TypeCode type, long elementCount, int stripeCount, int stripeShift)
    {
        /** Stripe length aimed at when the stripe count is chosen automatically. */
        public static final int TARGET_STRIPE_LENGTH = 4096;
        /** Largest automatic stripe count. */
        public static final int MAX_AUTO_STRIPES = 1024;

        /**
         * The layout of an array: with {@link ShmOptions#stripes()} stripes, or for {@link ShmOptions#AUTO_STRIPES}
         * {@code min(1024, nextPow2(ceil(length / 4096)))}; none without locks.
         *
         * @param type    the element type.
         * @param length  the number of elements.
         * @param options locks and stripes.
         * @return the layout.
         * @throws IllegalArgumentException if {@code length} is negative or too large for a file.
         */
        public static Layout array(final TypeCode type, final long length, final ShmOptions options)
        {
            if (length < 0)
            {
                throw new IllegalArgumentException("length=" + length + " must not be negative");
            }
            if (length > (Long.MAX_VALUE >> 4) / type.size())
            {
                throw new IllegalArgumentException("length=" + length + " is too large");
            }
            if (!options.locked())
            {
                return new Layout(SegmentKind.ARRAY, type, length, 0, 0);
            }
            int stripes = options.stripes();
            if (stripes == ShmOptions.AUTO_STRIPES)
            {
                final long wanted = (length + TARGET_STRIPE_LENGTH - 1) / TARGET_STRIPE_LENGTH;
                stripes = wanted <= 1 ? 1 : (int)Math.min(MAX_AUTO_STRIPES, Long.highestOneBit(wanted - 1) << 1);
            }
            return new Layout(SegmentKind.ARRAY, type, length, stripes, stripeShift(length, stripes));
        }

        /**
         * The layout of a value: one element, and one lock slot if it has a lock.
         *
         * @param type    the element type.
         * @param options whether it has a lock.
         * @return the layout.
         */
        public static Layout value(final TypeCode type, final ShmOptions options)
        {
            return new Layout(SegmentKind.VALUE, type, 1, options.locked() ? 1 : 0, 0);
        }

        /** Smallest shift such that stripes &lt;&lt; shift covers length. */
        static int stripeShift(final long length, final int stripes)
        {
            final long perStripe = Math.max(1, (length + stripes - 1) / stripes);
            return 64 - Long.numberOfLeadingZeros(perStripe - 1);
        }

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
    private final AtomicBoolean closed = new AtomicBoolean();

    Segment(
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
            final MappedByteBuffer[] maps = SegmentFiles.map(channel, h.fileLength());
            return new Segment(
                name, path, layout, h.flags(), new ProcessIdentity(h.creatorPid(), h.creatorStart()), h.createdMillis(),
                SegmentFiles.fileKey(path), maps);
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

    /** The file's key when this process mapped it (see {@link SegmentRegistry#unlinkIfSame}). */
    Object fileKey()
    {
        return fileKey;
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
