"""Attacks on the cohort: one bad input must never abort the others.

Every input is read, checked and scored inside its own error boundary: whatever one file
does to its reader becomes that file's located rejection (exit 1 or 2), and the rest of the
cohort is still scored. Exit 70 ("internal error") is left for real bugs, and the fuzz tests
at the end feed every reader random and mutated bytes to show there are none to find.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from kompetens.cli.app import app

ROOT = Path(__file__).resolve().parents[1]
RESULT = ROOT / "examples" / "student" / "aino-2026-spring.yaml"
MINIMAL = Path(__file__).parent / "data" / "minimal.yaml"


def _statements(count: int) -> list[str]:
    """The first statement ids of the built-in framework at NQF 6 (they change by version)."""
    from kompetens.framework.catalog import builtin_frameworks
    from kompetens.framework.validation import load_framework

    framework, _ = load_framework(builtin_frameworks()["sote-client-work"])
    assert framework is not None
    return [s.id for s in framework.statements_for("nqf6")[:count]]


FIRST, SECOND = _statements(2)


def invoke(*args: str | Path) -> Any:
    return CliRunner().invoke(app, [str(a) for a in args], env={"KOMPETENS_LANG": "en"})


def _no_crash(result: Any) -> None:
    """Exit 0, 1 or 2 with no traceback: never the internal-error path."""
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    assert result.exit_code in (0, 1, 2), result.exit_code
    assert "Traceback" not in result.output


def _good(folder: Path, student: str = "s1111111") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{student}.yaml"
    path.write_text(
        RESULT.read_text(encoding="utf-8").replace("s1234567", student), encoding="utf-8"
    )
    return path


def _scored(result: Any) -> int:
    """How many respondents `score --json -` scored."""
    return int(json.loads(result.stdout)["counts"]["scored"])


@pytest.fixture
def east_of_utc() -> Iterator[None]:
    """A machine in Helsinki: a time without a zone is read as local time."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = "Europe/Helsinki"
    time.tzset()
    try:
        yield
    finally:
        if before is None:
            del os.environ["TZ"]
        else:
            os.environ["TZ"] = before
        time.tzset()


