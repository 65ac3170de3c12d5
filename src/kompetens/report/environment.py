"""The Jinja environment that turns a report context into HTML or Markdown.

Templates may come from the user (`kompetens report --template FILE`) and so are
untrusted: they run in Jinja's immutable sandbox, see only plain dicts, lists, strings and
numbers, and cannot reach Python internals (`''.__class__` fails loudly). HTML output is
autoescaped, so a note containing `<script>` is shown as text; the precomputed charts are
the only markup that passes through unescaped.

A template that names a key the context lacks renders it as empty instead of crashing, so a
user's template written for an older version of kompetens keeps working.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any, Literal, NoReturn

from jinja2 import (
    BaseLoader,
    ChainableUndefined,
    ChoiceLoader,
    FileSystemLoader,
    PrefixLoader,
    TemplateError,
    TemplateNotFound,
    TemplateSyntaxError,
    select_autoescape,
)
from jinja2.exceptions import SecurityError
from markupsafe import Markup

from kompetens import __version__
from kompetens.report import filters
from kompetens.report.chart_requests import ChartRequest
from kompetens.report.charts import ChartLabels, NumberFormat, bar_chart, radar_chart
from kompetens.report.contract import NOT_FOR_TEMPLATES, ReportContext
from kompetens.report.errors import ReportTemplateError
from kompetens.report.limits import (
    ConfinedLoader,
    LimitedSandbox,
    collect_output,
    deadline,
    memory_error,
    run_limited,
)

Format = Literal["md", "html"]

BUILTIN_PREFIX = "kompetens"
"""Built-in templates are addressed as `kompetens/report.html.j2`, so that a user's
template can extend them (`{% extends "kompetens/report.html.j2" %}`) even when the user's
own file has the same name."""

_FORMATS: tuple[Format, ...] = ("md", "html")


class _LenientUndefined(ChainableUndefined):
    """Missing keys render as empty (and chain: `a.b.c`), but a sandbox refusal never does.

    Jinja reports an unsafe attribute as an undefined value carrying `SecurityError`; with a
    chainable undefined that would render silently as nothing. Here any use of it raises,
    so the author of a template learns that the sandbox refused it.
    """

    __slots__ = ()

    def _refused(self) -> bool:
        return isinstance(self._undefined_exception, type) and issubclass(
            self._undefined_exception, SecurityError
        )

    def __str__(self) -> str:
        if self._refused():
            self._fail_with_undefined_error()
        return super().__str__()

    def __html__(self) -> str:
        return str(self)

    def __getattr__(self, name: str) -> Any:
        if name[:2] != "__" and self._refused():
            self._fail_with_undefined_error()
        return super().__getattr__(name)

    def __getitem__(self, name: str) -> Any:
        if self._refused():
            self._fail_with_undefined_error()
        return super().__getitem__(name)

    def __iter__(self) -> Any:
        if self._refused():
            self._fail_with_undefined_error()
        return super().__iter__()


def templates_dir() -> Path:
    """The built-in templates (`templates/` in a checkout, `kompetens/templates` in a wheel)."""
    from kompetens.framework.catalog import resource_dir

    return resource_dir("templates")


def build_environment(
    fmt: Format, language: str, *, user_dir: Path | None = None, user_template: str | None = None
) -> LimitedSandbox:
    """A sandboxed environment for one output format and language.

    The filters are bound to `language`, so `{{ x|num }}` writes a decimal comma for Finnish
    and Swedish readers without the template having to know. The immutable sandbox also
    stops a template from changing the context lists that the caller may render again.
    """
    builtin = FileSystemLoader(str(templates_dir()))
    loaders: list[BaseLoader] = [PrefixLoader({BUILTIN_PREFIX: builtin})]
    if user_dir is not None:
        loaders.append(ConfinedLoader(user_dir, user_template))
    env = LimitedSandbox(
        loader=ChoiceLoader(loaders),
        autoescape=select_autoescape(
            enabled_extensions=(), default_for_string=fmt == "html", default=fmt == "html"
        ),
        undefined=_LenientUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
    )
    env.filters.update(language_filters(language))
    return env


def language_filters(language: str) -> dict[str, Callable[..., Any]]:
    """The report filters with the language bound, so that `{{ x|num(2) }}` means two
    decimals (not a language) and the template never has to pass the language itself."""

    def num(value: Any, digits: int = 1) -> str:
        return filters.num(value, language, digits)

    def pct(value: Any, digits: int = 0) -> str:
        return filters.pct(value, language, digits)

    def signed(value: Any, digits: int = 1) -> str:
        return filters.signed(value, language, digits)

    def date(value: Any) -> str:
        return filters.date(value, language)

    return {
        "num": num,
        "pct": pct,
        "signed": signed,
        "date": date,
        "md": filters.md,
        "http_url": filters.http_url,
    }


def _draw(request: ChartRequest, number: NumberFormat) -> str:
    """One requested chart as SVG."""
    labels = ChartLabels(**request["texts"])
    if request["kind"] == "radar":
        return radar_chart(
            request["rows"],
            request["target"],
            request["scale_min"],
            request["scale_max"],
            baseline=request["baseline"],
            labels=labels,
            number=number,
        )
    return bar_chart(
        request["rows"],
        request["target"],
        request["scale_min"],
        request["scale_max"],
        baseline=request["baseline"],
        labels=labels,
        number=number,
        near_band=request["near_band"],
    )


def build_charts(
    requests: Sequence[ChartRequest], language: str, *, slots: Sequence[str] = ()
) -> dict[str, Markup]:
    """The requested charts as SVG markup, ready to drop into a template as `charts[slot]`.

    Only what the context builder asked for is drawn (`report.chart_requests`); `slots`
    are the names a document kind always offers, empty when nothing is drawn in them.
    """
    number = partial(filters.num, language=language)
    charts = {slot: Markup("") for slot in slots}
    for request in requests:
        charts[request["slot"]] = Markup(_draw(request, number))
    return charts


def _template_position(exc: BaseException) -> tuple[str | None, int | None]:
    """The template file and line where a render error happened.

    Jinja rewrites tracebacks so that frames inside a template carry the template's file
    name and line; the innermost such frame is where the author should look.
    """
    frames = traceback.extract_tb(exc.__traceback__)
    for frame in reversed(frames):
        if not frame.filename.endswith(".py") and not frame.filename.startswith("<"):
            return frame.filename, frame.lineno
    return None, None


def _fail(exc: Exception, template: Path | None) -> NoReturn:
    """Re-raise a Jinja error as `ReportTemplateError` with file and line."""
    if isinstance(exc, TemplateSyntaxError):
        raise ReportTemplateError(
            exc.message or str(exc), file=exc.filename, line=exc.lineno
        ) from exc
    if isinstance(exc, TemplateNotFound):
        raise ReportTemplateError(f"template not found: {exc.name}") from exc
    if isinstance(exc, SecurityError):
        message = f"refused by the template sandbox: {exc}"
    elif isinstance(exc, TemplateError):
        message = str(exc)
    else:
        message = f"{type(exc).__name__}: {exc}"
    file, line = _template_position(exc)
    if file is None and template is not None:
        file = str(template)
    raise ReportTemplateError(message, file=file, line=line) from exc


STUDENT_CHART_SLOTS = ("areas", "radar", "bars")
"""The charts a student report's template can always name (docs/templates.md, Charts)."""


