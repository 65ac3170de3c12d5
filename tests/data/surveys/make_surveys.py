"""Write the survey exports in this folder: one ~30-respondent export per survey tool, laid
out as that tool exports answers (see README.md for where each layout comes from), and
`expected.json` with every respondent's true answers for the tests to recompute from.

Run from the repository root: `python tests/data/surveys/make_surveys.py`. The answers are
random but seeded, so the files only change when this script does.
"""

from __future__ import annotations

import csv
import io
import json
import random
import zipfile
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

import openpyxl

from kompetens.framework.validation import load_framework

HERE = Path(__file__).parent
LEVEL = "nqf6"
RESPONDENTS = 30
FIRST_NAMES = [
    "Aino", "Eero", "Helmi", "Ilmari", "Kerttu", "Lauri", "Minea", "Niilo", "Oona", "Paavo",
    "Saga", "Topi", "Venla", "Vilho", "Elsa", "Onni", "Linnea", "Eino", "Siiri", "Leevi",
    "Hilma", "Aatos", "Ellen", "Väinö", "Iida", "Juho", "Emma", "Otso", "Lilja", "Rasmus",
    "Alva", "Edvin", "Nelli",
]  # fmt: skip
LAST_NAMES = ["Virtanen", "Korhonen", "Mäkinen", "Nieminen", "Lindholm", "Räsänen", "Åberg"]

framework, _ = load_framework(HERE / "framework.yaml")
assert framework is not None
statements = framework.statements_for(LEVEL)
points = {p.value: p for p in framework.scale.points}
CANT_SAY = framework.scale.cant_say
assert CANT_SAY is not None
areas = [
    (area, [(c, [s for s in c.statements if LEVEL in s.levels]) for c in area.components])
    for area in framework.areas
]

expected: dict[str, Any] = {}


def answers(rng: random.Random) -> dict[str, int | None]:
    """One respondent's answers: statement id → 1–5, None (can't say); some left blank."""
    centre = rng.uniform(2.0, 4.3)
    out: dict[str, int | None] = {}
    for statement in statements:
        draw = rng.random()
        if draw < 0.03:
            continue
        if draw < 0.10:
            out[statement.id] = None
            continue
        out[statement.id] = max(1, min(5, round(rng.gauss(centre, 0.8))))
    return out


def person(index: int) -> tuple[str, str]:
    first = FIRST_NAMES[index % len(FIRST_NAMES)]
    last = LAST_NAMES[index % len(LAST_NAMES)]
    name = f"{first} {last}"
    email = f"{first.lower()}.{last.lower()}@edu.example.fi".translate(str.maketrans("äöå", "aoa"))
    return name, email


def record(file: str, respondents: dict[str, dict[str, int | None]], **extra: Any) -> None:
    expected[file] = {"level": LEVEL, "respondents": respondents, **extra}


def text(statement: Any, language: str) -> str:
    return str(statement.text[language])


def moodle_s(text: str) -> str:
    """Moodle's `s()`, which the responses download applies to every answer."""
    return escape(text, {'"': "&quot;", "'": "&#039;"})


def label(value: int | None, language: str) -> str:
    return str((CANT_SAY if value is None else points[value]).label[language])


# --- Microsoft Forms (.xlsx) -----------------------------------------------------------------


def ms_forms() -> None:
    """Forms → Responses → Open in Excel: one sheet, ID, Start time, Completion time, Email,
    Name, Last modified time, then one column per Likert row headed by its text; the
    answers are the option texts. Respondent 7 submitted twice."""
    rng = random.Random(1)
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Sheet1"
    sheet.append(
        ["ID", "Start time", "Completion time", "Email", "Name", "Last modified time"]
        + [text(s, "fi") for s in statements]
    )
    truth: dict[str, dict[str, int | None]] = {}
    start = datetime(2025, 3, 14, 9, 0)
    rows = [(i, False) for i in range(RESPONDENTS)]
    rows.insert(10, (7, True))  # respondent 7 answers again later (double submission)
    for number, (index, second) in enumerate(rows, start=1):
        name, email = person(index)
        given = answers(rng)
        begin = start + timedelta(hours=number * 3 + (40 if second else 0))
        sheet.append(
            [number, begin, begin + timedelta(minutes=12), email, name, None]
            + [None if s.id not in given else label(given[s.id], "fi") for s in statements]
        )
        if second or email not in truth:
            truth[email] = given
    workbook.save(HERE / "ms-forms.xlsx")
    record("ms-forms.xlsx", truth, double=[email_of(7)])


