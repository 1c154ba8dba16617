package io.shmkit.collection;

import java.lang.invoke.VarHandle;
import java.util.function.Consumer;

import org.agrona.concurrent.UnsafeBuffer;

import io.shmkit.internal.segment.Segment;
import io.shmkit.internal.segment.SegmentLayout;
import io.shmkit.segment.SegmentFormatException;
import io.shmkit.segment.SegmentKind;
import io.shmkit.segment.SharedHandle;
import io.shmkit.segment.ShmOptions;
import io.shmkit.segment.TypeCode;

/**
 * What {@link SharedList} and {@link SharedDict} share: a named segment of typecode {@code 'B'} whose data is the
 * structure's region, its stripe locks, and the repair of a half-done update.
 *
 * <h2>Crash safety</h2>
 * Every operation, reads included, runs under the lock of the stripe it touches. A mutation first stores a
 * non-zero operation code in the stripe's <em>dirty word</em>, then writes its new record into free chunks that
 * nothing reaches, then <em>publishes</em> it with one aligned 4-byte store with release semantics (the list's
 * size or index slot, the dict's bucket head or chain link), then frees what the publish made unreachable, and
 * last stores 0 in the dirty word with release semantics. Whoever acquires a stripe lock and finds its dirty word
 * non-zero (its holder was killed, or threw) repairs before anything else: the published structure is by
 * construction either entirely before or entirely after the interrupted operation, so the repair only rebuilds
 * the derived state (free-chunk bitset, counts) from what is reachable. No reader ever sees a torn record or a
 * half-linked entry, and every operation that returned is kept. One exception to "write, then publish": a dict
 * value overwritten by one of the same length (at most 32 bytes) is written in place, after its old bytes are
 * saved in the stripe's journal and before the dirty word is cleared; a repair that finds that operation's code
 * copies the old bytes back first. And one case of moving published records: when an insertion finds enough free
 * chunks but no run of them long enough, the stripe is first compacted, each record moved with a redo journal that
 * a repair completes ({@link #compactions()}). The layout and these rules are in {@code docs/layout.md}.
 *
 * <p><b>Note:</b> thread-safe and process-safe. Lock acquire and release order every access of an operation
 * with those of other processes (see {@link io.shmkit.ShmLock}). {@link #close()} unmaps: it must not race with
 * operations in progress in other threads of this process; afterwards every operation throws
 * {@link IllegalStateException}.
 */
public abstract sealed class SharedCollection implements SharedHandle permits SharedList, SharedDict
{
    /** Largest region of a collection: it is mapped as one piece of at most 1 GiB with the header. */
    static final long MAX_REGION = Segment.CHUNK_LENGTH - (1 << 20);

    final Segment segment;
    final UnsafeBuffer buffer;
    final StructureLocks locks;
    private final String what;

    SharedCollection(final Segment segment, final String what)
    {
        this.segment = segment;
        this.what = what;
        this.buffer = new UnsafeBuffer(
            segment.chunkAddresses()[0] + segment.dataOffset(), (int)segment.layout().elementCount());
        this.locks = new StructureLocks(segment);
    }

    static Segment create(
        final String name, final SegmentKind kind, final long regionLength, final int stripes, final ShmOptions options,
        final Consumer<UnsafeBuffer> init)
    {
        if (regionLength > MAX_REGION)
        {
            throw new IllegalArgumentException("a " + kind.name().toLowerCase(java.util.Locale.ROOT) + " of " +
                regionLength + " bytes is too large: at most " + MAX_REGION + " bytes per structure");
        }
        final SegmentLayout layout = SegmentLayout.region(kind, regionLength, stripes);
        return Segment.create(name, layout, options,
            address -> init.accept(new UnsafeBuffer(address, (int)regionLength)));
    }

    static Segment open(final String name, final SegmentKind kind, final ShmOptions options)
    {
        final Segment segment = Segment.open(name, kind, Boolean.FALSE, options);
        final SegmentLayout l = segment.layout();
        if (l.type() != TypeCode.of('B') || l.elementCount() > MAX_REGION || l.stripeCount() < 1)
        {
            segment.close();
            throw new SegmentFormatException("'" + name + "' has typecode " + l.type() + ", " + l.stripeCount() +
                " lock slots and " + l.elementCount() + " bytes: not a shmkit " +
                kind.name().toLowerCase(java.util.Locale.ROOT));
        }
        return segment;
    }

