"""Any tree of competences (a CASE package, a Moodle framework) as a kompetens framework.

A kompetens framework has exactly three tiers, area → sub-area → statement; the frameworks
people publish have one to six. `TierChoice` says which tier of the source becomes the area
and which the sub-area (0 means "the document itself"); everything below the sub-area tier
becomes statements, and the headings between a sub-area and a statement are kept as the
statement's `context`, so that no text is lost. The default needs no option for the common
shapes: one tier gives one area and one sub-area named after the document, two tiers give
sub-areas under one area, three or more give areas from the first tier and sub-areas from
the second.

Grade or education levels (`educationLevel` in CASE) are handled by `LevelChoice`: ignored
(one level, the values kept with each statement so that an export writes them again), one
level per value, or mapped onto levels the designer names. Every choice that loses
information is reported as a warning that says what was lost.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from kompetens.interop.notices import Refused

DEFAULT_TARGET = 4
DEFAULT_SCALE_POINTS = 5
ALL_LEVELS = "all"


@dataclass
class SourceNode:
    """One item of the source tree, in the source's own terms."""

    key: str
    """Unique within the source (a CASE identifier, a Moodle ID number)."""
    text: str
    loc: tuple[Any, ...]
    """Where the item stands in the source, for messages."""
    code: str | None = None
    description: str | None = None
    education_levels: list[str] = field(default_factory=list)
    origin: dict[str, Any] | None = None
    children: list[SourceNode] = field(default_factory=list)
    statement_text: str | None = None
    """The text to use when the item becomes a statement, if not `text` (a Moodle short
    name is cut at 100 characters; its description holds the whole statement)."""

    def name(self) -> str:
        """How messages name the item: its code and the start of its text."""
        text = " ".join(self.text.split())
        short = f"“{text[:50]}{'…' if len(text) > 50 else ''}”"
        return f"{self.code} {short}" if self.code else short

    def depth(self) -> int:
        return 1 + max((child.depth() for child in self.children), default=0)


MAX_TIERS = 40
"""Deeper trees are refused: real frameworks have at most about six tiers, and a chain of
thousands of `isChildOf` links would otherwise exhaust the recursion of the tree walk."""


def too_deep(roots: list[SourceNode]) -> SourceNode | None:
    """The first node below MAX_TIERS tiers, found without recursion, or None."""
    stack = [(root, 1) for root in roots]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_TIERS:
            return node
        stack.extend((child, depth + 1) for child in node.children)
    return None


@dataclass(frozen=True, slots=True)
class TierChoice:
    """Which source tier (1 = the top items, 0 = the document) is the area and the sub-area."""

    area: int
    subarea: int

    @classmethod
    def parse(cls, text: str) -> TierChoice:
        """`--tiers 1,2` → TierChoice(1, 2). Raises Refused (a ValueError) saying why not."""
        parts = [part.strip() for part in text.split(",")]
        if len(parts) != 2 or not all(part.isdigit() for part in parts):
            raise Refused("publish.import.tiers_format", text=text)
        area, subarea = int(parts[0]), int(parts[1])
        if not (subarea > area or area == subarea == 0):
            raise Refused("publish.import.tiers_order", text=text)
        return cls(area, subarea)

    @classmethod
    def default(cls, depth: int) -> TierChoice:
        if depth >= 3:
            return cls(1, 2)
        if depth == 2:
            return cls(0, 1)
        return cls(0, 0)

    def __str__(self) -> str:
        return f"{self.area},{self.subarea}"


LEVEL_MODES = ("ignore", "per-value", "map")


@dataclass(frozen=True, slots=True)
class LevelChoice:
    """What becomes of education levels: `ignore`, `per-value`, or `map` with `mapping`."""

    mode: str = "ignore"
    mapping: tuple[tuple[str, str], ...] = ()

    @classmethod
    def parse(cls, mode: str, mapping: str | None) -> LevelChoice:
        if mode not in LEVEL_MODES:
            raise Refused("publish.import.level_mode", mode=mode, modes=", ".join(LEVEL_MODES))
        if mode == "map":
            if not mapping:
                raise Refused("publish.import.level_map_needed")
            pairs = []
            for part in mapping.split(","):
                value, sep, level = part.partition("=")
                if not sep or not value.strip() or not slug(level):
                    raise Refused("publish.import.level_map_entry", part=part)
                pairs.append((value.strip(), slug(level)))
            return cls(mode, tuple(pairs))
        if mapping:
            raise Refused("publish.import.level_map_only")
        return cls(mode)


