"""The HTML and Markdown reports, the template sandbox and the terminal summary.

Each test renders a real report from a framework file, a result and its scores, and checks
something a reader would notice: a missing chart, a note that runs a script, a table whose
columns slip, an English number in a Finnish report.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml
from rich.console import Console

from kompetens.assessment.scoring import ratings_of, score_result
from kompetens.cli.report_view import print_report
from kompetens.framework.catalog import builtin_frameworks
from kompetens.framework.validation import load_framework
from kompetens.model import Answer, Framework, FrameworkRef, Goal, Respondent, Result
from kompetens.report import ReportTemplateError, render_student_report
from kompetens.report.context import build_report_context
from kompetens.report.filters import date as date_filter
from kompetens.report.filters import http_url, md, num, pct, signed
from kompetens.text.i18n import Messages

DATA = Path(__file__).parent / "data"
SCRIPT_NOTE = "<script>alert(1)</script> **bold** | pipe"
REFLECTION = "I rush when the client is silent.\nNext time: wait."
GUIDANCE = "Ask your supervisor to observe one guidance session."

AREAS = {
    "client-centredness": ("Client-centredness", "Asiakaslähtöisyysosaaminen", 3),
    "guidance": ("Guidance and counselling", "Ohjaus- ja neuvontaosaaminen", 3),
    "service-system": ("Service system", "Palvelujärjestelmäosaaminen", 3),
    "ethics": ("Legislation and ethics", "Lainsäädäntö- ja etiikkaosaaminen", 2),
}


def _framework_document() -> dict[str, Any]:
    """Four areas and eleven sub-areas, like the built-in framework, in three languages."""
    areas = []
    for area_id, (en, fi, count) in AREAS.items():
        components = []
        for n in range(1, count + 1):
            cid = f"{area_id}.part-{n}"
            components.append(
                {
                    "id": cid,
                    "title": {"en": f"{en} part {n}", "fi": f"{fi} osa {n}", "sv": f"{en} del {n}"},
                    "descriptors": {
                        "nqf6": {"en": f"Applies {en.lower()} {n}", "fi": f"Soveltaa {n}"},
                        "nqf7": {"en": f"Develops {en.lower()} {n}", "fi": f"Kehittää {n}"},
                    },
                    "guidance": {"en": f"{GUIDANCE} ({cid})", "fi": f"Pyydä palautetta ({cid})"},
                    "references": [
                        {
                            "title": {"en": "Act on the Status and Rights of Patients 785/1992"},
                            "url": "https://www.finlex.fi/fi/laki/ajantasa/1992/19920785",
                        },
                        {"title": {"en": "Not a link"}, "url": "javascript:alert(2)"},
                    ],
                    "statements": [
                        {
                            "id": f"{cid}.{s}",
                            "levels": ["nqf6", "nqf7"] if s < 4 else ["nqf7"],
                            "text": {"en": f"I can do {cid} {s}", "fi": f"Osaan {cid} {s}"},
                        }
                        for s in range(1, 5)
                    ],
                }
            )
        areas.append({"id": area_id, "title": {"en": en, "fi": fi}, "components": components})
    return {
        "format": 1,
        "id": "client-work-test",
        "version": "1.2.0",
        "title": {"en": "Client work <test> & more", "fi": "Asiakastyön osaaminen"},
        "languages": ["en", "fi", "sv"],
        "default_language": "en",
        "source": {
            "title": {"en": "Sotetie project", "fi": "Sotetie-hanke"},
            "authors": "Savonia UAS and partners",
            "year": "2021",
            "url": "https://example.org/sotetie",
        },
        "licence": "CC BY-SA 4.0",
        "scale": {
            "points": [
                {"value": v, "label": {"en": f"Level {v}", "fi": f"Taso {v}"}} for v in range(1, 6)
            ],
            "cant_say": {"label": {"en": "Can't say", "fi": "En osaa sanoa"}},
        },
        "levels": [
            {"id": "nqf6", "title": {"en": "NQF 6", "fi": "NQF 6 (AMK)"}, "target": 4},
            {"id": "nqf7", "title": {"en": "NQF 7", "fi": "NQF 7 (YAMK)"}, "target": 5},
        ],
        "areas": areas,
    }


@pytest.fixture(scope="module")
def framework(tmp_path_factory: pytest.TempPathFactory) -> Framework:
    path = tmp_path_factory.mktemp("framework") / "client-work-test.yaml"
    path.write_text(yaml.safe_dump(_framework_document(), allow_unicode=True), encoding="utf-8")
    loaded, diagnostics = load_framework(path)
    assert loaded is not None, diagnostics
    return loaded


RATINGS = [5, 4, 2, 3, 1, 2, 4, 5, 5, None, 3, 2, 4, 4, 3, 2, 1, 2, 3, 5, 4, 4, 3, 2, 4, 5, 3, 3, 2]


def _result(framework: Framework, language: str, *, draft: bool = False, shift: int = 0) -> Result:
    statements = framework.statements_for("nqf6")
    answers = {
        s.id: Answer(rating=None if r is None else max(1, min(5, r + shift)))
        for s, r in zip(statements, RATINGS, strict=False)
    }
    # The last sub-area has no answers at all: it must show as not assessable.
    for statement in framework.components()[-1].statements_for("nqf6"):
        answers.pop(statement.id, None)
    first, second = statements[0].id, statements[1].id
    answers[first] = Answer(rating=answers[first].rating, note=SCRIPT_NOTE)
    answers[second] = Answer(rating=answers[second].rating, note="- starts like a list\n1. and")
    return Result(
        framework=FrameworkRef(id=framework.id, version=framework.version),
        level="nqf6",
        language=language,
        respondent=Respondent(id="s123", name="Aino [bold]Virtanen[/bold]"),
        started=datetime(2025, 3, 14, 9, 5),
        completed=None if draft else datetime(2025, 3, 14, 9, 40),
        answers=answers,
        reflections={"client-centredness": REFLECTION},
        goals=[
            Goal(
                text="Practise | pipes and <b>tags</b>",
                component="guidance.part-2",
                actions="Two role plays",
                due=date(2025, 5, 31),
            )
        ],
    )


def make_context(
    framework: Framework, language: str = "en", *, baseline: bool = False, draft: bool = False
) -> dict[str, Any]:
    result = _result(framework, language, draft=draft)
    scores = score_result(framework, "nqf6", ratings_of(result.answers))
    before = None
    if baseline:
        earlier = _result(framework, language, shift=-1).model_copy(
            update={"started": datetime(2024, 9, 2, 10, 0), "completed": datetime(2024, 9, 2, 11)}
        )
        before = (earlier, score_result(framework, "nqf6", ratings_of(earlier.answers)))
    return build_report_context(framework, result, scores, language, baseline=before)


class Tree(HTMLParser):
    """A flat record of start tags (with attributes and the classes of their ancestors)
    and of the text inside them: enough to ask structural questions of the report."""

    VOID = frozenset({"meta", "br", "img", "link", "input", "hr", "source", "wbr"})

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[dict[str, Any]] = []
        self._stack: list[dict[str, Any]] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = {"tag": tag, "attrs": dict(attrs), "text": [], "children": []}
        if self._stack:
            self._stack[-1]["children"].append(element)
        self.elements.append(element)
        if tag not in self.VOID:
            self._stack.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in self.VOID and self._stack and self._stack[-1]["tag"] == tag:
            self._stack.pop()

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self._stack) - 1, -1, -1):
            if self._stack[index]["tag"] == tag:
                del self._stack[index:]
                break

    def handle_data(self, data: str) -> None:
        for element in self._stack:
            element["text"].append(data)

    def find(self, tag: str | None = None, cls: str | None = None) -> list[dict[str, Any]]:
        return [
            e
            for e in self.elements
            if (tag is None or e["tag"] == tag)
            and (cls is None or cls in (e["attrs"].get("class") or "").split())
        ]

    @staticmethod
    def text(element: dict[str, Any]) -> str:
        return " ".join(" ".join(element["text"]).split())


def _components(framework: Framework) -> list[str]:
    return [c.id for c in framework.components()]


# --- HTML -------------------------------------------------------------------------------


def test_html_report_has_both_charts_and_one_row_per_subarea(framework: Framework) -> None:
    html = render_student_report(make_context(framework), "html")
    tree = Tree(html)
    svgs = tree.find("svg")
    # four areas: bars for the areas too (a radar of four is a diamond that hides tenths)
    assert [s["attrs"]["class"] for s in svgs] == ["chart chart-bars", "chart chart-bars"]
    assert tree.find("figure", "area-bars") and not tree.find("figure", "radar")
    assert html.count('class="near-band"') == 2  # both charts draw the "just below" band
    assert "Just below the target (within 0.5)" in html
    for svg in svgs:
        assert svg["attrs"]["role"] == "img"
        assert svg["children"][0]["tag"] == "title"
    rows = tree.find("tr", "subarea-row")
    assert [r["attrs"]["data-component"] for r in rows] == _components(framework)
    assert len(tree.find("tr", "area-row")) == len(AREAS)


def test_html_priorities_carry_guidance_and_references(framework: Framework) -> None:
    context = make_context(framework)
    assert context["priorities"], "the fixture must produce priorities"
    tree = Tree(render_student_report(context, "html"))
    cards = tree.find("li", "priority-card")
    assert [c["attrs"]["data-component"] for c in cards] == [p["id"] for p in context["priorities"]]
    goals = {g["component"]: g for g in context["goals"]}
    for card in cards:
        text = Tree.text(card)
        component = card["attrs"]["data-component"]
        if component in goals:  # the student's own next step, else the framework's advice
            assert (goals[component]["actions"] or goals[component]["text"]) in text
        else:
            assert f"{GUIDANCE} ({component})" in text
        # the full guidance and the references are in the detail, under the sub-area
        block = next(
            b
            for b in tree.find("div", "component-block")
            if b["attrs"]["data-component"] == component
        )
        assert f"{GUIDANCE} ({component})" in Tree.text(block)
        assert "785/1992" in Tree.text(block)
    links = [a["attrs"]["href"] for a in tree.find("a")]
    assert "https://www.finlex.fi/fi/laki/ajantasa/1992/19920785" in links
    assert not any("javascript" in (href or "") for href in links)
    assert "Not a link" in html_text(tree)


def html_text(tree: Tree) -> str:
    return Tree.text(tree.elements[0])


def test_html_escapes_user_text_and_runs_no_script(framework: Framework) -> None:
    html = render_student_report(make_context(framework), "html")
    tree = Tree(html)
    assert tree.find("script") == []
    assert SCRIPT_NOTE in html_text(tree)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    notes = tree.find("div", "note")
    assert SCRIPT_NOTE in Tree.text(notes[0])
    # The framework title with < and & is escaped in the page and in the charts.
    assert "Client work &lt;test&gt; &amp; more" in html
    assert tree.find("test") == []


def test_html_is_one_self_contained_file(framework: Framework) -> None:
    html = render_student_report(make_context(framework), "html")
    tree = Tree(html)
    assert tree.find("html")[0]["attrs"]["lang"] == "en"
    for tag in ("script", "link", "img", "iframe", "object", "embed"):
        assert tree.find(tag) == [], tag
    for element in tree.elements:
        if element["tag"] == "a":
            continue  # links to read more are fine: clicking is not loading
        for attribute in ("src", "href", "xlink:href"):
            value = element["attrs"].get(attribute) or ""
            assert not value.startswith(("http:", "https:", "//")), (element["tag"], value)
    style = "".join(tree.find("style")[0]["text"])
    assert "@import" not in style
    assert "url(" not in style
    assert "@media print" in style


def test_html_draft_banner_only_for_drafts(framework: Framework) -> None:
    draft = Tree(render_student_report(make_context(framework, draft=True), "html"))
    done = Tree(render_student_report(make_context(framework), "html"))
    assert "has not been completed" in Tree.text(draft.find("p", "draft")[0])
    assert done.find("p", "draft") == []


def test_html_notes_reflections_and_plan(framework: Framework) -> None:
    tree = Tree(render_student_report(make_context(framework), "html"))
    reflection = Tree.text(tree.find("div", "reflection")[0])
    assert "I rush when the client is silent." in reflection
    plan = tree.find("table", "plan")[0]
    goal_rows = [c for c in plan["children"][1]["children"] if c["tag"] == "tr"]
    goal = [r for r in goal_rows if "goal" in r["attrs"]["class"]]
    blank = [r for r in goal_rows if "blank" in r["attrs"]["class"]]
    assert len(goal) == 1 and not blank  # the plan is filled in, not left for a pen
    assert "Two role plays" in Tree.text(goal[0])
    assert "2025-05-31" in Tree.text(goal[0])
    assert "Practise | pipes and <b>tags</b>" in Tree.text(goal[0])
    assert "2025-05-31" in Tree.text(goal[0])


def test_html_overview_and_method(framework: Framework) -> None:
    context = make_context(framework)
    tree = Tree(render_student_report(context, "html"))
    overview = Tree.text(tree.find("section", "overview")[0])
    assert num(context["overall"]["mean"]) in overview
    assert "Target 4.0" in overview
    method = Tree.text(tree.find("section")[-1])
    assert "at most 0.5" in method and "at most 1.5" in method
    footer = Tree.text(tree.find("footer")[0])
    assert "Sotetie project" in footer and "CC BY-SA 4.0" in footer
    assert "Made with kompetens" in footer


def test_not_assessable_subarea_is_labelled(framework: Framework) -> None:
    tree = Tree(render_student_report(make_context(framework), "html"))
    last = tree.find("tr", "subarea-row")[-1]
    assert "Not assessable" in Tree.text(last)
    assert "–" in Tree.text(last)


def test_baseline_adds_change_columns(framework: Framework) -> None:
    plain = render_student_report(make_context(framework), "html")
    compared = render_student_report(make_context(framework, baseline=True), "html")
    assert "change-col" not in plain and "Compared with" not in plain
    tree = Tree(compared)
    assert len(tree.find("th", "change-col")) == 1
    assert "Compared with the self-assessment of 2024-09-02 11:00" in compared
    changes = [Tree.text(r["children"][-1]) for r in tree.find("tr", "subarea-row")]
    assert any(c.startswith("↑ +") for c in changes)
    # and the charts draw the earlier self-assessment
    assert compared.count('class="baseline-marker"') >= len(AREAS)

    md_plain = render_student_report(make_context(framework), "md")
    md_compared = render_student_report(make_context(framework, baseline=True), "md")
    assert "| Change |" not in md_plain
    assert "| Change |" in md_compared


def test_finnish_report_uses_finnish_labels_and_decimal_comma(framework: Framework) -> None:
    context = make_context(framework, "fi", baseline=True)
    html = render_student_report(context, "html")
    tree = Tree(html)
    assert tree.find("html")[0]["attrs"]["lang"] == "fi"
    assert "Itsearviointiraportti" in html
    assert "Kehittymissuunnitelma" in html
    assert "Asiakaslähtöisyysosaaminen" in html
    numbers = [Tree.text(td) for td in tree.find("td", "n")]
    assert numbers
    for text in numbers:
        assert re.fullmatch(
            r"(?:[↑↓→] [+−]?)?−?\d+,\d+|\d+,\d+ tavoitetason (?:alla|yläpuolella)|tavoitetasolla|–",
            text,
        ), text
    assert "14.3.2025 klo 9.40" in html
    markdown = render_student_report(context, "md")
    assert "| Keskiarvo |" in markdown
    assert re.search(r"\| \d,\d \|", markdown)


def test_swedish_messages_render(framework: Framework) -> None:
    html = render_student_report(make_context(framework, "sv"), "html")
    assert 'lang="sv"' in html
    assert "Självvärderingsrapport" in html
    assert "Utvecklingsplan" in html


def test_few_areas_get_bars_instead_of_a_radar() -> None:
    framework, diagnostics = load_framework(DATA / "minimal.yaml")
    assert framework is not None, diagnostics
    ratings: dict[str, int | None] = {s.id: 3 for s in framework.statements_for("basic")}
    result = Result(
        framework=FrameworkRef(id=framework.id, version=framework.version),
        level="basic",
        language="en",
        started=datetime(2025, 1, 1, 12),
        answers={k: Answer(rating=v) for k, v in ratings.items()},
    )
    context = build_report_context(
        framework, result, score_result(framework, "basic", ratings), "en"
    )
    tree = Tree(render_student_report(context, "html"))
    assert [s["attrs"]["class"] for s in tree.find("svg")] == ["chart chart-bars"] * 2


# --- Markdown ---------------------------------------------------------------------------


def _tables(markdown: str) -> list[list[str]]:
    tables: list[list[str]] = []
    current: list[str] = []
    for line in markdown.splitlines():
        if line.startswith("|"):
            current.append(line)
        elif current:
            tables.append(current)
            current = []
    if current:
        tables.append(current)
    return tables


def _cells(line: str) -> int:
    """Columns in a table row: pipes not escaped with a backslash, minus the outer ones."""
    return len(re.findall(r"(?<!\\)\|", line)) - 1


@pytest.mark.parametrize("baseline", [False, True])
def test_markdown_tables_have_consistent_columns(framework: Framework, baseline: bool) -> None:
    markdown = render_student_report(make_context(framework, baseline=baseline), "md")
    tables = _tables(markdown)
    assert len(tables) >= 5
    for table in tables:
        counts = {_cells(line) for line in table}
        assert len(counts) == 1, table
        assert re.fullmatch(r"\|(?: *:?-{3,}:? *\|)+", table[1]), table[1]


def test_markdown_escapes_user_text(framework: Framework) -> None:
    markdown = render_student_report(make_context(framework), "md")
    assert "<script>" not in markdown
    assert r"&lt;script&gt;alert(1)&lt;/script&gt; \*\*bold\*\* \| pipe" in markdown
    assert r"\- starts like a list<br>1\. and" in markdown
    assert r"Practise \| pipes and &lt;b&gt;tags&lt;/b&gt;" in markdown
    assert "> I rush when the client is silent.<br>Next time: wait." in markdown


def test_markdown_has_every_section(framework: Framework) -> None:
    context = make_context(framework, draft=True)
    markdown = render_student_report(context, "md")
    headings = re.findall(r"^#+ (.+)$", markdown, flags=re.MULTILINE)
    for expected in (
        "Overall picture",
        "Results by area and sub-area",
        "Develop first",
        "Strengths",
        "Your answers by sub-area",
        "Development plan",
        "How the scores are computed",
    ):
        assert expected in headings
    for number, item in enumerate(context["priorities"], start=1):
        assert f"{number}. {md(item['title'])}" in headings
    assert "> **Draft: this self-assessment has not been completed.**" in markdown
    assert "[Act on the Status and Rights of Patients 785/1992](<https://www.finlex.fi/" in markdown
    assert "](<javascript" not in markdown


# --- User templates and the sandbox -----------------------------------------------------


def test_user_template_renders_context(framework: Framework, tmp_path: Path) -> None:
    template = tmp_path / "mine.md.j2"
    template.write_text(
        "{{ t['report.title'] }} for {{ respondent.name|md }}: {{ overall.mean|num }}\n"
        "{% for p in priorities %}- {{ p.title }} ({{ p.gap|num }})\n{% endfor %}",
        encoding="utf-8",
    )
    context = make_context(framework)
    out = render_student_report(context, "md", template=template)
    assert out.startswith(r"Self-assessment report for Aino \[bold\]Virtanen\[/bold\]: ")
    listed = [line for line in out.splitlines() if line.startswith("- ")]
    assert len(listed) == len(context["priorities"])


def test_user_template_can_extend_the_builtin_one(framework: Framework, tmp_path: Path) -> None:
    template = tmp_path / "report.html.j2"  # same name as the built-in: no recursion
    template.write_text(
        '{% extends "kompetens/report.html.j2" %}'
        "{% block plan %}<section id='plan'>Our own plan for {{ respondent.id }}</section>"
        "{% endblock %}",
        encoding="utf-8",
    )
    tree = Tree(render_student_report(make_context(framework), "html", template=template))
    plans = [e for e in tree.find("section") if e["attrs"].get("id") == "plan"]
    assert [Tree.text(e) for e in plans] == ["Our own plan for s123"]
    assert len(tree.find("svg")) == 2


def test_user_html_template_is_autoescaped(framework: Framework, tmp_path: Path) -> None:
    template = tmp_path / "notes.html"
    template.write_text("{% for n in notes %}<p>{{ n.note }}</p>{% endfor %}", encoding="utf-8")
    out = render_student_report(make_context(framework), "html", template=template)
    assert "<script>" not in out
    assert "&lt;script&gt;" in out


@pytest.mark.parametrize(
    "source",
    [
        "{{ ''.__class__.__mro__ }}",
        "{{ ''.__class__ }}",
        "{{ framework.__class__.__init__.__globals__ }}",
        "{{ areas.append(1) }}",
        "{% for c in ().__class__.__base__.__subclasses__() %}{{ c }}{% endfor %}",
    ],
)
def test_sandbox_refuses_unsafe_access(framework: Framework, tmp_path: Path, source: str) -> None:
    from jinja2.exceptions import SecurityError

    template = tmp_path / "evil.j2"
    template.write_text(source, encoding="utf-8")
    with pytest.raises(ReportTemplateError, match="refused by the template sandbox") as caught:
        render_student_report(make_context(framework), "md", template=template)
    assert isinstance(caught.value.__cause__, SecurityError)
    assert str(caught.value).startswith(f"{template}:1: ")


def test_unknown_keys_render_empty(framework: Framework, tmp_path: Path) -> None:
    template = tmp_path / "old.j2"
    template.write_text("[{{ no_such_key }}|{{ overall.no.such.path }}|{{ t['report.x'] }}]")
    assert render_student_report(make_context(framework), "md", template=template) == "[||]"


def test_broken_template_error_names_file_and_line(framework: Framework, tmp_path: Path) -> None:
    template = tmp_path / "broken.j2"
    template.write_text("fine\n{% if %}\n", encoding="utf-8")
    with pytest.raises(ReportTemplateError, match=r"broken\.j2:2: "):
        render_student_report(make_context(framework), "md", template=template)
    template.write_text("fine\n\n{{ 1 / 0 }}\n", encoding="utf-8")
    with pytest.raises(ReportTemplateError, match=r"broken\.j2:3: ZeroDivisionError"):
        render_student_report(make_context(framework), "md", template=template)
    with pytest.raises(ReportTemplateError, match="not found"):
        render_student_report(make_context(framework), "md", template=tmp_path / "missing.j2")


def test_rendering_leaves_the_context_unchanged(framework: Framework) -> None:
    context = make_context(framework, baseline=True)
    snapshot = repr(context)
    render_student_report(context, "html")
    render_student_report(context, "md")
    assert repr(context) == snapshot


@pytest.mark.parametrize("framework_id", sorted(builtin_frameworks()))
def test_builtin_frameworks_render(framework_id: str) -> None:
    loaded, _ = load_framework(builtin_frameworks()[framework_id])
    if loaded is None:
        pytest.skip(f"{framework_id} does not load (checked by the framework tests)")
    level = loaded.levels[0].id
    ratings: dict[str, int | None] = {
        s.id: loaded.scale.values[i % len(loaded.scale.values)]
        for i, s in enumerate(loaded.statements_for(level))
    }
    for language in loaded.languages:
        result = Result(
            framework=FrameworkRef(id=loaded.id, version=loaded.version),
            level=level,
            language=language,
            started=datetime(2025, 1, 1, 12),
            answers={k: Answer(rating=v) for k, v in ratings.items()},
        )
        context = build_report_context(
            loaded, result, score_result(loaded, level, ratings), language
        )
        html = render_student_report(context, "html")
        assert f'lang="{language}"' in html
        assert html.count("<svg") == (2 if len(loaded.areas) >= 3 else 1)
        markdown = render_student_report(context, "md")
        for table in _tables(markdown):
            assert len({_cells(line) for line in table}) == 1


# --- Filters ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "language", "expected"),
    [
        (3.456, "en", "3.5"),
        (3.456, "fi", "3,5"),
        (3.456, "sv", "3,5"),
        (-0.04, "en", "0.0"),
        (-0.35, "fi", "−0,3"),
        (4, "en", "4.0"),
        (None, "en", "–"),
    ],
)
def test_num(value: float | None, language: str, expected: str) -> None:
    assert num(value, language) == expected


def test_pct_signed_and_date() -> None:
    assert pct(0.833, "en") == "83%"
    assert pct(0.833, "fi") == "83\u00a0%"
    assert pct(None) == "–"
    assert signed(0.5) == "↑ +0.5"
    assert signed(-0.3, "fi") == "↓ −0,3"
    assert signed(0.01) == "→ 0.0"
    assert signed(None) == "–"
    assert date_filter("2025-03-14T09:40", "fi") == "14.3.2025 klo 9.40"
    assert date_filter("2025-03-14T09:40", "sv") == "2025-03-14 09:40"
    assert date_filter("2025-05-31", "fi") == "31.5.2025"
    assert date_filter("not a date") == "not a date"
    assert date_filter(None) == "–"


def test_md_and_http_url() -> None:
    assert md("a *b* _c_ `d` [e](f) <g> & h | i # j ~k~ !") == (
        r"a \*b\* \_c\_ \`d\` \[e\](f) &lt;g&gt; &amp; h \| i \# j \~k\~ \!"
    )
    assert md("+ one\n2) two\r\nthree") == r"\+ one<br>2\) two<br>three"
    assert md(None) == ""
    assert http_url("https://example.org/x") == "https://example.org/x"
    assert http_url("mailto:a@example.org") == "mailto:a@example.org"
    assert http_url("javascript:alert(1)") is None
    assert http_url(" data:text/html,x") is None
    assert http_url(None) is None


# --- Terminal ---------------------------------------------------------------------------


def _terminal(context: dict[str, Any], language: str = "en", width: int = 120) -> str:
    console = Console(record=True, width=width, force_terminal=False, color_system=None)
    print_report(context, Messages(language).domain("report"), console)
    return console.export_text()


def test_terminal_summary(framework: Framework) -> None:
    context = make_context(framework)
    out = _terminal(context)
    assert "Aino [bold]Virtanen[/bold] (s123)" in out  # markup in a name is shown, not obeyed
    assert "Results by area and sub-area" in out
    for area in context["areas"]:
        assert area["title"] in out
    assert "Not assessable" in out
    assert "Develop first" in out
    for item in context["priorities"]:
        assert item["title"] in out
    assert f"{GUIDANCE} ({context['priorities'][0]['id']})" in " ".join(out.split())
    assert "Strengths" in out
    assert "Change" not in out
    # the student's own words are in the terminal report too
    flat = " ".join(out.split())
    assert "Your notes and evidence" in out and "- starts like a list" in flat
    assert "Your reflections" in out and " ".join(REFLECTION.split()) in flat
    assert "Development plan" in out
    goal = context["goals"][0]
    assert " ".join(goal["text"].split()) in flat
    assert f"First step: {goal['actions']}" in flat
    assert "By (date): 2025-05-31" in flat


def test_terminal_summary_with_baseline_in_finnish(framework: Framework) -> None:
    out = _terminal(make_context(framework, "fi", baseline=True), "fi", width=80)
    assert "Muutos" in out
    assert "↑ +" in out
    assert "Tavoitetaso 4,0" in out  # narrow terminal: the target moves to the caption
    assert re.search(r"\b\d,\d\b", out)
    assert max(len(line) for line in out.splitlines()) <= 80


def test_terminal_summary_escapes_markup_in_framework_text(framework: Framework) -> None:
    context = make_context(framework)
    context["areas"][0]["title"] = "[red]Injected[/red] title"
    context["priorities"][0]["guidance"] = "Read [link=https://evil.example]this[/link]"
    out = _terminal(context)
    assert "[red]Injected[/red] title" in out
    assert "[link=https://evil.example]this[/link]" in " ".join(out.split())


def test_examples_in_the_template_docs_render(framework: Framework, tmp_path: Path) -> None:
    docs = (Path(__file__).parents[1] / "docs" / "templates.md").read_text(encoding="utf-8")
    examples = re.findall(r"```jinja\n(.*?)```", docs, flags=re.DOTALL)
    assert len(examples) == 2
    context = make_context(framework, "fi")
    summary, extended = examples
    (tmp_path / "summary.md.j2").write_text(summary, encoding="utf-8")
    out = render_student_report(context, "md", template=tmp_path / "summary.md.j2")
    assert out.startswith("# Itsearviointiraportti: Aino \\[bold\\]Virtanen\\[/bold\\]")
    for table in _tables(out):
        assert len({_cells(line) for line in table}) == 1
    assert sum(1 for line in out.splitlines() if re.match(r"\| .* \| (\d,\d|–) \|", line)) == 11
    (tmp_path / "mine.html.j2").write_text(extended, encoding="utf-8")
    tree = Tree(render_student_report(context, "html", template=tmp_path / "mine.html.j2"))
    assert "Discuss this plan" in html_text(tree)
    assert re.search(r"Keskiarvo: \d,\d\d", html_text(tree))
    assert len(tree.find("svg")) == 2
