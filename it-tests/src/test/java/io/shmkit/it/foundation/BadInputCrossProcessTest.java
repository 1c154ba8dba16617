package io.shmkit.it.foundation;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.shmkit.SharedDoubleArray;
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
