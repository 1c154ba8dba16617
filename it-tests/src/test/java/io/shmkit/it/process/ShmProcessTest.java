package io.shmkit.it.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import io.shmkit.SharedDoubleArray;
import io.shmkit.SharedLong;
import io.shmkit.process.ChildProcessException;
import io.shmkit.process.ShmProcess;
import io.shmkit.process.ShmProcessBuilder;
import io.shmkit.it.Await;
import io.shmkit.test.ShmLeakCheck;

@Timeout(180)
@ExtendWith(ShmLeakCheck.class)
class ShmProcessTest
{
    private static final Duration LIMIT = Duration.ofSeconds(60);

    private final List<AutoCloseable> toClose = new ArrayList<>();
    private final List<ShmProcess> children = new ArrayList<>();

    @AfterEach
    void cleanUp() throws Exception
    {
        for (final ShmProcess p : children)
        {
            p.close();
        }
        for (final AutoCloseable c : toClose)
        {
            if (c instanceof SharedLong)
            {
                ((SharedLong)c).unlink();
            }
            else if (c instanceof SharedDoubleArray)
            {
                ((SharedDoubleArray)c).unlink();
            }
            c.close();
        }
        Children.assertNoChildProcessesAfter(30);
    }

    private ShmProcess started(final ShmProcessBuilder builder)
    {
        final ShmProcess p = builder.start();
        children.add(p);
        return p;
    }

    private SharedLong value(final String suffix)
    {
        final SharedLong v = SharedLong.create(ShmLeakCheck.name(suffix), 'q', 0);
        toClose.add(v);
        return v;
    }

    @Test
    void shouldNegateArrayInChildLikePythonsClassicExample() throws Exception
    {
        final SharedDoubleArray a = SharedDoubleArray.create(ShmLeakCheck.name("arr"), 'd', 10);
        toClose.add(a);
        for (int i = 0; i < 10; i++)
        {
            a.set(i, i);
        }

        final ShmProcess p = started(ShmProcess.builder().task(Children.NegateTask.class).share(a));
        p.joinAndCheck(LIMIT);

        assertEquals(0, p.exitCode().orElseThrow());
        for (int i = 0; i < 10; i++)
        {
            assertEquals(-(double)i, a.get(i), "element " + i);
        }
    }

    @Test
    void shouldWakeAChildBlockedOnItsWakeChannel() throws Exception
    {
        final SharedLong count = value("wake");
        final ShmProcess p = started(ShmProcess.builder().task(Children.WakeCountTask.class).share(count)
            .wakeChannel(true));
        Await.until(60, () -> count.get() == 1, () -> "the child to start waiting, count " + count.get());
        for (long n = 2; n <= 4; n++)
        {
            assertTrue(p.wake(), "a live child with a channel can be woken");
            final long expected = n;
            Await.until(60, () -> count.get() == expected, () -> "wake-up " + expected + ", count " + count.get());
        }
        assertTrue(p.isAlive(), "between wake-ups the child blocks, it does not end");
        p.close();
        assertFalse(p.wake(), "a closed child's channel is closed");
    }

    @Test
    void shouldEndTheWaitAtOnceWithoutAWakeChannel() throws Exception
    {
        final SharedLong count = value("nowake");
        final ShmProcess p = started(ShmProcess.builder().task(Children.WakeCountTask.class).share(count));
        p.joinAndCheck(LIMIT);
        assertEquals(1 + Children.WakeCountTask.CHANNEL_ENDED, count.get(), "no channel: the wait ends, no wake-up");
        assertFalse(p.wake(), "nothing to wake through");
    }

    @Test
    void shouldRunMainClassWithArgumentsAndHandedOverValue() throws Exception
    {
        final SharedLong v = value("v");

        final ShmProcess p = started(ShmProcess.builder().mainClass(Children.SetValueMain.class).share(v).args("4242")
            .heap("64m"));
        p.joinAndCheck(LIMIT);

        assertEquals(4242, v.get());
        assertTrue(p.command().contains("-Xmx64m"), "heap option passed: " + p.command());
        assertTrue(p.command().contains("--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED"), "shmkit flag passed");
    }

    @Test
    void shouldPassTheEnvironmentAndWorkingDirectory() throws Exception
    {
        final Path dir = Files.createTempDirectory("shmkit-child-dir").toRealPath();
        try
        {
            final ShmProcess p = started(ShmProcess.builder().mainClass(Children.EnvAndDirMain.class)
                .args("SHMKIT_TEST_ENV").environment("SHMKIT_TEST_ENV", "value-31").workingDirectory(dir)
                .stdout(ShmProcess.Output.CAPTURE));
            p.joinAndCheck(LIMIT);

            assertTrue(p.stdoutTail().contains("env=value-31"), p.stdoutTail());
            assertTrue(p.stdoutTail().contains("dir=" + dir), p.stdoutTail());
        }
        finally
        {
            Files.delete(dir);
        }
    }

