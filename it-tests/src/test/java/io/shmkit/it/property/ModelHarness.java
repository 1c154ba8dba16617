package io.shmkit.it.property;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.List;
import java.util.function.BiConsumer;

import org.quicktheories.core.Gen;

import io.shmkit.SharedArray;
import io.shmkit.SharedValue;
import io.shmkit.segment.ShmOptions;
import io.shmkit.segment.TypeCode;

/**
 * The harness the model tests share: QuickTheories generates a sequence of operations (and an array length) and
 * shrinks a failing sequence to a short one; the harness applies each operation to a plain-Java model and to a
 * new shared array or value, and checks after every step that both gave the same {@link Outcome} and hold the
 * same elements. The segment is unlinked at the end, pass or fail. (The integer values' model tests use
 * QuickTheories' own stateful harness, {@code Sequential} and {@code Parallel}, with the same {@link Models}.)
 */
final class ModelHarness
{
    /** Longest array generated. */
    static final int MAX_LENGTH = 40;
    /** Longest operation sequence generated. */
    static final int MAX_OPS = 40;
    /** Options of the arrays under test: four stripes, so that range operations cross stripes. */
    static final ShmOptions OPTIONS = ShmOptions.defaults().withStripes(4);

    private ModelHarness()
    {
    }

    /**
     * One operation of a model test.
     *
     * @param <M> the model: a Java array of the element type.
     * @param <S> the system under test.
     */
    interface Op<M, S>
    {
        /**
         * What the contract says the operation does: change {@code model} and give the outcome.
         *
         * @param t     the typecode under test.
         * @param model the model, changed in place.
         * @return the expected outcome: a value, or the exception the contract names.
         */
        Outcome model(TypeCode t, M model);

        /**
         * The operation on the system under test.
         *
         * @param sut the shared array or value.
         * @return its result (null for none); exceptions are caught by {@link Outcome#run}.
         */
        Object sut(S sut);
    }

    /**
     * Compares the model's elements with the array's after a step.
     *
     * @param <M> the model.
     * @param <S> the system under test.
     */
    interface SameState<M, S>
    {
        /**
         * Fail unless the shared array or value holds what the model holds.
         *
         * @param model the model.
         * @param sut   the shared array or value.
         * @param after the step, for the message.
         */
        void check(M model, S sut, String after);
    }

    /**
     * Run {@code examples} generated cases.
     *
     * @param examples how many cases.
     * @param ops      the operations to draw from.
     * @param check    runs one case: a length from 1 to {@link #MAX_LENGTH} and 1 to {@link #MAX_OPS} operations.
     * @param <O>      the operation type.
     */
    static <O> void forAll(final int examples, final Gen<O> ops, final BiConsumer<Integer, List<O>> check)
    {
        qt().withExamples(examples).withShrinkCycles(200)
            .forAll(integers().between(1, MAX_LENGTH), lists().of(ops).ofSizeBetween(1, MAX_OPS))
            .checkAssert(check);
    }

    /**
     * Indices to generate: every valid one of the longest array and a few out of bounds on either side.
     *
     * @return the generator.
     */
    static Gen<Integer> indices()
    {
        return integers().between(-2, MAX_LENGTH + 2);
    }

    /**
     * Access modes to generate: 0 plain, 1 opaque, 2 acquire/release, 3 volatile.
     *
     * @return the generator.
     */
    static Gen<Integer> modes()
    {
        return integers().between(0, 3);
    }

    /**
     * Apply {@code ops} to the model and to {@code sut} step by step, asserting after each that both gave the same
     * outcome and that {@code sameState} holds; then unlink and close {@code sut}, pass or fail.
     *
     * @param t         the typecode of {@code sut}.
     * @param sut       a new {@link SharedArray} as long as the model, or a new {@link SharedValue} equal to the
     *                  model's one element.
     * @param model     the model.
     * @param ops       the operations.
     * @param sameState the comparison of the elements.
     * @param <M>       the model type.
     * @param <S>       the type of the array or value.
     */
    static <M, S extends AutoCloseable> void check(
        final TypeCode t, final S sut, final M model, final List<? extends Op<M, S>> ops,
        final SameState<M, S> sameState)
    {
        try
        {
            int step = 0;
            for (final Op<M, S> op : ops)
            {
                final Outcome expected = op.model(t, model);
                final Outcome actual = Outcome.run(() -> op.sut(sut));
                assertTrue(expected.sameAs(actual),
                    "step " + step + " " + op + ": model " + expected + ", actual " + actual);
                sameState.check(model, sut, "step " + step + " " + op);
                step++;
            }
        }
        finally
        {
            remove(sut);
        }
    }

    private static void remove(final AutoCloseable sut)
    {
        if (sut instanceof SharedArray a)
        {
            a.unlink();
            a.close();
        }
        else if (sut instanceof SharedValue v)
        {
            v.unlink();
            v.close();
        }
        else
        {
            throw new IllegalArgumentException("not a shared array or value: " + sut);
        }
    }
}
