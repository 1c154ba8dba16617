package io.shmkit.segment;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** Parsing of {@code /proc/<pid>/stat} for process identities. */
class ProcessIdentityTest
{
    @Test
    void shouldParseProcStatWithAwkwardCommandNames()
    {
        final String stat = "123 (a) b (c)) S 1 123 123 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 1 0 98765 1000 10";
        final ProcessIdentity.Stat parsed = ProcessIdentity.parseStat(stat);
        assertNotNull(parsed);
        assertEquals('S', parsed.state());
        assertEquals(98765, parsed.startTicks());
        assertNull(ProcessIdentity.parseStat("garbage"));
    }
}
