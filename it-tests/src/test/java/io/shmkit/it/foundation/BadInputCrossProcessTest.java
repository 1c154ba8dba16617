package io.shmkit.it.foundation;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.extension.ExtendWith;

import io.shmkit.SharedDoubleArray;
import io.shmkit.SharedLongArray;
import io.shmkit.it.ChildJvm;
import io.shmkit.segment.ShmOptions;
import io.shmkit.test.ShmLeakCheck;

/**
 * Misuse that could crash a JVM if the library touched unmapped or truncated memory: run in child JVMs, so a
 * crash shows as an exit code instead of taking the test runner down.
 */
@ExtendWith(ShmLeakCheck.class)
class BadInputCrossProcessTest
{
    @Test
    void shouldThrowNotCrashOnUseAfterCloseInCompiledCode()
    {
        try (SharedDoubleArray a = SharedDoubleArray.create(ShmLeakCheck.name("uac"), 'd', 4096);
             ChildJvm c = ChildJvm.start(java.util.List.of(ChildJvm.ADD_EXPORTS, "-XX:-TieredCompilation"),
                 BadInputChildren.UseAfterClose.class, a.name()))
        {
            assertEquals(0, c.waitFor(120), c.stdout() + c.stderr());
            assertTrue(c.stdout().contains("rejected=100001"), c.stdout());
            a.unlink();
        }
    }

    @ParameterizedTest
    @CsvSource({"getAndAdd, 4096", "compareAndSet, 4096", "getAndSet, 4096", "lock, 0"})
    void shouldThrowNotCrashOnAnAtomicOperationPastATruncatedEnd(final String op, final long keep)
        throws java.io.IOException
    {
        final String name = ShmLeakCheck.name("truncated-" + op);
        SharedLongArray.create(name, 'q', 1 << 16, ShmOptions.defaults().withPersistent(true).withStripes(16))
            .close();
        // a crash's report goes to the temporary directory, not into the working tree
        final String errorFile = "-XX:ErrorFile=" + System.getProperty("java.io.tmpdir") + "/shmkit-hs_err_%p.log";
        try (ChildJvm c = ChildJvm.start(java.util.List.of(ChildJvm.ADD_EXPORTS, errorFile),
            BadInputChildren.TruncatedAtomic.class, name, op, Long.toString(keep)))
        {
            final int code = c.waitFor(120);
            assertEquals(0, code, op + ": the JVM must not crash (exit " + code + ")\n" + c.stdout() + c.stderr());
            assertTrue(c.stdout().contains("caught java.lang.InternalError"), c.stdout());
        }
        finally
        {
            // no longer a segment once truncated below its header: removed as a plain file
            java.nio.file.Files.deleteIfExists(ShmOptions.defaults().root().resolve(name));
        }
    }

    @Test
    void shouldSurviveTruncationOfAMappedFileByAnotherProcess()
    {
        final String name = ShmLeakCheck.name("truncated");
        SharedDoubleArray.create(name, 'd', 1 << 20, ShmOptions.defaults().withPersistent(true)).close();
        try (ChildJvm c = ChildJvm.start(BadInputChildren.TruncatedUnderneath.class, name))
        {
            final int code = c.waitFor(120);
            assertEquals(0, code, "the JVM must not crash (exit " + code + ")\n" + c.stdout() + c.stderr());
            assertTrue(c.stdout().contains("caught"), c.stdout());
        }
        finally
        {
            io.shmkit.Segments.remove(name, ShmOptions.defaults());
        }
    }
}
