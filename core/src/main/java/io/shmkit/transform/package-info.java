/**
 * In-place transforms of a shared array across child processes: the classic Python example of a child negating
 * a shared array, at scale.
 *
 * <p>{@link io.shmkit.transform.Transforms} splits an array into stripe-aligned partitions and transforms them in
 * place in several children, sharing the work unit by unit, with progress through a shared counter and exact
 * reports of what did not finish ({@link io.shmkit.transform.TransformException}).
 *
 * <p>Who runs the workers is pluggable: {@link io.shmkit.transform.WorkerLauncher} (chosen with
 * {@link io.shmkit.transform.TransformOptions#withLauncher}) starts fresh child JVMs by default; a layer above
 * (a pool of warm JVMs) supplies its own and runs the worker's code with
 * {@link io.shmkit.transform.TransformWorkerHost}, keeping the array mapped between transforms.
 *
 * <p><b>Layer:</b> built on {@code io.shmkit.process} (children) and {@code io.shmkit} (arrays); plugs its
 * class-data warm-up into the process layer through {@link io.shmkit.process.ChildTask#train}.
 */
package io.shmkit.transform;
