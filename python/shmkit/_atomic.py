"""Atomic operations on mapped memory, by address, with no compiler.

The lock words and the atomic element operations of shmkit must use the same locked instructions as the JVM
(``lock cmpxchg``, ``lock xadd``): docs/layout.md, "Element encoding and access". Two ways, tried in order:

* ``libatomic`` through ctypes (``__atomic_compare_exchange_N`` and friends). For naturally aligned 1, 2, 4 and
  8-byte objects on x86-64 these are lock-free: the same instructions the JVM emits, not a private lock table.
* a few bytes of x86-64 machine code in an anonymous executable mapping, called through ctypes, where
  libatomic is missing (or ``SHMKIT_ATOMICS=code`` asks for it).

Every function takes an absolute address (an ``int``) inside a live mapping; the caller keeps the mapping open.

A lock word is hot: ``word_ops(address, me)`` gives the two operations of a lock's fast path as calls without
arguments (ctypes converts no argument and, through ``PYFUNCTYPE``, keeps the GIL for an instruction that never
blocks). On x86-64 they are a few bytes of machine code each with the word's address and this process's lock word
built in (``lock cmpxchg`` from 0; a plain aligned 8-byte ``mov`` of 0); elsewhere closures over pre-built ctypes
objects calling libatomic.
"""

import ctypes
import ctypes.util
import mmap
import os
import platform

__all__ = ["IMPLEMENTATION", "WORD_OPS", "cas", "load64", "store64_release", "word_ops"]

_SEQ_CST = 5
_RELEASE = 3

_UNSIGNED = {1: ctypes.c_uint8, 2: ctypes.c_uint16, 4: ctypes.c_uint32, 8: ctypes.c_uint64}


def _from_libatomic():
    path = ctypes.util.find_library("atomic")
    if not path:
        return None
    try:
        lib = ctypes.CDLL(path)
    except OSError:
        return None
    _LIBATOMIC.append(lib)
    cas_fns = {}
    for width, ctype in _UNSIGNED.items():
        fn = getattr(lib, "__atomic_compare_exchange_%d" % width)
        fn.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctype, ctypes.c_int, ctypes.c_int]
        fn.restype = ctypes.c_bool
        cas_fns[width] = (fn, ctype)
    load = lib.__atomic_load_8
    load.argtypes = [ctypes.c_void_p, ctypes.c_int]
    load.restype = ctypes.c_uint64
    store = lib.__atomic_store_8
    store.argtypes = [ctypes.c_void_p, ctypes.c_uint64, ctypes.c_int]
    store.restype = None

    def cas(address, width, expected, desired):
        fn, ctype = cas_fns[width]
        box = ctype(expected)
        # NOTE: sequentially consistent CAS (lock cmpxchg): it synchronises with the release store that freed a lock.
        return fn(address, ctypes.addressof(box), desired, _SEQ_CST, _SEQ_CST)

    def load64(address):
        return load(address, _SEQ_CST)

    def store64_release(address, value):
        store(address, value, _RELEASE)

    return cas, load64, store64_release


def _libatomic_word_ops(address, me):
    """(try_lock, unlock) over libatomic with every argument built once (no per-call conversion)."""
    lib = _LIBATOMIC[0]
    exchange, store = lib["__atomic_compare_exchange_8"], lib["__atomic_store_8"]  # new objects: no argtypes
    exchange.restype = ctypes.c_bool
    store.restype = None
    word, desired, zero = ctypes.c_void_p(address), ctypes.c_uint64(me), ctypes.c_uint64(0)
    expected = ctypes.c_uint64(0)
    expected_ref = ctypes.byref(expected)
    seq_cst, release = ctypes.c_int(_SEQ_CST), ctypes.c_int(_RELEASE)

    def try_lock():
        expected.value = 0
        return 0 if exchange(word, expected_ref, desired, seq_cst, seq_cst) else expected.value

    def unlock():
        store(word, zero, release)

    return try_lock, unlock


# x86-64 System V: rdi = address, rsi = expected (or value), rdx = desired; the result in rax.
_CODE = {
    # mov rax, rsi; lock cmpxchg [rdi], dl/dx/edx/rdx; ret -> the previous value
    "cas1": bytes.fromhex("4889f0 f00fb017 c3".replace(" ", "")),
    "cas2": bytes.fromhex("4889f0 66f00fb117 c3".replace(" ", "")),
    "cas4": bytes.fromhex("4889f0 f00fb117 c3".replace(" ", "")),
    "cas8": bytes.fromhex("4889f0 f0480fb117 c3".replace(" ", "")),
    # mov rax, [rdi]; ret
    "load8": bytes.fromhex("488b07c3"),
    # mov [rdi], rsi; ret  (a plain store is a release store on x86-64)
    "store8": bytes.fromhex("488937c3"),
}


def _executable_page():
    """A private (never shared with a forked child) anonymous page we may write code into, or None."""
    if platform.machine() not in ("x86_64", "AMD64"):
        return None
    try:
        return mmap.mmap(-1, mmap.PAGESIZE, flags=mmap.MAP_PRIVATE,
                         prot=mmap.PROT_READ | mmap.PROT_WRITE | mmap.PROT_EXEC)
    except (OSError, ValueError):
        return None


