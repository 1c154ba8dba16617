/**
 * Internal: raw memory at absolute addresses. {@link io.shmkit.internal.mem.Mem} loads, stores and compare-and-sets
 * one element by width and access mode (the element accessors of the shared objects); the kernels run the bulk
 * operations over a run of elements: {@link io.shmkit.internal.mem.IntegerKernels} (fill, negate, sum),
 * {@link io.shmkit.internal.mem.IntegerCopyKernels} (to and from {@code long[]}),
 * {@link io.shmkit.internal.mem.IntegerTransformKernels}, {@link io.shmkit.internal.mem.IntegerMinMaxKernels} and
 * {@link io.shmkit.internal.mem.DoubleKernels} ({@code 'f'} and {@code 'd'}).
 *
 * <p>Nothing here checks an address: the caller checks a range once and guarantees that the memory is mapped and the
 * run lies in one mapping; accesses in the kernels are plain and ordered by the caller's locks. Each kernel
 * dispatches on the width once per run to one small static method per width and signedness, so that each loop is
 * compiled from its own profile (docs/benchmarks.md, "Bulk methods of integer arrays"); the transform children
 * compile this whole package in the foreground ({@code io.shmkit.transform.TransformHandle}).
 *
 * <p><b>Layer:</b> imports {@code io.shmkit.segment} and {@code internal.os}. Not API.
 */
package io.shmkit.internal.mem;
