"""`kompetens import` as one call: a CASE package or Moodle CSV → a validated framework YAML.

The pipeline is the same for both sources: read the source into framework data (with
diagnostics located in the source), write that data as the YAML a designer will go on
editing, and read the YAML back through the framework validator, so that nothing is
written that `kompetens validate` would refuse. The problems of that last step are
located in the YAML the import would write, which does not exist yet.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from kompetens.framework.diagnostics import Diagnostic
from kompetens.interop.formats import ImportFormat
from kompetens.interop.imported import ImportResult
from kompetens.interop.notices import Notice
from kompetens.interop.tree_import import LevelChoice, TierChoice
from kompetens.model.framework import Framework

_WHAT = {ImportFormat.case_json: "CASE package", ImportFormat.moodle_csv: "Moodle framework CSV"}
"""How the YAML's header comment names the source."""


@dataclass(frozen=True)
class ImportRequest:
    """The options of one import, parsed."""

    source: Path
    kind: ImportFormat
    directory: Path
    """Where the YAML will be written (its `$schema` line is relative to it)."""
    schema: str | None = None
    """`--schema`: what the editor line names (default: the nearest schema file)."""
    tiers: TierChoice | None = None
    levels: LevelChoice = field(default_factory=LevelChoice)
    language: str = "en"
    """Moodle CSV only: the language of its texts."""
    delimiter: str | None = None
    """Moodle CSV only: a Moodle delimiter name (default: found from the header)."""


@dataclass(frozen=True)
class ImportOutcome:
    """What the import found, and the YAML to write when there is a valid framework.

    `source_problems` are located in the source; `framework_problems` in the YAML made
    from it (empty when the source could not be turned into framework data at all).
    """

    source_problems: list[Diagnostic]
    framework_problems: list[Diagnostic] = field(default_factory=list)
    text: str | None = None
    framework: Framework | None = None
    unreadable: bool = False
    """The source is not a file of its format at all (exit 2, not 1)."""
    hint: Notice | None = None
    """Advice for making a framework the validator accepts."""

    @property
    def converted(self) -> bool:
        """Whether the source became framework data (valid or not)."""
        return self.text is not None


def import_to_yaml(request: ImportRequest) -> ImportOutcome:
    """The framework YAML made from `request.source`, validated, or why there is none."""
    result, unreadable_codes = _read(request)
    if result.data is None:
        unreadable = any(d.code in unreadable_codes for d in result.diagnostics)
        return ImportOutcome(result.diagnostics, unreadable=unreadable)
    text = _yaml(request, result)
    framework, problems = _validate(text, request.source)
    hint = None
    empty_levels = any(p.code == "empty-level" for p in problems)
    if framework is None and request.levels.mode != "ignore" and empty_levels:
        hint = Notice("publish.import.empty_levels")
    return ImportOutcome(result.diagnostics, problems, text, framework, hint=hint)


def _read(request: ImportRequest) -> tuple[ImportResult, frozenset[str]]:
    """The source as framework data, and the codes that mean it is unreadable."""
    if request.kind is ImportFormat.moodle_csv:
        from kompetens.interop.moodle_import import UNREADABLE_CODES, import_moodle_csv

        result = import_moodle_csv(
            request.source,
            language=request.language,
            delimiter=request.delimiter,
            tiers=request.tiers,
            levels=request.levels,
        )
        return result, UNREADABLE_CODES
    from kompetens.interop.case_import import UNREADABLE_CODES as CASE_UNREADABLE
    from kompetens.interop.case_import import import_case, read_case_package

    package = read_case_package(request.source)
    return import_case(package, tiers=request.tiers, levels=request.levels), CASE_UNREADABLE


def _yaml(request: ImportRequest, result: ImportResult) -> str:
    from kompetens import __version__
    from kompetens.framework.scaffold import schema_reference
    from kompetens.interop.yaml_out import framework_yaml

    assert result.data is not None
    reference, _ = schema_reference(request.directory, request.schema)
    return framework_yaml(
        result.data,
        [
            f"yaml-language-server: $schema={reference}",
            f"Imported from the {_WHAT[request.kind]} {request.source.name} "
            f"by kompetens {__version__}.",
        ],
    )


def _validate(text: str, source: Path) -> tuple[Framework | None, list[Diagnostic]]:
    from kompetens.framework.loading import parse_yaml
    from kompetens.framework.validation import check_framework_document

    return check_framework_document(parse_yaml(text, f"<{source.name} as YAML>"))


__all__ = ["ImportOutcome", "ImportRequest", "import_to_yaml"]
