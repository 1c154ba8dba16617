package io.shmkit.collection;

import java.lang.invoke.VarHandle;
import java.util.Arrays;

import org.agrona.concurrent.UnsafeBuffer;

/**
 * Compaction of one stripe's {@link ChunkHeap}: every published record slides, in address order, down to the
 * lowest free chunk, so that the free chunks become one run at the top. It runs when a new record (an insertion or
 * a replacement) finds enough free chunks but no run long enough (fragmentation), so that whether it fits depends
 * on the used bytes only, never on where the records lie.
 *
 * <p><b>Crash safety.</b> The stripe's Dirty word holds {@link #OP_COMPACT} throughout. Each record moves on its
 * own, with a redo journal of five words in the stripe (layout in the descriptors):
 * <pre>
 *   +0  Link    offset in the region of the word that points at the record (a list slot, a bucket head or a
 *               Next field)
 *   +4  From    the record's first chunk
 *   +8  To      its new first chunk, below From
 *   +12 Chunks  the record's length in chunks; 0 when no move is in flight (stored last, with release)
 *   +16 Done    chunks copied (release store after each chunk)
 * </pre>
 * The record is copied chunk by chunk from the lowest; destination chunk {@code To + i} overwrites source chunk
 * {@code From + i - (From - To)}, which was copied before, so the source chunks not yet copied are intact at
 * every moment and a repair redoes the copy from {@code Done} on. Then Link is set to {@code To + 1} (the
 * publish, one release store) and Chunks to 0. A release store orders the stores before it, not those after, so a
 * store-store fence follows Chunks = n, each Done, and Chunks = 0: no copied byte is stored before the word that
 * lets a repair redo it. A repair ({@link #finishMove}) that finds Chunks non-zero completes the copy the same
 * way if Link still holds {@code From + 1}, publishes, and clears Chunks; the stripe's ordinary rebuild then
 * recomputes the bitset from the published records. No record is ever lost or torn.
 *
 * <p><b>Note:</b> not thread-safe: used under the stripe's lock.
 */
final class HeapCompactor
{
    /** The Dirty code of a compaction, in both the list's and the dict's stripes. */
    static final int OP_COMPACT = 6;

    static final int LINK = 0;
    static final int FROM = LINK + Integer.BYTES;
    static final int TO = FROM + Integer.BYTES;
    static final int CHUNKS = TO + Integer.BYTES;
    static final int DONE = CHUNKS + Integer.BYTES;
    /** Bytes of the move journal. */
    static final int LENGTH = DONE + Integer.BYTES;

    /** What a structure's store tells a compaction about one stripe. */
    interface Records
    {
        /** Visit stripe {@code s}'s published records, each checked against the heap, in any order. */
        void forEach(int s, Sink sink);

        /**
         * The offset of the word that now holds pointer {@code chunk + 1} of stripe {@code s}.
         *
         * @param hint what {@link #forEach} gave for the record.
         */
        int linkTo(int s, int chunk, int hint);

        /** Whether a word at {@code offset} can point at a record of stripe {@code s}: checks a journal's Link. */
        boolean isLink(int s, int offset);
    }

    /** Receives a record: its first chunk, its length in bytes with its header, and a hint for its link. */
    @FunctionalInterface
    interface Sink
    {
        void accept(int chunk, int bytes, int hint);
    }

    private final UnsafeBuffer buffer;
    private final ChunkHeap heap;
    private final int journal;

    HeapCompactor(final UnsafeBuffer buffer, final ChunkHeap heap, final int journalOffset)
    {
        this.buffer = buffer;
        this.heap = heap;
        this.journal = journalOffset;
    }

