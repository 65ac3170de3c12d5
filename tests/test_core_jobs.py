"""The core calls behind `score`, `report --baseline` and `assess --resume`, used without the
command line: what they return and what they refuse, and that they write nothing."""

from __future__ import annotations

import json
import shutil
import sys
from datetime import date
from pathlib import Path

import pytest

from kompetens.assessment.baseline import BaselineRefused, choose_baseline, other_version_spec
from kompetens.assessment.drafts import DraftRefused, continue_draft
from kompetens.assessment.results import read_result
from kompetens.assessment.starting import StartOptions, StartRefused, start_assessment
from kompetens.cohort.scoring_job import ScoreError, ScoreRequest, score_cohort
from kompetens.files.output import OutputError, format_of, refuse_existing_many
from kompetens.framework.catalog import builtin_frameworks, resolve_framework
from kompetens.framework.validation import load_framework
from kompetens.model import Framework, Result
from tests.conftest import run_kompetens

ROOT = Path(__file__).resolve().parents[1]
HAND_INS = ROOT / "examples" / "cohort" / "hand-ins"
SPRING = ROOT / "examples" / "student" / "aino-2026-spring.yaml"
AUTUMN = ROOT / "examples" / "student" / "aino-2026-autumn.yaml"
KEY = "correct-horse-battery-staple-2025"


@pytest.fixture
def cohort(tmp_path: Path) -> Path:
    """The example cohort and one file that cannot be read, named after a student."""
    folder = tmp_path / "hand-ins"
    shutil.copytree(HAND_INS / "Kuopio", folder)
    (folder / "s9999-virtanen.yaml").write_text("format: 1\nlevel: [\n", encoding="utf-8")
    return folder


def _result(path: Path) -> Result:
    result, _, diagnostics = read_result(path)
    assert result is not None, diagnostics
    return result


def _builtin(spec: str) -> Framework:
    framework, diagnostics = load_framework(resolve_framework(spec))
    assert framework is not None, diagnostics
    return framework


def test_score_returns_the_documents_and_writes_nothing(cohort: Path, tmp_path: Path) -> None:
    request = ScoreRequest(
        (str(cohort),),
        level="nqf6",
        csv_out=str(tmp_path / "s.csv"),
        json_out=str(tmp_path / "s.json"),
    )
    outcome = score_cohort(request)
    assert [str(output) for output, _ in outcome.documents] == [
        str(tmp_path / "s.csv"),
        str(tmp_path / "s.json"),
    ]
    assert not (tmp_path / "s.csv").exists() and not (tmp_path / "s.json").exists()
    rows = str(outcome.documents[0][1]).removeprefix("\ufeff").splitlines()
    # one header and one row per scored respondent; the broken file is rejected, not scored
    assert len(rows) - 1 == len(outcome.collection.entries) == outcome.context["counts"]["scored"]
    broken = str(cohort / "s9999-virtanen.yaml")
    assert broken in [d.file for d in outcome.rejected] and outcome.has_findings
    document = json.loads(outcome.documents[1][1])
    assert [r["file"] for r in document["rejected"]] == [d.file for d in outcome.rejected]


