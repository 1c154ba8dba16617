package io.shmkit.internal.os;

import org.agrona.UnsafeApi;

/**
 * Checks, once, that this JVM lets Agrona reach {@code jdk.internal.misc.Unsafe}, and turns the JVM's
 * {@link IllegalAccessError} into an error message that names the missing flag.
 */
public final class Platform
{
    /** The JVM option every JVM that uses shmkit needs. */
    public static final String REQUIRED_JVM_FLAG = "--add-exports java.base/jdk.internal.misc=ALL-UNNAMED";

    private static final Throwable UNSAFE_FAILURE = probe();
    /** Base offset of {@code long[]} data, or -1 if Unsafe is unreachable. */
    public static final long LONG_ARRAY_BASE = null == UNSAFE_FAILURE ? UnsafeApi.arrayBaseOffset(long[].class) : -1;
    /** Base offset of {@code double[]} data, or -1 if Unsafe is unreachable. */
    public static final long DOUBLE_ARRAY_BASE =
        null == UNSAFE_FAILURE ? UnsafeApi.arrayBaseOffset(double[].class) : -1;

    // NOTE: no class that a user touches before a segment exists may use UnsafeApi in its static initialiser,
    // or a JVM without the flag fails with a bare IllegalAccessError instead of the message below.
    private Platform()
    {
    }

    private static Throwable probe()
    {
        try
        {
            UnsafeApi.arrayBaseOffset(byte[].class);
            return null;
        }
        catch (final LinkageError ex)
        {
            return ex;
        }
    }

    public static void ensureUnsafeAccess()
    {
        if (null != UNSAFE_FAILURE)
        {
            throw new IllegalStateException(
                "shmkit cannot reach jdk.internal.misc.Unsafe through Agrona: start this JVM with " +
                REQUIRED_JVM_FLAG + " (or put it in JDK_JAVA_OPTIONS)", UNSAFE_FAILURE);
        }
    }
}
