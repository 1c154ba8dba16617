"""Typed shared arrays and values: Java's ``SharedLongArray``/``SharedDoubleArray`` and ``SharedLong``/
``SharedDouble``, by the same names in the same files."""

import ctypes
import struct

from . import _atomic
from . import _layout as L
from . import _segment as S
from ._lock import Lock, RangeLock

try:
    import numpy as _np
except ImportError:  # numpy is optional
    _np = None


def _check_typecode(typecode):
    if not isinstance(typecode, str) or typecode not in L.TYPECODES:
        raise ValueError("unknown typecode %r: expected one of b B h H i I l L q Q f d" % (typecode,))
    return typecode


class _Shared:
    """What arrays and values share: the mapping, the lock stripes and the lifecycle."""

    def __init__(self, mapping):
        h = mapping.header
        self._m = mapping
        self._mm = mapping.mm
        self._anchor = ctypes.c_char.from_buffer(self._mm)
        self._base = ctypes.addressof(self._anchor)
        self.typecode = h.typecode
        self._size, fmt, self._dtype, self._floating, self._min, self._max = L.TYPECODES[h.typecode]
        self._count = h.element_count
        self._data = h.data_offset
        self._shift = h.stripe_shift
        self._locks = [Lock(self, s) for s in range(h.stripe_count)]
        self._mv = memoryview(self._mm)[self._data:self._data + self._count * self._size].cast("B").cast(fmt)
        self._word = struct.Struct("<" + {1: "B", 2: "H", 4: "I", 8: "Q"}[self._size])
        self._elem = struct.Struct("<" + fmt)
        self._closed = False

    name = property(lambda self: self._m.name, doc="The segment name, by which other processes open it.")
    stripe_count = property(lambda self: len(self._locks), doc="Lock stripes: 0 without locks.")

    def _address(self, offset):
        self._check_open()
        return self._base + offset

    def _check_open(self):
        if self._closed:
            raise ValueError("segment '%s' is closed" % self._m.name)

    def _check_value(self, value):
        if type(value) is int and not self._floating and self._min <= value <= self._max:
            return value
        if self._floating:
            v = float(value)
            if self._size == 4:
                struct.pack("<f", v)  # OverflowError for finite values beyond float's range, as Java rejects them
            return v
        if isinstance(value, float) or not hasattr(value, "__index__"):
            raise TypeError("typecode '%s' holds integers, not %r" % (self.typecode, value))
        v = value.__index__()
        if v < self._min or v > self._max:
            raise ValueError("value %d is out of range for typecode '%s' [%d, %d]" % (v, self.typecode, self._min,
                                                                                   self._max))
        return v

    def _cas_element(self, index, expected, update):
        address = self._address(self._data + index * self._size)
        return _atomic.cas(address, self._size, self._bits(expected), self._bits(update))

    def _bits(self, value):
        return self._word.unpack(self._elem.pack(value))[0]

    def _get_and_add(self, index, delta):
        while True:
            old = self._mv[index]
            new = old + delta
            if not self._floating and (new < self._min or new > self._max):
                if self._size < 8:
                    raise ValueError("value %d is out of range for typecode '%s' [%d, %d]"
                                     % (new, self.typecode, self._min, self._max))
                new = (new - self._min) % (1 << 64) + self._min  # 64-bit arithmetic wraps, as Java's does
            if self._cas_element(index, old, new):
                return old

    def memoryview(self):
        """A memoryview of the data cast to the typecode (native sizes: ``l``/``L`` are 8 bytes on Linux x86-64).
        Element access through it is one aligned load or store and takes no lock."""
        self._check_open()
        return self._mv

    def numpy(self):
        """A numpy array viewing the data in place (no copy), or ImportError without numpy."""
        self._check_open()
        if _np is None:
            raise ImportError("numpy is not installed: use memoryview()")
        return _np.frombuffer(self._mm, dtype=self._dtype, count=self._count, offset=self._data)

    def close(self):
        """Unmap. Idempotent. Raises BufferError while memoryviews or numpy views of it are still alive."""
        if self._closed:
            return
        self._mv.release()
        del self._anchor
        try:
            self._mm.close()
        except BufferError:
            self._anchor = ctypes.c_char.from_buffer(self._mm)
            self._mv = memoryview(self._mm)[self._data:self._data + self._count * self._size].cast("B").cast(
                self._elem.format[1:])
            raise BufferError("'%s' still has views (memoryview or numpy arrays); delete them before close()"
                              % self._m.name) from None
        self._closed = True
        for lock in self._locks:
            lock._dispose()

    def unlink(self):
        """Remove the name, if it still names this segment (never a replacement). Open mappings stay valid."""
        return self._m.unlink()

    def keep(self):
        """Do not remove this segment when this process exits (it was created here without ``persistent``)."""
        S.keep(self._m)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def _require_locks(self):
        if not self._locks:
            raise ValueError("'%s' was created without locks" % self._m.name)


