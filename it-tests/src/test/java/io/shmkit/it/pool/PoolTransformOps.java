package io.shmkit.it.pool;

import java.util.function.DoubleUnaryOperator;
import java.util.function.LongUnaryOperator;

import io.shmkit.SharedLong;
import io.shmkit.codec.Codec;
import io.shmkit.codec.Codecs;
import io.shmkit.it.Await;
import io.shmkit.pool.PoolTask;
import io.shmkit.pool.WorkerContext;

/** User operations of {@link PoolTransformsTest}, loaded by class name in the pool's workers. */
public final class PoolTransformOps
{
    /** The system property (a JVM option of the pool's workers) naming the test's flag value. */
    static final String FLAG_PROPERTY = "shmkit.test.pool.flag";
    /** The element at which {@link BlockingNegate} stops. */
    static final double TRIGGER = 10_500.0;
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

    /**
     * Negates; at {@link #TRIGGER} writes its pid into the flag named by {@link #FLAG_PROPERTY} and blocks (bounded,
     * 60 s) so that the test can kill its pool worker mid-transform, inside the trigger's stripe.
     */
    public static final class BlockingNegate implements DoubleUnaryOperator
    {
        private final SharedLong flag = SharedLong.open(System.getProperty(FLAG_PROPERTY));

        @Override
        public double applyAsDouble(final double x)
        {
            if (x == TRIGGER)
            {
                flag.set(ProcessHandle.current().pid());
                Await.until(60, () -> false, () -> "being killed");
            }
            return -x;
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

    /** A pool task that returns its argument: the pool still runs tasks. */
    public static final class Echo implements PoolTask<Long, Long>
    {
        @Override
        public Codec<Long> argumentCodec()
        {
            return Codecs.longs();
        }

        @Override
        public Codec<Long> resultCodec()
        {
            return Codecs.longs();
        }

        @Override
        public Long apply(final Long argument, final WorkerContext context)
        {
            return argument;
        }
    }
}
