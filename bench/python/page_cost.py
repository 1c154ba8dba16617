"""What the first touch of a shared-memory page costs a process on this machine, and whether anything a process can
do itself makes it cheaper. One array in /dev/shm (800 MB by default), created and filled once; then, alternating
over the rounds, a fresh process maps it and times one of:

  write     one byte written per page (what the first transform's workers pay);
  read      one byte read per page, then written (fault-around maps up to 16 pages per read fault);
  populate  madvise(MADV_POPULATE_WRITE), which maps every page in one call, then one byte written per page;
  halves    two processes at once, each writing one byte per page of its half (the floor of a 2-worker first call:
            the slower one's time).

Prints a Markdown table: the median per mode, and per page. Removes its file whatever happens.

    python3 bench/python/page_cost.py [megabytes] [rounds]
"""
import mmap
import os
import statistics
import subprocess
import sys
import time

MADV_POPULATE_WRITE = 23  # Linux 5.14+
PAGE = mmap.PAGESIZE
MODES = ("write", "read", "populate", "halves")


def child(path, mode, part=0, parts=1):
    import numpy as np
    fd = os.open(path, os.O_RDWR)
    try:
        size = os.fstat(fd).st_size
        m = mmap.mmap(fd, size)
    finally:
        os.close(fd)
    pages = size // PAGE
    a = np.frombuffer(m, dtype=np.uint8)[pages * part // parts * PAGE:pages * (part + 1) // parts * PAGE]
    t0 = time.perf_counter()
    if mode == "read":
        int(a[::PAGE].sum())
    t1 = time.perf_counter()
    if mode == "populate":
        m.madvise(MADV_POPULATE_WRITE)
    t2 = time.perf_counter()
    a[::PAGE] += 1
    t3 = time.perf_counter()
    print("%.3f %.3f %.3f" % ((t3 - t0) * 1e3, (t2 - t0) * 1e3, (t3 - t2) * 1e3))


def main(megabytes=800, rounds=5):
    size = megabytes << 20
    path = "/dev/shm/shmkit-pagecost-%d" % os.getpid()
    fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_RDWR, 0o600)
    try:
        os.ftruncate(fd, size)
        with mmap.mmap(fd, size) as m:
            for off in range(0, size, PAGE):
                m[off] = 1
        times = {mode: [] for mode in MODES}
        for _ in range(rounds):
            for mode in MODES:
                parts = 2 if mode == "halves" else 1
                procs = [subprocess.Popen([sys.executable, __file__, "--child", path, mode, str(i), str(parts)],
                                          stdout=subprocess.PIPE, text=True) for i in range(parts)]
                outs = [[float(x) for x in p.communicate()[0].split()] for p in procs]
                if any(p.returncode for p in procs):
                    raise SystemExit("a child failed")
                times[mode].append(max(outs))
        pages = size // PAGE
        print("| first touch of %d MB (%d pages) | median of %d (ms) | before the writes (ms) | the writes (ms) "
              "| per page and process (µs) |" % (megabytes, pages, rounds))
        print("|---|---|---|---|---|")
        for mode in MODES:
            whole, before, writes = (statistics.median(t[i] for t in times[mode]) for i in range(3))
            per_page = whole * 1e3 / (pages // 2 if mode == "halves" else pages)
            print("| %s | %.0f | %.0f | %.0f | %.2f |" % (mode, whole, before, writes, per_page))
    finally:
        os.close(fd)
        os.unlink(path)


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5]))
    else:
        main(*(int(x) for x in sys.argv[1:3]))
