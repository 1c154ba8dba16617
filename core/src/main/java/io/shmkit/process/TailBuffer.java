package io.shmkit.process;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A bounded buffer that keeps the last {@code capacity} bytes written to it, and the thread that drains a
 * child's output pipe into it. The drain never blocks on the buffer, so a chatty child never blocks on a full
 * pipe.
 *
 * <p><b>Note:</b> thread-safe: appends and reads synchronise on the buffer.
 */
final class TailBuffer
{
    private static final int CHUNK = 8192;

    private final byte[] ring;
    private long written;

    TailBuffer(final int capacity)
    {
        this.ring = new byte[Math.max(1, capacity)];
    }

    synchronized void append(final byte[] src, final int offset, final int count)
    {
        final int cap = ring.length;
        int off = offset;
        int n = count;
        if (n >= cap)
        {
            off += n - cap;
            n = cap;
        }
        final int pos = (int)(written % cap);
        final int first = Math.min(n, cap - pos);
        System.arraycopy(src, off, ring, pos, first);
        System.arraycopy(src, off + first, ring, 0, n - first);
        written += count;
    }

    /**
     * The bytes kept, oldest first, decoded as UTF-8 (a character cut at the start is replaced).
     */
    synchronized String text()
    {
        final int cap = ring.length;
        final int kept = (int)Math.min(written, cap);
        final byte[] out = new byte[kept];
        final int start = (int)((written - kept) % cap);
        final int first = Math.min(kept, cap - start);
        System.arraycopy(ring, start, out, 0, first);
        System.arraycopy(ring, 0, out, first, kept - first);
        return new String(out, StandardCharsets.UTF_8);
    }

    synchronized long totalBytes()
    {
        return written;
    }

    /**
     * Start a daemon thread copying {@code in} into this buffer (and to {@code forward}, if not null) until
     * end of stream.
     */
    Thread drain(final InputStream in, final OutputStream forward, final String threadName)
    {
        final Thread t = new Thread(() -> copy(in, forward), threadName);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private void copy(final InputStream in, final OutputStream forward)
    {
        final byte[] buf = new byte[CHUNK];
        try (InputStream src = in)
        {
            int n;
            while ((n = src.read(buf)) >= 0)
            {
                append(buf, 0, n);
                if (null != forward)
                {
                    try
                    {
                        forward.write(buf, 0, n);
                        forward.flush();
                    }
                    catch (final IOException ignore)
                    {
                        // The parent's own stream failing must not stop the drain: the child would block.
                    }
                }
            }
        }
        catch (final IOException ignore)
        {
            // The pipe closes when the child ends; what was read is kept.
        }
    }
}
