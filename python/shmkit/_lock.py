"""Robust cross-process locks: the lock words of docs/spec/locks.md, shared with Java's ``ShmLock``."""

import ctypes
import os
import threading
import time

from . import _atomic
from . import _layout as L
from . import _proc

_SPINS = 100
_YIELDS = 20
_MIN_PAUSE = 50e-6
_MAX_PAUSE = 1e-3
_LIVENESS_INTERVAL = 0.005
_get_ident = threading.get_ident
_monotonic = time.monotonic
_sched_yield = os.sched_yield
_sleep = time.sleep


class Lock:
    """One stripe's lock (or a value's): Java's ``ShmLock``.

    ``acquire(blocking=True, timeout=-1)`` and ``release()`` as ``threading.Lock``; a context manager. Robust: a
    waiter that finds the owner process dead takes the lock over, increments the slot's recovery count, and
    ``owner_died`` is True for that hold (POSIX ``EOWNERDEAD``). Not reentrant: acquiring again from the holding
    thread through the same handle raises ``RuntimeError`` instead of deadlocking. Another thread, or another
    handle, waits like another process (the word names processes).

    The fast path is one CAS from 0 and, to release, one release store of 0, each a call without arguments
    (``_atomic.word_ops``). A waiter re-reads the word (a plain load: only a hint, every change is made by a CAS)
    ``_SPINS`` times, then yields the processor ``_YIELDS`` times, then sleeps from 50 us doubling to 1 ms; it
    asks ``/proc`` whether the owner lives once the spinning is over and then at most every 5 ms.
    """

    def __init__(self, owner, stripe):
        self._owner = owner
        self.stripe = stripe
        self._holder = None
        self._owner_died = False
        # fixed while the segment is open; every use checks that it is open first
        self._word = owner._base + L.lock_slot_offset(stripe) + L.LOCK_WORD_OFFSET
        self._recoveries = owner._base + L.lock_slot_offset(stripe) + L.LOCK_RECOVERIES_OFFSET
        self._view = ctypes.c_uint64.from_address(self._word)  # plain loads; no buffer export that blocks close
        self._me = None
        self._try_lock = self._unlock = self._token = None

    def _address(self):
        self._owner._check_open()
        return self._word

    def _bind(self):
        """Build the fast path for this process's lock word (the first acquire, and the first after a fork)."""
        me = _proc.my_lock_word()
        self._dispose()
        self._try_lock, self._unlock, self._token = _atomic.word_ops(self._word, me)
        self._me = me

    def _dispose(self):
        """Called when the segment is closed (and before a rebind): the fast path's code may be reused."""
        if self._token is not None:
            _atomic.free_word_ops(self._token)
        self._try_lock = self._unlock = self._token = None
        self._me = None

    def acquire(self, blocking=True, timeout=-1):
        """Acquire; True if acquired. ``timeout`` in seconds (-1: no bound); a zero timeout still takes a free
        lock, one freed during the short spin, or one whose owner is dead (docs/spec/locks.md, "Timeouts")."""
        if self._owner._closed:
            self._owner._check_open()
        if not blocking and timeout != -1:
            raise ValueError("can't specify a timeout for a non-blocking call")
        ident = _get_ident()
        if self._holder == ident:
            raise RuntimeError("stripe %d of '%s' is already held by this thread: shmkit locks are not reentrant"
                               % (self.stripe, self._owner.name))
        if self._me is None or self._me != _proc.MY_WORD:
            self._bind()
        if self._try_lock() == 0:
            self._holder = ident
            self._owner_died = False
            return True
        if not blocking:
            w = self._view.value
            if w != 0 and w != self._me and not _proc.is_owner_alive(w) and self._take_over(self._word, w, self._me):
                return True
            return self._try_lock() == 0 and self._held(False)
        return self._wait(timeout)

    def _wait(self, timeout):
        view = self._view
        try_lock = self._try_lock
        for _ in range(_SPINS):
            if view.value == 0 and try_lock() == 0:
                return self._held(False)
        me = self._me
        start = _monotonic()
        next_check = start
        pause = _MIN_PAUSE
        yields = 0
        bounded = timeout is not None and timeout >= 0
        while True:
            w = view.value
            if w == 0:
                if try_lock() == 0:
                    return self._held(False)
                continue
            now = _monotonic()
            if now >= next_check and w != me:
                next_check = now + _LIVENESS_INTERVAL
                if not _proc.is_owner_alive(w) and self._take_over(self._word, w, me):
                    return True
            if bounded and now - start >= timeout:
                return False
            if yields < _YIELDS:
                yields += 1
                _sched_yield()
            else:
                _sleep(pause)
                pause = min(pause * 2, _MAX_PAUSE)
            self._owner._check_open()

    def _held(self, died):
        self._holder = _get_ident()
        self._owner_died = died
        return True

    def _take_over(self, address, dead, me):
        # NOTE: CAS from the dead owner's exact word: of many waiters that saw the same dead owner, one wins.
        if _atomic.cas(address, 8, dead, me):
            rec = self._recoveries
            while True:
                n = _atomic.load64(rec)
                if _atomic.cas(rec, 8, n, (n + 1) & 0xFFFF_FFFF_FFFF_FFFF):
                    break
            return self._held(True)
        return False

    def release(self):
        """Release with release semantics; ``RuntimeError`` if this thread does not hold it through this handle,
        or the word no longer names this process (taken over)."""
        self.__exit__()

    def __exit__(self, *exc):
        # release(), inline here: a ``with`` block saves a call
        if self._owner._closed:
            self._owner._check_open()
        if self._holder != _get_ident():
            raise RuntimeError("stripe %d of '%s' is not held by this thread through this handle"
                               % (self.stripe, self._owner.name))
        w = self._view.value
        self._holder = None
        self._owner_died = False
        if w != self._me or w != _proc.MY_WORD:
            raise RuntimeError("lock word of stripe %d of '%s' changed while held" % (self.stripe, self._owner.name))
        # NOTE: a release store (_atomic._CodeSlots explains why a plain aligned store is one on x86-64): every
        # write of the critical section is visible before the lock is seen free.
        self._unlock()

    @property
    def owner_died(self):
        """Whether the current hold was taken over from a process that died holding the lock."""
        return self._holder == threading.get_ident() and self._owner_died

    def held_by_current_thread(self):
        return self._holder == threading.get_ident()

    def locked(self):
        """Whether any process holds it (the answer may be stale at once)."""
        return _atomic.load64(self._address()) != 0

    def owner(self):
        """``(pid, low 32 bits of its start time)`` of the holder, or None if free."""
        w = _atomic.load64(self._address())
        return None if w == 0 else (w & _proc.PID_MASK, w >> 32)

    @property
    def recoveries(self):
        """How often this lock was taken over from a dead owner since the segment was created."""
        self._owner._check_open()
        return _atomic.load64(self._recoveries)

    __enter__ = acquire  # as threading.Lock's: ``with lock as x`` binds True

    def __repr__(self):
        return "Lock(%s#%d)" % (self._owner.name, self.stripe)


class RangeLock:
    """Stripes ``first..last`` taken in ascending order and released in descending order (Java's ``RangeLock``).
    A failed bounded acquire holds nothing. ``owner_died`` is True if any stripe was taken from a dead owner."""

    def __init__(self, locks):
        self._locks = locks
        self._died = False

    def acquire(self, blocking=True, timeout=-1):
        deadline = None if timeout is None or timeout < 0 else time.monotonic() + timeout
        taken = []
        died = False
        for lock in self._locks:
            left = -1 if deadline is None else max(0.0, deadline - time.monotonic())
            ok = lock.acquire(blocking, left) if blocking else lock.acquire(False)
            if not ok:
                for held in reversed(taken):
                    held.release()
                return False
            taken.append(lock)
            died = died or lock.owner_died
        self._died = died
        return True

    def release(self):
        for lock in reversed(self._locks):
            lock.release()
        self._died = False

    @property
    def owner_died(self):
        return self._died

    def __enter__(self):
        self.acquire()
        return self

    def __exit__(self, *exc):
        self.release()
