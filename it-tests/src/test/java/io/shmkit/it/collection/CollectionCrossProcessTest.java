package io.shmkit.it.collection;

import static io.shmkit.it.collection.CollectionChildren.*;
import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.shmkit.SharedLongArray;
import io.shmkit.collection.SharedDict;
import io.shmkit.collection.SharedList;
import io.shmkit.it.Await;
import io.shmkit.it.ChildJvm;
import io.shmkit.segment.ShmOptions;
import io.shmkit.test.ShmLeakCheck;

/**
 * {@link SharedList} and {@link SharedDict} across real child JVMs: a writer killed with {@code kill -9} at random
 * moments, after which the structures must be readable, consistent and hold every completed operation. Concurrent
 * writers are {@link CollectionLinearizabilityTest}'s property.
 */
@ExtendWith(ShmLeakCheck.class)
class CollectionCrossProcessTest
{
    private static final long BOUND_S = 120;
    private final List<ChildJvm> children = new ArrayList<>();
    private final Made made = new Made();

    @AfterEach
    void cleanUp() throws Exception
    {
        children.forEach(ChildJvm::close);
        made.unlinkAndClose();
    }

    private <T extends AutoCloseable> T track(final T c)
    {
        return made.track(c);
    }

    private static String s(final byte[] b)
    {
        return new String(b, StandardCharsets.UTF_8);
    }

    @Test
    void shouldKeepEveryCompletedOperationWhenTheWriterIsKilled()
    {
        final SharedList list = track(SharedList.create(ShmLeakCheck.name("klist"), WriterScript.LIST_RECORDS,
            WriterScript.LIST_BYTES));
        final SharedDict dict = track(SharedDict.create(ShmLeakCheck.name("kdict"), WriterScript.DICT_ENTRIES,
            WriterScript.DICT_BYTES, ShmOptions.defaults().withStripes(4)));
        final SharedLongArray progress = track(SharedLongArray.create(ShmLeakCheck.name("kprog"), 'q', 2));
        final int rounds = 20;
        killedWriterRounds(rounds, Writer.class, list, dict, progress, (round, done) ->
        {
            checkAgainstModels(round, done, list, dict);
            System.out.println("round " + round + ": killed after " + done + " operations; repairs so far: list " +
                list.repairs() + ", dict " + dict.repairs());
            // and the structures go on working
            list.clear();
            list.add(new byte[3]);
            dict.put(new byte[] {1}, new byte[] {2});
            assertEquals(1, list.size());
        });
        // about half the kills land inside an operation (the writer prepares its records beforehand)
        assertTrue(list.repairs() + dict.repairs() > 0, "no kill landed inside an operation in " + rounds + " rounds");
    }

    @Test
    void shouldNeverTearAValueOverwrittenInPlaceWhenTheWriterIsKilled()
    {
        final SharedDict dict = track(SharedDict.create(ShmLeakCheck.name("odict"), 16, 4096,
            ShmOptions.defaults().withStripes(1)));
        final SharedLongArray progress = track(SharedLongArray.create(ShmLeakCheck.name("oprog"), 'q', 2));
        final ThreadLocalRandom rnd = ThreadLocalRandom.current();
        final int rounds = 16;
        for (int round = 0; round < rounds; round++)
        {
            progress.set(DONE, 0);
            progress.set(PID, 0);
            // the first values, so that every put of the writer overwrites in place
            for (int k = 0; k < OVERWRITTEN_KEYS; k++)
            {
                dict.put(WriterScript.bytes("o" + k), WriterScript.bytes(overwriting(-1 - k)));
            }
            final int done = killAfter(rnd.nextLong(1, 40_000), progress,
                ChildJvm.start(Overwriter.class, dict.name(), progress.name()));
            for (int k = 0; k < OVERWRITTEN_KEYS; k++)
            {
                // the last completed put of key k, or the one in flight if it was put k
                final int last = done - 1 - Math.floorMod(done - 1 - k, OVERWRITTEN_KEYS);
                final String expected = overwriting(last >= 0 ? last : -1 - k);
                final String actual = s(dict.get(WriterScript.bytes("o" + k)));
                if (!expected.equals(actual))
                {
                    assertEquals(done % OVERWRITTEN_KEYS, k, "round " + round + ": o" + k + " after " + done +
                        " puts is " + actual + ", expected " + expected);
                    assertEquals(overwriting(done), actual, "round " + round + ": o" + k + ", the put in flight");
                }
            }
            assertEquals(OVERWRITTEN_KEYS, dict.size());
            assertEquals(OVERWRITTEN_KEYS * 64L, dict.usedBytes(), "nothing allocated beside the entries");
            System.out.println("overwrite round " + round + ": killed after " + done + " puts; repairs so far: " +
                dict.repairs());
        }
    }

