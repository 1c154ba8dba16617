package io.shmkit.transform;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.shmkit.SharedArray;
import io.shmkit.SharedLongArray;

/**
 * The units of work of one {@link Transforms} call, and their claim slots.
 *
 * <h2>Units</h2>
 * The range {@code [from, to)} is cut at every multiple of {@code unit} (the array's stripe length, or
 * {@link Transforms#RAW_UNIT} without locks), so a unit is one stripe (or run), clipped to the range; unit
 * {@code k} is {@code [max(from, (from / unit + k) * unit), min(to, (from / unit + k + 1) * unit))}. Partition
 * {@code p} is the units {@code [first(p), first(p + 1))}: {@link #of} aligns its bounds to units, and
 * both the parent and every child compute the same plan from the same arguments. A plan has
 * at most 2<sup>31</sup> - 1 units (counted in {@code int}, which keeps C2's loops over them simple): that many
 * stripes or runs of 4,096 elements are beyond any array a machine maps today.
 *
 * <h2>Claims</h2>
 * A lock-free {@code 'q'} array created by the parent, one slot per unit, zero to begin with:
 * <pre>
 *  slot k    0        free: nobody has taken unit k (it is untouched)
 *            w + 1    claimed by worker w (compare-and-set from 0, once): w transforms it, or stopped in it
 *            -(w + 1) done by worker w (setRelease, after the last element of the unit is written)
 * </pre>
 * Each worker claims its own partition's units upwards, from its first, and stops at the first it cannot claim;
 * then it takes the other partitions' units downwards, from their last, and leaves a partition at the first unit
 * its owner claimed (every unit below it is the owner's). So no unit is claimed twice, and once any worker has
 * found nothing left every unit is claimed: a worker's partition is finished by the others when it is slow or
 * dead, and the phase ends when the work does, not when the slowest worker does.
 *
 * <p><b>Note:</b> immutable and thread-safe; the claim slots are shared memory, safe for any number of
 * processes.
 */
final class WorkPlan
{
    static final long FREE = 0;

    private final long from;
    private final long to;
    private final long unit;
    private final long firstUnit;
    private final List<Partition> partitions;
    /** {@code firsts[p]}: the first unit of partition {@code p}; {@code firsts[workers]}: the number of units. */
    private final int[] firsts;

    /**
     * A plan over partitions given by the caller (a test, a warm-up on scratch arrays), which must be contiguous
     * and start on unit boundaries (but the first).
     *
     * @param partitions the partitions, at least one.
     * @param unit       the unit length.
     * @throws IllegalArgumentException if there are no partitions or too many units.
     */
    WorkPlan(final List<Partition> partitions, final long unit)
    {
        if (partitions.isEmpty())
        {
            throw new IllegalArgumentException("no partitions");
        }
        this.partitions = List.copyOf(partitions);
        this.from = partitions.get(0).from();
        this.to = partitions.get(partitions.size() - 1).to();
        this.unit = unit;
        this.firstUnit = from / unit;
        final long units = unitOf(to - 1) + 1;
        if (units > Integer.MAX_VALUE)
        {
            // 2^31 stripes or runs of 4,096 elements: beyond any array a machine of today can map
            throw new IllegalArgumentException("a transform of [" + from + ", " + to + ") would share out " +
                units + " runs of " + unit + " elements, more than 2^31 - 1: split the range, or use an array " +
                "with stripe locks");
        }
        this.firsts = new int[partitions.size() + 1];
        for (int p = 0; p < partitions.size(); p++)
        {
            firsts[p] = (int)unitOf(partitions.get(p).from());
        }
        firsts[partitions.size()] = (int)units;
    }

    /**
     * The plan of a transform of {@code [from, to)} of {@code array} with {@code workers} children: the partitions
     * of {@link Transforms#partitions}, contiguous, in ascending order, bounded by units, as equal in units as
     * possible, at most one per unit; parent and children compute it alike from the same arguments.
     *
     * @param array   the array.
     * @param from    first element.
     * @param to      one past the last element, greater than {@code from}.
     * @param workers number of children wanted, at least 1.
     * @return the plan.
     * @throws IllegalArgumentException if the range would be more than 2<sup>31</sup> - 1 units.
     */
    static WorkPlan of(final SharedArray array, final long from, final long to, final int workers)
    {
        final long unit = unit(array);
        final long firstUnit = from / unit;
        final long units = (to - 1) / unit - firstUnit + 1;
        final int n = (int)Math.min(workers, units);
        final long per = units / n;
        final long extra = units % n;
        final List<Partition> parts = new ArrayList<>(n);
        long u = firstUnit;
        for (int w = 0; w < n; w++)
        {
            final long count = per + (w < extra ? 1 : 0);
            parts.add(new Partition(w, w == 0 ? from : u * unit, w == n - 1 ? to : (u + count) * unit));
            u += count;
        }
        return new WorkPlan(parts, unit);
    }

