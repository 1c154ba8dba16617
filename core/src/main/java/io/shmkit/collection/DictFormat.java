package io.shmkit.collection;

import static io.shmkit.collection.DictDescriptor.*;

import io.shmkit.internal.segment.Segment;
import io.shmkit.segment.SegmentKind;
import io.shmkit.segment.ShmOptions;

/**
 * The sizing of a new {@link SharedDict}: the stripe count (chosen from the capacity unless given), the buckets,
 * entries and heap chunks of a stripe, and the region header that records them ({@link DictDescriptor}).
 */
final class DictFormat
{
    /** Entries per stripe aimed at when the stripe count is chosen automatically. */
    static final int TARGET_STRIPE_ENTRIES = 256;
    /** Largest automatic stripe count. */
    static final int MAX_AUTO_STRIPES = 64;

    private DictFormat()
    {
    }

    /** Create the segment of a new, empty dict (see {@link SharedDict#create(String, int, long, ShmOptions)}). */
    static Segment create(final String name, final int maxEntries, final long maxBytes, final ShmOptions options)
    {
        int stripes = options.stripes();
        if (stripes == ShmOptions.AUTO_STRIPES)
        {
            final int wanted = (maxEntries + TARGET_STRIPE_ENTRIES - 1) / TARGET_STRIPE_ENTRIES;
            stripes = wanted <= 1 ? 1 : Math.min(MAX_AUTO_STRIPES, Integer.highestOneBit(wanted - 1) << 1);
        }
        if (maxEntries < 1 || maxBytes < 1 || maxBytes > SharedCollection.MAX_REGION || stripes > maxEntries)
        {
            throw new IllegalArgumentException("maxEntries=" + maxEntries + " maxBytes=" + maxBytes + " stripes=" +
                stripes + ": capacities must be at least 1 and at least one entry per stripe, maxBytes at most " +
                SharedCollection.MAX_REGION);
        }
        final int entries = (maxEntries + stripes - 1) / stripes;
        final int buckets = Integer.highestOneBit(Math.max(1, entries - 1)) << (entries > 1 ? 1 : 0);
        final int chunks = ChunkHeap.chunksFor((int)((maxBytes + stripes - 1) / stripes));
        final int s = stripes;
        return SharedCollection.create(name, SegmentKind.DICT, regionLength(s, buckets, chunks), s, options, b ->
        {
            b.putInt(STRIPES_OFFSET, s);
            b.putInt(BUCKETS_OFFSET, buckets);
            b.putInt(ENTRIES_OFFSET, entries);
            b.putInt(CHUNK_SIZE_OFFSET, ChunkHeap.CHUNK_SIZE);
            b.putInt(CHUNKS_OFFSET, chunks);
            b.putInt(FORMAT_OFFSET, FORMAT);
            b.putInt(STRIPE_LENGTH_OFFSET, (int)stripeLength(buckets, chunks));
        });
    }
}
