package io.shmkit.pool;

/**
 * Byte layout of the messages a {@link Pool} and its workers exchange over its queues (each message is one record
 * of a {@code QUEUE} segment's ring, {@link io.shmkit.queue.QueueDescriptor}). Requests go from the parent to one
 * worker on that worker's own request queue (one producer, one consumer); responses go from every worker to the
 * parent on the pool's one result queue (many producers, one consumer). Both share one 24-byte header; fields are
 * little-endian (the ring's byte order). {@code docs/layout.md} ("Pool messages") is the same in prose.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |        Type (request: TASKS, DEFINE, STOP;                    |    0
 *  |              response: RESULTS, FAILED, READY)                |
 *  +---------------------------------------------------------------+
 *  |        Request: Class Id | Response: Worker Id                |    4
 *  +---------------------------------------------------------------+
 *  |        Task Id (8 bytes; READY: the worker's pid)             |    8
 *  +---------------------------------------------------------------+
 *  |        Count (elements in this message)                       |   16
 *  +---------------------------------------------------------------+
 *  |        First (index in the task of the first element)         |   20
 *  +---------------------------------------------------------------+
 *  |        Payload                                                |   24
 *  +---------------------------------------------------------------+
 * </pre>
 * Payloads: TASKS and RESULTS hold Count elements, each an int length ({@link #NULL_LENGTH} for {@code null}) and
 * that many bytes of the task's argument or result codec; DEFINE holds the task class's binary name in UTF-8 for
 * Class Id; FAILED holds three strings (int length, UTF-8): the exception's class name, its message (or
 * {@link #NULL_LENGTH}) and its stack trace as text, and its Count is {@link #FAILED_FATAL} when the worker exits
 * after it; READY and STOP have none. A task of many elements (a chunk of
 * {@code map}) may travel in several TASKS messages with the same Task Id and consecutive First, and its results in
 * several RESULTS messages; a FAILED message fails the whole task.
 *
 * <p><b>Throws:</b> nothing: constants only.
 *
 * <p><b>Note:</b> constants and pure functions only; thread-safe.
 */
public final class PoolMessageDescriptor
{
    // DELIBERATE REPEATS: offsets derive cumulatively, the one shape of every descriptor (see SegmentDescriptor).
    /** Request: elements of a task, for the worker to apply the task of Class Id to. */
    public static final int TYPE_TASKS = 1;
    /** Request: binds Class Id to a task class name, sent before the first task of that class to a worker. */
    public static final int TYPE_DEFINE = 2;
    /** Request: finish the queued work, then exit with code 0. */
    public static final int TYPE_STOP = 3;
    /** Response: results of elements First .. First + Count - 1 of a task. */
    public static final int TYPE_RESULTS = 11;
    /** Response: the task threw; the payload describes the exception; Count is {@link #FAILED_FATAL} or 0. */
    public static final int TYPE_FAILED = 12;
    /** Count of a FAILED response after which the worker exits (the task threw a {@code VirtualMachineError}). */
    public static final int FAILED_FATAL = 1;
    /** Response: the worker is started, warmed up and initialised; Task Id holds its pid. */
    public static final int TYPE_READY = 13;

    /** Offset of the message type. */
    public static final int TYPE_OFFSET = 0;
    /** Offset of the class id (requests) or worker id (responses). */
    public static final int ID_OFFSET = TYPE_OFFSET + Integer.BYTES;
    /** Offset of the task id. */
    public static final int TASK_ID_OFFSET = ID_OFFSET + Integer.BYTES;
    /** Offset of the element count. */
    public static final int COUNT_OFFSET = TASK_ID_OFFSET + Long.BYTES;
    /** Offset of the first element's index within its task. */
    public static final int FIRST_OFFSET = COUNT_OFFSET + Integer.BYTES;
    /** Length of the header; the payload starts here. */
    public static final int HEADER_LENGTH = FIRST_OFFSET + Integer.BYTES;
    /** Bytes before each element of a payload: its length. */
    public static final int ELEMENT_HEADER_LENGTH = Integer.BYTES;
    /** Element length that stands for {@code null}. */
    public static final int NULL_LENGTH = -1;

    private PoolMessageDescriptor()
    {
    }
}
