"""The offline form in a Safari-family engine: WebKitGTK, driven through WebKitWebDriver.

The same keyboard walk-through and the same comparison with `scoring.py` as in Chromium
(tests/test_form_browser.py), because Safari's engine has its own ideas about focus, date
fields and downloads. Needs Debian's `webkit2gtk-driver` and, without a display, `xvfb`;
skipped with a message otherwise.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.test_form_browser import (
    _compare_with_scoring,
    _download,
    _import,
    _open,
    _random_answers,
    _result_document,
    _start_over,
    _validate_schema,
    builtin_framework,
    walk_through_by_keyboard,
    write_form,
)

WEBKIT_DRIVER = Path("/usr/bin/WebKitWebDriver")
MINIBROWSER = next(Path("/usr/lib").glob("*/webkit2gtk-4.*/MiniBrowser"), None)
XVFB = shutil.which("Xvfb")

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not WEBKIT_DRIVER.exists()
        or MINIBROWSER is None
        or not (os.environ.get("DISPLAY") or XVFB),
        reason="needs Debian's webkit2gtk-driver and a display or xvfb "
        "(apt-get install webkit2gtk-driver xvfb)",
    ),
]


@pytest.fixture(scope="module")
def framework() -> Any:
    return builtin_framework()


@pytest.fixture(scope="module")
def form_file(tmp_path_factory: pytest.TempPathFactory, framework: Any) -> Path:
    return write_form(tmp_path_factory.mktemp("form"), framework)


@pytest.fixture(scope="module")
def display() -> Iterator[str]:
    if os.environ.get("DISPLAY"):
        yield os.environ["DISPLAY"]
        return
    assert XVFB is not None
    read, write = os.pipe()
    server = subprocess.Popen(
        [XVFB, "-displayfd", str(write), "-screen", "0", "1280x1024x24", "-nolisten", "tcp"],
        pass_fds=(write,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write)
    with os.fdopen(read) as stream:
        number = stream.readline().strip()
    try:
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture
def downloads(tmp_path: Path) -> Path:
    """WebKitGTK's MiniBrowser saves downloads in the home folder."""
    home = tmp_path / "home"
    home.mkdir()
    return home


@pytest.fixture
def browser(display: str, downloads: Path) -> Iterator[Any]:
    from selenium import webdriver
    from selenium.webdriver.webkitgtk.options import Options
    from selenium.webdriver.webkitgtk.service import Service

    options = Options()
    options.binary_location = str(MINIBROWSER)
    options.add_argument("--automation")
    env = {**os.environ, "DISPLAY": display, "HOME": str(downloads), "LANG": "en_US.UTF-8"}
    driver = webdriver.WebKitGTK(
        options=options, service=Service(executable_path=str(WEBKIT_DRIVER), env=env)
    )
    try:
        yield driver
    finally:
        driver.quit()


def test_keyboard_only_walkthrough_in_webkit(
    browser: Any, form_file: Path, framework: Any, downloads: Path, tmp_path: Path
) -> None:
    walk_through_by_keyboard(browser, form_file, framework, downloads, tmp_path)


def test_page_scores_equal_scoring_py_in_webkit(
    browser: Any, form_file: Path, framework: Any, downloads: Path, tmp_path: Path
) -> None:
    rng = random.Random(1411)
    _open(browser, form_file, (1280, 900))
    for run in range(12):
        answers = _random_answers(rng, framework)
        source = tmp_path / f"in-{run}.json"
        source.write_text(json.dumps(_result_document(framework, answers)), encoding="utf-8")
        _import(browser, source)
        downloaded = _download(browser, downloads)
        _validate_schema(downloaded)
        _compare_with_scoring(browser, framework, downloaded)
        _start_over(browser)
        time.sleep(0.05)
