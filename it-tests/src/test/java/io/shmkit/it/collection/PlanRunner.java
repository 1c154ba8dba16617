package io.shmkit.it.collection;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongPredicate;

import io.shmkit.SharedLongArray;
import io.shmkit.collection.SharedDict;
import io.shmkit.collection.SharedList;

/**
 * A child JVM of {@link CollectionLinearizabilityTest} that runs, example after example, the operations the
 * parent planned for it, so that one set of children serves every example (and every shrink) of the property.
 * Per example: the parent stores each child's plan in the plans dict under {@code p<child>} and sets {@link #GO}
 * to the example's number; every child reads its plan, counts itself in {@link #ARRIVED} and waits for the others,
 * runs its operations on the shared dict and list, stores what each returned with the {@link System#nanoTime()} of
 * its call and return under {@code r<child>}, then counts itself in {@link #DONE}. {@code GO = -1} ends it.
 */
final class PlanRunner
{
    /** Control slots. */
    static final int GO = 0;
    static final int ARRIVED = 1;
    static final int DONE = 2;
    static final int CONTROL_LENGTH = 3;
    /** Keys of the dict's operations; a list operation uses its key as the index of {@code set}. */
    static final int KEYS = 2;
    static final String[] OPS = {"put", "putIfAbsent", "remove", "compute", "add", "set", "removeLast"};
    /** A result that is null, and one that is an exception (empty list, index out of range). */
    static final String NULL = "-";
    static final String THREW = "!";
    private static final long BOUND_NS = 120_000_000_000L;

    private PlanRunner()
    {
    }

    /** The value operation {@code op} of {@code child} writes: unique, and all of one length. */
    static String value(final int child, final int op)
    {
        return String.format(Locale.ROOT, "c%do%02d", child, op);
    }

    static byte[] b(final String s)
    {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String s(final byte[] b)
    {
        return null == b ? NULL : new String(b, StandardCharsets.UTF_8);
    }

    /**
     * Serve examples until told to stop.
     *
     * @param args dict, list, control and plans names, this child's number, the number of children.
     */
    public static void main(final String[] args)
    {
        final int child = Integer.parseInt(args[4]);
        final int children = Integer.parseInt(args[5]);
        try (SharedDict dict = SharedDict.open(args[0]);
            SharedList list = SharedList.open(args[1]);
            SharedLongArray control = SharedLongArray.open(args[2]);
            SharedDict plans = SharedDict.open(args[3]))
        {
            long example = 0;
            while (true)
            {
                final long last = example;
                example = await(control, GO, g -> g < 0 || g > last, false);
                if (example < 0)
                {
                    return;
                }
                final String[] plan = s(plans.get(b("p" + child))).split(",");
                control.getAndAdd(ARRIVED, 1);
                final long arrivals = children * example;
                // NOTE: the start barrier spins (yielding), not parks, so that the children start together
                await(control, ARRIVED, a -> a >= arrivals, true);
                final StringBuilder out = new StringBuilder();
                for (int i = 0; i < plan.length; i++)
                {
                    final int op = Integer.parseInt(plan[i]);
                    final long invoked = System.nanoTime();
                    final String result = run(op / KEYS, op % KEYS, b(value(child, i)), dict, list);
                    final long returned = System.nanoTime();
                    out.append(result).append(' ').append(invoked).append(' ').append(returned).append(',');
                }
                plans.put(b("r" + child), b(out.toString()));
                control.getAndAdd(DONE, 1);
            }
        }
    }

    private static String run(final int type, final int key, final byte[] value, final SharedDict dict,
        final SharedList list)
    {
        final byte[] k = b("k" + key);
        try
        {
            return switch (type)
            {
                case 0 -> s(dict.put(k, value));
                case 1 -> s(dict.putIfAbsent(k, value));
                case 2 -> s(dict.remove(k));
                case 3 -> s(dict.compute(k, (kk, v) -> null == v ? value : b(s(v) + "+")));
                case 4 ->
                {
                    list.add(value);
                    yield NULL;
                }
                case 5 -> s(list.set(key, value));
                default -> s(list.removeLast());
            };
        }
        catch (final IndexOutOfBoundsException | NoSuchElementException ex)
        {
            return THREW;
        }
    }

    /** Wait (parking or yielding, at most 120 s) until slot {@code slot} satisfies {@code until}; return it. */
    private static long await(final SharedLongArray control, final int slot, final LongPredicate until,
        final boolean yielding)
    {
        final long deadline = System.nanoTime() + BOUND_NS;
        int spins = 0;
        while (true)
        {
            final long v = control.get(slot);
            if (until.test(v))
            {
                return v;
            }
            if (System.nanoTime() - deadline > 0)
            {
                throw new IllegalStateException("slot " + slot + " stuck at " + v + " for 120 s");
            }
            if (++spins < 1000)
            {
                Thread.onSpinWait();
            }
            else if (yielding)
            {
                Thread.yield();
            }
            else
            {
                LockSupport.parkNanos(50_000);
            }
        }
    }
}
