"""Reading result files for a cohort: fast when the file is fine, exact when it is not.

A cohort can be 50,000 hand-in files, so the common case takes a fast path: the YAML that
`assess` writes read a line at a time, other YAML built from libyaml's node tree (or `json`
with a duplicate check by counting), all in `fast_parse`; then a structural check of the
parsed mapping (`plain_results`) instead of a pydantic model, straight into a row of rating
codes; the rows of a chunk of files are scored together by the columnar tally
(`scoring_matrix`), which equals `ScoringPlan.tally` bit for bit. The fast path refuses
anything unusual — anchors, aliases and merge keys (any `&`, `*` or `<<` in the text),
duplicate keys, anything the model might judge differently, drafts, anything that does not
fit the framework — and hands the file to the exact reader: the pydantic `Result` model and
`kompetens.assessment.results`, which find the problem again and report it with line and
column, as they always have. A valid file is therefore read once; an invalid one twice,
which is rare and cheap next to a wrong report.
"""

from __future__ import annotations

import codecs
import json
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from operator import itemgetter
from pathlib import Path

import yaml

from kompetens.assessment.results import check_result, read_result
from kompetens.assessment.scoring import ScoringPlan
from kompetens.cohort.fast_parse import Unusual as _Unusual
from kompetens.cohort.fast_parse import fast_parse as _fast_parse
from kompetens.cohort.fast_parse import fast_yaml as _fast_yaml
from kompetens.cohort.fast_parse import unique_pairs as _unique_pairs
from kompetens.cohort.plain_results import PlainResult, json_unique, plain_result
from kompetens.cohort.privacy import folder_label
from kompetens.cohort.records import (
    CANT_SAY,
    UNANSWERED,
    Entry,
    encode,
    failure,
    rejection,
    score_vector,
)
from kompetens.framework.diagnostics import Diagnostic
from kompetens.framework.loading import MAX_BYTES, Document, read_bytes
from kompetens.model import Framework, Result
from kompetens.text.i18n import Messages

FOLDER_GROUPS = frozenset({"folder", "kansio", "mapp"})
"""`--by folder` groups result files by the name of the folder they are in."""


@dataclass(frozen=True, slots=True)
class ReadSetup:
    """What every reader (in this process or a worker) needs to know."""

    framework: Framework | None
    """The framework named with --framework; `None`: the one each result names."""
    by: tuple[str, ...] = ()
    language: str = "en"
    """The language of the rejection messages."""
    columnar: bool = False
    """Score each chunk's files at once with the columnar tally (numpy): for large
    cohorts, whose workers inherit numpy already imported."""


_setup = ReadSetup(None)
_frameworks: dict[str, Framework | None] = {}
_named: dict[tuple[str, str | None], Framework | None] = {}
"""(id, version) a result names → the built-in it is scored with (looked up once)."""
_plans: dict[tuple[int, str], tuple[Framework, ScoringPlan]] = {}
"""Caches keyed by an object's `id` keep the object beside the value and check it: an id is
reused once its object is gone, and a stale plan would encode ratings against the wrong
statements."""


def init_reader(setup: ReadSetup) -> None:
    """Set up this process for reading (the initializer of a worker process)."""
    global _setup
    _setup = setup
    _plans.clear()
    _readers.clear()


def plan_for(framework: Framework, level: str) -> ScoringPlan:
    key = (id(framework), level)
    cached = _plans.get(key)
    if cached is not None and cached[0] is framework:
        return cached[1]
    plan = ScoringPlan.build(framework, level)
    _plans[key] = (framework, plan)
    return plan


def _builtin(framework_id: str, version: str | None = None) -> Framework | None:
    """A built-in framework at the version a result names when that version is kept in the
    archive, else its newest version; loaded once per process, and looked up once per
    (id, version): finding the archive walks the package's folders."""
    key = (framework_id, version)
    if key in _named:
        return _named[key]
    from kompetens.framework.catalog import builtin_spec_for, builtin_version

    spec = builtin_spec_for(framework_id, version)
    if spec not in _frameworks:
        from kompetens.framework.cache import load_builtin_framework as load_framework

        path = builtin_version(framework_id, version)
        _frameworks[spec] = load_framework(path)[0] if path else None
    _named[key] = _frameworks[spec]
    return _named[key]


