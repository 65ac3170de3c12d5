"""`kompetens form` without a browser: one self-contained file, no network, bad input refused.

The promise to students is "nothing is sent anywhere": the file must not reference any
external resource, must not contain code that talks to the network, and must carry a
Content-Security-Policy that forbids the network even if someone edits the script.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from kompetens.cli.app import app
from kompetens.framework.catalog import builtin_frameworks
from kompetens.framework.fingerprint import fingerprint
from kompetens.framework.validation import load_framework
from kompetens.report.form import build_form

runner = CliRunner()
SIZE_LIMIT = 400 * 1024


class _Page(HTMLParser):
    """Every attribute, the CSP meta and the scripts of a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.attributes: list[tuple[str, str, str]] = []
        self.csp: list[str] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self._script: dict[str, str | None] | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            self.attributes.append((tag, name, value or ""))
        found = dict(attrs)
        if tag == "meta" and (found.get("http-equiv") or "").lower() == "content-security-policy":
            self.csp.append(found.get("content") or "")
        if tag == "script":
            self._script = found
            self._text = []

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            self.scripts.append((self._script, "".join(self._text)))
            self._script = None


def _parse(text: str) -> _Page:
    page = _Page()
    page.feed(text)
    return page


@pytest.fixture(scope="module")
def builtin() -> Any:
    framework, diagnostics = load_framework(builtin_frameworks()["sote-client-work"])
    assert framework is not None, diagnostics
    return framework


@pytest.fixture(scope="module")
def page_text(builtin: Any) -> str:
    return build_form(builtin, ["nqf6"], "fi")


def _data(text: str) -> dict[str, Any]:
    page = _parse(text)
    (data,) = [body for attrs, body in page.scripts if attrs.get("id") == "form-data"]
    loaded: dict[str, Any] = json.loads(data)
    return loaded


