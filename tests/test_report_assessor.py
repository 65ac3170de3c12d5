"""`report SELF --assessor OTHER`: the student's and the mentor's views side by side."""

from __future__ import annotations

import html
import json
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from kompetens.assessment.results import write_result
from kompetens.assessment.session import new_result, now
from kompetens.model import Answer, Assessor, Framework, Respondent
from tests.conftest import MINIMAL

SELF = {"alpha.one.1": 4, "alpha.one.2": 2, "alpha.two.1": 4, "beta.one.1": 1}
MENTOR = {"alpha.one.1": 2, "alpha.one.2": 4, "alpha.two.1": 4, "beta.one.1": 3}


def _write(
    path: Path,
    framework: Framework,
    ratings: dict[str, int | None],
    *,
    respondent: Respondent,
    role: str = "self",
    level: str = "basic",
    version: str | None = None,
) -> Path:
    result = new_result(framework, level, "en", respondent)
    result.answers = {k: Answer(rating=v) for k, v in ratings.items()}
    if role != "self":
        result.assessor = Assessor(role=role, name="Maija Mentor")  # type: ignore[arg-type]
    if version is not None:
        result.framework.version = version
        result.framework.fingerprint = None
    result.completed = now()
    write_result(result, path)
    return path


@pytest.fixture
def pair(tmp_path: Path, minimal: Framework) -> tuple[Path, Path]:
    aino = Respondent(id="s123", name="Aino Virtanen")
    own = _write(tmp_path / "self.yaml", minimal, SELF, respondent=aino)
    other = _write(tmp_path / "mentor.yaml", minimal, MENTOR, respondent=aino, role="mentor")
    return own, other


def _report(cli: Any, own: Path, other: Path, *args: str) -> Any:
    return cli("report", str(own), "--framework", str(MINIMAL), "--assessor", str(other), *args)


def test_json_has_both_views_per_subarea_and_the_differences(cli: Any, pair: Any) -> None:
    out = _report(cli, *pair, "--format", "json")
    assert out.exit_code == 0, out.stderr
    views = json.loads(out.stdout)["views"]
    assert views["assessor"]["role"] == "mentor"
    alpha_one = views["areas"][0]["components"][0]
    # means of (4, 2) and (2, 4): the same mean hides two opposite differences
    assert (alpha_one["self"], alpha_one["assessor"], alpha_one["diff"]) == (3.0, 3.0, 0.0)
    beta = views["areas"][1]
    assert (beta["self"], beta["assessor"], beta["diff"]) == (1.0, 3.0, -2.0)
    assert [s["id"] for s in views["self_higher"]] == ["alpha.one.1"]
    assert [s["id"] for s in views["assessor_higher"]] == ["alpha.one.2", "beta.one.1"]
    assert views["left_out"] == []


def test_terminal_shows_statements_by_wording_and_the_conversation_starters(
    cli: Any, pair: Any
) -> None:
    out = _report(cli, *pair)
    assert out.exit_code == 0, out.stderr
    text = out.stdout
    assert "Your view and the mentor's view" in text
    assert "Conversation starters" in text
    starters = text.split("Conversation starters", 1)[1]
    assert starters.index("You rate yourself higher") < starters.index("I can do one")
    assert starters.index("The mentor rates you higher") < starters.index("I can explain one")
    assert "alpha.one.1" not in text  # statements by their wording, not their ids


