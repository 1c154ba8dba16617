package io.shmkit;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.shmkit.internal.segment.SegmentDescriptor;
import io.shmkit.test.ShmLeakCheck;

/**
 * Arrays larger than 2 GiB: Java maps at most 2 GiB at a time and Agrona buffers are int-indexed, so shmkit
 * maps 1 GiB chunks. Element access, bulk operations and locks must work across chunk boundaries.
 */
@ExtendWith(ShmLeakCheck.class)
class LargeArrayTest
{
    private static final long THREE_GIB = 3L << 30;

    @Test
    void shouldWorkAcrossChunkBoundariesOfA3GibByteArray()
    {
        final String name = ShmLeakCheck.name("3gib");
        try (SharedLongArray a = SharedLongArray.create(name, 'b', THREE_GIB))
        {
            assertEquals(THREE_GIB, a.length());
            final long dataOffset = SegmentDescriptor.dataOffset(a.stripeCount());
            final long[] boundaries = {
                (1L << 30) - dataOffset, (2L << 30) - dataOffset, (3L << 30) - dataOffset, THREE_GIB - 1};
            for (final long b : boundaries)
            {
                for (long i = Math.max(0, b - 3); i < Math.min(THREE_GIB, b + 3); i++)
                {
                    a.set(i, (byte)(i * 31));
                }
            }
            try (SharedLongArray other = SharedLongArray.open(name))
            {
                for (final long b : boundaries)
                {
                    for (long i = Math.max(0, b - 3); i < Math.min(THREE_GIB, b + 3); i++)
                    {
                        assertEquals((byte)(i * 31), other.get(i), "element " + i + " seen through a second mapping");
                    }
                }
                assertEquals(100, other.addAndGet(THREE_GIB - 1, 100 - (byte)((THREE_GIB - 1) * 31)));
            }

            final long from = boundaries[1] - 5000;
            final long to = boundaries[1] + 5000;
            a.fill(from, to, 3);
            assertEquals(3 * 10_000, a.sum(from, to));
            a.negate(from, to);
            assertEquals(-3 * 10_000, a.sum(from, to));
            a.transform(from, to, x -> x + 10);
            assertEquals(7 * 10_000, a.sum(from, to));

            final long[] copy = new long[10_000];
            a.copyTo(from, copy, 0, copy.length);
            for (final long v : copy)
            {
                assertEquals(7, v);
            }
            final long[] src = new long[10_000];
            for (int k = 0; k < src.length; k++)
            {
                src[k] = k % 100;
            }
            a.copyFrom(src, 0, boundaries[2] - 5000, src.length);
            assertEquals(a.get(boundaries[2] - 5000 + 4321), 21);
            assertEquals(a.get(boundaries[2]), 5000 % 100);
            assertThrows(IndexOutOfBoundsException.class, () -> a.get(THREE_GIB));
            assertThrows(IllegalStateException.class, a::toArray, "too long for a Java array");
            final int lastStripe = a.stripeOf(THREE_GIB - 1);
            assertEquals((THREE_GIB - 1) / a.stripeLength(), lastStripe);
            assertTrue(lastStripe < a.stripeCount());
            a.unlink();
        }
    }
}
