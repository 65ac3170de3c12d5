"""Reading YAML and JSON safely: what a framework author sees for each kind of bad file.

These tests call the reader directly (`read_document`, `parse_yaml`, `load_framework`);
`test_validate_cli.py` checks the same inputs through the `validate` command.
"""

from __future__ import annotations

import time
import tracemalloc
from pathlib import Path

import pytest

from kompetens.framework.diagnostics import Diagnostic, Severity
from kompetens.framework.loading import MAX_BYTES, parse_json, parse_yaml, read_document
from kompetens.framework.validation import load_framework, validate_document
from kompetens.model.framework import Framework

DATA = Path(__file__).parent / "data"
MINIMAL = DATA / "minimal.yaml"
MINIMAL_TEXT = MINIMAL.read_text(encoding="utf-8")


def line_of(text: str, needle: str, *, whole: bool = False) -> int:
    """1-based line of the only line of `text` that contains (or, `whole`, is) `needle`."""
    lines = [
        n
        for n, line in enumerate(text.splitlines(), 1)
        if (line == needle if whole else needle in line)
    ]
    assert len(lines) == 1, f"{needle!r} is on lines {lines}"
    return lines[0]


def variant(old: str, new: str) -> str:
    """minimal.yaml with one exact piece of text replaced."""
    assert MINIMAL_TEXT.count(old) == 1, old
    return MINIMAL_TEXT.replace(old, new)


def write(tmp_path: Path, content: str | bytes, name: str = "framework.yaml") -> Path:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def errors(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    return [d for d in diagnostics if d.severity is Severity.ERROR]


def only_error(diagnostics: list[Diagnostic]) -> Diagnostic:
    found = errors(diagnostics)
    assert len(found) == 1, [d.as_text() for d in found]
    return found[0]


ALIAS_BOMB = """\
a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]
h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]
i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h]
"""

# PyYAML's merge flattening copies merged key lists, duplicates included: each level
# multiplies the list by nine, so the last mapping would hold 3 * 9**8 entries.
MERGE_BOMB = "a0: &a0 {x: 1, y: 2, z: 3}\n" + "".join(
    f"a{n}: &a{n} {{<<: [{', '.join([f'*a{n - 1}'] * 9)}]}}\n" for n in range(1, 9)
)


# --- files that are not YAML mappings ----------------------------------------------------


def test_binary_file_is_refused_at_the_first_bad_byte(tmp_path: Path) -> None:
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10"
    document = read_document(write(tmp_path, png, "picture.yaml"))
    error = only_error(document.diagnostics)
    assert (error.line, error.col, error.code) == (1, 1, "encoding")
    assert error.file.endswith("picture.yaml")
    assert "UTF-8" in error.message


def test_control_characters_in_valid_utf8_are_reported_at_their_line(tmp_path: Path) -> None:
    document = read_document(write(tmp_path, "id: mini\ntitle: a\x00b\n"))
    error = only_error(document.diagnostics)
    assert (error.line, error.col, error.code) == (2, 9, "yaml-character")
    assert "U+0000" in error.message


def test_control_character_line_is_right_after_non_ascii_text(tmp_path: Path) -> None:
    # The C reader counts bytes; the reported position must still be in characters.
    document = read_document(write(tmp_path, "title: Gör två\nnote: ok\x07\n"))
    error = only_error(document.diagnostics)
    assert (error.line, error.col) == (2, 9)


def test_prose_is_not_a_mapping(tmp_path: Path) -> None:
    path = write(tmp_path, "This is a competence framework about client work.\n")
    framework, diagnostics = load_framework(path)
    assert framework is None
    error = only_error(diagnostics)  # one clear message, not the same thing twice
    assert (error.line, error.code) == (1, "not-a-mapping")
    assert "mapping" in error.message


def test_a_list_is_not_a_mapping(tmp_path: Path) -> None:
    document = read_document(write(tmp_path, "- id: mini\n- id: other\n"))
    error = only_error(document.diagnostics)
    assert error.code == "not-a-mapping"
    assert "a list" in error.message


def test_empty_file(tmp_path: Path) -> None:
    framework, diagnostics = load_framework(write(tmp_path, ""))
    assert framework is None
    error = only_error(diagnostics)
    assert (error.line, error.code) == (1, "not-a-mapping")
    assert "empty" in error.message


def test_file_with_only_comments_is_empty(tmp_path: Path) -> None:
    document = read_document(write(tmp_path, "# nothing here yet\n\n"))
    assert "empty" in only_error(document.diagnostics).message


# --- syntax errors ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ('id: mini\ntitle: {en: x\nversion: "1.0.0"\n', 3, "flow mapping that starts on line 2"),
        ("id: mini\n  title: x\nversion: 1\n", 2, "mapping values are not allowed"),
        ('id: mini\ntitle: "unterminated\nversion: 1\n', 4, "quoted scalar that starts on line 2"),
        ("id: mini\nlevels:\n  - a\n  b: c\n", 4, "block collection that starts on line 3"),
        ("id: mini\n---\nid: other\n", 2, "single document"),
    ],
)
def test_syntax_error_reports_its_line(tmp_path: Path, text: str, line: int, words: str) -> None:
    document = read_document(write(tmp_path, text))
    error = only_error(document.diagnostics)
    assert error.code == "yaml-syntax"
    assert error.line == line
    assert words in error.message
    assert document.data is None


