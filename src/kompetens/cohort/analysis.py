"""Cohort statistics: where the cohort stands, per area, sub-area and statement.

Input is the scored, deduplicated `Collection`; output is plain data (dicts, lists, numbers,
strings; the contract is `analysis_types.CohortAnalysis`), ready for JSON, the report
templates and the terminal summary. Nothing here reads files or prints. Every respondent's
means are one matrix (`columns.EntryColumns`), and the statistics are computed on it and on the
code matrix, equal to the list-based formulas of `stats` to the last bit.

* Per area, sub-area and overall (from each respondent's means, as in the student report):
  n with a mean, mean, sd, median, quartiles, min/max, gap to target, and the shares that
  meet the target / are developing / are a priority (`scoring.status_for`), plus the
  distribution of all ratings given to its statements over the scale points.
* Per statement: n rated, mean, sd, "can't say" count and share (of those who answered the
  statement at all), distribution, corrected item–total correlation within its area.
* Per area: Cronbach's alpha with a Feldt confidence interval, over the respondents who
  rated every statement of the area.
* Groups (`--by`): the same means per group, with any statistic computed from fewer than
  `min_group` respondents suppressed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from kompetens.cohort.agreement import agreement
from kompetens.cohort.analysis_types import (
    AreaBlock,
    CohortAnalysis,
    ComponentBlock,
    Distribution,
    Group,
    GroupComparison,
    GroupStatistic,
    QualityNote,
    ReliabilityBlock,
    StatementBlock,
    SummaryBlock,
    SuppressedStatistic,
)
from kompetens.cohort.collect import Collection
from kompetens.cohort.column_stats import column_statistics, summary_block
from kompetens.cohort.columns import EntryColumns, widths
from kompetens.cohort.privacy import withhold_small_groups
from kompetens.cohort.records import CANT_SAY, UNANSWERED, Entry, paused_gc
from kompetens.cohort.respondents import RespondentTable, RowMaker, by_gap, support_of
from kompetens.cohort.stats import (
    Reliability,
)

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

LOW_ITEM_TOTAL = 0.2
LOW_ALPHA = 0.7
HIGH_CANT_SAY = 0.2
ITEM_STATS_MIN = 50
"""Fewest respondents for item statistics (item–total r) and "check the wording" notes.

