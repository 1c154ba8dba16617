package io.shmkit.it.python;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.shmkit.SharedArray;
import io.shmkit.SharedDoubleArray;
import io.shmkit.SharedLongArray;
import io.shmkit.SharedValue;
import io.shmkit.ShmLock;
import io.shmkit.internal.segment.SegmentDescriptor;
import io.shmkit.it.Await;
import io.shmkit.it.ChildJvm;
import io.shmkit.it.PythonChild;
import io.shmkit.segment.SegmentFormatException;
import io.shmkit.segment.SegmentKind;
import io.shmkit.segment.ShmOptions;
import io.shmkit.segment.TypeCode;
import io.shmkit.test.ShmLeakCheck;

/**
 * Java and Python processes on the same segments (docs/python.md): arrays of every typecode each way, exact counts
 * under shared stripe locks, dead-owner recovery each way, and the same rejections. Skipped, with the reason, where
 * {@code python3} does not run.
 */
@ExtendWith(ShmLeakCheck.class)
class PythonInteropTest
{
    private static final int LENGTH = 100;
    private static final ShmOptions PERSISTENT = ShmOptions.defaults().withPersistent(true);
    private static final Path ROOT = ShmOptions.defaults().root();

    @BeforeAll
    static void needPython()
    {
        final String why = PythonChild.unavailable();
        assumeTrue(null == why, () -> "skipping the Python interop tests: " + why);
    }

    /** C's unary minus of {@code i} in the typecode's width, as Java's and numpy's negate give it. */
    private static long negated(final TypeCode t, final long i)
    {
        if (t.size() == 8)
        {
            return -i;
        }
        final int bits = t.size() * 8;
        final long v = -i & ((1L << bits) - 1);
        return !t.isUnsigned() && v >= 1L << (bits - 1) ? v - (1L << bits) : v;
    }

    @Test
    void shouldLetPythonNegateJavaArraysOfEveryTypecodeUnderStripeLocks()
    {
        final List<SharedArray> arrays = new ArrayList<>();
        final List<String> args = new ArrayList<>(List.of("negate"));
        try
        {
            for (final TypeCode t : TypeCode.values())
            {
                final String name = ShmLeakCheck.name("py-neg-" + t.code());
                final SharedArray a = t.isFloatingPoint() ?
                    SharedDoubleArray.create(name, t.code(), LENGTH, ShmOptions.defaults().withStripes(4)) :
                    SharedLongArray.create(name, t.code(), LENGTH, ShmOptions.defaults().withStripes(4));
                arrays.add(a);
                args.add(name);
                for (int i = 0; i < LENGTH; i++)
                {
                    set(a, i, i);
                }
            }
            final String out = PythonChild.run(args.toArray(new String[0]));
            assertEquals(TypeCode.values().length, out.split("negated", -1).length - 1, out);
            for (final SharedArray a : arrays)
            {
                for (int i = 0; i < LENGTH; i++)
                {
                    if (a instanceof SharedDoubleArray d)
                    {
                        assertEquals(-(double)i, d.get(i), a.name() + "[" + i + "]");
                    }
                    else
                    {
                        assertEquals(negated(a.typeCode(), i), ((SharedLongArray)a).get(i), a.name() + "[" + i + "]");
                    }
                }
                for (int s = 0; s < a.stripeCount(); s++)
                {
                    assertTrue(!a.stripeLock(s).isLocked(), "Python released every stripe lock of " + a.name());
                }
            }
        }
        finally
        {
            arrays.forEach(a -> a.unlink());
            arrays.forEach(SharedArray::close);
        }
    }

