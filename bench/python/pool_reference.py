"""Python's multiprocessing.Pool and a fork + numpy negate, measured the way a Python user writes them: the
reference side of bench/pool-compare.sh (docs/benchmarks.md, "Pool").

  first     creation to first result: Pool(W) created, one apply_async(noop).get() answered (median of ROUNDS;
            the pool's close and join are not timed)
  apply     tiny-task throughput: COUNT apply_async(noop) on a pool that has answered once, then every get():
            apply_cold the first round, apply the median of the THROUGHPUT_ROUNDS after it on the same pool
  map       map throughput: pool.map(square, range(ELEMENTS)) with the default chunk size: map_cold the first map
            of the pool, map the median of the THROUGHPUT_ROUNDS after it on the same pool
  warm      first result from a warm idle pool: a pool that has answered once, idle for 100 ms, then one
            apply_async(noop).get() (median of ROUNDS)
  negate    np.negative in place on an array of ELEMENTS_NEGATE doubles in a SharedMemory created and filled before
            the timing: the whole call, from starting 1 or 2 fork children (each attaches by name and negates its
            half) to joining them; the phase from the children's start barrier to the last one done

Each line printed is one JSON object, read by pool_table.py.

    python3 bench/python/pool_reference.py [--workers 1,2] [--methods fork,spawn] [--rounds 15] [--count 20000]
        [--elements 1000000] [--negate 100000000] [--negate-rounds 5] [--throughput-rounds 15]
        [--tests first,apply,map,warm,negate]
"""
import argparse
import json
import multiprocessing as mp
import statistics
import time
from multiprocessing import shared_memory


def noop(x):
    return x


def square(x):
    return x * x


def first_result(ctx, workers, rounds):
    times = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        pool = ctx.Pool(workers)
        pool.apply_async(noop, (1,)).get(60)
        times.append((time.perf_counter() - t0) * 1e3)
        pool.close()
        pool.join()
    return statistics.median(times)


def apply_rate(pool, count):
    t0 = time.perf_counter()
    results = [pool.apply_async(noop, (i,)) for i in range(count)]
    for r in results:
        r.get(60)
    return count / (time.perf_counter() - t0)


def map_rate(pool, elements):
    t0 = time.perf_counter()
    out = pool.map(square, range(elements))
    dt = time.perf_counter() - t0
    assert out[-1] == (elements - 1) ** 2
    return elements / dt


def warm_first(pool, rounds):
    times = []
    for _ in range(rounds):
        time.sleep(0.1)
        t0 = time.perf_counter()
        pool.apply_async(noop, (1,)).get(60)
        times.append((time.perf_counter() - t0) * 1e3)
    return statistics.median(times)


def throughput(ctx, impl, w, tests, a):
    with ctx.Pool(w) as pool:
        pool.apply_async(noop, (0,)).get(60)  # started and answering: the start-up is not part of the figures
        for test, rate, n in (("apply", apply_rate, a.count), ("map", map_rate, a.elements)):
            if test in tests:
                rates = [rate(pool, n) for _ in range(a.throughput_rounds + 1)]
                emit(impl=impl, test=test + "_cold", workers=w, per_s=rates[0])
                emit(impl=impl, test=test, workers=w, per_s=statistics.median(rates[1:]))
        if "warm" in tests:
            emit(impl=impl, test="warm", workers=w, ms=warm_first(pool, a.rounds))


def negate_child(name, n, lo, hi, barrier, times, k):
    import numpy as np
    shm = shared_memory.SharedMemory(name=name)
    x = np.ndarray((n,), dtype=np.float64, buffer=shm.buf)
    barrier.wait()
    t0 = time.time_ns()
    np.negative(x[lo:hi], out=x[lo:hi])
    times[2 * k], times[2 * k + 1] = t0, time.time_ns()
    del x
    shm.close()


def negate(n, children, rounds):
    import numpy as np
    ctx = mp.get_context("fork")
    shm = shared_memory.SharedMemory(create=True, size=8 * n)
    try:
        x = np.ndarray((n,), dtype=np.float64, buffer=shm.buf)
        x.fill(1.0)  # created and filled before the timing, as shmkit's array is
        wholes, phases = [], []
        for _ in range(rounds):
            barrier = ctx.Barrier(children)
            times = ctx.Array("q", 2 * children, lock=False)
            t0 = time.perf_counter()
            ps = [ctx.Process(target=negate_child,
                              args=(shm.name, n, k * n // children, (k + 1) * n // children, barrier, times, k))
                  for k in range(children)]
            for p in ps:
                p.start()
            for p in ps:
                p.join()
            wholes.append((time.perf_counter() - t0) * 1e3)
            assert all(p.exitcode == 0 for p in ps), [p.exitcode for p in ps]
            phases.append((max(times[1::2]) - max(times[0::2])) / 1e6)
        expected = 1.0 if rounds % 2 == 0 else -1.0
        assert x[0] == expected and x[n - 1] == expected, (x[0], x[n - 1])
        del x
        return statistics.median(wholes), statistics.median(phases)
    finally:
        shm.close()
        shm.unlink()


def emit(**fields):
    print(json.dumps(fields), flush=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--workers", default="1,2")
    ap.add_argument("--methods", default="fork,spawn")
    ap.add_argument("--rounds", type=int, default=15)
    ap.add_argument("--count", type=int, default=20000)
    ap.add_argument("--elements", type=int, default=1000000)
    ap.add_argument("--negate", type=int, default=100000000)
    ap.add_argument("--negate-rounds", type=int, default=5)
    ap.add_argument("--throughput-rounds", type=int, default=15)
    ap.add_argument("--tests", default="first,apply,map,warm,negate")
    a = ap.parse_args()
    tests = a.tests.split(",")
    workers = [int(w) for w in a.workers.split(",")]
    for method in a.methods.split(","):
        ctx = mp.get_context(method)
        impl = "Python Pool, " + method
        for w in workers:
            if "first" in tests:
                emit(impl=impl, test="first", workers=w, ms=first_result(ctx, w, a.rounds))
            if "apply" in tests or "map" in tests or "warm" in tests:
                throughput(ctx, impl, w, tests, a)
    if "negate" in tests:
        for children in workers:
            whole, phase = negate(a.negate, children, a.negate_rounds)
            emit(impl="Python fork + numpy", test="negate", workers=children, call="every call", whole_ms=whole,
                 phase_ms=phase)


if __name__ == "__main__":
    main()
