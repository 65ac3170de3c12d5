"""Survey exports as the tools write them (tests/data/surveys, see its README): every
respondent's overall mean is recomputed here from the true answers, independently of the
scoring code, and must be what `score` finds in the export."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest

from kompetens.cohort.collect import CollectOptions, collect
from kompetens.framework.validation import load_framework
from kompetens.model import Framework

SURVEYS = Path(__file__).parent / "data" / "surveys"
FRAMEWORK = SURVEYS / "framework.yaml"
EXPECTED: dict[str, Any] = json.loads((SURVEYS / "expected.json").read_text(encoding="utf-8"))
TEXT_MATCHED = sorted(name for name in EXPECTED if name != "limesurvey-codes.csv")


@pytest.fixture(scope="module")
def survey_framework() -> Framework:
    framework, diagnostics = load_framework(FRAMEWORK)
    assert framework is not None, diagnostics
    return framework


def overall_mean(framework: Framework, level: str, ratings: dict[str, int | None]) -> float | None:
    """The published rule (docs/scoring.md), written out again: a sub-area's mean when at
    least half its statements are rated, an area's mean of its assessable sub-areas when
    at least half are, the overall mean of the assessable areas when at least half are."""
    area_means = []
    for area in framework.areas:
        component_means = []
        components = [c for c in area.components if c.statements_for(level)]
        for component in components:
            ids = [s.id for s in component.statements_for(level)]
            rated = [ratings[i] for i in ids if ratings.get(i) is not None]
            if rated and len(rated) * 2 >= len(ids):
                component_means.append(sum(rated) / len(rated))  # type: ignore[arg-type]
        if component_means and len(component_means) * 2 >= len(components):
            area_means.append(sum(component_means) / len(component_means))
    if area_means and len(area_means) * 2 >= len(framework.areas):
        return sum(area_means) / len(area_means)
    return None


def _collect(framework: Framework, *files: Path, **options: Any) -> Any:
    return collect(
        [str(f) for f in files],
        CollectOptions(framework=framework, level="nqf6", language="en", jobs=1, **options),
    )


@pytest.mark.parametrize("name", TEXT_MATCHED)
def test_every_respondent_is_scored_as_exported(survey_framework: Framework, name: str) -> None:
    expected = EXPECTED[name]
    collection = _collect(survey_framework, SURVEYS / name)
    assert not collection.rejected, [d.as_text() for d in collection.rejected]
    found = {entry.respondent: entry for entry in collection.entries}
    assert set(found) == set(expected["respondents"])
    for respondent, ratings in expected["respondents"].items():
        want = overall_mean(survey_framework, "nqf6", ratings)
        got = found[respondent].means[-1]
        assert got == pytest.approx(want, abs=1e-12), respondent
        assert found[respondent].answered == sum(v is not None for v in ratings.values())
    assert len(collection.entries) >= 27


@pytest.mark.parametrize("name", [n for n in TEXT_MATCHED if EXPECTED[n].get("drafts")])
def test_unfinished_responses_are_counted_and_listed_not_scored(
    survey_framework: Framework, name: str
) -> None:
    collection = _collect(survey_framework, SURVEYS / name)
    assert sorted(d.line for d in collection.drafts) == EXPECTED[name]["drafts"]
    assert all(d.code == "draft" and not d.is_error for d in collection.drafts)
    assert not collection.rejected


@pytest.mark.parametrize("name", [n for n in TEXT_MATCHED if EXPECTED[n].get("double")])
def test_double_submissions_warn_and_keep_the_latest(
    survey_framework: Framework, name: str
) -> None:
    collection = _collect(survey_framework, SURVEYS / name)
    (double,) = [d for d in collection.notes if d.code == "double-submission"]
    assert EXPECTED[name]["double"][0] in double.message
    assert not collection.rejected


@pytest.mark.parametrize("name", [n for n in TEXT_MATCHED if EXPECTED[n].get("totals")])
def test_average_rows_are_skipped_with_one_note(survey_framework: Framework, name: str) -> None:
    collection = _collect(survey_framework, SURVEYS / name)
    notes = [d for d in collection.notes if d.code == "total-row"]
    assert len(notes) == 1 and collection.skipped == EXPECTED[name]["totals"]
    assert collection.rows == len(EXPECTED[name]["respondents"]) + (
        len(EXPECTED[name].get("double", []))
    )


def test_webropol_headers_cut_short_are_near_matches_listed_with_percent(
    survey_framework: Framework,
) -> None:
    collection = _collect(survey_framework, SURVEYS / "webropol.xlsx")
    near = [d for d in collection.notes if d.code == "near-match"]
    assert len(near) == 11
    assert all(d.line == 2 and " %)" in d.message for d in near)


def test_the_codes_only_export_needs_a_map_and_says_how(cli: Any) -> None:
    result = cli("score", str(SURVEYS / "limesurvey-codes.csv"), "--framework", str(FRAMEWORK), "--level", "nqf6", "--lang", "en", "--csv", "out.csv")  # fmt: skip
    assert result.exit_code == 2
    assert "kompetens columns" in result.stderr and "--columns" in result.stderr
    assert not Path("out.csv").exists()


def test_the_codes_only_export_is_scored_after_one_drafted_and_reviewed_map(
    cli: Any, survey_framework: Framework, tmp_path: Path
) -> None:
    export = SURVEYS / "limesurvey-codes.csv"
    before = hashlib.sha256(export.read_bytes()).hexdigest()
    drafted = cli("columns", str(export), "--framework", str(FRAMEWORK), "--level", "nqf6", "--lang", "en", "-o", "map.yaml")  # fmt: skip
    assert drafted.exit_code == 0, drafted.stderr
    text = Path("map.yaml").read_text(encoding="utf-8")
    ids = [s.id for s in survey_framework.statements_for("nqf6")]
    assert text.count("REVIEW: guessed by position") == len(ids)
    # The reviewer checks the guesses against the survey (they are right: the survey asks
    # the statements in the framework's order) and says what AO06 is.
    assert '"AO06": ""  # REVIEW' in text
    for number, statement_id in enumerate(ids):
        assert f": {statement_id}  # REVIEW" in text.splitlines()[3 + number]
    Path("map.yaml").write_text(text.replace('"AO06": ""', '"AO06": cant-say'), encoding="utf-8")
    scored = cli("score", str(export), "--framework", str(FRAMEWORK), "--level", "nqf6", "--lang", "en", "--columns", "map.yaml", "--json", "out.json")  # fmt: skip
    assert scored.exit_code == 0, scored.stderr
    document = json.loads(Path("out.json").read_text(encoding="utf-8"))
    expected = EXPECTED["limesurvey-codes.csv"]
    got = {r["respondent"]: r["overall"] for r in document["respondents"]}
    assert set(got) == set(expected["respondents"])
    for respondent, ratings in expected["respondents"].items():
        assert got[respondent] == pytest.approx(
            overall_mean(survey_framework, "nqf6", ratings), abs=1e-4
        )
    assert hashlib.sha256(export.read_bytes()).hexdigest() == before


def test_an_unreviewed_map_is_refused_with_its_line(cli: Any) -> None:
    export = SURVEYS / "limesurvey-codes.csv"
    cli("columns", str(export), "--framework", str(FRAMEWORK), "--level", "nqf6", "-o", "map.yaml")  # fmt: skip
    result = cli("score", str(export), "--framework", str(FRAMEWORK), "--level", "nqf6", "--lang", "en", "--columns", "map.yaml")  # fmt: skip
    assert result.exit_code == 2
    assert "map.yaml:" in result.stderr and "AO06" in result.stderr


def test_all_exports_together_through_the_command_line(cli: Any, tmp_path: Path) -> None:
    names = [
        n for n in TEXT_MATCHED if n != "google-forms.csv"
    ]  # Google Forms repeats e-mails of others
    hashes = {n: hashlib.sha256((SURVEYS / n).read_bytes()).hexdigest() for n in names}
    for name in names:
        result = cli("score", str(SURVEYS / name), "--framework", str(FRAMEWORK), "--level", "nqf6", "--lang", "fi", "--csv", f"{name}.csv")  # fmt: skip
        assert result.exit_code == 0, (name, result.stderr)
        assert "pisteytetty" in result.stdout or "pisteytet" in result.stdout
        header = Path(f"{name}.csv").read_text(encoding="utf-8-sig").splitlines()[0]
        assert header.count(";") > 10  # Finnish Excel's dialect by default for fi
    assert {n: hashlib.sha256((SURVEYS / n).read_bytes()).hexdigest() for n in names} == hashes


def test_the_report_lists_the_unfinished_responses(cli: Any) -> None:
    name = "limesurvey-text.csv"
    result = cli("score", str(SURVEYS / name), "--framework", str(FRAMEWORK), "--level", "nqf6", "--lang", "en", "--report", "r.html", "--json", "r.json")  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert "3 unfinished response(s) not scored" in result.stdout
    html = Path("r.html").read_text(encoding="utf-8")
    assert html.count("unfinished response: no time in") == len(EXPECTED[name]["drafts"])
    document = json.loads(Path("r.json").read_text(encoding="utf-8"))
    assert [d["line"] for d in document["drafts"]] == EXPECTED[name]["drafts"]
    assert document["counts"]["drafts"] == 3 and document["counts"]["scored"] == 27
