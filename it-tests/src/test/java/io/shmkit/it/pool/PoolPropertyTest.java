package io.shmkit.it.pool;

import static org.junit.jupiter.api.Assertions.*;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.quicktheories.core.Gen;

import io.shmkit.pool.Pool;

/**
 * Property tests: {@code map}, {@code imap}, {@code imapUnordered} and {@code starmap} give the results of a
 * sequential loop for random arguments (nulls included) and chunk sizes from 1 to past the length (0: the default
 * rule), on one pool of two real worker JVMs shared by every example (a worker starts in about 150 ms). The request
 * queues are small (64 KiB), so long chunks travel in several messages.
 */
@Timeout(600)
class PoolPropertyTest
{
    private static final int EXAMPLES = 25;
    private static Pool pool;

    @BeforeAll
    static void start()
    {
        pool = Pool.builder().workers(2).requestCapacity(64 * 1024).name(PoolFixture.name("props")).start();
    }

    @AfterAll
    static void stop() throws Exception
    {
        PoolFixture.closeAndCheck(pool);
    }

    private static Gen<List<Long>> arguments()
    {
        return lists().of(longs().between(-1_000_000, 1_000_000).map(v -> v % 17 == 0 ? null : v))
            .ofSizeBetween(0, 80);
    }

    private static List<Long> sequential(final List<Long> xs)
    {
        final List<Long> out = new ArrayList<>();
        xs.forEach(x -> out.add(PoolTasks.Square.of(x)));
        return out;
    }

    private static <T> List<T> drain(final Iterator<T> it)
    {
        final List<T> out = new ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }

    private static List<Long> sorted(final List<Long> xs)
    {
        return xs.stream().sorted(Comparator.nullsFirst(Comparator.naturalOrder())).collect(Collectors.toList());
    }

    @Test
    void mapShouldEqualASequentialLoop()
    {
        qt().withExamples(EXAMPLES).forAll(arguments(), integers().between(0, 90)).checkAssert((xs, chunk) ->
        {
            try
            {
                assertEquals(sequential(xs), pool.map(PoolTasks.Square.class, xs, chunk), "chunk " + chunk);
            }
            catch (final InterruptedException ex)
            {
                throw new AssertionError(ex);
            }
        });
    }

    @Test
    void imapShouldEqualASequentialLoopInOrder()
    {
        qt().withExamples(EXAMPLES).forAll(arguments(), integers().between(1, 90)).checkAssert((xs, chunk) ->
            assertEquals(sequential(xs), drain(pool.imap(PoolTasks.Square.class, xs, chunk)), "chunk " + chunk));
    }

    @Test
    void imapUnorderedShouldGiveTheSameResultsInSomeOrder()
    {
        qt().withExamples(EXAMPLES).forAll(arguments(), integers().between(1, 90)).checkAssert((xs, chunk) ->
            assertEquals(sorted(sequential(xs)), sorted(drain(pool.imapUnordered(PoolTasks.Square.class, xs, chunk))),
                "chunk " + chunk));
    }

    @Test
    void starmapShouldEqualASequentialLoop()
    {
        final Gen<List<List<Long>>> pairs = lists().of(lists().of(longs().between(-1_000_000, 1_000_000))
            .ofSize(2)).ofSizeBetween(0, 60);
        qt().withExamples(EXAMPLES).forAll(pairs, integers().between(0, 70)).checkAssert((ts, chunk) ->
        {
            final List<Long> expected = new ArrayList<>();
            ts.forEach(t -> expected.add(t.get(0) + t.get(1)));
            try
            {
                assertEquals(expected, pool.starmap(PoolTasks.Add.class, ts, chunk), "chunk " + chunk);
            }
            catch (final InterruptedException ex)
            {
                throw new AssertionError(ex);
            }
        });
    }

    @Test
    void shouldSplitAChunkLongerThanARequestAndKeepOrder() throws Exception
    {
        final List<Long> xs = LongStream.range(0, 5_000).boxed().collect(Collectors.toList());
        assertEquals(sequential(xs), pool.map(PoolTasks.Square.class, xs, 5_000));
        assertEquals(sequential(xs), drain(pool.imap(PoolTasks.Square.class, xs, 1_700)));
        assertEquals(List.of(), pool.map(PoolTasks.Square.class, List.of()));
    }
}