def email_of(index: int) -> str:
    return person(index)[1]


# --- Google Forms (.csv) ---------------------------------------------------------------------


def google_forms() -> None:
    """Responses → Download responses (.csv): UTF-8 without BOM, commas, `Timestamp` in the
    form's locale, `Email Address` when e-mails are collected, a multiple-choice grid as
    `Grid title [row]` columns; here the grid's columns are "1 – …" to "5 – …" and "Kan inte
    säga" (Swedish form). Respondent 3 submitted twice."""
    rng = random.Random(2)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    header = ["Timestamp", "Email Address", "Grupp"]
    for area, components in areas:
        for _, items in components:
            header += [f"{area.title['sv']} [{text(s, 'sv')}]" for s in items]
    writer.writerow(header)
    order = [s.id for _, components in areas for _, items in components for s in items]
    truth: dict[str, dict[str, int | None]] = {}
    rows = [(i, False) for i in range(RESPONDENTS)]
    rows.append((3, True))
    for number, (index, second) in enumerate(rows):
        _, email = person(index)
        given = answers(rng)
        moment = datetime(2025, 3, 14, 9, 0) + timedelta(hours=number * 5)
        hour = moment.hour % 12 or 12
        stamp = (
            f"{moment:%Y/%m/%d} {hour}:{moment:%M:%S} {'PM' if moment.hour >= 12 else 'AM'} GMT+2"
        )

        def cell(statement_id: str, given: dict[str, int | None] = given) -> str:
            if statement_id not in given:
                return ""
            value = given[statement_id]
            return label(None, "sv") if value is None else f"{value} – {label(value, 'sv')}"

        writer.writerow(
            [stamp, email, "SH25A" if index % 2 else "SH25B"] + [cell(i) for i in order]
        )
        if second or email not in truth:
            truth[email] = given
    (HERE / "google-forms.csv").write_bytes(buffer.getvalue().encode("utf-8"))
    record("google-forms.csv", truth, double=[email_of(3)])


# --- Webropol (.xlsx) ------------------------------------------------------------------------


def _repunctuate(sentence: str) -> str:
    """What a form builder does to a long pasted statement: the last word cut off, a comma
    lost, a double space."""
    return sentence.rsplit(" ", 1)[0].replace(", ", " ", 1).replace(" ", "  ", 1)


def webropol() -> None:
    """Raportit → Vie Exceliin (vastaukset): two header rows (the matrix question, numbered,
    above; its statements below, the question cell merged across them), numeric answers
    1–5 with "En osaa sanoa" as text, and an average row (Keskiarvo) under the answers.
    Some statements were re-punctuated by the form builder."""
    rng = random.Random(3)
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Vastaukset"
    top = ["Vastaaja", "Vastausaika", "Sähköposti"]
    bottom = ["", "", ""]
    merges = []
    column = len(top) + 1
    for number, (area, components) in enumerate(areas, start=1):
        items = [s for _, group in components for s in group]
        top += [f"{number}. {area.title['fi']}"] + [""] * (len(items) - 1)
        bottom += [
            _repunctuate(text(s, "fi")) if position % 4 == 1 else text(s, "fi")
            for position, s in enumerate(items)
        ]
        merges.append((column, column + len(items) - 1))
        column += len(items)
    sheet.append(top)
    sheet.append(bottom)
    for first, last in merges:
        sheet.merge_cells(start_row=1, start_column=first, end_row=1, end_column=last)
    order = [s.id for _, components in areas for _, items in components for s in items]
    truth: dict[str, dict[str, int | None]] = {}
    sums = [0.0] * len(order)
    counts = [0] * len(order)
    for index in range(RESPONDENTS):
        _, email = person(index)
        given = answers(rng)
        moment = datetime(2025, 4, 2, 8, 0) + timedelta(hours=index * 2)
        cells: list[Any] = [
            index + 1,
            f"{moment.day}.{moment.month}.{moment.year} {moment:%H.%M}",
            email,
        ]
        for position, statement_id in enumerate(order):
            value = given.get(statement_id, "missing")
            if value == "missing":
                cells.append(None)
            elif value is None:
                cells.append("En osaa sanoa")
            else:
                cells.append(value)
                sums[position] += value
                counts[position] += 1
        sheet.append(cells)
        truth[email] = given
    sheet.append(
        ["Keskiarvo", None, None]
        + [round(s / c, 2) if c else None for s, c in zip(sums, counts, strict=True)]
    )
    workbook.save(HERE / "webropol.xlsx")
    record("webropol.xlsx", truth, totals=1)


