"""How much free text a result may hold, so that every result `assess` writes can be read.

Results are read with a 5 MB size cap (`loading.MAX_BYTES`), which protects `report`,
`score` and `--resume` from files that only pretend to be results. A note pasted from a
long document could push a real result past that cap, and the student would then hold a
file that nothing can open. So each piece of free text is cut to a documented length when
it is saved, and the student is told:

- a note on a statement: `MAX_NOTE` characters;
- a reflection on an area: `MAX_REFLECTION` characters;
- a development goal's text or actions: `MAX_NOTE` characters each; the respondent's name
  and id: `MAX_NAME` characters.

With the built-in framework (66 statements) the largest possible result is then well under
1 MB.
"""

from __future__ import annotations

from kompetens.model import Result

MAX_NOTE = 2_000
MAX_REFLECTION = 5_000
MAX_NAME = 200


def _cut(text: str | None, limit: int) -> tuple[str | None, bool]:
    if text is None or len(text) <= limit:
        return text, False
    return text[:limit].rstrip(), True


def cap_texts(result: Result) -> list[str]:
    """Cut every free text of `result` that is too long (in place); the places cut, as
    data paths (`answers.x.note`), for the message that says so."""
    cut: list[str] = []
    for statement_id, answer in result.answers.items():
        answer.note, was_cut = _cut(answer.note, MAX_NOTE)
        if was_cut:
            cut.append(f"answers.{statement_id}.note")
    for statement_id, text in list(result.notes.items()):  # a draft's notes before ratings
        shortened, was_cut = _cut(text, MAX_NOTE)
        if was_cut and shortened is not None:
            result.notes[statement_id] = shortened
            cut.append(f"notes.{statement_id}")
    for area_id, text in list(result.reflections.items()):
        shortened, was_cut = _cut(text, MAX_REFLECTION)
        if was_cut and shortened is not None:
            result.reflections[area_id] = shortened
            cut.append(f"reflections.{area_id}")
    for index, goal in enumerate(result.goals):
        goal_text, text_cut = _cut(goal.text, MAX_NOTE)
        goal.text = goal_text or ""
        goal.actions, actions_cut = _cut(goal.actions, MAX_NOTE)
        if text_cut or actions_cut:
            cut.append(f"goals[{index}]")
    for field in ("name", "id"):
        value, was_cut = _cut(getattr(result.respondent, field), MAX_NAME)
        if was_cut:
            setattr(result.respondent, field, value)
            cut.append(f"respondent.{field}")
    return cut
