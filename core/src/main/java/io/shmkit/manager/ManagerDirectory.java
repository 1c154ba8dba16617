package io.shmkit.manager;

import static io.shmkit.manager.ManagerDescriptor.*;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.agrona.concurrent.UnsafeBuffer;

import io.shmkit.internal.segment.Segment;
import io.shmkit.internal.segment.SegmentLayout;
import io.shmkit.internal.segment.SegmentNames;
import io.shmkit.segment.SegmentFormatException;
import io.shmkit.segment.SegmentKind;
import io.shmkit.segment.ShmOptions;

/**
 * A manager's directory segment: the keys and kinds of the objects it owns (see {@link ManagerDescriptor}).
 *
 * <p><b>Note:</b> reads are safe from any thread and process; {@link #publish} is called by the owner only, under
 * the owner's monitor.
 */
final class ManagerDirectory
{
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_-]{1," + MAX_KEY_LENGTH + "}");

    private final Segment segment;
    private final UnsafeBuffer buffer;
    /** Fixed at creation; kept here so that it is readable after the mapping is gone. */
    private final int capacity;

    private ManagerDirectory(final Segment segment)
    {
        this.segment = segment;
        this.buffer = new UnsafeBuffer(segment.chunkAddresses()[0] + segment.dataOffset(),
            (int)segment.layout().elementCount());
        this.capacity = buffer.getInt(CAPACITY_OFFSET);
    }

    static ManagerDirectory create(final String name, final ShmOptions options)
    {
        final String n = SegmentNames.validate(name);
        if (n.length() > SegmentNames.MAX_LENGTH - MAX_KEY_LENGTH - 1)
        {
            throw new IllegalArgumentException("manager name '" + n + "' is too long: at most " +
                (SegmentNames.MAX_LENGTH - MAX_KEY_LENGTH - 1) + " characters, so that '<name>.<key>' is a name");
        }
        final long length = regionLength(DEFAULT_CAPACITY);
        final SegmentLayout layout = SegmentLayout.region(SegmentKind.MANAGER, length, 0);
        return new ManagerDirectory(Segment.create(n, layout, options, address ->
        {
            final UnsafeBuffer b = new UnsafeBuffer(address, (int)length);
            b.putInt(CAPACITY_OFFSET, DEFAULT_CAPACITY);
            b.putInt(FORMAT_OFFSET, FORMAT);
            b.putInt(STATE_OFFSET, STATE_OPEN);
        }));
    }

    static ManagerDirectory open(final String name, final ShmOptions options)
    {
        final Segment segment = Segment.open(name, SegmentKind.MANAGER, Boolean.FALSE, options);
        final ManagerDirectory d = new ManagerDirectory(segment);
        if (d.buffer.getInt(FORMAT_OFFSET) != FORMAT || d.capacity < 0 ||
            regionLength(d.capacity) != segment.layout().elementCount())
        {
            segment.close();
            throw new SegmentFormatException("'" + name + "' is corrupted: its directory header disagrees with its " +
                "length");
        }
        return d;
    }

    static String checkKey(final String key)
    {
        if (null == key || !KEY.matcher(key).matches())
        {
            throw new IllegalArgumentException("key '" + key + "' must be 1 to " + MAX_KEY_LENGTH +
                " characters of [A-Za-z0-9_-]");
        }
        return key;
    }

    Segment segment()
    {
        return segment;
    }

    String segmentName(final String key)
    {
        return ShmManager.objectName(segment.name(), key);
    }

    int capacity()
    {
        return capacity;
    }

    boolean isClosedByOwner()
    {
        return buffer.getIntVolatile(STATE_OFFSET) == STATE_CLOSED;
    }

    void markClosed()
    {
        // NOTE: release: attachers that see it refuse lookups, before the owned segments disappear.
        buffer.putIntRelease(STATE_OFFSET, STATE_CLOSED);
    }

    /** The kind id recorded for {@code key}, or 0 if it has none. */
    int kindOf(final String key)
    {
        final int count = published();
        for (int i = 0; i < count; i++)
        {
            if (keyAt(i).equals(key))
            {
                return buffer.getInt(entryOffset(i) + KIND_OFFSET);
            }
        }
        return 0;
    }

    List<String> keys()
    {
        final int count = published();
        final List<String> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++)
        {
            out.add(keyAt(i));
        }
        return out;
    }

    /** Write and publish an entry; the owner holds its monitor and has created the segment. */
    void publish(final String key, final SegmentKind kind)
    {
        final int count = buffer.getInt(COUNT_OFFSET);
        if (count >= capacity)
        {
            throw new IllegalStateException("manager '" + segment.name() + "' is full: " + count + " objects");
        }
        final byte[] k = key.getBytes(StandardCharsets.US_ASCII);
        final int at = entryOffset(count);
        buffer.putInt(at + KIND_OFFSET, kind.id());
        buffer.putInt(at + KEY_LENGTH_OFFSET, k.length);
        buffer.putBytes(at + KEY_OFFSET, k);
        // NOTE: the publish: the entry is written BEFORE the count that makes it visible.
        buffer.putIntRelease(COUNT_OFFSET, count + 1);
    }

    boolean hasRoom()
    {
        return buffer.getInt(COUNT_OFFSET) < capacity;
    }

    private int published()
    {
        final int count = buffer.getIntVolatile(COUNT_OFFSET);
        if (count < 0 || count > capacity)
        {
            throw new SegmentFormatException("'" + segment.name() + "' is corrupted: " + count + " entries");
        }
        return count;
    }

    private String keyAt(final int i)
    {
        final int at = entryOffset(i);
        final int length = buffer.getInt(at + KEY_LENGTH_OFFSET);
        if (length < 1 || length > MAX_KEY_LENGTH)
        {
            throw new SegmentFormatException("'" + segment.name() + "' is corrupted: entry " + i + " has a key of " +
                length + " bytes");
        }
        final byte[] k = new byte[length];
        buffer.getBytes(at + KEY_OFFSET, k);
        return new String(k, StandardCharsets.US_ASCII);
    }
}