# --- Moodle Feedback (.xlsx and .csv) ----------------------------------------------------------


def moodle_feedback() -> None:
    """Feedback → Show responses → Download table data: User full name, the identity fields
    (Email address), Groups, Date (`userdate`), then one column per item headed
    "(label) question" (`nameandlabelformat`); a rated multiple choice prints the chosen
    option's text, HTML-escaped by `s()` (`Can&#039;t say`). The .xlsx is from a form made with `kompetens export --to
    moodle-feedback` (labels are statement ids, English); the .csv from a Finnish form made
    by hand (labels Q1, Q2, …)."""
    for suffix, seed, language in (("xlsx", 4, "en"), ("csv", 5, "fi")):
        rng = random.Random(seed)
        header = ["User full name", "Email address", "Groups", "Date"]
        for number, s in enumerate(statements, start=1):
            tag = s.id if suffix == "xlsx" else f"Q{number}"
            header.append(f"({tag}) {text(s, language)}")
        rows = []
        truth: dict[str, dict[str, int | None]] = {}
        for index in range(RESPONDENTS):
            name, email = person(index)
            given = answers(rng)
            moment = datetime(2025, 5, 5, 10, 0) + timedelta(hours=index * 7)
            date = f"{moment:%A}, {moment.day} {moment:%B %Y}, {moment.hour % 12 or 12}:{moment:%M} {'PM' if moment.hour >= 12 else 'AM'}"
            rows.append(
                [name, email, "Nursing 2025", date]
                + [
                    "" if s.id not in given else moodle_s(label(given[s.id], language))
                    for s in statements
                ]
            )
            truth[email] = given
        file = f"moodle-feedback.{suffix}"
        if suffix == "xlsx":
            workbook = openpyxl.Workbook()
            sheet = workbook.active
            assert sheet is not None
            sheet.title = "Responses"
            sheet.append(header)
            for row in rows:
                sheet.append(row)
            workbook.save(HERE / file)
        else:
            buffer = io.StringIO()
            writer = csv.writer(buffer, lineterminator="\n")
            writer.writerow(header)
            writer.writerows(rows)
            (HERE / file).write_bytes(("\ufeff" + buffer.getvalue()).encode("utf-8"))
        record(file, truth)


# --- Moodle Questionnaire (.csv) ---------------------------------------------------------------


def moodle_questionnaire() -> None:
    """Questionnaire → View all responses → Download (CSV, comma): Response, Submitted on:,
    Institution, Department, Course, Group, ID, Full name, Username, then a rate question's
    rows as `Q01_name->row text`; the chosen rate (1–5), -1 for its N/A column."""
    rng = random.Random(6)
    header = [
        "Response", "Submitted on:", "Institution", "Department", "Course", "Group", "ID",
        "Full name", "Username",
    ]  # fmt: skip
    order = []
    for number, (area, components) in enumerate(areas, start=1):
        for _, items in components:
            for s in items:
                header.append(f"Q{number:02d}_{area.id.split('-')[0]}->{text(s, 'fi')}")
                order.append(s.id)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    truth: dict[str, dict[str, int | None]] = {}
    for index in range(RESPONDENTS):
        name, email = person(index)
        username = email.split("@")[0]
        given = answers(rng)
        moment = datetime(2025, 5, 12, 8, 30) + timedelta(hours=index * 5)
        cells = [
            str(index + 101), f"{moment.day}.{moment.month}.{moment.year} {moment:%H.%M.%S}",
            "Savonia", "Hoitotyö", "Asiakastyön osaaminen", "SH25", f"s{2500 + index}",
            name, username,
        ]  # fmt: skip
        for statement_id in order:
            value = given.get(statement_id, "missing")
            cells.append("" if value == "missing" else "-1" if value is None else str(value))
        writer.writerow(cells)
        truth[username] = given
    (HERE / "moodle-questionnaire.csv").write_bytes(buffer.getvalue().encode("utf-8"))
    record("moodle-questionnaire.csv", truth)


# --- LimeSurvey (.csv, full text and codes) ----------------------------------------------------


