"""The paired table of bench/negate-pairs.sh: for each worker count, each pair's whole-call times (shmkit's first
call on a fresh array on a warm pool, Python's fork + numpy children from start to join), their ratio, and the
median ratio.

    python3 bench/python/negate_pairs.py shmkit.jsonl python.jsonl
"""
import json
import statistics
import sys


def lines(path, keep):
    with open(path) as f:
        rows = [json.loads(line) for line in f if line.startswith("{")]
    return [r for r in rows if r["test"] == "negate" and keep(r)]


def main(shmkit_path, python_path):
    shmkit = lines(shmkit_path, lambda r: r["call"].startswith("first call") and r["impl"] == "shmkit warm pool")
    python = lines(python_path, lambda r: True)
    print("| workers | pairs | shmkit first call, whole (ms) | Python fork + numpy, whole (ms) |"
          " ratio shmkit / Python, each pair | median ratio |")
    print("|---|---|---|---|---|---|")
    for w in sorted({r["workers"] for r in shmkit}):
        s = [r["whole_ms"] for r in shmkit if r["workers"] == w]
        p = [r["whole_ms"] for r in python if r["workers"] == w]
        if len(s) != len(p):
            raise SystemExit("unpaired rounds for %d workers: %d and %d" % (w, len(s), len(p)))
        ratios = [a / b for a, b in zip(s, p)]
        print("| %d | %d | %s | %s | %s | %.2f |" % (
            w, len(s), ", ".join("%.0f" % v for v in s), ", ".join("%.0f" % v for v in p),
            ", ".join("%.2f" % v for v in ratios), statistics.median(ratios)))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
