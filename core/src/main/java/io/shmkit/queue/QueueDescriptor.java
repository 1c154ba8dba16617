package io.shmkit.queue;

import org.agrona.BitUtil;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

/**
 * Byte layout of a queue's region: the data of a segment of kind {@code QUEUE} (typecode {@code 'B'}, element
 * count = the region's length, one lock slot: the consumer lock). Offsets are from the start of the region, which
 * is 128-byte aligned; fields are little-endian. {@code docs/layout.md} ("Queue") is the same in prose.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |        Ring Kind (1 one-to-one, 2 many-to-one)                |    0
 *  +---------------------------------------------------------------+
 *  |        Ring Capacity (bytes, power of two)                    |    4
 *  +---------------------------------------------------------------+
 *  |        Producer Slots (P)                                     |    8
 *  +---------------------------------------------------------------+
 *  |        Consumer Slots (C)                                     |   12
 *  +---------------------------------------------------------------+
 *  |        Expected Producers (end of stream after that many)     |   16
 *  +---------------------------------------------------------------+
 *  |        Reserved to 128                                        |   20
 *  +---------------------------------------------------------------+
 *  |        Ended Producers (closed or found dead; 8 bytes)        |  128
 *  +---------------------------------------------------------------+
 *  |        Unfinished Tasks (JoinableQueue; 8 bytes)              |  256
 *  +---------------------------------------------------------------+
 *  |        Journal Head (8) | Journal End (8)                     |  384
 *  +---------------------------------------------------------------+
 *  |        Producer slot 0 .. P-1 (128 bytes each):               |  512
 *  |          owner lock word (8) | state (8) | begun writes (8) | |
 *  |          reserved (8) | finished writes (8) | reserved           |
 *  +---------------------------------------------------------------+
 *  |        Consumer slot 0 .. C-1 (128 bytes each, same fields)   |  512 + 128 P
 *  +---------------------------------------------------------------+
 *  |        Ring buffer: Ring Capacity bytes of records, then      |  512 + 128 (P + C)
 *  |        Agrona's RingBufferDescriptor trailer (768 bytes)      |
 *  +---------------------------------------------------------------+
 * </pre>
 * The ring buffer is Agrona's: records of an 8-byte header (length, type) and the message, 8-byte aligned; the
 * trailer holds the tail, head cache and head positions, each on its own 128 bytes.
 *
 * <p>Journal: a consumer holding the consumer lock writes Journal End, then Journal Head (release) = the head
 * position it is reading at, before a message is handed over. A consumer that takes the lock over from a dead
 * one completes that read if Journal Head still equals the ring's head: the message is given up, never delivered
 * twice ({@code docs/design.md}, "Queues").
 *
 * <p>Slot state: 0 free, 1 active. A many-to-one producer counts a write as begun before its claim and as finished
 * after its commit: a write is in flight while Begun Writes differs from Finished Writes. One-to-one producers count
 * nothing (their one claim in flight is the first uncommitted record from the head); the field after Begun Writes
 * is reserved (0).
 */
public final class QueueDescriptor
{
    // DELIBERATE REPEATS: offsets derive cumulatively, the one shape of every descriptor (see SegmentDescriptor).
    /** Ring kind: one producer ({@code OneToOneRingBuffer}). */
    public static final int RING_ONE_TO_ONE = 1;
    /** Ring kind: many producers ({@code ManyToOneRingBuffer}). */
    public static final int RING_MANY_TO_ONE = 2;

    /** Offset of the ring kind. */
    public static final int RING_KIND_OFFSET = 0;
    /** Offset of the ring capacity. */
    public static final int RING_CAPACITY_OFFSET = RING_KIND_OFFSET + Integer.BYTES;
    /** Offset of the producer slot count. */
    public static final int PRODUCER_SLOTS_OFFSET = RING_CAPACITY_OFFSET + Integer.BYTES;
    /** Offset of the consumer slot count. */
    public static final int CONSUMER_SLOTS_OFFSET = PRODUCER_SLOTS_OFFSET + Integer.BYTES;
    /** Offset of the number of producers after whose end the stream ends. */
    public static final int EXPECTED_PRODUCERS_OFFSET = CONSUMER_SLOTS_OFFSET + Integer.BYTES;
    /** Distance between fields written by different processes. */
    public static final int LINE = 128;
    /** Offset of the count of producers that closed or were found dead. */
    public static final int ENDED_PRODUCERS_OFFSET = LINE;
    /** Offset of the unfinished-task count. */
    public static final int UNFINISHED_TASKS_OFFSET = ENDED_PRODUCERS_OFFSET + LINE;
    /** Offset of the journal's head position. */
    public static final int JOURNAL_HEAD_OFFSET = UNFINISHED_TASKS_OFFSET + LINE;
    /** Offset of the journal's end position. */
    public static final int JOURNAL_END_OFFSET = JOURNAL_HEAD_OFFSET + Long.BYTES;
    /** Offset of producer slot 0. */
    public static final int PRODUCER_TABLE_OFFSET = JOURNAL_HEAD_OFFSET + LINE;

