"""`kompetens validate` as a curriculum designer uses it: exit codes, positions, formats.

Every bad input must name the file and the line, exit with 1 (findings) or 2 (unreadable
input), and never show a traceback. Most cases run in-process with typer's runner; a few
run the real command in a subprocess to check that stdout and stderr are kept apart.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from kompetens.cli.app import app
from kompetens.framework.diagnostics import Diagnostic, Severity
from kompetens.framework.loading import MAX_BYTES

DATA = Path(__file__).parent / "data"
MINIMAL = DATA / "minimal.yaml"
MINIMAL_TEXT = MINIMAL.read_text(encoding="utf-8")
TEXT_LINE = re.compile(
    r"^(?P<file>.+):(?P<line>\d+):(?P<col>\d+): (?P<severity>error|warning) "
    r"\[(?P<code>[a-z0-9-]+)\](?: (?P<path>\S+):)? (?P<message>.+)$"
)
GITHUB_LINE = re.compile(
    r"^::(?P<level>error|warning) file=(?P<file>[^,]+),line=(?P<line>\d+),col=(?P<col>\d+),"
    r"title=(?P<code>[a-z0-9-]+)::(?P<message>.+)$"
)


def line_of(text: str, needle: str, *, whole: bool = False) -> int:
    lines = [
        n
        for n, line in enumerate(text.splitlines(), 1)
        if (line == needle if whole else needle in line)
    ]
    assert len(lines) == 1, f"{needle!r} is on lines {lines}"
    return lines[0]


def variant(old: str, new: str) -> str:
    assert MINIMAL_TEXT.count(old) == 1, old
    return MINIMAL_TEXT.replace(old, new)


def write(tmp_path: Path, content: str | bytes, name: str = "framework.yaml") -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def run(*args: str | Path) -> Result:
    result = CliRunner().invoke(app, ["validate", *map(str, args)])
    # A crash inside the command shows up as an exception, not as output.
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.stdout + result.stderr
    return result


def diagnostics(result: Result) -> list[dict[str, str]]:
    """The `file:line:col: severity [code] path: message` lines of a text run."""
    found = []
    for line in result.stderr.splitlines():
        match = TEXT_LINE.match(line)
        if match:
            found.append(match.groupdict())
    return found


def single(result: Result, path: Path, code: str | None = None) -> dict[str, str]:
    """The one diagnostic (of `code`, when other rules may also fire on the same file)."""
    found = [d for d in diagnostics(result) if code is None or d["code"] == code]
    assert len(found) == 1, result.stderr
    assert found[0]["file"] == str(path)
    return found[0]


# --- one bad input, one clear diagnostic --------------------------------------------------


@pytest.mark.parametrize(
    ("content", "line", "code", "words"),
    [
        pytest.param(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", 1, "encoding", "UTF-8", id="png"),
        pytest.param(
            "Just some prose about competence.\n", 1, "not-a-mapping", "mapping", id="prose"
        ),
        pytest.param("", 1, "not-a-mapping", "empty", id="empty"),
        pytest.param("id: mini\n  title: x\n", 2, "yaml-syntax", "mapping values", id="syntax"),
        pytest.param(
            "id: mini\nversion: 1.0.0\ntitle: caf\xe9\n".encode("latin-1"),
            3,
            "encoding",
            "UTF-8",
            id="latin1",
        ),
        pytest.param("id: mini\ntitle: a\x00b\n", 2, "yaml-character", "U+0000", id="nul"),
        pytest.param("id: mini\nyear: 2020-13-45\n", 2, "yaml-value", "quotes", id="bad-date"),
    ],
)
def test_unreadable_content_exits_1_with_the_line(
    tmp_path: Path, content: str | bytes, line: int, code: str, words: str
) -> None:
    path = write(tmp_path, content)
    result = run(path)
    assert result.exit_code == 1
    found = single(result, path)
    assert (int(found["line"]), found["code"], found["severity"]) == (line, code, "error")
    assert words in found["message"]
    assert "0 valid, 1 invalid" in result.stderr


def test_bom_file_is_valid(tmp_path: Path) -> None:
    path = write(tmp_path, b"\xef\xbb\xbf" + MINIMAL_TEXT.encode("utf-8"))
    result = run(path)
    assert result.exit_code == 0, result.stderr
    assert diagnostics(result) == []
    assert "1 valid, 0 invalid" in result.stderr


def test_file_over_5_mb_exits_2(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    path.write_bytes(b"# padding\n" * (MAX_BYTES // 10 + 1))
    result = run(path)
    assert result.exit_code == 2
    found = single(result, path)
    assert found["code"] == "too-large"
    assert "limit is 5 MB" in found["message"]


def test_nonexistent_file_exits_2(tmp_path: Path) -> None:
    path = tmp_path / "nothing-here.yaml"
    result = run(path)
    assert result.exit_code == 2
    found = single(result, path)
    assert found["code"] == "unreadable"
    assert "no such file" in found["message"]


def test_unreadable_file_wins_over_findings_for_the_exit_code(tmp_path: Path) -> None:
    broken = write(tmp_path, "id: mini\n  title: x\n", "broken.yaml")
    result = run(broken, tmp_path / "missing.yaml")
    assert result.exit_code == 2
    assert {d["code"] for d in diagnostics(result)} == {"yaml-syntax", "unreadable"}


def test_no_arguments_is_a_usage_error() -> None:
    result = run()
    assert result.exit_code == 2
    assert "--builtin" in result.stderr


def test_directory_is_searched_recursively(tmp_path: Path) -> None:
    write(tmp_path, MINIMAL_TEXT, "good.yaml")
    bad = write(tmp_path, variant("    target: 4\n", "    target: 7\n"), "sub/deeper/bad.yml")
    write(tmp_path, "not: [a framework", "sub/notes.txt")
    write(tmp_path, "not: [a framework", "sub/README.md")
    result = run(tmp_path)
    assert result.exit_code == 1
    assert "2 files checked: 1 valid, 1 invalid" in result.stderr
    found = single(result, bad)
    assert found["code"] == "target-out-of-scale"


def test_directory_without_yaml_files_is_a_usage_error(tmp_path: Path) -> None:
    write(tmp_path, "hello", "notes.txt")
    result = run(tmp_path)
    assert result.exit_code == 2
    assert "no *.yaml or *.yml files" in result.stderr


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("a: &a [1, 2, 3]\nb: &b [*a, *a, *a]\nc: [*b, *b, *b]\n", id="aliases"),
        pytest.param("a: &a {x: 1}\nb: &b {<<: [*a, *a]}\nc: {<<: [*b, *b]}\n", id="merge"),
    ],
)
def test_bombs_are_refused_with_exit_1(tmp_path: Path, text: str) -> None:
    path = write(tmp_path, text)
    result = run(path)
    assert result.exit_code == 1
    found = diagnostics(result)
    assert found
    assert {d["code"] for d in found} <= {"yaml-alias", "yaml-merge-key"}
    assert int(found[0]["line"]) == 2


def test_python_tag_is_refused_and_not_executed(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    path = write(tmp_path, f'id: mini\ntitle: !!python/object/apply:os.system ["touch {marker}"]\n')
    result = run(path)
    assert result.exit_code == 1
    assert not marker.exists()
    found = single(result, path)
    assert (found["line"], found["code"]) == ("2", "yaml-tag")


# --- schema errors ------------------------------------------------------------------------


def test_duplicate_key_mentions_both_lines(tmp_path: Path) -> None:
    text = variant("default_language: en\n", "default_language: en\nid: mini2\n")
    path = write(tmp_path, text)
    result = run(path)
    assert result.exit_code == 1
    found = single(result, path)
    assert found["code"] == "duplicate-key"
    assert int(found["line"]) == line_of(text, "id: mini2")
    assert f"line {line_of(text, 'id: mini', whole=True)}" in found["message"]


@pytest.mark.parametrize(
    ("old", "new", "raw", "reads_as"),
    [
        ("id: mini\n", "id: no\n", "no", "boolean false"),
        ("  - id: basic\n", "  - id: on\n", "on", "boolean true"),
        ('version: "1.10.0"\n', "version: 1.10\n", "1.10", "number 1.1"),
        ("  - id: alpha\n", "  - id: 012\n", "012", "integer 10"),
        ("languages: [en, fi, sv]\n", "languages: [en, fi, sv, no]\n", "no", "boolean false"),
        (
            "          basic: {en: Does two, fi: Tekee kaksi, sv: Gör två}\n",
            "          no: {en: Does two, fi: Tekee kaksi, sv: Gör två}\n",
            "no",
            "boolean false",
        ),
    ],
)
def test_yaml_1_1_surprises_show_the_text_as_written(
    tmp_path: Path, old: str, new: str, raw: str, reads_as: str
) -> None:
    text = variant(old, new)
    path = write(tmp_path, text)
    result = run(path)
    assert result.exit_code == 1
    # The rest of the file is still checked as if the value were quoted, so a changed id
    # may also be reported by the semantic rules; the type error is reported once.
    found = single(result, path, "type")
    assert int(found["line"]) == line_of(text, new.rstrip("\n"), whole=True)
    assert f"'{raw}'" in found["message"]
    assert reads_as in found["message"]
    assert "quotes" in found["message"]


def test_yaml_1_1_key_path_shows_the_key_as_written(tmp_path: Path) -> None:
    text = variant(
        "          basic: {en: Does two, fi: Tekee kaksi, sv: Gör två}\n",
        "          no: {en: Does two, fi: Tekee kaksi, sv: Gör två}\n",
    )
    path = write(tmp_path, text)
    found = single(run(path), path)
    assert found["path"] == "areas[0].components[1].descriptors.no"
    assert found["col"] == "11"  # at the key, not at its value


def test_unknown_key_suggests_the_known_one(tmp_path: Path) -> None:
    text = variant(
        "    title: {en: Alpha, fi: Alfa, sv: Alfa}\n",
        "    titel: {en: Alpha, fi: Alfa, sv: Alfa}\n",
    )
    path = write(tmp_path, text)
    result = run(path)
    assert result.exit_code == 1
    unknown = [d for d in diagnostics(result) if d["code"] == "unknown-key"]
    assert len(unknown) == 1
    assert int(unknown[0]["line"]) == line_of(text, "titel:")
    assert unknown[0]["col"] == "5"
    assert "'titel'" in unknown[0]["message"]
    assert "did you mean 'title'?" in unknown[0]["message"]


def test_unknown_top_level_key(tmp_path: Path) -> None:
    text = variant("default_language: en\n", "default_language: en\nlicense: CC BY 4.0\n")
    path = write(tmp_path, text)
    found = single(run(path), path)
    assert (found["code"], int(found["line"])) == ("unknown-key", line_of(text, "license:"))
    assert "did you mean 'licence'?" in found["message"]


def test_missing_key_points_at_the_parent_key(tmp_path: Path) -> None:
    start = MINIMAL_TEXT.index("  points:\n")
    end = MINIMAL_TEXT.index("  cant_say:\n")
    text = MINIMAL_TEXT[:start] + MINIMAL_TEXT[end:]
    path = write(tmp_path, text)
    result = run(path)
    assert result.exit_code == 1
    found = single(result, path)
    assert found["code"] == "missing"
    assert found["path"] == "scale.points"
    assert (int(found["line"]), found["col"]) == (line_of(text, "scale:", whole=True), "1")
    assert "'points'" in found["message"]


def test_missing_key_in_a_list_item_points_at_the_item(tmp_path: Path) -> None:
    text = variant("    target: 3\n", "")
    path = write(tmp_path, text)
    found = single(run(path), path)
    assert found["code"] == "missing"
    assert found["path"] == "levels[0].target"
    assert int(found["line"]) == line_of(text, "  - id: basic", whole=True)


@pytest.mark.parametrize(
    ("old", "new", "words"),
    [
        ("  - id: alpha\n", "  - id: Alpha\n", "is not a valid id"),
        ('version: "1.10.0"\n', 'version: "v1"\n', "is not a version"),
        ("languages: [en, fi, sv]\n", "languages: [EN, fi, sv]\n", "is not a language code"),
        ("format: 1\n", "format: 2\n", "found 2"),
    ],
)
def test_schema_messages_are_readable(tmp_path: Path, old: str, new: str, words: str) -> None:
    text = variant(old, new)
    path = write(tmp_path, text)
    found = single(run(path), path)
    assert found["code"] == "schema"
    assert int(found["line"]) == line_of(text, new.rstrip("\n"), whole=True)
    assert words in found["message"]
    assert "String should match pattern" not in found["message"]


# --- warnings, --strict, ordering ---------------------------------------------------------


def _missing_translation(tmp_path: Path) -> tuple[Path, int]:
    text = variant(
        "    title: {en: Beta, fi: Beeta, sv: Beta}\n", "    title: {en: Beta, fi: Beeta}\n"
    )
    return write(tmp_path, text), line_of(text, "    title: {en: Beta, fi: Beeta}", whole=True)


def test_missing_translation_is_a_warning_and_exits_0(tmp_path: Path) -> None:
    path, line = _missing_translation(tmp_path)
    result = run(path)
    assert result.exit_code == 0
    found = single(result, path)
    assert (found["severity"], found["code"]) == ("warning", "missing-translation")
    assert int(found["line"]) == line
    assert "1 valid, 0 invalid; 0 errors, 1 warning" in result.stderr


def test_strict_makes_the_warning_an_error(tmp_path: Path) -> None:
    path, line = _missing_translation(tmp_path)
    result = run(path, "--strict")
    assert result.exit_code == 1
    found = single(result, path)
    assert (found["severity"], found["code"], int(found["line"])) == (
        "error",
        "missing-translation",
        line,
    )


def test_diagnostics_are_sorted_by_line(tmp_path: Path) -> None:
    # Rules run in a fixed order (ids before scale before targets before translations);
    # the output follows the file.
    text = (
        variant("    - value: 3\n", "    - value: 1\n")
        .replace("    target: 4\n", "    target: 9\n")
        .replace("          - id: alpha.one.2\n", "          - id: alpha.one.1\n")
        .replace("    title: {en: Alpha, fi: Alfa, sv: Alfa}\n", "    title: {en: Alpha}\n")
    )
    path = write(tmp_path, text)
    result = run(path)
    found = diagnostics(result)
    lines = [int(d["line"]) for d in found]
    assert lines == sorted(lines)
    assert [d["code"] for d in found] == [
        "scale-order",
        "target-out-of-scale",
        "missing-translation",
        "duplicate-id",
    ]


# --- output formats -----------------------------------------------------------------------


def test_json_format_shape(tmp_path: Path) -> None:
    path, line = _missing_translation(tmp_path)
    bad = write(tmp_path, "id: mini\n  title: x\n", "bad.yaml")
    result = run(path, bad, "--format", "json")
    assert result.exit_code == 1
    document: dict[str, Any] = json.loads(result.stdout)
    assert document["valid"] is False
    assert document["files"] == [str(path), str(bad)]
    assert (document["errors"], document["warnings"]) == (1, 1)
    first, second = document["diagnostics"]
    assert first == {
        "file": str(path),
        "line": line,
        "col": 12,
        "severity": "warning",
        "code": "missing-translation",
        "path": "areas[1].title",
        "message": first["message"],
    }
    assert (second["file"], second["line"], second["severity"]) == (str(bad), 2, "error")
    assert result.stderr == ""


def test_json_format_for_a_valid_file(tmp_path: Path) -> None:
    result = run(MINIMAL, "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == {
        "valid": True,
        "files": [str(MINIMAL)],
        "errors": 0,
        "warnings": 0,
        "diagnostics": [],
    }


def test_github_format_shape(tmp_path: Path) -> None:
    path, line = _missing_translation(tmp_path)
    bad = write(tmp_path, variant("    target: 4\n", "    target: 9\n"), "bad.yaml")
    result = run(path, bad, "--format", "github")
    assert result.exit_code == 1
    annotations = [GITHUB_LINE.match(text) for text in result.stdout.splitlines()]
    assert all(annotations), result.stdout
    warning, error = (m.groupdict() for m in annotations if m)
    assert warning["level"] == "warning"
    assert (warning["file"], int(warning["line"]), warning["code"]) == (
        str(path),
        line,
        "missing-translation",
    )
    assert warning["message"].startswith("areas[1].title: ")
    assert (error["level"], error["code"]) == ("error", "target-out-of-scale")
    # the summary stays on stderr so that the annotations are all there is on stdout
    assert "2 files checked" in result.stderr


def test_github_format_of_a_file_that_cannot_be_read(tmp_path: Path) -> None:
    result = run(tmp_path / "missing.yaml", "--format", "github")
    assert result.exit_code == 2
    match = GITHUB_LINE.match(result.stdout.strip())
    assert match is not None
    assert match["line"] == "1"  # GitHub needs a real line


def test_github_annotation_escapes_paths_and_messages() -> None:
    # A Windows path has a colon and a file name may have a comma; both end a property.
    diagnostic = Diagnostic(
        "C:\\frameworks\\a,b.yaml", 3, 0, Severity.ERROR, "schema", "id", "50% done\nnext"
    )
    assert diagnostic.as_github() == (
        "::error file=C%3A\\frameworks\\a%2Cb.yaml,line=3,col=1,title=schema::id: 50%25 done%0Anext"
    )


# --- the built-in frameworks --------------------------------------------------------------


def test_builtin_frameworks_are_valid() -> None:
    result = run("--builtin")
    assert result.exit_code == 0, result.stderr
    assert [d for d in diagnostics(result) if d["severity"] == "error"] == []


# --- a real process: stdout carries the document, stderr the diagnostics ------------------


def kompetens(*args: str | Path) -> subprocess.CompletedProcess[str]:
    process = subprocess.run(
        [sys.executable, "-m", "kompetens", *map(str, args)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        check=False,
    )
    assert "Traceback" not in process.stdout + process.stderr
    return process


def test_subprocess_text_diagnostics_go_to_stderr(tmp_path: Path) -> None:
    path = write(tmp_path, variant("    target: 4\n", "    target: 9\n"))
    process = kompetens("validate", path)
    assert process.returncode == 1
    assert process.stdout == ""
    assert f"{path}:{line_of(path.read_text(), 'target: 9')}:13: error [target-out-of-scale]" in (
        process.stderr
    )


def test_subprocess_json_stdout_is_only_json(tmp_path: Path) -> None:
    good = write(tmp_path, MINIMAL_TEXT, "good.yaml")
    bad = write(tmp_path, b"\x89PNG\r\n\x1a\n", "bad.yaml")
    process = kompetens("validate", good, bad, "--format", "json")
    assert process.returncode == 1
    document = json.loads(process.stdout)
    assert document["valid"] is False
    assert [(d["file"], d["code"]) for d in document["diagnostics"]] == [(str(bad), "encoding")]


def test_subprocess_json_for_an_unreadable_file_exits_2(tmp_path: Path) -> None:
    process = kompetens("validate", tmp_path / "missing.yaml", "--format", "json")
    assert process.returncode == 2
    assert json.loads(process.stdout)["diagnostics"][0]["code"] == "unreadable"


def test_subprocess_python_tag_runs_nothing(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    path = write(tmp_path, f'id: mini\ntitle: !!python/object/apply:os.system ["touch {marker}"]\n')
    process = kompetens("validate", path)
    assert process.returncode == 1
    assert not marker.exists()
    assert f"{path}:2:8: error [yaml-tag]" in process.stderr


def test_subprocess_schema_prints_json(tmp_path: Path) -> None:
    process = kompetens("schema", "framework")
    assert process.returncode == 0
    assert json.loads(process.stdout)["title"] == "Framework"
    assert process.stderr == ""


# --- example files: tests/data/positive and tests/data/negative ---------------------------

EXPECT = re.compile(r"^# expect: (?P<line>\d+) (?P<code>[a-z0-9-]+)$", re.MULTILINE)
NEGATIVE = sorted((DATA / "negative").glob("*.yaml"))
POSITIVE = sorted((DATA / "positive").glob("*.yaml"))


@pytest.mark.parametrize("path", NEGATIVE, ids=[p.name for p in NEGATIVE])
def test_negative_example(path: Path) -> None:
    """Each file lists what it must produce as `# expect: LINE CODE` comments at its top."""
    expected = [(int(m["line"]), m["code"]) for m in EXPECT.finditer(path.read_text("utf-8"))]
    assert expected, f"{path.name} has no '# expect:' lines"
    result = run(path)
    assert result.exit_code == 1
    assert [(int(d["line"]), d["code"]) for d in diagnostics(result)] == expected
    assert all(d["file"] == str(path) for d in diagnostics(result))


@pytest.mark.parametrize("path", POSITIVE, ids=[p.name for p in POSITIVE])
def test_positive_example(path: Path) -> None:
    result = run(path, "--strict")
    assert result.exit_code == 0, result.stderr
    assert diagnostics(result) == []


def test_example_folders_are_not_empty() -> None:
    assert len(NEGATIVE) >= 5
    assert len(POSITIVE) >= 2
