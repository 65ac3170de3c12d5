"""Reading, checking and writing result files (one respondent, one occasion)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml

from kompetens.files.fileio import write_atomic
from kompetens.framework.checks.finding import did_you_mean
from kompetens.framework.diagnostics import MAX_PER_FILE, Diagnostic, more_problems
from kompetens.framework.fingerprint import fingerprint
from kompetens.framework.loading import Document, read_document
from kompetens.framework.validation import validate_document
from kompetens.model import Answer, Framework, Result

CANT_SAY_WORDS = frozenset(
    {"-", "?", "e", "k", "c", "cant-say", "can't say", "cant_say", "eos", "kis"}
)
"""Words and keys for "can't say" in answers files and piped answers (the terminal's keys
e/k/c included); the number 0 is accepted there too, for files written before the keys."""
NOT_APPLICABLE_WORDS = frozenset(
    {"n/a", "na", "not-applicable", "not applicable", "not_applicable", "ei koske", "ej tillämplig"}
)


def is_not_applicable(value: Any, framework: Framework) -> bool:
    """Whether an answers-file value is the scale's "does not apply" answer."""
    answer = framework.scale.not_applicable
    if answer is None or not isinstance(value, str):
        return False
    text = value.strip().lower()
    return text in NOT_APPLICABLE_WORDS or text in {
        label.lower() for label in answer.label.values()
    }


HINTS = 5
"""Unknown ids that get a "did you mean" (a close match is worth showing for a typo, not
for each of 10,000 ids)."""


def dump_result(result: Result, path: Path) -> str:
    data = result.model_dump(mode="json", exclude_defaults=False)
    if data.get("assessor") is None:
        data.pop("assessor", None)  # a self-assessment reads as it always has
    for answer in data.get("answers", {}).values():
        if not answer.get("not_applicable"):
            answer.pop("not_applicable", None)  # written only where it is said
    if path.suffix.lower() == ".json":
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    header = '# kompetens self-assessment result (rating: null means "can\'t say")\n'
    if result.role != "self":
        header = (
            f"# kompetens assessment result: the {result.role}'s ratings of the respondent "
            '(rating: null means "can\'t say")\n'
        )
    return header + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)


def write_result(result: Result, path: Path) -> None:
    write_atomic(path, dump_result(result, path))


def default_result_name(framework_id: str, level: str, day: date, suffix: str = ".yaml") -> str:
    return f"{framework_id}-{level}-{day.isoformat()}{suffix}"


def read_result(path: Path) -> tuple[Result | None, Document, list[Diagnostic]]:
    document = read_document(path)
    result, diagnostics = validate_document(document, Result)
    return result, document, diagnostics


def check_result(framework: Framework, result: Result, document: Document) -> list[Diagnostic]:
    """Problems that make a result unusable with `framework`: wrong framework or level,
    statements the framework does not have, ratings off the scale."""
    problems: list[Diagnostic] = []
    if result.framework.id != framework.id:
        problems.append(
            document.diagnostic(
                ("framework", "id"),
                "wrong-framework",
                f"result is for framework '{result.framework.id}', not '{framework.id}'",
            )
        )
        return problems
    if result.level not in framework.level_ids:
        problems.append(
            document.diagnostic(
                ("level",),
                "unknown-level",
                f"unknown level '{result.level}'{did_you_mean(result.level, framework.level_ids)}",
            )
        )
        return problems
    known = {s.id for s in framework.statements_for(result.level)}
    scale = framework.scale.values
    hidden = 0
    for statement_id, answer in result.answers.items():
        wrong = statement_id not in known or (
            answer.rating is not None and answer.rating not in scale
        )
        if wrong and len(problems) >= MAX_PER_FILE:
            hidden += 1  # counted, not located: 10,000 unknown answers stay quick
        elif statement_id not in known:
            hint = did_you_mean(statement_id, known) if len(problems) < HINTS else ""
            problems.append(
                document.diagnostic(
                    ("answers", statement_id),
                    "unknown-statement",
                    f"no statement '{statement_id}' at level '{result.level}'{hint}",
                    at_key=True,
                )
            )
        elif answer.not_applicable and framework.scale.not_applicable is None:
            problems.append(
                document.diagnostic(
                    ("answers", statement_id, "not_applicable"),
                    "off-scale",
                    'this framework has no "not applicable" answer',
                )
            )
        elif answer.rating is not None and answer.rating not in scale:
            problems.append(
                document.diagnostic(
                    ("answers", statement_id, "rating"),
                    "off-scale",
                    f"rating {answer.rating} is not on the scale ({scale[0]}–{scale[-1]})",
                )
            )
    for statement_id in result.notes:
        if statement_id in known:
            continue
        if len(problems) >= MAX_PER_FILE:
            hidden += 1
            continue
        hint = did_you_mean(statement_id, known) if len(problems) < HINTS else ""
        problems.append(
            document.diagnostic(
                ("notes", statement_id),
                "unknown-statement",
                f"no statement '{statement_id}' at level '{result.level}'{hint}",
                at_key=True,
            )
        )
    if hidden:
        problems.append(more_problems(document.file, hidden))
    return problems


