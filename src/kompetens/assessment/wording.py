"""Statement wording for someone rating another person ("The student can …").

Frameworks are written in the first person ("I can …" / "Osaan …" / "Jag kan …"), the
voice of a self-assessment. When a mentor, teacher or peer rates a student, the same
statements are shown in the third person. The third-person text is *generated* from the
first-person one rather than written in the framework, so that a framework keeps one text
per statement and language and the two wordings can never drift apart (docs/assessors.md).

The rules are small and per language. English: "I <verb>" → "The student <verb>s" (with
the usual spelling rules and the modal verbs unchanged: "I can" → "The student can"), and
after it my → their, me → them, I → they. Swedish: "Jag <verb>" → "Studenten <verb>"
(Swedish verbs do not change with the person), and mig → sig, min/mitt/mina →
sin/sitt/sina, jag → hen. Finnish: the opening verb from a table of common verbs ("Osaan"
→ "Opiskelija osaa", "Tunnistan" → "Opiskelija tunnistaa"; Finnish stems change, so no
rule), and the possessive suffix -ni → -nsa/-nsä by vowel harmony. A statement whose
opening the rules do not know is shown whole after a lead-in ("About the student: …"),
which is always grammatical. A test generates the wording of every statement of the
built-in frameworks and checks that no first-person word is left.
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


_EN_MODALS = {"can", "could", "will", "would", "should", "must", "may", "might", "shall"}
_EN_IRREGULAR = {"am": "is", "have": "has", "do": "does", "go": "goes", "be": "is"}
_FI_VERBS = {
    "osaan": "osaa",
    "tunnen": "tuntee",
    "ymmärrän": "ymmärtää",
    "tiedän": "tietää",
    "tunnistan": "tunnistaa",
    "pystyn": "pystyy",
    "kykenen": "kykenee",
    "kehitän": "kehittää",
    "johdan": "johtaa",
    "tutkin": "tutkii",
    "huolehdin": "huolehtii",
    "käytän": "käyttää",
    "otan": "ottaa",
    "teen": "tekee",
    "arvioin": "arvioi",
    "ohjaan": "ohjaa",
    "suunnittelen": "suunnittelee",
    "toimin": "toimii",
    "selitän": "selittää",
    "kuvaan": "kuvaa",
    "kerron": "kertoo",
    "tuen": "tukee",
    "sovellan": "soveltaa",
    "hallitsen": "hallitsee",
    "edistän": "edistää",
    "noudatan": "noudattaa",
    "kirjaan": "kirjaa",
    "varmistan": "varmistaa",
    "osallistun": "osallistuu",
    "hyödynnän": "hyödyntää",
    "vahvistan": "vahvistaa",
    "kunnioitan": "kunnioittaa",
    "valitsen": "valitsee",
    "keskustelen": "keskustelee",
    "koordinoin": "koordinoi",
    "analysoin": "analysoi",
    "perustelen": "perustelee",
    "sovin": "sopii",
    "neuvon": "neuvoo",
}
"""First-person verbs a Finnish statement may open with, and their third person: Finnish
verbs change their stem (consonant gradation), so a table is safer than a rule."""


def _english_verb(verb: str) -> str:
    """The third-person singular of an English verb ("develop" → "develops")."""
    lower = verb.lower()
    if lower in _EN_MODALS:
        return verb
    if lower in _EN_IRREGULAR:
        return _EN_IRREGULAR[lower]
    if lower.endswith(("s", "sh", "ch", "x", "z", "o")):
        return verb + "es"
    if lower.endswith("y") and len(lower) > 1 and lower[-2] not in "aeiou":
        return verb[:-1] + "ies"
    return verb + "s"


def _english(text: str) -> str | None:
    """ "I <verb> …" → "The student <verb>s …", and my → their etc. after it."""
    words = text.split(" ")
    if len(words) < 3 or words[0] != "I":
        return None
    verb = 1
    while verb < len(words) - 1 and words[verb].endswith("ly"):  # "I regularly reflect"
        verb += 1
    if not words[verb].isalpha():
        return None
    rest = _swap_words(" ".join(words[verb + 1 :]), _EN_WORDS)
    lead = " ".join([*words[1:verb], _english_verb(words[verb])])
    return f"The student {lead} {rest}"


def _swedish(text: str) -> str | None:
    """ "Jag <verb> …" → "Studenten <verb> …" (Swedish verbs do not change with the person),
    and mig → sig, min → sin etc. after it."""
    if not text.startswith("Jag "):
        return None
    return "Studenten " + _swap_words(text[len("Jag ") :], _SV_WORDS)


def _finnish_possessive(word: str) -> str:
    """`yksikköni` → `yksikkönsä`, `toimintaani` → `toimintaansa`: the first-person
    possessive suffix to the third person, with the stem's vowel harmony."""
    back = any(ch in _BACK_VOWELS for ch in word)
    return word[:-2] + ("nsa" if back else "nsä")


def _finnish(text: str) -> str | None:
    """ "Osaan …" → "Opiskelija osaa …" for the verbs in `_FI_VERBS`, and the possessive
    suffix -ni → -nsa/-nsä after it."""
    first, _, rest = text.partition(" ")
    verb = _FI_VERBS.get(first.lower())
    if verb is None or not rest:
        return None

    def swap(match: re.Match[str]) -> str:
        word = match.group(0)
        if word.lower() in _FI_NOT_POSSESSIVE:
            return word
        return _finnish_possessive(word)

    return f"Opiskelija {verb} " + _FI_SUFFIX.sub(swap, rest)


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
