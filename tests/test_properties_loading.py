"""Whatever a file contains, reading and validating it never raises.

The outcome is always either a model, or at least one error diagnostic with a line in the
file (0 meaning "the whole file").
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kompetens.framework.diagnostics import Diagnostic, Severity, format_diagnostics
from kompetens.framework.loading import parse_json, parse_yaml, read_document
from kompetens.framework.validation import (
    check_framework_document,
    load_framework,
    validate_document,
)
from kompetens.model.framework import Framework
from kompetens.model.result import Result

MINIMAL_TEXT = (Path(__file__).parent / "data" / "minimal.yaml").read_text(encoding="utf-8")
MINIMAL_LINES = MINIMAL_TEXT.splitlines(keepends=True)


def budget(examples: int) -> settings:
    """Enough examples to find the odd key or byte, few enough to stay within seconds."""
    return settings(
        max_examples=examples, deadline=None, suppress_health_check=[HealthCheck.too_slow]
    )


@pytest.fixture(scope="module")
def workdir() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as name:
        yield Path(name)


def assert_outcome(model: object | None, diagnostics: list[Diagnostic], text: str) -> None:
    errors = [d for d in diagnostics if d.severity is Severity.ERROR]
    if model is None:
        assert errors, "no model and no error"
    else:
        assert not errors
    # YAML also breaks lines at \r, U+0085, U+2028 and U+2029; splitlines() knows them all.
    last_line = len(text.splitlines()) + 1
    for diagnostic in diagnostics:
        assert 0 <= diagnostic.line <= last_line + 1, diagnostic
        assert diagnostic.col >= 0
        assert diagnostic.message
    # every format can render whatever was found
    for fmt in ("text", "json", "github"):
        format_diagnostics(diagnostics, fmt)


# --- random text --------------------------------------------------------------------------

YAML_PIECES = [
    *"abcdefghijklmnopqrstuvwxyz0123456789 -_:.,[]{}#&*!|>'\"%@`?<=\n\t\\/",
    *["\x00", "\x85", "\ufeff", "\u2028", "å", "ä", "ö", "\r\n", "  ", "- ", ": ", "<<: "],
]


def yaml_ish(min_size: int = 0, max_size: int = 200) -> st.SearchStrategy[str]:
    """Text made of the characters and pieces YAML gives meaning to."""
    return st.lists(st.sampled_from(YAML_PIECES), min_size=min_size, max_size=max_size).map("".join)


@budget(400)
@given(yaml_ish() | st.text(max_size=200))
def test_random_text_never_raises(text: str) -> None:
    document = parse_yaml(text, "random.yaml")
    framework, diagnostics = check_framework_document(document)
    assert_outcome(framework, diagnostics, text)
    result, diagnostics = validate_document(parse_yaml(text, "random.yaml"), Result)
    assert_outcome(result, diagnostics, text)


@budget(300)
@given(st.binary(max_size=300))
def test_random_bytes_in_a_file_never_raise(workdir: Path, raw: bytes) -> None:
    path = workdir / "random.yaml"
    path.write_bytes(raw)
    framework, diagnostics = load_framework(path)
    assert_outcome(framework, diagnostics, raw.decode("utf-8", errors="replace"))
    json_path = workdir / "random.json"
    json_path.write_bytes(raw)
    document = read_document(json_path)
    result, diagnostics = validate_document(document, Result)
    # An undecodable file has no text, but its diagnostic names the line of the bad byte.
    assert_outcome(result, diagnostics, document.text or raw.decode("utf-8", errors="replace"))


# --- YAML-ish structures ------------------------------------------------------------------

FIELD_NAMES = [
    "format", "id", "version", "title", "languages", "default_language", "scale", "points",
    "value", "label", "levels", "target", "areas", "components", "statements", "descriptors",
    "text", "en", "fi", "sv", "cant_say", "answers", "rating", "framework", "level",
]  # fmt: skip

scalars = (
    st.none()
    | st.booleans()
    | st.integers(-(10**6), 10**6)
    | st.floats(allow_nan=False)
    | st.text(max_size=12)
    | st.sampled_from(["no", "on", "1.10", "012", "2020-13-45", "0x_", "~", "<<", "*a", "&a"])
)
keys = st.sampled_from(FIELD_NAMES) | st.text(max_size=8) | st.integers(0, 5) | st.booleans()
structures = st.recursive(
    scalars,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(keys, children, max_size=5),
    max_leaves=25,
)


@budget(400)
@given(structures, st.sampled_from([None, True, False]))
def test_random_structures_never_raise(data: Any, flow: bool | None) -> None:
    text = yaml.safe_dump(data, default_flow_style=flow, allow_unicode=True)
    framework, diagnostics = check_framework_document(parse_yaml(text, "structure.yaml"))
    assert_outcome(framework, diagnostics, text)
    result, diagnostics = validate_document(parse_yaml(text, "structure.yaml"), Result)
    assert_outcome(result, diagnostics, text)


@budget(300)
@given(structures)
def test_random_json_never_raises(data: Any) -> None:
    try:
        text = json.dumps(data, indent=1)
    except TypeError:  # non-string keys mixed with string keys cannot be sorted; skip
        return
    document = parse_json(text, "structure.json")
    result, diagnostics = validate_document(document, Result)
    assert_outcome(result, diagnostics, text)


# --- mutations of a valid framework -------------------------------------------------------


@st.composite
def mutated_minimal(draw: st.DrawFn) -> str:
    lines = list(MINIMAL_LINES)
    for _ in range(draw(st.integers(1, 3))):
        index = draw(st.integers(0, len(lines) - 1))
        operation = draw(
            st.sampled_from(["delete", "duplicate", "swap", "insert", "indent", "dedent"])
        )
        if operation == "delete" and len(lines) > 1:
            del lines[index]
        elif operation == "duplicate":
            lines.insert(index, lines[index])
        elif operation == "swap":
            other = draw(st.integers(0, len(lines) - 1))
            lines[index], lines[other] = lines[other], lines[index]
        elif operation == "insert":
            line = lines[index]
            at = draw(st.integers(0, len(line)))
            extra = draw(yaml_ish(min_size=1, max_size=4))
            lines[index] = line[:at] + extra + line[at:]
        elif operation == "indent":
            lines[index] = " " * draw(st.integers(1, 4)) + lines[index]
        elif operation == "dedent":
            lines[index] = lines[index].lstrip(" ")
    return "".join(lines)


@budget(800)
@given(mutated_minimal())
def test_mutated_framework_never_raises(text: str) -> None:
    document = parse_yaml(text, "mutated.yaml")
    framework, diagnostics = check_framework_document(document)
    assert_outcome(framework, diagnostics, text)
    if framework is not None:
        assert isinstance(framework, Framework)


@budget(300)
@given(mutated_minimal())
def test_mutated_framework_file_never_raises(workdir: Path, text: str) -> None:
    path = workdir / "mutated.yaml"
    path.write_text(text, encoding="utf-8")
    framework, diagnostics = load_framework(path, strict=True)
    assert_outcome(framework, diagnostics, text)
    assert all(d.file == str(path) for d in diagnostics)
