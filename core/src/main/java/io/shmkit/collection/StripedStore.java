package io.shmkit.collection;

/**
 * What {@link SharedCollection} needs of a structure's store, per stripe: the dirty word and repair counter of the
 * crash-safety rule, the count, the heap, and the repair itself.
 *
 * <p><b>Note:</b> not thread-safe by itself: used under the stripe's lock, or by volatile reads where so stated.
 */
interface StripedStore extends HeapCompactor.Records
{
    /** The number of stripes. */
    int stripes();

    /** Offset of stripe {@code s}'s dirty word. */
    int dirtyOffset(int s);

    /** Offset of stripe {@code s}'s repair counter. */
    int repairsOffset(int s);

    /** Offset of stripe {@code s}'s count of entries or records (a 4-byte word). */
    int countOffset(int s);

    /** Offset of stripe {@code s}'s compaction counter (u64). */
    int compactionsOffset(int s);

    /** Stripe {@code s}'s heap. */
    ChunkHeap heap(int s);

    /** Stripe {@code s}'s compactor, with its move journal. */
    HeapCompactor compactor(int s);

    /** Rebuild stripe {@code s}'s derived state from what it publishes. Idempotent. */
    void rebuild(int s);
}
