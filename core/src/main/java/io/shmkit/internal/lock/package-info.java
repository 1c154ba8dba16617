/**
 * Internal: robust cross-process lock words: the encoding of an owner ({@link io.shmkit.internal.lock.LockWords})
 * and the acquire and release procedures of {@code docs/spec/locks.md}.
 *
 * <p><b>Layer:</b> imports {@code io.shmkit.segment} and the internal layers below it. Not API.
 */
package io.shmkit.internal.lock;
