package io.shmkit.process;

import java.util.List;

import io.shmkit.ShmException;

/**
 * A {@link Transforms} call did not complete: some partitions did not finish. The other partitions ran to
 * completion (or, after a timeout or cancellation, were stopped too and are listed as failed).
 *
 * <h2>The state of a failed partition</h2>
 * For a partition {@code [from, to)} that did not finish, {@link Failure#doneTo()} splits it: elements
 * {@code [from, doneTo)} are done, stripe by stripe, each under its lock. If {@link Failure#stripeInDoubt()} is
 * true, the stripe that starts at {@code doneTo} ({@link Failure#doubtTo()} is its end) may be half-done: the
 * child stopped inside it, either because it died there (holding its lock, so the next locker of that stripe
 * sees {@link io.shmkit.ShmLock#ownerDied()}) or because the operation threw partway through it (a narrow
 * type's overflow, a user operation's exception; the lock was then released normally). The rest of the
 * partition is untouched. A caller retrying an operation that is not idempotent (negate, add)
 * should repair or recompute the stripe in doubt, then run the operation again over
 * {@code [doubtTo, to)} (or {@code [doneTo, to)} when nothing is in doubt) with
 * {@link Transforms#transform(io.shmkit.SharedArray, TransformOp, long, long, int, TransformOptions)}.
 *
 * <p><b>Note:</b> immutable and thread-safe.
 */
public class TransformException extends ShmException
{
    private static final long serialVersionUID = 1L;

    private final transient List<Failure> failures;
    private final transient List<Partition> completed;

    /**
     * A failed transform.
     *
     * @param message   what went wrong, naming the failed partitions.
     * @param failures  the partitions that did not finish.
     * @param completed the partitions that did.
     * @param cause     the first child failure, or null.
     */
    public TransformException(
        final String message, final List<Failure> failures, final List<Partition> completed, final Throwable cause)
    {
        super(message, cause);
        this.failures = List.copyOf(failures);
        this.completed = List.copyOf(completed);
    }

    /**
     * The partitions that did not finish.
     *
     * @return an immutable list, in partition order.
     */
    public List<Failure> failures()
    {
        return failures;
    }

    /**
     * The partitions that finished.
     *
     * @return an immutable list, in partition order.
     */
    public List<Partition> completed()
    {
        return completed;
    }

    /**
     * A partition that did not finish, and why.
     *
     * @param partition     the partition.
     * @param doneTo        elements {@code [partition.from(), doneTo)} are done.
     * @param stripeInDoubt whether the stripe (or, without locks, the run) starting at {@code doneTo} may be
     *                      half-done.
     * @param doubtTo       end of that stripe or run ({@code doneTo} when nothing is in doubt).
     * @param pid           the child's process id, or -1 if it never started.
     * @param exitCode      its exit code, or {@link ChildProcessException#NOT_ENDED}.
     * @param stderrTail    the tail of its standard error.
     */
    public record Failure(
        Partition partition, long doneTo, boolean stripeInDoubt, long doubtTo, long pid, int exitCode,
        String stderrTail)
    {
        /**
         * A one-line description naming the partition, the done range and the child's exit.
         *
         * @return the description.
         */
        public String describe()
        {
            final StringBuilder sb = new StringBuilder()
                .append(partition).append(" did not finish: child pid ").append(pid).append(' ')
                .append(ChildProcessException.describeExitCode(exitCode)).append("; [")
                .append(partition.from()).append(", ").append(doneTo).append(") done");
            if (stripeInDoubt)
            {
                sb.append(", [").append(doneTo).append(", ").append(doubtTo)
                    .append(") may be half-done (the child stopped inside it)");
            }
            if (doubtTo < partition.to())
            {
                sb.append(", [").append(doubtTo).append(", ").append(partition.to()).append(") untouched");
            }
            return sb.toString();
        }
    }
}