@dataclass
class Built:
    """Framework parts made from the tree: levels, areas, and which node became which
    statement (so that associations can be turned into related statements)."""

    levels: list[dict[str, Any]]
    areas: list[dict[str, Any]]
    statement_of: dict[str, str]
    """source key → statement id."""
    part_of: dict[str, str]
    """source key → area or sub-area id (keys that did not become statements)."""


Warn = Callable[[tuple[Any, ...], str, str], None]


def slug(text: str) -> str:
    """`Client-centred work (2021)` → `client-centred-work-2021`: a valid id segment or ''."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return "-".join(re.findall(r"[a-z0-9]+", ascii_text.lower()))[:60].strip("-")


def natural_key(text: str) -> list[tuple[int, int | str]]:
    """Sort key that puts `Year 2` before `Year 10`."""
    return [
        (0, int(part)) if part.isdigit() else (1, part.lower()) for part in re.split(r"(\d+)", text)
    ]


def unique_id(identifier: str, used: set[str]) -> str:
    """`identifier`, or `identifier-2`, `-3`, … when `used` has it; the result is added."""
    candidate, counter = identifier, 2
    while candidate in used:
        candidate = f"{identifier}-{counter}"
        counter += 1
    used.add(candidate)
    return candidate


def _segment(node: SourceNode, position: int, parent_code: str | None = None) -> str:
    """An id segment from the item's code (relative to its parent's: `DC-1.a` under `DC-1`
    gives `a`), else from its text, else its position."""
    code = node.code or ""
    if parent_code and code.lower() == parent_code.lower():
        return str(position)  # an item standing in for its own parent tier
    if parent_code and code.lower().startswith(parent_code.lower() + "."):
        code = code[len(parent_code) + 1 :]
    elif parent_code and code.lower().startswith(parent_code.lower()):
        code = code[len(parent_code) :]  # `6.RP.A.3a` under `6.RP.A.3` gives `a`
    if _SEGMENT.fullmatch(code):
        return code  # already a valid id segment (a kompetens id), kept whole
    return slug(code) or slug(node.text)[:40].strip("-") or str(position)


_SEGMENT = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def _at_tier(nodes: list[SourceNode], tier: int, skipped: list[SourceNode]) -> Iterator[SourceNode]:
    """The nodes `tier - 1` levels below `nodes`; a branch that ends earlier yields its
    last node (it stands in for the missing tiers), headings passed over are collected."""
    for node in nodes:
        if tier <= 1 or not node.children:
            yield node
        else:
            skipped.append(node)
            yield from _at_tier(node.children, tier - 1, skipped)


@dataclass
class _Builder:
    language: str
    tiers: TierChoice
    levels: LevelChoice
    warn: Warn
    document_title: str
    document_description: str | None
    statement_of: dict[str, str] = field(default_factory=dict)
    part_of: dict[str, str] = field(default_factory=dict)
    level_values: list[str] = field(default_factory=list)
    ignored_values: list[str] = field(default_factory=list)
    stand_ins: int = 0
    contexts: int = 0

    def text(self, value: str) -> dict[str, str]:
        return {self.language: value}

    # -- levels ---------------------------------------------------------------------------

    def statement_levels(self, values: list[str], node: SourceNode) -> list[str]:
        if self.levels.mode == "ignore":
            for value in values:
                if value not in self.ignored_values:
                    self.ignored_values.append(value)
            return [ALL_LEVELS]
        if self.levels.mode == "per-value":
            result = [slug(value) or value for value in values]
        else:
            mapping = dict(self.levels.mapping)
            result = []
            for value in values:
                if value not in mapping:
                    raise _Unmapped(node, value)
                result.append(mapping[value])
        for level in result:
            if level not in self.level_values:
                self.level_values.append(level)
        return list(dict.fromkeys(result)) or [ALL_LEVELS]

    # -- the tree -------------------------------------------------------------------------

    def build(self, roots: list[SourceNode]) -> Built:
        skipped: list[SourceNode] = []
        if self.tiers.area == 0:
            document = SourceNode(
                "",
                self.document_title,
                (),
                description=self.document_description,
                children=roots,
            )
            area_nodes = [document]
        else:
            area_nodes = list(_at_tier(roots, self.tiers.area, skipped))
        used: set[str] = set()
        areas = []
        for position, node in enumerate(area_nodes, start=1):
            areas.append(self.area(node, position, used, skipped))
        if skipped:
            names = "; ".join(node.name() for node in skipped[:5])
            more = f" and {len(skipped) - 5} more" if len(skipped) > 5 else ""
            self.warn(
                skipped[0].loc,
                "import-headings",
                f"{len(skipped)} heading(s) above the chosen tiers ({self.tiers}) are not in "
                f"the framework: {names}{more}",
            )
        levels = self.framework_levels()
        all_ids = [level["id"] for level in levels]
        for area in areas:
            for component in area["components"]:
                stand_in = component.get("description") or component["title"]
                component["descriptors"] = {level: dict(stand_in) for level in all_ids}
                for statement in component["statements"]:
                    if statement["levels"] == [ALL_LEVELS]:
                        statement["levels"] = list(all_ids)
            area["components"] = [in_model_order(component) for component in area["components"]]
        self.report(levels)
        return Built(levels, areas, self.statement_of, self.part_of)

    def framework_levels(self) -> list[dict[str, Any]]:
        if self.levels.mode == "ignore" or not self.level_values:
            return [{"id": ALL_LEVELS, "title": self.text("All"), "target": DEFAULT_TARGET}]
        values = self.level_values
        if self.levels.mode == "per-value":
            values = sorted(values, key=natural_key)
        return [{"id": v, "title": self.text(v), "target": DEFAULT_TARGET} for v in values]

    def report(self, levels: list[dict[str, Any]]) -> None:
        if self.ignored_values:
            shown = ", ".join(sorted(self.ignored_values, key=natural_key)[:12])
            self.warn(
                (),
                "import-education-levels",
                f"educationLevel values ({shown}) were not made into levels "
                "(--education-level ignore); they are kept with each statement and exported "
                "again; use --education-level per-value or map to assess by them",
            )
        if self.contexts:
            self.warn(
                (),
                "import-context",
                f"{self.contexts} statement(s) stand deeper than the sub-area tier; the "
                "headings between (codes and titles) are kept as each statement's context",
            )
        if self.stand_ins:
            self.warn(
                (),
                "import-stand-in",
                f"{self.stand_ins} area(s) or sub-area(s) had nothing under them; each "
                "became its own sub-area or statement with the same text",
            )
        if len(levels) > 1 and self.levels.mode != "ignore":
            self.warn(
                (),
                "import-levels",
                f"{len(levels)} levels were made from educationLevel "
                f"({', '.join(level['id'] for level in levels)}); each sub-area needs "
                "statements at every level to be valid",
            )

    def area(
        self, node: SourceNode, position: int, used: set[str], skipped: list[SourceNode]
    ) -> dict[str, Any]:
        identifier = unique_id(_segment(node, position), used)
        if node.key:
            self.part_of[node.key] = identifier
        area: dict[str, Any] = {"id": identifier, "title": self.text(node.text)}
        if node.description:
            area["description"] = self.text(node.description)
        depth_below = self.tiers.subarea - self.tiers.area
        if self.tiers.subarea == 0:
            subareas = [SourceNode("", node.text, node.loc, children=node.children)]
        elif not node.children:
            self.stand_ins += 1
            subareas = [SourceNode("", node.text, node.loc, node.code, children=[node])]
        else:
            subareas = list(_at_tier(node.children, depth_below, skipped))
        used_components: set[str] = set()
        area["components"] = [
            self.component(child, c_pos, identifier, used_components, node.code)
            for c_pos, child in enumerate(subareas, start=1)
        ]
        if node.origin and (node.children or self.tiers.subarea == 0):
            # (an item standing in for all three tiers is the statement's; identifiers
            # must stay unique)
            area["origin"] = node.origin
        return area

    def component(
        self,
        node: SourceNode,
        position: int,
        area_id: str,
        used: set[str],
        parent_code: str | None,
    ) -> dict[str, Any]:
        identifier = f"{area_id}.{unique_id(_segment(node, position, parent_code), used)}"
        if node.key:
            self.part_of[node.key] = identifier
        component: dict[str, Any] = {"id": identifier, "title": self.text(node.text)}
        if node.description:
            component["description"] = self.text(node.description)
        leaves: list[tuple[SourceNode, list[SourceNode], list[str]]] = []
        if node.children:
            for child in node.children:
                self.collect(child, [], node.education_levels, leaves)
        else:
            self.stand_ins += 1
            leaves.append((node, [], node.education_levels))
        used_statements: set[str] = set()
        statements = []
        for s_pos, (leaf, context, inherited) in enumerate(leaves, start=1):
            segment = _segment(leaf, s_pos, node.code)
            statement_id = f"{identifier}.{unique_id(segment, used_statements)}"
            values = leaf.education_levels or inherited
            statement: dict[str, Any] = {
                "id": statement_id,
                "levels": self.statement_levels(values, leaf),
                "text": self.text(leaf.statement_text or leaf.text),
            }
            if context:
                self.contexts += 1
                statement["context"] = self.text(" › ".join(map(_heading, context)))
            origin = dict(leaf.origin or {})
            if self.levels.mode == "ignore" and leaf.education_levels:
                origin["education_levels"] = list(leaf.education_levels)
            if origin:
                statement["origin"] = origin
            if leaf.key:
                self.statement_of[leaf.key] = statement_id
            statements.append(statement)
        component["statements"] = statements
        if node.origin and node.children:
            component["origin"] = node.origin
        return component

    def collect(
        self,
        node: SourceNode,
        context: list[SourceNode],
        inherited: list[str],
        leaves: list[tuple[SourceNode, list[SourceNode], list[str]]],
    ) -> None:
        values = node.education_levels or inherited
        if not node.children:
            leaves.append((node, context, values))
            return
        if node.key:
            self.part_of.setdefault(node.key, "")
        for child in node.children:
            self.collect(child, [*context, node], values, leaves)


COMPONENT_KEYS = (
    "id", "title", "description", "descriptors", "guidance", "level_guidance", "references",
    "statements", "origin",
)  # fmt: skip


STATEMENT_KEYS = ("id", "levels", "text", "context", "related", "origin", "silence")


def _ordered(data: dict[str, Any], keys: tuple[str, ...]) -> dict[str, Any]:
    ordered = {key: data[key] for key in keys if key in data}
    ordered.update((key, value) for key, value in data.items() if key not in ordered)
    return ordered


def in_model_order(component: dict[str, Any]) -> dict[str, Any]:
    """A sub-area's keys (and its statements') in the model's order, so that the written
    YAML reads naturally."""
    ordered = _ordered(component, COMPONENT_KEYS)
    if isinstance(ordered.get("statements"), list):
        ordered["statements"] = [
            _ordered(statement, STATEMENT_KEYS) for statement in ordered["statements"]
        ]
    return ordered


def statements_by_id(areas: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Every statement of `areas` by its id, to add related statements to."""
    return {
        statement["id"]: statement
        for area in areas
        for component in area["components"]
        for statement in component["statements"]
    }


