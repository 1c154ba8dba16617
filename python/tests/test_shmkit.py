"""Unit tests of the shmkit package (unittest; pytest runs them too). Segments go to a temporary root."""

import os
import signal
import struct
import subprocess
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import shmkit  # noqa: E402
from shmkit import _layout as L  # noqa: E402
from shmkit import _proc  # noqa: E402

try:
    import numpy
except ImportError:
    numpy = None

TYPECODES = "bBhHiIlLqQfd"


class Base(unittest.TestCase):
    def setUp(self):
        self._dir = tempfile.TemporaryDirectory()
        self.root = self._dir.name
        self.opened = []

    def tearDown(self):
        for o in self.opened:
            o.close()
        self._dir.cleanup()

    def create(self, name, typecode="q", n=16, **kw):
        a = shmkit.Array.create(name, typecode, n, root=self.root, **kw)
        self.opened.append(a)
        return a

    def open(self, name, kind=shmkit.Array, **kw):
        a = kind.open(name, root=self.root, **kw)
        self.opened.append(a)
        return a

    def poke(self, name, offset, fmt, value):
        with open(os.path.join(self.root, name), "r+b") as f:
            f.seek(offset)
            f.write(struct.pack("<" + fmt, value))

    def assert_rejected(self, name, expected, kind=shmkit.Array, timeout=0.2):
        with self.assertRaises(shmkit.SegmentFormatError) as ctx:
            kind.open(name, root=self.root, timeout=timeout)
        self.assertIn(expected, str(ctx.exception))
        self.assertIn(name, str(ctx.exception))


class ElementsTest(Base):
    def test_every_typecode_round_trips_through_a_second_attachment(self):
        for tc in TYPECODES:
            size, fmt, dtype, floating, lo, hi = L.TYPECODES[tc]
            a = self.create("el-" + tc, tc, 5)
            b = self.open("/el-" + tc)
            values = [1.5, -2.25, 0.0, 3.0, 1e30] if floating else [lo, hi, 0, 1, lo + 1]
            a[:] = values
            expected = [struct.unpack("<f", struct.pack("<f", v))[0] for v in values] if tc == "f" else values
            self.assertEqual(expected, b[:])
            self.assertEqual(size, b.memoryview().itemsize)
            self.assertEqual(len(a), len(b.memoryview()))
            if numpy is not None:
                view = b.numpy()
                self.assertEqual(numpy.dtype(dtype), view.dtype)
                view[2] = 7
                self.assertEqual(7, a[2])
                del view

    def test_out_of_range_values_are_rejected_and_nothing_stored(self):
        a = self.create("range", "b", 2)
        with self.assertRaisesRegex(ValueError, r"value 128 is out of range for typecode 'b' \[-128, 127\]"):
            a[0] = 128
        with self.assertRaises(TypeError):
            a[0] = 1.5
        self.assertEqual(0, a[0])
        with self.assertRaises(IndexError):
            a[2] = 1
        a[1] = 127
        with self.assertRaises(ValueError):
            a.get_and_add(1, 1)
        self.assertEqual(127, a[1])

    def test_atomics_add_and_compare_and_set_and_64_bit_addition_wraps(self):
        a = self.create("atomic", "Q", 2)
        a[0] = 2 ** 64 - 1
        self.assertEqual(2 ** 64 - 1, a.get_and_add(0, 1))
        self.assertEqual(0, a[0])
        self.assertTrue(a.compare_and_set(1, 0, 5))
        self.assertFalse(a.compare_and_set(1, 0, 6))
        self.assertEqual(5, a[1])
        d = self.create("atomicd", "d", 1)
        self.assertEqual(0.0, d.get_and_add(0, 2.5))
        self.assertEqual(2.5, d[0])

    def test_value(self):
        v = shmkit.Value.create("val", "i", 41, root=self.root)
        self.opened.append(v)
        w = self.open("val", shmkit.Value)
        self.assertEqual(41, w.value)
        with w.get_lock():
            w.value += 1
        self.assertEqual(42, v.value)
        self.assertEqual(1, v.stripe_count)
        raw = shmkit.Value.create("rawval", "d", 1.5, lock=False, root=self.root)
        self.opened.append(raw)
        self.assertEqual(0, raw.stripe_count)
        with self.assertRaisesRegex(ValueError, "created without locks"):
            raw.get_lock()


