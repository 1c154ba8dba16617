/**
 * Python's {@code multiprocessing} synchronisation primitives across processes, each a named segment any process
 * can create or open: {@link io.shmkit.sync.SharedLock} ({@code Lock}), {@link io.shmkit.sync.SharedRLock}
 * ({@code RLock}), {@link io.shmkit.sync.SharedSemaphore} ({@code Semaphore}, {@code BoundedSemaphore}),
 * {@link io.shmkit.sync.SharedEvent} ({@code Event}), {@link io.shmkit.sync.SharedCondition} ({@code Condition}) and
 * {@link io.shmkit.sync.SharedBarrier} ({@code Barrier}). Unlike Python's, none of them hangs its users when a
 * process dies: a lock held by a dead process is taken over with notice, a dead process's semaphore permits are
 * given back, a barrier with a dead party breaks. {@code docs/sync.md} has the Python &rarr; shmkit table.
 *
 * <p><b>Waiting.</b> Every wait spins briefly, yields, then parks with back-off (locks up to 1 ms, the others up to
 * 100 µs, 1 ms once a wait has lasted 50 ms); every wait has a timed form, and every untimed wait is interruptible
 * (for locks: {@code lockInterruptibly}).
 *
 * <p><b>Layer:</b> uses {@code io.shmkit.segment} and the internal layers ({@code internal.lock} for the one robust
 * lock procedure, {@code internal.segment}); never {@code io.shmkit.queue} (its sibling) or anything above.
 */
package io.shmkit.sync;
