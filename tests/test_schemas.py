"""The JSON Schemas in `schemas/` are what editors use; they must match the models."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kompetens.cli.app import app

SCHEMAS = Path(__file__).parents[1] / "schemas"


@pytest.mark.parametrize("name", ["framework", "result", "glossary"])
def test_published_schema_matches_the_model(name: str) -> None:
    result = CliRunner().invoke(app, ["schema", name])
    assert result.exit_code == 0, result.stderr
    published = SCHEMAS / f"{name}.schema.json"
    fix = f"run `kompetens schema {name} > schemas/{name}.schema.json`"
    assert published.is_file(), f"{published} is missing: {fix}"
    assert published.read_text(encoding="utf-8") == result.stdout, (
        f"{published} is out of date with the model: {fix}"
    )


@pytest.mark.parametrize("name", ["framework", "result", "glossary"])
def test_schema_is_a_2020_12_schema_of_a_closed_object(name: str) -> None:
    schema = json.loads((SCHEMAS / f"{name}.schema.json").read_text(encoding="utf-8"))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == f"{name}.schema.json"
    assert schema["type"] == "object"
    # unknown keys are errors in the files, so editors should flag them too
    assert schema["additionalProperties"] is False


def test_framework_schema_requires_what_the_validator_requires() -> None:
    schema = json.loads((SCHEMAS / "framework.schema.json").read_text(encoding="utf-8"))
    assert set(schema["required"]) == {
        "id",
        "version",
        "title",
        "languages",
        "default_language",
        "scale",
        "levels",
        "areas",
    }


def test_default_schema_is_the_framework_schema() -> None:
    plain = CliRunner().invoke(app, ["schema"])
    framework = CliRunner().invoke(app, ["schema", "framework"])
    assert plain.exit_code == 0
    assert plain.stdout == framework.stdout


def test_unknown_schema_name_is_a_usage_error() -> None:
    result = CliRunner().invoke(app, ["schema", "scores"])
    assert result.exit_code == 2
    assert "Traceback" not in result.stdout + result.stderr
