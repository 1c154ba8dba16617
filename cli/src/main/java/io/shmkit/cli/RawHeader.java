package io.shmkit.cli;

import static io.shmkit.internal.segment.SegmentDescriptor.CREATED_MILLIS_OFFSET;
import static io.shmkit.internal.segment.SegmentDescriptor.CREATOR_PID_OFFSET;
import static io.shmkit.internal.segment.SegmentDescriptor.CREATOR_START_OFFSET;
import static io.shmkit.internal.segment.SegmentDescriptor.FLAGS_OFFSET;
import static io.shmkit.internal.segment.SegmentDescriptor.HEADER_LENGTH;
import static io.shmkit.internal.segment.SegmentDescriptor.STRIPE_SHIFT_OFFSET;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import io.shmkit.segment.SegmentInfo;

/**
 * The header fields that {@link SegmentInfo} does not expose, read through the file descriptor at the offsets
 * of {@link io.shmkit.internal.segment.SegmentDescriptor}, for {@code inspect} to show: the raw flag bits (SegmentInfo has only
 * the persistent bit) and the stripe shift. It also reads the creator and creation time, only to check that
 * the file is still the segment that {@link io.shmkit.Segments#inspect} described (see {@link #sameSegment}).
 * Validation is {@code Segments.inspect}'s job; this only reads.
 *
 * @param stripeShift   element i is in stripe {@code i >> stripeShift}.
 * @param flags         flag bits.
 * @param creatorPid    creator's pid.
 * @param creatorStart  creator's start time in clock ticks.
 * @param createdMillis creation time in epoch milliseconds.
 */
record RawHeader(int stripeShift, int flags, long creatorPid, long creatorStart, long createdMillis)
{
    /**
     * Read the header of a file, without following a symbolic link.
     *
     * @param file the segment file.
     * @return its header fields.
     * @throws IOException if it cannot be read or is shorter than a header.
     */
    static RawHeader read(final Path file) throws IOException
    {
        final ByteBuffer b = ByteBuffer.allocate(HEADER_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS))
        {
            while (b.hasRemaining())
            {
                if (ch.read(b, b.position()) < 0)
                {
                    throw new IOException(file + " is shorter than a segment header (" + HEADER_LENGTH + " bytes)");
                }
            }
        }
        return new RawHeader(
            b.getInt(STRIPE_SHIFT_OFFSET),
            b.getInt(FLAGS_OFFSET),
            b.getLong(CREATOR_PID_OFFSET),
            b.getLong(CREATOR_START_OFFSET),
            b.getLong(CREATED_MILLIS_OFFSET));
    }

    /**
     * Whether this header belongs to the segment {@code info} describes: same creator process and creation time
     * (a replacement by another process, or by the same one in another millisecond, differs).
     *
     * @param info what {@code Segments.inspect} read.
     * @return true if they match.
     */
    boolean sameSegment(final SegmentInfo info)
    {
        return creatorPid == info.creator().pid() && creatorStart == info.creator().startTicks() &&
            createdMillis == info.createdMillis();
    }
}
