package io.shmkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

import io.shmkit.internal.lock.LockWords;
import io.shmkit.internal.segment.HeaderSnapshot;
import io.shmkit.internal.segment.Segment;
import io.shmkit.internal.segment.SegmentDescriptor;
import io.shmkit.internal.segment.SegmentNames;
import io.shmkit.internal.segment.SegmentRegistry;
import io.shmkit.segment.ProcessIdentity;
import io.shmkit.segment.SegmentFormatException;
import io.shmkit.segment.SegmentInfo;
import io.shmkit.segment.ShmOptions;

/**
 * Segment lifecycle operations by name: list, inspect, remove, and clean up after dead creators (Python's
 * {@code resource_tracker}, made explicit). Nothing here maps a file: headers are read through the file
 * descriptor, so a foreign, truncated or corrupted file is reported, never touched through memory.
 *
 * <p><b>Throws:</b> IllegalArgumentException (invalid name), UncheckedIOException (root unreadable; no such file; a
 * name replaced while {@link #inspect} reads it; a file that cannot be removed), SegmentFormatException (not a shmkit
 * segment, or not ready within the open timeout; {@link #remove} leaves such a file alone), NullPointerException
 * ({@link #cleanCreatedBy} of a null creator).
 *
 * <p><b>Note:</b> stateless and thread-safe. Results describe the directory at the time of the call.
 */
public final class Segments
{
    /** How often {@link #inspect} reads a segment that is replaced while it reads before giving up. */
    private static final int INSPECT_ATTEMPTS = 3;
    /** Looks at the key of a file {@link #remove} found created in between. */
    private static final int REMOVE_ATTEMPTS = 3;

    private Segments()
    {
    }

    /**
     * The shmkit segments under the root (files with shmkit's magic and a ready header), sorted by name.
     * Other files are skipped.
     *
     * @param options the root directory.
     * @return one entry per segment, with an empty lock list.
     * @throws UncheckedIOException if the root cannot be read.
     */
    public static List<SegmentInfo> list(final ShmOptions options)
    {
        final List<SegmentInfo> out = new ArrayList<>();
        for (final Path p : files(options))
        {
            final SegmentInfo info = readInfo(p, false);
            if (null != info)
            {
                out.add(info);
            }
        }
        out.sort((x, y) -> x.name().compareTo(y.name()));
        return out;
    }

    /**
     * The header and lock states of one segment. A segment whose magic or state word is still 0 is waited for, as
     * {@code open} waits: at most {@link ShmOptions#openTimeout()}.
     *
     * @param name    segment name.
     * @param options the root directory and the open timeout.
     * @return the segment's description, with one {@link SegmentInfo.LockState} per lock slot.
     * @throws IllegalArgumentException if the name is invalid.
     * @throws UncheckedIOException     if there is no such file, or the name was replaced (removed and created
     *                                  again) while being read, several times in a row.
     * @throws SegmentFormatException   if the file is not a valid shmkit segment, or did not become ready within
     *                                  the open timeout.
     */
    public static SegmentInfo inspect(final String name, final ShmOptions options)
    {
        final String n = SegmentNames.validate(name);
        final Path p = Segment.root(options).resolve(n);
        for (int attempt = 1; ; attempt++)
        {
            // NOTE: the file's key is read before the channel is opened and again after the header and locks are
            // read: when both agree, what was read is that file's (a file created again under the name gets
            // another inode); when not, the name was replaced in between and the read starts over.
            final Object key = SegmentRegistry.fileKey(p);
            final SegmentInfo info;
            try (FileChannel ch = Segment.openChannel(p, n))
            {
                // waits for the ready word like an opener does (docs/layout.md, "Opening"), so that inspect, get
                // and set agree on a segment whose creator is still writing it
                final HeaderSnapshot h = HeaderSnapshot.await(ch, n, options.openTimeout().toMillis());
                h.validate(null, null);
                info = toInfo(p, key, h, readLocks(ch, h.stripeCount()));
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException(ex);
            }
            if (Objects.equals(key, SegmentRegistry.fileKey(p)))
            {
                return info;
            }
            if (attempt == INSPECT_ATTEMPTS)
            {
                throw new UncheckedIOException(new IOException(
                    "'" + n + "' was replaced while being read, " + INSPECT_ATTEMPTS + " times in a row"));
            }
        }
    }

