"""The HTML report in a real headless browser: charts drawn, no errors, fits a phone.

Static checks cannot tell whether an inline SVG gets a size, whether a long Finnish label
is cut off at the chart's edge or whether a table pushes the page sideways on a phone;
a browser can. Uses Debian's `chromium` and `chromium-driver` (CI installs them) through
selenium, with nothing downloaded and no network.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
import yaml

from kompetens.assessment.scoring import ratings_of, score_result
from kompetens.framework.validation import load_framework
from kompetens.model import Answer, FrameworkRef, Goal, Respondent, Result
from kompetens.report import render_student_report
from kompetens.report.context import build_report_context

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason="needs Debian's chromium and chromium-driver (apt-get install chromium "
        "chromium-driver)",
    ),
]

DESKTOP = (1280, 900)
PHONE = (390, 844)

# Long titles on purpose: Finnish compound words are the hardest case for chart labels.
AREAS = [
    ("asiakaslahtoisyys", "Asiakaslähtöisyysosaaminen", ["Asiakaslähtöisyyden toteuttaminen",
     "Osallisuuden ja vaikuttamismahdollisuuksien edistäminen", "Viestintä ja vuorovaikutus"]),
    ("ohjaus", "Ohjaus- ja neuvontaosaaminen", ["Palveluohjaus ja palvelujärjestelmä",
     "Vuorovaikutus ja viestintä", "Ohjauksen ja neuvonnan menetelmät"]),
    ("palvelujarjestelma", "Palvelujärjestelmäosaaminen", ["Sosiaali- ja terveydenhuollon "
     "rakenne", "Palveluohjaus", "Palvelujärjestelmäosaamisen kehittäminen"]),
    ("etiikka", "Lainsäädäntö- ja etiikkaosaaminen", ["Vastuu ja rooli moni- ja "
     "monialaisessa yhteistyössä", "Tietosuoja ja etiikka"]),
]  # fmt: skip


def _framework_file(directory: Path) -> Path:
    areas = []
    for area_id, title, components in AREAS:
        areas.append(
            {
                "id": area_id,
                "title": {"fi": title},
                "components": [
                    {
                        "id": f"{area_id}.c{n}",
                        "title": {"fi": component},
                        "descriptors": {"nqf6": {"fi": f"Odotus: {component.lower()}."}},
                        "guidance": {"fi": "Pyydä ohjaajalta palautetta ja pidä päiväkirjaa."},
                        "references": [
                            {"title": {"fi": "Potilaslaki 785/1992"}, "url": "https://finlex.fi"}
                        ],
                        "statements": [
                            {
                                "id": f"{area_id}.c{n}.{s}",
                                "levels": ["nqf6"],
                                "text": {"fi": f"Osaan toimia tilanteessa {s}: {component}."},
                            }
                            for s in range(1, 4)
                        ],
                    }
                    for n, component in enumerate(components, start=1)
                ],
            }
        )
    document = {
        "format": 1,
        "id": "browser-test",
        "version": "1.0.0",
        "title": {"fi": "Asiakastyön osaaminen"},
        "languages": ["fi"],
        "default_language": "fi",
        "licence": "CC BY 4.0",
        "scale": {
            "points": [{"value": v, "label": {"fi": f"Taso {v}"}} for v in range(1, 6)],
            "cant_say": {"label": {"fi": "En osaa sanoa"}},
        },
        "levels": [{"id": "nqf6", "title": {"fi": "NQF 6 (AMK)"}, "target": 4}],
        "areas": areas,
    }
    path = directory / "browser-test.yaml"
    path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def report_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("report")
    framework, diagnostics = load_framework(_framework_file(directory))
    assert framework is not None, diagnostics
    cycle = [5, 4, 2, 3, None, 2, 4, 5, 3, 1, 2, 4]
    statements = framework.statements_for("nqf6")

    def result(shift: int, completed: datetime) -> Result:
        answers = {
            s.id: Answer(rating=None if r is None else max(1, r + shift))
            for s, r in zip(statements, cycle * 3, strict=False)
        }
        for statement in framework.components()[-1].statements:
            answers.pop(statement.id, None)  # one sub-area not assessable
        answers[statements[0].id] = Answer(
            rating=4, note="<script>alert(1)</script> Pitkä muistiinpano " * 8
        )
        return Result(
            framework=FrameworkRef(id=framework.id, version=framework.version),
            level="nqf6",
            language="fi",
            respondent=Respondent(id="s1234567", name="Aino Virtanen"),
            started=completed,
            completed=completed,
            answers=answers,
            reflections={"ohjaus": "Huomasin, että puhun liian nopeasti.\nHarjoittelen."},
            goals=[Goal(text="Harjoittelen motivoivaa haastattelua", component="ohjaus.c3")],
        )

    now = result(0, datetime(2025, 3, 14, 9, 40))
    before = result(-1, datetime(2024, 9, 2, 10, 30))
    context = build_report_context(
        framework,
        now,
        score_result(framework, "nqf6", ratings_of(now.answers)),
        "fi",
        baseline=(before, score_result(framework, "nqf6", ratings_of(before.answers))),
    )
    path = directory / "report.html"
    path.write_text(render_student_report(context, "html"), encoding="utf-8")
    return path


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[Any]:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for argument in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--hide-scrollbars",
        f"--user-data-dir={tmp_path / 'chromium-profile'}",
    ):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    try:
        yield driver
    finally:
        driver.quit()


def _open(driver: Any, report: Path, size: tuple[int, int]) -> None:
    driver.set_window_size(*size)
    driver.get(report.as_uri())
    driver.execute_script("return document.fonts ? document.fonts.ready : null")


CHART_BOXES = """
return Array.from(document.querySelectorAll('svg.chart')).map(svg => {
  const box = svg.getBoundingClientRect();
  const texts = Array.from(svg.querySelectorAll('text')).map(t => {
    const r = t.getBoundingClientRect();
    return {text: t.textContent.trim(), left: r.left, right: r.right, top: r.top,
            bottom: r.bottom};
  });
  return {cls: svg.getAttribute('class'), left: box.left, right: box.right, top: box.top,
          bottom: box.bottom, width: box.width, height: box.height, texts: texts};
});
"""


@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_charts_are_drawn_and_the_console_is_clean(
    browser: Any, report_file: Path, size: tuple[int, int]
) -> None:
    _open(browser, report_file, size)
    charts = browser.execute_script(CHART_BOXES)
    assert [c["cls"] for c in charts] == ["chart chart-bars", "chart chart-bars"]
    for chart in charts:
        assert chart["width"] > 200 and chart["height"] > 150, chart["cls"]
    severe = [e for e in browser.get_log("browser") if e.get("level") == "SEVERE"]
    assert severe == []
    assert browser.execute_script("return document.querySelectorAll('script').length") == 0


@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_chart_labels_are_not_cut_off(
    browser: Any, report_file: Path, size: tuple[int, int]
) -> None:
    """Every label, measured with the browser's real font, lies inside its chart."""
    _open(browser, report_file, size)
    for chart in browser.execute_script(CHART_BOXES):
        assert chart["texts"], chart["cls"]
        for text in chart["texts"]:
            if not text["text"]:
                continue
            assert text["left"] >= chart["left"] - 1, (chart["cls"], text)
            assert text["right"] <= chart["right"] + 1, (chart["cls"], text)
            assert text["top"] >= chart["top"] - 1, (chart["cls"], text)
            assert text["bottom"] <= chart["bottom"] + 1, (chart["cls"], text)


