"""The new HTML parts in a real headless browser: the student's and mentor's views side by
side, and the cohort report's Bland–Altman chart. Same set-up as test_report_browser."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from kompetens.cli.app import app
from tests.test_report_browser import (
    CHART_BOXES,
    CHROMIUM,
    DESKTOP,
    PHONE,
    _open,
    browser,  # noqa: F401 (fixture)
)

PROGRAMME = Path(__file__).parents[1] / "examples" / "programme"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium and chromium-driver"),
]


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("views")
    runner = CliRunner()
    views = folder / "views.html"
    out = runner.invoke(
        app,
        [
            "report",
            str(PROGRAMME / "round-2" / "Kuopio" / "s3001.yaml"),
            "--assessor",
            str(PROGRAMME / "mentors" / "Kuopio" / "s3001-mentor.yaml"),
            "-o",
            str(views),
        ],
    )
    assert out.exit_code == 0, out.stderr
    cohort = folder / "cohort.html"
    out = runner.invoke(
        app,
        [
            "score",
            str(PROGRAMME / "round-2"),
            str(PROGRAMME / "mentors"),
            "--since",
            str(PROGRAMME / "round-1"),
            "--report",
            str(cohort),
        ],
    )
    assert out.exit_code == 0, out.stderr
    return {"views": views, "cohort": cohort}


@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize(
    ("page", "chart"), [("views", "chart chart-bars"), ("cohort", "chart chart-bland-altman")]
)
def test_new_charts_are_drawn_with_labels_inside(
    browser: Any,  # noqa: F811
    pages: dict[str, Path],
    page: str,
    chart: str,
    size: tuple[int, int],
) -> None:
    _open(browser, pages[page], size)
    charts = [c for c in browser.execute_script(CHART_BOXES) if c["cls"] == chart]
    assert charts, chart
    drawn = charts[-1]  # the views chart is the last bar chart of the page
    assert drawn["width"] > 200 and drawn["height"] > 100
    for text in drawn["texts"]:
        if text["text"]:
            assert drawn["left"] - 1 <= text["left"] and text["right"] <= drawn["right"] + 1, text
            assert drawn["top"] - 1 <= text["top"] and text["bottom"] <= drawn["bottom"] + 1, text
    severe = [e for e in browser.get_log("browser") if e.get("level") == "SEVERE"]
    assert severe == []
    if page == "cohort" and size == PHONE:
        return  # the cohort report's own tables are wider than a phone (not these sections)
    scroll_width, inner_width = browser.execute_script(
        "return [document.documentElement.scrollWidth, window.innerWidth]"
    )
    assert scroll_width <= inner_width + 1
