/**
 * Child processes: Python's {@code multiprocessing.Process} for the JVM.
 *
 * <p>{@link io.shmkit.process.ShmProcess#builder()} configures ({@link io.shmkit.process.ShmProcessBuilder}) and
 * starts a child JVM ({@link io.shmkit.process.ShmProcess}) that opens shared objects by name and runs a
 * {@link io.shmkit.process.ChildTask} or a {@code main} class; daemon children end when their parent dies; failures
 * carry the exit code and the tail of the child's standard error ({@link io.shmkit.process.ChildProcessException}).
 *
 * <p><b>Layer:</b> uses {@code io.shmkit} (shared objects), {@code io.shmkit.segment} and the internal packages; knows
 * nothing of the layers built on it (transforms, pools), which plug into it through {@link io.shmkit.process.ChildTask}
 * (including its {@link io.shmkit.process.ChildTask#train training hook}).
 *
 * <h2>System properties</h2>
 * <table>
 *   <caption>System properties of this package</caption>
 *   <tr><th>property</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@value io.shmkit.process.ShmProcess#ARCHIVE_PROP_NAME}</td><td>{@code auto}</td>
 *       <td>{@code off} starts children without a class-data archive</td></tr>
 *   <tr><td>{@value io.shmkit.process.ShmProcess#ARCHIVE_DIR_PROP_NAME}</td>
 *       <td>{@code ~/.cache/shmkit/child-archives}</td><td>directory of the children's archives</td></tr>
 *   <tr><td>{@value io.shmkit.process.ShmProcess#WATCHDOG_MILLIS_PROP_NAME}</td>
 *       <td>{@value io.shmkit.process.ShmProcess#DEFAULT_WATCHDOG_MILLIS}</td>
 *       <td>how often a daemon child checks its parent, in ms</td></tr>
 * </table>
 */
package io.shmkit.process;
