package io.shmkit.segment;

import java.nio.file.Path;
import java.util.List;

import io.shmkit.Segments;

/**
 * What a segment's header says, read through the file descriptor without mapping the file, plus whether its
 * creator still runs. Returned by {@link Segments#list(ShmOptions)} and {@link Segments#inspect(String,
 * ShmOptions)}.
 *
 * <p><b>Throws:</b> NullPointerException (a null list or element given to the constructor); nothing else.
 *
 * <p><b>Note:</b> immutable (a snapshot of the file when it was read); thread-safe.
 *
 * @param name          segment name.
 * @param path          file path.
 * @param kind          what it holds.
 * @param typeCode      element type.
 * @param elementCount  number of elements.
 * @param stripeCount   number of lock stripes (0 without locks).
 * @param stripeShift   element {@code i} of an array is guarded by stripe {@code i >> stripeShift} (the header's
 *                      value, also for a value or an array without locks).
 * @param flags         the header's flag bits as stored ({@link #persistent()} is bit 0; other bits are
 *                      reserved and shown as found).
 * @param fileLength    file length in bytes.
 * @param persistent    whether it outlives its creator.
 * @param creator       creating process.
 * @param creatorAlive  whether the creating process still runs.
 * @param createdMillis creation time, epoch milliseconds.
 * @param fileKey       the identity of the file whose header this describes, as
 *                      {@link java.nio.file.attribute.BasicFileAttributes#fileKey()} gives it (device and inode
 *                      on Linux; {@code null} where the file system has none): compare it, with
 *                      {@link java.util.Objects#equals}, with the key of the file the name refers to later to
 *                      tell whether the segment was removed and created again in between.
 * @param locks         lock states, for {@link Segments#inspect}; empty from {@link Segments#list}.
 */
public record SegmentInfo(
    String name,
    Path path,
    SegmentKind kind,
    TypeCode typeCode,
    long elementCount,
    int stripeCount,
    int stripeShift,
    int flags,
    long fileLength,
    boolean persistent,
    ProcessIdentity creator,
    boolean creatorAlive,
    long createdMillis,
    Object fileKey,
    List<LockState> locks)
{
    /**
     * An immutable copy of the lock states.
     *
     * @param name          segment name.
     * @param path          file path.
     * @param kind          what it holds.
     * @param typeCode      element type.
     * @param elementCount  number of elements.
     * @param stripeCount   number of lock stripes.
     * @param stripeShift   element {@code i} is guarded by stripe {@code i >> stripeShift}.
     * @param flags         the header's flag bits as stored.
     * @param fileLength    file length in bytes.
     * @param persistent    whether it outlives its creator.
     * @param creator       creating process.
     * @param creatorAlive  whether the creating process still runs.
     * @param createdMillis creation time, epoch milliseconds.
     * @param fileKey       identity of the file read, or {@code null} where the file system has none.
     * @param locks         lock states.
     */
    public SegmentInfo
    {
        locks = List.copyOf(locks);
    }

    /**
     * The state of one lock slot.
     *
     * @param stripe     stripe index.
     * @param owner      owning process (pid and low 32 bits of start time), or {@code null} if free.
     * @param ownerAlive whether the owner still runs (false if free).
     * @param recoveries how often the lock was taken over from a dead owner.
     */
    public record LockState(int stripe, ProcessIdentity owner, boolean ownerAlive, long recoveries)
    {
    }
}
