package io.shmkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import java.util.function.Supplier;

import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.shmkit.internal.segment.SegmentDescriptor;
import io.shmkit.segment.ShmOptions;
import io.shmkit.segment.TypeCode;
import io.shmkit.test.ShmLeakCheck;

/**
 * The bulk methods of integer arrays ({@code copyFrom}, {@code copyTo}, {@code fill}, {@code sum},
 * {@code transform}), which run one loop per element width, against element-by-element reads and a
 * {@code long[]} model: every typecode, with and without stripe locks (runs split at stripe boundaries), random
 * sub-ranges with edge values (the typecode's extremes, so unsigned widening shows), empty ranges, a value out of
 * range in the last slot of a copy, which must leave the array untouched, and a transform whose result
 * overflows partway, which must stop there. One more array straddles the 1 GiB boundary between two of its
 * mappings; creating it writes the whole file (1 GiB of {@code /dev/shm}), so one typecode does it, a 4-byte
 * unsigned one whose runs are split there.
 *
 * <p>{@code min()} and {@code max()} of every typecode, integer and floating-point, with stripe locks (free, and
 * all held by the caller through {@code getLock()}) and without: random contents with the typecode's extremes
 * planted in random stripes, values whose order differs between signed and unsigned reading (a set top bit), the
 * empty array, and for {@code 'f'}/{@code 'd'} NaN, the infinities and the two zeros as
 * {@link Math#min(double, double)} orders them.
 */
@ExtendWith(ShmLeakCheck.class)
class BulkMethodsTest
{
    private static final int LENGTH = 10_000;
    private static final int ROUNDS = 150;
    private static final int MINMAX_LENGTH = 5_000;
    private static final int MINMAX_ROUNDS = 12;

    @ParameterizedTest(name = "typecode {0}")
    @ValueSource(chars = {'b', 'B', 'h', 'H', 'i', 'I', 'l', 'L', 'q', 'Q'})
    void shouldMatchElementAccessForEveryTypecode(final char code)
    {
        for (final boolean locks : new boolean[] {true, false})
        {
            try (SharedLongArray a = SharedLongArray.create(ShmLeakCheck.name("bulk"), code, LENGTH,
                locks ? ShmOptions.defaults().withStripes(16) : ShmOptions.defaults().withLock(false)))
            {
                a.unlink();
                check(a, 0, LENGTH, new SplittableRandom(code * 31L + (locks ? 1 : 0)));
            }
        }
    }

    @ParameterizedTest(name = "typecode {0}")
    @ValueSource(chars = {'I'})
    void shouldMatchElementAccessAcrossAMappingBoundary(final char code)
    {
        final int size = TypeCode.of(code).size();
        final long length = ((1L << 30) + (1L << 20)) / size;
        try (SharedLongArray a = SharedLongArray.create(ShmLeakCheck.name("bulk-big"), code, length,
            ShmOptions.defaults().withLock(false)))
        {
            a.unlink();
            final long boundary = ((1L << 30) - SegmentDescriptor.dataOffset(a.stripeCount())) / size;
            check(a, boundary - 4_000, boundary + 4_000, new SplittableRandom(code));
        }
    }

