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
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np

from kompetens.cohort.quotedcells import QUOTE, unwrap_cells

if TYPE_CHECKING:
    from numpy.typing import NDArray

KEYS = 1 << 16
"""Keys of cells of at most two bytes: the cell's first two bytes, read as one big-endian
16-bit number. A shorter cell's window reaches into what ends it (a delimiter, a line
feed, the carriage return of a line end or the closing quote of a quoted cell), none of
which a cell holds, so the window tells the cell: `_cell_of_key`."""


def _solid_bytes(delimiter: str) -> NDArray[np.bool_]:
    """Bytes that make a line not blank for certain: ASCII other than the delimiter and
    what `str.isspace` calls space. A byte of a multibyte character is not among them (it
    may be a no-break space)."""
    solid = np.zeros(256, dtype=bool)
    solid[33:127] = True
    solid[ord(delimiter)] = False
    solid[QUOTE] = False  # the closing quote where an empty quoted cell starts
    return solid


def _cell_of_key(key: int, delimiter: str) -> str:
    """The text of a cell of at most two bytes from its key."""
    ends = {ord(delimiter), 10, 13, QUOTE}
    one, two = key >> 8, key & 0xFF
    if one in ends:
        return ""
    return bytes((one,) if two in ends else (one, two)).decode("utf-8")


class ByteColumns:
    """The full rows of a piece of text, as cell positions in its UTF-8 bytes."""

    def __init__(
        self,
        data: NDArray[np.uint8],
        delimiter: str,
        starts: NDArray[np.int64],
        lengths: NDArray[np.int64],
        keys: _Keys,
        quoted: bool = False,
    ) -> None:
        self.data = data
        """The piece's UTF-8 bytes, ending in a line feed, and one more line feed."""
        self.delimiter = delimiter
        self.starts = starts
        """(rows, columns): where each cell starts in `data`."""
        self.lengths = lengths
        """(rows, columns): each cell's length in bytes."""
        self.keys = keys
        """The keys of the statement columns' cells."""
        self.texts: dict[int, list[str]] = {}
        self.quoted = quoted
        """Some cells were in quotes (taken off in `starts` and `lengths`)."""

    @classmethod
    def of(
        cls, text: str, delimiter: str, width: int, key_columns: Sequence[int]
    ) -> ByteColumns | None:
        """The cells of `text` (whole lines), when every line has `width` cells, no line
        is blank (nothing but spaces and delimiters, which the row readers leave out), and
        every cell of `key_columns` is at most two bytes; else None.

        Every cell ends at a delimiter or a line feed, so one search for both finds them
        all: row r's cells end at separators r·width … r·width + width − 1, the last of
        which must be a line feed."""
        if not text or len(delimiter) != 1 or delimiter in "\r\n\0" or not delimiter.isascii():
            return None
        data = text.encode("utf-8")
        if not data.endswith(b"\n"):
            data += b"\n"
        padded = np.frombuffer(data + b"\n", dtype=np.uint8)
        array = padded[:-1]
        carriage_returns = b"\r" in data
        if carriage_returns and not bool((padded[np.flatnonzero(array == 13) + 1] == 10).all()):
            return None  # a carriage return that does not end a line
        separators = np.flatnonzero((array == ord(delimiter)) | (array == 10))
        if width < 1 or len(separators) % width:
            return None
        lines = len(separators) // width
        grid = separators.reshape(lines, width)
        line_ends = grid[:, -1]
        # Each row's last separator is a line feed, and no other is (a line with another
        # number of cells shifts them).
        if (
            not bool((array[line_ends] == 10).all())
            or int(np.count_nonzero(array[separators] == 10)) != lines
        ):
            return None
        starts = np.empty(len(separators), dtype=np.int64)
        starts[0] = 0
        starts[1:] = separators[:-1] + 1
        lengths = separators - starts
        by_row = lengths.reshape(lines, width)
        if carriage_returns:  # a line's last cell ends before its "\r\n"
            by_row[:, -1] -= array[np.maximum(line_ends - 1, 0)] == 13
        quoted = b'"' in data
        if quoted and not unwrap_cells(array, starts, lengths):
            return None  # a quote inside a cell: the csv module reads the piece
        cell_starts = starts.reshape(lines, width)
        keys = _keys(padded, cell_starts, by_row, list(key_columns))
        if keys is None or not _none_blank(data, padded, cell_starts, by_row, keys, delimiter):
            return None
        return cls(padded, delimiter, cell_starts, by_row, keys, quoted)

    def __len__(self) -> int:
        return len(self.starts)

    def __getitem__(self, index: int) -> Sequence[str]:
        """The cells of column `index`, as text: their bytes gathered with a line feed
        after each (no cell holds one), decoded once and split once."""
        found = self.texts.get(index)
        if found is None:
            starts = self.starts[:, index]
            lengths = self.lengths[:, index] + 1
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
        starts, lengths = self.starts[position].tolist(), self.lengths[position].tolist()
        if self.quoted:  # the cells without their quotes, one by one
            data = self.data
            return [
                data[start : start + length].tobytes().decode("utf-8")
                for start, length in zip(starts, lengths, strict=True)
            ]
        line = self.data[starts[0] : starts[-1] + lengths[-1]]
        return line.tobytes().decode("utf-8").split(self.delimiter)

    def codes(self, indices: Sequence[int], bad: Mapping[Any, int]) -> Any:
        """The (rows, len(indices)) codes of the statement columns `indices`: each distinct
        cell looked up once in `bad` (value → code), then a table lookup per cell. The
        table lives on `bad` when it has `key_tables` (a worker's, kept across pieces)."""
        keys = self.keys.matrix
        positions = [self.keys.positions[index] for index in indices]
        if positions != list(range(keys.shape[1])):
            keys = keys[:, positions]
        tables: dict[str, KeyTable] = getattr(bad, "key_tables", {})
        table = tables.get(self.delimiter)
        if table is None:
            table = tables[self.delimiter] = KeyTable()
        return table.codes(keys, bad, self.delimiter)


