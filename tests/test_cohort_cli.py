"""`kompetens score` and `kompetens template` as an educator uses them."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from kompetens.cli.app import app

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "cohort"
MINIMAL = Path(__file__).parent / "data" / "minimal.yaml"
KEY = "correct-horse-battery-staple-2025"
OTHER_KEY = "another-key-of-sufficient-length"


def invoke(*args: str | Path, env: dict[str, str] | None = None) -> Any:
    runner = CliRunner()
    environment = {"KOMPETENS_PSEUDONYM_KEY": "", "KOMPETENS_LANG": "en", **(env or {})}
    return runner.invoke(app, [str(a) for a in args], env=environment, catch_exceptions=False)


class _Checker(HTMLParser):
    """Parses the whole document and checks that every opened element is closed."""

    VOID = frozenset(
        {
            "meta",
            "br",
            "link",
            "img",
            "input",
            "hr",
            "rect",
            "line",
            "circle",
            "polygon",
            "path",
            "stop",
        }
    )

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.svgs = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "svg":
            self.svgs += 1
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "svg":
            self.svgs += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in self.VOID:
            return
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes {self.stack[-1:]}"
        self.stack.pop()


def parse_html(text: str) -> _Checker:
    checker = _Checker()
    checker.feed(text)
    checker.close()
    assert checker.stack == [], checker.stack
    return checker


def example_names_and_notes() -> tuple[set[str], set[str], set[str]]:
    """Every name, note and respondent id written in the example cohort."""
    names: set[str] = set()
    notes: set[str] = set()
    ids: set[str] = set()
    for path in (EXAMPLE / "hand-ins").rglob("*"):
        if path.suffix not in (".yaml", ".json"):
            continue
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except yaml.YAMLError:
            continue
        names.add(data["respondent"]["name"])
        ids.add(data["respondent"]["id"])
        notes.update(a["note"] for a in data["answers"].values() if a.get("note"))
        notes.update(data.get("reflections", {}).values())
    text = (EXAMPLE / "Varkaus" / "kysely-2025.csv").read_bytes().decode("cp1252")
    for row in list(csv.reader(io.StringIO(text), delimiter=";"))[1:]:
        ids.add(row[0])
        names.add(row[1])
        if row[-1]:
            notes.add(row[-1])
    return names, notes, ids


@pytest.fixture(scope="module")
def example_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, Path]:
    out = tmp_path_factory.mktemp("example")
    result = invoke(
        "score", EXAMPLE, "--level", "nqf6", "--lang", "en",
        "--report", out / "cohort.html", "--csv", out / "scores.csv", "--json", out / "all.json",
        "--by", "folder",
    )  # fmt: skip
    return result, out


def test_example_cohort_names_every_broken_input(example_run: tuple[Any, Path]) -> None:
    result, _ = example_run
    assert result.exit_code == 1
    errors = result.stderr
    expected = {
        "s2041-draft.yaml": "[draft]",
        "s2042.yaml": "[wrong-level]",
        "s2043.yaml": "[yaml-syntax]",
        "s2044.yaml": "[wrong-framework]",
        "s2005-first-try.yaml": "[duplicate]",
        "kysely-2025.csv:14:": "[off-scale]",
    }
    for where, code in expected.items():
        line = next((line for line in errors.splitlines() if where in line), None)
        assert line is not None, f"{where} is not named"
        assert code in line
    assert "'Kampus', 'Koulutus', 'Kommentti'" in errors  # unrecognised columns
    assert "Windows-1252" in errors and "semicolons" in errors
    assert "59 scored, 6 rejected" in result.stdout
    assert "Traceback" not in result.output


def test_example_cohort_html_report(example_run: tuple[Any, Path]) -> None:
    _, out = example_run
    html = (out / "cohort.html").read_text(encoding="utf-8")
    checker = parse_html(html)
    assert checker.svgs >= 3
    for chart in ("chart-distribution", "chart-spread", "chart-bars"):  # 4 areas: bars
        assert chart in html
    assert "59 scored, 6 rejected" in html
    assert "s2043.yaml" in html  # rejections are listed in a report that is not pseudonymised
    assert "Respondents who may need support" in html and "<td>s20" in html
    groups = json.loads((out / "all.json").read_text(encoding="utf-8"))["groups"][0]
    assert {g["value"] for g in groups["groups"]} == {"Kuopio", "Iisalmi", "Varkaus"}


def test_example_csv_has_one_numeric_row_per_respondent(example_run: tuple[Any, Path]) -> None:
    _, out = example_run
    rows = list(csv.DictReader(io.StringIO((out / "scores.csv").read_text("utf-8-sig"))))
    assert len(rows) == 59
    assert len({r["respondent"] for r in rows}) == 59
    for row in rows:
        float(row["overall_mean"])
        float(row["overall_gap"])
    assert any(row["name"] for row in rows)


def test_pseudonymised_run_with_groups(tmp_path: Path) -> None:
    names, notes, ids = example_names_and_notes()
    outputs = []
    for run, key in enumerate((KEY, KEY, OTHER_KEY)):
        out = tmp_path / str(run)
        out.mkdir()
        result = invoke(
            "score", EXAMPLE, "--level", "nqf6", "--pseudonymize", "--by", "folder",
            "--report", out / "r.html", "--csv", out / "s.csv", "--json", out / "a.json",
            "--report", out / "r.html",
            env={"KOMPETENS_PSEUDONYM_KEY": key},
        )  # fmt: skip
        assert result.exit_code == 1, result.output
        texts = {p.name: p.read_text(encoding="utf-8") for p in out.iterdir()}
        texts["stdout"] = result.stdout
        for name, text in texts.items():
            for secret in names | notes:
                assert secret not in text, f"{secret!r} in {name}"
            for respondent in ids:
                assert f"{respondent}," not in text and f'"{respondent}"' not in text, name
        parse_html(texts["r.html"])
        assert "pseudonymised" in texts["r.html"]
        rows = list(csv.DictReader(io.StringIO(texts["s.csv"].lstrip("\ufeff"))))
        assert "name" not in rows[0] and "source" not in rows[0]
        outputs.append(sorted(r["respondent"] for r in rows))
    assert outputs[0] == outputs[1]  # the same key gives the same pseudonyms
    assert set(outputs[0]).isdisjoint(outputs[2])  # another key gives others
    assert all(p.startswith("p-") and len(p) == 18 for p in outputs[0])


def test_pseudonymize_refuses_without_a_key(tmp_path: Path) -> None:
    result = invoke("score", EXAMPLE, "--level", "nqf6", "--pseudonymize")
    assert result.exit_code == 2
    assert "KOMPETENS_PSEUDONYM_KEY" in result.stderr and "--key-file" in result.stderr
    short = tmp_path / "short.key"
    short.write_text("abc\n", encoding="utf-8")
    result = invoke("score", EXAMPLE, "--level", "nqf6", "--pseudonymize", "--key-file", short)
    assert result.exit_code == 2 and "too short" in result.stderr


def test_key_file_gives_the_same_pseudonyms_as_the_variable(tmp_path: Path) -> None:
    key_file = tmp_path / "k.key"
    key_file.write_text(KEY + "\n", encoding="utf-8")
    table = tmp_path / "t.csv"
    table.write_text("id,alpha.one.1,alpha.one.2,alpha.two.1\nS1,3,3,3\n", encoding="utf-8")
    base = ("score", table, "--framework", MINIMAL, "--level", "basic", "--pseudonymize")
    one = invoke(*base, "--key-file", key_file, "--json", "-")
    two = invoke(*base, "--json", "-", env={"KOMPETENS_PSEUDONYM_KEY": KEY})
    first = json.loads(one.stdout)["respondents"][0]["respondent"]
    assert first == json.loads(two.stdout)["respondents"][0]["respondent"]
    assert first != "S1"


def test_csv_injection_is_neutralised_and_numbers_stay_numbers(tmp_path: Path) -> None:
    table = tmp_path / "t.csv"
    with table.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(
            ["respondent", "name", "campus", "alpha.one.1", "alpha.one.2", "alpha.two.1"]
        )
        writer.writerow(['=HYPERLINK("http://x")', "+SUM(A1)", "@evil", 4, 4, 4])
        writer.writerow(["-2", "\tTab", "\rcr", 1, 1, 1])
    out = tmp_path / "scores.csv"
    result = invoke(
        "score", table, "--framework", MINIMAL, "--level", "basic", "--by", "campus",
        "--min-group", "1", "--csv", out,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    header, first, second = rows
    assert first[0].startswith("'=") and first[1] == "'+SUM(A1)" and first[2] == "'@evil"
    assert second[0] == "'-2" and second[1] == "Tab"  # surrounding whitespace is trimmed
    gap = first[header.index("overall_gap")]
    assert float(gap) == pytest.approx(-1.0) and not gap.startswith("'")
    assert float(first[header.index("alpha.one")]) == pytest.approx(4.0)


def test_neutralise_quotes_every_formula_start_and_keeps_numbers() -> None:
    from kompetens.cohort.export import neutralise

    for text in ("=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"):
        assert neutralise(text) == "'" + text
    assert neutralise(-1.5) == -1.5 and neutralise(3) == 3 and neutralise("Kuopio") == "Kuopio"


def test_groups_smaller_than_min_group_are_suppressed(tmp_path: Path) -> None:
    table = tmp_path / "t.csv"
    lines = ["respondent,kampus,alpha.one.1,alpha.one.2,alpha.two.1,beta.one.1"]
    lines += [f"a{i},Kuopio,{1 + i % 4},3,3,2" for i in range(6)]
    lines += ["b1,Iisalmi,4,4,4,4", "b2,Iisalmi,4,4,4,4"]
    table.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = tmp_path / "r.md"
    result = invoke(
        "score", table, "--framework", MINIMAL, "--level", "basic", "--by", "kampus",
        "--json", "-", "--report", report,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    groups = {g["value"]: g for g in json.loads(result.stdout)["groups"][0]["groups"]}
    assert groups["Iisalmi"]["suppressed"] and "overall" not in groups["Iisalmi"]
    assert groups["Kuopio"]["overall"]["n"] == 6
    assert groups["Kuopio"]["overall"]["mean"] is not None
    text = report.read_text(encoding="utf-8")
    assert "fewer than 5" in text
    assert "Iisalmi | 2 |" in text
    # with a smaller threshold the two are shown
    shown = invoke(
        "score", table, "--framework", MINIMAL, "--level", "basic", "--by", "kampus",
        "--min-group", "2", "--json", "-",
    )  # fmt: skip
    groups = {g["value"]: g for g in json.loads(shown.stdout)["groups"][0]["groups"]}
    assert groups["Iisalmi"]["overall"]["mean"] == pytest.approx(4.0)


def test_exit_codes_and_usage_errors(tmp_path: Path) -> None:
    table = tmp_path / "t.csv"
    table.write_text("id,alpha.one.1,alpha.one.2,alpha.two.1\nx,3,3,3\n", encoding="utf-8")
    ok = invoke("score", table, "--framework", MINIMAL, "--level", "basic")
    assert ok.exit_code == 0 and "1 scored, 0 rejected" in ok.stdout
    missing = invoke(
        "score", table, tmp_path / "nope.csv", "--framework", MINIMAL, "--level", "basic"
    )
    assert missing.exit_code == 2 and "nope.csv" in missing.stderr
    no_level = invoke("score", table, "--framework", MINIMAL)
    assert no_level.exit_code == 2 and "--level is required" in no_level.stderr
    mixed = invoke("score", EXAMPLE / "hand-ins")
    assert mixed.exit_code == 2 and "different levels" in mixed.stderr
    bad_report = invoke("score", table, "--level", "basic", "--report", tmp_path / "r.pdf")
    assert bad_report.exit_code == 2 and ".html or .md" in bad_report.stderr
    strict = invoke("score", EXAMPLE / "hand-ins", "--level", "nqf6", "--strict")
    assert strict.exit_code == 1 and "--strict" in strict.stderr


def test_template_csv_and_xlsx_round_trip(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    result = invoke("template", "--level", "nqf6", "--format", "csv")
    assert result.exit_code == 0
    header = result.stdout.strip().split(",")
    from kompetens.framework.catalog import builtin_frameworks
    from kompetens.framework.validation import load_framework

    framework, _ = load_framework(builtin_frameworks()["sote-client-work"])
    assert framework is not None
    nqf6 = [s.id for s in framework.statements_for("nqf6")]
    assert header == ["respondent", "name", *nqf6]
    third = framework.scale.points[2].label["fi"]

    path = tmp_path / "sheet.xlsx"
    result = invoke(
        "template", "sote-client-work", "--level", "nqf6", "-o", path, "--group", "campus",
        "--lang", "fi",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    workbook = openpyxl.load_workbook(path)
    assert workbook.sheetnames == ["vastaukset", "asteikko", "väittämät"]  # --lang fi
    answers = workbook["vastaukset"]
    assert [c.value for c in answers[1]][:3] == ["respondent", "name", "campus"]
    validations = answers.data_validations.dataValidation
    assert validations and validations[0].type == "list"
    assert "'asteikko'!" in validations[0].formula1
    assert validations[0].error == "Valitse asteikon kohta (myös luku 1–5 käy)."
    assert validations[0].prompt == "Valitse luettelosta"
    assert "D2" in str(validations[0].sqref)
    labels = [row[0].value for row in workbook["asteikko"].iter_rows(min_row=2)]
    assert third in labels and "En osaa sanoa" in labels
    # fill two rows and score the sheet: labels from the drop-down are accepted
    ids = [c.value for c in answers[1]][3:]
    answers.append(["s1", "Test", "Kuopio", *[third] * len(ids)])
    answers.append(["s2", "Test", "Iisalmi", *[4] * len(ids)])
    workbook.save(path)
    scored = invoke("score", path, "--level", "nqf6", "--json", "-", "--min-group", "1")
    assert scored.exit_code == 0, scored.output
    data = json.loads(scored.stdout)
    assert [r["overall"] for r in data["respondents"]] == [3.0, 4.0]
    exists = invoke("template", "--level", "nqf6", "-o", path)
    assert exists.exit_code == 2 and "already exists" in exists.stderr


def test_real_subprocess_run_without_a_traceback(tmp_path: Path) -> None:
    env = {**os.environ, "KOMPETENS_PSEUDONYM_KEY": KEY, "KOMPETENS_LANG": "fi"}
    completed = subprocess.run(
        [sys.executable, "-m", "kompetens", "score", str(EXAMPLE), "--level", "nqf6",
         "--pseudonymize", "--by", "folder", "--report", str(tmp_path / "r.html")],
        capture_output=True, text=True, env=env, timeout=120, check=False,
    )  # fmt: skip
    assert completed.returncode == 1
    assert "Traceback" not in completed.stderr
    assert "59 pisteytetty, 6 hylätty" in completed.stdout
    assert (tmp_path / "r.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
