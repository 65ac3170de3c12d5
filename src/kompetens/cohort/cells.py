"""What a table cell says: a rating, "can't say", nothing, or something to report.

Survey tools write an answer in many ways; all of these are read:

* the number: `4`, `4.0`, `4,0`;
* a scale label in any of the framework's languages: `Itsenäisesti`, `Med stöd`;
* the number with a label or any text after it: `3 – Itsenäisesti`, `3 = …`, `(3) …`,
  `3. …` (the number counts; a label of *another* scale point after it is an error);
* an answer code such as LimeSurvey's `AO03` or `A3`: the third point of the scale;
* "can't say" / not applicable: `-`, an en or em dash, `?`, `-1`, `N/A`, `NA`, `EOS`,
  `KIS`, `En osaa sanoa`, `Ei koske minua`, `Kan inte säga`, `Ej tillämpligt`,
  `Not applicable`, `Don't know`, the framework's own "can't say" label, and whatever
  `--cant-say` adds;
* a value of a `--columns` map (`value → rating`), before anything else.

Anything else is reported with the accepted forms, never guessed.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from enum import Enum
from typing import Any, Literal

from kompetens.cohort.headers import normalise
from kompetens.model import Framework

DEFAULT_CANT_SAY = (
    "-",
    "–",
    "—",
    "?",
    "-1",
    "n/a",
    "na",
    "eos",
    "kis",
    "cant-say",
    "can't say",
    "cannot say",
    "don't know",
    "en osaa sanoa",
    "ei koske minua",
    "ei sovellu",
    "kan inte säga",
    "vet inte",
    "ej tillämpligt",
    "berör inte mig",
    "not applicable",
)
"""The "can't say" markers read without `--cant-say` (documented in docs/educators.md)."""

EMPTY = "empty"
"""A blank cell: unanswered."""

_NUMBER = re.compile(r"^[+-]?\d+(?:[.,]\d+)?$")
_LEADING = re.compile(r"^\(?\s*(\d+)\s*\)?\s*(?:[-–—=:.)]\s*|\s+)(.+)$")
_CODE = re.compile(r"^(?:ao|a)0*(\d{1,2})$", re.I)


class _Missing(Enum):
    """What a lookup in `value_map` or `known` gives when it finds nothing: `None` is a
    reading there ("can't say"), so it cannot mean "not found"."""

    TOKEN = 0


_MISSING = _Missing.TOKEN


@dataclass(frozen=True, slots=True)
class CellReader:
    """Reads cells for one framework with one set of "can't say" markers and value map.
    Plain data, so it can be sent to worker processes."""

    minimum: int
    maximum: int
    values: tuple[int, ...]
    labels: dict[str, int]
    """Normalised scale label (every language) → value."""
    cant_say: frozenset[str]
    """Normalised "can't say" markers and labels."""
    value_map: dict[str, int | None] = field(default_factory=dict)
    """Normalised cell text → rating (`None`: can't say), from a `--columns` map."""
    known: dict[str, int | str | None] = field(default_factory=dict)
    """Stripped cell text → its reading, for the texts most cells hold (the scale's numbers
    and labels, the "can't say" markers). Filled by `build` from `read` itself, so a hit
    answers exactly what the full reading would, in one lookup: `read` is called for every
    cell of every row that takes the exact path."""

    @classmethod
    def build(
        cls,
        framework: Framework,
        extra_cant_say: Iterable[str] = (),
        value_map: Mapping[str, int | None] | None = None,
    ) -> CellReader:
        scale = framework.scale
        reader = cls(
            minimum=scale.minimum,
            maximum=scale.maximum,
            values=tuple(scale.values),
            labels=_label_values(framework),
            cant_say=_cant_say_markers(framework, extra_cant_say),
            value_map=_normalised_value_map(value_map or {}),
        )
        return replace(reader, known={text: reader.read(text) for text in _common_texts(reader)})

    def read(self, value: Any) -> int | str | None:
        """A rating, `None` for "can't say", `EMPTY`, or an error key `kind:detail`."""
        if type(value) is str:  # nearly every cell: CSV text, most spreadsheet text
            return self._read_text(value)
        if value is None:
            return EMPTY
        if isinstance(value, bool):
            return f"not-rating:{value}"
        if isinstance(value, int | float):
            return self._read_number(value)
        return self._read_text(str(value))

    def _read_number(self, value: float) -> int | str | None:
        """A spreadsheet number: the value map first (it is keyed by text), then -1 and a
        0 the scale does not have are "can't say", anything else must be a scale value."""
        if self.value_map:
            mapped = self._mapped(str(int(value)) if float(value).is_integer() else str(value))
            if mapped is not _MISSING:
                return mapped
        if value == -1 or (value == 0 and "0" in self.cant_say):
            return None
        return self._number(float(value))

    def _read_text(self, text: str) -> int | str | None:
        """Text in the order that cannot misread it: blank, the value map (the user's word
        wins), a "can't say" marker as written, a number, then the wordier forms."""
        text = text.strip()
        found = self.known.get(text, _MISSING)
        if found is not _MISSING:
            return found
        if not text:
            return EMPTY
        if "&" in text:  # Moodle escapes downloaded answers: Can&#039;t say
            text = html.unescape(text)
        key = None
        if self.value_map:
            key = normalise(text)  # computed once: the words below need it too
            mapped = self.value_map.get(key or text.strip(), _MISSING)
            if mapped is not _MISSING:
                return mapped
        if text.casefold() in self.cant_say:
            return None
        if _NUMBER.match(text):
            number = float(text.replace(",", "."))
            if number == 0 and "0" in self.cant_say:
                return None
            return self._number(number)
        return self._read_words(text, normalise(text) if key is None else key)

    def _read_words(self, text: str, key: str) -> int | str | None:
        """A label, a numbered label (`3 – Itsenäisesti`) or an answer code (`AO03`);
        `key` is `text` normalised."""
        if key in self.cant_say:
            return None
        if key in self.labels:
            return self.labels[key]
        leading = _LEADING.match(text)
        if leading:
            return self._numbered(int(leading.group(1)), leading.group(2))
        code = _CODE.match(text)
        if code:
            position = int(code.group(1))
            if 1 <= position <= len(self.values):
                return self.values[position - 1]
            return f"code:{text}"
        return f"not-rating:{text}"

    def _numbered(self, number: int, rest: str) -> int | str | None:
        """The number counts; the text after it may be "can't say", its own label or any
        text, but the label of another scale point is a contradiction to report."""
        rest_key = normalise(rest)
        if rest.strip().casefold() in self.cant_say or rest_key in self.cant_say:
            return None
        if rest_key in self.labels and self.labels[rest_key] != number:
            return f"mismatch:{number}:{rest.strip()}"
        return self._number(float(number))

    def _number(self, number: float) -> int | str:
        if number.is_integer() and int(number) in self.values:
            return int(number)
        return f"off-scale:{number:g}"

    def _mapped(self, text: str) -> int | Literal[_Missing.TOKEN] | None:
        key = normalise(text) or text.strip()
        if key in self.value_map:
            return self.value_map[key]
        return _MISSING


def _label_values(framework: Framework) -> dict[str, int]:
    """Every language's label of every scale point, normalised, → the point's value."""
    return {
        normalise(label): point.value
        for point in framework.scale.points
        for label in point.label.values()
    }


def _cant_say_markers(framework: Framework, extra: Iterable[str]) -> frozenset[str]:
    """The default markers, `--cant-say`'s and the framework's own "can't say" labels."""
    scale = framework.scale
    markers = {m.strip().casefold() for m in (*DEFAULT_CANT_SAY, *extra) if m.strip()}
    if scale.cant_say is not None:
        markers |= {normalise(label) for label in scale.cant_say.label.values()}
    # "Can't say" matches "cant say"; markers without letters ("-", "-1") stay as they
    # are, so that "-1" never turns into "1".
    markers |= {normalise(m) for m in markers if any(ch.isalpha() for ch in m)}
    if scale.cant_say is not None and 0 not in scale.values:
        markers.add("0")
    return frozenset(markers)


def _normalised_value_map(value_map: Mapping[str, int | None]) -> dict[str, int | None]:
    """The map keyed as `_mapped` looks cells up: normalised, or as written when the text
    is all punctuation (`-`)."""
    return {normalise(k) or k: v for k, v in value_map.items()}


def _common_texts(reader: CellReader) -> set[str]:
    """The cell texts worth answering in one lookup: the scale's numbers, the labels and
    the "can't say" markers as they are usually written."""
    texts = {str(value) for value in reader.values}
    texts |= {f"{value}.0" for value in reader.values}
    texts |= {"0", "-1"}
    texts |= set(reader.cant_say)
    texts |= {marker.upper() for marker in reader.cant_say}
    texts |= {marker.capitalize() for marker in reader.cant_say}
    texts |= {label.capitalize() for label in reader.labels}
    texts |= set(reader.labels)
    return {text.strip() for text in texts}
