"""The limits of what kompetens reads, in one light module: the fast readers of a cohort
check them without importing the YAML reader (`loading`), which keeps them too."""

MAX_BYTES = 5 * 1024 * 1024
"""Largest document we read: the built-in framework is ~100 kB, a result ~10 kB."""

MAX_DEPTH = 100
"""Deepest nesting of mappings and lists we read: a framework needs about ten levels, and
the YAML parser slows down with the square of the depth (a 40 kB file of nested brackets
would otherwise take seconds, a 5 MB one hours)."""
MAX_NODES = 100_000
"""Values (keys, scalars, lists, maps) a YAML document may hold: the built-in framework has
about 2,000, a result with 10,000 answers about 60,000. Counted from parser events before
anything is built, so 100,000 empty areas are refused in a second, not parsed for a minute."""

__all__ = ["MAX_BYTES", "MAX_DEPTH", "MAX_NODES"]
