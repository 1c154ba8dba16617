/**
 * Internal: what shmkit needs of the platform (the {@code jdk.internal.misc} export Agrona needs, probed once).
 *
 * <p><b>Layer:</b> imports only {@code io.shmkit.segment}. Not API.
 */
package io.shmkit.internal.os;
