package io.shmkit.internal.segment;

import static io.shmkit.internal.segment.SegmentDescriptor.*;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;

import io.shmkit.segment.SegmentFormatException;
import io.shmkit.segment.SegmentKind;
import io.shmkit.segment.TypeCode;

/** A header read through the file descriptor, without mapping the file. */
public final class HeaderSnapshot
{
    private final String name;
    private final long actualLength;
    private long magic;
    private int version;
    private int state;
    private int kindId;
    private SegmentKind kind;
    private int typeCode;
    private TypeCode type;
    private int elementSize;
    private int stripeCount;
    private long elementCount;
    private long dataOffset;
    private int stripeShift;
    private int flags;
    private long creatorPid;
    private long creatorStart;
    private long createdMillis;
    private long fileLength;

    private HeaderSnapshot(final String name, final long actualLength)
    {
        this.name = name;
        this.actualLength = actualLength;
    }

    /** Read the header, or return null if the file is shorter than a header or is not ours. */
    public static HeaderSnapshot read(final FileChannel channel, final String name) throws IOException
    {
        final long size = channel.size();
        final HeaderSnapshot h = new HeaderSnapshot(name, size);
        if (size < HEADER_LENGTH)
        {
            return h;
        }
        // NOTE: the state word is read BEFORE the rest of the header, by a read of its own: a creator that
        // writes in place stores the state last (release), so once this read sees READY, the next read sees
        // every field written before it. (shmkit's own creator also links the name only when all is written.)
        final ByteBuffer state = ByteBuffer.allocate(Integer.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        readFully(channel, state, STATE_OFFSET);
        final ByteBuffer b = ByteBuffer.allocate(HEADER_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
        readFully(channel, b, 0);
        h.magic = b.getLong(MAGIC_OFFSET);
        h.version = b.getInt(VERSION_OFFSET);
        h.state = state.getInt(0);
        h.kindId = b.getInt(KIND_OFFSET);
        h.kind = SegmentKind.fromId(h.kindId);
        h.typeCode = b.getInt(TYPECODE_OFFSET);
        h.type = TypeCode.fromHeader(h.typeCode);
        h.elementSize = b.getInt(ELEMENT_SIZE_OFFSET);
        h.stripeCount = b.getInt(STRIPE_COUNT_OFFSET);
        h.elementCount = b.getLong(ELEMENT_COUNT_OFFSET);
        h.dataOffset = b.getLong(DATA_OFFSET_OFFSET);
        h.stripeShift = b.getInt(STRIPE_SHIFT_OFFSET);
        h.flags = b.getInt(FLAGS_OFFSET);
        h.creatorPid = b.getLong(CREATOR_PID_OFFSET);
        h.creatorStart = b.getLong(CREATOR_START_OFFSET);
        h.createdMillis = b.getLong(CREATED_MILLIS_OFFSET);
        return h;
    }

    /** Read from {@code position} until {@code b} is full or the file ends. */
    private static void readFully(final FileChannel channel, final ByteBuffer b, final long position)
        throws IOException
    {
        while (b.hasRemaining())
        {
            if (channel.read(b, position + b.position()) < 0)
            {
                break;
            }
        }
    }

    public static HeaderSnapshot await(final FileChannel channel, final String name, final long timeoutMs)
        throws IOException
    {
        final long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        long sleepMs = 1;
        while (true)
        {
            final HeaderSnapshot h = read(channel, name);
            if (h.actualLength < HEADER_LENGTH)
            {
                throw new SegmentFormatException(
                    "'" + name + "' is too short to be a shmkit segment: " + h.actualLength +
                    " bytes, the header alone is " + HEADER_LENGTH);
            }
            if (h.magic != MAGIC && h.magic != 0)
            {
                throw new SegmentFormatException(
                    "'" + name + "' is not a shmkit segment: foreign magic 0x" + Long.toHexString(h.magic));
            }
            if (h.magic == MAGIC && h.state == STATE_READY)
            {
                return h;
            }
            if (h.magic == MAGIC && h.state != STATE_INITIALISING)
            {
                throw new SegmentFormatException(
                    "'" + name + "' has an unknown state word " + h.state + " (corrupted header?)");
            }
            if (System.nanoTime() - deadline >= 0)
            {
                throw new SegmentFormatException(
                    "'" + name + "' " + (timeoutMs <= 0 ? "is not ready" :
                    "did not become ready within " + timeoutMs + " ms") + " (" +
                    (h.magic == 0 ? "no header written" : "state still initialising") +
                    "): its creator died while creating it, or it is not a shmkit segment");
            }
            try
            {
                Thread.sleep(sleepMs);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                throw new SegmentFormatException("interrupted while waiting for '" + name + "' to become ready");
            }
            sleepMs = Math.min(sleepMs * 2, 50);
        }
    }

    /** Check the header for consistency and, where given, for the kind and type asked for. */
    public void validate(final SegmentKind expectedKind, final Boolean expectedFloating)
    {
        fileLength = HeaderValidator.validate(this, expectedKind, expectedFloating);
    }

    /**
     * The header field {@code name}.
     *
     * @return its value.
     */
    public String name()
    {
        return name;
    }

    /**
     * The header field {@code actualLength}.
     *
     * @return its value.
     */
    public long actualLength()
    {
        return actualLength;
    }

    /**
     * The header field {@code magic}.
     *
     * @return its value.
     */
    public long magic()
    {
        return magic;
    }

    /**
     * The header field {@code version}.
     *
     * @return its value.
     */
    public int version()
    {
        return version;
    }

    /**
     * The header field {@code state}.
     *
     * @return its value.
     */
    public int state()
    {
        return state;
    }

    /**
     * The header field {@code kindId}.
     *
     * @return its value.
     */
    public int kindId()
    {
        return kindId;
    }

    /**
     * The header field {@code kind}.
     *
     * @return its value.
     */
    public SegmentKind kind()
    {
        return kind;
    }

    /**
     * The header field {@code typeCode}.
     *
     * @return its value.
     */
    public int typeCode()
    {
        return typeCode;
    }

    /**
     * The header field {@code type}.
     *
     * @return its value.
     */
    public TypeCode type()
    {
        return type;
    }

    /**
     * The header field {@code elementSize}.
     *
     * @return its value.
     */
    public int elementSize()
    {
        return elementSize;
    }

    /**
     * The header field {@code stripeCount}.
     *
     * @return its value.
     */
    public int stripeCount()
    {
        return stripeCount;
    }

    /**
     * The header field {@code elementCount}.
     *
     * @return its value.
     */
    public long elementCount()
    {
        return elementCount;
    }

    /**
     * The header field {@code dataOffset}.
     *
     * @return its value.
     */
    public long dataOffset()
    {
        return dataOffset;
    }

    /**
     * The header field {@code stripeShift}.
     *
     * @return its value.
     */
    public int stripeShift()
    {
        return stripeShift;
    }

    /**
     * The header field {@code flags}.
     *
     * @return its value.
     */
    public int flags()
    {
        return flags;
    }

    /**
     * The header field {@code creatorPid}.
     *
     * @return its value.
     */
    public long creatorPid()
    {
        return creatorPid;
    }

    /**
     * The header field {@code creatorStart}.
     *
     * @return its value.
     */
    public long creatorStart()
    {
        return creatorStart;
    }

    /**
     * The header field {@code createdMillis}.
     *
     * @return its value.
     */
    public long createdMillis()
    {
        return createdMillis;
    }

    /**
     * The header field {@code fileLength}.
     *
     * @return its value.
     */
    public long fileLength()
    {
        return fileLength;
    }
}
