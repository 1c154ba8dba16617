package io.shmkit.transform;

import java.util.Objects;
import java.util.function.DoubleUnaryOperator;
import java.util.function.LongUnaryOperator;

import io.shmkit.SharedArray;
import io.shmkit.SharedDoubleArray;
import io.shmkit.SharedLongArray;
import io.shmkit.segment.TypeCode;

/**
 * An element-wise, in-place operation that {@link Transforms} runs in child JVMs: a built-in one, or a user
 * class named by class name. Results follow the rules of the array's typecode, as core's bulk methods do:
 * <ul>
 *   <li>{@link #negate()} is C's unary minus in the element's width: it wraps ({@code -(-128)} is {@code -128}
 *       for {@code 'b'}, {@code -1} is {@code 255} for {@code 'B'}).</li>
 *   <li>For the 1-, 2- and 4-byte integer typecodes every other result out of range is rejected: the child
 *       fails with an {@link IllegalArgumentException} naming the value, and the call reports the partition.
 *       For {@code 'q'} and {@code 'l'}, arithmetic wraps as Java's {@code long} does; for {@code 'Q'} and
 *       {@code 'L'}, it is modulo 2<sup>64</sup> on the unsigned bits, {@link #abs()} is the identity and
 *       {@link #clamp} compares unsigned.</li>
 *   <li>For {@code 'f'}, a finite result whose magnitude overflows a {@code float} is rejected likewise.</li>
 * </ul>
 * A constant for an integer typecode must be an integer (a {@code long}, or a {@code double} with an integral
 * value); {@link #sqrt()} exists only for {@code 'f'} and {@code 'd'}.
 *
 * <p><b>Throws:</b> IllegalArgumentException ({@link #clamp(double, double)} with a NaN bound or {@code lo > hi};
 * {@link #user(String)} with an invalid class name; {@link #user(Class)} with a class that implements neither operator
 * interface or has no public no-argument constructor; {@link #checkApplicable} for a typecode the operation cannot run
 * on). In a child, a result out of range fails it as above.
 *
 * <p><b>Note:</b> immutable and thread-safe.
 */
public final class TransformOp
{
    static final int NEGATE = 0;
    static final int ABS = 1;
    static final int ADD = 2;
    static final int MULTIPLY = 3;
    static final int CLAMP = 4;
    static final int SQUARE = 5;
    static final int SQRT = 6;
    static final int USER = 7;
    static final String[] NAMES = {"negate", "abs", "add", "multiply", "clamp", "square", "sqrt", "user"};

    final int kind;
    final boolean integral;
    final long l1;
    final long l2;
    final double d1;
    final double d2;
    final String className;

    TransformOp(
        final int kind, final boolean integral, final long l1, final long l2, final double d1, final double d2,
        final String className)
    {
        this.kind = kind;
        this.integral = integral;
        this.l1 = l1;
        this.l2 = l2;
        this.d1 = d1;
        this.d2 = d2;
        this.className = className;
    }

    static TransformOp simple(final int kind)
    {
        return new TransformOp(kind, true, 0, 0, 0, 0, null);
    }

    static TransformOp ofLongs(final int kind, final long a, final long b)
    {
        return new TransformOp(kind, true, a, b, a, b, null);
    }

    static TransformOp ofDoubles(final int kind, final double a, final double b)
    {
        final boolean integral = isIntegral(a) && isIntegral(b);
        return new TransformOp(kind, integral, integral ? (long)a : 0, integral ? (long)b : 0, a, b, null);
    }

    private static boolean isIntegral(final double v)
    {
        return v == Math.rint(v) && v >= -0x1p63 && v < 0x1p63;
    }

    /**
     * {@code x -> -x}, wrapping for integer typecodes.
     *
     * @return the operation.
     */
    public static TransformOp negate()
    {
        return simple(NEGATE);
    }

    /**
     * {@code x -> |x|}; the identity for unsigned typecodes.
     *
     * @return the operation.
     */
    public static TransformOp abs()
    {
        return simple(ABS);
    }

    /**
     * {@code x -> x + k}.
     *
     * @param k the constant.
     * @return the operation.
     */
    public static TransformOp add(final long k)
    {
        return ofLongs(ADD, k, 0);
    }

    /**
     * {@code x -> x + k}; for an integer typecode {@code k} must have an integral value.
     *
     * @param k the constant.
     * @return the operation.
     */
    public static TransformOp add(final double k)
    {
        return ofDoubles(ADD, k, 0);
    }

