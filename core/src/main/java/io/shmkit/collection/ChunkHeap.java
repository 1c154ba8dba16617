package io.shmkit.collection;

import org.agrona.concurrent.UnsafeBuffer;

import io.shmkit.segment.SegmentFormatException;

/**
 * A heap of fixed-size chunks with a free bitset, in a structure's region: a record takes a run of contiguous
 * chunks, found first-fit from a rotating hint (next fit), and its chunks are reused once it is freed. Chunk
 * {@code c} is free when bit {@code c & 63} of bitset word {@code c >> 6} is 0.
 *
 * <p>The bitset, the hint and the used-chunk count are <em>derived</em> state: the published structure (the
 * list's index, the dict's chains) is the truth, and {@link #forget()}, {@link #mark(int, int)} of every
 * reachable record, then {@link #recount()} rebuild them after a writer died or a compaction moved records. Invariant between operations: every chunk of a published
 * record is marked; a marked chunk that no record reaches is a leak that the next rebuild reclaims.
 *
 * <p><b>Note:</b> not thread-safe: used under the lock of the stripe it belongs to, with plain accesses.
 */
final class ChunkHeap
{
    /** Bytes per chunk. */
    static final int CHUNK_SIZE = 32;
    static final int CHUNK_SHIFT = 5;

    private final UnsafeBuffer buffer;
    private final int hintOffset;
    private final int usedOffset;
    private final int bitsetOffset;
    private final int heapOffset;
    private final int chunkCount;
    private final String owner;

    ChunkHeap(
        final UnsafeBuffer buffer, final int hintOffset, final int usedOffset, final int bitsetOffset,
        final int heapOffset, final int chunkCount, final String owner)
    {
        this.buffer = buffer;
        this.hintOffset = hintOffset;
        this.usedOffset = usedOffset;
        this.bitsetOffset = bitsetOffset;
        this.heapOffset = heapOffset;
        this.chunkCount = chunkCount;
        this.owner = owner;
    }

    /** Bytes of the bitset for {@code chunks} chunks: whole 64-bit words. */
    static int bitsetLength(final int chunks)
    {
        return ((chunks + 63) >>> 6) << 3;
    }

    static int chunksFor(final int bytes)
    {
        return (int)(((long)bytes + CHUNK_SIZE - 1) >>> CHUNK_SHIFT);
    }

    int chunkCount()
    {
        return chunkCount;
    }

    /** Largest record (header included) the heap can ever hold. */
    long maxBytes()
    {
        return (long)chunkCount << CHUNK_SHIFT;
    }

    int usedChunks()
    {
        return buffer.getIntVolatile(usedOffset);
    }

    /** Offset in the region's buffer of the first byte of chunk {@code chunk}. */
    int offset(final int chunk)
    {
        return heapOffset + (chunk << CHUNK_SHIFT);
    }

    /**
     * Find and mark a run of chunks for {@code bytes} bytes.
     *
     * @return the first chunk of the run, or -1 if no run of free chunks is long enough.
     */
    int allocate(final int bytes)
    {
        final int n = chunksFor(bytes);
        final int hint = Math.floorMod(buffer.getInt(hintOffset), Math.max(1, chunkCount));
        int at = findRun(hint, chunkCount, n);
        if (at < 0)
        {
            at = findRun(0, Math.min(chunkCount, hint + n - 1), n);
        }
        if (at >= 0)
        {
            setBits(at, n, true);
            buffer.putInt(usedOffset, buffer.getInt(usedOffset) + n);
            buffer.putInt(hintOffset, at + n == chunkCount ? 0 : at + n);
        }
        return at;
    }

    /** Whether {@code bytes} fit the free chunks, wherever they lie: what a compaction makes one run of. */
    boolean fitsAfterCompaction(final int bytes)
    {
        return usedChunks() + (long)chunksFor(bytes) <= chunkCount;
    }

    void free(final int chunk, final int bytes)
    {
        final int n = chunksFor(bytes);
        setBits(chunk, n, false);
        buffer.putInt(usedOffset, buffer.getInt(usedOffset) - n);
    }

    /** Forget every allocation: clearing a structure. */
    void reset()
    {
        forget();
        buffer.putIntRelease(usedOffset, 0);
    }

    /**
     * The first step of a rebuild: clear the bitset and the hint, keep Used (read without the lock by
     * {@link SharedCollection#usedBytes()}) until {@link #recount()} stores it once, so that it never shows a count
     * that never held.
     */
    void forget()
    {
        buffer.setMemory(bitsetOffset, bitsetLength(chunkCount), (byte)0);
        buffer.putInt(hintOffset, 0);
    }

    /** The last step of a rebuild: store Used, the chunks marked in the bitset. */
    void recount()
    {
        int used = 0;
        for (int at = bitsetOffset, end = bitsetOffset + bitsetLength(chunkCount); at < end; at += Long.BYTES)
        {
            used += Long.bitCount(buffer.getLong(at));
        }
        buffer.putIntRelease(usedOffset, used);
    }

    /**
     * Mark a reachable record's chunks during a rebuild (between {@link #forget()} and {@link #recount()}).
     *
     * @throws SegmentFormatException if the record lies outside the heap or overlaps one already marked.
     */
    void mark(final int chunk, final int bytes)
    {
        check(chunk, bytes);
        final int n = chunksFor(bytes);
        for (int c = chunk; c < chunk + n; c++)
        {
            if (isSet(c))
            {
                throw corrupted("two records share chunk " + c);
            }
        }
        setBits(chunk, n, true);
    }

    /**
     * Check that a record of {@code bytes} bytes starting at {@code chunk} lies inside the heap, before it is read:
     * a corrupted pointer is an exception, never a read outside the mapping.
     *
     * @throws SegmentFormatException if it does not.
     */
    void check(final int chunk, final long bytes)
    {
        if (chunk < 0 || chunk >= chunkCount || bytes < 0 || bytes > ((long)(chunkCount - chunk) << CHUNK_SHIFT))
        {
            throw corrupted("a record of " + bytes + " bytes at chunk " + chunk + " does not fit the heap of " +
                chunkCount + " chunks");
        }
    }

    SegmentFormatException corrupted(final String what)
    {
        return new SegmentFormatException("'" + owner + "' is corrupted: " + what);
    }

    private boolean isSet(final int c)
    {
        return (buffer.getLong(bitsetOffset + ((c >>> 6) << 3)) & (1L << c)) != 0;
    }

    private int findRun(final int from, final int to, final int n)
    {
        int i = from;
        while (i + n <= to)
        {
            if (buffer.getLong(bitsetOffset + ((i >>> 6) << 3)) == -1L)
            {
                i = ((i >>> 6) + 1) << 6;
                continue;
            }
            int j = i;
            while (j < i + n && !isSet(j))
            {
                j++;
            }
            if (j == i + n)
            {
                return i;
            }
            i = j + 1;
        }
        return -1;
    }

    private void setBits(final int chunk, final int n, final boolean used)
    {
        for (int c = chunk; c < chunk + n; c++)
        {
            final int at = bitsetOffset + ((c >>> 6) << 3);
            final long w = buffer.getLong(at);
            buffer.putLong(at, used ? w | (1L << c) : w & ~(1L << c));
        }
    }
}
