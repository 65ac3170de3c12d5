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
* integers (`digits`): counts and line numbers, written digit by digit;
* per-row text (`text_cells`): respondents, names, groups, each already quoted as the CSV
  needs.

A cell that holds a NUL byte cannot be told from the padding, so `text_cells` refuses it
(None), and so does a column whose widest cell would make the matrix too large; the caller
then writes the chunk the way it wrote it before.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from numpy.typing import NDArray

WIDEST_CELL = 512
"""Bytes of the widest per-row text cell written this way: a (rows × width) matrix is made
per column, so one very long cell would cost its length in every row."""

_SCALE = 1e4
"""Means are written to four decimals (`repr(round(x, 4))`)."""
_LIMIT = 1e6
"""Values from this size on are written one at a time (see `Numbers`)."""
_MARGIN = 0.49
_BLOCK_ROWS = 2048
"""Rows laid out at a time: a few hundred kilobytes."""
_WIDEST_SPAN = 1 << 22
"""Four-decimal classes a `Numbers` may index directly (16 MiB of `int32`)."""


class Vocabulary:
    """Distinct cell texts, each encoded once, as the rows of a NUL-padded byte matrix (its
    width a multiple of eight bytes, gathered as 64-bit words)."""

    def __init__(self) -> None:
        self.found: dict[str, int] = {}
        self.matrix: NDArray[np.uint8] = np.zeros((16, 8), dtype=np.uint8)
        self.size = 0
        self.width = 0
        """The longest text's bytes."""

    def index(self, text: str) -> int:
        """The row of `text` (added when new); the text must hold no NUL."""
        found = self.found.get(text)
        if found is None:
            found = self.found[text] = self._append(text.encode("utf-8"))
        return found

    def indices(self, texts: list[str]) -> NDArray[np.intp]:
        return np.array([self.index(text) for text in texts], dtype=np.intp)

    def _append(self, data: bytes) -> int:
        if b"\x00" in data:
            raise ValueError("a vocabulary text holds a NUL byte")
        rows, width = self.matrix.shape
        if self.size == rows or len(data) > width:
            wider = max(width, -(-len(data) // 8) * 8)
            grown = np.zeros((max(rows, 2 * (self.size + 1)), wider), dtype=np.uint8)
            grown[: self.size, :width] = self.matrix[: self.size]
            self.matrix = grown
        self.matrix[self.size, : len(data)] = np.frombuffer(data, dtype=np.uint8)
        self.width = max(self.width, len(data))
        self.size += 1
        return self.size - 1

    def cells(self, indices: NDArray[np.intp]) -> NDArray[np.uint8]:
        """The bytes of each index: shape `indices.shape + (width,)`."""
        words = self.matrix.shape[1] // 8
        gathered = self.matrix.view(np.uint64)[indices]
        cells: NDArray[np.uint8] = gathered.view(np.uint8)
        return cells.reshape(*indices.shape, words * 8)[..., : self.width]


Exact = Callable[[int, "NDArray[np.intp]"], list[str]]
"""`exact(column, rows)`: the texts of the cells of one column at `rows`, written one at a
time (values `Numbers` does not class)."""


class Numbers:
    """The vocabulary index of each number's text, by the number's four-decimal class.

    `write(x)` is `repr(round(x, 4))` (or a variant of it): a function of `round(x, 4)`
    alone. The class of `x` is `k = rint(x * 10⁴)`; when `x * 10⁴` computed in floating point
    is within 0.49 of `k` and `|x| < 10⁶`, the rounding error of the product (under 2⁻⁵³ of
    10¹⁰) cannot move the exact `x · 10⁴` across a half, so `round(x, 4)` is the double
    nearest `k / 10⁴` for every `x` of the class, and one text serves them all. Each class
    is written once, from the first value met in it, by `write` itself. The rest are
    written by `exact`: values near a half, large values, negative values that round to
    zero (`-0.0`), and exact zeros (which the caller's per-column memory may have met as
    `-0.0`: a float key `0.0` equals `-0.0`).
    """

    def __init__(self, vocabulary: Vocabulary, write: Callable[[float], str]) -> None:
        self.vocabulary = vocabulary
        self.write = write
        self.empty = vocabulary.index("")
        self.low = 0
        self.known: NDArray[np.int32] = np.full(1, -1, dtype=np.int32)
        """Class - `low` → vocabulary index (-1: not met yet)."""

    def indices(self, values: NDArray[np.float64], exact: Exact) -> NDArray[np.intp]:
        """The vocabulary index of each cell of the (rows × columns) `values` ("" for NaN)."""
        with np.errstate(all="ignore"):
            scaled = values * _SCALE
            classes = np.rint(scaled)
            fits = np.abs(scaled - classes) <= _MARGIN
            fits &= np.abs(values) < _LIMIT
            fits &= (classes != 0) | (values > 0)
            offsets = self._offsets(classes, fits)
            found = self.known[offsets].astype(np.intp)
        unknown = fits & (found < 0)
        if unknown.any():
            self._learn(offsets[unknown], values[unknown])
            found[unknown] = self.known[offsets[unknown]]
        blank = values != values
        found[blank] = self.empty
        rest = ~(fits | blank)
        if rest.any():
            for column in np.flatnonzero(rest.any(axis=0)).tolist():
                rows = np.flatnonzero(rest[:, column])
                found[rows, column] = self.vocabulary.indices(exact(column, rows))
        return found

    def _offsets(self, classes: NDArray[np.float64], fits: NDArray[np.bool_]) -> NDArray[np.intp]:
        """Each class's place in `known` (some place in it where `fits` is false); `known`
        grows to cover the classes met, and classes beyond `_WIDEST_SPAN` no longer fit."""
        if not fits.any():
            return np.zeros(classes.shape, dtype=np.intp)
        anchor = classes.flat[int(np.argmax(fits))]
        np.copyto(classes, anchor, where=~fits)
        least, most = int(classes.min()), int(classes.max())
        low = min(self.low, least)
        high = max(self.low + len(self.known), most + 1)
        if high - low <= _WIDEST_SPAN:
            self._cover(low, high)
        else:
            outside = (classes < self.low) | (classes >= self.low + len(self.known))
            fits &= ~outside
            if not fits.any():
                return np.zeros(classes.shape, dtype=np.intp)
            np.copyto(classes, classes.flat[int(np.argmax(fits))], where=outside)
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
        """Write each new class once, from one of its values (any: they all round alike)."""
        examples = np.empty(len(self.known), dtype=np.float64)
        examples[offsets] = values
        met = np.zeros(len(self.known), dtype=np.bool_)
        met[offsets] = True
        keys = np.flatnonzero(met)
        for key, value in zip(keys.tolist(), examples[keys].tolist(), strict=True):
            self.known[key] = self.vocabulary.index(self.write(value))


def digits(values: NDArray[np.int64]) -> NDArray[np.uint8] | None:
    """Each non-negative integer in decimal, right-aligned; None for a negative one."""
    count = len(values)
    if count == 0:
        return np.zeros((0, 0), dtype=np.uint8)
    if int(values.min()) < 0:
        return None
    width = len(str(int(values.max())))
    cells = np.empty((count, width), dtype=np.uint8)
    rest = values.copy()
    for place in range(width - 1, -1, -1):
        cells[:, place] = rest % 10 + ord("0")
        rest //= 10
    power = 10
    for place in range(width - 2, -1, -1):
        cells[values < power, place] = 0
        power *= 10
    return cells


def text_cells(texts: list[str]) -> NDArray[np.uint8] | None:
    """Each text's UTF-8 bytes, NUL-padded to the longest; None when a text holds a NUL
    byte, cannot be encoded, or is longer than `WIDEST_CELL` bytes."""
    count = len(texts)
    if count == 0:
        return np.zeros((0, 0), dtype=np.uint8)
    try:
        data = ("\x00".join(texts) + "\x00").encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate
        return None
    buffer = np.frombuffer(data, dtype=np.uint8)
    ends = np.flatnonzero(buffer == 0)
    if len(ends) != count:
        return None
    starts = np.empty(count, dtype=np.intp)
    starts[0] = 0
    starts[1:] = ends[:-1] + 1
    width = int((ends - starts).max())
    if width > WIDEST_CELL:
        return None
    places = starts[:, None] + np.arange(width, dtype=np.intp)
    np.minimum(places, ends[:, None], out=places)
    cells: NDArray[np.uint8] = buffer[places]
    return cells


def rows_text(columns: list[NDArray[np.uint8]], delimiter: str) -> bytes:
    """The CSV rows whose cells are `columns` (each rows × width, NUL-padded), the cells
    separated by `delimiter` (one byte), each row ended by `\\r\\n`; laid out and
    compacted `_BLOCK_ROWS` rows at a time, which stay in the processor's cache."""
    count = len(columns[0])
    block = min(count, _BLOCK_ROWS)
    separator = np.full((block, 1), ord(delimiter), dtype=np.uint8)
    end = np.empty((block, 2), dtype=np.uint8)
    end[:] = (ord("\r"), ord("\n"))
    pieces: list[bytes] = []
    for start in range(0, count, block):
        rows = min(block, count - start)
        parts: list[NDArray[np.uint8]] = []
        for cells in columns:
            parts.extend((cells[start : start + rows], separator[:rows]))
        parts[-1] = end[:rows]
        laid = np.concatenate(parts, axis=1).ravel()
        pieces.append(np.compress(laid != 0, laid).tobytes())
    return b"".join(pieces)
