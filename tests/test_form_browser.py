"""The offline form (`kompetens form`) in a real headless browser, opened from disk.

A student answers every statement with the keyboard alone at phone size, reloads half-way
and finds every answer and note, finishes and downloads the result; the downloaded file
must validate against the schema and be read by `kompetens report`, `score` and `assess
--resume`. The page scores answers in JavaScript, so every number it shows is compared with
`scoring.py` on the downloaded result, over many random answer sets: scoring.py is the one
source of truth. Uses Debian's `chromium` and `chromium-driver`; nothing touches the network.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kompetens.assessment.results import read_result
from kompetens.assessment.scoring import Score, Scores, ratings_of, score_result
from kompetens.framework.catalog import builtin_frameworks
from kompetens.framework.fingerprint import fingerprint
from kompetens.framework.validation import load_framework
from kompetens.report import filters
from kompetens.report.form import build_form

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
ROOT = Path(__file__).resolve().parents[1]

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason="needs Debian's chromium and chromium-driver (apt-get install chromium "
        "chromium-driver)",
    ),
]

PHONE = (390, 844)
LEVEL = "nqf6"


def builtin_framework() -> Any:
    loaded, diagnostics = load_framework(builtin_frameworks()["sote-client-work"])
    assert loaded is not None, diagnostics
    return loaded


def write_form(folder: Path, framework: Any) -> Path:
    path = folder / "itsearviointi.html"
    path.write_text(build_form(framework, [LEVEL], "fi"), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def framework() -> Any:
    return builtin_framework()


@pytest.fixture(scope="module")
def form_file(tmp_path_factory: pytest.TempPathFactory, framework: Any) -> Path:
    return write_form(tmp_path_factory.mktemp("form"), framework)


@pytest.fixture
def downloads(tmp_path: Path) -> Path:
    folder = tmp_path / "downloads"
    folder.mkdir()
    return folder


@pytest.fixture
def browser(tmp_path: Path, downloads: Path) -> Iterator[Any]:
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
        "--lang=en-US",
        f"--user-data-dir={tmp_path / 'chromium-profile'}",
    ):
        options.add_argument(argument)
    options.add_experimental_option(
        "prefs",
        {
            "download.default_directory": str(downloads),
            "download.prompt_for_download": False,
            "download.directory_upgrade": True,
        },
    )
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    driver.execute_cdp_cmd(
        "Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)}
    )
    try:
        yield driver
    finally:
        driver.quit()


# ---------- helpers ----------


def _open(driver: Any, page: Path, size: tuple[int, int] = PHONE) -> None:
    driver.set_window_size(*size)
    driver.get(page.as_uri())


def _press(driver: Any, *keys: str) -> None:
    from selenium.webdriver.common.action_chains import ActionChains

    ActionChains(driver).send_keys(*keys).perform()


def _tab_to(driver: Any, selector: str, limit: int = 40) -> None:
    """Tab (keyboard only) until the element matching `selector` has the focus."""
    from selenium.webdriver.common.keys import Keys

    for _ in range(limit):
        if driver.execute_script(
            "return document.activeElement && document.activeElement.matches(arguments[0])",
            selector,
        ):
            return
        _press(driver, Keys.TAB)
    raise AssertionError(f"Tab never reached {selector}")


def _step(driver: Any) -> dict[str, str]:
    return driver.execute_script(
        "const s = document.querySelector('section[data-step]');"
        "return s ? Object.assign({}, s.dataset) : {step: 'none'};"
    )


def _wait_for_download(folder: Path, before: set[Path], timeout: float = 15) -> Path:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        done = {
            p
            for p in folder.iterdir()
            if p.suffix == ".json" and not p.name.endswith(".crdownload")
        }
        new = done - before
        if new:
            path = new.pop()
            time.sleep(0.1)
            return path
        time.sleep(0.05)
    raise AssertionError(f"nothing was downloaded to {folder}")


def _download(driver: Any, folder: Path) -> Path:
    before = set(folder.iterdir())
    driver.find_element("id", "download").click()
    path = _wait_for_download(folder, before)
    moved = folder / f"result-{len(before)}.json"
    path.rename(moved)
    return moved


def _kompetens(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kompetens", *args],
        capture_output=True,
        text=True,
        input=stdin,
        timeout=120,
        check=False,
    )


def _validate_schema(path: Path) -> dict[str, Any]:
    import jsonschema

    schema = json.loads((ROOT / "schemas" / "result.schema.json").read_text(encoding="utf-8"))
    document = json.loads(path.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    ).validate(document)
    return document


PAGE_NUMBERS = """
const rows = Array.from(document.querySelectorAll('#summary tr[data-status]')).map(r => ({
  id: r.dataset.area || r.dataset.component, kind: r.dataset.area ? 'area' : 'component',
  mean: r.dataset.mean, gap: r.dataset.gap, status: r.dataset.status,
  answered: r.dataset.answered, cant_say: r.dataset.cantSay, total: r.dataset.total,
  mean_text: r.querySelector('td.mean').textContent, gap_text: r.querySelector('td.gap').textContent,
  share_text: r.querySelector('td.share').textContent,
  status_text: r.querySelector('td.status').textContent,
  change_text: r.querySelector('td.change') ? r.querySelector('td.change').textContent : null}));
const o = document.getElementById('overview');
const fig = k => o.querySelector('[data-figure="' + k + '"] .value, [data-figure="' + k + '"] .badge').textContent;
return {rows: rows,
  overall: {mean: o.dataset.mean, gap: o.dataset.gap, status: o.dataset.status,
            answered: o.dataset.answered, total: o.dataset.total,
            mean_text: fig('mean'), gap_text: fig('gap'), share_text: fig('answered'),
            status_text: fig('status')},
  priorities: Array.from(document.querySelectorAll('#priorities .priority-card')).map(e => e.dataset.component),
  strengths: Array.from(document.querySelectorAll('#priorities .strength-list li')).map(e => e.dataset.component),
  language: document.documentElement.lang};
