package io.shmkit.internal.mem;

import org.agrona.UnsafeApi;

/**
 * Typed loads, stores and compare-and-sets at absolute addresses, for every element width, in the four
 * access modes of {@code VarHandle}. Callers pass a constant mode, so after inlining each call is one
 * machine access. Loads of unsigned types zero-extend into the {@code long}.
 *
 * <p>Private accessors elsewhere follow the JCTools prefixes only in comments: "lv" load volatile, "sv" store
 * volatile, "so" store ordered (release), "lp"/"sp" plain.
 */
public final class Mem
{
    /** Plain access: no ordering beyond program order in this thread. */
    public static final int PLAIN = 0;
    /** Opaque access: coherent and not torn, no ordering with other addresses. */
    public static final int OPAQUE = 1;
    /** Acquire loads and release stores. */
    public static final int ORDERED = 2;
    /** Volatile (sequentially consistent) access. */
    public static final int VOLATILE = 3;

    private Mem()
    {
    }

    /*
     * NOTE: every method here must stay well under C2's FreqInlineSize (325 bytes of bytecode): a hot callee
     * above it is not inlined ("hot method too big"), and then neither the width nor the mode folds away and
     * every element access pays a call. So the loads dispatch on the width here and on the mode in one small
     * method per width.
     * DELIBERATE REPEATS: the switches per width and per mode are alike by design; each folds to one instruction.
     */
    public static long loadLong(final long a, final int size, final boolean unsigned, final int mode)
    {
        switch (size)
        {
            case 8:
                return load64(a, mode);
            case 4:
            {
                final int v = load32(a, mode);
                return unsigned ? v & 0xFFFF_FFFFL : v;
            }
            case 2:
            {
                final short v = load16(a, mode);
                return unsigned ? v & 0xFFFFL : v;
            }
            default:
            {
                final byte v = load8(a, mode);
                return unsigned ? v & 0xFFL : v;
            }
        }
    }

    private static long load64(final long a, final int mode)
    {
        switch (mode)
        {
            case PLAIN: return UnsafeApi.getLong(null, a);
            case OPAQUE: return UnsafeApi.getLongOpaque(null, a);
            case ORDERED: return UnsafeApi.getLongAcquire(null, a);
            default: return UnsafeApi.getLongVolatile(null, a);
        }
    }

    private static int load32(final long a, final int mode)
    {
        switch (mode)
        {
            case PLAIN: return UnsafeApi.getInt(null, a);
            case OPAQUE: return UnsafeApi.getIntOpaque(null, a);
            case ORDERED: return UnsafeApi.getIntAcquire(null, a);
            default: return UnsafeApi.getIntVolatile(null, a);
        }
    }

    private static short load16(final long a, final int mode)
    {
        switch (mode)
        {
            case PLAIN: return UnsafeApi.getShort(null, a);
            case OPAQUE: return UnsafeApi.getShortOpaque(null, a);
            case ORDERED: return UnsafeApi.getShortAcquire(null, a);
            default: return UnsafeApi.getShortVolatile(null, a);
        }
    }

    private static byte load8(final long a, final int mode)
    {
        switch (mode)
        {
            case PLAIN: return UnsafeApi.getByte(null, a);
            case OPAQUE: return UnsafeApi.getByteOpaque(null, a);
            case ORDERED: return UnsafeApi.getByteAcquire(null, a);
            default: return UnsafeApi.getByteVolatile(null, a);
        }
    }

    public static void storeLong(final long a, final int size, final long v, final int mode)
    {
        switch (size)
        {
            case 8: store64(a, v, mode); return;
            case 4: store32(a, (int)v, mode); return;
            case 2: store16(a, (short)v, mode); return;
            default: store8(a, (byte)v, mode); return;
        }
    }

    private static void store64(final long a, final long v, final int mode)
    {
        switch (mode)
        {
            case PLAIN: UnsafeApi.putLong(null, a, v); return;
            case OPAQUE: UnsafeApi.putLongOpaque(null, a, v); return;
            case ORDERED: UnsafeApi.putLongRelease(null, a, v); return;
            default: UnsafeApi.putLongVolatile(null, a, v); return;
        }
    }

    private static void store32(final long a, final int v, final int mode)
    {
        switch (mode)
        {
            case PLAIN: UnsafeApi.putInt(null, a, v); return;
            case OPAQUE: UnsafeApi.putIntOpaque(null, a, v); return;
            case ORDERED: UnsafeApi.putIntRelease(null, a, v); return;
            default: UnsafeApi.putIntVolatile(null, a, v); return;
        }
    }

    private static void store16(final long a, final short v, final int mode)
    {
        switch (mode)
        {
            case PLAIN: UnsafeApi.putShort(null, a, v); return;
            case OPAQUE: UnsafeApi.putShortOpaque(null, a, v); return;
            case ORDERED: UnsafeApi.putShortRelease(null, a, v); return;
            default: UnsafeApi.putShortVolatile(null, a, v); return;
        }
    }

