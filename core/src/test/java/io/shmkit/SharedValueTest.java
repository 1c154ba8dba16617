package io.shmkit;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.shmkit.test.ShmLeakCheck;

@ExtendWith(ShmLeakCheck.class)
class SharedValueTest
{
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
            assertTrue(ex.getMessage().contains("open it as a SharedDouble"), ex.getMessage());
            d.unlink();
        }
    }
}
