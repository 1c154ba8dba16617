package io.shmkit.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Text formatting for the tool's output: human-readable sizes and aligned tables.
 *
 * <p><b>Note:</b> {@link #humanBytes(long)} is stateless and thread-safe; a {@link Table} is not thread-safe.
 */
final class Formats
{
    private static final String KEY_FORMAT = "%-16s%s";
    private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};

    private Formats()
    {
    }

    /**
     * A size in binary units with one decimal: {@code 512 B}, {@code 1.5 KiB}, {@code 762.9 MiB}.
     *
     * @param bytes a non-negative byte count.
     * @return the text.
     */
    static String humanBytes(final long bytes)
    {
        if (bytes < 1024)
        {
            return bytes + " B";
        }
        int unit = 0;
        double value = bytes;
        while (value >= 1024 && unit < UNITS.length - 1)
        {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, UNITS[unit]);
    }

    /**
     * One line of {@code inspect}: the key, a colon, padded to 16 columns, then the value.
     *
     * @param out   where to print.
     * @param key   the field.
     * @param value its text.
     */
    static void keyLine(final PrintWriter out, final String key, final String value)
    {
        out.println(String.format(KEY_FORMAT, key + ":", value));
    }

    /**
     * Used bytes out of a capacity: {@code 96 bytes used of 1.0 KiB (9.4 %)}.
     *
     * @param used     bytes in use.
     * @param capacity bytes in all, positive.
     * @return the text.
     */
    static String used(final long used, final long capacity)
    {
        return used + " bytes used of " + humanBytes(capacity) + " (" +
            String.format(Locale.ROOT, "%.1f", 100.0 * used / capacity) + " %)";
    }

    /**
     * Yes or no.
     *
     * @param b the flag.
     * @return {@code "yes"} or {@code "no"}.
     */
    static String yesNo(final boolean b)
    {
        return b ? "yes" : "no";
    }

    /** Columns of text, padded to the widest cell; columns marked numeric are right-aligned. */
    static final class Table
    {
        private final String[] headers;
        private final boolean[] rightAligned;
        private final List<String[]> rows = new ArrayList<>();

        /**
         * A table with these column headers.
         *
         * @param headers      column headers.
         * @param rightAligned which columns to right-align, one flag per header.
         */
        Table(final String[] headers, final boolean[] rightAligned)
        {
            if (headers.length != rightAligned.length)
            {
                throw new IllegalArgumentException(
                    "headers.length=" + headers.length + " != rightAligned.length=" + rightAligned.length);
            }
            this.headers = headers.clone();
            this.rightAligned = rightAligned.clone();
        }

        /**
         * Add a row.
         *
         * @param cells one cell per column.
         */
        void add(final String... cells)
        {
            if (cells.length != headers.length)
            {
                throw new IllegalArgumentException("cells.length=" + cells.length + " != " + headers.length);
            }
            rows.add(cells.clone());
        }

        /**
         * Print the header line and the rows, columns separated by two spaces, no trailing blanks.
         *
         * @param out where to print.
         */
        void print(final PrintWriter out)
        {
            final int[] widths = new int[headers.length];
            for (int c = 0; c < headers.length; c++)
            {
                widths[c] = headers[c].length();
                for (final String[] row : rows)
                {
                    widths[c] = Math.max(widths[c], row[c].length());
                }
            }
            printRow(out, headers, widths);
            for (final String[] row : rows)
            {
                printRow(out, row, widths);
            }
        }

        private void printRow(final PrintWriter out, final String[] cells, final int[] widths)
        {
            final StringBuilder sb = new StringBuilder();
            for (int c = 0; c < cells.length; c++)
            {
                if (c > 0)
                {
                    sb.append("  ");
                }
                final int pad = widths[c] - cells[c].length();
                if (rightAligned[c])
                {
                    sb.append(" ".repeat(pad)).append(cells[c]);
                }
                else
                {
                    sb.append(cells[c]);
                    if (c < cells.length - 1)
                    {
                        sb.append(" ".repeat(pad));
                    }
                }
            }
            out.println(sb.toString().stripTrailing());
        }
    }
}
