package io.shmkit.collection;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentMap;
import java.util.function.BiFunction;
import java.util.function.Function;

import org.agrona.concurrent.UnsafeBuffer;

/**
 * The {@link ConcurrentMap} view of a {@link SharedDict} through two {@link RecordCodec}s: see
 * {@link SharedDict#asMap}. Null keys and values are rejected, as in {@code ConcurrentHashMap}.
 *
 * @param <K> the key type.
 * @param <V> the value type.
 */
final class TypedMap<K, V> extends AbstractMap<K, V> implements ConcurrentMap<K, V>
{
    private final SharedDict dict;
    private final RecordCodec<K> keys;
    private final RecordCodec<V> values;

    TypedMap(final SharedDict dict, final RecordCodec<K> keys, final RecordCodec<V> values)
    {
        this.dict = dict;
        this.keys = Objects.requireNonNull(keys, "keys");
        this.values = Objects.requireNonNull(values, "values");
    }

    @SuppressWarnings("unchecked")
    private byte[] key(final Object key)
    {
        return keys.encode((K)Objects.requireNonNull(key, "key"));
    }

    @SuppressWarnings("unchecked")
    private byte[] value(final Object value)
    {
        return values.encode((V)Objects.requireNonNull(value, "value"));
    }

    private V decode(final byte[] b)
    {
        return null == b ? null : values.decode(new UnsafeBuffer(b), 0, b.length);
    }

    @Override
    public V get(final Object key)
    {
        final byte[] k = key(key);
        return dict.read(new UnsafeBuffer(k), 0, k.length, values::decode);
    }

    @Override
    public boolean containsKey(final Object key)
    {
        return dict.containsKey(key(key));
    }

    @Override
    public V put(final K key, final V value)
    {
        return decode(dict.put(key(key), value(value)));
    }

    @Override
    public V putIfAbsent(final K key, final V value)
    {
        return decode(dict.putIfAbsent(key(key), value(value)));
    }

    @Override
    public V remove(final Object key)
    {
        return decode(dict.remove(key(key)));
    }

    @Override
    public boolean remove(final Object key, final Object value)
    {
        return null != key && null != value && dict.remove(key(key), value(value));
    }

    @Override
    public V replace(final K key, final V value)
    {
        return decode(dict.replace(key(key), value(value)));
    }

    @Override
    public boolean replace(final K key, final V oldValue, final V newValue)
    {
        return dict.replace(key(key), value(oldValue), value(newValue));
    }

    @Override
    public V compute(final K key, final BiFunction<? super K, ? super V, ? extends V> function)
    {
        Objects.requireNonNull(function, "function");
        return decode(dict.compute(key(key), (k, current) ->
        {
            final V next = function.apply(key, decode(current));
            return null == next ? null : value(next);
        }));
    }

    @Override
    public V computeIfAbsent(final K key, final Function<? super K, ? extends V> function)
    {
        Objects.requireNonNull(function, "function");
        return compute(key, (k, current) -> null == current ? function.apply(k) : current);
    }

    @Override
    public V computeIfPresent(final K key, final BiFunction<? super K, ? super V, ? extends V> function)
    {
        Objects.requireNonNull(function, "function");
        return compute(key, (k, current) -> null == current ? null : function.apply(k, current));
    }

    @Override
    public V merge(final K key, final V value, final BiFunction<? super V, ? super V, ? extends V> function)
    {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(function, "function");
        return compute(key, (k, current) -> null == current ? value : function.apply(current, value));
    }

    @Override
    public int size()
    {
        return dict.size();
    }

    @Override
    public void clear()
    {
        dict.clear();
    }

    @Override
    public Set<Map.Entry<K, V>> entrySet()
    {
        return new AbstractSet<Map.Entry<K, V>>()
        {
            @Override
            public Iterator<Map.Entry<K, V>> iterator()
            {
                final Iterator<Map.Entry<byte[], byte[]>> raw = dict.iterator();
                return new Iterator<Map.Entry<K, V>>()
                {
                    @Override
                    public boolean hasNext()
                    {
                        return raw.hasNext();
                    }

                    @Override
                    public Map.Entry<K, V> next()
                    {
                        final Map.Entry<byte[], byte[]> e = raw.next();
                        return new AbstractMap.SimpleImmutableEntry<>(
                            keys.decode(new UnsafeBuffer(e.getKey()), 0, e.getKey().length), decode(e.getValue()));
                    }
                };
            }

            @Override
            public int size()
            {
                return dict.size();
            }
        };
    }
}