"""


def _same_number(page_value: str, python_value: float | None) -> bool:
    if python_value is None:
        return page_value == ""
    return page_value != "" and abs(float(page_value) - python_value) <= 1e-12


def _check_score(
    shown: dict[str, Any], score: Score, language: str, labels: dict[str, str]
) -> None:
    numbers = score.as_dict()
    where = f"{score.kind} {score.id}"
    assert _same_number(shown["mean"], score.mean), (where, shown["mean"], score.mean)
    assert _same_number(shown["gap"], score.gap), (where, shown["gap"], score.gap)
    assert shown["status"] == score.status.value, where
    assert int(shown["answered"]) == score.answered, where
    assert int(shown["total"]) == score.total, where
    assert shown["mean_text"] == filters.num(numbers["mean"], language), where
    assert shown["gap_text"] == filters.num(numbers["gap"], language), where
    assert shown["share_text"] == filters.pct(numbers["answered_share"], language), where
    assert shown["status_text"] == labels[f"report.status.{score.status.value}"], where


def _compare_with_scoring(
    driver: Any,
    framework: Any,
    result_path: Path,
    baseline: Scores | None = None,
    compared: Scores | None = None,
) -> Scores:
    """Every number the page shows equals scoring.py's on the downloaded result.

    With `baseline`, the change column too: `compared` are the current answers as the change
    sees them (scored on the statements both versions ask, for a baseline of another
    version; by default the scores themselves)."""
    from kompetens.text.i18n import Messages

    result, _, diagnostics = read_result(result_path)
    assert result is not None, diagnostics
    scores = score_result(framework, result.level, ratings_of(result.answers))
    shown = driver.execute_script(PAGE_NUMBERS)
    language = shown["language"]
    labels = Messages(language).domain("report")
    _check_score(shown["overall"], scores.overall, language, labels)
    expected = [(a, "area") for a in scores.areas]
    expected_rows: list[tuple[Score, str]] = []
    for area, _kind in expected:
        expected_rows.append((area, "area"))
        expected_rows.extend((c, "component") for c in area.children)
    assert [(r["id"], r["kind"]) for r in shown["rows"]] == [(s.id, k) for s, k in expected_rows]
    for row, (score, _kind) in zip(shown["rows"], expected_rows, strict=True):
        _check_score(row, score, language, labels)
        if baseline is not None:
            now = _find(compared or scores, score)
            before = _find(baseline, score)
            change = (
                None
                if before is None or before.mean is None or now is None or now.mean is None
                else round(now.mean - before.mean, 3)
            )
            assert row["change_text"] == filters.signed(change, language), score.id
    assert shown["priorities"] == [c.id for c in scores.priorities()]
    assert shown["strengths"] == [c.id for c in scores.strengths()]
    return scores


def _find(scores: Scores, score: Score) -> Score | None:
    if score.kind == "component":
        return scores.components.get(score.id)
    return next((a for a in scores.areas if a.id == score.id), None)


def _start_over(driver: Any) -> None:
    driver.find_element("id", "start-over").click()
    driver.switch_to.alert.accept()


def _import(driver: Any, path: Path, button: str = "import-continue") -> None:
    """Load a result file through the page's file input; wait for the page's answer."""
    from selenium.webdriver.support.ui import WebDriverWait

    driver.execute_script("document.getElementById('alerts').textContent = ''")
    driver.find_element("id", "import-file").send_keys(str(path))
    driver.find_element("id", button).click()
    WebDriverWait(driver, 10).until(
        lambda d: d.find_elements("css selector", "#form-notice, #form-error")
    )


def _result_document(
    framework: Any, answers: dict[str, Any], *, level: str = LEVEL, completed: bool = True
) -> dict[str, Any]:
    return {
        "format": 1,
        "framework": {
            "id": framework.id,
            "version": framework.version,
            "fingerprint": fingerprint(framework),
        },
        "level": level,
        "language": "fi",
        "respondent": {"id": None, "name": "Testi Opiskelija"},
        "started": "2026-03-01T10:00:00+02:00",
        "completed": "2026-03-01T10:40:00+02:00" if completed else None,
        "answers": answers,
        "reflections": {},
        "goals": [],
    }


# ---------- the keyboard walk-through ----------

NOTE_SAMPLES = [
    "Harjoittelussa ohjasin asiakasta <b>itse</b> & kirjasin sen.",
    "Tarvitsen vielä tukea.\nToinen rivi: 'lainausmerkit' \"myös\"",
    "   välilyönnit alussa ja lopussa   ",
]


def test_keyboard_only_walkthrough_survives_a_reload_and_hands_in_a_valid_result(
    browser: Any, form_file: Path, framework: Any, downloads: Path, tmp_path: Path
) -> None:
    walk_through_by_keyboard(browser, form_file, framework, downloads, tmp_path)
    severe = [e for e in browser.get_log("browser") if e.get("level") == "SEVERE"]
    assert severe == []


def walk_through_by_keyboard(
    browser: Any, form_file: Path, framework: Any, downloads: Path, tmp_path: Path
) -> None:
    """Answer everything with the keyboard alone, reloading half-way; hand in; check it all."""
    from selenium.webdriver.common.keys import Keys

    from kompetens.text.i18n import Messages

    rng = random.Random(14)
    statements = framework.statements_for(LEVEL)
    values = [p.value for p in framework.scale.points]
    options: list[int | None] = [*values, None]
    planned = {s.id: rng.choice(options) for s in statements}
    notes = {s.id: NOTE_SAMPLES[i % 3] for i, s in enumerate(statements) if i % 4 == 1}
    reflections: dict[str, str] = {}
    target_label = Messages("fi")("report.target")

    _open(browser, form_file)
    _tab_to(browser, "#respondent-name")
    _press(browser, "Aino Virtanen")
    _tab_to(browser, "#respondent-id")
    _press(browser, "s1234567")
    _tab_to(browser, "#start")
    _press(browser, Keys.ENTER)

    answered: list[str] = []
    reloaded = False
    for _ in range(400):
        step = _step(browser)
        kind = step.get("step")
        if kind == "goals":
            break
        if kind == "component":
            assert browser.find_element("id", "descriptor").text.strip()
            _tab_to(browser, "#next")
            _press(browser, Keys.ENTER)
        elif kind == "statement":
            statement_id = step["statement"]
            # the target of the level is not shown while answering
            assert target_label not in browser.find_element("id", "app").text
            rating = planned[statement_id]
            _tab_to(browser, "input[name=rating]")
            index = options.index(rating)
            if index == 0:
                _press(browser, Keys.SPACE)
            else:
                _press(browser, *([Keys.ARROW_DOWN] * index))
            if statement_id in notes:
                _tab_to(browser, "#note")
                _press(
                    browser, notes[statement_id].replace("\n", Keys.SHIFT + Keys.ENTER + Keys.SHIFT)
                )
            answered.append(statement_id)
            _tab_to(browser, "#next")
            _press(browser, Keys.ENTER)
        elif kind == "reflection":
            area = step["area"]
            reflections[area] = f"Pohdinta alueesta {area}: opin paljon."
            _tab_to(browser, "#reflection")
            _press(browser, reflections[area])
            _tab_to(browser, "#next")
            _press(browser, Keys.ENTER)
        else:
            raise AssertionError(step)
        if not reloaded and len(answered) == len(statements) // 2:
            reloaded = True
            where = _step(browser)
            browser.refresh()
            assert _step(browser) == where, "the reload did not resume at the same step"
            _check_every_answer_walking_back(browser, planned, notes, answered, options)
            # and forward again to where the student was
            for _ in range(200):
                if _step(browser) == where:
                    break
                _tab_to(browser, "#next")
                _press(browser, Keys.ENTER)
            assert _step(browser) == where
    assert len(answered) == len(statements)
    assert reloaded

    assert target_label not in browser.find_element("id", "app").text

    # goals: text, first action, date, by keyboard
    _tab_to(browser, "#goal-0-text")
    _press(browser, "Harjoittelen palveluohjausta")
    _tab_to(browser, "#goal-0-actions")
    _press(browser, "Varaan ajan ohjaajalle")
    _tab_to(browser, "#goal-0-due")
    if browser.execute_script("return document.activeElement.type") == "date":
        _press(browser, "12/31/2026")  # the month/day/year fields of en-US
    else:
        _press(browser, "2026-12-31")  # a browser without a date picker shows a text field
    _tab_to(browser, "#finish")
    _press(browser, Keys.ENTER)
    assert browser.find_element("id", "overview").is_displayed()

    # download, by keyboard too
    before = set(downloads.iterdir())
    _tab_to(browser, "#download", limit=80)
    _press(browser, Keys.ENTER)
    downloaded = _wait_for_download(downloads, before)
    assert downloaded.name == f"sote-client-work-{LEVEL}-{time.strftime('%Y-%m-%d')}-s1234567.json"

    document = _validate_schema(downloaded)
    assert document["framework"] == {
        "id": framework.id,
        "version": framework.version,
        "fingerprint": fingerprint(framework),
    }
    assert document["level"] == LEVEL
    assert document["language"] == "fi"
    assert document["respondent"] == {"id": "s1234567", "name": "Aino Virtanen"}
    assert document["completed"] and document["started"] <= document["completed"]
    assert {k: v["rating"] for k, v in document["answers"].items()} == planned
    assert {k: v["note"] for k, v in document["answers"].items() if v["note"]} == {
        k: v.strip() for k, v in notes.items()
    }
    assert document["reflections"] == reflections
    assert document["goals"][0]["text"] == "Harjoittelen palveluohjausta"
    assert document["goals"][0]["actions"] == "Varaan ajan ohjaajalle"
    assert document["goals"][0]["due"] == "2026-12-31"
    assert document["goals"][0]["component"]

    _compare_with_scoring(browser, framework, downloaded)

    # the consumers: report, score, assess --resume
    report = _kompetens("report", str(downloaded), "--format", "json")
    assert report.returncode == 0, report.stderr
    scores = score_result(
        framework, LEVEL, {k: v["rating"] for k, v in document["answers"].items()}
    )
    assert json.loads(report.stdout)["scores"] == scores.as_dict()
    html = _kompetens("report", str(downloaded), "-o", str(tmp_path / "report.html"))
    assert html.returncode == 0, html.stderr
    assert "Aino Virtanen" in (tmp_path / "report.html").read_text(encoding="utf-8")
    scored = _kompetens("score", str(downloaded), "--json", str(tmp_path / "cohort.json"))
    assert scored.returncode == 0, scored.stderr
    cohort = json.loads((tmp_path / "cohort.json").read_text(encoding="utf-8"))
    assert cohort["counts"]["scored"] == 1 and cohort["counts"]["rejected"] == 0
    assert cohort["overall"]["mean"] == pytest.approx(scores.overall.mean, abs=1e-4)
    resumed = _kompetens("assess", "--resume", str(downloaded))
    assert resumed.returncode == 0, resumed.stderr


def _check_every_answer_walking_back(
    driver: Any,
    planned: dict[str, int | None],
    notes: dict[str, str],
    answered: list[str],
    options: list[int | None],
) -> None:
    """Back (by keyboard) to the first step, checking each answer and note on the way."""
    from selenium.webdriver.common.keys import Keys

    seen: set[str] = set()
    for _ in range(200):
        step = _step(driver)
        if step.get("step") == "none":
            break
        if step.get("step") == "statement" and step["statement"] in answered:
            statement_id = step["statement"]
            checked = driver.execute_script(
                "const c = document.querySelector('input[name=rating]:checked');"
                "return c ? c.value : null"
            )
            expected = planned[statement_id]
            assert checked == ("cant-say" if expected is None else str(expected)), statement_id
            note = driver.find_element("id", "note").get_attribute("value")
            assert note == notes.get(statement_id, ""), statement_id
            seen.add(statement_id)
        _tab_to(driver, "#back")
        _press(driver, Keys.ENTER)
    assert seen == set(answered)
    # the start screen now offers to continue
    _tab_to(driver, "#start")
    _press(driver, Keys.ENTER)


# ---------- many random answer sets ----------


def _random_answers(rng: random.Random, framework: Any) -> dict[str, Any]:
    statements = [s.id for s in framework.statements_for(LEVEL)]
    values = [p.value for p in framework.scale.points]
    style = rng.choice(["uniform", "high", "low", "cant-say", "gaps", "edge"])
    answers: dict[str, Any] = {}
    for statement_id in statements:
        roll = rng.random()
        if style == "gaps" and roll < 0.45:
            continue  # unanswered: some sub-areas and areas are not assessable
        if style == "cant-say" and roll < 0.5:
            answers[statement_id] = {"rating": None, "note": None}
            continue
        if style == "high":
            rating = rng.choice(values[-3:])
        elif style == "low":
            rating = rng.choice(values[:3])
        elif style == "edge":
            rating = rng.choice([3, 4, 5]) if roll < 0.8 else None
        else:
            rating = rng.choice([*values, None])
        answers[statement_id] = {"rating": rating, "note": None}
    return answers


def test_page_scores_equal_scoring_py_on_many_random_answer_sets(
    browser: Any, form_file: Path, framework: Any, downloads: Path, tmp_path: Path
) -> None:
    rng = random.Random(20261129)
    _open(browser, form_file, (1280, 900))
    runs = 30
    for run in range(runs):
        answers = _random_answers(rng, framework)
        source = tmp_path / f"in-{run}.json"
        source.write_text(json.dumps(_result_document(framework, answers)), encoding="utf-8")
        _import(browser, source)
        if run % 3 == 1:  # the report in Swedish and English too
            browser.find_element(
                "css selector", f".lang-button[data-lang={'sv' if run % 2 else 'en'}]"
            ).click()
        assert browser.find_element("id", "overview").is_displayed()
        downloaded = _download(browser, downloads)
        document = _validate_schema(downloaded)
        assert {k: v["rating"] for k, v in document["answers"].items()} == {
            k: v["rating"] for k, v in answers.items()
        }
        _compare_with_scoring(browser, framework, downloaded)
        _start_over(browser)
    severe = [e for e in browser.get_log("browser") if e.get("level") == "SEVERE"]
    assert severe == []


def test_a_baseline_file_adds_the_change_since_then(
    browser: Any, form_file: Path, framework: Any, downloads: Path, tmp_path: Path
) -> None:
    """The earlier result is written by `kompetens assess` itself, the real producer."""
    earlier = tmp_path / "spring.json"
    made = _kompetens(
        "assess",
        "--level",
        LEVEL,
        "--answers",
        str(ROOT / "examples" / "student" / "answers-nqf6.yaml"),
        "-o",
        str(earlier),
    )
    assert made.returncode == 0, made.stderr
    from datetime import datetime, timedelta

    now = tmp_path / "autumn.json"
    autumn = _result_document(framework, _random_answers(random.Random(7), framework))
    later = datetime.now().astimezone().replace(microsecond=0) + timedelta(hours=1)
    autumn["started"] = autumn["completed"] = later.isoformat()  # after the one just written
    autumn["respondent"] = {"id": None, "name": None}
    now.write_text(json.dumps(autumn), encoding="utf-8")
    _open(browser, form_file, (1280, 900))
    _import(browser, now)
    _import(browser, earlier, "import-baseline")
    assert "spring.json" in browser.find_element("id", "form-notice").text
    spring, _, diagnostics = read_result(earlier)
    assert spring is not None, diagnostics
    baseline = score_result(framework, LEVEL, ratings_of(spring.answers))
    downloaded = _download(browser, downloads)
    _compare_with_scoring(browser, framework, downloaded, baseline=baseline)
    assert browser.find_element("css selector", ".baseline-note").is_displayed()


def test_a_result_written_by_assess_can_be_continued_in_the_form(
    browser: Any, form_file: Path, framework: Any, downloads: Path, tmp_path: Path
) -> None:
    statements = framework.statements_for(LEVEL)
    piped = tmp_path / "started-in-terminal.json"
    made = _kompetens(
        "assess", "--level", LEVEL, "-o", str(piped), stdin="3 tehty terminaalissa\n" * 10
    )
    assert made.returncode == 0, made.stderr
    _open(browser, form_file)
    _import(browser, piped)
    assert f"10/{len(statements)}" in browser.find_element("id", "form-notice").text
    assert _step(browser) == {"step": "statement", "statement": statements[10].id}
    browser.find_element("id", "back").click()
    assert browser.find_element("id", "note").get_attribute("value") == "tehty terminaalissa"
    downloaded = _download(browser, downloads)
    document = _validate_schema(downloaded)
    assert document["started"] == json.loads(piped.read_text(encoding="utf-8"))["started"]
    assert len(document["answers"]) == 10


# ---------- bad input and a browser that cannot save ----------


def test_a_result_of_another_framework_or_level_is_refused_with_a_clear_message(
    browser: Any, form_file: Path, framework: Any, tmp_path: Path
) -> None:
    other_framework, _ = load_framework(builtin_frameworks()["client-participation-house"])
    assert other_framework is not None
    other = _result_document(framework, {}, completed=False)
    other["framework"]["id"] = other_framework.id
    (tmp_path / "other-framework.json").write_text(json.dumps(other), encoding="utf-8")
    nqf7 = framework.statements_for("nqf7")[-1].id
    level7 = _result_document(framework, {nqf7: {"rating": 3}}, level="nqf7")
    (tmp_path / "other-level.json").write_text(json.dumps(level7), encoding="utf-8")
    off = _result_document(framework, {framework.statements_for(LEVEL)[0].id: {"rating": 9}})
    (tmp_path / "off-scale.json").write_text(json.dumps(off), encoding="utf-8")
    assert framework.scale.not_applicable is None
    first = framework.statements_for(LEVEL)[0].id
    na = _result_document(framework, {first: {"rating": None, "not_applicable": True}})
    (tmp_path / "not-applicable.json").write_text(json.dumps(na), encoding="utf-8")
    (tmp_path / "result.yaml").write_text("format: 1\nlevel: nqf6\n", encoding="utf-8")
    (tmp_path / "anchored.yaml").write_text(
        "format: 1\nlevel: nqf6\nrespondent: &me\n  id: x\n", encoding="utf-8"
    )
    (tmp_path / "notes.txt").write_text("{this is not json", encoding="utf-8")
    examiner = _result_document(framework, {first: {"rating": 3}})
    examiner["assessor"] = {"role": "examiner", "name": "Tarkastaja"}
    (tmp_path / "examiner.json").write_text(json.dumps(examiner), encoding="utf-8")

    _open(browser, form_file)
    cases = {
        "other-framework.json": [other_framework.id, framework.id],
        "other-level.json": ["nqf7", LEVEL],
        "off-scale.json": ["9", framework.statements_for(LEVEL)[0].id],
        "not-applicable.json": ["not_applicable", framework.statements_for(LEVEL)[0].id],
        "result.yaml": ["result.yaml", "framework"],
        "anchored.yaml": ["anchored.yaml", "3", "anchors"],
        "notes.txt": ["notes.txt", "JSON"],
        "examiner.json": ["examiner.json", "examiner"],
    }
    for name, words in cases.items():
        _import(browser, tmp_path / name)
        message = browser.find_element("id", "form-error")
        assert message.get_attribute("role") == "alert"
        assert browser.execute_script(LOW_CONTRAST) == []
        for word in words:
            assert word in message.text, (name, message.text)
        assert name in message.text
        # nothing was loaded: still the start screen, with no self-assessment to continue
        assert browser.find_element("id", "start").is_displayed()
        assert browser.find_elements("css selector", ".resume-note") == []


def test_full_storage_is_detected_and_the_student_is_told_to_download(
    browser: Any, form_file: Path
) -> None:
    _open(browser, form_file)
    browser.find_element("id", "start").click()
    browser.find_element("id", "next").click()
    browser.execute_script(
        "Storage.prototype.setItem = function () {"
        " throw new DOMException('full', 'QuotaExceededError'); };"
    )
    browser.find_element("css selector", "label[for=rating-3]").click()
    warning = browser.find_element("id", "storage-warning")
    assert warning.get_attribute("role") == "alert"
    assert "Lataa tuloksesi" in warning.text
    assert browser.execute_script(LOW_CONTRAST) == []
    assert warning.find_element("tag name", "button").is_displayed()


def test_disabled_storage_is_detected_when_the_page_opens(browser: Any, form_file: Path) -> None:
    browser.execute_cdp_cmd(
        "Page.addScriptToEvaluateOnNewDocument",
        {
            "source": "Object.defineProperty(window, 'localStorage', {get() {"
            " throw new DOMException('denied', 'SecurityError'); }});"
        },
    )
    _open(browser, form_file)
    assert browser.find_element("id", "storage-warning").is_displayed()
    browser.find_element("id", "start").click()  # the assessment still works
    assert _step(browser)["step"] == "component"


def test_start_over_asks_first(browser: Any, form_file: Path) -> None:
    _open(browser, form_file)
    browser.find_element("id", "start").click()
    browser.find_element("id", "next").click()
    browser.find_element("css selector", "label[for=rating-4]").click()
    browser.find_element("id", "back").click()
    browser.find_element("id", "back").click()
    browser.find_element("id", "start-over").click()
    browser.switch_to.alert.dismiss()
    browser.refresh()
    assert "1/44" in browser.find_element("css selector", ".resume-note").text
    browser.find_element("id", "start-over").click()
    browser.switch_to.alert.accept()
    browser.refresh()
    assert browser.find_elements("css selector", ".resume-note") == []


def test_language_switch_keeps_the_answers_and_the_place(browser: Any, form_file: Path) -> None:
    _open(browser, form_file)
    browser.find_element("id", "start").click()
    browser.find_element("id", "next").click()
    browser.find_element("css selector", "label[for=rating-2]").click()
    browser.find_element("id", "note").send_keys("muistiinpano")
    where = _step(browser)
    browser.find_element("css selector", ".lang-button[data-lang=sv]").click()
    assert browser.execute_script("return document.documentElement.lang") == "sv"
    assert _step(browser) == where
    assert browser.find_element("id", "next").text == "Nästa"
    assert browser.find_element("id", "rating-2").is_selected()
    assert browser.find_element("id", "note").get_attribute("value") == "muistiinpano"
    assert (
        browser.find_element("css selector", ".lang-button[data-lang=sv]").get_attribute(
            "aria-pressed"
        )
        == "true"
    )


def test_a_draft_downloaded_half_way_continues_with_assess_resume(
    browser: Any, form_file: Path, framework: Any, downloads: Path, tmp_path: Path
) -> None:
    statements = framework.statements_for(LEVEL)
    half = {s.id: {"rating": 3, "note": None} for s in statements[: len(statements) // 2]}
    source = tmp_path / "half.json"
    source.write_text(
        json.dumps(_result_document(framework, half, completed=False)), encoding="utf-8"
    )
    _open(browser, form_file)
    _import(browser, source)
    assert "22/44" in browser.find_element("id", "form-notice").text
    while _step(browser)["step"] != "statement":
        browser.find_element("id", "next").click()
    browser.find_element("css selector", "label[for=rating-5]").click()
    browser.find_element("id", "next").click()
    while _step(browser)["step"] != "statement":
        browser.find_element("id", "next").click()
    unrated = _step(browser)["statement"]
    browser.find_element("id", "note").send_keys("muistiinpano ennen arviota")
    draft = _download(browser, downloads)
    document = _validate_schema(draft)
    assert document["completed"] is None
    assert len(document["answers"]) == len(half) + 1
    assert document["notes"] == {unrated: "muistiinpano ennen arviota"}
    remaining = len(statements) - len(half) - 1
    resumed = _kompetens("assess", "--resume", str(draft), stdin="4\n" * remaining)
    assert resumed.returncode == 0, resumed.stderr
    result, _, diagnostics = read_result(draft)
    assert result is not None, diagnostics
    assert result.completed is not None
    assert len(result.answers) == len(statements)
    assert result.answers[statements[len(half)].id].rating == 5
    assert result.answers[unrated].note == "muistiinpano ennen arviota"  # kept by --resume


# ---------- accessibility: names, focus, contrast, reflow, print ----------

UNNAMED_CONTROLS = """
return Array.from(document.querySelectorAll('input, textarea, select, button'))
  .filter(e => e.type !== 'hidden' && e.getClientRects().length)
  .filter(e => !((e.labels && e.labels.length && e.labels[0].textContent.trim())
                 || e.getAttribute('aria-label') || e.getAttribute('aria-labelledby')
                 || (e.tagName === 'BUTTON' && e.textContent.trim())))
  .map(e => e.outerHTML.slice(0, 80));
