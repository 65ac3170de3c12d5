"""A package written by kompetens after a tool dropped its `extensions`.

Some CASE tools keep only the standard fields. What kompetens put there is still enough
for one language: the rubrics hold the levels (titles, descriptions, targets), the scale
and the descriptors, the document notes end with `kompetens: ID VERSION`, and the notes of
each sub-area hold its description, guidance and references under headings in the
export's language. This module recognises such a package and rebuilds the framework.
"""

from __future__ import annotations

import re
from typing import Any

from kompetens.interop.case_fields import (
    education_levels,
    link_id,
    source_and_licence,
    stripped_text,
)
from kompetens.interop.case_foreign import package_language, source_node
from kompetens.interop.case_package import CaseNode, Findings, Package
from kompetens.interop.case_related import keep_related
from kompetens.interop.case_vocabulary import NOTES_MARK, case_uuid
from kompetens.interop.texts import every_language_word, messages_for
from kompetens.interop.tree_import import (
    LevelChoice,
    TierChoice,
    build_tree,
    default_scale,
    in_model_order,
    natural_key,
    slug,
    tidy_areas,
)
from kompetens.model.framework import IDENTIFIER_PATTERN

_IDENTIFIER = re.compile(IDENTIFIER_PATTERN)
_MARK = re.compile(rf"^{re.escape(NOTES_MARK)} (?P<id>\S+) (?P<version>\S+)\s*$", re.MULTILINE)
_TARGET_WORDS = "|".join(re.escape(word) for word in every_language_word("doc.target"))
_TARGET = re.compile(rf"(?:\n\n|^)(?:{_TARGET_WORDS}): (?P<target>\d+(?:\.\d+)?)\s*$")


def our_mark(cf_document: dict[str, Any], raw: dict[str, Any]) -> tuple[str, str] | None:
    """(framework id, version) when a package without extensions was written by kompetens:
    the notes end with `kompetens: ID VERSION`, and the document or a rubric has the
    identifier kompetens derives from that id."""
    notes = cf_document.get("notes")
    if not isinstance(notes, str):
        return None
    matches = list(_MARK.finditer(notes))
    if not matches:
        return None
    framework_id, version = matches[-1]["id"], matches[-1]["version"]
    if not _IDENTIFIER.match(framework_id):
        return None
    if cf_document.get("identifier") == case_uuid(framework_id, "document"):
        return framework_id, version
    # A document that kept its source's identifier: one of our rubrics must match.
    items = raw.get("CFItems")
    items = items if isinstance(items, list) else []
    values = {v for item in items if isinstance(item, dict) for v in education_levels(item)}
    derived = {case_uuid(framework_id, "rubric", value) for value in values}
    rubrics = raw.get("CFRubrics")
    rubrics = rubrics if isinstance(rubrics, list) else []
    if any(isinstance(r, dict) and r.get("identifier") in derived for r in rubrics):
        return framework_id, version
    return None


class _Rubrics:
    """The levels, descriptors and scale that our rubrics carry (one rubric per level)."""

    def __init__(self, findings: Findings, framework_id: str, language: str) -> None:
        self.findings = findings
        self.framework_id = framework_id
        self.language = language
        self.levels: list[dict[str, Any]] = []
        self.descriptors: dict[str, dict[str, dict[str, str]]] = {}
        self.scale: dict[str, Any] | None = None

    def read(self, raw: dict[str, Any], nodes: dict[str, CaseNode], values: list[str]) -> None:
        rubrics = [r for r in raw.get("CFRubrics") or [] if isinstance(r, dict)]
        for index, rubric in enumerate(rubrics):
            level_id = self.level(index, rubric, values)
            for criterion in rubric.get("CFRubricCriteria") or []:
                if isinstance(criterion, dict):
                    self.criterion(criterion, level_id, nodes)

    def level(self, index: int, rubric: dict[str, Any], values: list[str]) -> str:
        """The level one rubric describes (appended to `levels`), and its id."""
        level_id = (
            next(
                (
                    v
                    for v in values
                    if case_uuid(self.framework_id, "rubric", v) == rubric.get("identifier")
                ),
                None,
            )
            or slug(str(rubric.get("title", "")))
            or f"level-{index + 1}"
        )
        description, target = _rubric_target(rubric.get("description"))
        level: dict[str, Any] = {
            "id": level_id,
            "title": {self.language: str(rubric.get("title") or level_id)},
        }
        if description:
            level["description"] = {self.language: description}
        if target is None:
            self.findings.warn(
                ("CFRubrics", index),
                "case-target",
                f"rubric {level_id} names no target; 4 was filled in",
            )
        level["target"] = target if target is not None else 4
        self.levels.append(level)
        return level_id

    def criterion(
        self, criterion: dict[str, Any], level_id: str, nodes: dict[str, CaseNode]
    ) -> None:
        """A sub-area's descriptor for the level; the scale, from the first criterion
        whose levels make one."""
        item = link_id(criterion.get("CFItemURI"))
        text = criterion.get("description")
        if item and isinstance(text, str):
            self.descriptors.setdefault(item, {})[level_id] = {self.language: text}
        if self.scale is None:
            component_of = {case_uuid(self.framework_id, "item", c): c for c in _item_keys(nodes)}
            component = component_of.get(item or "", "")
            unscored = {
                case_uuid(self.framework_id, "criterion-level", f"{level_id}/{component}/{k}"): k
                for k in ("cant-say", "not-applicable")
            }
            self.scale = _rubric_scale(criterion, self.language, unscored)


