"""docs/templates.md documents exactly the keys the contexts' TypedDicts have.

Each table of keys in the documentation follows a marker `<!-- contract: Name -->` (or
`Name - Base`: the keys `Name` adds to `Base`). The tests fail when a key is added to a
TypedDict but not documented, when the documentation names a key the type does not have,
and when a type a template can reach has no table at all.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any, get_args, get_type_hints, is_typeddict

import pytest

from kompetens.cohort.contract import CohortContext
from kompetens.interop.document import FrameworkDocumentContext
from kompetens.report.contract import NOT_FOR_TEMPLATES, RENDER_KEYS, ReportContext

DOC = Path(__file__).resolve().parents[1] / "docs" / "templates.md"
ROOTS: tuple[Any, ...] = (ReportContext, CohortContext, FrameworkDocumentContext)
"""What a template receives (besides the keys the renderer adds)."""
MARKER = re.compile(r"<!-- contract: (\w+)(?: - (\w+))? -->\n((?:\|.*\n)+)")
KEY_CELL = re.compile(r"^\| `(\w+)` \|")


def _reachable() -> dict[str, Any]:
    """Every TypedDict a template can reach from the roots, by name."""
    found: dict[str, Any] = {}

    def visit(hint: Any) -> None:
        if is_typeddict(hint):
            if hint.__name__ in found:
                assert found[hint.__name__] is hint, f"two types named {hint.__name__}"
                return
            found[hint.__name__] = hint
            for key, value in get_type_hints(hint).items():
                if key not in NOT_FOR_TEMPLATES:
                    visit(value)
            return
        for argument in get_args(hint):
            visit(argument)

    for root in ROOTS:
        visit(root)
    return found


TYPES = _reachable()


def _tables() -> dict[str, tuple[str | None, list[str]]]:
    """The documented tables: type name → (base name, keys in the first column)."""
    tables: dict[str, tuple[str | None, list[str]]] = {}
    for match in MARKER.finditer(DOC.read_text(encoding="utf-8")):
        name, base, table = match.groups()
        assert name not in tables, f"docs/templates.md documents {name} twice"
        rows = table.splitlines()[2:]  # header and separator
        keys = [m.group(1) for row in rows if (m := KEY_CELL.match(row))]
        assert len(keys) == len(rows), f"{name}: a row without a `key` in its first cell"
        tables[name] = (base, keys)
    return tables


TABLES = _tables()
for _name, (_base, _) in TABLES.items():
    # A base documented on its own (`CohortStats`) may be reachable only through the types
    # that extend it: TypedDicts do not keep their bases at run time, so look it up.
    if _base is not None and _base not in TYPES and _name in TYPES:
        TYPES[_base] = getattr(sys.modules[TYPES[_name].__module__], _base)


def _keys(name: str) -> set[str]:
    keys = set(get_type_hints(TYPES[name])) - set(NOT_FOR_TEMPLATES)
    return keys | set(RENDER_KEYS) if TYPES[name] is ReportContext else keys


def test_every_type_a_template_can_reach_is_documented() -> None:
    assert len(TYPES) > 40  # the walk reached the nested types, not just the roots
    assert sorted(set(TYPES) - set(TABLES)) == []
    assert sorted(set(TABLES) - set(TYPES)) == [], "tables for types no template receives"


@pytest.mark.parametrize("name", sorted(TABLES))
def test_documented_keys_are_the_types_keys(name: str) -> None:
    base, documented = TABLES[name]
    expected = _keys(name)
    if base is not None:
        assert _keys(base) <= expected, f"{name} is documented as extending {base}"
        expected -= _keys(base)
    assert len(documented) == len(set(documented)), f"{name}: a key documented twice"
    assert sorted(expected - set(documented)) == [], f"{name}: not documented"
    assert sorted(set(documented) - expected) == [], f"{name}: documented, not in the type"


def test_the_check_catches_a_missing_and_an_extra_key(tmp_path: Path) -> None:
    """The marker and table format the tests read, on a made-up table."""
    text = (
        "<!-- contract: LevelInfo -->\n| key | what |\n| --- | --- |\n"
        "| `id` | x |\n| `title` | x |\n| `colour` | x |\n"
    )
    ((name, base, table),) = MARKER.findall(text)
    keys = [m.group(1) for row in table.splitlines()[2:] if (m := KEY_CELL.match(row))]
    assert (name, base) == ("LevelInfo", "")
    assert set(keys) - _keys(name) == {"colour"}
    assert _keys(name) - set(keys) == {"description", "target"}
