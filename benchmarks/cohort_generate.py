"""Generate synthetic cohorts for benchmarking `kompetens score`.

    python benchmarks/cohort_generate.py                 # 1k and 10k files, 1k–100k CSV
    python benchmarks/cohort_generate.py --sizes 100000 --formats yaml json csv

Writes into benchmarks/data/ (git-ignored):

    cohort-<size>-yaml/   one YAML result file per respondent (as `assess` writes them)
    cohort-<size>-json/   the same as JSON
    cohort-<size>.csv     a wide table: respondent, campus, then one column per statement

Ratings follow a simple latent-trait model (ability + area effect + noise, rounded to the
scale), with about 5 % "can't say" and 2 % unanswered, so that means, spreads and
Cronbach's alpha look like real data. The generator is seeded and deterministic.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import yaml

from kompetens.framework.catalog import resolve_framework
from kompetens.framework.fingerprint import fingerprint
from kompetens.framework.validation import load_framework
from kompetens.model import Framework

DATA = Path(__file__).resolve().parent / "data"
CAMPUSES = ("Kuopio", "Iisalmi", "Varkaus", "Helsinki")
_Dumper: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
YAML_HEADER = '# kompetens self-assessment result (rating: null means "can\'t say")\n'
"""The comment `assess` writes at the top of a YAML result (`assessment.results`)."""


def load(framework_spec: str) -> Framework:
    framework, diagnostics = load_framework(resolve_framework(framework_spec))
    if framework is None:
        raise SystemExit("\n".join(d.as_text() for d in diagnostics))
    return framework


def respondents(
    framework: Framework, level: str, count: int, seed: int
) -> Iterator[tuple[str, str, datetime, dict[str, int | None]]]:
    """(id, campus, completed, ratings) for `count` synthetic respondents."""
    rng = random.Random(seed)
    values = framework.scale.values
    low, high = min(values), max(values)
    statements = [
        (area.id, statement.id)
        for area in framework.areas
        for component in area.components
        for statement in component.statements_for(level)
    ]
    start = datetime(2025, 1, 15, 9, 0, tzinfo=UTC)
    for number in range(count):
        ability = rng.gauss(0.0, 0.8)
        area_effect = {area.id: rng.gauss(0.0, 0.35) for area in framework.areas}
        ratings: dict[str, int | None] = {}
        for area_id, statement_id in statements:
            draw = rng.random()
            if draw < 0.02:
                continue
            if draw < 0.07:
                ratings[statement_id] = None
                continue
            value = round(3.1 + ability + area_effect[area_id] + rng.gauss(0.0, 0.6))
            ratings[statement_id] = max(low, min(high, value))
        completed = start + timedelta(minutes=7 * number)
        yield f"s{100000 + number}", CAMPUSES[number % len(CAMPUSES)], completed, ratings


def result_document(
    framework: Framework,
    level: str,
    respondent: str,
    completed: datetime,
    ratings: dict[str, int | None],
) -> dict[str, Any]:
    return {
        "format": 1,
        "framework": {
            "id": framework.id,
            "version": framework.version,
            "fingerprint": fingerprint(framework),
        },
        "level": level,
        "language": "fi",
        "respondent": {"id": respondent, "name": None},
        "started": (completed - timedelta(minutes=25)).isoformat(),
        "completed": completed.isoformat(),
        "answers": {sid: {"rating": rating, "note": None} for sid, rating in ratings.items()},
        "reflections": {},
        "goals": [],
    }


def write_files(framework: Framework, level: str, count: int, fmt: str, seed: int) -> Path:
    directory = DATA / f"cohort-{count}-{fmt}"
    directory.mkdir(parents=True, exist_ok=True)
    for respondent, _, completed, ratings in respondents(framework, level, count, seed):
        document = result_document(framework, level, respondent, completed, ratings)
        if fmt == "json":
            text = json.dumps(document, ensure_ascii=False, indent=2)
        else:
            text = YAML_HEADER + yaml.dump(
                document, Dumper=_Dumper, sort_keys=False, allow_unicode=True
            )
        (directory / f"{respondent}.{fmt}").write_text(text, encoding="utf-8")
    return directory


def write_csv(framework: Framework, level: str, count: int, seed: int) -> Path:
    DATA.mkdir(parents=True, exist_ok=True)
    path = DATA / f"cohort-{count}.csv"
    ids = [s.id for s in framework.statements_for(level)]
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(["respondent", "campus", *ids])
        for respondent, campus, _, ratings in respondents(framework, level, count, seed):
            cells = [
                "" if sid not in ratings else ("-" if ratings[sid] is None else ratings[sid])
                for sid in ids
            ]
            writer.writerow([respondent, campus, *cells])
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--formats", nargs="+", default=["yaml", "json", "csv"])
    parser.add_argument(
        "--max-files",
        type=int,
        default=10000,
        help="largest cohort written as result files (100k files take minutes and 300 MB)",
    )
    parser.add_argument("--framework", default="sote-client-work")
    parser.add_argument("--level", default="nqf6")
    parser.add_argument("--seed", type=int, default=2025)
    args = parser.parse_args(argv)
    framework = load(args.framework)
    for size in args.sizes:
        for fmt in args.formats:
            if fmt == "csv":
                path = write_csv(framework, args.level, size, args.seed)
            elif size <= args.max_files:
                path = write_files(framework, args.level, size, fmt, args.seed)
            else:
                continue
            print(f"wrote {path}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
