"""The framework as a readable document: the plain-dict context of the md and html exports.

A curriculum wants the whole framework on paper: areas, sub-areas, what each level
expects side by side, the statements, guidance and references. The templates receive only
plain dicts, lists, strings and numbers (never pydantic objects, which a sandboxed template
could call methods on), already in the chosen language, with section numbers computed here
so that both formats number alike. Everything sits under one `framework` key: the renderer
draws report charts from top-level `areas`/`scale` keys, which a framework document has
no use for.
"""

from __future__ import annotations

from typing import Any

from kompetens.interop.texts import messages_for, pick
from kompetens.model.framework import Framework


def framework_document_context(
    framework: Framework, language: str, level: str | None = None
) -> dict[str, Any]:
    """The context for `templates/framework.{md,html}.j2` (documented in docs/designers.md).

    With `level`, only that level's descriptor, target and statements are included (a
    document for one degree programme); otherwise every level is shown side by side.
    """
    default = framework.default_language

    def text(value: dict[str, str] | None) -> str:
        return pick(value, language, default)

    levels = [framework.level(level)] if level is not None else list(framework.levels)
    level_ids = [item.id for item in levels]
    source = framework.source
    areas: list[dict[str, Any]] = []
    for a_number, area in enumerate(framework.areas, start=1):
        components: list[dict[str, Any]] = []
        for c_number, component in enumerate(area.components, start=1):
            statements = [
                {
                    "id": statement.id,
                    "text": text(statement.text),
                    "levels": [lid for lid in statement.levels if lid in level_ids],
                    "marks": [lid in statement.levels for lid in level_ids],
                }
                for statement in component.statements
                if any(lid in level_ids for lid in statement.levels)
            ]
            components.append(
                {
                    "id": component.id,
                    "number": f"{a_number}.{c_number}",
                    "title": text(component.title),
                    "description": text(component.description),
                    "descriptors": [
                        {
                            "level": item.id,
                            "title": text(item.title),
                            "text": text(component.descriptors.get(item.id)),
                        }
                        for item in levels
                    ],
                    "guidance": text(component.guidance),
                    "references": [
                        {"title": text(reference.title), "url": reference.url or ""}
                        for reference in component.references
                    ],
                    "statements": statements,
                }
            )
        areas.append(
            {
                "id": area.id,
                "number": str(a_number),
                "title": text(area.title),
                "description": text(area.description),
                "components": components,
            }
        )
    cant_say = framework.scale.cant_say
    return {
        "language": language,
        "framework": {
            "id": framework.id,
            "version": framework.version,
            "title": text(framework.title),
            "description": text(framework.description),
            "languages": list(framework.languages),
            "licence": framework.licence or "",
            "source": None
            if source is None
            else {
                "title": text(source.title),
                "authors": source.authors or "",
                "year": source.year or "",
                "url": source.url or "",
                "note": text(source.note),
            },
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
            "scale": {
                "points": [
                    {
                        "value": point.value,
                        "label": text(point.label),
                        "description": text(point.description),
                    }
                    for point in framework.scale.points
                ],
                "cant_say": None
                if cant_say is None
                else {"label": text(cant_say.label), "description": text(cant_say.description)},
            },
            "areas": areas,
        },
    }


def render_framework_document(
    framework: Framework, fmt: str, language: str, level: str | None = None
) -> str:
    """The framework as Markdown or self-contained HTML through the shared sandboxed renderer.

    Imports Jinja (through `kompetens.report`) only when called.
    """
    from kompetens.framework.catalog import resource_dir
    from kompetens.report import render_report

    if fmt not in ("md", "html"):
        raise ValueError(f"unknown document format {fmt!r}")
    template = resource_dir("templates") / f"framework.{fmt}.j2"
    context = framework_document_context(framework, language, level)
    return render_report(
        context,
        "md" if fmt == "md" else "html",
        template=template,
        messages=messages_for(language),
    )


__all__ = ["framework_document_context", "render_framework_document"]
