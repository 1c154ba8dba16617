"""The byte layout of a shmkit segment (docs/layout.md, format version 1) and the checks every opener makes.

The Java source of truth is ``io.shmkit.internal.segment.SegmentDescriptor``; the offsets below are the same,
and ``Header.validate`` makes the checks of Java's ``HeaderSnapshot.validate`` in the same order, with the same
messages.
"""

import os
import struct
import time

MAGIC = 0x0100_5449_4B4D_4853
LAYOUT_VERSION = 1
STATE_INITIALISING = 0
STATE_READY = 1
FLAG_PERSISTENT = 1

MAGIC_OFFSET = 0
VERSION_OFFSET = 8
STATE_OFFSET = 12
KIND_OFFSET = 16
TYPECODE_OFFSET = 20
ELEMENT_SIZE_OFFSET = 24
STRIPE_COUNT_OFFSET = 28
ELEMENT_COUNT_OFFSET = 32
DATA_OFFSET_OFFSET = 40
STRIPE_SHIFT_OFFSET = 48
FLAGS_OFFSET = 52
CREATOR_PID_OFFSET = 56
CREATOR_START_OFFSET = 64
CREATED_MILLIS_OFFSET = 72
HEADER_LENGTH = 128

LOCK_SLOT_LENGTH = 128
LOCK_WORD_OFFSET = 0
LOCK_RECOVERIES_OFFSET = 8
MAX_STRIPES = 1 << 16
MAX_STRIPE_SHIFT = 62

KIND_VALUE = 1
KIND_ARRAY = 2
KIND_NAMES = {KIND_VALUE: "value", KIND_ARRAY: "array"}

# typecode -> (size, struct/memoryview format, numpy dtype, floating, min, max); Linux x86-64 C sizes.
TYPECODES = {
    "b": (1, "b", "<i1", False, -(1 << 7), (1 << 7) - 1),
    "B": (1, "B", "<u1", False, 0, (1 << 8) - 1),
    "h": (2, "h", "<i2", False, -(1 << 15), (1 << 15) - 1),
    "H": (2, "H", "<u2", False, 0, (1 << 16) - 1),
    "i": (4, "i", "<i4", False, -(1 << 31), (1 << 31) - 1),
    "I": (4, "I", "<u4", False, 0, (1 << 32) - 1),
    "l": (8, "q", "<i8", False, -(1 << 63), (1 << 63) - 1),
    "L": (8, "Q", "<u8", False, 0, (1 << 64) - 1),
    "q": (8, "q", "<i8", False, -(1 << 63), (1 << 63) - 1),
    "Q": (8, "Q", "<u8", False, 0, (1 << 64) - 1),
    "f": (4, "f", "<f4", True, None, None),
    "d": (8, "d", "<f8", True, None, None),
}

# magic, version, state, kind, typecode, element size, stripe count, element count, data offset, stripe shift,
# flags, creator pid, creator start, created millis
_HEADER = struct.Struct("<Qiiiiiiqqiiqqq")
assert _HEADER.size == 80


class SegmentFormatError(ValueError):
    """The file is not a ready shmkit segment of the kind asked for (Java: ``SegmentFormatException``)."""


def data_offset(stripes):
    return HEADER_LENGTH + stripes * LOCK_SLOT_LENGTH


def lock_slot_offset(stripe):
    return HEADER_LENGTH + stripe * LOCK_SLOT_LENGTH