"""

LOW_CONTRAST = """
function rgba(text) {
  const m = text.match(/rgba?\\(([^)]+)\\)/);
  if (!m) return [0, 0, 0, 0];
  const p = m[1].split(/[ ,\\/]+/).filter(Boolean).map(Number);
  return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
}
function background(el) {
  for (let e = el; e; e = e.parentElement) {
    const c = rgba(getComputedStyle(e).backgroundColor);
    if (c[3] > 0.5) return c;
  }
  return [255, 255, 255, 1];
}
function luminance(c) {
  const v = c.slice(0, 3).map(x => { x /= 255; return x <= 0.03928 ? x / 12.92 : Math.pow((x + 0.055) / 1.055, 2.4); });
  return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2];
}
const bad = [];
const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
while (walker.nextNode()) {
  const node = walker.currentNode;
  const el = node.parentElement;
  if (!node.textContent.trim() || !el || !el.getClientRects().length) continue;
  if (el.closest('svg, noscript, script, style, .visually-hidden')) continue;
  const style = getComputedStyle(el);
  if (style.visibility === 'hidden' || style.display === 'none') continue;
  const fg = rgba(style.color), bg = background(el);
  const a = luminance(fg), b = luminance(bg);
  const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
  const size = parseFloat(style.fontSize), bold = Number(style.fontWeight) >= 700;
  const large = size >= 24 || (bold && size >= 18.66);
  if (ratio < (large ? 3 : 4.5)) bad.push([node.textContent.trim().slice(0, 40), ratio.toFixed(2)]);
}
return bad;
"""


def _screens(browser: Any, form_file: Path, framework: Any, tmp_path: Path) -> Iterator[str]:
    """Open the start screen, a statement, a reflection and the report, one after another."""
    _open(browser, form_file)
    yield "start"
    browser.find_element("id", "start").click()
    browser.find_element("id", "next").click()
    browser.find_element("css selector", "label[for=rating-3]").click()
    browser.find_element("id", "next").click()
    yield "statement"
    rng = random.Random(3)
    answers = _random_answers(rng, framework)
    source = tmp_path / "a11y.json"
    source.write_text(json.dumps(_result_document(framework, answers)), encoding="utf-8")
    while not browser.find_elements("id", "start-over"):
        browser.find_element("id", "back").click()
    browser.find_element("id", "start-over").click()
    browser.switch_to.alert.accept()
    _import(browser, source)
    yield "report"


def test_every_control_has_a_name_and_text_has_aa_contrast(
    browser: Any, form_file: Path, framework: Any, tmp_path: Path
) -> None:
    for screen in _screens(browser, form_file, framework, tmp_path):
        assert browser.execute_script(UNNAMED_CONTROLS) == [], screen
        assert browser.execute_script(LOW_CONTRAST) == [], screen
    # the statement's scale is a radio group named by the statement itself
    browser.find_element("id", "edit").click()
    browser.find_element("id", "next").click()
    legend = browser.find_element("css selector", "fieldset.scale > legend")
    assert legend.text.strip()
    assert len(browser.find_elements("css selector", "fieldset.scale input[type=radio]")) == 6
    assert browser.find_element("id", "progress").get_attribute("aria-label")
    assert browser.find_element("css selector", "h1").get_attribute("textContent")


def test_focus_is_visible_on_every_kind_of_control(browser: Any, form_file: Path) -> None:
    _open(browser, form_file)
    browser.find_element("id", "start").click()
    browser.find_element("id", "next").click()
    for selector, outlined in (
        ("input[name=rating]", "label[for=rating-1]"),
        ("#note", "#note"),
        ("#back", "#back"),
        ("#next", "#next"),
        ("#download", "#download"),
    ):
        _tab_to(browser, selector)
        style = browser.execute_script(
            "const s = getComputedStyle(document.querySelector(arguments[0]));"
            "return [s.outlineStyle, parseFloat(s.outlineWidth)];",
            outlined,
        )
        assert style[0] != "none" and style[1] >= 2, (selector, style)


@pytest.mark.parametrize("width", [320, 640], ids=["320px", "200%-zoom-of-1280"])
def test_text_reflows_without_sideways_scrolling(
    browser: Any, form_file: Path, framework: Any, tmp_path: Path, width: int
) -> None:
    browser.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": 800, "deviceScaleFactor": 1, "mobile": width < 400},
    )
    for screen in _screens(browser, form_file, framework, tmp_path):
        scroll_width, inner_width = browser.execute_script(
            "return [document.documentElement.scrollWidth, window.innerWidth]"
        )
        assert scroll_width <= inner_width + 1, (screen, scroll_width, inner_width)


def test_the_report_prints_as_an_a4_hand_in_without_the_controls(
    browser: Any, form_file: Path, framework: Any, tmp_path: Path
) -> None:
    import base64
    import re

    from selenium.webdriver.common.print_page_options import PrintOptions

    for screen in _screens(browser, form_file, framework, tmp_path):
        if screen != "report":
            continue
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
        shown = browser.execute_script(
            "return Array.from(document.querySelectorAll("
            "'#form-header, #alerts, .report-actions, section.import, button, input'))"
            ".filter(e => e.getClientRects().length).map(e => e.outerHTML.slice(0, 60))"
        )
        assert shown == []
        assert browser.find_element("id", "summary").is_displayed()
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
        options = PrintOptions()
        options.background = True
        pdf = base64.b64decode(browser.print_page(options))
        assert pdf.startswith(b"%PDF")
        pages = len(re.findall(rb"/Type\s*/Page(?!s)", pdf))
        breaks = browser.execute_script(
            "return document.querySelectorAll('section.page-break').length"
        )
        assert pages >= breaks + 1


def test_a_form_with_every_level_lets_the_student_choose_by_keyboard(
    browser: Any, framework: Any, tmp_path: Path
) -> None:
    from selenium.webdriver.common.keys import Keys

    page = tmp_path / "all-levels.html"
    page.write_text(build_form(framework, [], "en"), encoding="utf-8")
    _open(browser, page)
    _tab_to(browser, "input[name=level]")
    _press(browser, Keys.ARROW_DOWN)
    assert browser.find_element("css selector", "input[value=nqf7]").is_selected()
    _tab_to(browser, "#start")
    _press(browser, Keys.ENTER)
    count = len(framework.statements_for("nqf7"))
    assert browser.find_element("id", "progress-text").text == f"0 of {count} answered"


def test_statement_needs_an_answer_before_next(browser: Any, form_file: Path) -> None:
    from selenium.webdriver.common.keys import Keys

    _open(browser, form_file)
    browser.find_element("id", "start").click()
    browser.find_element("id", "next").click()
    where = _step(browser)
    _tab_to(browser, "#next")
    _press(browser, Keys.ENTER)
    assert _step(browser) == where
    error = browser.find_element("id", "step-error")
    assert error.get_attribute("role") == "alert" and error.text
    assert browser.execute_script("return document.activeElement.name") == "rating"


CHART_BOXES = """
return Array.from(document.querySelectorAll('svg.chart')).map(svg => {
  const box = svg.getBoundingClientRect();
  const texts = Array.from(svg.querySelectorAll('text')).map(t => {
    const r = t.getBoundingClientRect();
    return {text: t.textContent, left: r.left, right: r.right, top: r.top, bottom: r.bottom};
  });
  return {cls: svg.getAttribute('class'), left: box.left, right: box.right, top: box.top,
          bottom: box.bottom, width: box.width, texts: texts};
});
"""


def test_chart_labels_lie_inside_their_charts(
    browser: Any, form_file: Path, framework: Any, tmp_path: Path
) -> None:
    """At phone and desktop size, in all three languages (Finnish titles are the longest)."""
    answers = _random_answers(random.Random(11), framework)
    source = tmp_path / "charts.json"
    source.write_text(json.dumps(_result_document(framework, answers)), encoding="utf-8")
    _open(browser, form_file)
    _import(browser, source)
    for size in (PHONE, (1280, 900)):
        browser.set_window_size(*size)
        for language in ("fi", "sv", "en"):
            browser.find_element("css selector", f".lang-button[data-lang={language}]").click()
            charts = browser.execute_script(CHART_BOXES)
            assert sorted(c["cls"] for c in charts) == ["chart chart-bars", "chart chart-radar"]
            for chart in charts:
                assert chart["width"] > 200, (size, language, chart["cls"])
                for text in chart["texts"]:
                    where = (size, language, chart["cls"], text)
                    assert text["left"] >= chart["left"] - 1, where
                    assert text["right"] <= chart["right"] + 1, where
                    assert text["top"] >= chart["top"] - 1, where
                    assert text["bottom"] <= chart["bottom"] + 1, where


def test_the_pages_rounding_is_pythons_round(browser: Any, form_file: Path) -> None:
    """Exact halves round to even, as Python's round() does; JavaScript's toFixed does not."""
    import re as regex

    code = (ROOT / "templates" / "partials" / "form.js").read_text(encoding="utf-8")
    match = regex.search(r"  function pyRound\(x, n\) \{.*?\n  \}\n", code, regex.S)
    assert match is not None
    rng = random.Random(5)
    values = [k / d for d in (2, 3, 4, 5, 8, 16, 20, 40) for k in range(6 * d + 1)]
    values += [rng.uniform(-5, 5) for _ in range(300)] + [2.675, 1.005, 0.125, 0.375, -2.5, 62.5]
    _open(browser, form_file)
    for digits in (0, 1, 3, 10):
        page = browser.execute_script(
            match.group(0) + "return arguments[0].map(v => pyRound(v, arguments[1]));",
            values,
            digits,
        )
        assert page == [round(v, digits) for v in values], digits


def test_the_pages_status_rule_is_scoring_pys(browser: Any, form_file: Path) -> None:
    """The status of every gap on a fine grid, boundaries included, as `status_for` says."""
    import re as regex

    from kompetens.assessment.scoring import status_for

    code = (ROOT / "templates" / "partials" / "form.js").read_text(encoding="utf-8")
    match = regex.search(r"  function status\(gap\) \{.*?\n  \}\n", code, regex.S)
    assert match is not None
    gaps: list[float | None] = [None, *(round(k / 100 - 5, 10) for k in range(1001))]
    _open(browser, form_file)
    page = browser.execute_script(
        "const RULES = JSON.parse(document.getElementById('form-data').textContent).rules;"
        + match.group(0)
        + "return arguments[0].map(status);",
        gaps,
    )
    assert page == [status_for(gap).value for gap in gaps]


def test_closing_the_page_and_opening_the_file_again_resumes(browser: Any, form_file: Path) -> None:
    _open(browser, form_file)
    browser.find_element("id", "start").click()
    browser.find_element("id", "next").click()
    browser.find_element("css selector", "label[for=rating-2]").click()
    browser.find_element("id", "next").click()
    browser.find_element("id", "note").send_keys("kesken")
    where = _step(browser)
    browser.get("about:blank")
    _open(browser, form_file)
    assert _step(browser) == where
    assert browser.find_element("id", "note").get_attribute("value") == "kesken"
    assert "2/44" in browser.find_element("id", "form-notice").text


def test_the_pages_goal_dates_are_the_ones_a_result_reader_accepts(
    browser: Any, form_file: Path
) -> None:
    """A browser without a date picker lets a student type any text into the date field."""
    import re as regex
    from datetime import date

    code = (ROOT / "templates" / "partials" / "form.js").read_text(encoding="utf-8")
    match = regex.search(r"  function isoDate\(text\) \{.*?\n  \}\n", code, regex.S)
    assert match is not None
    texts = ["2026-12-31", "2026-02-29", "2028-02-29", "2026-02-31", "2026-13-01", "31.12.2026",
             " 2026-06-01 ", "2026-6-1", "", "1999-12-31"]  # fmt: skip
    _open(browser, form_file)
    page = browser.execute_script(match.group(0) + "return arguments[0].map(isoDate);", texts)

    def python(text: str) -> str | None:
        try:
            return date.fromisoformat(text.strip()).isoformat() if len(text.strip()) == 10 else None
        except ValueError:
            return None

    assert page == [python(text) for text in texts]


TRICKY_TEXTS = [
    "Käytin kuvakortteja: asiakas ymmärsi paremmin.",
    "Kaksi riviä\ntoinen rivi",
    "Tyhjä rivi välissä\n\nja sen jälkeen",
    "  alkaa välilyönneillä ja päättyy niihin  ",
    "'yksinkertaiset' ja \"kaksinkertaiset\" lainausmerkit",
    "risuaita #3 ja kaksoispiste: tässä",
    "- näyttää luettelolta",
    "null",
    "12",
    "yes",
    "kenoviiva \\ ja sarkain\tvälissä",
    "emoji 😀 ja € ja å",
    "pitkä " * 40 + "loppu",
    "pitkä\nmonirivinen " * 25,
    "rivinvaihto lopussa\n",
    "ohjausmerkki \x07 keskellä",
    "{aaltosulkeet} ja [hakasulkeet]",
    "&ankkuri *alias !tagi",
    "sarkain\tpitkässä tekstissä " + "sana  välilyönneillä " * 12 + "\x07 loppu",
]


def test_yaml_results_written_by_kompetens_arrive_exactly_as_written(
    browser: Any, form_file: Path, framework: Any, downloads: Path, tmp_path: Path
) -> None:
    """PyYAML is the oracle: every note, reflection, goal and name survives the page."""
    from kompetens.assessment.results import write_result
    from kompetens.assessment.textcaps import MAX_NAME
    from kompetens.model import Answer, FrameworkRef, Goal, Respondent, Result

    statements = [s.id for s in framework.statements_for(LEVEL)]
    rng = random.Random(2026)
    _open(browser, form_file, (1280, 900))
    for run in range(4):
        texts = TRICKY_TEXTS[:]
        rng.shuffle(texts)
        answers = {
            statement_id: Answer(
                rating=rng.choice([1, 2, 3, 4, 5, None]),
                note=texts[k % len(texts)] if k % 2 == run % 2 else None,
            )
            for k, statement_id in enumerate(statements)
        }
        result = Result(
            framework=FrameworkRef(
                id=framework.id, version=framework.version, fingerprint=fingerprint(framework)
            ),
            level=LEVEL,
            language="fi",
            respondent=Respondent(id="s-" + texts[0][:10], name=texts[1]),
            started="2026-03-01T10:00:00+02:00",  # type: ignore[arg-type]
            completed="2026-03-01T10:40:00+02:00",  # type: ignore[arg-type]
            answers=answers,
            reflections={area.id: texts[n + 2] for n, area in enumerate(framework.areas)},
            goals=[Goal(text=texts[-1], component=framework.components()[0].id, actions=texts[-2])],
        )
        source = tmp_path / f"tricky-{run}.yaml"
        write_result(result, source)
        _import(browser, source)
        assert browser.find_elements("id", "form-error") == [], source.read_text(encoding="utf-8")
        downloaded = _download(browser, downloads)
        document = _validate_schema(downloaded)

        def kept(text: str | None) -> str | None:
            return (text or "").strip() or None

        assert {k: v["note"] for k, v in document["answers"].items()} == {
            k: kept(a.note) for k, a in answers.items()
        }
        assert {k: v["rating"] for k, v in document["answers"].items()} == {
            k: a.rating for k, a in answers.items()
        }
        assert document["reflections"] == {k: kept(v) for k, v in result.reflections.items()}

        def capped(text: str | None) -> str | None:  # textcaps.MAX_NAME, as assess cuts it
            value = kept(text)
            return None if value is None else value[:MAX_NAME].rstrip() or None

        assert document["respondent"] == {
            "id": capped(result.respondent.id),
            "name": capped(result.respondent.name),
        }
        assert document["goals"][0]["text"] == kept(texts[-1])
        assert document["goals"][0]["actions"] == kept(texts[-2])
        _compare_with_scoring(browser, framework, downloaded)
        _start_over(browser)


def test_a_baseline_made_with_the_earlier_version_is_compared_like_kompetens_report(
    browser: Any, form_file: Path, framework: Any, downloads: Path, tmp_path: Path
) -> None:
    """Aino's spring result (the archived version) against an autumn result of this version:
    the change on the statements both versions ask, as kompetens.assessment.baseline computes it."""
    from kompetens.assessment.baseline import compare_across_versions
    from kompetens.framework.catalog import archived_frameworks

    spring_path = ROOT / "examples" / "student" / "aino-2026-spring.yaml"
    spring, _, diagnostics = read_result(spring_path)
    assert spring is not None, diagnostics
    assert spring.framework.version != framework.version
    older, _ = load_framework(archived_frameworks()[(framework.id, spring.framework.version)])
    assert older is not None
    autumn = tmp_path / "autumn.json"
    answers = _random_answers(random.Random(8), framework)
    document = _result_document(framework, answers)
    document["respondent"] = spring.respondent.model_dump()
    document["started"] = "2026-10-01T10:00:00+03:00"
    document["completed"] = "2026-10-01T10:40:00+03:00"
    autumn.write_text(json.dumps(document), encoding="utf-8")

    _open(browser, form_file, (1280, 900))
    _import(browser, autumn)
    _import(browser, spring_path, "import-baseline")
    downloaded = _download(browser, downloads)
    now, _, _ = read_result(downloaded)
    assert now is not None
    across = compare_across_versions(
        older, framework, LEVEL, ratings_of(spring.answers), ratings_of(now.answers)
    )
    _compare_with_scoring(
        browser, framework, downloaded, baseline=across.before, compared=across.now
    )
    note = browser.find_element("css selector", ".baseline-note").text
    assert spring.framework.version in note and str(len(across.carried)) in note
    report = _kompetens(
        "report", str(downloaded), "--baseline", str(spring_path), "--format", "json"
    )
    assert report.returncode == 0, report.stderr

    # the same spring file cannot be *continued* here: its statements are not all asked now
    _start_over(browser)
    _import(browser, spring_path)
    assert "aino-2026-spring.yaml" in browser.find_element("id", "form-error").text


def test_the_second_built_in_framework_with_its_own_scale_and_levels(
    browser: Any, downloads: Path, tmp_path: Path
) -> None:
    """Another scale (1–4), other level ids, the student choosing the level."""
    other, diagnostics = load_framework(builtin_frameworks()["client-participation-house"])
    assert other is not None, diagnostics
    level = other.level_ids[-1]
    page = tmp_path / "house.html"
    page.write_text(build_form(other, [], "sv"), encoding="utf-8")
    rng = random.Random(99)
    assert other.scale.not_applicable is not None  # the "does not apply to us" answer
    choices = [*(str(v) for v in other.scale.values), "cant-say", "not-applicable"]
    _open(browser, page)
    browser.find_element("css selector", f"input[name=level][value={level}]").click()
    browser.find_element("id", "start").click()
    for _ in range(200):
        step = _step(browser)
        if step["step"] == "goals":
            break
        if step["step"] == "statement":
            browser.find_element("css selector", f"label[for=rating-{rng.choice(choices)}]").click()
        browser.find_element("id", "next").click()
    browser.find_element("id", "finish").click()
    downloaded = _download(browser, downloads)
    document = _validate_schema(downloaded)
    assert document["level"] == level and document["framework"]["id"] == other.id
    assert document["language"] == "sv"
    assert len(document["answers"]) == len(other.statements_for(level))
    chosen_na = [k for k, v in document["answers"].items() if v.get("not_applicable")]
    assert chosen_na and all(document["answers"][k]["rating"] is None for k in chosen_na)
    assert all("not_applicable" not in v for v in document["answers"].values() if v["rating"])
    _compare_with_scoring(browser, other, downloaded)
    report = _kompetens("report", str(downloaded), "--format", "json")
    assert report.returncode == 0, report.stderr


def test_a_baseline_of_another_person_or_not_older_is_refused(
    browser: Any, form_file: Path, framework: Any, tmp_path: Path
) -> None:
    """As `kompetens report --baseline` refuses them: the files swapped, or someone else's."""
    answers = _random_answers(random.Random(4), framework)
    mine = _result_document(framework, answers)
    mine["respondent"] = {"id": "s1", "name": "Aino Virtanen"}
    mine["started"], mine["completed"] = "2026-10-01T10:00:00+03:00", "2026-10-01T10:30:00+03:00"
    (tmp_path / "mine.json").write_text(json.dumps(mine), encoding="utf-8")
    someone = {**mine, "respondent": {"id": "s2", "name": "Eero"}}
    someone["started"], someone["completed"] = "2026-03-01T10:00:00+02:00", None
    (tmp_path / "someone.json").write_text(json.dumps(someone), encoding="utf-8")
    later = {**mine, "started": "2026-11-01T10:00:00+02:00", "completed": None}
    (tmp_path / "later.json").write_text(json.dumps(later), encoding="utf-8")
    _open(browser, form_file)
    _import(browser, tmp_path / "mine.json")
    for name, words in {"someone.json": ["Eero", "Aino Virtanen"], "later.json": ["2026"]}.items():
        _import(browser, tmp_path / name, "import-baseline")
        message = browser.find_element("id", "form-error").text
        assert name in message and all(word in message for word in words), message
    assert (
        browser.execute_script(
            "return JSON.parse(localStorage.getItem(Object.keys(localStorage)"
            ".find(k => k.startsWith('kompetens-form:') && !k.endsWith(':probe')))).baseline"
        )
        is None
    )


