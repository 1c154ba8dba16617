package io.shmkit.internal.segment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.shmkit.segment.ProcessIdentity;

/** The name rules of docs/contracts.md and the temporary name of docs/layout.md, "Creating a segment". */
class SegmentNamesTest
{
    @Test
    void shouldNameTheTemporaryFileWithTheFullStartTimeAndACounter()
    {
        final ProcessIdentity me = ProcessIdentity.current();
        final String first = SegmentNames.tempName("my-array");
        final String second = SegmentNames.tempName("my-array");
        final String prefix = ".my-array." + me.pid() + "." + me.startTicks() + ".";
        assertTrue(first.startsWith(prefix) && first.endsWith(SegmentNames.TEMP_SUFFIX), first);
        final String n = first.substring(prefix.length(), first.length() - SegmentNames.TEMP_SUFFIX.length());
        assertTrue(n.chars().allMatch(Character::isDigit), "<n> is a decimal number: " + first);
        assertNotEquals(first, second, "<n> makes the name unique within the process");
    }

    @Test
    void shouldAcceptOneLeadingSlashOnly()
    {
        assertEquals("a.b", SegmentNames.validate("/a.b"));
        assertEquals("a.b", SegmentNames.validate("a.b"));
        final IllegalArgumentException inner =
            assertThrows(IllegalArgumentException.class, () -> SegmentNames.validate("a/b"));
        assertTrue(inner.getMessage().contains("must not contain '/'"), inner.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SegmentNames.validate("//a"));
        assertThrows(IllegalArgumentException.class, () -> SegmentNames.validate("/"));
    }
}
