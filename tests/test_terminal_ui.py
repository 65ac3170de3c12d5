"""The assessment screen driven key by key in-process: what the student sees and what is saved.

The same screens run in a real pseudo-terminal in test_assess_terminal.py; here a scripted key
source stands in for the keyboard, so each key's effect is checked on its own.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from rich.console import Console

from kompetens.assessment.session import Session, new_result
from kompetens.cli.assess_terminal import Outcome, TerminalAssessment
from kompetens.cli.keys import KeySource, TerminalKeys
from kompetens.cli.safe_console import SafeConsole
from kompetens.framework.validation import load_framework
from kompetens.model import Assessor, Framework, Respondent
from kompetens.text.i18n import Messages
from tests.conftest import MINIMAL
from tests.scripted_keys import INTERRUPT, Line, ScriptedKeys

BASIC = ["alpha.one.1", "alpha.one.2", "alpha.two.1", "beta.one.1"]

WITH_NOT_APPLICABLE = MINIMAL.read_text(encoding="utf-8").replace(
    "    label: {en: Can't say, fi: En osaa sanoa, sv: Kan inte säga}\n",
    "    label: {en: Can't say, fi: En osaa sanoa, sv: Kan inte säga}\n"
    "  not_applicable:\n"
    "    label: {en: Does not apply to us, fi: Ei koske meitä, sv: Gäller inte oss}\n"
    "    description: {en: Our unit does not do this, fi: Yksikkö ei tee tätä, sv: Inte hos oss}\n",
)


@dataclass
class Screen:
    """One assessment on a console that writes into a string, and every saved state."""

    ui: TerminalAssessment
    out: io.StringIO
    saved: list[dict[str, Any]] = field(default_factory=list)

    @property
    def text(self) -> str:
        return self.out.getvalue()

    @property
    def last_saved(self) -> dict[str, Any]:
        assert self.saved, "nothing was saved"
        return self.saved[-1]


def _framework(tmp_path: Any, text: str | None) -> Framework:
    path = MINIMAL
    if text is not None:
        path = tmp_path / "framework.yaml"
        path.write_text(text, encoding="utf-8")
    framework, diagnostics = load_framework(path)
    assert framework is not None, diagnostics
    return framework


@pytest.fixture
def screen(tmp_path: Any) -> Callable[..., Screen]:
    """`screen(keys, language=, level=, framework_text=, width=, role=)`: a new assessment."""

    def make(
        keys: KeySource,
        *,
        language: str = "en",
        level: str = "basic",
        framework_text: str | None = None,
        width: int = 110,
        role: str = "self",
    ) -> Screen:
        framework = _framework(tmp_path, framework_text)
        result = new_result(framework, level, language, Respondent(id="s1"))
        if role != "self":
            result.assessor = Assessor(role=role, name="Maija Mentor")  # type: ignore[arg-type]
        out = io.StringIO()
        console = SafeConsole(file=out, width=width, color_system=None, highlight=False)
        session = Session(framework, result)
        shown = Screen(ui=None, out=out)  # type: ignore[arg-type]

        def save() -> None:
            shown.saved.append(result.model_dump(mode="json"))

        shown.ui = TerminalAssessment(session, Messages(language), console, save, keys)
        return shown

    return make


def _answers(saved: dict[str, Any]) -> dict[str, Any]:
    return {key: (a["rating"], a.get("note")) for key, a in saved["answers"].items()}


def test_a_rating_key_answers_saves_and_moves_to_the_next_statement(
    screen: Callable[..., Screen],
) -> None:
    shown = screen(ScriptedKeys("3", "q"))
    assert shown.ui.run() is Outcome.QUIT
    assert "Area 1/2: Alpha" in shown.text
    assert "Sub-area: Alpha one" in shown.text and "Does one" in shown.text
    assert "area 1/2 · statement 1/4" in shown.text
    assert "I can do one" in shown.text
    assert "→ 3 Independently" in shown.text
    assert "statement 2/4" in shown.text and "I can explain one" in shown.text
    assert _answers(shown.last_saved) == {"alpha.one.1": (3, None)}


def test_the_legend_lists_every_key_of_the_scale(screen: Callable[..., Screen]) -> None:
    shown = screen(ScriptedKeys("q"))
    shown.ui.run()
    for item in ("1 Not yet", "2 With support", "3 Independently", "4 I guide others"):
        assert item in shown.text
    assert "c Can't say" in shown.text
    assert "q save and quit" in shown.text


def test_back_shows_the_earlier_answer_and_a_new_key_replaces_it(
    screen: Callable[..., Screen],
) -> None:
    keys = ScriptedKeys("3", "b", "4", "q")
    shown = screen(keys)
    shown.ui.run()
    assert shown.text.count("statement 1/4") == 2
    assert "→ 3 Independently" in shown.text.split("statement 1/4")[2]  # shown on return
    assert "→ 4 I guide others" in shown.text
    assert _answers(shown.last_saved) == {"alpha.one.1": (4, None)}
    assert keys.left == 0


def test_back_on_the_first_statement_says_so_and_stays(screen: Callable[..., Screen]) -> None:
    shown = screen(ScriptedKeys("b", "2", "q"))
    shown.ui.run()
    assert "This is the first statement." in shown.text
    assert _answers(shown.last_saved) == {"alpha.one.1": (2, None)}


@pytest.mark.parametrize("key", ["c", "C", "e", "k", "-"])
def test_every_cant_say_key_records_cant_say(screen: Callable[..., Screen], key: str) -> None:
    shown = screen(ScriptedKeys(key, "q"))
    shown.ui.run()
    assert "→ Can't say" in shown.text
    assert _answers(shown.last_saved) == {"alpha.one.1": (None, None)}


def test_zero_is_explained_not_taken_for_a_rating(screen: Callable[..., Screen]) -> None:
    shown = screen(ScriptedKeys("0", "q"))
    shown.ui.run()
    assert '0 is not a rating: the scale starts at 1 ("Not yet")' in shown.text
    assert "press c" in shown.text
    assert shown.last_saved["answers"] == {}


@pytest.mark.parametrize("key", ["9", "z", "\x1b", "x"])
def test_any_other_key_lists_the_keys_and_answers_nothing(
    screen: Callable[..., Screen], key: str
) -> None:
    shown = screen(ScriptedKeys(key, "q"))
    shown.ui.run()
    assert "Press 1–4, c (can't say), n, b, ? or q." in shown.text
    assert shown.text.count("statement 1/4") == 1  # still the same statement
    assert shown.last_saved["answers"] == {}


def test_x_records_does_not_apply_where_the_scale_has_it(screen: Callable[..., Screen]) -> None:
    shown = screen(ScriptedKeys("X", "q"), framework_text=WITH_NOT_APPLICABLE)
    shown.ui.run()
    assert "x Does not apply to us" in shown.text  # in the legend
    assert "→ Does not apply to us" in shown.text
    answer = shown.last_saved["answers"]["alpha.one.1"]
    assert answer["rating"] is None and answer["not_applicable"] is True


def test_a_note_is_saved_keystroke_by_keystroke_then_confirmed(
    screen: Callable[..., Screen],
) -> None:
    keys = ScriptedKeys("n", Line("Led a care meeting"), "2", "q")
    shown = screen(keys)
    shown.ui.run()
    assert keys.prompts == ["Note or evidence for this statement: "]
    # every keystroke was saved, so a half-typed note survives a closed terminal
    assert [s["notes"].get("alpha.one.1") for s in shown.saved[:3]] == ["L", "Le", "Led"]
    assert "Note saved; now rate the statement." in shown.text
    assert _answers(shown.last_saved) == {"alpha.one.1": (2, "Led a care meeting")}


def test_ctrl_c_inside_a_note_keeps_what_was_typed(screen: Callable[..., Screen]) -> None:
    shown = screen(ScriptedKeys("n", Line("half a no", interrupted=True)))
    with pytest.raises(KeyboardInterrupt):
        shown.ui.run()
    assert shown.last_saved["notes"] == {"alpha.one.1": "half a no"}
    assert "Note saved" not in shown.text


def test_a_pending_note_is_shown_and_offered_for_editing(screen: Callable[..., Screen]) -> None:
    keys = ScriptedKeys("n", Line("first"), "n", Line(", second"), "d", "q")
    shown = screen(keys)
    shown.ui.run()
    assert keys.defaults == ["", "first"]
    assert shown.last_saved["notes"] == {"alpha.one.1": "first, second"}
    assert "Your note: first, second" in shown.text  # the statement drawn again after d


def test_question_mark_shows_the_scale_then_the_statement_again(
    screen: Callable[..., Screen],
) -> None:
    shown = screen(ScriptedKeys("?", "q"), framework_text=WITH_NOT_APPLICABLE)
    shown.ui.run()
    help_text = shown.text.split("Scale", 1)[1]
    assert "1 Not yet" in help_text
    assert "x Does not apply to us: Our unit does not do this" in help_text
    assert "I can do one" in help_text  # the statement again below the scale
    assert "Area 1/2" not in help_text  # without the area header


def test_d_shows_the_sub_area_description_again(screen: Callable[..., Screen]) -> None:
    shown = screen(ScriptedKeys("d", "q"))
    shown.ui.run()
    assert shown.text.count("Does one") == 2
    assert shown.text.count("I can do one") == 2


def test_q_saves_and_quits_before_the_end(screen: Callable[..., Screen]) -> None:
    keys = ScriptedKeys("3", "Q", "4")
    shown = screen(keys)
    assert shown.ui.run() is Outcome.QUIT
    assert keys.left == 1  # nothing after q was read
    assert _answers(shown.last_saved) == {"alpha.one.1": (3, None)}


def test_a_whole_assessment_with_reflections_finishes(screen: Callable[..., Screen]) -> None:
    keys = ScriptedKeys(
        "123",  # the three Alpha statements
        "3",  # at the reflection: a rating typed ahead is not taken for a skip
        "r",
        Line("I grew in alpha"),
        "4",  # the Beta statement
        "\r",  # skip Beta's reflection
    )
    shown = screen(keys)
    assert shown.ui.run() is Outcome.FINISHED
    assert 'Reflection on "Alpha"' in shown.text
    assert "Press r to write a reflection, Enter to skip it" in shown.text
    assert keys.prompts == ["Your reflection (Enter when done): "]
    assert "Area 2/2: Beta" in shown.text
    saved = shown.last_saved
    assert _answers(saved) == {
        sid: (rating, None) for sid, rating in zip(BASIC, [1, 2, 3, 4], strict=True)
    }
    assert saved["reflections"] == {"alpha": "I grew in alpha"}
    assert shown.ui.session.finished


def test_back_from_a_reflection_returns_to_the_last_statement(
    screen: Callable[..., Screen],
) -> None:
    shown = screen(ScriptedKeys("123", "b", "4", "q"))
    shown.ui.run()
    assert shown.text.count("statement 3/4") == 2
    assert _answers(shown.last_saved)["alpha.two.1"] == (4, None)


def test_q_at_a_reflection_saves_and_quits(screen: Callable[..., Screen]) -> None:
    keys = ScriptedKeys("123", "q", "4")
    shown = screen(keys)
    assert shown.ui.run() is Outcome.QUIT
    assert keys.left == 1
    assert len(shown.last_saved["answers"]) == 3


def test_a_closed_terminal_ends_the_run_with_everything_saved(
    screen: Callable[..., Screen],
) -> None:
    shown = screen(ScriptedKeys("32"))  # then the input ends
    with pytest.raises(EOFError):
        shown.ui.run()
    assert _answers(shown.last_saved) == {"alpha.one.1": (3, None), "alpha.one.2": (2, None)}


def test_ctrl_c_between_keys_leaves_the_answers_before_it_saved(
    screen: Callable[..., Screen],
) -> None:
    shown = screen(ScriptedKeys("4", INTERRUPT))
    with pytest.raises(KeyboardInterrupt):
        shown.ui.run()
    assert _answers(shown.last_saved) == {"alpha.one.1": (4, None)}


def test_the_screen_speaks_finnish_with_its_own_cant_say_key(
    screen: Callable[..., Screen],
) -> None:
    shown = screen(ScriptedKeys("e", "0", "5", "q"), language="fi")
    shown.ui.run()
    assert "Osaan tehdä yhden" in shown.text
    assert "e En osaa sanoa" in shown.text
    assert "→ En osaa sanoa" in shown.text
    finnish = Messages("fi")
    assert finnish("assess.invalid_key", low=1, high=4, cant_say_key="e") in shown.text
    zero = finnish("assess.zero_is_not_a_rating", low=1, low_label="Ei vielä", cant_say_key="e")
    assert zero in shown.text


def test_swedish_uses_k_for_cant_say(screen: Callable[..., Screen]) -> None:
    shown = screen(ScriptedKeys("k", "q"), language="sv")
    shown.ui.run()
    assert "Jag kan göra ett" in shown.text
    assert "→ Kan inte säga" in shown.text


@pytest.mark.parametrize(
    ("language", "third", "first"),
    [
        ("en", "The student can do one", "I can do one"),
        ("fi", "Opiskelija osaa tehdä yhden", "Osaan"),
    ],
)
def test_a_mentor_reads_the_statements_about_the_student(
    screen: Callable[..., Screen], language: str, third: str, first: str
) -> None:
    shown = screen(ScriptedKeys("2", "q"), language=language, role="mentor")
    shown.ui.run()
    assert third in shown.text
    assert first not in shown.text
    assert _answers(shown.last_saved) == {"alpha.one.1": (2, None)}


def test_a_narrow_terminal_never_splits_a_key_from_its_label(
    screen: Callable[..., Screen],
) -> None:
    shown = screen(ScriptedKeys("q"), width=24)
    shown.ui.run()
    lines = shown.text.splitlines()
    for item in ("1 Not yet", "2 With support", "3 Independently", "4 I guide others"):
        assert any(item in line for line in lines), item
    assert all(len(line) <= 24 for line in lines)


def test_the_real_keyboard_is_the_default_key_source(minimal: Framework) -> None:
    result = new_result(minimal, "basic", "en")
    console = Console(file=io.StringIO())
    ui = TerminalAssessment(Session(minimal, result), Messages("en"), console, lambda: None)
    assert isinstance(ui.keys, TerminalKeys)
