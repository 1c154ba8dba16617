package io.shmkit.it.collection;

import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.Function;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.quicktheories.core.Gen;
import org.quicktheories.core.stateful.Command;
import org.quicktheories.core.stateful.Sequential;
import org.quicktheories.generators.Generate;

import io.shmkit.collection.CapacityExceededException;
import io.shmkit.collection.SharedDict;
import io.shmkit.collection.SharedList;
import io.shmkit.segment.ShmOptions;
import io.shmkit.test.ShmLeakCheck;

/**
 * Model-based tests with QuickTheories' {@link Sequential#modelCheck}: random command sequences run on a
 * {@link SharedList} against an {@link ArrayList} and on a {@link SharedDict} against a {@link HashMap}, comparing
 * the contents and the result (or exception) of every command after each step. Capacities are small, so that
 * "full" is part of the model: the list's record count and the dict's entry count bind (their heaps are sized so
 * that bytes never do: every record at its largest, plus one being replaced). That holds wherever the free chunks
 * lie, because an insertion compacts a fragmented heap: a run found before this existed had a dict refuse an
 * insertion with 5 of its 18 chunks free, none two in a row.
 */
@ExtendWith(ShmLeakCheck.class)
class CollectionModelTest
{
    static final int LIST_RECORDS = 12;
    static final int DICT_ENTRIES = 8;

    /** A result: a value (records as strings) or the class of the exception. */
    record Result(Object value, Class<?> thrown)
    {
        static Result run(final Supplier<Object> op)
        {
            try
            {
                return new Result(op.get(), null);
            }
            catch (final IndexOutOfBoundsException | NoSuchElementException | CapacityExceededException ex)
            {
                return new Result(null, ex.getClass());
            }
        }

        static Result threw(final Class<?> type)
        {
            return new Result(null, type);
        }
    }

    static String s(final byte[] b)
    {
        return null == b ? null : new String(b, StandardCharsets.UTF_8);
    }