class _Cells(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.rows: dict[str, list[str]] = {}
        self._row: str | None = None
        self.svg_titles: list[str] = []
        self._in_svg_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "tr" and "statement-row" in (attributes.get("class") or "").split():
            self._row = attributes.get("data-statement")
            self.rows[self._row or ""] = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "tr":
            self._row = None

    def handle_data(self, data: str) -> None:
        if self._row is not None and data.strip():
            self.rows[self._row].append(data.strip())


@pytest.mark.parametrize("suffix", ["html", "md"])
def test_html_and_markdown_have_the_side_by_side_table(
    cli: Any, pair: Any, tmp_path: Path, suffix: str
) -> None:
    target = tmp_path / f"views.{suffix}"
    out = _report(cli, *pair, "-o", str(target))
    assert out.exit_code == 0, out.stderr
    text = target.read_text(encoding="utf-8")
    assert "Your view and the mentor's view" in html.unescape(text)
    if suffix == "html":
        cells = _Cells()
        cells.feed(text)
        # a conversation starter is marked in the table too; an equal rating is not
        assert cells.rows["alpha.one.2"] == [
            "Talk about this:",
            "I can explain one",
            "2",
            "4",
            "↓ −2",
        ]
        assert cells.rows["alpha.two.1"] == ["I can do two", "4", "4", "→ 0"]
        assert 'class="baseline-marker"' in text.split('id="views"', 1)[1]  # mentor's marks
    else:
        assert "| · **Talk about this:** I can explain one | 2 | 4 | ↓ −2 |" in text
        assert "| · I can do two | 4 | 4 | → 0 |" in text


def test_another_persons_result_is_refused_unless_forced(
    cli: Any, tmp_path: Path, minimal: Framework
) -> None:
    own = _write(tmp_path / "a.yaml", minimal, SELF, respondent=Respondent(id="s1"))
    other = _write(
        tmp_path / "b.yaml", minimal, MENTOR, respondent=Respondent(id="s2"), role="mentor"
    )
    out = _report(cli, own, other)
    assert out.exit_code == 1
    assert "b.yaml is about s2, not s1" in out.stderr
    assert "--force" in out.stderr
    forced = _report(cli, own, other, "--force", "--format", "json")
    assert forced.exit_code == 0
    assert json.loads(forced.stdout)["views"]["same_person"] is False


def test_same_id_with_another_name_is_flagged(cli: Any, tmp_path: Path, minimal: Framework) -> None:
    own = _write(tmp_path / "a.yaml", minimal, SELF, respondent=Respondent(id="s1", name="Aino"))
    other = _write(
        tmp_path / "b.yaml",
        minimal,
        MENTOR,
        respondent=Respondent(id="s1", name="Anna"),
        role="mentor",
    )
    out = _report(cli, own, other, "--format", "json")
    assert out.exit_code == 0
    assert "same id (s1) but different names (Aino / Anna)" in out.stderr
    assert json.loads(out.stdout)["views"]["name_mismatch"] is True


def test_other_framework_version_is_compared_on_shared_statements(
    cli: Any, tmp_path: Path, minimal: Framework
) -> None:
    aino = Respondent(id="s1")
    own = _write(tmp_path / "a.yaml", minimal, SELF, respondent=aino)
    older = {"alpha.one.1": 2, "alpha.two.1": 3, "beta.one.1": 3, "alpha.retired.1": 5}
    other = _write(
        tmp_path / "b.yaml", minimal, older, respondent=aino, role="mentor", version="0.9.0"
    )
    out = _report(cli, own, other, "--format", "json")
    assert out.exit_code == 0, out.stderr
    views = json.loads(out.stdout)["views"]
    # the retired statement and the one the older version did not ask are named
    assert views["left_out"] == ["alpha.one.2", "alpha.retired.1"]
    assert "alpha.one.2, alpha.retired.1" in out.stderr
    compared = [s["id"] for a in views["areas"] for c in a["components"] for s in c["statements"]]
    assert compared == ["alpha.one.1", "alpha.two.1", "beta.one.1"]
    assert views["areas"][0]["components"][0]["self"] == 4.0  # only the shared statement


def test_another_level_is_refused(cli: Any, tmp_path: Path, minimal: Framework) -> None:
    aino = Respondent(id="s1")
    own = _write(tmp_path / "a.yaml", minimal, SELF, respondent=aino)
    other = _write(
        tmp_path / "b.yaml",
        minimal,
        {"alpha.one.3": 2},
        respondent=aino,
        level="advanced",
        role="mentor",
    )
    out = _report(cli, own, other)
    assert out.exit_code == 1
    assert "level 'advanced'" in out.stderr


def test_a_broken_assessor_file_is_named(cli: Any, pair: Any, tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("format: 1\nlevel: [\n", encoding="utf-8")
    out = _report(cli, pair[0], broken)
    assert out.exit_code in (1, 2)
    assert "broken.yaml:" in out.stderr
    assert "Traceback" not in out.stderr


def test_the_same_file_twice_is_a_usage_error(cli: Any, pair: Any) -> None:
    out = _report(cli, pair[0], pair[0])
    assert out.exit_code == 2
    assert "--assessor" in out.stderr


def test_a_mentors_result_alone_says_who_rated_and_reads_in_the_third_person(
    cli: Any, pair: Any
) -> None:
    out = cli("report", str(pair[1]), "--framework", str(MINIMAL), "--format", "md")
    assert out.exit_code == 0, out.stderr
    assert "| Rated by | Mentor Maija Mentor |" in out.stdout
    assert "The student can do one" in out.stdout
    assert "I can do one" not in out.stdout
    own = cli("report", str(pair[0]), "--framework", str(MINIMAL), "--format", "md")
    assert "Rated by" not in own.stdout
    assert "I can do one" in own.stdout


def test_two_self_assessments_or_swapped_files_are_usage_errors(cli: Any, pair: Any) -> None:
    own, mentor = pair
    swapped = _report(cli, mentor, own)
    assert swapped.exit_code == 2
    assert "swap them" in swapped.stderr
    other_self = own.with_name("again.yaml")
    other_self.write_text(own.read_text(encoding="utf-8"), encoding="utf-8")
    twice = _report(cli, own, other_self)
    assert twice.exit_code == 2
    assert "--baseline" in twice.stderr


def test_the_terminal_report_of_a_mentors_result_says_who_rated(cli: Any, pair: Any) -> None:
    out = cli("report", str(pair[1]), "--framework", str(MINIMAL))
    assert out.exit_code == 0, out.stderr
    assert "Rated by: Mentor Maija Mentor" in out.stdout
    assert "Rated by" not in cli("report", str(pair[0]), "--framework", str(MINIMAL)).stdout


def test_a_mentor_rating_made_with_the_previous_builtin_version(cli: Any, tmp_path: Path) -> None:
    """Self-assessment with sote-client-work 2.x, mentor's rating with the archived 1.0.0:
    compared on the statements that have the same id and sub-area and are asked at the
    level in both versions; every other statement of either version is named."""
    import yaml

    from kompetens.framework.catalog import resolve_framework
    from kompetens.framework.validation import load_framework

    root = Path(__file__).parents[1]
    own = root / "examples" / "programme" / "round-2" / "Kuopio" / "s3001.yaml"
    mentor = yaml.safe_load(
        (root / "examples" / "student" / "aino-2026-spring.yaml").read_text(encoding="utf-8")
    )
    mentor["respondent"] = {"id": "s3001", "name": None}
    mentor["assessor"] = {"role": "mentor", "name": "Pekka Mentor"}
    other = tmp_path / "old-mentor.yaml"
    other.write_text(yaml.safe_dump(mentor, allow_unicode=True), encoding="utf-8")
    out = cli("report", str(own), "--assessor", str(other), "--format", "json")
    assert out.exit_code == 0, out.stderr
    views = json.loads(out.stdout)["views"]

    def placed(spec: str) -> dict[str, str]:
        framework, _ = load_framework(resolve_framework(spec))
        assert framework is not None
        return {
            s.id: component.id
            for component in framework.components()
            for s in component.statements_for("nqf6")
        }

    new, old = placed("sote-client-work"), placed("sote-client-work@1.0.0")
    same = sorted(s for s in new if old.get(s) == new[s])
    compared = sorted(
        s["id"] for a in views["areas"] for c in a["components"] for s in c["statements"]
    )
    assert compared == same
    assert set(views["left_out"]) == (set(new) | set(old)) - set(same)
