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

The parsers (PyYAML, the exact reader) are imported when the first file is read
(`_parsers`): a run that reads only tables imports this module for its setup and never
pays for them.
"""

from __future__ import annotations

import codecs
import json
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from kompetens.cohort.fast_json import Unusual, json_value, read_small, unique_pairs
from kompetens.cohort.level_codes import LevelReader, plan_for
from kompetens.cohort.level_codes import level_reader as _level_reader
from kompetens.cohort.level_codes import plans as _plans
from kompetens.cohort.level_codes import readers as _readers
from kompetens.cohort.plain_results import PlainResult, json_unique, plain_result
from kompetens.cohort.privacy import folder_label
from kompetens.cohort.records import (
    Entry,
    encode,
    failure,
    rejection,
    score_vector,
)
from kompetens.framework.diagnostics import Diagnostic
from kompetens.framework.limits import MAX_BYTES
from kompetens.text.i18n import Messages

if TYPE_CHECKING:
    from kompetens.cohort.result_chunks import ChunkOutputs
    from kompetens.framework.loading import Document
    from kompetens.model import Framework, Result

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


def init_reader(setup: ReadSetup) -> None:
    """Set up this process for reading (the initializer of a worker process)."""
    global _setup
    _setup = setup
    _plans.clear()
    _readers.clear()


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


class _Parsers(NamedTuple):
    """What reading YAML, and reading a file the exact way, take beyond this module."""

    errors: tuple[type[BaseException], ...]
    """What a parser raises for a file the fast path leaves to the exact reader."""
    fast_parse: Callable[[str, str], Any]
    fast_yaml: Callable[[str], Any]
    read_bytes: Callable[[Path], tuple[bytes | None, list[Diagnostic]]]
    read_result: Callable[[Path], tuple[Result | None, Document, list[Diagnostic]]]
    check_result: Callable[[Framework, Result, Document], list[Diagnostic]]
    document: type[Document]
    result: type[Result]


_loaded: list[_Parsers] = []


def _parsers() -> _Parsers:
    """The YAML readers and the exact reader, imported once per process when a file needs
    them (about 20 ms: a run of JSON files or tables only never pays for them)."""
    if not _loaded:
        import yaml

        from kompetens.assessment.results import check_result, read_result
        from kompetens.cohort.fast_parse import fast_parse, fast_yaml
        from kompetens.framework.loading import Document, read_bytes
        from kompetens.model import Result

        errors = (Unusual, UnicodeDecodeError, ValueError, yaml.YAMLError, RecursionError)
        _loaded.append(
            _Parsers(
                errors,
                fast_parse,
                fast_yaml,
                read_bytes,
                read_result,
                check_result,
                Document,
                Result,
            )
        )
    return _loaded[0]


def read_result_file(order: int, file: str) -> Entry | list[Diagnostic]:
    """One result file as a scored `Entry`, or the reasons it cannot be scored."""
    parsers = _parsers()
    raw, problems = parsers.read_bytes(Path(file))
    if raw is None:
        return problems
    result: Result | None = None
    document: Document | None = None
    try:
        text = raw.decode("utf-8-sig")
        data = parsers.fast_parse(text, file)
        if isinstance(data, dict):
            result = parsers.result.model_validate(data)
            document = parsers.document(file, text, data)
    except parsers.errors:
        result = None  # ValidationError is a ValueError: the strict reader words it
    if result is None or document is None:
        result, document, diagnostics = parsers.read_result(Path(file))
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
        problems = _parsers().check_result(framework, result, document)
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


def read_chunk_outputs(chunk: Sequence[tuple[int, str]]) -> ChunkOutputs:
    """`result_chunks.read_chunk_outputs`, the task of a worker process (imported when
    first called: a run without result files never needs it)."""
    from kompetens.cohort.result_chunks import read_chunk_outputs as read

    return read(chunk)


def read_result_chunk(chunk: Sequence[tuple[int, str]]) -> list[Entry | list[Diagnostic]]:
    """Several files at once: one task per chunk keeps a process pool's overhead small.

    Each file is read inside its own error boundary: whatever one file does to its reader
    becomes that file's rejection, and the others are still scored. Files the fast path
    takes are scored together at the end (`_score_rows`).
    """
    return read_chunk(chunk).outputs()


Score = tuple[tuple[float | None, ...], int, int]
"""Means (components, areas, overall), answered and "can't say" counts of a file."""


class ChunkRead(NamedTuple):
    """A chunk read: the fast path's files as rows and scores, the others as outputs."""

    others: list[Entry | list[Diagnostic] | None]
    """Each file's output in the chunk's order; `None` for a file the fast path took."""
    rows: list[Row]
    """The fast path's files, in the chunk's order."""
    scores: list[Score]
    """The score of each of `rows`."""

    def outputs(self) -> list[Entry | list[Diagnostic]]:
        """Every file's output, the fast path's as entries."""
        rows = iter(zip(self.rows, self.scores, strict=True))
        return [row_entry(*next(rows)) if output is None else output for output in self.others]


