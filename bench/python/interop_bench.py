"""Java and Python on shmkit segments, measured side by side in one run (smoke settings by default).

1. numpy in place: np.negative(x, out=x) on a shmkit array attached from Python, against the same on Python's own
   multiprocessing.shared_memory.SharedMemory. The same speed is expected: it is the same kind of memory.
2. Locked increments of one shared value: a Java process and a Python process (shmkit Value 'q', its lock), two
   Python processes on the same shmkit Value, and Python's own multiprocessing.Value('q') under get_lock() from
   two processes.

Usage (from the repository's root, after `mvn -B -q -pl core,bench -am package -DskipTests`):
    python3 bench/python/interop_bench.py [--elements N] [--repeats R] [--increments K]
"""

import argparse
import multiprocessing
import os
import subprocess
import sys
import time
from multiprocessing import shared_memory

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, os.path.join(REPO, "python"))
import numpy as np  # noqa: E402
import shmkit  # noqa: E402

JAR = os.path.join(REPO, "bench", "target", "benchmarks.jar")
BOUND = 300.0


def median(xs):
    xs = sorted(xs)
    return xs[len(xs) // 2]


def numpy_in_place(n, repeats):
    name = "shmkit-bench-py-neg-%d" % os.getpid()
    a = shmkit.Array.create(name, "d", n, lock=False)
    shm = shared_memory.SharedMemory(create=True, size=n * 8)
    try:
        x = a.numpy()
        y = np.ndarray((n,), dtype=np.float64, buffer=shm.buf)
        x[:] = 1.0
        y[:] = 1.0  # first touch of both: page allocation is not measured
        tx, ty = [], []
        for _ in range(repeats):  # interleaved, so that drift on a loaded machine hits both alike
            t = time.perf_counter()
            np.negative(x, out=x)
            tx.append(time.perf_counter() - t)
            t = time.perf_counter()
            np.negative(y, out=y)
            ty.append(time.perf_counter() - t)
        gb = 16.0 * n / 1e9  # read + write
        print("numpy negate in place, %d doubles, median of %d:" % (n, repeats))
        print("  shmkit array (Python attach)   %8.2f ms  %6.1f GB/s" % (median(tx) * 1e3, gb / median(tx)))
        print("  SharedMemory (numpy ndarray)   %8.2f ms  %6.1f GB/s" % (median(ty) * 1e3, gb / median(ty)))
        print("  ratio shmkit / SharedMemory    %8.2f" % (median(tx) / median(ty)))
        del x, y
    finally:
        a.unlink()
        a.close()
        shm.close()
        shm.unlink()


def _python_incrementer(value_name, control_name, k):
    v = shmkit.Value.open(value_name)
    ctl = shmkit.Array.open(control_name)
    lock = v.get_lock()
    ctl.get_and_add(0, 1)
    _await(lambda: ctl[1] == 1)
    for _ in range(k):
        with lock:
            v.value = v.value + 1


def _await(condition):
    deadline = time.monotonic() + BOUND
    while not condition():
        if time.monotonic() > deadline:
            raise SystemExit("timed out")
        time.sleep(0.0005)


def shmkit_pair(k, with_java):
    pid = os.getpid()
    v = shmkit.Value.create("shmkit-bench-py-val-%d-%d" % (pid, with_java), "q", 0)
    ctl = shmkit.Array.create("shmkit-bench-py-ctl-%d-%d" % (pid, with_java), "q", 2, lock=False)
    workers = [multiprocessing.Process(target=_python_incrementer, args=(v.name, ctl.name, k))]
    java = None
    if with_java:
        java = subprocess.Popen(["java", "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED", "-cp", JAR,
                                 "io.shmkit.bench.interop.LockedIncrementer", v.name, ctl.name, str(k)])
    else:
        workers.append(multiprocessing.Process(target=_python_incrementer, args=(v.name, ctl.name, k)))
    try:
        for w in workers:
            w.start()
        _await(lambda: ctl[0] == 2)
        t = time.perf_counter()
        ctl[1] = 1
        for w in workers:
            w.join(BOUND)
        if java is not None:
            java.wait(BOUND)
        elapsed = time.perf_counter() - t
        ok = v.value == 2 * k and all(w.exitcode == 0 for w in workers) and (java is None or java.returncode == 0)
        return 2 * k / elapsed, ok
    finally:
        if java is not None and java.poll() is None:
            java.kill()
        v.unlink()
        ctl.unlink()


def _mp_incrementer(v, go, k):
    go.wait(BOUND)
    for _ in range(k):
        with v.get_lock():
            v.value += 1


def multiprocessing_pair(k):
    v = multiprocessing.Value("q", 0)
    go = multiprocessing.Event()
    workers = [multiprocessing.Process(target=_mp_incrementer, args=(v, go, k)) for _ in range(2)]
    for w in workers:
        w.start()
    t = time.perf_counter()
    go.set()
    for w in workers:
        w.join(BOUND)
    return 2 * k / (time.perf_counter() - t), v.value == 2 * k


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--elements", type=int, default=10_000_000)
    p.add_argument("--repeats", type=int, default=5)
    p.add_argument("--increments", type=int, default=100_000, help="per process")
    args = p.parse_args()
    multiprocessing.set_start_method("fork")
    numpy_in_place(args.elements, args.repeats)
    print("locked increments of one shared value, 2 processes x %d (atomics: %s, lock words: %s):"
          % (args.increments, shmkit.ATOMICS, shmkit.LOCK_WORD_OPS))
    if not os.path.exists(JAR):
        print("  Java + Python: skipped, no %s (mvn -B -q -pl core,bench -am package -DskipTests)" % JAR)
    else:
        rate, ok = shmkit_pair(args.increments, True)
        print("  Java + Python, shmkit Value lock        %10.0f incr/s  exact: %s" % (rate, ok))
    rate, ok = shmkit_pair(args.increments, False)
    print("  Python + Python, shmkit Value lock      %10.0f incr/s  exact: %s" % (rate, ok))
    rate, ok = multiprocessing_pair(args.increments)
    print("  Python + Python, multiprocessing.Value  %10.0f incr/s  exact: %s" % (rate, ok))


if __name__ == "__main__":
    main()