    @Test
    void shouldReportFailingChildWithExitCodeAndStderrTail() throws Exception
    {
        final ShmProcess p = started(ShmProcess.builder().mainClass(Children.FailingMain.class).args("marker-77")
            .stderr(ShmProcess.Output.CAPTURE));

        final ChildProcessException ex = assertThrows(ChildProcessException.class, () -> p.joinAndCheck(LIMIT));

        assertEquals(ChildProcessException.EXIT_TASK_FAILED, ex.exitCode());
        assertEquals(p.pid(), ex.pid());
        assertTrue(ex.stderrTail().contains("IllegalStateException: boom from the child: marker-77"), ex.stderrTail());
        assertTrue(ex.getMessage().contains("exit code " + ChildProcessException.EXIT_TASK_FAILED + " (the task threw"),
            ex.getMessage());
        assertTrue(ex.getMessage().contains("marker-77"), "message carries the tail: " + ex.getMessage());
    }

    @Test
    void shouldReportUnknownEntryClassAsUsageFailure() throws Exception
    {
        final ShmProcess p = started(ShmProcess.builder().task("io.shmkit.it.process.NoSuchTask")
            .stderr(ShmProcess.Output.CAPTURE));

        final ChildProcessException ex = assertThrows(ChildProcessException.class, () -> p.joinAndCheck(LIMIT));

        assertEquals(ChildProcessException.EXIT_USAGE, ex.exitCode());
        assertTrue(ex.stderrTail().contains("cannot load entry class 'io.shmkit.it.process.NoSuchTask'"),
            ex.stderrTail());
    }

