"""Lessons and exercises: stored without outputs, and every one runs top to bottom headless.

Each notebook is executed with nbclient on the ``python3`` kernel (in a fresh
virtualenv with ``.[test]`` installed that is the virtualenv's own ipykernel,
so the toolkit is importable), with the notebooks folder as working directory.
The executed copy is written to a temporary folder, never over the repository's.
"""
from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
LESSONS = sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))
EXERCISES = sorted((NOTEBOOKS / "exercises").glob("[0-9][0-9]_*.ipynb"))
ALL = LESSONS + EXERCISES
KERNEL = "python3"
TIMEOUT = 600


def _id(p: Path) -> str:
    return str(p.relative_to(NOTEBOOKS))


def test_the_lessons_and_exercises_are_there():
    numbers = [p.name[:2] for p in LESSONS]
    assert numbers == ["01", "02", "03", "04", "05", "06"], numbers
    assert len(EXERCISES) >= 3


@pytest.mark.parametrize("path", ALL, ids=_id)
def test_notebooks_are_stored_without_outputs(path):
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [], f"{path.name}: a cell has stored outputs; strip them before committing"
            assert cell.execution_count is None, f"{path.name}: a cell has an execution count"
    assert "widgets" not in nb.metadata, f"{path.name}: stored widget state; strip it"
    assert nb.metadata.get("kernelspec", {}).get("name") == KERNEL


@pytest.mark.parametrize("path", EXERCISES, ids=_id)
def test_every_exercise_has_a_teachers_note(path):
    nb = nbformat.read(path, as_version=4)
    first = "".join(c.source for c in nb.cells[:2] if c.cell_type == "markdown")
    assert "Teacher's note" in first


def test_readme_lists_every_notebook_with_a_description():
    readme = (NOTEBOOKS / "README.md").read_text("utf-8")
    for path in ALL:
        rel = _id(path)
        line = next((ln for ln in readme.splitlines() if f"({rel})" in ln), None)
        assert line, f"notebooks/README.md does not link {rel}"
        assert len(re.sub(r"\[[^]]*\]\([^)]*\)", "", line).strip(" -*|:·")) > 20, f"{rel}: add a one-line description"


def _snapshot(folder: Path) -> dict[str, int]:
    return {
        str(p.relative_to(folder)): p.stat().st_mtime_ns
        for p in folder.rglob("*")
        if p.is_file() and ".ipynb_checkpoints" not in p.parts and "__pycache__" not in p.parts
    }


def _images(cell) -> int:
    return sum("image/png" in o.get("data", {}) for o in cell.get("outputs", []))


@pytest.mark.parametrize("path", ALL, ids=_id)
def test_notebook_runs_headless(path, tmp_path):
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    before = _snapshot(NOTEBOOKS)
    client = NotebookClient(
        nb, timeout=TIMEOUT, kernel_name=KERNEL, allow_errors=False,
        resources={"metadata": {"path": str(path.parent)}},
    )
    try:
        client.execute()
    finally:
        nbformat.write(nb, tmp_path / path.name)  # the executed copy, for a look after a failure
    assert _snapshot(NOTEBOOKS) == before, f"{path.name} wrote into the repository's notebooks folder"
    images = [_images(c) for c in nb.cells if c.cell_type == "code"]
    if path in LESSONS:
        assert sum(images) >= 1, f"{path.name} shows no chart"
    for cell in nb.cells:
        if cell.cell_type == "code" and re.search(r"\.plot\.\w+\(", cell.source):
            assert _images(cell) >= 1, f"{path.name}: a chart cell showed no image:\n{cell.source}"


# ---------------------------------------------------------------------- the explorer (ipywidgets)


@pytest.fixture(scope="module")
def cmp():
    from toolkit.compare import compare

    return compare(["example:cnn", "example:kimt"])


def test_explorer_widget_updates_text_and_chart(cmp):
    from toolkit.explorer import explore

    ui = explore(cmp)
    c = ui.controls
    assert set(c) >= {"version", "versions", "speaker", "frame", "chart"}
    first = ui.image.value
    assert first[:4] == b"\x89PNG"
    speaker = cmp.versions[1].speakers[0].name
    c["version"].value = cmp.versions[1].id
    c["speaker"].value = speaker
    assert "sl-quote" in ui.text.value and c["chart"].value == "speakers"
    c["frame"].value = "conflict"
    assert "sl-evidence" in ui.text.value and c["chart"].value == "frames"
    assert ui.image.value != first
    c["versions"].value = (cmp.versions[1].id,)
    c["chart"].value = "version_map"
    assert ui.image.value[:4] == b"\x89PNG"
    c["only_marked"].value = True
    assert ui.text.value.count("<p ") < len(cmp.versions[1].body)


def test_explorer_degrades_without_ipywidgets(cmp, monkeypatch):
    import builtins

    from toolkit import explorer

    real = builtins.__import__

    def no_widgets(name, *a, **k):
        if name == "ipywidgets" or name.startswith("ipywidgets."):
            raise ImportError("no ipywidgets")
        return real(name, *a, **k)

    monkeypatch.setattr(builtins, "__import__", no_widgets)
    view = explorer.explore(cmp, speaker=cmp.versions[0].speakers[0].name)
    assert isinstance(view, explorer.StaticExplorer)
    html = view._repr_html_()
    assert "ipywidgets is not installed" in html and "data:image/png;base64," in html and "sl-quote" in html


def test_highlight_html_escapes_and_marks(cmp):
    from toolkit.explorer import highlight_html

    base = cmp.base_version
    name = base.speakers[0].name
    html = highlight_html(base, speaker=name, cmp=cmp)
    n = sum(1 for q in base.quotes if q.speaker == name and not q.within)
    assert f"quotes of {name}</span> ({n})" in html
    assert "cut in KIMT" in html  # the base's paragraphs that the other version removed are tagged
    kimt = highlight_html(cmp.versions[1], cmp=cmp)
    assert "added here" in kimt and "edited" in kimt
    assert "<script" not in highlight_html(base, frame="conflict")
