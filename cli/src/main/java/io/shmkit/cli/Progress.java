package io.shmkit.cli;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * Shows how far a shared counter is towards its total: on a terminal, a bar redrawn in place; otherwise
 * (a pipe, a file, a test) a line when the count is first shown and then one per tenth reached,
 * {@code progress: LABEL 30% (300 of 1000)}, which scripts can follow.
 *
 * <p><b>Note:</b> not thread-safe: one thread polls the counter and calls {@link #update(long)}.
 */
final class Progress
{
    private static final int BAR_WIDTH = 30;
    private static final long REDRAW_NS = 100_000_000L;

    private final PrintWriter out;
    private final String label;
    private final long total;
    private final boolean terminal;
    private int lastTenth = -1;
    private int lastPercent = -1;
    private long lastDrawNs;
    private boolean finished;

    /**
     * A progress display.
     *
     * @param out      where to print.
     * @param label    what progresses, e.g. {@code "negate"}.
     * @param total    the count at 100 %, positive.
     * @param terminal true to redraw a bar in place, false for one line per tenth.
     */
    Progress(final PrintWriter out, final String label, final long total, final boolean terminal)
    {
        if (total <= 0)
        {
            throw new IllegalArgumentException("total=" + total + " must be positive");
        }
        this.out = out;
        this.label = label;
        this.total = total;
        this.terminal = terminal;
    }

    /**
     * Show a new count; prints only when it makes a visible difference.
     *
     * @param done the counter's value, clamped to 0 .. total.
     */
    void update(final long done)
    {
        final long d = Math.max(0, Math.min(done, total));
        final int percent = (int)(d * 100 / total);
        if (terminal)
        {
            final long now = System.nanoTime();
            if (percent != lastPercent && (now - lastDrawNs >= REDRAW_NS || d == total))
            {
                lastPercent = percent;
                lastDrawNs = now;
                final int filled = (int)(d * BAR_WIDTH / total);
                out.print(String.format(Locale.ROOT, "\r  %s [%s%s] %3d%% %d/%d", label, "#".repeat(filled),
                    " ".repeat(BAR_WIDTH - filled), percent, d, total));
                out.flush();
            }
            return;
        }
        final int tenth = (int)(d * 10 / total);
        if (tenth > lastTenth)
        {
            lastTenth = tenth;
            out.println(String.format(Locale.ROOT, "  progress: %s %d%% (%d of %d)", label, tenth * 10, d, total));
            out.flush();
        }
    }

    /**
     * Show the final count and end the display (a new line after a bar).
     *
     * @param done the final count.
     */
    void finish(final long done)
    {
        if (finished)
        {
            return;
        }
        finished = true;
        update(done);
        if (terminal)
        {
            out.println();
            out.flush();
        }
    }
}
