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
from datetime import date, datetime
from itertools import repeat
from operator import itemgetter
from typing import Any, NamedTuple

from kompetens.model.roles import ASSESSOR_ROLES

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


class PlainResult(NamedTuple):
    """What scoring takes from a plainly valid, completed result file (a tuple: one is
    made per file of a cohort, and a frozen dataclass costs several times as much)."""

    framework_id: str
    version: str
    level: str
    respondent: str | None
    name: str | None
    role: str
    completed: float
    """POSIX timestamp of the completion time."""
    statement_ids: tuple[str, ...]
    """The answers' statement ids, in the file's order."""
    answer_ratings: list[int | None]
    """The rating of each of `statement_ids`; `None` for "can't say" and "does not apply"."""
    not_applicable: bool
    """Whether any answer is marked `not_applicable` (the framework must offer it)."""
    strings: int
    """How many strings the file holds, keys included: a JSON parser keeps the last of two
    equal keys silently, so the caller compares this with the text (`json_unique`)."""

    @property
    def ratings(self) -> dict[str, int | None]:
        """Statement id → rating."""
        return dict(zip(self.statement_ids, self.answer_ratings, strict=True))


def plain_result(data: Any, *, text_keys: bool = False) -> PlainResult | None:
    """The result in `data` (a parsed file) when it is plainly valid and completed, else
    `None`: the exact reader then decides and words the problem. `text_keys`: every key is
    known to be a string (JSON's are), so the answers' keys need no check."""
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
    answers = _answers(data.get("answers", {}), text_keys)
    if answers is None:
        return None
    respondent = data.get("respondent", {})
    assessor = data.get("assessor")
    return PlainResult(  # the fields in order: one is made per file
        framework["id"],
        framework["version"],
        level,
        respondent.get("id"),
        respondent.get("name"),
        "self" if assessor is None else assessor.get("role", "self"),
        completed,
        answers.statement_ids,
        answers.ratings,
        answers.not_applicable,
        _strings(data, answers.strings),
    )


def _strings(data: dict[str, Any], answer_strings: int) -> int:
    """Strings, keys included, in a result that `plain_result` has checked (`notes` and
    `reflections` hold only strings; the answers' are counted by `_answers`)."""
    framework, respondent = data["framework"], data.get("respondent", _EMPTY)
    kinds = [*map(type, [*data.values(), *framework.values(), *respondent.values()])]
    count = answer_strings + len(data) + len(framework) + len(respondent) + kinds.count(str)
    assessor = data.get("assessor")
    if assessor is not None:
        count += _mapping_strings(assessor)
    count += 2 * (len(data.get("notes", _EMPTY)) + len(data.get("reflections", _EMPTY)))
    goals = data.get("goals")
    return count + sum(map(_mapping_strings, goals)) if goals else count


def _mapping_strings(mapping: dict[str, Any]) -> int:
    """The keys of a mapping and its values that are strings."""
    return len(mapping) + [*map(type, mapping.values())].count(str)


def json_unique(text: str, plain: PlainResult) -> bool | None:
    """Whether the mappings of a JSON text had no two equal keys, from its plain result.

    Without a backslash in the text, no string holds a `"`, so every `"` opens or closes a
    string and the text holds `count('"') / 2` strings, keys included. A key given twice
    loses one key (and its value) from the parsed data, so the parsed strings then fall
    short. Exact when the text has no backslash; `None` otherwise."""
    if "\\" in text:
        return None
    return text.count('"') == 2 * plain.strings


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
        texts = data.get(key, _EMPTY)
        if type(texts) is not dict:
            return False
        if texts and not _TEXT.issuperset(map(type, [*texts, *texts.values()])):
            return False
    goals = data.get("goals", _NONE)
    return type(goals) is list and (not goals or all(map(_goal_ok, goals)))


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
    statement_ids: tuple[str, ...]
    ratings: list[int | None]
    not_applicable: bool
    """Whether any answer is "does not apply"."""
    strings: int
    """Strings in the answers mapping, keys included."""


