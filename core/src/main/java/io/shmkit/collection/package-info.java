/**
 * Shared collections: Python's {@code Manager().list()} and {@code Manager().dict()} living in shared memory, with
 * no server. {@link io.shmkit.collection.SharedList} holds byte records, {@link io.shmkit.collection.SharedDict}
 * maps byte keys to byte values with lock striping; both are bounded, reuse freed space, and stay readable and
 * consistent when a writer is killed mid-update (the next lock holder repairs: see
 * {@link io.shmkit.collection.SharedCollection}). Typed views go through one seam,
 * {@link io.shmkit.collection.RecordCodec}.
 *
 * <p><b>Layer:</b> uses {@code io.shmkit} (the robust {@link io.shmkit.ShmLock}), {@code io.shmkit.segment} and the
 * internal segment layer; may later use the codec, queue and sync packages below it. Nothing beside or above.
 */
package io.shmkit.collection;