class Array(_Shared):
    """A typed shared array: Python's ``multiprocessing.Array``/``RawArray``, Java's ``SharedLongArray`` and
    ``SharedDoubleArray``. ``a[i]``, ``a[i] = x``, slices, ``len(a)``; ``get_lock()`` is every stripe."""

    @classmethod
    def open(cls, name, root=None, timeout=S.DEFAULT_OPEN_TIMEOUT):
        """Attach to an existing array, with Java's checks; ``SegmentFormatError`` if it is not one."""
        return cls(S.open_segment(name, L.KIND_ARRAY, root, timeout))

    @classmethod
    def create(cls, name, typecode, size_or_initializer, lock=True, stripes=None, persistent=False, root=None):
        """Create an array Java can open: ``size_or_initializer`` is a length or a sequence of values."""
        _check_typecode(typecode)
        if isinstance(size_or_initializer, int):
            values, count = None, size_or_initializer
        else:
            values = list(size_or_initializer)
            count = len(values)
        if count < 0:
            raise ValueError("length=%d must not be negative" % count)
        if not lock:
            n_stripes = 0
        elif stripes is None:
            n_stripes = L.auto_stripes(count)
        elif stripes < 1 or stripes > L.MAX_STRIPES or stripes & (stripes - 1):
            raise ValueError("stripes=%d must be a power of two from 1 to %d" % (stripes, L.MAX_STRIPES))
        else:
            n_stripes = stripes
        init = None
        if values:
            size, fmt = L.TYPECODES[typecode][0], L.TYPECODES[typecode][1]
            _validate_all(typecode, values)

            def init(mm, offset):
                mm[offset:offset + count * size] = struct.pack("<%d%s" % (count, fmt), *values)
        return cls(S.create_segment(name, L.KIND_ARRAY, typecode, count, n_stripes, persistent, root, init))

    def __len__(self):
        return self._count

    def _index(self, index):
        i = index.__index__()
        if i < 0:
            i += self._count
        if i < 0 or i >= self._count:
            raise IndexError("index %d out of bounds for length %d" % (index, self._count))
        return i

    def __getitem__(self, index):
        self._check_open()
        if isinstance(index, slice):
            return self._mv[index].tolist()
        return self._mv[self._index(index)]

    def __setitem__(self, index, value):
        self._check_open()
        if isinstance(index, slice):
            values = list(value)
            _validate_all(self.typecode, values)
            self._mv[index] = memoryview(struct.pack("<%d%s" % (len(values), self._elem.format[1:]), *values)).cast(
                self._elem.format[1:])
            return
        i = self._index(index)
        self._mv[i] = self._check_value(value)

    def __iter__(self):
        return iter(self[:])

    def get_and_add(self, index, delta):
        """Atomically add ``delta`` (a locked CAS of the element's width; no lock taken); the previous value."""
        return self._get_and_add(self._index(index), delta)

    def compare_and_set(self, index, expected, update):
        """Atomically set element ``index`` to ``update`` if it holds ``expected``; True if it did."""
        return self._cas_element(self._index(index), self._check_value(expected), self._check_value(update))

    @property
    def stripe_length(self):
        """Elements per stripe: ``1 << stripe shift``, or the length without locks."""
        return self._count if not self._locks else 1 << self._shift

    def stripe_of(self, index):
        self._require_locks()
        return self._index(index) >> self._shift

    def stripe_lock(self, stripe):
        """The lock of stripe ``stripe`` (the same object on every call)."""
        self._require_locks()
        if stripe < 0 or stripe >= len(self._locks):
            raise IndexError("stripe %d out of range [0, %d)" % (stripe, len(self._locks)))
        return self._locks[stripe]

    def range_lock(self, start, stop):
        """The stripes of elements ``start`` (inclusive) to ``stop`` (exclusive), taken in ascending order."""
        self._require_locks()
        if start < 0 or stop > self._count or start >= stop:
            raise IndexError("range [%d, %d) is empty or out of bounds for length %d" % (start, stop, self._count))
        return RangeLock(self._locks[start >> self._shift:((stop - 1) >> self._shift) + 1])

    def get_lock(self):
        """Python's ``get_lock()``: every stripe, in ascending order."""
        self._require_locks()
        return RangeLock(list(self._locks))

    def __repr__(self):
        return "shmkit.Array(%r, %r, length=%d, stripes=%d)" % (self.name, self.typecode, self._count,
                                                                 len(self._locks))


