package io.shmkit.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the class-data archive cache needs to know of a child's JDK: its {@code release} file (part of the
 * archive's key) and its feature version (which kind of archive it makes and takes).
 *
 * <p><b>Note:</b> static and stateless; thread-safe.
 */
final class JdkRelease
{
    private static final Pattern JAVA_VERSION = Pattern.compile("^JAVA_VERSION=\"([0-9]+)", Pattern.MULTILINE);

    /** The {@code release} file of the JDK of {@code java}, or empty. */
    static String readRelease(final Path java)
    {
        final Path home = javaHome(java);
        if (null != home)
        {
            try
            {
                return Files.readString(home.resolve("release"), StandardCharsets.UTF_8);
            }
            catch (final IOException ignore)
            {
                // no release file: fall through
            }
        }
        return "";
    }

    private static Path javaHome(final Path java)
    {
        final Path bin = java.toAbsolutePath().getParent();
        return null == bin ? null : bin.getParent();
    }

    /**
     * The feature version of the JDK of {@code java}: this JVM's if it is this JVM's executable, else from the
     * JDK's {@code release} file; -1 if unknown.
     */
    static int featureVersion(final Path java, final String release)
    {
        final Path own = Path.of(System.getProperty("java.home"), "bin", "java");
        try
        {
            if (Files.isSameFile(own, java))
            {
                return Runtime.version().feature();
            }
        }
        catch (final IOException ignore)
        {
            // fall through to the release file
        }
        final Matcher m = JAVA_VERSION.matcher(release);
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }

    private JdkRelease()
    {
    }
}
