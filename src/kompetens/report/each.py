"""`report --each`: one report per result, for a teacher with sixty hand-ins.

Every input (files, directories searched recursively, glob patterns) is read inside its
own error boundary: a file that cannot be read or does not fit its framework is listed
with its diagnostics, and all the others get their report. A self-assessment and an
assessor's result (mentor, teacher, peer) of the same student — same respondent id, level
and framework — become one report with both views (`views.py`); an assessor's result with
no matching self-assessment gets a report of its own.

Reports are named by the respondent id (a pseudonym, when the results were pseudonymised),
else by the input file's name; an assessor's own report adds the role (`s123-mentor.html`),
and a name used twice gets `-2`, `-3`. Nothing is written when any target exists and
`--force` was not given, so an earlier batch is never half-overwritten.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from kompetens.framework.diagnostics import Diagnostic, Severity
from kompetens.model import Framework, Result

Progress = Callable[[int, int], None]
_UNSAFE = re.compile(r"[^\w.-]+")


@dataclass
class Item:
    """One readable result and the framework it is scored with."""

    path: Path
    result: Result
    framework: Framework
    assessor: Item | None = None
    """An assessor's result shown beside this self-assessment."""


@dataclass
class Plan:
    """What `report --each` will write, and the inputs it cannot use."""

    reports: list[tuple[Item, Path]] = field(default_factory=list)
    unreadable: list[Diagnostic] = field(default_factory=list)
    existing: list[Path] = field(default_factory=list)


def _problem(file: str, message: str, code: str = "unreadable") -> Diagnostic:
    return Diagnostic(file, 0, 0, Severity.ERROR, code, "", message)


def _safe(text: str) -> str:
    cleaned = _UNSAFE.sub("_", text.strip()).strip("._")
    return cleaned[:80] or "result"


def _key(result: Result) -> tuple[str, str, str] | None:
    respondent = result.respondent.id or result.respondent.name
    if not respondent or not respondent.strip():
        return None
    return (" ".join(respondent.casefold().split()), result.framework.id, result.level)


class _Frameworks:
    """Frameworks by id (built in) or the one named with --framework, loaded once."""

    def __init__(self, spec: str | None) -> None:
        self.spec = spec
        self.loaded: dict[str, Framework | None] = {}

    def for_result(self, result: Result) -> Framework | str:
        from kompetens.framework.catalog import (
            builtin_frameworks,
            builtin_spec_for,
            resolve_framework,
        )
        from kompetens.framework.validation import load_framework

        if self.spec is None and result.framework.id not in builtin_frameworks():
            return (
                f"made with framework '{result.framework.id}', which is not built in; name its "
                "file with --framework FILE"
            )
        # the version the result was made with, when it is one of the built-in versions
        name = self.spec or builtin_spec_for(result.framework.id, result.framework.version)
        if name not in self.loaded:
            framework, _ = load_framework(resolve_framework(name))
            self.loaded[name] = framework
        framework = self.loaded[name]
        if framework is None:
            return f"the framework '{name}' is not valid (kompetens validate {name})"
        return framework


def read_inputs(
    specs: Sequence[str], framework_spec: str | None, exclude: Sequence[Path] = ()
) -> tuple[list[Item], list[Diagnostic]]:
    """Readable results (each checked against its framework) and the inputs that are not."""
    from kompetens.assessment.inputs import expand_inputs
    from kompetens.assessment.results import check_result, read_result

    results, tables, problems = expand_inputs(specs, exclude)
    unreadable = list(problems)
    for table in tables:
        unreadable.append(
            _problem(table, "a table, not a result file: score tables with 'kompetens score'")
        )
    frameworks = _Frameworks(framework_spec)
    items: list[Item] = []
    for file in results:
        try:
            result, document, diagnostics = read_result(Path(file))
        except (OSError, ValueError) as exc:  # the boundary of one input
            unreadable.append(_problem(file, str(exc)))
            continue
        if result is None:
            errors = [d for d in diagnostics if d.is_error]
            unreadable.extend(errors or [_problem(file, "not a result file")])
            continue
        framework = frameworks.for_result(result)
        if isinstance(framework, str):
            unreadable.append(_problem(file, framework, "unknown-framework"))
            continue
        wrong = check_result(framework, result, document)
        if wrong:
            unreadable.extend(wrong)
            continue
        items.append(Item(Path(file), result, framework))
    return items, unreadable


def _pair(items: list[Item]) -> list[Item]:
    """Self-assessments with an assessor's result of the same student attached; assessors'
    results that match no self-assessment stay on their own."""
    selves: dict[tuple[str, str, str], Item] = {}
    for item in items:
        key = _key(item.result)
        if item.result.role == "self" and key is not None and key not in selves:
            selves[key] = item
    reports: list[Item] = []
    for item in items:
        key = _key(item.result)
        if item.result.role != "self" and key is not None:
            own = selves.get(key)
            if own is not None and own.assessor is None:
                own.assessor = item
                continue
        reports.append(item)
    return reports


def plan_reports(
    specs: Sequence[str],
    outdir: Path,
    fmt: Literal["html", "md"],
    *,
    framework_spec: str | None = None,
    force: bool = False,
) -> Plan:
    """Which report goes to which file; which inputs cannot be used; which targets exist."""
    items, unreadable = read_inputs(specs, framework_spec, exclude=[outdir])
    plan = Plan(unreadable=unreadable)
    used: set[str] = set()
    for item in _pair(items):
        result = item.result
        base = _safe(result.respondent.id or item.path.stem)
        if result.role != "self":
            base = f"{base}-{result.role}"
        name, counter = base, 2
        while name.casefold() in used:
            name, counter = f"{base}-{counter}", counter + 1
        used.add(name.casefold())
        target = outdir / f"{name}.{fmt}"
        plan.reports.append((item, target))
        if target.exists() and not force:
            plan.existing.append(target)
    return plan


def render_item(item: Item, fmt: Literal["html", "md"], lang: str | None) -> str:
    """The report of one result (with the assessor's view when one is attached)."""
    from kompetens.assessment.scoring import ratings_of, score_result
    from kompetens.assessment.views import build_views_context
    from kompetens.report import render_student_report
    from kompetens.report.context import attach_views, build_report_context
    from kompetens.text.i18n import Messages
    from kompetens.text.language import resolve_language

    framework, result = item.framework, item.result
    language = resolve_language(
        lang or result.language, framework.languages, framework.default_language
    )
    scores = score_result(framework, result.level, ratings_of(result.answers))
    context = build_report_context(framework, result, scores, language)
    # Made by a teacher for many students at once: a report that names one says so.
    context["personal_data"] = bool(result.respondent.id or result.respondent.name)
    messages = Messages(language).domain("report")
    messages.update(Messages(language).domain("views"))
    if item.assessor is not None:
        theirs = item.assessor.framework
        older = theirs if theirs.version != framework.version else None
        attach_views(
            context, build_views_context(framework, result, item.assessor.result, language, older)
        )
    return render_student_report(context, fmt, messages=messages)


def write_reports(
    plan: Plan,
    fmt: Literal["html", "md"],
    *,
    lang: str | None = None,
    progress: Progress | None = None,
) -> list[Path]:
    """Write every planned report atomically; the files written, in order."""
    from kompetens.files.fileio import write_atomic

    written: list[Path] = []
    total = len(plan.reports)
    for number, (item, target) in enumerate(plan.reports, start=1):
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(target, render_item(item, fmt, lang))
        written.append(target)
        if progress is not None:
            progress(number, total)
    return written
