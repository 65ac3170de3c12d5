"""Agreement of self-ratings and others' ratings of the same respondents.

When `kompetens score` is given both students' self-assessments and a mentor's (teacher's,
peer's) ratings of the same students, each self-assessment is paired with the assessor's
result of the same respondent (by id, or by name when there is no id — the same key that
finds duplicates). Per sub-area, area and overall, over the pairs where both have a mean:

* n pairs;
* the mean difference self − assessor with a 95 % t interval, and the 95 % limits of
  agreement d̄ ± 1.96 s_d (Bland & Altman 1986) for the chart;
* the share of students who rate themselves at least one scale point higher;
* ICC(A,1) — absolute agreement of single ratings, two-way model (McGraw & Wong 1996;
  numerically Shrout & Fleiss's ICC(2,1)) — with its F-based 95 % interval. Absolute
  agreement rather than consistency (ICC(3,1)) because the question is whether the student
  and the mentor give the *same* rating: a student who rates every sub-area one point above
  the mentor agrees perfectly in consistency and poorly in absolute terms, and that is
  exactly what the conversation should be about. Both are computed; the report shows
  ICC(A,1) and the JSON also has ICC(C,1).

A block computed from fewer than `min_group` pairs is suppressed (only n is shown), as
group statistics are elsewhere.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from kompetens.cohort.collect import Collection, dedupe_key
from kompetens.cohort.records import Entry, blocks_by_area

HIGHER_BY = 1.0
"""A student "rates herself higher" when her mean is at least this much above the
assessor's: one scale point, the smallest difference that is a different answer."""
LIMITS_Z = 1.96


def _block(pairs: Sequence[tuple[float, float]], min_group: int) -> dict[str, Any]:
    """The agreement statistics of one sub-area, area or the whole (see the module text);
    only n when there are too few pairs to show more without pointing at people."""
    from kompetens.cohort.paired import icc, mean_difference

    n = len(pairs)
    if n < min_group:
        return {"n": n, "suppressed": True}
    differences = [own - other for own, other in pairs]
    summary = mean_difference(differences)
    coefficients = icc([[own, other] for own, other in pairs])
    loa_low, loa_high = (
        (summary.mean - LIMITS_Z * summary.sd, summary.mean + LIMITS_Z * summary.sd)
        if summary.mean is not None and summary.sd is not None
        else (None, None)
    )
    ci_low, ci_high = summary.ci or (None, None)
    icc_low, icc_high = coefficients.absolute_ci or (None, None)
    return {
        "n": n,
        "suppressed": False,
        "mean_self": sum(own for own, _ in pairs) / n,
        "mean_assessor": sum(other for _, other in pairs) / n,
        "mean_diff": summary.mean,
        "sd_diff": summary.sd,
        "ci_low": ci_low,
        "ci_high": ci_high,
        "loa_low": loa_low,
        "loa_high": loa_high,
        "self_higher_share": sum(1 for d in differences if d >= HIGHER_BY - 1e-9) / n,
        "icc": coefficients.absolute,
        "icc_ci_low": icc_low,
        "icc_ci_high": icc_high,
        "icc_consistency": coefficients.consistency,
        "pairs": [[own, other] for own, other in pairs],
    }


def _pairs(
    selves: Sequence[Entry], others: Sequence[Entry]
) -> tuple[list[tuple[Entry, Entry]], int, int]:
    """Self-assessments matched with the assessor's result of the same respondent; and
    how many of each side have no partner."""
    by_key: dict[str, Entry] = {}
    for entry in others:
        key = dedupe_key(entry)
        if key is not None:
            by_key[key] = entry
    matched: list[tuple[Entry, Entry]] = []
    for entry in selves:
        key = dedupe_key(entry)
        partner = by_key.pop(key, None) if key is not None else None
        if partner is not None:
            matched.append((entry, partner))
    return matched, len(selves) - len(matched), len(others) - len(matched)


def agreement(collection: Collection, min_group: int = 5) -> list[dict[str, Any]]:
    """Per assessor role (mentor, teacher, peer): the agreement blocks (see module text)."""
    roles: dict[str, list[Entry]] = {}
    for entry in collection.assessors:
        roles.setdefault(entry.extra.get("role", "other"), []).append(entry)
    plan = collection.plan
    blocks: list[dict[str, Any]] = []
    for role in sorted(roles):
        matched, self_only, assessor_only = _pairs(collection.entries, roles[role])

        def block(index: int, matched: list[tuple[Entry, Entry]] = matched) -> dict[str, Any]:
            pairs: list[tuple[float, float]] = []
            for own, other in matched:
                mine, theirs = own.means[index], other.means[index]
                if mine is not None and theirs is not None:
                    pairs.append((mine, theirs))
            return _block(pairs, min_group)

        areas, overall = blocks_by_area(plan, block)
        blocks.append(
            {
                "role": role,
                "pairs": len(matched),
                "self_only": self_only,
                "assessor_only": assessor_only,
                "overall": overall,
                "areas": areas,
            }
        )
    return blocks


def agreement_context(
    blocks: Sequence[dict[str, Any]],
    titles: dict[str, str],
    texts: dict[str, str],
    language: str,
    scale: tuple[float, float],
) -> list[dict[str, Any]]:
    """The agreement blocks with titles in the reader's language and the Bland–Altman
    chart, for the report templates and the terminal."""
    from functools import partial

    from markupsafe import Markup

    from kompetens.cohort.agreement_chart import bland_altman_chart
    from kompetens.report import filters

    number = partial(filters.num, language=language, digits=1)
    out: list[dict[str, Any]] = []
    for block in blocks:
        role = block["role"]
        role_text = texts.get(f"agreement.role.{role}", role)
        overall = block["overall"]
        chart = Markup("")
        if not overall.get("suppressed") and overall.get("loa_low") is not None:
            chart = Markup(
                bland_altman_chart(
                    overall["pairs"],
                    mean_diff=overall["mean_diff"],
                    loa=(overall["loa_low"], overall["loa_high"]),
                    scale_min=scale[0],
                    scale_max=scale[1],
                    title=texts.get("agreement.chart", "{role}").format(role=role_text),
                    x_label=texts.get("agreement.chart_x", ""),
                    y_label=texts.get("agreement.chart_y", ""),
                    bias_label=texts.get("agreement.bias", ""),
                    loa_label=texts.get("agreement.loa", ""),
                    number=number,
                )
            )
        areas = [
            {
                **area,
                "title": titles.get(area["id"], area["id"]),
                "components": [
                    {**c, "title": titles.get(c["id"], c["id"])} for c in area["components"]
                ],
            }
            for area in block["areas"]
        ]
        out.append(
            {
                **{k: v for k, v in block.items() if k != "areas"},
                "role_text": role_text,
                "areas": areas,
                "chart": chart,
            }
        )
    return out
