"""Every executable page and notebook runs top to bottom (nbmake's runner on jupytext-converted copies)."""

from __future__ import annotations

from pathlib import Path

import jupytext
import nbformat
import pytest
from conftest import ROOT
from nbmake.nb_run import NotebookRun

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


@pytest.mark.parametrize("source", NOTEBOOKS, ids=lambda p: str(p.relative_to(ROOT)))
def test_notebook_runs(source: Path, tmp_path: Path):
    nb = jupytext.read(source)
    if source.suffix == ".ipynb":
        assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code"), "commit notebooks without outputs"
    target = tmp_path / (source.stem + ".ipynb")
    nbformat.write(nb, target)
    result = NotebookRun(target, default_timeout=300).execute()
    assert result.error is None, result.error and result.error.summary