    /**
     * Slide every record of stripe {@code s} down; the caller has set Dirty to {@link #OP_COMPACT} and rebuilds the
     * heap's bitset afterwards.
     *
     * @throws io.shmkit.segment.SegmentFormatException if two records overlap (corruption).
     */
    void compact(final int s, final Records records)
    {
        final int[][] found = {new int[16], new int[16], new int[16]};
        final int[] n = new int[1];
        records.forEach(s, (chunk, bytes, hint) ->
        {
            if (n[0] == found[0].length)
            {
                for (int i = 0; i < found.length; i++)
                {
                    found[i] = Arrays.copyOf(found[i], n[0] * 2);
                }
            }
            found[0][n[0]] = chunk;
            found[1][n[0]] = ChunkHeap.chunksFor(bytes);
            found[2][n[0]] = hint;
            n[0]++;
        });
        final long[] order = new long[n[0]];
        for (int i = 0; i < n[0]; i++)
        {
            order[i] = ((long)found[0][i] << 32) | i;
        }
        Arrays.sort(order);
        int end = 0;
        for (final long o : order)
        {
            // all checked before the first move: a corrupted structure fails with nothing moved
            final int i = (int)o;
            if (found[0][i] < end)
            {
                throw heap.corrupted("two records share chunk " + found[0][i]);
            }
            end = found[0][i] + found[1][i];
        }
        int frontier = 0;
        for (final long o : order)
        {
            final int i = (int)o;
            final int chunk = found[0][i];
            if (chunk > frontier)
            {
                move(records.linkTo(s, chunk, found[2][i]), chunk, frontier, found[1][i]);
            }
            frontier += found[1][i];
        }
    }

    /** Move one record from chunk {@code from} to chunk {@code to}, below it: journal, copy, publish, clear. */
    private void move(final int link, final int from, final int to, final int chunks)
    {
        buffer.putInt(journal + LINK, link);
        buffer.putInt(journal + FROM, from);
        buffer.putInt(journal + TO, to);
        buffer.putInt(journal + DONE, 0);
        // NOTE: release: the journal is complete BEFORE the word that says a move is in flight...
        buffer.putIntRelease(journal + CHUNKS, chunks);
        // NOTE: ...and that word is stored BEFORE the first copied byte (a release does not order later stores).
        VarHandle.storeStoreFence();
        copy(from, to, 0, chunks);
        publish(link, to);
    }

    /** Point the link at the moved record, then say no move is in flight; both before any later store. */
    private void publish(final int link, final int to)
    {
        // NOTE: the publish: every chunk is copied BEFORE the link points at the copy.
        buffer.putIntRelease(link, to + 1);
        buffer.putIntRelease(journal + CHUNKS, 0);
        // NOTE: the move is over BEFORE the next move's journal words are stored.
        VarHandle.storeStoreFence();
    }

    /** Copy chunks {@code done .. chunks - 1}, lowest first, recording each one copied. */
    private void copy(final int from, final int to, final int done, final int chunks)
    {
        for (int i = done; i < chunks; i++)
        {
            buffer.putBytes(heap.offset(to + i), buffer, heap.offset(from + i), ChunkHeap.CHUNK_SIZE);
            // NOTE: release: chunk i is copied BEFORE Done says so; a repair redoes chunk Done on...
            buffer.putIntRelease(journal + DONE, i + 1);
            // NOTE: ...and Done is stored BEFORE chunk i + 1 overwrites a source chunk that only chunk i's copy holds.
            VarHandle.storeStoreFence();
        }
    }

    /**
     * Complete a move that a killed compaction left in flight, if any: the first step of the repair of a stripe
     * whose Dirty is {@link #OP_COMPACT}. Idempotent.
     *
     * @throws io.shmkit.segment.SegmentFormatException if the journal does not describe a move inside the heap.
     */
    void finishMove(final int s, final Records records)
    {
        final int chunks = buffer.getInt(journal + CHUNKS);
        if (chunks == 0)
        {
            return;
        }
        final int link = buffer.getInt(journal + LINK);
        final int from = buffer.getInt(journal + FROM);
        final int to = buffer.getInt(journal + TO);
        final int done = buffer.getInt(journal + DONE);
        final int count = heap.chunkCount();
        if (chunks < 0 || to < 0 || to >= from || from > count - chunks || done < 0 || done > chunks ||
            !records.isLink(s, link))
        {
            throw heap.corrupted("its compaction journal holds a move of " + chunks + " chunks from " + from + " to " +
                to + " (" + done + " done, link at " + link + ")");
        }
        final int target = buffer.getInt(link);
        if (target == from + 1)
        {
            copy(from, to, done, chunks);
        }
        else if (target != to + 1)
        {
            throw heap.corrupted("the link of its journalled move points at chunk " + (target - 1) + ", neither " +
                from + " nor " + to);
        }
        publish(link, to);
    }
}
