"""A Python child for shmkit's cross-process tests (driven by it-tests' PythonInteropTest).

    interop_child.py negate NAME...              negate every element, stripe by stripe under its lock
    interop_child.py create NAME TYPECODE N      create a persistent array of N elements 0, 1, ..., print 'created'
    interop_child.py expect-negated NAME...      exit 0 if element i is the negation of i (wrapping as C does)
    interop_child.py increment NAME CTL K        ctl[0] += 1 when ready; wait for ctl[1] == 1; then K rounds of
                                                 a[i] = a[i] + 1 for every i, each under the stripe lock of i
    interop_child.py hold NAME STRIPE CTL        take the stripe lock, set ctl[0] = pid, wait to be killed
    interop_child.py take NAME STRIPE            take the stripe lock (60 s bound), print 'owner_died=... recoveries=...'
    interop_child.py check NAME KIND             open as an array or value; print 'ok' or 'error: <message>'
    interop_child.py create-kept NAME            create a non-persistent value kept at exit (for shmkit clean)
"""

import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import shmkit  # noqa: E402

BOUND = 120.0


def wrap(typecode, v):
    bits = {"b": 8, "B": 8, "h": 16, "H": 16, "i": 32, "I": 32, "l": 64, "L": 64, "q": 64, "Q": 64}[typecode]
    v &= (1 << bits) - 1
    return v - (1 << bits) if typecode.islower() and v >= 1 << (bits - 1) else v


def negated(typecode, v):
    return -v if typecode in "fd" else wrap(typecode, -v)


def negate(name):
    with shmkit.Array.open(name) as a:
        for s in range(a.stripe_count):
            with a.stripe_lock(s):
                for i in range(s * a.stripe_length, min(len(a), (s + 1) * a.stripe_length)):
                    a[i] = negated(a.typecode, a[i])
    print("negated")


def expect_negated(name):
    with shmkit.Array.open(name) as a:
        for i in range(len(a)):
            if a[i] != negated(a.typecode, i):
                print("element %d is %r, expected %r" % (i, a[i], negated(a.typecode, i)))
                sys.exit(1)
    print("ok")


def wait_for(condition, what):
    deadline = time.monotonic() + BOUND
    while not condition():
        if time.monotonic() > deadline:
            print("timed out waiting for " + what)
            sys.exit(2)
        time.sleep(0.001)


def increment(name, ctl_name, rounds):
    with shmkit.Array.open(name) as a, shmkit.Array.open(ctl_name) as ctl:
        ctl.get_and_add(0, 1)
        wait_for(lambda: ctl[1] == 1, "the start flag")
        for _ in range(rounds):
            for i in range(len(a)):
                with a.stripe_lock(a.stripe_of(i)):
                    a[i] = a[i] + 1
    print("incremented")


def hold(name, stripe, ctl_name):
    a = shmkit.Array.open(name)
    ctl = shmkit.Array.open(ctl_name)
    a.stripe_lock(stripe).acquire()
    ctl[0] = os.getpid()
    time.sleep(BOUND)  # killed long before: the parent waits on ctl[0], not on this
    sys.exit(3)


def take(name, stripe):
    with shmkit.Array.open(name) as a:
        lock = a.stripe_lock(stripe)
        if not lock.acquire(timeout=60):
            print("timed out")
            sys.exit(1)
        print("owner_died=%s recoveries=%d" % (lock.owner_died, lock.recoveries))
        lock.release()


def check(name, kind):
    try:
        (shmkit.Array if kind == "array" else shmkit.Value).open(name, timeout=0.2).close()
        print("ok")
    except shmkit.SegmentFormatError as ex:
        print("error: %s" % ex)


def main(argv):
    cmd = argv[0]
    if cmd == "negate":
        for name in argv[1:]:
            negate(name)
    elif cmd == "create":
        shmkit.Array.create(argv[1], argv[2], range(int(argv[3])), persistent=True).close()
        print("created")
    elif cmd == "expect-negated":
        for name in argv[1:]:
            expect_negated(name)
    elif cmd == "increment":
        increment(argv[1], argv[2], int(argv[3]))
    elif cmd == "hold":
        hold(argv[1], int(argv[2]), argv[3])
    elif cmd == "take":
        take(argv[1], int(argv[2]))
    elif cmd == "check":
        check(argv[1], argv[2])
    elif cmd == "create-kept":
        v = shmkit.Value.create(argv[1], "i", 7)
        v.keep()
        v.close()
        print("created")
    else:
        print("unknown command " + cmd)
        sys.exit(64)


if __name__ == "__main__":
    main(sys.argv[1:])