def test_syntax_error_line_in_a_broken_framework(tmp_path: Path) -> None:
    text = variant("    target: 3\n", "    target: [3\n")
    framework, diagnostics = load_framework(write(tmp_path, text))
    assert framework is None
    error = only_error(diagnostics)
    assert error.code == "yaml-syntax"
    # The parser notices at the next line; the message names the line it started on.
    assert error.line == line_of(text, "target: [3") + 1
    assert f"starts on line {line_of(text, 'target: [3')}" in error.message


# --- encoding -----------------------------------------------------------------------------


def test_invalid_utf8_reports_line_and_column_of_the_bad_byte(tmp_path: Path) -> None:
    raw = MINIMAL_TEXT.encode("utf-8").replace(b"Grundniv\xc3\xa5", b"Grundniv\xe5")
    document = read_document(write(tmp_path, raw))
    error = only_error(document.diagnostics)
    line = line_of(MINIMAL_TEXT, "Grundnivå")
    assert (error.line, error.code) == (line, "encoding")
    bad_line = MINIMAL_TEXT.splitlines()[line - 1]
    # The column counts characters (the line has 'ä' and 'å' before it in other words).
    assert error.col == bad_line.index("Grundnivå") + len("Grundniv") + 1
    assert "0xe5" in error.message


def test_latin1_file_after_multibyte_text_counts_characters(tmp_path: Path) -> None:
    raw = "note: Gör två\ntitle: ".encode() + b"caf\xe9\n"
    error = only_error(read_document(write(tmp_path, raw)).diagnostics)
    assert (error.line, error.col) == (2, 11)


def test_utf8_bom_is_accepted(tmp_path: Path) -> None:
    path = write(tmp_path, b"\xef\xbb\xbf" + MINIMAL_TEXT.encode("utf-8"))
    framework, diagnostics = load_framework(path)
    assert isinstance(framework, Framework)
    assert errors(diagnostics) == []
    assert framework.id == "mini"


def test_positions_are_unchanged_by_a_bom(tmp_path: Path) -> None:
    text = variant("    target: 4\n", "    target: 9\n")
    path = write(tmp_path, b"\xef\xbb\xbf" + text.encode("utf-8"))
    _, diagnostics = load_framework(path)
    error = only_error(diagnostics)
    assert (error.code, error.line) == ("target-out-of-scale", line_of(text, "target: 9"))


# --- size and files -----------------------------------------------------------------------


