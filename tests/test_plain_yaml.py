"""The line reader of plain YAML reads what libyaml reads, or leaves the text to libyaml.

Texts are built a line at a time from a grammar that is mostly inside the part of YAML the
reader takes (nested `key: value` mappings) with scalars chosen to sit on the edges of
YAML 1.1's implicit types and of its indicators, and lines and characters that are
outside it (lists, comments, odd indentation, tabs, other line breaks). Whenever the
reader gives a mapping, it is the one `yaml.load` with the C safe loader gives, with the
same types."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from kompetens.assessment.results import dump_result
from kompetens.cohort.plain_yaml import plain_yaml
from kompetens.model import Framework, Result

_SCALARS = st.sampled_from(
    [
        "rating",
        "note",
        "a.b.c",
        "client-centredness.implementing.7",
        "2",
        "0",
        "007",
        "0o17",
        "0x1F",
        "1_000",
        "190:20:30",
        "1:30",
        "3.5",
        "1e3",
        "1.0e+3",
        "yes",
        "No",
        "on",
        "OFF",
        "y",
        "n",
        "true",
        "False",
        "null",
        "Null",
        "~",
        "2025-01-15",
        "2025-01-15 09:00:00",
        "2025-01-15T09:00:00+02:00",
        "2025-02-30",
        "2.0.0",
        "sha256:b8af",
        "nqf6",
        "Student 12",
        "it's",
        'say "hi"',
        "a#b",
        "a #b",
        "x: y",
        "x:",
        "(x)",
        "/path",
        "_u",
        "Ääni",
        "²",
        "a, b",
        "[x]",
        "{a: 1}",
        "a]",
        "'quoted'",
        "'it''s'",
        "''",
        '"double"',
        '"back\\slash"',
        '""',
        "{}",
        "[]",
        "-1",
        "+1",
        ".5",
        ".inf",
        "- x",
        "? x",
        "!tag x",
        "|",
        ">",
        "@x",
        "`x",
        "%x",
        "<<",
        "=",
        "trailing ",
        "",
        "a\tb",
        "nel\x85x",
        "ls\u2028x",
        "bom\ufeffx",
        "emoji\U0001f600",
        "ctl\x07",
    ]
)


_PLAIN = st.sampled_from(
    ["rating", "note", "a.1", "2", "yes", "~", "null", "1:30", "2025-01-15", "Ääni", "x y"]
)
"""Scalars the reader takes, so that long texts are read to the end too."""


@st.composite
def _texts(draw: st.DrawFn) -> str:
    lines: list[str] = []
    depth = [0]
    edgy = draw(st.integers(0, 30))
    """One line in `edgy` (about) has an edge scalar or is odd; 0: none."""

    def scalar() -> str:
        return draw(_SCALARS if edgy and draw(st.integers(0, edgy)) == 0 else _PLAIN)

    for _ in range(draw(st.integers(1, 25))):
        kind = draw(st.sampled_from(["pair", "pair", "pair", "open", "close"]))
        if edgy and draw(st.integers(0, edgy)) == 0:
            kind = "odd"
        indent = depth[-1]
        if kind == "close" and len(depth) > 1:
            depth.pop()
            indent = depth[-1]
            kind = "pair"
        key = scalar()
        if draw(st.integers(0, 4)):
            key = f"{key}_{len(lines)}"  # mostly a new key: duplicates are left to libyaml
        if kind == "open":
            lines.append(f"{' ' * indent}{key}:")
            depth.append(indent + draw(st.integers(1, 4)))
        elif kind == "odd":
            lines.append(
                draw(
                    st.sampled_from(
                        [
                            "",
                            "# comment",
                            f"{' ' * indent}# comment: x",
                            "   ",
                            "#",
                            f"{' ' * indent}- {key}",
                            f"{' ' * (indent + 1)}{key}: x",
                            f"{' ' * indent}{key} : x",
                            f"{' ' * indent}{key}:  x",
                            f"{' ' * indent}{key}: x # c",
                            "---",
                            "...",
                            f"{' ' * indent}{key}: x\r",
                        ]
                    )
                )
            )
        else:
            lines.append(f"{' ' * indent}{key}: {scalar()}")
    if depth[-1] and lines:
        lines.append(f"{' ' * depth[-1]}{scalar()}: {scalar()}")
    return "\n".join(lines) + draw(st.sampled_from(["\n", "", "\n\n"]))


def _libyaml(text: str) -> tuple[str, Any]:
    try:
        return ("data", yaml.load(text, Loader=yaml.CSafeLoader))
    except (yaml.YAMLError, ValueError) as error:
        return ("error", type(error).__name__)


def _same_types(a: Any, b: Any) -> bool:
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(_same_types(a[k], b[k]) for k in a)
    return True


def _check(text: str) -> None:
    mine = plain_yaml(text)
    if mine is None:
        return  # left to libyaml
    theirs = _libyaml(text)
    assert theirs == ("data", mine), text
    assert _same_types(mine, theirs[1]), text


@settings(max_examples=1500, deadline=None)
@given(_texts())
def test_the_line_reader_reads_what_libyaml_reads(text: str) -> None:
    _check(text)


@pytest.mark.parametrize(
    "text",
    [
        "a: 1\nb:\n  c: yes\n  d:\n    e: ~\nf: '2'\n",
        "a: 1\na: 2\n",  # a duplicate key: left to libyaml, whose caller refuses it
        "yes: 1\ntrue: 2\n",
        "a:\nb: 1\n",  # a null value written as nothing
        "a: 1\n  b: 2\n",  # a continued plain scalar
        "  a: 1\n",
        "a: 1\n\nb: 2\n",
        "a: 'x\n  y'\n",
        "k" * 1030 + ": 1\n",
        "# top\na:\n  # inside\n\n  b: 1\n   \nc: 2\n",
        "a:\n# between\n  b: 1\n",
        "a: 1 # after\n",
        "a: x\n  # c\nb: 2\n",
        "a: 1",
        "",
    ],
)
def test_edges_of_the_plain_form(text: str) -> None:
    _check(text)


def test_what_assess_writes_is_read_without_libyaml(
    builtin: Framework, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """`assess`'s own writer (a comment at the top, its dump options), for a self-assessment
    and a mentor's, with notes: every file read by the line reader, to the same data."""
    level = builtin.level_ids[-1]
    statements = [s.id for s in builtin.statements_for(level)]
    answers: dict[str, Any] = {
        statement_id: {"rating": None if n % 7 == 0 else 1 + n % 5, "note": None}
        for n, statement_id in enumerate(statements)
    }
    answers[statements[1]]["note"] = "Harjoittelussa: ohjasin asiakasta itse"
    for role, suffix in (("self", ".yaml"), ("mentor", ".yml")):
        result = Result.model_validate(
            {
                "framework": {"id": builtin.id, "version": builtin.version},
                "level": level,
                "language": "fi",
                "respondent": {"id": "s1", "name": "Äiti Öberg"},
                "assessor": None if role == "self" else {"role": role, "name": "M. Ohjaaja"},
                "started": "2025-01-15T08:35:00+02:00",
                "completed": "2025-01-15T09:00:00+02:00",
                "answers": answers,
            }
        )
        text = dump_result(result, tmp_path / f"r{suffix}")
        assert text.startswith("# kompetens")
        read = plain_yaml(text)
        expected = yaml.load(text, Loader=yaml.CSafeLoader)
        assert read == expected and _same_types(read, expected)


def test_a_dumped_document_is_read_without_libyaml() -> None:
    document = {
        "format": 1,
        "framework": {"id": "sote-client-work", "version": "2.0.0", "fingerprint": "sha256:ab"},
        "level": "nqf6",
        "language": "fi",
        "respondent": {"id": "s100000", "name": "Äiti Öberg"},
        "started": "2025-01-15T08:35:00+00:00",
        "completed": "2025-01-15T09:00:00+00:00",
        "answers": {"a.1": {"rating": 2, "note": None}, "a.2": {"rating": None, "note": "ok"}},
        "reflections": {},
        "goals": [],
    }
    text = yaml.dump(document, Dumper=yaml.CSafeDumper, sort_keys=False, allow_unicode=True)
    read = plain_yaml(text)
    assert read == document and _same_types(read, document)
