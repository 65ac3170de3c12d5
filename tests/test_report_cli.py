"""`kompetens report`: formats, files, baselines and the refusals a student may meet."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import MINIMAL, run_kompetens


def _assess(cli: Any, name: str, ratings: list[str], level: str = "basic") -> str:
    result = cli(
        "assess", str(MINIMAL), "--level", level, "-o", name, input="\n".join(ratings) + "\n"
    )
    assert result.exit_code == 0, result.output
    return name


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)


def test_custom_framework_must_be_named(cli: Any) -> None:
    _assess(cli, "r.yaml", ["3", "2", "-", "1"])
    result = cli("report", "r.yaml")
    assert result.exit_code == 2
    assert "'mini', which is not built in; name its file with --framework FILE" in result.stderr


def test_json_scores(cli: Any) -> None:
    _assess(cli, "r.yaml", ["3", "2", "-", "1"])
    result = cli("report", "r.yaml", "--framework", str(MINIMAL), "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["scores"]["level"] == "basic"
    areas = {area["id"]: area for area in data["scores"]["areas"]}
    assert areas["alpha"]["mean"] == 2.5
    assert areas["beta"]["status"] == "priority"
    # beta.one is 2 below the target of 3, alpha.one (2.5) just below: both to develop,
    # the one furthest below first
    assert data["scores"]["priorities"] == ["beta.one", "alpha.one"]
    assert areas["alpha"]["status"] == "near"


def test_terminal_report_names_areas_and_priorities(cli: Any) -> None:
    _assess(cli, "r.yaml", ["3", "2", "-", "1"])
    result = cli("report", "r.yaml", "--framework", str(MINIMAL))
    assert result.exit_code == 0, result.output
    assert "Alpha one" in result.stdout and "Beta one" in result.stdout
    assert "Well below the target" in result.stdout
    assert "Just below the target" in result.stdout
    assert "0.5 below the target" in result.stdout


def test_html_file_from_suffix_with_both_charts(cli: Any, tmp_path: Path) -> None:
    _assess(cli, "r.yaml", ["3", "2 <script>alert(1)</script>", "4", "1"])
    result = cli("report", "r.yaml", "--framework", str(MINIMAL), "-o", "r.html")
    assert result.exit_code == 0, result.output
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    parser = _Tags()
    parser.feed(html)
    assert parser.tags.count("svg") >= 1
    assert "script" not in parser.tags
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_markdown_to_stdout(cli: Any) -> None:
    _assess(cli, "r.yaml", ["3", "2", "4", "1"])
    result = cli("report", "r.yaml", "--framework", str(MINIMAL), "--format", "md", "--lang", "sv")
    assert result.exit_code == 0
    assert result.stdout.lstrip().startswith("#")
    assert "Självvärderingsrapport" in result.stdout


def _made_on(path: str, day: str, *, name: str | None = None, id: str | None = None) -> None:
    """Set when a result was made (and optionally who made it), as if made on `day`."""
    import yaml

    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    data["started"] = f"{day}T09:00:00+02:00"
    data["completed"] = f"{day}T09:20:00+02:00"
    if name is not None or id is not None:
        data["respondent"] = {"name": name, "id": id}
    Path(path).write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def test_baseline_shows_the_change(cli: Any) -> None:
    _assess(cli, "old.yaml", ["2", "2", "2", "1"])
    _made_on("old.yaml", "2025-03-01")
    _assess(cli, "new.yaml", ["4", "4", "3", "3"])
    result = cli(
        "report",
        "new.yaml",
        "--framework",
        str(MINIMAL),
        "--baseline",
        "old.yaml",
        "--format",
        "json",
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["baseline"]["overall"]["mean"] < data["scores"]["overall"]["mean"]
    html = cli(
        "report",
        "new.yaml",
        "--framework",
        str(MINIMAL),
        "--baseline",
        "old.yaml",
        "--format",
        "html",
    )
    assert "+2.0" in html.stdout or "+2,0" in html.stdout


def test_baseline_of_another_level_is_refused(cli: Any) -> None:
    _assess(cli, "basic.yaml", ["3", "3", "3", "3"])
    _assess(cli, "advanced.yaml", ["3"] * 7, level="advanced")
    result = cli("report", "basic.yaml", "--framework", str(MINIMAL), "--baseline", "advanced.yaml")
    assert result.exit_code == 1
    assert "same level" in result.stderr


def test_result_of_another_framework_is_refused(cli: Any, tmp_path: Path) -> None:
    _assess(cli, "r.yaml", ["3", "3", "3", "3"])
    result = cli("report", "r.yaml", "--framework", "sote-client-work")
    assert result.exit_code == 1
    assert "r.yaml:4:7: error [wrong-framework]" in result.stderr


def test_broken_template_is_a_message_not_a_traceback(cli: Any, tmp_path: Path) -> None:
    _assess(cli, "r.yaml", ["3", "3", "3", "3"])
    (tmp_path / "mine.html.j2").write_text("<p>{{ overall.mean }\n", encoding="utf-8")
    result = cli(
        "report",
        "r.yaml",
        "--framework",
        str(MINIMAL),
        "--format",
        "html",
        "--template",
        "mine.html.j2",
    )
    assert result.exit_code == 1
    assert "mine.html.j2:1" in result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit)
    plain = cli("report", "r.yaml", "--framework", str(MINIMAL), "--template", "mine.html.j2")
    assert plain.exit_code == 2
    assert "--template needs --format md or html" in plain.stderr


def test_user_template_gets_the_context(cli: Any, tmp_path: Path) -> None:
    _assess(cli, "r.yaml", ["3", "3", "3", "1"])
    template = tmp_path / "mine.md.j2"
    template.write_text(
        "{% for p in priorities %}{{ p.title }}: {{ p.gap|num }}\n{% endfor %}", encoding="utf-8"
    )
    result = cli(
        "report",
        "r.yaml",
        "--framework",
        str(MINIMAL),
        "--format",
        "md",
        "--template",
        str(template),
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "Beta one: 2.0"


def test_draft_report_says_it_is_a_draft(cli: Any) -> None:
    _assess(cli, "d.yaml", ["3", "3"])
    result = cli("report", "d.yaml", "--framework", str(MINIMAL), "--format", "md")
    assert result.exit_code == 0
    assert "Draft" in result.stdout


@pytest.mark.parametrize(
    ("content", "code"),
    [("framework: [\n", "yaml-syntax"), ("format: 1\nlevel: basic\n", "missing")],
)
def test_unreadable_or_invalid_result(tmp_path: Path, content: str, code: str) -> None:
    (tmp_path / "bad.yaml").write_text(content, encoding="utf-8")
    completed = run_kompetens("report", "bad.yaml", cwd=tmp_path)
    assert completed.returncode == 1
    assert "bad.yaml:" in completed.stderr and f"[{code}]" in completed.stderr
    assert "Traceback" not in completed.stderr
    missing = run_kompetens("report", "nope.yaml", cwd=tmp_path)
    assert missing.returncode == 2
    assert "no such file" in missing.stderr


def test_terminal_report_to_a_file_has_no_colour_codes(cli: Any, tmp_path: Path) -> None:
    _assess(cli, "r.yaml", ["3", "3", "3", "1"])
    result = cli("report", "r.yaml", "--framework", str(MINIMAL), "--format", "term", "-o", "r.txt")
    assert result.exit_code == 0, result.output
    text = (tmp_path / "r.txt").read_text(encoding="utf-8")
    assert "Beta one" in text
    assert "\x1b[" not in text
    assert not list(tmp_path.glob(".r.txt.*"))  # no temporary file left behind


@pytest.mark.parametrize("lang", ["en", "fi", "sv"])
def test_no_report_calls_a_score_below_the_target_meets(cli: Any, lang: str) -> None:
    """alpha.one at 2.5 against a target of 3: its bar stops short of the target line, so
    every format says "just below the target" and none says it meets the target."""
    import re

    from kompetens.framework.validation import load_framework
    from kompetens.model import localize
    from kompetens.text.i18n import Messages

    framework, _ = load_framework(MINIMAL)
    assert framework is not None
    title = localize(
        next(c for c in framework.components() if c.id == "alpha.one").title, lang, "en"
    )
    messages = Messages(lang)
    meets, near = messages("report.status.meets"), messages("report.status.near")
    gap = messages("report.gap_below", gap="0,5" if lang != "en" else "0.5")
    _assess(cli, "r.yaml", ["3", "2", "4", "3"])  # alpha.one 2.5, alpha.two 4, beta.one 3
    data = json.loads(
        cli("report", "r.yaml", "--framework", str(MINIMAL), "--format", "json").stdout
    )
    components = {c["id"]: c for a in data["scores"]["areas"] for c in a["children"]}
    assert components["alpha.one"]["status"] == "near"
    assert components["beta.one"]["status"] == "meets"  # exactly at the target

    def report(fmt: str) -> str:
        args = ["report", "r.yaml", "--framework", str(MINIMAL), "--format", fmt, "--lang", lang]
        shown = cli(*args)
        assert shown.exit_code == 0, shown.output
        return str(shown.stdout)

    markdown_row = next(line for line in report("md").splitlines() if f"| {title} |" in line)
    assert near in markdown_row and gap in markdown_row and meets not in markdown_row
    html_row = re.search(r'<tr[^>]*data-component="alpha.one".*?</tr>', report("html"), re.S)
    assert html_row is not None
    assert near in html_row.group(0) and meets not in html_row.group(0)
    assert gap in html_row.group(0)
    terminal = " ".join(report("term").split())
    assert f"1. {title} " in terminal
    assert f"{gap} · ◕ {near}" in terminal


def _pair(cli: Any) -> None:
    _assess(cli, "spring.yaml", ["2", "2", "2", "1"])
    _assess(cli, "autumn.yaml", ["4", "4", "3", "3"])
    _made_on("spring.yaml", "2025-03-01", name="Aino Virtanen", id="s1234")
    _made_on("autumn.yaml", "2025-11-01", name="Aino  virtanen", id="s1234")


def _compare(cli: Any, new: str, old: str, *extra: str) -> Any:
    return cli(
        "report", new, "--framework", str(MINIMAL), "--baseline", old, "--format", "json", *extra
    )


def test_a_baseline_of_another_person_is_refused_unless_forced(cli: Any) -> None:
    _pair(cli)
    _made_on("spring.yaml", "2025-03-01", name="Eero Esimerkki", id="s9999")
    refused = _compare(cli, "autumn.yaml", "spring.yaml")
    assert refused.exit_code == 1
    assert "spring.yaml is the self-assessment of Eero Esimerkki / s9999" in refused.stderr
    assert "autumn.yaml of Aino  virtanen / s1234" in refused.stderr
    assert "--force" in refused.stderr
    assert refused.stdout == ""
    assert _compare(cli, "autumn.yaml", "spring.yaml", "--force").exit_code == 0


def test_the_same_id_is_the_same_person_whatever_the_name(cli: Any) -> None:
    _pair(cli)
    _made_on("spring.yaml", "2025-03-01", name="Aino Korhonen", id="s1234")
    assert _compare(cli, "autumn.yaml", "spring.yaml").exit_code == 0
    _made_on("spring.yaml", "2025-03-01", name="Aino Virtanen", id=None)
    assert _compare(cli, "autumn.yaml", "spring.yaml").exit_code == 0  # names match


def test_a_baseline_that_is_not_older_is_refused_unless_forced(cli: Any) -> None:
    _pair(cli)
    assert _compare(cli, "autumn.yaml", "spring.yaml").exit_code == 0
    swapped = _compare(cli, "spring.yaml", "autumn.yaml")
    assert swapped.exit_code == 1
    assert "autumn.yaml (2025-11-01 09:20) is not older than spring.yaml (2025-03-01 09:20)" in (
        swapped.stderr
    )
    assert "swapped" in swapped.stderr
    assert _compare(cli, "spring.yaml", "autumn.yaml", "--force").exit_code == 0


def test_the_refusal_is_in_the_report_language(cli: Any) -> None:
    _pair(cli)
    swapped = _compare(cli, "spring.yaml", "autumn.yaml", "--lang", "fi")
    assert swapped.exit_code == 1
    assert "autumn.yaml (1.11.2025 klo 9.20) ei ole vanhempi kuin spring.yaml" in swapped.stderr


def test_the_example_results_compare_in_order_only(tmp_path: Path) -> None:
    root = Path(__file__).resolve().parents[1] / "examples" / "student"
    autumn, spring = root / "aino-2026-autumn.yaml", root / "aino-2026-spring.yaml"
    right = run_kompetens(
        "report", str(autumn), "--baseline", str(spring), "-f", "json", cwd=tmp_path
    )
    assert right.returncode == 0, right.stderr
    wrong = run_kompetens("report", str(spring), "--baseline", str(autumn), cwd=tmp_path)
    assert wrong.returncode == 1
    assert "ei ole vanhempi kuin" in wrong.stderr  # Aino's results are in Finnish