    @Test
    void shouldRejectBadBuilderInput()
    {
        final IllegalArgumentException heap =
            assertThrows(IllegalArgumentException.class, () -> ShmProcess.builder().heap("lots"));
        assertTrue(heap.getMessage().contains("'lots'"), heap.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ShmProcess.builder().watchdogInterval(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> ShmProcess.builder().share("--root"));
        final IllegalStateException noEntry =
            assertThrows(IllegalStateException.class, () -> ShmProcess.builder().start());
        assertTrue(noEntry.getMessage().contains("no entry"), noEntry.getMessage());
    }

    @Test
    void shouldKeepOnlyTheTailOfAChattyChildsOutputWithoutBlockingIt() throws Exception
    {
        final ShmProcess p = started(ShmProcess.builder().task(Children.ChattyTask.class).args("2")
            .stdout(ShmProcess.Output.CAPTURE).stderr(ShmProcess.Output.CAPTURE).tailCapacity(4096));

        p.joinAndCheck(LIMIT);

        assertTrue(p.stderrTail().length() <= 4096, "bounded: " + p.stderrTail().length());
        assertTrue(p.stderrTail().endsWith("last line of stderr\n"), "tail kept");
        assertTrue(p.stdoutTail().endsWith("last line of stdout\n"), "tail kept");
    }

    @Test
    void shouldTerminateWithSigtermAndKillWithSigkill() throws Exception
    {
        final SharedLong f1 = value("f1");
        final SharedLong f2 = value("f2");
        final ShmProcess p1 = started(ShmProcess.builder().task(Children.WaitTask.class).share(f1).args("120"));
        final ShmProcess p2 = started(ShmProcess.builder().task(Children.WaitTask.class).share(f2).args("120"));
        Await.until(LIMIT.toSeconds(), () -> f1.get() != 0 && f2.get() != 0, () -> "both children to start");
        assertTrue(p1.isAlive() && p2.isAlive(), "children wait for the flags");
        assertTrue(p1.exitCode().isEmpty(), "no exit code while running");

        p1.terminate();
        p2.kill();

        assertTrue(p1.join(LIMIT), "terminated child ends");
        assertTrue(p2.join(LIMIT), "killed child ends");
        assertEquals(128 + 15, p1.exitCode().orElseThrow(), "SIGTERM");
        assertEquals(128 + 9, p2.exitCode().orElseThrow(), "SIGKILL");
        assertEquals(f1.get(), p1.pid());
    }

    @Test
    void shouldTrainClassDataArchiveOnFirstUseAndUseItAfterwards(@TempDir final Path tmp) throws Exception
    {
        final String core = classPathEntry("shmkit-core");
        final String agrona = classPathEntry("agrona");
        Assumptions.assumeTrue(core.endsWith(".jar"), "shmkit core is on the class path as a JAR (reactor build)");
        final Path jar = tmp.resolve("entries.jar");
        writeJar(jar, Children.SetValueMain.class);
        final String cp = jar + File.pathSeparator + core + File.pathSeparator + agrona;
        final Path cache = tmp.resolve("archives");
        final Path classLog = tmp.resolve("class-load-%p.log");
        // The same option for every JVM of the key (it is part of the key): each writes which classes it loaded
        // and from where, so the test can see whether the second child really maps the archive.
        final String logOption = "-Xlog:class+load=info:file=" + classLog;
        final SharedLong v = value("cds");

        // The first child is started by a parent that exits right after it: the trainer must not need it.
        final ShmProcess shortLived = started(ShmProcess.builder().mainClass(Children.StartThenExitMain.class)
            .args(cp, cache.toString(), v.name(), "1", logOption).stderr(ShmProcess.Output.CAPTURE));
        shortLived.joinAndCheck(LIMIT);
        assertEquals(1, v.get(), "the first child ran");
        Await.until(LIMIT.toSeconds(), () ->
        {
            failFastOnTrainingFailure(cache);
            return archives(cache).size() == 1 && !training(cache);
        }, () -> "the archive to be trained after its parent exited; cache: " + listing(cache));
        final ShmProcess second = started(ShmProcess.builder().mainClass(Children.SetValueMain.class).share(v)
            .args("2").classPath(cp).archiveDirectory(cache).classDataArchive(true).jvmOptions(logOption)
            .stderr(ShmProcess.Output.CAPTURE));
        second.joinAndCheck(LIMIT);

        final String archive = archives(cache).get(0).toString();
        assertTrue(second.command().stream().anyMatch(o -> o.endsWith("=" + archive)),
            "second child is told to use " + archive + ": " + second.command());
        assertEquals(2, v.get(), "the child using the archive ran");
        final String loaded = Files.readString(tmp.resolve("class-load-" + second.pid() + ".log"));
        final String entry = Children.SetValueMain.class.getName();
        assertTrue(loaded.lines().anyMatch(l -> l.contains(entry) && l.contains("shared objects file")),
            "the second child loads " + entry + " from the archive: " +
            loaded.lines().filter(l -> l.contains(entry)).toList());
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(cache)));
        assertTrue(Files.isRegularFile(Path.of(archive + ".log")), "the trainer logs: " + listing(cache));
        assertEquals(List.of(), listing(cache).stream().filter(n -> n.endsWith(".root") || n.contains(".tmp") ||
            n.endsWith(".training") || n.endsWith(".failed")).toList(), "the trainer cleaned up after itself");
    }

    private static void failFastOnTrainingFailure(final Path cache)
    {
        for (final String n : listing(cache))
        {
            if (n.endsWith(".failed"))
            {
                String log;
                try
                {
                    log = Files.readString(cache.resolve(n.substring(0, n.length() - ".failed".length()) + ".log"));
                }
                catch (final IOException ex)
                {
                    log = "(no log: " + ex + ")";
                }
                throw new AssertionError("archive training failed: " + n + "; training log:\n" + log);
            }
        }
    }

    private static List<String> listing(final Path dir)
    {
        try (Stream<Path> s = Files.list(dir))
        {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
        catch (final IOException ex)
        {
            return List.of();
        }
    }

    private static List<Path> archives(final Path dir)
    {
        try (Stream<Path> s = Files.list(dir))
        {
            return s.filter(p -> p.toString().endsWith(".jsa") || p.toString().endsWith(".aot")).toList();
        }
        catch (final IOException ex)
        {
            return List.of();
        }
    }

    private static boolean training(final Path dir)
    {
        try (Stream<Path> s = Files.list(dir))
        {
            return s.anyMatch(p -> p.toString().endsWith(".training") || p.toString().contains(".tmp"));
        }
        catch (final IOException ex)
        {
            return true;
        }
    }

    private static String classPathEntry(final String part)
    {
        for (final String e : System.getProperty("java.class.path").split(File.pathSeparator))
        {
            if (e.contains(part) || (part.equals("shmkit-core") && e.replace('\\', '/').contains("/core/target/")))
            {
                return e;
            }
        }
        throw new AssertionError(part + " is not on the class path");
    }

    private static void writeJar(final Path jar, final Class<?> type) throws IOException
    {
        final String entry = type.getName().replace('.', '/') + ".class";
        try (OutputStream out = Files.newOutputStream(jar);
             JarOutputStream j = new JarOutputStream(out))
        {
            j.putNextEntry(new JarEntry(entry));
            try (var in = type.getClassLoader().getResourceAsStream(entry))
            {
                in.transferTo(j);
            }
            j.closeEntry();
        }
    }
}
