"""Read the messages waiting in a shmkit queue from Python, without taking them, and print each one decoded
with msgpack: the queue layout of docs/layout.md ("Queue segments") seen from another language.

    python3 bench/python/queue_peek.py NAME [ROOT]     (ROOT defaults to /dev/shm)

Needs the msgpack package (pip install msgpack); exits with code 3 and a message if it is missing.
"""
import mmap
import os
import struct
import sys

try:
    import msgpack
except ImportError:
    print("queue_peek.py: the Python package 'msgpack' is not installed (pip install msgpack)", file=sys.stderr)
    sys.exit(3)

HEADER_KIND = 16          # segment header: kind (3 = queue)
HEADER_DATA_OFFSET = 40   # u64
QUEUE_KIND = 3
TRAILER_TAIL = 128        # Agrona RingBufferDescriptor offsets, after the ring's records
TRAILER_HEAD = 384
PADDING_TYPE = -1
PRODUCER_SLOT = 512       # docs/layout.md, "Queue segments": a line, then three thread lanes of a line each
CONSUMER_SLOT = 128


def peek(path):
    with open(path, "rb") as f:
        m = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
    try:
        if m[0:6] != b"SHMKIT" or struct.unpack_from("<i", m, 12)[0] != 1:
            raise SystemExit("not a ready shmkit segment: " + path)
        if struct.unpack_from("<i", m, HEADER_KIND)[0] != QUEUE_KIND:
            raise SystemExit("not a queue: " + path)
        region = struct.unpack_from("<Q", m, HEADER_DATA_OFFSET)[0]
        _kind, capacity, producers, consumers = struct.unpack_from("<iiii", m, region)
        ring = region + 512 + PRODUCER_SLOT * producers + CONSUMER_SLOT * consumers
        tail = struct.unpack_from("<q", m, ring + capacity + TRAILER_TAIL)[0]
        pos = struct.unpack_from("<q", m, ring + capacity + TRAILER_HEAD)[0]
        out = []
        while pos < tail:
            index = ring + (pos & (capacity - 1))
            length, msg_type = struct.unpack_from("<ii", m, index)
            if length <= 0:
                break  # being written
            if msg_type != PADDING_TYPE:
                out.append(msgpack.unpackb(m[index + 8:index + length], raw=False))
            pos += (length + 7) & ~7
        return out
    finally:
        m.close()


def main():
    root = sys.argv[2] if len(sys.argv) > 2 else "/dev/shm"
    for value in peek(os.path.join(root, sys.argv[1])):
        print(repr(value))


if __name__ == "__main__":
    main()
