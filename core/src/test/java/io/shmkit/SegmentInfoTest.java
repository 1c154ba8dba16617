package io.shmkit;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.attribute.BasicFileAttributes;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.shmkit.internal.segment.SegmentDescriptor;
import io.shmkit.segment.SegmentInfo;
import io.shmkit.segment.ShmOptions;
import io.shmkit.test.ShmLeakCheck;

/** What {@link Segments#inspect} and {@link Segments#list} tell beyond the typed objects: shift, flags, file. */
@ExtendWith(ShmLeakCheck.class)
class SegmentInfoTest
{
    @Test
    void shouldReportTheStripeShiftTheArrayUses()
    {
        try (SharedDoubleArray a = SharedDoubleArray.create(
            ShmLeakCheck.name("shift"), 'd', 1000, ShmOptions.defaults().withStripes(4)))
        {
            try
            {
                final SegmentInfo info = Segments.inspect(a.name(), ShmOptions.defaults());
                assertEquals(a.stripeLength(), 1L << info.stripeShift(), "elements per stripe");
                for (final long i : new long[] {0, 1, 255, 256, 511, 512, 999})
                {
                    assertEquals(a.stripeOf(i), i >> info.stripeShift(), "stripe of element " + i);
                }
            }
            finally
            {
                a.unlink();
            }
        }
    }

    @Test
    void shouldReportTheRawFlags()
    {
        try (SharedLong kept = SharedLong.create(
                ShmLeakCheck.name("kept"), 'q', 1, ShmOptions.defaults().withPersistent(true));
            SharedLong temporary = SharedLong.create(ShmLeakCheck.name("temporary"), 'q', 1))
        {
            try
            {
                final SegmentInfo k = Segments.inspect(kept.name(), ShmOptions.defaults());
                assertEquals(SegmentDescriptor.FLAG_PERSISTENT, k.flags());
                assertTrue(k.persistent());
                final SegmentInfo t = Segments.inspect(temporary.name(), ShmOptions.defaults());
                assertEquals(0, t.flags());
                assertFalse(t.persistent());
            }
            finally
            {
                kept.unlink();
                temporary.unlink();
            }
        }
    }

    @Test
    void shouldIdentifyTheFileAndTellAReplacementApart() throws IOException
    {
        final String name = ShmLeakCheck.name("replaced");
        final SegmentInfo first;
        try (SharedLongArray a = SharedLongArray.create(name, 'i', 10))
        {
            first = Segments.inspect(name, ShmOptions.defaults());
            assertNotNull(first.fileKey(), "tmpfs has device and inode numbers");
            assertEquals(keyOf(first), first.fileKey());
            assertEquals(first.fileKey(), listed(name).fileKey(), "list and inspect agree");
            a.unlink();
        }
        try (SharedLongArray b = SharedLongArray.create(name, 'i', 10))
        {
            try
            {
                final SegmentInfo second = Segments.inspect(name, ShmOptions.defaults());
                assertEquals(keyOf(second), second.fileKey());
                assertNotEquals(first.fileKey(), second.fileKey(), "a segment created again is another file");
            }
            finally
            {
                b.unlink();
            }
        }
    }

    private static Object keyOf(final SegmentInfo info) throws IOException
    {
        return Files.readAttributes(info.path(), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
    }

    private static SegmentInfo listed(final String name)
    {
        for (final SegmentInfo info : Segments.list(ShmOptions.defaults()))
        {
            if (info.name().equals(name))
            {
                return info;
            }
        }
        throw new AssertionError(name + " is not listed");
    }
}