    @Test
    void shouldNegatePythonArraysOfEveryTypecodeInJava() throws IOException
    {
        final List<String> names = new ArrayList<>();
        try
        {
            for (final TypeCode t : TypeCode.values())
            {
                final String name = ShmLeakCheck.name("java-neg-" + t.code());
                names.add(name);
                assertTrue(PythonChild.run("create", name, String.valueOf(t.code()), "100").contains("created"));
                try (SharedArray a = SharedArray.open(name))
                {
                    assertEquals(t, a.typeCode());
                    assertEquals(LENGTH, a.length());
                    if (a instanceof SharedDoubleArray d)
                    {
                        d.negate();
                    }
                    else
                    {
                        ((SharedLongArray)a).negate();
                    }
                }
            }
            final List<String> args = new ArrayList<>(List.of("expect-negated"));
            args.addAll(names);
            assertTrue(PythonChild.run(args.toArray(new String[0])).contains("ok"));
        }
        finally
        {
            for (final String n : names)
            {
                Files.deleteIfExists(ROOT.resolve(n));
            }
        }
    }

    @Test
    void shouldCountExactlyWhenJavaAndPythonIncrementTheSameElementsUnderStripeLocks()
    {
        final int rounds = 300;
        final String name = ShmLeakCheck.name("py-incr");
        final String ctl = ShmLeakCheck.name("py-incr-ctl");
        try (SharedLongArray a = SharedLongArray.create(name, 'q', 64, ShmOptions.defaults().withStripes(8));
             SharedLongArray control = SharedLongArray.create(ctl, 'q', 2, ShmOptions.defaults().withLock(false));
             ChildJvm java = ChildJvm.start(JavaPeers.Incrementer.class, name, ctl, String.valueOf(rounds));
             PythonChild python = PythonChild.interop("increment", name, ctl, String.valueOf(rounds)))
        {
            Await.until(120, () -> control.get(0) == 2, () -> "both children ready: " + control.get(0) + "\n" +
                python.output() + java.stderr());
            control.set(1, 1);
            java.assertSuccess(300);
            python.awaitSuccess(300);
            for (int i = 0; i < a.length(); i++)
            {
                assertEquals(2L * rounds, a.get(i), "element " + i + ": every increment of both processes counted");
            }
            a.unlink();
            control.unlink();
        }
    }

    @Test
    void shouldTakeOverTheLockOfAKilledPythonHolderWithNotice() throws InterruptedException
    {
        final String name = ShmLeakCheck.name("py-dead");
        final String ctl = ShmLeakCheck.name("py-dead-ctl");
        try (SharedLongArray a = SharedLongArray.create(name, 'q', 16, ShmOptions.defaults().withStripes(2));
             SharedLongArray control = SharedLongArray.create(ctl, 'q', 2, ShmOptions.defaults().withLock(false));
             PythonChild python = PythonChild.interop("hold", name, "1", ctl))
        {
            Await.until(120, () -> control.get(0) != 0, () -> "the Python holder: " + python.output());
            final ShmLock lock = a.stripeLock(1);
            assertEquals(python.pid(), control.get(0));
            assertNotNull(lock.owner());
            assertEquals(python.pid(), lock.owner().pid(), "the lock word names the Python process");
            assertTrue(!lock.tryLock(0, TimeUnit.NANOSECONDS), "a live Python holder keeps its lock");
            python.kill9();
            assertTrue(lock.tryLock(60, TimeUnit.SECONDS));
            assertTrue(lock.ownerDied(), "taken over with notice");
            assertEquals(1, lock.recoveries());
            lock.unlock();
            a.unlink();
            control.unlink();
        }
    }

    @Test
    void shouldLetPythonTakeOverTheLockOfAKilledJavaHolderWithNotice()
    {
        final String name = ShmLeakCheck.name("java-dead");
        final String ctl = ShmLeakCheck.name("java-dead-ctl");
        try (SharedLongArray a = SharedLongArray.create(name, 'q', 16, ShmOptions.defaults().withStripes(2));
             SharedLongArray control = SharedLongArray.create(ctl, 'q', 2, ShmOptions.defaults().withLock(false));
             ChildJvm java = ChildJvm.start(JavaPeers.Holder.class, name, "1", ctl))
        {
            Await.until(120, () -> control.get(0) != 0, () -> "the Java holder: " + java.stderr());
            assertEquals(java.pid(), a.stripeLock(1).owner().pid());
            java.kill9();
            final String out = PythonChild.run("take", name, "1");
            assertTrue(out.contains("owner_died=True recoveries=1"), out);
            assertTrue(!a.stripeLock(1).isLocked(), "Python released it");
            a.unlink();
            control.unlink();
        }
    }

