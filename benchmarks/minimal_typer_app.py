"""A minimal typer app with the same commands and options as `kompetens score`, `assess`
and `validate`, and nothing behind them: the start-up baseline of `bench_startup.py`.

Whatever `COMMAND --help` costs here is typer's own price for those options (typer imports
pydantic to describe parameters, click builds the help); what `kompetens COMMAND --help`
costs beyond it is kompetens's. `bench_startup.py` checks that both list the same options.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import typer

app = typer.Typer(
    add_completion=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class CsvDialect(StrEnum):
    auto = "auto"
    semicolon = "semicolon"
    comma = "comma"


class Role(StrEnum):
    self = "self"
    mentor = "mentor"
    teacher = "teacher"
    peer = "peer"


class Format(StrEnum):
    text = "text"
    json = "json"
    github = "github"


@app.command()
def score(
    inputs: list[str] = typer.Argument(..., metavar="INPUT", help="Inputs."),
    framework_spec: str = typer.Option(None, "--framework", help="Framework."),
    level: str = typer.Option(None, "--level", "-l", help="Level."),
    id_column: str = typer.Option(None, "--id-column", help="Id column."),
    by: list[str] = typer.Option(None, "--by", help="Group column."),
    csv_out: str = typer.Option(None, "--csv", metavar="FILE", help="CSV."),
    json_out: str = typer.Option(None, "--json", metavar="FILE", help="JSON."),
    report_out: str = typer.Option(None, "--report", metavar="FILE", help="Report."),
    force: bool = typer.Option(False, "--force", help="Replace."),
    lang: str = typer.Option(None, "--lang", help="Language."),
    pseudonymize: bool = typer.Option(False, "--pseudonymize", help="Pseudonymise."),
    key_file: Path = typer.Option(None, "--key-file", help="Key file."),
    min_group: int = typer.Option(5, "--min-group", min=1, help="Smallest group."),
    strict: bool = typer.Option(False, "--strict", help="Stop at the first problem."),
    jobs: int = typer.Option(0, "--jobs", "-j", min=0, help="Workers."),
    top: int = typer.Option(10, "--top", min=0, help="How many."),
    since: list[str] = typer.Option(None, "--since", help="Earlier round."),
    columns_map: Path = typer.Option(None, "--columns", help="Column map."),
    cant_say: list[str] = typer.Option(None, "--cant-say", help="Can't say."),
    header_row: int = typer.Option(None, "--header-row", min=1, help="Header row."),
    sheet: str = typer.Option(None, "--sheet", help="Sheet."),
    csv_dialect: CsvDialect = typer.Option(CsvDialect.auto, "--csv-dialect", help="Dialect."),
) -> None:
    """Score a cohort."""


@app.command()
def assess(
    framework: str = typer.Argument(None, metavar="FRAMEWORK", help="Framework."),
    level: str = typer.Option(None, "--level", "-l", help="Level."),
    lang: str = typer.Option(None, "--lang", help="Language."),
    out: Path = typer.Option(None, "--out", "-o", help="Result file."),
    resume: Path = typer.Option(None, "--resume", help="Draft."),
    answers: Path = typer.Option(None, "--answers", help="Answers file."),
    name: str = typer.Option(None, "--name", help="Name."),
    student_id: str = typer.Option(None, "--id", help="Id."),
    force: bool = typer.Option(False, "--force", help="Overwrite."),
    role: Role = typer.Option(Role.self, "--role", help="Who rates."),
    assessor_name: str = typer.Option(None, "--assessor-name", help="Assessor."),
    break_lock: bool = typer.Option(False, "--break-lock", help="Break the lock."),
) -> None:
    """Assess yourself."""


@app.command()
def validate(
    paths: list[Path] = typer.Argument(None, help="Framework files."),
    builtin: bool = typer.Option(False, "--builtin", help="Built-in too."),
    output_format: Format = typer.Option(Format.text, "--format", "-f", help="Format."),
    strict: bool = typer.Option(False, "--strict", help="Warnings as errors."),
    max_words: int = typer.Option(25, "--max-words", min=1, help="Longest statement."),
    glossary: str = typer.Option(None, "--glossary", metavar="FILE", help="Glossary."),
    lint: bool = typer.Option(True, "--lint/--no-lint", help="Lint."),
) -> None:
    """Validate frameworks."""


if __name__ == "__main__":
    app()