def limesurvey() -> None:
    """Responses → Export: CSV, "Full question text" headings and "Full answers" (English),
    and a second export of the same kind of survey with "Question code" headings and
    "Answer codes" (K1[SQ001], AO01–AO05 and AO06 for can't say). Both export all
    responses, so unfinished ones are there with an empty Date submitted / submitdate."""
    for kind, seed in (("text", 7), ("codes", 8)):
        rng = random.Random(seed)
        if kind == "text":
            header = [
                "Response ID", "Date submitted", "Last page", "Start language", "Seed",
                "Date started", "Date last action",
            ]  # fmt: skip
        else:
            header = [
                "id",
                "submitdate",
                "lastpage",
                "startlanguage",
                "seed",
                "startdate",
                "datestamp",
            ]
        order = []
        for number, (area, components) in enumerate(areas, start=1):
            position = 0
            for _, items in components:
                for s in items:
                    position += 1
                    if kind == "text":
                        header.append(f"{area.title['en']} [{text(s, 'en')}]")
                    else:
                        header.append(f"K{number}[SQ{position:03d}]")
                    order.append(s.id)
        buffer = io.StringIO()
        writer = csv.writer(buffer, quoting=csv.QUOTE_ALL, lineterminator="\n")
        writer.writerow(header)
        truth: dict[str, dict[str, int | None]] = {}
        drafts: list[int] = []
        for index in range(RESPONDENTS):
            given = answers(rng)
            started = datetime(2025, 9, 1, 12, 0) + timedelta(hours=index * 3)
            unfinished = index in (4, 17, 25)
            submitted = "" if unfinished else f"{started + timedelta(minutes=15):%Y-%m-%d %H:%M:%S}"
            cells = [
                str(index + 1),
                submitted,
                "4" if not unfinished else "2",
                "en",
                str(rng.randrange(10**9)),
                f"{started:%Y-%m-%d %H:%M:%S}",
                f"{started + timedelta(minutes=15):%Y-%m-%d %H:%M:%S}",
            ]
            for statement_id in order:
                value = given.get(statement_id, "missing")
                if value == "missing":
                    cells.append("")
                elif kind == "text":
                    cells.append(label(value, "en"))  # type: ignore[arg-type]
                else:
                    cells.append("AO06" if value is None else f"AO{value:02d}")
            writer.writerow(cells)
            if unfinished:
                drafts.append(index + 2)
            else:
                truth[str(index + 1)] = given
        file = f"limesurvey-{kind}.csv"
        (HERE / file).write_bytes(buffer.getvalue().encode("utf-8"))
        record(file, truth, drafts=drafts)


# --- a shared Excel sheet (.xlsx) ------------------------------------------------------------


def shared_sheet() -> None:
    """A sheet a teacher made by hand and shared with the group: a title and a blank row
    above the header, "Nimi" and "Ryhmä", numbered statements, answers typed as numbers,
    "3 - Itsenäisesti", "EOS" or "–", and a Keskiarvo row at the end."""
    rng = random.Random(9)
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Itsearviointi"
    sheet.append(["Asiakastyön osaaminen – itsearviointi kevät 2025"])
    sheet.append([])
    sheet.append(
        ["Nimi", "Ryhmä"] + [f"{n}. {text(s, 'fi')}" for n, s in enumerate(statements, start=1)]
    )
    truth: dict[str, dict[str, int | None]] = {}
    for index in range(RESPONDENTS):
        name, _ = person(index)
        given = answers(rng)
        cells: list[Any] = [name, "SH25A" if index < 15 else "SH25B"]
        for s in statements:
            value = given.get(s.id, "missing")
            style = rng.random()
            if value == "missing":
                cells.append(None)
            elif value is None:
                cells.append("EOS" if style < 0.5 else "–")
            elif style < 0.6:
                cells.append(value)
            else:
                cells.append(f"{value} - {label(value, 'fi')}")
        sheet.append(cells)
        truth[name] = given
    sheet.append(["Keskiarvo", None] + [3] * len(statements))
    workbook.save(HERE / "shared-sheet.xlsx")
    record("shared-sheet.xlsx", truth, totals=1)


# --- LibreOffice Calc (.ods) -----------------------------------------------------------------

_ODS_MANIFEST = """<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">
 <manifest:file-entry manifest:full-path="/" manifest:version="1.2" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>
 <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
</manifest:manifest>
"""


def ods_cell(value: Any) -> str:
    if value is None:
        return "<table:table-cell/>"
    if isinstance(value, int | float):
        return (
            f'<table:table-cell office:value-type="float" office:value="{value}" '
            f'calcext:value-type="float"><text:p>{value}</text:p></table:table-cell>'
        )
    return (
        f'<table:table-cell office:value-type="string" calcext:value-type="string">'
        f"<text:p>{escape(str(value))}</text:p></table:table-cell>"
    )


