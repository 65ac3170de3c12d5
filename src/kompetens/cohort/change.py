"""Paired change of a cohort between two rounds (`score NEW… --since OLD…`).

Each respondent of the new round is paired with the same respondent of the earlier round
— the same id (a pseudonym, when both rounds were pseudonymised with the same key), or
the same name when there is no id — so pseudonymised inputs pair without names ever being
needed. Per overall mean, area and sub-area, over the pairs where both rounds have a mean:

* n pairs; the mean change (new − old) with a 95 % t confidence interval;
* the Wilcoxon signed-rank test (two-sided; `paired.wilcoxon`), and two effect sizes:
  Cohen's d_z (mean change / SD of the changes) and the matched-pairs rank-biserial r;
* how many **improved** (change ≥ +`STEP`), **stayed** (|change| < `STEP`) or
  **declined** (change ≤ −`STEP`). `STEP` is half a scale point: a sub-area mean moves by
  that much when half of its statements get the next answer up.

Respondents found in one round only are counted and listed separately (by their id or
pseudonym), never dropped silently. A block from fewer than `min_group` pairs is
suppressed, as group statistics are elsewhere.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from kompetens.cohort.collect import Collection, dedupe_key
from kompetens.cohort.paired import cohens_dz, mean_difference, wilcoxon
from kompetens.cohort.records import Entry, blocks_by_area
from kompetens.model import Framework, localize

STEP = 0.5


def _block(changes: Sequence[float], min_group: int) -> dict[str, Any]:
    n = len(changes)
    if n < min_group:
        return {"n": n, "suppressed": True}
    summary = mean_difference(changes)
    test = wilcoxon(changes)
    return {
        "n": n,
        "suppressed": False,
        "mean_change": summary.mean,
        "sd_change": summary.sd,
        "ci_low": summary.ci[0] if summary.ci else None,
        "ci_high": summary.ci[1] if summary.ci else None,
        "wilcoxon_p": test.p,
        "wilcoxon_exact": test.exact,
        "cohens_dz": cohens_dz(changes),
        "rank_biserial": test.rank_biserial,
        "improved": sum(1 for c in changes if c >= STEP - 1e-9),
        "stayed": sum(1 for c in changes if abs(c) < STEP - 1e-9),
        "declined": sum(1 for c in changes if c <= -STEP + 1e-9),
    }


def pair_rounds(
    new: Sequence[Entry], old: Sequence[Entry]
) -> tuple[list[tuple[Entry, Entry]], list[Entry], list[Entry]]:
    """(new, old) pairs of the same respondent; the new-only and old-only respondents."""
    earlier: dict[str, Entry] = {}
    for entry in old:
        key = dedupe_key(entry)
        if key is not None:
            earlier[key] = entry
    pairs: list[tuple[Entry, Entry]] = []
    new_only: list[Entry] = []
    for entry in new:
        key = dedupe_key(entry)
        partner = earlier.pop(key, None) if key is not None else None
        if partner is None:
            new_only.append(entry)
        else:
            pairs.append((entry, partner))
    paired_old = {id(o) for _, o in pairs}
    old_only = [e for e in old if id(e) not in paired_old]
    return pairs, new_only, old_only


def paired_change(
    new: Collection,
    old: Collection,
    *,
    min_group: int = 5,
    display: Callable[[Entry], str] = lambda e: e.respondent or "?",
) -> dict[str, Any]:
    """The change from `old` to `new` (see the module text), as plain data."""
    pairs, new_only, old_only = pair_rounds(new.entries, old.entries)
    plan = new.plan

    def block(index: int) -> dict[str, Any]:
        changes: list[float] = []
        for now, before in pairs:
            after_mean, before_mean = now.means[index], before.means[index]
            if after_mean is not None and before_mean is not None:
                changes.append(after_mean - before_mean)
        return _block(changes, min_group)

    areas, overall = blocks_by_area(plan, block)
    return {
        "pairs": len(pairs),
        "new_only": sorted(display(e) for e in new_only),
        "old_only": sorted(display(e) for e in old_only),
        "step": STEP,
        "overall": overall,
        "areas": areas,
    }


def change_context(change: dict[str, Any], framework: Framework, language: str) -> dict[str, Any]:
    """The change with area and sub-area titles in the reader's language."""
    default = framework.default_language
    titles = {area.id: localize(area.title, language, default) for area in framework.areas}
    titles.update({c.id: localize(c.title, language, default) for c in framework.components()})
    return {
        **change,
        "areas": [
            {
                **area,
                "title": titles.get(area["id"], area["id"]),
                "components": [
                    {**c, "title": titles.get(c["id"], c["id"])} for c in area["components"]
                ],
            }
            for area in change["areas"]
        ],
    }
