r"""The competency-framework CSV that Moodle's `tool_lpimportcsv` imports.

Moodle reads the file by column position (the header is only shown in its mapping form),
builds the tree by matching each row's "Parent ID number" to another row's "ID number",
silently shortens ID numbers and short names to 100 characters and drops any row whose
parent is not found. So this writer does the shortening itself (keeping ID numbers unique
and parents matching), writes the columns in exactly the order of
`framework_importer::list_required_headers()`, and mirrors what Moodle's own exporter writes
in the columns we have no use for. Source: moodle/moodle admin/tool/lpimportcsv
(classes/framework_importer.php, classes/framework_exporter.php, lang/en).

The tree is area (taxonomy "domain") → sub-area ("competency") → statement ("indicator").
Descriptions are HTML (Moodle's description format 1) with every framework text escaped,
so text that happens to contain `<b>` shows as typed.

Moodle reads the file with PHP's `fgetcsv`, whose escape character is a backslash: a `\`
just before a `"` inside a quoted field hides that quote, so the row gains or loses a
column. No backslash may therefore stand before a quote or at the end of a cell; such a
backslash is written as the HTML character reference `&#92;`, which Moodle shows as `\`
(descriptions are HTML, and short names go through `format_string`, which keeps
character references).
"""

from __future__ import annotations

import csv
import hashlib
import html
import io
import json
import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import partial

from kompetens.interop.texts import messages_for, pick
from kompetens.model.framework import Area, Completion, Component, Framework, Level, Statement

HEADERS: tuple[str, ...] = (
    "Parent ID number",
    "ID number",
    "Short name",
    "Description",
    "Description format",
    "Scale values",
    "Scale configuration",
    "Rule type (optional)",
    "Rule outcome (optional)",
    "Rule config (optional)",
    "Cross-referenced competency ID numbers",
    "Exported ID (optional)",
    "Is framework",
    "Taxonomy",
)
"""Moodle's `list_required_headers()` with the English strings of `tool_lpimportcsv`."""

MAX_LENGTH = 100
"""Moodle's importer runs `shorten_text(…, 100)` on ID numbers and short names."""

FORMAT_HTML = "1"
TAXONOMY = ("domain", "competency", "indicator")
"""Moodle taxonomy terms for area, sub-area and statement (all in Moodle's fixed list)."""

_WHITESPACE = re.compile(r"\s+")

DELIMITERS: dict[str, str] = {"comma": ",", "semicolon": ";", "colon": ":", "tab": "\t"}
"""The delimiters of Moodle's import form (`csv_import_reader::get_delimiter_list()`)."""

LIST_SEPARATOR_DELIMITERS: dict[str, str] = {"fi": "semicolon", "sv": "semicolon"}
"""Languages whose Moodle language pack sets `listsep` to `;` (langconfig.php): for them
the import form preselects *semicolon* (`tool_lpimportcsv` form/import.php), for the
others (English among them, `listsep` `,`) *comma*."""

BACKSLASH_REFERENCE = "&#92;"
_UNSAFE_BACKSLASH = re.compile(r"\\(?=\")|\\$")


def default_delimiter(language: str) -> str:
    """The delimiter name Moodle's import form preselects for a user of `language`."""
    return LIST_SEPARATOR_DELIMITERS.get(language, "comma")


_CARRIAGE_RETURN = re.compile(r"\r\n?")


def moodle_cell(cell: str) -> str:
    """A cell as Moodle will read it back: line ends as `\\n` (Moodle turns every `\\r\\n`
    and `\\r` of the file into `\\n` before parsing) and backslashes guarded."""
    return guard_backslashes(_CARRIAGE_RETURN.sub("\n", cell))


def guard_backslashes(cell: str) -> str:
    """The cell with every backslash that PHP's `fgetcsv` would read as an escape (one
    before a `"`, or the last character, before the closing quote) written as `&#92;`."""
    return _UNSAFE_BACKSLASH.sub(BACKSLASH_REFERENCE, cell)


