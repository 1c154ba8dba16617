package io.shmkit.it.collection;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import io.shmkit.collection.SharedDict;
import io.shmkit.collection.SharedList;

/**
 * The deterministic sequence of operations a killed writer runs, and the same sequence on plain Java models, so
 * that the state after any prefix is known: operation {@code i} on the shared structures leaves them equal to the
 * models after {@link #model(int, List, Map)} of 0 to {@code i}.
 */
final class WriterScript
{
    static final int LIST_RECORDS = 40;
    static final long LIST_BYTES = 24 * 1024;
    static final int DICT_ENTRIES = 256;
    static final long DICT_BYTES = 64 * 1024;
    static final int KEYS = 37;

    private WriterScript()
    {
    }

    static String record(final int i)
    {
        return ("r" + i + ".").repeat(i % 9 + 1);
    }

    /** Keys whose values always have 8 bytes, so that puts on them overwrite in place. */
    static String overwrittenKey(final int i)
    {
        return "c" + (i % 5);
    }

    static String overwriting(final int i)
    {
        return String.format(java.util.Locale.ROOT, "v%07d", i % 10_000_000);
    }

    static byte[] bytes(final String s)
    {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** What operation {@code i} does, given the list's size before it. */
    private static int listAction(final int i, final int size)
    {
        if (size >= LIST_RECORDS)
        {
            return 4;
        }
        final int c = (i / 2) % 4;
        return size == 0 && c >= 2 ? 0 : c;
    }

    /** Records and keys of operations 0 to n - 1, so that a writer spends its time inside the operations. */
    static byte[][][] prepare(final int n)
    {
        final byte[][][] out = new byte[n][][];
        for (int i = 0; i < n; i++)
        {
            out[i] = new byte[][] {bytes(record(i)), bytes("k" + (i * 7 % KEYS)), bytes(overwrittenKey(i)),
                bytes(overwriting(i))};
        }
        return out;
    }

    /** Run operation {@code i} on the shared structures (one writer only), with its prepared record and key. */
    static void run(final int i, final byte[][] prepared, final SharedList list, final SharedDict dict)
    {
        if ((i & 1) == 0)
        {
            final int size = list.size();
            switch (listAction(i, size))
            {
                case 0, 1 -> list.add(prepared[0]);
                case 2 -> list.set(size - 1, prepared[0]);
                case 3 -> list.removeLast();
                default -> list.clear();
            }
        }
        else if (i % 8 == 7)
        {
            dict.remove(prepared[1]);
        }
        else if (i % 8 == 3)
        {
            dict.put(prepared[2], prepared[3]);
        }
        else
        {
            dict.put(prepared[1], prepared[0]);
        }
    }

    /** Apply operation {@code i} to the models. */
    static void model(final int i, final List<String> list, final Map<String, String> dict)
    {
        if ((i & 1) == 0)
        {
            final int size = list.size();
            switch (listAction(i, size))
            {
                case 0, 1 -> list.add(record(i));
                case 2 -> list.set(size - 1, record(i));
                case 3 -> list.remove(size - 1);
                default -> list.clear();
            }
        }
        else if (i % 8 == 7)
        {
            dict.remove("k" + (i * 7 % KEYS));
        }
        else if (i % 8 == 3)
        {
            dict.put(overwrittenKey(i), overwriting(i));
        }
        else
        {
            dict.put("k" + (i * 7 % KEYS), record(i));
        }
    }
}
