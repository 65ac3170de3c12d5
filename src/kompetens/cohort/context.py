"""The plain-dict context of the cohort report, for the templates and the terminal view.

Like the student report's context, it holds only dicts, lists, strings and numbers (and the
precomputed SVG charts as markup), in the reader's language. The keys are the
`CohortContext` TypedDict (`kompetens.cohort.contract`), described in docs/educators.md
and listed in docs/templates.md. The builder also names the shared chart it wants
(`chart_requests`: the area means, with the cohort's own labels).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import TYPE_CHECKING, Any, cast

from kompetens.cohort.privacy import shareable_inputs, shareable_notes
from kompetens.framework.diagnostics import Diagnostic, bounded
from kompetens.model.text import localize
from kompetens.text import numbers

if TYPE_CHECKING:
    from kompetens.cohort.collect import Collection
    from kompetens.cohort.contract import (
        CohortArea,
        CohortCharts,
        CohortComponent,
        CohortContext,
        CohortOverall,
        CohortScale,
        Counts,
        DiagnosticEntry,
        GroupComparison,
        GroupItem,
        GroupRow,
        SupportRow,
    )
    from kompetens.model import Framework
    from kompetens.report.chart_requests import ChartRequest, ScaleFrame


def message_catalogue(language: str) -> dict[str, str]:
    """The `cohort.*`, `agreement.*` and `change.*` texts: the cohort report's `t`."""
    from kompetens.text.i18n import Messages

    texts = Messages(language).domain("cohort")
    texts.update(Messages(language).domain("agreement"))
    texts.update(Messages(language).domain("change"))
    return texts


def cohort_chart_requests(
    areas: Sequence[Mapping[str, Any]], frame: ScaleFrame, texts: Mapping[str, str]
) -> list[ChartRequest]:
    """The cohort report's one shared chart: the cohort's area means against the target
    (`charts.areas`: a radar with five or more areas, else bars), in the cohort's words."""
    from kompetens.report.chart_requests import ChartTexts, area_chart_requests, chart_row

    return area_chart_requests(
        [chart_row(area) for area in areas],
        frame,
        ChartTexts(
            title=texts.get("cohort.chart_areas", "Areas"),
            you=texts.get("cohort.legend_cohort", "Cohort"),
            target=texts.get("cohort.target", "Target"),
            baseline="",  # a cohort has no earlier series here
            not_assessable=texts.get("cohort.not_assessable", "not enough answers"),
            near="",  # nor a band below the target
        ),
    )


def _format(texts: Mapping[str, str], key: str, **values: Any) -> str:
    text = texts.get(key, key)
    try:
        return text.format(**values)
    except (KeyError, IndexError, ValueError):
        return text


def quality_notes(
    quality: Sequence[Mapping[str, Any]],
    texts: Mapping[str, str],
    titles: Mapping[str, str],
    language: str,
) -> list[str]:
    pct = partial(numbers.pct, language=language)
    num = partial(numbers.num, language=language, digits=2)
    notes: list[str] = []
    for item in quality:
        code = item["code"]
        if code == "rejected":
            notes.append(
                _format(
                    texts,
                    "cohort.quality_rejected",
                    count=item["count"],
                    reason=texts.get(f"cohort.reason.{item['reason']}", item["reason"]),
                )
            )
        elif code == "not-assessable":
            notes.append(_format(texts, "cohort.quality_not_assessable", count=item["count"]))
        elif code == "cant-say":
            notes.append(
                _format(
                    texts,
                    "cohort.quality_cant_say",
                    statement=f"“{titles.get(item['statement'], item['statement'])}”",
                    share=pct(item["share"]),
                )
            )
        elif code == "low-item-total":
            notes.append(
                _format(
                    texts,
                    "cohort.quality_item_total",
                    statement=f"“{titles.get(item['statement'], item['statement'])}”",
                    r=num(item["r"]),
                )
            )
        elif code == "no-alpha":
            notes.append(
                _format(
                    texts,
                    "cohort.quality_no_alpha",
                    area=titles.get(item["area"], item["area"]),
                    n=item["n"],
                )
            )
        elif code == "low-alpha":
            notes.append(
                _format(
                    texts,
                    "cohort.quality_low_alpha",
                    area=titles.get(item["area"], item["area"]),
                    alpha=num(item["alpha"]),
                )
            )
        elif code == "suppressed":
            notes.append(
                _format(
                    texts,
                    "cohort.quality_suppressed",
                    count=item["count"],
                    column=item["column"],
                )
            )
    return notes


def _diagnostic(diagnostic: Diagnostic) -> DiagnosticEntry:
    return {
        "file": diagnostic.file,
        "line": diagnostic.line,
        "col": diagnostic.col,
        "code": diagnostic.code,
        "path": diagnostic.path,
        "message": diagnostic.message,
        "text": diagnostic.as_text(),
    }


