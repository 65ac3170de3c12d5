"""The layers ARCHITECTURE.md states, enforced on every import in the source tree."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "kompetens"

UI_LIBRARIES = frozenset({"typer", "click", "rich", "prompt_toolkit"})


def _stated_layers() -> dict[str, set[str]]:
    """The "may import" column of ARCHITECTURE.md's layer table, so the page and the test
    cannot drift apart."""
    text = (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| `(\w+)/` \| .* \| (.*) \|$", text, flags=re.MULTILINE)
    order = [name for name, _ in rows]
    layers: dict[str, set[str]] = {}
    for position, (name, allowed) in enumerate(rows):
        below = set(order[:position])
        if allowed.strip() == "—":
            layers[name] = set()
        elif allowed.strip() == "everything":
            layers[name] = set(order) - {name}
        elif allowed.startswith("the above except"):
            excluded = set(re.findall(r"`(\w+)`", allowed))
            layers[name] = below - excluded
        elif allowed.startswith("the above"):
            layers[name] = below
        else:
            layers[name] = set(re.findall(r"`(\w+)`", allowed))
    return layers


LAYERS = _stated_layers()


def _imports(path: Path) -> list[tuple[int, str]]:
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
        elif isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
    return found


def _package_of(path: Path) -> str:
    relative = path.relative_to(PACKAGE).parts
    return relative[0] if len(relative) > 1 else relative[0].removesuffix(".py")


SOURCES = sorted(PACKAGE.rglob("*.py"))


def test_the_page_states_every_package() -> None:
    packages = {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").exists()}
    assert packages == set(LAYERS), "ARCHITECTURE.md and src/kompetens/ list different packages"


def test_no_top_level_modules_beside_the_packages() -> None:
    loose = {p.name for p in PACKAGE.glob("*.py")} - {"__init__.py", "__main__.py"}
    assert not loose, f"put these into the package of their job: {sorted(loose)}"


def _violations(source: Path, own: str) -> list[str]:
    allowed = LAYERS[own] | {own}
    wrong = []
    for line, module in _imports(source):
        parts = module.split(".")
        if parts[0] == "kompetens" and len(parts) > 1 and parts[1] in LAYERS:
            if parts[1] not in allowed:
                wrong.append(f"line {line}: {own}/ imports {module}")
        elif parts[0] in UI_LIBRARIES and own != "cli":
            wrong.append(f"line {line}: the core imports {module}; only cli/ may")
    return wrong


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_follow_the_layers(source: Path) -> None:
    own = _package_of(source)
    if own in {"__init__", "__main__"}:
        return
    wrong = _violations(source, own)
    assert not wrong, "\n".join(wrong)


def test_the_rule_catches_upward_and_ui_imports(tmp_path: Path) -> None:
    source = tmp_path / "module.py"
    source.write_text(
        "import json\n"
        "from kompetens.framework.loading import load\n"
        "def f():\n"
        "    from kompetens.cli.app import app\n"
        "    import rich.console\n"
        "    from kompetens.cohort import collect\n",
        encoding="utf-8",
    )
    assert _violations(source, "assessment") == [
        "line 4: assessment/ imports kompetens.cli.app",
        "line 5: the core imports rich.console; only cli/ may",
        "line 6: assessment/ imports kompetens.cohort",
    ]
    assert _violations(source, "cli") == []
    assert LAYERS["model"] == set()
    assert "cohort" not in LAYERS["interop"]
