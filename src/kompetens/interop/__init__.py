"""Publishing a framework where people already are: Moodle, CASE-aware systems, documents.

Each format is a pure function from a validated `Framework` to text (or, for CASE import,
from parsed JSON to framework data plus diagnostics), so the command line only chooses,
writes and reports. The formats and their mappings are documented in docs/designers.md.
"""

from __future__ import annotations
