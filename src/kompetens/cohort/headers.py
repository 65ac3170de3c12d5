"""Which statement a column header is about, whatever the survey tool made of it.

Survey tools do not write statement ids: they write the question text, decorated in their
own way. A header is matched to a statement

1. by a statement id anywhere in it (`guidance.methods.2`, `[guidance.methods.2] Osaan …`);
2. by the statement's text in any of the framework's languages, after taking off what tools
   add around it: numbering (`1.`, `12)`), a question code and arrow (`Q01_name->…`), a
   matrix title (`Matrix title [Osaan …]`: the part in brackets), a label in parentheses
   (`(label) Osaan …`), HTML tags, punctuation, case and spacing;
3. by a near match: the closest statement text when it is clearly closer than every other
   statement (a header trimmed or re-punctuated by a form builder). Near matches are
   reported with how close they are, so a person can check them.

The index is built once per framework and language set and is plain data (picklable).
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from kompetens.model import Framework
from kompetens.model.framework import Statement

NEAR_MATCH = 0.85
"""The least similarity (0–1) for a near match."""
NEAR_MARGIN = 0.06
"""How much closer the best statement must be than the next one."""
PREFIX_MIN = 30
"""A header that is the first characters of exactly one statement text (at least this many)
is a near match: some tools trim long questions."""

_TAGS = re.compile(r"<[^>]*>")
_ID_TOKEN = re.compile(r"[a-z0-9][a-z0-9_-]*(?:\.[a-z0-9_-]+)+")
_NUMBERING = re.compile(r"^\s*(?:[a-z]{0,3}\d+(?:[._]\d+)*[.):]?\s+|\d+(?:\.\d+)*[.)]\s*)", re.I)
_LABEL = re.compile(r"^\s*\(([^()]*)\)\s*")
_BRACKETS = re.compile(r"\[([^\[\]]+)\]\s*$")
_ARROW = re.compile(r"^.*?->\s*")
_PUNCTUATION = re.compile(r"[^\w\s]", re.UNICODE)


def normalise(text: str) -> str:
    """Text for comparing: no tags or character references, no punctuation, one space,
    case folded, NFKC."""
    if "&" in text:
        text = html.unescape(text)
    text = unicodedata.normalize("NFKC", _TAGS.sub(" ", text)).replace("\ufeff", "")
    text = _PUNCTUATION.sub(" ", text.casefold()).replace("_", " ")
    return " ".join(text.split())


def candidates(header: str) -> list[str]:
    """The texts a header may carry a statement in, most specific first."""
    raw = unicodedata.normalize("NFKC", _TAGS.sub(" ", html.unescape(header))).strip()
    found: list[str] = []

    def add(text: str) -> None:
        text = text.strip()
        if text and text not in found:
            found.append(text)

    bracket = _BRACKETS.search(raw)
    if bracket:
        add(bracket.group(1))
    if "->" in raw:
        add(_ARROW.sub("", raw))
    label = _LABEL.match(raw)
    if label:
        add(raw[label.end() :])
    add(_NUMBERING.sub("", raw))
    add(raw)
    return found


@dataclass(frozen=True, slots=True)
class StatementIndex:
    """Every statement of a framework by id and by normalised text (all languages)."""

    ids: frozenset[str]
    by_text: dict[str, tuple[str, ...]]
    """Normalised text → the statements with that text (more than one: ambiguous)."""
    texts: tuple[tuple[str, str], ...]
    """(normalised text, statement id), for near matches."""
    words: tuple[frozenset[str], ...] = ()
    """The words of each of `texts`: a cheap test before the character comparison."""

    @classmethod
    def build(cls, framework: Framework) -> StatementIndex:
        by_text: dict[str, list[str]] = {}
        texts: list[tuple[str, str]] = []
        for statement in all_statements(framework):
            for text in statement.text.values():
                key = normalise(text)
                if not key:
                    continue
                owners = by_text.setdefault(key, [])
                if statement.id not in owners:
                    owners.append(statement.id)
                    texts.append((key, statement.id))
        return cls(
            ids=frozenset(s.id for s in all_statements(framework)),
            by_text={k: tuple(v) for k, v in by_text.items()},
            texts=tuple(texts),
            words=tuple(frozenset(key.split()) for key, _ in texts),
        )


@dataclass(frozen=True, slots=True)
class HeaderMatch:
    """What one header was matched to, and how."""

    statements: tuple[str, ...]
    """Usually one id; two or more when the header matches several (an error)."""
    how: str
    """`id`, `text`, `near` or `map`."""
    similarity: float = 1.0


def _ids_in(header: str, ids: frozenset[str]) -> list[str]:
    found: list[str] = []
    for token in _ID_TOKEN.findall(header.casefold()):
        token = token.strip("._-")
        if token in ids and token not in found:
            found.append(token)
    return found


def _near(text: str, index: StatementIndex) -> HeaderMatch | None:
    """The statement a header nearly matches: the one whose text it starts (a trimmed
    question), else the clearly closest by characters; several when none is clearly
    closest (an error the reader reports)."""
    if len(text) < 12:
        return None
    trimmed = _trimmed_match(text, index)
    if trimmed is not None:
        return trimmed
    best = _similarities(text, index)
    if not best:
        return None
    ranked = sorted(best.items(), key=lambda item: item[1], reverse=True)
    owner, ratio = ranked[0]
    if ratio < NEAR_MATCH:
        return None
    if len(ranked) > 1 and ranked[1][1] > ratio - NEAR_MARGIN:
        return HeaderMatch(tuple(o for o, r in ranked if r > ratio - NEAR_MARGIN), "near", ratio)
    return HeaderMatch((owner,), "near", ratio)


def _trimmed_match(text: str, index: StatementIndex) -> HeaderMatch | None:
    """A long header that is the start of exactly one statement's text, with how much of
    the text it keeps as its similarity."""
    if len(text) < PREFIX_MIN:
        return None
    start = text.rstrip(" .…")
    owners = {owner for key, owner in index.texts if key.startswith(start)}
    if len(owners) != 1:
        return None
    (owner,) = owners
    full = max(len(key) for key, o in index.texts if o == owner)
    return HeaderMatch((owner,), "near", round(len(text) / full, 2))


def _similarities(text: str, index: StatementIndex) -> dict[str, float]:
    """Statement → its best character similarity to `text`, for the statements sharing at
    least half their words with it and passing difflib's cheap upper bounds first."""
    from difflib import SequenceMatcher

    best: dict[str, float] = {}
    matcher = SequenceMatcher(autojunk=False)
    matcher.set_seq2(text)
    words = frozenset(text.split())
    for (key, owner), key_words in zip(index.texts, index.words, strict=True):
        shared = len(words & key_words)
        if shared * 2 < len(words | key_words):  # fewer than half the words in common
            continue
        matcher.set_seq1(key)
        if matcher.real_quick_ratio() < NEAR_MATCH or matcher.quick_ratio() < NEAR_MATCH:
            continue
        ratio = matcher.ratio()
        if ratio > best.get(owner, 0.0):
            best[owner] = ratio
    return best


