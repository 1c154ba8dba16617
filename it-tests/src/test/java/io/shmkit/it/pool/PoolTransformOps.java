package io.shmkit.it.pool;

import java.util.function.DoubleUnaryOperator;
import java.util.function.LongUnaryOperator;

/** User operations of {@link PoolTransformsTest}, loaded by class name in the pool's workers. */
public final class PoolTransformOps
{
    /** The element at which {@link ThrowingNegate} throws. */
    static final double THROW_AT = 3_000.0;

    private PoolTransformOps()
    {
    }

    /** {@code 3x + 1} on doubles: a user operation whose result a plain-Java loop checks. */
    public static final class ThreeXPlusOne implements DoubleUnaryOperator
    {
        @Override
        public double applyAsDouble(final double x)
        {
            return 3 * x + 1;
        }
    }

    /** {@code x * 7 - 2} on integers. */
    public static final class SevenXMinusTwo implements LongUnaryOperator
    {
        @Override
        public long applyAsLong(final long x)
        {
            return x * 7 - 2;
        }
    }

    /** Negates, but throws at {@link #THROW_AT}. */
    public static final class ThrowingNegate implements DoubleUnaryOperator
    {
        @Override
        public double applyAsDouble(final double x)
        {
            if (x == THROW_AT)
            {
                throw new ArithmeticException("no negation of " + x + " today");
            }
            return -x;
        }
    }
}
