"""Result files scored on the fast path (a structural check instead of a pydantic model,
rows tallied together by the columnar tally) give exactly what the exact path gives: the
same summary, CSV, JSON, report and diagnostics, byte for byte, on a generated cohort with
bad files among the good ones; and the structural check never accepts what the model
refuses, nor reads a value differently."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from kompetens.cohort import files as files_module
from kompetens.cohort.fast_parse import Unusual, fast_parse, fast_yaml
from kompetens.cohort.plain_results import plain_result
from kompetens.model import Framework, Result
from tests.test_cohort_columnar_outputs import _score as _score_outputs


def _score(folder: Path, out: Path, *options: str) -> dict[str, Any]:
    """The outputs of `score`, and its diagnostics on standard error."""
    from typer.testing import CliRunner

    from kompetens.cli.app import app

    outputs = _score_outputs(folder, out, *options)
    again = CliRunner().invoke(
        app,
        ["score", str(folder), *options],
        env={"KOMPETENS_PSEUDONYM_KEY": "", "KOMPETENS_LANG": "en"},
        catch_exceptions=False,
    )
    outputs["stderr"] = again.stderr
    return outputs


def _document(framework: Framework, level: str, number: int) -> dict[str, Any]:
    statements = [s.id for s in framework.statements_for(level)]
    answers: dict[str, Any] = {}
    for index, statement_id in enumerate(statements):
        if (number + index) % 17 == 0:
            continue  # unanswered
        rating = None if (number * 7 + index) % 19 == 0 else 1 + (number + index * 3) % 5
        answers[statement_id] = {"rating": rating, "note": None}
    return {
        "format": 1,
        "framework": {"id": framework.id, "version": framework.version, "fingerprint": None},
        "level": level,
        "language": "fi",
        "respondent": {"id": f"s{number % 290}", "name": f"Student {number % 290}"},
        "started": "2025-01-15T09:00:00+02:00",
        "completed": f"2025-01-{1 + number % 28:02d}T10:{number % 60:02d}:00+02:00",
        "answers": answers,
        "reflections": {},
        "goals": [],
    }


def _bad_files(framework: Framework, level: str, folder: Path) -> None:
    """Files that differ from what `assess` writes, each named for how: `bad-` ones are
    rejected, `other-` ones are valid but left to the exact path, `odd-` ones are taken."""
    base = _document(framework, level, 1000)
    first = next(iter(base["answers"]))
    answers = list(base["answers"].items())
    major = str(int(framework.version.split(".")[0]) + 1) + ".0.0"
    variants: dict[str, Any] = {
        "off-scale": {**base, "answers": {**base["answers"], first: {"rating": 9}}},
        "unknown-statement": {**base, "answers": {**base["answers"], "no.such": {"rating": 3}}},
        "bool-rating": {**base, "answers": {**base["answers"], first: {"rating": True}}},
        "draft": {**base, "completed": None},
        "wrong-level": {**base, "level": "no-such-level"},
        "other-major": {**base, "framework": {"id": framework.id, "version": major}},
        "other-framework": {**base, "framework": {"id": "not-built-in", "version": "1.0.0"}},
        "extra-key": {**base, "mood": "fine"},
        "space-time": {**base, "completed": "2025-02-01 10:00:00", "respondent": {"id": "t1"}},
        "unix-time": {**base, "completed": 1738400000, "respondent": {"id": "t2"}},
        "na-without-scale": {
            **base,
            "answers": {**base["answers"], first: {"rating": None, "not_applicable": True}},
        },
        "goal-due": {
            **base,
            "respondent": {"id": "t3"},
            "goals": [{"text": "Read more", "due": "2025-05-01"}],
        },
        "unknown-note": {**base, "respondent": {"id": "t4"}, "notes": {"no.such": "x"}},
        "no-respondent": {**base, "respondent": {}},
        "reversed": {**base, "respondent": {"id": "t5"}, "answers": dict(reversed(answers))},
        "sparse": {**base, "respondent": {"id": "t6"}, "answers": dict(answers[:3])},
        "no-answers": {**base, "respondent": {"id": "t7"}, "answers": {}},
        "noted": {
            **base,
            "respondent": {"id": "t8"},
            "answers": {first: {"rating": 2, "note": 'see: "this"'}, **dict(answers[1:])},
        },
        "other-level-statement": {
            **base,
            "answers": {**base["answers"], _other_level_statement(framework, level): {"rating": 3}},
        },
    }
    taken = {"goal-due", "unknown-note", "no-respondent", "reversed", "sparse", "no-answers"}
    taken.add("noted")  # valid: the fast path takes them
    left = {"space-time", "unix-time"}  # valid, in forms the fast path leaves to the model
    for name, document in variants.items():
        prefix = "odd" if name in taken else "other" if name in left else "bad"
        path = folder / f"{prefix}-{name}.yaml"
        path.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
    text = yaml.safe_dump(base, sort_keys=False)
    (folder / "bad-duplicate-key.yaml").write_text(
        text.replace("level:", "language: sv\nlevel:", 1), encoding="utf-8"
    )
    (folder / "bad-anchor.yaml").write_text(
        text.replace("respondent:", "respondent: &who", 1).replace(
            "reflections: {}", "reflections: *who"
        ),
        encoding="utf-8",
    )
    (folder / "bad-syntax.yaml").write_text(text + "answers: [\n", encoding="utf-8")
    (folder / "bad-not-utf8.yaml").write_bytes(text.encode("utf-16"))
    (folder / "bad-list.json").write_text("[1, 2]", encoding="utf-8")
    (folder / "bad-duplicate.json").write_text(
        json.dumps(base).replace('"level":', '"language": "sv", "level":', 1), encoding="utf-8"
    )
    (folder / "bad-directory.yaml").mkdir()
    _json_variants(base, answers, folder)


def _other_level_statement(framework: Framework, level: str) -> str:
    """A statement of the framework that `level` does not have."""
    own = {s.id for s in framework.statements_for(level)}
    return next(
        s.id
        for other in framework.level_ids
        for s in framework.statements_for(other)
        if s.id not in own
    )


def _json_variants(base: dict[str, Any], answers: list[tuple[str, Any]], folder: Path) -> None:
    """JSON files the reader must not mistake: notes with quotes, colons and backslashes,
    a text longer than one read, odd spacing after a byte-order mark."""
    first = answers[0][0]
    noted = {**base, "respondent": {"id": "j1"}}
    noted["answers"] = {first: {"rating": 4, "note": 'a "quoted": \\ note'}, **dict(answers[1:])}
    (folder / "odd-escaped-note.json").write_text(json.dumps(noted), encoding="utf-8")
    long = {**base, "respondent": {"id": "j2"}, "reflections": {"whole": "word: " * 30000}}
    (folder / "odd-long.json").write_text(json.dumps(long, indent=1), encoding="utf-8")
    spaced = {**base, "respondent": {"id": "j3"}}
    text = json.dumps(spaced, separators=(" ,\t", " :\n"))
    (folder / "odd-spaced.json").write_text("\ufeff \n" + text + "\n\n", encoding="utf-8")


def _cohort(framework: Framework, level: str, folder: Path, size: int) -> Path:
    folder.mkdir(parents=True)
    for number in range(size):
        document = _document(framework, level, number)
        if number % 3 == 0:
            (folder / f"r{number}.json").write_text(json.dumps(document), encoding="utf-8")
        else:
            text = yaml.safe_dump(document, sort_keys=False, allow_unicode=True)
            if number % 2:  # the comment `assess` writes at the top
                text = (
                    '# kompetens self-assessment result (rating: null means "can\'t say")\n' + text
                )
            (folder / f"r{number}.yaml").write_text(text, encoding="utf-8")
    _bad_files(framework, level, folder)
    return folder


def _exact_only(order: int, file: str) -> None:
    """Every file on the exact path: what scoring a result file was before the fast path."""
    return


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_fast_and_exact_paths_write_the_same_outputs(
    builtin: Framework, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, jobs: str
) -> None:
    level = builtin.level_ids[-1]
    folder = _cohort(builtin, level, tmp_path / "cohort", 320)  # over the pool threshold
    options = ("--level", level, "--by", "folder", "-j", jobs)
    fast = _score(folder, tmp_path / "a" / "out", *options)
    with monkeypatch.context() as patched:
        patched.setattr(files_module, "_fast_row", _exact_only)
        exact = _score(folder, tmp_path / "b" / "out", *options)
    assert fast["exit"] == 1  # the bad files are rejected, and named
    for name in ("off-scale", "unknown-statement", "duplicate-key", "syntax", "bool-rating"):
        assert f"bad-{name}.yaml:" in fast["stderr"]
    assert len(fast["files"]["scores.csv"].splitlines()) > 290
    assert fast == exact


def test_the_fast_path_is_the_one_taken(
    builtin: Framework, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The comparison above compares something: good files never reach the model."""
    level = builtin.level_ids[-1]
    folder = _cohort(builtin, level, tmp_path / "cohort", 240)
    exact: list[str] = []
    original = files_module.read_result_file

    def counting(order: int, file: str) -> object:
        exact.append(Path(file).name)
        return original(order, file)

    monkeypatch.setattr(files_module, "read_result_file", counting)
    from typer.testing import CliRunner

    from kompetens.cli.app import app

    run = CliRunner().invoke(
        app,
        ["score", str(folder), "--level", level, "-j", "1", "--csv", str(tmp_path / "s.csv")],
        env={"KOMPETENS_PSEUDONYM_KEY": "", "KOMPETENS_LANG": "en"},
        catch_exceptions=False,
    )
    assert run.exit_code == 1
    handed_over = [*folder.glob("bad-*"), *folder.glob("other-*")]
    assert sorted(exact) == sorted(path.name for path in handed_over if path.is_file())