def stripe_shift(count, stripes):
    """The smallest shift with ``(count - 1) >> shift < stripes`` (docs/layout.md, "Stripe Shift")."""
    if stripes <= 0:
        return 0
    per_stripe = max(1, -(-count // stripes))
    return (per_stripe - 1).bit_length()


def auto_stripes(count):
    """Java's default: ``min(1024, nextPow2(ceil(count / 4096)))``, at least 1."""
    wanted = -(-count // 4096)
    return 1 if wanted <= 1 else min(1024, 1 << (wanted - 1).bit_length())


def _pread_fully(fd, length, offset):
    out = b""
    while len(out) < length:
        chunk = os.pread(fd, length - len(out), offset + len(out))
        if not chunk:
            break
        out += chunk
    return out


class Header:
    """A header read through the file descriptor, without mapping the file."""

    def __init__(self, name, actual_length):
        self.name = name
        self.actual_length = actual_length
        self.magic = 0
        self.state = 0
        self.file_length = None

    @classmethod
    def read(cls, fd, name):
        h = cls(name, os.fstat(fd).st_size)
        if h.actual_length < HEADER_LENGTH:
            return h
        # NOTE: the state word is read BEFORE the rest, by a read of its own: a creator stores it last (release),
        # so once this read sees READY, the next read sees every field written before it.
        (state,) = struct.unpack("<i", _pread_fully(fd, 4, STATE_OFFSET))
        h._parse(_pread_fully(fd, HEADER_LENGTH, 0))
        h.state = state
        return h

    @classmethod
    def parse(cls, raw, name, actual_length):
        """A header from its bytes (a creator's own, already written)."""
        h = cls(name, actual_length)
        h._parse(raw)
        return h

    def _parse(self, raw):
        h = self
        (h.magic, h.version, h.state, h.kind, h.typecode_id, h.element_size, h.stripe_count, h.element_count,
         h.data_offset, h.stripe_shift, h.flags, h.creator_pid, h.creator_start, h.created_millis) = \
            _HEADER.unpack_from(raw, 0)
        h.typecode = chr(h.typecode_id) if 0 < h.typecode_id < 128 and chr(h.typecode_id) in TYPECODES else None

    @classmethod
    def wait_ready(cls, fd, name, timeout):
        """Read the header, waiting at most ``timeout`` seconds while its magic or state is 0."""
        deadline = time.monotonic() + max(0.0, timeout)
        pause = 0.001
        while True:
            h = cls.read(fd, name)
            if h.actual_length < HEADER_LENGTH:
                raise SegmentFormatError(
                    "'%s' is too short to be a shmkit segment: %d bytes, the header alone is %d"
                    % (name, h.actual_length, HEADER_LENGTH))
            if h.magic not in (MAGIC, 0):
                raise SegmentFormatError("'%s' is not a shmkit segment: foreign magic 0x%x" % (name, h.magic))
            if h.magic == MAGIC and h.state == STATE_READY:
                return h
            if h.magic == MAGIC and h.state != STATE_INITIALISING:
                raise SegmentFormatError("'%s' has an unknown state word %d (corrupted header?)" % (name, h.state))
            if time.monotonic() >= deadline:
                ms = int(timeout * 1000)
                raise SegmentFormatError(
                    "'%s' %s (%s): its creator died while creating it, or it is not a shmkit segment"
                    % (name, "is not ready" if ms <= 0 else "did not become ready within %d ms" % ms,
                       "no header written" if h.magic == 0 else "state still initialising"))
            time.sleep(pause)
            pause = min(pause * 2, 0.05)

    def _fail(self, what):
        raise SegmentFormatError("'%s' %s" % (self.name, what))

    def validate(self, expected_kind=None):
        """Java's ``HeaderSnapshot.validate``: the same checks in the same order, the same messages."""
        if self.version != LAYOUT_VERSION:
            self._fail("has layout version %d; this shmkit reads version %d" % (self.version, LAYOUT_VERSION))
        if self.kind not in KIND_NAMES:
            self._fail("has an unknown kind %d" % self.kind)
        if expected_kind is not None and self.kind != expected_kind:
            self._fail("holds %s, not %s" % (_article(self.kind), _article(expected_kind)))
        if self.typecode is None:
            self._fail("has an unknown typecode %d" % self.typecode_id)
        size = TYPECODES[self.typecode][0]
        if self.element_size != size:
            self._fail("records element size %d for typecode '%s' (expected %d)"
                       % (self.element_size, self.typecode, size))
        s = self.stripe_count
        if s < 0 or s > MAX_STRIPES or (s != 0 and s & (s - 1) != 0):
            self._fail("has an invalid stripe count %d" % s)
        if self.element_count < 0:
            self._fail("has a negative element count %d" % self.element_count)
        if self.kind == KIND_VALUE and self.element_count != 1:
            self._fail("is a value of %d elements; a value has exactly 1" % self.element_count)
        if self.kind == KIND_VALUE and s > 1:
            self._fail("is a value with %d stripes; a value has 1 (with a lock) or 0 (without)" % s)
        if self.stripe_shift < 0 or self.stripe_shift > MAX_STRIPE_SHIFT:
            self._fail("has stripe shift %d outside 0-%d" % (self.stripe_shift, MAX_STRIPE_SHIFT))
        if s > 0 and self.element_count > 0 and ((self.element_count - 1) >> self.stripe_shift) >= s:
            self._fail("has stripe shift %d that does not cover %d elements with %d stripes"
                       % (self.stripe_shift, self.element_count, s))
        if self.data_offset != data_offset(s):
            self._fail("has data offset %d; %d stripes put the data at %d" % (self.data_offset, s, data_offset(s)))
        length = data_offset(s) + self.element_count * self.element_size
        if length > (1 << 63) - 1:
            self._fail("records sizes whose total overflows: %d elements of %d bytes"
                       % (self.element_count, self.element_size))
        if length != self.actual_length:
            self._fail("is %d bytes long but its header describes %d bytes (truncated or corrupted)"
                       % (self.actual_length, length))
        if self.creator_pid <= 0:
            self._fail("records an invalid creator pid %d" % self.creator_pid)
        self.file_length = length
        return self


def _article(kind):
    n = KIND_NAMES[kind]
    return ("an " if n[0] in "aeiou" else "a ") + n


def pack_header(kind, typecode, count, stripes, shift, flags, creator_pid, creator_start, created_millis):
    """Every header field but the state word, which the creator writes last."""
    size = TYPECODES[typecode][0]
    return _HEADER.pack(MAGIC, LAYOUT_VERSION, STATE_INITIALISING, kind, ord(typecode), size, stripes, count,
                        data_offset(stripes), shift, flags, creator_pid, creator_start, created_millis)
