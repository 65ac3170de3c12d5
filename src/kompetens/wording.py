"""Statement wording for someone rating another person ("The student can …").

Frameworks are written in the first person ("I can …" / "Osaan …" / "Jag kan …"), the
voice of a self-assessment. When a mentor, teacher or peer rates a student, the same
statements are shown in the third person. The third-person text is *generated* from the
first-person one rather than written in the framework, so that a framework keeps one text
per statement and language and the two wordings can never drift apart (docs/assessors.md).

The rules are small and per language: the opening ("I can" → "The student can", "Osaan"
→ "Opiskelija osaa", "Jag kan" → "Studenten kan") and the first-person words later in the
sentence (my → their, mig → sig, min → sin, Finnish possessive suffix -ni → -nsa/-nsä).
A statement whose opening the rules do not know is shown whole after a lead-in
("About the student: …"), which is always grammatical. A test generates the wording of
every statement of the built-in frameworks and checks that no first-person word is left.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from kompetens.model import AssessorRole, Statement, localize

_EN_WORDS = {
    "myself": "themselves",
    "my": "their",
    "mine": "theirs",
    "me": "them",
    "i": "they",
    "i'm": "they're",
    "i've": "they've",
}
_SV_WORDS = {
    "jag": "hen",
    "mig": "sig",
    "min": "sin",
    "mitt": "sitt",
    "mina": "sina",
    "själv": "själv",
}
_BACK_VOWELS = frozenset("aouAOU")
_FI_SUFFIX = re.compile(r"\b(\w{3,}?)ni\b")
_FI_NOT_POSSESSIVE = frozenset({"kuni", "vaani", "aini", "ennen", "asti", "saakka"})
"""Words ending in -ni that are not "my …" (a short list; the framework words are tested)."""

_WORD = re.compile(r"\b[\w']+\b")


def _swap_words(text: str, table: Mapping[str, str]) -> str:
    def swap(match: re.Match[str]) -> str:
        word = match.group(0)
        replacement = table.get(word.lower())
        if replacement is None:
            return word
        return replacement.capitalize() if word[0].isupper() and word != "I" else replacement

    return _WORD.sub(swap, text)


def _english(text: str) -> str | None:
    for opening, replacement in (
        ("I can ", "The student can "),
        ("I know ", "The student knows "),
        ("I understand ", "The student understands "),
    ):
        if text.startswith(opening):
            rest = _swap_words(text[len(opening) :], _EN_WORDS)
            return replacement + rest
    return None


def _swedish(text: str) -> str | None:
    for opening, replacement in (
        ("Jag kan ", "Studenten kan "),
        ("Jag förstår ", "Studenten förstår "),
        ("Jag känner ", "Studenten känner "),
    ):
        if text.startswith(opening):
            return replacement + _swap_words(text[len(opening) :], _SV_WORDS)
    return None


def _finnish_possessive(word: str) -> str:
    """`yksikköni` → `yksikkönsä`, `toimintaani` → `toimintaansa`: the first-person
    possessive suffix to the third person, with the stem's vowel harmony."""
    back = any(ch in _BACK_VOWELS for ch in word)
    return word[:-2] + ("nsa" if back else "nsä")


def _finnish(text: str) -> str | None:
    for opening, replacement in (
        ("Osaan ", "Opiskelija osaa "),
        ("Tunnen ", "Opiskelija tuntee "),
        ("Ymmärrän ", "Opiskelija ymmärtää "),
        ("Tiedän ", "Opiskelija tietää "),
    ):
        if text.startswith(opening):
            rest = text[len(opening) :]

            def swap(match: re.Match[str]) -> str:
                word = match.group(0)
                if word.lower() in _FI_NOT_POSSESSIVE:
                    return word
                return _finnish_possessive(word)

            rest = _FI_SUFFIX.sub(swap, rest)
            return replacement + rest
    return None


_RULES: dict[str, Callable[[str], str | None]] = {
    "en": _english,
    "sv": _swedish,
    "fi": _finnish,
}
_LEAD_IN = {"en": "About the student: ", "sv": "Om studenten: ", "fi": "Opiskelijasta: "}


def third_person(text: str, language: str) -> str:
    """The statement as said about the student; a lead-in when the opening is unknown."""
    rule = _RULES.get(language)
    generated = rule(text) if rule else None
    if generated is not None:
        return generated
    return _LEAD_IN.get(language, _LEAD_IN["en"]) + text


def statement_text(
    statement: Statement, language: str, default_language: str, role: AssessorRole = "self"
) -> str:
    """The statement in `language`, in the first person for a self-assessment and in the
    third person when someone else rates the student."""
    text = localize(statement.text, language, default_language)
    if role == "self":
        return text
    shown = language if language in statement.text else default_language
    return third_person(text, shown)
