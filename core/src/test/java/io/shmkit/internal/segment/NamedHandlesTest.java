package io.shmkit.internal.segment;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cache of handles kept by name: a handle is handed out only while its name refers to the file it was opened
 * on. Each handle here holds its file open, as a mapping does, so that the file's inode cannot be reused by the file
 * created again under its name.
 */
class NamedHandlesTest
{
    /** No pass at the start of a request: names are checked only when looked up. */
    private static final long NEVER = Long.MAX_VALUE;

    @TempDir
    Path root;

    @Test
    void shouldHandOutAHandleWhileItsFileIsTheSame() throws IOException
    {
        final NamedHandles cache = new NamedHandles(root, NEVER);
        assertNull(cache.get("a"));
        final Handle h = keep(cache, "a");
        for (int request = 0; request < 3; request++)
        {
            cache.beginRequest(System.nanoTime());
            assertSame(h, cache.get("a"));
        }
        assertFalse(h.closed());
        cache.closeAll();
        assertTrue(h.closed());
        assertEquals(0, cache.size());
    }

    @Test
    void shouldCloseAHandleWhoseNameWasCreatedAgainAtItsFirstLookupInARequest() throws IOException
    {
        final NamedHandles cache = new NamedHandles(root, NEVER);
        final Handle h = keep(cache, "a");
        recreate("a");
        assertSame(h, cache.get("a"), "within a request, a name is not checked again");
        cache.beginRequest(System.nanoTime());
        assertFalse(h.closed(), "no pass: checked at its lookup");
        assertNull(cache.get("a"), "the name must be opened again");
        assertTrue(h.closed());
        assertEquals(0, cache.size());
        final Handle again = keep(cache, "a");
        cache.beginRequest(System.nanoTime());
        assertSame(again, cache.get("a"));
        again.close();
    }

    @Test
    void shouldCloseAHandleWhoseFileIsGoneAtItsLookupOrInAnIdlePass() throws IOException
    {
        final NamedHandles cache = new NamedHandles(root, NEVER);
        final Handle looked = keep(cache, "a");
        final Handle idle = keep(cache, "b");
        Files.delete(root.resolve("a"));
        Files.delete(root.resolve("b"));
        assertEquals(0, cache.passIfDue(System.nanoTime(), NEVER), "no idle pass is due");
        cache.beginRequest(System.nanoTime());
        assertNull(cache.get("a"));
        assertTrue(looked.closed());
        assertFalse(idle.closed(), "not looked up, no pass yet: still kept");
        assertEquals(1, cache.passIfDue(System.nanoTime(), 0), "an idle pass once due");
        assertTrue(idle.closed());
        assertEquals(0, cache.size());
    }

    @Test
    void shouldCloseStaleHandlesInThePassAtTheStartOfARequest() throws IOException
    {
        final NamedHandles cache = new NamedHandles(root, 0);
        final Handle gone = keep(cache, "gone");
        final Handle replaced = keep(cache, "replaced");
        final Handle kept = keep(cache, "kept");
        Files.delete(root.resolve("gone"));
        recreate("replaced");
        assertEquals(2, cache.beginRequest(System.nanoTime()));
        assertTrue(gone.closed());
        assertTrue(replaced.closed());
        assertFalse(kept.closed());
        assertEquals(1, cache.size());
        assertSame(kept, cache.get("kept"));
        cache.closeAll();
    }

    @Test
    void shouldTakeAHandleForStaleWhenItsNameWasReplacedWhileItWasOpened() throws IOException
    {
        final NamedHandles cache = new NamedHandles(root, NEVER);
        final Handle h = open("a");
        final Object before = cache.identityOf("a");
        recreate("a"); // between the identity read and the open of a real segment
        cache.put("a", h, before);
        cache.beginRequest(System.nanoTime());
        assertNull(cache.get("a"));
        assertTrue(h.closed());
    }

    @Test
    void shouldReadTheIdentityWhenThereWasNoFileBeforeTheOpen() throws IOException
    {
        final NamedHandles cache = new NamedHandles(root, NEVER);
        assertNull(cache.identityOf("a"));
        final Handle h = open("a");
        cache.put("a", h, null);
        cache.beginRequest(System.nanoTime());
        assertSame(h, cache.get("a"));
        cache.closeAll();
    }

    @Test
    void shouldHandStaleHandlesToItsCloserAndCloseTheRestItselfAtTheEnd() throws IOException
    {
        final List<AutoCloseable> handedOver = new ArrayList<>();
        final NamedHandles cache = new NamedHandles(root, NEVER, handedOver::add);
        final Handle gone = keep(cache, "gone");
        final Handle looked = keep(cache, "looked");
        final Handle kept = keep(cache, "kept");
        Files.delete(root.resolve("gone"));
        assertEquals(1, cache.passIfDue(System.nanoTime(), 0));
        recreate("looked");
        cache.beginRequest(System.nanoTime()); // no pass: the name is checked at its lookup
        assertNull(cache.get("looked"));
        assertEquals(List.of(gone, looked), handedOver, "the stale handles, in the order they were found");
        assertFalse(gone.closed() || looked.closed(), "left to the closer");
        cache.closeAll();
        assertTrue(kept.closed(), "closed on the caller's thread at the end");
        assertEquals(2, handedOver.size());
        gone.close();
        looked.close();
    }

    @Test
    void shouldCheckANameWithALeadingSlashAgainstItsFileUnderTheRoot() throws IOException
    {
        final NamedHandles cache = new NamedHandles(root, NEVER);
        final Object identity = cache.identityOf("/a");
        final Handle h = open("a");
        cache.put("/a", h, identity);
        cache.beginRequest(System.nanoTime());
        assertSame(h, cache.get("/a"), "the same file: kept (it was opened again at every request)");
        recreate("a");
        cache.beginRequest(System.nanoTime());
        assertNull(cache.get("/a"), "created again under the root: stale");
        assertTrue(h.closed());
        assertThrows(IllegalArgumentException.class, () -> cache.identityOf("a/b"));
    }

    /** Open {@code name} and keep its handle, as a lookup that misses does. */
    private Handle keep(final NamedHandles cache, final String name) throws IOException
    {
        final Object identity = cache.identityOf(name);
        final Handle h = open(name);
        cache.put(name, h, identity);
        return h;
    }

    private Handle open(final String name) throws IOException
    {
        final Path file = root.resolve(name);
        if (!Files.exists(file))
        {
            Files.write(file, new byte[8]);
        }
        return new Handle(FileChannel.open(file, StandardOpenOption.READ));
    }

    private void recreate(final String name) throws IOException
    {
        Files.delete(root.resolve(name));
        Files.write(root.resolve(name), new byte[8]);
    }

    /** Holds its file open (the inode stays allocated) until closed. */
    private static final class Handle implements AutoCloseable
    {
        private final FileChannel channel;

        Handle(final FileChannel channel)
        {
            this.channel = channel;
        }

        boolean closed()
        {
            return !channel.isOpen();
        }

        @Override
        public void close() throws IOException
        {
            channel.close();
        }
    }
}