    /**
     * The unit length of an array: its stripe length, or {@link Transforms#RAW_UNIT} without locks.
     *
     * @param array the array.
     * @return elements per unit.
     */
    static long unit(final SharedArray array)
    {
        return array.hasLocks() ? array.stripeLength() : Transforms.RAW_UNIT;
    }

    /** The partitions, one per worker. */
    List<Partition> partitions()
    {
        return partitions;
    }

    /** The first element of the plan. */
    long from()
    {
        return from;
    }

    /** One past the last element of the plan. */
    long to()
    {
        return to;
    }

    /** The number of workers (partitions). */
    int workers()
    {
        return firsts.length - 1;
    }

    /** The number of units, the length of the claims array. */
    int units()
    {
        return firsts[firsts.length - 1];
    }

    /** The first unit of partition {@code p}; {@code first(workers())} is {@link #units()}. */
    int first(final int p)
    {
        return firsts[p];
    }

    /** The unit that holds element {@code i} (from {@code from} to {@code to - 1}). */
    long unitOf(final long i)
    {
        return i / unit - firstUnit;
    }

    /** The first element of unit {@code k}. */
    long start(final long k)
    {
        return Math.max(from, (firstUnit + k) * unit);
    }

    /** One past the last element of unit {@code k}. */
    long end(final long k)
    {
        return Math.min(to, (firstUnit + k + 1) * unit);
    }

    /** The claim slot value of a unit claimed by {@code worker}. */
    static long claimed(final int worker)
    {
        return worker + 1L;
    }

    /** The claim slot value of a unit done by {@code worker}. */
    static long done(final int worker)
    {
        return -(worker + 1L);
    }

    /**
     * What the workers left, read from the claim slots and the workers' {@code IN_PROGRESS} slots
     * ({@link TransformControl}) once every worker has ended. A unit is done when its slot says so; a unit claimed
     * but not done belongs to a worker that stopped: it may be half-done if that worker's {@code IN_PROGRESS}
     * names it (it is published before the first element changes), else the worker stopped between claiming it
     * and starting it; a free unit is untouched.
     *
     * @param claims  the claim slots.
     * @param control the control array.
     * @return the units in doubt and the ranges untouched, in element order.
     */
    Leftovers leftovers(final SharedLongArray claims, final SharedLongArray control)
    {
        final List<InDoubt> inDoubt = new ArrayList<>();
        final List<ElementRange> untouched = new ArrayList<>();
        final boolean[] partitionDone = new boolean[workers()];
        Arrays.fill(partitionDone, true);
        long untouchedFrom = -1;
        int p = 0;
        for (int k = 0, n = units(); k < n; k++)
        {
            while (k >= firsts[p + 1])
            {
                p++;
            }
            final long c = claims.getAcquire(k);
            if (c < 0)
            {
                untouchedFrom = close(untouched, untouchedFrom, start(k));
                continue;
            }
            partitionDone[p] = false;
            final int w = (int)c - 1;
            if (c > 0 &&
                control.getAcquire(TransformControl.workerBase(w) + TransformControl.IN_PROGRESS_OFFSET) == start(k))
            {
                untouchedFrom = close(untouched, untouchedFrom, start(k));
                inDoubt.add(new InDoubt(w, new ElementRange(start(k), end(k))));
            }
            else if (untouchedFrom < 0)
            {
                untouchedFrom = start(k);
            }
        }
        close(untouched, untouchedFrom, to);
        return new Leftovers(inDoubt, untouched, partitionDone);
    }

    private static long close(final List<ElementRange> ranges, final long openFrom, final long at)
    {
        if (openFrom >= 0)
        {
            ranges.add(new ElementRange(openFrom, at));
        }
        return -1;
    }

    /**
     * A unit that may be half-done, and the worker that stopped inside it.
     *
     * @param worker the worker.
     * @param range  the unit's elements.
     */
    record InDoubt(int worker, ElementRange range)
    {
    }

    /**
     * The outcome of {@link #leftovers}.
     *
     * @param inDoubt       units that may be half-done, in element order, at most one per worker.
     * @param untouched     merged ranges nobody wrote, in element order.
     * @param partitionDone for each partition, whether all its units are done.
     */
    record Leftovers(List<InDoubt> inDoubt, List<ElementRange> untouched, boolean[] partitionDone)
    {
        /** Whether every unit is done. */
        boolean allDone()
        {
            return inDoubt.isEmpty() && untouched.isEmpty();
        }

        /**
         * The unit worker {@code w} stopped inside.
         *
         * @param worker the worker.
         * @return its unit in doubt, or null if it stopped between units (or did not stop).
         */
        ElementRange stoppedIn(final int worker)
        {
            for (final InDoubt d : inDoubt)
            {
                if (d.worker() == worker)
                {
                    return d.range();
                }
            }
            return null;
        }
    }
}
