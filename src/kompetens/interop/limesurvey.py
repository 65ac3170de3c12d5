"""A LimeSurvey survey structure in its tab-separated text format (`.txt`), which
LimeSurvey imports as a new survey (Surveys → Create survey → Import, "Tab-separated-values
format (*.txt)").

The format is the one described in LimeSurvey's manual ("Tab Separated Value survey
structure") and read by its import (`TSVImportSurvey` in
`application/helpers/admin/import_helper.php`): UTF-8, tab-separated, cells quoted with `"`
when needed; a header row of column names (the columns of the format's older, documented layout, which
the importer still reads: sub-questions and answers belong to the question above them),
then one row per element, its kind in `class`:
`S` survey setting (`name` the setting, `text` its value), `SL` language setting, `G`
question group, `Q` question (`type/scale` the question type), `SQ` sub-question, `A`
answer option (`name` its code). Each area is a group holding one array question (type
`F`, "Array") named `K1`, `K2`, …, whose sub-questions `SQ001`, `SQ002`, … are the area's
statements in the framework's order and whose answers have the codes `1`–`5` (the scale)
and `EOS` ("can't say"). Codes can hold letters and digits only, so statement ids cannot be
codes: export responses with *full question text* headings and `kompetens score` matches
them by text; an export with question codes (`K1[SQ001]`) needs a map, which `kompetens
columns` drafts in this same order.
"""

from __future__ import annotations

import csv
import io

from kompetens.interop.texts import pick
from kompetens.model.framework import Framework

COLUMNS = (
    "class",
    "type/scale",
    "name",
    "relevance",
    "text",
    "help",
    "language",
    "validation",
    "mandatory",
    "other",
    "default",
    "same_default",
)
CANT_SAY_CODE = "EOS"


def to_limesurvey_tsv(framework: Framework, level: str, language: str, title: str) -> str:
    """The survey of one level, in `language`."""
    default = framework.default_language
    rows: list[dict[str, str]] = []

    def row(**cells: str) -> None:
        rows.append(
            {key.replace("type_scale", "type/scale"): value for key, value in cells.items()}
        )

    row(**{"class": "S", "name": "language", "text": language})
    row(**{"class": "S", "name": "format", "text": "G"})
    row(**{"class": "S", "name": "anonymized", "text": "N"})
    row(**{"class": "SL", "name": "surveyls_title", "text": title, "language": language})
    for group_number, area in enumerate(
        (a for a in framework.areas if any(c.statements_for(level) for c in a.components)),
        start=1,
    ):
        statements = [s for c in area.components for s in c.statements_for(level)]
        row(
            **{
                "class": "G",
                "type_scale": str(group_number),
                "name": pick(area.title, language, default),
                "relevance": "1",
                "language": language,
            }
        )
        row(
            **{
                "class": "Q",
                "type_scale": "F",
                "name": f"K{group_number}",
                "relevance": "1",
                "text": pick(area.title, language, default),
                "language": language,
                "mandatory": "N",
                "other": "N",
            }
        )
        for number, statement in enumerate(statements, start=1):
            row(
                **{
                    "class": "SQ",
                    "type_scale": "0",
                    "name": f"SQ{number:03d}",
                    "relevance": "1",
                    "text": pick(statement.text, language, default),
                    "language": language,
                }
            )
        for point in framework.scale.points:
            row(
                **{
                    "class": "A",
                    "type_scale": "0",
                    "name": str(point.value),
                    "relevance": str(point.value),  # the assessment value
                    "text": pick(point.label, language, default),
                    "language": language,
                }
            )
        if framework.scale.cant_say is not None:
            row(
                **{
                    "class": "A",
                    "type_scale": "0",
                    "name": CANT_SAY_CODE,
                    "relevance": "0",
                    "text": pick(framework.scale.cant_say.label, language, default),
                    "language": language,
                }
            )
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, COLUMNS, delimiter="\t", lineterminator="\n", restval="")
    writer.writeheader()
    writer.writerows(rows)
    # UTF-8 with a byte-order mark, as LimeSurvey's own export of this format.
    return "\ufeff" + buffer.getvalue()
