package io.shmkit.transform;

import static io.shmkit.transform.TransformOp.ABS;
import static io.shmkit.transform.TransformOp.ADD;
import static io.shmkit.transform.TransformOp.CLAMP;
import static io.shmkit.transform.TransformOp.MULTIPLY;
import static io.shmkit.transform.TransformOp.SQRT;
import static io.shmkit.transform.TransformOp.SQUARE;

import java.util.function.DoubleUnaryOperator;
import java.util.function.LongUnaryOperator;

import io.shmkit.segment.TypeCode;

/**
 * The element operators of the built-in {@link TransformOp}s, for each kind of array. Their methods run per
 * element in a transform child, so they are compiled as its hot path is ({@link TransformJvm#HOT_PATH}).
 *
 * <p><b>Note:</b> static and stateless; each operator is immutable.
 */
final class BuiltInOperators
{
    private BuiltInOperators()
    {
    }

    /**
     * A built-in operation's operator for a floating-point array, one instance per child.
     *
     * @throws IllegalStateException for negate, which has no operator: it runs the arrays' own {@code negate}.
     */
    static DoubleUnaryOperator forDoubles(final TransformOp op)
    {
        switch (op.kind)
        {
            case ABS:
                return new DoubleAbs();
            case ADD:
                return new DoubleAdd(op.d1);
            case MULTIPLY:
                return new DoubleMultiply(op.d1);
            case CLAMP:
                return new DoubleClamp(op.d1, op.d2);
            case SQUARE:
                return new DoubleSquare();
            case SQRT:
                return new DoubleSqrt();
            default:
                throw noOperator(op);
        }
    }

    /**
     * A built-in operation's operator for an integer array of {@code type}, one instance per child.
     *
     * @throws IllegalStateException for negate, which has no operator (it runs the arrays' own {@code negate}),
     *                               and for sqrt.
     */
    static LongUnaryOperator forLongs(final TransformOp op, final TypeCode type)
    {
        final boolean unsigned64 = type.isUnsigned() && type.size() == 8;
        switch (op.kind)
        {
            case ABS:
                return type.isUnsigned() ? new LongIdentity() : new LongAbs();
            case ADD:
                return new LongAdd(op.l1, type.size() < 8);
            case MULTIPLY:
                return new LongMultiply(op.l1, type.size() < 8);
            case CLAMP:
                return unsigned64 ? new UnsignedClamp(op.l1, op.l2) : new LongClamp(op.l1, op.l2);
            case SQUARE:
                return new LongSquare(type.size() < 8);
            default:
                throw noOperator(op);
        }
    }

    private static IllegalStateException noOperator(final TransformOp op)
    {
        return new IllegalStateException(op + " has no element operator here (negate runs the arrays' own " +
            "negate(); sqrt is for 'f' and 'd' only)");
    }

    // Named classes rather than lambdas: a child links fewer call sites at start-up. Alike in shape on purpose
    // (LongAdd and LongMultiply, the clamps): each is called per element, and a shared base class with the
    // arithmetic as a call would put a call in every element's path. The one branch they keep, on the final field
    // 'exact', is the same for every element: once the operator is inlined into the loop, C2 hoists it (unswitches
    // the loop); the transform child's C2 code is tuned on these classes as they are.

    private static final class DoubleAbs implements DoubleUnaryOperator
    {
        @Override
        public double applyAsDouble(final double x)
        {
            return Math.abs(x);
        }
    }

    private static final class DoubleAdd implements DoubleUnaryOperator
    {
        private final double k;

        DoubleAdd(final double k)
        {
            this.k = k;
        }

        @Override
        public double applyAsDouble(final double x)
        {
            return x + k;
        }
    }

    private static final class DoubleMultiply implements DoubleUnaryOperator
    {
        private final double k;

        DoubleMultiply(final double k)
        {
            this.k = k;
        }

        @Override
        public double applyAsDouble(final double x)
        {
            return x * k;
        }
    }

    private static final class DoubleClamp implements DoubleUnaryOperator
    {
        private final double lo;
        private final double hi;

        DoubleClamp(final double lo, final double hi)
        {
            this.lo = lo;
            this.hi = hi;
        }

        @Override
        public double applyAsDouble(final double x)
        {
            return x < lo ? lo : (x > hi ? hi : x);
        }
    }

    private static final class DoubleSquare implements DoubleUnaryOperator
    {
        @Override
        public double applyAsDouble(final double x)
        {
            return x * x;
        }
    }

    private static final class DoubleSqrt implements DoubleUnaryOperator
    {
        @Override
        public double applyAsDouble(final double x)
        {
            return Math.sqrt(x);
        }
    }

    private static final class LongIdentity implements LongUnaryOperator
    {
        @Override
        public long applyAsLong(final long x)
        {
            return x;
        }
    }

    private static final class LongAbs implements LongUnaryOperator
    {
        @Override
        public long applyAsLong(final long x)
        {
            return Math.abs(x);
        }
    }

    private static final class LongAdd implements LongUnaryOperator
    {
        private final long k;
        private final boolean exact;

        LongAdd(final long k, final boolean exact)
        {
            this.k = k;
            this.exact = exact;
        }

        @Override
        public long applyAsLong(final long x)
        {
            if (!exact)
            {
                return x + k;
            }
            try
            {
                return Math.addExact(x, k);
            }
            catch (final ArithmeticException ex)
            {
                throw outOfRange(x, "+", k);
            }
        }
    }

    private static final class LongMultiply implements LongUnaryOperator
    {
        private final long k;
        private final boolean exact;

        LongMultiply(final long k, final boolean exact)
        {
            this.k = k;
            this.exact = exact;
        }

        @Override
        public long applyAsLong(final long x)
        {
            if (!exact)
            {
                return x * k;
            }
            try
            {
                return Math.multiplyExact(x, k);
            }
            catch (final ArithmeticException ex)
            {
                throw outOfRange(x, "*", k);
            }
        }
    }

    private static final class LongClamp implements LongUnaryOperator
    {
        private final long lo;
        private final long hi;

        LongClamp(final long lo, final long hi)
        {
            this.lo = lo;
            this.hi = hi;
        }

        @Override
        public long applyAsLong(final long x)
        {
            return x < lo ? lo : (x > hi ? hi : x);
        }
    }

    private static final class UnsignedClamp implements LongUnaryOperator
    {
        private final long lo;
        private final long hi;

        UnsignedClamp(final long lo, final long hi)
        {
            this.lo = lo;
            this.hi = hi;
        }

        @Override
        public long applyAsLong(final long x)
        {
            return Long.compareUnsigned(x, lo) < 0 ? lo : (Long.compareUnsigned(x, hi) > 0 ? hi : x);
        }
    }

    private static final class LongSquare implements LongUnaryOperator
    {
        private final boolean exact;

        LongSquare(final boolean exact)
        {
            this.exact = exact;
        }

        @Override
        public long applyAsLong(final long x)
        {
            if (!exact)
            {
                return x * x;
            }
            try
            {
                return Math.multiplyExact(x, x);
            }
            catch (final ArithmeticException ex)
            {
                throw outOfRange(x, "*", x);
            }
        }
    }

    /** Narrow typecodes: a result beyond even a {@code long} is out of their range too. */
    private static IllegalArgumentException outOfRange(final long x, final String op, final long k)
    {
        return new IllegalArgumentException("value " + x + " " + op + " " + k + " overflows 64 bits: out of range");
    }
}