    /**
     * {@code x -> x * k}.
     *
     * @param k the constant.
     * @return the operation.
     */
    public static TransformOp multiply(final long k)
    {
        return ofLongs(MULTIPLY, k, 0);
    }

    /**
     * {@code x -> x * k}; for an integer typecode {@code k} must have an integral value.
     *
     * @param k the constant.
     * @return the operation.
     */
    public static TransformOp multiply(final double k)
    {
        return ofDoubles(MULTIPLY, k, 0);
    }

    /**
     * {@code x -> min(max(x, lo), hi)}.
     *
     * The bounds are checked against the array's typecode when a transform starts
     * ({@link #checkApplicable(TypeCode)}), for every typecode: {@code lo > hi} is rejected then, in unsigned
     * order for {@code 'Q'} and {@code 'L'} (so {@code clamp(1, -1)} is valid there), in signed order otherwise,
     * floating-point arrays included.
     *
     * @param lo lower bound.
     * @param hi upper bound, not below {@code lo} (unsigned order for {@code 'Q'} and {@code 'L'}).
     * @return the operation (this factory itself accepts any pair; see above).
     */
    public static TransformOp clamp(final long lo, final long hi)
    {
        return ofLongs(CLAMP, lo, hi);
    }

    /**
     * {@code x -> min(max(x, lo), hi)}; NaN stays NaN. For an integer typecode both bounds must be integral.
     *
     * @param lo lower bound.
     * @param hi upper bound, not below {@code lo}.
     * @return the operation.
     * @throws IllegalArgumentException if a bound is NaN or {@code lo > hi}.
     */
    public static TransformOp clamp(final double lo, final double hi)
    {
        if (Double.isNaN(lo) || Double.isNaN(hi) || lo > hi)
        {
            throw new IllegalArgumentException("clamp bounds lo=" + lo + " hi=" + hi + " must be numbers, lo <= hi");
        }
        return ofDoubles(CLAMP, lo, hi);
    }

    /**
     * {@code x -> x * x}.
     *
     * @return the operation.
     */
    public static TransformOp square()
    {
        return simple(SQUARE);
    }

    /**
     * {@code x -> sqrt(x)}, for {@code 'f'} and {@code 'd'} only (NaN for negative values).
     *
     * @return the operation.
     */
    public static TransformOp sqrt()
    {
        return new TransformOp(SQRT, false, 0, 0, 0, 0, null);
    }

    /**
     * A user operation: a class on the child's class path with a public no-argument constructor, implementing
     * {@link DoubleUnaryOperator} (for {@code 'f'} and {@code 'd'}) or {@link LongUnaryOperator} (for integer
     * typecodes, receiving and returning values as {@link SharedLongArray#get(long)} reads them). Each child
     * creates one instance and calls it for the elements of the units it takes (its own partition's, then
     * those left of the others'), in ascending order within a unit, under the stripe locks.
     *
     * @param className binary class name.
     * @return the operation.
     * @throws IllegalArgumentException if the name is not a valid binary class name.
     */
    public static TransformOp user(final String className)
    {
        return new TransformOp(USER, true, 0, 0, 0, 0, UserOperators.checkName(className));
    }

    /**
     * A user operation class; see {@link #user(String)}.
     *
     * @param type a class implementing {@link DoubleUnaryOperator} or {@link LongUnaryOperator}.
     * @return the operation.
     * @throws IllegalArgumentException if it implements neither or has no public no-argument constructor.
     */
    public static TransformOp user(final Class<?> type)
    {
        if (!DoubleUnaryOperator.class.isAssignableFrom(type) && !LongUnaryOperator.class.isAssignableFrom(type))
        {
            throw new IllegalArgumentException("user operation " + type.getName() +
                " implements neither DoubleUnaryOperator nor LongUnaryOperator");
        }
        UserOperators.checkConstructor(type);
        return user(type.getName());
    }

    /**
     * The operation's name: {@code negate}, {@code abs}, {@code add}, {@code multiply}, {@code clamp},
     * {@code square}, {@code sqrt} or {@code user}.
     *
     * @return the name.
     */
    public String name()
    {
        return NAMES[kind];
    }