_valid_answers: dict[
    tuple[int, str], tuple[Framework, tuple[frozenset[str], frozenset[int | None]]]
] = {}


def _plainly_valid(framework: Framework, result: Result) -> bool:
    """A quick yes when the result fits the framework; on no, `check_result` says why.

    The check is the same as `check_result`'s (framework, level, statement ids, scale), on
    sets prepared once per level instead of once per file.
    """
    if result.framework.id != framework.id or result.level not in framework.level_ids:
        return False
    known, scale = _answers_for(framework, result.level)
    return all(
        statement_id in known
        and (answer.rating is None or answer.rating in scale)
        and not (answer.not_applicable and framework.scale.not_applicable is None)
        for statement_id, answer in result.answers.items()
    )


def _answers_for(framework: Framework, level: str) -> tuple[frozenset[str], frozenset[int | None]]:
    """The statement ids of a level, and the ratings an answer may hold (the scale's values,
    and `None` for "can't say"), as sets made once per level."""
    key = (id(framework), level)
    cached = _valid_answers.get(key)
    if cached is not None and cached[0] is framework:
        return cached[1]
    prepared = (
        frozenset(s.id for s in framework.statements_for(level)),
        frozenset([*framework.scale.values, None]),
    )
    _valid_answers[key] = (framework, prepared)
    return prepared


def _major(version: str) -> str:
    return version.split(".", 1)[0]


def _version_hint(framework_id: str, version: str) -> str:
    from kompetens.framework.catalog import archived_frameworks

    if (framework_id, version) in archived_frameworks():
        hint = Messages(_setup.language)("cohort.version_hint", name=f"{framework_id}@{version}")
        return f"; {hint}"
    return ""


def read_result_file(order: int, file: str) -> Entry | list[Diagnostic]:
    """One result file as a scored `Entry`, or the reasons it cannot be scored."""
    raw, problems = read_bytes(Path(file))
    if raw is None:
        return problems
    result: Result | None = None
    document: Document | None = None
    try:
        text = raw.decode("utf-8-sig")
        data = _fast_parse(text, file)
        if isinstance(data, dict):
            result = Result.model_validate(data)
            document = Document(file, text, data)
    except (_Unusual, UnicodeDecodeError, ValueError, yaml.YAMLError, RecursionError):
        result = None  # ValidationError is a ValueError: the strict reader words it
    if result is None or document is None:
        result, document, diagnostics = read_result(Path(file))
        if result is None:
            errors = [d for d in diagnostics if d.is_error]
            return errors or [rejection(file, 1, 1, "invalid", "not a result file")]
    return _entry(order, file, result, document)


def _entry(order: int, file: str, result: Result, document: Document) -> Entry | list[Diagnostic]:
    framework = _setup.framework or _builtin(result.framework.id, result.framework.version)
    if framework is None:
        return [
            document.diagnostic(
                ("framework", "id"),
                "unknown-framework",
                f"result is for framework '{result.framework.id}', which is not built in; "
                "name its file with --framework",
            )
        ]
    if result.framework.id == framework.id and _major(result.framework.version) != _major(
        framework.version
    ):
        return [
            document.diagnostic(
                ("framework", "version"),
                "wrong-version",
                Messages(_setup.language)(
                    "cohort.wrong_version",
                    framework=framework.id,
                    version=result.framework.version,
                    current=framework.version,
                )
                + _version_hint(framework.id, result.framework.version),
            )
        ]
    if not _plainly_valid(framework, result):
        problems = check_result(framework, result, document)
        if problems:
            return problems
    if result.is_draft:
        return [
            document.diagnostic(
                ("completed",), "draft", Messages(_setup.language)("cohort.draft_not_scored")
            )
        ]
    plan = plan_for(framework, result.level)
    ratings = {statement_id: answer.rating for statement_id, answer in result.answers.items()}
    means, answered, cant_say = score_vector(plan, ratings)
    groups = _groups(file)
    try:
        completed = result.completed.timestamp() if result.completed else None
    except (ValueError, OverflowError, OSError):  # year 1 in a zone east of UTC: year 0
        return [
            document.diagnostic(
                ("completed",),
                "bad-time",
                f"the completion time {result.completed} is out of range",
            )
        ]
    return Entry(
        source=file,
        line=0,
        respondent=(result.respondent.id or "").strip() or None,
        name=(result.respondent.name or "").strip() or None,
        level=result.level,
        groups=groups,
        codes=encode(plan, framework.scale.minimum, ratings),
        means=means,
        answered=answered,
        cant_say=cant_say,
        completed=completed,
        order=order,
        framework_id=framework.id,
        kind="result",
        extra={
            "version": result.framework.version,
            "scored_with": framework.version,
            "role": result.role,
        },
    )


