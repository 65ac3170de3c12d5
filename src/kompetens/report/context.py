"""The plain-dict context that every report template receives.

Templates never see pydantic objects (a sandboxed template could call their methods), only
dicts, lists, strings and numbers, in the language the reader chose. The keys are
documented in docs/templates.md; changing them is a breaking change for users' templates.
"""

from __future__ import annotations

from typing import Any

from kompetens.assessment.baseline import CrossVersionComparison
from kompetens.assessment.scoring import DEVELOPING_WITHIN, MEETS_WITHIN, NEAR_WITHIN, Score, Scores
from kompetens.assessment.wording import statement_text
from kompetens.model import Framework, Result, localize


def gap_words(gap: float | None, language: str) -> str | None:
    """A gap as what it means: "0.5 below the target", "0.3 above the target", "at the
    target". A mean a hair below the target never reads "at the target" (or "0.0 below")."""
    from kompetens.report.filters import num
    from kompetens.text.i18n import Messages

    if gap is None:
        return None
    messages = Messages(language)
    if gap == 0:
        return messages("report.gap_at")
    digits = 1 if round(abs(gap), 1) > 0 else 2
    key = "report.gap_below" if gap > 0 else "report.gap_above"
    return messages(key, gap=num(abs(gap), language, digits))


def _numbers(score: Score, language: str) -> dict[str, Any]:
    data = score.as_dict()
    data.pop("children", None)
    data["gap_text"] = gap_words(score.gap, language)
    return data


def _change(now: Score | None, before: Score | None) -> dict[str, Any]:
    if before is None or before.mean is None:
        return {"baseline_mean": None, "change": None}
    change = None if now is None or now.mean is None else round(now.mean - before.mean, 3)
    return {"baseline_mean": round(before.mean, 3), "change": change}


def build_report_context(
    framework: Framework,
    result: Result,
    scores: Scores,
    language: str,
    *,
    baseline: tuple[Result, Scores] | None = None,
    across_versions: CrossVersionComparison | None = None,
) -> dict[str, Any]:
    """The report context. With `across_versions` (a baseline made with another version of
    the framework), changes compare only the statements both versions ask: the baseline's
    and the current answers both scored on those (`kompetens.assessment.baseline`)."""
    default = framework.default_language

    def t(text: dict[str, str] | None) -> str:
        return localize(text, language, default)

    level = framework.level(scores.level)
    labels = {p.value: t(p.label) for p in framework.scale.points}
    cant_say_label = t(framework.scale.cant_say.label) if framework.scale.cant_say else "–"
    not_applicable = framework.scale.not_applicable
    not_applicable_label = t(not_applicable.label) if not_applicable else cant_say_label
    before = baseline[1] if baseline else None
    now_compared = across_versions.now if across_versions else scores
    components: dict[str, dict[str, Any]] = {}
    areas: list[dict[str, Any]] = []
    notes: list[dict[str, Any]] = []
    for area in framework.areas:
        area_score = next((a for a in scores.areas if a.id == area.id), None)
        if area_score is None:
            continue
        area_before = next((a for a in before.areas if a.id == area.id), None) if before else None
        area_components: list[dict[str, Any]] = []
        for component in area.components:
            score = scores.components.get(component.id)
            if score is None:
                continue
            statements = []
            for statement in component.statements_for(scores.level):
                answer = result.answers.get(statement.id)
                rating = answer.rating if answer else None
                not_applies = answer is not None and answer.not_applicable
                entry = {
                    "id": statement.id,
                    "text": statement_text(statement, language, default, result.role),
                    "answered": answer is not None,
                    "rating": rating,
                    "rating_label": (
                        labels.get(rating, str(rating))
                        if rating is not None
                        else (
                            not_applicable_label
                            if not_applies
                            else (cant_say_label if answer else None)
                        )
                    ),
                    "cant_say": answer is not None and rating is None and not not_applies,
                    "not_applicable": not_applies,
                    "note": answer.note if answer else None,
                }
                statements.append(entry)
                if entry["note"]:
                    notes.append({"component": component.id, **entry})
            entry_component = {
                **_numbers(score, language),
                **_change(
                    now_compared.components.get(component.id),
                    before.components.get(component.id) if before else None,
                ),
                "title": t(component.title),
                "area": area.id,
                "description": t(component.description),
                "descriptor": t(component.descriptors.get(scores.level)),
                "guidance": t(component.guidance_for(scores.level)),
                "references": [{"title": t(r.title), "url": r.url} for r in component.references],
                "statements": statements,
            }
            components[component.id] = entry_component
            area_components.append(entry_component)
        areas.append(
            {
                **_numbers(area_score, language),
                **_change(
                    next((a for a in now_compared.areas if a.id == area.id), None), area_before
                ),
                "title": t(area.title),
                "description": t(area.description),
                "components": area_components,
                "reflection": result.reflections.get(area.id),
            }
        )
    return {
        "language": language,
        "framework": {
            "id": framework.id,
            "version": framework.version,
            "title": t(framework.title),
            "description": t(framework.description),
            "source": (
                {
                    "title": t(framework.source.title),
                    "authors": framework.source.authors,
                    "year": framework.source.year,
                    "url": framework.source.url,
                    "note": t(framework.source.note),
                }
                if framework.source
                else None
            ),
            "licence": framework.licence,
        },
        "level": {
            "id": level.id,
            "title": t(level.title),
            "description": t(level.description),
            "target": level.target,
        },
        "scale": {
            "min": framework.scale.minimum,
            "max": framework.scale.maximum,
            "points": [
                {"value": p.value, "label": t(p.label), "description": t(p.description)}
                for p in framework.scale.points
            ],
            "cant_say": cant_say_label,
            "not_applicable": t(not_applicable.label) if not_applicable else None,
        },
        "thresholds": {
            "meets_within": MEETS_WITHIN,
            "near_within": NEAR_WITHIN,
            "developing_within": DEVELOPING_WITHIN,
        },
        "respondent": {"id": result.respondent.id, "name": result.respondent.name},
        "assessor": (
            {"role": result.assessor.role, "name": result.assessor.name}
            if result.assessor is not None and result.role != "self"
            else None
        ),
        "started": result.started.isoformat(timespec="minutes"),
        "completed": result.completed.isoformat(timespec="minutes") if result.completed else None,
        "is_draft": result.is_draft,
        "overall": {
            **_numbers(scores.overall, language),
            **_change(now_compared.overall, before.overall if before else None),
        },
        "areas": areas,
        "priorities": [components[c.id] for c in scores.priorities()],
        "strengths": [components[c.id] for c in scores.strengths()],
        "notes": notes,
        "goals": [
            {
                "text": goal.text,
                "component": goal.component,
                "component_title": components[goal.component]["title"]
                if goal.component in components
                else None,
                "actions": goal.actions,
                "due": goal.due.isoformat() if goal.due else None,
            }
            for goal in result.goals
        ],
        "baseline": (
            {
                "version": baseline[0].framework.version,
                "compared": list(across_versions.carried) if across_versions else None,
                "left_out": list(across_versions.left_out) if across_versions else [],
                "started": baseline[0].started.isoformat(timespec="minutes"),
                "completed": baseline[0].completed.isoformat(timespec="minutes")
                if baseline[0].completed
                else None,
            }
            if baseline
            else None
        ),
    }