def write_ods(path: Path, sheets: list[tuple[str, list[list[Any]]]]) -> None:
    """An ODS as LibreOffice Calc saves it: `mimetype` first and stored, content.xml with
    `table:table` per sheet, empty cells to the right repeated to the sheet's end."""
    body = []
    for name, rows in sheets:
        body.append(f"<table:table table:name={quoteattr(name)}>")
        body.append('<table:table-column table:number-columns-repeated="1024"/>')
        for row in rows:
            cells = "".join(ods_cell(v) for v in row)
            rest = 1024 - len(row)
            body.append(
                f'<table:table-row>{cells}<table:table-cell table:number-columns-repeated="{rest}"/></table:table-row>'
            )
        body.append(
            '<table:table-row table:number-rows-repeated="1048000"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>'
        )
        body.append("</table:table>")
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
        'xmlns:calcext="urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0" '
        'office:version="1.3"><office:body><office:spreadsheet>'
        + "".join(body)
        + "</office:spreadsheet></office:body></office:document-content>"
    )
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(
            zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet"
        )
        archive.writestr("META-INF/manifest.xml", _ODS_MANIFEST, zipfile.ZIP_DEFLATED)
        archive.writestr("content.xml", content, zipfile.ZIP_DEFLATED)


def libreoffice() -> None:
    """A Swedish sheet kept in LibreOffice Calc: an instructions sheet first, then the
    answers: Namn, E-postadress, Tidsstämpel, the statements; numbers as float cells, "Kan
    inte säga" as text."""
    rng = random.Random(10)
    rows: list[list[Any]] = [
        ["Namn", "E-postadress", "Tidsstämpel"] + [text(s, "sv") for s in statements]
    ]
    truth: dict[str, dict[str, int | None]] = {}
    for index in range(RESPONDENTS):
        name, email = person(index)
        given = answers(rng)
        moment = datetime(2025, 10, 6, 9, 0) + timedelta(hours=index)
        row: list[Any] = [name, email, f"{moment:%Y-%m-%d %H:%M}"]
        for s in statements:
            value = given.get(s.id, "missing")
            row.append(None if value == "missing" else "Kan inte säga" if value is None else value)
        rows.append(row)
        truth[email] = given
    write_ods(
        HERE / "libreoffice.ods",
        [("Anvisningar", [["Fyll i en rad per studerande."]]), ("Svar", rows)],
    )
    record("libreoffice.ods", truth)


# --- Excel "Unicode text" (.txt) ---------------------------------------------------------------


def excel_unicode_text() -> None:
    """Excel → Save as → Unicode Text (*.txt): UTF-16 LE with a byte-order mark, tabs, CRLF,
    cells with a quote or line break quoted. Finnish headers; answers like "(3) Itsenäisesti"
    and "Ei koske minua"; times as Finnish Excel shows them (14.3.2025 15.38)."""
    rng = random.Random(11)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter="\t", lineterminator="\r\n")
    writer.writerow(["Sähköposti", "Aikaleima", "Ryhmä"] + [text(s, "fi") for s in statements])
    truth: dict[str, dict[str, int | None]] = {}
    for index in range(RESPONDENTS):
        _, email = person(index)
        given = answers(rng)
        moment = datetime(2025, 3, 14, 15, 38) + timedelta(hours=index * 4)
        row = [
            email,
            f"{moment.day}.{moment.month}.{moment.year} {moment.hour}.{moment:%M}",
            "SH25",
        ]
        for s in statements:
            value = given.get(s.id, "missing")
            row.append(
                ""
                if value == "missing"
                else "Ei koske minua"
                if value is None
                else f"({value}) {label(value, 'fi')}"  # type: ignore[arg-type]
            )
        writer.writerow(row)
        truth[email] = given
    (HERE / "excel-unicode.txt").write_bytes(b"\xff\xfe" + buffer.getvalue().encode("utf-16-le"))
    record("excel-unicode.txt", truth)


def main() -> None:
    ms_forms()
    google_forms()
    webropol()
    moodle_feedback()
    moodle_questionnaire()
    limesurvey()
    shared_sheet()
    libreoffice()
    excel_unicode_text()
    (HERE / "expected.json").write_text(
        json.dumps(expected, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8"
    )


if __name__ == "__main__":
    main()