    private static void store8(final long a, final byte v, final int mode)
    {
        switch (mode)
        {
            case PLAIN: UnsafeApi.putByte(null, a, v); return;
            case OPAQUE: UnsafeApi.putByteOpaque(null, a, v); return;
            case ORDERED: UnsafeApi.putByteRelease(null, a, v); return;
            default: UnsafeApi.putByteVolatile(null, a, v); return;
        }
    }

    /**
     * Read the byte at {@code a} with a plain access, before an atomic operation there. A fault in a plain
     * {@code Unsafe} access (a page past the end of a segment file that another process truncated) becomes an
     * {@link InternalError} in HotSpot, in compiled and interpreted code alike; a fault in an interpreted atomic
     * operation is not caught and kills the JVM with SIGBUS. So every atomic operation on mapped memory in the
     * library goes through this class, which reads first: what was a crash is the error the plain accesses give
     * (compiled code, where the read may be dropped, turns a fault in the atomic operation into it as well).
     *
     * @param a the address of the atomic operation.
     */
    public static void probe(final long a)
    {
        UnsafeApi.getByte(null, a);
    }

    /** Volatile 64-bit CAS, after {@link #probe}. */
    public static boolean cas64(final long a, final long expect, final long update)
    {
        probe(a);
        return UnsafeApi.compareAndSetLong(null, a, expect, update);
    }

    /** Volatile 64-bit get-and-add, after {@link #probe}. */
    public static long getAndAdd64(final long a, final long delta)
    {
        probe(a);
        return UnsafeApi.getAndAddLong(null, a, delta);
    }

    /** Volatile CAS of the low {@code size} bytes; values are already range-checked. */
    public static boolean casLong(final long a, final int size, final long expect, final long update)
    {
        probe(a);
        switch (size)
        {
            case 8: return UnsafeApi.compareAndSetLong(null, a, expect, update);
            case 4: return UnsafeApi.compareAndSetInt(null, a, (int)expect, (int)update);
            case 2: return UnsafeApi.compareAndSetShort(null, a, (short)expect, (short)update);
            default: return UnsafeApi.compareAndSetByte(null, a, (byte)expect, (byte)update);
        }
    }

    /** Volatile get-and-set of the low {@code size} bytes; returns the previous value sign- or zero-extended. */
    public static long getAndSetLong(final long a, final int size, final boolean unsigned, final long v)
    {
        probe(a);
        switch (size)
        {
            case 8: return UnsafeApi.getAndSetLong(null, a, v);
            case 4:
            {
                final int p = UnsafeApi.getAndSetInt(null, a, (int)v);
                return unsigned ? p & 0xFFFF_FFFFL : p;
            }
            case 2:
            {
                final short p = UnsafeApi.getAndSetShort(null, a, (short)v);
                return unsigned ? p & 0xFFFFL : p;
            }
            default:
            {
                final byte p = UnsafeApi.getAndSetByte(null, a, (byte)v);
                return unsigned ? p & 0xFFL : p;
            }
        }
    }

    public static double loadDouble(final long a, final boolean isFloat, final int mode)
    {
        if (isFloat)
        {
            switch (mode)
            {
                case PLAIN: return UnsafeApi.getFloat(null, a);
                case OPAQUE: return UnsafeApi.getFloatOpaque(null, a);
                case ORDERED: return UnsafeApi.getFloatAcquire(null, a);
                default: return UnsafeApi.getFloatVolatile(null, a);
            }
        }
        switch (mode)
        {
            case PLAIN: return UnsafeApi.getDouble(null, a);
            case OPAQUE: return UnsafeApi.getDoubleOpaque(null, a);
            case ORDERED: return UnsafeApi.getDoubleAcquire(null, a);
            default: return UnsafeApi.getDoubleVolatile(null, a);
        }
    }

    public static void storeDouble(final long a, final boolean isFloat, final double v, final int mode)
    {
        if (isFloat)
        {
            final float f = (float)v;
            switch (mode)
            {
                case PLAIN: UnsafeApi.putFloat(null, a, f); return;
                case OPAQUE: UnsafeApi.putFloatOpaque(null, a, f); return;
                case ORDERED: UnsafeApi.putFloatRelease(null, a, f); return;
                default: UnsafeApi.putFloatVolatile(null, a, f); return;
            }
        }
        switch (mode)
        {
            case PLAIN: UnsafeApi.putDouble(null, a, v); return;
            case OPAQUE: UnsafeApi.putDoubleOpaque(null, a, v); return;
            case ORDERED: UnsafeApi.putDoubleRelease(null, a, v); return;
            default: UnsafeApi.putDoubleVolatile(null, a, v); return;
        }
    }

    /** Volatile CAS comparing raw bit patterns (so NaN can match NaN, and 0.0 does not match -0.0). */
    public static boolean casDoubleBits(final long a, final boolean isFloat, final double expect, final double update)
    {
        probe(a);
        if (isFloat)
        {
            return UnsafeApi.compareAndSetInt(
                null, a, Float.floatToRawIntBits((float)expect), Float.floatToRawIntBits((float)update));
        }
        return UnsafeApi.compareAndSetLong(
            null, a, Double.doubleToRawLongBits(expect), Double.doubleToRawLongBits(update));
    }
}
