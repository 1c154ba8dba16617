/**
 * Internal: the segment file: its byte layout ({@link io.shmkit.internal.segment.SegmentDescriptor}), what it holds
 * ({@link io.shmkit.internal.segment.SegmentLayout}), its creation ({@code SegmentCreator}: temporary file,
 * allocation by writing, header, ready word, link), opening and mapping in chunks
 * ({@link io.shmkit.internal.segment.Segment}), the header reader
 * ({@link io.shmkit.internal.segment.HeaderSnapshot}), names, the registry that unlinks what this process
 * created when it exits, and the cache of handles kept open by name that notices a name re-created
 * ({@link io.shmkit.internal.segment.NamedHandles}).
 *
 * <p><b>Layer:</b> imports {@code io.shmkit.segment}, {@code internal.os} and {@code internal.mem}. Not API.
 */
package io.shmkit.internal.segment;
