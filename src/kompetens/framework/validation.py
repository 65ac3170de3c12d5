"""From a parsed document to a model, or to positioned diagnostics.

Pydantic reports errors by data path; the document knows where each path is written. This
module translates one into the other and words the messages for the person who wrote the
file (a YAML 1.1 `no` that became `false` is shown as `no`, with the advice to quote it).
"""

from __future__ import annotations

import copy
import types
import typing
from dataclasses import replace
from pathlib import Path
from typing import Any, TypeVar, get_args, get_origin

from pydantic import BaseModel, ValidationError

from kompetens.framework.checks import run_checks
from kompetens.framework.checks.finding import did_you_mean
from kompetens.framework.checks.lint import LintOptions
from kompetens.framework.diagnostics import (
    MAX_PER_FILE,
    Diagnostic,
    Severity,
    format_path,
    has_errors,
    more_problems,
    sorted_diagnostics,
)
from kompetens.framework.loading import Document, read_document
from kompetens.model.framework import Framework, Identifier, SemanticVersion
from kompetens.model.text import LanguageCode

ModelT = TypeVar("ModelT", bound=BaseModel)

_EXPECTED = {
    "string_type": "text",
    "int_type": "a whole number",
    "float_type": "a number",
    "bool_type": "true or false",
    "dict_type": "a mapping",
    "list_type": "a list",
    "model_type": "a mapping",
}


def _pattern(annotation: Any) -> str:
    return str(annotation.__metadata__[0].pattern)


_PATTERN_ADVICE = {
    _pattern(Identifier): "is not a valid id: use lowercase letters, digits and '-', "
    "with '.' between parts",
    _pattern(LanguageCode): "is not a language code: use two or three lowercase letters "
    "(sv, fi, en)",
    _pattern(SemanticVersion): 'is not a version: write three numbers in quotes, e.g. "1.0.0"',
}


def _clip(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _describe(value: Any, raw: str | None) -> str:
    if raw is not None and not isinstance(value, str):
        return f"'{_clip(raw)}' (which YAML reads as {_yaml_kind(value)})"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    return _clip(repr(value))


def _yaml_kind(value: Any) -> str:
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, int):
        return f"the integer {value}"
    if isinstance(value, float):
        return f"the number {value!r}"
    return type(value).__name__


