package io.shmkit.msgpack;

import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessageFormat;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePackException;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.ValueType;

import io.shmkit.codec.Codec;

/**
 * A self-describing codec for Python-like values, as MessagePack (what Python's {@code msgpack.packb} writes and
 * {@code msgpack.unpackb} reads with its defaults).
 *
 * <table>
 *   <caption>Java and MessagePack</caption>
 *   <tr><th>Java, encoding</th><th>MessagePack</th><th>Java, decoded</th><th>Python</th></tr>
 *   <tr><td>{@code null}</td><td>nil</td><td>{@code null}</td><td>{@code None}</td></tr>
 *   <tr><td>{@code Boolean}</td><td>bool</td><td>{@code Boolean}</td><td>{@code bool}</td></tr>
 *   <tr><td>{@code Byte, Short, Integer, Long, BigInteger} (64 bits at most)</td><td>int</td>
 *       <td>{@code Long}; {@code BigInteger} above {@code Long.MAX_VALUE}</td><td>{@code int}</td></tr>
 *   <tr><td>{@code Float, Double}</td><td>float 32/64</td><td>{@code Double}</td><td>{@code float}</td></tr>
 *   <tr><td>{@code String} (any {@code CharSequence})</td><td>str</td><td>{@code String}</td><td>{@code str}</td></tr>
 *   <tr><td>{@code byte[]}</td><td>bin</td><td>{@code byte[]}</td><td>{@code bytes}</td></tr>
 *   <tr><td>{@code List}, {@code Object[]}</td><td>array</td><td>{@code List<Object>}</td>
 *       <td>{@code list} (tuples become lists)</td></tr>
 *   <tr><td>{@code Map}</td><td>map</td><td>{@code LinkedHashMap<Object, Object>}</td><td>{@code dict}</td></tr>
 * </table>
 * Other types are rejected with an {@link IllegalArgumentException}; so are extension types and nesting deeper
 * than {@link #MAX_DEPTH} on decoding. Nothing is decoded by Java deserialization.
 *
 * <p><b>Throws:</b> IllegalArgumentException: encoding a type not listed, an integer beyond 64 bits, or nesting deeper
 * than {@link #MAX_DEPTH}; decoding bytes that are not exactly one well-formed value of the supported types (extension
 * types, nesting too deep, bytes left over, an empty message).
 *
 * <p><b>Note:</b> thread-safe: each call uses its own packer and unpacker.
 */
public final class MsgPackCodec implements Codec<Object>
{
    /**
     * Packers start with a buffer for a typical message (the library's default is 8 KiB, allocated per message);
     * a larger value grows it.
     */
    private static final MessagePack.PackerConfig SMALL_PACKER = new MessagePack.PackerConfig().withBufferSize(256);

    /** Deepest nesting of lists and maps accepted, in either direction. */
    public static final int MAX_DEPTH = 256;

    private static final MsgPackCodec INSTANCE = new MsgPackCodec();
    private static final BigInteger MAX_UINT64 = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    private MsgPackCodec()
    {
    }

    /**
     * The codec.
     *
     * @return the shared instance.
     */
    public static MsgPackCodec instance()
    {
        return INSTANCE;
    }

    /**
     * Encode a value as MessagePack.
     *
     * @param value  a value of the types above (here, {@code null} is allowed).
     * @param buffer where to write.
     * @param offset first byte.
     * @return bytes written.
     * @throws IllegalArgumentException if the value holds a type not listed, an integer beyond 64 bits, or nests
     *                                  deeper than {@link #MAX_DEPTH}.
     */
    @Override
    public int encode(final Object value, final MutableDirectBuffer buffer, final int offset)
    {
        final byte[] bytes = toBytes(value);
        buffer.putBytes(offset, bytes);
        return bytes.length;
    }

    /**
     * Encode a value as MessagePack bytes.
     *
     * @param value a value of the types above.
     * @return the bytes.
     * @throws IllegalArgumentException as {@link #encode}.
     */
    public byte[] toBytes(final Object value)
    {
        try (MessageBufferPacker packer = SMALL_PACKER.newBufferPacker())
        {
            pack(packer, value, 0);
            return packer.toByteArray();
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException("packing into memory failed", ex);
        }
    }

