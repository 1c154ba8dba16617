package io.shmkit;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.shmkit.segment.SegmentFormatException;
import io.shmkit.segment.ShmOptions;
import io.shmkit.segment.TypeCode;
import io.shmkit.test.ShmLeakCheck;

@ExtendWith(ShmLeakCheck.class)
class SharedArrayTest
{
    @ParameterizedTest
    @ValueSource(chars = {'b', 'B', 'h', 'H', 'i', 'I', 'l', 'L', 'q', 'Q'})
    void shouldStoreIntegerExtremesAndRejectOutOfRange(final char code)
    {
        final TypeCode t = TypeCode.of(code);
        try (SharedLongArray a = SharedLongArray.create(ShmLeakCheck.name("ext"), code, 3))
        {
            a.set(0, t.minValue());
            a.set(1, t.maxValue());
            assertEquals(t.minValue(), a.get(0));
            assertEquals(t.maxValue(), a.get(1));
            assertEquals(t.maxValue(), a.getPlain(1));
            assertEquals(t.maxValue(), a.getOpaque(1));
            assertEquals(t.maxValue(), a.getAcquire(1));
            if (t.size() < 8)
            {
                final IllegalArgumentException over =
                    assertThrows(IllegalArgumentException.class, () -> a.set(2, t.maxValue() + 1));
                assertTrue(over.getMessage().contains("out of range for typecode '" + code + "'"), over.getMessage());
                assertThrows(IllegalArgumentException.class, () -> a.setPlain(2, t.minValue() - 1));
                assertThrows(IllegalArgumentException.class, () -> a.setRelease(2, t.minValue() - 1));
                assertThrows(IllegalArgumentException.class, () -> a.setOpaque(2, t.maxValue() + 1));
                assertThrows(IllegalArgumentException.class, () -> a.getAndAdd(1, 1), "overflow is rejected");
                assertEquals(t.maxValue(), a.get(1), "a rejected add stores nothing");
                assertThrows(IllegalArgumentException.class, () -> a.getAndAdd(0, -1));
                assertThrows(IllegalArgumentException.class, () -> a.fill(t.maxValue() + 1));
                assertThrows(IllegalArgumentException.class, () -> a.copyFrom(new long[] {0, t.maxValue() + 1}, 0, 0, 2));
                assertEquals(t.minValue(), a.get(0), "a rejected bulk copy stores nothing");
                assertFalse(a.compareAndSet(1, t.maxValue() + 1, 0), "an out-of-range expectation never matches");
            }
            else
            {
                assertEquals(t.maxValue() + 1, a.addAndGet(1, 1), "64-bit arithmetic wraps");
            }
            assertEquals(0, a.get(2));
            assertTrue(a.compareAndSet(2, 0, 7));
            assertFalse(a.compareAndSet(2, 0, 8));
            assertEquals(7, a.getAndSet(2, 9));
            assertEquals(9, a.getAndIncrement(2));
            assertEquals(11, a.incrementAndGet(2));
            assertEquals(11, a.getAndDecrement(2));
            assertEquals(9, a.decrementAndGet(2));
            assertEquals(18, a.updateAndGet(2, x -> x * 2));
            assertEquals(18, a.getAndUpdate(2, x -> x - 1));
            assertEquals(17, a.get(2));
            a.unlink();
        }
    }

    @Test
    void shouldReadUnsignedTypesZeroExtended()
    {
        try (SharedLongArray b = SharedLongArray.create(ShmLeakCheck.name("ub"), 'B', 2);
             SharedLongArray i = SharedLongArray.create(ShmLeakCheck.name("ui"), 'I', 2);
             SharedLongArray q = SharedLongArray.create(ShmLeakCheck.name("uq"), 'Q', 3))
        {
            b.set(0, 200);
            assertEquals(200, b.get(0));
            b.set(1, 1);
            b.negate();
            assertEquals(56, b.get(0), "C's unary minus on unsigned char");
            assertEquals(255, b.get(1));
            i.set(0, 0xFFFF_FFFFL);
            assertEquals(4294967295L, i.get(0));
            q.set(0, -1L);
            q.set(1, 1L);
            q.set(2, Long.MIN_VALUE);
            assertEquals("18446744073709551615", Long.toUnsignedString(q.get(0)));
            assertEquals(-1L, q.max(), "unsigned order");
            assertEquals(1L, q.min());
            b.unlink();
            i.unlink();
            q.unlink();
        }
    }

