"""The cells of a piece of a simple table found by numpy, without a Python object per cell.

A survey export of ratings is mostly short cells ("4", "-", "") between commas. Splitting
its lines and then zipping the cells into columns costs a Python object per cell, which is
most of the time a worker spends on a plain table. Here the piece's bytes are searched
once for line ends and delimiters; when every line has exactly the header's number of
cells, a cell is a pair of positions in two `(rows, columns)` arrays, and a statement cell
of at most two bytes is a small integer key, so a column of ratings becomes codes by one
table lookup over the few distinct keys. Only text columns that a check or an output reads
(ids, names, groups, levels, times, label columns) are cut out as strings.

`ByteColumns.of` returns None for anything else (a carriage return but before a line
feed, a line that may be blank, a line with another number of cells, a longer rating
cell), and the piece is read by `tabletext.read_part` as before; the cells are then
exactly what `str.split` gives there.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from numpy.typing import NDArray

KEYS = 3 << 16
"""Keys of cells of 0, 1 or 2 bytes: length << 16 | first byte << 8 | second byte."""


def _solid_bytes(delimiter: str) -> NDArray[np.bool_]:
    """Bytes that make a line not blank for certain: ASCII other than the delimiter and
    what `str.isspace` calls space. A byte of a multibyte character is not among them (it
    may be a no-break space), so a line of only such bytes is treated as possibly blank."""
    solid = np.zeros(256, dtype=bool)
    solid[33:127] = True
    solid[ord(delimiter)] = ord(delimiter) >= 128
    return solid


class ByteColumns:
    """The full rows of a piece of text, as cell positions in its UTF-8 bytes."""

    def __init__(
        self,
        data: NDArray[np.uint8],
        delimiter: str,
        starts: NDArray[np.int64],
        ends: NDArray[np.int64],
        keys: Any,
    ) -> None:
        self.data = data
        """The piece's UTF-8 bytes and a line feed after them."""
        self.delimiter = delimiter
        self.starts = starts
        """(rows, columns): where each cell starts in `data`."""
        self.ends = ends
        self.keys = keys
        """Column index → the keys of its cells (statement columns only)."""
        self.texts: dict[int, list[str]] = {}

    @classmethod
    def of(
        cls, text: str, delimiter: str, width: int, key_columns: Sequence[int]
    ) -> ByteColumns | None:
        """The cells of `text` (whole lines), when every line has `width` cells, no line
        may be blank (nothing but spaces and delimiters, which the row readers leave out),
        and every cell of `key_columns` is at most two bytes; else None."""
        if not text or len(delimiter) != 1 or not delimiter.isascii():
            return None
        data = text.encode("utf-8")
        size = len(data)
        padded = np.frombuffer(data + b"\n", dtype=np.uint8)
        array = padded[:size]
        breaks = np.flatnonzero(array == 10)
        starts = np.concatenate(([0], breaks + 1))
        # a line ends before its "\n", or before the "\r" of its "\r\n"
        ends = breaks - (array[breaks - 1] == 13) if len(breaks) else breaks
        if not data.endswith(b"\n"):
            ends = np.append(ends, size)
        starts = starts[: len(ends)]
        rows = len(ends)
        if rows == 0:
            return None
        if b"\r" in data and int(np.count_nonzero(array == 13)) != int(
            np.count_nonzero(array[breaks - 1] == 13) if len(breaks) else 0
        ):
            return None  # a carriage return that does not end a line
        # Each line, from its start to the next line's, has some byte that is not space.
        if not bool(np.logical_or.reduceat(_solid_bytes(delimiter)[array], starts).all()):
            return None
        delimiters = np.flatnonzero(array == ord(delimiter))
        if len(delimiters) != rows * (width - 1):
            return None
        per_row = np.searchsorted(delimiters, ends) - np.searchsorted(delimiters, starts)
        if not bool(np.all(per_row == width - 1)):
            return None
        inner = delimiters.reshape(rows, width - 1)
        cell_starts = np.empty((rows, width), dtype=np.int64)
        cell_ends = np.empty((rows, width), dtype=np.int64)
        cell_starts[:, 0] = starts
        cell_starts[:, 1:] = inner + 1
        cell_ends[:, :-1] = inner
        cell_ends[:, -1] = ends
        columns = list(key_columns)
        keys: dict[int, Any] = {}
        if columns:
            first = cell_starts[:, columns]
            length = cell_ends[:, columns] - first
            if int(length.max()) > 2:
                return None
            last = size - 1
            one = np.where(length >= 1, array[np.minimum(first, last)], 0).astype(np.int64)
            two = np.where(length == 2, array[np.minimum(first + 1, last)], 0)
            matrix = (length << 16) | (one << 8) | two
            keys = {index: matrix[:, position] for position, index in enumerate(columns)}
        return cls(padded, delimiter, cell_starts, cell_ends, keys)

    def __len__(self) -> int:
        return len(self.starts)

    def __getitem__(self, index: int) -> Sequence[str]:
        """The cells of column `index`, as text: their bytes gathered with a line feed
        after each (no cell holds one), decoded once and split once."""
        found = self.texts.get(index)
        if found is None:
            starts = self.starts[:, index]
            lengths = self.ends[:, index] - starts + 1
            offsets = np.cumsum(lengths) - lengths
            # Position k of cell i's run is byte starts[i] + k; its last is the line feed
            # after the piece.
            gather = np.arange(int(lengths.sum()), dtype=np.int64)
            gather += np.repeat(starts - offsets, lengths)
            gather[offsets + lengths - 1] = len(self.data) - 1
            found = self.data[gather].tobytes().decode("utf-8").split("\n")
            found.pop()
            self.texts[index] = found
        return found

    def row(self, position: int) -> Sequence[str]:
        """The cells of one row: its line split at the delimiters found in it."""
        line = self.data[int(self.starts[position, 0]) : int(self.ends[position, -1])]
        return line.tobytes().decode("utf-8").split(self.delimiter)

    def codes(self, indices: Sequence[int], bad: Mapping[Any, int]) -> Any:
        """The (rows, len(indices)) codes of the statement columns `indices`: each distinct
        cell looked up once in `bad` (value → code), then a table lookup per cell."""
        keys = np.stack([self.keys[index] for index in indices], axis=1)
        present = np.flatnonzero(np.bincount(keys.ravel(), minlength=KEYS))
        table = np.zeros(KEYS, dtype=np.uint8)
        for key in present.tolist():
            length, one, two = key >> 16, (key >> 8) & 0xFF, key & 0xFF
            table[key] = bad[bytes((one, two)[:length]).decode("utf-8")]
        codes: Any = table[keys]
        return codes