def _annotation_fields(annotation: Any, loc: tuple[Any, ...]) -> set[str]:
    """Field names of the model that `loc` points into, for "did you mean" on unknown keys."""
    for segment in loc:
        annotation = _unwrap(annotation)
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            field = annotation.model_fields.get(str(segment))
            if field is None:
                return set()
            annotation = field.annotation
        elif get_origin(annotation) in (list, dict):
            annotation = get_args(annotation)[-1]
        else:
            return set()
    annotation = _unwrap(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return set(annotation.model_fields)
    return set()


def _unwrap(annotation: Any) -> Any:
    while True:
        origin = get_origin(annotation)
        if origin is typing.Annotated:
            annotation = get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            members = [a for a in get_args(annotation) if a is not type(None)]
            annotation = members[0]
        else:
            return annotation


def _clean_loc(loc: tuple[Any, ...], kind: str, data: Any) -> tuple[tuple[Any, ...], bool]:
    """The data path of a pydantic location, and whether the error is about a key.

    Pydantic adds its own segments: a trailing `[key]`, and union members or validators
    (`function-after[...]`). They are dropped, but only where they are not keys of the data
    itself: a key written as `notes[1]` (or even `[key]`) is data.
    """
    is_key = len(loc) > 1 and loc[-1] == "[key]" and kind not in ("missing", "extra_forbidden")
    if is_key:
        loc = loc[:-1]
    cleaned: list[Any] = []
    current = data
    for segment in loc:
        if isinstance(current, dict):
            key = _data_key(current, segment)
            if key is not _ABSENT:
                cleaned.append(segment)
                current = current[key]
                continue
        elif (
            isinstance(current, list)
            and isinstance(segment, int)
            and not isinstance(segment, bool)
            and 0 <= segment < len(current)
        ):
            cleaned.append(segment)
            current = current[segment]
            continue
        if isinstance(segment, str) and "[" in segment:
            continue
        cleaned.append(segment)
        current = None
    return tuple(cleaned), is_key


_ABSENT = object()


def _data_key(mapping: dict[Any, Any], segment: Any) -> Any:
    """The key of `mapping` that pydantic names `segment` (it prints 1.1 as '1.1')."""
    if segment in mapping:
        return segment
    for key in mapping:
        if str(key) == segment:
            return key
    return _ABSENT


def _display_path(document: Document, loc: tuple[Any, ...]) -> str:
    """`descriptors.no` rather than `descriptors[0]` for a key YAML read as false."""
    shown: list[Any] = []
    for index, segment in enumerate(loc):
        if not isinstance(segment, str):
            raw = document.raw_key(loc[: index + 1])
            if raw is not None:
                segment = raw
        shown.append(segment)
    return format_path(tuple(shown))


def _wording(
    item: Any, loc: tuple[Any, ...], is_key: bool, model: type[BaseModel], document: Document
) -> tuple[str, str]:
    """Code and message for one pydantic error, worded for the person who wrote the file."""
    kind = item["type"]
    value = item.get("input")
    ctx = item.get("ctx") or {}
    if kind == "missing":
        return "missing", f"required key '{loc[-1]}' is missing"
    if kind == "extra_forbidden":
        hint = did_you_mean(str(loc[-1]), _annotation_fields(model, loc[:-1]))
        return "unknown-key", f"unknown key '{loc[-1]}'{hint}"
    if kind in _EXPECTED:
        raw = document.raw_key(loc) if is_key else document.raw_scalar(loc)
        found = _describe(value, raw)
        advice = " — put it in quotes" if kind == "string_type" and raw is not None else ""
        what = f"{_EXPECTED[kind]} as a key" if is_key else _EXPECTED[kind]
        return "type", f"expected {what}, found {found}{advice}"
    if kind == "string_pattern_mismatch" and ctx.get("pattern") in _PATTERN_ADVICE:
        return "schema", f"'{_clip(str(value))}' {_PATTERN_ADVICE[ctx['pattern']]}"
    if kind == "too_short":
        if ctx.get("actual_length") == 0:
            return "schema", "must not be empty"
        minimum, actual = ctx.get("min_length"), ctx.get("actual_length")
        return "schema", f"needs at least {minimum} items, found {actual}"
    if kind == "string_too_short" and ctx.get("min_length") == 1:
        return "schema", "text must not be empty"
    if kind == "literal_error":
        return "schema", f"{item['msg']}, found {_clip(repr(value))}"
    return "schema", str(item["msg"])


def _pruned(data: Any, keep: int) -> Any:
    """`data` with every list cut to its first `keep` items (the errors of a pruned
    document are those of the first items: a subset, found without listing them all)."""
    if isinstance(data, dict):
        return {key: _pruned(value, keep) for key, value in data.items()}
    if isinstance(data, list):
        return [_pruned(item, keep) for item in data[:keep]]
    return data


def _first_errors(
    document: Document, error: ValidationError, model: type[BaseModel]
) -> tuple[list[Any], int]:
    """The errors to word (at most about MAX_PER_FILE of them) and how many more there are.

    pydantic lists every error as a dict; for 300,000 of them that alone takes seconds, so a
    document with many errors is validated again with its lists cut short.
    """
    total = error.error_count()
    if total <= MAX_PER_FILE:
        return error.errors(include_url=False), 0
    try:
        model.model_validate(_pruned(document.data, MAX_PER_FILE))
    except ValidationError as fewer:
        items = fewer.errors(include_url=False)[:MAX_PER_FILE]
    else:  # pragma: no cover - the first items always hold errors of their own
        items = error.errors(include_url=False)[:MAX_PER_FILE]
    return items, total - len(items)


def translate_errors(
    document: Document, error: ValidationError, model: type[BaseModel]
) -> list[Diagnostic]:
    """One diagnostic per place: a key error points at the key, a value error at the value.

    At most MAX_PER_FILE are worded and located; the rest are counted in one `more`."""
    diagnostics: list[Diagnostic] = []
    seen: set[tuple[tuple[Any, ...], bool]] = set()
    items, hidden = _first_errors(document, error, model)
    for item in items:
        loc, is_key = _clean_loc(tuple(item["loc"]), item["type"], document.data)
        if (loc, is_key) in seen:
            continue
        seen.add((loc, is_key))
        code, message = _wording(item, loc, is_key, model, document)
        at_key = is_key or item["type"] == "extra_forbidden"
        diagnostic = document.diagnostic(loc, code, message, at_key=at_key)
        diagnostics.append(replace(diagnostic, path=_display_path(document, loc)))
    if hidden > 0:
        diagnostics.append(more_problems(document.file, hidden))
    return diagnostics


def validate_document(
    document: Document, model: type[ModelT]
) -> tuple[ModelT | None, list[Diagnostic]]:
    """The document's data as `model`, or the schema errors, each with its position."""
    if document.data is None:
        if has_errors(document.diagnostics):
            return None, list(document.diagnostics)
        # Parsed text with nothing in it (read_document says so itself; parse_yaml does not).
        empty = Diagnostic(
            document.file, 1, 1, Severity.ERROR, "not-a-mapping", "", "the file is empty"
        )
        return None, [*document.diagnostics, empty]
    if has_errors(document.diagnostics) and not isinstance(document.data, dict):
        # Already reported as "expected a mapping"; the model would only say it again.
        return None, list(document.diagnostics)
    try:
        validated = model.model_validate(document.data)
    except ValidationError as exc:
        return None, [*document.diagnostics, *translate_errors(document, exc, model)]
    if has_errors(document.diagnostics):
        return None, list(document.diagnostics)
    return validated, list(document.diagnostics)


def _navigate(data: Any, loc: tuple[Any, ...]) -> tuple[Any, Any] | None:
    """The container holding `loc`'s last segment, and that segment, skipping the segments
    pydantic adds that are not in the data (union members, `[key]`)."""
    container = data
    steps = list(loc)
    for index, segment in enumerate(steps):
        last = index == len(steps) - 1
        if (isinstance(container, dict) and segment in container) or (
            isinstance(container, list) and isinstance(segment, int) and segment < len(container)
        ):
            if last:
                return container, segment
            container = container[segment]
        elif last:
            return None
    return None


def _repaired_framework(document: Document) -> Framework | None:
    """The framework as its author evidently meant it, when the only schema errors are
    unknown keys and unquoted text (`no`, `1.10`), so the semantic rules can still report
    on the rest of the file in the same run instead of one round of fixes later."""
    try:
        Framework.model_validate(document.data)
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
    else:
        return None
    patched = copy.deepcopy(document.data)
    for item in errors:
        place = _navigate(patched, tuple(item["loc"]))
        if place is None:
            return None
        container, key = place
        if item["type"] == "extra_forbidden" and isinstance(container, dict):
            del container[key]
        elif item["type"] == "string_type":
            raw = document.raw_scalar(tuple(item["loc"]))
            container[key] = raw if raw is not None else str(item.get("input"))
        else:
            return None
    try:
        return Framework.model_validate(patched)
    except ValidationError:
        return None


def check_framework_document(
    document: Document, *, strict: bool = False, lint: LintOptions | None = None
) -> tuple[Framework | None, list[Diagnostic]]:
    """Schema and semantic checks, and with `lint` the item-writing and terminology rules;
    `strict` turns warnings into errors."""
    framework, diagnostics = validate_document(document, Framework)
    checked = framework
    if checked is None and isinstance(document.data, dict) and not has_errors(document.diagnostics):
        checked = _repaired_framework(document)
    if checked is not None:
        findings = run_checks(checked)
        if lint is not None:
            from kompetens.framework.checks.lint_rules import run_lint

            findings.extend(run_lint(checked, lint))
        if len(findings) > MAX_PER_FILE:  # errors first, then warnings, each in file order
            findings.sort(key=lambda finding: finding.severity is not Severity.ERROR)
            rest = findings[MAX_PER_FILE:]
            worst = Severity.ERROR if any(f.severity is Severity.ERROR for f in rest) else None
            diagnostics.append(
                more_problems(document.file, len(rest), severity=worst or Severity.WARNING)
            )
            findings = findings[:MAX_PER_FILE]
        for finding in findings:
            message = finding.message
            if finding.related is not None:
                line, _ = document.locate(finding.related)
                message = f"{message} (line {line})"
            diagnostics.append(
                document.diagnostic(
                    finding.loc,
                    finding.code,
                    message,
                    severity=finding.severity,
                    at_key=finding.at_key,
                )
            )
    if strict:
        diagnostics = [d.escalated() for d in diagnostics]
    diagnostics = sorted_diagnostics(diagnostics)
    if has_errors(diagnostics):
        return None, diagnostics
    return framework, diagnostics


def load_framework(
    path: Path, *, strict: bool = False, lint: LintOptions | None = None
) -> tuple[Framework | None, list[Diagnostic]]:
    return check_framework_document(read_document(path), strict=strict, lint=lint)
