package io.shmkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.junit.jupiter.api.Test;

class FormatsTest
{
    @Test
    void shouldPrintSizesInBinaryUnitsWithOneDecimal()
    {
        assertEquals("0 B", Formats.humanBytes(0));
        assertEquals("1023 B", Formats.humanBytes(1023));
        assertEquals("1.0 KiB", Formats.humanBytes(1024));
        assertEquals("1.5 KiB", Formats.humanBytes(1536));
        assertEquals("762.9 MiB", Formats.humanBytes(800_000_000L));
        assertEquals("8.0 EiB", Formats.humanBytes(Long.MAX_VALUE));
    }

    @Test
    void shouldAlignColumnsAndRightAlignNumbers()
    {
        final Formats.Table t = new Formats.Table(new String[] {"NAME", "LENGTH", "ALIVE"},
            new boolean[] {false, true, false});
        t.add("a", "5", "yes");
        t.add("longer-name", "123456", "no");
        final StringWriter sw = new StringWriter();
        try (PrintWriter pw = new PrintWriter(sw))
        {
            t.print(pw);
        }
        assertEquals(
            "NAME         LENGTH  ALIVE\n" +
            "a                 5  yes\n" +
            "longer-name  123456  no\n",
            sw.toString().replace(System.lineSeparator(), "\n"));
    }
}