    /** Refuses (closing the segment) a structure header of another format than this version reads. */
    static void requireFormat(final Segment segment, final String what, final int found, final int reads)
    {
        if (found != reads)
        {
            segment.close();
            throw new SegmentFormatException("'" + segment.name() + "' holds a " + what + " of format " + found +
                ", this version reads format " + reads);
        }
    }

    /** Fail (closing the segment) unless the region's own header describes exactly the region's length. */
    static void requireLength(final Segment segment, final long described)
    {
        if (described != segment.layout().elementCount())
        {
            segment.close();
            throw new SegmentFormatException("'" + segment.name() + "' is corrupted: its structure header describes " +
                described + " bytes, its segment holds " + segment.layout().elementCount());
        }
    }

    /** The structure's store: its stripes' words, heaps and repair. */
    abstract StripedStore stripedStore();

    private int dirtyOffset(final int s)
    {
        return stripedStore().dirtyOffset(s);
    }

    private int repairsOffset(final int s)
    {
        return stripedStore().repairsOffset(s);
    }

    /** Acquire stripe {@code s}, repairing first if its previous writer did not finish. */
    final void lock(final int s)
    {
        checkOpen();
        locks.lock(s);
        final int dirty = buffer.getInt(dirtyOffset(s));
        if (dirty != 0)
        {
            try
            {
                if (dirty == HeapCompactor.OP_COMPACT)
                {
                    stripedStore().compactor(s).finishMove(s, stripedStore());
                }
                stripedStore().rebuild(s);
                buffer.putLong(repairsOffset(s), buffer.getLong(repairsOffset(s)) + 1);
                // NOTE: the dirty word is cleared only after the rebuild: one killed mid-repair is repaired again.
                buffer.putIntRelease(dirtyOffset(s), 0);
            }
            catch (final RuntimeException ex)
            {
                locks.unlock(s);
                throw ex;
            }
        }
    }

    final void unlock(final int s)
    {
        locks.unlock(s);
    }

    /** Mark stripe {@code s} dirty with {@code op} before the first store of a mutation. */
    final void begin(final int s, final int op)
    {
        // NOTE: release: a journal written before is complete BEFORE the word says the stripe is dirty.
        buffer.putIntRelease(dirtyOffset(s), op);
        // NOTE: the dirty word is ordered BEFORE every store of the mutation: a crash after any of them is seen.
        VarHandle.storeStoreFence();
    }

    /**
     * Called inside a mutation begun with {@code op} when no run of free chunks of stripe {@code s} is long enough
     * for {@code bytes}: compact the stripe if that makes room (see {@link HeapCompactor}), then go on with
     * {@code op}. Every record may have moved: the caller finds its pointers again.
     *
     * @return false (nothing done) if the stripe's free chunks are too few, wherever they lie.
     */
    final boolean compactFor(final int s, final int bytes, final int op)
    {
        final StripedStore store = stripedStore();
        if (!store.heap(s).fitsAfterCompaction(bytes))
        {
            return false;
        }
        begin(s, HeapCompactor.OP_COMPACT);
        store.compactor(s).compact(s, store);
        store.rebuild(s);
        buffer.putLong(store.compactionsOffset(s), buffer.getLong(store.compactionsOffset(s)) + 1);
        begin(s, op);
        return true;
    }

    /** Mark stripe {@code s} clean after the last store of a mutation. */
    final void end(final int s)
    {
        // NOTE: release: every store of the mutation is ordered before the word says the stripe is clean.
        buffer.putIntRelease(dirtyOffset(s), 0);
    }

    final void checkOpen()
    {
        if (segment.isClosed())
        {
            throw new IllegalStateException(what + " '" + segment.name() + "' is closed");
        }
    }

    /**
     * The segment name, by which other processes open this structure.
     *
     * @return the name.
     */
    public final String name()
    {
        return segment.name();
    }