    /** Random operations on sub-ranges of {@code [lo, hi)}, each checked against a model of that window. */
    private static void check(final SharedLongArray a, final long lo, final long hi, final SplittableRandom r)
    {
        final TypeCode t = a.typeCode();
        final int window = (int)(hi - lo);
        final long[] model = new long[window];
        for (int round = 0; round < ROUNDS; round++)
        {
            final int off = r.nextInt(window);
            final int count = r.nextInt(Math.min(3_000, window - off) + 1);
            final long from = lo + off;
            switch (r.nextInt(5))
            {
                case 0:
                {
                    final long[] src = new long[count + 3];
                    for (int k = 0; k < src.length; k++)
                    {
                        src[k] = value(t, r);
                    }
                    a.copyFrom(src, 2, from, count);
                    System.arraycopy(src, 2, model, off, count);
                    break;
                }
                case 1:
                {
                    final long v = value(t, r);
                    a.fill(from, from + count, v);
                    java.util.Arrays.fill(model, off, off + count, v);
                    break;
                }
                case 2:
                {
                    // a reflection of the typecode's range onto itself: every result fits
                    final long min = t.minValue();
                    final long max = t.maxValue();
                    a.transform(from, from + count, x -> min + max - x);
                    for (int k = 0; k < count; k++)
                    {
                        model[off + k] = min + max - model[off + k];
                    }
                    break;
                }
                case 3:
                {
                    // x + 1 over a range holding the maximum: the elements before it change, it and the rest do not
                    if (t.size() < 8 && count > 0)
                    {
                        final int at = r.nextInt(count);
                        a.set(from + at, t.maxValue());
                        model[off + at] = t.maxValue();
                        int stop = at;
                        for (int k = 0; k < at; k++)
                        {
                            if (model[off + k] == t.maxValue())
                            {
                                stop = k;
                                break;
                            }
                        }
                        assertThrows(IllegalArgumentException.class, () -> a.transform(from, from + count, x -> x + 1),
                            t + ": overflow at " + (from + at));
                        for (int k = 0; k < stop; k++)
                        {
                            model[off + k]++;
                        }
                    }
                    break;
                }
                default:
                {
                    if (t.size() < 8 && count > 0)
                    {
                        final long[] bad = new long[count];
                        bad[count - 1] = r.nextBoolean() ? t.maxValue() + 1 : t.minValue() - 1;
                        assertThrows(IllegalArgumentException.class, () -> a.copyFrom(bad, 0, from, count),
                            t + ": value " + bad[count - 1]);
                    }
                    break;
                }
            }
            long sum = 0;
            for (int k = 0; k < count; k++)
            {
                sum += model[off + k];
            }
            assertEquals(sum, a.sum(from, from + count), t + " sum of [" + from + ", " + (from + count) + ")");
            final long[] out = new long[count + 5];
            a.copyTo(from, out, 4, count);
            final long[] expected = new long[count + 5];
            System.arraycopy(model, off, expected, 4, count);
            assertArrayEquals(expected, out, t + " copyTo of [" + from + ", " + (from + count) + ")");
        }
        for (int k = 0; k < window; k++)
        {
            assertEquals(model[k], a.get(lo + k), t + " element " + (lo + k));
        }
        assertEquals(0, a.sum(lo, lo), "an empty sum");
        a.copyFrom(new long[0], 0, lo, 0);
        a.copyTo(lo, new long[0], 0, 0);
        a.fill(lo, lo, 0);
    }

    /** A value of the typecode's range: an extreme half the time, so that sign and zero extension show. */
    private static long value(final TypeCode t, final SplittableRandom r)
    {
        if (t.size() == 8)
        {
            return r.nextInt(4) == 0 ? (r.nextBoolean() ? Long.MIN_VALUE : -1L) : r.nextLong();
        }
        switch (r.nextInt(4))
        {
            case 0:
                return t.minValue();
            case 1:
                return t.maxValue();
            default:
                return t.minValue() + r.nextLong(t.maxValue() - t.minValue() + 1);
        }
    }

    @ParameterizedTest(name = "typecode {0}")
    @ValueSource(chars = {'b', 'B', 'h', 'H', 'i', 'I', 'l', 'L', 'q', 'Q'})
    void shouldFindMinAndMaxOfIntegers(final char code)
    {
        final TypeCode t = TypeCode.of(code);
        final boolean unsignedLong = t.isUnsigned() && t.size() == 8;
        for (final ShmOptions options : options())
        {
            try (SharedLongArray a = SharedLongArray.create(ShmLeakCheck.name("minmax"), code, MINMAX_LENGTH, options);
                SharedLongArray empty = SharedLongArray.create(ShmLeakCheck.name("minmax0"), code, 0, options))
            {
                a.unlink();
                empty.unlink();
                assertEquals(t.maxValue(), empty.min(), t + ": min of nothing");
                assertEquals(t.minValue(), empty.max(), t + ": max of nothing");
                assertEquals(0, a.min(), t + ": min of zeros");
                assertEquals(0, a.max(), t + ": max of zeros");

                // 1 and the value with the top bit of the width set: their order is the signedness
                final long topBit = t.isUnsigned() ? 1L << (8 * t.size() - 1) : t.minValue();
                a.fill(1);
                a.set(MINMAX_LENGTH - 1, topBit);
                assertEquals(t.isUnsigned() ? 1 : topBit, a.min(), t + ": min of 1 and the top bit");
                assertEquals(t.isUnsigned() ? topBit : 1, a.max(), t + ": max of 1 and the top bit");

                final SplittableRandom r = new SplittableRandom(code);
                final long[] model = new long[MINMAX_LENGTH];
                for (int round = 0; round < MINMAX_ROUNDS; round++)
                {
                    for (int k = 0; k < MINMAX_LENGTH; k++)
                    {
                        model[k] = extremeOrAny(t, r);
                    }
                    if (r.nextBoolean())
                    {
                        model[r.nextInt(MINMAX_LENGTH)] = t.minValue();
                        model[r.nextInt(MINMAX_LENGTH)] = t.maxValue();
                    }
                    a.copyFrom(model, 0, 0, MINMAX_LENGTH);
                    long min = model[0];
                    long max = model[0];
                    for (final long v : model)
                    {
                        min = unsignedLong ? (Long.compareUnsigned(v, min) < 0 ? v : min) : Math.min(v, min);
                        max = unsignedLong ? (Long.compareUnsigned(v, max) > 0 ? v : max) : Math.max(v, max);
                    }
                    assertEquals(min, held(a, a::min), t + ": min, round " + round);
                    assertEquals(max, held(a, a::max), t + ": max, round " + round);
                }
            }
        }
    }

