"""Which files a list of paths, folders and glob patterns names: result files and tables.

Shared by cohort scoring and `report --each`, which both take what a teacher points at:
a folder of hand-ins, a glob, or single files.
"""

from __future__ import annotations

import fnmatch
import glob
import os
from collections.abc import Iterable, Sequence
from pathlib import Path

from kompetens.framework.diagnostics import Diagnostic, Severity

RESULT_SUFFIXES = (".yaml", ".yml", ".json")
TABLE_SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx", ".ods")
_GLOB_CHARS = frozenset("*?[")
_SEPARATORS = os.sep + (os.altsep or "")


def _missing(spec: str, message: str) -> Diagnostic:
    return Diagnostic(spec, 0, 0, Severity.ERROR, "unreadable", "", message)


def _walk(directory: str, suffixes: tuple[str, ...]) -> list[str]:
    """Files below `directory` with one of `suffixes`, sorted, hidden ones skipped
    (`os.scandir`: 10,000 hand-ins are listed in milliseconds).

    Links to folders are followed, but each folder is entered once (by device and inode):
    a link back to a folder above it, or two links to the folder itself, would otherwise
    make the walk endless.
    """
    found: list[str] = []
    stack = [directory]
    entered: set[tuple[int, int]] = set()
    while stack:
        current = stack.pop()
        try:
            status = os.stat(current)  # noqa: PTH116 (fast: no Path objects)
            if (status.st_dev, status.st_ino) in entered:
                continue
            entered.add((status.st_dev, status.st_ino))
            with os.scandir(current) as entries:
                for entry in entries:
                    if entry.name.startswith("."):
                        continue
                    if entry.is_dir():
                        stack.append(entry.path)
                    elif entry.name.lower().endswith(suffixes) and entry.is_file():
                        found.append(entry.path)
        except OSError:
            continue
    return sorted(found)


def _glob(pattern: str) -> list[str]:
    """The paths a glob pattern matches; `**` walks folders with `_walk` (Python's own glob
    follows links to folders without end)."""
    if "**" not in pattern:
        return sorted(glob.glob(pattern))  # noqa: PTH207
    head = pattern.split("**", 1)[0]
    bases = sorted(glob.glob(head)) if _GLOB_CHARS & set(head) else [head or os.curdir]  # noqa: PTH207
    variants = {pattern, pattern.replace("**/", ""), pattern.replace("/**", "")}
    matches: set[str] = set()
    for base in bases:
        if not Path(base).is_dir():
            continue
        for path in _walk(base, RESULT_SUFFIXES + TABLE_SUFFIXES):
            relative = path.removeprefix(os.curdir + os.sep) if not head else path
            if any(fnmatch.fnmatchcase(relative, variant) for variant in variants):
                matches.add(path)
    return sorted(matches)


def expand_inputs(
    specs: Sequence[str], exclude: Iterable[Path] = ()
) -> tuple[list[str], list[str], list[Diagnostic]]:
    """Result files and tables named by files, directories and globs, and what is missing."""
    skip = {os.path.abspath(p) for p in exclude}  # noqa: PTH100 (no symlink lookups: fast)
    seen: set[str] = set()
    results: list[str] = []
    tables: list[str] = []
    problems: list[Diagnostic] = []

    def add(path: str, *, named: bool) -> None:
        absolute = os.path.abspath(path)  # noqa: PTH100
        if absolute in seen or absolute in skip:
            return
        seen.add(absolute)
        suffix = os.path.splitext(path)[1].lower()  # noqa: PTH122 (no Path per file: fast)
        if suffix in TABLE_SUFFIXES:
            tables.append(path)
        elif suffix in RESULT_SUFFIXES or named:
            results.append(path)

    def add_directory(directory: str) -> None:
        # Every path below a folder is the folder's path and a relative part, so the
        # absolute form is made once (`abspath` asks for the working directory each time).
        base = os.path.abspath(directory).rstrip(_SEPARATORS) + os.sep  # noqa: PTH100
        for path in _walk(directory, RESULT_SUFFIXES + TABLE_SUFFIXES):
            lower = path.lower()
            # In a folder, a .txt is a table only when it is Excel's "Unicode text" (UTF-16
            # with a byte-order mark); other .txt files are notes, not answers.
            if lower.endswith(".txt") and not _unicode_text(path):
                continue
            absolute = base + path[len(directory) :].lstrip(_SEPARATORS)
            if absolute in seen or absolute in skip:
                continue
            seen.add(absolute)
            (tables if lower.endswith(TABLE_SUFFIXES) else results).append(path)

    for spec in specs:
        if Path(spec).is_dir():
            add_directory(spec)
        elif Path(spec).exists():
            add(spec, named=True)
        elif _GLOB_CHARS & set(spec):
            matches = _glob(spec)
            if not matches:
                problems.append(_missing(spec, "no file matches this pattern"))
            for match in matches:
                if Path(match).is_dir():
                    add_directory(match)
                else:
                    add(match, named=True)
        else:
            problems.append(_missing(spec, "no such file or directory"))
    return results, tables, problems


def _unicode_text(path: str) -> bool:
    try:
        with open(path, "rb") as handle:  # noqa: PTH123
            return handle.read(2) in (b"\xff\xfe", b"\xfe\xff")
    except OSError:
        return False
