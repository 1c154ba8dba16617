"""Python reference figures for shmkit's synchronisation primitives (docs/sync.md, bench/README.md).

Each mode measures Python's multiprocessing primitive the way shmkit's SyncHarness measures its own:

  increment N   two processes increment a shared Value N times each under a separate Lock, RLock and
                Semaphore(1), and under the Value's own get_lock() (an RLock: Python's idiom)
  latency N     ping-pong between two processes through two Events, and through a Condition:
                one-way wake-up latency = half the round trip (median, p99)
  barrier N     round trip of a 2-party Barrier (N generations), microseconds per generation
  all           every mode with default sizes

Run:  python3 bench/python/sync_reference.py all
"""
import multiprocessing as mp
import sys
import time


def _incr(lock, value, n, ready, go):
    ready.release()
    go.wait()
    for _ in range(n):
        with lock:
            value.value += 1


def increment(n):
    ctx = mp.get_context("fork")
    for kind in ("Lock", "RLock", "Semaphore", "Value.get_lock()"):
        if kind == "Value.get_lock()":
            value = ctx.Value("q", 0)  # lock=True: the Value's own RLock
            lock = value.get_lock()
        else:
            lock = {"Lock": ctx.Lock, "RLock": ctx.RLock, "Semaphore": lambda: ctx.Semaphore(1)}[kind]()
            value = ctx.Value("q", 0, lock=False)
        ready, go = ctx.Semaphore(0), ctx.Event()
        ps = [ctx.Process(target=_incr, args=(lock, value, n, ready, go)) for _ in range(2)]
        for p in ps:
            p.start()
        for _ in ps:
            ready.acquire()
        t0 = time.perf_counter()
        go.set()
        for p in ps:
            p.join()
        dt = time.perf_counter() - t0
        exact = "exact" if value.value == 2 * n else "WRONG COUNT %d" % value.value
        print("increment  %-16s 2 processes  %.2f M incr/s  (%s)" % (kind, 2 * n / dt / 1e6, exact))


def _pong_events(ping, pong, rounds):
    for _ in range(rounds):
        ping.wait(60)
        ping.clear()
        pong.set()


def _pong_condition(cond, box, rounds):
    for i in range(rounds):
        with cond:
            cond.wait_for(lambda: box.value == 2 * i + 1, 60)
            box.value = 2 * i + 2
            cond.notify_all()


def _report(what, round_trips):
    s = sorted(round_trips)
    print("%s one way (half the round trip): median %.1f us, p99 %.1f us, max %.1f us"
          % (what, s[len(s) // 2] / 2e3, s[int(len(s) * 0.99)] / 2e3, s[-1] / 2e3))


def latency(rounds):
    ctx = mp.get_context("fork")
    ping, pong = ctx.Event(), ctx.Event()
    p = ctx.Process(target=_pong_events, args=(ping, pong, rounds))
    p.start()
    rt = []
    for _ in range(rounds):
        t0 = time.perf_counter_ns()
        pong.clear()
        ping.set()
        pong.wait(60)
        rt.append(time.perf_counter_ns() - t0)
    p.join()
    _report("latency    event     ", rt)

    cond, box = ctx.Condition(), ctx.Value("q", 0, lock=False)
    p = ctx.Process(target=_pong_condition, args=(cond, box, rounds))
    p.start()
    rt = []
    for i in range(rounds):
        with cond:
            t0 = time.perf_counter_ns()
            box.value = 2 * i + 1
            cond.notify_all()
            cond.wait_for(lambda: box.value == 2 * i + 2, 60)
            rt.append(time.perf_counter_ns() - t0)
    p.join()
    _report("latency    condition ", rt)


def _party(barrier, n):
    for _ in range(n):
        barrier.wait(60)


def barrier(n):
    ctx = mp.get_context("fork")
    b = ctx.Barrier(2)
    p = ctx.Process(target=_party, args=(b, n))
    p.start()
    t0 = time.perf_counter()
    _party(b, n)
    dt = time.perf_counter() - t0
    p.join()
    print("barrier    2 parties  %.1f us per generation" % (dt / n * 1e6))


def main(argv):
    mode = argv[1] if len(argv) > 1 else "all"
    n = int(argv[2]) if len(argv) > 2 else 0
    if mode in ("increment", "all"):
        increment(n or 200_000)
    if mode in ("latency", "all"):
        latency(n or 5_000)
    if mode in ("barrier", "all"):
        barrier(n or 5_000)
    if mode not in ("increment", "latency", "barrier", "all"):
        sys.exit("mode must be increment, latency, barrier or all")


if __name__ == "__main__":
    main(sys.argv)
