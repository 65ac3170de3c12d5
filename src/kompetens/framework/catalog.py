"""The built-in frameworks and templates that ship inside the package.

In a wheel they live in `kompetens/frameworks` and `kompetens/templates`; in a source
checkout (editable install, tests) they live at the top of the repository. Both are found
here so that no other module needs to know the difference.

The newest version of each built-in framework is `frameworks/ID.yaml`; every earlier
published version stays available as `frameworks/archive/ID-VERSION.yaml`, because result
files name the version they were made with and must still score and report with it.
"""

from __future__ import annotations

import re
from pathlib import Path

FRAMEWORK_SUFFIXES = (".yaml", ".yml")
DEFAULT_FRAMEWORK = "sote-client-work"
ARCHIVE = "archive"
BUILTIN_GLOSSARY = ("glossaries", "sote.yaml")
"""The glossary of the built-in frameworks' terms (a directory of its own, so that
validating `frameworks/` never mistakes it for a framework)."""
VERSION_SEPARATOR = "@"
"""`sote-client-work@1.0.0` names one built-in version."""

_ARCHIVED_NAME = re.compile(r"^(?P<id>[a-z0-9-]+?)-(?P<version>\d+\.\d+(?:\.\d+)?)$")
_VERSION_LINE = re.compile(r"""^version:\s*["']?([^"'\s#]+)""", re.MULTILINE)


_PACKAGE = Path(__file__).resolve().parents[1]
"""The `kompetens` package's folder: what `importlib.resources.files("kompetens")` gives
for an installed package, without importing its readers (and `zipfile`, 3 ms)."""


def resource_dir(name: str) -> Path:
    """`frameworks`, `templates` or `schemas`, wherever this installation keeps them."""
    packaged = _PACKAGE / name
    if packaged.is_dir():
        return packaged
    checkout = Path(__file__).resolve().parents[3] / name
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(f"kompetens is installed without its {name}/ directory")


def builtin_frameworks() -> dict[str, Path]:
    """Built-in framework ids (the file stem, which equals the framework's id) → the file
    of the newest version."""
    directory = resource_dir("frameworks")
    return {
        path.stem: path
        for path in sorted(directory.iterdir())
        if path.is_file() and path.suffix in FRAMEWORK_SUFFIXES
    }


def archived_frameworks() -> dict[tuple[str, str], Path]:
    """(framework id, version) → file, for the earlier versions kept in the archive."""
    directory = resource_dir("frameworks") / ARCHIVE
    if not directory.is_dir():
        return {}
    found: dict[tuple[str, str], Path] = {}
    for path in sorted(directory.iterdir()):
        match = _ARCHIVED_NAME.match(path.stem)
        if path.is_file() and path.suffix in FRAMEWORK_SUFFIXES and match:
            found[(match["id"], match["version"])] = path
    return found


def declared_version(path: Path) -> str | None:
    """The `version:` a framework file declares, read without loading the whole file."""
    match = _VERSION_LINE.search(path.read_text(encoding="utf-8"))
    return match[1] if match else None


def builtin_version(framework_id: str, version: str | None) -> Path | None:
    """The file of one built-in framework at `version`: the archived copy when that
    version is archived, else the newest file (whose version the caller compares)."""
    if version is not None:
        archived = archived_frameworks().get((framework_id, version))
        if archived is not None:
            return archived
    return builtin_frameworks().get(framework_id)


def builtin_spec_for(framework_id: str, version: str | None) -> str:
    """How to name the built-in that a result names: `ID@VERSION` when that version is
    archived, else `ID` (the newest version)."""
    if version is not None and (framework_id, version) in archived_frameworks():
        return f"{framework_id}{VERSION_SEPARATOR}{version}"
    return framework_id


def known_specs() -> list[str]:
    """Every name `resolve_framework` accepts for a built-in: `ID` and `ID@VERSION`."""
    return [
        *sorted(builtin_frameworks()),
        *(f"{fid}{VERSION_SEPARATOR}{version}" for fid, version in sorted(archived_frameworks())),
    ]


class UnknownFrameworkError(LookupError):
    def __init__(self, spec: str, known: list[str]) -> None:
        self.spec = spec
        self.known = known
        super().__init__(
            f"'{spec}' is neither a file nor a built-in framework (built-in: {', '.join(known)})"
        )


def resolve_framework(spec: str | None) -> Path:
    """A built-in id (newest version), `ID@VERSION` (one built-in version) or a path to a
    framework file; `None` means the default framework."""
    frameworks = builtin_frameworks()
    name = spec or DEFAULT_FRAMEWORK
    if name in frameworks:
        return frameworks[name]
    path = Path(name)
    if path.exists():
        return path
    if VERSION_SEPARATOR in name:
        framework_id, _, version = name.partition(VERSION_SEPARATOR)
        archived = archived_frameworks().get((framework_id, version))
        if archived is not None:
            return archived
        newest = frameworks.get(framework_id)
        if newest is not None and declared_version(newest) == version:
            return newest
    raise UnknownFrameworkError(name, known_specs())