    @Test
    void shouldKeepEveryCompletedOperationWhenTheWriterIsKilledWhileCompacting()
    {
        final SharedList list = track(SharedList.create(ShmLeakCheck.name("flist"), FragmentScript.RECORDS,
            FragmentScript.BYTES));
        final SharedDict dict = track(SharedDict.create(ShmLeakCheck.name("fdict"), FragmentScript.RECORDS,
            FragmentScript.BYTES, ShmOptions.defaults().withStripes(1)));
        final SharedLongArray progress = track(SharedLongArray.create(ShmLeakCheck.name("fprog"), 'q', 2));
        killedWriterRounds(12, Fragmenter.class, list, dict, progress, (round, done) ->
        {
            final FragmentScript.Models m = new FragmentScript.Models(new ArrayList<>(), new HashMap<>(), new int[2]);
            for (int i = 0; i < done; i++)
            {
                FragmentScript.model(i, m);
            }
            final List<String> actualList = list.snapshot().stream().map(CollectionCrossProcessTest::s).toList();
            final Map<String, String> actualDict = new HashMap<>();
            dict.forEach(e -> actualDict.put(s(e.getKey()), s(e.getValue())));
            if (!m.list().equals(actualList) || !m.dict().equals(actualDict))
            {
                // the operation in flight when the writer died may have been published
                FragmentScript.model(done, m);
            }
            final String what = "round " + round + ", after " + done + " or " + (done + 1) + " operations";
            assertEquals(m.list(), actualList, what);
            assertEquals(m.dict(), actualDict, what);
            // the repaired heaps account for exactly the published records
            assertEquals(m.used()[0] * 32L, list.usedBytes(), what);
            assertEquals(m.used()[1] * 32L, dict.usedBytes(), what);
            System.out.println("compacting " + what + ": compactions so far: list " + list.compactions() + ", dict " +
                dict.compactions() + "; repairs: list " + list.repairs() + ", dict " + dict.repairs());
        });
        assertTrue(list.compactions() > 0 && dict.compactions() > 0, "the script never compacted");
    }

    /** What a test checks after a round: the round and the operations the killed writer completed. */
    @FunctionalInterface
    private interface RoundCheck
    {
        void check(int round, int done);
    }

    /**
     * Rounds of: clear the structures, start {@code writer} (a main class given the list's, the dict's and the
     * progress array's names), kill it after a random number of completed operations, and check.
     */
    private void killedWriterRounds(final int rounds, final Class<?> writer, final SharedList list,
        final SharedDict dict, final SharedLongArray progress, final RoundCheck check)
    {
        final ThreadLocalRandom rnd = ThreadLocalRandom.current();
        for (int round = 0; round < rounds; round++)
        {
            list.clear();
            dict.clear();
            progress.set(DONE, 0);
            progress.set(PID, 0);
            check.check(round, killAfter(rnd.nextLong(1, 20_000), progress,
                ChildJvm.start(writer, list.name(), dict.name(), progress.name())));
        }
    }

    /** Kill {@code writer} with {@code kill -9} once it has completed {@code target} operations; return how many. */
    private int killAfter(final long target, final SharedLongArray progress, final ChildJvm writer)
    {
        children.add(writer);
        Await.until(BOUND_S, () -> progress.get(DONE) >= target || !writer.isAlive(),
            () -> "the writer to complete " + target + " operations: " + progress.get(DONE));
        assertTrue(writer.isAlive(), () -> "the writer ended early\n" + writer.stderr());
        writer.kill9();
        return (int)progress.get(DONE);
    }

    private static void checkAgainstModels(
        final int round, final int done, final SharedList list, final SharedDict dict)
    {
        final List<String> modelList = new ArrayList<>();
        final Map<String, String> modelDict = new HashMap<>();
        for (int i = 0; i < done; i++)
        {
            WriterScript.model(i, modelList, modelDict);
        }
        final List<String> actualList = list.snapshot().stream().map(CollectionCrossProcessTest::s).toList();
        final Map<String, String> actualDict = new HashMap<>();
        dict.forEach(e -> actualDict.put(s(e.getKey()), s(e.getValue())));
        assertEquals(actualDict.size(), dict.size(), "the dict's count agrees with its entries");
        if (modelList.equals(actualList) && modelDict.equals(actualDict))
        {
            return;
        }
        // the operation in flight when the writer died may have been published
        WriterScript.model(done, modelList, modelDict);
        assertEquals(modelList, actualList, "round " + round + ": list after " + done + " or " + (done + 1) + " ops");
        assertEquals(modelDict, actualDict, "round " + round + ": dict after " + done + " or " + (done + 1) + " ops");
    }
}
