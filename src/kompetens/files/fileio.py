"""Writing files so that a crash or Ctrl-C never leaves half a file behind."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path


def write_atomic(path: Path, text: str) -> None:
    """Write `text` (UTF-8, `\n` line endings) atomically; see `write_atomic_bytes`."""
    write_atomic_bytes(path, text.encode("utf-8"))


def write_atomic_bytes(path: Path, data: bytes | Iterable[bytes]) -> None:
    """Write to a temporary file beside `path`, flush it to disk, then rename it.

    The rename is atomic on POSIX and Windows, so readers see the old file or the new one.
    `data` may come in pieces (a large CSV made a chunk at a time is never held whole).
    """
    directory = path.parent if str(path.parent) else Path()
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(handle, "wb") as stream:
            if isinstance(data, bytes):
                stream.write(data)
            else:
                for piece in data:
                    stream.write(piece)
            stream.flush()
            os.fsync(stream.fileno())
        Path(temporary).chmod(_mode_for(path))
        Path(temporary).replace(path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            Path(temporary).unlink()
        raise


def _mode_for(path: Path) -> int:
    """The permissions a plain `open()` would give: the existing file's, or 0666 less the
    umask (mkstemp's 0600 would hide a report from the colleague it is meant for)."""
    try:
        return path.stat().st_mode & 0o777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def next_free_path(path: Path) -> Path:
    """`path`, or `name-2.ext`, `name-3.ext`, … — the first that does not exist yet."""
    if not path.exists():
        return path
    counter = 2
    while True:
        candidate = path.with_name(f"{path.stem}-{counter}{path.suffix}")
        if not candidate.exists():
            return candidate
        counter += 1
