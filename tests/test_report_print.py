"""The student report and the cohort report printed to PDF by a real browser, measured.

A student hands the printed report in: it must start with a summary of one or two A4 pages
(who, level, overall, the chart, what to develop first with the next step, strengths, the
plan), with the statement-by-statement detail after it, no word broken in the middle and
nothing wider than the page. The cohort report must print on A4 with every table inside
the page. Chromium prints (`Page.printToPDF`) and pypdf reads the pages back.
"""

from __future__ import annotations

import base64
import io
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from kompetens.assessment.scoring import ratings_of, score_result
from kompetens.framework.validation import load_framework
from kompetens.model import Answer, FrameworkRef, Goal, Respondent, Result
from kompetens.report import render_student_report
from kompetens.report.context import build_report_context
from tests.conftest import run_kompetens
from tests.test_report_browser import CHROMIUM, _framework_file, _open, browser

pypdf = pytest.importorskip("pypdf")

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium and chromium-driver"),
]

__all__ = ["browser"]  # the fixture, imported for the tests below

A4 = (595.3, 841.9)
"""A4 in PDF points."""
A4_CONTENT_PX = 688
"""A4's width less the report's 14 mm print margins, in CSS pixels (182 mm at 96 dpi)."""


@pytest.fixture(scope="module")
def student_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("print")
    framework, diagnostics = load_framework(_framework_file(directory))
    assert framework is not None, diagnostics
    statements = framework.statements_for("nqf6")
    cycle = [5, 4, 2, 3, None, 2, 4, 5, 3, 1, 2, 4, 3]
    answers = {
        s.id: Answer(rating=r, note="Harjoittelussa ohjasin asiakasta Kelan etuuksissa." * (i % 3))
        for i, (s, r) in enumerate(zip(statements, cycle * 3, strict=False))
    }
    result = Result(
        framework=FrameworkRef(id=framework.id, version=framework.version),
        level="nqf6",
        language="fi",
        respondent=Respondent(id="s1234567", name="Aino Virtanen"),
        started=datetime(2025, 3, 14, 9, 40),
        completed=datetime(2025, 3, 14, 10, 5),
        answers=answers,
        reflections={"ohjaus": "Huomasin, että puhun liian nopeasti. Harjoittelen taukoja."},
    )
    scores = score_result(framework, "nqf6", ratings_of(answers))
    for score in scores.priorities():
        result.goals.append(
            Goal(
                text=f"Vahvistan osaamistani: {score.id}",
                component=score.id,
                actions="Pyydän ohjaajalta palautetta kahdesta asiakastapaamisesta.",
                due=date(2025, 5, 31),
            )
        )
    context = build_report_context(framework, result, scores, "fi")
    path = directory / "report.html"
    path.write_text(render_student_report(context, "html"), encoding="utf-8")
    return path


def _pdf(driver: Any) -> Any:
    printed = driver.execute_cdp_cmd(
        "Page.printToPDF", {"preferCSSPageSize": True, "printBackground": True}
    )
    return pypdf.PdfReader(io.BytesIO(base64.b64decode(printed["data"])))


def _page_of(reader: Any, text: str) -> int:
    """The 1-based number of the first page whose text contains `text` (spaces ignored)."""
    wanted = "".join(text.split())
    for number, page in enumerate(reader.pages, start=1):
        if wanted in "".join(page.extract_text().split()):
            return number
    raise AssertionError(f"{text!r} is on no page")


def _is_a4(reader: Any) -> bool:
    return all(
        abs(float(p.mediabox.width) - A4[0]) < 2 and abs(float(p.mediabox.height) - A4[1]) < 2
        for p in reader.pages
    )


SUMMARY = {
    "who": "Aino Virtanen",
    "overall": "Kokonaiskuva",
    "chart": "Osaamisalueet suhteessa tavoitetasoon",
    "develop first": "Kehitä ensin",
    "strengths": "Vahvuudet",
    "plan": "Kehittymissuunnitelma",
}


def _summary_on_two_pages(reader: Any, parts: dict[str, str]) -> None:
    assert _is_a4(reader)
    pages = {part: _page_of(reader, text) for part, text in parts.items()}
    assert max(pages.values()) <= 2, pages
    detail = _page_of(reader, "Yksityiskohtaisesti")  # the detail starts on a new page
    assert detail == max(pages.values()) + 1, (detail, pages)
    assert _page_of(reader, "Vastauksesi osa-alueittain") >= detail


def test_the_student_report_starts_with_a_summary_of_at_most_two_a4_pages(
    browser: Any, student_report: Path
) -> None:
    _open(browser, student_report, (1280, 900))
    _summary_on_two_pages(
        _pdf(browser),
        {
            **SUMMARY,
            "level": "NQF 6 (AMK)",
            "next step": "Pyydän ohjaajalta palautetta kahdesta asiakastapaamisesta.",
        },
    )


