package io.shmkit.collection;

import java.util.AbstractList;
import java.util.Iterator;
import java.util.Objects;
import java.util.RandomAccess;

import org.agrona.concurrent.UnsafeBuffer;

/**
 * The {@link java.util.List} view of a {@link SharedList} through a {@link RecordCodec}: see
 * {@link SharedList#asList}. Null elements are rejected.
 *
 * @param <T> the element type.
 */
final class TypedList<T> extends AbstractList<T> implements RandomAccess
{
    private final SharedList list;
    private final RecordCodec<T> codec;

    TypedList(final SharedList list, final RecordCodec<T> codec)
    {
        this.list = list;
        this.codec = Objects.requireNonNull(codec, "codec");
    }

    @Override
    public T get(final int index)
    {
        return list.read(index, codec::decode);
    }

    @Override
    public T set(final int index, final T element)
    {
        final byte[] previous = list.set(index, codec.encode(Objects.requireNonNull(element, "element")));
        return codec.decode(new UnsafeBuffer(previous), 0, previous.length);
    }

    @Override
    public boolean add(final T element)
    {
        list.add(codec.encode(Objects.requireNonNull(element, "element")));
        return true;
    }

    @Override
    public int size()
    {
        return list.size();
    }

    @Override
    public void clear()
    {
        list.clear();
    }

    @Override
    public Iterator<T> iterator()
    {
        final Iterator<byte[]> raw = list.iterator();
        return new Iterator<T>()
        {
            @Override
            public boolean hasNext()
            {
                return raw.hasNext();
            }

            @Override
            public T next()
            {
                final byte[] b = raw.next();
                return codec.decode(new UnsafeBuffer(b), 0, b.length);
            }
        };
    }
}