def read_chunk(chunk: Sequence[tuple[int, str]]) -> ChunkRead:
    """The files of `chunk` read: the fast path's as rows, the others the exact way."""
    others: list[Entry | list[Diagnostic] | None] = []
    rows: list[Row] = []
    for order, file in chunk:
        row = _fast_guarded(order, file)
        if row is None:
            others.append(_read_guarded(order, file))
        else:
            rows.append(row)
            others.append(None)
    try:
        scores = _score_rows(rows)
    except Exception:
        if os.environ.get("KOMPETENS_DEBUG"):
            raise
        exact = iter(rows)  # each the exact way
        others = [
            _read_guarded(*next(exact)[:2]) if output is None else output for output in others
        ]
        return ChunkRead(others, [], [])
    return ChunkRead(others, rows, scores)


def _read_guarded(order: int, file: str) -> Entry | list[Diagnostic]:
    try:
        return read_result_file(order, file)
    except Exception as exc:
        return [failure(file, exc)]


class Row(NamedTuple):
    """A file the fast path took (a tuple: one is made per file)."""

    order: int
    file: str
    plain: PlainResult
    codes: bytes
    """Its rating codes in plan order (`records.encode`)."""
    reader: LevelReader


def row_entry(row: Row, score: Score) -> Entry:
    """The `Entry` of a row the fast path took: equal to the exact reader's."""
    plain, framework = row.plain, row.reader.framework
    means, answered, cant_say = score
    return Entry(
        source=row.file,
        line=0,
        respondent=(plain.respondent or "").strip() or None,
        name=(plain.name or "").strip() or None,
        level=plain.level,
        groups=_groups(row.file),
        codes=row.codes,
        means=means,
        answered=answered,
        cant_say=cant_say,
        completed=plain.completed,
        order=row.order,
        framework_id=framework.id,
        kind="result",
        extra={"version": plain.version, "scored_with": framework.version, "role": plain.role},
    )


def _fast_guarded(order: int, file: str) -> Row | None:
    """The fast path; `None` (the exact path decides) for anything it does not take,
    including whatever it did not foresee."""
    try:
        return _fast_row(order, file)
    except Exception:
        if os.environ.get("KOMPETENS_DEBUG"):
            raise  # for the bug report, as `records.failure` does
        return None


def _fast_row(order: int, file: str) -> Row | None:
    try:
        raw = read_small(file, MAX_BYTES)
        if raw is None:
            return None
        plain = _plain(raw, file)
    except _FAST_ERRORS:
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
    return Row(order, file, plain, codes, reader)


_FAST_ERRORS = (OSError, Unusual, UnicodeDecodeError, ValueError, RecursionError)
"""What reading a file may raise on the fast path (YAML's own errors: `_plain_yaml`)."""


def _plain(raw: bytes, file: str) -> PlainResult | None:
    """The plain result in a file's bytes, or `None`. JSON without a backslash is parsed
    without a per-object duplicate check (the costliest part of reading it): its strings
    are counted instead (`json_unique`), and a file with two equal keys in a mapping, one
    of them lost to the parser, goes to the exact path."""
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[3:]
    text = raw.decode()
    if not file.lower().endswith(".json"):
        return _plain_yaml(text)
    if "\\" in text:
        return plain_result(json.loads(text, object_pairs_hook=unique_pairs), text_keys=True)
    plain = plain_result(json_value(text), text_keys=True)
    return plain if plain is not None and json_unique(text, plain) else None