    static byte[] b(final String s)
    {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Records of 0 to 40 bytes. */
    static Gen<String> records()
    {
        return integers().between(0, 40).zip(integers().between(0, 9), (n, c) -> String.valueOf(c).repeat(n));
    }

    // ---------------------------------------------------------------- list

    record ListState(List<String> items, Result last)
    {
    }

    static final class ListSut
    {
        final SharedList list;
        Result last;

        ListSut(final SharedList list)
        {
            this.list = list;
        }
    }

    /** One command: how it runs on the list and what the model says. */
    record ListStep(String label, Function<SharedList, Object> sut, Function<List<String>, Result> model)
        implements Command<ListSut, ListState>
    {
        @Override
        public void run(final ListSut s)
        {
            s.last = Result.run(() -> sut.apply(s.list));
        }

        @Override
        public ListState nextState(final ListState state)
        {
            final List<String> items = new ArrayList<>(state.items());
            return new ListState(items, model.apply(items));
        }

        @Override
        public String toString()
        {
            return label;
        }
    }

    static Gen<ListStep> listSteps()
    {
        final Gen<Integer> index = integers().between(-1, LIST_RECORDS + 1);
        return Generate.oneOf(
            records().map(r -> new ListStep("add " + r.length(), l -> l.add(b(r)),
                m -> m.size() == LIST_RECORDS ? Result.threw(CapacityExceededException.class) : added(m, r))),
            records().map(r -> new ListStep("add " + r.length(), l -> l.add(b(r)),
                m -> m.size() == LIST_RECORDS ? Result.threw(CapacityExceededException.class) : added(m, r))),
            index.map(i -> new ListStep("get " + i, l -> s(l.get(i)),
                m -> inside(m, i) ? new Result(m.get(i), null) : Result.threw(IndexOutOfBoundsException.class))),
            index.zip(records(), (i, r) -> new ListStep("set " + i + " " + r.length(), l -> s(l.set(i, b(r))),
                m -> inside(m, i) ? new Result(m.set(i, r), null) : Result.threw(IndexOutOfBoundsException.class))),
            Generate.constant(new ListStep("removeLast", l -> s(l.removeLast()),
                m -> m.isEmpty() ? Result.threw(NoSuchElementException.class) :
                    new Result(m.remove(m.size() - 1), null))),
            Generate.constant(new ListStep("size", SharedList::size, m -> new Result(m.size(), null))),
            Generate.constant(new ListStep("clear", l ->
            {
                l.clear();
                return null;
            }, m ->
            {
                m.clear();
                return new Result(null, null);
            })));
    }

    private static Result added(final List<String> m, final String r)
    {
        m.add(r);
        return new Result(m.size() - 1, null);
    }

    private static boolean inside(final List<String> m, final int i)
    {
        return i >= 0 && i < m.size();
    }

    @Test
    void listShouldMatchArrayList()
    {
        final List<SharedList> made = new ArrayList<>();
        try
        {
            qt().withExamples(150).withShrinkCycles(100)
                .forAll(lists().of(listSteps()).ofSizeBetween(1, 60))
                .checkAssert(steps -> Sequential.modelCheck(new ListState(List.of(), null), steps, st ->
                {
                    // heap: every record (at most 48 bytes with its header: 2 chunks) plus one being replaced
                    final SharedList l = SharedList.create(ShmLeakCheck.name("mlist"), LIST_RECORDS,
                        (LIST_RECORDS + 1) * 64L);
                    made.add(l);
                    return new ListSut(l);
                }, sut -> new ListState(sut.list.snapshot().stream().map(CollectionModelTest::s).toList(), sut.last)));
        }
        finally
        {
            made.forEach(l ->
            {
                l.unlink();
                l.close();
            });
        }
    }

    // ---------------------------------------------------------------- dict

    record DictState(Map<String, String> map, Result last)
    {
    }

    static final class DictSut
    {
        final SharedDict dict;
        Result last;

        DictSut(final SharedDict dict)
        {
            this.dict = dict;
        }
    }

    record DictStep(String label, Function<SharedDict, Object> sut, Function<Map<String, String>, Result> model)
        implements Command<DictSut, DictState>
    {
        @Override
        public void run(final DictSut s)
        {
            s.last = Result.run(() -> sut.apply(s.dict));
        }

        @Override
        public DictState nextState(final DictState state)
        {
            final Map<String, String> map = new HashMap<>(state.map());
            return new DictState(map, model.apply(map));
        }

        @Override
        public String toString()
        {
            return label;
        }
    }

    /** Whether the model has room for {@code k}: present, or fewer than the capacity. */
    private static boolean room(final Map<String, String> m, final String k, final int capacity)
    {
        return m.containsKey(k) || m.size() < capacity;
    }

    private static final Result FULL = Result.threw(CapacityExceededException.class);

    static Gen<DictStep> dictSteps(final int capacity)
    {
        final Gen<String> keys = integers().between(0, 11).map(i -> "k" + i);
        return Generate.oneOf(
            keys.zip(records(), (k, v) -> new DictStep("put " + k + " " + v.length(), d -> s(d.put(b(k), b(v))),
                m -> room(m, k, capacity) ? new Result(m.put(k, v), null) : FULL)),
            keys.zip(records(), (k, v) -> new DictStep("putIfAbsent " + k, d -> s(d.putIfAbsent(b(k), b(v))),
                m -> room(m, k, capacity) ? new Result(m.putIfAbsent(k, v), null) : FULL)),
            keys.map(k -> new DictStep("get " + k, d -> s(d.get(b(k))), m -> new Result(m.get(k), null))),
            keys.map(k -> new DictStep("remove " + k, d -> s(d.remove(b(k))), m -> new Result(m.remove(k), null))),
            keys.zip(records(), (k, v) -> new DictStep("remove " + k + " if " + v, d -> d.remove(b(k), b(v)),
                m -> new Result(m.remove(k, v), null))),
            keys.zip(records(), (k, v) -> new DictStep("replace " + k, d -> s(d.replace(b(k), b(v))),
                m -> new Result(m.replace(k, v), null))),
            keys.map(k -> new DictStep("compute " + k, d -> s(d.compute(b(k), (kk, v) -> grow(s(v)))),
                m -> !room(m, k, capacity) ? FULL :
                    new Result(m.compute(k, (kk, v) -> s(grow(v))), null))),
            Generate.constant(new DictStep("size", SharedDict::size, m -> new Result(m.size(), null))),
            Generate.constant(new DictStep("clear", d ->
            {
                d.clear();
                return null;
            }, m ->
            {
                m.clear();
                return new Result(null, null);
            })));
    }

    /** The compute function: absent becomes "x", a value grows by one character, a long one is removed. */
    static byte[] grow(final String v)
    {
        return null == v ? b("x") : v.length() >= 6 ? null : b(v + "+");
    }

    @Test
    void dictShouldMatchHashMap()
    {
        // one stripe: the capacity is the dict's, not a stripe's, so "full" is in the model
        checkDict(DICT_ENTRIES, 1);
    }

    @Test
    void stripedDictShouldMatchHashMap()
    {
        // four stripes of 16 entries: the 12 keys never fill one, so striping is tested without "full"
        checkDict(64, 4);
    }

    private static void checkDict(final int capacity, final int stripes)
    {
        final List<SharedDict> made = new ArrayList<>();
        try
        {
            qt().withExamples(100).withShrinkCycles(100)
                .forAll(lists().of(dictSteps(capacity)).ofSizeBetween(1, 60))
                .checkAssert(steps -> Sequential.modelCheck(new DictState(Map.of(), null), steps, st ->
                {
                    // heap: every entry (at most 64 bytes with its header) plus one copy, in each stripe
                    final SharedDict d = SharedDict.create(ShmLeakCheck.name("mdict"), capacity,
                        (capacity + stripes) * 64L * stripes, ShmOptions.defaults().withStripes(stripes));
                    made.add(d);
                    return new DictSut(d);
                }, sut ->
                {
                    final Map<String, String> m = new HashMap<>();
                    sut.dict.forEach(e -> m.put(s(e.getKey()), s(e.getValue())));
                    return new DictState(m, sut.last);
                }));
        }
        finally
        {
            made.forEach(d ->
            {
                d.unlink();
                d.close();
            });
        }
    }
}
