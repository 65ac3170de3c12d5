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
from typing import Any

from kompetens.cohort.headers import all_statements, normalise
from kompetens.framework.diagnostics import Diagnostic, Severity
from kompetens.model import Framework
from kompetens.text.i18n import Messages

CANT_SAY_WORDS = frozenset({"cant-say", "can't say", "cant say", "eos", "-", "null", "none"})


@dataclass(frozen=True)
class ColumnMap:
    file: str
    columns: dict[str, tuple[str, int]] = field(default_factory=dict)
    """Normalised header → (statement id, line in the map)."""
    headers: dict[str, str] = field(default_factory=dict)
    """Normalised header → the header as written in the map."""
    values: dict[str, int | None] = field(default_factory=dict)

    def statement_for(self, header: str) -> str | None:
        found = self.columns.get(_key(header))
        return found[0] if found else None


def _key(header: str) -> str:
    return " ".join(str(header).replace("\ufeff", "").split()).casefold()


def _rating(value: Any, framework: Framework) -> int | str | None:
    if value is None or (isinstance(value, str) and value.strip().casefold() in CANT_SAY_WORDS):
        return None
    if isinstance(value, bool):
        return "bad"
    try:
        number = int(str(value).strip())
    except ValueError:
        return "bad"
    return number if number in framework.scale.values else "bad"


def read_column_map(
    path: Path, framework: Framework, messages: Messages
) -> tuple[ColumnMap | None, list[Diagnostic]]:
    """The map, or every problem in it (file, line, what is wrong)."""
    file = str(path)

    def problem(line: int, key: str, **values: Any) -> Diagnostic:
        return Diagnostic(file, line, 1, Severity.ERROR, "column-map", "", messages(key, **values))

    try:
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        return None, [problem(0, "tables.no_file")]
    except (OSError, UnicodeDecodeError):
        return None, [problem(0, "tables.map_unreadable")]
    entries: list[tuple[str, str, Any, int]] = []  # kind, from, to, line
    if path.suffix.lower() == ".csv":
        reader = csv.reader(
            io.StringIO(text, newline=""), delimiter=";" if ";" in text.split("\n", 1)[0] else ","
        )
        header = [normalise(h) for h in next(reader, [])]
        if header[:3] != ["kind", "from", "to"]:
            return None, [problem(1, "tables.map_csv_header")]
        for row in reader:
            if not any(c.strip() for c in row):
                continue
            row = [*row, "", "", ""]
            entries.append((row[0].strip().casefold(), row[1], row[2].strip(), reader.line_num))
    else:
        from kompetens.framework.loading import read_document

        document = read_document(path)
        if document.diagnostics:
            return None, list(document.diagnostics)
        data = document.data
        if not isinstance(data, dict) or not set(data) <= {"columns", "values"}:
            return None, [problem(1, "tables.map_yaml_shape")]
        for kind, section in (("column", "columns"), ("value", "values")):
            mapping = data.get(section) or {}
            if not isinstance(mapping, dict):
                return None, [problem(document.locate((section,))[0], "tables.map_yaml_shape")]
            for source, target in mapping.items():
                line = document.locate((section, source))[0]
                entries.append((kind, str(source), target, line))
    known = {s.id for s in all_statements(framework)}
    columns: dict[str, tuple[str, int]] = {}
    written: dict[str, str] = {}
    values: dict[str, int | None] = {}
    problems: list[Diagnostic] = []
    for kind, source, target, line in entries:
        if kind == "column":
            statement = str(target or "").strip()
            if not statement:
                problems.append(problem(line, "tables.map_empty", header=source))
                continue
            if statement not in known:
                problems.append(
                    problem(
                        line,
                        "tables.map_unknown_statement",
                        statement=statement,
                        framework=framework.id,
                    )
                )
                continue
            key = _key(source)
            if key in columns:
                problems.append(
                    problem(
                        line, "tables.map_duplicate_header", header=source, first=columns[key][1]
                    )
                )
                continue
            columns[key] = (statement, line)
            written[key] = source
        elif kind == "value":
            rating = _rating(target, framework)
            if rating == "bad":
                problems.append(
                    problem(
                        line,
                        "tables.map_bad_rating",
                        value=source,
                        rating=target,
                        minimum=framework.scale.minimum,
                        maximum=framework.scale.maximum,
                    )
                )
                continue
            values[source] = rating  # type: ignore[assignment]
        else:
            problems.append(problem(line, "tables.map_bad_kind", kind=kind))
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
    if problems:
        return None, problems
    return ColumnMap(file, columns=columns, headers=written, values=values), []
