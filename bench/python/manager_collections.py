"""Python's Manager().list() and .dict() from two processes: the reference for CollectionHarness.

Rows as in the Java harness: list appends, list reads (len and an element), dict puts, dict gets, each by two
worker processes at once through one Manager server, written the way a Python user would.

Usage: python3 bench/python/manager_collections.py [operations per worker=20000]
"""
import sys
import time
from multiprocessing import Barrier, Manager, Process, Queue

KEYS = 1000


def worker(mode, n, lst, dct, barrier, out):
    record = b"\0" * 8
    keys = ["k%d" % i for i in range(KEYS)]
    barrier.wait()
    t0 = time.perf_counter()
    sink = 0
    for i in range(n):
        if mode == "append":
            lst.append(record)
        elif mode == "read":
            sink += len(lst[i % len(lst)])
        elif mode == "put":
            dct[keys[i % KEYS]] = record
        else:
            sink += len(dct[keys[i % KEYS]])
    out.put(time.perf_counter() - t0)


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 20000
    with Manager() as m:
        lst = m.list([b"\0" * 8])
        dct = m.dict({"k%d" % i: b"\0" * 8 for i in range(KEYS)})
        for mode in ("append", "read", "put", "get"):
            barrier, out = Barrier(2), Queue()
            ps = [Process(target=worker, args=(mode, n, lst, dct, barrier, out)) for _ in range(2)]
            for p in ps:
                p.start()
            elapsed = max(out.get() for _ in ps)
            for p in ps:
                p.join()
            print("%-7s Python Manager 2 processes %10.0f ops/s" % (mode, 2 * n / elapsed))


if __name__ == "__main__":
    main()
