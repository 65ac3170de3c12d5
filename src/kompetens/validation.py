"""From a parsed document to a model, or to positioned diagnostics.

Pydantic reports errors by data path; the document knows where each path is written. This
module translates one into the other and words the messages for the person who wrote the
file (a YAML 1.1 `no` that became `false` is shown as `no`, with the advice to quote it).
"""

from __future__ import annotations

import types
import typing
from collections.abc import Iterable
from pathlib import Path
from typing import Any, TypeVar, get_args, get_origin

from pydantic import BaseModel, ValidationError

from kompetens.checks import run_checks
from kompetens.checks.finding import did_you_mean
from kompetens.diagnostics import Diagnostic, Severity, has_errors, sorted_diagnostics
from kompetens.loading import Document, read_document
from kompetens.model.framework import Framework

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


def _describe(value: Any, raw: str | None) -> str:
    if raw is not None and not isinstance(value, str):
        return f"'{raw}' (which YAML reads as {_yaml_kind(value)})"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    return repr(value)


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


def _clean_loc(loc: tuple[Any, ...]) -> tuple[Any, ...]:
    """Drop pydantic's own segments (`[key]`, union member names) that are not data."""
    return tuple(s for s in loc if not (isinstance(s, str) and (s == "[key]" or "[" in s)))


def _names_an_id(loc: tuple[Any, ...]) -> bool:
    return bool(loc) and (loc[-1] == "id" or (len(loc) > 1 and loc[-2] == "levels"))


def translate_errors(
    document: Document, error: ValidationError, model: type[BaseModel]
) -> list[Diagnostic]:
    diagnostics: list[Diagnostic] = []
    seen: set[tuple[Any, ...]] = set()
    for item in error.errors(include_url=False):
        loc = _clean_loc(tuple(item["loc"]))
        kind = item["type"]
        if loc in seen:
            continue
        seen.add(loc)
        if kind == "missing":
            diagnostics.append(
                document.diagnostic(loc, "missing", f"required key '{loc[-1]}' is missing")
            )
        elif kind == "extra_forbidden":
            hint = did_you_mean(str(loc[-1]), _annotation_fields(model, loc[:-1]))
            diagnostics.append(
                document.diagnostic(
                    loc, "unknown-key", f"unknown key '{loc[-1]}'{hint}", at_key=True
                )
            )
        elif kind in _EXPECTED:
            raw = document.raw_scalar(loc)
            found = _describe(item.get("input"), raw)
            advice = " — put it in quotes" if kind == "string_type" and raw is not None else ""
            diagnostics.append(
                document.diagnostic(
                    loc, "type", f"expected {_EXPECTED[kind]}, found {found}{advice}"
                )
            )
        else:
            message = item["msg"]
            if kind == "string_pattern_mismatch" and _names_an_id(loc):
                message = (
                    f"'{item.get('input')}' is not a valid id: use lowercase letters, digits "
                    "and '-', with '.' between parts"
                )
            elif kind == "literal_error":
                message = f"{message}, found {item.get('input')!r}"
            diagnostics.append(document.diagnostic(loc, "schema", message))
    return diagnostics


def validate_document(
    document: Document, model: type[ModelT]
) -> tuple[ModelT | None, list[Diagnostic]]:
    """The document's data as `model`, or the schema errors, each with its position."""
    if document.data is None:
        return None, list(document.diagnostics)
    try:
        validated = model.model_validate(document.data)
    except ValidationError as exc:
        return None, [*document.diagnostics, *translate_errors(document, exc, model)]
    if has_errors(document.diagnostics):
        return None, list(document.diagnostics)
    return validated, list(document.diagnostics)


def check_framework_document(
    document: Document, *, strict: bool = False
) -> tuple[Framework | None, list[Diagnostic]]:
    """Schema and semantic checks; `strict` turns warnings into errors."""
    framework, diagnostics = validate_document(document, Framework)
    if framework is not None:
        for finding in run_checks(framework):
            diagnostics.append(
                document.diagnostic(
                    finding.loc,
                    finding.code,
                    finding.message,
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
    path: Path, *, strict: bool = False
) -> tuple[Framework | None, list[Diagnostic]]:
    return check_framework_document(read_document(path), strict=strict)


def errors_only(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    return [d for d in diagnostics if d.severity is Severity.ERROR]