def framework_changes(framework: Framework, result: Result) -> str | None:
    """How the framework differs from the one the result was made with, if it does."""
    current = fingerprint(framework)
    if (
        result.framework.fingerprint in (None, current)
        and result.framework.version == framework.version
    ):
        return None
    return (
        f"the result was made with {result.framework.id} {result.framework.version}, "
        f"this is {framework.id} {framework.version}"
        + ("" if result.framework.version != framework.version else " (its content has changed)")
    )


def parse_rating(value: Any, framework: Framework) -> int | None:
    """A rating from an answers file: a scale value, a scale label, or a "can't say" word.

    Raises ValueError with a message naming the accepted values.
    """
    scale = framework.scale
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValueError(f"expected a rating, found {str(value).lower()}")
    if isinstance(value, int):
        if value in scale.values:
            return value
        if value == 0 and scale.cant_say is not None and 0 not in scale.values:
            return None
        raise ValueError(f"rating {value} is not on the scale ({scale.minimum}–{scale.maximum})")
    if isinstance(value, float) and value.is_integer():
        return parse_rating(int(value), framework)
    if isinstance(value, str):
        text = value.strip().lower()
        if text in CANT_SAY_WORDS or (
            scale.cant_say and text in {label.lower() for label in scale.cant_say.label.values()}
        ):
            return None
        if text.lstrip("-").isdigit():
            return parse_rating(int(text), framework)
        for point in scale.points:
            if text in {label.lower() for label in point.label.values()}:
                return point.value
    raise ValueError(
        f"{value!r} is not a rating: use {scale.minimum}–{scale.maximum}, a scale label, "
        "or '-' for can't say"
    )


def read_answers(
    path: Path, framework: Framework, level: str
) -> tuple[dict[str, Answer], list[Diagnostic]]:
    """An `--answers` file: statement id → rating, or → `{rating, note}`."""
    document = read_document(path)
    if document.diagnostics:
        return {}, document.diagnostics
    data: Mapping[Any, Any] = document.data
    known = [s.id for s in framework.statements_for(level)]
    answers: dict[str, Answer] = {}
    problems: list[Diagnostic] = []
    for key, value in data.items():
        statement_id = str(key)
        if statement_id not in known:
            hint = did_you_mean(statement_id, known) if len(problems) < HINTS else ""
            problems.append(
                document.diagnostic(
                    (key,),
                    "unknown-statement",
                    f"no statement '{statement_id}' at level '{level}'{hint}",
                    at_key=True,
                )
            )
            continue
        loc: tuple[Any, ...] = (key,)
        raw_rating, note = value, None
        if isinstance(value, Mapping):
            unknown = set(value) - {"rating", "note"}
            if unknown:
                problems.append(
                    document.diagnostic(
                        (key, sorted(map(str, unknown))[0]),
                        "unknown-key",
                        "an answer has only 'rating' and 'note'",
                        at_key=True,
                    )
                )
                continue
            raw_rating, loc = value.get("rating"), (key, "rating")
            note = value.get("note")
            if note is not None and not isinstance(note, str):
                note = str(note)
        if is_not_applicable(raw_rating, framework):
            answers[statement_id] = Answer(rating=None, note=note, not_applicable=True)
            continue
        try:
            rating = parse_rating(raw_rating, framework)
        except ValueError as exc:
            problems.append(document.diagnostic(loc, "off-scale", str(exc)))
            continue
        answers[statement_id] = Answer(rating=rating, note=note)
    return answers, problems


def _person(result: Result) -> tuple[str | None, str | None]:
    respondent = result.respondent
    name = " ".join(respondent.name.split()).casefold() if respondent.name else None
    return (respondent.id.strip() if respondent.id else None) or None, name or None


def other_respondent(current: Result, baseline: Result) -> bool:
    """Whether two results are plainly of different people: different ids when both have
    one, otherwise different names when both have one. Unnamed results cannot be told
    apart, so they are taken to be the same person."""
    current_id, current_name = _person(current)
    baseline_id, baseline_name = _person(baseline)
    if current_id and baseline_id:
        return current_id != baseline_id
    if current_name and baseline_name:
        return current_name != baseline_name
    return False


def moment(result: Result) -> datetime:
    """When a result was made: completed, else started."""
    return result.completed or result.started


def not_older(current: Result, baseline: Result) -> bool:
    """Whether the baseline is not older than the result it is compared with (the two
    files given the wrong way round, or the same occasion twice)."""
    return moment(baseline) >= moment(current)