def test_texts_are_capped_as_every_result_kompetens_writes(
    browser: Any, form_file: Path, framework: Any, downloads: Path, tmp_path: Path
) -> None:
    """A note pasted from a long document: the box takes no more, an imported one is cut."""
    from kompetens.assessment.textcaps import MAX_NOTE, MAX_REFLECTION

    first = framework.statements_for(LEVEL)[0].id
    document = _result_document(framework, {first: {"rating": 3, "note": "sana " * 1000}})
    document["reflections"] = {framework.areas[0].id: "pohdinta " * 1000}
    (tmp_path / "long.json").write_text(json.dumps(document), encoding="utf-8")
    _open(browser, form_file)
    _import(browser, tmp_path / "long.json")
    downloaded = _download(browser, downloads)
    saved = _validate_schema(downloaded)
    assert len(saved["answers"][first]["note"]) <= MAX_NOTE
    assert saved["answers"][first]["note"] == ("sana " * 1000)[:MAX_NOTE].rstrip()
    assert len(saved["reflections"][framework.areas[0].id]) <= MAX_REFLECTION
    browser.find_element("id", "edit").click()
    browser.find_element("id", "next").click()
    assert browser.find_element("id", "note").get_attribute("maxlength") == str(MAX_NOTE)


# ---------- someone else rating the student ----------


