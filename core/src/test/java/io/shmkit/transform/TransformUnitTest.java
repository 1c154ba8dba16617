package io.shmkit.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.shmkit.segment.ProcessIdentity;
import io.shmkit.segment.TypeCode;

class TransformUnitTest
{

    @Test
    void shouldEncodeOperationsExactly()
    {
        final List<TransformOp> ops = List.of(TransformOp.negate(), TransformOp.abs(), TransformOp.add(-7),
            TransformOp.add(0.1), TransformOp.multiply(Double.MIN_VALUE), TransformOp.clamp(-2.5, 1e300),
            TransformOp.clamp(Long.MIN_VALUE, Long.MAX_VALUE), TransformOp.square(), TransformOp.sqrt(),
            TransformOp.user("a.b.C$D"));
        final double[] doubles = {0.0, -0.0, 1.5, -3.25, 1e300, -1e-300, Double.NaN, Double.MAX_VALUE};
        final long[] longs = {0, 1, -1, 7, -9, Long.MIN_VALUE, Long.MAX_VALUE};
        for (final TransformOp op : ops)
        {
            final TransformOp back = OpCodec.decode(op.encode());
            // equals compares encodings, so also compare what the decoded operation says and does
            assertEquals(op.toString(), back.toString());
            assertEquals(op.isNegate(), back.isNegate(), op.toString());
            assertEquals(op.isUser(), back.isUser(), op.toString());
            if (op.isUser())
            {
                assertEquals(op.className, back.className);
                continue;
            }
            if (op.isNegate())
            {
                continue;
            }
            try
            {
                final java.util.function.DoubleUnaryOperator d = op.doubleOperator();
                final java.util.function.DoubleUnaryOperator e = back.doubleOperator();
                for (final double x : doubles)
                {
                    assertEquals(Double.doubleToRawLongBits(d.applyAsDouble(x)),
                        Double.doubleToRawLongBits(e.applyAsDouble(x)), op + " of " + x);
                }
                if (!"sqrt()".equals(op.toString()))
                {
                    final java.util.function.LongUnaryOperator l = op.longOperator(TypeCode.LONG_LONG);
                    final java.util.function.LongUnaryOperator m = back.longOperator(TypeCode.LONG_LONG);
                    for (final long x : longs)
                    {
                        assertEquals(outcome(l, x), outcome(m, x), op + " of " + x);
                    }
                }
            }
            catch (final ReflectiveOperationException ex)
            {
                throw new AssertionError(ex);
            }
        }
    }

    /** The result, or the exception's class and message. */
    private static String outcome(final java.util.function.LongUnaryOperator op, final long x)
    {
        try
        {
            return Long.toString(op.applyAsLong(x));
        }
        catch (final RuntimeException ex)
        {
            return ex.getClass().getName() + ": " + ex.getMessage();
        }
    }

    @Test
    void shouldRejectOperationsThatDoNotFitTheTypecode()
    {
        final IllegalArgumentException sqrt =
            assertThrows(IllegalArgumentException.class, () -> TransformOp.sqrt().checkApplicable(TypeCode.SHORT));
        assertTrue(sqrt.getMessage().contains("'h'"), sqrt.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TransformOp.add(0.5).checkApplicable(TypeCode.INT));
        assertThrows(IllegalArgumentException.class,
            () -> TransformOp.clamp(0, 300).checkApplicable(TypeCode.UNSIGNED_CHAR));
        assertThrows(IllegalArgumentException.class, () -> TransformOp.clamp(5, 1).checkApplicable(TypeCode.INT));
        assertThrows(IllegalArgumentException.class, () -> TransformOp.clamp(Double.NaN, 1));
        assertThrows(IllegalArgumentException.class, () -> TransformOp.user("not a class"));
        assertThrows(IllegalArgumentException.class, () -> TransformOp.user(String.class));
        TransformOp.add(2.0).checkApplicable(TypeCode.INT);
        TransformOp.sqrt().checkApplicable(TypeCode.FLOAT);
        TransformOp.clamp(1, -1).checkApplicable(TypeCode.UNSIGNED_LONG_LONG); // -1 is the largest 'Q'
        final IllegalArgumentException clamp = assertThrows(IllegalArgumentException.class,
            () -> TransformOp.clamp(5L, 1L).checkApplicable(TypeCode.DOUBLE));
        assertTrue(clamp.getMessage().contains("lo > hi"), clamp.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TransformOp.clamp(5L, 1L).checkApplicable(TypeCode.FLOAT));
    }

    @Test
    void shouldWrapOrRejectNarrowIntegerResults() throws Exception
    {
        assertEquals(Long.MIN_VALUE, TransformOp.multiply(2).longOperator(TypeCode.LONG_LONG).applyAsLong(1L << 62),
            "'q' wraps like Java's long");
        assertThrows(IllegalArgumentException.class,
            () -> TransformOp.multiply(1L << 40).longOperator(TypeCode.INT).applyAsLong(1L << 40));
        assertEquals(5, TransformOp.abs().longOperator(TypeCode.UNSIGNED_INT).applyAsLong(5));
        assertEquals(100, TransformOp.clamp(5, 100).longOperator(TypeCode.UNSIGNED_LONG).applyAsLong(-1L),
            "unsigned compare");
    }

    @Test
    void shouldKeepEveryOtherOptionWhenOneChanges()
    {
        final java.util.function.LongConsumer listener = done -> { };
        final Path exe = Path.of("/opt/some/java");
        final io.shmkit.segment.ShmOptions shm = io.shmkit.segment.ShmOptions.defaults().withLock(false);
        final TransformOptions o = TransformOptions.defaults()
            .withTimeout(java.time.Duration.ofSeconds(7))
            .withJvmOptions(List.of("-Dx=1"))
            .withHeap("48m")
            .withProgress(listener, java.time.Duration.ofMillis(3))
            .withFastStart(true)
            .withClassDataArchive(false)
            .withJava(exe)
            .withClassPath("a.jar")
            .withPrefault(false)
            .withShmOptions(shm);

        assertEquals(java.time.Duration.ofSeconds(7), o.timeout());
        assertEquals(List.of("-Dx=1"), o.jvmOptions());
        assertEquals("48m", o.heap());
        assertTrue(listener == o.progressListener());
        assertEquals(java.time.Duration.ofMillis(3), o.progressInterval());
        assertTrue(o.fastStart());
        assertFalse(o.classDataArchive());
        assertEquals(exe, o.java());
        assertEquals("a.jar", o.classPath());
        assertFalse(o.prefault());
        assertTrue(shm == o.shmOptions());
        final TransformOptions d = TransformOptions.defaults();
        assertEquals(TransformOptions.DEFAULT_TIMEOUT, d.timeout());
        assertTrue(d.classDataArchive() && d.prefault() && !d.fastStart(), d.toString());
        assertEquals(null, d.java());
        assertEquals(null, d.classPath());
        assertEquals(null, d.heap());
        final TransformOptions one = d.withHeap("1m").withFastStart(false);
        assertTrue(one.classDataArchive() && one.prefault(), "the defaults' true values survive a change");
        assertTrue(o.withHeap("2m").fastStart(), "and so does a true value set before");
    }

    @Test
    void shouldRejectABadHeapSizeNamingIt()
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> TransformOptions.defaults().withHeap("lots"));
        assertTrue(ex.getMessage().contains("'lots'"), ex.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TransformOptions.defaults().withHeap("0m"));
        assertEquals("64m", TransformOptions.defaults().withHeap("64m").heap());
        assertEquals(null, TransformOptions.defaults().withHeap(null).heap());
    }
}