def test_the_example_students_report_has_its_summary_on_two_pages_too(
    browser: Any, aino_report: Path
) -> None:
    """The built-in framework's texts are longer (guidance, level titles)."""
    _open(browser, aino_report, (1280, 900))
    _summary_on_two_pages(
        _pdf(browser),
        {**SUMMARY, "level": "NQF 6 – alempi korkeakoulututkinto (AMK-tutkinto)"},
    )


WORDS_SPLIT_ACROSS_LINES = """
const split = [];
const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
while (walker.nextNode()) {
  const node = walker.currentNode;
  const re = /[^\\s\\-\\u2010\\u2013\\u2014\\/]+/g;
  let m;
  while ((m = re.exec(node.textContent)) !== null) {
    if (m[0].length < 2) continue;
    const range = document.createRange();
    range.setStart(node, m.index);
    range.setEnd(node, m.index + m[0].length);
    const tops = new Set(Array.from(range.getClientRects())
      .filter(r => r.width > 0).map(r => Math.round(r.top)));
    if (tops.size > 1) split.push(m[0] + ' in ' + node.parentElement.tagName + '.' + node.parentElement.className);
  }
}
return split;
"""

OVERFLOWING_BOXES = """
const limit = document.documentElement.clientWidth;
const out = [];
for (const el of document.querySelectorAll('body *')) {
  const box = el.getBoundingClientRect();
  if (box.width === 0) continue;
  if (box.right > limit + 1 || box.left < -1) out.push(el.tagName + '.' + el.className + ' ' + Math.round(box.right));
}
for (const el of document.querySelectorAll('.badge, td, th, .figure-card, dd')) {
  if (el.scrollWidth > el.clientWidth + 1) out.push('overflowing ' + el.tagName + '.' + el.className + ': ' + el.textContent.trim().slice(0, 40));
}
return out;
"""


@pytest.fixture(scope="module")
def aino_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example student's report on the built-in framework: real Finnish titles
    ("NQF 6 – alempi korkeakoulututkinto (AMK-tutkinto)") and a baseline."""
    directory = tmp_path_factory.mktemp("aino")
    examples = Path(__file__).resolve().parents[1] / "examples" / "student"
    made = run_kompetens(
        "report",
        str(examples / "aino-2026-autumn.yaml"),
        "--baseline",
        str(examples / "aino-2026-spring.yaml"),
        "-o",
        "aino.html",
        cwd=directory,
    )
    assert made.returncode == 0, made.stderr
    return directory / "aino.html"


@pytest.mark.parametrize("medium", ["phone", "print"])
@pytest.mark.parametrize("which", ["test framework", "built-in framework"])
def test_no_word_is_broken_and_nothing_overflows(
    browser: Any, student_report: Path, aino_report: Path, medium: str, which: str
) -> None:
    report = student_report if which == "test framework" else aino_report
    if medium == "print":
        _open(browser, report, (A4_CONTENT_PX, 1000))
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
        browser.execute_cdp_cmd(
            "Emulation.setDeviceMetricsOverride",
            {"width": A4_CONTENT_PX, "height": 1000, "deviceScaleFactor": 1, "mobile": False},
        )
    else:
        _open(browser, report, (390, 844))
        browser.execute_cdp_cmd(
            "Emulation.setDeviceMetricsOverride",
            {"width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": True},
        )
    split = browser.execute_script(WORDS_SPLIT_ACROSS_LINES)
    overflowing = browser.execute_script(OVERFLOWING_BOXES)
    assert (split, overflowing) == ([], [])


TABLES_WIDER_THAN_THE_PAGE = """
const limit = document.documentElement.clientWidth;
return Array.from(document.querySelectorAll('table, figure, svg, pre')).filter(t => {
  const box = t.getBoundingClientRect();
  return box.right > limit + 1 || t.scrollWidth > limit + 1;
}).map(t => t.tagName + '.' + t.className + ' ' + Math.round(t.getBoundingClientRect().right));
"""


def test_the_cohort_report_prints_on_a4_with_every_table_inside_the_page(
    browser: Any, tmp_path: Path
) -> None:
    examples = Path(__file__).resolve().parents[1] / "examples" / "cohort"
    made = run_kompetens(
        "score",
        str(examples),
        "--level",
        "nqf6",
        "--by",
        "folder",
        "--report",
        "cohort.html",
        "--lang",
        "fi",
        cwd=tmp_path,
    )
    assert (tmp_path / "cohort.html").exists(), made.stderr
    _open(browser, tmp_path / "cohort.html", (1280, 900))
    reader = _pdf(browser)
    assert _is_a4(reader)
    assert len(reader.pages) >= 1
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    browser.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": A4_CONTENT_PX, "height": 1000, "deviceScaleFactor": 1, "mobile": False},
    )
    assert browser.execute_script(TABLES_WIDER_THAN_THE_PAGE) == []
