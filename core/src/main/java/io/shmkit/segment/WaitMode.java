package io.shmkit.segment;

/**
 * How a handle waits for another process ({@link ShmOptions#withWaitMode}): the choice between a waiter's latency
 * and its idle CPU. It lives in this package, below every layer that waits, so that one type serves them all.
 *
 * <p><b>Throws:</b> nothing: constants only.
 *
 * <p><b>Note:</b> immutable and thread-safe.
 */
public enum WaitMode
{
    /**
     * Spin briefly, then yield, then park with back-off (the default): a waiter costs little CPU and wakes within
     * tens of microseconds of a signal in a short wait, within about a millisecond in a long one.
     */
    BACKOFF,
    /**
     * Spin with {@link Thread#onSpinWait()}, yielding the core every few dozen spins, so that on a machine with few
     * cores the process being waited for still runs: wakes within a few microseconds, and takes a core while
     * waiting.
     */
    SPIN
}
