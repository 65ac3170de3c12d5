"""Writing cohort results: per-respondent CSV, everything as JSON, empty collection sheets.

CSV files are opened by spreadsheet programs, which run a cell that starts with `=`, `+`,
`-` or `@` as a formula ("CSV injection"). Every text cell that starts with one of those,
or with a tab or carriage return, gets a leading apostrophe, which spreadsheets show as
text; numbers are written as numbers and stay numbers (a negative gap is still -0.5).
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any, NotRequired, TypedDict

from kompetens.files.output import Pieces
from kompetens.model import Framework, localize

if TYPE_CHECKING:
    from kompetens.cohort.collect import Collection
    from kompetens.framework.diagnostics import DiagnosticDict

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
EXCEL_BOM = "\ufeff"


def neutralise(value: Any) -> Any:
    """A cell value safe for spreadsheets: text that could run as a formula is quoted."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def respondents_csv(
    analysis: Mapping[str, Any],
    *,
    by: Sequence[str],
    pseudonymised: bool,
    delimiter: str = ",",
    decimal: str = ".",
) -> str:
    """One row per scored respondent: who, groups, overall, area and sub-area means.

    `delimiter=";", decimal=","` is what Excel in a Finnish or Swedish locale opens as
    columns with numbers (its "CSV" is semicolon-separated with decimal commas). Written a
    column at a time from `analysis["respondent_table"]` (`respondents`)."""
    pieces = respondents_csv_pieces(
        analysis, by=by, pseudonymised=pseudonymised, delimiter=delimiter, decimal=decimal
    )
    return str(pieces)


def respondents_csv_pieces(
    analysis: Mapping[str, Any],
    *,
    by: Sequence[str],
    pseudonymised: bool,
    delimiter: str = ",",
    decimal: str = ".",
) -> Pieces:
    """`respondents_csv`, made a chunk of rows at a time as it is written."""
    from kompetens.cohort.respondents import respondent_csv_chunks

    table = analysis["respondent_table"]
    if table.pseudonymised != pseudonymised:
        table = replace(table, pseudonymised=pseudonymised)
    return Pieces(lambda: respondent_csv_chunks(table, by, delimiter, decimal))