def _from_machine_code():
    page = _executable_page()
    if page is None:
        return None
    fns = {}
    offset = 0
    base = ctypes.addressof(ctypes.c_char.from_buffer(page))
    for key, code in _CODE.items():
        page[offset:offset + len(code)] = code
        restype = _UNSIGNED[int(key[-1])] if key.startswith("cas") else ctypes.c_uint64
        proto = ctypes.CFUNCTYPE(restype, ctypes.c_void_p, ctypes.c_uint64, ctypes.c_uint64)
        fns[key] = proto(base + offset)
        offset += (len(code) + 15) & ~15
    _KEEP.append(page)
    masks = {w: (1 << (8 * w)) - 1 for w in _UNSIGNED}

    def cas(address, width, expected, desired):
        return fns["cas%d" % width](address, expected, desired) == (expected & masks[width])

    def load64(address):
        return fns["load8"](address, 0, 0)

    def store64_release(address, value):
        fns["store8"](address, value, 0)

    return cas, load64, store64_release


class _CodeSlots:
    """Fixed-size slots of baked lock-word code in private executable pages; a closed segment's slots are reused.

    Each slot holds ``try_lock`` (offset 0) and ``unlock`` (offset 32), with the word's address and the lock word
    as immediates::

        try_lock: mov rdi, <address>; mov rdx, <me>; xor eax, eax; lock cmpxchg [rdi], rdx; ret  -> previous word
        unlock:   mov rdi, <address>; mov qword [rdi], 0; ret

    ``unlock`` is one naturally aligned 8-byte store: on x86-64 (x86-TSO) a store is never reordered with earlier
    loads or stores, so it is a release store; and every write of the critical section was made by earlier calls
    (each a separate C call the interpreter completes in program order), so neither compiler nor CPU moves them
    past it. ``lock cmpxchg`` is a full barrier: the acquire side.
    """

    SIZE = 64
    _TRY = ctypes.PYFUNCTYPE(ctypes.c_uint64)
    _STORE = ctypes.PYFUNCTYPE(None)

    def __init__(self):
        self._free = []

    def _grow(self):
        page = _executable_page()
        if page is None:
            raise OSError("no executable mapping")
        _KEEP.append(page)
        base = ctypes.addressof(ctypes.c_char.from_buffer(page))
        self._free.extend((page, base, off) for off in range(mmap.PAGESIZE - self.SIZE, -1, -self.SIZE))

    def word_ops(self, address, me):
        if not self._free:
            self._grow()
        slot = self._free.pop()
        page, base, off = slot
        address_imm = b"\x48\xbf" + address.to_bytes(8, "little")
        page[off:off + 28] = address_imm + b"\x48\xba" + me.to_bytes(8, "little") + bytes.fromhex("31c0f0480fb117c3")
        page[off + 32:off + 50] = address_imm + bytes.fromhex("48c70700000000c3")
        return self._TRY(base + off), self._STORE(base + off + 32), slot

    def free(self, slot):
        self._free.append(slot)


_KEEP = []
_LIBATOMIC = []
_impl = None
IMPLEMENTATION = None
if os.environ.get("SHMKIT_ATOMICS") != "code":
    _impl = _from_libatomic()
    IMPLEMENTATION = "libatomic" if _impl else None
if _impl is None:
    _impl = _from_machine_code()
    IMPLEMENTATION = "machine code" if _impl else None
if _impl is None:
    raise ImportError(
        "shmkit needs 64-bit atomics on mapped memory: install libatomic (libatomic1) or run on x86-64")

cas, load64, store64_release = _impl
cas.__doc__ = "Compare-and-set the unsigned ``width``-byte word at ``address``; True if it held ``expected``."
load64.__doc__ = "Load the 64-bit word at ``address`` (sequentially consistent)."
store64_release.__doc__ = "Store the 64-bit ``value`` at ``address`` with release semantics."

_SLOTS = None
WORD_OPS = "libatomic"
if os.environ.get("SHMKIT_ATOMICS") != "libatomic" and _executable_page() is not None:
    _SLOTS = _CodeSlots()
    WORD_OPS = "machine code"
elif not _LIBATOMIC:
    _impl = _from_libatomic() or _impl  # needs libatomic for the word operations without machine code
    if not _LIBATOMIC:
        raise ImportError("shmkit needs libatomic (libatomic1) or x86-64 for its lock words")


def word_ops(address, me):
    """``(try_lock, unlock, token)`` for the lock word at ``address`` held as ``me``: ``try_lock()`` is a
    sequentially consistent CAS from 0 to ``me`` returning the previous word (0: acquired), ``unlock()`` a release
    store of 0. Pass ``token`` to ``free_word_ops`` once the mapping is closed; neither may be called after that."""
    if _SLOTS is not None:
        return _SLOTS.word_ops(address, me)
    try_lock, unlock = _libatomic_word_ops(address, me)
    return try_lock, unlock, None


def free_word_ops(token):
    """Return the code of ``word_ops`` for reuse (nothing to do for libatomic)."""
    if token is not None:
        _SLOTS.free(token)
