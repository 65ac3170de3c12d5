"""A new framework file that is valid as written and shows, in comments, what can be added.

`kompetens new` is where a curriculum designer starts, so the file it writes must pass
`kompetens validate` unchanged (a first run that prints errors teaches the wrong thing),
and must carry the `# yaml-language-server: $schema=…` line so that an editor checks and
completes every later edit. The placeholder texts are written in each chosen language
(English for languages we have no words for), so the translation check stays quiet.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from pathlib import Path

import yaml

from kompetens.model.text import LANGUAGE_PATTERN
from kompetens.text.i18n import FALLBACK, Messages
from kompetens.text.language import INTERFACE_LANGUAGES

SEGMENT = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
"""One id segment (no dots): a framework, level or area id."""
LANGUAGE = re.compile(LANGUAGE_PATTERN)
SCHEMA_FILE = "framework.schema.json"

DEFAULT_LANGUAGES = ("fi", "sv", "en")
DEFAULT_LEVELS = ("nqf6", "nqf7")
NQF_TITLED = frozenset(DEFAULT_LEVELS)
"""Levels whose titles the catalogue holds (`framework.scaffold.nqf6`)."""


class ScaffoldError(ValueError):
    """An option that cannot make a valid framework. `key` names the catalogue message (which
    says how to fix it), so the command can print it in the interface language; `str()` is
    the English text."""

    def __init__(self, key: str, **values: str) -> None:
        super().__init__(Messages(FALLBACK)(key, **values))
        self.key = key
        self.values = values


def _word(language: str, key: str, **values: str) -> str:
    """A placeholder text in `language` (English for a language without a catalogue)."""
    return Messages(language)(f"framework.scaffold.{key}", **values)


def _scalar(text: str) -> str:
    """`text` as a YAML scalar: plain when YAML reads it back unchanged, else double-quoted."""
    try:
        if yaml.safe_load(f"k: {text}") == {"k": text} and "#" not in text:
            return text
    except yaml.YAMLError:
        pass
    quoted = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{quoted}"'


def _localized(indent: int, languages: Sequence[str], make: dict[str, str]) -> str:
    pad = " " * indent
    return "".join(f"{pad}{_scalar(lang)}: {_scalar(make[lang])}\n" for lang in languages)


def _target(level: str, position: int) -> int:
    """The expected rating on the 1–5 scale, as in the built-in frameworks: 4 from NQF 6 up
    (a master's level shows in the statements asked, not in a higher target), 3 below it;
    other levels 3 and then 4, in their order."""
    match = re.fullmatch(r"nqf(\d+)", level)
    if match:
        return 4 if int(match.group(1)) >= 6 else 3
    return min(4, 3 + position)


def _level_title(level: str, language: str) -> str:
    if level in NQF_TITLED and language in INTERFACE_LANGUAGES:
        return _word(language, level)
    match = re.fullmatch(r"nqf(\d+)", level)
    name = f"NQF {match.group(1)}" if match else level
    return _word(language, "level", name=name)


def parse_list(value: str | None, default: Sequence[str], what: str) -> list[str]:
    """`sv,fi,en` → `["sv", "fi", "en"]`, refusing empty items and repeats."""
    if value is None:
        return list(default)
    items = [item.strip() for item in value.split(",")]
    if not items or any(not item for item in items):
        raise ScaffoldError("framework.scaffold.error.list", option=what, example=",".join(default))
    repeated = sorted({item for item in items if items.count(item) > 1})
    if repeated:
        raise ScaffoldError(
            "framework.scaffold.error.repeated", option=what, items=", ".join(repeated)
        )
    return items


def check_options(framework_id: str, languages: Sequence[str], levels: Sequence[str]) -> None:
    """Raise `ScaffoldError` for an id, language or level the schema would refuse."""
    if not SEGMENT.match(framework_id):
        raise ScaffoldError("framework.scaffold.error.id", id=framework_id)
    for language in languages:
        if not LANGUAGE.match(language):
            raise ScaffoldError("framework.scaffold.error.language", language=language)
    for level in levels:
        if not SEGMENT.match(level):
            raise ScaffoldError("framework.scaffold.error.level", level=level)


def schema_reference(directory: Path, explicit: str | None = None) -> tuple[str, bool]:
    """What the `$schema=` line points to for a framework file in `directory`, and whether
    the schema was found.

    `explicit` (a path or URL) wins. Otherwise the nearest `framework.schema.json` or
    `schemas/framework.schema.json` in `directory` or above it (a framework repository that
    keeps a copy, or a kompetens checkout) is named by a relative path, which works for
    everyone who clones the repository. Failing that, `framework.schema.json` beside the
    file, which `kompetens schema framework > framework.schema.json` creates.
    """
    if explicit:
        return explicit, True
    start = directory.resolve()
    for folder in (start, *start.parents):
        for candidate in (folder / SCHEMA_FILE, folder / "schemas" / SCHEMA_FILE):
            if candidate.is_file():
                return Path(os.path.relpath(candidate, start)).as_posix(), True
    return SCHEMA_FILE, False


def scaffold_framework(
    framework_id: str,
    languages: Sequence[str] = DEFAULT_LANGUAGES,
    levels: Sequence[str] = DEFAULT_LEVELS,
    schema: str = SCHEMA_FILE,
    file_name: str | None = None,
) -> str:
    """The text of a new, valid framework file with commented examples.

    `schema` is what the `$schema=` line names (see `schema_reference`); `file_name` is the
    name the file will have, for the "check every edit with" hint.
    """
    check_options(framework_id, languages, levels)
    if not languages:
        raise ScaffoldError("framework.scaffold.error.no_languages")
    if not levels:
        raise ScaffoldError("framework.scaffold.error.no_levels")
    langs = list(languages)
    level_list = ", ".join(_scalar(level) for level in levels)
    area = "first-area"
    component = f"{area}.first-sub-area"

    def words(key: str, **values: str) -> dict[str, str]:
        return {lang: _word(lang, key, **values) for lang in langs}

    out: list[str] = []
    add = out.append
    add(f"# yaml-language-server: $schema={schema}\n")
    add(f"# The {framework_id} competence framework, started with `kompetens new`.\n")
    add(f"# Check every edit with:  kompetens validate {file_name or framework_id + '.yaml'}\n")
    add("# The format is described in docs/framework-format.md; publishing and versioning in\n")
    add("# docs/designers.md. Ids are what results, exports and diffs refer to: once people have\n")
    add("# answered, change a statement's text rather than its id.\n")
    add("format: 1\n")
    add(f"id: {_scalar(framework_id)}\n")
    add('version: "0.1.0"          # semantic version: raise the major number when results of\n')
    add("                          # the new version cannot be compared (see kompetens diff)\n")
    add(f"default_language: {_scalar(langs[0])}\n")
    add(f"languages: [{', '.join(_scalar(lang) for lang in langs)}]\n")
    add("title:\n")
    add(_localized(2, langs, words("title", id=framework_id)))
    add("description:\n")
    add(_localized(2, langs, words("description")))
    add("# source:                  # where the content comes from, for attribution\n")
    add("#   title: {en: The original framework}\n")
    add('#   authors: "Who wrote it"\n')
    add('#   year: "2025"\n')
    add("#   url: https://example.org/framework\n")
    add('# licence: "CC BY 4.0"\n')
    add("\n")
    add("# The rating scale: ordered points, each with a value and a label in every language.\n")
    add("scale:\n")
    add("  points:\n")
    for value in range(1, 6):
        add(f"    - value: {value}\n")
        add("      label:\n")
        add(_localized(8, langs, words(f"scale_{value}")))
        if value == 1:
            add("      # description: {en: What choosing this answer means.}\n")
    add("  # An optional answer that is shown but never counted in averages:\n")
    add("  cant_say:\n")
    add("    label:\n")
    add(_localized(6, langs, words("cant_say")))
    add("\n")
    add("# Levels (e.g. degree levels) and the rating expected at each, on the scale above.\n")
    add("levels:\n")
    for position, level in enumerate(levels):
        add(f"  - id: {_scalar(level)}\n")
        add("    title:\n")
        add(_localized(6, langs, {lang: _level_title(level, lang) for lang in langs}))
        add("    # description: {en: What a person at this level is expected to manage.}\n")
        add(f"    target: {_target(level, position)}\n")
    add("\n")
    add("# Areas contain sub-areas (components), which contain self-assessment statements.\n")
    add("# A sub-area's id starts with its area's id, a statement's with its sub-area's.\n")
    add("areas:\n")
    add(f"  - id: {area}\n")
    add("    title:\n")
    add(_localized(6, langs, words("area")))
    add("    description:\n")
    add(_localized(6, langs, words("area_description")))
    add("    components:\n")
    add(f"      - id: {component}\n")
    add("        title:\n")
    add(_localized(10, langs, words("component")))
    add("        description:\n")
    add(_localized(10, langs, words("component_description")))
    add("        # What is expected at each level: one descriptor per level.\n")
    add("        descriptors:\n")
    for level in levels:
        add(f"          {_scalar(level)}:\n")
        add(_localized(12, langs, words("descriptor")))
    add("        # What to do about a gap; shown in the report of anyone below the target.\n")
    add("        guidance:\n")
    add(_localized(10, langs, words("guidance")))
    add("        # references:\n")
    add("        #   - title: {en: Act on the Status and Rights of Patients (785/1992)}\n")
    add("        #     url: https://www.finlex.fi/en/\n")
    add("        statements:\n")
    add(f"          - id: {component}.1\n")
    add(f"            levels: [{level_list}]\n")
    add("            text:\n")
    add(_localized(14, langs, words("statement_all")))
    add(f"          - id: {component}.2\n")
    add(f"            levels: [{_scalar(levels[-1])}]          # asked at this level only\n")
    add("            text:\n")
    add(_localized(14, langs, words("statement_top")))
    add(f"      # - id: {area}.second-sub-area\n")
    add("      #   title: {en: Second sub-area}\n")
    add("      #   descriptors: {" + ", ".join(f"{lv}: {{en: …}}" for lv in levels) + "}\n")
    add("      #   statements:\n")
    add(f"      #     - id: {area}.second-sub-area.1\n")
    add(f"      #       levels: [{', '.join(levels)}]\n")
    add("      #       text: {en: I can …}\n")
    return "".join(out)


__all__ = [
    "DEFAULT_LANGUAGES",
    "DEFAULT_LEVELS",
    "SCHEMA_FILE",
    "ScaffoldError",
    "check_options",
    "parse_list",
    "scaffold_framework",
    "schema_reference",
]