def read_result_chunk(chunk: Sequence[tuple[int, str]]) -> list[Entry | list[Diagnostic]]:
    """Several files at once: one task per chunk keeps a process pool's overhead small.

    Each file is read inside its own error boundary: whatever one file does to its reader
    becomes that file's rejection, and the others are still scored. Files the fast path
    takes are scored together at the end (`_score_rows`).
    """
    return read_chunk(chunk)[0]


def read_chunk(
    chunk: Sequence[tuple[int, str]],
) -> tuple[list[Entry | list[Diagnostic]], list[int]]:
    """`read_result_chunk`'s outputs, and the positions of those the fast path made."""
    outputs: list[Entry | list[Diagnostic]] = []
    rows: list[_Row] = []
    positions: list[int] = []
    for order, file in chunk:
        row = _fast_guarded(order, file)
        if row is None:
            outputs.append(_read_guarded(order, file))
        else:
            rows.append(row)
            positions.append(len(outputs))
            outputs.append(row.entry)
    try:
        _score_rows(rows)
    except Exception:
        if os.environ.get("KOMPETENS_DEBUG"):
            raise
        for position, row in zip(positions, rows, strict=True):  # each the exact way
            outputs[position] = _read_guarded(row.entry.order, row.entry.source)
        positions = []
    return outputs, positions


def _read_guarded(order: int, file: str) -> Entry | list[Diagnostic]:
    try:
        return read_result_file(order, file)
    except Exception as exc:
        return [failure(file, exc)]


@dataclass(frozen=True, slots=True)
class _Row:
    """A file the fast path took: its entry (means still to fill), plan and answers."""

    entry: Entry
    plan: ScoringPlan
    minimum: int
    plain: PlainResult


def _fast_guarded(order: int, file: str) -> _Row | None:
    """The fast path; `None` (the exact path decides) for anything it does not take,
    including whatever it did not foresee."""
    try:
        return _fast_row(order, file)
    except Exception:
        if os.environ.get("KOMPETENS_DEBUG"):
            raise  # for the bug report, as `records.failure` does
        return None


def _fast_row(order: int, file: str) -> _Row | None:
    try:
        raw = _read_small(file)
        if raw is None:
            return None
        if raw.startswith(codecs.BOM_UTF8):
            raw = raw[3:]
        plain = _plain(raw.decode(), file)
    except (OSError, _Unusual, UnicodeDecodeError, ValueError, yaml.YAMLError, RecursionError):
        return None
    if plain is None:
        return None
    framework = _setup.framework or _builtin(plain.framework_id, plain.version)
    if framework is None or not _fits(framework, plain):
        return None
    reader = _level_reader(framework, plain.level)
    codes = reader.codes(plain)
    if codes is None:
        return None
    entry = Entry(
        source=file,
        line=0,
        respondent=(plain.respondent or "").strip() or None,
        name=(plain.name or "").strip() or None,
        level=plain.level,
        groups=_groups(file),
        codes=codes,
        means=(),
        answered=0,
        cant_say=0,
        completed=plain.completed,
        order=order,
        framework_id=framework.id,
        kind="result",
        extra={"version": plain.version, "scored_with": framework.version, "role": plain.role},
    )
    return _Row(entry, reader.plan, reader.minimum, plain)