def _text(value: str) -> str:
    """Text content escaped for HTML (quotes need no escaping outside attributes)."""
    return html.escape(value, quote=False)


def _attr(value: str) -> str:
    return html.escape(value, quote=True)


def escape_related_id(idnumber: str) -> str:
    """One ID number for the cross-reference column, whose separator is a comma.

    Moodle's exporter writes `%2C` for a comma inside an ID number and its importer turns
    it back (`str_replace('%2C', ',', …)`) after splitting the column on commas.
    """
    return idnumber.replace(",", "%2C")


def related_column(idnumbers: Iterable[str]) -> str:
    """The "Cross-referenced competency ID numbers" cell for these related competencies."""
    return ",".join(escape_related_id(idnumber) for idnumber in idnumbers)


def short_idnumber(identifier: str) -> str:
    """An ID number of at most 100 characters that stays unique.

    Moodle would cut a longer one to 97 characters plus "...", which can make two ids equal
    and detach their children; a hash of the whole id keeps the shortened ones apart.
    """
    if len(identifier) <= MAX_LENGTH:
        return identifier
    digest = hashlib.sha1(identifier.encode("utf-8")).hexdigest()[:8]
    return f"{identifier[: MAX_LENGTH - 9]}~{digest}"


_PHP_NUMERIC = re.compile(r"^[0-9]+(?:\.[0-9]*)?(?:e[0-9]+)?$")


def moodle_idnumber(identifier: str) -> str:
    """The ID number Moodle gets for one of our ids.

    Moodle's importer finds a parent with PHP's `==`, which compares numeric strings as
    numbers (`"1.1" == "1.10"`, `"1e2" == "100"`), so an id that looks like a number is
    prefixed with `id-`; every id is then kept to 100 characters (`short_idnumber`).
    """
    if _PHP_NUMERIC.match(identifier):
        identifier = f"id-{identifier}"
    return short_idnumber(identifier)


def short_name(text: str, limit: int = MAX_LENGTH) -> str:
    """A one-line short name of at most `limit` characters, cut at a word with an ellipsis."""
    line = _WHITESPACE.sub(" ", text).strip()
    if len(line) <= limit:
        return line
    cut = line[: limit - 1]
    space = cut.rfind(" ")
    if space >= limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,.;:–-") + "…"


def scale_item(label: str) -> str:
    """A scale point label as a Moodle scale item: Moodle splits the list on commas."""
    return _WHITESPACE.sub(" ", label).strip().replace(",", ";")


def _paragraphs(text: str | None) -> str:
    """Framework text as escaped HTML paragraphs (blank lines part paragraphs)."""
    if not text:
        return ""
    blocks = [block.strip() for block in re.split(r"\n\s*\n", text) if block.strip()]
    return "".join(
        "<p>" + "<br>".join(_text(line) for line in block.splitlines()) + "</p>" for block in blocks
    )


@dataclass(frozen=True, slots=True)
class _Texts:
    framework: Framework
    language: str

    def __call__(self, text: dict[str, str] | None) -> str:
        return pick(text, self.language, self.framework.default_language)

    def each_language(self) -> list[_Texts]:
        """One `_Texts` per framework language, the chosen language first."""
        others = [code for code in self.framework.languages if code != self.language]
        return [_Texts(self.framework, code) for code in [self.language, *others]]


def multilang(parts: Sequence[tuple[str, str]]) -> str:
    """HTML for Moodle's multi-language content filter: one
    `<span lang="xx" class="multilang">…</span>` per language, side by side (the filter
    shows the reader's language, or the first span when none matches)."""
    return "".join(
        f'<span lang="{_attr(code)}" class="multilang">{content}</span>' for code, content in parts
    )


