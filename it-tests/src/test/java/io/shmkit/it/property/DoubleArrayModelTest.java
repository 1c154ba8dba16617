package io.shmkit.it.property;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

import io.shmkit.SharedDoubleArray;
import io.shmkit.segment.TypeCode;
import io.shmkit.test.ShmLeakCheck;

/**
 * Model-based property test for {@link SharedDoubleArray} of typecodes {@code 'f'} and {@code 'd'} against a
 * {@code double[]} model, with the edge values NaN, -0.0, the infinities, the extremes of both widths and
 * values that overflow a {@code float}. States compare bit for bit, except that NaNs compare equal (the sign
 * of a negated NaN is not specified by the JLS). Run by {@link ModelHarness}; the model's rules are in
 * {@link Models}.
 */
@ExtendWith(ShmLeakCheck.class)
class DoubleArrayModelTest
{
    @ParameterizedTest(name = "typecode {0}")
    @ValueSource(chars = {'f', 'd'})
    void shouldBehaveLikeTheModel(final char code)
    {
        final TypeCode t = TypeCode.of(code);
        ModelHarness.forAll(300, op(), (length, ops) -> ModelHarness.check(
            t, SharedDoubleArray.create(ShmLeakCheck.name("dmodel"), code, length, ModelHarness.OPTIONS),
            new double[length], ops, DoubleArrayModelTest::sameElements));
    }

    /** Elements compare bit for bit, except that NaNs compare equal. */
    private static void sameElements(final double[] model, final SharedDoubleArray sut, final String after)
    {
        final double[] state = sut.toArray();
        for (int k = 0; k < model.length; k++)
        {
            final int at = k;
            assertTrue(Outcome.sameDouble(model[k], state[k]),
                () -> "element " + at + " after " + after + ": model " + model[at] + ", array " + state[at] +
                    " (model " + Arrays.toString(model) + ")");
        }
    }

    static Gen<Op> op()
    {
        final Gen<Double> v = Models.doubleValues();
        final Gen<Integer> i = ModelHarness.indices();
        final Gen<Integer> mode = ModelHarness.modes();
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

    // The records below look alike (a guard, the change, the outcome), and like LongArrayModelTest's, on purpose:
    // one record per operation, so that a failure names it, each written from its own type's contract
    // (float rounding and NaN bits here, range checks and C wrapping there).

    /** An operation on a {@code double[]} model and a {@link SharedDoubleArray}. */
    interface Op extends ModelHarness.Op<double[], SharedDoubleArray>
    {
    }

    record Set(int i, double v, int mode) implements Op
    {
        public Outcome model(final TypeCode t, final double[] m)
        {
            final Outcome rejected = Outcome.rejected(Outcome.inBounds(m.length, i), Models.fits(t, v));
            if (null != rejected)
            {
                return rejected;
            }
            m[i] = Models.stored(t, v);
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
        public Outcome model(final TypeCode t, final double[] m)
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
        public Outcome model(final TypeCode t, final double[] m)
        {
            if (!Outcome.inBounds(m.length, i))
            {
                return Outcome.threw(IndexOutOfBoundsException.class);
            }
            final double next = m[i] + d;
            if (!Models.fits(t, next))
            {
                return Outcome.threw(IllegalArgumentException.class);
            }
            final double prev = m[i];
            m[i] = Models.stored(t, next);
            return Outcome.of(prev);
        }

        public Object sut(final SharedDoubleArray a)
        {
            return a.getAndAdd(i, d);
        }
    }

    record Cas(int i, double expect, double update) implements Op
    {
        public Outcome model(final TypeCode t, final double[] m)
        {
            final Outcome rejected = Outcome.rejected(Outcome.inBounds(m.length, i), Models.fits(t, update));
            if (null != rejected)
            {
                return rejected;
            }
            final boolean match = t == TypeCode.FLOAT ?
                Float.floatToRawIntBits((float)m[i]) == Float.floatToRawIntBits((float)expect) :
                Double.doubleToRawLongBits(m[i]) == Double.doubleToRawLongBits(expect);
            if (match)
            {
                m[i] = Models.stored(t, update);
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
        public Outcome model(final TypeCode t, final double[] m)
        {
            final Outcome rejected = Outcome.rejected(Outcome.inBounds(m.length, i), Models.fits(t, v));
            if (null != rejected)
            {
                return rejected;
            }
            final double prev = m[i];
            m[i] = Models.stored(t, v);
            return Outcome.of(prev);
        }

        public Object sut(final SharedDoubleArray a)
        {
            return a.getAndSet(i, v);
        }
    }

    record Fill(int from, int to, double v) implements Op
    {
        public Outcome model(final TypeCode t, final double[] m)
        {
            final Outcome rejected = Outcome.rejected(Outcome.rangeOk(m.length, from, to), Models.fits(t, v));
            if (null != rejected)
            {
                return rejected;
            }
            Arrays.fill(m, from, to, Models.stored(t, v));
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
        public Outcome model(final TypeCode t, final double[] m)
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
        public Outcome model(final TypeCode t, final double[] m)
        {
            if (!Outcome.rangeOk(m.length, from, to))
            {
                return Outcome.threw(IndexOutOfBoundsException.class);
            }
            for (int j = from; j < to; j++)
            {
                final double r = m[j] * k;
                if (!Models.fits(t, r))
                {
                    return Outcome.threw(IllegalArgumentException.class);
                }
                m[j] = Models.stored(t, r);
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
        public Outcome model(final TypeCode t, final double[] m)
        {
            if (to < 0 || to + values.size() > m.length)
            {
                return Outcome.threw(IndexOutOfBoundsException.class);
            }
            for (final double v : values)
            {
                if (!Models.fits(t, v))
                {
                    return Outcome.threw(IllegalArgumentException.class);
                }
            }
            for (int k = 0; k < values.size(); k++)
            {
                m[to + k] = Models.stored(t, values.get(k));
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
        public Outcome model(final TypeCode t, final double[] m)
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
        public Outcome model(final TypeCode t, final double[] m)
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
