"""Wide tables: one row per respondent, one column per statement (CSV, TSV, Excel's
"Unicode text" .txt, XLSX, ODS), as survey tools export them.

Real exports are messy, so the reader works out for itself what it was given:

* Encoding: a byte-order mark (UTF-8, UTF-16) wins; UTF-16 without one is recognised by its
  zero bytes; otherwise UTF-8 when the bytes are valid UTF-8, else Windows-1252 (what a
  Finnish or Swedish Excel writes as "CSV"). A UTF-8 table in which a few rows are
  Windows-1252 (rows pasted in from elsewhere) is read row by row, and the rows are named.
* Delimiter: of `;`, `,`, tab and `|`, the one that splits the header into the most
  recognised columns, then into the most columns.
* Header: the row among the first 30 that looks most like a header (statement columns,
  respondent and time columns); or `--header-row N`. A row above it that holds titles over
  merged cells (a question above its statements) is read with it.
* Columns: statements by id or text (`headers`), or by a `--columns` map; respondent, name,
  level, time and group columns by name. Every other column is reported as not recognised.
* Cells: see `cells`.
* Rows: total and average rows are skipped with one note; a row without a completion time
  where the table has one is an unfinished response (a draft): counted and listed, not
  scored; an unreadable time is a warning on that row, and its answers are scored.

What one run needs to read tables — framework, level, statement index, cell reader, column
map, options — travels in a `ReadContext` to worker processes; rows come back as named
`RowScore` tuples.

The reader is split by job: `tabletypes` (what passes between the stages), `decoding`,
`layout` (what each column means), `tabletext` (reading files), `rowcells` (what a cell
says), `rowscore` (a row read exactly) and `fastrows` (plainly fine rows, a chunk at a
time). This module names the reader's public parts in one place.
"""

from kompetens.cohort.decoding import decode_table
from kompetens.cohort.fastrows import RowTask, chunk_outputs, init_rows, row_entry, score_rows
from kompetens.cohort.layout import find_header, plan_layout
from kompetens.cohort.rowcells import ANONYMOUS, parse_time
from kompetens.cohort.rowscore import score_row
from kompetens.cohort.tabletext import (
    RawTable,
    TextPart,
    read_part,
    read_raw,
    read_table,
    sniff_delimiter,
    text_parts,
)
from kompetens.cohort.tabletypes import (
    DELIMITERS,
    HEADER_SEARCH_ROWS,
    MAX_TABLE_BYTES,
    WORKBOOK_SUFFIXES,
    Layout,
    ReadContext,
    RowBlock,
    RowChunk,
    RowOutput,
    RowScore,
    Table,
    TableOptions,
)

__all__ = [
    "ANONYMOUS",
    "DELIMITERS",
    "HEADER_SEARCH_ROWS",
    "MAX_TABLE_BYTES",
    "WORKBOOK_SUFFIXES",
    "Layout",
    "RawTable",
    "ReadContext",
    "RowBlock",
    "RowChunk",
    "RowOutput",
    "RowScore",
    "RowTask",
    "Table",
    "TableOptions",
    "TextPart",
    "chunk_outputs",
    "decode_table",
    "find_header",
    "init_rows",
    "parse_time",
    "plan_layout",
    "read_part",
    "read_raw",
    "read_table",
    "row_entry",
    "score_row",
    "score_rows",
    "sniff_delimiter",
    "text_parts",
]
