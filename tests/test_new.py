"""`kompetens new`: a scaffold that passes `kompetens validate` as written."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from kompetens.framework.catalog import resource_dir
from kompetens.framework.json_schemas import schema_document
from kompetens.framework.loading import parse_yaml
from kompetens.framework.scaffold import (
    ScaffoldError,
    parse_list,
    scaffold_framework,
    schema_reference,
)
from kompetens.framework.validation import check_framework_document


@pytest.mark.parametrize(
    ("languages", "levels"),
    [
        (["fi", "sv", "en"], ["nqf6", "nqf7"]),
        (["sv", "fi", "en"], ["nqf6"]),
        (["en"], ["unit", "organisation", "region"]),
        (["de", "no", "fi"], ["no", "yes", "1"]),  # YAML 1.1 traps must come out quoted
    ],
)
def test_scaffold_is_valid_strictly_for_any_languages_and_levels(
    languages: list[str], levels: list[str]
) -> None:
    text = scaffold_framework("my-framework", languages, levels)
    framework, diagnostics = check_framework_document(parse_yaml(text, "new.yaml"), strict=True)
    assert framework is not None, [d.as_text() for d in diagnostics]
    assert not diagnostics
    assert framework.languages == languages
    assert framework.default_language == languages[0]
    assert framework.level_ids == levels
    assert text.startswith("# yaml-language-server: $schema=framework.schema.json\n")
    # Commented examples of the optional parts are there to be uncommented.
    for example in ("# source:", "# licence:", "# references:", "#   descriptors:"):
        assert example in text


def test_scaffold_validates_against_the_json_schema() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    data = yaml.safe_load(scaffold_framework("my-framework"))
    jsonschema.validate(data, schema_document("framework"))


def test_option_errors() -> None:
    with pytest.raises(ScaffoldError, match="not a valid framework id"):
        scaffold_framework("My Framework")
    with pytest.raises(ScaffoldError, match="not a language code"):
        scaffold_framework("x", ["finnish"])
    with pytest.raises(ScaffoldError, match="more than once"):
        parse_list("fi,sv,fi", ["fi"], "languages")
    with pytest.raises(ScaffoldError, match="comma-separated"):
        parse_list("fi,,sv", ["fi"], "languages")


def test_schema_reference_finds_the_nearest_copy(tmp_path: Path) -> None:
    nested = tmp_path / "curricula" / "nursing"
    nested.mkdir(parents=True)
    assert schema_reference(nested) == ("framework.schema.json", False)
    (tmp_path / "schemas").mkdir()
    (tmp_path / "schemas" / "framework.schema.json").write_text("{}", encoding="utf-8")
    assert schema_reference(nested) == ("../../schemas/framework.schema.json", True)
    (nested / "framework.schema.json").write_text("{}", encoding="utf-8")
    assert schema_reference(nested) == ("framework.schema.json", True)
    url = "https://example.org/framework.schema.json"
    assert schema_reference(nested, url) == (url, True)
    # In a kompetens checkout the built-in frameworks' own schema is found.
    frameworks = resource_dir("frameworks")
    if (frameworks.parent / "schemas" / "framework.schema.json").is_file():
        assert schema_reference(frameworks)[0] == "../schemas/framework.schema.json"


def test_cli_new_then_validate(cli: Any, tmp_path: Path) -> None:
    result = cli("new", "my-framework", "--languages", "sv,fi,en", "--levels", "nqf6,nqf7")
    assert result.exit_code == 0, result.output
    path = tmp_path / "my-framework.yaml"
    assert "wrote my-framework.yaml" in result.stderr
    assert "kompetens schema framework > framework.schema.json" in result.stderr
    validate = cli("validate", "--strict", "my-framework.yaml")
    assert validate.exit_code == 0, validate.output
    assert "1 valid, 0 invalid; 0 errors, 0 warnings" in validate.stderr
    text = path.read_text(encoding="utf-8")
    assert "default_language: sv" in text
    # The schema the editor line names can be made with `kompetens schema`.
    schema = cli("schema", "framework")
    (tmp_path / "framework.schema.json").write_text(schema.stdout, encoding="utf-8")
    assert json.loads(schema.stdout)["title"] == "Framework"
    # Existing files are not overwritten without --force.
    again = cli("new", "my-framework")
    assert again.exit_code == 2
    assert "already exists" in again.stderr
    assert cli("new", "my-framework", "--force").exit_code == 0
    stdout = cli("new", "other", "-o", "-")
    assert stdout.exit_code == 0
    assert stdout.stdout.startswith("# yaml-language-server: $schema=framework.schema.json")
    assert not (tmp_path / "other.yaml").exists()


def test_cli_new_usage_errors(cli: Any, tmp_path: Path) -> None:
    bad_id = cli("new", "My_Framework")
    assert bad_id.exit_code == 2
    assert "not a valid framework id" in bad_id.stderr
    bad_language = cli("new", "x", "--languages", "fi,FIN")
    assert bad_language.exit_code == 2
    bad_suffix = cli("new", "x", "-o", "x.txt")
    assert bad_suffix.exit_code == 2
    no_directory = cli("new", "x", "-o", "missing/x.yaml")
    assert no_directory.exit_code == 2
    assert "Traceback" not in bad_id.output + no_directory.output
    assert not list(tmp_path.iterdir())


def test_schema_option_and_nested_output(cli: Any, tmp_path: Path) -> None:
    (tmp_path / "repo" / "schemas").mkdir(parents=True)
    (tmp_path / "repo" / "schemas" / "framework.schema.json").write_text("{}", encoding="utf-8")
    (tmp_path / "repo" / "frameworks").mkdir()
    result = cli("new", "nested", "-o", "repo/frameworks/nested.yaml")
    assert result.exit_code == 0, result.output
    text = (tmp_path / "repo" / "frameworks" / "nested.yaml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../schemas/framework.schema.json\n")
    assert "does not exist yet" not in result.stderr
    url = "https://example.org/kompetens/framework.schema.json"
    with_url = cli("new", "remote", "--schema", url, "-o", "-")
    assert with_url.stdout.startswith(f"# yaml-language-server: $schema={url}\n")


def test_pre_commit_hook_runs_validate_on_yaml_files(cli: Any, tmp_path: Path) -> None:
    """The hook in .pre-commit-hooks.yaml, run the way pre-commit runs it."""
    import re
    import shlex

    root = Path(__file__).resolve().parents[1]
    [hook] = yaml.safe_load((root / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["id"] == "kompetens-validate"
    assert hook["language"] == "python"
    assert hook["files"] == r"\.(ya?ml)$"
    files, exclude = re.compile(hook["files"]), re.compile(hook["exclude"])

    def selected(name: str) -> bool:
        return bool(files.search(name)) and not exclude.search(name)

    assert selected("frameworks/nursing.yaml") and selected("x.yml")
    assert not selected("x.json") and not selected(".pre-commit-config.yaml")
    assert not selected(".github/workflows/ci.yml")
    command = shlex.split(hook["entry"])
    assert command[0] == "kompetens"
    # pre-commit appends the staged file names to the entry.
    assert cli("new", "good").exit_code == 0
    ok = cli(*command[1:], "good.yaml")
    assert ok.exit_code == 0, ok.output
    (tmp_path / "bad.yaml").write_text(
        (tmp_path / "good.yaml").read_text(encoding="utf-8").replace("target: 4", "target: 7"),
        encoding="utf-8",
    )
    failed = cli(*command[1:], "good.yaml", "bad.yaml")
    assert failed.exit_code == 1  # pre-commit stops the commit
    assert re.search(r"^bad\.yaml:\d+:\d+: error \[target-out-of-scale\]", failed.stderr, re.M)


def _targets(data: dict[str, Any]) -> dict[str, float]:
    return {level["id"]: level["target"] for level in data["levels"]}


def test_scaffold_targets_are_those_of_the_built_in_framework() -> None:
    """A new framework at NQF 6 and 7 expects what the built-in one expects there (4 at
    both: a master's level shows in the statements asked, not in a higher target)."""
    builtin = yaml.safe_load(
        (resource_dir("frameworks") / "sote-client-work.yaml").read_text(encoding="utf-8")
    )
    scaffold = yaml.safe_load(scaffold_framework("my-framework", ["en"], ["nqf6", "nqf7"]))
    assert _targets(scaffold) == _targets(builtin) == {"nqf6": 4, "nqf7": 4}


def test_scaffold_targets_for_other_levels() -> None:
    nqf = yaml.safe_load(scaffold_framework("x", ["en"], ["nqf5", "nqf6", "nqf7", "nqf8"]))
    assert _targets(nqf) == {"nqf5": 3, "nqf6": 4, "nqf7": 4, "nqf8": 4}
    named = yaml.safe_load(scaffold_framework("x", ["en"], ["unit", "organisation", "region"]))
    assert _targets(named) == {"unit": 3, "organisation": 4, "region": 4}


def test_scaffold_texts_come_from_the_catalogue_in_each_language() -> None:
    data = yaml.safe_load(scaffold_framework("x", ["fi", "sv", "de"], ["nqf6", "unit"]))
    assert data["title"] == {
        "fi": "Uusi osaamiskehys (x)",
        "sv": "Nytt kompetensramverk (x)",
        "de": "New competence framework (x)",  # no catalogue in German: English
    }
    titles = {level["id"]: level["title"] for level in data["levels"]}
    assert titles["nqf6"]["sv"] == "NQF 6 – lägre högskoleexamen"
    assert titles["nqf6"]["de"] == "Level NQF 6"
    assert titles["unit"]["fi"] == "Taso unit"


def test_cli_new_errors_in_the_interface_language(
    cli: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KOMPETENS_LANG", "fi")
    bad_id = cli("new", "My_Framework")
    assert bad_id.exit_code == 2
    assert "'My_Framework' ei kelpaa kehyksen tunnisteeksi" in bad_id.stderr
    assert not Path("My_Framework.yaml").exists()


def test_cli_new_next_steps_in_the_interface_language(
    cli: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KOMPETENS_LANG", "sv")
    made = cli("new", "my-framework")
    assert made.exit_code == 0, made.stderr
    assert "Nästa steg: redigera det och kör sedan  kompetens validate my-framework.yaml" in (
        made.stderr
    )
    assert "editorraden hänvisar till framework.schema.json, som inte finns ännu" in made.stderr
    bad_suffix = cli("new", "x", "-o", "x.txt")
    assert bad_suffix.exit_code == 2
    assert "--output måste sluta på .yaml eller .yml, inte '.txt'" in bad_suffix.stderr
    assert not Path("x.txt").exists()