    private static void pack(final MessageBufferPacker p, final Object v, final int depth) throws IOException
    {
        if (depth > MAX_DEPTH)
        {
            throw new IllegalArgumentException("value nests deeper than " + MAX_DEPTH);
        }
        if (null == v)
        {
            p.packNil();
        }
        else if (v instanceof Boolean b)
        {
            p.packBoolean(b);
        }
        else if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte)
        {
            p.packLong(((Number)v).longValue());
        }
        else if (v instanceof BigInteger big)
        {
            if (big.signum() < 0 ? big.bitLength() > 63 : big.compareTo(MAX_UINT64) > 0)
            {
                throw new IllegalArgumentException("integer " + big + " does not fit MessagePack's 64 bits");
            }
            p.packBigInteger(big);
        }
        else if (v instanceof Double d)
        {
            p.packDouble(d);
        }
        else if (v instanceof Float f)
        {
            p.packFloat(f);
        }
        else if (v instanceof CharSequence s)
        {
            p.packString(s.toString());
        }
        else if (v instanceof byte[] bytes)
        {
            p.packBinaryHeader(bytes.length);
            p.writePayload(bytes);
        }
        else if (v instanceof List<?> list)
        {
            p.packArrayHeader(list.size());
            for (final Object e : list)
            {
                pack(p, e, depth + 1);
            }
        }
        else if (v instanceof Object[] array)
        {
            pack(p, Arrays.asList(array), depth);
        }
        else if (v instanceof Map<?, ?> map)
        {
            p.packMapHeader(map.size());
            for (final Map.Entry<?, ?> e : map.entrySet())
            {
                pack(p, e.getKey(), depth + 1);
                pack(p, e.getValue(), depth + 1);
            }
        }
        else
        {
            throw new IllegalArgumentException("MsgPackCodec cannot encode a " + v.getClass().getName() +
                " (use null, Boolean, integers, Float/Double, String, byte[], List, Object[] or Map)");
        }
    }

    /**
     * Decode one MessagePack value that fills exactly {@code length} bytes.
     *
     * @param buffer where to read.
     * @param offset first byte.
     * @param length bytes.
     * @return the value (types as in the table above).
     * @throws IllegalArgumentException if the bytes are not exactly one well-formed value of the supported types.
     */
    @Override
    public Object decode(final DirectBuffer buffer, final int offset, final int length)
    {
        final byte[] bytes = new byte[length];
        buffer.getBytes(offset, bytes);
        return fromBytes(bytes);
    }

    /**
     * Decode one MessagePack value that fills {@code bytes} exactly.
     *
     * @param bytes the encoding.
     * @return the value.
     * @throws IllegalArgumentException as {@link #decode}.
     */
    public Object fromBytes(final byte[] bytes)
    {
        try (MessageUnpacker u = MessagePack.newDefaultUnpacker(bytes))
        {
            if (!u.hasNext())
            {
                throw new IllegalArgumentException("no MessagePack value in an empty message");
            }
            final Object v = unpack(u, bytes.length, 0);
            if (u.hasNext())
            {
                throw new IllegalArgumentException("bytes left after one MessagePack value: " +
                    (bytes.length - u.getTotalReadBytes()));
            }
            return v;
        }
        catch (final IOException | MessagePackException ex)
        {
            throw new IllegalArgumentException("not a well-formed MessagePack value: " + ex.getMessage(), ex);
        }
    }

    private static Object unpack(final MessageUnpacker u, final int total, final int depth) throws IOException
    {
        if (depth > MAX_DEPTH)
        {
            throw new IllegalArgumentException("MessagePack value nests deeper than " + MAX_DEPTH);
        }
        final MessageFormat format = u.getNextFormat();
        final ValueType t = format.getValueType();
        switch (t)
        {
            case NIL:
                u.unpackNil();
                return null;
            case BOOLEAN:
                return u.unpackBoolean();
            case INTEGER:
                if (format != MessageFormat.UINT64)
                {
                    return u.unpackLong(); // every other integer format fits a long
                }
                final BigInteger big = u.unpackBigInteger();
                return big.bitLength() <= 63 ? (Object)big.longValue() : big;
            case FLOAT:
                return u.unpackDouble();
            case STRING:
                return u.unpackString();
            case BINARY:
                final int n = checkCount(u.unpackBinaryHeader(), total, u);
                return u.readPayload(n);
            case ARRAY:
                final int size = checkCount(u.unpackArrayHeader(), total, u);
                final List<Object> list = new ArrayList<>(size);
                for (int i = 0; i < size; i++)
                {
                    list.add(unpack(u, total, depth + 1));
                }
                return list;
            case MAP:
                final int entries = checkCount(u.unpackMapHeader(), total, u);
                final Map<Object, Object> map = new LinkedHashMap<>();
                for (int i = 0; i < entries; i++)
                {
                    final Object k = unpack(u, total, depth + 1);
                    map.put(k, unpack(u, total, depth + 1));
                }
                return map;
            default:
                throw new IllegalArgumentException("MessagePack " + t + " values are not supported");
        }
    }

    /** A count larger than the bytes left cannot be honest: refuse it before allocating for it. */
    private static int checkCount(final int count, final int total, final MessageUnpacker u)
    {
        final long left = total - u.getTotalReadBytes();
        if (count < 0 || count > left)
        {
            throw new IllegalArgumentException("MessagePack header announces " + count + " items with " + left +
                " bytes left");
        }
        return count;
    }
}