    /**
     * The number of entries or records: the stripes' counts, each read with volatile semantics without a lock,
     * summed (exact when no update runs).
     *
     * @return the size.
     * @throws IllegalStateException if closed.
     */
    public final int size()
    {
        checkOpen();
        final StripedStore store = stripedStore();
        int n = 0;
        for (int s = 0; s < store.stripes(); s++)
        {
            n += buffer.getIntVolatile(store.countOffset(s));
        }
        return n;
    }

    /**
     * Whether there are no entries or records, as {@link #size()}.
     *
     * @return true if empty.
     * @throws IllegalStateException if closed.
     */
    public final boolean isEmpty()
    {
        return size() == 0;
    }

    /**
     * The bytes of the heap, summed over the stripes (entries or records with their headers, in 32-byte chunks).
     *
     * @return the byte capacity, fixed at creation.
     */
    public final long capacityBytes()
    {
        final StripedStore store = stripedStore();
        return store.stripes() * store.heap(0).maxBytes();
    }

    /**
     * The bytes of the heaps in use (entries or records with their headers, in whole chunks), summed over the
     * stripes by volatile reads, without locks: a snapshot that may be stale while updates run.
     *
     * @return the used bytes, at most {@link #capacityBytes()}.
     * @throws IllegalStateException if closed.
     */
    public final long usedBytes()
    {
        checkOpen();
        final StripedStore store = stripedStore();
        long chunks = 0;
        for (int s = 0; s < store.stripes(); s++)
        {
            chunks += store.heap(s).usedChunks();
        }
        return chunks << ChunkHeap.CHUNK_SHIFT;
    }

    /**
     * How often a writer's unfinished update was found and repaired (a writer killed, or one that threw, while
     * holding a lock), summed over the stripes: a volatile read per stripe.
     *
     * @return the repair count since creation.
     * @throws IllegalStateException if closed.
     */
    public final long repairs()
    {
        checkOpen();
        long n = 0;
        for (int s = 0; s < locks.count(); s++)
        {
            n += buffer.getLongVolatile(repairsOffset(s));
        }
        return n;
    }

    /**
     * How often a stripe was compacted, summed over the stripes (a volatile read per stripe). A new record (an
     * insertion or a replacement) that finds enough free chunks but no run of them long enough (the heap is
     * fragmented) first slides every record of its stripe down, under the stripe's lock, at a cost proportional to
     * the stripe's used bytes; so whether a record fits depends only on the bytes in use. A count that grows with
     * the updates says the free chunks are scattered: more bytes make insertions cheaper.
     *
     * @return the compaction count since creation.
     * @throws IllegalStateException if closed.
     */
    public final long compactions()
    {
        checkOpen();
        final StripedStore store = stripedStore();
        long n = 0;
        for (int s = 0; s < store.stripes(); s++)
        {
            n += buffer.getLongVolatile(store.compactionsOffset(s));
        }
        return n;
    }

    /**
     * Whether {@link #close()} has been called.
     *
     * @return true once closed.
     */
    public final boolean isClosed()
    {
        return segment.isClosed();
    }

    /**
     * Unmap in this process. Idempotent. The segment stays until unlinked: by {@link #unlink()}, by its creator's
     * normal exit (unless persistent), or by {@link io.shmkit.Segments#clean}.
     *
     * @throws IllegalStateException if the calling thread holds one of this handle's locks (inside a callback).
     */
    @Override
    public final void close()
    {
        if (!segment.isClosed() && locks.anyHeldByCurrentThread())
        {
            throw new IllegalStateException("'" + name() + "': close() inside a callback that holds its lock");
        }
        segment.close();
    }

    /**
     * Remove the segment's name; processes that have it open keep their mapping. Allowed whether or not this
     * handle is closed.
     *
     * @return true if the file was removed, false if it was already gone or replaced by another file.
     */
    public final boolean unlink()
    {
        return segment.unlink();
    }

    @Override
    public String toString()
    {
        return getClass().getSimpleName() + "{name=" + name() + (isClosed() ? ", closed" : "") + "}";
    }
}
