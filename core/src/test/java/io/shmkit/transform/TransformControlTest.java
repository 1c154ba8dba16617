package io.shmkit.transform;

import static io.shmkit.transform.TransformControl.ARMED_OFFSET;
import static io.shmkit.transform.TransformControl.END_OFFSET;
import static io.shmkit.transform.TransformControl.GO_OFFSET;
import static io.shmkit.transform.TransformControl.GO_TIME_OFFSET;
import static io.shmkit.transform.TransformControl.IN_PROGRESS_OFFSET;
import static io.shmkit.transform.TransformControl.LINE_SLOTS;
import static io.shmkit.transform.TransformControl.NONE;
import static io.shmkit.transform.TransformControl.READY_OFFSET;
import static io.shmkit.transform.TransformControl.START_OFFSET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.shmkit.SharedLongArray;
import io.shmkit.segment.ShmOptions;
import io.shmkit.test.ShmLeakCheck;

/** The control segments' layout (as docs/layout.md draws it), their ownership, and the child's arguments. */
@ExtendWith(ShmLeakCheck.class)
class TransformControlTest
{
    @Test
    void shouldPinTheLayoutOfDocsLayoutMd()
    {
        assertEquals(8, LINE_SLOTS, "a line is 64 bytes of 8-byte slots");
        assertEquals(1, GO_OFFSET);
        assertEquals(2, GO_TIME_OFFSET);
        assertEquals(1, START_OFFSET);
        assertEquals(2, END_OFFSET);
        assertEquals(3, READY_OFFSET);
        assertEquals(4, IN_PROGRESS_OFFSET);
        assertEquals(5, ARMED_OFFSET);
        assertEquals(-1, NONE);
        assertEquals(8, TransformControl.workerBase(0));
        assertEquals(24, TransformControl.workerBase(2));
        assertEquals(32, TransformControl.length(3));
        for (final int offset : new int[] {GO_TIME_OFFSET, START_OFFSET, END_OFFSET, READY_OFFSET,
            IN_PROGRESS_OFFSET, ARMED_OFFSET})
        {
            assertTrue(offset < LINE_SLOTS, "every field is on its line: " + offset);
        }
        assertEquals(0, (TransformControl.workerBase(1) * Long.BYTES) % 64, "a worker's line is 64-byte aligned");
    }

    @Test
    void shouldCreateInitialiseAndUnlinkTheThreeSegmentsTogether()
    {
        final String name = ShmLeakCheck.name("xf");
        final ShmOptions options = ShmOptions.defaults();
        final TransformControl c = TransformControl.create(name, 3, 5, options);
        try
        {
            assertEquals(3, TransformControl.workers(c.control()));
            assertEquals(5, c.claims().length());
            assertEquals(0, c.progress().get());
            assertFalse(c.control().hasLocks(), "lock-free");
            for (int w = 0; w < 3; w++)
            {
                assertEquals(NONE, c.workerSlot(w, IN_PROGRESS_OFFSET), "worker " + w + " is between units");
                assertEquals(0, c.workerSlot(w, READY_OFFSET));
            }
            assertEquals(TransformControl.GO_WAIT, c.callSlot(GO_OFFSET));
            assertTrue(Files.exists(options.root().resolve(c.control().name())));
        }
        finally
        {
            c.close();
        }
        for (final String suffix : List.of("-ctl", "-clm", "-prg"))
        {
            assertFalse(Files.exists(options.root().resolve(name + suffix)), suffix + " unlinked");
        }
        assertTrue(c.control().isClosed() && c.claims().isClosed(), "closed");
    }

    @Test
    void shouldLeaveNoNameOfAScratchRun()
    {
        final String name = ShmLeakCheck.name("xf");
        try (TransformControl c = TransformControl.scratch(name, 1, 2, ShmOptions.defaults()))
        {
            final SharedLongArray control = c.control();
            assertFalse(Files.exists(ShmOptions.defaults().root().resolve(name + "-ctl")), "unlinked at once");
            control.set(GO_OFFSET, TransformControl.GO_WORK);
            assertEquals(TransformControl.GO_WORK, c.callSlot(GO_OFFSET), "still mapped");
        }
    }

    @Test
    void shouldCarryTheChildArgumentsExactly()
    {
        final WorkerArgs a = new WorkerArgs("shmkit-xf-1", 2, 3, 7, 1_000_003, TransformOp.add(0.1), 4096, false,
            60_000, "(dev=2d,ino=77)");
        assertEquals(a, WorkerArgs.parse(List.of(a.toArgs())));
        final WorkerArgs noKey = new WorkerArgs("shmkit-xf-1", 0, 1, 0, 1, TransformOp.negate(), 1, true, 1, "");
        assertEquals(noKey, WorkerArgs.parse(List.of(noKey.toArgs())), "a file system without file keys");
        assertThrows(IllegalArgumentException.class, () -> WorkerArgs.parse(List.of("x", "1")));
    }
}
