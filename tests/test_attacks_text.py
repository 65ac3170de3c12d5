"""Attacks through free text: a pasted essay as a note, a reference URL with line breaks,
a framework title that looks like a spreadsheet formula."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Any

import yaml
from typer.testing import CliRunner

from kompetens.assessment.textcaps import MAX_NOTE, MAX_REFLECTION
from kompetens.cli.app import app
from kompetens.framework.loading import MAX_BYTES

MINIMAL = Path(__file__).parent / "data" / "minimal.yaml"


def invoke(*args: str | Path, input: str | None = None) -> Any:
    return CliRunner().invoke(
        app, [str(a) for a in args], env={"KOMPETENS_LANG": "en"}, input=input
    )


def test_a_result_with_pasted_essays_as_notes_stays_readable(tmp_path: Path) -> None:
    """Before: 44 notes of 150,000 characters made a 7.3 MB result that report, score and
    --resume refused as too large."""
    essay = "muistiinpano " * 12_000  # 156,000 characters
    lines = "".join(f"3 {essay}\n" for _ in range(4))
    out = tmp_path / "r.yaml"
    result = invoke("assess", MINIMAL, "--level", "basic", "-o", out, input=lines)
    assert result.exit_code == 0, result.output
    assert "too long to save whole, so cut" in result.stderr
    assert "answers.alpha.one.1.note" in result.stderr
    assert out.stat().st_size < MAX_BYTES
    saved = yaml.safe_load(out.read_text(encoding="utf-8"))
    notes = [a["note"] for a in saved["answers"].values()]
    assert all(len(note) <= MAX_NOTE for note in notes)
    assert all(note.startswith("muistiinpano muistiinpano") for note in notes)
    assert invoke("report", out, "--framework", MINIMAL, "-f", "json").exit_code == 0
    assert invoke("score", out, "--framework", MINIMAL).exit_code == 0


def test_an_answers_file_with_long_notes_and_name_is_cut_and_says_so(tmp_path: Path) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text(
        yaml.safe_dump({"alpha.one.1": {"rating": 3, "note": "x" * (MAX_NOTE + 500)}}),
        encoding="utf-8",
    )
    out = tmp_path / "r.yaml"
    result = invoke(
        "assess", MINIMAL, "--level", "basic", "--answers", answers, "--name", "N" * 5000,
        "-o", out,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "respondent.name" in result.stderr and "answers.alpha.one.1.note" in result.stderr
    saved = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert len(saved["answers"]["alpha.one.1"]["note"]) == MAX_NOTE
    assert len(saved["respondent"]["name"]) == 200
    resumed = invoke("assess", MINIMAL, "--resume", out, input="3\n3\n3\n")
    assert resumed.exit_code == 0, resumed.output


def test_text_caps_are_documented() -> None:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    assert f"{MAX_NOTE:,} characters" in readme and f"{MAX_REFLECTION:,}" in readme


def _framework_with(tmp_path: Path, change: Any) -> Path:
    framework = yaml.safe_load(MINIMAL.read_text(encoding="utf-8"))
    change(framework)
    path = tmp_path / "f.yaml"
    path.write_text(yaml.safe_dump(framework, allow_unicode=True), encoding="utf-8")
    return path


def test_a_line_break_in_a_reference_url_cannot_become_live_markdown(tmp_path: Path) -> None:
    url = "https://example.org/a\n\n# Injected heading\n[click](javascript:alert(1))"

    def add(framework: dict[str, Any]) -> None:
        component = framework["areas"][1]["components"][0]
        component["references"] = [{"title": {"en": "Act", "fi": "Laki", "sv": "Lag"}, "url": url}]

    path = _framework_with(tmp_path, add)
    for fmt in ("md", "html"):
        result = invoke("export", path, "--to", fmt)
        assert result.exit_code == 0, result.output
        text = result.stdout
        if fmt == "md":  # HTML is not Markdown: there, only a link would matter
            assert not re.search(r"^#+ Injected", text, re.M)
            assert not re.search(r"(?<!\\)\]\(javascript", text)
        assert 'href="javascript' not in text and "href='javascript" not in text, fmt
        assert "Injected heading" in text, "the text is still shown"
    fine = _framework_with(
        tmp_path,
        lambda f: f["areas"][1]["components"][0].update(
            references=[{"title": {"en": "Act"}, "url": "https://finlex.fi/fi/laki/785"}]
        ),
    )
    assert "(<https://finlex.fi/fi/laki/785>)" in invoke("export", fine, "--to", "md").stdout


def test_moodle_csv_keeps_text_that_looks_like_a_formula_as_written(tmp_path: Path) -> None:
    """Decided: Moodle's importer reads every cell as text, so a prefix that would disarm a
    spreadsheet formula would end up in the competency's name in Moodle. The text is kept as
    written (docs/designers.md says so); `score --csv`, which people open in Excel, quotes."""
    formula = '=HYPERLINK("http://example.org","x")'

    def change(framework: dict[str, Any]) -> None:
        framework["areas"][0]["title"]["en"] = formula
        framework["areas"][1]["title"]["en"] = "@SUM(1+1)"

    path = _framework_with(tmp_path, change)
    result = invoke("export", path, "--to", "moodle-csv")
    assert result.exit_code == 0, result.output
    cells = {cell for row in csv.reader(io.StringIO(result.stdout)) for cell in row}
    assert formula in cells and "@SUM(1+1)" in cells
    docs = (Path(__file__).resolve().parents[1] / "docs" / "designers.md").read_text(
        encoding="utf-8"
    )
    assert "formula" in docs
