package io.shmkit.test;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import io.shmkit.segment.ShmOptions;

/**
 * Test support: unique segment names with a per-JVM prefix, and a JUnit 5 extension that fails a test which
 * leaves a file with that prefix under the shared-memory root (removing it, so one leak does not cascade).
 *
 * <p>Use {@code @ExtendWith(ShmLeakCheck.class)} and {@link #name(String)} for every segment a test creates,
 * in this JVM or in a child it starts.
 */
public final class ShmLeakCheck implements AfterEachCallback
{
    private static final String PREFIX = "shmkit-test-" + ProcessHandle.current().pid() + "-";
    private static final AtomicLong COUNTER = new AtomicLong();

    /**
     * A segment name unique to this JVM and call, carrying the JVM's test prefix.
     *
     * @param what a short label for the test.
     * @return the name.
     */
    public static String name(final String what)
    {
        return PREFIX + COUNTER.incrementAndGet() + "-" + what;
    }

    /**
     * The prefix of every name made by {@link #name(String)} in this JVM.
     *
     * @return the prefix.
     */
    public static String prefix()
    {
        return PREFIX;
    }

    /**
     * Files under the default root whose name contains this JVM's prefix (temporary creation files included).
     *
     * @return the leaked paths.
     */
    public static List<Path> leftovers()
    {
        try (Stream<Path> s = Files.list(ShmOptions.defaults().root()))
        {
            return s.filter(p -> p.getFileName().toString().contains(PREFIX)).collect(Collectors.toList());
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    @Override
    public void afterEach(final ExtensionContext context) throws IOException
    {
        final List<Path> left = leftovers();
        for (final Path p : left)
        {
            Files.deleteIfExists(p);
        }
        if (!left.isEmpty())
        {
            fail(context.getDisplayName() + " left segments behind: " + left);
        }
    }
}
