"""The wheel carries everything: frameworks, templates, schemas and message catalogues.

Built and installed into a brand-new virtual environment, then run from an unrelated
directory, so that nothing can be found by accident in the source checkout.
"""

from __future__ import annotations

import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(out), str(ROOT)],
        check=True,
        timeout=600,
    )
    (built,) = out.glob("kompetens-*.whl")
    return built


def test_wheel_contains_the_data_files(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "kompetens/frameworks/sote-client-work.yaml" in names
    assert "kompetens/frameworks/client-participation-house.yaml" in names
    assert "kompetens/frameworks/archive/sote-client-work-1.0.0.yaml" in names
    assert "kompetens/glossaries/sote.yaml" in names
    assert "kompetens/templates/report.html.j2" in names
    assert "kompetens/schemas/framework.schema.json" in names
    assert "kompetens/messages/assess/fi.json" in names


def test_installed_wheel_validates_and_assesses_from_any_directory(
    wheel: Path, tmp_path: Path
) -> None:
    environment = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(environment)
    python = environment / "bin" / "python"
    subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", str(wheel)], check=True, timeout=600
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    kompetens = environment / "bin" / "kompetens"
    validated = subprocess.run(
        [str(kompetens), "validate", "--builtin", "--strict"],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        check=False,
    )
    assert validated.returncode == 0, validated.stderr
    assert "2 valid, 0 invalid" in validated.stderr
    assessed = subprocess.run(
        [str(python), "-m", "kompetens", "assess", "--level", "nqf6", "-o", "r.yaml"],
        cwd=elsewhere,
        input="3\n" * 44,
        capture_output=True,
        text=True,
        check=False,
    )
    assert assessed.returncode == 0, assessed.stderr
    report = subprocess.run(
        [str(kompetens), "report", "r.yaml", "-o", "r.html"],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        check=False,
    )
    assert report.returncode == 0, report.stderr
    assert "<svg" in (elsewhere / "r.html").read_text(encoding="utf-8")
