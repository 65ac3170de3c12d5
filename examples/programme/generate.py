"""Write the synthetic programme example (run from the repository root):

    python examples/programme/generate.py [OUTDIR]

Thirty fictional nursing students on two campuses rate themselves against
`sote-client-work` at NQF 6 in their first year (round-1) and again before graduation
(round-2); their placement mentor rates each round-2 student (mentors/). Every name and
answer is invented; the random numbers are seeded, so the files are the same every run.
"""

from __future__ import annotations

import random
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

from kompetens.assessment.results import write_result
from kompetens.assessment.session import new_result
from kompetens.framework.catalog import builtin_frameworks
from kompetens.framework.validation import load_framework
from kompetens.model import Answer, Assessor, Respondent

HERE = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parent
FINLAND = timezone(timedelta(hours=2))
FIRST = [
    "Aino",
    "Eetu",
    "Helmi",
    "Ilona",
    "Juho",
    "Kerttu",
    "Lauri",
    "Minea",
    "Niilo",
    "Oona",
    "Pihla",
    "Rasmus",
    "Saana",
    "Topias",
    "Venla",
    "Amir",
    "Elsa",
    "Hanna",
    "Iida",
    "Joel",
]
LAST = [
    "Heikkinen",
    "Hyvönen",
    "Kinnunen",
    "Korhonen",
    "Lappalainen",
    "Miettinen",
    "Nieminen",
    "Pitkänen",
    "Räsänen",
    "Savolainen",
    "Tuominen",
    "Väisänen",
]
MENTORS = ["Riitta Ohjaaja", "Pekka Mentor", "Sari Harjoittelu", "Tuula Kliininen"]


def _answers_file(result: object, path: Path) -> None:
    """The mentor's ratings as an `--answers` file (statement id → rating)."""
    answers = result.answers  # type: ignore[attr-defined]
    lines = ["# Mentor's ratings of s3001, for: kompetens assess --role mentor --answers FILE"]
    lines += [f"{statement_id}: {answer.rating}" for statement_id, answer in answers.items()]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> None:
    framework, _ = load_framework(builtin_frameworks()["sote-client-work"])
    assert framework is not None
    rng = random.Random(2026)
    statements = framework.statements_for("nqf6")
    components = {s.id: c.id for c in framework.components() for s in c.statements}
    component_effect = {c.id: rng.gauss(0, 0.35) for c in framework.components()}

    def ratings(level: float, noise: float, bias: float = 0.0) -> dict[str, Answer]:
        out = {}
        for statement in statements:
            value = level + bias + component_effect[components[statement.id]] + rng.gauss(0, noise)
            out[statement.id] = Answer(rating=max(1, min(5, round(value))))
        return out

    def save(folder: Path, name: str, result: object) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        write_result(result, folder / f"{name}.yaml")  # type: ignore[arg-type]

    students = []
    for number in range(30):
        campus = "Kuopio" if number < 15 else "Iisalmi"
        name = f"{FIRST[number % len(FIRST)]} {LAST[(number * 7) % len(LAST)]}"
        students.append((f"s{3001 + number}", name, campus, rng.gauss(2.5, 0.45)))
    dropped = {"s3007", "s3022"}  # left the programme after the first year
    for student_id, name, campus, ability in students:
        first = new_result(framework, "nqf6", "fi", Respondent(id=student_id, name=name))
        first.started = datetime(2025, 10, 6, 9, 0, tzinfo=FINLAND) + timedelta(
            hours=rng.randint(0, 80)
        )
        first.completed = first.started + timedelta(minutes=rng.randint(20, 45))
        first.answers = ratings(ability, 0.6)
        save(HERE / "round-1" / campus, student_id, first)
        if student_id in dropped:
            continue
        grown = ability + rng.gauss(0.55, 0.35)
        second = new_result(framework, "nqf6", "fi", Respondent(id=student_id, name=name))
        second.started = datetime(2027, 4, 12, 9, 0, tzinfo=FINLAND) + timedelta(
            hours=rng.randint(0, 80)
        )
        second.completed = second.started + timedelta(minutes=rng.randint(20, 45))
        second.answers = ratings(grown, 0.6)
        save(HERE / "round-2" / campus, student_id, second)
        mentor = new_result(framework, "nqf6", "fi", Respondent(id=student_id, name=name))
        mentor.assessor = Assessor(role="mentor", name=MENTORS[int(student_id[1:]) % len(MENTORS)])
        mentor.started = second.completed + timedelta(days=rng.randint(1, 10))
        mentor.completed = mentor.started + timedelta(minutes=rng.randint(15, 30))
        # mentors rate a little lower than students rate themselves, and not identically
        mentor.answers = ratings(grown + rng.gauss(0, 0.35), 0.6, bias=-0.3)
        save(HERE / "mentors" / campus, f"{student_id}-mentor", mentor)
        if student_id == "s3001":
            _answers_file(mentor, HERE / "mentor-answers-s3001.yaml")
    for number, campus in ((31, "Kuopio"), (32, "Iisalmi")):  # joined in the second year
        student_id = f"s{3000 + number}"
        late = new_result(
            framework, "nqf6", "fi", Respondent(id=student_id, name=f"Uusi Opiskelija {number}")
        )
        late.started = datetime(2027, 4, 14, 10, 0, tzinfo=FINLAND)
        late.completed = late.started + timedelta(minutes=30)
        late.answers = ratings(3.0, 0.6)
        save(HERE / "round-2" / campus, student_id, late)


if __name__ == "__main__":
    main()
