package io.shmkit;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.shmkit.internal.segment.SegmentDescriptor;
import io.shmkit.segment.SegmentFormatException;
import io.shmkit.segment.SegmentInfo;
import io.shmkit.segment.ShmOptions;
import io.shmkit.segment.TypeCode;
import io.shmkit.test.ShmLeakCheck;

@ExtendWith(ShmLeakCheck.class)
class SharedValueTest
{
    @Test
    void shouldNeverShowAnOpenerTheValueBeforeItsInitialValue() throws Exception
    {
        // An opener racing the creator: the first successful open must already read the initial value (the value
        // is written before the segment is published). Probabilistic: a regression shows in some rounds.
        for (int round = 0; round < 200; round++)
        {
            final String name = ShmLeakCheck.name("race");
            final long[] seen = {Long.MIN_VALUE};
            final Thread opener = new Thread(() ->
            {
                final long until = System.nanoTime() + 10_000_000_000L;
                while (System.nanoTime() - until < 0)
                {
                    try (SharedLong w = SharedLong.open(name, ShmOptions.defaults().withOpenTimeout(
                        java.time.Duration.ZERO)))
                    {
                        seen[0] = w.get();
                        return;
                    }
                    catch (final RuntimeException notYet)
                    {
                        Thread.onSpinWait();
                    }
                }
            });
            opener.start();
            try (SharedLong v = SharedLong.create(name, 'q', 42))
            {
                opener.join(30_000);
                assertFalse(opener.isAlive(), "the opener ended");
                assertEquals(42, seen[0], "round " + round + ": the opener saw the initial value");
                v.unlink();
            }
        }
    }

    @Test
    void shouldRefuseToCloseWhileTheCallerHoldsTheLock()
    {
        final SharedDouble v = SharedDouble.create(ShmLeakCheck.name("held"), 'd', 1.5);
        v.unlink();
        v.getLock().lock();
        final IllegalStateException ex = assertThrows(IllegalStateException.class, v::close);
        assertTrue(ex.getMessage().contains("unlock it first"), ex.getMessage());
        assertFalse(v.isClosed(), "nothing closed");
        v.getLock().unlock();
        v.close();
        assertTrue(v.isClosed());
    }

    @Test
    void shouldBehaveLikePythonValue()
    {
        final String name = ShmLeakCheck.name("val");
        try (SharedLong v = SharedLong.create(name, 'i', 0);
             SharedLong w = SharedLong.open(name))
        {
            assertTrue(v.hasLock());
            final ShmLock lock = v.getLock();
            assertSame(lock, v.getLock());
            lock.lock();
            try
            {
                v.set(v.get() + 1);
            }
            finally
            {
                lock.unlock();
            }
            assertEquals(1, w.get());
            assertEquals(2, w.incrementAndGet());
            assertEquals(TypeCode.INT, w.typeCode());
            assertThrows(IllegalArgumentException.class, () -> v.set(1L << 40));
            v.unlink();
        }
    }

    @Test
    void shouldCreateRawValueWithoutLock()
    {
        try (SharedDouble v = SharedDouble.create(
            ShmLeakCheck.name("raw"), 'd', 2.5, ShmOptions.defaults().withLock(false)))
        {
            assertFalse(v.hasLock());
            assertThrows(IllegalStateException.class, v::getLock);
            assertEquals(2.5, v.get());
            assertEquals(2.5, v.getAndAdd(1));
            assertEquals(4.5, v.addAndGet(1));
            assertTrue(v.compareAndSet(4.5, -0.0));
            assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(v.getPlain()));
            v.unlink();
        }
    }

    @Test
    void shouldCheckInitialValue()
    {
        assertThrows(IllegalArgumentException.class, () -> SharedLong.create(ShmLeakCheck.name("iv"), 'B', 256));
        assertThrows(IllegalArgumentException.class, () -> SharedDouble.create(ShmLeakCheck.name("iv"), 'f', 1e40));
        assertThrows(UnsupportedOperationException.class, () -> SharedDouble.create(ShmLeakCheck.name("iv"), 'q', 1));
    }

    @Test
    void shouldOpenByFamily()
    {
        final String name = ShmLeakCheck.name("fam");
        try (SharedDouble d = SharedDouble.create(name, 'f', 1.5))
        {
            assertInstanceOf(SharedDouble.class, SharedValue.open(name));
            final SegmentFormatException ex = assertThrows(SegmentFormatException.class, () -> SharedLong.open(name));
            assertTrue(ex.getMessage().endsWith("has typecode 'f': open it as a SharedDouble"), ex.getMessage());
            d.unlink();
        }
    }

    @Test
    void shouldStoreAFloatValueAsFourBytesSeenAlikeByAnOpener()
    {
        final String name = ShmLeakCheck.name("fval");
        try (SharedDouble f = SharedDouble.create(name, 'f', 1.5))
        {
            assertEquals(1.5, f.get(), "the creator reads its initial value");
            final SegmentInfo info = Segments.inspect(name, ShmOptions.defaults());
            final java.nio.ByteBuffer data;
            try
            {
                data = java.nio.ByteBuffer.wrap(java.nio.file.Files.readAllBytes(info.path()))
                    .order(java.nio.ByteOrder.LITTLE_ENDIAN);
            }
            catch (final java.io.IOException ex)
            {
                throw new java.io.UncheckedIOException(ex);
            }
            assertEquals(1.5f, data.getFloat((int)SegmentDescriptor.dataOffset(info.stripeCount())),
                "stored as a 4-byte float at the data offset");
            try (SharedDouble opened = SharedDouble.open(name))
            {
                assertEquals(1.5, opened.get(), "an opener reads it too");
                opened.set(-2.25);
                assertEquals(-2.25, f.get(), "and writes through it are seen by the creator");
            }
            f.unlink();
        }
    }
}
