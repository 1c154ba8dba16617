package io.shmkit;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.shmkit.process.ChildContext;
import io.shmkit.process.ChildTask;
import io.shmkit.process.ShmProcess;
import io.shmkit.test.ShmLeakCheck;

/** The example at the top of README.md, kept compiling and true: a real child JVM negates the array. */
@ExtendWith(ShmLeakCheck.class)
class ReadmeExampleTest
{
    /** The child's work, as in the README. */
    public static class Negate implements ChildTask
    {
        @Override
        public void run(final ChildContext ctx)
        {
            ctx.doubleArray(ctx.sharedName(0)).negate();
        }
    }

    @Test
    void shouldRunTheReadmeExample() throws InterruptedException
    {
        try (SharedDoubleArray arr = SharedDoubleArray.create(ShmLeakCheck.name("classic"), 'd', 10))
        {
            for (int i = 0; i < 10; i++)
            {
                arr.set(i, i);
            }
            ShmProcess.builder().task(Negate.class).share(arr).start()
                .joinAndCheck(Duration.ofMinutes(1));
            assertEquals("[-0.0, -1.0, -2.0, -3.0, -4.0, -5.0, -6.0, -7.0, -8.0, -9.0]", Arrays.toString(arr.toArray()));
            arr.unlink();
        }
    }
}
