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

from kompetens.cohort.files import ChunkRead, grouped, groups_of, read_chunk
from kompetens.cohort.records import Entry
from kompetens.framework.diagnostics import Diagnostic

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
    def of(cls, read: ChunkRead) -> ChunkOutputs:
        """A chunk as `read_chunk` read it, its fast path's files packed straight from
        their rows (no `Entry` is made in the worker)."""
        table: dict[Profile, int] = {}
        kinds: list[int] = []
        respondents: list[str | None] = []
        names: list[str | None] = []
        completed: list[float | None] = []
        for row in read.rows:
            plain, framework = row.plain, row.reader.framework
            profile = (plain.level, framework.id, plain.version, framework.version, plain.role)
            kinds.append(table.setdefault(profile, len(table)))
            respondents.append((plain.respondent or "").strip() or None)
            names.append((plain.name or "").strip() or None)
            completed.append(plain.completed)
        means, answered, cant_say = zip(*read.scores, strict=True) if read.scores else ((), (), ())
        return cls(
            bytes([output is None for output in read.others]),
            [output for output in read.others if output is not None],
            list(table),
            kinds,
            respondents,
            names,
            [row.codes for row in read.rows],
            list(means),
            list(answered),
            list(cant_say),
            completed,
        )

    def unpack(self, chunk: Sequence[tuple[int, str]]) -> list[Entry | list[Diagnostic]]:
        """The outputs of `chunk` (the task this came from), as `read_result_chunk` gives
        them. The main process makes an entry per file here, so the fields are given in
        their order (keywords cost twice as much; a test compares the two ways)."""
        others = iter(self.others)
        rows = zip(
            self.kinds,
            self.respondents,
            self.names,
            self.codes,
            self.means,
            self.answered,
            self.cant_say,
            self.completed,
            strict=True,
        )
        profiles = self.profiles
        groups = groups_of if grouped() else _no_groups
        outputs: list[Entry | list[Diagnostic]] = []
        for (order, file), took in zip(chunk, self.taken, strict=True):
            if not took:
                outputs.append(next(others))
                continue
            kind, respondent, name, codes, means, answered, cant_say, completed = next(rows)
            level, framework_id, version, scored_with, role = profiles[kind]
            outputs.append(
                Entry(
                    file,  # source
                    0,  # line
                    respondent,
                    name,
                    level,
                    groups(file),
                    codes,
                    means,
                    answered,
                    cant_say,
                    completed,
                    order,
                    framework_id,
                    "result",  # kind
                    {"version": version, "scored_with": scored_with, "role": role},
                )
            )
        return outputs


def _no_groups(file: str) -> dict[str, str]:
    return {}


def read_chunk_outputs(chunk: Sequence[tuple[int, str]]) -> ChunkOutputs:
    """`read_result_chunk` for a worker process: the same outputs, packed."""
    return ChunkOutputs.of(read_chunk(chunk))


__all__ = ["ChunkOutputs", "read_chunk_outputs"]