class Value(_Shared):
    """A typed shared value: Python's ``multiprocessing.Value``/``RawValue``, Java's ``SharedLong`` and
    ``SharedDouble``. ``v.value``; ``get_lock()`` is its single lock slot."""

    @classmethod
    def open(cls, name, root=None, timeout=S.DEFAULT_OPEN_TIMEOUT):
        """Attach to an existing value, with Java's checks; ``SegmentFormatError`` if it is not one."""
        return cls(S.open_segment(name, L.KIND_VALUE, root, timeout))

    @classmethod
    def create(cls, name, typecode, value=0, lock=True, persistent=False, root=None):
        """Create a value Java can open (one lock slot with ``lock``, none without)."""
        _check_typecode(typecode)
        _validate_all(typecode, [value])
        fmt = L.TYPECODES[typecode][1]

        def init(mm, offset):
            struct.pack_into("<" + fmt, mm, offset, value)
        return cls(S.create_segment(name, L.KIND_VALUE, typecode, 1, 1 if lock else 0, persistent, root, init))

    @property
    def value(self):
        if self._closed:
            self._check_open()
        return self._mv[0]

    @value.setter
    def value(self, v):
        if self._closed:
            self._check_open()
        self._mv[0] = self._check_value(v)

    def get_and_add(self, delta):
        """Atomically add ``delta`` (a locked CAS; no lock taken); the previous value."""
        self._check_open()
        return self._get_and_add(0, delta)

    def compare_and_set(self, expected, update):
        return self._cas_element(0, self._check_value(expected), self._check_value(update))

    def get_lock(self):
        """Python's ``get_lock()``: the value's lock (slot 0)."""
        self._require_locks()
        return self._locks[0]

    def __repr__(self):
        return "shmkit.Value(%r, %r)" % (self.name, self.typecode)


def _validate_all(typecode, values):
    size, fmt, dtype, floating, lo, hi = L.TYPECODES[typecode]
    for v in values:
        if floating:
            if typecode == "f":
                struct.pack("<f", float(v))
            continue
        if isinstance(v, float) or not hasattr(v, "__index__"):
            raise TypeError("typecode '%s' holds integers, not %r" % (typecode, v))
        if v < lo or v > hi:
            raise ValueError("value %d is out of range for typecode '%s' [%d, %d]" % (v, typecode, lo, hi))
