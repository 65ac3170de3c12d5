"""Reading result files for a cohort: fast when the file is fine, exact when it is not.

A cohort can be 10,000 hand-in files, so the common case takes a fast path: the C YAML
parser with a constructor that only adds duplicate-key detection (or `json` with a C-level
duplicate check), then the pydantic `Result` model. The fast path refuses anything unusual
— anchors, aliases and merge keys (any `&`, `*` or `<<` in the text), duplicate keys,
invalid data — and hands the file to the strict reader of `kompetens.assessment.results`, which
finds the problem again and reports it with line and column. A valid file is therefore
read once; an invalid one twice, which is rare and cheap next to a wrong report.
"""

from __future__ import annotations

import json
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import ConstructorError
from yaml.nodes import MappingNode, Node

from kompetens.assessment.results import check_result, read_result
from kompetens.assessment.scoring import ScoringPlan
from kompetens.cohort.privacy import folder_label
from kompetens.cohort.records import Entry, encode, failure, rejection, score_vector
from kompetens.framework.diagnostics import Diagnostic
from kompetens.framework.loading import Document, read_bytes
from kompetens.model import Framework, Result
from kompetens.text.i18n import Messages

FOLDER_GROUPS = frozenset({"folder", "kansio", "mapp"})
"""`--by folder` groups result files by the name of the folder they are in."""

_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Unusual(Exception):
    """The fast path saw something only the strict reader should judge."""


class _FastLoader(_BaseLoader):  # type: ignore[valid-type,misc]
    def construct_mapping(self, node: Node, deep: bool = False) -> dict[Any, Any]:
        if not isinstance(node, MappingNode):
            raise ConstructorError(None, None, "expected a mapping", node.start_mark)
        mapping: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=deep)
            if not isinstance(key, Hashable) or key in mapping:
                raise _Unusual
            mapping[key] = self.construct_object(value_node, deep=deep)
        return mapping


def _unique_pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
    mapping = dict(items)
    if len(mapping) != len(items):
        raise _Unusual
    return mapping


def _fast_parse(text: str, file: str) -> Any:
    if file.lower().endswith(".json"):
        return json.loads(text, object_pairs_hook=_unique_pairs)
    if "&" in text or "*" in text or "<<" in text:
        raise _Unusual
    loader = _FastLoader(text)
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()


@dataclass(frozen=True, slots=True)
class ReadSetup:
    """What every reader (in this process or a worker) needs to know."""

    framework: Framework | None
    """The framework named with --framework; `None`: the one each result names."""
    by: tuple[str, ...] = ()
    language: str = "en"
    """The language of the rejection messages."""


_setup = ReadSetup(None)
_frameworks: dict[str, Framework | None] = {}
_plans: dict[tuple[int, str], ScoringPlan] = {}


def init_reader(setup: ReadSetup) -> None:
    """Set up this process for reading (the initializer of a worker process)."""
    global _setup
    _setup = setup
    _plans.clear()


def plan_for(framework: Framework, level: str) -> ScoringPlan:
    key = (id(framework), level)
    plan = _plans.get(key)
    if plan is None:
        plan = _plans[key] = ScoringPlan.build(framework, level)
    return plan


def _builtin(framework_id: str, version: str | None = None) -> Framework | None:
    """A built-in framework at the version a result names when that version is kept in the
    archive, else its newest version; loaded once per process."""
    from kompetens.framework.catalog import builtin_spec_for, builtin_version

    spec = builtin_spec_for(framework_id, version)
    if spec not in _frameworks:
        from kompetens.framework.validation import load_framework

        path = builtin_version(framework_id, version)
        _frameworks[spec] = load_framework(path)[0] if path else None
    return _frameworks[spec]


_valid_answers: dict[tuple[int, str], tuple[frozenset[str], frozenset[int]]] = {}


def _plainly_valid(framework: Framework, result: Result) -> bool:
    """A quick yes when the result fits the framework; on no, `check_result` says why.

    The check is the same as `check_result`'s (framework, level, statement ids, scale), on
    sets prepared once per level instead of once per file.
    """
    if result.framework.id != framework.id or result.level not in framework.level_ids:
        return False
    key = (id(framework), result.level)
    prepared = _valid_answers.get(key)
    if prepared is None:
        prepared = _valid_answers[key] = (
            frozenset(s.id for s in framework.statements_for(result.level)),
            frozenset(framework.scale.values),
        )
    known, scale = prepared
    return all(
        statement_id in known
        and (answer.rating is None or answer.rating in scale)
        and not (answer.not_applicable and framework.scale.not_applicable is None)
        for statement_id, answer in result.answers.items()
    )


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
    groups = {
        column: (folder_label(file) if column.casefold() in FOLDER_GROUPS else "")
        for column in _setup.by
    }
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
    becomes that file's rejection, and the others are still scored.
    """
    return [_read_guarded(order, file) for order, file in chunk]


def _read_guarded(order: int, file: str) -> Entry | list[Diagnostic]:
    try:
        return read_result_file(order, file)
    except Exception as exc:
        return [failure(file, exc)]


__all__ = [
    "ReadSetup",
    "init_reader",
    "plan_for",
    "read_result_chunk",
    "read_result_file",
]
