/**
 * Internal packages: public only so that shmkit's own layers can share them. They are not API, may change in
 * any release, and are left out of the published Javadoc (the convention of JCTools' {@code @InternalAPI} and
 * Netty's {@code internal} packages).
 *
 * <p><b>Layers, bottom up</b> (each may import only those before it, and {@code io.shmkit.segment}):
 * {@code internal.os} (platform probe), {@code internal.mem} (raw memory access and the bulk kernels),
 * {@code internal.segment} (the segment file: layout, create, open, map, header), {@code internal.lock} (robust
 * lock words). See {@code docs/design.md}, "Layers".
 */
package io.shmkit.internal;
