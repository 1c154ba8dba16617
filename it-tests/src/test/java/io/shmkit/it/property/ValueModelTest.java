package io.shmkit.it.property;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.quicktheories.core.Gen;
import org.quicktheories.core.stateful.Command;
import org.quicktheories.core.stateful.Parallel;
import org.quicktheories.core.stateful.Sequential;
import org.quicktheories.generators.Generate;

import io.shmkit.SharedDouble;
import io.shmkit.SharedLong;
import io.shmkit.segment.TypeCode;
import io.shmkit.test.ShmLeakCheck;

/**
 * Model-based tests of {@link SharedLong} and {@link SharedDouble} with QuickTheories' stateful API:
 * {@link Sequential#modelCheck} compares the value and the result of every command with the model after each
 * step; {@link Parallel#parallelCheck} runs short command sequences on several threads and checks that the
 * end state is one that some sequential order produces (the atomic operations are linearizable). The
 * floating-point values run through {@link ModelHarness}; all share the rules of {@link Models}.
 */
@ExtendWith(ShmLeakCheck.class)
class ValueModelTest
{
    /** Model state: the value and what the last command returned. */
    record State(long value, Outcome last)
    {
    }

    /** The system under test, plus the outcome of the last command run on it. */
    static final class Cell
    {
        final SharedLong value;
        Outcome last;

        Cell(final SharedLong value)
        {
            this.value = value;
        }
    }

    /** Creates one segment per system under test and removes them all afterwards. */
    static final class Cells implements AutoCloseable
    {
        final TypeCode type;
        final List<SharedLong> made = new ArrayList<>();

        Cells(final TypeCode type)
        {
            this.type = type;
        }

        Cell create(final long initial)
        {
            final SharedLong v = SharedLong.create(ShmLeakCheck.name("value"), type.code(), initial);
            made.add(v);
            return new Cell(v);
        }

        @Override
        public void close()
        {
            for (final SharedLong v : made)
            {
                v.unlink();
                v.close();
            }
        }
    }

    // The records below look alike (a guard, the change, the outcome) on purpose: one record per operation, so
    // that a failure names it.
    interface Op
    {
        /** The model: the outcome, and the new value in {@code v[0]}. */
        Outcome model(TypeCode t, long[] v);

        Object sut(SharedLong v);
    }

    record Set(long x) implements Op
    {
        public Outcome model(final TypeCode t, final long[] v)
        {
            final Outcome rejected = Outcome.rejected(true, Models.fits(t, x));
            if (null != rejected)
            {
                return rejected;
            }
            v[0] = x;
            return Outcome.of(null);
        }

        public Object sut(final SharedLong v)
        {
            v.set(x);
            return null;
        }
    }

    record GetAndAdd(long d) implements Op
    {
        public Outcome model(final TypeCode t, final long[] v)
        {
            final Long r = Models.add(t, v[0], d);
            if (null == r)
            {
                return Outcome.threw(IllegalArgumentException.class);
            }
            final long prev = v[0];
            v[0] = r;
            return Outcome.of(prev);
        }

        public Object sut(final SharedLong v)
        {
            return v.getAndAdd(d);
        }
    }

    record Increment() implements Op
    {
        public Outcome model(final TypeCode t, final long[] v)
        {
            final Outcome o = new GetAndAdd(1).model(t, v);
            return null == o.thrown() ? Outcome.of(v[0]) : o;
        }

        public Object sut(final SharedLong v)
        {
            return v.incrementAndGet();
        }
    }

    record Decrement() implements Op
    {
        public Outcome model(final TypeCode t, final long[] v)
        {
            final Outcome o = new GetAndAdd(-1).model(t, v);
            return null == o.thrown() ? Outcome.of(v[0]) : o;
        }

        public Object sut(final SharedLong v)
        {
            return v.decrementAndGet();
        }
    }

    record Cas(long expect, long update) implements Op
    {
        public Outcome model(final TypeCode t, final long[] v)
        {
            final Outcome rejected = Outcome.rejected(true, Models.fits(t, update));
            if (null != rejected)
            {
                return rejected;
            }
            final boolean match = v[0] == expect;
            if (match)
            {
                v[0] = update;
            }
            return Outcome.of(match);
        }

        public Object sut(final SharedLong v)
        {
            return v.compareAndSet(expect, update);
        }
    }

    record GetAndSet(long x) implements Op
    {
        public Outcome model(final TypeCode t, final long[] v)
        {
            final Outcome rejected = Outcome.rejected(true, Models.fits(t, x));
            if (null != rejected)
            {
                return rejected;
            }
            final long prev = v[0];
            v[0] = x;
            return Outcome.of(prev);
        }

        public Object sut(final SharedLong v)
        {
            return v.getAndSet(x);
        }
    }

    record HalveAndGet() implements Op
    {
        public Outcome model(final TypeCode t, final long[] v)
        {
            v[0] = v[0] / 2;
            return Outcome.of(v[0]);
        }

        public Object sut(final SharedLong v)
        {
            return v.updateAndGet(x -> x / 2);
        }
    }