def test_the_cli_writes_the_file_and_says_how_big_it_is(tmp_path: Path) -> None:
    out = tmp_path / "itsearviointi.html"
    result = runner.invoke(app, ["form", "--level", "nqf6", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.is_file()
    size = out.stat().st_size
    assert size < SIZE_LIMIT, f"{size} bytes"
    assert str(out) in result.output
    assert f"{round(size / 1024)} k" in result.output


def test_every_built_in_framework_at_every_level_stays_under_the_size_limit(
    tmp_path: Path,
) -> None:
    for framework_id in builtin_frameworks():
        out = tmp_path / f"{framework_id}.html"
        result = runner.invoke(app, ["form", framework_id, "-o", str(out)])
        assert result.exit_code == 0, result.output
        assert out.stat().st_size < SIZE_LIMIT, framework_id


def test_no_external_reference_and_no_network_code(page_text: str) -> None:
    page = _parse(page_text)
    for tag, name, value in page.attributes:
        if name in {"src", "href", "action", "formaction", "poster", "data", "srcset"}:
            assert not re.match(r"\s*(https?:)?//", value, re.I), (tag, name, value)
            assert not value.strip().lower().startswith(("http", "ftp", "javascript:")), value
    scripts = [body for attrs, body in page.scripts if attrs.get("type") != "application/json"]
    assert len(scripts) == 1
    code = scripts[0]
    for forbidden in (
        "fetch(",
        "XMLHttpRequest",
        "WebSocket",
        "EventSource",
        "sendBeacon",
        "importScripts",
        "import(",
        "Worker(",
        "RTCPeerConnection",
        ".src =",
        "innerHTML",
        "eval(",
        "new Function",
    ):
        assert forbidden not in code, forbidden
    # the one href the script sets is the blob: URL of the download
    assert re.findall(r"\.href\s*=\s*([^;]+);", code) == ["url"]
    assert "URL.createObjectURL(blob)" in code
    # no stylesheet import or font from elsewhere
    assert "@import" not in page_text
    assert not re.search(r"url\(\s*['\"]?(https?:)?//", page_text)


def test_a_strict_content_security_policy_forbids_the_network(page_text: str) -> None:
    page = _parse(page_text)
    assert len(page.csp) == 1
    directives = {
        part.strip().split()[0]: part.strip().split()[1:]
        for part in page.csp[0].split(";")
        if part.strip()
    }
    assert directives["default-src"] == ["'none'"]
    assert "connect-src" not in directives  # falls back to 'none'
    assert directives["style-src"] == ["'unsafe-inline'"]
    assert directives["form-action"] == ["'none'"]
    assert directives["base-uri"] == ["'none'"]
    (script_source,) = directives["script-src"]
    (code,) = [body for attrs, body in page.scripts if attrs.get("type") != "application/json"]
    digest = base64.b64encode(hashlib.sha256(code.encode("utf-8")).digest()).decode()
    assert script_source == f"'sha256-{digest}'"
    # the CSP comes before any script or style so that it governs them all
    assert page_text.index("Content-Security-Policy") < page_text.index("<style>")


def test_framework_levels_and_all_three_languages_are_embedded(
    page_text: str, builtin: Any
) -> None:
    data = _data(page_text)
    assert data["fingerprint"] == fingerprint(builtin)
    assert data["framework"]["id"] == builtin.id
    assert data["framework"]["version"] == builtin.version
    assert data["levels"] == ["nqf6"]
    assert [lvl["id"] for lvl in data["framework"]["levels"]] == ["nqf6"]
    embedded = [
        s["id"]
        for a in data["framework"]["areas"]
        for c in a["components"]
        for s in c["statements"]
    ]
    assert embedded == [s.id for s in builtin.statements_for("nqf6")]
    assert set(data["messages"]) == {"fi", "sv", "en"}
    for texts in data["messages"].values():
        assert texts["form.download"] and texts["report.status.priority"]
        assert not any(key.startswith("form.cli.") for key in texts)
    assert data["initial_language"] == "fi"
    assert '<html lang="fi">' in page_text
    noscript = page_text[page_text.index("<noscript>") : page_text.index("</noscript>")]
    assert "JavaScript" in noscript and noscript.count('<p class="banner"') == 3


def test_the_third_person_texts_are_wording_pys_for_every_statement_and_language() -> None:
    """A mentor, teacher or peer reads in the page exactly what `assess --role` shows: the
    page embeds kompetens.assessment.wording's texts and words nothing itself."""
    from kompetens.assessment.wording import statement_text
    from kompetens.model import ASSESSOR_ROLES

    for framework_id, path in builtin_frameworks().items():
        framework, diagnostics = load_framework(path)
        assert framework is not None, diagnostics
        data = _data(build_form(framework, [], "en"))
        assert data["roles"] == list(ASSESSOR_ROLES)
        statements = {
            s.id: s for level in framework.level_ids for s in framework.statements_for(level)
        }
        assert set(data["third_person"]) == set(statements), framework_id
        for statement_id, texts in data["third_person"].items():
            statement = statements[statement_id]
            assert set(texts) == set(statement.text)
            for language in statement.text:
                expected = statement_text(statement, language, framework.default_language, "mentor")
                assert texts[language] == expected, (framework_id, statement_id, language)
                assert texts[language] != statement.text[language]


def test_without_level_every_level_is_embedded_for_the_student_to_choose(builtin: Any) -> None:
    data = _data(build_form(builtin, [], "en"))
    assert data["levels"] == builtin.level_ids
    assert len(data["levels"]) > 1


def test_text_from_a_framework_cannot_break_out_of_the_page(tmp_path: Path) -> None:
    document = yaml.safe_load(builtin_frameworks()["sote-client-work"].read_text(encoding="utf-8"))
    document["title"]["fi"] = "</script><script>alert(1)</script> & <!--"
    path = tmp_path / "hostile.yaml"
    path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    framework, diagnostics = load_framework(path)
    assert framework is not None, diagnostics
    text = build_form(framework, ["nqf6"], "fi")
    page = _parse(text)
    assert len(page.scripts) == 2
    assert _data(text)["framework"]["title"]["fi"] == document["title"]["fi"]
    assert "<script>alert(1)" not in text


def test_an_invalid_framework_is_refused_with_the_validators_messages(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text(
        "format: 1\nid: Broken Id\nversion: '1.0'\ntitle: {fi: x}\nlanguages: [fi]\n"
        "default_language: fi\nscale: {points: []}\nlevels: []\nareas: []\n",
        encoding="utf-8",
    )
    out = tmp_path / "form.html"
    result = runner.invoke(app, ["form", str(broken), "-o", str(out)])
    assert result.exit_code == 1
    assert f"{broken}:2:" in result.output  # file:line:col of the bad id
    assert "not a valid framework" in result.output
    assert not out.exists()


def test_an_unknown_level_is_a_usage_error_naming_the_levels(tmp_path: Path) -> None:
    out = tmp_path / "form.html"
    result = runner.invoke(app, ["form", "--level", "nqf9", "--lang", "en", "-o", str(out)])
    assert result.exit_code == 2
    assert "nqf9" in result.output and "nqf6, nqf7" in result.output
    assert not out.exists()


def test_an_existing_file_is_not_overwritten_without_force(tmp_path: Path) -> None:
    out = tmp_path / "form.html"
    out.write_text("the teacher's own page", encoding="utf-8")
    result = runner.invoke(app, ["form", "--level", "nqf6", "--lang", "en", "-o", str(out)])
    assert result.exit_code == 2
    assert "--force" in result.output
    assert out.read_text(encoding="utf-8") == "the teacher's own page"
    forced = runner.invoke(app, ["form", "--level", "nqf6", "-o", str(out), "--force"])
    assert forced.exit_code == 0, forced.output
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_the_output_must_be_an_html_file(tmp_path: Path) -> None:
    result = runner.invoke(app, ["form", "--lang", "en", "-o", str(tmp_path / "result.json")])
    assert result.exit_code == 2
    assert ".html" in result.output


def test_lang_chooses_the_language_the_page_opens_in(tmp_path: Path) -> None:
    out = tmp_path / "form.html"
    result = runner.invoke(app, ["form", "-l", "nqf7", "--lang", "sv", "-o", str(out)])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert '<html lang="sv">' in text
    assert _data(text)["initial_language"] == "sv"
    assert _data(text)["levels"] == ["nqf7"]


def test_an_output_in_a_missing_folder_or_onto_a_folder_is_a_usage_error(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-folder" / "form.html"
    result = runner.invoke(app, ["form", "--lang", "en", "-o", str(missing)])
    assert result.exit_code == 2
    assert str(missing) in result.output and "folder" in result.output
    assert not missing.parent.exists()
    folder = tmp_path / "looks-like.html"
    folder.mkdir()
    result = runner.invoke(app, ["form", "--lang", "en", "-o", str(folder), "--force"])
    assert result.exit_code == 2
    assert folder.is_dir()


def test_without_output_the_file_is_named_after_framework_and_level(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["form", "--level", "nqf7", "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "sote-client-work-nqf7-form.html").is_file()


def test_dash_writes_the_page_to_standard_output() -> None:
    result = runner.invoke(app, ["form", "--level", "nqf6", "--lang", "en", "-o", "-"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("<!DOCTYPE html>")


def test_the_framework_file_itself_is_never_replaced(tmp_path: Path) -> None:
    source = builtin_frameworks()["sote-client-work"].read_text(encoding="utf-8")
    framework = tmp_path / "mine.html"  # a framework file with a page's suffix, on purpose
    framework.write_text(source, encoding="utf-8")
    result = runner.invoke(
        app, ["form", str(framework), "--lang", "en", "-o", str(framework), "--force"]
    )
    assert result.exit_code == 2
    assert "input" in result.output
    assert framework.read_text(encoding="utf-8") == source