    @Test
    void shouldWrapSignedNegateLikeC()
    {
        try (SharedLongArray a = SharedLongArray.create(ShmLeakCheck.name("negb"), 'b', 3))
        {
            a.copyFrom(new long[] {-128, 127, 0}, 0, 0, 3);
            a.negate();
            assertArrayEquals(new long[] {-128, -127, 0}, a.toArray());
            a.unlink();
        }
    }

    @Test
    void shouldHandleFloatingPointEdgesBitExactly()
    {
        try (SharedDoubleArray d = SharedDoubleArray.create(ShmLeakCheck.name("fd"), 'd', 6);
             SharedDoubleArray f = SharedDoubleArray.create(ShmLeakCheck.name("ff"), 'f', 6))
        {
            final double[] edges = {Double.NaN, -0.0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
                Double.MIN_VALUE, Double.MAX_VALUE};
            d.copyFrom(edges, 0, 0, 6);
            final double[] back = d.toArray();
            for (int k = 0; k < 6; k++)
            {
                assertEquals(Double.doubleToRawLongBits(edges[k]), Double.doubleToRawLongBits(back[k]), "element " + k);
            }
            assertTrue(d.compareAndSet(0, Double.NaN, 1.0), "NaN matches NaN bitwise");
            assertFalse(d.compareAndSet(1, 0.0, 1.0), "0.0 does not match -0.0");
            assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(d.get(1)));
            d.negate(1, 2);
            assertEquals(Double.doubleToRawLongBits(0.0), Double.doubleToRawLongBits(d.get(1)));

            f.set(0, 1e-300);
            assertEquals(0.0, f.get(0), "rounds to the nearest float");
            f.set(1, 0.1);
            assertEquals((double)0.1f, f.get(1));
            final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> f.set(2, 1e300));
            assertTrue(ex.getMessage().contains("out of range for typecode 'f'"), ex.getMessage());
            f.set(2, Float.MAX_VALUE);
            assertThrows(IllegalArgumentException.class, () -> f.getAndAdd(2, Float.MAX_VALUE));
            assertEquals(Float.MAX_VALUE, f.get(2), "a rejected add stores nothing");
            f.set(4, Double.NEGATIVE_INFINITY);
            assertEquals(Double.NEGATIVE_INFINITY, f.min());
            f.set(3, Double.NaN);
            assertTrue(Double.isNaN(f.get(3)));
            assertTrue(Double.isNaN(f.min()), "NaN wins, as in Math.min");
            assertTrue(Double.isNaN(f.max()), "NaN wins, as in Math.max");
            assertEquals(1.5f, f.addAndGet(5, 1.5));
            assertEquals(1.5f, f.getAndAdd(5, 1.0));
            assertEquals(2.5, f.get(5));
            d.unlink();
            f.unlink();
        }
    }

    @Test
    void shouldRejectBadIndicesAndRanges()
    {
        try (SharedDoubleArray a = SharedDoubleArray.create(ShmLeakCheck.name("idx"), 'd', 10))
        {
            final IndexOutOfBoundsException ex = assertThrows(IndexOutOfBoundsException.class, () -> a.get(10));
            assertEquals("index 10 out of bounds for length 10", ex.getMessage());
            assertThrows(IndexOutOfBoundsException.class, () -> a.get(-1));
            assertThrows(IndexOutOfBoundsException.class, () -> a.set(Long.MIN_VALUE, 1));
            assertThrows(IndexOutOfBoundsException.class, () -> a.negate(5, 11));
            assertThrows(IndexOutOfBoundsException.class, () -> a.negate(6, 5));
            assertThrows(IndexOutOfBoundsException.class, () -> a.fill(-1, 3, 0));
            assertThrows(IndexOutOfBoundsException.class, () -> a.copyTo(8, new double[5], 0, 5));
            assertThrows(IndexOutOfBoundsException.class, () -> a.copyTo(0, new double[5], 3, 3));
            assertThrows(IndexOutOfBoundsException.class, () -> a.copyFrom(new double[5], -1, 0, 2));
            assertThrows(IndexOutOfBoundsException.class, () -> a.stripeOf(10));
            assertThrows(IndexOutOfBoundsException.class, () -> a.stripeLock(a.stripeCount()));
            a.negate(3, 3);
            assertEquals(0.0, a.sum(4, 4));
            a.unlink();
        }
    }

    @Test
    void shouldRejectWrongTypeFamilyAndBadLength()
    {
        final UnsupportedOperationException d = assertThrows(UnsupportedOperationException.class,
            () -> SharedLongArray.create(ShmLeakCheck.name("fam"), 'd', 1));
        assertTrue(d.getMessage().contains("use SharedDoubleArray"), d.getMessage());
        assertThrows(UnsupportedOperationException.class,
            () -> SharedDoubleArray.create(ShmLeakCheck.name("fam"), 'i', 1));
        assertThrows(IllegalArgumentException.class, () -> SharedDoubleArray.create(ShmLeakCheck.name("neg"), 'd', -1));
        assertThrows(IllegalArgumentException.class, () -> SharedDoubleArray.create(ShmLeakCheck.name("bad"), 'x', 1));
        assertThrows(IllegalArgumentException.class, () -> ShmOptions.defaults().withStripes(3));
        assertThrows(IllegalArgumentException.class, () -> ShmOptions.defaults().withStripes(1 << 17));
    }

    @Test
    void shouldChooseStripesFromLengthOrOptions()
    {
        try (SharedDoubleArray small = SharedDoubleArray.create(ShmLeakCheck.name("s1"), 'd', 100);
             SharedDoubleArray big = SharedDoubleArray.create(ShmLeakCheck.name("s2"), 'd', 1_000_000);
             SharedDoubleArray given = SharedDoubleArray.create(
                 ShmLeakCheck.name("s3"), 'd', 1000, ShmOptions.defaults().withStripes(8));
             SharedDoubleArray empty = SharedDoubleArray.create(ShmLeakCheck.name("s4"), 'd', 0))
        {
            assertEquals(1, small.stripeCount());
            assertEquals(256, big.stripeCount());
            assertEquals(4096, big.stripeLength());
            assertEquals(8, given.stripeCount());
            assertEquals(128, given.stripeLength());
            assertEquals(7, given.stripeOf(999));
            assertEquals(0, given.stripeOf(127));
            assertEquals(1, given.stripeOf(128));
            assertEquals(0, empty.length());
            assertEquals(0.0, empty.sum());
            assertArrayEquals(new double[0], empty.toArray());
            assertThrows(IndexOutOfBoundsException.class, () -> empty.get(0));
            small.unlink();
            big.unlink();
            given.unlink();
            empty.unlink();
        }
    }

    @Test
    void shouldRunBulkOperationsAcrossStripes()
    {
        final int n = 1000;
        try (SharedDoubleArray a = SharedDoubleArray.create(
            ShmLeakCheck.name("bulk"), 'd', n, ShmOptions.defaults().withStripes(16)))
        {
            final double[] src = new double[n];
            for (int i = 0; i < n; i++)
            {
                src[i] = i - 500;
            }
            a.copyFrom(src, 0, 0, n);
            a.negate(100, 900);
            a.transform(0, 50, x -> x * 2);
            final double[] model = src.clone();
            for (int i = 100; i < 900; i++)
            {
                model[i] = -model[i];
            }
            for (int i = 0; i < 50; i++)
            {
                model[i] *= 2;
            }
            assertArrayEquals(model, a.toArray());
            final double[] part = new double[10];
            a.copyTo(495, part, 0, 10);
            assertArrayEquals(java.util.Arrays.copyOfRange(model, 495, 505), part);
            double sum = 0;
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (final double v : model)
            {
                sum += v;
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
            assertEquals(sum, a.sum());
            assertEquals(min, a.min());
            assertEquals(max, a.max());
            a.fill(10, 20, 3.0);
            assertEquals(30.0, a.sum(10, 20));
            for (int s = 0; s < a.stripeCount(); s++)
            {
                assertFalse(a.stripeLock(s).isLocked(), "bulk operations release every stripe");
            }
            a.unlink();
        }
    }

    @Test
    void shouldReportOwnerDiedFromWithStripeLock()
    {
        try (SharedLongArray a = SharedLongArray.create(ShmLeakCheck.name("wsl"), 'i', 10))
        {
            final boolean[] ran = new boolean[1];
            assertFalse(a.withStripeLock(3, () -> ran[0] = true), "a normal acquire reports no dead owner");
            assertTrue(ran[0]);
            // a word naming no live process (pid 0): the next locker takes over and is told
            org.agrona.UnsafeApi.putLongVolatile(null, a.segment.lockWordAddress(a.stripeOf(3)), 0x1234_0000_0000_0000L);
            ran[0] = false;
            assertTrue(a.withStripeLock(3, () -> ran[0] = true), "taken over from a dead owner");
            assertTrue(ran[0]);
            assertFalse(a.stripeLock(a.stripeOf(3)).isLocked(), "released after the action");
            a.unlink();
        }
    }

    @Test
    void shouldOpenEitherFamilyThroughSharedArray()
    {
        final String dn = ShmLeakCheck.name("od");
        final String ln = ShmLeakCheck.name("ol");
        try (SharedDoubleArray d = SharedDoubleArray.create(dn, 'f', 3);
             SharedLongArray l = SharedLongArray.create(ln, 'H', 3);
             SharedArray d2 = SharedArray.open(dn);
             SharedArray l2 = SharedArray.open(ln))
        {
            assertInstanceOf(SharedDoubleArray.class, d2);
            assertInstanceOf(SharedLongArray.class, l2);
            assertEquals(TypeCode.FLOAT, d2.typeCode());
            assertEquals(TypeCode.UNSIGNED_SHORT, l2.typeCode());
            l.set(2, 65535);
            assertEquals(65535, ((SharedLongArray)l2).get(2));
            assertEquals(d.stripeCount(), d2.stripeCount());
            d.unlink();
            l.unlink();
        }
    }

    @Test
    void shouldRefuseToOpenAnArrayOfTheOtherFamilyWithAHint()
    {
        final String d = ShmLeakCheck.name("fam-d");
        final String q = ShmLeakCheck.name("fam-q");
        try (SharedDoubleArray doubles = SharedDoubleArray.create(d, 'd', 4);
            SharedLongArray longs = SharedLongArray.create(q, 'q', 4))
        {
            final SegmentFormatException asLong = assertThrows(SegmentFormatException.class,
                () -> SharedLongArray.open(d));
            assertTrue(asLong.getMessage().contains("'d': open it as a SharedDoubleArray"), asLong.getMessage());
            final SegmentFormatException asDouble = assertThrows(SegmentFormatException.class,
                () -> SharedDoubleArray.open(q));
            assertTrue(asDouble.getMessage().contains("'q': open it as a SharedLongArray"), asDouble.getMessage());
            final SegmentFormatException asValue = assertThrows(SegmentFormatException.class, () -> SharedLong.open(q));
            assertTrue(asValue.getMessage().contains("holds an array, not a value"), asValue.getMessage());
            try (SharedArray any = SharedArray.open(d))
            {
                assertInstanceOf(SharedDoubleArray.class, any);
            }
            doubles.unlink();
            longs.unlink();
        }
    }
}
