package io.shmkit;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.shmkit.internal.segment.SegmentDescriptor;
import io.shmkit.segment.SegmentFormatException;
import io.shmkit.segment.SegmentInfo;
import io.shmkit.segment.SegmentKind;
import io.shmkit.segment.ShmOptions;
import io.shmkit.test.ShmLeakCheck;

@ExtendWith(ShmLeakCheck.class)
class SegmentLifecycleTest
{
    private static final ShmOptions PERSISTENT = ShmOptions.defaults().withPersistent(true);
    private final Path root = ShmOptions.defaults().root();

    @Test
    void shouldCreateFileWithMode0600AndExactLength() throws IOException
    {
        try (SharedDoubleArray a = SharedDoubleArray.create(ShmLeakCheck.name("mode"), 'd', 1000))
        {
            final Path p = root.resolve(a.name());
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(p)));
            final long expected = SegmentDescriptor.dataOffset(a.stripeCount()) + 8000;
            assertEquals(expected, Files.size(p));
            assertTrue(a.unlink());
        }
    }

    @Test
    void shouldRefuseToCreateAnExistingName()
    {
        final String name = ShmLeakCheck.name("exists");
        try (SharedLongArray a = SharedLongArray.create(name, 'i', 10))
        {
            final UncheckedIOException ex =
                assertThrows(UncheckedIOException.class, () -> SharedLongArray.create(name, 'i', 10));
            assertInstanceOf(FileAlreadyExistsException.class, ex.getCause());
            assertTrue(ex.getMessage().contains("already exists"), ex.getMessage());
            a.set(3, 7);
            assertEquals(7, a.get(3), "the existing segment must be untouched");
            a.unlink();
        }
    }

    @Test
    void shouldRejectBadNamesSayingWhichRule()
    {
        assertNameRejected("", "must not be empty");
        assertNameRejected("/", "must not be empty");
        assertNameRejected("a/b", "must not contain '/'");
        assertNameRejected("..", "names a directory");
        assertNameRejected(".hidden", "must not start with '.'");
        assertNameRejected("x".repeat(201), "at most 200");
        assertNameRejected("sp ace", "U+0020");
        assertNameRejected("evil\u0000", "U+0000");
        assertThrows(IllegalArgumentException.class, () -> SharedLongArray.open(null));
    }

    private static void assertNameRejected(final String name, final String why)
    {
        final IllegalArgumentException ex =
            assertThrows(IllegalArgumentException.class, () -> SharedLongArray.create(name, 'i', 1));
        assertTrue(ex.getMessage().contains(why), ex.getMessage());
    }

    @Test
    void shouldAcceptPosixLeadingSlash()
    {
        final String name = ShmLeakCheck.name("slash");
        try (SharedLong v = SharedLong.create("/" + name, 'q', 5))
        {
            assertEquals(name, v.name());
            try (SharedLong w = SharedLong.open("/" + name))
            {
                assertEquals(5, w.get());
            }
            v.unlink();
        }
    }

    @Test
    void shouldFailClearlyWhenRootIsMissing()
    {
        final ShmOptions o = ShmOptions.defaults().withRoot(Path.of("/nonexistent-shmkit-root"));
        final UncheckedIOException ex =
            assertThrows(UncheckedIOException.class, () -> SharedLongArray.create("x", 'i', 1, o));
        assertTrue(ex.getMessage().contains("root directory does not exist"), ex.getMessage());
    }

    @Test
    void shouldReportSizeWantedAndFreeWhenThereIsNoRoom() throws IOException
    {
        final long free = Files.getFileStore(root).getUsableSpace();
        final long length = free / 8 + (1L << 27);
        final String name = ShmLeakCheck.name("huge");
        final UncheckedIOException ex =
            assertThrows(UncheckedIOException.class, () -> SharedDoubleArray.create(name, 'd', length));
        assertTrue(ex.getMessage().contains("wanted " + (length * 8 + SegmentDescriptor.dataOffset(1024))), ex.getMessage());
        assertTrue(ex.getMessage().contains("bytes free"), ex.getMessage());
        assertFalse(Files.exists(root.resolve(name)));
    }

    @Test
    void shouldFailOpeningAMissingSegment()
    {
        final UncheckedIOException ex =
            assertThrows(UncheckedIOException.class, () -> SharedArray.open(ShmLeakCheck.name("missing")));
        assertInstanceOf(NoSuchFileException.class, ex.getCause());
        assertTrue(ex.getMessage().contains("no segment named"), ex.getMessage());
    }

    @Test
    void shouldRejectTooShortFile() throws IOException
    {
        final Path p = root.resolve(ShmLeakCheck.name("short"));
        Files.write(p, new byte[10]);
        try
        {
            final SegmentFormatException ex =
                assertThrows(SegmentFormatException.class, () -> SharedArray.open(p.getFileName().toString()));
            assertTrue(ex.getMessage().contains("too short"), ex.getMessage());
        }
        finally
        {
            Files.deleteIfExists(p);
        }
    }

    @Test
    void shouldRejectForeignFile() throws IOException
    {
        final Path p = root.resolve(ShmLeakCheck.name("foreign"));
        Files.writeString(p, "this is not a shmkit segment, just some text that is long enough ".repeat(4));
        try
        {
            final SegmentFormatException ex =
                assertThrows(SegmentFormatException.class, () -> SharedArray.open(p.getFileName().toString()));
            assertTrue(ex.getMessage().contains("foreign magic"), ex.getMessage());
            assertThrows(SegmentFormatException.class, () -> Segments.remove(p.getFileName().toString(),
                ShmOptions.defaults()));
            assertTrue(Files.exists(p), "remove must leave a foreign file alone");
        }
        finally
        {
            Files.deleteIfExists(p);
        }
    }

    @Test
    void shouldRejectUnknownLayoutVersion() throws IOException
    {
        assertCorruptionRejected(SegmentDescriptor.VERSION_OFFSET, 99, "layout version 99");
    }

    @Test
    void shouldRejectUnknownKind() throws IOException
    {
        assertCorruptionRejected(SegmentDescriptor.KIND_OFFSET, 77, "unknown kind 77");
    }

    @Test
    void shouldRejectUnknownTypecode() throws IOException
    {
        assertCorruptionRejected(SegmentDescriptor.TYPECODE_OFFSET, 'z', "unknown typecode");
    }

    @Test
    void shouldRejectWrongElementSize() throws IOException
    {
        assertCorruptionRejected(SegmentDescriptor.ELEMENT_SIZE_OFFSET, 3, "element size 3");
    }

    @Test
    void shouldRejectBadStripeCount() throws IOException
    {
        assertCorruptionRejected(SegmentDescriptor.STRIPE_COUNT_OFFSET, 3, "invalid stripe count 3");
    }

    @Test
    void shouldRejectStripeShiftOutOfRangeEvenWithoutStripes() throws IOException
    {
        assertCorruptionRejected(SegmentDescriptor.STRIPE_SHIFT_OFFSET, 63, "stripe shift 63 outside 0-62");
        final String name = ShmLeakCheck.name("rawshift");
        SharedLongArray.create(name, 'q', 16, PERSISTENT.withLock(false)).close();
        try
        {
            writeInt(name, SegmentDescriptor.STRIPE_SHIFT_OFFSET, -1);
            final SegmentFormatException ex = assertThrows(SegmentFormatException.class, () -> SharedArray.open(name));
            assertTrue(ex.getMessage().contains("stripe shift -1 outside 0-62"), ex.getMessage());
            // with no stripes any shift in range is accepted: the coverage rule needs stripes
            writeInt(name, SegmentDescriptor.STRIPE_SHIFT_OFFSET, 62);
            try (SharedArray a = SharedArray.open(name))
            {
                assertEquals(16, a.length());
            }
        }
        finally
        {
            Files.deleteIfExists(root.resolve(name));
        }
    }

    @Test
    void shouldRejectAValueOfManyElementsOrStripes() throws IOException
    {
        // arrays relabelled as values: every other field is consistent
        assertRelabelledValueRejected(100, 4, "is a value of 100 elements; a value has exactly 1");
        assertRelabelledValueRejected(1, 2, "is a value with 2 stripes");
    }

    private void assertRelabelledValueRejected(final long length, final int stripes, final String expected)
        throws IOException
    {
        final String name = ShmLeakCheck.name("relabelled");
        SharedLongArray.create(name, 'q', length, PERSISTENT.withStripes(stripes)).close();
        try
        {
            writeInt(name, SegmentDescriptor.KIND_OFFSET, SegmentKind.VALUE.id());
            final SegmentFormatException ex = assertThrows(SegmentFormatException.class, () -> SharedValue.open(name));
            assertTrue(ex.getMessage().contains(expected), ex.getMessage());
            final SegmentFormatException inspected =
                assertThrows(SegmentFormatException.class, () -> Segments.inspect(name, ShmOptions.defaults()));
            assertEquals(ex.getMessage(), inspected.getMessage());
        }
        finally
        {
            Files.deleteIfExists(root.resolve(name));
        }
    }

    @Test
    void shouldInspectOnceTheReadyWordIsPublishedDuringTheWait() throws Exception
    {
        final String name = ShmLeakCheck.name("lateinspect");
        SharedLongArray.create(name, 'q', 4, PERSISTENT).close();
        writeInt(name, SegmentDescriptor.STATE_OFFSET, SegmentDescriptor.STATE_INITIALISING);
        final AtomicReference<Object> result = new AtomicReference<>();
        final Thread inspector = new Thread(() ->
        {
            try
            {
                result.set(Segments.inspect(name, ShmOptions.defaults().withOpenTimeout(Duration.ofSeconds(60))));
            }
            catch (final RuntimeException ex)
            {
                result.set(ex);
            }
        });
        inspector.start();
        try
        {
            // the inspector is seen sleeping between reads of the state word before the segment becomes ready
            final long deadline = System.nanoTime() + 60_000_000_000L;
            while (inspector.getState() != Thread.State.TIMED_WAITING && System.nanoTime() - deadline < 0)
            {
                Thread.onSpinWait();
                Thread.yield();
            }
            assertEquals(Thread.State.TIMED_WAITING, inspector.getState(), "inspect must wait for the ready word");
            writeInt(name, SegmentDescriptor.STATE_OFFSET, SegmentDescriptor.STATE_READY);
            inspector.join(60_000);
            assertEquals(4, ((SegmentInfo)result.get()).elementCount(), String.valueOf(result.get()));
        }
        finally
        {
            writeInt(name, SegmentDescriptor.STATE_OFFSET, SegmentDescriptor.STATE_READY);
            inspector.join(60_000);
            Files.deleteIfExists(root.resolve(name));
        }
    }

    @Test
    void shouldIgnoreUnknownFlagBitsAndReservedBytes() throws IOException
    {
        final String name = ShmLeakCheck.name("reserved");
        SharedLongArray.create(name, 'q', 8, PERSISTENT).close();
        try
        {
            // docs/layout.md, "Rules for readers": flag bits and reserved bytes version 1 does not define are ignored
            writeInt(name, SegmentDescriptor.FLAGS_OFFSET, 0xF0 | SegmentDescriptor.FLAG_PERSISTENT);
            writeLong(name, SegmentDescriptor.CREATED_MILLIS_OFFSET + Long.BYTES, -1L);
            writeLong(name, (int)SegmentDescriptor.lockSlotOffset(0) + 64, -1L);
            try (SharedLongArray a = SharedLongArray.open(name))
            {
                a.set(7, 42);
                assertEquals(42, a.get(7));
            }
            assertTrue(Segments.inspect(name, ShmOptions.defaults()).persistent());
        }
        finally
        {
            Files.deleteIfExists(root.resolve(name));
        }
    }

    @Test
    void shouldRejectUnknownState() throws IOException
    {
        assertCorruptionRejected(SegmentDescriptor.STATE_OFFSET, 7, "unknown state word 7");
    }

    @Test
    void shouldRejectHugeElementCount() throws IOException
    {
        final String name = ShmLeakCheck.name("count");
        // without locks, so that the stripe check cannot fire first: the size computation must catch it
        SharedLongArray.create(name, 'q', 16, PERSISTENT.withLock(false)).close();
        try
        {
            writeLong(name, SegmentDescriptor.ELEMENT_COUNT_OFFSET, Long.MAX_VALUE / 2);
            final SegmentFormatException ex = assertThrows(SegmentFormatException.class, () -> SharedArray.open(name));
            assertTrue(ex.getMessage().contains("overflow"), ex.getMessage());
        }
        finally
        {
            Files.deleteIfExists(root.resolve(name));
        }
    }

    @Test
    void shouldRejectTruncatedFile() throws IOException
    {
        final String name = ShmLeakCheck.name("trunc");
        SharedDoubleArray.create(name, 'd', 1000, PERSISTENT).close();
        final Path p = root.resolve(name);
        try
        {
            final long size = Files.size(p);
            try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE))
            {
                ch.truncate(size - 8);
            }
            final SegmentFormatException ex = assertThrows(SegmentFormatException.class, () -> SharedArray.open(name));
            assertTrue(ex.getMessage().contains("truncated or corrupted"), ex.getMessage());
            assertTrue(ex.getMessage().contains(String.valueOf(size - 8)), ex.getMessage());
        }
        finally
        {
            Files.deleteIfExists(p);
        }
    }

    @Test
    void shouldRejectOtherKindAndTypecode()
    {
        final String name = ShmLeakCheck.name("kind");
        try (SharedDoubleArray a = SharedDoubleArray.create(name, 'd', 4))
        {
            final SegmentFormatException kind = assertThrows(SegmentFormatException.class, () -> SharedValue.open(name));
            assertTrue(kind.getMessage().contains("holds an array, not a value"), kind.getMessage());
            final SegmentFormatException type =
                assertThrows(SegmentFormatException.class, () -> SharedLongArray.open(name));
            assertTrue(type.getMessage().contains("typecode 'd'"), type.getMessage());
            assertTrue(type.getMessage().contains("SharedDoubleArray"), type.getMessage());
            a.unlink();
        }
        final String v = ShmLeakCheck.name("kindv");
        try (SharedLong l = SharedLong.create(v, 'i', 1))
        {
            assertThrows(SegmentFormatException.class, () -> SharedDouble.open(v));
            assertThrows(SegmentFormatException.class, () -> SharedArray.open(v));
            l.unlink();
        }
    }

    @Test
    void shouldWaitBoundedForReadyAndThenFail() throws IOException
    {
        final Path p = root.resolve(ShmLeakCheck.name("notready"));
        final ByteBuffer b = ByteBuffer.allocate(SegmentDescriptor.HEADER_LENGTH + 8).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(SegmentDescriptor.MAGIC_OFFSET, SegmentDescriptor.MAGIC);
        Files.write(p, b.array());
        try
        {
            final ShmOptions o = ShmOptions.defaults().withOpenTimeout(Duration.ofMillis(200));
            final long start = System.nanoTime();
            final SegmentFormatException ex =
                assertThrows(SegmentFormatException.class, () -> SharedArray.open(p.getFileName().toString(), o));
            assertTrue(System.nanoTime() - start >= 150_000_000L, "must have waited for the ready word");
            assertTrue(ex.getMessage().contains("did not become ready within 200 ms"), ex.getMessage());
            // inspect waits as open does (docs/layout.md, "Opening"), so shmkit inspect, get and set agree
            final long inspectStart = System.nanoTime();
            final SegmentFormatException inspected =
                assertThrows(SegmentFormatException.class, () -> Segments.inspect(p.getFileName().toString(), o));
            assertTrue(System.nanoTime() - inspectStart >= 150_000_000L, "inspect must have waited for the ready word");
            assertTrue(inspected.getMessage().contains("did not become ready within 200 ms (state still initialising)"),
                inspected.getMessage());
        }
        finally
        {
            Files.deleteIfExists(p);
        }
    }

    @Test
    void shouldOpenOnceTheReadyWordIsPublished() throws Exception
    {
        final String name = ShmLeakCheck.name("late");
        SharedLongArray.create(name, 'q', 4, PERSISTENT).close();
        writeInt(name, SegmentDescriptor.STATE_OFFSET, SegmentDescriptor.STATE_INITIALISING);
        final Thread publisher = new Thread(() ->
        {
            try
            {
                Thread.sleep(100);
                writeInt(name, SegmentDescriptor.STATE_OFFSET, SegmentDescriptor.STATE_READY);
            }
            catch (final Exception ex)
            {
                throw new RuntimeException(ex);
            }
        });
        publisher.start();
        try (SharedArray a = SharedArray.open(name, ShmOptions.defaults().withOpenTimeout(Duration.ofSeconds(30))))
        {
            assertEquals(4, a.length());
        }
        finally
        {
            publisher.join();
            Files.deleteIfExists(root.resolve(name));
        }
    }

    @Test
    void shouldNotFollowSymlinks() throws IOException
    {
        final String name = ShmLeakCheck.name("target");
        final Path link = root.resolve(ShmLeakCheck.name("link"));
        try (SharedLongArray a = SharedLongArray.create(name, 'i', 4))
        {
            Files.createSymbolicLink(link, root.resolve(name));
            final UncheckedIOException ex =
                assertThrows(UncheckedIOException.class, () -> SharedArray.open(link.getFileName().toString()));
            assertTrue(ex.getMessage().contains("symbolic link"), ex.getMessage());
            a.unlink();
        }
        finally
        {
            Files.deleteIfExists(link);
        }
    }

    @Test
    void shouldRejectDirectory() throws IOException
    {
        final Path dir = root.resolve(ShmLeakCheck.name("dir"));
        Files.createDirectory(dir);
        try
        {
            final UncheckedIOException ex =
                assertThrows(UncheckedIOException.class, () -> SharedArray.open(dir.getFileName().toString()));
            assertTrue(ex.getMessage().contains("not a regular file"), ex.getMessage());
        }
        finally
        {
            Files.deleteIfExists(dir);
        }
    }

    @Test
    void shouldThrowIllegalStateAfterCloseAndCloseIdempotently()
    {
        final SharedDoubleArray a = SharedDoubleArray.create(ShmLeakCheck.name("closed"), 'd', 8);
        final RangeLock whole = a.getLock();
        final ShmLock stripe = a.stripeLock(0);
        a.unlink();
        a.close();
        a.close();
        assertTrue(a.isClosed());
        assertEquals("array '" + a.name() + "' is closed",
            assertThrows(IllegalStateException.class, () -> a.get(0)).getMessage());
        assertThrows(IllegalStateException.class, () -> a.set(7, 1.0));
        assertThrows(IllegalStateException.class, () -> a.get(100), "closed wins over out of range");
        assertThrows(IllegalStateException.class, a::negate);
        assertThrows(IllegalStateException.class, a::sum);
        assertThrows(IllegalStateException.class, a::toArray);
        assertThrows(IllegalStateException.class, () -> a.stripeLock(0));
        assertThrows(IllegalStateException.class, whole::lock);
        assertThrows(IllegalStateException.class, stripe::isLocked);
        final SharedLong v = SharedLong.create(ShmLeakCheck.name("closedv"), 'i', 1);
        v.unlink();
        v.close();
        v.close();
        assertThrows(IllegalStateException.class, v::get);
        assertThrows(IllegalStateException.class, v::getLock);
    }

    @Test
    void shouldKeepMappingValidAfterUnlink()
    {
        final String name = ShmLeakCheck.name("unlinked");
        try (SharedLongArray a = SharedLongArray.create(name, 'q', 4);
             SharedLongArray b = SharedLongArray.open(name))
        {
            assertTrue(a.unlink());
            assertFalse(a.unlink(), "second unlink finds nothing");
            a.set(1, 42);
            assertEquals(42, b.get(1), "both mappings still share the memory");
            assertThrows(UncheckedIOException.class, () -> SharedArray.open(name));
        }
    }

    @Test
    void shouldNotUnlinkAReplacementSegment()
    {
        final String name = ShmLeakCheck.name("replaced");
        final SharedLongArray first = SharedLongArray.create(name, 'q', 4);
        assertTrue(Segments.remove(name, ShmOptions.defaults()));
        try (SharedLongArray second = SharedLongArray.create(name, 'q', 4))
        {
            assertFalse(first.unlink(), "the old handle must not remove the new file");
            assertTrue(Files.exists(root.resolve(name)));
            second.unlink();
        }
        finally
        {
            first.close();
        }
    }

    private void assertCorruptionRejected(final int offset, final int value, final String expected) throws IOException
    {
        final String name = ShmLeakCheck.name("corrupt");
        SharedDoubleArray.create(name, 'd', 64, PERSISTENT).close();
        try
        {
            writeInt(name, offset, value);
            final SegmentFormatException ex = assertThrows(SegmentFormatException.class, () -> SharedArray.open(name));
            assertTrue(ex.getMessage().contains(expected), ex.getMessage());
            assertTrue(ex.getMessage().contains(name), ex.getMessage());
        }
        finally
        {
            Files.deleteIfExists(root.resolve(name));
        }
    }

    private void writeInt(final String name, final int offset, final int value) throws IOException
    {
        final ByteBuffer b = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(0, value);
        try (FileChannel ch = FileChannel.open(root.resolve(name), StandardOpenOption.WRITE))
        {
            ch.write(b, offset);
        }
    }

    private void writeLong(final String name, final int offset, final long value) throws IOException
    {
        final ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, value);
        try (FileChannel ch = FileChannel.open(root.resolve(name), StandardOpenOption.WRITE))
        {
            ch.write(b, offset);
        }
    }
}
