/**
 * Internal: element loads and stores on raw addresses by width, and the bulk kernels (fill, sum, copy, negate,
 * transform, min/max) with one small method per width so that each is compiled from its own profile.
 *
 * <p><b>Layer:</b> imports {@code io.shmkit.segment} and {@code internal.os}. Not API.
 */
package io.shmkit.internal.mem;
