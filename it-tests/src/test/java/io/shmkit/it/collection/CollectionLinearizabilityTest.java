package io.shmkit.it.collection;

import static io.shmkit.it.collection.PlanRunner.*;
import static org.junit.jupiter.api.Assertions.*;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.quicktheories.core.Gen;

import io.shmkit.SharedLongArray;
import io.shmkit.collection.SharedDict;
import io.shmkit.collection.SharedList;
import io.shmkit.it.Await;
import io.shmkit.it.ChildJvm;
import io.shmkit.segment.ShmOptions;
import io.shmkit.test.ShmLeakCheck;

/**
 * A QuickTheories property over real child JVMs: three children run generated operation sequences (put,
 * putIfAbsent, remove and compute on a dict of two keys; add, set and removeLast on a list) concurrently, each
 * recording what every operation returned and when it was called and returned ({@link System#nanoTime()}, one
 * clock for all processes of a machine). Then:
 * <ul>
 *   <li>the dict: for each key (linearizability is local, so key by key), some order of the operations on it that
 *   keeps each child's order and the real-time order (an operation that returned before another was called comes
 *   first) explains every result and ends in the key's final value;</li>
 *   <li>the list: the records it holds are exactly those added or set minus those that removeLast or set returned,
 *   each returned at most once.</li>
 * </ul>
 * The children are started once and serve every example and shrink (see {@link PlanRunner}).
 */
@ExtendWith(ShmLeakCheck.class)
class CollectionLinearizabilityTest
{
    private static final int CHILDREN = 3;
    private static final long BOUND_S = 60;
    private final List<ChildJvm> children = new ArrayList<>();
    private final Made made = new Made();
    private SharedLongArray control;
    private long example;
    private long overlaps;

    /** One operation as run: its plan and what it returned, when. */
    record Op(int child, int index, int type, int key, String value, String result, long invoked, long returned)
    {
        @Override
        public String toString()
        {
            return "c" + child + "#" + index + " " + OPS[type] + "(k" + key + (type == 2 || type == 6 ? "" : ", " +
                value) + ") -> " + result;
        }
    }

    @AfterEach
    void cleanUp() throws Exception
    {
        if (null != control && !control.isClosed())
        {
            control.set(GO, -1);
        }
        children.forEach(c -> c.waitFor(BOUND_S));
        children.forEach(ChildJvm::close);
        made.unlinkAndClose();
    }

    private <T extends AutoCloseable> T track(final T c)
    {
        return made.track(c);
    }

    private static Gen<List<Integer>> plan()
    {
        return lists().of(integers().between(0, OPS.length * KEYS - 1)).ofSizeBetween(1, 20);
    }

    @Test
    void shouldBeLinearizableAcrossChildJvms()
    {
        final SharedDict dict = track(SharedDict.create(ShmLeakCheck.name("ldict"), 8, 4096,
            ShmOptions.defaults().withStripes(2)));
        final SharedList list = track(SharedList.create(ShmLeakCheck.name("llist"), 64, 64 * 64));
        final SharedDict plans = track(SharedDict.create(ShmLeakCheck.name("lplan"), 16, 64 * 1024,
            ShmOptions.defaults().withStripes(1)));
        control = track(SharedLongArray.create(ShmLeakCheck.name("lctl"), 'q', CONTROL_LENGTH));
        for (int c = 0; c < CHILDREN; c++)
        {
            children.add(ChildJvm.start(PlanRunner.class, dict.name(), list.name(), control.name(), plans.name(),
                String.valueOf(c), String.valueOf(CHILDREN)));
        }
        qt().withExamples(20).withShrinkCycles(100)
            .forAll(plan(), plan(), plan())
            .checkAssert((a, b, c) -> check(run(List.of(a, b, c), dict, list, plans), dict, list));
        System.out.println(example + " runs, " + overlaps + " pairs of operations overlapping in time");
    }