def test_phone_width_has_no_horizontal_overflow(browser: Any, report_file: Path) -> None:
    _open(browser, report_file, PHONE)
    scroll_width, inner_width = browser.execute_script(
        "return [document.documentElement.scrollWidth, window.innerWidth]"
    )
    assert scroll_width <= inner_width + 1
    # No block scrolls sideways on its own either (the summary table turns into rows).
    wide = browser.execute_script(
        """return Array.from(document.querySelectorAll('main *'))
             .filter(e => e.clientWidth > 1  /* not the visually hidden table head */
                          && e.scrollWidth > e.clientWidth + 1
                          && getComputedStyle(e).overflowX !== 'visible')
             .map(e => e.tagName + '.' + e.className)"""
    )
    assert wide == []


def test_report_prints_to_pdf_with_sections_on_their_own_pages(
    browser: Any, report_file: Path
) -> None:
    from selenium.webdriver.common.print_page_options import PrintOptions

    _open(browser, report_file, DESKTOP)
    options = PrintOptions()
    options.background = True
    pdf = base64.b64decode(browser.print_page(options))
    assert pdf.startswith(b"%PDF")
    pages = len(re.findall(rb"/Type\s*/Page(?!s)", pdf))
    breaks = browser.execute_script("return document.querySelectorAll('section.page-break').length")
    assert pages >= breaks + 1