def _plain_yaml(text: str) -> PlainResult | None:
    parsers = _parsers()
    try:
        data = parsers.fast_yaml(text)
    except parsers.errors:
        return None
    return plain_result(data)


def _fits(framework: Framework, plain: PlainResult) -> bool:
    """What `_entry` checks before scoring, on the plain result: the same framework at the
    same major version, a level it has; `_LevelReader.codes` checks the statements and the
    ratings."""
    if plain.framework_id != framework.id or plain.level not in framework.level_ids:
        return False
    version = framework.version
    if plain.version != version and _major(plain.version) != _major(version):
        return False
    return not (plain.not_applicable and framework.scale.not_applicable is None)


def grouped() -> bool:
    """Whether result files are grouped (`--by`): else every file's groups are `{}`."""
    return bool(_setup.by)


def groups_of(file: str) -> dict[str, str]:
    """The `--by` groups of a result file (only `--by folder` has a value)."""
    return _groups(file)


def _groups(file: str) -> dict[str, str]:
    if not _setup.by:
        return {}
    return {
        column: (folder_label(file) if column.casefold() in FOLDER_GROUPS else "")
        for column in _setup.by
    }


def _score_rows(rows: Sequence[Row]) -> list[Score]:
    """The means and counts of the fast path's files: per plan with the columnar tally in
    a large cohort, else one by one with `ScoringPlan.tally`."""
    numbers: dict[float | None, float | None] = {_NO_MEAN: None}
    """One float object per distinct mean: fewer objects to build and to send back."""
    if not _setup.columnar:
        scores: list[Score] = []
        for row in rows:
            means, answered, cant_say = score_vector(row.reader.plan, row.plain.ratings)
            scores.append((_shared(means, numbers), answered, cant_say))
        return scores
    by_plan: dict[int, list[int]] = {}
    for index, row in enumerate(rows):
        by_plan.setdefault(id(row.reader.plan), []).append(index)
    if len(by_plan) == 1:
        return _tally_together(rows, numbers)
    placed: list[Score | None] = [None] * len(rows)
    for indices in by_plan.values():
        for index, score in zip(
            indices, _tally_together([rows[i] for i in indices], numbers), strict=True
        ):
            placed[index] = score
    return [score for score in placed if score is not None]


def _tally_together(rows: Sequence[Row], numbers: dict[float | None, float | None]) -> list[Score]:
    """The rows of one plan as one `uint8` matrix, scored by `MatrixPlan.tally`."""
    if not rows:
        return []
    import numpy as np

    from kompetens.assessment.scoring_matrix import MatrixPlan

    reader = rows[0].reader
    matrix_plan = MatrixPlan.build(reader.plan, reader.minimum)
    codes = np.frombuffer(b"".join([row.codes for row in rows]), dtype=np.uint8)
    tally = matrix_plan.tally(codes.reshape(len(rows), matrix_plan.width))
    means = np.concatenate(
        (tally.component_means, tally.area_means, tally.overall_means[:, None]), axis=1
    )
    # A mean that is none becomes -inf, which `numbers` maps to None (no mean is -inf).
    filled = np.where(np.isnan(means), _NO_MEAN, means).tolist()
    return [
        (_shared(row_means, numbers), answered, cant_say)
        for row_means, answered, cant_say in zip(
            filled, tally.answered.tolist(), tally.cant_say.tolist(), strict=True
        )
    ]


_NO_MEAN = float("-inf")


def _shared(
    means: Sequence[float | None], numbers: dict[float | None, float | None]
) -> tuple[float | None, ...]:
    """The means as a tuple of the objects `numbers` holds for them (made once each)."""
    return tuple(map(numbers.setdefault, means, means))


__all__ = [
    "ChunkRead",
    "ReadSetup",
    "Row",
    "Score",
    "grouped",
    "groups_of",
    "init_reader",
    "plan_for",
    "read_chunk",
    "read_chunk_outputs",
    "read_result_chunk",
    "read_result_file",
]
