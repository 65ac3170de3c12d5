"""The one output layer: where a command may write, checked before any work is done.

Every command that writes a file goes through here, so that the promises hold everywhere:

- `-` means standard output;
- an existing file is replaced only with `--force`;
- a file that is one of the command's inputs (a result, a hand-in found in a folder, the
  framework, a template, a key) is never replaced, not even with `--force`: the same path
  after resolving links, or the same file (inode) under another name;
- a missing, non-folder or unwritable folder is reported before the command reads or
  computes anything;
- files are written atomically (`kompetens.files.fileio`).

The core raises `OutputError` with a catalogue key (`output.*`); the command line words it
in the user's language and exits with the usage code.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

STDOUT = "-"


class OutputError(Exception):
    """An output that must not or cannot be written; `key` is an `output.*` message."""

    def __init__(self, key: str, **values: Any) -> None:
        self.key = key
        self.values = values
        super().__init__(f"{key}: {values}")


@dataclass(frozen=True, slots=True)
class Output:
    """Where one document goes: a file, or standard output when `path` is None."""

    path: Path | None

    @property
    def to_stdout(self) -> bool:
        return self.path is None

    def __str__(self) -> str:
        return STDOUT if self.path is None else str(self.path)


def is_stdout(spec: str | Path | None) -> bool:
    return spec is not None and str(spec) == STDOUT


SUFFIX_FORMATS = {
    ".html": "html",
    ".htm": "html",
    ".md": "md",
    ".json": "json",
    ".csv": "csv",
    ".xlsx": "xlsx",
    ".yaml": "yaml",
    ".yml": "yaml",
}
"""The document format each file-name suffix names, for every command that infers its
format from the output's name (`-o report.htm` is HTML)."""


def format_of(spec: str | Path | None) -> str | None:
    """The format the suffix of `spec` names; None for standard output, no file or an
    unknown suffix."""
    if spec is None or is_stdout(spec):
        return None
    return SUFFIX_FORMATS.get(Path(spec).suffix.lower())


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        status = path.stat()
    except (OSError, ValueError):
        return None
    return status.st_dev, status.st_ino


def _resolved(path: Path) -> str:
    try:
        return str(path.resolve())
    except (OSError, RuntimeError, ValueError):
        return os.path.abspath(path)  # noqa: PTH100


def same_file(first: Path, second: Path) -> bool:
    """Whether two names lead to the same file: one resolved path, or one inode."""
    if _resolved(first) == _resolved(second):
        return True
    one, other = _identity(first), _identity(second)
    return one is not None and one == other


def plan_output(
    spec: str | Path | None, *, force: bool, inputs: Iterable[str | Path | None] = ()
) -> Output | None:
    """The output named by `spec` (None: no output), refused when it cannot be written.

    Checks the folder (exists, is a folder, is writable), then that the file is none of
    `inputs`, then an existing file (refused without `--force`). A command whose inputs
    are known only later (a folder's files, after the walk) plans with `force=True` and
    calls `refuse_inputs` and `refuse_existing` then.
    """
    if spec is None:
        return None
    if is_stdout(spec):
        return Output(None)
    path = Path(spec)
    if str(spec) == "" or path.name in ("", ".", ".."):
        raise OutputError("output.is_folder", path=spec)
    folder = path.parent
    if not folder.exists():
        raise OutputError("output.no_folder", path=path, folder=folder)
    if not folder.is_dir():
        raise OutputError("output.not_folder", path=path, folder=folder)
    if path.is_dir():
        raise OutputError("output.is_folder", path=path)
    if not os.access(folder, os.W_OK | os.X_OK):
        raise OutputError("output.unwritable", path=path, folder=folder)
    output = Output(path)
    refuse_inputs([output], inputs)
    if not force:
        refuse_existing([output])
    return output


def is_taken(path: Path) -> bool:
    """Whether writing `path` would replace something: a file, a folder, or a link (even
    one that leads nowhere). The one test behind every "already exists … --force"."""
    return path.exists() or path.is_symlink()


def refuse_existing(outputs: Iterable[Output | None]) -> None:
    """Raise `OutputError` for an output file that exists (the caller had no `--force`)."""
    for output in outputs:
        path = output.path if output is not None else None
        if path is not None and is_taken(path):
            raise OutputError("output.exists", path=path)


def refuse_existing_many(paths: Iterable[Path], shown: int = 5) -> None:
    """Raise `OutputError` naming the first `shown` of many outputs that exist (a batch
    without `--force`: nothing is written when any of them would be replaced)."""
    taken = [path for path in paths if is_taken(path)]
    if taken:
        listed = ", ".join(str(path) for path in taken[:shown])
        more = len(taken) - shown
        listed += f" (+{more})" if more > 0 else ""
        raise OutputError("output.exists_many", count=len(taken), paths=listed)


def refuse_inputs(outputs: Iterable[Output | None], inputs: Iterable[str | Path | None]) -> None:
    """Raise `OutputError` when an output is one of the inputs, or two outputs are one file.

    Holds even with `--force`: replacing a student's result with a report, or a hand-in with
    a CSV, destroys the only copy of what a person wrote.
    """
    files = [o.path for o in outputs if o is not None and o.path is not None]
    for index, path in enumerate(files):
        for other in files[index + 1 :]:
            if same_file(path, other):
                raise OutputError("output.twice", path=path)
    if not files:
        return
    wanted = {_resolved(path): path for path in files}
    identities = {key: path for path in files if (key := _identity(path)) is not None}
    for item in inputs:
        if item is None or is_stdout(item):
            continue
        source = Path(item)
        clash = wanted.get(_resolved(source))
        if clash is None and identities:
            identity = _identity(source)
            clash = identities.get(identity) if identity is not None else None
        if clash is not None:
            raise OutputError("output.is_input", path=clash, input=source)


@dataclass(frozen=True, slots=True)
class Pieces:
    """A text document made a piece at a time (`make()` yields the pieces), written as it is
    made: a million-row CSV is never held as one string."""

    make: Callable[[], Iterator[str]]

    def __str__(self) -> str:
        return "".join(self.make())


def write_file(path: Path, data: str | bytes | Pieces) -> None:
    """Write `data` to `path` atomically (text as UTF-8).

    Raises `OutputError` when the system refuses the write (a full disk, a folder that
    disappeared meanwhile): an existing file is then left as it was.
    """
    from kompetens.files.fileio import write_atomic_bytes

    try:
        if isinstance(data, Pieces):
            write_atomic_bytes(path, (piece.encode("utf-8") for piece in data.make()))
        else:
            write_atomic_bytes(path, data.encode("utf-8") if isinstance(data, str) else data)
    except OSError as exc:
        raise OutputError("output.failed", path=path, reason=exc.strerror or str(exc)) from exc


__all__ = [
    "STDOUT",
    "SUFFIX_FORMATS",
    "Output",
    "OutputError",
    "format_of",
    "is_stdout",
    "is_taken",
    "plan_output",
    "refuse_existing",
    "refuse_existing_many",
    "refuse_inputs",
    "same_file",
    "write_file",
]
