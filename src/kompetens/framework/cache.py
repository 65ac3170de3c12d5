"""The built-in frameworks, read once per installation rather than once per run.

Reading a built-in framework means parsing 130 kB of YAML with positions and validating it
(about 20 ms, plus 15 ms to import the YAML reader), on every `score`, `report` or
`assess`. The validated model is the same every time as long as neither the file nor the
code that reads it changes, so it is kept, as the model's own JSON, in the user's cache
folder under a key made of:

* the SHA-256 of the framework file's bytes;
* the versions of kompetens, pydantic and pydantic-core;
* the size and modification time of every module of `kompetens.model` and
  `kompetens.framework` (the model and the rules that read and check it), so an upgrade
  or an edited checkout never sees an entry written by other code.

An entry is read back with the same pydantic model (`Framework.model_validate_json`), so
what a run gets is a validated `Framework` equal to the one the YAML gives; an entry is
written only for a framework that loads without a single diagnostic and whose JSON
validates back to an equal model. A missing, unreadable or invalid entry simply means
reading the YAML (and writing the entry again); a cache folder that cannot be written
means reading the YAML every time. Entries are written atomically (`files.fileio`). Each
framework file keeps its `KEPT` most recently used entries: two installations of different
versions sharing one cache folder (a venv per course, say) each keep theirs, while an
upgrade's or an edit's old entries go as new ones come.

Only the files of the built-in catalogue are kept: a user's own framework is read as
written, every time, with its diagnostics. `KOMPETENS_CACHE_DIR` names another folder;
set to an empty value, it turns the cache off.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kompetens.framework.diagnostics import Diagnostic
    from kompetens.model.framework import Framework

CACHE_ENV = "KOMPETENS_CACHE_DIR"
FORMAT = "framework-json-1"
"""Changes when the way entries are written changes."""

_KEY = re.compile(r"[0-9a-f]{64}")
KEPT = 3
"""Entries kept per framework file (the most recently used)."""
_PACKAGE = Path(__file__).resolve().parents[1]
_CODE = ("model", "framework")


def cache_dir() -> Path | None:
    """Where entries are kept: `KOMPETENS_CACHE_DIR`, else the platform's user cache
    folder; None when the cache is turned off."""
    configured = os.environ.get(CACHE_ENV)
    if configured is not None:
        return Path(configured) if configured.strip() else None
    try:
        if sys.platform == "win32":
            base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
            return Path(base) / "kompetens" / "Cache"
        if sys.platform == "darwin":
            return Path.home() / "Library" / "Caches" / "kompetens"
        xdg = os.environ.get("XDG_CACHE_HOME")
        base = xdg if xdg and Path(xdg).is_absolute() else str(Path.home() / ".cache")
    except (RuntimeError, KeyError):  # no home folder to be found: no cache
        return None
    return Path(base) / "kompetens"


def _code_stamp() -> bytes:
    """Size and modification time of every module that defines or checks the model."""
    parts: list[str] = []
    for package in _CODE:
        for path in sorted((_PACKAGE / package).rglob("*.py")):
            stat = path.stat()
            parts.append(f"{path.relative_to(_PACKAGE)}:{stat.st_size}:{stat.st_mtime_ns}")
    return "\n".join(parts).encode()


def entry_key(content: bytes) -> str:
    """The key of a framework file's entry (see the module text)."""
    import pydantic
    import pydantic_core

    from kompetens import __version__

    digest = hashlib.sha256()
    for part in (FORMAT, __version__, pydantic.VERSION, pydantic_core.__version__):
        digest.update(part.encode() + b"\0")
    digest.update(_code_stamp() + b"\0")
    digest.update(hashlib.sha256(content).digest())
    return digest.hexdigest()


def _is_builtin(path: Path) -> bool:
    from kompetens.framework.catalog import resource_dir

    try:
        folder = resource_dir("frameworks").resolve()
        return path.resolve().is_relative_to(folder)
    except (OSError, FileNotFoundError):
        return False


def load_builtin_framework(path: Path) -> tuple[Framework | None, list[Diagnostic]]:
    """`validation.load_framework(path)`, through the cache when `path` is built in."""
    folder = cache_dir()
    if folder is None or not _is_builtin(path):
        return _load(path)
    try:
        content = path.read_bytes()
    except OSError:
        return _load(path)
    entry = folder / f"framework-{path.stem}-{entry_key(content)}.json"
    cached = _read_entry(entry)
    if cached is not None:
        with contextlib.suppress(OSError):
            os.utime(entry)  # used now: the last to go (`_remove_older`)
        return cached, []
    framework, diagnostics = _load(path)
    if framework is not None and not diagnostics and _write_entry(entry, framework):
        _remove_older(entry, path.stem)
    return framework, diagnostics


def _load(path: Path) -> tuple[Framework | None, list[Diagnostic]]:
    from kompetens.framework.validation import load_framework

    return load_framework(path)


def _read_entry(entry: Path) -> Framework | None:
    from pydantic import ValidationError

    from kompetens.model.framework import Framework

    try:
        data = entry.read_bytes()
    except OSError:
        return None
    try:
        return Framework.model_validate_json(data)
    except (ValidationError, ValueError):
        return None


def _write_entry(entry: Path, framework: Framework) -> bool:
    """Keep `framework` as `entry`; False when it cannot be kept."""
    from kompetens.files.fileio import write_atomic_bytes

    # Only the fields the file sets: read back, the model knows the same fields as set.
    data = framework.model_dump_json(exclude_unset=True).encode("utf-8")
    again = type(framework).model_validate_json(data)
    if again != framework or again.model_dump(exclude_unset=True) != framework.model_dump(
        exclude_unset=True
    ):
        return False  # a model that does not survive its own JSON is not kept
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        write_atomic_bytes(entry, data)
    except OSError:
        return False
    return True


def _remove_older(entry: Path, stem: str) -> None:
    """The entries of the same framework file beyond the `KEPT` most recently used: after
    an upgrade or an edit they are never read again, so the folder keeps a few per file."""
    prefix = f"framework-{stem}-"
    found: list[tuple[int, Path]] = []
    for other in entry.parent.glob(f"{prefix}*.json"):
        key = other.name.removeprefix(prefix).removesuffix(".json")
        # `sote-client-work-` also begins the entries of `sote-client-work-1.0.0`
        if other != entry and _KEY.fullmatch(key):
            with contextlib.suppress(OSError):
                found.append((other.stat().st_mtime_ns, other))
    found.sort(reverse=True)
    for _, older in found[KEPT - 1 :]:
        with contextlib.suppress(OSError):
            older.unlink()
