"""The built-in frameworks as measurement instruments (version 2): one behaviour per item,
levels that differ in what they ask, a scale whose points do not overlap, one term per
concept in every language."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from kompetens.framework.catalog import builtin_frameworks
from kompetens.framework.checks.glossary import builtin_glossary_path, load_glossary
from kompetens.framework.checks.lint import LintOptions
from kompetens.framework.validation import load_framework
from kompetens.model import Framework

HOUSE = "client-participation-house"


def _load(name: str) -> Framework:
    framework, diagnostics = load_framework(builtin_frameworks()[name])
    assert framework is not None, diagnostics
    return framework


@pytest.mark.parametrize("name", sorted(builtin_frameworks()))
def test_built_ins_pass_strict_lint_and_glossary_without_silences(name: str) -> None:
    glossary, _ = load_glossary(builtin_glossary_path())
    framework, diagnostics = load_framework(
        builtin_frameworks()[name], strict=True, lint=LintOptions(glossary=glossary)
    )
    assert framework is not None and diagnostics == [], [d.as_text() for d in diagnostics]
    assert not any(s.silence for _, _, s in framework.statement_index.values())


def test_validate_builtin_uses_the_glossary_by_default(cli: Any) -> None:
    done = cli("validate", "--builtin", "--strict")
    assert done.exit_code == 0, done.output
    assert "2 files checked: 2 valid" in done.stderr


def test_nqf7_shares_at_most_40_percent_of_its_statements_with_nqf6(builtin: Framework) -> None:
    nqf6 = {s.id for s in builtin.statements_for("nqf6")}
    nqf7 = [s.id for s in builtin.statements_for("nqf7")]
    shared = [sid for sid in nqf7 if sid in nqf6]
    assert len(shared) / len(nqf7) <= 0.4
    for component in builtin.components():
        own = [s for s in component.statements if s.levels == ["nqf7"]]
        assert len(own) >= 3, component.id


def test_scale_point_1_is_not_the_cant_say_answer(builtin: Framework) -> None:
    first = builtin.scale.points[0].description
    cant_say = builtin.scale.cant_say
    assert first is not None and cant_say is not None and cant_say.description is not None
    assert "chance" not in first["en"] and "chance" in cant_say.description["en"]
    assert "tilaisuus" not in first["sv"] and "tillfälle" in cant_say.description["sv"]
    assert "päässyt" not in first["fi"] and "päässyt" in cant_say.description["fi"]


def test_nqf7_target_is_below_the_top_anchor(builtin: Framework) -> None:
    assert builtin.level("nqf7").target < builtin.scale.maximum
    top = builtin.scale.points[-1].description
    assert top is not None and "guide" not in top["en"]


def test_every_sub_area_has_guidance_for_nqf7_of_its_own(builtin: Framework) -> None:
    for component in builtin.components():
        nqf6, nqf7 = component.guidance_for("nqf6"), component.guidance_for("nqf7")
        assert nqf6 is not None and nqf7 is not None and nqf6 != nqf7, component.id
        assert set(nqf7) == {"fi", "sv", "en"}, component.id


def test_nqf_titles_do_not_call_the_uas_degree_a_lower_university_degree(
    builtin: Framework,
) -> None:
    text = Path(builtin_frameworks()["sote-client-work"]).read_text(encoding="utf-8")
    assert "alempi korkeakoulututkinto" not in text and "lägre högskoleexamen" not in text
    assert "bachelor" in builtin.level("nqf6").title["en"]


def test_decided_terms_are_used(builtin: Framework) -> None:
    text = Path(builtin_frameworks()["sote-client-work"]).read_text(encoding="utf-8")
    for avoided in ("interprofessional", "multi-professional", "close ones", "självbedömning"):
        assert avoided not in text, avoided
    responsibility = builtin.statement_index["legislation-ethics.responsibility.5"][1]
    assert "cross-sectoral" in responsibility.title["en"]
    assert "sektorsövergripande" in responsibility.title["sv"]


def test_missing_acts_are_referenced_with_sections(builtin: Framework) -> None:
    titles = [r.title["en"] for c in builtin.components() for r in c.references]
    assert any("741/2023" in t and "section 29" in t for t in titles)
    assert any("559/1994" in t and "section 15" in t for t in titles)
    assert any("817/2015" in t for t in titles)
    assert any("612/2021" in t for t in titles)
    structure = builtin.statement_index["service-system.structure.1"][1]
    assert structure.description is not None and "HUS" in structure.description["en"]
    house = _load(HOUSE)
    house_titles = [r.title["en"] for c in house.components() for r in c.references]
    assert any("434/2003" in t and "section 41" in t for t in house_titles)


def test_house_roof_and_its_not_applicable_answer() -> None:
    house = _load(HOUSE)
    assert house.scale.not_applicable is not None
    assert house.scale.cant_say is not None
    assert "apply" in house.scale.not_applicable.label["en"]
    roof = (
        house.statement_index["organisation-wide.strategy.1"][1]
        if ("organisation-wide.strategy.1" in house.statement_index)
        else next(c for c in house.components() if c.id == "organisation-wide.strategy")
    )
    assert "roof" in roof.title["en"].lower()
    texts = [s.text["en"] for s in roof.statements_for("organisation")]
    assert any("strategy" in t for t in texts)
    assert any("management" in t for t in texts)
    top = house.scale.points[-1]
    assert " and " not in top.label["en"]


def test_readme_states_the_figures_of_the_loaded_framework(builtin: Framework) -> None:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    readme = " ".join(readme.split())
    nqf6 = {s.id for s in builtin.statements_for("nqf6")}
    nqf7 = [s.id for s in builtin.statements_for("nqf7")]
    assert f"{len(builtin.statement_index)} self-assessment statements" in readme
    assert f"{len(nqf6)} asked at NQF 6, {len(nqf7)} at NQF 7" in readme
    assert f"{sum(s in nqf6 for s in nqf7)} of the NQF 7 statements are shared" in readme


def test_framework_sources_names_every_sub_area() -> None:
    text = (Path(__file__).resolve().parents[1] / "docs" / "framework-sources.md").read_text(
        encoding="utf-8"
    )
    for name in builtin_frameworks():
        for component in _load(name).components():
            assert f"`{component.id}`" in text, component.id


def test_validating_the_frameworks_folder_checks_archived_versions_as_published(
    cli: Any,
) -> None:
    folder = builtin_frameworks()["sote-client-work"].parent
    done = cli("validate", "--strict", str(folder))
    assert done.exit_code == 0, done.output
    assert "4 files checked: 4 valid" in done.stderr


def test_nqf6_statements_presume_no_job_of_ones_own(builtin: Framework) -> None:
    for statement in builtin.statements_for("nqf6"):
        text = statement.text["en"]
        assert "my unit" not in text and "work community" not in text, statement.id