def import_stripped(
    findings: Findings, package: Package, framework_id: str, version: str
) -> dict[str, Any] | None:
    """Our package after a tool dropped `extensions`: the rubrics still hold the levels
    (titles, descriptions, targets), the scale and the descriptors, the notes the
    framework id, guidance, references and statement context."""
    cf_document, nodes = package.cf_document, package.nodes
    language = package_language(findings, package)
    values = sorted(
        {value for node in nodes.values() for value in education_levels(node.data)},
        key=natural_key,
    )
    rubrics = _Rubrics(findings, framework_id, language)
    rubrics.read(package.raw, nodes, values)
    built = build_tree(
        [source_node(root) for root in package.roots],
        language=language,
        tiers=TierChoice(1, 2),
        levels=LevelChoice("map", tuple((value, value) for value in values)),
        warn=findings.warn,
        error=findings.error,
        document_title=str(cf_document.get("title", "")),
    )
    if built is None:
        return None
    by_id = {node.identifier: node for node in nodes.values()}
    for area in built.areas:
        _restore_area(area, by_id, framework_id, language, rubrics)
    data = _document_data(cf_document, framework_id, version, language)
    data["scale"] = rubrics.scale or default_scale(language)
    data["levels"] = rubrics.levels or built.levels
    data["areas"] = built.areas
    keep_related(findings, package.raw, nodes, built.statement_of, built.areas)
    tidy_areas(built.areas)
    findings.warn(
        ("CFDocument",),
        "case-stripped",
        f"this package was written by kompetens ({framework_id} {version}) but has lost "
        f"its extensions; it was rebuilt from the standard fields in '{language}' only: "
        "other languages and the completion rule are lost, and the source is one line "
        "of text",
    )
    return data


def _restore_area(
    area: dict[str, Any],
    by_id: dict[str, CaseNode],
    framework_id: str,
    language: str,
    rubrics: _Rubrics,
) -> None:
    """An area as we wrote it: no origin (the identifiers are ours), the sub-areas' texts
    parsed from their notes, their descriptors from the rubrics."""
    words = messages_for(language)
    area.pop("origin", None)
    for component in area["components"]:
        component.pop("origin", None)
        component.pop("description", None)  # the composed notes, parsed below
        identifier = case_uuid(framework_id, "item", component["id"])
        component.update(_component_notes(by_id.get(identifier), words, language, rubrics.levels))
        component["descriptors"] = rubrics.descriptors.get(identifier, {})
        for statement in component["statements"]:
            statement.pop("origin", None)
            node = by_id.get(case_uuid(framework_id, "item", statement["id"]))
            notes = stripped_text(node.data.get("notes")) if node else None
            if notes:
                statement["context"] = {language: notes}
    area["components"] = [in_model_order(c) for c in area["components"]]


def _document_data(
    cf_document: dict[str, Any], framework_id: str, version: str, language: str
) -> dict[str, Any]:
    data: dict[str, Any] = {"format": 1, "id": framework_id, "version": version}
    data["title"] = {language: str(cf_document.get("title", framework_id))}
    description = stripped_text(cf_document.get("description"))
    if description:
        data["description"] = {language: description}
    data["languages"] = [language]
    data["default_language"] = language
    citation = _document_citation(cf_document.get("notes"))
    source = source_and_licence(cf_document, language, citation or "")
    if citation is None:
        source.pop("source", None)
    elif source["source"].get("authors") == framework_id:
        del source["source"]["authors"]
    data.update(source)
    return data