@dataclass(frozen=True)
class _Document:
    """One kind of document: its built-in template's name, its chart slots, its texts."""

    template: str
    slots: tuple[str, ...] = ()


STUDENT_REPORT = _Document("report", STUDENT_CHART_SLOTS)
COHORT_REPORT = _Document("cohort", ("areas",))
FRAMEWORK_DOCUMENT = _Document("framework")


def render_student_report(
    context: ReportContext,
    fmt: Format,
    *,
    template: Path | None = None,
    messages: Mapping[str, str] | None = None,
) -> str:
    """The student report as an HTML or Markdown document.

    `context` comes from `kompetens.report.context.build_report_context`. `template` is a
    user's own template file (it may extend or include the built-in ones under
    `kompetens/`); without it the built-in `report.<fmt>.j2` is used. `messages` are the
    interface texts (`t`), by default the `report.*` and `views.*` texts in the context's
    language. Raises `ReportTemplateError` when the template is broken or breaks the
    sandbox's rules.
    """
    if messages is None:
        from kompetens.text.i18n import Messages

        language = context["language"]
        messages = {**Messages(language).domain("report"), **Messages(language).domain("views")}
    return _render(STUDENT_REPORT, context, fmt, template, messages)


def render_cohort_report(
    context: Mapping[str, object],
    fmt: Format,
    *,
    messages: Mapping[str, str],
    template: Path | None = None,
) -> str:
    """The cohort report (`score --report`) from `kompetens.cohort.context`'s
    `CohortContext`; `messages` are its texts (`cohort.context.message_catalogue`).
    (Typed as a mapping here: `report/` sits below `cohort/` and cannot import its types.)
    """
    return _render(COHORT_REPORT, context, fmt, template, messages)


def render_framework_document(
    context: Mapping[str, object],
    fmt: Format,
    *,
    messages: Mapping[str, str],
    template: Path | None = None,
) -> str:
    """The framework as a document (`export --to md|html`) from the
    `FrameworkDocumentContext` of `kompetens.interop.document` (a mapping here, as above)."""
    return _render(FRAMEWORK_DOCUMENT, context, fmt, template, messages)


def _render(
    document: _Document,
    context: Mapping[str, Any],
    fmt: Format,
    template: Path | None,
    messages: Mapping[str, str],
) -> str:
    """Render `context` through `template` (a user's, sandboxed and limited) or the
    document's built-in template, with the requested charts drawn."""
    if fmt not in _FORMATS:
        raise ValueError(f"unknown report format {fmt!r} (expected one of {', '.join(_FORMATS)})")
    language = str(context.get("language") or "en")
    if template is not None and not template.is_file():
        raise ReportTemplateError(f"template not found: {template}")
    env = build_environment(
        fmt,
        language,
        user_dir=template.parent if template else None,
        user_template=template.name if template else None,
    )
    requests = context.get("chart_requests") or []
    variables: dict[str, Any] = {
        **{k: v for k, v in context.items() if k not in NOT_FOR_TEMPLATES},
        "t": dict(messages),
        "charts": build_charts(requests, language, slots=document.slots),
        "version": __version__,
    }
    name = template.name if template else f"{BUILTIN_PREFIX}/{document.template}.{fmt}.j2"
    if template is None or _is_builtin(template):
        try:
            return env.get_template(name).render(variables)
        except Exception as exc:  # a template can raise anything: 1/0, a bad filter argument
            _fail(exc, template)
    user_template = template

    def render() -> str:
        """A user's template: in a child process with limits (see `report.limits`)."""
        stop_at = deadline()
        try:
            return collect_output(env.get_template(name).generate(variables), stop_at)
        except MemoryError:
            raise memory_error() from None
        except ReportTemplateError:
            raise
        except Exception as exc:  # a template can raise anything: 1/0, a bad filter argument
            _fail(exc, user_template)

    return run_limited(render)


def _is_builtin(template: Path) -> bool:
    """A template that ships with kompetens (trusted: no child process, no limits)."""
    try:
        return template.resolve().is_relative_to(templates_dir().resolve())
    except OSError:
        return False