def _rounded(value: Any) -> Any:
    if isinstance(value, float):
        return None if math.isnan(value) else round(value, 4)
    if isinstance(value, dict):
        return {k: _rounded(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_rounded(v) for v in value]
    return value


class CohortDocument(TypedDict):
    """What `score --json` writes: the analysis, with the privacy rules applied."""

    kompetens: str
    framework: Any
    level: Any
    target: Any
    scale: Any
    generated: str
    pseudonymised: bool
    min_group: int
    counts: dict[str, int]
    overall: Any
    areas: Any
    furthest: Any
    groups: Any
    support: Any
    respondents: Any
    quality: Any
    agreement: Any
    rejected: list[DiagnosticDict]
    notes: list[DiagnosticDict]
    drafts: list[DiagnosticDict]
    change: NotRequired[dict[str, Any]]


def cohort_document(
    collection: Collection,
    analysis: Mapping[str, Any],
    context: Mapping[str, Any],
    pseudonymised: bool,
    change: dict[str, Any] | None = None,
) -> CohortDocument:
    """Everything `score` found, for `--json`: a pseudonymised document names no input file
    (`kompetens.cohort.privacy`), so it keeps only the counts of rejected inputs."""
    from kompetens import __version__
    from kompetens.cohort.privacy import shareable_inputs, shareable_notes

    document: CohortDocument = {
        "kompetens": __version__,
        "framework": analysis["framework"],
        "level": analysis["level"],
        "target": analysis["target"],
        "scale": analysis["scale"],
        "generated": context["generated"],
        "pseudonymised": pseudonymised,
        "min_group": analysis["min_group"],
        "counts": context["counts"],
        "overall": analysis["overall"],
        "areas": analysis["areas"],
        "furthest": analysis["furthest"],
        "groups": analysis["groups"],
        "support": analysis["support"],
        "respondents": analysis["respondents"],
        "quality": analysis["quality"],
        "agreement": analysis["agreement"],
        "rejected": [
            d.as_dict() for d in shareable_inputs(collection.rejected, pseudonymised=pseudonymised)
        ],
        "notes": [
            d.as_dict() for d in shareable_notes(collection.notes, pseudonymised=pseudonymised)
        ],
        "drafts": [
            d.as_dict() for d in shareable_inputs(collection.drafts, pseudonymised=pseudonymised)
        ],
    }
    if change is not None:
        document["change"] = change
    return document


def cohort_json(document: Mapping[str, object]) -> str:
    return json.dumps(_rounded(dict(document)), ensure_ascii=False, indent=2) + "\n"


def sheet_columns(framework: Framework, level: str, groups: Sequence[str]) -> list[str]:
    return [
        "respondent",
        "name",
        *groups,
        *(s.id for s in framework.statements_for(level)),
    ]


def template_csv(framework: Framework, level: str, groups: Sequence[str] = ()) -> str:
    """An empty collection sheet: the header row that `kompetens score` reads."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow(sheet_columns(framework, level, groups))
    return EXCEL_BOM + buffer.getvalue()


class CollectionSheetError(Exception):
    """A sheet that cannot be made here; `key` is the catalogue message saying why."""

    def __init__(self, key: str) -> None:
        self.key = key
        super().__init__(key)


def collection_sheet(
    framework: Framework, level: str, fmt: str, groups: Sequence[str], lang: str | None
) -> str | bytes:
    """An empty collection sheet in `fmt` (csv or xlsx; an XLSX's labels in `lang` or the
    framework's default language). Raises `CollectionSheetError` without openpyxl."""
    if fmt != "xlsx":
        return template_csv(framework, level, groups)
    try:
        import openpyxl  # noqa: F401
    except ImportError:
        raise CollectionSheetError("cohort.error_no_openpyxl") from None
    from kompetens.text.language import resolve_language

    language = resolve_language(lang, framework.languages, framework.default_language)
    return template_xlsx(framework, level, language, groups)


def template_xlsx(
    framework: Framework, level: str, language: str, groups: Sequence[str] = (), rows: int = 500
) -> bytes:
    """An empty collection workbook: an answer sheet whose statement cells offer the scale
    as a drop-down, a sheet with the statements in full, and one with the scale."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    from kompetens.text.i18n import Messages

    default = framework.default_language
    m = Messages(language)

    def t(text: dict[str, str] | None) -> str:
        return localize(text, language, default)

    workbook = Workbook()
    # A new workbook's first sheet is the answer sheet; creating it by name avoids
    # `workbook.active`, which may be None.
    workbook.remove(workbook.worksheets[0])
    # Sheet names and texts in the sheet's language; `score` reads the first sheet
    # whatever its name, and its header row stays machine-readable (ids, not words).
    answers = workbook.create_sheet(m("cohort.sheet_answers"))
    columns = sheet_columns(framework, level, groups)
    answers.append(columns)
    statements = framework.statements_for(level)
    first_statement = len(columns) - len(statements) + 1
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDEBF7")
    for index, statement in enumerate(statements, start=first_statement):
        cell = answers.cell(row=1, column=index)
        cell.comment = Comment(t(statement.text), "kompetens")
        cell.fill = fill
    for cell in answers[1]:
        cell.font = bold
        cell.alignment = Alignment(text_rotation=0, wrap_text=False)
    answers.freeze_panes = answers.cell(row=2, column=2)

    scale_name = m("cohort.sheet_scale")
    scale = workbook.create_sheet(scale_name)
    scale.append([m("cohort.sheet_label"), m("cohort.sheet_value"), m("cohort.sheet_description")])
    for point in framework.scale.points:
        scale.append([t(point.label), point.value, t(point.description)])
    if framework.scale.cant_say is not None:
        scale.append(
            [t(framework.scale.cant_say.label), None, t(framework.scale.cant_say.description)]
        )
    for cell in scale[1]:
        cell.font = bold
    last = scale.max_row
    validation = DataValidation(
        type="list",
        formula1=f"='{scale_name}'!$A$2:$A${last}",
        allow_blank=True,
        showDropDown=False,
        showErrorMessage=True,
        errorStyle="warning",
        errorTitle="kompetens",
        error=m(
            "cohort.sheet_error",
            low=framework.scale.minimum,
            high=framework.scale.maximum,
        ),
        promptTitle="kompetens",
        prompt=m("cohort.sheet_prompt"),
    )
    answers.add_data_validation(validation)
    start = get_column_letter(first_statement)
    end = get_column_letter(len(columns))
    validation.add(f"{start}2:{end}{rows + 1}")

    sheet = workbook.create_sheet(m("cohort.sheet_statements"))
    sheet.append([m("cohort.sheet_id"), m("cohort.sheet_subarea"), m("cohort.sheet_statement")])
    components = {c.id: t(c.title) for c in framework.components()}
    where = framework.statement_index
    for statement in statements:
        _, component, _ = where[statement.id]
        sheet.append([statement.id, components[component.id], t(statement.text)])
    for cell in sheet[1]:
        cell.font = bold
    sheet.column_dimensions["A"].width = 42
    sheet.column_dimensions["B"].width = 40
    sheet.column_dimensions["C"].width = 100

    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
