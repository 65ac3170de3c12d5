"""A Moodle Feedback activity's questions as the XML that Feedback's *Import questions*
reads (Templates → Import questions), so that its response export names each column by
the statement id.

The format is Feedback's own export (`mod/feedback/export.php` in Moodle's source), which
`mod/feedback/import.php` reads back: an XML declaration with an encoding (the importer
refuses a file without one), `<FEEDBACK VERSION="200701">`, and per item `ITEM TYPE=…
REQUIRED=…` holding `ITEMID`, `ITEMTEXT`, `ITEMLABEL`, `PRESENTATION`, `OPTIONS`,
`DEPENDITEM` and `DEPENDVALUE`, each in CDATA. Each area becomes a `label` item (its title
as a heading); each statement a rated multiple choice (`multichoicerated`) whose label is
the statement id, whose text is the statement, and whose presentation lists the scale as
`r>>>>>1####label|2####label|…` (radio buttons; value `####` text, `|` between options),
with "can't say" as the last option, valued 0. Responses downloaded from Feedback then
have headers `(statement id) statement text` and the chosen option's text in each cell,
which `kompetens score` reads without a map.
"""

from __future__ import annotations

import html

from kompetens.interop.texts import pick
from kompetens.model.framework import Framework

_SPACE = "     "


def _cdata(text: str) -> str:
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def _item(item_id: int, kind: str, text: str, label: str, presentation: str, options: str) -> str:
    fields = (
        ("ITEMID", str(item_id)),
        ("ITEMTEXT", text),
        ("ITEMLABEL", label),
        ("PRESENTATION", presentation),
        ("OPTIONS", options),
        ("DEPENDITEM", "0"),
        ("DEPENDVALUE", ""),
    )
    lines = [f'{_SPACE * 2}<ITEM TYPE="{kind}" REQUIRED="0">']
    for name, value in fields:
        lines.append(f"{_SPACE * 3}<{name}>")
        lines.append(f"{_SPACE * 4}{_cdata(value)}")
        lines.append(f"{_SPACE * 3}</{name}>")
    lines.append(f"{_SPACE * 2}</ITEM>")
    return "\n".join(lines)


def rated_presentation(framework: Framework, language: str) -> str:
    """The options of a rated multiple choice: the scale, then "can't say" (value 0)."""
    default = framework.default_language
    options = [
        f"{point.value}####{pick(point.label, language, default).replace('|', '/')}"
        for point in framework.scale.points
    ]
    if framework.scale.cant_say is not None:
        label = pick(framework.scale.cant_say.label, language, default).replace("|", "/")
        options.append(f"0####{label}")
    return "r>>>>>" + "|".join(options)


def to_moodle_feedback_xml(framework: Framework, level: str, language: str) -> str:
    """The questions of one level, in `language`."""
    default = framework.default_language
    presentation = rated_presentation(framework, language)
    items: list[str] = []
    item_id = 0
    for area in framework.areas:
        statements = [s for c in area.components for s in c.statements_for(level)]
        if not statements:
            continue
        item_id += 1
        heading = f"<h3>{html.escape(pick(area.title, language, default))}</h3>"
        items.append(_item(item_id, "label", "", "", heading, ""))
        for statement in statements:
            item_id += 1
            text = pick(statement.text, language, default)
            # Feedback shows the item text as HTML: escape what a person typed.
            items.append(
                _item(
                    item_id,
                    "multichoicerated",
                    html.escape(text, quote=False),
                    statement.id,
                    presentation,
                    "h",
                )
            )
    return (
        '<?xml version="1.0" encoding="UTF-8" ?>\n'
        '<FEEDBACK VERSION="200701" COMMENT="XML-Importfile for mod/feedback">\n'
        f"{_SPACE}<ITEMS>\n" + "\n".join(items) + f"\n{_SPACE}</ITEMS>\n</FEEDBACK>\n"
    )