def test_a_result_completed_in_year_1_is_that_files_rejection(
    tmp_path: Path, east_of_utc: None
) -> None:
    _good(tmp_path / "cohort")
    data = yaml.safe_load(RESULT.read_text(encoding="utf-8"))
    data["completed"] = "0001-01-01T00:00:00"
    data["respondent"] = {"id": "s2222222"}
    (tmp_path / "cohort" / "year1.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    result = invoke("score", tmp_path / "cohort", "--json", "-")
    _no_crash(result)
    assert result.exit_code == 1
    assert "year1.yaml:" in result.stderr and "[bad-time]" in result.stderr
    assert _scored(result) == 1


def test_a_framework_with_a_0_to_300_scale_is_refused_by_validate_and_score(
    tmp_path: Path,
) -> None:
    framework = yaml.safe_load(MINIMAL.read_text(encoding="utf-8"))
    framework["scale"]["points"] = [
        {"value": v, "label": {"en": str(v), "fi": str(v), "sv": str(v)}}
        for v in (0, 100, 200, 300)
    ]
    for level in framework["levels"]:
        level["target"] = 200
    (tmp_path / "wide.yaml").write_text(yaml.safe_dump(framework), encoding="utf-8")
    validated = invoke("validate", tmp_path / "wide.yaml")
    assert validated.exit_code == 1
    assert "[scale-span]" in validated.stderr and "0–300" in validated.stderr
    answers = {s: {"rating": 300} for s in ("alpha.one.1", "alpha.one.2", "alpha.two.1")}
    result = {
        "format": 1,
        "framework": {"id": "mini", "version": "1.10.0"},
        "level": "basic",
        "language": "en",
        "started": "2026-01-01T10:00:00+02:00",
        "completed": "2026-01-01T10:10:00+02:00",
        "answers": answers,
    }
    (tmp_path / "r").mkdir()
    (tmp_path / "r" / "a.yaml").write_text(yaml.safe_dump(result), encoding="utf-8")
    scored = invoke("score", tmp_path / "r", "--framework", tmp_path / "wide.yaml")
    _no_crash(scored)
    assert scored.exit_code == 1 and "[scale-span]" in scored.stderr


def test_a_0_to_100_scale_is_still_fine(tmp_path: Path) -> None:
    framework = yaml.safe_load(MINIMAL.read_text(encoding="utf-8"))
    framework["scale"]["points"] = [
        {"value": v, "label": {"en": str(v), "fi": str(v), "sv": str(v)}} for v in (0, 50, 100)
    ]
    for level in framework["levels"]:
        level["target"] = 50
    (tmp_path / "percent.yaml").write_text(yaml.safe_dump(framework), encoding="utf-8")
    assert invoke("validate", tmp_path / "percent.yaml").exit_code == 0


def test_an_unforeseen_error_in_one_result_file_rejects_only_that_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import kompetens.cohort.files as files

    _good(tmp_path / "c", "s1111111")
    _good(tmp_path / "c", "s3333333")
    real = files.read_result_file

    def breaks_on_one(order: int, file: str) -> Any:
        if "s3333333" in file:
            raise ZeroDivisionError("a bug nobody foresaw")
        return real(order, file)

    monkeypatch.setattr(files, "read_result_file", breaks_on_one)
    monkeypatch.setattr(files, "_fast_row", lambda order, file: None)  # all on the exact reader
    result = invoke("score", tmp_path / "c", "--json", "-")
    _no_crash(result)
    assert result.exit_code == 1
    assert "s3333333.yaml:1:1: error [failed]" in result.stderr
    assert "ZeroDivisionError" in result.stderr and "KOMPETENS_DEBUG=1" in result.stderr
    assert _scored(result) == 1


def test_an_unforeseen_error_in_a_table_rejects_only_that_table(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import kompetens.cohort.collect as collect

    _good(tmp_path / "c")
    (tmp_path / "c" / "survey.csv").write_text(f"id;{FIRST}\nx;3\n")

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RecursionError("deep trouble")

    monkeypatch.setattr(collect, "read_table", broken)
    result = invoke("score", tmp_path / "c", "--level", "nqf6", "--json", "-")
    _no_crash(result)
    assert result.exit_code == 1
    assert "survey.csv:1:1: error [failed]" in result.stderr
    assert _scored(result) == 1


def test_debug_mode_lets_the_error_through_for_the_bug_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import kompetens.cohort.files as files

    _good(tmp_path / "c")

    def broken(order: int, file: str) -> Any:
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(files, "read_result_file", broken)
    monkeypatch.setattr(files, "_fast_row", lambda order, file: None)  # all on the exact reader
    monkeypatch.setenv("KOMPETENS_DEBUG", "1")
    result = CliRunner().invoke(app, ["score", str(tmp_path / "c")])
    assert isinstance(result.exception, ZeroDivisionError)


@pytest.mark.parametrize(
    ("name", "text"),
    [
        # lone carriage returns as line ends (old Mac Excel)
        ("cr.csv", f"Opiskelija;{FIRST}\rs1;3\rs2;4\r"),
        # a time in year 1 that becomes year 0 in UTC
        (
            "time.csv",
            f"Opiskelija;Aikaleima;{FIRST}\ns1;1.1.0001 00.00;3\n",
        ),
    ],
)
def test_odd_tables_never_abort_the_cohort(
    tmp_path: Path, name: str, text: str, east_of_utc: None
) -> None:
    """However the table readers judge these, the result file beside them is scored."""
    _good(tmp_path / "c")
    (tmp_path / "c" / name).write_bytes(text.encode("utf-8"))
    result = invoke("score", tmp_path / "c", "--level", "nqf6", "--json", "-")
    _no_crash(result)
    assert result.exit_code in (0, 1)
    assert _scored(result) >= 1


# --- fuzzing: random and mutated bytes into every reader ----------------------------------

BUDGET = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


def _seed_table() -> bytes:
    lines = [
        f"Opiskelija;Nimi;Kampus;Aikaleima;{FIRST};{SECOND}",
        "s1;Anna;Kuopio;13.3.2025 9.00;3;4",
        's2;"Bo, B";Iisalmi;14.3.2025 10.30;En osaa sanoa;2,0',
    ]
    return ("\n".join(lines) + "\n").encode("cp1252")


def _seed_xlsx() -> bytes | None:
    try:
        import openpyxl
    except ImportError:
        return None
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["respondent", "level", FIRST])
    sheet.append(["s1", "nqf6", 3])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


SEEDS: dict[str, bytes | None] = {
    ".yaml": RESULT.read_bytes(),
    ".json": json.dumps(yaml.safe_load(RESULT.read_text(encoding="utf-8"))).encode(),
    ".csv": _seed_table(),
    ".xlsx": _seed_xlsx(),
}


@st.composite
def mutated(draw: st.DrawFn, seed: bytes) -> bytes:
    data = bytearray(seed)
    for _ in range(draw(st.integers(1, 8))):
        kind = draw(st.sampled_from(["flip", "insert", "delete", "truncate", "splice"]))
        if not data:
            break
        at = draw(st.integers(0, len(data) - 1))
        if kind == "flip":
            data[at] = draw(st.integers(0, 255))
        elif kind == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=16))
        elif kind == "delete":
            del data[at : at + draw(st.integers(1, 64))]
        elif kind == "truncate":
            del data[at:]
        else:
            data[at:at] = draw(
                st.sampled_from([b"\r", b"\x00", b'"', b"*a", b"&a ", b"{", b"\xff"])
            )
    return bytes(data)