def match_header(header: str, index: StatementIndex) -> HeaderMatch | None:
    """The statement(s) a header is about, or `None`."""
    if not header.strip():
        return None
    ids = _ids_in(header, index.ids)
    if ids:
        return HeaderMatch(tuple(ids), "id")
    texts = [normalise(text) for text in candidates(header)]
    for text in texts:
        owners = index.by_text.get(text)
        if owners:
            return HeaderMatch(owners, "text")
    for text in texts:
        near = _near(text, index)
        if near is not None:
            return near
    return None


# System columns, by normalised header (case, punctuation and spacing ignored).
EMAIL_NAMES = frozenset(
    normalise(n)
    for n in (
        "email",
        "e-mail",
        "email address",
        "e-mail address",
        "sähköposti",
        "sähköpostiosoite",
        "e-post",
        "e-postadress",
        "epost",
    )
)
USERNAME_NAMES = frozenset(
    normalise(n)
    for n in ("username", "user name", "käyttäjätunnus", "käyttäjänimi", "användarnamn")
)
RESPONDENT_NAMES = frozenset(
    normalise(n)
    for n in (
        "respondent",
        "respondent id",
        "student",
        "student id",
        "student number",
        "vastaaja",
        "opiskelija",
        "opiskelijanumero",
        "studerande",
        "studentnummer",
        "id number",
        "idnumber",
    )
)
RESPONSE_ID_NAMES = frozenset(
    normalise(n)
    for n in (
        "id",
        "response id",
        "responseid",
        "response",
        "response number",
        "vastaus",
        "vastauksen tunnus",
        "vastaustunnus",
        "svar",
        "svars id",
    )
)
NAME_NAMES = frozenset(
    normalise(n)
    for n in (
        "name",
        "full name",
        "user full name",
        "nimi",
        "koko nimi",
        "käyttäjän koko nimi",
        "namn",
        "fullständigt namn",
        "användarens fullständiga namn",
    )
)
PERSON_NAMES = frozenset(
    normalise(n)
    for n in (
        "first name",
        "last name",
        "surname",
        "etunimi",
        "sukunimi",
        "förnamn",
        "efternamn",
        "id",
        "opiskelijatunnus",
        "henkilötunnus",
        "personbeteckning",
        "phone",
        "puhelin",
        "telefon",
    )
)
"""Other columns that name or reach a person: parts of names, national and student ids,
phone numbers (and a bare `id`, which in a class list is the student's)."""
IDENTIFYING_NAMES = EMAIL_NAMES | USERNAME_NAMES | RESPONDENT_NAMES | NAME_NAMES | PERSON_NAMES
"""Column headers that name a person, normalised like every header: never a group
(`--by`), whatever a survey tool calls them. The one list: the privacy rules use it too."""
LEVEL_NAMES = frozenset(normalise(n) for n in ("level", "taso", "nivå"))
COMPLETED_NAMES = frozenset(
    normalise(n)
    for n in (
        "completed",
        "submitted",
        "submitted on",
        "submitdate",
        "date submitted",
        "completion time",
        "timestamp",
        "date",
        "aikaleima",
        "vastausaika",
        "valmis",
        "valmistumisaika",
        "lähetetty",
        "päivämäärä",
        "vastattu",
        "tidsstämpel",
        "inlämnad",
        "slutförd",
        "datum",
    )
)
STARTED_NAMES = frozenset(
    normalise(n)
    for n in ("start time", "startdate", "date started", "aloitusaika", "starttid", "started")
)
OTHER_SYSTEM_NAMES = frozenset(
    normalise(n)
    for n in (
        "lastpage",
        "last page",
        "startlanguage",
        "start language",
        "seed",
        "datestamp",
        "date last action",
        "last modified time",
        "token",
        "ipaddr",
        "ip address",
        "refurl",
        "referrer url",
        "interviewtime",
        "total time",
    )
)
"""Columns survey tools add that say nothing about the answers (LimeSurvey's `lastpage`,
`seed`, Forms' `Last modified time`): known, not used."""
GROUP_NAMES = frozenset(
    normalise(n)
    for n in ("group", "groups", "class", "ryhmä", "ryhmät", "luokka", "grupp", "grupper", "klass")
)
"""Group or class columns: known (compare them with `--by`), not reported as unknown."""
CONSENT_WORDS = (
    "consent",
    "i consent",
    "i agree",
    "suostum",
    "annan suostum",
    "hyväksyn",
    "samtyck",
    "jag samtycker",
    "jag godkänner",
)
"""How consent questions start: known, not used."""
SUBMIT_MARKER_NAMES = frozenset(normalise(n) for n in ("submitdate", "date submitted"))
"""Completion columns whose empty cell marks an unfinished response (LimeSurvey)."""
TOTAL_WORDS = (
    "keskiarvo",
    "keskiarvot",
    "yhteensä",
    "average",
    "averages",
    "averages where applicable",
    "mean",
    "total",
    "totals",
    "medelvärde",
    "medeltal",
    "summa",
    "totalt",
)
_TOTAL_FIRST_WORDS = frozenset(w for w in TOTAL_WORDS if " " not in w)


