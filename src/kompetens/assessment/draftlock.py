"""One writer per draft: a lock file beside the result file while `assess` has it open.

Two terminals continuing the same draft would overwrite each other's answers without a
word. The lock file (`NAME.lock`) holds the holder's process id and host name. A lock whose
process has ended on this machine is stale (a killed process, a crash) and is taken over;
a lock held by a running process, or by another machine on a shared drive, is refused
unless the user breaks it on purpose.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import sys
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Holder:
    pid: int
    host: str


class DraftLockedError(Exception):
    """Another process (or machine) has the draft open."""

    def __init__(self, lock_path: Path, holder: Holder | None) -> None:
        super().__init__(str(lock_path))
        self.lock_path = lock_path
        self.holder = holder


def lock_path_for(path: Path) -> Path:
    return path.with_name(path.name + ".lock")


def process_is_running(pid: int) -> bool:
    """Whether a process with this id exists on this machine."""
    if pid <= 0:
        return False
    if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
        import ctypes

        process_query_limited_information = 0x1000
        still_active = 259
        kernel32 = ctypes.windll.kernel32
        handle = kernel32.OpenProcess(process_query_limited_information, False, pid)
        if not handle:
            return False
        try:
            code = ctypes.c_ulong()
            if not kernel32.GetExitCodeProcess(handle, ctypes.byref(code)):
                return True
            return bool(code.value == still_active)
        finally:
            kernel32.CloseHandle(handle)
    try:
        os.kill(pid, 0)  # signal 0: only asks whether the process exists
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # it exists, it is someone else's
    return True


def read_holder(lock_path: Path) -> Holder | None:
    """Who holds a lock, or None when the lock file cannot be read or understood."""
    try:
        data = json.loads(lock_path.read_text(encoding="utf-8"))
        return Holder(pid=int(data["pid"]), host=str(data["host"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def is_stale(holder: Holder | None) -> bool:
    """A lock left by a process of this machine that no longer runs."""
    return (
        holder is not None
        and holder.host == socket.gethostname()
        and not process_is_running(holder.pid)
    )


class DraftLock:
    """Held while a draft is open; `release` (or leaving the `with` block) removes it."""

    def __init__(self, path: Path) -> None:
        self.path = lock_path_for(path)
        self.taken_over: Holder | None = None
        """The stale holder whose lock was taken over, for the caller to mention."""
        self._held = False

    def acquire(self, *, force: bool = False) -> None:
        """Take the lock; a stale lock (or any lock with `force`) is replaced.

        Raises DraftLockedError when another live process or machine holds it.
        """
        me = json.dumps({"pid": os.getpid(), "host": socket.gethostname()})
        for _attempt in range(2):
            try:
                descriptor = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
            except FileExistsError:
                holder = read_holder(self.path)
                if not (force or is_stale(holder)):
                    raise DraftLockedError(self.path, holder) from None
                self.taken_over = holder
                with contextlib.suppress(FileNotFoundError):
                    self.path.unlink()
                continue
            with os.fdopen(descriptor, "w", encoding="utf-8") as stream:
                stream.write(me + "\n")
            self._held = True
            return
        raise DraftLockedError(self.path, read_holder(self.path))

    def release(self) -> None:
        if self._held:
            self._held = False
            holder = read_holder(self.path)
            if holder is not None and holder.pid == os.getpid():
                with contextlib.suppress(FileNotFoundError):
                    self.path.unlink()

    def __enter__(self) -> DraftLock:
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()