    @Test
    void shouldRejectCorruptedAndForeignSegmentsWithJavasMessages() throws IOException
    {
        final Object[][] corruptions = {
            {SegmentDescriptor.MAGIC_OFFSET, 0x1234L},
            {SegmentDescriptor.VERSION_OFFSET, 99},
            {SegmentDescriptor.STATE_OFFSET, 7},
            {SegmentDescriptor.STATE_OFFSET, 0},
            {SegmentDescriptor.KIND_OFFSET, 77},
            {SegmentDescriptor.TYPECODE_OFFSET, (int)'z'},
            {SegmentDescriptor.ELEMENT_SIZE_OFFSET, 3},
            {SegmentDescriptor.STRIPE_COUNT_OFFSET, 3},
            {SegmentDescriptor.STRIPE_SHIFT_OFFSET, 63},
            {SegmentDescriptor.ELEMENT_COUNT_OFFSET, 65L},
            {SegmentDescriptor.CREATOR_PID_OFFSET, -5L},
        };
        final ShmOptions quick = ShmOptions.defaults().withOpenTimeout(Duration.ofMillis(200));
        final List<String> names = new ArrayList<>();
        try
        {
            final List<String> expected = new ArrayList<>();
            for (final Object[] c : corruptions)
            {
                final String name = ShmLeakCheck.name("py-bad");
                names.add(name);
                SharedDoubleArray.create(name, 'd', 64, PERSISTENT).close();
                write(name, (Integer)c[0], c[1]);
                expected.add(javaMessage(() -> SharedArray.open(name, quick)));
            }
            final String value = ShmLeakCheck.name("py-bad-value");
            names.add(value);
            SharedLongArray.create(value, 'q', 100, PERSISTENT.withStripes(4)).close();
            write(value, SegmentDescriptor.KIND_OFFSET, SegmentKind.VALUE.id());
            final String shortFile = ShmLeakCheck.name("py-bad-short");
            names.add(shortFile);
            Files.write(ROOT.resolve(shortFile), new byte[10]);
            for (int i = 0; i < corruptions.length; i++)
            {
                assertEquals("error: " + expected.get(i), PythonChild.run("check", names.get(i), "array").strip());
            }
            assertEquals("error: " + javaMessage(() -> SharedValue.open(value, quick)),
                PythonChild.run("check", value, "value").strip());
            assertEquals("error: " + javaMessage(() -> SharedArray.open(shortFile, quick)),
                PythonChild.run("check", shortFile, "array").strip());
        }
        finally
        {
            for (final String n : names)
            {
                Files.deleteIfExists(ROOT.resolve(n));
            }
        }
    }

    private static String javaMessage(final Runnable open)
    {
        try
        {
            open.run();
        }
        catch (final SegmentFormatException ex)
        {
            return ex.getMessage();
        }
        throw new AssertionError("Java accepted a corrupted segment");
    }

    private static void write(final String name, final int offset, final Object value) throws IOException
    {
        final ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        if (value instanceof Long l)
        {
            b.putLong(0, l);
        }
        else
        {
            b.putInt(0, (Integer)value).limit(4);
        }
        try (FileChannel ch = FileChannel.open(ROOT.resolve(name), StandardOpenOption.WRITE))
        {
            ch.write(b, offset);
        }
    }

    private static void set(final SharedArray a, final int i, final long v)
    {
        if (a instanceof SharedDoubleArray d)
        {
            d.set(i, v);
        }
        else
        {
            ((SharedLongArray)a).set(i, v);
        }
    }
}
