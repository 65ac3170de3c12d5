"""`kompetens export` as one call: a valid framework and the options → the file's text.

The command line parses options and loads the framework; everything that depends on the
framework happens here: the language and level must be the framework's, a survey needs
one level, and a CASE package's time stamp depends on the file it replaces (kept when the
content is the same, so that an unchanged framework exports byte-identically).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from kompetens.interop.formats import SURVEY_DESIGNS, ExportFormat
from kompetens.interop.notices import Notice, Refused
from kompetens.model.framework import Framework

MAX_PREVIOUS_BYTES = 50 * 1024 * 1024
"""A file larger than this is not an earlier export of ours; its time stamp is not read."""


@dataclass(frozen=True)
class ExportRequest:
    """The options of one export, parsed (the delimiter already a Moodle delimiter name)."""

    to: ExportFormat
    language: str | None = None
    level: str | None = None
    changed: str | None = None
    base_url: str | None = None
    delimiter: str | None = None
    multilingual: bool = False
    replaces: Path | None = None
    """The file the export will be written over, if any (its CASE time stamp is reused)."""
    environ: Mapping[str, str] = field(default_factory=dict)
    now: datetime | None = None


@dataclass(frozen=True)
class ExportOutcome:
    """The exported text, what it is (for the "wrote …" line) and notes for the user;
    the command line words `what` and `notes` in the user's language."""

    text: str
    what: Notice
    notes: list[Notice] = field(default_factory=list)


def export_framework(framework: Framework, request: ExportRequest) -> ExportOutcome:
    """The framework in the requested format; raises Refused for a language or level the
    framework does not have, a survey without a level, or an unusable CASE option."""
    language = _language(framework, request.language)
    level = request.level
    if level is not None and level not in framework.level_ids:
        raise Refused("framework.unknown_level", level=level, levels=", ".join(framework.level_ids))
    if request.to in SURVEY_DESIGNS:
        return _survey(framework, request.to, level, language)
    if request.to is ExportFormat.moodle_csv:
        from kompetens.interop.moodle_csv import to_moodle_csv

        text = to_moodle_csv(
            framework,
            language,
            level,
            delimiter=request.delimiter,
            multilingual=request.multilingual,
        )
        return ExportOutcome(text, Notice("publish.export.what_moodle_csv"))
    if request.to is ExportFormat.case_json:
        return _case(framework, request, language)
    from kompetens.interop.document import render_framework_document

    text = render_framework_document(framework, request.to.value, language, level)
    return ExportOutcome(text, Notice(f"publish.export.what_{request.to.value}"))


def _language(framework: Framework, lang: str | None) -> str:
    """`--lang` when the framework has it; the framework's default language otherwise.

    Exports do not follow the locale: the same command must give the same file on every
    machine (and in CI).
    """
    if lang is None:
        return framework.default_language
    if lang.lower() not in framework.languages:
        raise Refused(
            "publish.export.no_language", lang=lang, languages=", ".join(framework.languages)
        )
    return lang.lower()


def _survey(
    framework: Framework, to: ExportFormat, level: str | None, language: str
) -> ExportOutcome:
    from kompetens.interop.survey_design import survey_design

    if level is None and len(framework.level_ids) != 1:
        raise Refused("publish.export.survey_level", levels=", ".join(framework.level_ids))
    text, what = survey_design(framework, to.value, level or framework.level_ids[0], language)
    return ExportOutcome(text, what)


def _case(framework: Framework, request: ExportRequest, language: str) -> ExportOutcome:
    from kompetens.interop.case_export import (
        CaseOptions,
        check_base_url,
        decide_changed,
        to_case_json,
    )

    base = check_base_url(request.base_url) if request.base_url is not None else None
    options = CaseOptions(language, base_url=base)
    stamp, notes = decide_changed(
        framework,
        options,
        changed=request.changed,
        environ=request.environ,
        previous=previous_package(request.replaces),
        now=request.now or datetime.now(UTC),
    )
    text = to_case_json(framework, replace(options, changed=stamp))
    return ExportOutcome(text, Notice("publish.export.what_case_json"), notes)


def previous_package(path: Path | None) -> Any:
    """The CASE package at `path` that the export would replace (parsed JSON), or None."""
    if path is None or str(path) == "-" or not path.is_file():
        return None
    try:
        if path.stat().st_size > MAX_PREVIOUS_BYTES:
            return None
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


__all__ = ["ExportOutcome", "ExportRequest", "export_framework", "previous_package"]
