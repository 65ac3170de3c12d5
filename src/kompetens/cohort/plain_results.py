"""The fast structural check of a parsed result file: what scoring needs, without a model.

A cohort of 50,000 hand-ins cannot afford a pydantic `Result` per file: validating one costs
about as much as scoring it. Nearly every file is what `assess` wrote, so this module looks
at the parsed mapping directly and accepts it only when `model.Result` certainly accepts it
too, taking the same values out of it (the same timestamps, the same ratings). Anything it
is not sure about — an unknown key, a value of another type, a time written in a form the
model parses but this module does not, a draft — gives `None`, and the caller reads that
file on today's exact path (pydantic model, located diagnostics). So this module may be
stricter than the model, never looser, and a test holds it to that.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from itertools import chain
from operator import itemgetter, methodcaller
from typing import Any, NamedTuple

from kompetens.model.result import ASSESSOR_ROLES

_ROOT_KEYS = frozenset(
    {
        "format",
        "framework",
        "level",
        "language",
        "respondent",
        "assessor",
        "started",
        "completed",
        "answers",
        "notes",
        "reflections",
        "goals",
    }
)
_FRAMEWORK_KEYS = frozenset({"id", "version", "fingerprint"})
_RESPONDENT_KEYS = frozenset({"id", "name"})
_ASSESSOR_KEYS = frozenset({"role", "name"})
_ANSWER_KEYS = frozenset({"rating", "note", "not_applicable"})
_GOAL_KEYS = frozenset({"text", "component", "actions", "due"})
_ROLES = frozenset(ASSESSOR_ROLES)

_TIME = re.compile(
    r"\d{4}-\d{2}-\d{2}T(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d{1,6})?"
    r"(?:Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)?",
    re.ASCII,
)
"""The ISO 8601 form `assess` writes (and JSON tools commonly write): both the model
(pydantic) and `datetime.fromisoformat` read it, to the same instant. Other forms the model
accepts (a space for `T`, Unix seconds) are left to it."""
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)


@dataclass(frozen=True, slots=True)
class PlainResult:
    """What scoring takes from a plainly valid, completed result file."""

    framework_id: str
    version: str
    level: str
    respondent: str | None
    name: str | None
    role: str
    completed: float
    """POSIX timestamp of the completion time."""
    ratings: dict[str, int | None]
    """Statement id → rating; `None` for "can't say" and "does not apply"."""
    not_applicable: bool
    """Whether any answer is marked `not_applicable` (the framework must offer it)."""
    pairs: int
    """How many key–value pairs the file's mappings hold, and how many `:` their strings
    hold: a JSON parser keeps the last of two equal keys silently, so the caller compares
    these with the text (`json_unique`)."""
    colons: int


def plain_result(data: Any) -> PlainResult | None:
    """The result in `data` (a parsed file) when it is plainly valid and completed, else
    `None`: the exact reader then decides and words the problem."""
    if type(data) is not dict or not data.keys() <= _ROOT_KEYS:
        return None
    framework: Any = data.get("framework")
    if not (_framework_ok(framework) and _people_ok(data) and _texts_ok(data)):
        return None
    level, language = data.get("level"), data.get("language")
    if type(level) is not str or type(language) is not str:
        return None
    started = _instant(data.get("started"))
    completed = _instant(data.get("completed"))  # None: a draft, or a form left to the model
    if started is None or completed is None:
        return None
    answers = _answers(data.get("answers", {}))
    if answers is None:
        return None
    respondent = data.get("respondent", {})
    assessor = data.get("assessor")
    return PlainResult(
        framework_id=framework["id"],
        version=framework["version"],
        level=level,
        respondent=respondent.get("id"),
        name=respondent.get("name"),
        role="self" if assessor is None else assessor.get("role", "self"),
        completed=completed,
        ratings=answers.ratings,
        not_applicable=answers.not_applicable,
        pairs=_pairs(data, answers.pairs),
        colons=_colons(data, answers.texts),
    )


def _pairs(data: dict[str, Any], answer_pairs: int) -> int:
    """Key–value pairs in a result that `plain_result` has checked."""
    assessor = data.get("assessor")
    return (
        len(data)
        + len(data["framework"])
        + len(data.get("respondent", {}))
        + (0 if assessor is None else len(assessor))
        + answer_pairs
        + len(data.get("notes", {}))
        + len(data.get("reflections", {}))
        + sum(map(len, data.get("goals", [])))
    )


def _colons(data: dict[str, Any], answer_texts: str) -> int:
    """`:` in every string of a result that `plain_result` has checked (keys of its own
    mappings have none)."""
    texts = [answer_texts, _strings(data), _strings(data["framework"])]
    texts.append(_strings(data.get("respondent", {})))
    texts.append(_strings(data.get("assessor") or {}))
    for key in ("notes", "reflections"):
        texts.extend(chain.from_iterable(data.get(key, {}).items()))
    texts.extend(_strings(goal) for goal in data.get("goals", []))
    return "".join(texts).count(":")


def _strings(mapping: dict[str, Any]) -> str:
    return "".join(value for value in mapping.values() if type(value) is str)


def json_unique(text: str, plain: PlainResult) -> bool | None:
    """Whether the mappings of a JSON text had no two equal keys, from its plain result:
    every `:` in the text is either one between a key and its value or one inside a string.
    Exact when the text has no backslash (a string then reads as it is written); `None`
    otherwise."""
    if "\\" in text:
        return None
    return text.count(":") == plain.pairs + plain.colons


def _optional_text(value: Any) -> bool:
    return value is None or type(value) is str


def _framework_ok(framework: Any) -> bool:
    return (
        type(framework) is dict
        and framework.keys() <= _FRAMEWORK_KEYS
        and type(framework.get("id")) is str
        and type(framework.get("version")) is str
        and _optional_text(framework.get("fingerprint"))
    )


def _people_ok(data: dict[str, Any]) -> bool:
    """`format`, `respondent` and `assessor` as the model takes them."""
    form = data.get("format", 1)
    if type(form) is not int or form != 1:
        return False
    respondent = data.get("respondent", {})
    if type(respondent) is not dict or not respondent.keys() <= _RESPONDENT_KEYS:
        return False
    if not (_optional_text(respondent.get("id")) and _optional_text(respondent.get("name"))):
        return False
    assessor = data.get("assessor")
    if assessor is None:
        return True
    return (
        type(assessor) is dict
        and assessor.keys() <= _ASSESSOR_KEYS
        and type(assessor.get("role", "self")) is str
        and assessor.get("role", "self") in _ROLES
        and _optional_text(assessor.get("name"))
    )


def _texts_ok(data: dict[str, Any]) -> bool:
    """`notes`, `reflections` (text by id) and `goals` as the model takes them."""
    for key in ("notes", "reflections"):
        texts = data.get(key, {})
        if type(texts) is not dict or not all(
            type(k) is str and type(v) is str for k, v in texts.items()
        ):
            return False
    goals = data.get("goals", [])
    return type(goals) is list and all(_goal_ok(goal) for goal in goals)


def _goal_ok(goal: Any) -> bool:
    if type(goal) is not dict or not goal.keys() <= _GOAL_KEYS:
        return False
    if type(goal.get("text")) is not str:
        return False
    if not (_optional_text(goal.get("component")) and _optional_text(goal.get("actions"))):
        return False
    due = goal.get("due")
    if due is None or type(due) is date:
        return True
    if type(due) is not str or not _DAY.fullmatch(due):
        return False
    try:
        date.fromisoformat(due)
    except ValueError:
        return False
    return True


def _instant(value: Any) -> float | None:
    """The POSIX timestamp of a time the model reads to the same instant, else `None`."""
    try:
        if type(value) is datetime:  # YAML's own timestamps
            return value.timestamp()
        if type(value) is str and _TIME.fullmatch(value):
            return datetime.fromisoformat(value).timestamp()
    except (ValueError, OverflowError, OSError):
        return None
    return None


class _Answers(NamedTuple):
    ratings: dict[str, int | None]
    not_applicable: bool
    """Whether any answer is "does not apply"."""
    pairs: int
    """Key–value pairs of the answers mapping and of each answer."""
    texts: str
    """The statement ids and notes, joined (for `_colons`)."""


def _answers(answers: Any) -> _Answers | None:
    """Statement id → rating, and what else `plain_result` needs of the answers.

    Checked column-wise (every key, every rating, every note at once, with C-level `map`
    and set operations): a file has one answer per statement, and this is the inner loop
    of reading a cohort."""
    if type(answers) is not dict:
        return None
    values = list(answers.values())
    if not (_only(answers, _TEXT) and _only(values, _MAPPING)):
        return None
    keys = set(chain.from_iterable(values))
    if not _ANSWER_KEYS.issuperset(keys):
        return None
    try:
        ratings = list(map(_RATING, values))
    except KeyError:  # an answer without a rating
        return None
    notes = list(map(_NOTE, values)) if "note" in keys else []
    if not (_only(ratings, _NUMBER) and _only(notes, _OPTIONAL_TEXT)):
        return None
    not_applicable = False
    if "not_applicable" in keys:
        marked = _marked(values, ratings)
        if marked is None:
            return None
        not_applicable = marked
    texts = "".join(answers) + "".join(filter(None, notes))
    pairs = len(values) + sum(map(len, values))
    return _Answers(dict(zip(answers, ratings, strict=True)), not_applicable, pairs, texts)


def _marked(values: list[dict[str, Any]], ratings: list[int | None]) -> bool | None:
    """Whether any answer is marked "does not apply"; `None` when a mark is not a bool or
    marks an answer that has a rating (the model refuses both)."""
    marks = list(map(_NOT_APPLICABLE, values))
    if not _only(marks, _FLAG):
        return None
    if any(mark and rating is not None for mark, rating in zip(marks, ratings, strict=True)):
        return None
    return True in marks


def _only(values: Iterable[Any], types: frozenset[type]) -> bool:
    """Whether every value is of exactly one of `types` (no subclasses: `True` is no
    rating)."""
    return types.issuperset(map(type, values))


_TEXT: frozenset[type] = frozenset({str})
_OPTIONAL_TEXT: frozenset[type] = frozenset({str, type(None)})
_MAPPING: frozenset[type] = frozenset({dict})
_NUMBER: frozenset[type] = frozenset({int, type(None)})
_FLAG: frozenset[type] = frozenset({bool})
_RATING = itemgetter("rating")
_NOTE = methodcaller("get", "note")
_NOT_APPLICABLE = methodcaller("get", "not_applicable", False)
