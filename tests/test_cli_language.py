"""`--help` and usage errors speak the user's language: every command and option has its
text in the fi/sv/en catalogues, and the language comes from --lang, KOMPETENS_LANG or the
locale."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
import typer.core
import typer.main

from kompetens.cli.app import app
from kompetens.cli.help_texts import ROOT, interface_language, run
from kompetens.text.language import INTERFACE_LANGUAGES
from tests.conftest import run_kompetens

MESSAGES = Path(__file__).resolve().parents[1] / "src" / "kompetens" / "messages" / "cli"


def _catalogue(language: str) -> dict[str, str]:
    data: dict[str, str] = json.loads((MESSAGES / f"{language}.json").read_text("utf-8"))
    return data


def _help_keys() -> dict[str, str]:
    """Every command's and parameter's catalogue key, with the English help in the code."""
    keys: dict[str, str] = {}

    def walk(command: Any, path: str) -> None:
        keys[f"cli.{path}"] = command.help or ""
        for parameter in command.params:
            if getattr(parameter, "help", None) is not None:
                keys[f"cli.{path}.{parameter.name}"] = parameter.help
        for name, sub in getattr(command, "commands", {}).items():
            walk(sub, name)

    walk(typer.main.get_command(app), ROOT)
    return keys


@pytest.mark.parametrize("language", INTERFACE_LANGUAGES)
def test_every_command_and_option_has_its_help_in_every_catalogue(language: str) -> None:
    catalogue = _catalogue(language)
    missing = sorted(key for key in _help_keys() if key not in catalogue)
    assert not missing, (
        f"messages/cli/{language}.json lacks {missing} "
        "(see the docstring of kompetens/cli/help_texts.py)"
    )


def test_the_english_catalogue_says_what_the_code_says() -> None:
    """The catalogue is what users see (English included); a help text changed in the
    code must be changed in the catalogues too, or English readers would see the old one."""
    english = _catalogue("en")
    stale = sorted(key for key, text in _help_keys().items() if english.get(key) != text)
    assert not stale, (
        f"messages/cli/*.json have old texts for {stale}: update en, fi and sv "
        "(see the docstring of kompetens/cli/help_texts.py)"
    )


def test_no_catalogue_text_belongs_to_an_option_that_is_gone() -> None:
    keys = _help_keys()
    commands = {key.split(".")[1] for key in keys}
    orphans = [
        key
        for key in _catalogue("en")
        if key.count(".") == 2 and key.split(".")[1] in commands and key not in keys
    ]
    assert not orphans


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_the_translations_are_not_english(language: str) -> None:
    english, translated = _catalogue("en"), _catalogue(language)
    same = [
        key
        for key in _help_keys()
        if translated[key] == english[key] and not key.endswith((".fmt", ".name", ".to"))
    ]
    assert not same, same


def _help(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str, env: str
) -> str:
    monkeypatch.setattr(typer.core, "_", typer.core._)  # type: ignore[attr-defined]
    monkeypatch.setenv("KOMPETENS_LANG", env)
    code = run(app, [*args, "--help"])
    assert code == 0
    return capsys.readouterr().out


@pytest.mark.parametrize("command", sorted({key.split(".")[1] for key in _help_keys()} - {ROOT}))
@pytest.mark.parametrize("language", ["fi", "sv"])
def test_every_help_page_is_in_the_language(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    command: str,
    language: str,
) -> None:
    # click rewraps text (also after a hyphen): compare without any whitespace
    shown = "".join(_help(monkeypatch, capsys, command, env=language).split())
    catalogue, english = _catalogue(language), _catalogue("en")
    for key, text in catalogue.items():
        if key.startswith(f"cli.{command}.") or key == f"cli.{command}":
            first = "".join(text.split("\n\n")[0].split())[:60]
            assert first in shown, (key, first)
            if english[key] != text:
                assert "".join(english[key].split())[:60] not in shown
    assert catalogue["cli.word.options"] in shown


def test_kompetens_lang_fi_assess_help_is_finnish(tmp_path: Path) -> None:
    shown = run_kompetens("assess", "--help", cwd=tmp_path, env={"KOMPETENS_LANG": "fi"})
    assert shown.returncode == 0
    assert shown.stdout.startswith("Käyttö: kompetens assess [VALINNAT] [FRAMEWORK]")
    text = " ".join(shown.stdout.split())
    assert "Arvioi itsesi osaamiskehystä vasten" in text
    assert "Taso, jota vasten arvioit (esim. nqf6)" in text
    assert "Näytä tämä ohje ja lopeta." in text
    assert "Level to assess against" not in text
    assert "Options" not in text


def test_kompetens_lang_sv_report_help_is_swedish(tmp_path: Path) -> None:
    shown = run_kompetens("report", "--help", cwd=tmp_path, env={"KOMPETENS_LANG": "sv"})
    assert shown.returncode == 0
    text = " ".join(shown.stdout.split())
    assert text.startswith("Användning: kompetens report [ALTERNATIV]")
    assert "Ett tidigare resultat att jämföra med." in text
    assert "obligatoriskt" in text
    assert "An earlier result" not in text


def test_lang_option_beats_the_environment_for_help(tmp_path: Path) -> None:
    shown = run_kompetens(
        "report", "--lang", "sv", "--help", cwd=tmp_path, env={"KOMPETENS_LANG": "fi"}
    )
    assert "Användning:" in shown.stdout


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["assess", "--resume"], "Virhe: valinta '--resume' tarvitsee arvon."),
        (["report", "--nope", "x.yaml"], "Virhe: valintaa --nope ei ole."),
        (["report"], "Virhe: 'RESULT' puuttuu."),
        (
            ["report", "x.yaml", "--format", "pdf"],
            "'pdf' ei ole mikään näistä: 'term', 'md', 'html', 'json'.",
        ),
        (["asses"], "Virhe: komentoa 'asses' ei ole. Tarkoititko: 'assess'?"),
        (["diff", "a.yaml", "b.yaml", "c.yaml"], "Virhe: ylimääräisiä argumentteja: c.yaml"),
        (["report", "a.yaml", "b.yaml"], "report ottaa yhden tuloksen (annettu 2)"),
    ],
)
def test_usage_errors_are_finnish_and_exit_2(
    tmp_path: Path, args: list[str], expected: str
) -> None:
    shown = run_kompetens(*args, cwd=tmp_path, env={"KOMPETENS_LANG": "fi"})
    assert shown.returncode == 2
    assert expected in shown.stderr
    assert "Error" not in shown.stderr
    assert "Traceback" not in shown.stderr


def test_usage_errors_show_the_usage_line_and_where_help_is(tmp_path: Path) -> None:
    shown = run_kompetens("report", cwd=tmp_path, env={"KOMPETENS_LANG": "sv"})
    assert shown.stderr.splitlines()[:2] == [
        "Användning: kompetens report [ALTERNATIV] {RESULT}...",
        "Hjälp: 'kompetens report --help'.",
    ]


@pytest.mark.parametrize(
    ("argv", "environ", "expected"),
    [
        (["report", "--lang", "sv"], {"KOMPETENS_LANG": "fi"}, "sv"),
        (["report", "--lang=fi"], {}, "fi"),
        (["report"], {"KOMPETENS_LANG": "sv"}, "sv"),
        (["report"], {"LANG": "fi_FI.UTF-8"}, "fi"),
        (["report", "--lang", "de"], {"LANG": "C.UTF-8"}, "en"),
    ],
)
def test_interface_language(argv: list[str], environ: dict[str, str], expected: str) -> None:
    assert interface_language(argv, environ) == expected


def test_the_program_still_runs_its_commands(tmp_path: Path) -> None:
    shown = run_kompetens("frameworks", "--format", "json", cwd=tmp_path)
    assert shown.returncode == 0, shown.stderr
    assert json.loads(shown.stdout)
    assert os.environ.get("KOMPETENS_DEBUG") is None


def test_show_speaks_the_language_of_the_text(tmp_path: Path) -> None:
    shown = run_kompetens("show", "--level", "nqf6", "--lang", "fi", cwd=tmp_path)
    assert shown.returncode == 0, shown.stderr
    assert "Asteikko" in shown.stdout and "(tavoite 4)" in shown.stdout
    assert "Scale" not in shown.stdout and "target" not in shown.stdout
    swedish = run_kompetens("show", "--level", "nqf6", "--lang", "sv", cwd=tmp_path)
    assert "Skala" in swedish.stdout and "(mål 4)" in swedish.stdout


def test_cohort_rejection_reasons_follow_the_language(tmp_path: Path) -> None:
    examples = Path(__file__).resolve().parents[1] / "examples" / "cohort"
    done = run_kompetens("score", str(examples), "--level", "nqf6", "--lang", "fi", cwd=tmp_path)
    assert done.returncode == 1
    assert "[draft] completed: luonnos: itsearviointia ei viety loppuun" in done.stderr
    assert "the self-assessment was not completed" not in done.stderr
    assert "[wrong-level] level: tulos on tasolta 'nqf7'" in done.stderr