    /** Run one example on the children; return the operations with their results. */
    private List<Op> run(final List<List<Integer>> planned, final SharedDict dict, final SharedList list,
        final SharedDict plans)
    {
        for (final ChildJvm c : children)
        {
            assertTrue(c.isAlive(), () -> "a child died:\n" + c.stderr());
        }
        dict.clear();
        list.clear();
        for (int c = 0; c < CHILDREN; c++)
        {
            plans.put(b("p" + c), b(planned.get(c).stream().map(String::valueOf).collect(Collectors.joining(","))));
        }
        final long e = ++example;
        control.set(GO, e);
        Await.until(BOUND_S, () -> control.get(DONE) == CHILDREN * e || children.stream().anyMatch(c -> !c.isAlive()),
            () -> "children done with example " + e + ": " + control.get(DONE));
        assertEquals(CHILDREN * e, control.get(DONE), () -> "a child died:\n" +
            children.stream().map(ChildJvm::stderr).collect(Collectors.joining("\n")));
        final List<Op> ops = new ArrayList<>();
        for (int c = 0; c < CHILDREN; c++)
        {
            final String[] results = s(plans.get(b("r" + c))).split(",");
            assertEquals(planned.get(c).size(), results.length);
            for (int i = 0; i < results.length; i++)
            {
                final String[] r = results[i].split(" ");
                final int op = planned.get(c).get(i);
                ops.add(new Op(c, i, op / KEYS, op % KEYS, value(c, i), r[0], Long.parseLong(r[1]),
                    Long.parseLong(r[2])));
            }
        }
        for (final Op x : ops)
        {
            for (final Op y : ops)
            {
                overlaps += x.child() < y.child() && x.invoked() < y.returned() && y.invoked() < x.returned() ? 1 : 0;
            }
        }
        return ops;
    }

    private static void check(final List<Op> ops, final SharedDict dict, final SharedList list)
    {
        for (int k = 0; k < KEYS; k++)
        {
            final int key = k;
            final List<List<Op>> history = new ArrayList<>();
            for (int c = 0; c < CHILDREN; c++)
            {
                final int child = c;
                history.add(ops.stream().filter(o -> o.child() == child && o.type() < 4 && o.key() == key).toList());
            }
            final String last = s(dict.get(b("k" + k)));
            assertTrue(linearizable(history, new int[CHILDREN], NULL, last, new HashSet<>()),
                () -> "no linearization of the operations on k" + key + " ending in " + last + ": " + history);
        }
        assertEquals(dict.size(), (int)java.util.stream.StreamSupport.stream(dict.spliterator(), false).count());
        checkList(ops, list);
    }

    /** Whether the operations after {@code at} can follow state {@code state} in some legal order to {@code last}. */
    private static boolean linearizable(final List<List<Op>> history, final int[] at, final String state,
        final String last, final Set<String> failed)
    {
        boolean all = true;
        for (int c = 0; c < CHILDREN; c++)
        {
            all &= at[c] == history.get(c).size();
        }
        if (all)
        {
            return state.equals(last);
        }
        if (!failed.add(java.util.Arrays.toString(at) + state))
        {
            return false;
        }
        for (int c = 0; c < CHILDREN; c++)
        {
            if (at[c] == history.get(c).size())
            {
                continue;
            }
            final Op o = history.get(c).get(at[c]);
            final String next = apply(o, state);
            if (null != next && mayGoFirst(history, at, c, o))
            {
                at[c]++;
                final boolean found = linearizable(history, at, next, last, failed);
                at[c]--;
                if (found)
                {
                    return true;
                }
            }
        }
        return false;
    }

    /** No pending operation of another child returned before {@code o} was called. */
    private static boolean mayGoFirst(final List<List<Op>> history, final int[] at, final int child, final Op o)
    {
        for (int c = 0; c < CHILDREN; c++)
        {
            if (c != child && at[c] < history.get(c).size() && history.get(c).get(at[c]).returned() < o.invoked())
            {
                return false;
            }
        }
        return true;
    }

    /** The key's state after {@code o} from {@code state}, or null if {@code o}'s result contradicts it. */
    private static String apply(final Op o, final String state)
    {
        final String after = switch (o.type())
        {
            case 0 -> o.value();
            case 1 -> NULL.equals(state) ? o.value() : state;
            case 2 -> NULL;
            default -> NULL.equals(state) ? o.value() : state + "+";
        };
        final String expected = o.type() == 3 ? after : state;
        return expected.equals(o.result()) ? after : null;
    }

    private static void checkList(final List<Op> ops, final SharedList list)
    {
        final Map<String, Integer> held = new HashMap<>();
        final Set<String> taken = new HashSet<>();
        for (final Op o : ops)
        {
            if (o.type() == 4 || o.type() == 5 && !THREW.equals(o.result()))
            {
                held.merge(o.value(), 1, Integer::sum);
            }
        }
        for (final Op o : ops)
        {
            if (o.type() >= 5 && !THREW.equals(o.result()))
            {
                assertTrue(taken.add(o.result()), () -> o + ": returned twice");
                assertTrue(held.merge(o.result(), -1, Integer::sum) >= 0, () -> o + ": never added");
            }
        }
        held.values().removeIf(n -> n == 0);
        final Map<String, Integer> actual = new HashMap<>();
        list.forEach(r -> actual.merge(s(r), 1, Integer::sum));
        assertEquals(held, actual, () -> "the list holds what was added or set minus what was taken: " + ops);
    }
}
