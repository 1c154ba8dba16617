/**
 * shmkit: Python's {@code multiprocessing} shared state for the JVM, off-heap in named {@code /dev/shm}
 * segments, over Agrona.
 *
 * <h2>The model</h2>
 * <table>
 *   <caption>Python and shmkit</caption>
 *   <tr><th>Python</th><th>shmkit</th></tr>
 *   <tr><td>{@code Value('i', 0)}, {@code v.value}, {@code v.get_lock()}</td>
 *       <td>{@link io.shmkit.SharedLong#create(String, char, long)}, {@code get()/set()},
 *       {@link io.shmkit.SharedValue#getLock()}</td></tr>
 *   <tr><td>{@code Array('d', n)}, {@code a[i]}, {@code a[:]}, {@code get_lock()}</td>
 *       <td>{@link io.shmkit.SharedDoubleArray}, {@code get(i)}, {@code toArray()},
 *       {@link io.shmkit.SharedArray#getLock()}</td></tr>
 *   <tr><td>{@code RawValue}, {@code RawArray}</td>
 *       <td>the same, created with {@link io.shmkit.segment.ShmOptions#withLock(boolean) withLock(false)}</td></tr>
 *   <tr><td>{@code SharedMemory(name)}, {@code close()}, {@code unlink()}</td>
 *       <td>{@code open(name)}, {@code close()}, {@code unlink()}; {@link io.shmkit.Segments}</td></tr>
 * </table>
 *
 * <h2 id="access-modes">Access modes</h2>
 * Methods name their memory effects with the vocabulary of {@code java.lang.invoke.VarHandle}:
 * <ul>
 *   <li><b>plain</b> ({@code getPlain}/{@code setPlain}): no ordering; the JIT may reorder, merge or hoist;</li>
 *   <li><b>opaque</b> ({@code getOpaque}/{@code setOpaque}): not torn, coherent per address, eventually
 *       visible, no ordering with other addresses;</li>
 *   <li><b>acquire/release</b> ({@code getAcquire}/{@code setRelease}): a release store publishes every
 *       earlier write to a reader whose acquire load sees it;</li>
 *   <li><b>volatile</b> ({@code get}/{@code set} and every atomic read-modify-write): sequentially
 *       consistent.</li>
 * </ul>
 * These guarantees are the JVM's; shmkit relies on the JVM emitting the same x86-64 instructions for them at
 * any address, which makes them hold between processes that map the same file. Lock acquire is a volatile
 * compare-and-set and release a release store, so data written under a lock is visible to the next holder
 * in any process.
 *
 * <p>Every JVM that uses shmkit needs {@code --add-exports java.base/jdk.internal.misc=ALL-UNNAMED} (Agrona
 * reaches {@code jdk.internal.misc.Unsafe}); without it the first segment operation throws an
 * {@link java.lang.IllegalStateException} naming the flag.
 */
package io.shmkit;
