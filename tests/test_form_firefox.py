"""The offline form in Firefox, driven through Marionette (Firefox's own remote protocol).

Debian has no geckodriver package, so this drives Firefox ESR with Mozilla's
`marionette-driver` client behind a small adapter that offers the few selenium calls the
shared helpers use. The same checks as in Chromium: answer everything with a reload
half-way, every answer and note still there, download, schema, `kompetens report`, and
every score the page shows against `scoring.py` on many random answer sets. Skipped with
a message without `firefox-esr` (or `firefox`) and `marionette-driver`.
"""

from __future__ import annotations

import contextlib
import json
import random
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.test_form_browser import (
    LEVEL,
    _compare_with_scoring,
    _download,
    _import,
    _random_answers,
    _result_document,
    _start_over,
    _step,
    _validate_schema,
    builtin_framework,
    write_form,
)

FIREFOX = shutil.which("firefox-esr") or shutil.which("firefox")

try:
    import marionette_driver  # noqa: F401

    HAVE_MARIONETTE = True
except ImportError:  # pragma: no cover - depends on the machine
    HAVE_MARIONETTE = False

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        FIREFOX is None or not HAVE_MARIONETTE,
        reason="needs Firefox (apt-get install firefox-esr) and pip install marionette-driver",
    ),
]


class _Element:
    def __init__(self, element: Any) -> None:
        self._element = element

    def click(self) -> None:
        self._element.click()

    def send_keys(self, text: str) -> None:
        self._element.send_keys(text)

    def get_attribute(self, name: str) -> Any:
        if name == "value":
            return self._element.get_property("value")
        return self._element.get_attribute(name)

    def is_displayed(self) -> bool:
        return bool(self._element.is_displayed())

    @property
    def text(self) -> str:
        return str(self._element.text)


class _Alert:
    def __init__(self, client: Any) -> None:
        self._client = client

    def accept(self) -> None:
        from marionette_driver.marionette import Alert

        Alert(self._client).accept()


class _Switch:
    def __init__(self, client: Any) -> None:
        self.alert = _Alert(client)


class FirefoxDriver:
    """The selenium calls the shared helpers make, on top of a Marionette client."""

    def __init__(self, client: Any) -> None:
        self._client = client
        self.switch_to = _Switch(client)

    def _by(self, by: str) -> str:
        from marionette_driver.by import By

        return {"id": By.ID, "css selector": By.CSS_SELECTOR, "tag name": By.TAG_NAME}[by]

    def find_element(self, by: str, value: str) -> _Element:
        return _Element(self._client.find_element(self._by(by), value))

    def find_elements(self, by: str, value: str) -> list[_Element]:
        return [_Element(e) for e in self._client.find_elements(self._by(by), value)]

    def execute_script(self, script: str, *args: Any) -> Any:
        return self._client.execute_script(script, script_args=list(args))

    def get(self, url: str) -> None:
        self._client.navigate(url)

    def refresh(self) -> None:
        self._client.refresh()

    def set_window_size(self, width: int, height: int) -> None:
        self._client.set_window_rect(width=width, height=height)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture
def downloads(tmp_path: Path) -> Path:
    folder = tmp_path / "downloads"
    folder.mkdir()
    return folder


