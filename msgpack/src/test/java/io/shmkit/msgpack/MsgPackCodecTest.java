package io.shmkit.msgpack;

import static org.junit.jupiter.api.Assertions.*;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.shmkit.queue.QueueOptions;
import io.shmkit.queue.ShmQueue;
import io.shmkit.test.ShmLeakCheck;

@ExtendWith(ShmLeakCheck.class)
class MsgPackCodecTest
{
    private static final MsgPackCodec CODEC = MsgPackCodec.instance();

    @Test
    void shouldEncodeThePythonExampleAsPythonDoes()
    {
        // Python: msgpack.packb([42, None, 'hello']) == b'\x93*\xc0\xa5hello'
        final byte[] expected = new byte[]{(byte)0x93, 0x2a, (byte)0xc0, (byte)0xa5, 'h', 'e', 'l', 'l', 'o'};
        assertArrayEquals(expected, CODEC.toBytes(Arrays.asList(42, null, "hello")));
        assertEquals(Arrays.asList(42L, null, "hello"), CODEC.fromBytes(expected));
    }

    @Test
    void shouldRoundTripPythonLikeValues()
    {
        final Map<Object, Object> map = new LinkedHashMap<>();
        map.put("pi", 3.5);
        map.put(7L, List.of(true, false));
        map.put("raw", "bytes");
        final List<Object> value = Arrays.asList(Long.MIN_VALUE, Long.MAX_VALUE, new BigInteger("18446744073709551615"),
            -1.25, "héllo", null, map, new ArrayList<>());
        assertEquals(value, CODEC.fromBytes(CODEC.toBytes(value)));
        final byte[] bin = "abc".getBytes(StandardCharsets.UTF_8);
        assertArrayEquals(bin, (byte[])CODEC.fromBytes(CODEC.toBytes(bin)));
        assertEquals(List.of(1L, "x"), CODEC.fromBytes(CODEC.toBytes(new Object[]{1, "x"})));
        assertEquals(2.5, CODEC.fromBytes(CODEC.toBytes(2.5f)));
    }

    @Test
    void shouldRejectWhatItCannotCarry()
    {
        assertThrows(IllegalArgumentException.class, () -> CODEC.toBytes(new Object()));
        assertThrows(IllegalArgumentException.class, () -> CODEC.toBytes(BigInteger.ONE.shiftLeft(64)));
        Object deep = null;
        for (int i = 0; i <= MsgPackCodec.MAX_DEPTH + 1; i++)
        {
            deep = Arrays.asList(deep);
        }
        final Object tooDeep = deep;
        assertThrows(IllegalArgumentException.class, () -> CODEC.toBytes(tooDeep));
    }

    @Test
    void shouldRejectMalformedBytesClearly()
    {
        assertThrows(IllegalArgumentException.class, () -> CODEC.fromBytes(new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> CODEC.fromBytes(new byte[]{(byte)0xa5, 'h'}));
        assertThrows(IllegalArgumentException.class, () -> CODEC.fromBytes(new byte[]{0x01, 0x02}));
        // an array header announcing 2^32-1 elements in 5 bytes
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> CODEC.fromBytes(new byte[]{(byte)0xdd, (byte)0xff, (byte)0xff, (byte)0xff, (byte)0xff}));
        assertNotNull(ex.getMessage());
        final byte[] deep = new byte[MsgPackCodec.MAX_DEPTH + 2];
        Arrays.fill(deep, (byte)0x91);
        deep[deep.length - 1] = (byte)0xc0;
        assertThrows(IllegalArgumentException.class, () -> CODEC.fromBytes(deep));
        assertThrows(IllegalArgumentException.class, () -> CODEC.fromBytes(new byte[]{(byte)0xd4, 1, 2}));
    }

    @Test
    void shouldCarryTheExampleThroughAQueue() throws Exception
    {
        final String name = ShmLeakCheck.name("msgpack-q");
        try (ShmQueue<Object> q = ShmQueue.create(name, CODEC, QueueOptions.defaults().withCapacity(4096)))
        {
            try
            {
                q.put(Arrays.asList(42, null, "hello"));
                assertEquals(Arrays.asList(42L, null, "hello"), q.take());
            }
            finally
            {
                q.unlink();
            }
        }
    }
}
