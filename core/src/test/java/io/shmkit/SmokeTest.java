package io.shmkit;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class SmokeTest
{
    @Test
    void shouldCreateNegateAndReopen()
    {
        try (SharedDoubleArray a = SharedDoubleArray.create("smoke-" + System.nanoTime(), 'd', 10))
        {
            for (int i = 0; i < 10; i++)
            {
                a.set(i, i);
            }
            a.negate();
            try (SharedArray b = SharedArray.open(a.name()))
            {
                assertEquals(-9.0, ((SharedDoubleArray)b).get(9));
            }
            assertTrue(a.unlink());
        }
    }
}
