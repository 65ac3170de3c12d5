"""`report --assessor`: read the assessor's result, check it can be compared, say why not.

The comparison itself is `kompetens.assessment.views.build_views_context`; this module reads the
second file, refuses what cannot be compared (another level, another framework, another
person without `--force`) and prints the warnings (left-out statements, a name mismatch).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from kompetens.cli.common import EXIT_FINDINGS, fail, print_diagnostics, read_result_or_exit

if TYPE_CHECKING:
    from kompetens.assessment.views import ViewsContext
    from kompetens.model import Framework, Result
    from kompetens.text.i18n import Messages


def _who(result: Result, unnamed: str) -> str:
    respondent = result.respondent
    if respondent.name and respondent.id:
        return f"{respondent.name} ({respondent.id})"
    return respondent.name or respondent.id or unnamed


def assessor_views(
    path: Path,
    own_path: Path,
    own: Result,
    framework: Framework,
    language: str,
    *,
    force: bool,
    messages: Messages,
) -> ViewsContext:
    """The comparison context of `own` and the result at `path`, or a message and exit."""
    from kompetens.assessment.results import check_result
    from kompetens.assessment.views import build_views_context, identity, shared_statements

    if path.resolve() == own_path.resolve():
        fail(messages("views.error_same_file"))
    other, document = read_result_or_exit(path)
    if own.role != "self" and other.role == "self":
        fail(messages("views.error_swapped", path=path, result=own_path))
    if other.role == "self":
        fail(messages("views.error_not_assessor", path=path))
    if other.level != own.level:
        fail(
            messages("report.error_other_level", path=path, other=other.level, level=own.level),
            EXIT_FINDINGS,
        )
    if other.framework.id != framework.id:
        fail(
            messages(
                "report.error_other_framework",
                path=path,
                other=other.framework.id,
                statements=", ".join(sorted(other.answers)[:3]),
                framework=framework.id,
            ),
            EXIT_FINDINGS,
        )
    older = _other_version(other, framework)
    checked_with = older if older is not None else framework
    if older is not None or other.framework.version == framework.version:
        problems = check_result(checked_with, other, document)
        if problems:
            print_diagnostics(problems)
            raise typer.Exit(EXIT_FINDINGS)
    who = identity(own, other)
    unnamed = messages("views.unnamed")
    if not who.same_person and not force:
        fail(
            messages(
                "views.error_other_person",
                path=path,
                other=_who(other, unnamed),
                who=_who(own, unnamed),
            ),
            EXIT_FINDINGS,
        )
    if who.name_mismatch:
        warning = messages(
            "views.name_mismatch",
            id=own.respondent.id,
            name=own.respondent.name,
            other=other.respondent.name,
        )
        typer.echo(f"kompetens: {warning}", err=True)
    left_out = shared_statements(framework, own.level, other, older).left_out
    if left_out:
        note = messages("views.left_out", statements=", ".join(left_out))
        typer.echo(f"kompetens: {note}", err=True)
    return build_views_context(framework, own, other, language, older)


def _other_version(other: Result, framework: Framework) -> Framework | None:
    """The built-in version the assessor's result names, when it is not `framework`'s."""
    from kompetens.cli.common import load_framework_or_exit
    from kompetens.framework.catalog import UnknownFrameworkError, resolve_framework

    if other.framework.version == framework.version:
        return None
    spec = f"{other.framework.id}@{other.framework.version}"
    try:
        resolve_framework(spec)
    except UnknownFrameworkError:
        return None
    return load_framework_or_exit(spec)
