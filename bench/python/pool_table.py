"""The side-by-side tables of docs/benchmarks.md ("Pool") from one run: the JSON lines of shmkit's
io.shmkit.bench.pool.PoolHarness and of pool_reference.py, in any number of files.

    python3 bench/python/pool_table.py shmkit.jsonl python.jsonl
"""
import json
import sys


def fmt(v, spec):
    return "" if v is None else spec % v


def main(paths):
    pool, negate = {}, []
    for path in paths:
        with open(path) as f:
            for line in f:
                line = line.strip()
                if not line.startswith("{"):
                    continue  # anything else a harness printed
                r = json.loads(line)
                if r["test"] == "negate":
                    negate.append(r)
                else:
                    pool.setdefault((r["impl"], r["workers"]), {})[r["test"]] = r.get("ms", r.get("per_s"))
    print("| implementation | W | creation to first result (ms) | first result of a started pool (ms) |"
          " first result of a warm idle pool (ms) | tiny apply_async, first round (tasks/s) |"
          " tiny apply_async, median (tasks/s) | map, first (elements/s) | map, median (elements/s) |")
    print("|---|---|---|---|---|---|---|---|---|")
    for (impl, w), t in pool.items():
        print("| %s | %d | %s | %s | %s | %s | %s | %s | %s |" % (
            impl, w, fmt(t.get("first"), "%.2f"), fmt(t.get("started"), "%.3f"), fmt(t.get("warm"), "%.3f"),
            fmt(t.get("apply_cold"), "%.0f"), fmt(t.get("apply"), "%.0f"), fmt(t.get("map_cold"), "%.0f"),
            fmt(t.get("map"), "%.0f")))
    print()
    print("| implementation | workers | call | whole call (ms) | phase (ms) |")
    print("|---|---|---|---|---|")
    for r in negate:
        print("| %s | %d | %s | %s | %s |" % (r["impl"], r["workers"], r["call"], fmt(r.get("whole_ms"), "%.1f"),
                                             fmt(r.get("phase_ms"), "%.1f")))


if __name__ == "__main__":
    main(sys.argv[1:])
