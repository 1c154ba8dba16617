package io.shmkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;

import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.shmkit.segment.ShmOptions;
import io.shmkit.segment.TypeCode;
import io.shmkit.test.ShmLeakCheck;

/**
 * {@code min()} and {@code max()} of every typecode, with stripe locks (free, and all held by the caller through
 * {@code getLock()}) and without, against a model: random contents with the typecode's extremes planted in
 * random stripes, values whose order differs between signed and unsigned reading (a set top bit), the empty
 * array, and for {@code 'f'}/{@code 'd'} NaN, the infinities and the two zeros as {@link Math#min(double, double)}
 * orders them.
 */
@ExtendWith(ShmLeakCheck.class)
class MinMaxTest
{
    private static final int LENGTH = 5_000;
    private static final int ROUNDS = 12;

    @ParameterizedTest(name = "typecode {0}")
    @ValueSource(chars = {'b', 'B', 'h', 'H', 'i', 'I', 'l', 'L', 'q', 'Q'})
    void shouldFindMinAndMaxOfIntegers(final char code)
    {
        final TypeCode t = TypeCode.of(code);
        final boolean unsignedLong = t.isUnsigned() && t.size() == 8;
        for (final ShmOptions options : options())
        {
            try (SharedLongArray a = SharedLongArray.create(ShmLeakCheck.name("minmax"), code, LENGTH, options);
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
                a.set(LENGTH - 1, topBit);
                assertEquals(t.isUnsigned() ? 1 : topBit, a.min(), t + ": min of 1 and the top bit");
                assertEquals(t.isUnsigned() ? topBit : 1, a.max(), t + ": max of 1 and the top bit");

                final SplittableRandom r = new SplittableRandom(code);
                final long[] model = new long[LENGTH];
                for (int round = 0; round < ROUNDS; round++)
                {
                    for (int k = 0; k < LENGTH; k++)
                    {
                        model[k] = value(t, r);
                    }
                    if (r.nextBoolean())
                    {
                        model[r.nextInt(LENGTH)] = t.minValue();
                        model[r.nextInt(LENGTH)] = t.maxValue();
                    }
                    a.copyFrom(model, 0, 0, LENGTH);
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
            try (SharedDoubleArray a = SharedDoubleArray.create(ShmLeakCheck.name("minmax"), code, LENGTH, options);
                SharedDoubleArray empty = SharedDoubleArray.create(ShmLeakCheck.name("minmax0"), code, 0, options))
            {
                a.unlink();
                empty.unlink();
                assertEquals(Double.POSITIVE_INFINITY, empty.min(), code + ": min of nothing");
                assertEquals(Double.NEGATIVE_INFINITY, empty.max(), code + ": max of nothing");

                a.fill(0.0);
                a.set(LENGTH / 2, -0.0);
                assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(a.min()), code + ": -0.0");
                assertEquals(Double.doubleToRawLongBits(0.0), Double.doubleToRawLongBits(a.max()), code + ": 0.0");

                a.set(1, big);
                a.set(LENGTH - 2, -big);
                assertEquals(-big, held(a, a::min), code + ": the lowest finite value");
                assertEquals(big, held(a, a::max), code + ": the highest finite value");

                a.set(LENGTH - 1, Double.POSITIVE_INFINITY);
                a.set(0, Double.NEGATIVE_INFINITY);
                assertEquals(Double.NEGATIVE_INFINITY, a.min(), code + ": -infinity");
                assertEquals(Double.POSITIVE_INFINITY, a.max(), code + ": +infinity");

                a.set(LENGTH / 3, Double.NaN);
                assertEquals(Double.NaN, a.min(), code + ": NaN wins min");
                assertEquals(Double.NaN, held(a, a::max), code + ": NaN wins max");

                final SplittableRandom r = new SplittableRandom(code);
                final double[] model = new double[LENGTH];
                for (int k = 0; k < LENGTH; k++)
                {
                    model[k] = (float)((r.nextDouble() - 0.5) * 1e6);
                }
                a.copyFrom(model, 0, 0, LENGTH);
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
    private static <T> T held(final SharedArray a, final java.util.function.Supplier<T> op)
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
    private static long value(final TypeCode t, final SplittableRandom r)
    {
        if (r.nextInt(4) == 0)
        {
            return r.nextBoolean() ? t.minValue() : t.maxValue();
        }
        return t.size() == 8 ? r.nextLong() : t.minValue() + r.nextLong(t.maxValue() - t.minValue() + 1);
    }
}
