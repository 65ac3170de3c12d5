"""The statements of one level as plain text, to paste into a survey tool that imports
nothing (Microsoft Forms, Google Forms, Webropol): the scale's answer options (one per
line, numbered as the scale), then each area's statements, one per line.

Paste the answer options as the columns of a Likert (Forms) or grid/matrix (Google Forms,
Webropol) question and an area's statements as its rows: the export then carries each
statement's text in its header, and `kompetens score` matches it by text.
"""

from __future__ import annotations

from kompetens.interop.texts import pick
from kompetens.model.framework import Framework


def to_question_list(
    framework: Framework, level: str, language: str, headings: dict[str, str]
) -> str:
    """`headings`: `title`, `options`, `statements` in the chosen language."""
    default = framework.default_language
    lines = [headings["title"], "", headings["options"]]
    for point in framework.scale.points:
        lines.append(f"{point.value} – {pick(point.label, language, default)}")
    if framework.scale.cant_say is not None:
        lines.append(pick(framework.scale.cant_say.label, language, default))
    for area in framework.areas:
        statements = [s for c in area.components for s in c.statements_for(level)]
        if not statements:
            continue
        lines += ["", pick(area.title, language, default)]
        lines += [" ".join(pick(s.text, language, default).split()) for s in statements]
    return "\n".join(lines) + "\n"
