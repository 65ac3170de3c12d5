"""The built-in frameworks' cache: the same validated model as the YAML gives, an entry per
file content and code, and never a wrong or lost framework when the cache is odd."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kompetens.framework import cache
from kompetens.framework.catalog import archived_frameworks, builtin_frameworks
from kompetens.framework.validation import load_framework

BUILTIN = builtin_frameworks()["sote-client-work"]


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    where = tmp_path / "cache"
    monkeypatch.setenv(cache.CACHE_ENV, str(where))
    return where


def _entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("framework-*.json")) if folder.is_dir() else []


def _no_yaml(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make reading a framework's YAML fail loudly, to show that the entry was used."""

    def refuse(path: Path) -> object:
        raise AssertionError(f"read {path} from YAML")

    monkeypatch.setattr(cache, "_load", refuse)


def test_a_second_load_reads_the_entry_and_gives_an_equal_validated_model(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from_yaml, diagnostics = load_framework(BUILTIN)
    first, first_diagnostics = cache.load_builtin_framework(BUILTIN)
    assert (first, first_diagnostics) == (from_yaml, diagnostics) == (from_yaml, [])
    assert len(_entries(folder)) == 1
    _no_yaml(monkeypatch)
    second, second_diagnostics = cache.load_builtin_framework(BUILTIN)
    assert second == from_yaml and second_diagnostics == []
    assert second is not None and type(second) is type(from_yaml)
    assert second.statements_for("nqf6") == from_yaml.statements_for("nqf6")
    assert second.model_dump(exclude_unset=True) == from_yaml.model_dump(exclude_unset=True)
    assert second.model_dump_json() == from_yaml.model_dump_json()


@pytest.mark.parametrize("archive_first", [False, True])
def test_every_built_in_version_gets_its_own_entry(folder: Path, archive_first: bool) -> None:
    paths = [*builtin_frameworks().values(), *archived_frameworks().values()]
    if archive_first:
        paths.reverse()
    loaded = [cache.load_builtin_framework(path)[0] for path in paths]
    assert all(framework is not None for framework in loaded)
    assert len(_entries(folder)) == len({path.read_bytes() for path in paths})
    assert [cache.load_builtin_framework(path)[0] for path in paths] == loaded


@pytest.mark.parametrize(
    "garbage",
    [b"", b"{not json", b'{"id": "x"}', json.dumps({"id": 1}).encode(), b"\xff\xfe"],
)
def test_a_damaged_entry_is_read_from_yaml_again_and_replaced(folder: Path, garbage: bytes) -> None:
    expected, _ = load_framework(BUILTIN)
    cache.load_builtin_framework(BUILTIN)
    (entry,) = _entries(folder)
    entry.write_bytes(garbage)
    assert cache.load_builtin_framework(BUILTIN) == (expected, [])
    assert entry.read_bytes() != garbage


def test_the_key_follows_the_file_content_and_the_code(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert cache.entry_key(b"a: 1\n") != cache.entry_key(b"a: 2\n")
    package = tmp_path / "kompetens"
    for sub in cache._CODE:
        (package / sub).mkdir(parents=True)
        (package / sub / "rules.py").write_text("X = 1\n")
    monkeypatch.setattr(cache, "_PACKAGE", package)
    before = cache.entry_key(b"a: 1\n")
    assert cache.entry_key(b"a: 1\n") == before
    rules = package / "model" / "rules.py"
    stat = rules.stat()
    os.utime(rules, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert cache.entry_key(b"a: 1\n") != before


def test_a_users_own_framework_is_never_kept(folder: Path, minimal_path: Path) -> None:
    assert cache.load_builtin_framework(minimal_path) == load_framework(minimal_path)
    broken = folder.parent / "broken.yaml"
    broken.write_text(BUILTIN.read_text(encoding="utf-8").replace("version:", "versio:", 1))
    framework, diagnostics = cache.load_builtin_framework(broken)
    assert framework is None and diagnostics == load_framework(broken)[1]
    assert _entries(folder) == []


def test_an_empty_setting_turns_the_cache_off(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(cache.CACHE_ENV, "")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setenv("HOME", str(tmp_path))
    assert cache.cache_dir() is None
    assert cache.load_builtin_framework(BUILTIN) == load_framework(BUILTIN)
    assert list(tmp_path.rglob("framework-*.json")) == []


def test_without_a_setting_the_users_cache_folder_is_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(cache.CACHE_ENV, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    if os.name == "posix" and os.uname().sysname == "Linux":
        assert cache.cache_dir() == tmp_path / "xdg" / "kompetens"


def test_a_cache_folder_that_cannot_be_written_still_gives_the_framework(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be\n")
    monkeypatch.setenv(cache.CACHE_ENV, str(blocker / "kompetens"))
    assert cache.load_builtin_framework(BUILTIN) == load_framework(BUILTIN)
    assert blocker.read_text() == "a file where the cache folder should be\n"


def test_score_writes_the_same_outputs_from_the_entry_as_from_the_yaml(
    folder: Path, tmp_path: Path
) -> None:
    framework, _ = load_framework(BUILTIN)
    assert framework is not None
    statements = [s.id for s in framework.statements_for("nqf6")]
    table = tmp_path / "answers.csv"
    rows = [["respondent", *statements], ["s1", *["3"] * len(statements)]]
    rows.append(["s2", *[str(1 + i % 5) for i in range(len(statements))]])
    table.write_text("".join(",".join(row) + "\n" for row in rows), encoding="utf-8")
    command = [sys.executable, "-m", "kompetens", "score", str(table), "--level", "nqf6"]
    command += ["--lang", "en"]
    seen = []
    for run, setting in (("yaml", str(folder)), ("entry", str(folder)), ("off", "")):
        out = tmp_path / run
        out.mkdir()
        done = subprocess.run(
            [*command, "--csv", str(out / "s.csv"), "--json", str(out / "s.json")],
            capture_output=True,
            text=True,
            check=False,
            env={**os.environ, "COLUMNS": "100", cache.CACHE_ENV: setting},
        )
        assert done.returncode == 0, done.stderr
        document = json.loads((out / "s.json").read_text(encoding="utf-8"))
        document.pop("generated")
        messages = done.stderr.replace(str(out), "OUT")
        seen.append((done.stdout, messages, (out / "s.csv").read_bytes(), document))
        assert len(_entries(folder)) == 1
    assert seen[0] == seen[1] == seen[2]


def test_entries_of_other_code_are_kept_beside_up_to_a_few(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two installations of different versions sharing the cache folder each read their own
    entry, turn about; an entry unused while `KEPT` newer ones were written goes."""
    other = builtin_frameworks()["client-participation-house"]
    cache.load_builtin_framework(other)
    expected, _ = load_framework(BUILTIN)
    stamps = [f"code of version {number}".encode() for number in range(cache.KEPT + 1)]
    names: list[str] = []
    for stamp in stamps[:2]:
        monkeypatch.setattr(cache, "_code_stamp", lambda stamp=stamp: stamp)
        assert cache.load_builtin_framework(BUILTIN) == (expected, [])
        names.append(cache.entry_key(BUILTIN.read_bytes()))
    with monkeypatch.context() as patch:
        _no_yaml(patch)  # version 0 and version 1, turn about: both from their entries
        for stamp in (stamps[0], stamps[1], stamps[0]):
            patch.setattr(cache, "_code_stamp", lambda stamp=stamp: stamp)
            assert cache.load_builtin_framework(BUILTIN) == (expected, [])
    for stamp in stamps[2:]:  # newer versions come: the one used longest ago goes
        os.utime(folder / f"framework-sote-client-work-{names[1]}.json", (1, 1))
        monkeypatch.setattr(cache, "_code_stamp", lambda stamp=stamp: stamp)
        assert cache.load_builtin_framework(BUILTIN) == (expected, [])
    kept = [entry.name for entry in _entries(folder) if "sote-client-work" in entry.name]
    assert len(kept) == cache.KEPT
    assert f"framework-sote-client-work-{names[0]}.json" in kept
    assert f"framework-sote-client-work-{names[1]}.json" not in kept
    assert any("client-participation-house" in entry.name for entry in _entries(folder))
