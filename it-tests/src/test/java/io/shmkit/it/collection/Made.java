package io.shmkit.it.collection;

import java.util.ArrayList;
import java.util.List;

import io.shmkit.SharedLongArray;
import io.shmkit.collection.SharedDict;
import io.shmkit.collection.SharedList;

/** The structures a collection test made: unlinked and closed after it, in the order made. */
final class Made
{
    private final List<AutoCloseable> made = new ArrayList<>();

    <T extends AutoCloseable> T track(final T c)
    {
        made.add(c);
        return c;
    }

    void unlinkAndClose() throws Exception
    {
        for (final AutoCloseable c : made)
        {
            if (c instanceof SharedList l)
            {
                l.unlink();
            }
            else if (c instanceof SharedDict d)
            {
                d.unlink();
            }
            else if (c instanceof SharedLongArray a)
            {
                a.unlink();
            }
            c.close();
        }
        made.clear();
    }
}