@pytest.fixture
def browser(tmp_path: Path, downloads: Path) -> Iterator[FirefoxDriver]:
    from marionette_driver.marionette import Marionette

    assert FIREFOX is not None
    profile = tmp_path / "firefox-profile"
    profile.mkdir()
    port = _free_port()
    preferences = {
        "marionette.port": port,
        "browser.download.folderList": 2,
        "browser.download.dir": str(downloads),
        "browser.download.useDownloadDir": True,
        "browser.download.always_ask_before_handling_new_types": False,
        "browser.shell.checkDefaultBrowser": False,
        "browser.aboutwelcome.enabled": False,
        "datareporting.policy.dataSubmissionEnabled": False,
        "network.proxy.type": 0,
        "app.update.disabledForTesting": True,
        "intl.accept_languages": "en-US",
    }
    (profile / "user.js").write_text(
        "".join(f"user_pref({json.dumps(k)}, {json.dumps(v)});\n" for k, v in preferences.items()),
        encoding="utf-8",
    )
    process = subprocess.Popen(
        [FIREFOX, "--headless", "--marionette", "--no-remote", "--profile", str(profile)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    client = Marionette(host="127.0.0.1", port=port)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                client.start_session()
                break
            except Exception:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.5)
        yield FirefoxDriver(client)
    finally:
        with contextlib.suppress(Exception):  # Firefox may already be gone
            client.delete_session()
        process.terminate()
        process.wait(timeout=30)


@pytest.fixture(scope="module")
def framework() -> Any:
    return builtin_framework()


@pytest.fixture(scope="module")
def form_file(tmp_path_factory: pytest.TempPathFactory, framework: Any) -> Path:
    return write_form(tmp_path_factory.mktemp("form"), framework)


def test_answer_everything_reload_half_way_and_hand_in_in_firefox(
    browser: FirefoxDriver, form_file: Path, framework: Any, downloads: Path
) -> None:
    rng = random.Random(31)
    statements = [s.id for s in framework.statements_for(LEVEL)]
    options = ["1", "2", "3", "4", "5", "cant-say"]
    planned = {s: rng.choice(options) for s in statements}
    notes = {s: f"Näyttö {i} <i>x</i> & 'y'" for i, s in enumerate(statements) if i % 3 == 0}
    browser.set_window_size(390, 844)
    browser.get(form_file.as_uri())
    browser.find_element("id", "start").click()
    answered: list[str] = []
    for _ in range(400):
        step = _step(browser)
        if step["step"] == "goals":
            break
        if step["step"] == "statement":
            statement_id = step["statement"]
            browser.find_element(
                "css selector", f"label[for=rating-{planned[statement_id]}]"
            ).click()
            if statement_id in notes:
                browser.find_element("id", "note").send_keys(notes[statement_id])
            answered.append(statement_id)
        browser.find_element("id", "next").click()
        if len(answered) == len(statements) // 2 and step["step"] == "statement":
            where = _step(browser)
            browser.refresh()
            assert _step(browser) == where
            # back to the first statement, every answer and note where it was left
            seen = set()
            while _step(browser)["step"] != "none":
                current = _step(browser)
                if current["step"] == "statement" and current["statement"] in answered:
                    checked = browser.execute_script(
                        "return document.querySelector('input[name=rating]:checked').value"
                    )
                    assert checked == planned[current["statement"]]
                    note = browser.find_element("id", "note").get_attribute("value")
                    assert note == notes.get(current["statement"], "")
                    seen.add(current["statement"])
                browser.find_element("id", "back").click()
            assert seen == set(answered)
            browser.find_element("id", "start").click()
            while _step(browser) != where:
                browser.find_element("id", "next").click()
    assert len(answered) == len(statements)
    browser.find_element("id", "finish").click()
    downloaded = _download(browser, downloads)
    document = _validate_schema(downloaded)
    assert {k: v["rating"] for k, v in document["answers"].items()} == {
        k: None if v == "cant-say" else int(v) for k, v in planned.items()
    }
    assert {k: v["note"] for k, v in document["answers"].items() if v["note"]} == notes
    _compare_with_scoring(browser, framework, downloaded)
    report = subprocess.run(
        [sys.executable, "-m", "kompetens", "report", str(downloaded), "--format", "json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert report.returncode == 0, report.stderr


def test_page_scores_equal_scoring_py_in_firefox(
    browser: FirefoxDriver, form_file: Path, framework: Any, downloads: Path, tmp_path: Path
) -> None:
    rng = random.Random(1412)
    browser.set_window_size(1280, 900)
    browser.get(form_file.as_uri())
    for run in range(12):
        answers = _random_answers(rng, framework)
        source = tmp_path / f"in-{run}.json"
        source.write_text(json.dumps(_result_document(framework, answers)), encoding="utf-8")
        _import(browser, source)
        downloaded = _download(browser, downloads)
        _validate_schema(downloaded)
        _compare_with_scoring(browser, framework, downloaded)
        _start_over(browser)
