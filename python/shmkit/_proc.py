"""Process identity and liveness, as docs/spec/locks.md, "Identity", defines them."""

import os

PID_MASK = 0xFFFF_FFFF
_UNKNOWN = object()
_current = (None, None)


def _read_stat(pid):
    """(state, start ticks); None if the process does not exist; _UNKNOWN if /proc cannot tell."""
    try:
        with open("/proc/%d/stat" % pid, "rb") as f:
            text = f.read().decode("latin-1")
    except (FileNotFoundError, ProcessLookupError):
        return None
    except OSError:
        return _UNKNOWN
    close = text.rfind(")")
    fields = text[close + 2:].split() if close >= 0 else []
    # fields[0] is field 3 (state); field 22 (start time) is fields[19]
    if len(fields) < 20 or not fields[19].isdigit():
        return _UNKNOWN
    return fields[0], int(fields[19])


def current():
    """(pid, start ticks) of this process; recomputed after a fork."""
    global _current
    pid = os.getpid()
    if _current[0] != pid:
        stat = _read_stat(pid)
        if stat is None or stat is _UNKNOWN:
            raise OSError("cannot read /proc/%d/stat: shmkit needs Linux /proc to identify processes" % pid)
        _current = (pid, stat[1])
    return _current


def lock_word(pid, start_ticks):
    """The lock word of a process: pid in bits 0-31, low 32 bits of its start time in bits 32-63."""
    return ((start_ticks & PID_MASK) << 32) | (pid & PID_MASK)


MY_WORD = None
"""This process's lock word once ``my_lock_word()`` computed it; None again in a child after ``os.fork``."""


def _forget_after_fork():
    global MY_WORD, _current
    MY_WORD = None
    _current = (None, None)


os.register_at_fork(after_in_child=_forget_after_fork)


def my_lock_word():
    """This process's lock word, computed once per process: a child forked through ``os.fork`` (multiprocessing,
    ``os.fork``) computes its own; ``os.getpid()`` is a system call, too slow to ask on every acquire."""
    global MY_WORD
    if MY_WORD is None:
        MY_WORD = lock_word(*current())
    return MY_WORD


def is_alive(pid, start_ticks, low32):
    """Whether ``pid`` runs and started at ``start_ticks`` (its low 32 bits if ``low32``); unreadable is alive."""
    if pid <= 0:
        return False
    stat = _read_stat(pid)
    if stat is None:
        return False
    if stat is _UNKNOWN:
        return True
    if stat[0] in ("Z", "X", "x"):
        return False
    ticks = stat[1] & PID_MASK if low32 else stat[1]
    return ticks == start_ticks


def is_owner_alive(word):
    """Whether the process a lock word names still runs (docs/spec/locks.md, "Identity")."""
    me = my_lock_word()
    if word == me:
        return True
    pid = word & PID_MASK
    if pid == (me & PID_MASK):
        return False  # our pid with another start time: a previous process of that pid, now gone
    return is_alive(pid, word >> 32, True)
