package io.shmkit.collection;

import org.agrona.DirectBuffer;

/**
 * Reads one record in place, without copying it out of shared memory: the zero-copy path of {@link SharedList}
 * and {@link SharedDict}.
 *
 * <p>The reader runs while the structure's stripe lock is held: the bytes {@code [offset, offset + length)} of
 * {@code buffer} are the record, stable for the duration of the call and not after it. It must be short, must not
 * write to the buffer, keep it, or read outside that range, and must not use the same structure (its locks are not
 * reentrant).
 *
 * <p><b>Throws:</b> whatever the reader throws reaches the caller of the structure's {@code read}; the stripe lock is
 * released first.
 *
 * @param <R> what the reader makes of the record.
 */
@FunctionalInterface
public interface RecordReader<R>
{
    /**
     * Read a record.
     *
     * @param buffer the structure's memory.
     * @param offset the record's first byte in {@code buffer}.
     * @param length the record's length in bytes.
     * @return the result handed back to the caller.
     */
    R read(DirectBuffer buffer, int offset, int length);
}
