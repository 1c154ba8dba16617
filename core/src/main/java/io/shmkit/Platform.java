package io.shmkit;

import org.agrona.UnsafeApi;

/**
 * Checks, once, that this JVM lets Agrona reach {@code jdk.internal.misc.Unsafe}, and turns the JVM's
 * {@link IllegalAccessError} into an error message that names the missing flag.
 */
final class Platform
{
    /** The JVM option every JVM that uses shmkit needs. */
    static final String REQUIRED_JVM_FLAG = "--add-exports java.base/jdk.internal.misc=ALL-UNNAMED";

    private static final Throwable UNSAFE_FAILURE = probe();

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

    static void ensureUnsafeAccess()
    {
        if (null != UNSAFE_FAILURE)
        {
            throw new IllegalStateException(
                "shmkit cannot reach jdk.internal.misc.Unsafe through Agrona: start this JVM with " +
                REQUIRED_JVM_FLAG + " (or put it in JDK_JAVA_OPTIONS)", UNSAFE_FAILURE);
        }
    }
}
