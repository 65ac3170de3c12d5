"""The one-pass JSON position map gives the places the general (YAML-composed) map gives."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kompetens.framework.catalog import builtin_frameworks
from kompetens.framework.loading import position_map
from kompetens.framework.validation import load_framework
from kompetens.interop.case_export import CaseOptions, to_case_json
from kompetens.interop.json_positions import json_positions

DATA = Path(__file__).parent / "data"


def _texts() -> list[tuple[str, str]]:
    texts = [
        (path.name, path.read_text(encoding="utf-8"))
        for folder in (DATA / "case", DATA / "designer" / "case")
        for path in sorted(folder.glob("*.json"))
        if path.name != "not-json.json"
    ]
    framework, _ = load_framework(builtin_frameworks()["sote-client-work"])
    assert framework is not None
    texts.append(("export", to_case_json(framework, CaseOptions("fi"))))
    texts.append(("compact", json.dumps(json.loads(texts[-1][1]), separators=(",", ":"))))
    texts.append(("odd", ' {"a" : [ 1 , {"b":"x\\"y"} ,[] ,{}], "c":\n\t-1.5e3 }'))
    return texts


@pytest.mark.parametrize(("name", "text"), _texts())
def test_same_places_as_the_general_map(name: str, text: str) -> None:
    fast = json_positions(text)
    assert fast is not None
    general = position_map(text)
    places = {path: (p.key_line, p.key_col, p.value_line, p.value_col) for path, p in fast.items()}
    expected = {
        path: (p.key_line, p.key_col, p.value_line, p.value_col) for path, p in general.items()
    }
    assert places == expected


def test_not_json_gives_none() -> None:
    assert json_positions("{'a': 1}") is None
    assert json_positions("[1, 2") is None
