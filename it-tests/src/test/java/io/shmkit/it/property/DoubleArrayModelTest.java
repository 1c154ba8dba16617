package io.shmkit.it.property;

import static org.junit.jupiter.api.Assertions.*;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

import io.shmkit.SharedDoubleArray;
import io.shmkit.segment.ShmOptions;
import io.shmkit.segment.TypeCode;
import io.shmkit.test.ShmLeakCheck;

/**
 * Model-based property test for {@link SharedDoubleArray} of typecodes {@code 'f'} and {@code 'd'} against a
 * {@code double[]} model, with the edge values NaN, -0.0, the infinities, the extremes of both widths and
 * values that overflow a {@code float}. States compare bit for bit, except that NaNs compare equal (the sign
 * of a negated NaN is not specified by the JLS).
 */
@ExtendWith(ShmLeakCheck.class)
class DoubleArrayModelTest
{
    private static final int MAX_LENGTH = 40;
    private static final ShmOptions OPTIONS = ShmOptions.defaults().withStripes(4);

    @ParameterizedTest(name = "typecode {0}")
    @ValueSource(chars = {'f', 'd'})
    void shouldBehaveLikeTheModel(final char code)
    {
        final TypeCode t = TypeCode.of(code);
        qt().withExamples(300).withShrinkCycles(200)
            .forAll(integers().between(1, MAX_LENGTH), lists().of(op()).ofSizeBetween(1, 40))
            .checkAssert((length, ops) -> check(t, length, ops));
    }

    private static void check(final TypeCode t, final int length, final List<Op> ops)
    {
        try (SharedDoubleArray sut = SharedDoubleArray.create(ShmLeakCheck.name("dmodel"), t.code(), length, OPTIONS))
        {
            try
            {
                final double[] model = new double[length];
                int step = 0;
                for (final Op op : ops)
                {
                    final Outcome expected = op.model(t == TypeCode.FLOAT, model);
                    final Outcome actual = Outcome.run(() -> op.sut(sut));
                    assertTrue(expected.sameAs(actual),
                        "step " + step + " " + op + ": model " + expected + ", array " + actual);
                    final double[] state = sut.toArray();
                    for (int k = 0; k < length; k++)
                    {
                        final int at = k;
                        final int s = step;
                        assertTrue(Outcome.sameDouble(model[k], state[k]),
                            () -> "element " + at + " after step " + s + " " + op + ": model " + model[at] +
                                ", array " + state[at] + " (model " + Arrays.toString(model) + ")");
                    }
                    step++;
                }
            }
            finally
            {
                sut.unlink();
            }
        }
    }

    static Gen<Double> values()
    {
        final List<Double> edges = List.of(Double.NaN, -0.0, 0.0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
            Double.MIN_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE, 1.0, -1.0, (double)Float.MAX_VALUE,
            (double)Float.MIN_VALUE, 3.4028236e38, -1e300, 0.1, Double.longBitsToDouble(0x7ff0_0000_0000_0001L));
        return Generate.pick(edges).mix(doubles().any(), 40).mix(doubles().between(-1e6, 1e6), 30);
    }


    static Gen<Op> op()
    {
        final Gen<Double> v = values();
        final Gen<Integer> i = integers().between(-2, MAX_LENGTH + 2);
        final Gen<Integer> mode = integers().between(0, 3);
        return Generate.oneOf(
            i.zip(v, mode, Set::new),
            i.zip(mode, Get::new),
            i.zip(v, GetAndAdd::new),
            i.zip(v, v, Cas::new),
            i.zip(v, GetAndSet::new),
            i.zip(i, v, Fill::new),
            i.zip(i, Negate::new),
            i.zip(i, Generate.pick(List.of(2.0, -0.5, 1e30, 0.0)), Scale::new),
            lists().of(v).ofSizeBetween(0, 8).zip(i, CopyFrom::new),
            i.zip(i, Sum::new),
            Generate.constant(new MinMax()));
    }

    interface Op
    {
        Outcome model(boolean isFloat, double[] m);

        Object sut(SharedDoubleArray a);
    }

    static boolean fits(final boolean isFloat, final double v)
    {
        return !isFloat || Double.isNaN(v) || Double.isInfinite(v) || Math.abs(v) <= Float.MAX_VALUE ||
            !Float.isInfinite((float)v);
    }

    static double stored(final boolean isFloat, final double v)
    {
        return isFloat ? (double)(float)v : v;
    }

    record Set(int i, double v, int mode) implements Op
    {
        public Outcome model(final boolean f, final double[] m)
        {
            if (!Outcome.inBounds(m.length, i))
            {
                return Outcome.threw(IndexOutOfBoundsException.class);
            }
            if (!fits(f, v))
            {
                return Outcome.threw(IllegalArgumentException.class);
            }
            m[i] = stored(f, v);
            return Outcome.of(null);
        }

        public Object sut(final SharedDoubleArray a)
        {
            switch (mode)
            {
                case 0: a.setPlain(i, v); break;
                case 1: a.setOpaque(i, v); break;
                case 2: a.setRelease(i, v); break;
                default: a.set(i, v); break;
            }
            return null;
        }
    }

    record Get(int i, int mode) implements Op
    {
        public Outcome model(final boolean f, final double[] m)
        {
            return Outcome.inBounds(m.length, i) ? Outcome.of(m[i]) : Outcome.threw(IndexOutOfBoundsException.class);
        }

        public Object sut(final SharedDoubleArray a)
        {
            switch (mode)
            {
                case 0: return a.getPlain(i);
                case 1: return a.getOpaque(i);
                case 2: return a.getAcquire(i);
                default: return a.get(i);
            }
        }
    }