The notes flag r < 0.2 where a working statement has r around 0.5. With n respondents the
sampling error of r is about 1/√(n − 3) on Fisher's z scale: at n = 50 a statement whose
true r is 0.5 falls below 0.2 by chance in about 1 % of samples — under one false flag
among the 44 statements of the built-in framework — while at n = 20 it is 9 %, four false
flags. The "can't say" share note waits for the same n: at n = 50 a share of 20 % has a
standard error of under 6 points. Below it the table shows "–" and no note is written."""
TOP_SUPPORT = 10
FURTHEST = 5


def _distribution(
    counters: Sequence[Counter[int]], values: Sequence[int], minimum: int
) -> Distribution:
    total: Counter[int] = Counter()
    for counter in counters:
        total.update(counter)
    return {
        "counts": {str(value): total.get(value - minimum + 1, 0) for value in values},
        "cant_say": total.get(CANT_SAY, 0),
        "unanswered": total.get(UNANSWERED, 0),
    }


def _statement_block(
    statement_id: str, counter: Counter[int], values: Sequence[int], minimum: int
) -> StatementBlock:
    shift = minimum - 1
    rated = [(code + shift, count) for code, count in counter.items() if 0 < code < CANT_SAY]
    n = sum(count for _, count in rated)
    cant_say = counter.get(CANT_SAY, 0)
    mean = sd = None
    if n:
        mean = sum(v * c for v, c in rated) / n
        if n >= 2:
            sd = (sum(c * (v - mean) ** 2 for v, c in rated) / (n - 1)) ** 0.5
    answered_at_all = n + cant_say
    return {
        "id": statement_id,
        "n": n,
        "mean": mean,
        "sd": sd,
        "cant_say": cant_say,
        "cant_say_share": cant_say / answered_at_all if answered_at_all else None,
        "unanswered": counter.get(UNANSWERED, 0),
        "distribution": _distribution([counter], values, minimum),
        "item_total": None,
    }


def _layout(collection: Collection) -> list[tuple[str, list[tuple[str, int, int]]]]:
    """Areas → components with their statement slice [start, end) in the codes."""
    position = 0
    areas: list[tuple[str, list[tuple[str, int, int]]]] = []
    for area_id, components in collection.plan.areas:
        spans: list[tuple[str, int, int]] = []
        for component_id, statement_ids in components:
            spans.append((component_id, position, position + len(statement_ids)))
            position += len(statement_ids)
        areas.append((area_id, spans))
    return areas


@dataclass(frozen=True)
class _Options:
    """How `analyse` was asked to run."""

    by: Sequence[str]
    min_group: int
    display: Callable[[Entry], str]
    pseudonymised: bool
    top: int
    respondent_rows: bool
    item_stats_min: int


def analyse(
    collection: Collection,
    *,
    by: Sequence[str] = (),
    min_group: int = 5,
    display: Callable[[Entry], str] = lambda e: e.respondent or "?",
    pseudonymised: bool = False,
    top: int = TOP_SUPPORT,
    respondent_rows: bool = True,
    item_stats_min: int = ITEM_STATS_MIN,
) -> CohortAnalysis:
    """Cohort statistics (`analysis_types.CohortAnalysis`). `respondent_rows=False` leaves out `analysis["respondents"]` (a
    dict per respondent, which only `--json` prints); `analysis["respondent_table"]` holds
    the same rows as columns, for `--csv` (`respondents`)."""
    options = _Options(
        tuple(by), min_group, display, pseudonymised, top, respondent_rows, item_stats_min
    )
    with paused_gc():
        return _analyse(collection, options)


def _analyse(collection: Collection, options: _Options) -> CohortAnalysis:
    framework = collection.framework
    plan = collection.plan
    target = plan.target
    values = framework.scale.values
    area_layout = _layout(collection)
    entries = EntryColumns.of(collection.entries, *widths(plan))
    means = entries.means
    overall, statements, areas = _areas(
        collection, entries.codes, area_layout, means, options.item_stats_min
    )
    all_components = [c for a in areas for c in a["components"]]
    behind = [(gap, c["id"]) for c in all_components if (gap := c["gap"]) is not None]
    furthest = [component_id for gap, component_id in sorted(behind, key=by_gap) if gap > 0][
        :FURTHEST
    ]

    component_ids = tuple(c["id"] for c in all_components)
    area_ids = tuple(a["id"] for a in areas)
    row = RowMaker(component_ids, area_ids, target, options.display, options.pseudonymised)
    cohort_means = {
        **{c["id"]: c["mean"] for c in all_components},
        **{a["id"]: a["mean"] for a in areas},
        "overall": overall["mean"],
    }
    groups = [
        _groups(
            column, entries, means, options.min_group, target, component_ids, area_ids, cohort_means
        )
        for column in options.by
    ]
    support = (
        None if options.pseudonymised else support_of(entries, means, row, target, options.top)
    )
    analysis: CohortAnalysis = {
        "framework": {"id": framework.id, "version": framework.version},
        "level": collection.level,
        "target": target,
        "scale": {
            "min": framework.scale.minimum,
            "max": framework.scale.maximum,
            "values": values,
        },
        "n": len(entries),
        "overall": overall,
        "areas": areas,
        "furthest": furthest,
        "groups": groups,
        "min_group": options.min_group,
        "item_stats_min": options.item_stats_min,
        "support": support,
        "quality": _quality(collection, areas, statements, overall, groups, options.item_stats_min),
        "agreement": agreement(collection, options.min_group),
        "respondent_table": RespondentTable(
            entries,
            means,
            component_ids,
            area_ids,
            target,
            options.display,
            options.pseudonymised,
        ),
    }
    if options.respondent_rows:
        analysis["respondents"] = [row(entry) for entry in entries]
    labels = _group_labels(groups)
    withhold_small_groups(analysis, pseudonymised=options.pseudonymised)
    withheld = _withheld(groups, labels)
    if withheld:  # the CSV leaves out the same labels
        analysis["respondent_table"] = replace(analysis["respondent_table"], withheld=withheld)
    return analysis


def _areas(
    collection: Collection,
    matrix: NDArray[np.uint8],
    area_layout: Sequence[tuple[str, list[tuple[str, int, int]]]],
    means: NDArray[np.float64],
    item_stats_min: int,
) -> tuple[SummaryBlock, list[StatementBlock], list[AreaBlock]]:
    """The overall block, the statements' blocks and the areas' blocks (with their
    sub-areas), from the code matrix (a row per respondent) and the means."""
    framework = collection.framework
    minimum = framework.scale.minimum
    values = framework.scale.values
    possible = [UNANSWERED, CANT_SAY, *(value - minimum + 1 for value in values)]
    area_spans = [(spans[0][1], spans[-1][2]) for _, spans in area_layout]
    found = column_statistics(matrix, means, area_spans, collection.plan.target, possible)
    counters = found.counters
    statements = [
        _statement_block(sid, counters[i], values, minimum)
        for i, sid in enumerate(collection.plan.statement_ids)
    ]
    component_count = sum(len(spans) for _, spans in area_layout)
    areas: list[AreaBlock] = []
    component_index = 0
    for area_number, (area_id, spans) in enumerate(area_layout):
        start, end = spans[0][1], spans[-1][2]
        rel = found.reliabilities[area_number]
        if rel.n >= item_stats_min:
            for offset, correlation in enumerate(rel.item_total):
                statements[start + offset]["item_total"] = correlation
        components: list[ComponentBlock] = []
        for component_id, c_start, c_end in spans:
            components.append(
                {
                    "id": component_id,
                    **found.summaries[component_index],
                    "distribution": _distribution(counters[c_start:c_end], values, minimum),
                    "statements": statements[c_start:c_end],
                }
            )
            component_index += 1
        areas.append(
            {
                "id": area_id,
                **found.summaries[component_count + area_number],
                "distribution": _distribution(counters[start:end], values, minimum),
                "reliability": _reliability_block(rel),
                "components": components,
            }
        )
    return found.summaries[-1], statements, areas


def _reliability_block(rel: Reliability) -> ReliabilityBlock:
    return {
        "n": rel.n,
        "k": rel.k,
        "alpha": rel.alpha,
        "ci_low": rel.ci[0] if rel.ci else None,
        "ci_high": rel.ci[1] if rel.ci else None,
        "confidence": 0.95,
        "method": "Feldt, Woodruff & Salih (1987)",
    }


def _group_labels(groups: Sequence[GroupComparison]) -> list[list[str]]:
    """Each group comparison's labels, before `withhold_small_groups` may blank some."""
    return [[group["value"] for group in comparison["groups"]] for comparison in groups]


