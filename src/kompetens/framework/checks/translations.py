"""Declared languages must be complete; a gap falls back to the default language."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from kompetens.framework.checks.finding import Finding, did_you_mean
from kompetens.framework.diagnostics import Severity
from kompetens.model.framework import Component, Framework

Loc = tuple[Any, ...]


def _component_texts(component: Component, loc: Loc) -> Iterator[tuple[Loc, dict[str, str]]]:
    yield (*loc, "title"), component.title
    if component.description:
        yield (*loc, "description"), component.description
    for level, text in component.descriptors.items():
        yield (*loc, "descriptors", level), text
    if component.guidance:
        yield (*loc, "guidance"), component.guidance
    for level, text in component.level_guidance.items():
        yield (*loc, "level_guidance", level), text
    for ri, reference in enumerate(component.references):
        yield (*loc, "references", ri, "title"), reference.title
    for si, statement in enumerate(component.statements):
        yield (*loc, "statements", si, "text"), statement.text


def iter_texts(framework: Framework) -> Iterator[tuple[Loc, dict[str, str]]]:
    """Every multilingual text in the framework with its data path."""
    yield ("title",), framework.title
    if framework.description:
        yield ("description",), framework.description
    if framework.source:
        yield ("source", "title"), framework.source.title
        if framework.source.note:
            yield ("source", "note"), framework.source.note
    for pi, point in enumerate(framework.scale.points):
        yield ("scale", "points", pi, "label"), point.label
        if point.description:
            yield ("scale", "points", pi, "description"), point.description
    if framework.scale.cant_say:
        yield ("scale", "cant_say", "label"), framework.scale.cant_say.label
        if framework.scale.cant_say.description:
            yield ("scale", "cant_say", "description"), framework.scale.cant_say.description
    if framework.scale.not_applicable:
        yield ("scale", "not_applicable", "label"), framework.scale.not_applicable.label
        if framework.scale.not_applicable.description:
            yield (
                ("scale", "not_applicable", "description"),
                framework.scale.not_applicable.description,
            )
    for li, level in enumerate(framework.levels):
        yield ("levels", li, "title"), level.title
        if level.description:
            yield ("levels", li, "description"), level.description
    for ai, area in enumerate(framework.areas):
        yield ("areas", ai, "title"), area.title
        if area.description:
            yield ("areas", ai, "description"), area.description
        for ci, component in enumerate(area.components):
            yield from _component_texts(component, ("areas", ai, "components", ci))


def check_languages(framework: Framework) -> Iterator[Finding]:
    if framework.default_language not in framework.languages:
        yield Finding(
            ("default_language",),
            "unknown-language",
            f"default language '{framework.default_language}' is not among the declared "
            f"languages ({', '.join(framework.languages)})",
        )


def check_translations(framework: Framework) -> Iterator[Finding]:
    declared = framework.languages
    for loc, text in iter_texts(framework):
        missing = [language for language in declared if language not in text]
        if missing:
            yield Finding(
                loc,
                "missing-translation",
                f"no text in {', '.join(missing)}; readers see the "
                f"'{framework.default_language}' text instead",
                Severity.WARNING,
            )
        for language in text:
            if language not in declared:
                yield Finding(
                    (*loc, language),
                    "undeclared-language",
                    f"language '{language}' is not declared in 'languages'"
                    f"{did_you_mean(language, declared)}",
                    Severity.WARNING,
                    at_key=True,
                )
