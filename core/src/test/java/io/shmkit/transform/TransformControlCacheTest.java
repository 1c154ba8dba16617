package io.shmkit.transform;

import static io.shmkit.transform.TransformControl.GO_OFFSET;
import static io.shmkit.transform.TransformControl.IN_PROGRESS_OFFSET;
import static io.shmkit.transform.TransformControl.NONE;
import static io.shmkit.transform.TransformControl.READY_OFFSET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.shmkit.segment.ShmOptions;
import io.shmkit.test.ShmLeakCheck;

/** A launcher's kept control segments: reused reset after a call that succeeded, unlinked otherwise and at close. */
@ExtendWith(ShmLeakCheck.class)
class TransformControlCacheTest
{
    private static final ShmOptions OPTIONS = ShmOptions.defaults();

    @Test
    void shouldReuseASetGivenBackAfterASuccessResetToTheStateOfANewOne()
    {
        try (TransformControlCache cache = new TransformControlCache())
        {
            final TransformControl first = cache.take(2, 5, OPTIONS);
            first.control().set(GO_OFFSET, TransformControl.GO_WORK);
            first.control().set(TransformControl.workerBase(1) + READY_OFFSET, 1);
            first.control().set(TransformControl.workerBase(0) + IN_PROGRESS_OFFSET, 4096);
            first.claims().set(3, 7);
            first.progress().set(99);
            cache.giveBack(first, true);
            final TransformControl second = cache.take(2, 5, OPTIONS);
            assertSame(first, second, "the same shape takes the idle set");
            assertTrue(exists(second), "kept, not unlinked");
            assertEquals(TransformControl.GO_WAIT, second.callSlot(GO_OFFSET));
            assertEquals(0, second.workerSlot(1, READY_OFFSET));
            assertEquals(NONE, second.workerSlot(0, IN_PROGRESS_OFFSET));
            assertEquals(NONE, second.workerSlot(1, IN_PROGRESS_OFFSET));
            assertEquals(0, second.claims().get(3));
            assertEquals(0, second.progress().get());
            final TransformControl other = cache.take(2, 5, OPTIONS);
            assertNotSame(second, other, "a set in use is not taken twice");
            final TransformControl shape = cache.take(1, 5, OPTIONS);
            assertEquals(1, TransformControl.workers(shape.control()));
            cache.giveBack(other, true);
            cache.giveBack(shape, true);
            cache.giveBack(second, true);
        }
    }

    @Test
    void shouldUnlinkASetGivenBackAfterAFailureAndEverySetAtClose()
    {
        final TransformControlCache cache = new TransformControlCache();
        try
        {
            final TransformControl failed = cache.take(1, 3, OPTIONS);
            cache.giveBack(failed, false);
            assertFalse(exists(failed), "a failed call's set is unlinked");
            final TransformControl idle = cache.take(1, 3, OPTIONS);
            final TransformControl late = cache.take(1, 3, OPTIONS);
            cache.giveBack(idle, true);
            assertTrue(exists(idle));
            cache.close();
            assertFalse(exists(idle), "close unlinks the idle sets");
            assertTrue(exists(late), "a set in use stays until it is given back");
            cache.giveBack(late, true);
            assertFalse(exists(late), "given back after close: unlinked");
        }
        finally
        {
            cache.close();
        }
    }

    private static boolean exists(final TransformControl c)
    {
        final Path root = OPTIONS.root();
        return Files.exists(root.resolve(c.name() + "-ctl")) && Files.exists(root.resolve(c.name() + "-clm")) &&
            Files.exists(root.resolve(c.name() + "-prg"));
    }
}