def test_file_over_the_size_limit_is_refused_without_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    with path.open("wb") as handle:
        handle.write(b"# padding\n" * (MAX_BYTES // 10 + 1))
    assert path.stat().st_size > 5 * 1024 * 1024
    document = read_document(path)
    error = only_error(document.diagnostics)
    assert error.code == "too-large"
    assert "5 MB" in error.message
    assert document.data is None


def test_file_exactly_at_the_limit_is_read(tmp_path: Path) -> None:
    body = b"id: mini\n"
    path = write(tmp_path, body + b"#" * (MAX_BYTES - len(body)))
    assert path.stat().st_size == MAX_BYTES
    assert read_document(path).data == {"id": "mini"}


def test_nonexistent_file(tmp_path: Path) -> None:
    document = read_document(tmp_path / "missing.yaml")
    error = only_error(document.diagnostics)
    assert error.code == "unreadable"
    assert "no such file" in error.message
    assert error.file.endswith("missing.yaml")


def test_directory_is_not_a_file(tmp_path: Path) -> None:
    error = only_error(read_document(tmp_path).diagnostics)
    assert error.code == "unreadable"
    assert "directory" in error.message


# --- hostile YAML -------------------------------------------------------------------------


def _measure(text: str) -> tuple[list[Diagnostic], float, int]:
    tracemalloc.start()
    started = time.perf_counter()
    try:
        document = parse_yaml(text, "bomb.yaml")
        _, diagnostics = validate_document(document, Framework)
        elapsed = time.perf_counter() - started
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return diagnostics, elapsed, peak


def test_billion_laughs_is_refused_quickly_in_little_memory() -> None:
    diagnostics, elapsed, peak = _measure(ALIAS_BOMB)
    assert elapsed < 1.0
    assert peak < 50 * 1024 * 1024
    error = only_error(diagnostics)
    assert error.code == "yaml-alias"
    assert (error.line, error.col) == (2, 8)  # the first `*a`
    assert "not allowed" in error.message


def test_merge_key_bomb_is_refused_quickly_in_little_memory() -> None:
    diagnostics, elapsed, peak = _measure(MERGE_BOMB)
    assert elapsed < 1.0
    assert peak < 50 * 1024 * 1024
    assert diagnostics
    assert {d.code for d in diagnostics} == {"yaml-merge-key"}
    assert [d.line for d in diagnostics] == list(range(2, 10))


def test_a_single_merge_key_refuses_the_document(tmp_path: Path) -> None:
    text = variant("    target: 3\n", "    <<: {target: 3}\n")
    framework, diagnostics = load_framework(write(tmp_path, text))
    assert framework is None
    # Only the merge key, not a misleading "required key 'target' is missing".
    error = only_error(diagnostics)
    assert (error.code, error.line) == ("yaml-merge-key", line_of(text, "<<:"))


def test_an_alias_in_a_framework_is_refused(tmp_path: Path) -> None:
    text = variant("    target: 3\n", "    target: &t 3\n").replace(
        "    target: 4\n", "    target: *t\n"
    )
    framework, diagnostics = load_framework(write(tmp_path, text))
    assert framework is None
    error = only_error(diagnostics)
    assert (error.code, error.line) == ("yaml-alias", line_of(text, "*t"))


def test_anchor_without_alias_is_harmless() -> None:
    document = parse_yaml("a: &x 1\nb: 2\n", "f.yaml")
    assert document.diagnostics == []
    assert document.data == {"a": 1, "b": 2}


@pytest.mark.parametrize(
    "tag",
    [
        '!!python/object/apply:os.system ["touch {marker}"]',
        "!!python/object/new:os.system [touch {marker}]",
        "!!python/name:os.system",
        "!!python/module:os",
    ],
)
def test_python_tags_are_refused_and_nothing_runs(tmp_path: Path, tag: str) -> None:
    marker = tmp_path / "pwned"
    text = f"id: mini\ntitle: {tag.format(marker=marker)}\n"
    document = read_document(write(tmp_path, text))
    assert not marker.exists()
    error = only_error(document.diagnostics)
    assert (error.line, error.code) == (2, "yaml-tag")
    assert "not allowed" in error.message
    assert "!!python/" in error.message
    assert document.data is None


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("a: " + "[" * 200_000 + "]" * 200_000 + "\n", id="flow"),
        pytest.param("a: " + "{b: " * 200_000 + "}" * 200_000 + "\n", id="flow-mapping"),
        pytest.param("a:\n  - " + "[" * 150 + "]" * 150 + "\n", id="flow-in-block"),
        pytest.param("a:\n" + "".join(" " * n + "b:\n" for n in range(1, 2000)), id="block"),
    ],
)
def test_deep_nesting_is_refused_quickly(text: str) -> None:
    # Without a limit the parser's time grows with the square of the depth: this flow
    # text (400 kB) would take minutes, and the block one (2 MB) would build a huge map.
    diagnostics, elapsed, peak = _measure(text)
    assert elapsed < 1.0
    assert peak < 50 * 1024 * 1024
    error = only_error(diagnostics)
    assert error.code == "too-deep"
    assert "100 levels" in error.message
    assert (error.line, error.col) == _where_depth_101_starts(text)