def _model(document: Any) -> Result | None:
    try:
        return Result.model_validate(document)
    except (ValidationError, ValueError, TypeError):
        return None


_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-2, 7),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=5),
    st.sampled_from(["self", "mentor", "peer", "2025-01-15T09:00:00Z", "2025-01-15", "1.0.0"]),
    st.just({}),
    st.just([]),
    st.datetimes(),
)
_PLACES = st.sampled_from(
    [
        ("format",),
        ("framework", "id"),
        ("framework", "version"),
        ("framework", "fingerprint"),
        ("framework", "extra"),
        ("level",),
        ("language",),
        ("respondent",),
        ("respondent", "id"),
        ("respondent", "name"),
        ("assessor",),
        ("assessor", "role"),
        ("assessor", "name"),
        ("started",),
        ("completed",),
        ("answers",),
        ("answers", "a.1"),
        ("answers", "a.1", "rating"),
        ("answers", "a.1", "note"),
        ("answers", "a.1", "not_applicable"),
        ("answers", "a.1", "other"),
        ("notes",),
        ("notes", "a.1"),
        ("reflections", "a"),
        ("goals",),
        ("other",),
    ]
)


def _valid() -> dict[str, Any]:
    return {
        "format": 1,
        "framework": {"id": "f", "version": "1.0.0"},
        "level": "nqf6",
        "language": "fi",
        "respondent": {"id": "s1", "name": "Sam"},
        "started": "2025-01-15T09:00:00+02:00",
        "completed": "2025-01-15T09:30:00.250+02:00",
        "answers": {"a.1": {"rating": 3, "note": None}, "a.2": {"rating": None}},
        "notes": {},
        "goals": [{"text": "x", "due": "2025-03-01"}],
    }