def test_a_mentor_rates_the_student_and_the_result_goes_beside_the_self_assessment(
    browser: Any, form_file: Path, framework: Any, downloads: Path, tmp_path: Path
) -> None:
    """A placement mentor chooses the role, names the student, reads every statement in
    the third person exactly as `assess --role` words it, writes no goals, and downloads a
    result that `kompetens report SELF --assessor` reads."""
    from kompetens.assessment.wording import statement_text
    from kompetens.text.i18n import Messages

    by_id = {s.id: s for s in framework.statements_for(LEVEL)}
    _open(browser, form_file, (1280, 900))
    browser.find_element("id", "role-mentor").click()
    browser.find_element("id", "assessor-name").send_keys("Maija Ohjaaja")
    browser.find_element("id", "start").click()
    error = browser.find_element("id", "form-error")  # no student named yet
    assert error.get_attribute("role") == "alert" and "opiskelija" in error.text.lower()
    assert _step(browser).get("step") in (None, "none")
    browser.find_element("id", "respondent-id").send_keys("s123")
    browser.find_element("id", "respondent-name").send_keys("Testi Opiskelija")
    browser.find_element("id", "start").click()
    rng = random.Random(16)
    seen = 0
    for _ in range(500):
        step = _step(browser)
        if step.get("step") == "statement":
            statement = by_id[step["statement"]]
            shown = browser.find_element("id", "statement-text").text
            assert shown == statement_text(statement, "fi", framework.default_language, "mentor")
            assert shown.startswith("Opiskelija")
            seen += 1
            choices = browser.find_elements("css selector", "input[name=rating]")
            rng.choice(choices[:-1]).click()
        elif step.get("step") == "goals":
            break
        browser.find_element("id", "next").click()
    assert seen == len(by_id)
    assert not browser.find_elements("css selector", "[id^=goal-]")
    browser.find_element("id", "finish").click()
    before = set(downloads.iterdir())
    browser.find_element("id", "download").click()
    downloaded = _wait_for_download(downloads, before)
    assert downloaded.name.endswith("-s123-mentor.json"), downloaded.name
    downloaded = downloaded.rename(downloads / "mentor-first.json")
    document = _validate_schema(downloaded)
    assert document["assessor"] == {"role": "mentor", "name": "Maija Ohjaaja"}
    assert document["respondent"] == {"id": "s123", "name": "Testi Opiskelija"}
    assert document["goals"] == [] and document["completed"]
    result, _, diagnostics = read_result(downloaded)
    assert result is not None and result.role == "mentor", diagnostics
    # the mentor's file continues in the form as the mentor's, never relabelled as the student's
    _start_over(browser)
    _import(browser, downloaded)
    again = _validate_schema(_download(browser, downloads))
    assert again["assessor"] == document["assessor"] and again["answers"] == document["answers"]
    own = tmp_path / "self.yaml"
    made = _kompetens(
        "assess",
        "--level",
        LEVEL,
        "--id",
        "s123",
        "--name",
        "Testi Opiskelija",
        "--answers",
        str(ROOT / "examples" / "student" / "answers-nqf6.yaml"),
        "-o",
        str(own),
    )
    assert made.returncode == 0, made.stderr
    report = _kompetens("report", str(own), "--assessor", str(downloaded), "-o", "-")
    assert report.returncode == 0, report.stderr
    # the side-by-side view: the mentor's column next to the student's own
    mentor_column = Messages("fi")("views.column.mentor")
    assert mentor_column in report.stdout and Messages("fi")("views.column.self") in report.stdout
    severe = [e for e in browser.get_log("browser") if e.get("level") == "SEVERE"]
    assert severe == []
