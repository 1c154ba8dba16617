package io.shmkit.pool;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.shmkit.SharedLongArray;
import io.shmkit.segment.ShmOptions;
import io.shmkit.test.ShmLeakCheck;

/** The wake flags' states and the parent's take-once duty (docs/layout.md, "The wake flags"). */
@ExtendWith(ShmLeakCheck.class)
class WakeFlagsTest
{
    @Test
    void theParentShouldWakeAnAsleepWorkerExactlyOnce()
    {
        final String name = ShmLeakCheck.name("wake");
        try (WakeFlags parent = WakeFlags.create(name, 3, ShmOptions.defaults());
             WakeFlags worker = WakeFlags.open(name, ShmOptions.defaults());
             SharedLongArray raw = SharedLongArray.open(name))
        {
            try
            {
                assertEquals(3, raw.length());
                assertFalse(parent.takeSleeper(1), "a new flag is AWAKE: nobody to wake");
                worker.asleep(1);
                assertEquals(WakeFlags.ASLEEP, raw.get(1), "the worker's own element, 8 bytes each");
                assertEquals(WakeFlags.AWAKE, raw.get(0) + raw.get(2), "the others untouched");
                assertTrue(parent.takeSleeper(1), "the first writer takes the duty to wake it");
                assertFalse(parent.takeSleeper(1), "and only the first: one wake-up per sleep");
                assertEquals(WakeFlags.AWAKE, raw.get(1));
                worker.asleep(2);
                worker.awake(2);
                assertFalse(parent.takeSleeper(2), "a worker that woke by itself needs no wake-up");
            }
            finally
            {
                parent.unlink();
            }
        }
    }
}
