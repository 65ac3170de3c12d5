"""The plain-dict context that every student report template receives.

Templates never see pydantic objects (a sandboxed template could call their methods), only
dicts, lists, strings and numbers, in the language the reader chose. The keys are the
`ReportContext` TypedDict (`kompetens.report.contract`), documented in docs/templates.md;
changing them is a breaking change for users' templates. The builder also states which
charts the report wants (`chart_requests`), so the renderer draws those and no others.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from kompetens.assessment.baseline import CrossVersionComparison
from kompetens.assessment.scoring import DEVELOPING_WITHIN, MEETS_WITHIN, NEAR_WITHIN, Score, Scores
from kompetens.assessment.views import ViewsContext
from kompetens.assessment.wording import statement_text
from kompetens.model import Answer, Framework, Result, localize
from kompetens.model.framework import Area, Component, Statement
from kompetens.report.chart_requests import (
    ChartRequest,
    ChartRow,
    ChartTexts,
    ScaleFrame,
    area_chart_requests,
    bars_request,
    chart_row,
    near_text,
)
from kompetens.report.contract import (
    AreaEntry,
    AssessorInfo,
    BaselineInfo,
    ComponentEntry,
    FrameworkInfo,
    GoalEntry,
    LevelInfo,
    NoteEntry,
    ReportContext,
    ScaleInfo,
    ScoreNumbers,
    StatementEntry,
)


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


def _numbers(score: Score, language: str, now: Score | None, before: Score | None) -> ScoreNumbers:
    """A score's numbers (as `Score.as_dict` rounds them) and its change since `before`,
    where `now` is the score compared (the same score, or across versions its carried part)."""
    change: float | None = None
    baseline_mean: float | None = None
    if before is not None and before.mean is not None:
        baseline_mean = round(before.mean, 3)
        change = None if now is None or now.mean is None else round(now.mean - before.mean, 3)
    return ScoreNumbers(
        id=score.id,
        kind=score.kind,
        mean=None if score.mean is None else round(score.mean, 3),
        answered=score.answered,
        cant_say=score.cant_say,
        total=score.total,
        answered_share=round(score.answered_share, 3),
        target=score.target,
        gap=None if score.gap is None else round(score.gap, 3),
        status=score.status.value,
        gap_text=gap_words(score.gap, language),
        baseline_mean=baseline_mean,
        change=change,
    )


def _area_score(scores: Scores | None, area_id: str) -> Score | None:
    if scores is None:
        return None
    return next((a for a in scores.areas if a.id == area_id), None)


@dataclass(frozen=True)
class _Builder:
    """The inputs of one report context and the steps that turn them into its parts."""

    framework: Framework
    result: Result
    scores: Scores
    language: str
    before: Scores | None
    now_compared: Scores

    def t(self, text: dict[str, str] | None) -> str:
        return localize(text, self.language, self.framework.default_language)

    @cached_property
    def rating_labels(self) -> dict[int, str]:
        return {p.value: self.t(p.label) for p in self.framework.scale.points}

    @cached_property
    def cant_say_label(self) -> str:
        cant_say = self.framework.scale.cant_say
        return self.t(cant_say.label) if cant_say else "–"

    @cached_property
    def not_applicable_label(self) -> str:
        not_applicable = self.framework.scale.not_applicable
        return self.t(not_applicable.label) if not_applicable else self.cant_say_label

    def rating_label(self, answer: Answer | None) -> str | None:
        """The scale label of the rating, the "does not apply" or "can't say" label, or
        none when unanswered."""
        if answer is None:
            return None
        if answer.rating is not None:
            return self.rating_labels.get(answer.rating, str(answer.rating))
        return self.not_applicable_label if answer.not_applicable else self.cant_say_label

    def statement(self, statement: Statement) -> StatementEntry:
        answer = self.result.answers.get(statement.id)
        not_applies = answer is not None and answer.not_applicable
        return StatementEntry(
            id=statement.id,
            text=statement_text(
                statement, self.language, self.framework.default_language, self.result.role
            ),
            answered=answer is not None,
            rating=answer.rating if answer else None,
            rating_label=self.rating_label(answer),
            cant_say=answer is not None and answer.rating is None and not not_applies,
            not_applicable=not_applies,
            note=answer.note if answer else None,
        )

    def component(self, area: Area, component: Component, score: Score) -> ComponentEntry:
        level = self.scores.level
        numbers = _numbers(
            score,
            self.language,
            self.now_compared.components.get(component.id),
            self.before.components.get(component.id) if self.before else None,
        )
        return ComponentEntry(
            **numbers,
            title=self.t(component.title),
            area=area.id,
            description=self.t(component.description),
            descriptor=self.t(component.descriptors.get(level)),
            guidance=self.t(component.guidance_for(level)),
            references=[{"title": self.t(r.title), "url": r.url} for r in component.references],
            statements=[self.statement(s) for s in component.statements_for(level)],
        )

    def area(self, area: Area, score: Score) -> AreaEntry:
        components = [
            self.component(area, component, self.scores.components[component.id])
            for component in area.components
            if component.id in self.scores.components
        ]
        numbers = _numbers(
            score,
            self.language,
            _area_score(self.now_compared, area.id),
            _area_score(self.before, area.id),
        )
        return AreaEntry(
            **numbers,
            title=self.t(area.title),
            description=self.t(area.description),
            components=components,
            reflection=self.result.reflections.get(area.id),
        )

    def areas(self) -> list[AreaEntry]:
        return [
            self.area(area, score)
            for area in self.framework.areas
            if (score := _area_score(self.scores, area.id)) is not None
        ]

    def framework_info(self) -> FrameworkInfo:
        framework, source = self.framework, self.framework.source
        return FrameworkInfo(
            id=framework.id,
            version=framework.version,
            title=self.t(framework.title),
            description=self.t(framework.description),
            source=(
                {
                    "title": self.t(source.title),
                    "authors": source.authors,
                    "year": source.year,
                    "url": source.url,
                    "note": self.t(source.note),
                }
                if source
                else None
            ),
            licence=framework.licence,
        )

    def level_info(self) -> LevelInfo:
        level = self.framework.level(self.scores.level)
        return LevelInfo(
            id=level.id,
            title=self.t(level.title),
            description=self.t(level.description),
            target=level.target,
        )

    def scale_info(self) -> ScaleInfo:
        scale = self.framework.scale
        return ScaleInfo(
            min=scale.minimum,
            max=scale.maximum,
            points=[
                {"value": p.value, "label": self.t(p.label), "description": self.t(p.description)}
                for p in scale.points
            ],
            cant_say=self.cant_say_label,
            not_applicable=self.t(scale.not_applicable.label) if scale.not_applicable else None,
        )

    def assessor_info(self) -> AssessorInfo | None:
        assessor = self.result.assessor
        if assessor is None or self.result.role == "self":
            return None
        return AssessorInfo(role=assessor.role, name=assessor.name)

    def notes(self, areas: list[AreaEntry]) -> list[NoteEntry]:
        return [
            NoteEntry(component=component["id"], **statement)
            for area in areas
            for component in area["components"]
            for statement in component["statements"]
            if statement["note"]
        ]

    def goals(self, components: dict[str, ComponentEntry]) -> list[GoalEntry]:
        return [
            GoalEntry(
                text=goal.text,
                component=goal.component,
                component_title=components[goal.component]["title"]
                if goal.component in components
                else None,
                actions=goal.actions,
                due=goal.due.isoformat() if goal.due else None,
            )
            for goal in self.result.goals
        ]


def _baseline_info(
    baseline: tuple[Result, Scores] | None, across_versions: CrossVersionComparison | None
) -> BaselineInfo | None:
    if baseline is None:
        return None
    earlier = baseline[0]
    return BaselineInfo(
        version=earlier.framework.version,
        compared=list(across_versions.carried) if across_versions else None,
        left_out=list(across_versions.left_out) if across_versions else [],
        started=earlier.started.isoformat(timespec="minutes"),
        completed=earlier.completed.isoformat(timespec="minutes") if earlier.completed else None,
    )


def build_report_context(
    framework: Framework,
    result: Result,
    scores: Scores,
    language: str,
    *,
    baseline: tuple[Result, Scores] | None = None,
    across_versions: CrossVersionComparison | None = None,
) -> ReportContext:
    """The report context. With `across_versions` (a baseline made with another version of
    the framework), changes compare only the statements both versions ask: the baseline's
    and the current answers both scored on those (`kompetens.assessment.baseline`)."""
    before = baseline[1] if baseline else None
    build = _Builder(
        framework,
        result,
        scores,
        language,
        before,
        across_versions.now if across_versions else scores,
    )
    areas = build.areas()
    components = {c["id"]: c for area in areas for c in area["components"]}
    context = ReportContext(
        language=language,
        framework=build.framework_info(),
        level=build.level_info(),
        scale=build.scale_info(),
        thresholds={
            "meets_within": MEETS_WITHIN,
            "near_within": NEAR_WITHIN,
            "developing_within": DEVELOPING_WITHIN,
        },
        respondent={"id": result.respondent.id, "name": result.respondent.name},
        assessor=build.assessor_info(),
        started=result.started.isoformat(timespec="minutes"),
        completed=result.completed.isoformat(timespec="minutes") if result.completed else None,
        is_draft=result.is_draft,
        overall=_numbers(
            scores.overall, language, build.now_compared.overall, before.overall if before else None
        ),
        areas=areas,
        priorities=[components[c.id] for c in scores.priorities()],
        strengths=[components[c.id] for c in scores.strengths()],
        notes=build.notes(areas),
        goals=build.goals(components),
        baseline=_baseline_info(baseline, across_versions),
        chart_requests=[],
    )
    context["chart_requests"] = report_chart_requests(context)
    return context


def _frame(context: ReportContext) -> ScaleFrame:
    return ScaleFrame(
        scale_min=float(context["scale"]["min"]),
        scale_max=float(context["scale"]["max"]),
        target=float(context["level"]["target"]),
    )


def _texts(language: str) -> dict[str, str]:
    from kompetens.text.i18n import Messages

    messages = Messages(language)
    return {**messages.domain("report"), **messages.domain("views")}


def report_chart_requests(context: ReportContext) -> list[ChartRequest]:
    """The student report's charts: `areas` (and `radar` with five or more areas) and
    `bars` (the sub-areas), with the earlier result's means when there is a baseline."""
    texts = _texts(context["language"])
    near = context["thresholds"]["near_within"]

    def chart_texts(title: str) -> ChartTexts:
        return ChartTexts(
            title=title,
            you=texts.get("report.legend_you", "You"),
            target=texts.get("report.legend_target", "Target"),
            baseline=texts.get("report.legend_baseline", "Earlier"),
            not_assessable=texts.get("report.not_assessable", "not enough answers"),
            near=near_text(
                texts.get("report.legend_near", "Just below the target ({near})"),
                near,
                context["language"],
            ),
        )

    areas = [chart_row(area) for area in context["areas"]]
    rows: list[ChartRow] = [
        chart_row(component, area["title"])
        for area in context["areas"]
        for component in area["components"]
    ]
    with_baseline = bool(context["baseline"])
    frame = _frame(context)
    area_texts = chart_texts(texts.get("report.chart_radar", "Areas"))
    bar_texts = chart_texts(texts.get("report.chart_bars", "Sub-areas"))
    return [
        *area_chart_requests(
            areas,
            frame,
            area_texts,
            baseline=[a["baseline_mean"] for a in context["areas"]] if with_baseline else None,
            near_band=near,
        ),
        *bars_request(
            "bars",
            rows,
            frame,
            bar_texts,
            baseline=[c["baseline_mean"] for a in context["areas"] for c in a["components"]]
            if with_baseline
            else None,
            near_band=near,
        ),
    ]


def attach_views(context: ReportContext, views: ViewsContext) -> None:
    """Put an assessor's view (`report --assessor`) into the report, and ask for its chart:
    the student's sub-area means as bars, the assessor's as diamonds."""
    context["views"] = views
    if not views["areas"]:
        return
    texts = _texts(context["language"])
    role = str(views["assessor"]["role"])
    chart_texts = ChartTexts(
        title=texts.get("views.chart", "{role}").format(role=texts.get(f"views.role.{role}", role)),
        you=texts.get("views.column.self", "You"),
        target=texts.get("report.legend_target", "Target"),
        baseline=texts.get(f"views.column.{role}", role),
        not_assessable=texts.get("report.not_assessable", "not enough answers"),
        near="",  # no band: the assessor's diamonds are the second series
    )
    rows = [
        ChartRow(id=c["id"], title=c["title"], mean=c["self"], group=area["title"])
        for area in views["areas"]
        for c in area["components"]
    ]
    others = [c["assessor"] for area in views["areas"] for c in area["components"]]
    context["chart_requests"] = [
        *context["chart_requests"],
        *bars_request("views", rows, _frame(context), chart_texts, baseline=others),
    ]
