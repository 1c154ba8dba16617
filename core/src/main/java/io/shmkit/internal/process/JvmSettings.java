package io.shmkit.internal.process;

import java.util.regex.Pattern;

/**
 * Checks of the settings of a child JVM.
 *
 * <p><b>Note:</b> static and stateless; thread-safe. Not API.
 */
public final class JvmSettings
{
    /** A heap size as {@code -Xmx} takes it: a positive number with an optional unit. */
    private static final Pattern HEAP_SIZE = Pattern.compile("[1-9][0-9]*[kKmMgGtT]?");

    private JvmSettings()
    {
    }

    /**
     * Check a maximum heap size as {@code -Xmx} takes it.
     *
     * @param size e.g. {@code "64m"}, or null for the JVM's default.
     * @return {@code size}.
     * @throws IllegalArgumentException if the size is not null and not a positive number with an optional unit
     *                                  ({@code k}, {@code m}, {@code g}, {@code t}).
     */
    public static String checkHeapSize(final String size)
    {
        if (null != size && !HEAP_SIZE.matcher(size).matches())
        {
            throw new IllegalArgumentException("heap size '" + size + "' must be like 64m, 512k or 2g");
        }
        return size;
    }
}
