"""Quotes that only wrap whole cells: a table quoted that way is still one row per line.

LimeSurvey's CSV export and many other survey tools put every cell in double quotes
(`"4","3","-"`). A table is read a piece at a time only when each of its lines is one row;
quotes could break that (a quoted cell may hold a line break, a delimiter or a doubled
quote), so such a table used to be parsed whole by the csv module in one process, its rows
held as lists of strings: twice the memory of an unquoted export and no columnar path.
Here numpy checks, in one pass over the text's bytes, that every quote opens or closes a
cell on the same line: an opening quote at the start of a line or after a delimiter, its
closing one before a delimiter or a line end, nothing between them that is a quote or a
line feed. Then every line is one row, and the csv module reads each line as it would have
read it within the whole text.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

QUOTE = ord('"')


PIECE_CHARS = 1 << 20
"""The text is looked at a whole number of lines of about this many characters at a time
(a few arrays of a byte per character each: bounded memory for any size of table)."""


def quotes_wrap_cells(text: str, delimiter: str) -> bool:
    """Whether every quote in `text` opens or closes a cell, both on one line, with no
    quote between them (so no doubled quote and no line break in a cell)."""
    if len(delimiter) != 1 or not delimiter.isascii():
        return False
    start = 0
    while start < len(text):
        end = text.find("\n", start + PIECE_CHARS)
        end = len(text) if end == -1 else end + 1
        if '"' in text[start:end] and not _wrap_cells(text[start:end], ord(delimiter)):
            return False
        start = end
    return True


def _wrap_cells(lines: str, delimiter: int) -> bool:
    """`quotes_wrap_cells` of whole lines. Counting quotes from the start (their running
    parity), a byte is inside a quoted cell when the count is odd: an opening quote makes
    it odd, its closing quote even again; no line may end inside one."""
    import numpy as np

    data = np.frombuffer(lines.encode("utf-8"), dtype=np.uint8)
    quote = data == QUOTE
    inside = np.bitwise_xor.accumulate(quote.view(np.uint8)).view(bool)
    if bool(inside[-1]) or bool((inside & (data == 10)).any()):
        return False  # a quote left open, or a line break in a quoted cell
    ends = (data == delimiter) | (data == 10)
    after_end = np.concatenate(([True], ends[:-1]))
    if bool((quote & inside & ~after_end).any()):
        return False  # an opening quote inside a cell
    before_end = np.concatenate((ends[1:] | (data[1:] == 13), [True]))
    return not bool((quote & ~inside & ~before_end).any())  # a closing one not at its end


def unwrap_cells(
    data: NDArray[np.uint8],
    starts: NDArray[np.int64],
    lengths: NDArray[np.int64],
) -> bool:
    """Take the quotes off the cells that have them, in place: every quote must be the
    first or last byte of a cell that starts and ends with one (so the quotes counted in
    the data are twice the cells so wrapped). False (the cells left as they were) for any
    other quote."""
    import numpy as np

    quotes = int(np.count_nonzero(data == QUOTE))
    if not quotes:
        return True
    last = np.maximum(starts + lengths - 1, 0)
    wrapped = np.flatnonzero((lengths >= 2) & (data[starts] == QUOTE) & (data[last] == QUOTE))
    if quotes != 2 * len(wrapped):
        return False
    starts[wrapped] += 1
    lengths[wrapped] -= 2
    return True