@dataclass(frozen=True)
class _Titles:
    """Area, sub-area and statement texts by id, in the reader's language."""

    titles: dict[str, str]
    statements: dict[str, str]

    @classmethod
    def of(cls, framework: Framework, language: str) -> _Titles:
        default = framework.default_language
        titles: dict[str, str] = {}
        statements: dict[str, str] = {}
        for area in framework.areas:
            titles[area.id] = localize(area.title, language, default)
            for component in area.components:
                titles[component.id] = localize(component.title, language, default)
                for statement in component.statements:
                    statements[statement.id] = localize(statement.text, language, default)
        return cls(titles, statements)

    def title(self, item_id: str) -> str:
        return self.titles.get(item_id, item_id)


def _component(
    component: Mapping[str, Any], area: Mapping[str, Any], titles: _Titles
) -> CohortComponent:
    return cast(
        "CohortComponent",
        {
            **component,
            "title": titles.title(component["id"]),
            "area": area["id"],
            "area_title": titles.title(area["id"]),
            "statements": [
                {**s, "text": titles.statements.get(s["id"], s["id"])}
                for s in component["statements"]
            ],
        },
    )


def _areas(analysis: Mapping[str, Any], titles: _Titles) -> list[CohortArea]:
    """The analysis' areas and sub-areas with their titles and their statements' texts."""
    return [
        cast(
            "CohortArea",
            {
                **area,
                "title": titles.title(area["id"]),
                "components": [_component(c, area, titles) for c in area["components"]],
            },
        )
        for area in analysis["areas"]
    ]


def _group_label(group: Mapping[str, Any], texts: Mapping[str, str]) -> str:
    if group.get("withheld"):
        return texts.get("cohort.withheld_group", "(small group)")
    return str(group["value"]) or texts.get("cohort.no_group", "(none)")


def _group_row(
    group: Mapping[str, Any], areas: list[CohortArea], texts: Mapping[str, str]
) -> GroupRow:
    """One group of a comparison, with a block for every area and sub-area (empty ones for
    a group too small to show)."""
    area_blocks = group.get("areas") or {}
    component_blocks = group.get("components") or {}
    return {
        "value": group["value"],
        "label": _group_label(group, texts),
        "n": group["n"],
        "suppressed": group["suppressed"],
        "overall": group.get("overall"),
        "areas": [
            cast("GroupItem", {"id": a["id"], "title": a["title"], **area_blocks.get(a["id"], {})})
            for a in areas
        ],
        "components": [
            cast(
                "GroupItem",
                {"id": c["id"], "title": c["title"], **component_blocks.get(c["id"], {})},
            )
            for a in areas
            for c in a["components"]
        ],
    }


def _groups(
    analysis: Mapping[str, Any], areas: list[CohortArea], texts: Mapping[str, str]
) -> list[GroupComparison]:
    return [
        {
            "column": comparison["column"],
            "groups": [_group_row(group, areas, texts) for group in comparison["groups"]],
        }
        for comparison in analysis["groups"]
    ]


def _support(
    analysis: Mapping[str, Any], titles: _Titles, pseudonymised: bool
) -> list[SupportRow] | None:
    """The respondents furthest below the target, with their priorities' titles; never in
    a pseudonymised report."""
    if analysis.get("support") is None or pseudonymised:
        return None
    return [
        cast(
            "SupportRow",
            {**row, "priority_titles": [titles.title(c) for c in row["priorities"]]},
        )
        for row in analysis["support"]
    ]


def _cohort_charts(
    areas: list[CohortArea],
    framework: Framework,
    target: float,
    texts: Mapping[str, str],
    language: str,
    scale: CohortScale,
) -> CohortCharts:
    """The cohort's own charts (drawn here: `report/` cannot import `cohort/`'s charts)."""
    from markupsafe import Markup

    from kompetens.cohort.charts import distribution_chart, spread_chart

    rows = [{**c, "group": a["title"]} for a in areas for c in a["components"]]
    return {
        "distribution": Markup(
            distribution_chart(
                rows,
                scale["points"],
                cant_say_label=scale["cant_say"],
                title=texts.get("cohort.chart_distribution", "Ratings"),
                pct=partial(numbers.pct, language=language),
            )
        ),
        "spread": Markup(
            spread_chart(
                rows,
                scale_min=framework.scale.minimum,
                scale_max=framework.scale.maximum,
                target=target,
                title=texts.get("cohort.chart_spread", "Spread"),
                target_label=texts.get("cohort.target", "Target"),
                median_label=texts.get("cohort.median", "Median"),
                number=partial(numbers.num, language=language),
            )
        ),
    }


