"""One list of the columns that name a person, read the way every header is read: the
column reader and the privacy rule (never group by a person) agree on what a person
column is, however a survey tool spells it."""

from __future__ import annotations

import pytest

from kompetens.cohort.headers import find_roles
from kompetens.cohort.privacy import identifying_column


@pytest.mark.parametrize(
    "header",
    [
        "User full name",  # Moodle
        "Käyttäjän koko nimi",
        "Användarens fullständiga namn",
        "E-mail address:",
        "Sähköpostiosoite",
        "E_post",
        "Student-ID",
        "ID number",
        "Surname",
        "Henkilötunnus",
        "Puhelin",
        "\ufeffName",
    ],
)
def test_person_columns_are_identifying_however_spelt(header: str) -> None:
    assert identifying_column(header)


@pytest.mark.parametrize("header", ["Kampus", "Group", "Luokka", "Response ID", "Level"])
def test_group_and_system_columns_are_not(header: str) -> None:
    assert not identifying_column(header)


def test_the_id_column_is_identifying_in_any_spelling() -> None:
    assert identifying_column("kampus", "KAMPUS ")
    assert identifying_column("Opiskelija-nro", "opiskelija nro")


def test_every_person_column_the_reader_finds_is_identifying() -> None:
    headers = ["Sähköposti", "Käyttäjänimi", "Opiskelijanumero", "Koko nimi", "Taso", "Ryhmä"]
    roles = find_roles(headers)
    people = [roles.email, roles.username, roles.respondent, roles.name]
    assert None not in people
    assert all(identifying_column(headers[index]) for index in people if index is not None)
    assert roles.level is not None and not identifying_column(headers[roles.level])
