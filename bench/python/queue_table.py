"""The side-by-side table of docs/benchmarks.md ("Queues") from one run: JMH's JSON results of
QueueThroughputBenchmark and QueueRoundTripBenchmark, and queue_reference.py's JSON lines.

    python3 bench/python/queue_table.py jmh-throughput.json jmh-roundtrip.json python.jsonl
"""
import json
import sys


def jmh_rows(path):
    rows = []
    with open(path) as f:
        for r in json.load(f):
            p = r.get("params", {})
            name = r["benchmark"].rsplit(".", 1)[-1]
            m = r["primaryMetric"]
            if name == "offer":
                ring = p.get("ring")
                cons = int(p.get("consumers", "1"))
                threads = r.get("threads", 1)
                kind = "SPSC" if ring == "one-to-one" else ("MPMC" if cons > 1 else "MPSC")
                api = " put/take" if p.get("api") == "blocking" else ""
                rows.append((p["impl"] + " " + kind + api + (" (%d producers)" % threads if threads > 1 else ""),
                             int(p["size"]), m["score"] * 1e6, None, None))
            elif name == "roundTrip":
                pct = m.get("scorePercentiles", {})
                rows.append((p["impl"] + " round trip " + p.get("wait", ""), 64, None,
                             pct.get("50.0"), pct.get("99.0")))
    return rows


def python_rows(path):
    rows = []
    with open(path) as f:
        for line in f:
            r = json.loads(line)
            if r["test"] == "throughput":
                rows.append((r["impl"], r["size"], r["msgs_per_s"], None, None))
            else:
                rows.append((r["impl"] + " round trip", 64, None, r["p50_us"], r["p99_us"]))
    return rows


def fmt(v, unit):
    if v is None:
        return ""
    if unit == "msg":
        return "%.2f M/s" % (v / 1e6) if v >= 1e6 else "%.0f k/s" % (v / 1e3)
    return "%.2f" % v


def main(paths):
    rows = []
    for p in paths:
        rows += python_rows(p) if p.endswith(".jsonl") else jmh_rows(p)
    print("| what | message | throughput | MB/s | round trip p50 (µs) | p99 (µs) |")
    print("|---|---|---|---|---|---|")
    for name, size, tput, p50, p99 in rows:
        mbs = "%.0f" % (tput * size / 1e6) if tput else ""
        print("| %s | %d B | %s | %s | %s | %s |" % (name, size, fmt(tput, "msg"), mbs, fmt(p50, "us"), fmt(p99, "us")))


if __name__ == "__main__":
    main(sys.argv[1:])
