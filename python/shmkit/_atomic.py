"""Atomic operations on mapped memory, by address, with no compiler.

The lock words and the atomic element operations of shmkit must use the same locked instructions as the JVM
(``lock cmpxchg``, ``lock xadd``): docs/layout.md, "Element encoding and access". Two ways, tried in order:

* ``libatomic`` through ctypes (``__atomic_compare_exchange_N`` and friends). For naturally aligned 1, 2, 4 and
  8-byte objects on x86-64 these are lock-free: the same instructions the JVM emits, not a private lock table.
* a few bytes of x86-64 machine code in an anonymous executable mapping, called through ctypes, where
  libatomic is missing (or ``SHMKIT_ATOMICS=code`` asks for it).

Every function takes an absolute address (an ``int``) inside a live mapping; the caller keeps the mapping open.
"""

import ctypes
import ctypes.util
import mmap
import os
import platform

__all__ = ["IMPLEMENTATION", "cas", "load64", "store64_release"]

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


def _from_machine_code():
    if platform.machine() not in ("x86_64", "AMD64"):
        return None
    try:
        page = mmap.mmap(-1, mmap.PAGESIZE, prot=mmap.PROT_READ | mmap.PROT_WRITE | mmap.PROT_EXEC)
    except (OSError, ValueError):
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


_KEEP = []
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
