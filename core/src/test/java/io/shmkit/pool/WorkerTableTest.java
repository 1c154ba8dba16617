package io.shmkit.pool;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

import org.junit.jupiter.api.Test;
import org.quicktheories.QuickTheory;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.SourceDSL;

/** The pool's table of workers by id, against a map as its model. */
class WorkerTableTest
{
    @Test
    void aPoolThatReplacesAWorkerPerTaskShouldKeepASmallTable()
    {
        final WorkerTable table = new WorkerTable();
        final Deque<WorkerHandle> alive = new ArrayDeque<>();
        for (int id = 0; id < 100_000; id++)
        {
            final WorkerHandle h = handle(id);
            table.put(h);
            alive.add(h);
            if (alive.size() > 3) // two workers and a retiring one at most
            {
                table.forget(alive.poll());
            }
        }
        assertEquals(16, table.all().length, "the table did not grow with the ids");
        assertEquals(3, Arrays.stream(table.all()).filter(Objects::nonNull).count());
        assertNull(table.get(0), "a forgotten id is not found");
        assertSame(alive.peekLast(), table.get(99_999));
    }

    @Test
    void shouldFindExactlyTheHandlesKept()
    {
        // ids increase as the pool starts workers; each step starts the next id or forgets a kept one
        final Gen<int[]> steps = SourceDSL.lists().of(SourceDSL.integers().between(-1, 40)).ofSizeBetween(0, 300)
            .map(l -> l.stream().mapToInt(Integer::intValue).toArray());
        QuickTheory.qt().withExamples(200).forAll(steps).checkAssert(ops ->
        {
            final WorkerTable table = new WorkerTable();
            final Map<Integer, WorkerHandle> model = new HashMap<>();
            int next = 0;
            for (final int op : ops)
            {
                if (op < 0 || model.isEmpty())
                {
                    final WorkerHandle h = handle(next++);
                    table.put(h);
                    model.put(h.id, h);
                }
                else
                {
                    final WorkerHandle gone = model.values().stream().sorted((a, b) -> a.id - b.id)
                        .skip(op % model.size()).findFirst().orElseThrow();
                    table.forget(gone);
                    model.remove(gone.id);
                }
                for (int id = -2; id <= next + 1; id++)
                {
                    assertSame(model.get(id), table.get(id), "id " + id);
                }
                assertEquals(model.size(), Arrays.stream(table.all()).filter(Objects::nonNull).count());
            }
        });
    }

    private static WorkerHandle handle(final int id)
    {
        return new WorkerHandle(0, id, null, 0, null);
    }
}