def _proficient_from(framework: Framework, level: Level | None) -> float:
    """The lowest rating that counts as proficient: the level's target, or the lowest target
    of all levels when the whole framework is exported (every level's target is then met or
    exceeded by some proficient rating, and none is stricter than its own level)."""
    if level is not None:
        return level.target
    return min(item.target for item in framework.levels)


def scale_configuration(values: Sequence[int], proficient_from: float) -> str:
    """Moodle's scale configuration JSON: the scale id first, then one entry per item.

    Item ids are 1-based positions in the scale. The default (the rating Moodle awards when
    a course or rule completes a competency) is the first proficient item. The importer
    replaces the scale id with the id of the scale it finds or creates.
    """
    proficient = [value >= proficient_from for value in values]
    default = proficient.index(True) if any(proficient) else len(values) - 1
    entries: list[dict[str, object]] = [{"scaleid": "0"}]
    for position, is_proficient in enumerate(proficient):
        entries.append(
            {
                "id": position + 1,
                "scaledefault": int(position == default),
                "proficient": int(is_proficient),
            }
        )
    return json.dumps(entries, separators=(",", ":"))


def framework_idnumber(framework: Framework, level: Level | None) -> str:
    """`sote-client-work-1.0.0` (or `…-nqf6-1.0.0` for one level).

    Moodle refuses a second framework with the same ID number and locks a framework once
    it has ratings, so each published version (and level) becomes a framework of its own.
    """
    parts = [framework.id, *([level.id] if level else []), framework.version]
    return short_idnumber("-".join(parts))


def _framework_description(framework: Framework, level: Level | None, text: _Texts) -> str:
    words = messages_for(text.language)
    parts = [_paragraphs(text(framework.description))]
    levels = [level] if level else framework.levels
    items = "".join(
        f"<li><strong>{_text(text(item.title))}</strong> "
        f"({_text(words['doc.target'])} {item.target:g})"
        + (f": {_text(text(item.description))}" if item.description else "")
        + "</li>"
        for item in levels
    )
    parts.append(f"<h4>{_text(words['doc.levels'])}</h4><ul>{items}</ul>")
    if framework.source is not None:
        source = framework.source
        cite = ", ".join(
            _text(part)
            for part in (text(source.title), source.authors or "", source.year or "")
            if part
        )
        parts.append(f"<p>{_text(words['doc.source'])}: {cite}</p>")
        parts.append(_paragraphs(text(source.note)))
    if framework.licence:
        parts.append(f"<p>{_text(words['doc.licence'])}: {_text(framework.licence)}</p>")
    return "".join(parts)


def _component_description(component: Component, levels: Sequence[Level], text: _Texts) -> str:
    words = messages_for(text.language)
    parts = [_paragraphs(text(component.description))]
    for level in levels:
        descriptor = component.descriptors.get(level.id)
        if descriptor:
            parts.append(f"<h4>{_text(text(level.title))}</h4>{_paragraphs(text(descriptor))}")
    if component.guidance:
        parts.append(
            f"<h4>{_text(words['doc.guidance'])}</h4>{_paragraphs(text(component.guidance))}"
        )
    for level in levels:
        guidance = component.level_guidance.get(level.id)
        if guidance:
            heading = f"{words['doc.guidance']} – {text(level.title)}"
            parts.append(f"<h4>{_text(heading)}</h4>{_paragraphs(text(guidance))}")
    if component.references:
        items = []
        for reference in component.references:
            title = _text(text(reference.title))
            url = reference.url or ""
            if url.lower().startswith(("http://", "https://")):
                title = f'<a href="{_attr(url)}">{title}</a>'
            elif url:
                title = f"{title} ({_text(url)})"
            items.append(f"<li>{title}</li>")
        parts.append(f"<h4>{_text(words['doc.references'])}</h4><ul>{''.join(items)}</ul>")
    return "".join(parts)


