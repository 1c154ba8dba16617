package io.shmkit.msgpack;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.shmkit.collection.RecordCodec;
import io.shmkit.collection.SharedDict;
import io.shmkit.collection.SharedList;
import io.shmkit.test.ShmLeakCheck;

/** Python-like values in a shared list and dict through the queue codec, as Manager().list() holds them. */
@ExtendWith(ShmLeakCheck.class)
class CollectionViewsTest
{
    private static final RecordCodec<Object> VALUES = RecordCodec.of(MsgPackCodec.instance());

    @Test
    void shouldKeepPythonLikeValuesInASharedList()
    {
        try (SharedList list = SharedList.create(ShmLeakCheck.name("mp-list"), 16, 4096))
        {
            try
            {
                final List<Object> view = list.asList(VALUES);
                view.add(Arrays.asList(42, null, "hello"));
                view.add(2.5);
                assertEquals(2, list.size());
                assertEquals(Arrays.asList(42L, null, "hello"), view.get(0));
                assertEquals(2.5, view.get(1));
            }
            finally
            {
                list.unlink();
            }
        }
    }

    @Test
    void shouldKeepPythonLikeKeysAndValuesInASharedDict()
    {
        try (SharedDict dict = SharedDict.create(ShmLeakCheck.name("mp-dict"), 16, 4096))
        {
            try
            {
                final java.util.concurrent.ConcurrentMap<Object, Object> view = dict.asMap(VALUES, VALUES);
                view.put("hits", Arrays.asList(1, 2, 3));
                assertEquals(Arrays.asList(1L, 2L, 3L), view.get("hits"));
                assertEquals(1, dict.size());
            }
            finally
            {
                dict.unlink();
            }
        }
    }
}
