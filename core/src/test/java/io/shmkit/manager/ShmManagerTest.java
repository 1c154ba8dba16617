package io.shmkit.manager;

import static org.junit.jupiter.api.Assertions.*;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;
import java.util.NoSuchElementException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.shmkit.SharedDouble;
import io.shmkit.SharedLong;
import io.shmkit.collection.SharedDict;
import io.shmkit.collection.SharedList;
import io.shmkit.segment.SegmentFormatException;
import io.shmkit.segment.SegmentKind;
import io.shmkit.segment.ShmOptions;
import io.shmkit.codec.Codecs;
import io.shmkit.queue.QueueOptions;
import io.shmkit.queue.ShmQueue;
import io.shmkit.test.ShmLeakCheck;

@ExtendWith(ShmLeakCheck.class)
class ShmManagerTest
{
    @Test
    void shouldOwnCreateAndLetOthersLookUpByKey()
    {
        final String name = ShmLeakCheck.name("mgr");
        try (ShmManager owner = ShmManager.create(name))
        {
            final SharedList hits = owner.newList("hits", 16, 1024);
            owner.newDict("results", 64, 4096).put(new byte[] {1}, new byte[] {2});
            owner.newLongArray("counts", 'q', 4).set(1, 7);
            owner.newLong("n", 'i', 5);
            final SharedDouble d = owner.register("pi", SegmentKind.VALUE,
                (n, o) -> SharedDouble.create(n, 'd', 3.25, o), SharedDouble::unlink);
            hits.add(new byte[] {42});
            assertSame(hits, owner.list("hits"));
            assertThrows(IllegalArgumentException.class, () -> owner.newList("hits", 1, 1), "key taken");
            assertThrows(IllegalArgumentException.class, () -> owner.newList("a.b", 1, 1), "bad key");
            try (ShmManager child = ShmManager.attach(name))
            {
                assertFalse(child.isOwner());
                assertTrue(child.isOwnerAlive());
                assertEquals(List.of("hits", "results", "counts", "n", "pi"), child.keys());
                assertEquals(256, child.capacity(), "the directory's default entry capacity");
                assertArrayEquals(new byte[] {42}, child.list("hits").get(0));
                assertArrayEquals(new byte[] {2}, child.dict("results").get(new byte[] {1}));
                assertEquals(7, child.longArray("counts").get(1));
                assertEquals(5, child.longValue("n").get());
                assertEquals(3.25, child.lookup("pi", SegmentKind.VALUE, SharedDouble.class, SharedDouble::open).get());
                assertThrows(NoSuchElementException.class, () -> child.list("nothing"));
                assertThrows(SegmentFormatException.class, () -> child.dict("hits"), "wrong kind");
                assertThrows(IllegalStateException.class, () -> child.newList("x", 1, 1), "only the owner creates");
            }
            assertFalse(d.isClosed());
        }
        assertFalse(Files.exists(ShmOptions.defaults().root().resolve(name)));
        assertFalse(Files.exists(ShmOptions.defaults().root().resolve(name + ".hits")));
    }

    @Test
    void shouldTellAnAttacherThatObjectsAreGoneOrTheManagerClosed()
    {
        final String name = ShmLeakCheck.name("gone");
        final ShmManager owner = ShmManager.create(name);
        owner.newList("l", 4, 256);
        final SharedDict dict = owner.newDict("d", 4, 256);
        final ShmManager child = ShmManager.attach(name);
        dict.unlink();
        final IllegalStateException gone = assertThrows(IllegalStateException.class, () -> child.dict("d"));
        assertTrue(gone.getMessage().contains("gone"), gone.getMessage());
        final SharedList l = child.list("l");
        owner.close();
        assertThrows(IllegalStateException.class, () -> child.list("l"), "closed by its owner");
        assertThrows(UncheckedIOException.class, () -> ShmManager.attach(name), "the directory is unlinked");
        assertEquals(0, l.size(), "an open handle keeps its mapping");
        child.close();
        assertTrue(l.isClosed(), "the manager closes what it gave out");
        assertThrows(IllegalStateException.class, () -> owner.newLong("x", 'q', 0));
        owner.close();
    }

    @Test
    void aLookupShouldReplaceAHandleTheUserClosed()
    {
        final String name = ShmLeakCheck.name("reopen");
        try (ShmManager owner = ShmManager.create(name); ShmManager child = ShmManager.attach(name))
        {
            owner.newLong("n", 'q', 5);
            final SharedLong first = child.longValue("n");
            assertSame(first, child.longValue("n"), "an open handle is cached");
            first.close();
            final SharedLong second = child.longValue("n");
            assertNotSame(first, second, "a closed handle is not handed out again");
            assertFalse(second.isClosed());
            assertEquals(5, second.get(), "the fresh handle is usable");

            final QueueOptions q = QueueOptions.defaults().withCapacity(4096);
            owner.register("q", SegmentKind.QUEUE, (n, o) -> ShmQueue.create(n, Codecs.utf8(), q.withShm(o)),
                ShmQueue::unlink);
            final ShmQueue<?> queue = child.lookup("q", SegmentKind.QUEUE, ShmQueue.class,
                (n, o) -> ShmQueue.open(n, Codecs.utf8(), q.withShm(o)));
            queue.close();
            final ShmQueue<?> again = child.lookup("q", SegmentKind.QUEUE, ShmQueue.class,
                (n, o) -> ShmQueue.open(n, Codecs.utf8(), q.withShm(o)));
            assertNotSame(queue, again, "a closed queue is not handed out again either");
            assertTrue(again.isEmpty(), "the fresh queue handle is usable");
        }
    }

    @Test
    void shouldRejectAnotherKindOfSegmentAsAManager()
    {
        final String name = ShmLeakCheck.name("notmgr");
        try (SharedLong v = SharedLong.create(name, 'q', 1))
        {
            assertThrows(SegmentFormatException.class, () -> ShmManager.attach(name));
            v.unlink();
        }
    }
}
