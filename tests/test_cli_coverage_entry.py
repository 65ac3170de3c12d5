"""The program's entry point in-process: version, usage errors in each language, Ctrl-C and
ended input outside the assessment, and an unexpected error as a message, not a traceback."""

from __future__ import annotations

import pytest

from kompetens import __version__
from kompetens.cli import app as app_module
from kompetens.cli.app import app
from kompetens.cli.help_texts import run
from kompetens.text.i18n import Messages


@pytest.fixture(autouse=True)
def _neutral_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    for variable in ("KOMPETENS_LANG", "KOMPETENS_DEBUG", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(variable, raising=False)


def test_version_prints_the_version_and_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(app, ["--version"]) == 0
    assert capsys.readouterr().out == f"kompetens {__version__}\n"


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "Error: option '--force' does not take a value."),
        ("fi", "Virhe: valinnalle '--force' ei anneta arvoa."),
        ("sv", "alternativet '--force' tar inget värde."),
    ],
)
def test_a_value_given_to_a_flag_is_a_usage_error_in_the_language(
    capsys: pytest.CaptureFixture[str], language: str, expected: str
) -> None:
    assert run(app, ["report", "x.yaml", "--force=yes", "--lang", language]) == 2
    assert expected in capsys.readouterr().err


def test_a_value_of_the_wrong_kind_names_the_option(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(app, ["score", "results", "--jobs", "many"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("Usage: kompetens score [OPTIONS]")
    assert "Error: invalid value for '--jobs' / '-j':" in err
    assert "Traceback" not in err


def _interrupt_listing(monkeypatch: pytest.MonkeyPatch, error: BaseException) -> None:
    """`kompetens frameworks` fails inside the core with `error`."""

    def fails() -> dict[str, object]:
        raise error

    monkeypatch.setattr("kompetens.framework.catalog.builtin_frameworks", fails)


def test_ctrl_c_during_a_command_exits_130_without_a_traceback(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _interrupt_listing(monkeypatch, KeyboardInterrupt())
    assert run(app, ["frameworks"]) == 130
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err and captured.out == ""


@pytest.mark.parametrize("language", ["en", "fi", "sv"])
def test_input_ending_during_a_command_says_aborted_in_the_language(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], language: str
) -> None:
    _interrupt_listing(monkeypatch, EOFError())
    monkeypatch.setenv("KOMPETENS_LANG", language)
    assert run(app, ["frameworks"]) == 1
    err = capsys.readouterr().err
    assert err.strip() == Messages(language)("cli.word.aborted")


def test_an_unexpected_error_is_one_message_and_exit_70(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _interrupt_listing(monkeypatch, RuntimeError("catalogue vanished"))
    monkeypatch.setattr("sys.argv", ["kompetens", "frameworks"])
    monkeypatch.setenv("KOMPETENS_LANG", "fi")
    with pytest.raises(SystemExit) as ended:
        app_module.main()
    assert ended.value.code == 70
    err = capsys.readouterr().err
    assert err.startswith("kompetens: sisäinen virhe: RuntimeError: catalogue vanished\n")
    assert "KOMPETENS_DEBUG=1" in err
    assert "Traceback" not in err


def test_kompetens_debug_shows_the_real_error(monkeypatch: pytest.MonkeyPatch) -> None:
    _interrupt_listing(monkeypatch, RuntimeError("catalogue vanished"))
    monkeypatch.setattr("sys.argv", ["kompetens", "frameworks"])
    monkeypatch.setenv("KOMPETENS_DEBUG", "1")
    with pytest.raises(RuntimeError, match="catalogue vanished"):
        app_module.main()


def test_a_normal_run_exits_with_the_commands_code(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.argv", ["kompetens", "frameworks"])
    with pytest.raises(SystemExit) as ended:
        app_module.main()
    assert ended.value.code == 0
    assert "sote-client-work" in capsys.readouterr().out