def test_a_pseudonymised_document_names_no_rejected_file(
    cohort: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KOMPETENS_PSEUDONYM_KEY", KEY)
    request = ScoreRequest((str(cohort),), level="nqf6", json_out="-", pseudonymize=True)
    outcome = score_cohort(request)
    text = str(outcome.documents[0][1])
    document = json.loads(text)
    assert document["pseudonymised"] is True
    assert document["rejected"] == [] and document["drafts"] == []
    assert document["counts"]["rejected"] == len(outcome.rejected) >= 1
    assert "s9999" not in text and "virtanen" not in text.casefold()
    assert outcome.context["rejections"] == [] and outcome.context["rejections_hidden"] is True


@pytest.mark.parametrize(
    ("request_", "words"),
    [
        (ScoreRequest(("x",), by=("email",)), "--by email"),
        (ScoreRequest(("x",), key_file=Path("k")), "--key-file"),
        (ScoreRequest(("x",), report_out="cohort.pdf"), ".pdf"),
        (ScoreRequest(("x",), csv_out="-", json_out="-"), "--csv, --json"),
    ],
)
def test_score_refuses_wrong_options_before_reading_anything(
    request_: ScoreRequest, words: str
) -> None:
    with pytest.raises(ScoreError) as refused:
        score_cohort(request_)
    assert refused.value.code == "usage"
    assert refused.value.message is not None and words in refused.value.message
    assert refused.value.reported == ()


def test_score_refuses_an_output_that_is_one_of_the_inputs(cohort: Path) -> None:
    victim = cohort / "s2001.yaml"
    before = victim.read_bytes()
    with pytest.raises(ScoreError) as refused:
        score_cohort(ScoreRequest((str(cohort),), csv_out=str(victim), force=True))
    assert refused.value.message is not None and "never replaced" in refused.value.message
    assert victim.read_bytes() == before


def test_a_missing_key_is_explained_in_the_chosen_language(
    cohort: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("KOMPETENS_PSEUDONYM_KEY", raising=False)
    for lang, words in (("en", "needs a key"), ("fi", "tarvitsee avaimen"), ("sv", "nyckel")):
        with pytest.raises(ScoreError) as refused:
            score_cohort(ScoreRequest((str(cohort),), pseudonymize=True, lang=lang))
        message = refused.value.message or ""
        assert words in message and "KOMPETENS_PSEUDONYM_KEY" in message


def test_nothing_to_score_reports_what_was_found() -> None:
    with pytest.raises(ScoreError) as refused:
        score_cohort(ScoreRequest((str(ROOT / "no-such-folder"),)))
    assert refused.value.code == "usage"
    assert any(group for group in refused.value.reported)
    assert "nothing could be scored" in (refused.value.message or "")


def test_a_baseline_must_be_older_and_the_same_level_unless_forced() -> None:
    spring, autumn = _result(SPRING), _result(AUTUMN)
    framework = _builtin("sote-client-work")
    _, spring_document, _ = read_result(SPRING)
    assert spring_document is not None
    _, autumn_document, _ = read_result(AUTUMN)
    assert autumn_document is not None
    # the two files swapped: the "baseline" is the newer one
    with pytest.raises(BaselineRefused) as swapped:
        choose_baseline(autumn, autumn_document, spring, framework, (AUTUMN, SPRING), force=False)
    assert swapped.value.key == "report.error_baseline_not_older"
    assert swapped.value.values["baseline"] == AUTUMN
    other_level = spring.model_copy(update={"level": "nqf7"})
    with pytest.raises(BaselineRefused) as level:
        choose_baseline(
            other_level, spring_document, autumn, framework, (SPRING, AUTUMN), force=True
        )
    assert level.value.key == "report.error_other_level"


def test_a_baseline_of_another_builtin_version_is_compared_on_what_carries_over() -> None:
    spring, autumn = _result(SPRING), _result(AUTUMN)
    current = _builtin("sote-client-work")
    spec = other_version_spec(spring, current)
    if spec is None:
        pytest.skip("the spring example is made with the current version")
    _, document, _ = read_result(SPRING)
    assert document is not None
    chosen = choose_baseline(
        spring,
        document,
        autumn,
        current,
        (SPRING, AUTUMN),
        force=False,
        older_framework=_builtin(spec),
    )
    assert chosen.result is spring and chosen.across is not None
    assert chosen.across.old_version == spring.framework.version
    assert chosen.scores is chosen.across.before


def test_a_complete_result_is_not_a_draft_to_continue() -> None:
    autumn = _result(AUTUMN)
    _, document, _ = read_result(AUTUMN)
    assert document is not None
    framework = _builtin(f"{autumn.framework.id}@{autumn.framework.version}")
    before = autumn.model_dump()
    continued = continue_draft(framework, autumn, document, "sv")
    assert continued.complete and continued.language == "sv"
    assert autumn.model_dump() == before


def test_a_draft_the_framework_cannot_take_is_refused_unchanged(tmp_path: Path) -> None:
    draft = tmp_path / "draft.yaml"
    text = AUTUMN.read_text(encoding="utf-8")
    draft.write_text(text.replace("completed:", "# completed:"), encoding="utf-8")
    result, document, _ = read_result(draft)
    assert result is not None and document is not None and result.is_draft
    other = _builtin(next(spec for spec in builtin_frameworks() if spec != result.framework.id))
    before = result.model_dump()
    with pytest.raises(DraftRefused) as refused:
        continue_draft(other, result, document, None)
    assert any(p.code == "wrong-framework" for p in refused.value.problems)
    assert result.model_dump() == before


@pytest.mark.parametrize(
    ("name", "fmt"),
    [("r.HTML", "html"), ("r.htm", "html"), ("r.md", "md"), ("x.yml", "yaml"), ("r.pdf", None)],
)
def test_the_format_follows_the_suffix(name: str, fmt: str | None) -> None:
    assert format_of(name) == fmt
    assert format_of("-") is None and format_of(None) is None


@pytest.mark.skipif(sys.platform == "win32", reason="symbolic links need privileges")
def test_a_link_that_leads_nowhere_is_an_existing_file(tmp_path: Path) -> None:
    link = tmp_path / "s1.html"
    link.symlink_to(tmp_path / "elsewhere.html")
    with pytest.raises(OutputError) as refused:
        refuse_existing_many([tmp_path / "free.html", link])
    assert refused.value.key == "output.exists_many" and refused.value.values["count"] == 1


@pytest.mark.skipif(sys.platform == "win32", reason="symbolic links need privileges")
def test_report_each_keeps_a_link_in_the_output_folder(tmp_path: Path) -> None:
    """A link whose file is not there (yet: a network drive, a moved folder) is something
    the user made; like `-o`, `--each` replaces it only with --force."""
    reports = tmp_path / "reports"
    reports.mkdir()
    link = reports / "s1234567.html"
    link.symlink_to(tmp_path / "portfolio" / "report.html")
    done = run_kompetens("report", str(SPRING), "--each", "-o", str(reports), cwd=tmp_path)
    assert done.returncode == 2, done.stderr
    assert "nothing was written" in done.stderr and "s1234567.html" in done.stderr
    assert link.is_symlink() and list(reports.iterdir()) == [link]


def test_a_new_assessment_asks_only_when_there_is_someone_to_ask(tmp_path: Path) -> None:
    framework = _builtin("sote-client-work")
    asked: list[str] = []

    def choose_level() -> str:
        asked.append("level")
        return framework.level_ids[-1]

    def ask_person() -> tuple[str | None, str | None]:
        asked.append("person")
        return "Aino", "s1"

    seams = {"choose_level": choose_level, "ask_person": ask_person}
    with pytest.raises(StartRefused) as refused:
        start_assessment(framework, "fi", StartOptions(), **seams)
    assert refused.value.key == "assess.error_level_required" and asked == []
    out = tmp_path / "mine.json"
    started = start_assessment(framework, "fi", StartOptions(interactive=True, out=out), **seams)
    assert asked == ["level", "person"] and started.path == out
    assert started.result.level == framework.level_ids[-1]
    assert (started.result.respondent.name, started.result.respondent.id) == ("Aino", "s1")
    assert not out.exists()  # starting writes nothing: the caller saves


@pytest.mark.parametrize(
    ("options", "key"),
    [
        (StartOptions(level="nqf99"), "framework.unknown_level"),
        (StartOptions(level="nqf6", out=Path("r.txt")), "assess.error_out_suffix"),
        (
            StartOptions(level="nqf6", assessor_name="Mia"),
            "assess.error_assessor_name_without_role",
        ),
        (StartOptions(level="nqf6", role="mentor"), "assess.error_role_needs_student"),
    ],
)
def test_options_that_do_not_fit_are_refused(options: StartOptions, key: str) -> None:
    def never() -> str:
        raise AssertionError("asked")

    with pytest.raises(StartRefused) as refused:
        start_assessment(
            _builtin("sote-client-work"),
            "en",
            options,
            choose_level=never,
            ask_person=lambda: (never(), None),
        )
    assert refused.value.key == key


def test_a_new_result_is_named_after_the_framework_level_and_day(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    framework = _builtin("sote-client-work")
    options = StartOptions(level="nqf6", name="Aino")
    monkeypatch.chdir(tmp_path)
    first = start_assessment(
        framework,
        "fi",
        options,
        choose_level=str,
        ask_person=lambda: (None, None),
        today=date(2026, 9, 1),
    )
    first.path.write_text("taken", encoding="utf-8")
    second = start_assessment(
        framework,
        "fi",
        options,
        choose_level=str,
        ask_person=lambda: (None, None),
        today=date(2026, 9, 1),
    )
    assert first.path.name.startswith("sote-client-work-nqf6-2026-09-01")
    assert second.path != first.path and second.path.suffix == ".yaml"