def _where_depth_101_starts(text: str) -> tuple[int, int]:
    """Line and column of the collection that passes 100 levels, counted independently."""
    if text.startswith("a:\n  - "):  # a block list at level 2, then flow brackets
        return 2, 5 + 98
    if text.startswith("a: "):  # the mapping, then one bracket or brace per level
        step = 1 if text[3] == "[" else 4
        return 1, 4 + 99 * step
    return 101, 101  # block mappings indented by one more space per level


def test_nesting_a_framework_needs_is_fine() -> None:
    text = "a: " + "[" * 60 + "]" * 60 + "\n"
    document = parse_yaml(text, "f.yaml")
    assert document.diagnostics == []


# --- YAML values that cannot be built -----------------------------------------------------


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("2020-13-45", "a date"),  # looks like a date to YAML 1.1, but month 13
        ("0x_", "a whole number"),
        ("!!int abc", "a whole number"),
        ("!!bool maybe", "true or false"),
        ("!!float x", "a number"),
        ("!!timestamp soon", "a date"),
        ("1" * 5000, "a whole number"),  # beyond Python's int-from-text digit limit
    ],
)
def test_scalar_yaml_cannot_build_is_a_diagnostic(value: str, words: str) -> None:
    document = parse_yaml(f"id: mini\nyear: {value}\n", "f.yaml")
    error = only_error(document.diagnostics)
    assert (error.line, error.col, error.code) == (2, 7, "yaml-value")
    assert words in error.message
    assert "quotes" in error.message
    assert len(error.message) < 300


# --- duplicate keys -----------------------------------------------------------------------


def test_duplicate_key_names_both_lines(tmp_path: Path) -> None:
    text = variant("default_language: en\n", "default_language: en\nid: other\n")
    framework, diagnostics = load_framework(write(tmp_path, text))
    assert framework is None
    error = only_error(diagnostics)
    assert error.code == "duplicate-key"
    assert error.line == line_of(text, "id: other")
    assert f"line {line_of(text, 'id: mini')}" in error.message
    assert "'id'" in error.message


def test_nested_duplicate_key(tmp_path: Path) -> None:
    text = variant(
        "    title: {en: Beta, fi: Beeta, sv: Beta}\n",
        "    title: {en: Beta, fi: Beeta, sv: Beta, en: Bravo}\n",
    )
    error = only_error(read_document(write(tmp_path, text)).diagnostics)
    assert error.code == "duplicate-key"
    assert error.line == line_of(text, "Bravo")


