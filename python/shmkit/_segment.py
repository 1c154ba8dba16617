"""Named segment files: names, opening (header checked before mapping), creation (temporary name, link).

Segments are mapped with ``mmap`` directly, never through ``multiprocessing.shared_memory``: before Python 3.13 its
resource tracker unlinks every segment a process attached to when that process exits (CPython gh-82300). Only
segments this process created, without ``persistent``, are unlinked at exit, as Java does.
"""

import atexit
import itertools
import mmap
import os
import stat
import threading
import time

from . import _layout as L
from . import _proc

DEFAULT_ROOT = "/dev/shm"
DEFAULT_OPEN_TIMEOUT = 5.0
MAX_NAME_LENGTH = 200
TEMP_SUFFIX = ".creating"
_ALLOCATE_BLOCK = 1 << 20
_counter = itertools.count(1)
_created = {}
_created_lock = threading.Lock()


def root_dir(root=None):
    r = root or os.environ.get("SHMKIT_ROOT") or DEFAULT_ROOT
    if not os.path.isdir(r):
        raise FileNotFoundError("shared-memory root directory %s does not exist (set SHMKIT_ROOT or root=)" % r)
    return r


def validate_name(name):
    """The name as used for the file: one leading '/' dropped; the rules of docs/contracts.md."""
    if name is None:
        raise ValueError("segment name must not be None")
    n = name[1:] if name.startswith("/") else name
    if not n:
        raise ValueError("segment name must not be empty")
    if len(n) > MAX_NAME_LENGTH:
        raise ValueError("segment name is %d characters long; at most %d are allowed" % (len(n), MAX_NAME_LENGTH))
    if n in (".", ".."):
        raise ValueError("segment name '%s' is not allowed: it names a directory" % n)
    if n[0] == ".":
        raise ValueError("segment name '%s' must not start with '.' (reserved for files being created)" % n)
    for i, c in enumerate(n):
        if c == "/":
            raise ValueError("segment name '%s' must not contain '/' after the first character" % name)
        if not (c.isascii() and (c.isalnum() or c in "._-")):
            raise ValueError("segment name '%s' has character U+%04X at %d: only letters, digits, '.', '_' and '-' "
                             "are allowed" % (name, ord(c), i))
    return n


def temp_name(name):
    """``.<name>.<pid>.<start>.<n>.creating``: full start ticks, a per-process counter (docs/layout.md)."""
    pid, start = _proc.current()
    return ".%s.%d.%d.%d%s" % (name, pid, start, next(_counter), TEMP_SUFFIX)


class Mapping:
    """One open segment: its header, its file identity and its mapping."""

    def __init__(self, name, path, header, mm, ident, created_here):
        self.name = name
        self.path = path
        self.header = header
        self.mm = mm
        self.ident = ident
        self.created_here = created_here

    def unlink(self):
        """Remove the name if it still names this file (never a replacement); True if removed."""
        with _created_lock:
            _created.pop(self.path, None)
        return _unlink_if_same(self.path, self.ident)


def _unlink_if_same(path, ident):
    try:
        st = os.lstat(path)
        if (st.st_dev, st.st_ino) != ident:
            return False
        os.unlink(path)
        return True
    except FileNotFoundError:
        return False


def _open_fd(path, name):
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        raise FileNotFoundError("no segment named '%s' (%s)" % (name, path)) from None
    if stat.S_ISLNK(st.st_mode):
        raise OSError("'%s' is a symbolic link; refusing to follow it" % name)
    if not stat.S_ISREG(st.st_mode):
        raise OSError("'%s' is not a regular file" % name)
    try:
        return os.open(path, os.O_RDWR | os.O_NOFOLLOW | os.O_CLOEXEC)
    except PermissionError:
        raise PermissionError("no permission to open segment '%s'" % name) from None


def read_header(name, root=None, timeout=DEFAULT_OPEN_TIMEOUT, expected_kind=None):
    """The validated header of a segment, read through the file descriptor (``shmkit inspect``'s checks)."""
    n = validate_name(name)
    path = os.path.join(root_dir(root), n)
    fd = _open_fd(path, n)
    try:
        return L.Header.wait_ready(fd, n, timeout).validate(expected_kind)
    finally:
        os.close(fd)


