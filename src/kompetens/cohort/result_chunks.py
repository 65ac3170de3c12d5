"""A chunk of result files as a worker sends it back: columns, not an object per file.

A worker scores a few hundred hand-ins per task. Sent back as `Entry` objects, each costs
about 2.7 µs to pickle in the worker and 2.2 µs to unpickle in the main process: for a
folder of JSON files, a tenth of what reading and scoring a file costs. The files the fast
path took go back instead as a few lists (codes, means, counts, who, when, and an index
into a small table of level, framework, version and role), which pickle in a fraction of
that, and the main process makes the entries from them, equal to the worker's; files read
the exact way, and rejections, go back as they are.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from operator import itemgetter

from kompetens.cohort.files import groups_of, read_chunk
from kompetens.cohort.records import Entry
from kompetens.framework.diagnostics import Diagnostic

_EXTRA = itemgetter("version", "scored_with", "role")
Profile = tuple[str, str | None, str, str, str]
"""Level, framework id, version the file names, version scored with, role."""


@dataclass(frozen=True, slots=True)
class ChunkOutputs:
    """The outputs of a chunk of result files: those of the fast path as columns."""

    taken: bytes
    """One byte per file of the chunk: 1 when the fast path took it."""
    others: list[Entry | list[Diagnostic]]
    """The outputs of the other files, in the chunk's order."""
    profiles: list[Profile]
    kinds: list[int]
    """Each taken file's profile, as an index into `profiles`."""
    respondents: list[str | None]
    names: list[str | None]
    codes: list[bytes]
    means: list[tuple[float | None, ...]]
    answered: list[int]
    cant_say: list[int]
    completed: list[float | None]

    @classmethod
    def pack(cls, outputs: Sequence[Entry | list[Diagnostic]], fast: Sequence[int]) -> ChunkOutputs:
        """`outputs` of a chunk, where those at the positions `fast` are the fast path's."""
        taken = bytearray(len(outputs))
        entries: list[Entry] = []
        for position in fast:
            taken[position] = 1
            entry = outputs[position]
            assert isinstance(entry, Entry)  # what the fast path makes
            entries.append(entry)
        table: dict[Profile, int] = {}
        kinds = [
            table.setdefault((entry.level, entry.framework_id, *_EXTRA(entry.extra)), len(table))
            for entry in entries
        ]
        return cls(
            bytes(taken),
            [output for output, took in zip(outputs, taken, strict=True) if not took],
            list(table),
            kinds,
            [entry.respondent for entry in entries],
            [entry.name for entry in entries],
            [entry.codes for entry in entries],
            [entry.means for entry in entries],
            [entry.answered for entry in entries],
            [entry.cant_say for entry in entries],
            [entry.completed for entry in entries],
        )

    def unpack(self, chunk: Sequence[tuple[int, str]]) -> list[Entry | list[Diagnostic]]:
        """The outputs of `chunk` (the task this came from), as `read_result_chunk` gives
        them."""
        others = iter(self.others)
        outputs: list[Entry | list[Diagnostic]] = []
        row = 0
        for (order, file), took in zip(chunk, self.taken, strict=True):
            if not took:
                outputs.append(next(others))
                continue
            level, framework_id, version, scored_with, role = self.profiles[self.kinds[row]]
            outputs.append(
                Entry(
                    source=file,
                    line=0,
                    respondent=self.respondents[row],
                    name=self.names[row],
                    level=level,
                    groups=groups_of(file),
                    codes=self.codes[row],
                    means=self.means[row],
                    answered=self.answered[row],
                    cant_say=self.cant_say[row],
                    completed=self.completed[row],
                    order=order,
                    framework_id=framework_id,
                    kind="result",
                    extra={"version": version, "scored_with": scored_with, "role": role},
                )
            )
            row += 1
        return outputs


def read_chunk_outputs(chunk: Sequence[tuple[int, str]]) -> ChunkOutputs:
    """`read_result_chunk` for a worker process: the same outputs, packed."""
    return ChunkOutputs.pack(*read_chunk(chunk))


__all__ = ["ChunkOutputs", "read_chunk_outputs"]
