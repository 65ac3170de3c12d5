"""Starting a new assessment: which options fit together, and the result they start.

The rules are the same however the answers will arrive (the terminal, piped lines, an
answers file): a level the framework has (asked for only when there is someone to ask), a
result file named .yaml, .yml or .json (by default FRAMEWORK-LEVEL-DATE.yaml, never over an
existing file), and a mentor, teacher or peer always rating a named student. Asking is the
caller's: the level and the student's name come through the `choose_level` and
`ask_person` functions it passes, so this module never prompts.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from kompetens.assessment.results import default_result_name
from kompetens.assessment.session import new_result
from kompetens.model import Assessor, AssessorRole, Respondent

if TYPE_CHECKING:
    from kompetens.model import Framework, Result

RESULT_SUFFIXES = (".yaml", ".yml", ".json")


class StartRefused(Exception):
    """Options that do not fit together; `key` is a catalogue message with `values`."""

    def __init__(self, key: str, **values: object) -> None:
        self.key = key
        self.values = values
        super().__init__(f"{key}: {values}")


@dataclass(frozen=True, slots=True)
class StartOptions:
    """The options of `assess` that describe a new assessment."""

    level: str | None = None
    out: Path | None = None
    name: str | None = None
    respondent_id: str | None = None
    interactive: bool = False
    role: AssessorRole = "self"
    assessor_name: str | None = None


@dataclass(frozen=True, slots=True)
class Start:
    """A new result, and the file it is saved to."""

    result: Result
    path: Path


def start_assessment(
    framework: Framework,
    language: str,
    options: StartOptions,
    *,
    choose_level: Callable[[], str],
    ask_person: Callable[[], tuple[str | None, str | None]],
    today: date | None = None,
) -> Start:
    """A new result for `options`; `StartRefused` names the first option that does not fit.

    `choose_level` is called when no level was given and the run is interactive;
    `ask_person` (returning name and id) when neither was given and the run is interactive.
    """
    level = _level(framework, options, choose_level)
    path = options.out
    if path is None:
        from kompetens.files.fileio import next_free_path

        path = next_free_path(Path(default_result_name(framework.id, level, today or date.today())))
    elif path.suffix.lower() not in RESULT_SUFFIXES:
        raise StartRefused("assess.error_out_suffix", suffix=path.suffix)
    other = options.role != "self"
    if not other and options.assessor_name is not None:
        raise StartRefused("assess.error_assessor_name_without_role")
    name, respondent_id = options.name, options.respondent_id
    if other and respondent_id is None and name is None:
        raise StartRefused("assess.error_role_needs_student", role=options.role)
    if options.interactive and name is None and respondent_id is None:
        name, respondent_id = ask_person()
    result = new_result(framework, level, language, Respondent(id=respondent_id, name=name))
    if other:
        result.assessor = Assessor(role=options.role, name=options.assessor_name)
    return Start(result, path)


def _level(framework: Framework, options: StartOptions, choose_level: Callable[[], str]) -> str:
    levels = ", ".join(framework.level_ids)
    if options.level is None:
        if not options.interactive:
            raise StartRefused("assess.error_level_required", levels=levels)
        return choose_level()
    if options.level not in framework.level_ids:
        raise StartRefused("framework.unknown_level", level=options.level, levels=levels)
    return options.level