    record GetAndAdd(int i, double d) implements Op
    {
        public Outcome model(final boolean f, final double[] m)
        {
            if (!Outcome.inBounds(m.length, i))
            {
                return Outcome.threw(IndexOutOfBoundsException.class);
            }
            final double next = m[i] + d;
            if (!fits(f, next))
            {
                return Outcome.threw(IllegalArgumentException.class);
            }
            final double prev = m[i];
            m[i] = stored(f, next);
            return Outcome.of(prev);
        }

        public Object sut(final SharedDoubleArray a)
        {
            return a.getAndAdd(i, d);
        }
    }

    record Cas(int i, double expect, double update) implements Op
    {
        public Outcome model(final boolean f, final double[] m)
        {
            if (!Outcome.inBounds(m.length, i))
            {
                return Outcome.threw(IndexOutOfBoundsException.class);
            }
            if (!fits(f, update))
            {
                return Outcome.threw(IllegalArgumentException.class);
            }
            final boolean match = f ?
                Float.floatToRawIntBits((float)m[i]) == Float.floatToRawIntBits((float)expect) :
                Double.doubleToRawLongBits(m[i]) == Double.doubleToRawLongBits(expect);
            if (match)
            {
                m[i] = stored(f, update);
            }
            return Outcome.of(match);
        }

        public Object sut(final SharedDoubleArray a)
        {
            return a.compareAndSet(i, expect, update);
        }
    }

    record GetAndSet(int i, double v) implements Op
    {
        public Outcome model(final boolean f, final double[] m)
        {
            if (!Outcome.inBounds(m.length, i))
            {
                return Outcome.threw(IndexOutOfBoundsException.class);
            }
            if (!fits(f, v))
            {
                return Outcome.threw(IllegalArgumentException.class);
            }
            final double prev = m[i];
            m[i] = stored(f, v);
            return Outcome.of(prev);
        }

        public Object sut(final SharedDoubleArray a)
        {
            return a.getAndSet(i, v);
        }
    }

    record Fill(int from, int to, double v) implements Op
    {
        public Outcome model(final boolean f, final double[] m)
        {
            if (!Outcome.rangeOk(m.length, from, to))
            {
                return Outcome.threw(IndexOutOfBoundsException.class);
            }
            if (!fits(f, v))
            {
                return Outcome.threw(IllegalArgumentException.class);
            }
            Arrays.fill(m, from, to, stored(f, v));
            return Outcome.of(null);
        }

        public Object sut(final SharedDoubleArray a)
        {
            a.fill(from, to, v);
            return null;
        }
    }

    record Negate(int from, int to) implements Op
    {
        public Outcome model(final boolean f, final double[] m)
        {
            if (!Outcome.rangeOk(m.length, from, to))
            {
                return Outcome.threw(IndexOutOfBoundsException.class);
            }
            for (int k = from; k < to; k++)
            {
                m[k] = -m[k];
            }
            return Outcome.of(null);
        }

        public Object sut(final SharedDoubleArray a)
        {
            a.negate(from, to);
            return null;
        }
    }

    /** transform(x -> x * k): elements before the first overflowing result change, the rest do not. */
    record Scale(int from, int to, double k) implements Op
    {
        public Outcome model(final boolean f, final double[] m)
        {
            if (!Outcome.rangeOk(m.length, from, to))
            {
                return Outcome.threw(IndexOutOfBoundsException.class);
            }
            for (int j = from; j < to; j++)
            {
                final double r = m[j] * k;
                if (!fits(f, r))
                {
                    return Outcome.threw(IllegalArgumentException.class);
                }
                m[j] = stored(f, r);
            }
            return Outcome.of(null);
        }

        public Object sut(final SharedDoubleArray a)
        {
            a.transform(from, to, x -> x * k);
            return null;
        }
    }

    record CopyFrom(List<Double> values, int to) implements Op
    {
        public Outcome model(final boolean f, final double[] m)
        {
            if (to < 0 || to + values.size() > m.length)
            {
                return Outcome.threw(IndexOutOfBoundsException.class);
            }
            for (final double v : values)
            {
                if (!fits(f, v))
                {
                    return Outcome.threw(IllegalArgumentException.class);
                }
            }
            for (int k = 0; k < values.size(); k++)
            {
                m[to + k] = stored(f, values.get(k));
            }
            return Outcome.of(null);
        }

        public Object sut(final SharedDoubleArray a)
        {
            final double[] src = new double[values.size()];
            for (int k = 0; k < src.length; k++)
            {
                src[k] = values.get(k);
            }
            a.copyFrom(src, 0, to, src.length);
            return null;
        }
    }

    record Sum(int from, int to) implements Op
    {
        public Outcome model(final boolean f, final double[] m)
        {
            if (!Outcome.rangeOk(m.length, from, to))
            {
                return Outcome.threw(IndexOutOfBoundsException.class);
            }
            double s = 0.0;
            for (int k = from; k < to; k++)
            {
                s += m[k];
            }
            return Outcome.of(s);
        }

        public Object sut(final SharedDoubleArray a)
        {
            return a.sum(from, to);
        }
    }

    record MinMax() implements Op
    {
        public Outcome model(final boolean f, final double[] m)
        {
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (final double v : m)
            {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
            return Outcome.of(Double.toString(min) + "/" + max);
        }

        public Object sut(final SharedDoubleArray a)
        {
            return Double.toString(a.min()) + "/" + a.max();
        }
    }
}