class CreateTest(Base):
    def test_header_file_and_mode_are_what_java_writes(self):
        a = self.create("hdr", "h", 10000, stripes=4)
        path = os.path.join(self.root, "hdr")
        self.assertEqual(0o600, os.stat(path).st_mode & 0o777)
        h = shmkit.read_header("hdr", root=self.root)
        self.assertEqual((1, 1, 2, ord("h"), 2, 4, 10000), (h.version, h.state, h.kind, h.typecode_id,
                                                            h.element_size, h.stripe_count, h.element_count))
        self.assertEqual(L.data_offset(4), h.data_offset)
        self.assertEqual(12, h.stripe_shift)  # ceil(log2(ceil(10000 / 4)))
        self.assertEqual(_proc.current(), (h.creator_pid, h.creator_start))
        self.assertEqual(L.data_offset(4) + 20000, os.path.getsize(path))
        self.assertEqual([], [f for f in os.listdir(self.root) if f.endswith(".creating")])
        self.assertEqual(4096 // 4096, L.auto_stripes(4096))
        self.assertEqual(1024, L.auto_stripes(10 ** 9))
        self.assertEqual(1, self.create("empty", "d", 0).stripe_count)
        self.assertEqual(4, a.stripe_count)

    def test_an_existing_name_is_refused_and_names_are_checked(self):
        self.create("dup")
        with self.assertRaisesRegex(FileExistsError, "already exists"):
            self.create("dup")
        for bad, msg in (("", "empty"), ("/", "empty"), ("a/b", "must not contain '/'"), (".x", "must not start"),
                         ("x" * 201, "at most 200"), ("a b", r"U\+0020")):
            with self.assertRaisesRegex(ValueError, msg):
                shmkit.Array.create(bad, "d", 1, root=self.root)

    def test_attaching_never_unlinks_and_the_creator_removes_at_exit_only_what_it_did_not_keep(self):
        code = ("import sys; sys.path.insert(0, %r); import shmkit\n"
                "shmkit.Array.open('made', root=%r).close()\n"
                "shmkit.Value.create('gone', 'i', root=%r)\n"
                "shmkit.Value.create('kept', 'i', root=%r).keep()\n"
                "shmkit.Value.create('persists', 'i', root=%r, persistent=True)\n"
                % ((os.path.dirname(os.path.dirname(os.path.abspath(__file__))),) + (self.root,) * 4))
        self.create("made")
        subprocess.run([sys.executable, "-c", code], check=True, timeout=120)
        self.assertEqual(["kept", "made", "persists"], sorted(os.listdir(self.root)))


class RejectionTest(Base):
    def make(self, name, typecode="d", n=64, **kw):
        self.create(name, typecode, n, persistent=True, **kw).close()
        self.opened.pop()

    def test_the_same_rejections_as_java(self):
        cases = [
            (L.VERSION_OFFSET, "i", 99, "has layout version 99; this shmkit reads version 1"),
            (L.KIND_OFFSET, "i", 77, "has an unknown kind 77"),
            (L.TYPECODE_OFFSET, "i", ord("z"), "has an unknown typecode 122"),
            (L.ELEMENT_SIZE_OFFSET, "i", 3, "records element size 3 for typecode 'd' (expected 8)"),
            (L.STRIPE_COUNT_OFFSET, "i", 3, "has an invalid stripe count 3"),
            (L.STATE_OFFSET, "i", 7, "has an unknown state word 7 (corrupted header?)"),
            (L.STRIPE_SHIFT_OFFSET, "i", 63, "has stripe shift 63 outside 0-62"),
            (L.CREATOR_PID_OFFSET, "q", 0, "records an invalid creator pid 0"),
            (L.MAGIC_OFFSET, "Q", 0x1234, "is not a shmkit segment: foreign magic 0x1234"),
        ]
        for i, (offset, fmt, value, expected) in enumerate(cases):
            name = "bad%d" % i
            self.make(name)
            self.poke(name, offset, fmt, value)
            self.assert_rejected(name, expected)

    def test_a_value_of_100_elements_and_other_kinds(self):
        self.make("big", "q", 100, stripes=4)
        self.poke("big", L.KIND_OFFSET, "i", L.KIND_VALUE)
        self.assert_rejected("big", "is a value of 100 elements; a value has exactly 1", shmkit.Value)
        self.make("arr")
        self.assert_rejected("arr", "holds an array, not a value", shmkit.Value)

    def test_short_truncated_and_never_ready_files(self):
        with open(os.path.join(self.root, "short"), "wb") as f:
            f.write(b"\0" * 10)
        self.assert_rejected("short", "is too short to be a shmkit segment: 10 bytes, the header alone is 128")
        self.make("trunc")
        os.truncate(os.path.join(self.root, "trunc"), L.data_offset(1) + 64 * 8 - 8)
        self.assert_rejected("trunc", "(truncated or corrupted)")
        self.make("late")
        self.poke("late", L.STATE_OFFSET, "i", 0)
        start = time.monotonic()
        self.assert_rejected("late", "did not become ready within 200 ms (state still initialising)")
        self.assertGreaterEqual(time.monotonic() - start, 0.15)

    def test_unknown_flag_bits_and_reserved_bytes_are_ignored(self):
        self.make("flags")
        self.poke("flags", L.FLAGS_OFFSET, "i", 0xF1)
        self.poke("flags", 100, "q", -1)
        self.assertEqual(64, len(self.open("flags")))

    def test_symlinks_are_not_followed(self):
        self.make("target")
        os.symlink(os.path.join(self.root, "target"), os.path.join(self.root, "link"))
        with self.assertRaisesRegex(OSError, "symbolic link"):
            shmkit.Array.open("link", root=self.root)


class LockTest(Base):
    def test_lock_is_exclusive_not_reentrant_and_released_with_checks(self):
        a = self.create("lk", "q", 8192, stripes=2)
        b = self.open("lk")
        lock = a.stripe_lock(1)
        self.assertTrue(lock.acquire())
        self.assertEqual(_proc.my_lock_word(), _proc.lock_word(*_proc.current()))
        self.assertEqual((os.getpid(), _proc.current()[1] & 0xFFFFFFFF), lock.owner())
        with self.assertRaisesRegex(RuntimeError, "not reentrant"):
            lock.acquire()
        self.assertFalse(b.stripe_lock(1).acquire(timeout=0))
        self.assertFalse(b.stripe_lock(1).acquire(False))
        with self.assertRaisesRegex(RuntimeError, "not held"):
            b.stripe_lock(1).release()
        lock.release()
        self.assertFalse(lock.locked())
        self.assertTrue(b.stripe_lock(1).acquire(timeout=0))
        b.stripe_lock(1).release()

    def test_a_forked_child_locks_with_its_own_word(self):
        a = self.create("fork", "q", 4)
        lock = a.stripe_lock(0)
        lock.acquire()
        lock.release()  # the parent's fast path is bound before the fork
        r, w = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child reports its lock's owner while it holds the lock
            try:
                ok = lock.acquire(timeout=60)
                os.write(w, ("%d %d\n" % lock.owner()).encode())
                lock.release()
                os._exit(0 if ok and not lock.locked() else 3)
            finally:
                os._exit(4)
        os.close(w)
        owner = os.read(r, 100).decode().split()
        os.close(r)
        self.assertEqual(pid, int(owner[0]))
        _, status = os.waitpid(pid, 0)
        self.assertEqual(0, os.waitstatus_to_exitcode(status))
        self.assertTrue(lock.acquire(timeout=0))  # the parent's own word again
        self.assertEqual(os.getpid(), lock.owner()[0])
        lock.release()

    def test_a_closed_segment_returns_its_lock_code_for_reuse(self):
        from shmkit import _atomic
        a = self.create("slots", "q", 4)
        a.stripe_lock(0).acquire()
        a.stripe_lock(0).release()
        a.close()
        self.assertIsNone(a.stripe_lock(0)._try_lock)
        with self.assertRaisesRegex(ValueError, "closed"):
            a.stripe_lock(0).acquire()
        if _atomic._SLOTS is not None:
            free = len(_atomic._SLOTS._free)
            b = self.open("slots")
            b.stripe_lock(0).acquire()
            self.assertEqual(free - 1, len(_atomic._SLOTS._free))
            b.stripe_lock(0).release()

    def test_a_dead_owner_is_taken_over_even_with_a_zero_timeout(self):
        a = self.create("dead", "q", 4)
        pid, start = _proc.current()
        self.poke("dead", L.lock_slot_offset(0), "Q", _proc.lock_word(pid, start + 1))
        lock = a.stripe_lock(0)
        self.assertTrue(lock.acquire(timeout=0))
        self.assertTrue(lock.owner_died)
        self.assertEqual(1, lock.recoveries)
        lock.release()
        self.assertFalse(lock.owner_died)

    def test_a_killed_holder_is_taken_over_with_notice(self):
        a = self.create("killed", "q", 4)
        flag = self.create("killed-flag", "q", 1, lock=False)
        pid = os.fork()
        if pid == 0:  # the child: hold the lock, say so, wait to be killed
            try:
                a.stripe_lock(0).acquire()
                flag[0] = 1
                time.sleep(120)
            finally:
                os._exit(3)
        deadline = time.monotonic() + 60
        while flag[0] != 1 and time.monotonic() < deadline:
            time.sleep(0.001)
        self.assertEqual(1, flag[0], "the child took the lock")
        self.assertEqual(pid, a.stripe_lock(0).owner()[0])
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        lock = a.stripe_lock(0)
        self.assertTrue(lock.acquire(timeout=60))
        self.assertTrue(lock.owner_died)
        lock.release()

    def test_range_and_whole_array_locks_take_stripes_in_ascending_order_and_a_failure_holds_nothing(self):
        a = self.create("range", "q", 8 * 4096, stripes=8)
        b = self.open("range")
        self.assertEqual(4096, a.stripe_length)
        self.assertEqual(3, a.stripe_of(3 * 4096))
        r = a.range_lock(4095, 2 * 4096 + 1)
        self.assertEqual([0, 1, 2], [lk.stripe for lk in r._locks])
        b.stripe_lock(5).acquire()
        whole = a.get_lock()
        self.assertFalse(whole.acquire(timeout=0))
        self.assertEqual([False] * 5, [a.stripe_lock(s).locked() for s in range(5)], "a failure holds nothing")
        b.stripe_lock(5).release()
        with whole:
            self.assertTrue(all(a.stripe_lock(s).locked() for s in range(8)))
        self.assertFalse(any(a.stripe_lock(s).locked() for s in range(8)))

    def test_liveness(self):
        pid, start = _proc.current()
        self.assertTrue(_proc.is_owner_alive(_proc.lock_word(pid, start)))
        self.assertFalse(_proc.is_owner_alive(_proc.lock_word(pid, start + 1)))
        self.assertTrue(_proc.is_owner_alive(_proc.lock_word(1, _proc._read_stat(1)[1])))
        self.assertFalse(_proc.is_owner_alive(0))

    def run_with_atomics(self, atomics, lines):
        """Run ``lines`` in a fresh interpreter (``a`` is shmkit._atomic) with SHMKIT_ATOMICS=``atomics``."""
        code = ("import sys, ctypes; sys.path.insert(0, %r); from shmkit import _atomic as a\n"
                % os.path.dirname(os.path.dirname(os.path.abspath(__file__)))) + "\n".join(lines)
        env = dict(os.environ, SHMKIT_ATOMICS=atomics)
        subprocess.run([sys.executable, "-c", code], check=True, env=env, timeout=120)

    def test_the_machine_code_atomics_work_like_libatomic(self):
        self.run_with_atomics("code", [
            "b = (ctypes.c_uint64 * 1)(5); c = (ctypes.c_uint16 * 4)(9, 9)",
            "assert a.IMPLEMENTATION == 'machine code'",
            "assert a.cas(ctypes.addressof(b), 8, 5, 2**64 - 1) and not a.cas(ctypes.addressof(b), 8, 5, 1)",
            "assert a.load64(ctypes.addressof(b)) == 2**64 - 1",
            "assert a.cas(ctypes.addressof(c), 2, 9, 7) and list(c) == [7, 9, 0, 0]"])

    def test_the_libatomic_lock_word_operations_lock_and_unlock(self):
        self.run_with_atomics("libatomic", [
            "b = (ctypes.c_uint64 * 1)(0)",
            "assert a.WORD_OPS == 'libatomic'",
            "try_lock, unlock, token = a.word_ops(ctypes.addressof(b), 2**64 - 3)",
            "assert try_lock() == 0 and b[0] == 2**64 - 3 and try_lock() == 2**64 - 3",
            "unlock(); assert b[0] == 0 and try_lock() == 0"])

if __name__ == "__main__":
    unittest.main()