@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(_PLACES, _VALUES), max_size=3))
def test_the_structural_check_is_never_looser_than_the_model(
    changes: list[tuple[tuple[str, ...], Any]],
) -> None:
    document = _valid()
    for place, value in changes:
        target: Any = document
        for key in place[:-1]:
            if not isinstance(target, dict):
                break
            target = target.setdefault(key, {})
        if isinstance(target, dict):
            target[place[-1]] = value
    plain = plain_result(document)
    if plain is None:
        return
    model = _model(document)
    assert model is not None, document
    assert model.completed is not None
    assert plain.completed == model.completed.timestamp()
    assert plain.ratings == {k: a.rating for k, a in model.answers.items()}
    assert plain.not_applicable == any(a.not_applicable for a in model.answers.values())
    assert (plain.framework_id, plain.version) == (model.framework.id, model.framework.version)
    assert (plain.level, plain.role) == (model.level, model.role)
    assert (plain.respondent, plain.name) == (model.respondent.id, model.respondent.name)


_TIMES = st.builds(
    lambda day, clock, fraction, zone: f"{day}T{clock}{fraction}{zone}",
    st.from_regex(r"\A[0-9]{4}-[0-9]{2}-[0-9]{2}\Z"),
    st.from_regex(r"\A[0-2][0-9]:[0-6][0-9]:[0-6][0-9]\Z"),
    st.sampled_from(["", ".5", ".123", ".123456", ".1234567"]),
    st.sampled_from(["", "Z", "+02:00", "-05:30", "+23:59", "+24:00", "-00:00", "+00:60"]),
)