    @ParameterizedTest(name = "typecode {0}")
    @ValueSource(chars = {'f', 'd'})
    void shouldFindMinAndMaxOfFloatingPoint(final char code)
    {
        final double big = code == 'f' ? Float.MAX_VALUE : Double.MAX_VALUE;
        for (final ShmOptions options : options())
        {
            try (SharedDoubleArray a =
                    SharedDoubleArray.create(ShmLeakCheck.name("minmax"), code, MINMAX_LENGTH, options);
                SharedDoubleArray empty = SharedDoubleArray.create(ShmLeakCheck.name("minmax0"), code, 0, options))
            {
                a.unlink();
                empty.unlink();
                assertEquals(Double.POSITIVE_INFINITY, empty.min(), code + ": min of nothing");
                assertEquals(Double.NEGATIVE_INFINITY, empty.max(), code + ": max of nothing");

                a.fill(0.0);
                a.set(MINMAX_LENGTH / 2, -0.0);
                assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(a.min()), code + ": -0.0");
                assertEquals(Double.doubleToRawLongBits(0.0), Double.doubleToRawLongBits(a.max()), code + ": 0.0");

                a.set(1, big);
                a.set(MINMAX_LENGTH - 2, -big);
                assertEquals(-big, held(a, a::min), code + ": the lowest finite value");
                assertEquals(big, held(a, a::max), code + ": the highest finite value");

                a.set(MINMAX_LENGTH - 1, Double.POSITIVE_INFINITY);
                a.set(0, Double.NEGATIVE_INFINITY);
                assertEquals(Double.NEGATIVE_INFINITY, a.min(), code + ": -infinity");
                assertEquals(Double.POSITIVE_INFINITY, a.max(), code + ": +infinity");

                a.set(MINMAX_LENGTH / 3, Double.NaN);
                assertEquals(Double.NaN, a.min(), code + ": NaN wins min");
                assertEquals(Double.NaN, held(a, a::max), code + ": NaN wins max");

                final SplittableRandom r = new SplittableRandom(code);
                final double[] model = new double[MINMAX_LENGTH];
                for (int k = 0; k < MINMAX_LENGTH; k++)
                {
                    model[k] = (float)((r.nextDouble() - 0.5) * 1e6);
                }
                a.copyFrom(model, 0, 0, MINMAX_LENGTH);
                double min = Double.POSITIVE_INFINITY;
                double max = Double.NEGATIVE_INFINITY;
                for (final double v : model)
                {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
                assertEquals(min, a.min(), code + ": min of random values");
                assertEquals(max, held(a, a::max), code + ": max of random values");
            }
        }
    }

    private static ShmOptions[] options()
    {
        return new ShmOptions[] {ShmOptions.defaults().withStripes(16), ShmOptions.defaults().withLock(false)};
    }

    /** {@code op} under the whole-array lock when the array has locks (the stripes held are not locked again). */
    private static <T> T held(final SharedArray a, final Supplier<T> op)
    {
        if (!a.hasLocks())
        {
            return op.get();
        }
        final RangeLock lock = a.getLock();
        lock.lock();
        try
        {
            return op.get();
        }
        finally
        {
            lock.unlock();
        }
    }

    /** A value of the typecode's range: an extreme one time in four. */
    private static long extremeOrAny(final TypeCode t, final SplittableRandom r)
    {
        if (r.nextInt(4) == 0)
        {
            return r.nextBoolean() ? t.minValue() : t.maxValue();
        }
        return t.size() == 8 ? r.nextLong() : t.minValue() + r.nextLong(t.maxValue() - t.minValue() + 1);
    }
}