class _Missing:
    """A key an answer does not have."""


_MISSING = _Missing()


def _answers(answers: Any, text_keys: bool) -> _Answers | None:
    """The statement ids and ratings of the answers, and what else `plain_result` needs.

    Checked column-wise (every answer at once, with C-level `map`, `list.count` and set
    operations, and keys counted instead of collected): a file has one answer per
    statement, and this is the inner loop of reading a cohort."""
    if type(answers) is not dict:
        return None
    statement_ids = tuple(answers)
    if not (text_keys or _TEXT.issuperset(map(type, statement_ids))):
        return None
    values = list(answers.values())
    try:
        # Only a mapping answers `["rating"]`: the strings, lists, numbers and times a
        # parser makes raise TypeError.
        ratings = list(map(_RATING, values))
    except (KeyError, TypeError):  # an answer without a rating, or not a mapping
        return None
    if not _NUMBER.issuperset(map(type, ratings)):
        return None
    count = len(values)
    keys = sum(map(len, values))
    if keys == 2 * count:  # a rating and one more key each: nearly always a note
        plain = _rated_with_notes(statement_ids, values, ratings)
        if plain is not None:
            return plain
    others = keys - count  # keys other than `rating`
    strings = count + keys
    not_applicable = False
    if others:
        notes = list(map(dict.get, values, repeat("note"), repeat(_MISSING)))
        kinds = set(map(type, notes))
        if not _OPTIONAL_NOTE.issuperset(kinds):
            return None
        missing = notes.count(_MISSING) if _Missing in kinds else 0
        others -= count - missing
        if str in kinds:
            strings += count - missing - notes.count(None)
    if others:
        marked = _marked(values, ratings)
        if marked is None:
            return None
        not_applicable, marks = marked
        others -= marks
    if others:  # a key the model does not know
        return None
    return _Answers(statement_ids, ratings, not_applicable, strings)


def _rated_with_notes(
    statement_ids: tuple[str, ...], values: list[dict[str, Any]], ratings: list[int | None]
) -> _Answers | None:
    """`_answers` for answers that each hold a rating and a note, the usual case, with
    fewer passes over them; `None` when they do not (the general path decides)."""
    try:
        notes = [*map(_NOTE, values)]
    except KeyError:  # the other key is not a note
        return None
    count = len(notes)
    empty = notes.count(None)
    if empty != count and not _NOTE_TYPES.issuperset(map(type, notes)):
        return None
    return _Answers(statement_ids, ratings, False, 4 * count - empty)


def _marked(values: list[dict[str, Any]], ratings: list[int | None]) -> tuple[bool, int] | None:
    """Whether any answer is marked "does not apply", and how many answers carry the mark;
    `None` when a mark is not a bool or marks an answer that has a rating (the model
    refuses both)."""
    marks = list(map(dict.get, values, repeat("not_applicable"), repeat(_MISSING)))
    if not _OPTIONAL_FLAG.issuperset(map(type, marks)):
        return None
    if any(
        mark is True and rating is not None for mark, rating in zip(marks, ratings, strict=True)
    ):
        return None
    return True in marks, len(marks) - marks.count(_MISSING)


_TEXT: frozenset[type] = frozenset({str})
_EMPTY: dict[str, Any] = {}
"""What a missing mapping counts as (never changed)."""
_NONE: list[Any] = []
"""What a missing list counts as (never changed)."""
_NUMBER: frozenset[type] = frozenset({int, type(None)})
_OPTIONAL_NOTE: frozenset[type] = frozenset({str, type(None), _Missing})
_OPTIONAL_FLAG: frozenset[type] = frozenset({bool, _Missing})
_NOTE_TYPES: frozenset[type] = frozenset({str, type(None)})
_RATING = itemgetter("rating")
_NOTE = itemgetter("note")