def test_duplicate_key_in_json_names_both_lines() -> None:
    document = parse_json('{\n  "id": "a",\n  "level": "x",\n  "id": "b"\n}\n', "r.json")
    error = only_error(document.diagnostics)
    assert (error.code, error.line) == ("duplicate-key", 4)
    assert "line 2" in error.message


def test_json_with_huge_number_is_a_diagnostic() -> None:
    document = parse_json('{"a": ' + "1" * 5000 + "}", "r.json")
    assert only_error(document.diagnostics).code == "json-syntax"


def test_json_syntax_error_has_its_line(tmp_path: Path) -> None:
    path = write(tmp_path, '{\n  "id": "mini",\n  "title": \n}\n', "result.json")
    error = only_error(read_document(path).diagnostics)
    assert (error.code, error.line) == ("json-syntax", 4)


# --- positions ----------------------------------------------------------------------------


def test_locate_points_at_values_and_keys() -> None:
    document = parse_yaml(MINIMAL_TEXT, "minimal.yaml")
    assert document.locate(("levels", 1, "target")) == (line_of(MINIMAL_TEXT, "target: 4"), 13)
    assert document.locate(("areas", 1, "id"), at_key=True) == (
        line_of(MINIMAL_TEXT, "  - id: beta", whole=True),
        5,
    )


def test_locate_falls_back_to_the_nearest_ancestor_key() -> None:
    document = parse_yaml(MINIMAL_TEXT, "minimal.yaml")
    line, col = document.locate(("scale", "nonexistent", 3))
    assert (line, col) == (line_of(MINIMAL_TEXT, "scale:"), 1)


def test_keys_that_yaml_reads_as_other_types_are_located() -> None:
    document = parse_yaml("descriptors:\n  basic: x\n  no: y\n  1.10: z\n", "f.yaml")
    assert document.data == {"descriptors": {"basic": "x", False: "y", 1.1: "z"}}
    # pydantic names the key False as 0 and the key 1.1 as '1.1'
    assert document.locate(("descriptors", 0), at_key=True) == (3, 3)
    assert document.locate(("descriptors", "1.1"), at_key=True) == (4, 3)
    assert document.raw_key(("descriptors", 0)) == "no"


# --- odd keys and empty documents (found by the property tests) ---------------------------


@pytest.mark.parametrize("key", ["notes[1]", "[key]", "a[b]"])
def test_keys_that_look_like_pydantic_locations_are_reported(key: str) -> None:
    text = MINIMAL_TEXT + f'"{key}": x\n'
    document = parse_yaml(text, "f.yaml")
    framework, diagnostics = validate_document(document, Framework)
    assert framework is None
    error = only_error(diagnostics)
    assert error.code == "unknown-key"
    assert error.line == text.count("\n")
    assert f"'{key}'" in error.message


def test_key_that_looks_like_a_location_inside_a_model() -> None:
    text = variant("    target: 3\n", "    target: 3\n    target[0]: 3\n")
    _, diagnostics = validate_document(parse_yaml(text, "f.yaml"), Framework)
    error = only_error(diagnostics)
    assert (error.code, error.line) == ("unknown-key", line_of(text, "target[0]"))
    assert error.path == "levels[0].target[0]"


@pytest.mark.parametrize("text", ["", "# only a comment\n", "~\n", "null\n", "---\n...\n"])
def test_validating_parsed_empty_text_is_an_error(text: str) -> None:
    framework, diagnostics = validate_document(parse_yaml(text, "f.yaml"), Framework)
    assert framework is None
    assert only_error(diagnostics).code == "not-a-mapping"


def test_errors_in_a_duplicated_key_point_at_the_value_that_is_kept(tmp_path: Path) -> None:
    # YAML keeps the last value, so a problem in it is on the last line, not the first.
    text = variant("    target: 3\n", "    target: 3\n    target: high\n")
    _, diagnostics = load_framework(write(tmp_path, text))
    line = line_of(text, "target: high")
    assert [(d.code, d.line) for d in diagnostics] == [("duplicate-key", line), ("type", line)]
