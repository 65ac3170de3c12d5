"""Rows of a CSV assembled as bytes with numpy, a column at a time.

The per-respondent CSV of a large cohort is millions of cells, nearly all of them means
that take few distinct values. Joining a Python string per cell cost more than scoring the
cohort; here each column of a chunk of rows becomes a `uint8` matrix (one row per CSV row,
the cell's UTF-8 bytes padded with NUL bytes to the column's widest cell), the columns and
their delimiters are laid side by side, and the NUL bytes are dropped in one pass: what
remains is the rows' text, each cell's bytes in order.

Cells come as

* texts of a vocabulary (`Vocabulary`): means and gaps (`Numbers`), statuses, file names,
  each written once by the caller's own function, then gathered by index;
* integers (`digits`): counts and line numbers, written two digits at a time;
* per-row text (`TextCells`): respondents, names, groups, each already quoted as the CSV
  needs.

A cell that holds a NUL byte cannot be told from the padding, so `TextCells` refuses it
(None), and so does a column whose widest cell would make the matrix too large; the caller
then writes the chunk the way it wrote it before.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from numpy.typing import NDArray

WIDEST_CELL = 512
"""Bytes of the widest per-row text cell written this way: a (rows × width) matrix is made
per column, so one very long cell would cost its length in every row."""

_SCALE = 1e4
"""Means are written to four decimals (`repr(round(x, 4))`)."""
_MARGIN = 0.5 - 1e-8
"""How far from an integer `x * 10⁴` may be and still be classed (see `Numbers`)."""
_BLOCK_ROWS = 2048
"""Rows laid out at a time: a few hundred kilobytes."""
_REACH = 1 << 21
"""The four-decimal classes a `Numbers` indexes directly: from -_REACH to _REACH (at most
16 MiB of `int32`; |x| < 210)."""


class Vocabulary:
    """Distinct cell texts, each encoded once; for each ending (the delimiter, or the line
    end), a table of the texts with that ending, NUL-padded to whole 64-bit words, so that
    a cell is gathered as one or two words."""

    def __init__(self) -> None:
        self.found: dict[str, int] = {}
        self.encoded: list[bytes] = []
        self.tables: dict[bytes, NDArray[np.uint64]] = {}

    def __len__(self) -> int:
        return len(self.encoded)

    def index(self, text: str) -> int:
        """The index of `text` (added when new); the text must hold no NUL."""
        found = self.found.get(text)
        if found is None:
            data = text.encode("utf-8")
            if b"\x00" in data:
                raise ValueError("a vocabulary text holds a NUL byte")
            found = self.found[text] = len(self.encoded)
            self.encoded.append(data)
        return found

    def indices(self, texts: list[str]) -> NDArray[np.int32]:
        return np.array([self.index(text) for text in texts], dtype=np.int32)

    def words(self, ending: bytes) -> NDArray[np.uint64]:
        """(texts × words): each text followed by `ending`; texts added since the last
        call are appended (the table is made anew when one is wider)."""
        table = self.tables.get(ending)
        if table is not None and len(table) == len(self.encoded):
            return table
        new = self.encoded if table is None else self.encoded[len(table) :]
        widest = max(map(len, new)) + len(ending)
        if table is not None and widest <= 8 * table.shape[1]:
            table = np.concatenate([table, self._rows(new, ending, table.shape[1])])
        else:
            widest = max(map(len, self.encoded)) + len(ending)
            table = self._rows(self.encoded, ending, max(1, -(-widest // 8)))
        self.tables[ending] = table
        return table

    @staticmethod
    def _rows(texts: list[bytes], ending: bytes, words: int) -> NDArray[np.uint64]:
        width = 8 * words
        padded = b"".join(text + ending + bytes(width - len(text) - len(ending)) for text in texts)
        return np.frombuffer(padded, dtype=np.uint64).reshape(len(texts), words)

    def cells(self, indices: NDArray[np.int32] | NDArray[np.intp]) -> NDArray[np.uint8]:
        """(rows × bytes): the text of each index in a row, NUL-padded."""
        cells: NDArray[np.uint8] = self.words(b"").take(indices, axis=0).view(np.uint8)
        return cells.reshape(len(indices), -1)


Exact = Callable[[int, "NDArray[np.intp]"], list[str]]
"""`exact(column, rows)`: the texts of the cells of one column at `rows`, written one at a
time (values `Numbers` does not class)."""

_EXACT = -2
"""`Numbers.known` of class 0: its cells are written by `exact` (or are NaN)."""


class Numbers:
    """The vocabulary index of each number's text, by the number's four-decimal class.

    `write(x)` is `repr(round(x, 4))` (or a variant of it): a function of `round(x, 4)`
    alone. The class of `x` is `k = rint(x * 10⁴)`; `known` covers classes up to `_REACH`
    from 0, so `|x| < 210`, and the rounding error of the product `x * 10⁴` in floating
    point is then under 10⁻⁹. When the product is within 0.5 - 10⁻⁸ of `k`, that error
    cannot move the exact `x · 10⁴` across a half, so `round(x, 4)` is the double nearest
    `k / 10⁴` for every `x` of the class, and one text serves them all: each class is
    written once, from one of its values, by `write` itself. So is a product that is
    exactly a half (`_take_exact_halves`). The rest are written one at a time by `exact`:
    values within 10⁻⁸ of a half, values beyond the classes covered, NaN (""), and class
    0, which holds the exact zeros (the caller's per-column memory may have met a `-0.0`
    as `0.0`, which equals it as a key) and small negatives (written `-0.0`).
    """

    def __init__(self, vocabulary: Vocabulary, write: Callable[[float], str]) -> None:
        self.vocabulary = vocabulary
        self.write = write
        self.empty = vocabulary.index("")
        self.low = 0
        self.known: NDArray[np.int32] = np.full(1, _EXACT, dtype=np.int32)
        """Class - `low` → vocabulary index (-1: not met yet; `_EXACT` for class 0)."""

    def indices(self, values: NDArray[np.float64], exact: Exact) -> NDArray[np.int32]:
        """The vocabulary index of each cell of the (rows × columns) `values`."""
        with np.errstate(all="ignore"):
            classes = values * _SCALE
            off = np.rint(classes)
            classes -= off
            np.abs(classes, out=classes)
            unfit = np.less_equal(classes, _MARGIN)
            np.logical_not(unfit, out=unfit)  # NaN and infinities (inf - inf) too
            if unfit.any():
                _take_exact_halves(unfit, values, classes)
            np.copyto(off, 0.0, where=unfit)
            offsets = self._offsets(off)
        found = self.known.take(offsets)
        missing = np.flatnonzero(found < 0)
        if len(missing):
            self._complete(found, missing, offsets, values, exact)
        return found

    def _complete(
        self,
        found: NDArray[np.int32],
        missing: NDArray[np.intp],
        offsets: NDArray[np.intp],
        values: NDArray[np.float64],
        exact: Exact,
    ) -> None:
        """Fill in the cells of new classes (`_learn`) and those written one at a time."""
        cells, flat_offsets, flat_values = found.reshape(-1), offsets.reshape(-1), values.ravel()
        unknown = missing[cells[missing] == -1]
        if len(unknown):
            self._learn(flat_offsets[unknown], flat_values[unknown])
            cells[unknown] = self.known[flat_offsets[unknown]]
        rest = missing[cells[missing] == _EXACT]
        blank = np.isnan(flat_values[rest])
        cells[rest[blank]] = self.empty
        rows, columns = np.divmod(rest[~blank], values.shape[1])
        for column in sorted(set(columns.tolist())):
            chosen = rows[columns == column]
            found[chosen, column] = self.vocabulary.indices(exact(column, chosen))

    def _offsets(self, classes: NDArray[np.float64]) -> NDArray[np.intp]:
        """Each class's place in `known`, which grows to cover the classes met up to
        `_REACH` from 0 (class 0's place for those beyond)."""
        least, most = float(classes.min()), float(classes.max())
        high = self.low + len(self.known)
        if least < self.low or most >= high:
            low = max(min(self.low, int(least)), -_REACH)
            self._cover(low, min(max(high, int(most) + 1), _REACH))
            if least < self.low or most >= self.low + len(self.known):
                outside = (classes < self.low) | (classes >= self.low + len(self.known))
                np.copyto(classes, 0.0, where=outside)
        classes -= self.low
        return classes.astype(np.intp)

    def _cover(self, low: int, high: int) -> None:
        if low == self.low and high == self.low + len(self.known):
            return
        known = np.full(high - low, -1, dtype=np.int32)
        start = self.low - low
        known[start : start + len(self.known)] = self.known
        self.low, self.known = low, known

    def _learn(self, offsets: NDArray[np.intp], values: NDArray[np.float64]) -> None:
        """Write each new class once, from one of its values (any: they all round alike):
        `known` briefly holds, per class, the position of one of its cells."""
        positions = np.arange(len(offsets), dtype=np.int32)
        self.known[offsets] = positions
        chosen = np.flatnonzero(self.known[offsets] == positions)
        texts = list(map(self.write, values[chosen].tolist()))
        self.known[offsets[chosen]] = self.vocabulary.indices(texts)


def _take_exact_halves(
    unfit: NDArray[np.bool_], values: NDArray[np.float64], fractions: NDArray[np.float64]
) -> None:
    """Clear `unfit` where `values * 10⁴` is exactly an integer and a half (means such as
    87/32): `np.rint` then rounds half to even, as `round` does. Exact when Dekker's
    product error (`x` split into halves of 26 bits; 10⁴ has 14) is 0."""
    places = np.flatnonzero(unfit)
    halves = places[fractions.flat[places] == 0.5]
    if len(halves) == 0:
        return
    value = values.flat[halves]
    split = 134217729.0 * value
    high = split - (split - value)
    low = value - high
    error = (high * _SCALE - value * _SCALE) + low * _SCALE
    unfit.flat[halves[error == 0]] = False


class Statuses:
    """The vocabulary index of each overall mean's status.

    A status is `status_for(round(gap, 10))`, so a function of the gap's ten-decimal class
    `rint(gap * 10¹⁰)` wherever that product is within 0.49 of an integer and `|gap| <
    1000` (its rounding error is then under 10⁻³): the means of a cohort that differ only
    in their last bits (sums taken in another order) share it. Per text of the gap (its
    four-decimal class) the status of one ten-decimal class is remembered; any other gap
    is written by `write` from its mean, once per distinct mean in a chunk."""

    def __init__(self, write: Callable[[NDArray[np.float64]], list[str]]) -> None:
        self.vocabulary = Vocabulary()
        self.write = write
        self.classes: NDArray[np.float64] = np.zeros(0)
        self.known: NDArray[np.int32] = np.zeros(0, dtype=np.int32)

    def indices(
        self,
        means: NDArray[np.float64],
        gaps: NDArray[np.float64],
        texts: NDArray[np.int32],
        count: int,
    ) -> NDArray[np.int32]:
        """The statuses of `means`, whose `gaps` have the vocabulary index `texts` (of
        `count` texts)."""
        if len(self.classes) < count:
            grown = np.full(2 * count, np.nan)
            grown[: len(self.classes)] = self.classes
            known = np.zeros(2 * count, dtype=np.int32)
            known[: len(self.known)] = self.known
            self.classes, self.known = grown, known
        with np.errstate(all="ignore"):
            scaled = gaps * 1e10
            classes = np.rint(scaled)
            fits = np.abs(scaled - classes) <= 0.49
            fits &= np.abs(gaps) < 1000
        remembered = self.classes.take(texts)
        found = self.known.take(texts)
        missed = ~(fits & (remembered == classes))
        if missed.any():
            distinct, inverse = np.unique(means[missed], return_inverse=True)
            written = self.vocabulary.indices(self.write(distinct))
            found[missed] = written[inverse.reshape(-1)]
            new = missed & fits & (remembered != remembered)  # the first for its text
            self.known[texts[new]] = found[new]
            self.classes[texts[new]] = classes[new]
        return found


_PAIRS = np.frombuffer("".join(f"{n:02d}" for n in range(100)).encode(), dtype=np.uint16)
"""The two digits of 0–99, as the 16-bit word of their two bytes."""


def digits(values: NDArray[np.int64]) -> NDArray[np.uint8] | None:
    """Each non-negative integer in decimal, right-aligned (NUL-padded); None for a
    negative one."""
    count = len(values)
    if count == 0:
        return np.zeros((0, 0), dtype=np.uint8)
    if int(values.min()) < 0:
        return None
    width = len(str(int(values.max())))
    pairs = np.empty((count, -(-width // 2)), dtype=np.uint16)
    rest = values.copy()
    for place in range(pairs.shape[1] - 1, -1, -1):
        pairs[:, place] = _PAIRS.take(rest % 100)
        rest //= 100
    cells: NDArray[np.uint8] = pairs.view(np.uint8)[:, pairs.shape[1] * 2 - width :]
    power = 10
    for place in range(width - 2, -1, -1):  # leading zeros
        cells[values < power, place] = 0
        power *= 10
    return cells


class TextCells:
    """Per-row text columns as bytes (each text's UTF-8, NUL-padded to the longest), written
    as they are when none of their cells needs quotes or starts like a formula (checked on
    the bytes), else each cell written by `written` (quoted, neutralised)."""

    def __init__(self, delimiter: str, formula_starts: Iterable[str]) -> None:
        self.special = [c.encode() for c in {*delimiter, '"', "\r", "\n"}]
        self.formula = [c.encode() for c in formula_starts]

    def __call__(self, texts: list[Any], written: Callable[[Any], str]) -> NDArray[np.uint8] | None:
        """The cells; None when a cell holds a NUL byte, cannot be encoded (a lone
        surrogate), or is longer than `WIDEST_CELL` bytes."""
        try:
            data = _joined(texts)
        except TypeError:  # a cell that is not text
            data = None
        if data is None or not self.plain(data):
            data = _joined([written(text) for text in texts])
        if data is None or data.count(0) != len(texts):
            return None
        return _cells(data, len(texts))

    def plain(self, data: bytes) -> bool:
        """Whether no cell of NUL-separated `data` holds a character that must be quoted,
        and none starts like a formula."""
        if any(special in data for special in self.special):
            return False
        present = [ord(f) for f in self.formula if f in data]
        if not present:
            return True
        buffer = np.frombuffer(data, dtype=np.uint8)
        firsts = buffer[np.flatnonzero(buffer[:-1] == 0) + 1]
        return data[0] not in present and not np.isin(firsts, present).any()


def _joined(texts: list[str]) -> bytes | None:
    """The texts' UTF-8, each followed by a NUL; None for a lone surrogate."""
    try:
        return ("\x00".join(texts) + "\x00").encode("utf-8")
    except UnicodeEncodeError:
        return None


def _cells(data: bytes, count: int) -> NDArray[np.uint8] | None:
    """(texts × widest): the `count` NUL-ended texts of `data`, NUL-padded; None when one
    is longer than `WIDEST_CELL` bytes."""
    buffer = np.frombuffer(data, dtype=np.uint8)
    if len(data) % count == 0:  # maybe all as wide (ids, levels, empty names)
        rows = buffer.reshape(count, len(data) // count)
        if not rows[:, -1].any():  # each row ends with the only NUL of its text
            return rows[:, :-1] if rows.shape[1] <= WIDEST_CELL else None
    ends = np.flatnonzero(buffer == 0)
    starts = np.empty(count, dtype=np.intp)
    starts[:1] = 0
    starts[1:] = ends[:-1] + 1
    width = int((ends - starts).max(initial=0))
    if width > WIDEST_CELL:
        return None
    places = starts[:, None] + np.arange(width, dtype=np.intp)
    np.minimum(places, ends[:, None], out=places)
    cells: NDArray[np.uint8] = buffer.take(places)
    return cells


def rows_text(
    texts: list[NDArray[np.uint8]],
    cells: list[tuple[Vocabulary, NDArray[np.int32]]],
    delimiter: str,
) -> bytes:
    """CSV rows: first the `texts` columns (each rows × width, NUL-padded bytes), then the
    columns of vocabulary `cells` (each a vocabulary and the (rows × columns) indices of
    its texts), the cells separated by `delimiter` (one byte), each row ended by `\\r\\n`.

    The rows are laid out `_BLOCK_ROWS` at a time in a matrix of 64-bit words (the texts
    with their delimiters, then a word or two per vocabulary cell), which stays in the
    processor's cache, and the NUL bytes are dropped (`bytearray.translate`)."""
    cells = [(vocabulary, indices) for vocabulary, indices in cells if indices.shape[1]]
    separator = delimiter.encode("ascii")
    vocabulary, indices = cells[-1]
    cells[-1:] = [(vocabulary, indices[:, :-1]), (vocabulary, indices[:, -1:])]
    tables = [vocabulary.words(separator) for vocabulary, _ in cells]
    tables[-1] = cells[-1][0].words(b"\r\n")
    text_words = -(-sum(text.shape[1] + 1 for text in texts) // 8)
    spans = [
        table.shape[1] * indices.shape[1] for table, (_, indices) in zip(tables, cells, strict=True)
    ]
    count = len(cells[0][1])
    block = min(count, _BLOCK_ROWS)
    row_words = text_words + sum(spans)
    buffer = bytearray(block * row_words * 8)  # translated in place of a copy
    laid = np.frombuffer(buffer, dtype=np.uint64).reshape(block, row_words)
    laid_bytes = laid.view(np.uint8)
    delimiters = [
        sum(text.shape[1] + 1 for text in texts[: index + 1]) - 1 for index in range(len(texts))
    ]
    laid_bytes[:, delimiters] = ord(delimiter)
    pieces: list[bytearray] = []
    for start in range(0, count, block):
        rows = min(block, count - start)
        at = 0
        for text in texts:
            laid_bytes[:rows, at : at + text.shape[1]] = text[start : start + rows]
            at += text.shape[1] + 1
        at = text_words
        for table, (_, indices), span in zip(tables, cells, spans, strict=True):
            laid[:rows, at : at + span] = table.take(indices[start : start + rows], axis=0).reshape(
                rows, span
            )
            at += span
        whole = buffer if rows == block else buffer[: rows * row_words * 8]
        pieces.append(whole.translate(None, b"\x00"))
    return b"".join(pieces)
