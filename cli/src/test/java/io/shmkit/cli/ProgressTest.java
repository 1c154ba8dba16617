package io.shmkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.junit.jupiter.api.Test;

class ProgressTest
{
    @Test
    void shouldPrintTheStartAndOneLinePerTenthWithoutATerminal()
    {
        final StringWriter sw = new StringWriter();
        final Progress p = new Progress(new PrintWriter(sw), "negate", 1000, false);
        p.update(0);
        p.update(99);
        p.update(100);
        p.update(150);
        p.update(350);
        p.finish(1000);
        p.finish(1000);
        assertEquals(
            "  progress: negate 0% (0 of 1000)\n" +
            "  progress: negate 10% (100 of 1000)\n" +
            "  progress: negate 30% (350 of 1000)\n" +
            "  progress: negate 100% (1000 of 1000)\n",
            sw.toString().replace(System.lineSeparator(), "\n"));
    }

    @Test
    void shouldRedrawABarInPlaceOnATerminal()
    {
        final StringWriter sw = new StringWriter();
        final Progress p = new Progress(new PrintWriter(sw), "add", 10, true);
        p.update(5);
        p.finish(10);
        final String s = sw.toString();
        assertTrue(s.startsWith("\r  add [###############               ]  50% 5/10"), s);
        assertTrue(s.endsWith("\r  add [##############################] 100% 10/10" + System.lineSeparator()), s);
    }

    @Test
    void shouldRejectANonPositiveTotal()
    {
        assertThrows(IllegalArgumentException.class, () -> new Progress(new PrintWriter(new StringWriter()), "x", 0,
            false));
    }
}
