package io.shmkit.it.property;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

import io.shmkit.SharedLongArray;
import io.shmkit.segment.TypeCode;
import io.shmkit.test.ShmLeakCheck;

/**
 * Model-based property test: random sequences of operations on a {@link SharedLongArray} of every integer
 * typecode, checked after every step against a plain {@code long[]} model whose arithmetic is written from
 * the contract (range checks by exact arithmetic, C wrapping for negate; see {@link Models}), run by
 * {@link ModelHarness}. QuickTheories shrinks a failing sequence to a short one.
 */
@ExtendWith(ShmLeakCheck.class)
class LongArrayModelTest
{
    @ParameterizedTest(name = "typecode {0}")
    @ValueSource(chars = {'b', 'B', 'h', 'H', 'i', 'I', 'l', 'L', 'q', 'Q'})
    void shouldBehaveLikeTheModel(final char code)
    {
        final TypeCode t = TypeCode.of(code);
        ModelHarness.forAll(120, op(t), (length, ops) -> ModelHarness.check(
            t, SharedLongArray.create(ShmLeakCheck.name("model"), code, length, ModelHarness.OPTIONS),
            new long[length], ops,
            (model, sut, after) -> assertArrayEquals(model, sut.toArray(), "state after " + after)));
    }

    // ------------------------------------------------------------------ generators

    static Gen<Op> op(final TypeCode t)
    {
        final Gen<Long> v = Models.longValues(t);
        final Gen<Integer> i = ModelHarness.indices();
        final Gen<Integer> mode = ModelHarness.modes();
        return Generate.oneOf(
            i.zip(v, mode, Set::new),
            i.zip(mode, Get::new),
            i.zip(v, GetAndAdd::new),
            i.zip(v, AddAndGet::new),
            i.zip(v, v, Cas::new),
            i.zip(v, GetAndSet::new),
            i.zip(i, v, Fill::new),
            i.zip(i, Negate::new),
            i.zip(i, longs().between(-3, 3), AddAll::new),
            lists().of(v).ofSizeBetween(0, 8).zip(i, CopyFrom::new),
            i.zip(i, Sum::new),
            Generate.constant(new MinMax()));
    }

    // ------------------------------------------------------------------ operations and the model

    // The records below look alike (a guard, the change, the outcome), and like DoubleArrayModelTest's, on purpose:
    // one record per operation, so that a failure names it, each written from its own type's contract
    // (range checks by exact arithmetic and C wrapping here, float rounding and NaN bits there).

    /** An operation on a {@code long[]} model and a {@link SharedLongArray}. */
    interface Op extends ModelHarness.Op<long[], SharedLongArray>
    {
    }

    record Set(int i, long v, int mode) implements Op
    {
        public Outcome model(final TypeCode t, final long[] m)
        {
            final Outcome rejected = Outcome.rejected(Outcome.inBounds(m.length, i), Models.fits(t, v));
            if (null != rejected)
            {
                return rejected;
            }
            m[i] = v;
            return Outcome.of(null);
        }

        public Object sut(final SharedLongArray a)
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
        public Outcome model(final TypeCode t, final long[] m)
        {
            return Outcome.inBounds(m.length, i) ? Outcome.of(m[i]) : Outcome.threw(IndexOutOfBoundsException.class);
        }

        public Object sut(final SharedLongArray a)
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

    record GetAndAdd(int i, long d) implements Op
    {
        public Outcome model(final TypeCode t, final long[] m)
        {
            if (!Outcome.inBounds(m.length, i))
            {
                return Outcome.threw(IndexOutOfBoundsException.class);
            }
            final Long r = Models.add(t, m[i], d);
            if (null == r)
            {
                return Outcome.threw(IllegalArgumentException.class);
            }
            final long prev = m[i];
            m[i] = r;
            return Outcome.of(prev);
        }

        public Object sut(final SharedLongArray a)
        {
            return a.getAndAdd(i, d);
        }
    }

    record AddAndGet(int i, long d) implements Op
    {
        public Outcome model(final TypeCode t, final long[] m)
        {
            final Outcome o = new GetAndAdd(i, d).model(t, m);
            return null == o.thrown() ? Outcome.of(m[i]) : o;
        }

        public Object sut(final SharedLongArray a)
        {
            return a.addAndGet(i, d);
        }
    }

    record Cas(int i, long expect, long update) implements Op
    {
        public Outcome model(final TypeCode t, final long[] m)
        {
            final Outcome rejected = Outcome.rejected(Outcome.inBounds(m.length, i), Models.fits(t, update));
            if (null != rejected)
            {
                return rejected;
            }
            if (m[i] == expect)
            {
                m[i] = update;
                return Outcome.of(true);
            }
            return Outcome.of(false);
        }

