/**
 * Internal: the segment file: its byte layout ({@link io.shmkit.internal.segment.SegmentDescriptor}), creation,
 * opening, mapping in chunks, the header reader ({@link io.shmkit.internal.segment.HeaderSnapshot}), names, and the
 * registry that unlinks what this process created when it exits.
 *
 * <p><b>Layer:</b> imports {@code io.shmkit.segment}, {@code internal.os} and {@code internal.mem}. Not API.
 */
package io.shmkit.internal.segment;