def is_total_label(text: str) -> bool:
    """Whether a cell starts a total or average row (`Keskiarvo`, `Averages (where
    applicable):`)."""
    # Every row's label cells are asked: one set lookup of the first word, not a scan (a
    # longer phrase of TOTAL_WORDS starts with a word that is itself in it).
    return normalise(text).partition(" ")[0] in _TOTAL_FIRST_WORDS


@dataclass(slots=True)
class ColumnRoles:
    """The system columns found among the headers (indexes into the header)."""

    email: int | None = None
    username: int | None = None
    respondent: int | None = None
    response_id: int | None = None
    name: int | None = None
    level: int | None = None
    completed: int | None = None
    started: int | None = None
    submit_marker: bool = False
    used: set[int] = field(default_factory=set)


def find_roles(headers: Sequence[str], skip: Iterable[int] = ()) -> ColumnRoles:
    """The respondent, name, level and time columns, by name (first of each)."""
    roles = ColumnRoles()
    skipped = set(skip)
    for index, header in enumerate(headers):
        if index in skipped:
            continue
        key = normalise(header)
        if key in GROUP_NAMES or key.startswith(CONSENT_WORDS):
            roles.used.add(index)
            continue
        for attribute, names in (
            ("email", EMAIL_NAMES),
            ("username", USERNAME_NAMES),
            ("respondent", RESPONDENT_NAMES),
            ("response_id", RESPONSE_ID_NAMES),
            ("name", NAME_NAMES),
            ("level", LEVEL_NAMES),
            ("completed", COMPLETED_NAMES),
            ("started", STARTED_NAMES),
            ("other", OTHER_SYSTEM_NAMES),
        ):
            if attribute == "other" and key in names:
                roles.used.add(index)
                break
            if key in names and getattr(roles, attribute) is None:
                setattr(roles, attribute, index)
                roles.used.add(index)
                if attribute == "completed" and key in SUBMIT_MARKER_NAMES:
                    roles.submit_marker = True
                break
    return roles


