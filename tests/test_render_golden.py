"""The built-in templates' output for the example data, byte for byte.

The contexts, the charts and the render entry points are refactored without changing what a
reader gets: these tests render the student report (with a baseline, and with a mentor's
view), the cohort report (by campus, and the programme with agreement and change) and the
framework document through the command line, and compare each file with the one stored in
`tests/data/golden/`. Only the kompetens version and the cohort report's "generated" time
are replaced by placeholders.

When a change to a template, a catalogue or a chart is meant to change the output, write
the files again with `KOMPETENS_UPDATE_GOLDEN=1 pytest tests/test_render_golden.py` and
review the diff like any other change.
"""

from __future__ import annotations

import os
import re
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kompetens import __version__
from kompetens.cli.app import app

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = Path(__file__).parent / "data" / "golden"
STUDENT = ROOT / "examples" / "student"
PROGRAMME = ROOT / "examples" / "programme"
COHORT = ROOT / "examples" / "cohort"

CASES: dict[str, tuple[str, ...]] = {
    "student-baseline.html": (
        "report",
        f"{STUDENT}/aino-2026-autumn.yaml",
        "--baseline",
        f"{STUDENT}/aino-2026-spring.yaml",
    ),
    "student-baseline.md": (
        "report",
        f"{STUDENT}/aino-2026-autumn.yaml",
        "--baseline",
        f"{STUDENT}/aino-2026-spring.yaml",
    ),
    "student-mentor.html": (
        "report",
        f"{PROGRAMME}/round-2/Kuopio/s3001.yaml",
        "--assessor",
        f"{PROGRAMME}/mentors/Kuopio/s3001-mentor.yaml",
    ),
    "student-mentor-fi.md": (
        "report",
        f"{PROGRAMME}/round-2/Kuopio/s3001.yaml",
        "--assessor",
        f"{PROGRAMME}/mentors/Kuopio/s3001-mentor.yaml",
        "--lang",
        "fi",
    ),
    "cohort-by-folder.html": ("score", str(COHORT), "--level", "nqf6", "--by", "folder"),
    "cohort-by-folder-sv.md": (
        "score",
        str(COHORT),
        "--level",
        "nqf6",
        "--by",
        "folder",
        "--lang",
        "sv",
    ),
    "programme.html": (
        "score",
        f"{PROGRAMME}/round-2",
        f"{PROGRAMME}/mentors",
        "--since",
        f"{PROGRAMME}/round-1",
        "--by",
        "folder",
    ),
    "programme.md": (
        "score",
        f"{PROGRAMME}/round-2",
        f"{PROGRAMME}/mentors",
        "--since",
        f"{PROGRAMME}/round-1",
        "--by",
        "folder",
    ),
    "framework.html": ("export", "sote-client-work"),
    "framework-nqf6-sv.md": ("export", "sote-client-work", "--level", "nqf6", "--lang", "sv"),
}

_OUTPUT_OPTION = {"report": "-o", "score": "--report", "export": "-o"}


def _normalised(text: str) -> str:
    """The output with the version and today's "generated" time replaced by placeholders."""
    text = text.replace(__version__, "VERSION")
    today = re.escape(date.today().isoformat())
    return re.sub(rf"{today}[ T]\d\d:\d\d", "GENERATED", text)


def _render(name: str, args: tuple[str, ...], folder: Path) -> str:
    output = folder / name
    command = [*args, _OUTPUT_OPTION[args[0]], str(output)]
    result = CliRunner().invoke(
        app, command, env={"KOMPETENS_LANG": "en", "KOMPETENS_PSEUDONYM_KEY": ""}
    )
    assert output.is_file(), result.output
    return _normalised(output.read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", sorted(CASES))
def test_built_in_templates_render_the_examples_as_before(name: str, tmp_path: Path) -> None:
    text = _render(name, CASES[name], tmp_path)
    golden = GOLDEN / name
    if os.environ.get("KOMPETENS_UPDATE_GOLDEN") == "1":
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(text, encoding="utf-8", newline="")
    expected = golden.read_text(encoding="utf-8")
    assert text == expected, f"{name} differs from tests/data/golden/{name}"


def test_each_report_renders_the_example_as_before(tmp_path: Path) -> None:
    """`report --each` renders through its own path (personal data banner, mentor pairs)."""
    result = CliRunner().invoke(
        app,
        [
            "report",
            f"{PROGRAMME}/round-2/Kuopio",
            f"{PROGRAMME}/mentors/Kuopio",
            "--each",
            "-o",
            str(tmp_path / "each"),
        ],
        env={"KOMPETENS_LANG": "en"},
    )
    produced = tmp_path / "each" / "s3001.html"
    assert produced.is_file(), result.output
    text = _normalised(produced.read_text(encoding="utf-8"))
    golden = GOLDEN / "each-s3001.html"
    if os.environ.get("KOMPETENS_UPDATE_GOLDEN") == "1":
        golden.write_text(text, encoding="utf-8", newline="")
    assert text == golden.read_text(encoding="utf-8")


def _radar_areas(count: int) -> list[dict[str, object]]:
    """Areas with long Finnish-like titles, one without a mean (not assessable)."""
    titles = [
        "Asiakaslähtöisyys ja osallisuus",
        "Ohjaus",
        "Palvelujärjestelmä ja yhteistyö verkostoissa",
        "Lainsäädäntö ja etiikka",
        "Vuorovaikutus",
        "Dokumentointi ja tiedonhallinta sosiaali- ja terveydenhuollossa",
        "Turvallisuus",
        "Kehittäminen",
        "Johtaminen",
        "Tutkimus",
    ]
    means = [3.4, 4.1, None, 2.75, 4.6, 3.0, 1.9, 5.0, 3.3, 2.2]
    return [{"id": f"area-{i}", "title": titles[i], "mean": means[i]} for i in range(count)]


@pytest.mark.parametrize("count", [5, 10])
def test_radar_chart_draws_as_before(count: int) -> None:
    """The spider chart is drawn only for frameworks of five or more areas, which the
    examples do not have; its SVG is compared here directly (plain and crowded)."""
    from kompetens.report.charts import ChartLabels, radar_chart

    areas = _radar_areas(count)
    baseline = [None if a["mean"] is None else 3.0 for a in areas]
    svg = radar_chart(
        areas,
        4.0,
        1.0,
        5.0,
        baseline=baseline,
        labels=ChartLabels(title="Areas", you="You", target="Target", baseline="Earlier"),
    )
    complete = radar_chart([{**a, "mean": a["mean"] or 3.5} for a in areas], 4.0, 1.0, 5.0)
    text = svg + "\n" + complete + "\n"
    golden = GOLDEN / f"radar-{count}.svg"
    if os.environ.get("KOMPETENS_UPDATE_GOLDEN") == "1":
        golden.write_text(text, encoding="utf-8", newline="")
    assert text == golden.read_text(encoding="utf-8")
