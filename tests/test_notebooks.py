"""Every executable page and Voila entry notebook runs top to bottom under nbval (lax mode: every
cell must run without an error; outputs are not compared), on jupytext-converted copies."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import jupytext
import nbformat
import pytest
from conftest import ROOT

SEARCH = ("book", "exercises", "widgets")


def _notebooks() -> list[Path]:
    found = []
    for top in SEARCH:
        for path in sorted((ROOT / top).rglob("*")):
            if "generated" in path.parts or ".ipynb_checkpoints" in path.parts:
                continue
            if path.suffix == ".ipynb":
                found.append(path)
            elif path.suffix == ".md" and "kernelspec:" in path.read_text(encoding="utf-8")[:600]:
                found.append(path)
    return found


NOTEBOOKS = _notebooks()


def test_there_are_executable_pages():
    assert any(p.name == "catalogue.md" for p in NOTEBOOKS)
    assert any(p.parent.name == "apps" and p.suffix == ".ipynb" for p in NOTEBOOKS)


@pytest.mark.parametrize("source", NOTEBOOKS, ids=lambda p: str(p.relative_to(ROOT)))
def test_notebook_runs_under_nbval(source: Path, tmp_path: Path):
    nb = jupytext.read(source)
    if source.suffix == ".ipynb":
        assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code"), "commit notebooks without outputs"
    target = tmp_path / (source.stem + ".ipynb")
    nbformat.write(nb, target)
    cmd = [sys.executable, "-m", "pytest", "--nbval-lax", "-q", "-p", "no:cacheprovider", "--rootdir", str(tmp_path)]
    cmd += ["--nbval-cell-timeout", "300", str(target)]
    result = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
