"""The built-in client-work framework: the structure and facts a curriculum relies on."""

from __future__ import annotations

import re

from kompetens.framework.catalog import builtin_frameworks
from kompetens.model import Framework

AREAS = {
    "client-centredness": ["implementing", "participation", "communication"],
    "guidance": ["service-guidance", "interaction", "methods"],
    "service-system": ["structure", "service-guidance", "development"],
    "legislation-ethics": ["responsibility", "data-protection-ethics"],
}

STATUTES = {
    "785/1992",  # Act on the Status and Rights of Patients (the source's "758/1992" is a typo)
    "812/2000",
    "1326/2010",
    "1301/2014",
    "611/2021",
    "731/1999",
    "410/2015",
    "2016/679",
    "1050/2018",
    "703/2023",
    "612/2021",  # Act on Organising Social Welfare and Health Care
    "559/1994",  # Act on Health Care Professionals
    "817/2015",  # Act on Social Welfare Professionals
    "741/2023",  # Act on the Supervision of Social Welfare and Health Care
}


def test_four_areas_and_eleven_sub_areas(builtin: Framework) -> None:
    assert {a.id: [c.id.split(".", 1)[1] for c in a.components] for a in builtin.areas} == AREAS
    assert builtin.level_ids == ["nqf6", "nqf7"]
    assert builtin.languages == ["fi", "sv", "en"]


def test_three_to_five_statements_per_level_in_every_sub_area(builtin: Framework) -> None:
    for component in builtin.components():
        for level in builtin.level_ids:
            count = len(component.statements_for(level))
            assert 3 <= count <= 5, f"{component.id} has {count} statements at {level}"


def test_nqf7_adds_statements_of_its_own_everywhere(builtin: Framework) -> None:
    for component in builtin.components():
        only_nqf7 = [s for s in component.statements if s.levels == ["nqf7"]]
        assert len(only_nqf7) >= 1, component.id


def test_statements_are_first_person_in_every_language(builtin: Framework) -> None:
    for statement in builtin.statement_index.values():
        text = statement[2].text
        assert text["en"].startswith("I "), statement[2].id
        assert text["sv"].startswith("Jag "), statement[2].id
        assert text["fi"].split()[0].endswith(("n", "n,")), statement[2].id  # Osaan, Pystyn…


def test_every_sub_area_has_descriptors_and_guidance_in_all_languages(builtin: Framework) -> None:
    for component in builtin.components():
        assert set(component.descriptors) == {"nqf6", "nqf7"}
        for text in [*component.descriptors.values(), component.guidance, component.description]:
            assert text is not None
            assert set(text) == {"fi", "sv", "en"}, component.id


def test_legislation_references_use_the_correct_statute_numbers() -> None:
    text = builtin_frameworks()["sote-client-work"].read_text(encoding="utf-8")
    numbers = set(re.findall(r"\b\d{3,4}/\d{3,4}\b", text))
    assert "758/1992" not in numbers
    assert numbers == STATUTES, numbers ^ STATUTES


def test_scale_and_targets(builtin: Framework) -> None:
    assert builtin.scale.values == [1, 2, 3, 4, 5]
    assert builtin.scale.cant_say is not None
    # Both levels aim at 4 ("also in complex situations"); 5 is above every target.
    assert builtin.level("nqf6").target == 4
    assert builtin.level("nqf7").target == 4
    assert builtin.source is not None and "Sotetie" in (builtin.source.authors or "")