def open_segment(name, expected_kind, root=None, timeout=DEFAULT_OPEN_TIMEOUT):
    n = validate_name(name)
    path = os.path.join(root_dir(root), n)
    fd = _open_fd(path, n)
    try:
        header = L.Header.wait_ready(fd, n, timeout).validate(expected_kind)
        st = os.fstat(fd)
        mm = mmap.mmap(fd, header.file_length, mmap.MAP_SHARED, mmap.PROT_READ | mmap.PROT_WRITE)
        return Mapping(n, path, header, mm, (st.st_dev, st.st_ino), False)
    finally:
        os.close(fd)


def create_segment(name, kind, typecode, count, stripes, persistent=False, root=None, init=None):
    """Create exclusively, as docs/layout.md, "Creating a segment", says; ``init(mm, data_offset)`` fills the data
    before the state word is published and the name appears."""
    n = validate_name(name)
    r = root_dir(root)
    path = os.path.join(r, n)
    temp = os.path.join(r, temp_name(n))
    size = L.TYPECODES[typecode][0]
    shift = L.stripe_shift(count, stripes)
    length = L.data_offset(stripes) + count * size
    if os.path.lexists(path):
        raise FileExistsError("segment '%s' already exists" % n)
    pid, start = _proc.current()
    mm = None
    try:
        fd = os.open(temp, os.O_RDWR | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600)
        try:
            os.fchmod(fd, 0o600)
            _allocate(fd, n, length, r)
            mm = mmap.mmap(fd, length, mmap.MAP_SHARED, mmap.PROT_READ | mmap.PROT_WRITE)
            st = os.fstat(fd)
        finally:
            os.close(fd)
        if init is not None:
            init(mm, L.data_offset(stripes))
        flags = L.FLAG_PERSISTENT if persistent else 0
        mm[0:80] = L.pack_header(kind, typecode, count, stripes, shift, flags, pid, start, int(time.time() * 1000))
        # NOTE: the state word is written LAST. On x86-64 stores become visible in program order (TSO), and every
        # write above is a completed C call, so an opener that sees READY sees every field and the data.
        mm[L.STATE_OFFSET:L.STATE_OFFSET + 4] = L.STATE_READY.to_bytes(4, "little")
        try:
            os.link(temp, path)
        except FileExistsError:
            raise FileExistsError("segment '%s' already exists" % n) from None
        header = L.Header.parse(bytes(mm[0:L.HEADER_LENGTH]), n, length).validate(kind)
        m = Mapping(n, path, header, mm, (st.st_dev, st.st_ino), True)
        if not persistent:
            with _created_lock:
                _created[path] = (m.ident, os.getpid())
        return m
    except BaseException:
        if mm is not None:
            mm.close()
        raise
    finally:
        try:
            os.unlink(temp)
        except FileNotFoundError:
            pass


def _allocate(fd, name, length, root):
    free = os.statvfs(root)
    usable = free.f_bavail * free.f_frsize
    if usable < length:
        raise OSError("cannot allocate segment '%s' in %s: wanted %d bytes, %d bytes free" % (name, root, length, usable))
    zeros = bytes(min(_ALLOCATE_BLOCK, length))
    position = 0
    try:
        while position < length:
            position += os.pwrite(fd, zeros[:min(len(zeros), length - position)], position)
    except OSError as ex:
        raise OSError("cannot allocate segment '%s' in %s: wanted %d bytes: %s" % (name, root, length, ex)) from ex


@atexit.register
def _unlink_created():
    """At exit, remove the non-persistent segments this process created (and only those), as Java does."""
    with _created_lock:
        items = list(_created.items())
        _created.clear()
    for path, (ident, pid) in items:
        if pid == os.getpid():
            _unlink_if_same(path, ident)


def keep(mapping):
    """Do not remove ``mapping``'s segment at exit."""
    with _created_lock:
        _created.pop(mapping.path, None)