    /**
     * Check that this operation can run on an array of {@code type}; for a user class that this JVM can load,
     * also that it implements the right interface.
     *
     * @param type the array's typecode.
     * @throws IllegalArgumentException naming the operation and the typecode if it cannot (among others, a
     *                                  {@link #clamp(long, long)} whose {@code lo > hi} in the typecode's order).
     */
    public void checkApplicable(final TypeCode type)
    {
        Objects.requireNonNull(type, "type");
        if (type.isFloatingPoint())
        {
            if (kind == CLAMP && (integral ? l1 > l2 : d1 > d2))
            {
                throw new IllegalArgumentException(this + ": lo > hi for typecode " + type);
            }
            if (kind == USER)
            {
                UserOperators.checkClass(className, DoubleUnaryOperator.class, type);
            }
            return;
        }
        if (kind == SQRT)
        {
            throw new IllegalArgumentException(
                "sqrt is not defined for typecode " + type + ": it holds integers (use a 'f' or 'd' array)");
        }
        if (!integral)
        {
            throw new IllegalArgumentException(
                this + " needs integral constants for typecode " + type + ", which holds integers");
        }
        if (kind == CLAMP)
        {
            if (!type.fits(l1) || !type.fits(l2))
            {
                throw new IllegalArgumentException(this + ": bounds out of range for typecode " + type);
            }
            final int c = type.isUnsigned() && type.size() == 8 ? Long.compareUnsigned(l1, l2) : Long.compare(l1, l2);
            if (c > 0)
            {
                throw new IllegalArgumentException(this + ": lo > hi for typecode " + type);
            }
        }
        if (kind == USER)
        {
            UserOperators.checkClass(className, LongUnaryOperator.class, type);
        }
    }

    // ---------------------------------------------------------------- child side

    /** The operation as one command-line token ({@link OpCodec}). */
    String encode()
    {
        return OpCodec.encode(this);
    }

    /**
     * The operation for a floating-point array, one instance per child.
     *
     * @throws IllegalStateException for negate, which has no operator: it runs the arrays' own {@code negate}.
     */
    DoubleUnaryOperator doubleOperator() throws ReflectiveOperationException
    {
        return kind == USER ? UserOperators.instantiate(className, DoubleUnaryOperator.class, TypeCode.DOUBLE) :
            BuiltInOperators.forDoubles(this);
    }

    /**
     * The operation for an integer array of {@code type}, one instance per child.
     *
     * @throws IllegalStateException for negate, which has no operator (it runs the arrays' own {@code negate}),
     *                               and for sqrt.
     */
    LongUnaryOperator longOperator(final TypeCode type) throws ReflectiveOperationException
    {
        return kind == USER ? UserOperators.instantiate(className, LongUnaryOperator.class, type) :
            BuiltInOperators.forLongs(this, type);
    }

    /** Whether this is a user class, not a built-in operation (pure, shmkit's own code). */
    boolean isUser()
    {
        return kind == USER;
    }

    boolean isNegate()
    {
        return kind == NEGATE;
    }

    /** Apply to [from, to) of {@code array} with its bulk methods (which lock stripes not already held). */
    static void apply(
        final SharedArray array, final long from, final long to, final boolean negate,
        final DoubleUnaryOperator dop, final LongUnaryOperator lop)
    {
        if (array instanceof SharedDoubleArray)
        {
            final SharedDoubleArray d = (SharedDoubleArray)array;
            if (negate)
            {
                d.negate(from, to);
            }
            else
            {
                d.transform(from, to, dop);
            }
        }
        else
        {
            final SharedLongArray l = (SharedLongArray)array;
            if (negate)
            {
                l.negate(from, to);
            }
            else
            {
                l.transform(from, to, lop);
            }
        }
    }

    @Override
    public boolean equals(final Object o)
    {
        return o instanceof TransformOp && ((TransformOp)o).encode().equals(encode());
    }

    @Override
    public int hashCode()
    {
        return encode().hashCode();
    }

    @Override
    public String toString()
    {
        switch (kind)
        {
            case ADD:
            case MULTIPLY:
                return NAMES[kind] + "(" + (integral ? Long.toString(l1) : Double.toString(d1)) + ")";
            case CLAMP:
                return "clamp(" + (integral ? l1 + ", " + l2 : d1 + ", " + d2) + ")";
            case USER:
                return "user(" + className + ")";
            default:
                return NAMES[kind] + "()";
        }
    }
}
