"""Ids are what results, exports and diffs refer to: they must be unique and readable."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from kompetens.framework.checks.finding import Finding
from kompetens.framework.diagnostics import format_path
from kompetens.model.framework import Framework


def iter_level_ids(framework: Framework) -> Iterator[tuple[tuple[Any, ...], str]]:
    for li, level in enumerate(framework.levels):
        yield ("levels", li, "id"), level.id


def iter_ids(framework: Framework) -> Iterator[tuple[tuple[Any, ...], str]]:
    """Ids of areas, components and statements: one namespace, since results and exports
    refer to all of them by id alone. Level ids are a namespace of their own."""
    for ai, area in enumerate(framework.areas):
        yield ("areas", ai, "id"), area.id
        for ci, component in enumerate(area.components):
            yield ("areas", ai, "components", ci, "id"), component.id
            for si, statement in enumerate(component.statements):
                yield ("areas", ai, "components", ci, "statements", si, "id"), statement.id


def check_unique_ids(framework: Framework) -> Iterator[Finding]:
    yield from _duplicates(iter_level_ids(framework))
    yield from _duplicates(iter_ids(framework))


def _duplicates(ids: Iterator[tuple[tuple[Any, ...], str]]) -> Iterator[Finding]:
    first: dict[str, tuple[Any, ...]] = {}
    for loc, identifier in ids:
        if identifier in first:
            where = format_path(first[identifier])
            yield Finding(
                loc,
                "duplicate-id",
                f"id '{identifier}' is already used at {where}",
                related=first[identifier],
            )
        else:
            first[identifier] = loc


def check_id_prefixes(framework: Framework) -> Iterator[Finding]:
    """A component id starts with its area's id, a statement id with its component's id.

    This keeps ids self-describing (`legislation-ethics.data-protection-ethics.2`) and makes
    a statement that was moved between components visible in diffs.
    """
    for ai, area in enumerate(framework.areas):
        for ci, component in enumerate(area.components):
            if not component.id.startswith(area.id + "."):
                yield Finding(
                    ("areas", ai, "components", ci, "id"),
                    "id-prefix",
                    f"component id '{component.id}' should start with its area id '{area.id}.'",
                )
            for si, statement in enumerate(component.statements):
                if not statement.id.startswith(component.id + "."):
                    yield Finding(
                        ("areas", ai, "components", ci, "statements", si, "id"),
                        "id-prefix",
                        f"statement id '{statement.id}' should start with its component id "
                        f"'{component.id}.'",
                    )
