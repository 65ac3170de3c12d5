"""The framework as a readable document: the plain-dict context of the md and html exports.

A curriculum wants the whole framework on paper: areas, sub-areas, what each level
expects side by side, the statements, guidance and references. The templates receive only
plain dicts, lists, strings and numbers (never pydantic objects, which a sandboxed template
could call methods on), already in the chosen language, with section numbers computed here
so that both formats number alike. The keys are the `FrameworkDocumentContext` TypedDict
below (documented in docs/designers.md and docs/templates.md); everything sits under one
`framework` key, and the document asks for no charts.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypedDict

from kompetens.interop.texts import messages_for, pick
from kompetens.model.framework import Area, Component, Framework, Level


class DocumentStatement(TypedDict):
    id: str
    text: str
    levels: list[str]
    """The levels shown that ask this statement."""
    marks: list[bool]
    """One per level shown: whether that level asks it (the columns of a table)."""


class DocumentDescriptor(TypedDict):
    level: str
    title: str
    text: str


class DocumentReference(TypedDict):
    title: str
    url: str


class DocumentComponent(TypedDict):
    id: str
    number: str
    title: str
    description: str
    descriptors: list[DocumentDescriptor]
    guidance: str
    references: list[DocumentReference]
    statements: list[DocumentStatement]


class DocumentArea(TypedDict):
    id: str
    number: str
    title: str
    description: str
    components: list[DocumentComponent]


class DocumentSource(TypedDict):
    title: str
    authors: str
    year: str
    url: str
    note: str


class DocumentLevel(TypedDict):
    id: str
    title: str
    description: str
    target: float


class DocumentScalePoint(TypedDict):
    value: int
    label: str
    description: str


class DocumentCantSay(TypedDict):
    label: str
    description: str


class DocumentScale(TypedDict):
    points: list[DocumentScalePoint]
    cant_say: DocumentCantSay | None


class DocumentFramework(TypedDict):
    id: str
    version: str
    title: str
    description: str
    languages: list[str]
    licence: str
    source: DocumentSource | None
    only_level: str
    """The level's title when the document shows one level, else empty."""
    levels: list[DocumentLevel]
    scale: DocumentScale
    areas: list[DocumentArea]


class FrameworkDocumentContext(TypedDict):
    """What `framework.md.j2` and `framework.html.j2` receive (besides `t` and `version`)."""

    language: str
    framework: DocumentFramework


@dataclass(frozen=True)
class _Document:
    """The framework, the levels shown and the language: the steps of the context."""

    framework: Framework
    levels: list[Level]
    language: str

    def text(self, value: dict[str, str] | None) -> str:
        return pick(value, self.language, self.framework.default_language)

    def statements(self, component: Component) -> list[DocumentStatement]:
        level_ids = [item.id for item in self.levels]
        return [
            {
                "id": statement.id,
                "text": self.text(statement.text),
                "levels": [lid for lid in statement.levels if lid in level_ids],
                "marks": [lid in statement.levels for lid in level_ids],
            }
            for statement in component.statements
            if any(lid in level_ids for lid in statement.levels)
        ]

    def component(self, component: Component, number: str) -> DocumentComponent:
        text = self.text
        return {
            "id": component.id,
            "number": number,
            "title": text(component.title),
            "description": text(component.description),
            "descriptors": [
                {
                    "level": item.id,
                    "title": text(item.title),
                    "text": text(component.descriptors.get(item.id)),
                }
                for item in self.levels
            ],
            "guidance": text(component.guidance),
            "references": [
                {"title": text(reference.title), "url": reference.url or ""}
                for reference in component.references
            ],
            "statements": self.statements(component),
        }

    def area(self, area: Area, number: int) -> DocumentArea:
        return {
            "id": area.id,
            "number": str(number),
            "title": self.text(area.title),
            "description": self.text(area.description),
            "components": [
                self.component(component, f"{number}.{c_number}")
                for c_number, component in enumerate(area.components, start=1)
            ],
        }

    def source(self) -> DocumentSource | None:
        source = self.framework.source
        if source is None:
            return None
        return {
            "title": self.text(source.title),
            "authors": source.authors or "",
            "year": source.year or "",
            "url": source.url or "",
            "note": self.text(source.note),
        }

    def scale(self) -> DocumentScale:
        scale = self.framework.scale
        cant_say = scale.cant_say
        return {
            "points": [
                {
                    "value": point.value,
                    "label": self.text(point.label),
                    "description": self.text(point.description),
                }
                for point in scale.points
            ],
            "cant_say": None
            if cant_say is None
            else {
                "label": self.text(cant_say.label),
                "description": self.text(cant_say.description),
            },
        }


def framework_document_context(
    framework: Framework, language: str, level: str | None = None
) -> FrameworkDocumentContext:
    """The context for `templates/framework.{md,html}.j2` (documented in docs/designers.md).

    With `level`, only that level's descriptor, target and statements are included (a
    document for one degree programme); otherwise every level is shown side by side.
    """
    levels = [framework.level(level)] if level is not None else list(framework.levels)
    document = _Document(framework, levels, language)
    text = document.text
    return {
        "language": language,
        "framework": {
            "id": framework.id,
            "version": framework.version,
            "title": text(framework.title),
            "description": text(framework.description),
            "languages": list(framework.languages),
            "licence": framework.licence or "",
            "source": document.source(),
            "only_level": text(levels[0].title) if level is not None else "",
            "levels": [
                {
                    "id": item.id,
                    "title": text(item.title),
                    "description": text(item.description),
                    "target": item.target,
                }
                for item in levels
            ],
            "scale": document.scale(),
            "areas": [
                document.area(area, number) for number, area in enumerate(framework.areas, start=1)
            ],
        },
    }


def render_framework_document(
    framework: Framework, fmt: str, language: str, level: str | None = None
) -> str:
    """The framework as Markdown or self-contained HTML through the shared sandboxed renderer.

    Imports Jinja (through `kompetens.report`) only when called.
    """
    from kompetens.report import render_framework_document as render

    if fmt not in ("md", "html"):
        raise ValueError(f"unknown document format {fmt!r}")
    context = framework_document_context(framework, language, level)
    return render(context, "md" if fmt == "md" else "html", messages=messages_for(language))


__all__ = [
    "FrameworkDocumentContext",
    "framework_document_context",
    "render_framework_document",
]
