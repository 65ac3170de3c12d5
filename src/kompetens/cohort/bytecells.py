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
feed, a line with another number of cells, a longer rating cell), and the piece is read by `tabletext.read_part` as
before; the cells are then exactly what `str.split` gives there.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from numpy.typing import NDArray

KEYS = 3 << 16
"""Keys of cells of 0, 1 or 2 bytes: length << 16 | first byte << 8 | second byte."""


class ByteColumns:
    """The full rows of a piece of text, as cell positions in its UTF-8 bytes."""

    def __init__(
        self, data: bytes, starts: NDArray[np.int64], ends: NDArray[np.int64], keys: Any
    ) -> None:
        self.data = data
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
        """The cells of `text` (whole lines, no blank line), when every line has `width`
        cells and every cell of `key_columns` is at most two bytes; else None."""
        if not text or len(delimiter) != 1:
            return None
        data = text.encode("utf-8")
        size = len(data)
        array = np.frombuffer(data + b"\0\0", dtype=np.uint8)
        breaks = np.flatnonzero(array[:size] == 10)
        starts = np.concatenate(([0], breaks + 1))
        # a line ends before its "\n", or before the "\r" of its "\r\n"
        ends = breaks - (array[breaks - 1] == 13) if len(breaks) else breaks
        if not data.endswith(b"\n"):
            ends = np.append(ends, size)
        starts = starts[: len(ends)]
        if b"\r" in data and int(np.count_nonzero(array[:size] == 13)) != int(
            np.count_nonzero(array[breaks - 1] == 13) if len(breaks) else 0
        ):
            return None  # a carriage return that does not end a line
        delimiters = np.flatnonzero(array[:size] == ord(delimiter))
        rows = len(ends)
        if rows == 0 or len(delimiters) != rows * (width - 1):
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
        keys: dict[int, Any] = {}
        for index in key_columns:
            first = cell_starts[:, index]
            length = cell_ends[:, index] - first
            if int(length.max()) > 2:
                return None
            one = np.where(length >= 1, array[first].astype(np.int64), 0)
            two = np.where(length == 2, array[first + 1].astype(np.int64), 0)
            keys[index] = (length << 16) | (one << 8) | two
        return cls(data, cell_starts, cell_ends, keys)

    def __len__(self) -> int:
        return len(self.starts)

    def __getitem__(self, index: int) -> Sequence[str]:
        """The cells of column `index`, as text."""
        found = self.texts.get(index)
        if found is None:
            data = self.data
            found = self.texts[index] = [
                data[start:end].decode("utf-8")
                for start, end in zip(
                    self.starts[:, index].tolist(), self.ends[:, index].tolist(), strict=True
                )
            ]
        return found

    def row(self, position: int) -> Sequence[str]:
        data = self.data
        return [
            data[start:end].decode("utf-8")
            for start, end in zip(
                self.starts[position].tolist(), self.ends[position].tolist(), strict=True
            )
        ]

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
