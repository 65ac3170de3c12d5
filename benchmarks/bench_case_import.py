"""Importing a large CASE package: where the time goes, as ratios in one run.

A foreign package always gets at least one warning, and a warning needs the line of the
item it names, so the position map of the whole JSON text is always built. This compares
the one-pass JSON scanner (`kompetens.interop.json_positions`) with the general map that
composes the text as YAML (`kompetens.framework.loading.position_map`), and times the whole import.

    python benchmarks/bench_case_import.py [ITEMS]
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from collections.abc import Callable

from kompetens.framework.loading import parse_json, position_map
from kompetens.interop.case_import import import_case
from kompetens.interop.json_positions import json_positions

STAMP = "2025-01-01T00:00:00+00:00"


def package(items: int) -> str:
    """A standards-like package: subjects → domains → clusters → standards."""
    document = "d0000000-0000-4000-8000-000000000000"
    cf_items, associations = [], []
    for n in range(items):
        identifier = f"00000000-0000-4000-8000-{n:012d}"
        depth = 0 if n < 4 else 1 if n < 40 else 2 if n < 400 else 3
        parent = document if depth == 0 else f"00000000-0000-4000-8000-{n // 10:012d}"
        cf_items.append(
            {
                "identifier": identifier,
                "uri": f"https://case.example.org/ims/case/v1p1/CFItems/{identifier}",
                "fullStatement": f"Students can do thing number {n}, with some detail.",
                "humanCodingScheme": f"S.{n}",
                "educationLevel": ["06", "07"],
                "lastChangeDateTime": STAMP,
            }
        )
        associations.append(
            {
                "identifier": f"a0000000-0000-4000-8000-{n:012d}",
                "uri": "urn:x",
                "associationType": "isChildOf",
                "sequenceNumber": n,
                "originNodeURI": {"title": "x", "identifier": identifier, "uri": "urn:x"},
                "destinationNodeURI": {"title": "x", "identifier": parent, "uri": "urn:x"},
                "lastChangeDateTime": STAMP,
            }
        )
    document_data = {
        "identifier": document, "uri": "urn:x", "creator": "x", "title": "Large",
        "lastChangeDateTime": STAMP, "language": "en",
    }  # fmt: skip
    data = {"CFDocument": document_data, "CFItems": cf_items, "CFAssociations": associations}
    return json.dumps(data, indent=2)


def median(function: Callable[[], object], runs: int = 3) -> float:
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        timings.append(time.perf_counter() - start)
    return statistics.median(timings)


def main() -> None:
    items = int(sys.argv[1]) if len(sys.argv) > 1 else 4000
    text = package(items)
    general = median(lambda: position_map(text))
    scanner = median(lambda: json_positions(text))
    whole = median(lambda: import_case(parse_json(text, "large.json")))
    print(f"{items} items, {len(text) / 1e6:.1f} MB of JSON")
    print(f"  position map, YAML-composed: {general:.2f} s")
    print(f"  position map, JSON scanner:  {scanner:.2f} s  ({general / scanner:.1f}x faster)")
    print(f"  whole import:                {whole:.2f} s")


if __name__ == "__main__":
    main()