        public Object sut(final SharedLongArray a)
        {
            return a.compareAndSet(i, expect, update);
        }
    }

    record GetAndSet(int i, long v) implements Op
    {
        public Outcome model(final TypeCode t, final long[] m)
        {
            final Outcome rejected = Outcome.rejected(Outcome.inBounds(m.length, i), Models.fits(t, v));
            if (null != rejected)
            {
                return rejected;
            }
            final long prev = m[i];
            m[i] = v;
            return Outcome.of(prev);
        }

        public Object sut(final SharedLongArray a)
        {
            return a.getAndSet(i, v);
        }
    }

    record Fill(int from, int to, long v) implements Op
    {
        public Outcome model(final TypeCode t, final long[] m)
        {
            final Outcome rejected = Outcome.rejected(Outcome.rangeOk(m.length, from, to), Models.fits(t, v));
            if (null != rejected)
            {
                return rejected;
            }
            Arrays.fill(m, from, to, v);
            return Outcome.of(null);
        }

        public Object sut(final SharedLongArray a)
        {
            a.fill(from, to, v);
            return null;
        }
    }

    record Negate(int from, int to) implements Op
    {
        public Outcome model(final TypeCode t, final long[] m)
        {
            if (!Outcome.rangeOk(m.length, from, to))
            {
                return Outcome.threw(IndexOutOfBoundsException.class);
            }
            for (int k = from; k < to; k++)
            {
                m[k] = Models.negate(t, m[k]);
            }
            return Outcome.of(null);
        }

        public Object sut(final SharedLongArray a)
        {
            a.negate(from, to);
            return null;
        }
    }

    /** transform(x -> x + k): elements before the first out-of-range result are changed, the rest not. */
    record AddAll(int from, int to, long k) implements Op
    {
        public Outcome model(final TypeCode t, final long[] m)
        {
            if (!Outcome.rangeOk(m.length, from, to))
            {
                return Outcome.threw(IndexOutOfBoundsException.class);
            }
            for (int j = from; j < to; j++)
            {
                final long r = m[j] + k;
                if (!Models.fits(t, r))
                {
                    return Outcome.threw(IllegalArgumentException.class);
                }
                m[j] = r;
            }
            return Outcome.of(null);
        }

        public Object sut(final SharedLongArray a)
        {
            a.transform(from, to, x -> x + k);
            return null;
        }
    }

    record CopyFrom(List<Long> values, int to) implements Op
    {
        public Outcome model(final TypeCode t, final long[] m)
        {
            if (to < 0 || to + values.size() > m.length)
            {
                return Outcome.threw(IndexOutOfBoundsException.class);
            }
            for (final long v : values)
            {
                if (!Models.fits(t, v))
                {
                    return Outcome.threw(IllegalArgumentException.class);
                }
            }
            for (int k = 0; k < values.size(); k++)
            {
                m[to + k] = values.get(k);
            }
            return Outcome.of(null);
        }

        public Object sut(final SharedLongArray a)
        {
            final long[] src = new long[values.size() + 2];
            for (int k = 0; k < values.size(); k++)
            {
                src[k + 1] = values.get(k);
            }
            a.copyFrom(src, 1, to, values.size());
            return null;
        }
    }

    record Sum(int from, int to) implements Op
    {
        public Outcome model(final TypeCode t, final long[] m)
        {
            if (!Outcome.rangeOk(m.length, from, to))
            {
                return Outcome.threw(IndexOutOfBoundsException.class);
            }
            long s = 0;
            for (int k = from; k < to; k++)
            {
                s += m[k];
            }
            return Outcome.of(s);
        }

        public Object sut(final SharedLongArray a)
        {
            return a.sum(from, to);
        }
    }

    record MinMax() implements Op
    {
        public Outcome model(final TypeCode t, final long[] m)
        {
            final boolean u64 = t.isUnsigned() && t.size() == 8;
            long min = m[0];
            long max = m[0];
            for (final long v : m)
            {
                min = (u64 ? Long.compareUnsigned(v, min) < 0 : v < min) ? v : min;
                max = (u64 ? Long.compareUnsigned(v, max) > 0 : v > max) ? v : max;
            }
            return Outcome.of(List.of(min, max));
        }

        public Object sut(final SharedLongArray a)
        {
            return List.of(a.min(), a.max());
        }
    }
}