    /**
     * Remove a shmkit segment by name, persistent or not, whoever created it. Processes that have it open keep
     * their mapping.
     *
     * @param name    segment name.
     * @param options the root directory.
     * @return true if removed, false if there was no such file.
     * @throws IllegalArgumentException if the name is invalid.
     * @throws SegmentFormatException   if the file is not a shmkit segment (it is left alone).
     * @throws UncheckedIOException     if it cannot be removed.
     */
    public static boolean remove(final String name, final ShmOptions options)
    {
        final String n = SegmentNames.validate(name);
        final Path p = Segment.root(options).resolve(n);
        while (true)
        {
            // the key read before the header: the file unlinked is the one checked, never one put in its place
            Object key = SegmentRegistry.fileKey(p);
            for (int look = 1; null == key && look < REMOVE_ATTEMPTS && Files.exists(p, LinkOption.NOFOLLOW_LINKS);
                look++)
            {
                key = SegmentRegistry.fileKey(p); // created between the two looks: read its key first
            }
            // still null with a file there: a file system without file keys, where the name is all there is
            try (FileChannel ch = Segment.openChannel(p, n))
            {
                final HeaderSnapshot h = HeaderSnapshot.read(ch, n);
                if (h.actualLength() < SegmentDescriptor.HEADER_LENGTH || h.magic() != SegmentDescriptor.MAGIC)
                {
                    throw new SegmentFormatException("'" + n + "' is not a shmkit segment; not removing it");
                }
            }
            catch (final NoSuchFileException ex)
            {
                return false;
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException(ex);
            }
            SegmentRegistry.forget(p);
            if (SegmentRegistry.unlinkIfSame(p, key))
            {
                return true;
            }
            if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS))
            {
                return false; // removed by another process meanwhile
            }
            if (Objects.equals(key, SegmentRegistry.fileKey(p)))
            {
                try
                {
                    return Files.deleteIfExists(p); // the same file, not removed: this says why
                }
                catch (final IOException ex)
                {
                    throw new UncheckedIOException(ex);
                }
            }
            // replaced since the key was read: check the new file too
        }
    }

    /**
     * Remove the non-persistent shmkit segments whose creator process is dead (a reused pid does not count
     * as alive), and temporary files left by creators that died while creating a segment. Persistent
     * segments, segments of live creators and files that are not shmkit's are left alone.
     *
     * @param options the root directory.
     * @return the names removed.
     * @throws UncheckedIOException if the root cannot be read.
     */
    public static List<String> clean(final ShmOptions options)
    {
        return clean(options, creator -> true);
    }

    /**
     * {@link #clean(ShmOptions)}, restricted to what one process created: for a parent that knows one of its
     * children ended (a pool's worker, killed or crashed), so that the child's non-persistent segments and
     * half-created files go at once, without touching what other dead processes left.
     *
     * @param creator the process, by pid and start time (an earlier process that had the same pid is another
     *                one); nothing is removed while it runs.
     * @param options the root directory.
     * @return the names removed.
     * @throws NullPointerException if {@code creator} is null.
     * @throws UncheckedIOException if the root cannot be read.
     */
    public static List<String> cleanCreatedBy(final ProcessIdentity creator, final ShmOptions options)
    {
        Objects.requireNonNull(creator, "creator");
        return clean(options, creator::equals);
    }

    private static List<String> clean(final ShmOptions options, final Predicate<ProcessIdentity> whose)
    {
        final List<String> removed = new ArrayList<>();
        for (final Path p : files(options))
        {
            final String file = p.getFileName().toString();
            if (file.startsWith(".") && file.endsWith(SegmentNames.TEMP_SUFFIX))
            {
                final ProcessIdentity creator = SegmentNames.tempCreator(file);
                if (null != creator && whose.test(creator) && !creator.isAlive() && delete(p))
                {
                    removed.add(file);
                }
                continue;
            }
            final SegmentInfo info = readInfo(p, false);
            // unlinked only if still the file whose header was read: a live segment created again under the name
            // since is not the dead creator's
            if (null != info && whose.test(info.creator()) && !info.persistent() && !info.creatorAlive() &&
                SegmentRegistry.unlinkIfSame(p, info.fileKey()))
            {
                SegmentRegistry.forget(p);
                removed.add(info.name());
            }
        }
        return removed;
    }

    private static boolean delete(final Path p)
    {
        try
        {
            return Files.deleteIfExists(p);
        }
        catch (final IOException ex)
        {
            return false;
        }
    }

    private static List<Path> files(final ShmOptions options)
    {
        final List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(Segment.root(options)))
        {
            for (final Path p : ds)
            {
                final BasicFileAttributes a;
                try
                {
                    a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                }
                catch (final IOException ex)
                {
                    continue;
                }
                if (a.isRegularFile())
                {
                    out.add(p);
                }
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        return out;
    }

    private static SegmentInfo readInfo(final Path p, final boolean withLocks)
    {
        final String name = p.getFileName().toString();
        if (name.startsWith("."))
        {
            return null;
        }
        final Object key = SegmentRegistry.fileKey(p);
        final SegmentInfo info;
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS))
        {
            final HeaderSnapshot h = HeaderSnapshot.read(ch, name);
            if (h.actualLength() < SegmentDescriptor.HEADER_LENGTH || h.magic() != SegmentDescriptor.MAGIC ||
                h.state() != SegmentDescriptor.STATE_READY)
            {
                return null;
            }
            try
            {
                h.validate(null, null);
            }
            catch (final SegmentFormatException ex)
            {
                return null;
            }
            info = toInfo(p, key, h, withLocks ? readLocks(ch, h.stripeCount()) : List.of());
        }
        catch (final IOException ex)
        {
            return null;
        }
        // A file replaced while it was read is skipped, like one still being created: its key would not be the
        // key of the header read.
        return Objects.equals(key, SegmentRegistry.fileKey(p)) ? info : null;
    }

    private static SegmentInfo toInfo(
        final Path p, final Object fileKey, final HeaderSnapshot h, final List<SegmentInfo.LockState> locks)
    {
        final ProcessIdentity creator = new ProcessIdentity(h.creatorPid(), h.creatorStart());
        return new SegmentInfo(
            p.getFileName().toString(), p, h.kind(), h.type(), h.elementCount(), h.stripeCount(), h.stripeShift(),
            h.flags(), h.actualLength(), (h.flags() & SegmentDescriptor.FLAG_PERSISTENT) != 0, creator,
            creator.isAlive(), h.createdMillis(), fileKey, locks);
    }

    /** The file's key (device and inode), or null if it is gone or the file system has none. */
    private static List<SegmentInfo.LockState> readLocks(final FileChannel ch, final int stripes) throws IOException
    {
        final List<SegmentInfo.LockState> out = new ArrayList<>(stripes);
        final ByteBuffer b = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        for (int s = 0; s < stripes; s++)
        {
            b.clear();
            final long at = SegmentDescriptor.lockSlotOffset(s);
            while (b.hasRemaining() && ch.read(b, at + b.position()) >= 0)
            {
                // keep reading until the 16 bytes are in
            }
            final long word = b.getLong(SegmentDescriptor.LOCK_WORD_OFFSET);
            final long recoveries = b.getLong(SegmentDescriptor.LOCK_RECOVERIES_OFFSET);
            final ProcessIdentity owner = word == 0 ? null : LockWords.decode(word);
            out.add(new SegmentInfo.LockState(
                s, owner, word != 0 && LockWords.isOwnerAlive(word), recoveries));
        }
        return out;
    }
}