def _document_citation(notes: Any) -> str | None:
    """The source citation that precedes the `kompetens:` line in our document notes."""
    if not isinstance(notes, str):
        return None
    text = _MARK.sub("", notes).strip()
    return text or None


def _rubric_target(description: Any) -> tuple[str, float | None]:
    """A rubric description split into the level's description and its target."""
    if not isinstance(description, str):
        return "", None
    match = _TARGET.search(description)
    if match is None:
        return description.strip(), None
    return description[: match.start()].strip(), float(match["target"])


def _item_keys(nodes: dict[str, CaseNode]) -> list[str]:
    """The `humanCodingScheme` of every item (our ids, in a package we wrote)."""
    return [
        code
        for node in nodes.values()
        if isinstance(code := node.data.get("humanCodingScheme"), str) and code
    ]


def _rubric_scale(
    criterion: dict[str, Any], language: str, unscored: dict[str, str]
) -> dict[str, Any] | None:
    """The rating scale from a criterion's levels: scored levels are the points, a level
    without a score is "can't say" or "does not apply" (its identifier tells which)."""
    levels = [lv for lv in criterion.get("CFRubricCriterionLevels") or [] if isinstance(lv, dict)]
    levels.sort(key=lambda lv: lv["position"] if isinstance(lv.get("position"), int) else 0)
    points = []
    answers: dict[str, dict[str, Any]] = {}
    for level in levels:
        entry: dict[str, Any] = {"label": {language: str(level.get("quality", ""))}}
        if isinstance(level.get("description"), str) and level["description"]:
            entry["description"] = {language: level["description"]}
        score = level.get("score")
        if isinstance(score, int | float) and not isinstance(score, bool):
            points.append({"value": int(score) if float(score).is_integer() else score, **entry})
        else:
            kind = unscored.get(str(level.get("identifier")), "cant-say")
            answers.setdefault(kind, entry)
    if len(points) < 2:
        return None
    scale: dict[str, Any] = {"points": points}
    if "cant-say" in answers:
        scale["cant_say"] = answers["cant-say"]
    if "not-applicable" in answers:
        scale["not_applicable"] = answers["not-applicable"]
    return scale


def _component_notes(
    node: CaseNode | None, words: dict[str, str], language: str, levels: list[dict[str, Any]]
) -> dict[str, Any]:
    """Description, guidance and references from the notes our export composes for a
    sub-area (paragraphs; guidance and references introduced by their headings)."""
    notes = node.data.get("notes") if node is not None else None
    if not isinstance(notes, str) or not notes.strip():
        return {}
    result: dict[str, Any] = {}
    description = []
    guidance_mark = f"{words['doc.guidance']}: "
    references_mark = f"{words['doc.references']}: "
    level_marks = {
        f"{words['doc.guidance']} – {level['title'][language]}: ": level["id"] for level in levels
    }
    for part in notes.split("\n\n"):
        level_mark = next((mark for mark in level_marks if part.startswith(mark)), None)
        if level_mark is not None:
            result.setdefault("level_guidance", {})[level_marks[level_mark]] = {
                language: part[len(level_mark) :]
            }
        elif part.startswith(guidance_mark):
            result["guidance"] = {language: part[len(guidance_mark) :]}
        elif part.startswith(references_mark):
            result["references"] = _references(part[len(references_mark) :], language)
        else:
            description.append(part)
    if description:
        result["description"] = {language: "\n\n".join(description)}
    return result


def _references(text: str, language: str) -> list[dict[str, Any]]:
    """`Title <url>; Other title` as the references of a sub-area."""
    references = []
    for entry in text.split("; "):
        match = re.fullmatch(r"(?P<title>.*?)(?: <(?P<url>[^<>]+)>)?", entry, re.DOTALL)
        if match is None:
            continue
        reference: dict[str, Any] = {"title": {language: match["title"]}}
        if match["url"]:
            reference["url"] = match["url"]
        references.append(reference)
    return references


__all__ = ["import_stripped", "our_mark"]
