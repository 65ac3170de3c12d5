"""The framework document: what competence looks like, and how it is rated.

The model is strict (`1.10` must not silently become `1.1`, `no` must not become `False`)
and forbids unknown keys, because a typo in a framework file would otherwise silently drop
content that students are assessed against. Rules that need the whole document (unique ids,
references between parts) live in `kompetens.framework.checks`, so that they can all be reported at
once with positions instead of stopping at the first.
"""

from __future__ import annotations

from functools import cached_property
from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from kompetens.model.strict import FrozenModel
from kompetens.model.text import LanguageCode, LocalizedText, NonEmptyText

IDENTIFIER_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*(?:\.[a-z0-9]+(?:-[a-z0-9]+)*)*$"
Identifier = Annotated[str, StringConstraints(pattern=IDENTIFIER_PATTERN)]
"""Lowercase words joined by `-`, dotted by parent: `client-centredness.participation.3`."""

SemanticVersion = Annotated[
    str,
    StringConstraints(pattern=r"^\d+\.\d+(?:\.\d+)?(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$"),
]
"""`1.2.0` (semantic versioning) or `1.10` (major.minor); always text, never a number."""


class Source(FrozenModel):
    """Where the framework's content comes from, for attribution."""

    title: LocalizedText
    authors: str | None = None
    year: str | None = None
    url: str | None = None
    note: LocalizedText | None = None


class ScalePoint(FrozenModel):
    value: int
    label: LocalizedText
    description: LocalizedText | None = None


class CantSay(FrozenModel):
    """The "can't say" answer: recorded, shown, never counted as a number."""

    label: LocalizedText
    description: LocalizedText | None = None


class NotApplicable(FrozenModel):
    """The "does not apply to us" answer: recorded and shown apart from "can't say" (which
    means "I don't know"), and like it never counted as a number."""

    label: LocalizedText
    description: LocalizedText | None = None


class Scale(FrozenModel):
    points: list[ScalePoint] = Field(min_length=2)
    cant_say: CantSay | None = None
    not_applicable: NotApplicable | None = None

    @property
    def minimum(self) -> int:
        return min(point.value for point in self.points)

    @property
    def maximum(self) -> int:
        return max(point.value for point in self.points)

    @property
    def values(self) -> list[int]:
        return [point.value for point in self.points]


class Level(FrozenModel):
    id: Identifier
    title: LocalizedText
    description: LocalizedText | None = None
    target: float = Field(description="The rating expected at this level, on the scale.")


class Reference(FrozenModel):
    title: LocalizedText
    url: str | None = None


class Origin(FrozenModel):
    """Where an imported part comes from (a CASE item or document, a Moodle competency),
    so that an export links back to the source instead of minting new identifiers."""

    identifier: str | None = Field(
        default=None, description="The source's identifier (a CASE UUID)."
    )
    uri: str | None = Field(default=None, description="Where the source serves it.")
    code: str | None = Field(
        default=None, description="The source's own code (CASE humanCodingScheme)."
    )
    education_levels: list[str] = Field(
        default_factory=list,
        description="CASE educationLevel values that were not made into levels.",
    )


class Related(FrozenModel):
    """A statement this one corresponds to: one of this framework's statements by id, or
    one elsewhere (another CASE framework) by identifier and URI. Exported as a Moodle
    cross-reference and a CASE association."""

    kind: Literal["related", "exact-match"] = Field(
        default="related", description="CASE isRelatedTo (related) or exactMatchOf."
    )
    statement: Identifier | None = Field(
        default=None, description="A statement id of this framework."
    )
    identifier: str | None = None
    uri: str | None = None
    title: str | None = None


class Statement(FrozenModel):
    id: Identifier
    levels: list[Identifier] = Field(min_length=1)
    text: LocalizedText
    context: LocalizedText | None = Field(
        default=None,
        description="Headings the statement stands under in its source, between its "
        "sub-area and itself (kept from deeper imported frameworks).",
    )
    related: list[Related] = Field(default_factory=list)
    origin: Origin | None = None
    silence: dict[str, NonEmptyText] = Field(
        default_factory=dict,
        description="Item-writing warnings silenced for this statement: rule code → the "
        "reason the statement is fine as written.",
    )


class Component(FrozenModel):
    """A sub-area: descriptors per level, what to do about a gap, and its statements."""

    id: Identifier
    title: LocalizedText
    description: LocalizedText | None = None
    descriptors: dict[Identifier, LocalizedText] = Field(default_factory=dict)
    guidance: LocalizedText | None = None
    level_guidance: dict[Identifier, LocalizedText] = Field(
        default_factory=dict,
        description="Guidance for one level (level id → text); readers at that level see it "
        "instead of the general guidance.",
    )
    references: list[Reference] = Field(default_factory=list)
    statements: list[Statement] = Field(min_length=1)
    origin: Origin | None = None

    def statements_for(self, level: str) -> list[Statement]:
        return [s for s in self.statements if level in s.levels]

    def guidance_for(self, level: str) -> LocalizedText | None:
        """What to do about a gap at `level`: its own guidance, else the general one."""
        return self.level_guidance.get(level) or self.guidance


class Area(FrozenModel):
    id: Identifier
    title: LocalizedText
    description: LocalizedText | None = None
    components: list[Component] = Field(min_length=1)
    origin: Origin | None = None


class Completion(FrozenModel):
    """How a sub-area counts as completed from its statements, for systems that track
    completion: written as Moodle competency rules on the sub-areas."""

    rule: Literal["all", "share"] = Field(
        default="all",
        description="all: every statement proficient; share: at least `share` of them.",
    )
    share: float = Field(
        default=1.0,
        gt=0,
        le=1,
        description="With rule `share`: the part of a sub-area's statements (0–1] that must "
        "be proficient; rounded up to whole statements.",
    )
    outcome: Literal["evidence", "recommend", "complete"] = Field(
        default="evidence",
        description="What the system does when the rule is met: attach evidence, recommend "
        "the sub-area for review, or mark it complete.",
    )


class Framework(FrozenModel):
    format: Literal[1] = 1
    id: Identifier
    version: SemanticVersion
    title: LocalizedText
    description: LocalizedText | None = None
    languages: list[LanguageCode] = Field(min_length=1)
    default_language: LanguageCode
    source: Source | None = None
    licence: str | None = None
    scale: Scale
    levels: list[Level] = Field(min_length=1)
    areas: list[Area] = Field(min_length=1)
    completion: Completion | None = None
    origin: Origin | None = None

    @cached_property
    def level_ids(self) -> list[str]:
        return [level.id for level in self.levels]

    def level(self, level_id: str) -> Level:
        for level in self.levels:
            if level.id == level_id:
                return level
        raise KeyError(level_id)

    def components(self) -> list[Component]:
        return [component for area in self.areas for component in area.components]

    def statements_for(self, level: str) -> list[Statement]:
        return [s for c in self.components() for s in c.statements_for(level)]

    @cached_property
    def statement_index(self) -> dict[str, tuple[Area, Component, Statement]]:
        return {
            statement.id: (area, component, statement)
            for area in self.areas
            for component in area.components
            for statement in component.statements
        }
