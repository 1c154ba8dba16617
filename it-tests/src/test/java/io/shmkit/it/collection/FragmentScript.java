package io.shmkit.it.collection;

import java.util.List;
import java.util.Map;

import io.shmkit.collection.CapacityExceededException;
import io.shmkit.collection.SharedDict;
import io.shmkit.collection.SharedList;

/**
 * A deterministic sequence of operations on a small list and a one-stripe dict whose heaps are nearly always full
 * and fragmented, so that insertions often compact (or fail for want of bytes), and the same sequence on plain Java
 * models. With compaction, whether an insertion fits depends on the bytes in use only, so the models need no
 * knowledge of where records lie: only sizes in chunks.
 */
final class FragmentScript
{
    static final int RECORDS = 8;
    static final int CHUNKS = 16;
    static final long BYTES = CHUNKS * 32L;
    static final int KEYS = 10;

    private FragmentScript()
    {
    }

    /** The models: the list, the dict, and the chunks each uses. */
    record Models(List<String> list, Map<String, String> dict, int[] used)
    {
    }

    private static long mix(final int i)
    {
        long z = (i + 1) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    static String key(final int i)
    {
        return "f" + Long.remainderUnsigned(mix(i) >>> 1, KEYS);
    }

    /**
     * Operation {@code i}'s record or value: 0 to 80 bytes (1 to 3 chunks with a list record's header, 1 to 4 with
     * a dict entry's), each byte different from its neighbours, so that a chunk copied from the wrong place shows.
     */
    static String value(final int i)
    {
        final int n = (int)Long.remainderUnsigned(mix(i) >>> 8, 81);
        final StringBuilder sb = new StringBuilder(n);
        for (int j = 0; j < n; j++)
        {
            sb.append((char)('!' + (i + j) % 90));
        }
        return sb.toString();
    }

    private static boolean onDict(final int i)
    {
        return (mix(i) & 1) == 0;
    }

    /** Dict: 0 remove, else put. List, given its size: 0 removeLast, 1 set, else add. */
    private static int action(final int i)
    {
        return (int)Long.remainderUnsigned(mix(i) >>> 5, 4);
    }

    private static int index(final int i, final int size)
    {
        return (int)Long.remainderUnsigned(mix(i) >>> 12, size);
    }

    private static int chunks(final int bytes)
    {
        return (bytes + 31) / 32;
    }

    /** Run operation {@code i} with its prepared key and value; a full structure is part of the script. */
    static void run(final int i, final byte[] key, final byte[] value, final SharedList list, final SharedDict dict)
    {
        try
        {
            if (onDict(i))
            {
                if (action(i) == 0)
                {
                    dict.remove(key);
                }
                else
                {
                    dict.put(key, value);
                }
                return;
            }
            final int size = list.size();
            if (size > 0 && action(i) == 0)
            {
                list.removeLast();
            }
            else if (size > 0 && action(i) == 1)
            {
                list.set(index(i, size), value);
            }
            else
            {
                list.add(value);
            }
        }
        catch (final CapacityExceededException full)
        {
            // nothing changed: the models decide the same from the chunks in use
        }
    }

    /** Apply operation {@code i} to the models. */
    static void model(final int i, final Models m)
    {
        final String v = value(i);
        if (onDict(i))
        {
            final String k = key(i);
            final String old = m.dict().get(k);
            final int oldChunks = null == old ? 0 : chunks(16 + k.length() + old.length());
            if (action(i) == 0)
            {
                m.dict().remove(k);
                m.used()[1] -= oldChunks;
                return;
            }
            final int n = chunks(16 + k.length() + v.length());
            final boolean inPlace = null != old && old.length() == v.length() && v.length() <= 32;
            if (inPlace || (null != old || m.dict().size() < RECORDS) && m.used()[1] + n <= CHUNKS)
            {
                m.dict().put(k, v);
                m.used()[1] += inPlace ? 0 : n - oldChunks;
            }
            return;
        }
        final List<String> list = m.list();
        final int size = list.size();
        final int n = chunks(8 + v.length());
        if (size > 0 && action(i) == 0)
        {
            m.used()[0] -= chunks(8 + list.remove(size - 1).length());
        }
        else if (size > 0 && action(i) == 1)
        {
            if (m.used()[0] + n <= CHUNKS)
            {
                m.used()[0] += n - chunks(8 + list.set(index(i, size), v).length());
            }
        }
        else if (size < RECORDS && m.used()[0] + n <= CHUNKS)
        {
            list.add(v);
            m.used()[0] += n;
        }
    }
}
