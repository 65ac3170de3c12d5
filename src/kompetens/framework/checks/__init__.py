"""Semantic rules for frameworks, beyond what the schema can say.

One module per family of rules, each rule a generator of `Finding`s that carry a data path;
`run_checks` turns them into positioned diagnostics. Rules read the validated model only,
so they never have to cope with malformed data.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from kompetens.framework.checks.finding import Finding
from kompetens.framework.checks.ids import check_id_prefixes, check_unique_ids
from kompetens.framework.checks.levels import (
    check_descriptors,
    check_level_coverage,
    check_level_guidance,
    check_statement_levels,
)
from kompetens.framework.checks.related import check_related
from kompetens.framework.checks.scale import check_scale, check_targets
from kompetens.framework.checks.translations import check_languages, check_translations
from kompetens.model.framework import Framework

Rule = Callable[[Framework], Iterator[Finding]]

RULES: tuple[Rule, ...] = (
    check_languages,
    check_unique_ids,
    check_id_prefixes,
    check_scale,
    check_targets,
    check_statement_levels,
    check_descriptors,
    check_level_guidance,
    check_level_coverage,
    check_related,
    check_translations,
)


def run_checks(framework: Framework) -> list[Finding]:
    return [finding for rule in RULES for finding in rule(framework)]


__all__ = ["RULES", "Finding", "run_checks"]