_READ = 1 << 16
"""Bytes asked for per read: a hand-in is a few kB, so one read and one that finds the end."""


def _read_small(file: str) -> bytes | None:
    """A file's bytes, or `None` when it holds more than `MAX_BYTES` (the exact reader words
    that). Plain `os` calls: no `Path`, no buffered file object, no `fstat` and no buffer
    of `MAX_BYTES` per file, which together cost more than parsing a JSON hand-in."""
    handle = os.open(file, os.O_RDONLY)
    try:
        parts: list[bytes] = []
        size = 0
        while part := os.read(handle, _READ):
            size += len(part)
            if size > MAX_BYTES:
                return None
            parts.append(part)
    finally:
        os.close(handle)
    return parts[0] if len(parts) == 1 else b"".join(parts)


def _plain(text: str, file: str) -> PlainResult | None:
    """The plain result in a file's text, or `None`. JSON without a backslash is parsed
    without a per-object duplicate check (the costliest part of reading it): its strings
    are counted instead (`json_unique`), and a file with two equal keys in a mapping, one
    of them lost to the parser, goes to the exact path."""
    if not file.lower().endswith(".json"):
        return plain_result(_fast_yaml(text))
    if "\\" in text:
        return plain_result(json.loads(text, object_pairs_hook=_unique_pairs), text_keys=True)
    plain = plain_result(json.loads(text), text_keys=True)
    return plain if plain is not None and json_unique(text, plain) else None


def _fits(framework: Framework, plain: PlainResult) -> bool:
    """What `_entry` checks before scoring, on the plain result: the same framework at the
    same major version, a level it has; `_LevelReader.codes` checks the statements and the
    ratings."""
    if plain.framework_id != framework.id or plain.level not in framework.level_ids:
        return False
    if _major(plain.version) != _major(framework.version):
        return False
    return not (plain.not_applicable and framework.scale.not_applicable is None)


_ABSENT = object()
"""The rating of a statement a file does not answer."""


@dataclass(slots=True)
class _LevelReader:
    """Turns the answers of a level's files into rows of rating codes, made once per
    (framework, level) and process."""

    framework: Framework
    plan: ScoringPlan
    minimum: int
    book: dict[object, int]
    """Rating (or `_ABSENT`) → code, for the scale's ratings only."""
    positions: dict[str, int]
    """Statement id → its position in the plan."""
    layouts: dict[tuple[str, ...], Callable[[list[object]], tuple[object, ...]] | None]
    """The statement ids of a file, in its order → what picks its ratings in plan order
    (`None`: a statement the level does not have). Files written by one tool share a few
    orders, so a file's order is worked out once."""

    @classmethod
    def build(cls, framework: Framework, level: str) -> _LevelReader:
        plan = plan_for(framework, level)
        minimum = framework.scale.minimum
        book: dict[object, int] = {value: value - minimum + 1 for value in framework.scale.values}
        if not all(0 < code < CANT_SAY for code in book.values()):
            book = {}  # a scale beyond a byte: every file to the exact reader
        else:
            book.update({_ABSENT: UNANSWERED, None: CANT_SAY})
        positions = {statement_id: index for index, statement_id in enumerate(plan.statement_ids)}
        return cls(framework, plan, minimum, book, positions, {})

    def codes(self, plain: PlainResult) -> bytes | None:
        """The row of rating codes of a file (`records.encode`); `None` when a statement is
        not the level's or a rating is off the scale."""
        ids = plain.statement_ids
        try:
            pick = self.layouts[ids]
        except KeyError:
            pick = self._layout(ids)
        if pick is None or not self.book:
            return None
        try:
            return bytes(map(self.book.__getitem__, pick([*plain.answer_ratings, _ABSENT])))
        except KeyError:  # off the scale
            return None

    def _layout(self, ids: tuple[str, ...]) -> Callable[[list[object]], tuple[object, ...]] | None:
        if len(self.layouts) >= _MAX_LAYOUTS:
            self.layouts.clear()
        places = [self.positions.get(statement_id) for statement_id in ids]
        if None in places or len(set(places)) != len(places):
            self.layouts[ids] = None
            return None
        where = dict(zip(places, range(len(ids)), strict=True))
        picks = [where.get(index, len(ids)) for index in range(len(self.positions))]
        pick = _picker(picks)
        self.layouts[ids] = pick
        return pick


