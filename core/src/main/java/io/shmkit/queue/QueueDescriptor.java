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
 *  |        Producer slot 0 .. P-1 (512 bytes each):               |  512
 *  |          line 0: owner lock word (8) | state (8) |            |
 *  |            shared lane: begun (8) | finished (8) | reserved   |
 *  |          lines 1-3: thread lane 1-3: begun (8) |              |
 *  |            finished (8) | reserved to 128                     |
 *  +---------------------------------------------------------------+
 *  |        Consumer slot 0 .. C-1 (128 bytes each: owner lock     |  512 + 512 P
 *  |          word (8) | state (8) | reserved)                     |
 *  +---------------------------------------------------------------+
 *  |        Ring buffer: Ring Capacity bytes of records, then      |  512 + 512 P + 128 C
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
 * <p>Slot state: 0 free, 1 active. A producer slot is one producer handle (for end of stream and for
 * {@code stats()}); its writes are counted in lanes. A many-to-one producer counts a write as begun before its claim
 * and as finished after its commit (or abort), in the lane of the writing thread: a write is in flight in a lane
 * while its Begun and Finished differ. The first {@value #THREAD_LANES} threads that write through a handle each own
 * a thread lane, which only that thread writes (plain stores with release semantics: the claim's compare-and-set of
 * the ring's tail orders the begun count before the claim, the commit's release orders the record before the
 * finished count); further threads share the shared lane, counted by atomic adds. One-to-one producers count
 * nothing (their one claim in flight is the first uncommitted record from the head).
 *
 * <p><b>Throws:</b> IllegalArgumentException from {@link #checkCapacity} (not a power of two from
 * {@link #MIN_CAPACITY} to {@link #MAX_CAPACITY}) and {@link #checkSlots} (not from 1 to {@link #MAX_SLOTS}); nothing
 * otherwise.
 *
 * <p><b>Note:</b> constants and pure functions only; thread-safe.
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

    /** Length of a consumer slot, and of a producer slot's first line. */
    public static final int SLOT_LENGTH = LINE;
    /** Offset of the owner's lock word within a slot. */
    public static final int SLOT_OWNER_OFFSET = 0;
    /** Offset of the state within a slot. */
    public static final int SLOT_STATE_OFFSET = SLOT_OWNER_OFFSET + Long.BYTES;
    /** Offset of the shared lane's count of begun writes within a producer slot (atomic adds, any thread). */
    public static final int SLOT_BEGUN_OFFSET = SLOT_STATE_OFFSET + Long.BYTES;
    /** Offset of the shared lane's count of finished writes within a producer slot (atomic adds, any thread). */
    public static final int SLOT_FINISHED_OFFSET = SLOT_BEGUN_OFFSET + Long.BYTES;
    /** Thread lanes of a producer slot: lanes 1 to this, one line each after the slot's first line. */
    public static final int THREAD_LANES = 3;
    /** Offset of a thread lane's count of begun writes within its line (one writing thread). */
    public static final int LANE_BEGUN_OFFSET = 0;
    /** Offset of a thread lane's count of finished writes within its line (one writing thread). */
    public static final int LANE_FINISHED_OFFSET = LANE_BEGUN_OFFSET + Long.BYTES;
    /** Length of a producer slot: its first line, then one line per thread lane. */
    public static final int PRODUCER_SLOT_LENGTH = SLOT_LENGTH + THREAD_LANES * LINE;
    /** Slot state: free. */
    public static final long SLOT_FREE = 0;
    /** Slot state: held by a live (or not yet found dead) participant. */
    public static final long SLOT_ACTIVE = 1;

    /** Smallest ring capacity. */
    public static final int MIN_CAPACITY = 1024;
    /**
     * Largest ring capacity: the whole queue region (control block, slots, ring and its trailer) must lie in the
     * segment's first mapped chunk ({@code Segment.CHUNK_LENGTH}, 1 GiB), as the ring is addressed from one base.
     */
    public static final int MAX_CAPACITY = 1 << 29;
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
        return PRODUCER_TABLE_OFFSET + producerSlots * PRODUCER_SLOT_LENGTH;
    }

    /**
     * Offset of a lane's count of begun writes within a producer slot; its count of finished writes follows it.
     *
     * @param lane 0 (the shared lane) to {@link #THREAD_LANES}.
     * @return the offset from the slot's start.
     */
    public static int laneBegunOffset(final int lane)
    {
        return lane == 0 ? SLOT_BEGUN_OFFSET : lane * LINE + LANE_BEGUN_OFFSET;
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
