"""Our CASE packages against the consumers' own schemas: the 1EdTech CASE 1.1 CFPackage
JSON Schema and the schema OpenSALT (the reference CASE editor) validates every import
with. Both are vendored in tests/data/case/ (see the README there).

jsonschema checks `uuid` and `date` by itself; `date-time` and `uri` need optional
packages, so the checker below adds them: RFC 3339 date-times (with an offset) and
absolute URIs (a scheme, and a host for http and https), as OpenSALT's validator requires.
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from jsonschema import Draft4Validator, Draft201909Validator, FormatChecker

from kompetens.catalog import builtin_frameworks
from kompetens.interop.case_export import CaseOptions, changed_timestamp, to_case_package
from kompetens.interop.case_import import import_case, read_case_package
from kompetens.model import Framework
from kompetens.validation import load_framework

CASE = Path(__file__).parent / "data" / "case"
CASE_11 = json.loads((CASE / "case_v1p1_cfpackage-jsonschema1.json").read_text("utf-8"))
OPENSALT = json.loads((CASE / "opensalt-case-v1p0-cfpackage-schema.json").read_text("utf-8"))
PACKAGES = sorted(path.name for path in CASE.glob("*.json") if "schema" not in path.name)

checker = FormatChecker()


@checker.checks("date-time", raises=ValueError)
def _date_time(value: object) -> bool:
    if not isinstance(value, str):
        return True
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})", value):
        return False
    datetime.fromisoformat(value.replace("Z", "+00:00"))
    return True


@checker.checks("uri")
def _uri(value: object) -> bool:
    if not isinstance(value, str):
        return True
    parts = urlsplit(value)
    if not re.fullmatch(r"[A-Za-z][A-Za-z0-9+.-]*", parts.scheme or ""):
        return False
    if parts.scheme in ("http", "https"):
        return bool(parts.netloc) and " " not in value
    return bool(parts.path) and " " not in value


def violations(package: dict[str, Any]) -> dict[str, list[str]]:
    found = {}
    for name, validator in (
        ("CASE 1.1", Draft201909Validator(CASE_11, format_checker=checker)),
        ("OpenSALT", Draft4Validator(OPENSALT, format_checker=checker)),
    ):
        errors = [
            f"{'/'.join(map(str, error.absolute_path))}: {error.message[:200]}"
            for error in validator.iter_errors(package)
        ]
        if errors:
            found[name] = errors[:10]
    return found


def _load(path: Path) -> Framework:
    framework, diagnostics = load_framework(path)
    assert framework is not None, [d.as_text() for d in diagnostics]
    return framework


@pytest.mark.parametrize("name", sorted(builtin_frameworks()))
@pytest.mark.parametrize("base_url", [None, "https://case.example.org/kompetens"])
def test_builtin_frameworks_pass_both_schemas(name: str, base_url: str | None) -> None:
    framework = _load(builtin_frameworks()[name])
    for language in framework.languages:
        options = CaseOptions(language, changed_timestamp("2025-08-01"), base_url)
        assert violations(to_case_package(framework, options)) == {}


def test_the_schemas_catch_what_they_should(builtin: Framework) -> None:
    """The checks are not vacuous: a rubric extension, a bad URI and a bad date all fail."""
    package = to_case_package(builtin, CaseOptions("en"))
    package["CFRubrics"][0]["extensions"] = {"kompetens": {"target": 4}}
    assert "OpenSALT" in violations(package)
    package = to_case_package(builtin, CaseOptions("en"))
    package["CFItems"][0]["uri"] = "not a url"
    assert set(violations(package)) == {"OpenSALT"}  # CASE 1.1 has no format on uri
    package = to_case_package(builtin, CaseOptions("en"))
    package["CFDocument"]["lastChangeDateTime"] = "yesterday"
    assert set(violations(package)) == {"CASE 1.1", "OpenSALT"}


@pytest.mark.parametrize("name", PACKAGES)
def test_public_packages_import_with_no_option_and_export_valid_again(
    name: str, tmp_path: Path
) -> None:
    from kompetens.interop.yaml_out import framework_yaml

    result = import_case(read_case_package(CASE / name))
    assert result.data is not None, [d.as_text() for d in result.diagnostics]
    path = tmp_path / "imported.yaml"
    path.write_text(framework_yaml(result.data), encoding="utf-8")
    framework = _load(path)
    package = to_case_package(framework, CaseOptions(framework.default_language))
    assert violations(package) == {}