def tidy_areas(areas: list[dict[str, Any]]) -> None:
    """Every sub-area of `areas` in the model's order (after related statements were added)."""
    for area in areas:
        area["components"] = [in_model_order(component) for component in area["components"]]


def _heading(node: SourceNode) -> str:
    """A heading in a statement's context: `3.OA.A Represent and solve…`; a code that only
    repeats the title (`analytical-thinking` for "Analytical Thinking") is left out."""
    if node.code and slug(node.code) != slug(node.text):
        return f"{node.code} {node.text}"
    return node.text


class _Unmapped(Exception):
    def __init__(self, node: SourceNode, value: str) -> None:
        super().__init__(value)
        self.node = node
        self.value = value


def build_tree(
    roots: list[SourceNode],
    *,
    language: str,
    tiers: TierChoice | None,
    levels: LevelChoice,
    warn: Warn,
    error: Warn,
    document_title: str,
    document_description: str | None = None,
) -> Built | None:
    """Levels and areas from `roots`, or None after reporting why not through `error`."""
    deepest = too_deep(roots)
    if deepest is not None:
        error(
            deepest.loc,
            "import-too-deep",
            f"item {deepest.name()} stands more than {MAX_TIERS} tiers deep; a competence "
            "framework is not that deep (is this a chain of isChildOf links by mistake?)",
        )
        return None
    depth = max((root.depth() for root in roots), default=0)
    choice = tiers or TierChoice.default(depth)
    if choice.subarea > depth:
        error(
            (),
            "import-tiers",
            f"--tiers {choice} asks for a sub-area tier of {choice.subarea}, but the source "
            f"has {depth} tier(s)",
        )
        return None
    builder = _Builder(language, choice, levels, warn, document_title, document_description)
    try:
        return builder.build(roots)
    except _Unmapped as unmapped:
        known = ", ".join(value for value, _ in levels.mapping)
        error(
            unmapped.node.loc,
            "import-level-map",
            f"item {unmapped.node.name()} has educationLevel '{unmapped.value}', which "
            f"--level-map does not map (it maps {known})",
        )
        return None


def default_scale(language: str) -> dict[str, Any]:
    return {
        "points": [
            {"value": value, "label": {language: str(value)}}
            for value in range(1, DEFAULT_SCALE_POINTS + 1)
        ]
    }


__all__ = [
    "ALL_LEVELS",
    "DEFAULT_TARGET",
    "LEVEL_MODES",
    "MAX_TIERS",
    "Built",
    "LevelChoice",
    "SourceNode",
    "TierChoice",
    "build_tree",
    "default_scale",
    "in_model_order",
    "natural_key",
    "slug",
    "statements_by_id",
    "tidy_areas",
    "unique_id",
]