_HEADER_NAMES = (
    EMAIL_NAMES
    | USERNAME_NAMES
    | RESPONDENT_NAMES
    | RESPONSE_ID_NAMES
    | NAME_NAMES
    | LEVEL_NAMES
    | COMPLETED_NAMES
)
"""System column names that make a row look like a header (built once: every row near
the top of every table is asked)."""


def header_score(cells: Sequence[object], index: StatementIndex) -> int:
    """How much a row looks like a header: statement columns count most, names next.

    A row of answers repeats a few texts (`3`, `-`, a campus) in every column, so each
    text is weighed once per row."""
    score = 0
    weighed: dict[str, int] = {}
    for cell in cells:
        if cell is None or isinstance(cell, int | float):
            continue
        text = str(cell)
        points = weighed.get(text)
        if points is None:
            points = weighed[text] = _header_points(text, index)
        score += points
    return score


def _header_points(text: str, index: StatementIndex) -> int:
    """3 for a statement (by id or text), 1 for a system column's name, else 0."""
    if not text.strip():
        return 0
    if _ids_in(text, index.ids) or any(normalise(c) in index.by_text for c in candidates(text)):
        return 3
    return 1 if normalise(text) in _HEADER_NAMES else 0


def all_statements(framework: Framework) -> list[Statement]:
    return [s for area in framework.areas for c in area.components for s in c.statements]