@settings(max_examples=500, deadline=None)
@given(_TIMES)
def test_a_completion_time_is_the_instant_the_model_reads(text: str) -> None:
    document = {**_valid(), "completed": text}
    plain = plain_result(document)
    model = _model(document)
    if plain is not None:
        assert model is not None and model.completed is not None
        assert plain.completed == model.completed.timestamp()


@pytest.mark.parametrize(
    "text",
    [
        "2025-01-15T09:00:00+02:00",
        "2025-01-15T09:00:00.123456+02:00",
        "2025-01-15T09:00:00Z",
        "2025-01-15T09:00:00.5-05:30",
        "2025-01-15T09:00:00",
    ],
)
def test_the_forms_assess_and_json_tools_write_take_the_fast_path(text: str) -> None:
    plain = plain_result({**_valid(), "completed": text})
    assert plain is not None
    assert plain.completed == datetime.fromisoformat(text).timestamp()


_STRINGS = st.text(alphabet=':"{}[], abä\\\n', max_size=6)


@settings(max_examples=400, deadline=None)
@given(
    st.dictionaries(_STRINGS, st.one_of(st.none(), _STRINGS), max_size=4),
    st.dictionaries(_STRINGS, _STRINGS, max_size=3),
    st.one_of(st.none(), _STRINGS),
    st.booleans(),
    st.sampled_from(["", "level", "id", "rating", "a.1", "note", "not_applicable", "due"]),
)
def test_two_equal_keys_in_a_json_result_are_always_seen(
    notes: dict[str, str | None],
    texts: dict[str, str],
    name: str | None,
    indent: bool,
    twice: str,
) -> None:
    """`json_unique` says yes exactly when no mapping of the text had a key twice."""
    from kompetens.cohort.plain_results import json_unique

    document = _valid()
    document["answers"] = {
        f"{key}.{n}": {"rating": n % 5 or None, "note": note}
        | ({"not_applicable": n % 5 == 0} if n % 3 else {})
        for n, (key, note) in enumerate(notes.items())
    }
    if texts:
        document["goals"] = [{"text": "whole", "component": None, "due": "2025-03-01"}]
    document["reflections"] = texts
    document["respondent"] = {"id": "s1", "name": name}
    text = json.dumps(document, ensure_ascii=False, indent=2 if indent else None)
    if twice:  # a key given twice: the parser keeps the last silently
        key = f'"{twice}": '
        if key not in text:
            return
        text = text.replace(key, f'{key}"x", {key}', 1)
    plain = plain_result(json.loads(text))
    if plain is None:
        return
    unique = json_unique(text, plain)
    if "\\" in text:
        assert unique is None
    else:
        assert unique is (not twice)