@pytest.fixture(scope="module")
def fuzz_dir() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as name:
        yield Path(name)


def _fuzz_cohort(fuzz_dir: Path, suffix: str, data: bytes) -> None:
    folder = fuzz_dir / "cohort"
    shutil.rmtree(folder, ignore_errors=True)
    _good(folder)
    (folder / f"fuzzed{suffix}").write_bytes(data)
    result = invoke("score", folder, "--level", "nqf6", "--json", "-")
    _no_crash(result)
    assert result.exit_code in (0, 1, 2)
    if result.exit_code != 2 or result.stdout:
        assert _scored(result) >= 1, "the good file beside the fuzzed one is scored"


@pytest.mark.parametrize("suffix", sorted(SEEDS))
@BUDGET
@given(data=st.data())
def test_score_survives_mutated_inputs(fuzz_dir: Path, suffix: str, data: st.DataObject) -> None:
    seed = SEEDS[suffix]
    if seed is None:
        pytest.skip("openpyxl is not installed")
    _fuzz_cohort(fuzz_dir, suffix, data.draw(mutated(seed)))


@pytest.mark.parametrize("suffix", [".yaml", ".json", ".csv", ".tsv", ".xlsx"])
@BUDGET
@given(raw=st.binary(max_size=2048))
def test_score_survives_random_bytes(fuzz_dir: Path, suffix: str, raw: bytes) -> None:
    _fuzz_cohort(fuzz_dir, suffix, raw)


@BUDGET
@given(data=st.data())
def test_report_validate_and_import_survive_mutated_inputs(
    fuzz_dir: Path, data: st.DataObject
) -> None:
    result_file = fuzz_dir / "r.yaml"
    result_file.write_bytes(data.draw(mutated(RESULT.read_bytes())))
    _no_crash(invoke("report", result_file, "-f", "json"))
    framework = fuzz_dir / "f.yaml"
    framework.write_bytes(data.draw(mutated(MINIMAL.read_bytes())))
    _no_crash(invoke("validate", framework))
    _no_crash(invoke("export", framework, "--to", "md"))
    package = fuzz_dir / "p.json"
    package.write_bytes(data.draw(st.binary(max_size=512)))
    _no_crash(invoke("import", package))
    moodle = fuzz_dir / "m.csv"
    moodle.write_bytes(data.draw(st.binary(max_size=512)))
    _no_crash(invoke("import", moodle, "--lang", "en"))
    answers = fuzz_dir / "answers.yaml"
    answers.write_bytes(data.draw(mutated(b"alpha.one.1: 3\nalpha.one.2: {rating: 2, note: x}\n")))
    out = fuzz_dir / "assessed.yaml"
    _no_crash(
        invoke("assess", MINIMAL, "--level", "basic", "--answers", answers, "-o", out, "--force")
    )


@pytest.fixture(scope="module")
def exported(fuzz_dir: Path) -> dict[str, bytes]:
    """The minimal framework as kompetens exports it: the seeds for the importers."""
    seeds: dict[str, bytes] = {}
    for fmt, name in (("moodle-csv", "seed.csv"), ("case-json", "seed.json")):
        result = invoke("export", MINIMAL, "--to", fmt)
        assert result.exit_code == 0, result.output
        seeds[name] = result.stdout.encode("utf-8")
    return seeds


@BUDGET
@given(data=st.data())
def test_import_survives_mutated_exports(
    fuzz_dir: Path, exported: dict[str, bytes], data: st.DataObject
) -> None:
    for name, seed in exported.items():
        path = fuzz_dir / f"mutated-{name}"
        path.write_bytes(data.draw(mutated(seed)))
        extra = ["--lang", "en"] if name.endswith(".csv") else []
        _no_crash(invoke("import", path, *extra))
