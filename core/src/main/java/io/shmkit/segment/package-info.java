/**
 * The vocabulary every layer of shmkit speaks: what a segment holds ({@link io.shmkit.segment.SegmentKind},
 * {@link io.shmkit.segment.TypeCode}), how it is created and opened ({@link io.shmkit.segment.ShmOptions}), what a
 * header says ({@link io.shmkit.segment.SegmentInfo}), who created it or holds its locks
 * ({@link io.shmkit.segment.ProcessIdentity}), and the exceptions for bad segments
 * ({@link io.shmkit.segment.ShmException}, {@link io.shmkit.segment.SegmentFormatException}).
 *
 * <p><b>Layer:</b> the bottom of the library: this package imports no other shmkit package. Every type here is
 * immutable and thread-safe.
 */
package io.shmkit.segment;
