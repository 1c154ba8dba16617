"""shmkit for Python: attach to (and create) the shared arrays, values and robust locks of the Java library
shmkit, in named files under /dev/shm, with the same checks, the same stripe locks and the same owner encoding.

Standard library only; ``numpy()`` views need numpy. The layout is docs/layout.md (format version 1), the locks
docs/spec/locks.md, the Python names docs/python.md.
"""

from ._layout import LAYOUT_VERSION, SegmentFormatError
from ._lock import Lock, RangeLock
from ._objects import Array, Value
from ._segment import read_header
from ._atomic import IMPLEMENTATION as ATOMICS
from ._atomic import WORD_OPS as LOCK_WORD_OPS

__all__ = ["Array", "Value", "Lock", "RangeLock", "SegmentFormatError", "LAYOUT_VERSION", "read_header",
           "ATOMICS", "LOCK_WORD_OPS"]
__version__ = "0.1.0"