def test_a_duplicate_key_in_a_json_answer_goes_to_the_exact_reader(
    builtin: Framework, tmp_path: Path
) -> None:
    level = builtin.level_ids[-1]
    document = _document(builtin, level, 3)
    text = json.dumps(document).replace('"rating": ', '"rating": 1, "rating": ', 1)
    path = tmp_path / "twice.json"
    path.write_text(text, encoding="utf-8")
    files_module.init_reader(files_module.ReadSetup(None))
    assert files_module._fast_row(0, str(path)) is None
    rejected = files_module.read_result_chunk([(0, str(path))])[0]
    assert isinstance(rejected, list)
    assert any("rating" in d.as_text() and d.line == 1 for d in rejected)
    path.write_text(json.dumps(document), encoding="utf-8")
    assert files_module._fast_row(0, str(path)) is not None


def test_an_unforeseen_error_on_the_fast_path_leaves_the_file_to_the_exact_reader(
    builtin: Framework, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    level = builtin.level_ids[-1]
    path = tmp_path / "r.yaml"
    path.write_text(yaml.safe_dump(_document(builtin, level, 5)), encoding="utf-8")

    def broken(data: Any) -> Any:
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(files_module, "plain_result", broken)
    files_module.init_reader(files_module.ReadSetup(None))
    monkeypatch.delenv("KOMPETENS_DEBUG", raising=False)
    [entry] = files_module.read_result_chunk([(0, str(path))])
    assert not isinstance(entry, list) and entry.respondent == "s5"
    monkeypatch.setenv("KOMPETENS_DEBUG", "1")
    with pytest.raises(ZeroDivisionError):
        files_module.read_result_chunk([(0, str(path))])


_YAML_DATA = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False)
    | st.text(max_size=8)
    | st.datetimes()
    | st.dates(),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.text(max_size=4) | st.integers(), inner, max_size=3)
    ),
    max_leaves=10,
)
_YAML_TEXTS = [
    "a: yes\nb: No\nc: ~\nd: 0o17\ne: 0x1F\nf: 1_000\ng: 190:20:30\nh: .inf\ni: -.NaN\n",
    "t: 2025-01-15T09:00:00+02:00\nu: 2025-01-15 09:00:00\nv: 2025-01-15\nw: '2025-01-15'\n",
    "s: !!str 12\nn: !!int '7'\nf: !!float 3\nb: !!binary aGk=\n",
    "o: !!omap [a: 1]\np: !!set {a}\nq: !custom x\nr: = \n",
    "[1, {a: [2, 3]}, null]\n",
    "",
    "just text\n",
    "a: 1\na: 2\n",
    "? [1, 2]\n: x\n",
    "a: &x 1\nb: *x\n",
    "base: &b {k: 1}\nother:\n  <<: *b\n",
    "--- 1\n--- 2\n",
]


def _both_yaml(text: str) -> tuple[Any, Any]:
    def parsed(parse: Any) -> Any:
        try:
            return ("data", parse())
        except Unusual:
            return ("unusual", None)
        except (yaml.YAMLError, ValueError) as error:
            return ("error", type(error).__name__)

    return (
        parsed(lambda: fast_parse(text, "r.yaml")),
        parsed(lambda: fast_yaml(text)),
    )


