package io.shmkit.segment;

import java.nio.file.Path;
import java.util.List;

import io.shmkit.Segments;

/**
 * What a segment's header says, read through the file descriptor without mapping the file, plus whether its
 * creator still runs. Returned by {@link Segments#list(ShmOptions)} and {@link Segments#inspect(String,
 * ShmOptions)}.
 *
 * @param name          segment name.
 * @param path          file path.
 * @param kind          what it holds.
 * @param typeCode      element type.
 * @param elementCount  number of elements.
 * @param stripeCount   number of lock stripes (0 without locks).
 * @param fileLength    file length in bytes.
 * @param persistent    whether it outlives its creator.
 * @param creator       creating process.
 * @param creatorAlive  whether the creating process still runs.
 * @param createdMillis creation time, epoch milliseconds.
 * @param locks         lock states, for {@link Segments#inspect}; empty from {@link Segments#list}.
 */
public record SegmentInfo(
    String name,
    Path path,
    SegmentKind kind,
    TypeCode typeCode,
    long elementCount,
    int stripeCount,
    long fileLength,
    boolean persistent,
    ProcessIdentity creator,
    boolean creatorAlive,
    long createdMillis,
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
     * @param fileLength    file length in bytes.
     * @param persistent    whether it outlives its creator.
     * @param creator       creating process.
     * @param creatorAlive  whether the creating process still runs.
     * @param createdMillis creation time, epoch milliseconds.
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
