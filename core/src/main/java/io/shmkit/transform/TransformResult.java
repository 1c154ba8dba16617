package io.shmkit.transform;

import java.util.List;

/**
 * What a completed {@link Transforms} call did and how long it took.
 *
 * <p><b>Throws:</b> NullPointerException (a null list or element given to the constructor); nothing else.
 *
 * <p><b>Note:</b> immutable and thread-safe.
 *
 * @param elements     elements transformed.
 * @param partitions   the partitions, one per child (each child starts with its own, then takes the units left of
 *                     the others').
 * @param wholeNanos   the whole call as the caller saw it: creating the control segments, starting the
 *                     children, the transform, and the children's exit.
 * @param startupNanos from starting the first child to the start flag, as the caller saw it: every child ready
 *                     (its JVM started, the segments opened and, if enabled, its partition's pages mapped and,
 *                     for a built-in operation, its code compiled).
 * @param phaseNanos   the transform phase, measured by the children on the wall clock: from the shared start flag
 *                     to the last child finding no unit left to do. Includes the time the children take to notice
 *                     the flag (they spin for it: microseconds).
 * @param spanNanos    the children's working span on the wall clock: from the first child starting its work
 *                     to the last child ending it; {@code phaseNanos} without the first child's wake-up. The
 *                     figure that compares with a span measured the same way elsewhere (numpy's processes, say).
 */
public record TransformResult(
    long elements, List<Partition> partitions, long wholeNanos, long startupNanos, long phaseNanos, long spanNanos)
{
    /**
     * An immutable copy of the partitions.
     *
     * @param elements     elements transformed.
     * @param partitions   the partitions.
     * @param wholeNanos   the whole call.
     * @param startupNanos the children's start-up.
     * @param phaseNanos   the transform phase.
     * @param spanNanos    the children's working span.
     */
    public TransformResult
    {
        partitions = List.copyOf(partitions);
    }

    /**
     * The number of children used.
     *
     * @return the number of partitions.
     */
    public int workers()
    {
        return partitions.size();
    }
}
