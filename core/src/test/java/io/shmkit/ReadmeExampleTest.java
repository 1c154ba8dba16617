package io.shmkit;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.shmkit.test.ShmLeakCheck;

/** The example at the top of README.md, kept compiling and true. */
@ExtendWith(ShmLeakCheck.class)
class ReadmeExampleTest
{
    @Test
    void shouldRunTheReadmeExample()
    {
        final String name = ShmLeakCheck.name("classic");
        try (SharedDoubleArray arr = SharedDoubleArray.create(name, 'd', 10))
        {
            for (int i = 0; i < 10; i++)
            {
                arr.set(i, i);
            }
            try (SharedDoubleArray same = SharedDoubleArray.open(name))
            {
                same.negate();
            }
            assertEquals("[-0.0, -1.0, -2.0, -3.0, -4.0, -5.0, -6.0, -7.0, -8.0, -9.0]", Arrays.toString(arr.toArray()));
            arr.unlink();
        }
    }
}