_MAX_LAYOUTS = 4096


def _picker(picks: list[int]) -> Callable[[list[object]], tuple[object, ...]]:
    """`operator.itemgetter(*picks)`, which returns a tuple for any number of picks."""
    if len(picks) >= 2:
        return itemgetter(*picks)
    if picks:
        only = picks[0]
        return lambda values: (values[only],)
    return lambda values: ()


_readers: dict[tuple[int, str], _LevelReader] = {}


def _level_reader(framework: Framework, level: str) -> _LevelReader:
    key = (id(framework), level)
    reader = _readers.get(key)
    if reader is None or reader.framework is not framework:
        reader = _readers[key] = _LevelReader.build(framework, level)
    return reader


def groups_of(file: str) -> dict[str, str]:
    """The `--by` groups of a result file (only `--by folder` has a value)."""
    return _groups(file)


def _groups(file: str) -> dict[str, str]:
    return {
        column: (folder_label(file) if column.casefold() in FOLDER_GROUPS else "")
        for column in _setup.by
    }


def _score_rows(rows: Sequence[_Row]) -> None:
    """Fill in the means and counts of the fast path's entries: per level with the
    columnar tally in a large cohort, else one by one with `ScoringPlan.tally`."""
    numbers: dict[float | None, float | None] = {}
    """One float object per distinct mean: fewer objects to build and to send back."""
    if not _setup.columnar:
        for row in rows:
            means, answered, cant_say = score_vector(row.plan, row.plain.ratings)
            _fill(row.entry, means, answered, cant_say, numbers)
        return
    by_plan: dict[int, list[_Row]] = {}
    for row in rows:
        by_plan.setdefault(id(row.plan), []).append(row)
    for group in by_plan.values():
        _tally_together(group, numbers)


def _tally_together(rows: Sequence[_Row], numbers: dict[float | None, float | None]) -> None:
    """The rows of one plan as one `uint8` matrix, scored by `MatrixPlan.tally`."""
    import numpy as np

    from kompetens.assessment.scoring_matrix import MatrixPlan

    matrix_plan = MatrixPlan.build(rows[0].plan, rows[0].minimum)
    codes = np.frombuffer(b"".join(row.entry.codes for row in rows), dtype=np.uint8)
    tally = matrix_plan.tally(codes.reshape(len(rows), matrix_plan.width))
    means = np.concatenate(
        (tally.component_means, tally.area_means, tally.overall_means[:, None]), axis=1
    )
    boxed = means.astype(object)  # Python floats, and None where a mean is none
    boxed[np.isnan(means)] = None
    for row, row_means, answered, cant_say in zip(
        rows, boxed.tolist(), tally.answered.tolist(), tally.cant_say.tolist(), strict=True
    ):
        _fill(row.entry, row_means, answered, cant_say, numbers)


def _fill(
    entry: Entry,
    means: Sequence[float | None],
    answered: int,
    cant_say: int,
    numbers: dict[float | None, float | None],
) -> None:
    entry.means = tuple([numbers.setdefault(mean, mean) for mean in means])
    entry.answered = answered
    entry.cant_say = cant_say


__all__ = [
    "ReadSetup",
    "groups_of",
    "init_reader",
    "plan_for",
    "read_chunk",
    "read_result_chunk",
    "read_result_file",
]
