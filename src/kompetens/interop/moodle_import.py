"""A Moodle competency-framework CSV (ours, or one Moodle exported) as framework data.

Moodle's `tool_lpimportcsv` reads the columns by position, not by header name (its own
export and its test fixture spell the header differently), takes the row with a true
"Is framework" as the framework and hangs every other row under the row whose ID number
equals its "Parent ID number". This reader does the same, but where Moodle silently drops a
row (an unknown parent, a duplicate ID number, a row with another column count) it reports
the row by line. The tree then becomes areas, sub-areas and statements like any imported
tree (`kompetens.interop.tree_import`); the scale and its proficient ratings become the
framework's scale and target.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from kompetens.framework.diagnostic_codes import IMPORT_UNREADABLE_CODES
from kompetens.framework.diagnostics import Diagnostic, Severity
from kompetens.framework.loading import read_text
from kompetens.interop.imported import ImportResult
from kompetens.interop.moodle_csv import (
    BACKSLASH_REFERENCE,
    DELIMITERS,
    HEADERS,
    OUTCOMES,
    RULE_ALL,
    RULE_POINTS,
)
from kompetens.interop.tree_import import (
    ALL_LEVELS,
    LevelChoice,
    SourceNode,
    TierChoice,
    build_tree,
    default_scale,
    slug,
    statements_by_id,
    tidy_areas,
)
from kompetens.model.framework import IDENTIFIER_PATTERN

MAX_CSV_BYTES = 20 * 1024 * 1024
COLUMNS = len(HEADERS)
_SEMVER_SUFFIX = re.compile(r"^(?P<id>.+?)-(?P<version>\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?)$")
_VERSION_IN_NAME = re.compile(r"\s*\((?P<version>\d+\.\d+(?:\.\d+)?[^)]*)\)\s*$")
_ELLIPSIS = ("…", "...")
_IDENTIFIER = re.compile(IDENTIFIER_PATTERN)
UNREADABLE_CODES = IMPORT_UNREADABLE_CODES


def _identity(idnumber: str, name: str) -> tuple[str, str, str]:
    """The framework's id, version and title from Moodle's ID number and name: ours are
    `ID-VERSION` and `Title (VERSION)`; any other gets an id made from it and 1.0.0."""
    version = "1.0.0"
    match = _SEMVER_SUFFIX.match(idnumber)
    identifier = slug(idnumber) or slug(name) or "imported"
    if match:
        identifier = slug(match["id"]) or identifier
        version = match["version"]
    in_name = _VERSION_IN_NAME.search(name)
    if in_name:
        name = name[: in_name.start()]
    return identifier, version, name


class _PlainText(HTMLParser):
    """HTML to text: paragraphs, headings and list items on lines of their own."""

    BLOCKS = frozenset({"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "ul", "ol"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self.parts.append("\n")
        elif tag in self.BLOCKS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.BLOCKS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        # In HTML a line break in the source is a space; only tags break lines.
        self.parts.append(re.sub(r"\s+", " ", data))


def plain_text(markup: str) -> str:
    """The readable text of a Moodle HTML description, blank lines between blocks."""
    parser = _PlainText()
    parser.feed(markup)
    parser.close()
    text = "".join(parser.parts)
    lines = [" ".join(line.split()) for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


_MULTILANG = re.compile(
    r'<span\s+lang="(?P<lang>[A-Za-z0-9_-]+)"\s+class="multilang"\s*>(?P<content>.*?)</span>',
    re.DOTALL,
)


def one_language(markup: str, language: str) -> str:
    """From multi-language content (`<span lang="fi" class="multilang">…`), the part in
    `language` (or the first part); other markup is returned as it is."""
    parts = {match["lang"].lower(): match["content"] for match in _MULTILANG.finditer(markup)}
    if not parts:
        return markup
    return parts.get(language, next(iter(parts.values())))


def _truthy(value: str) -> bool:
    """PHP's truthiness of a string: everything but '' and '0'."""
    return value not in ("", "0")


@dataclass
class _Row:
    line: int
    cells: list[str]

    def cell(self, index: int) -> str:
        value = self.cells[index] if index < len(self.cells) else ""
        return value.replace(BACKSLASH_REFERENCE, "\\")