    /** Length of a producer or consumer slot. */
    public static final int SLOT_LENGTH = LINE;
    /** Offset of the owner's lock word within a slot. */
    public static final int SLOT_OWNER_OFFSET = 0;
    /** Offset of the state within a slot. */
    public static final int SLOT_STATE_OFFSET = SLOT_OWNER_OFFSET + Long.BYTES;
    /** Offset of the count of begun writes within a slot. */
    public static final int SLOT_BEGUN_OFFSET = SLOT_STATE_OFFSET + Long.BYTES;
    /** Offset of a reserved word within a slot (0; it held a one-to-one claim's start in earlier builds). */
    public static final int SLOT_CLAIM_START_OFFSET = SLOT_BEGUN_OFFSET + Long.BYTES;
    /** Offset of the count of finished writes within a slot. */
    public static final int SLOT_FINISHED_OFFSET = SLOT_CLAIM_START_OFFSET + Long.BYTES;
    /** Slot state: free. */
    public static final long SLOT_FREE = 0;
    /** Slot state: held by a live (or not yet found dead) participant. */
    public static final long SLOT_ACTIVE = 1;

    /** Smallest ring capacity. */
    public static final int MIN_CAPACITY = 1024;
    /** Largest ring capacity (Agrona buffers are int-indexed). */
    public static final int MAX_CAPACITY = 1 << 30;
    /** Largest number of producer or consumer slots. */
    public static final int MAX_SLOTS = 4096;

    private QueueDescriptor()
    {
    }

    /**
     * Offset of the consumer table.
     *
     * @param producerSlots P.
     * @return the offset of consumer slot 0.
     */
    public static int consumerTableOffset(final int producerSlots)
    {
        return PRODUCER_TABLE_OFFSET + producerSlots * SLOT_LENGTH;
    }

    /**
     * Offset of the ring buffer.
     *
     * @param producerSlots P.
     * @param consumerSlots C.
     * @return the offset of the ring's first record.
     */
    public static int ringOffset(final int producerSlots, final int consumerSlots)
    {
        return consumerTableOffset(producerSlots) + consumerSlots * SLOT_LENGTH;
    }

    /**
     * Length of the whole region.
     *
     * @param capacity      ring capacity.
     * @param producerSlots P.
     * @param consumerSlots C.
     * @return bytes.
     */
    public static long regionLength(final int capacity, final int producerSlots, final int consumerSlots)
    {
        return (long)ringOffset(producerSlots, consumerSlots) + capacity + RingBufferDescriptor.TRAILER_LENGTH;
    }

    /**
     * Check a ring capacity.
     *
     * @param capacity bytes of records.
     * @return the capacity.
     * @throws IllegalArgumentException if it is not a power of two in [{@link #MIN_CAPACITY}, {@link #MAX_CAPACITY}].
     */
    public static int checkCapacity(final int capacity)
    {
        if (capacity < MIN_CAPACITY || capacity > MAX_CAPACITY || !BitUtil.isPowerOfTwo(capacity))
        {
            throw new IllegalArgumentException("capacity=" + capacity + " must be a power of two in [" +
                MIN_CAPACITY + ", " + MAX_CAPACITY + "]");
        }
        return capacity;
    }

    /**
     * Check a slot count.
     *
     * @param what  "producers" or "consumers".
     * @param slots the count.
     * @return the count.
     * @throws IllegalArgumentException if it is not in [1, {@link #MAX_SLOTS}].
     */
    public static int checkSlots(final String what, final int slots)
    {
        if (slots < 1 || slots > MAX_SLOTS)
        {
            throw new IllegalArgumentException(what + "=" + slots + " must be in [1, " + MAX_SLOTS + "]");
        }
        return slots;
    }
}
