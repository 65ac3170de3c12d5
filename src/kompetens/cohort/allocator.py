"""The C allocator told to keep freed blocks of up to 64 MiB for reuse, for a large table.

Scoring a table a piece at a time makes and frees, per piece, a few dozen numpy arrays of
100 kB to a few MB. glibc's `malloc` hands blocks above its mmap threshold straight to
and back from the kernel, and the kernel zeroes every page again on first touch; the
threshold rises on its own only after a large block is freed, so a process that holds a
100 MB table text kept paying it: the piece reader ran 3× slower at a million rows than
at 100,000 (4.2 ms against 1.4 ms for the same 2,000-row piece). With the threshold at
64 MiB such blocks are reused from the heap. Peak memory is measured with
`benchmarks/bench_side_by_side.py` (the setting changes what is returned to the system
when, not what is held).

Forked workers inherit the setting. Elsewhere than glibc this does nothing.
"""

from __future__ import annotations

import sys
from pathlib import Path

_MMAP_THRESHOLD = -3
"""`M_MMAP_THRESHOLD` of glibc's `mallopt`."""
_TRIM_THRESHOLD = -1
"""`M_TRIM_THRESHOLD`: free memory at the top of the heap kept before giving it back."""
_REUSED = 64 << 20
LARGE_TABLE_BYTES = 4 << 20
"""A table file this large is read with the allocator keeping its freed blocks."""
_tuned: list[bool] = []


def reuse_large_blocks_for(table: Path) -> None:
    """`reuse_large_blocks` when `table` is a large file."""
    try:
        large = table.stat().st_size >= LARGE_TABLE_BYTES
    except OSError:
        return
    if large:
        reuse_large_blocks()


def reuse_large_blocks() -> None:
    """Keep freed blocks below 64 MiB in the heap (once per process; glibc only)."""
    if _tuned or not sys.platform.startswith("linux"):
        return
    _tuned.append(True)
    import ctypes

    try:
        libc = ctypes.CDLL("libc.so.6")
        mallopt = libc.mallopt
    except (OSError, AttributeError):  # another C library (musl has no mallopt)
        return
    mallopt(_MMAP_THRESHOLD, _REUSED)
    mallopt(_TRIM_THRESHOLD, 2 * _REUSED)