    static Gen<Op> ops(final TypeCode t)
    {
        final Gen<Long> v = Models.longValues(t);
        return Generate.oneOf(
            v.map(Set::new), v.map(GetAndAdd::new), Generate.constant(new Increment()),
            Generate.constant(new Decrement()), v.zip(v, Cas::new), v.map(GetAndSet::new),
            Generate.constant(new HalveAndGet()),
            longs().between(-2, 2).zip(longs().between(-2, 2), Cas::new));
    }

    /** Adapts an op to QuickTheories' {@link Command}, with the full state (value and last outcome). */
    record Step(TypeCode t, Op op) implements Command<Cell, State>
    {
        @Override
        public void run(final Cell sut)
        {
            sut.last = Outcome.run(() -> op.sut(sut.value));
        }

        @Override
        public State nextState(final State s)
        {
            final long[] v = {s.value()};
            final Outcome o = op.model(t, v);
            return new State(v[0], o);
        }

        @Override
        public String toString()
        {
            return op.toString();
        }
    }

    /** Adapts an op to a {@link Command} whose state is the value alone, for parallel runs. */
    record ValueStep(TypeCode t, Op op) implements Command<Cell, Long>
    {
        @Override
        public void run(final Cell sut)
        {
            Outcome.run(() -> op.sut(sut.value));
        }

        @Override
        public Long nextState(final Long s)
        {
            final long[] v = {s};
            op.model(t, v);
            return v[0];
        }

        @Override
        public String toString()
        {
            return op.toString();
        }
    }

    @ParameterizedTest(name = "typecode {0}")
    @ValueSource(chars = {'b', 'B', 'h', 'H', 'i', 'I', 'l', 'L', 'q', 'Q'})
    void shouldMatchTheModelStepByStep(final char code)
    {
        final TypeCode t = TypeCode.of(code);
        qt().withExamples(100).withShrinkCycles(100)
            .forAll(lists().of(ops(t).map(op -> new Step(t, op))).ofSizeBetween(1, 30))
            .checkAssert(steps ->
            {
                try (Cells cells = new Cells(t))
                {
                    Sequential.modelCheck(new State(0, null), steps, s -> cells.create(s.value()),
                        cell -> new State(cell.value.get(), cell.last));
                }
            });
    }

    @ParameterizedTest(name = "typecode {0}")
    @ValueSource(chars = {'B', 'i', 'Q'})
    void shouldBeLinearizableAcrossThreads(final char code)
    {
        final TypeCode t = TypeCode.of(code);
        final Parallel parallel = new Parallel(60, TimeUnit.SECONDS);
        final Function<Op, ValueStep> step = op -> new ValueStep(t, op);
        qt().withExamples(40).withShrinkCycles(50)
            .forAll(lists().of(ops(t).map(step)).ofSizeBetween(1, 5))
            .checkAssert(steps ->
            {
                try (Cells cells = new Cells(t))
                {
                    parallel.parallelCheck(0L, steps, s -> cells.create(s), cell -> cell.value.get(), 3);
                }
            });
    }

    @ParameterizedTest(name = "typecode {0}")
    @ValueSource(chars = {'f', 'd'})
    void shouldMatchTheModelForFloatingPointValues(final char code)
    {
        final TypeCode t = TypeCode.of(code);
        final Gen<Double> v = Models.doubleValues();
        final Gen<DoubleOp> ops = Generate.oneOf(
            v.zip(booleans().all(), SetDouble::new), v.zip(booleans().all(), AddDouble::new));
        qt().withExamples(200).withShrinkCycles(100)
            .forAll(lists().of(ops).ofSizeBetween(1, 20))
            .checkAssert(sequence -> ModelHarness.check(
                t, SharedDouble.create(ShmLeakCheck.name("dvalue"), code, 0.0), new double[1], sequence,
                (model, sut, after) -> assertTrue(Outcome.sameDouble(model[0], sut.get()),
                    () -> "value after " + after + ": model " + model[0] + ", value " + sut.get())));
    }

    /** An operation on a {@code double[1]} model and a {@link SharedDouble}. */
    interface DoubleOp extends ModelHarness.Op<double[], SharedDouble>
    {
    }

    /** {@code set(x)}, or {@code getAndSet(x)} if {@code swap}. */
    record SetDouble(double x, boolean swap) implements DoubleOp
    {
        public Outcome model(final TypeCode t, final double[] v)
        {
            final Outcome rejected = Outcome.rejected(true, Models.fits(t, x));
            if (null != rejected)
            {
                return rejected;
            }
            final double prev = v[0];
            v[0] = Models.stored(t, x);
            return Outcome.of(swap ? prev : null);
        }

        public Object sut(final SharedDouble v)
        {
            if (swap)
            {
                return v.getAndSet(x);
            }
            v.set(x);
            return null;
        }
    }

    /** {@code getAndAdd(d)}, or {@code addAndGet(d)} if {@code after}. */
    record AddDouble(double d, boolean after) implements DoubleOp
    {
        public Outcome model(final TypeCode t, final double[] v)
        {
            final double next = v[0] + d;
            final Outcome rejected = Outcome.rejected(true, Models.fits(t, next));
            if (null != rejected)
            {
                return rejected;
            }
            final double prev = v[0];
            v[0] = Models.stored(t, next);
            return Outcome.of(after ? v[0] : prev);
        }

        public Object sut(final SharedDouble v)
        {
            return after ? v.addAndGet(d) : v.getAndAdd(d);
        }
    }
}
