"""Python's multiprocessing Queue, SimpleQueue and Pipe, measured the way a Python user would use them.

Throughput: once it is running, a child process gets messages of SIZE bytes until a None sentinel; the parent puts COUNT of them.
Round trip: the parent sends a message, a child sends it back, ROUNDS times; median and p99 in microseconds.
Prints one JSON object per line, read by queue_table.py.

    python3 bench/python/queue_reference.py [--count N] [--rounds N] [--sizes 64,4096] [--kinds Queue,SimpleQueue,Pipe]
"""
import argparse
import json
import multiprocessing as mp
import statistics
import time


def drain_queue(q, ready):
    ready.set()
    while q.get() is not None:
        pass


def drain_pipe(conn, ready):
    ready.set()
    while conn.recv() is not None:
        pass


def echo_queue(inq, outq):
    while True:
        m = inq.get()
        if m is None:
            return
        outq.put(m)


def echo_pipe(conn):
    while True:
        m = conn.recv()
        if m is None:
            return
        conn.send(m)


def throughput(kind, size, count):
    payload = b"x" * size
    ready = mp.Event()
    if kind == "Pipe":
        parent, child = mp.Pipe()
        p = mp.Process(target=drain_pipe, args=(child, ready))
        p.start()
        send = parent.send
    else:
        q = mp.Queue() if kind == "Queue" else mp.SimpleQueue()
        p = mp.Process(target=drain_queue, args=(q, ready))
        p.start()
        send = q.put
    ready.wait()  # the child's start-up is not part of the figure
    start = time.perf_counter()
    for _ in range(count):
        send(payload)
    send(None)
    p.join()
    elapsed = time.perf_counter() - start
    return {"impl": "python-" + kind, "test": "throughput", "size": size,
            "msgs_per_s": count / elapsed, "mb_per_s": count * size / elapsed / 1e6}


def round_trip(kind, rounds):
    payload = b"x" * 64
    if kind == "Pipe":
        parent, child = mp.Pipe()
        p = mp.Process(target=echo_pipe, args=(child,))
        p.start()
        send, recv = parent.send, parent.recv
    else:
        make = mp.Queue if kind == "Queue" else mp.SimpleQueue
        pings, pongs = make(), make()
        p = mp.Process(target=echo_queue, args=(pings, pongs))
        p.start()
        send, recv = pings.put, pongs.get
    samples = []
    for i in range(rounds):
        t0 = time.perf_counter()
        send(payload)
        recv()
        if i >= rounds // 10:  # the first tenth warms up
            samples.append((time.perf_counter() - t0) * 1e6)
    send(None)
    p.join()
    samples.sort()
    return {"impl": "python-" + kind, "test": "roundtrip", "size": 64,
            "p50_us": statistics.median(samples), "p99_us": samples[int(len(samples) * 0.99) - 1]}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--count", type=int, default=200_000)
    ap.add_argument("--rounds", type=int, default=20_000)
    ap.add_argument("--sizes", default="64,4096")
    ap.add_argument("--kinds", default="Queue,SimpleQueue,Pipe")
    a = ap.parse_args()
    for kind in a.kinds.split(","):
        for size in (int(s) for s in a.sizes.split(",")):
            print(json.dumps(throughput(kind, size, a.count)), flush=True)
        print(json.dumps(round_trip(kind, a.rounds)), flush=True)


if __name__ == "__main__":
    main()
