"""A column map: which statement a column is, and which rating a cell value is, for exports
whose headers carry no statement text (LimeSurvey with question codes, `K1[SQ001]`) or
whose answers are codes (`AO06`).

The map is YAML:

```yaml
columns:
  "K1[SQ001]": client-centredness.implementing.1
  "K1[SQ002]": client-centredness.implementing.2
values:
  AO06: cant-say
```

or CSV with the columns `kind,from,to` (`kind` is `column` or `value`). A rating is a scale
value or `cant-say`. `kompetens columns EXPORT` drafts the map from an export; lines it is
unsure of are marked for review.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from kompetens.cohort.headers import all_statements, normalise
from kompetens.framework.diagnostics import Diagnostic, Severity
from kompetens.model import Framework
from kompetens.text.i18n import Messages

CANT_SAY_WORDS = frozenset({"cant-say", "can't say", "cant say", "eos", "-", "null", "none"})


@dataclass(frozen=True)
class ColumnMap:
    """A checked map: every statement id is the framework's and every rating its scale's,
    so the table reader can trust it; `headers` lets it name the map's own spelling when a
    header is not in the export."""

    file: str
    columns: dict[str, tuple[str, int]] = field(default_factory=dict)
    """Normalised header → (statement id, line in the map)."""
    headers: dict[str, str] = field(default_factory=dict)
    """Normalised header → the header as written in the map."""
    values: dict[str, int | None] = field(default_factory=dict)
    """Cell value as written → rating (`None`: can't say)."""

    def statement_for(self, header: str) -> str | None:
        found = self.columns.get(_key(header))
        return found[0] if found else None


def _key(header: str) -> str:
    return " ".join(str(header).replace("\ufeff", "").split()).casefold()


_BAD = "bad"
"""What `_rating` gives for a target that is not a rating."""


def _rating(value: Any, framework: Framework) -> int | str | None:
    if value is None or (isinstance(value, str) and value.strip().casefold() in CANT_SAY_WORDS):
        return None
    if isinstance(value, bool):
        return _BAD
    try:
        number = int(str(value).strip())
    except ValueError:
        return _BAD
    return number if number in framework.scale.values else _BAD


class _Entry(NamedTuple):
    """One line of a map, whatever its format: the stage between reading and checking."""

    kind: str
    """`column` or `value` (anything else is reported)."""
    source: str
    """The header or cell value as written."""
    target: Any
    """The statement id or rating as written (YAML gives numbers, CSV text)."""
    line: int


@dataclass(frozen=True)
class _Problem:
    """Makes the map's diagnostics: every one names the map file and a line."""

    file: str
    messages: Messages

    def __call__(self, line: int, key: str, **values: Any) -> Diagnostic:
        return Diagnostic(
            self.file, line, 1, Severity.ERROR, "column-map", "", self.messages(key, **values)
        )


def read_column_map(
    path: Path, framework: Framework, messages: Messages
) -> tuple[ColumnMap | None, list[Diagnostic]]:
    """The map, or every problem in it (file, line, what is wrong)."""
    problem = _Problem(str(path), messages)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        return None, [problem(0, "tables.no_file")]
    except (OSError, UnicodeDecodeError):
        return None, [problem(0, "tables.map_unreadable")]
    if path.suffix.lower() == ".csv":
        entries, refused = _csv_entries(text, problem)
    else:
        entries, refused = _yaml_entries(path, problem)
    if refused:
        return None, refused
    return _checked(entries, framework, problem)


def _csv_entries(text: str, problem: _Problem) -> tuple[list[_Entry], list[Diagnostic]]:
    """The lines of a `kind,from,to` CSV map (`;` too: Excel writes it in Finland)."""
    reader = csv.reader(
        io.StringIO(text, newline=""), delimiter=";" if ";" in text.split("\n", 1)[0] else ","
    )
    header = [normalise(h) for h in next(reader, [])]
    if header[:3] != ["kind", "from", "to"]:
        return [], [problem(1, "tables.map_csv_header")]
    entries: list[_Entry] = []
    for row in reader:
        if not any(c.strip() for c in row):
            continue
        row = [*row, "", "", ""]
        entries.append(_Entry(row[0].strip().casefold(), row[1], row[2].strip(), reader.line_num))
    return entries, []


def _yaml_entries(path: Path, problem: _Problem) -> tuple[list[_Entry], list[Diagnostic]]:
    """The lines of a YAML map (`columns:` and `values:`), each with its line in the file;
    the YAML reader's own diagnostics when the file is not YAML."""
    from kompetens.framework.loading import read_document

    document = read_document(path)
    if document.diagnostics:
        return [], list(document.diagnostics)
    data = document.data
    if not isinstance(data, dict) or not set(data) <= {"columns", "values"}:
        return [], [problem(1, "tables.map_yaml_shape")]
    entries: list[_Entry] = []
    for kind, section in (("column", "columns"), ("value", "values")):
        mapping = data.get(section) or {}
        if not isinstance(mapping, dict):
            return [], [problem(document.locate((section,))[0], "tables.map_yaml_shape")]
        for source, target in mapping.items():
            entries.append(_Entry(kind, str(source), target, document.locate((section, source))[0]))
    return entries, []


@dataclass
class _Checked:
    """The map as its lines are checked one by one."""

    columns: dict[str, tuple[str, int]] = field(default_factory=dict)
    written: dict[str, str] = field(default_factory=dict)
    values: dict[str, int | None] = field(default_factory=dict)
    problems: list[Diagnostic] = field(default_factory=list)


def _checked(
    entries: list[_Entry], framework: Framework, problem: _Problem
) -> tuple[ColumnMap | None, list[Diagnostic]]:
    """Every line checked against the framework; the map only when all of them pass, so
    a half-right map never scores anything."""
    known = {s.id for s in all_statements(framework)}
    checked = _Checked()
    for entry in entries:
        if entry.kind == "column":
            _check_column(entry, known, framework, checked, problem)
        elif entry.kind == "value":
            _check_value(entry, framework, checked, problem)
        else:
            checked.problems.append(problem(entry.line, "tables.map_bad_kind", kind=entry.kind))
    checked.problems.extend(_statements_twice(checked.columns, problem))
    if checked.problems:
        return None, checked.problems
    return ColumnMap(
        problem.file, columns=checked.columns, headers=checked.written, values=checked.values
    ), []


def _check_column(
    entry: _Entry, known: set[str], framework: Framework, checked: _Checked, problem: _Problem
) -> None:
    """A `column` line: a statement of this framework, for a header not mapped before."""
    source, line = entry.source, entry.line
    statement = str(entry.target or "").strip()
    if not statement:
        checked.problems.append(problem(line, "tables.map_empty", header=source))
        return
    if statement not in known:
        checked.problems.append(
            problem(
                line, "tables.map_unknown_statement", statement=statement, framework=framework.id
            )
        )
        return
    key = _key(source)
    if key in checked.columns:
        checked.problems.append(
            problem(
                line, "tables.map_duplicate_header", header=source, first=checked.columns[key][1]
            )
        )
        return
    checked.columns[key] = (statement, line)
    checked.written[key] = source


def _check_value(entry: _Entry, framework: Framework, checked: _Checked, problem: _Problem) -> None:
    """A `value` line: a rating of the scale or "can't say"."""
    rating = _rating(entry.target, framework)
    if isinstance(rating, str):
        checked.problems.append(
            problem(
                entry.line,
                "tables.map_bad_rating",
                value=entry.source,
                rating=entry.target,
                minimum=framework.scale.minimum,
                maximum=framework.scale.maximum,
            )
        )
        return
    checked.values[entry.source] = rating


def _statements_twice(columns: dict[str, tuple[str, int]], problem: _Problem) -> list[Diagnostic]:
    """A statement mapped from two headers would count one answer twice."""
    problems: list[Diagnostic] = []
    seen: dict[str, tuple[str, int]] = {}
    for _header, (statement, line) in columns.items():
        if statement in seen:
            problems.append(
                problem(
                    line,
                    "tables.map_statement_twice",
                    statement=statement,
                    first=seen[statement][1],
                )
            )
        seen[statement] = (statement, line)
    return problems
