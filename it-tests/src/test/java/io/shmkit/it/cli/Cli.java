package io.shmkit.it.cli;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Runs the real {@code shmkit} jar ({@code cli/target/shmkit-cli-<version>-all.jar}, built by cli's
 * {@code package}, which the reactor runs before these tests) as a child process.
 *
 * <p>The jar is started with plain {@code java -jar}: its manifest's {@code Add-Exports} entry gives it the
 * {@code jdk.internal.misc} export that Agrona needs, so this also checks that entry.
 */
final class Cli
{
    /** Bound of every wait on a child process. */
    static final long TIMEOUT_SECONDS = 60;

    private Cli()
    {
    }

    /** Exit code and output of a finished run. */
    record Result(int code, String out, String err)
    {
        List<String> outLines()
        {
            return out.isEmpty() ? List.of() : Arrays.asList(out.split("\n"));
        }
    }

    /**
     * The jar, located relative to the it-tests module's directory (the working directory of the tests).
     *
     * @return the newest {@code shmkit-cli-*-all.jar} in {@code ../cli/target}.
     */
    static Path jar()
    {
        final Path target = Path.of(System.getProperty("user.dir")).resolve("../cli/target").normalize();
        final List<Path> jars = new ArrayList<>();
        if (Files.isDirectory(target))
        {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(target, "shmkit-cli-*-all.jar"))
            {
                ds.forEach(jars::add);
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException(ex);
            }
        }
        if (jars.isEmpty())
        {
            fail("no shmkit-cli-*-all.jar in " + target + ": build cli first (mvn -pl cli,it-tests -am verify)");
        }
        jars.sort((a, b) -> Long.compare(b.toFile().lastModified(), a.toFile().lastModified()));
        return jars.get(0);
    }

    /**
     * The {@code java} launcher of this JVM.
     *
     * @return its path.
     */
    static String java()
    {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /**
     * Start {@code java -jar shmkit.jar args...} with its output on pipes.
     *
     * @param args the tool's arguments.
     * @return the started process.
     */
    static Process start(final String... args)
    {
        final List<String> command = new ArrayList<>(List.of(java(), "-jar", jar().toString()));
        command.addAll(Arrays.asList(args));
        try
        {
            return new ProcessBuilder(command).start();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * Run the tool to completion (bounded by {@link #TIMEOUT_SECONDS}).
     *
     * @param args the tool's arguments.
     * @return exit code and output.
     */
    static Result run(final String... args)
    {
        final Process p = start(args);
        final Lines out = new Lines(p.getInputStream());
        final Lines err = new Lines(p.getErrorStream());
        try
        {
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS))
            {
                p.destroyForcibly();
                fail("shmkit " + String.join(" ", args) + " did not finish within " + TIMEOUT_SECONDS + " s");
            }
            return new Result(p.exitValue(), out.all(), err.all());
        }
        catch (final InterruptedException ex)
        {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    /** The lines of a child's output stream, collected by a daemon thread. */
    static final class Lines
    {
        private static final String EOF = new String("<eof>");
        private final BlockingQueue<String> queue = new LinkedBlockingQueue<>();
        private final StringBuilder seen = new StringBuilder();
        private final Thread reader;

        Lines(final InputStream in)
        {
            reader = new Thread(() ->
            {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)))
                {
                    String line;
                    while (null != (line = r.readLine()))
                    {
                        queue.add(line);
                    }
                }
                catch (final IOException ex)
                {
                    // the process went away: what was read is all there is
                }
                finally
                {
                    queue.add(EOF);
                }
            }, "child-output");
            reader.setDaemon(true);
            reader.start();
        }

        /**
         * Wait (bounded) for a line matching {@code p}.
         *
         * @param p       what to wait for.
         * @param seconds how long to wait at most.
         * @return the matching line.
         * @throws AssertionError if the stream ends or the time runs out first.
         */
        String await(final Predicate<String> p, final long seconds) throws InterruptedException
        {
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            while (true)
            {
                final long left = deadline - System.nanoTime();
                final String line = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : null;
                if (null == line)
                {
                    return fail("no matching line within " + seconds + " s; output so far:\n" + seen);
                }
                if (EOF == line)
                {
                    queue.add(EOF);
                    return fail("output ended without a matching line; output:\n" + seen);
                }
                seen.append(line).append('\n');
                if (p.test(line))
                {
                    return line;
                }
            }
        }

        /**
         * Everything up to the end of the stream (bounded by {@link #TIMEOUT_SECONDS}).
         *
         * @return the text, lines ended by {@code \n}.
         */
        String all() throws InterruptedException
        {
            reader.join(TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS));
            if (reader.isAlive())
            {
                fail("output did not end within " + TIMEOUT_SECONDS + " s; so far:\n" + seen);
            }
            String line;
            while (null != (line = queue.poll()) && EOF != line)
            {
                seen.append(line).append('\n');
            }
            return seen.toString();
        }
    }
}
