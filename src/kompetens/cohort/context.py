"""The plain-dict context of the cohort report, for the templates and the terminal view.

Like the student report's context, it holds only dicts, lists, strings and numbers (and the
precomputed SVG charts as markup), in the reader's language. The keys are documented in
docs/educators.md.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from functools import partial
from typing import Any

from markupsafe import Markup

from kompetens.cohort.agreement import agreement_context
from kompetens.cohort.charts import distribution_chart, spread_chart
from kompetens.cohort.collect import Collection
from kompetens.cohort.privacy import shareable_inputs, shareable_notes
from kompetens.framework.diagnostics import Diagnostic, bounded
from kompetens.model import localize
from kompetens.report import filters


def message_catalogue(language: str) -> dict[str, str]:
    """The `cohort.*` texts, plus the `report.*` chart labels the shared charts use."""
    from kompetens.text.i18n import Messages

    texts = Messages(language).domain("cohort")
    texts.update(Messages(language).domain("agreement"))
    texts.update(Messages(language).domain("change"))
    texts.update(
        {
            "report.legend_you": texts.get("cohort.legend_cohort", "Cohort"),
            "report.legend_target": texts.get("cohort.target", "Target"),
            "report.chart_radar": texts.get("cohort.chart_areas", "Areas"),
            "report.chart_bars": texts.get("cohort.chart_subareas", "Sub-areas"),
            "report.not_assessable": texts.get("cohort.not_assessable", "not enough answers"),
        }
    )
    return texts


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
    pct = partial(filters.pct, language=language)
    num = partial(filters.num, language=language, digits=2)
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


def _diagnostic(diagnostic: Diagnostic) -> dict[str, Any]:
    return {
        "file": diagnostic.file,
        "line": diagnostic.line,
        "col": diagnostic.col,
        "code": diagnostic.code,
        "path": diagnostic.path,
        "message": diagnostic.message,
        "text": diagnostic.as_text(),
    }


def build_cohort_context(
    collection: Collection,
    analysis: Mapping[str, Any],
    language: str,
    *,
    pseudonymised: bool,
    texts: Mapping[str, str] | None = None,
    generated: datetime | None = None,
) -> dict[str, Any]:
    framework = collection.framework
    default = framework.default_language
    texts = texts if texts is not None else message_catalogue(language)

    def t(text: dict[str, str] | None) -> str:
        return localize(text, language, default)

    titles: dict[str, str] = {}
    statement_texts: dict[str, str] = {}
    for area in framework.areas:
        titles[area.id] = t(area.title)
        for component in area.components:
            titles[component.id] = t(component.title)
            for statement in component.statements:
                statement_texts[statement.id] = t(statement.text)
    level = framework.level(collection.level)
    points = [{"value": p.value, "label": t(p.label)} for p in framework.scale.points]
    cant_say_label = t(framework.scale.cant_say.label) if framework.scale.cant_say else "–"

    areas: list[dict[str, Any]] = []
    components: dict[str, dict[str, Any]] = {}
    for area in analysis["areas"]:
        area_components = []
        for component in area["components"]:
            entry = {
                **component,
                "title": titles.get(component["id"], component["id"]),
                "area": area["id"],
                "area_title": titles.get(area["id"], area["id"]),
                "statements": [
                    {**s, "text": statement_texts.get(s["id"], s["id"])}
                    for s in component["statements"]
                ],
            }
            components[component["id"]] = entry
            area_components.append(entry)
        areas.append(
            {**area, "title": titles.get(area["id"], area["id"]), "components": area_components}
        )

    groups = []
    for comparison in analysis["groups"]:
        rows = []
        for group in comparison["groups"]:
            row = {
                "value": group["value"],
                "label": (
                    texts.get("cohort.withheld_group", "(small group)")
                    if group.get("withheld")
                    else group["value"] or texts.get("cohort.no_group", "(none)")
                ),
                "n": group["n"],
                "suppressed": group["suppressed"],
                "overall": group.get("overall"),
                "areas": [
                    {
                        "id": a["id"],
                        "title": a["title"],
                        **(group.get("areas") or {}).get(a["id"], {}),
                    }
                    for a in areas
                ],
                "components": [
                    {
                        "id": c["id"],
                        "title": c["title"],
                        **(group.get("components") or {}).get(c["id"], {}),
                    }
                    for a in areas
                    for c in a["components"]
                ],
            }
            rows.append(row)
        groups.append({"column": comparison["column"], "groups": rows})

    support = None
    if analysis.get("support") is not None and not pseudonymised:
        support = [
            {
                **row,
                "priority_titles": [titles.get(c, c) for c in row["priorities"]],
            }
            for row in analysis["support"]
        ]

    rows_for_charts = [{**c, "group": a["title"]} for a in areas for c in a["components"]]
    pct = partial(filters.pct, language=language)
    number = partial(filters.num, language=language)
    charts = {
        "distribution": Markup(
            distribution_chart(
                rows_for_charts,
                points,
                cant_say_label=cant_say_label,
                title=texts.get("cohort.chart_distribution", "Ratings"),
                pct=pct,
            )
        ),
        "spread": Markup(
            spread_chart(
                rows_for_charts,
                scale_min=framework.scale.minimum,
                scale_max=framework.scale.maximum,
                target=level.target,
                title=texts.get("cohort.chart_spread", "Spread"),
                target_label=texts.get("cohort.target", "Target"),
                median_label=texts.get("cohort.median", "Median"),
                number=number,
            )
        ),
    }
    moment = generated or datetime.now().astimezone()
    return {
        "kind": "cohort",
        "language": language,
        "generated": moment.isoformat(timespec="minutes"),
        "framework": {
            "id": framework.id,
            "version": framework.version,
            "title": t(framework.title),
        },
        "level": {"id": level.id, "title": t(level.title), "target": level.target},
        "scale": {
            "min": framework.scale.minimum,
            "max": framework.scale.maximum,
            "points": points,
            "cant_say": cant_say_label,
        },
        "pseudonymised": pseudonymised,
        "min_group": analysis["min_group"],
        "counts": {
            "scored": len(collection.entries),
            "rejected": collection.rejected_inputs,
            "result_files": collection.result_files,
            "tables": collection.tables,
            "rows": collection.rows,
            "rows_not_scored": collection.rejected_rows,
            "drafts": len(collection.drafts),
            "skipped_rows": collection.skipped,
        },
        "overall": {**analysis["overall"], "mean_status": analysis["overall"]["status"]},
        "areas": areas,
        "furthest": [components[c] for c in analysis["furthest"] if c in components],
        "groups": groups,
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
            analysis["quality"], texts, {**titles, **statement_texts}, language
        ),
        "cohort_charts": charts,
        "agreement": agreement_context(
            analysis.get("agreement") or [],
            titles,
            dict(texts),
            language,
            (framework.scale.minimum, framework.scale.maximum),
        ),
    }
