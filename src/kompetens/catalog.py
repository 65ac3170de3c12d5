"""The built-in frameworks and templates that ship inside the package.

In a wheel they live in `kompetens/frameworks` and `kompetens/templates`; in a source
checkout (editable install, tests) they live at the top of the repository. Both are found
here so that no other module needs to know the difference.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

FRAMEWORK_SUFFIXES = (".yaml", ".yml")
DEFAULT_FRAMEWORK = "sote-client-work"


def resource_dir(name: str) -> Path:
    """`frameworks`, `templates` or `schemas`, wherever this installation keeps them."""
    packaged = Path(str(resources.files("kompetens"))) / name
    if packaged.is_dir():
        return packaged
    checkout = Path(__file__).resolve().parents[2] / name
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(f"kompetens is installed without its {name}/ directory")


def builtin_frameworks() -> dict[str, Path]:
    """Built-in framework ids (the file stem, which equals the framework's id) → file."""
    directory = resource_dir("frameworks")
    return {
        path.stem: path for path in sorted(directory.iterdir()) if path.suffix in FRAMEWORK_SUFFIXES
    }


class UnknownFrameworkError(LookupError):
    def __init__(self, spec: str, known: list[str]) -> None:
        self.spec = spec
        self.known = known
        super().__init__(
            f"'{spec}' is neither a file nor a built-in framework (built-in: {', '.join(known)})"
        )


def resolve_framework(spec: str | None) -> Path:
    """A built-in id or a path to a framework file; `None` means the default framework."""
    frameworks = builtin_frameworks()
    name = spec or DEFAULT_FRAMEWORK
    if name in frameworks:
        return frameworks[name]
    path = Path(name)
    if path.exists():
        return path
    raise UnknownFrameworkError(name, sorted(frameworks))
