package io.shmkit.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.shmkit.segment.ProcessIdentity;
import io.shmkit.segment.TypeCode;

class ProcessUnitTest
{
    @Test
    void shouldKeepOnlyTheLastBytesInTailBuffer()
    {
        final TailBuffer tail = new TailBuffer(8);
        final byte[] abc = "abcdef".getBytes(StandardCharsets.UTF_8);

        tail.append(abc, 0, abc.length);
        assertEquals("abcdef", tail.text());
        tail.append(abc, 0, abc.length);
        assertEquals("efabcdef", tail.text(), "wraps around, oldest first");
        final byte[] big = "0123456789xyz".getBytes(StandardCharsets.UTF_8);
        tail.append(big, 0, big.length);
        assertEquals("6789xyz".length() + 1, tail.text().length());
        assertEquals("56789xyz", tail.text(), "a write longer than the capacity keeps its end");
        assertEquals(25, tail.totalBytes());
    }

    @Test
    void shouldParseLauncherArgumentsAndRejectBadOnes()
    {
        final ChildCommandLine l = ChildCommandLine.parse(new String[] {
            "--parent", "12:34", "--watch", "100", "--root", "/dev/shm", "--task", "a.B", "--share", "x", "--share",
            "y", "--", "--not-an-option", "z"});

        assertEquals(12, l.parentPid);
        assertEquals(34, l.parentTicks);
        assertEquals(List.of("x", "y"), l.shared);
        assertEquals(List.of("--not-an-option", "z"), l.args);
        final IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
            () -> ChildCommandLine.parse(new String[] {"--parent", "12", "--watch", "100"}));
        assertTrue(bad.getMessage().contains("PID:START_TICKS"), bad.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ChildCommandLine.parse(new String[] {
            "--parent", "1:1", "--watch", "5", "--root", "/", "--train"}));
        assertThrows(IllegalArgumentException.class, () -> ChildCommandLine.parse(new String[] {"--bogus", "1"}));
    }

    @Test
    void shouldReadBackTheCommandLineItWrites()
    {
        final ProcessIdentity me = ProcessIdentity.current();
        final List<String> tail = ChildCommandLine.tail(me, 250, Path.of("/dev/shm"), ChildCommandLine.Kind.TASK,
            "a.B", List.of("x", "y"), List.of("--", "z"));
        final ChildCommandLine l = ChildCommandLine.parse(tail.toArray(new String[0]));
        assertEquals(me, new ProcessIdentity(l.parentPid, l.parentTicks));
        assertEquals(250, l.watchMillis);
        assertEquals(Path.of("/dev/shm"), l.root);
        assertEquals(ChildCommandLine.Kind.TASK, l.kind);
        assertEquals("a.B", l.className);
        assertEquals(List.of("x", "y"), l.shared);
        assertEquals(List.of("--", "z"), l.args, "arguments after -- are the entry's, options or not");

        final ChildCommandLine train = ChildCommandLine.parse(ChildCommandLine.tail(me, 0, Path.of("/r"),
            ChildCommandLine.Kind.TRAIN, null, List.of("c.D"), List.of()).toArray(new String[0]));
        assertEquals(ChildCommandLine.Kind.TRAIN, train.kind);
        assertEquals(List.of("c.D"), train.preload);
        assertEquals("training run", train.describe());
    }

    @Test
    void shouldRecogniseTheCommandLinesOfChildrenAndTrainers()
    {
        final String child = String.join(" ", ShmProcess.builder().task("a.B").classDataArchive(false).command());
        assertTrue(ShmProcess.isChildCommandLine(child, false), child);
        assertFalse(ShmProcess.isChildCommandLine(child, true), "a child is not a trainer");
        assertTrue(ShmProcess.isChildCommandLine("java -cp x.jar " + ChildMain.class.getName() + " " +
            ChildCommandLine.TRAINER_OPTION + " /a 21", true));
        assertFalse(ShmProcess.isChildCommandLine("java -cp x.jar com.example.Main --train", true));
    }

    /** A task that trains. */
    static final class Training implements ChildTask
    {
        @Override
        public void run(final ChildContext context)
        {
        }

        @Override
        public void train(final ChildContext context)
        {
        }
    }

    /** A task that does not. */
    static final class NotTraining implements ChildTask
    {
        @Override
        public void run(final ChildContext context)
        {
        }
    }

    @Test
    void shouldTrainOnlyTasksThatOverrideTheHook() throws Exception
    {
        assertTrue(ChildMain.overridesTrain(Training.class));
        assertFalse(ChildMain.overridesTrain(NotTraining.class));
        assertFalse(ChildMain.overridesTrain(String.class), "not a task");
    }

    @Test
    void shouldDescribeExitCodes()
    {
        assertEquals("exit code 137 (killed by signal 9, SIGKILL)", ChildProcessException.describeExitCode(137));
        assertTrue(ChildProcessException.describeExitCode(1).contains("the JVM itself failed to start"),
            ChildProcessException.describeExitCode(1));
        final String failed = ChildProcessException.describeExitCode(ChildProcessException.EXIT_TASK_FAILED);
        assertTrue(failed.contains("the task threw"), failed);
        assertTrue(ChildProcessException.EXIT_TASK_FAILED != 1 && ChildProcessException.EXIT_USAGE != 1 &&
            ChildProcessException.EXIT_ORPHANED != 1,
            "shmkit's codes are distinct from the java launcher's 1");
        assertEquals("exit code 42", ChildProcessException.describeExitCode(42));
    }

    @Test
    void shouldUseOnlyAPrivateCacheDirectoryAndArchiveFile(@TempDir final Path tmp) throws Exception
    {
        final Path jar = Files.writeString(tmp.resolve("app.jar"), "not really a jar");
        final Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        final Path loose = Files.createDirectory(tmp.resolve("loose"));
        Files.setPosixFilePermissions(loose, PosixFilePermissions.fromString("rwxr-x---"));
        final Path created = tmp.resolve("created");

        assertEquals(null, ChildArchive.forConfiguration(java, jar.toString(), List.of(), loose),
            "a cache directory of mode 0750 is refused");
        final ChildArchive a = ChildArchive.forConfiguration(java, jar.toString(), List.of(), created);
        assertTrue(null != a, "a directory it creates is usable");
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(created)));
        Files.writeString(a.file(), "archive");
        Files.setPosixFilePermissions(a.file(), PosixFilePermissions.fromString("rw-rw----"));
        assertTrue(!a.ready(), "a group-writable archive is not used");
        Files.setPosixFilePermissions(a.file(), PosixFilePermissions.fromString("rw-------"));
        assertTrue(a.ready(), "a private archive is used");
    }

    @Test
    void shouldReadTheEffectiveUid() throws Exception
    {
        final Path probe = Files.createTempFile("shmkit-uid", ".probe");
        try
        {
            assertEquals(((Integer)Files.getAttribute(probe, "unix:uid")).longValue(), ArchiveDirectory.effectiveUid(),
                "the uid in /proc/self/status is the owner of a file this process creates");
        }
        finally
        {
            Files.delete(probe);
        }
    }

    @Test
    void shouldSweepTheRootsOfDeadTrainers(@TempDir final Path tmp) throws Exception
    {
        final Process dead = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-version").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        final long deadPid = dead.pid();
        final ProcessIdentity alive = ProcessIdentity.current();
        assertTrue(dead.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), "java -version ends");
        final Path deadRoot = Files.createDirectory(tmp.resolve("train-" + new ProcessIdentity(deadPid, 1).toText() +
            ".root"));
        Files.writeString(deadRoot.resolve("shmkit-train-x"), "left behind");
        final Path liveRoot = Files.createDirectory(
            tmp.resolve("train-" + alive.toText() + ".root"));

        ArchiveTrainer.sweepDeadTrainers(tmp);

        assertTrue(!Files.exists(deadRoot), "a dead trainer's private root is deleted");
        assertTrue(Files.isDirectory(liveRoot), "a live trainer's private root stays");
    }

    @Test
    void shouldReadProcessIdentitiesInTheirTextForms()
    {
        final ProcessIdentity alive = ProcessIdentity.current();
        assertEquals(alive, ProcessIdentity.parse(alive.toText()), "the text form reads back");
        assertEquals(alive, ProcessIdentity.parse(alive.pid() + ":" + alive.startTicks()));
        assertEquals(null, ProcessIdentity.parse("12345"), "a bare pid is not an identity");
        for (final String bad : new String[] {"", ":", "0:5", "-3:5", "7:-1", "7:x", "x:7", "7:5:3", "7"})
        {
            assertEquals(null, ProcessIdentity.parse(bad), "'" + bad + "' is not an identity");
        }
    }

    @Test
    void shouldKeyArchivesByClassPathAndEvictTheOldest(@TempDir final Path tmp) throws Exception
    {
        final Path jar = Files.writeString(tmp.resolve("app.jar"), "not really a jar");
        final Path dir = tmp.resolve("archives");
        final Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        final ChildArchive a = ChildArchive.forConfiguration(java, jar.toString(), List.of("-Xmx64m"), dir);
        final ChildArchive b = ChildArchive.forConfiguration(java, jar.toString(), List.of("-Xmx32m"), dir);
        final ChildArchive withDirectory = ChildArchive.forConfiguration(java, tmp.toString(), List.of(), dir);

        assertTrue(null != a && null != b, "a class path of JAR files can be archived");
        assertTrue(!a.file().equals(b.file()), "JVM options are part of the key");
        assertEquals(null, withDirectory, "a non-empty directory on the class path cannot be archived");
        for (int i = 0; i < ChildArchive.MAX_ARCHIVES + 3; i++)
        {
            final Path old = Files.writeString(dir.resolve("child-17-old" + i + ".jsa"), "x");
            Files.setLastModifiedTime(old, FileTime.fromMillis(1_000_000L * (i + 1)));
        }
        a.evictOldArchives();

        try (var left = Files.list(dir))
        {
            final List<String> names = left.map(p -> p.getFileName().toString()).sorted().toList();
            assertEquals(ChildArchive.MAX_ARCHIVES, names.size(), names.toString());
            assertTrue(!names.contains("child-17-old0.jsa") && names.contains("child-17-old10.jsa"), names.toString());
        }
    }

    @Test
    void shouldKeyArchivesByTheClassPathItself(@TempDir final Path tmp) throws Exception
    {
        final Path one = Files.writeString(tmp.resolve("one.jar"), "not really a jar");
        final Path two = Files.writeString(tmp.resolve("two.jar"), "not really a jar");
        final Path dir = tmp.resolve("archives");
        final Path java = Path.of(System.getProperty("java.home"), "bin", "java");

        final ChildArchive a = ChildArchive.forConfiguration(java, one.toString(), List.of(), dir);
        final ChildArchive b = ChildArchive.forConfiguration(java, two.toString(), List.of(), dir);
        final ChildArchive again = ChildArchive.forConfiguration(java, one.toString(), List.of(), dir);

        assertTrue(!a.file().equals(b.file()), "another class path, another archive: " + a.file() + " " + b.file());
        assertEquals(a.file(), again.file(), "the same configuration, the same archive");
    }

    @Test
    void shouldClaimTrainingOnceAndTakeOverStaleMarkers(@TempDir final Path tmp) throws Exception
    {
        final Path jar = Files.writeString(tmp.resolve("app.jar"), "not really a jar");
        final Path dir = tmp.resolve("archives"); // created private by forConfiguration
        final ChildArchive a = ChildArchive.forConfiguration(
            Path.of(System.getProperty("java.home"), "bin", "java"), jar.toString(), List.of(), dir);
        final Path marker = a.file().resolveSibling(a.file().getFileName() + ".training");
        final ProcessIdentity me = ProcessIdentity.current();

        assertTrue(new ArchiveTrainer(a).claimTraining(), "no marker: claimed");
        assertEquals(me.pid() + ":" + me.startTicks(), Files.readString(marker).trim(), "the marker names its owner");
        assertFalse(new ArchiveTrainer(a).claimTraining(), "a live owner's marker stands");

        Files.writeString(marker, "999999999:1"); // no such process
        assertTrue(new ArchiveTrainer(a).claimTraining(), "a dead owner's marker is taken over");

        Files.writeString(marker, "garbage");
        assertFalse(new ArchiveTrainer(a).claimTraining(), "an unreadable marker stands while it is recent");
        Files.setLastModifiedTime(marker, FileTime.fromMillis(System.currentTimeMillis() - 24 * 3_600_000L));
        assertTrue(new ArchiveTrainer(a).claimTraining(), "an unreadable old marker is stale");
    }

}
