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
from dataclasses import dataclass, field
from typing import Any

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

    @classmethod
    def build(
        cls,
        framework: Framework,
        extra_cant_say: Iterable[str] = (),
        value_map: Mapping[str, int | None] | None = None,
    ) -> CellReader:
        scale = framework.scale
        labels = {
            normalise(label): point.value
            for point in scale.points
            for label in point.label.values()
        }
        markers = {m.strip().casefold() for m in (*DEFAULT_CANT_SAY, *extra_cant_say) if m.strip()}
        if scale.cant_say is not None:
            markers |= {normalise(label) for label in scale.cant_say.label.values()}
        # "Can't say" matches "cant say"; markers without letters ("-", "-1") stay as they
        # are, so that "-1" never turns into "1".
        markers |= {normalise(m) for m in markers if any(ch.isalpha() for ch in m)}
        if scale.cant_say is not None and 0 not in scale.values:
            markers.add("0")
        return cls(
            minimum=scale.minimum,
            maximum=scale.maximum,
            values=tuple(scale.values),
            labels=labels,
            cant_say=frozenset(markers),
            value_map={
                normalise(k) if normalise(k) else k: v for k, v in (value_map or {}).items()
            },
        )

    def _number(self, number: float) -> int | str:
        if number.is_integer() and int(number) in self.values:
            return int(number)
        return f"off-scale:{number:g}"

    def read(self, value: Any) -> int | str | None:
        """A rating, `None` for "can't say", `EMPTY`, or an error key `kind:detail`."""
        if value is None:
            return EMPTY
        if isinstance(value, bool):
            return f"not-rating:{value}"
        if isinstance(value, int | float):
            if self.value_map:
                mapped = self._mapped(str(int(value)) if float(value).is_integer() else str(value))
                if mapped is not _UNMAPPED:
                    return mapped  # type: ignore[return-value]
            if value == -1 or (value == 0 and "0" in self.cant_say):
                return None
            return self._number(float(value))
        text = str(value).strip()
        if not text:
            return EMPTY
        if "&" in text:  # Moodle escapes downloaded answers: Can&#039;t say
            text = html.unescape(text)
        if self.value_map:
            mapped = self._mapped(text)
            if mapped is not _UNMAPPED:
                return mapped  # type: ignore[return-value]
        folded = text.casefold()
        if folded in self.cant_say:
            return None
        if _NUMBER.match(text):
            number = float(text.replace(",", "."))
            if number == 0 and "0" in self.cant_say:
                return None
            return self._number(number)
        key = normalise(text)
        if key in self.cant_say:
            return None
        if key in self.labels:
            return self.labels[key]
        leading = _LEADING.match(text)
        if leading:
            number, rest = int(leading.group(1)), leading.group(2)
            rest_key = normalise(rest)
            if rest.strip().casefold() in self.cant_say or rest_key in self.cant_say:
                return None
            if rest_key in self.labels and self.labels[rest_key] != number:
                return f"mismatch:{number}:{rest.strip()}"
            return self._number(float(number))
        code = _CODE.match(text)
        if code:
            position = int(code.group(1))
            if 1 <= position <= len(self.values):
                return self.values[position - 1]
            return f"code:{text}"
        return f"not-rating:{text}"

    def _mapped(self, text: str) -> int | object | None:
        key = normalise(text) or text.strip()
        if key in self.value_map:
            return self.value_map[key]
        return _UNMAPPED


_UNMAPPED = object()
