/**
 * The named context that owns a job's shared objects: {@link io.shmkit.manager.ShmManager}, Python's
 * {@code Manager()} without a server.
 *
 * <p><b>Layer:</b> above {@code io.shmkit.collection} and {@code io.shmkit.process}, below
 * {@code io.shmkit.transform}; uses {@code io.shmkit}, {@code io.shmkit.collection}, {@code io.shmkit.segment} and
 * the internal segment layer. Queues and synchronisers join through {@link io.shmkit.manager.ShmManager#register}
 * and {@link io.shmkit.manager.ShmManager#lookup}.
 */
package io.shmkit.manager;
