"""The deduplication keys of many rows at once (`selection.row_keys`, and the workers'
`ids_are_keys` that spares the main process working them out) equal `dedupe_key` of each
row."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from kompetens.cohort.records import Entry
from kompetens.cohort.selection import dedupe_key, ids_are_keys, row_keys

TEXTS = st.one_of(
    st.none(),
    st.sampled_from(["", "s1", "S1", "s 1", " s1", "s1\t", "Straße", "ǅ", "x\x00y", "İ", "1234"]),
    st.text(max_size=6),
)


def _key(respondent: str | None, name: str | None) -> str | None:
    entry = Entry("t.csv", 2, respondent, name, "nqf6", {}, b"", (), 0, 0)
    return dedupe_key(entry)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(TEXTS, TEXTS), max_size=12))
def test_row_keys_are_each_rows_dedupe_key(rows: list[tuple[str | None, str | None]]) -> None:
    respondents = [respondent for respondent, _ in rows]
    names = [name for _, name in rows]
    expected = [_key(respondent, name) for respondent, name in rows]
    assert row_keys(respondents, names) == expected
    if ids_are_keys(respondents):  # then the ids themselves are the keys
        assert respondents == expected


def test_ids_that_are_not_their_own_keys() -> None:
    assert ids_are_keys(["s1", "s2", "1234"])
    for ids in (["s1", "S2"], ["s1", "s 2"], ["s1", ""], ["Straße"], [None], []):
        assert not ids_are_keys(ids), ids
