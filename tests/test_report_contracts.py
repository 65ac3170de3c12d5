"""The typed contracts between the context builders and the templates hold at run time.

mypy checks what the builders write into the TypedDicts; the cohort builder copies the
analysis' statistics, which mypy cannot see into. These tests build every kind of context
from the example data and check it against its TypedDict: every required key present, no
key the type does not name, every value of the stated type, down to the statements. They
also check that charts are drawn only when a context asks for them.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal, Union, get_args, get_origin, get_type_hints, is_typeddict

import pytest
from markupsafe import Markup

from kompetens.assessment.results import read_result
from kompetens.assessment.scoring import ratings_of, score_result
from kompetens.assessment.views import ViewsContext, build_views_context
from kompetens.cohort.analysis import analyse
from kompetens.cohort.collect import CollectOptions, collect
from kompetens.cohort.context import build_cohort_context
from kompetens.cohort.contract import CohortContext
from kompetens.framework.catalog import builtin_frameworks
from kompetens.framework.validation import load_framework
from kompetens.interop.document import FrameworkDocumentContext, framework_document_context
from kompetens.model import Framework, Result
from kompetens.report import render_cohort_report, render_student_report
from kompetens.report.context import attach_views, build_report_context
from kompetens.report.contract import ReportContext
from kompetens.report.environment import build_charts

ROOT = Path(__file__).resolve().parents[1]
STUDENT = ROOT / "examples" / "student"
PROGRAMME = ROOT / "examples" / "programme"
COHORT = ROOT / "examples" / "cohort"


def mismatches(value: Any, hint: Any, path: str = "context") -> list[str]:
    """Where `value` departs from the type `hint` (a TypedDict, list, dict, union, …)."""
    if hint is Any or hint is object:
        return []
    if is_typeddict(hint):
        if not isinstance(value, dict):
            return [f"{path}: {type(value).__name__}, not a dict"]
        hints = get_type_hints(hint)
        problems = [f"{path}.{key}: missing" for key in hint.__required_keys__ - value.keys()]
        problems += [f"{path}.{key}: not in {hint.__name__}" for key in value.keys() - hints.keys()]
        for key in sorted(value.keys() & hints.keys()):
            problems += mismatches(value[key], hints[key], f"{path}.{key}")
        return problems
    origin = get_origin(hint)
    if origin in (Union, types.UnionType):
        options = [mismatches(value, option, path) for option in get_args(hint)]
        return [] if any(not o for o in options) else min(options, key=len)
    if origin is Literal:
        return [] if value in get_args(hint) else [f"{path}: {value!r} not in {hint}"]
    if origin is list:
        if not isinstance(value, list):
            return [f"{path}: {type(value).__name__}, not a list"]
        (item,) = get_args(hint)
        return [p for i, v in enumerate(value) for p in mismatches(v, item, f"{path}[{i}]")]
    if origin is dict:
        if not isinstance(value, dict):
            return [f"{path}: {type(value).__name__}, not a dict"]
        key_type, item = get_args(hint)
        return [
            p
            for k, v in value.items()
            for p in [*mismatches(k, key_type, f"{path} key"), *mismatches(v, item, f"{path}[{k}]")]
        ]
    if hint is type(None):
        return [] if value is None else [f"{path}: {value!r}, not None"]
    if hint is float:
        ok = isinstance(value, int | float) and not isinstance(value, bool)
        return [] if ok else [f"{path}: {value!r}, not a number"]
    if hint is int:
        ok = isinstance(value, int) and not isinstance(value, bool)
        return [] if ok else [f"{path}: {value!r}, not an int"]
    return [] if isinstance(value, hint) else [f"{path}: {value!r}, not {hint.__name__}"]


def test_the_checker_finds_a_missing_an_extra_and_a_mistyped_key() -> None:
    class Point(typing.TypedDict):
        x: float
        label: str | None
        tags: list[str]

    assert mismatches({"x": 1, "label": None, "tags": ["a"]}, Point) == []
    assert mismatches({"label": "a", "tags": []}, Point) == ["context.x: missing"]
    assert mismatches({"x": 1.5, "label": "a", "tags": [], "y": 2}, Point) == [
        "context.y: not in Point"
    ]
    assert mismatches({"x": True, "label": 3, "tags": [1]}, Point) == [
        "context.label: 3, not str",
        "context.tags[0]: 1, not str",
        "context.x: True, not a number",
    ]


def load_builtin(framework_id: str) -> Framework:
    framework, diagnostics = load_framework(builtin_frameworks()[framework_id])
    assert framework is not None, diagnostics
    return framework


def load_result(path: Path) -> tuple[Result, None]:
    result, _, diagnostics = read_result(path)
    assert result is not None, diagnostics
    return result, None


def _student(result_name: str, **kwargs: Any) -> ReportContext:
    result, _ = load_result(STUDENT / result_name)
    framework = load_builtin(result.framework.id)
    scores = score_result(framework, result.level, ratings_of(result.answers))
    return build_report_context(framework, result, scores, "fi", **kwargs)


def test_the_student_report_context_is_what_its_type_says() -> None:
    earlier, _ = load_result(STUDENT / "aino-2026-spring.yaml")
    framework = load_builtin(earlier.framework.id)
    before = (earlier, score_result(framework, earlier.level, ratings_of(earlier.answers)))
    context = _student("aino-2026-autumn.yaml", baseline=before)
    assert context["baseline"] is not None and context["notes"]
    assert mismatches(context, ReportContext) == []


def _mentor_pair() -> tuple[ReportContext, ViewsContext]:
    own, _ = load_result(PROGRAMME / "round-2" / "Kuopio" / "s3001.yaml")
    other, _ = load_result(PROGRAMME / "mentors" / "Kuopio" / "s3001-mentor.yaml")
    framework = load_builtin(own.framework.id)
    scores = score_result(framework, own.level, ratings_of(own.answers))
    context = build_report_context(framework, own, scores, "en")
    return context, build_views_context(framework, own, other, "en")


def test_the_views_context_is_what_its_type_says() -> None:
    context, views = _mentor_pair()
    assert views["areas"] and (views["self_higher"] or views["assessor_higher"])
    assert mismatches(views, ViewsContext, "views") == []
    attach_views(context, views)
    assert mismatches(context, ReportContext) == []


@pytest.fixture(scope="module")
def cohort_context() -> CohortContext:
    collection = collect([str(COHORT)], CollectOptions(level="nqf6", by=("folder",)))
    analysis = analyse(collection, by=("folder",), min_group=5)
    return build_cohort_context(collection, analysis, "en", pseudonymised=False)


def test_the_cohort_context_is_what_its_type_says(cohort_context: CohortContext) -> None:
    assert cohort_context["groups"] and cohort_context["rejections"]
    assert cohort_context["support"]
    assert mismatches(cohort_context, CohortContext) == []


@pytest.mark.parametrize("level", [None, "nqf6"])
def test_the_framework_document_context_is_what_its_type_says(level: str | None) -> None:
    context = framework_document_context(load_builtin("sote-client-work"), "sv", level)
    assert mismatches(context, FrameworkDocumentContext) == []


def _svg_titles(markup: Mapping[str, Markup]) -> dict[str, str]:
    return {
        slot: Markup(svg.split("<title>", 1)[1].split("</title>", 1)[0]).unescape()
        for slot, svg in markup.items()
        if svg
    }


def test_charts_are_drawn_only_when_a_context_asks_for_them() -> None:
    """A context with areas, a scale and means but no chart requests gets no charts: the
    renderer no longer guesses from the shape of the data."""
    context = _student("aino-2026-autumn.yaml")
    assert [r["slot"] for r in context["chart_requests"]] == ["areas", "bars"]
    drawn = build_charts(context["chart_requests"], "fi")
    assert _svg_titles(drawn) == {
        "areas": "Osaamisalueet suhteessa tavoitetasoon",
        "bars": "Osa-alueet suhteessa tavoitetasoon",
    }
    assert build_charts([], "fi") == {}
    unasked = {**context, "chart_requests": []}
    html = render_student_report(unasked, "html")  # type: ignore[arg-type]
    assert "<svg" not in html
    assert "<svg" in render_student_report(context, "html")


def test_the_views_chart_is_asked_for_when_the_views_are_attached() -> None:
    context, views = _mentor_pair()
    attach_views(context, views)
    slots = [r["slot"] for r in context["chart_requests"]]
    assert slots == ["areas", "bars", "views"]
    titles = _svg_titles(build_charts(context["chart_requests"], "en"))
    assert titles["views"] == "Sub-areas: your view and the mentor's"


def test_the_cohort_report_labels_its_chart_in_its_own_words(
    cohort_context: CohortContext,
) -> None:
    (request,) = cohort_context["chart_requests"]
    assert request["slot"] == "areas"
    assert request["texts"]["you"] == "Cohort mean"
    assert request["texts"]["title"] == "Cohort means per area"
    from kompetens.cohort.context import message_catalogue

    texts = message_catalogue("en")
    assert not [key for key in texts if key.startswith("report.")]
    html = render_cohort_report(cohort_context, "html", messages=texts)
    assert "<title>Cohort means per area</title>" in html
    assert ">Cohort mean</text>" in html


def test_a_users_template_sees_the_charts_but_not_the_requests(tmp_path: Path) -> None:
    """`--template` renders through the same sandbox; the chart requests are for the
    renderer only, the drawn charts are what the template gets."""
    template = tmp_path / "mine.md.j2"
    template.write_text(
        "{{ chart_requests is defined }} {{ charts|sort|join(',') }} {{ 'svg' in charts.bars }}",
        encoding="utf-8",
    )
    context = _student("aino-2026-autumn.yaml")
    assert render_student_report(context, "md", template=template) == "False areas,bars,radar True"


@pytest.mark.parametrize("kind", ["student", "cohort", "framework"])
def test_every_entry_point_renders_a_users_template_in_the_sandbox(
    kind: str, tmp_path: Path, cohort_context: CohortContext
) -> None:
    """Each kind of document takes a user's template through the same sandbox: plain
    data reads, Python internals are refused with the file and line."""
    from kompetens.report import ReportTemplateError, render_framework_document

    good = tmp_path / "good.md.j2"
    good.write_text("{{ framework.title }}|{{ language }}", encoding="utf-8")
    bad = tmp_path / "bad.md.j2"
    bad.write_text("line one\n{{ ''.__class__.__mro__ }}", encoding="utf-8")

    def render(template: Path) -> str:
        if kind == "student":
            return render_student_report(_student("aino-2026-autumn.yaml"), "md", template=template)
        if kind == "cohort":
            return render_cohort_report(cohort_context, "md", messages={}, template=template)
        context = framework_document_context(load_builtin("sote-client-work"), "en")
        return render_framework_document(context, "md", messages={}, template=template)

    title, language = render(good).split("|")
    assert title and language in ("en", "fi")
    with pytest.raises(ReportTemplateError) as refused:
        render(bad)
    assert "sandbox" in str(refused.value) and "bad.md.j2" in str(refused.value)
