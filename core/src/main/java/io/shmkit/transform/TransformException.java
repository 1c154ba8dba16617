package io.shmkit.transform;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import io.shmkit.process.ChildProcessException;
import io.shmkit.segment.ShmException;

/**
 * A {@link Transforms} call did not complete: some children did not finish (they died, the operation threw, they
 * never started, or the call was cancelled or timed out).
 *
 * <h2>The state of the array</h2>
 * The children share out the work unit by unit (a unit is a stripe, or a run of {@link Transforms#RAW_UNIT}
 * elements without locks): a child that is done with its own partition takes the units that are left of the
 * others'. So when a child stops, the others carry on with the units it had not yet taken, and once the call
 * has ended every element of the range is in one of three states:
 * <ul>
 * <li><b>in doubt</b> ({@link #inDoubt()}): a unit inside which a child stopped, either because it died there
 * (holding its lock, so the next locker of that stripe sees {@link io.shmkit.ShmLock#ownerDied()}) or because
 * the operation threw partway through it (a narrow type's overflow, a user operation's exception; the lock was
 * then released normally). Some of its elements may be transformed and others not. At most one per failed
 * child;</li>
 * <li><b>untouched</b> ({@link #untouched()}): nobody wrote these elements: the one unit a failed child had
 * claimed but not started (it was waiting for the stripe's lock, say), and the units no child was left to take
 * (every child stopped, or the call was cancelled or timed out);</li>
 * <li><b>done</b>: every other element, transformed exactly once.</li>
 * </ul>
 * A caller retrying an operation that is not idempotent (negate, add) should repair or recompute each range in
 * doubt, then run the operation again over the ranges in doubt and the untouched ones with
 * {@link Transforms#transform(io.shmkit.SharedArray, TransformOp, long, long, int, TransformOptions)}.
 *
 * <p><b>Thrown by:</b> the {@code transform} methods of {@link Transforms}, {@link TransformHandle#await()} and its
 * timed form, and the pool's transforms ({@code io.shmkit.pool.PoolTransforms}). Its constructor throws
 * NullPointerException for a null list or element.
 *
 * <p><b>Note:</b> immutable and thread-safe.
 */
public class TransformException extends ShmException
{
    private static final long serialVersionUID = 1L;

    private final transient List<Failure> failures;
    private final transient List<Partition> completed;
    private final transient List<ElementRange> inDoubt;
    private final transient List<ElementRange> untouched;

    /**
     * A failed transform.
     *
     * @param message   what went wrong, naming the failed children and the partitions that did not finish.
     * @param failures  the children that did not finish.
     * @param completed the partitions all of whose elements are done.
     * @param untouched the ranges nobody wrote.
     * @param cause     the first child failure, or null.
     * @throws NullPointerException if a list, or an element of one, is null (the lists are copied, not checked
     *                              against each other).
     */
    public TransformException(
        final String message, final List<Failure> failures, final List<Partition> completed,
        final List<ElementRange> untouched, final Throwable cause)
    {
        super(message, cause);
        this.failures = List.copyOf(failures);
        this.completed = List.copyOf(completed);
        this.untouched = List.copyOf(untouched);
        final List<ElementRange> doubts = new ArrayList<>();
        for (final Failure f : failures)
        {
            if (null != f.inDoubt())
            {
                doubts.add(f.inDoubt());
            }
        }
        doubts.sort(Comparator.comparingLong(ElementRange::from));
        this.inDoubt = List.copyOf(doubts);
    }

    /**
     * The children that did not finish, one per failed child, named by their partitions.
     *
     * @return an immutable list, in partition order.
     */
    public List<Failure> failures()
    {
        return failures;
    }

    /**
     * The partitions all of whose elements are done, whichever children did them.
     *
     * @return an immutable list, in partition order.
     */
    public List<Partition> completed()
    {
        return completed;
    }

    /**
     * The ranges that may be half-done: one unit each, inside which a child stopped (the non-null
     * {@link Failure#inDoubt()} of the {@link #failures()}).
     *
     * @return an immutable list, in element order.
     */
    public List<ElementRange> inDoubt()
    {
        return inDoubt;
    }

    /**
     * The ranges nobody wrote, merged where they meet.
     *
     * @return an immutable list, in element order.
     */
    public List<ElementRange> untouched()
    {
        return untouched;
    }

    /**
     * A child that did not finish, and why.
     *
     * @param partition  the child's partition (the others may have done some or all of it).
     * @param pid        the child's process id, or -1 if it never started.
     * @param exitCode   its exit code, or {@link ChildProcessException#NOT_ENDED}.
     * @param stderrTail the tail of its standard error.
     * @param inDoubt    the unit it stopped inside, which may be half-done (in its partition or, if it had
     *                   finished its own, in another's), or null if it stopped between units.
     * @param callerPart whether this is the caller's part (a thread of the calling process, whose pid it is; its
     *                   "standard error" is the text of the exception it ended with).
     */
    public record Failure(
        Partition partition, long pid, int exitCode, String stderrTail, ElementRange inDoubt, boolean callerPart)
    {
        /**
         * A one-line description naming the partition, the child's exit and the unit it stopped inside.
         *
         * @return the description.
         */
        public String describe()
        {
            final StringBuilder sb = new StringBuilder(callerPart ? "the caller's part, " : "the child of ")
                .append(partition).append(": ")
                .append(pid < 0 ? "never started" : "pid " + pid + " " +
                ChildProcessException.describeExitCode(exitCode));
            if (null != inDoubt)
            {
                sb.append("; it stopped inside ").append(inDoubt).append(", which may be half-done");
            }
            return sb.toString();
        }
    }
}