def _counts(collection: Collection) -> Counts:
    return {
        "scored": len(collection.entries),
        "rejected": collection.rejected_inputs,
        "result_files": collection.result_files,
        "tables": collection.tables,
        "rows": collection.rows,
        "rows_not_scored": collection.rejected_rows,
        "drafts": len(collection.drafts),
        "skipped_rows": collection.skipped,
    }


def _scale(framework: Framework, language: str) -> CohortScale:
    default = framework.default_language
    cant_say = framework.scale.cant_say
    return {
        "min": framework.scale.minimum,
        "max": framework.scale.maximum,
        "points": [
            {"value": p.value, "label": localize(p.label, language, default)}
            for p in framework.scale.points
        ],
        "cant_say": localize(cant_say.label, language, default) if cant_say else "–",
    }


def build_cohort_context(
    collection: Collection,
    analysis: Mapping[str, Any],
    language: str,
    *,
    pseudonymised: bool,
    texts: Mapping[str, str] | None = None,
    generated: datetime | None = None,
    charts: bool = True,
) -> CohortContext:
    """The cohort report's context from the collection and its analysis (`analyse`).

    `charts=False` leaves out `cohort_charts` and `chart_requests`: only the report draws
    them, so a run that prints the summary or writes CSV or JSON neither draws SVG nor
    imports the chart code."""
    framework = collection.framework
    default = framework.default_language
    texts = texts if texts is not None else message_catalogue(language)
    names = _Titles.of(framework, language)
    level = framework.level(collection.level)
    scale = _scale(framework, language)
    areas = _areas(analysis, names)
    components = {c["id"]: c for a in areas for c in a["components"]}
    support = _support(analysis, names, pseudonymised)
    moment = generated or datetime.now().astimezone()
    context: dict[str, Any] = {
        "kind": "cohort",
        "language": language,
        "generated": moment.isoformat(timespec="minutes"),
        "framework": {
            "id": framework.id,
            "version": framework.version,
            "title": localize(framework.title, language, default),
        },
        "level": {
            "id": level.id,
            "title": localize(level.title, language, default),
            "target": level.target,
        },
        "scale": scale,
        "pseudonymised": pseudonymised,
        "min_group": analysis["min_group"],
        "counts": _counts(collection),
        "overall": cast(
            "CohortOverall", {**analysis["overall"], "mean_status": analysis["overall"]["status"]}
        ),
        "areas": areas,
        "furthest": [components[c] for c in analysis["furthest"] if c in components],
        "groups": _groups(analysis, areas, texts),
        "support": support,
        # A pseudonymised report is made to be shared: file names of rejected inputs often
        # carry a student number or name, so only the counts by reason (in `quality`) stay.
        # At most 50 per file (a table of 100,000 bad rows), then "… and N more".
        "rejections": [
            _diagnostic(d)
            for d in bounded(shareable_inputs(collection.rejected, pseudonymised=pseudonymised))
        ],
        "rejections_hidden": pseudonymised and bool(collection.rejected),
        # Named students anywhere in the report: it says so at the top.
        "personal_data": not pseudonymised
        and bool(support or collection.rejected or any(e.respondent for e in collection.entries)),
        "input_notes": [
            _diagnostic(d)
            for d in shareable_notes(
                [*collection.notes, *collection.drafts], pseudonymised=pseudonymised
            )
        ],
        "quality": quality_notes(
            analysis["quality"], texts, {**names.titles, **names.statements}, language
        ),
    }
    if charts:
        frame = _frame(scale, level.target)
        context["cohort_charts"] = _cohort_charts(
            areas, framework, level.target, texts, language, scale
        )
        context["chart_requests"] = cohort_chart_requests(areas, frame, texts)
    context["agreement"] = _agreement(analysis, names, texts, language, framework)
    return cast("CohortContext", context)


def _frame(scale: CohortScale, target: float) -> ScaleFrame:
    from kompetens.report.chart_requests import ScaleFrame

    return ScaleFrame(
        scale_min=float(scale["min"]), scale_max=float(scale["max"]), target=float(target)
    )


def _agreement(
    analysis: Mapping[str, Any],
    names: _Titles,
    texts: Mapping[str, str],
    language: str,
    framework: Framework,
) -> list[dict[str, Any]]:
    """The agreement of other raters with the self-assessments, when there are any (its
    Bland–Altman charts are drawn only then)."""
    blocks = analysis.get("agreement") or []
    if not blocks:
        return []
    from kompetens.cohort.agreement import agreement_context

    return agreement_context(
        blocks,
        names.titles,
        dict(texts),
        language,
        (framework.scale.minimum, framework.scale.maximum),
    )
