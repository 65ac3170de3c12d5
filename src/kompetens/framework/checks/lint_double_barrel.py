"""`double-barrel`: two verbs joined with and / och / ja ask two things in one statement, and
a respondent who does one but not the other cannot answer with one number.

A heuristic, not a parser: a conjunction followed by a word that is a verb. Verbs are known
from a list of common ones per language, from the framework's own statements (the word
after "I can" / "Jag kan" / "Osaan", the verb of "I …" and "We …"), and in Finnish from the
first-person plural ending (-mme). A false alarm is silenced per statement with a reason.
"""

from __future__ import annotations

from collections.abc import Iterator

from kompetens.framework.checks.finding import Finding
from kompetens.framework.checks.lint import LintOptions, iter_statements, words
from kompetens.framework.diagnostics import Severity
from kompetens.model.framework import Framework

CODE = "double-barrel"

CONJUNCTIONS = {"en": {"and"}, "sv": {"och"}, "fi": {"ja"}}
_SKIP = {
    "en": {"also", "then", "i", "we", "can", "to"},
    "sv": {"även", "också", "sedan", "jag", "vi", "kan", "att"},
    "fi": {"myös", "sitten", "osaan", "voin"},
}
_MODALS = {"en": ("i", "can"), "sv": ("jag", "kan"), "fi": ("osaan",)}

_EN = """act adapt agree analyse apply appraise arrange ask assess build choose collect
        combine compare consult coordinate create decide define describe design develop
        discuss document draw ensure evaluate explain facilitate find follow give guide
        handle help identify implement improve inform interpret introduce involve justify
        keep lead listen make manage measure monitor name offer organise plan prepare
        present promote propose raise recognise record refer reflect report represent
        respect review seek select share show solve summarise support take teach tell test
        train turn update use work write"""
_SV = """agera analysera använda arbeta beakta bedöma berätta beskriva besluta bygga
        dela diskutera dokumentera erbjuda fatta följa förbereda förbättra förklara
        förmedla genomföra ge granska handleda hantera hjälpa identifiera informera
        involvera jämföra känna koordinera leda lyssna lösa motivera organisera planera
        presentera rapportera reflektera respektera samla sammanfatta samordna skapa
        skriva stödja sträva ta tillämpa tolka uppdatera utvärdera utveckla visa välja
        vägleda öva"""
_FI = """antaa arvioida auttaa dokumentoida edistää ehdottaa esitellä hakea hyödyntää
        johtaa kehittää kertoa keskustella kirjata koordinoida koota kuunnella kuvata
        käyttää käsitellä laatia muuttaa neuvoa nimetä noudattaa ohjata ottaa perustella
        raportoida ratkaista seurata selittää selvittää soveltaa suunnitella tehdä tiivistää
        toimia toteuttaa tukea tulkita tunnistaa tuoda valita varmistaa verrata viedä
        vähentää yhdistää"""

COMMON_VERBS = {"en": set(_EN.split()), "sv": set(_SV.split()), "fi": set(_FI.split())}


def framework_verbs(framework: Framework) -> dict[str, set[str]]:
    """The verbs the framework's own statements use, after the modal or the pronoun."""
    found: dict[str, set[str]] = {language: set() for language in COMMON_VERBS}
    for _, statement in iter_statements(framework):
        for language, text in statement.text.items():
            if language not in found:
                continue
            first = words(text)
            modal = _MODALS[language]
            if tuple(first[: len(modal)]) == modal and len(first) > len(modal):
                found[language].add(first[len(modal)])
            elif language in ("en", "sv") and len(first) > 1 and first[0] in ("i", "we", "vi"):
                found[language].add(first[1])
    return found


_POSSESSIVE_CASES = tuple(
    case + "mme"
    for case in ("ssa", "ssä", "sta", "stä", "lla", "llä", "lta", "ltä", "lle", "ksi", "na", "nä")
)


def _finnish_we_verb(word: str) -> bool:
    """`teemme`, `kirjaamme` (we do, we record), not `työryhmissämme` (in our groups)."""
    return word.endswith("mme") and not word.endswith(_POSSESSIVE_CASES)


def second_verb(language: str, text: str, verbs: set[str]) -> str | None:
    """The verb after a conjunction, when the text joins two verbs; else None."""
    if language not in CONJUNCTIONS:
        return None
    found = words(text)
    for index, word in enumerate(found):
        if word not in CONJUNCTIONS[language]:
            continue
        for following in found[index + 1 : index + 3]:
            if following in _SKIP[language]:
                continue
            if following in verbs or (language == "fi" and _finnish_we_verb(following)):
                return following
            break
    return None


def check_double_barrel(framework: Framework, options: LintOptions) -> Iterator[Finding]:
    own = framework_verbs(framework)
    verbs = {language: COMMON_VERBS[language] | own[language] for language in COMMON_VERBS}
    for loc, statement in iter_statements(framework):
        if options.respect_silence and CODE in statement.silence:
            continue
        hits = {
            language: verb
            for language, text in statement.text.items()
            if (verb := second_verb(language, text, verbs.get(language, set()))) is not None
        }
        if hits:
            language, verb = next(iter(hits.items()))
            also = f"; also in {', '.join(list(hits)[1:])}" if len(hits) > 1 else ""
            conjunction = next(iter(CONJUNCTIONS[language]))
            yield Finding(
                (*loc, "text", language),
                CODE,
                f"statement {statement.id} joins two verbs ({language}: '… {conjunction} {verb}'"
                f"{also}): a respondent who does one but not the other cannot answer; "
                "split it or keep one behaviour",
                Severity.WARNING,
            )