def _row(
    parent: str = "",
    idnumber: str = "",
    name: str = "",
    description: str = "",
    *,
    scale_values: str = "",
    scale_config: str = "",
    is_framework: bool = False,
    taxonomy: str = "",
    related: str = "",
) -> list[str]:
    """One row in Moodle's column order; competencies get Moodle exporter's rule columns."""
    if is_framework:
        rule_type, rule_outcome, rule_config = "", "", ""
    else:
        rule_type, rule_outcome, rule_config = "", "0", "null"
    return [
        parent,
        idnumber,
        short_name(name),
        description,
        FORMAT_HTML,
        scale_values,
        scale_config,
        rule_type,
        rule_outcome,
        rule_config,
        related,
        "",
        "1" if is_framework else "",
        taxonomy,
    ]


def moodle_rows(
    framework: Framework,
    language: str,
    level: str | None = None,
    *,
    multilingual: bool = False,
) -> list[list[str]]:
    """The header and every row: the framework, then each area, sub-area and statement.

    With `level`, only that level's statements, descriptors and target are exported (one
    Moodle framework per qualification level); without it, every statement is exported and
    its description names the levels it belongs to. With `multilingual`, every description
    holds all the framework's languages for Moodle's multi-language filter (short names and
    scale labels stay in `language`: three languages of spans do not fit in Moodle's
    100-character short names).
    """
    chosen = framework.level(level) if level is not None else None
    levels = [chosen] if chosen else list(framework.levels)
    text = _Texts(framework, language)

    def describe(build: Callable[[_Texts], str]) -> str:
        if not multilingual:
            return build(text)
        return multilang([(each.language, build(each)) for each in text.each_language()])

    framework_name = text(framework.title)
    if chosen is not None:
        framework_name = f"{framework_name} – {text(chosen.title)}"
    suffix = f" ({framework.version})"
    name = short_name(framework_name, max(MAX_LENGTH - len(suffix), 20))
    rows: list[list[str]] = [list(HEADERS)]
    rows.append(
        _row(
            "",
            framework_idnumber(framework, chosen),
            name + suffix,
            describe(partial(_framework_description, framework, chosen)),
            scale_values=",".join(
                scale_item(text(point.label)) for point in framework.scale.points
            ),
            scale_config=scale_configuration(
                framework.scale.values, _proficient_from(framework, chosen)
            ),
            is_framework=True,
            taxonomy=",".join(TAXONOMY),
        )
    )
    seen: dict[str, str] = {}
    component_ids: set[str] = set()
    exported = {
        statement.id
        for component in framework.components()
        for statement in component.statements
        if chosen is None or chosen.id in statement.levels
    }
    for area in framework.areas:
        area_id = _unique(moodle_idnumber(area.id), area.id, seen)
        rows.append(
            _row(
                "",
                area_id,
                text(area.title),
                describe(partial(_area_description, area)),
            )
        )
        for component in area.components:
            statements = (
                component.statements_for(chosen.id) if chosen else list(component.statements)
            )
            if not statements:
                continue
            component_id = _unique(moodle_idnumber(component.id), component.id, seen)
            component_ids.add(component_id)
            rows.append(
                _row(
                    area_id,
                    component_id,
                    text(component.title),
                    describe(partial(_component_description, component, levels)),
                )
            )
            for statement in statements:
                statement_id = _unique(moodle_idnumber(statement.id), statement.id, seen)
                rows.append(
                    _row(
                        component_id,
                        statement_id,
                        text(statement.text),
                        describe(partial(_statement_description, statement, chosen)),
                        related=related_column(
                            moodle_idnumber(item.statement)
                            for item in statement.related
                            if item.statement in exported
                        ),
                    )
                )
    if framework.completion is not None:
        _completion_rules(rows, component_ids, framework.completion)
    return rows


RULE_ALL = "core_competency\\competency_rule_all"
RULE_POINTS = "core_competency\\competency_rule_points"
OUTCOMES = {"evidence": "1", "complete": "2", "recommend": "3"}
"""`core_competency\\competency::OUTCOME_*`: what Moodle does when a rule is met."""


