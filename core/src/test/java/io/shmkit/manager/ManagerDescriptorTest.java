package io.shmkit.manager;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Pins the manager directory's layout of docs/layout.md. */
class ManagerDescriptorTest
{
    @Test
    void shouldPinTheDirectoryLayout()
    {
        assertEquals(0, ManagerDescriptor.STATE_OFFSET);
        assertEquals(4, ManagerDescriptor.CAPACITY_OFFSET);
        assertEquals(8, ManagerDescriptor.COUNT_OFFSET);
        assertEquals(12, ManagerDescriptor.FORMAT_OFFSET);
        assertEquals(64, ManagerDescriptor.entryOffset(0));
        assertEquals(64 + 128, ManagerDescriptor.entryOffset(1));
        assertEquals(0, ManagerDescriptor.KIND_OFFSET);
        assertEquals(4, ManagerDescriptor.KEY_LENGTH_OFFSET);
        assertEquals(8, ManagerDescriptor.KEY_OFFSET);
        assertEquals(64 + 256 * 128, ManagerDescriptor.regionLength(256));
    }
}
