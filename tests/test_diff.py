"""`kompetens diff OLD NEW`: what changed, and can results of the two versions be compared?

The versions are made from tests/data/minimal.yaml by small text edits, one kind of change
at a time, so each test shows one compatibility rule (see kompetens.framework.diff).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from kompetens.framework.catalog import resource_dir
from kompetens.framework.diff import Impact, diff_frameworks, format_text, reworded
from kompetens.framework.loading import parse_yaml
from kompetens.framework.validation import check_framework_document
from kompetens.model import Framework
from tests.conftest import MINIMAL, run_kompetens

TEXT = MINIMAL.read_text(encoding="utf-8")


def variant(*edits: tuple[str, str]) -> str:
    text = TEXT
    for old, new in edits:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return text


def framework(text: str) -> Framework:
    parsed, diagnostics = check_framework_document(parse_yaml(text, "v.yaml"))
    assert parsed is not None, [d.as_text() for d in diagnostics]
    return parsed


@pytest.fixture
def old() -> Framework:
    return framework(TEXT)


NEW_STATEMENT = (
    "          - id: alpha.two.2\n",
    "          - id: alpha.two.3\n"
    "            levels: [basic, advanced]\n"
    "            text: {en: I can teach two, fi: Opetan kahta, sv: Jag undervisar i två}\n"
    "          - id: alpha.two.2\n",
)
REWORDED = (
    "text: {en: I can do one, fi:",
    "text: {en: I can do one under pressure, fi:",
)


def test_identical_frameworks_are_compatible(old: Framework) -> None:
    diff = diff_frameworks(old, old)
    assert diff.changes == ()
    assert diff.compatible
    assert diff.suggested_version is None
    assert "No changes." in format_text(diff)


def test_rewording_and_additions_are_warnings_not_breaking(old: Framework) -> None:
    new = framework(variant(REWORDED, NEW_STATEMENT, ('version: "1.10.0"', 'version: "1.11.0"')))
    diff = diff_frameworks(old, new)
    assert diff.compatible
    warnings = {(c.kind, c.change, c.id) for c in diff.of(Impact.WARNING)}
    assert ("statement", "reworded", "alpha.one.1") in warnings
    assert ("statement", "added", "alpha.two.3") in warnings
    change = next(c for c in diff.changes if c.change == "reworded" and c.kind == "statement")
    assert change.texts == {"en": ("I can do one", "I can do one under pressure")}
    text = format_text(diff)
    assert "en old: I can do one" in text
    assert "en new: I can do one under pressure" in text
    assert "basic: comparable (2 warnings)" in text
    assert diff.suggested_version is None  # 1.11.0 is already a minor bump


def test_whitespace_is_not_rewording() -> None:
    assert reworded({"en": "one  two\nthree"}, {"en": "one two three"}) == {}
    assert reworded({"en": "a"}, {"en": "a", "fi": "b"}) == {"fi": ("", "b")}


def test_a_removed_statement_breaks_its_sub_area_area_and_overall(old: Framework) -> None:
    new = framework(
        variant(
            (
                "          - id: alpha.one.2\n"
                "            levels: [basic, advanced]\n"
                "            text: {en: I can explain one, fi: Osaan selittää yhden, sv: Jag kan förklara ett}\n",
                "",
            )
        )
    )
    diff = diff_frameworks(old, new)
    assert not diff.compatible
    assert diff.suggested_version == "2.0.0"
    [breaking] = diff.of(Impact.BREAKING)
    assert (breaking.change, breaking.id, breaking.levels) == (
        "removed",
        "alpha.one.2",
        ("basic", "advanced"),
    )
    for verdict in diff.verdicts:
        assert not verdict.comparable
        assert verdict.statements == ("alpha.one.2",)
        assert verdict.components == ("alpha.one",)
        assert verdict.areas == ("alpha",)
        assert not verdict.overall
        assert verdict.targets  # gaps would still use the same target


def test_a_statement_moved_between_sub_areas_is_breaking_for_both(old: Framework) -> None:
    new = framework(
        variant(
            (
                "          - id: alpha.one.3\n"
                "            levels: [advanced]\n"
                "            text: {en: I develop one, fi: Kehitän yhtä, sv: Jag utvecklar ett}\n",
                "",
            ),
            (
                "          - id: beta.one.2\n",
                "          - id: beta.one.3\n"
                "            levels: [advanced]\n"
                "            text: {en: I develop one, fi: Kehitän yhtä, sv: Jag utvecklar ett}\n"
                "          - id: beta.one.2\n",
            ),
        )
    )
    diff = diff_frameworks(old, new)
    [moved] = [c for c in diff.changes if c.change == "moved"]
    assert (moved.old, moved.new, moved.levels) == ("alpha.one.3", "beta.one.3", ("advanced",))
    verdicts = {v.level: v for v in diff.verdicts}
    assert verdicts["basic"].comparable  # the statement was never asked at basic
    assert set(verdicts["advanced"].components) == {"alpha.one", "beta.one"}
    assert set(verdicts["advanced"].areas) == {"alpha", "beta"}


def test_a_renamed_statement_id_is_detected(old: Framework) -> None:
    new = framework(variant(("- id: alpha.one.2\n", "- id: alpha.one.22\n")))
    [change] = diff_frameworks(old, new).of(Impact.BREAKING)
    assert change.change == "renamed"
    assert "keep ids" in change.message


def test_target_scale_and_level_changes(old: Framework) -> None:
    target = diff_frameworks(old, framework(variant(("    target: 4\n", "    target: 3.5\n"))))
    verdicts = {v.level: v for v in target.verdicts}
    assert verdicts["basic"].comparable
    assert not verdicts["advanced"].comparable
    assert not verdicts["advanced"].targets
    assert verdicts["advanced"].statements == ()
    assert "target 4 → 3.5" in target.of(Impact.BREAKING)[0].message

    scale = diff_frameworks(
        old,
        framework(
            variant(
                (
                    "    - value: 4\n      label: {en: I guide others, fi: Ohjaan muita, sv: Jag handleder andra}\n",
                    "",
                ),
                ("    target: 4\n", "    target: 3\n"),
            )
        ),
    )
    assert [c.change for c in scale.of(Impact.BREAKING)][:1] == ["values"]
    assert all(not v.comparable and not v.overall for v in scale.verdicts)

    label = diff_frameworks(
        old, framework(variant(("en: With support,", "en: With some support,")))
    )
    assert label.compatible
    assert label.of(Impact.WARNING)[0].kind == "scale"


def test_cli_text_and_json(cli: Any, tmp_path: Path) -> None:
    (tmp_path / "old.yaml").write_text(TEXT, encoding="utf-8")
    (tmp_path / "new.yaml").write_text(
        variant(REWORDED, ("      - id: alpha.two\n", "      - id: alpha.two\n")), encoding="utf-8"
    )
    same = cli("diff", "old.yaml", "new.yaml")
    assert same.exit_code == 0, same.output
    assert "Verdict: compatible" in same.stdout
    (tmp_path / "breaking.yaml").write_text(
        variant(("- id: alpha.one.2\n", "- id: alpha.one.22\n")), encoding="utf-8"
    )
    result = cli("diff", "old.yaml", "breaking.yaml", "--format", "json")
    assert result.exit_code == 1
    document = json.loads(result.stdout)  # stdout is only JSON
    assert document["compatible"] is False
    assert document["old"] == {"id": "mini", "version": "1.10.0"}
    assert document["levels"][0]["not_comparable"]["statements"] == ["alpha.one.2"]
    assert document["suggested_version"] == "2.0.0"
    assert {c["change"] for c in document["changes"]} == {"renamed"}


def test_builtin_against_itself_and_unreadable_input(cli: Any, tmp_path: Path) -> None:
    result = cli("diff", "sote-client-work", "sote-client-work")
    assert result.exit_code == 0
    (tmp_path / "broken.yaml").write_text("format: 1\nid: [\n", encoding="utf-8")
    broken = cli("diff", "sote-client-work", "broken.yaml")
    assert broken.exit_code == 2  # 1 would mean "incompatible"
    assert "broken.yaml:" in broken.stderr
    missing = cli("diff", "sote-client-work", "nowhere.yaml")
    assert missing.exit_code == 2
    assert "Traceback" not in broken.output + missing.output


def test_two_different_frameworks_are_not_compatible(tmp_path: Path) -> None:
    result = run_kompetens("diff", "sote-client-work", "client-participation-house", cwd=tmp_path)
    assert result.returncode == 1
    assert "framework id changed" in result.stdout
    assert "level nqf6 removed" in result.stdout
    assert result.stderr == ""


def test_cli_diff_speaks_the_interface_language(cli: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same verdict as in English, worded from the Swedish catalogue."""
    archived = resource_dir("frameworks") / "archive" / "sote-client-work-1.0.0.yaml"
    english = cli("diff", str(archived), "sote-client-work")
    monkeypatch.setenv("KOMPETENS_LANG", "sv")
    swedish = cli("diff", str(archived), "sote-client-work")
    assert english.exit_code == swedish.exit_code == 1
    assert "level nqf7: target 5 → 4 (gaps and statuses are measured from it)" in english.stdout
    assert "nivå nqf7: målet 5 → 4 (gap och status mäts från det)" in swedish.stdout
    assert "Brytande ändringar (resultaten kan inte jämföras):" in swedish.stdout
    assert "Bedömning: INTE kompatibel." in swedish.stdout
    assert "Verdict" not in swedish.stdout
    assert len(english.stdout.splitlines()) == len(swedish.stdout.splitlines())


