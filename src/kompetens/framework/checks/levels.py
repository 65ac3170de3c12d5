"""Every level must be fully described and assessable in every component."""

from __future__ import annotations

from collections.abc import Iterator

from kompetens.framework.checks.finding import Finding, did_you_mean
from kompetens.model.framework import Framework


def check_statement_levels(framework: Framework) -> Iterator[Finding]:
    known = framework.level_ids
    for ai, area in enumerate(framework.areas):
        for ci, component in enumerate(area.components):
            for si, statement in enumerate(component.statements):
                for li, level in enumerate(statement.levels):
                    if level in statement.levels[:li]:
                        yield Finding(
                            ("areas", ai, "components", ci, "statements", si, "levels", li),
                            "duplicate-level",
                            f"level '{level}' is listed twice",
                        )
                    elif level not in known:
                        yield Finding(
                            ("areas", ai, "components", ci, "statements", si, "levels", li),
                            "unknown-level",
                            f"unknown level '{level}'{did_you_mean(level, known)}; "
                            f"declared levels: {', '.join(known)}",
                        )


def check_descriptors(framework: Framework) -> Iterator[Finding]:
    known = framework.level_ids
    for ai, area in enumerate(framework.areas):
        for ci, component in enumerate(area.components):
            loc = ("areas", ai, "components", ci)
            for level in component.descriptors:
                if level not in known:
                    yield Finding(
                        (*loc, "descriptors", level),
                        "unknown-level",
                        f"descriptor for unknown level '{level}'{did_you_mean(level, known)}",
                        at_key=True,
                    )
            for level in known:
                if level not in component.descriptors:
                    yield Finding(
                        (*loc, "descriptors") if component.descriptors else (*loc, "id"),
                        "missing-descriptor",
                        f"component '{component.id}' has no descriptor for level '{level}'",
                        at_key=True,
                    )


def check_level_coverage(framework: Framework) -> Iterator[Finding]:
    for ai, area in enumerate(framework.areas):
        for ci, component in enumerate(area.components):
            for level in framework.level_ids:
                if not component.statements_for(level):
                    yield Finding(
                        ("areas", ai, "components", ci, "statements"),
                        "empty-level",
                        f"component '{component.id}' has no statements for level '{level}', "
                        "so it cannot be assessed at that level",
                        at_key=True,
                    )


def check_level_guidance(framework: Framework) -> Iterator[Finding]:
    """Guidance for a level the framework does not have would never be shown."""
    known = framework.level_ids
    for ai, area in enumerate(framework.areas):
        for ci, component in enumerate(area.components):
            for level in component.level_guidance:
                if level not in known:
                    yield Finding(
                        ("areas", ai, "components", ci, "level_guidance", level),
                        "unknown-level",
                        f"guidance for unknown level '{level}'{did_you_mean(level, known)}",
                        at_key=True,
                    )