def _completion_rules(
    rows: list[list[str]], component_ids: set[str], completion: Completion
) -> None:
    """Moodle competency rules on the sub-area rows, as the framework's `completion` says.

    Every competency row gets an "Exported ID" (its position), because the importer maps
    the competency ids in a points rule's configuration through those ids
    (`competency_rule_points::migrate_config`); the rule counts each statement as one
    point and needs `ceil(share × statements)` of them.
    """
    children_of: dict[str, list[list[str]]] = {}
    for number, row in enumerate(rows[2:], start=1):
        row[11] = str(number)
        children_of.setdefault(row[0], []).append(row)
    for row in rows[2:]:
        if row[1] not in component_ids:
            continue
        children = children_of.get(row[1], [])
        row[8] = OUTCOMES[completion.outcome]
        if completion.rule == "all" or completion.share >= 1:
            row[7], row[9] = RULE_ALL, "null"
            continue
        needed = max(1, math.ceil(completion.share * len(children) - 1e-9))
        config = {
            "base": {"points": needed},
            "competencies": [
                {"id": int(child[11]), "points": 1, "required": 0} for child in children
            ],
        }
        row[7], row[9] = RULE_POINTS, json.dumps(config, separators=(",", ":"))


def _area_description(area: Area, text: _Texts) -> str:
    return _paragraphs(text(area.description))


def _statement_description(statement: Statement, chosen: Level | None, text: _Texts) -> str:
    description = _paragraphs(text(statement.text))
    if statement.context:
        # After the text: an import takes a statement's text from the first paragraph.
        description += f"<p><em>{_text(text(statement.context))}</em></p>"
    if chosen is None:
        words = messages_for(text.language)
        titles = {item.id: text(item.title) for item in text.framework.levels}
        names = ", ".join(titles.get(lid, lid) for lid in statement.levels)
        description += f"<p>{_text(words['doc.levels'])}: {_text(names)}</p>"
    return description


def _unique(idnumber: str, original: str, seen: dict[str, str]) -> str:
    """Refuse the (astronomically unlikely) case of two ids shortened to the same number."""
    other = seen.setdefault(idnumber, original)
    if other != original:
        raise ValueError(f"ids '{other}' and '{original}' both shorten to '{idnumber}'")
    return idnumber


def to_moodle_csv(
    framework: Framework,
    language: str,
    level: str | None = None,
    *,
    delimiter: str | None = None,
    multilingual: bool = False,
) -> str:
    """The CSV text (UTF-8 without a byte-order mark, `\\n` line ends, like Moodle's export).

    `delimiter` is a name from `DELIMITERS` (default: what Moodle's import form preselects
    for `language`). Fields with the delimiter, quotes or line breaks are quoted and inner
    quotes doubled, which PHP's `fgetcsv` undoes; line breaks inside descriptions survive.
    No backslash that `fgetcsv` would take for an escape reaches the file.
    """
    name = delimiter or default_delimiter(language)
    if name not in DELIMITERS:
        raise ValueError(f"unknown delimiter {name!r}; choose one of {', '.join(DELIMITERS)}")
    buffer = io.StringIO()
    writer = csv.writer(
        buffer, delimiter=DELIMITERS[name], lineterminator="\n", quoting=csv.QUOTE_MINIMAL
    )
    rows = moodle_rows(framework, language, level, multilingual=multilingual)
    writer.writerows([moodle_cell(cell) for cell in row] for row in rows)
    return buffer.getvalue()


__all__ = [
    "BACKSLASH_REFERENCE",
    "DELIMITERS",
    "HEADERS",
    "MAX_LENGTH",
    "TAXONOMY",
    "default_delimiter",
    "escape_related_id",
    "framework_idnumber",
    "guard_backslashes",
    "moodle_cell",
    "moodle_idnumber",
    "moodle_rows",
    "multilang",
    "related_column",
    "scale_configuration",
    "short_idnumber",
    "short_name",
    "to_moodle_csv",
]