BETA = TEXT[TEXT.index("  - id: beta\n") :]
ALPHA_TWO = TEXT[TEXT.index("      - id: alpha.two\n") : TEXT.index("  - id: beta\n")]


def _changes(diff: Any, impact: Impact) -> set[tuple[str, str, str, tuple[str, ...]]]:
    return {(c.kind, c.change, c.id, c.levels) for c in diff.of(impact)}


def test_a_removed_area_breaks_every_level_it_was_asked_at(old: Framework) -> None:
    diff = diff_frameworks(old, framework(variant((BETA, ""))))
    both = ("basic", "advanced")
    assert {
        ("area", "removed", "beta", both),
        ("component", "removed", "beta.one", both),
        ("statement", "removed", "beta.one.1", both),
        ("statement", "removed", "beta.one.2", ("advanced",)),
    } == _changes(diff, Impact.BREAKING)
    messages = [c.message for c in diff.of(Impact.BREAKING)]
    assert "area beta removed" in messages
    assert "sub-area beta.one removed (2 statements)" in messages
    for verdict in diff.verdicts:
        assert not verdict.comparable and not verdict.overall
        assert verdict.areas == ("beta",)


def test_an_added_area_and_sub_area_are_warnings(old: Framework) -> None:
    gamma = (
        BETA.replace("beta", "gamma")
        .replace("Beta", "Gamma")
        .replace("Beeta", "Gamma")
        .replace("Jag kan gamma", "Jag kan gamma nu")
    )
    diff = diff_frameworks(old, framework(TEXT + gamma))
    assert diff.compatible
    both = ("basic", "advanced")
    assert {
        ("area", "added", "gamma", both),
        ("component", "added", "gamma.one", both),
    } <= _changes(diff, Impact.WARNING)
    messages = [c.message for c in diff.of(Impact.WARNING)]
    assert "area gamma added: the overall mean now includes it" in messages
    assert "sub-area gamma.one added: its area's mean now includes it" in messages
    verdicts = {v.level: v for v in diff.verdicts}
    assert verdicts["advanced"].added == ("gamma.one.1", "gamma.one.2")
    assert verdicts["basic"].added == ("gamma.one.1",)


def test_a_sub_area_moved_to_another_area_under_a_new_id(old: Framework) -> None:
    """Found by its unchanged title: a rename, and both areas' scores cannot be compared."""
    moved = ALPHA_TWO.replace("alpha.two", "beta.two")
    diff = diff_frameworks(old, framework(variant((ALPHA_TWO, "")) + moved))
    [renamed] = [c for c in diff.changes if c.kind == "component"]
    assert (renamed.impact, renamed.change, renamed.old, renamed.new) == (
        Impact.BREAKING,
        "renamed",
        "alpha.two",
        "beta.two",
    )
    assert renamed.message == "sub-area alpha.two renamed to beta.two in area beta"
    statements = {(c.change, c.old, c.new) for c in diff.changes if c.kind == "statement"}
    assert statements == {
        ("moved", "alpha.two.1", "beta.two.1"),
        ("moved", "alpha.two.2", "beta.two.2"),
    }
    advanced = next(v for v in diff.verdicts if v.level == "advanced")
    assert set(advanced.components) == {"alpha.two", "beta.two"}
    assert set(advanced.areas) == {"alpha", "beta"}
    assert "sub-areas alpha.two, beta.two" in format_text(diff)