def _withheld(
    groups: Sequence[GroupComparison], labels: Sequence[Sequence[str]]
) -> dict[str, frozenset[str]]:
    """The labels `withhold_small_groups` left out, by group column."""
    withheld: dict[str, frozenset[str]] = {}
    for comparison, before in zip(groups, labels, strict=True):
        hidden = frozenset(
            label
            for group, label in zip(comparison["groups"], before, strict=True)
            if group.get("withheld")
        )
        if hidden:
            withheld[comparison["column"]] = hidden
    return withheld


def _groups(
    column: str,
    entries: EntryColumns,
    means: NDArray[np.float64],
    min_group: int,
    target: float,
    component_ids: Sequence[str],
    area_ids: Sequence[str],
    cohort_means: dict[str, float | None],
) -> GroupComparison:
    import numpy as np

    buckets: dict[str, list[int]] = {}
    for index, value in enumerate(entries.group(column)):
        buckets.setdefault(value, []).append(index)
    result: list[Group] = []
    count = len(component_ids)
    for value in sorted(buckets, key=lambda v: (v == "", v.casefold())):
        members = means[np.asarray(buckets[value], dtype=np.intp)]
        n = len(members)
        group: Group = {"value": value, "n": n, "suppressed": n < min_group}
        if n >= min_group:

            def block(
                index: int, key: str, members: NDArray[np.float64] = members
            ) -> GroupStatistic | SuppressedStatistic:
                data = summary_block(members[:, index], len(members), target)
                if data["n"] < min_group:
                    return {"n": data["n"], "suppressed": True}
                mean, reference = data["mean"], cohort_means.get(key)
                diff = None if mean is None or reference is None else mean - reference
                return {**data, "diff": diff, "suppressed": False}

            group["overall"] = block(count + len(area_ids), "overall")
            group["areas"] = {a: block(count + i, a) for i, a in enumerate(area_ids)}
            group["components"] = {c: block(i, c) for i, c in enumerate(component_ids)}
        result.append(group)
    return {"column": column, "groups": result}


def _quality(
    collection: Collection,
    areas: Sequence[AreaBlock],
    statements: Sequence[StatementBlock],
    overall: SummaryBlock,
    groups: Sequence[GroupComparison],
    item_stats_min: int = ITEM_STATS_MIN,
) -> list[QualityNote]:
    """Data-quality findings as codes with parameters (the report words them)."""
    notes: list[QualityNote] = []
    reasons = Counter(d.code for d in collection.rejected)
    for code, count in sorted(reasons.items()):
        notes.append({"code": "rejected", "reason": code, "count": count})
    if overall["not_assessable"]:
        notes.append({"code": "not-assessable", "count": overall["not_assessable"]})
    for statement in statements:
        share = statement["cant_say_share"]
        answered = statement["n"] + statement["cant_say"]
        if share is not None and share >= HIGH_CANT_SAY and answered >= item_stats_min:
            notes.append({"code": "cant-say", "statement": statement["id"], "share": share})
        correlation = statement["item_total"]
        if correlation is not None and correlation < LOW_ITEM_TOTAL:
            notes.append({"code": "low-item-total", "statement": statement["id"], "r": correlation})
    for area in areas:
        rel = area["reliability"]
        if rel["alpha"] is None:
            notes.append({"code": "no-alpha", "area": area["id"], "n": rel["n"]})
        elif rel["alpha"] < LOW_ALPHA:
            notes.append({"code": "low-alpha", "area": area["id"], "alpha": rel["alpha"]})
    for comparison in groups:
        hidden = [g for g in comparison["groups"] if g["suppressed"]]
        if hidden:
            notes.append(
                {"code": "suppressed", "column": comparison["column"], "count": len(hidden)}
            )
    return notes