@dataclass
class _Reader:
    file: str
    language: str
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def report(self, line: int, severity: Severity, code: str, message: str) -> None:
        self.diagnostics.append(
            Diagnostic(self.file, line, 1 if line else 0, severity, code, "", message)
        )

    def error(self, line: int, code: str, message: str) -> None:
        self.report(line, Severity.ERROR, code, message)

    def warn(self, line: int, code: str, message: str) -> None:
        self.report(line, Severity.WARNING, code, message)

    @property
    def failed(self) -> bool:
        return any(d.is_error for d in self.diagnostics)

    # -- CSV --------------------------------------------------------------------------------

    def rows(self, text: str, delimiter: str | None) -> list[_Row] | None:
        text = re.sub(r"\r\n?", "\n", text).strip()
        if not text:
            self.error(1, "moodle-header", "the file is empty")
            return None
        candidates = [DELIMITERS[delimiter]] if delimiter else [",", ";", "\t", ":"]
        for candidate in candidates:
            header = next(csv.reader(io.StringIO(text), delimiter=candidate), [])
            if len(header) >= COLUMNS - 2:
                break
        else:
            found = len(header)
            hint = " with --delimiter" if delimiter else ""
            self.error(
                1,
                "moodle-header",
                f"this is not a Moodle competency framework CSV{hint}: its first line has "
                f"{found} column(s), Moodle's has {COLUMNS} ({', '.join(HEADERS[:3])}, …)",
            )
            return None
        reader = csv.reader(io.StringIO(text), delimiter=candidate)
        rows: list[_Row] = []
        start = 1
        try:
            for cells in reader:
                rows.append(_Row(start, cells))
                start = reader.line_num + 1
        except csv.Error as exc:
            self.error(start, "moodle-csv", f"the CSV cannot be read here: {exc}")
            return None
        width = len(rows[0].cells)
        for row in rows[1:]:
            if len(row.cells) != width and row.cells:
                self.error(
                    row.line,
                    "moodle-columns",
                    f"this row has {len(row.cells)} columns and the header {width}; Moodle "
                    'refuses the whole file ("File format is invalid")',
                )
        return [row for row in rows[1:] if any(cell.strip() for cell in row.cells)]

    # -- the framework ------------------------------------------------------------------

    def read(
        self, text: str, delimiter: str | None, tiers: TierChoice | None, levels: LevelChoice
    ) -> ImportResult:
        rows = self.rows(text, delimiter)
        if rows is None or self.failed:
            return ImportResult(None, self.diagnostics)
        frameworks = [row for row in rows if _truthy(row.cell(12).strip())]
        if not frameworks:
            self.error(
                2,
                "moodle-framework",
                "no row has 'Is framework' set (column 13): Moodle needs one framework row",
            )
            return ImportResult(None, self.diagnostics)
        for extra in frameworks[1:]:
            self.error(
                extra.line,
                "moodle-framework",
                f"a second framework row (the first is on line {frameworks[0].line}); import "
                "one framework per file",
            )
        framework_row = frameworks[0]
        competencies = [row for row in rows if row not in frameworks]
        nodes = self.nodes(competencies)
        roots = self.tree(competencies, nodes)
        if self.failed:
            return ImportResult(None, self.diagnostics)
        return self.framework(framework_row, roots, competencies, nodes, tiers, levels)

    def nodes(self, rows: list[_Row]) -> dict[str, tuple[_Row, SourceNode]]:
        nodes: dict[str, tuple[_Row, SourceNode]] = {}
        for row in rows:
            idnumber = row.cell(1).strip()
            # Short names are plain text (Moodle strips tags from them on import).
            name = " ".join(row.cell(2).split())
            if not idnumber or not name:
                missing = "ID number" if not idnumber else "short name"
                self.warn(
                    row.line,
                    "moodle-skipped",
                    f"row without a {missing}: Moodle skips it, and so does this import",
                )
                continue
            if idnumber in nodes:
                first = nodes[idnumber][0].line
                self.error(
                    row.line,
                    "moodle-duplicate",
                    f"ID number '{idnumber}' is also on line {first}; Moodle would keep only "
                    "the last of them",
                )
                continue
            markup = row.cell(3)
            description = plain_text(one_language(markup, self.language))
            first_paragraph = description.split("\n\n")[0] if description else ""
            bare = name
            for ellipsis in _ELLIPSIS:
                bare = bare.removesuffix(ellipsis)
            full = None
            if first_paragraph and (
                " ".join(first_paragraph.split()).startswith(bare.rstrip())
                or _MULTILANG.search(markup)
            ):
                # The whole statement (a short name may be cut), in the chosen language.
                full = first_paragraph
            node = SourceNode(
                idnumber,
                name,
                (row.line,),
                code=idnumber,
                description=description or None,
                # The ID number is kept when the id made from it differs.
                origin=None if _IDENTIFIER.fullmatch(idnumber) else {"code": idnumber},
                statement_text=full,
            )
            nodes[idnumber] = (row, node)
        return nodes

    def tree(self, rows: list[_Row], nodes: dict[str, tuple[_Row, SourceNode]]) -> list[SourceNode]:
        roots: list[SourceNode] = []
        parents: dict[str, str] = {}
        for idnumber, (row, node) in nodes.items():
            parent = row.cell(0).strip()
            if not parent:
                roots.append(node)
            elif parent not in nodes:
                self.error(
                    row.line,
                    "moodle-parent",
                    f"competency '{idnumber}' has parent ID number '{parent}', which no row "
                    "has; Moodle would silently leave it out",
                )
            else:
                parents[idnumber] = parent
                nodes[parent][1].children.append(node)
        settled: set[str] = set()
        for start in parents:
            path: list[str] = []
            on_path: set[str] = set()
            current = start
            while current in parents and current not in settled and current not in on_path:
                on_path.add(current)
                path.append(current)
                current = parents[current]
            settled.update(path)
            if current in on_path:
                cycle = path[path.index(current) :]
                row = nodes[current][0]
                self.error(
                    row.line,
                    "moodle-cycle",
                    f"competency '{current}' is its own ancestor "
                    f"({' → '.join([*cycle, current])}); Moodle would leave it out",
                )
                break
        return roots

    def scale(self, row: _Row) -> tuple[dict[str, Any], float]:
        values = [value.strip() for value in row.cell(5).split(",") if value.strip()]
        if len(values) < 2:
            self.warn(
                row.line,
                "moodle-scale",
                "the framework row has no scale values; a 1–5 scale and a target of 4 were "
                "filled in",
            )
            return default_scale(self.language), 4
        points = [
            {"value": position, "label": {self.language: label}}
            for position, label in enumerate(values, start=1)
        ]
        target: float = len(values)
        try:
            config = json.loads(row.cell(6))
            proficient = [
                int(item["id"])
                for item in config[1:]
                if isinstance(item, dict) and _truthy(str(item.get("proficient", "")))
            ]
            if proficient:
                target = min(proficient)
        except (ValueError, TypeError, KeyError, IndexError):
            self.warn(
                row.line,
                "moodle-scale",
                "the scale configuration is not Moodle's JSON; the top rating is taken as "
                "the target",
            )
        return {"points": points}, target

    def framework(
        self,
        row: _Row,
        roots: list[SourceNode],
        competencies: list[_Row],
        nodes: dict[str, tuple[_Row, SourceNode]],
        tiers: TierChoice | None,
        levels: LevelChoice,
    ) -> ImportResult:
        language = self.language
        idnumber = row.cell(1).strip()
        identifier, version, name = _identity(idnumber, " ".join(plain_text(row.cell(2)).split()))
        description = plain_text(one_language(row.cell(3), language))
        built = build_tree(
            roots,
            language=language,
            tiers=tiers,
            levels=levels,
            warn=self.warn_at,
            error=self.error_at,
            document_title=name,
            document_description=description or None,
        )
        if built is None:
            return ImportResult(None, self.diagnostics)
        scale, target = self.scale(row)
        for level in built.levels:
            level["target"] = target
        self.related(competencies, nodes, built.statement_of, built.areas)
        tidy_areas(built.areas)
        completion = self.completion(competencies, nodes, built.areas, built.part_of)
        self.lost(row, competencies, nodes, built.statement_of)
        data: dict[str, Any] = {
            "format": 1,
            "id": identifier,
            "version": version,
            "title": {language: name},
        }
        if description:
            data["description"] = {language: description}
        data["languages"] = [language]
        data["default_language"] = language
        data["source"] = {
            "title": {language: name},
            "note": {language: f"Imported from the Moodle competency framework {idnumber}."},
        }
        data["scale"] = scale
        data["levels"] = built.levels
        data["areas"] = built.areas
        if completion is not None:
            data["completion"] = completion
        if built.levels[0]["id"] == ALL_LEVELS:
            self.warn(
                0,
                "moodle-levels",
                f"Moodle frameworks have no levels: one level '{ALL_LEVELS}' with the first "
                f"proficient rating ({target:g}) as its target was made; sub-area descriptors "
                "are their descriptions",
            )
        return ImportResult(data, self.diagnostics)

    def warn_at(self, loc: tuple[Any, ...], code: str, message: str) -> None:
        """`warn` for `tree_import`, whose locations start with the row's line."""
        self.warn(loc[0] if loc and isinstance(loc[0], int) else 0, code, message)

    def error_at(self, loc: tuple[Any, ...], code: str, message: str) -> None:
        self.error(loc[0] if loc and isinstance(loc[0], int) else 0, code, message)

    def lost(
        self,
        row: _Row,
        competencies: list[_Row],
        nodes: dict[str, tuple[_Row, SourceNode]],
        statement_of: dict[str, str],
    ) -> None:
        """One warning for each kind of Moodle content the framework has no place for."""
        taxonomy = row.cell(13).strip()
        if taxonomy:
            self.warn(
                row.line,
                "moodle-taxonomy",
                f"the taxonomy terms ({taxonomy}) are not kept: kompetens names its tiers "
                "area, sub-area and statement",
            )
        longer = [
            node
            for _, node in nodes.values()
            if node.key in statement_of
            and node.statement_text
            and node.description
            and node.description.strip() != node.statement_text.strip()
        ]
        if longer:
            self.warn(
                nodes[longer[0].key][0].line,
                "moodle-description-lost",
                f"{len(longer)} statement(s) have more in their description than the "
                "statement text (its first paragraph); the rest is not kept",
            )
        scales = [r for r in competencies if r.cell(5).strip()]
        if scales:
            self.warn(
                scales[0].line,
                "moodle-competency-scale",
                f"{len(scales)} competenc(ies) with a scale of their own: kompetens uses the "
                "framework's scale for every statement",
            )

    def completion(
        self,
        competencies: list[_Row],
        nodes: dict[str, tuple[_Row, SourceNode]],
        areas: list[dict[str, Any]],
        part_of: dict[str, str],
    ) -> dict[str, Any] | None:
        """The framework's completion rule, when the sub-areas all carry the same Moodle
        rule (as kompetens writes it); any other rule is reported as not kept."""
        rules = [row for row in competencies if row.cell(7).strip()]
        if not rules:
            return None
        component_ids = {c["id"] for area in areas for c in area["components"]}
        component_codes = {key for key, part in part_of.items() if part in component_ids}
        kinds = {(row.cell(7).strip(), row.cell(8).strip()) for row in rules}
        on_components = all(row.cell(1).strip() in component_codes for row in rules)
        result: dict[str, Any] | None = None
        if len(kinds) == 1 and on_components and len(rules) == len(component_codes):
            rule, outcome = next(iter(kinds))
            outcome_name = {v: k for k, v in OUTCOMES.items()}.get(outcome)
            if outcome_name is not None and rule == RULE_ALL:
                result = {"rule": "all", "outcome": outcome_name}
            elif outcome_name is not None and rule == RULE_POINTS:
                share = self.share(rules, nodes)
                if share is not None:
                    result = {"rule": "share", "share": share, "outcome": outcome_name}
        if result is None:
            self.warn(
                rules[0].line,
                "moodle-rules",
                f"{len(rules)} competency rule(s) (roll-up from children) are not kept: only "
                "one rule of the same kind on every sub-area can become the framework's "
                "completion rule",
            )
        return result

    @staticmethod
    def share(rules: list[_Row], nodes: dict[str, tuple[_Row, SourceNode]]) -> float | None:
        """The share of statements that reproduces every points rule's required points."""
        low, high = 0.0, 1.0
        for row in rules:
            try:
                config = json.loads(row.cell(9))
                points = int(config["base"]["points"])
                children = len(config["competencies"])
            except (ValueError, TypeError, KeyError):
                return None
            if children == 0 or points < 1:
                return None
            low, high = max(low, (points - 1) / children), min(high, points / children)
        if low >= high:
            return None
        return round(high, 4)

    def related(
        self,
        competencies: list[_Row],
        nodes: dict[str, tuple[_Row, SourceNode]],
        statement_of: dict[str, str],
        areas: list[dict[str, Any]],
    ) -> None:
        statements = statements_by_id(areas)
        lost = 0
        first_lost = 0
        for row in competencies:
            column = row.cell(10).strip()
            if not column:
                continue
            source = row.cell(1).strip()
            for raw in column.split(","):
                target = raw.strip().replace("%2C", ",")
                if not target:
                    continue
                if target not in nodes:
                    self.warn(
                        row.line,
                        "moodle-related",
                        f"cross-referenced ID number '{target}' is not in this file; Moodle "
                        "ignores it, and so does this import",
                    )
                    continue
                origin, destination = statement_of.get(source), statement_of.get(target)
                if origin is None or destination is None or origin == destination:
                    lost += 1
                    first_lost = first_lost or row.line
                    continue
                entry = statements[origin].setdefault("related", [])
                if not any(item.get("statement") == destination for item in entry):
                    entry.append({"statement": destination})
        if lost:
            self.warn(
                first_lost,
                "moodle-related-lost",
                f"{lost} cross-reference(s) involve a competency that became an area, a "
                "sub-area or a heading; only those between statements are kept",
            )


def import_moodle_csv(
    path: Path,
    *,
    language: str = "en",
    delimiter: str | None = None,
    tiers: TierChoice | None = None,
    levels: LevelChoice | None = None,
) -> ImportResult:
    """Framework data from the Moodle framework CSV at `path`, or the problems preventing it."""
    text, problems = read_text(path, max_bytes=MAX_CSV_BYTES)
    reader = _Reader(str(path), language)
    if text is None:
        return ImportResult(None, problems)
    return reader.read(text, delimiter, tiers, levels or LevelChoice())


__all__ = ["UNREADABLE_CODES", "import_moodle_csv", "one_language", "plain_text"]