def _same_types(a: Any, b: Any) -> bool:
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return all(_same_types(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return all(_same_types(x, y) for x, y in zip(a, b, strict=True))
    return True


@pytest.mark.parametrize("text", _YAML_TEXTS)
def test_the_fast_yaml_builder_reads_what_the_constructor_reads(text: str) -> None:
    general, fast = _both_yaml(text)
    if fast[0] == "unusual":  # left to the exact reader: refused, or written unusually
        assert general[0] != "data" or any(mark in text for mark in ("!", "&", "=", "? "))
    else:
        assert fast == general and _same_types(general[1], fast[1])


@settings(max_examples=300, deadline=None)
@given(_YAML_DATA, st.booleans())
def test_the_fast_yaml_builder_agrees_on_any_dumped_data(value: Any, flow: bool) -> None:
    text = yaml.safe_dump(value, default_flow_style=flow, allow_unicode=True)
    general, fast = _both_yaml(text)
    if fast[0] == "unusual":
        assert general[0] != "data" or any(mark in text for mark in ("&", "*", "<<", "!!"))
    else:
        assert fast == general and _same_types(general[1], fast[1])


def test_a_failing_tally_leaves_its_files_to_the_exact_reader(
    builtin: Framework, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    level = builtin.level_ids[-1]
    paths = []
    for number in range(3):
        path = tmp_path / f"r{number}.yaml"
        path.write_text(yaml.safe_dump(_document(builtin, level, number)), encoding="utf-8")
        paths.append((number, str(path)))
    files_module.init_reader(files_module.ReadSetup(None, columnar=True))
    expected = files_module.read_result_chunk(paths)

    def broken(*arguments: Any) -> None:
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(files_module, "_tally_together", broken)
    monkeypatch.delenv("KOMPETENS_DEBUG", raising=False)
    assert files_module.read_result_chunk(paths) == expected
    assert all(not isinstance(entry, list) and entry.means for entry in expected)


def test_a_file_over_the_size_limit_is_refused_and_named(
    builtin: Framework, tmp_path: Path
) -> None:
    """The fast reader stops reading at the limit; the exact reader words the refusal."""
    from kompetens.framework.loading import MAX_BYTES

    level = builtin.level_ids[-1]
    document = _document(builtin, level, 4)
    path = tmp_path / "huge.json"
    document["reflections"] = {"whole": "x" * MAX_BYTES}
    path.write_text(json.dumps(document), encoding="utf-8")
    files_module.init_reader(files_module.ReadSetup(None))
    assert files_module._fast_row(0, str(path)) is None
    [refused] = files_module.read_result_chunk([(0, str(path))])
    assert isinstance(refused, list)
    assert [d.code for d in refused] == ["too-large"] and refused[0].file == str(path)
    document["reflections"] = {"whole": "x" * (MAX_BYTES - 10_000)}
    path.write_text(json.dumps(document), encoding="utf-8")
    [taken] = files_module.read_result_chunk([(0, str(path))])
    assert not isinstance(taken, list) and taken.respondent == "s4"


@pytest.mark.parametrize("by", [(), ("folder", "campus")])
def test_a_chunk_sent_back_as_columns_gives_the_same_entries(
    builtin: Framework, tmp_path: Path, by: tuple[str, ...]
) -> None:
    """What a worker sends back (`ChunkOutputs`, pickled) unpacks to exactly the outputs
    of reading the chunk in this process: fast, exact and rejected files in their order."""
    import pickle

    from kompetens.cohort.result_chunks import ChunkOutputs, read_chunk_outputs

    level = builtin.level_ids[-1]
    folder = _cohort(builtin, level, tmp_path / "cohort", 40)
    chunk = list(enumerate(sorted(str(path) for path in folder.iterdir())))
    files_module.init_reader(files_module.ReadSetup(None, by, columnar=True))
    expected = files_module.read_result_chunk(chunk)
    packed = pickle.loads(pickle.dumps(read_chunk_outputs(chunk)))
    assert isinstance(packed, ChunkOutputs)
    assert 0 < sum(packed.taken) < len(chunk)  # both kinds are in the chunk
    assert packed.unpack(chunk) == expected
