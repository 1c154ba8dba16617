package io.shmkit.cli;

import static io.shmkit.SegmentDescriptor.CREATED_MILLIS_OFFSET;
import static io.shmkit.SegmentDescriptor.CREATOR_PID_OFFSET;
import static io.shmkit.SegmentDescriptor.CREATOR_START_OFFSET;
import static io.shmkit.SegmentDescriptor.DATA_OFFSET_OFFSET;
import static io.shmkit.SegmentDescriptor.ELEMENT_COUNT_OFFSET;
import static io.shmkit.SegmentDescriptor.ELEMENT_SIZE_OFFSET;
import static io.shmkit.SegmentDescriptor.FLAGS_OFFSET;
import static io.shmkit.SegmentDescriptor.HEADER_LENGTH;
import static io.shmkit.SegmentDescriptor.KIND_OFFSET;
import static io.shmkit.SegmentDescriptor.MAGIC_OFFSET;
import static io.shmkit.SegmentDescriptor.STATE_OFFSET;
import static io.shmkit.SegmentDescriptor.STRIPE_COUNT_OFFSET;
import static io.shmkit.SegmentDescriptor.STRIPE_SHIFT_OFFSET;
import static io.shmkit.SegmentDescriptor.TYPECODE_OFFSET;
import static io.shmkit.SegmentDescriptor.VERSION_OFFSET;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Every field of a segment header as stored, read through the file descriptor at the offsets of
 * {@link io.shmkit.SegmentDescriptor}, for {@code inspect} to show. Validation is
 * {@link io.shmkit.Segments#inspect}'s job; this only reads.
 *
 * @param magic         magic word.
 * @param version       layout version.
 * @param state         ready word.
 * @param kind          kind id.
 * @param typeCode      typecode character.
 * @param elementSize   bytes per element.
 * @param stripeCount   lock slots.
 * @param elementCount  elements.
 * @param dataOffset    offset of the data.
 * @param stripeShift   element i is in stripe {@code i >> stripeShift}.
 * @param flags         flag bits.
 * @param creatorPid    creator's pid.
 * @param creatorStart  creator's start time in clock ticks.
 * @param createdMillis creation time in epoch milliseconds.
 */
record RawHeader(
    long magic,
    int version,
    int state,
    int kind,
    int typeCode,
    int elementSize,
    int stripeCount,
    long elementCount,
    long dataOffset,
    int stripeShift,
    int flags,
    long creatorPid,
    long creatorStart,
    long createdMillis)
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
            b.getLong(MAGIC_OFFSET),
            b.getInt(VERSION_OFFSET),
            b.getInt(STATE_OFFSET),
            b.getInt(KIND_OFFSET),
            b.getInt(TYPECODE_OFFSET),
            b.getInt(ELEMENT_SIZE_OFFSET),
            b.getInt(STRIPE_COUNT_OFFSET),
            b.getLong(ELEMENT_COUNT_OFFSET),
            b.getLong(DATA_OFFSET_OFFSET),
            b.getInt(STRIPE_SHIFT_OFFSET),
            b.getInt(FLAGS_OFFSET),
            b.getLong(CREATOR_PID_OFFSET),
            b.getLong(CREATOR_START_OFFSET),
            b.getLong(CREATED_MILLIS_OFFSET));
    }
}
