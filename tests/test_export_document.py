"""`kompetens export --to md|html`: the framework as a readable, safe document."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from kompetens.framework.validation import load_framework
from kompetens.interop.document import framework_document_context, render_framework_document
from kompetens.model import Framework

TRICKY = Path(__file__).parent / "data" / "designer" / "tricky.yaml"


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str, str | None]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes.extend((tag, name, value) for name, value in attrs)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _parse(html: str) -> _Collector:
    collector = _Collector()
    collector.feed(html)
    return collector


@pytest.fixture(scope="module")
def tricky() -> Framework:
    framework, diagnostics = load_framework(TRICKY)
    assert framework is not None, diagnostics
    return framework


def test_html_has_everything_and_loads_nothing(builtin: Framework) -> None:
    html = render_framework_document(builtin, "html", "en")
    parsed = _parse(html)
    assert "script" not in parsed.tags
    assert "link" not in parsed.tags
    assert not [a for a in parsed.attributes if a[1] == "src"]
    assert "style" in parsed.tags
    text = " ".join(parsed.text)
    for area in builtin.areas:
        assert area.title["en"] in text
        for component in area.components:
            assert f'id="{component.id}"' in html
            for level in builtin.levels:
                descriptor = component.descriptors[level.id]["en"]
                assert " ".join(descriptor.split()) in " ".join(text.split())
            for statement in component.statements:
                assert statement.id in text
            if component.guidance:
                assert component.guidance["en"].split()[0] in text
            for reference in component.references:
                assert reference.title["en"] in text
    assert builtin.source is not None
    assert builtin.source.title["en"] in text


def test_descriptors_are_side_by_side_and_statements_marked_per_level(builtin: Framework) -> None:
    html = render_framework_document(builtin, "html", "fi")
    first_table = html.split('<table class="descriptors">', 1)[1].split("</table>", 1)[0]
    assert first_table.count('<th scope="col">') == len(builtin.levels)
    assert first_table.count("<td>") == len(builtin.levels)
    assert '<html lang="fi">' in html
    statements = html.split('<table class="statements">', 1)[1].split("</table>", 1)[0]
    component = builtin.areas[0].components[0]
    assert statements.count("<tr>") == 1 + len(component.statements)


def test_tricky_text_is_escaped_in_html(tricky: Framework) -> None:
    html = render_framework_document(tricky, "html", "en")
    parsed = _parse(html)
    assert "script" not in parsed.tags
    assert "b" not in parsed.tags and "html" in parsed.tags
    hrefs = [value or "" for tag, name, value in parsed.attributes if name == "href"]
    assert not [h for h in hrefs if h.lower().startswith("javascript:")]
    assert 'https://example.org/a?b=1&c="2"' in hrefs
    text = "".join(parsed.text)
    assert 'Sub-area, "one" <script>x</script>' in text  # shown as typed
    assert 'I can write "quoted", comma-separated text, with <b>HTML</b> & an ampersand' in text
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html
    assert "<td>Line one of a statement<br>line two, after a break</td>" in html


def test_tricky_text_cannot_break_markdown(tricky: Framework) -> None:
    md = render_framework_document(tricky, "md", "en")
    assert "<script>" not in md and "<b>" not in md
    # Every table row has as many unescaped pipes as its header.
    for table in re.findall(r"((?:^\|.*\|\n)+)", md, flags=re.MULTILINE):
        rows = table.strip("\n").split("\n")
        counts = {len(re.findall(r"(?<!\\)\|", row)) for row in rows}
        assert len(counts) == 1, rows
    assert "Advanced \\| expert" in md
    assert not re.search(r"(?<!\\)\]\(javascript:", md)  # "[a link](javascript:…)" is text
    assert "\\[a link\\](javascript:alert(1))" in md
    assert '[Safe "reference", with comma](<https://example.org/a?b=1&c="2">)' in md
    assert "Unsafe &lt;reference&gt; (javascript:alert('ref'))" in md


def test_one_level_document(builtin: Framework) -> None:
    context = framework_document_context(builtin, "sv", "nqf6")
    document = context["framework"]
    assert [level["id"] for level in document["levels"]] == ["nqf6"]
    assert document["only_level"].startswith("NQF 6")
    statements = [
        s["id"] for a in document["areas"] for c in a["components"] for s in c["statements"]
    ]
    assert statements == [s.id for s in builtin.statements_for("nqf6")]
    assert "areas" not in context and "scale" not in context  # no report charts
    md = render_framework_document(builtin, "md", "sv", "nqf6")
    assert "Detta dokument visar endast nivån NQF 6" in md


def test_cli_writes_html_and_md(cli: Any, tmp_path: Path) -> None:
    html = cli("export", "client-participation-house", "-o", "house.html", "--lang", "en")
    assert html.exit_code == 0, html.output
    assert (tmp_path / "house.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    md = cli("export", "client-participation-house", "--to", "md", "--level", "unit")
    assert md.exit_code == 0
    assert md.stdout.startswith("# Asiakasosallisuuden talo")