class KeyTable:
    """The code of every two-byte key met so far (`KEYS`), filled in as new keys come."""

    def __init__(self) -> None:
        self.table = np.zeros(KEYS, dtype=np.uint8)
        self.known = np.zeros(KEYS, dtype=bool)

    def codes(self, keys: NDArray[np.uint16], bad: Mapping[Any, int], delimiter: str) -> Any:
        if not bool(self.known[keys].all()):
            for key in np.unique(keys[~self.known[keys]]).tolist():
                self.table[key] = bad[_cell_of_key(key, delimiter)]
                self.known[key] = True
        codes: Any = self.table[keys]
        return codes


class _Keys(NamedTuple):
    matrix: NDArray[np.uint16]
    """(rows, statement columns): the `KEYS` of their cells."""
    positions: Mapping[int, int]
    """Column index → its position in `matrix`."""


def _keys(
    padded: NDArray[np.uint8],
    starts: NDArray[np.int64],
    lengths: NDArray[np.int64],
    columns: list[int],
) -> _Keys | None:
    """The keys of the statement columns' cells; None when one is longer than two bytes."""
    first, last = (columns[0], columns[-1] + 1) if columns else (0, 0)
    if columns == list(range(first, last)):  # the usual case: a run of columns, as views
        cell_starts, cell_lengths = starts[:, first:last], lengths[:, first:last]
    else:
        cell_starts, cell_lengths = starts[:, columns], lengths[:, columns]
    if cell_lengths.size and int(cell_lengths.max()) > 2:
        return None
    matrix: NDArray[np.uint16] = padded[cell_starts].astype(np.uint16)
    matrix <<= 8
    matrix |= padded[cell_starts + 1]
    return _Keys(matrix, {index: position for position, index in enumerate(columns)})


def _none_blank(
    data: bytes,
    padded: NDArray[np.uint8],
    starts: NDArray[np.int64],
    lengths: NDArray[np.int64],
    keys: _Keys,
    delimiter: str,
) -> bool:
    """Whether no line is blank. A line whose first cell, or some statement cell, starts
    with a solid byte is not; any other line (rare: a blank one, or one whose cells all
    start with a space or a multibyte character) is looked at as text."""
    solid = _solid_bytes(delimiter)
    unsure = np.flatnonzero(~solid[padded[starts[:, 0]]])
    if len(unsure) and keys.matrix.size:
        rated = solid[keys.matrix[unsure] >> 8].any(axis=1)
        unsure = unsure[~rated]
    for row in unsure.tolist():
        end = int(starts[row, -1] + lengths[row, -1])
        line = data[int(starts[row, 0]) : end].decode("utf-8")
        if not line.replace(delimiter, "").strip():
            return False
    return True
