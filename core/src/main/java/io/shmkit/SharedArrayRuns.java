package io.shmkit;

import io.shmkit.internal.segment.Segment;

/**
 * The engine of the bulk methods of {@link SharedLongArray} and {@link SharedDoubleArray}: it cuts a range of
 * elements into runs that cross neither a stripe nor a mapped chunk, holds each run's stripe lock around it, and
 * hands each run's address to a kernel of {@code io.shmkit.internal.mem}, which loops over raw memory with no
 * check of its own: the range is checked here, once.
 *
 * <p>Stripes are taken one at a time in ascending order, so two bulk operations never deadlock; a stripe whose
 * lock the calling thread already holds through the array's handle (for example inside
 * {@link SharedArray#getLock()}) is not locked again. The name starts with {@code Shared} so that the JIT
 * settings of transform children ({@code io.shmkit.transform.TransformHandle}) cover it.
 *
 * <p><b>Note:</b> stateless; safe from any thread, as the array is.
 */
final class SharedArrayRuns
{
    private SharedArrayRuns()
    {
    }

    /** A contiguous run of elements: within one stripe and one mapped chunk. */
    @FunctionalInterface
    interface Run
    {
        /**
         * Work on one run, with its stripe's lock held (if the array has locks).
         *
         * @param address    address of the run's first element.
         * @param count      number of elements, at least 1.
         * @param firstIndex index of the run's first element in the array.
         */
        void apply(long address, int count, long firstIndex);
    }

    /**
     * Apply {@code run} to elements [from, to) of {@code array} in runs that do not cross a stripe or chunk
     * boundary, holding each stripe's lock (unless the calling thread holds it already through this handle).
     *
     * @param array the array.
     * @param from  first element.
     * @param to    one past the last element.
     * @param run   the work on one run.
     * @throws IndexOutOfBoundsException if the range is out of bounds.
     * @throws IllegalStateException     if the array is closed.
     */
    static void forEach(final SharedArray array, final long from, final long to, final Run run)
    {
        array.checkRange(from, to);
        final ShmLock[] locks = array.locks;
        final int stripeShift = array.stripeShift;
        final int shift = array.shift;
        final boolean chunked = array.chunked;
        long i = from;
        while (i < to)
        {
            long end = to;
            ShmLock lock = null;
            if (locks.length > 0)
            {
                final int s = (int)(i >>> stripeShift);
                end = Math.min(end, ((long)s + 1) << stripeShift);
                lock = locks[s].isHeldByCurrentThread() ? null : locks[s];
            }
            if (chunked)
            {
                final long fileOffset = array.dataOffset + (i << shift);
                final long chunkEnd = ((fileOffset >>> Segment.CHUNK_SHIFT) + 1) << Segment.CHUNK_SHIFT;
                end = Math.min(end, (chunkEnd - array.dataOffset) >>> shift);
            }
            if (null != lock)
            {
                lock.lock();
            }
            try
            {
                run.apply(chunked ? array.chunkedAddress(i) : array.base + (i << shift), (int)(end - i), i);
            }
            finally
            {
                if (null != lock)
                {
                    lock.unlock();
                }
            }
            i = end;
        }
    }
}
