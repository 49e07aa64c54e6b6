"""The optional compiled build: ``STORYLENS_COMPILE=1 pip install .`` compiles the analysis modules with mypyc.

The toolkit is plain Python and stays so: an editable install, a default ``pip install .`` and the
test suite use the ``.py`` files as they are (tests/test_compiled.py compiles a copy of its own). Asked
for, a wheel build also compiles the modules named in ``pyproject.toml``
(``[tool.hatch.build.targets.wheel.hooks.custom] compile``) to C extensions, from the
same source, and ships them beside the ``.py`` files, which Python then imports in their place. The
numbers are the same (tests/test_compiled.py checks that); the analysis takes about three quarters
of the time (docs/validation.md, "Speed").

It needs a C compiler and the Python headers; mypy and setuptools are fetched as build dependencies.
The compilation happens in a temporary copy of ``toolkit/``, so nothing is written into the source tree
(where a stale compiled module would shadow an edited ``.py`` file).
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

ENV = "STORYLENS_COMPILE"
BUILD_REQUIRES = ["mypy>=1.15", "setuptools>=68"]

SETUP = """\
from setuptools import setup
from mypyc.build import mypycify

setup(
    name="storylens-compiled",
    ext_modules=mypycify({files!r}, opt_level="3", debug_level="0", group_name="toolkit"),
)
"""


def wanted() -> bool:
    """Whether the environment asks for the compiled build."""
    return os.environ.get(ENV, "").strip().lower() in ("1", "true", "yes", "on")


def compile_modules(package: Path, modules: list[str], work: Path) -> dict[str, str]:
    """Compile ``package``/<module>.py for each of ``modules`` with mypyc, in a copy of ``package``
    under ``work``; return {built file: its path in the wheel}.

    Raises RuntimeError with mypyc's output when the compilation fails (a type error, no compiler).
    """
    copy = work / package.name
    shutil.copytree(package, copy, ignore=shutil.ignore_patterns("__pycache__", "*.so", "*.pyd"))
    # the modules it imports but does not compile (load, article) are read, not checked
    files = ["--ignore-missing-imports", "--follow-imports=silent", *(f"{package.name}/{m}.py" for m in modules)]
    (work / "setup.py").write_text(SETUP.format(files=files), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "setup.py", "build_ext", "--inplace"],
        cwd=work, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    if done.returncode != 0:
        raise RuntimeError(f"mypyc could not compile {', '.join(modules)}:\n{done.stdout[-6000:]}")
    suffixes = (".so", ".pyd")
    # build_ext --inplace puts each extension beside its source (and the shared part at the top)
    built = {str(p): p.relative_to(work).as_posix() for p in [*work.glob("*"), *copy.glob("*")]
             if p.suffix in suffixes}
    names = {Path(b).name.split(".")[0] for b in built.values()}
    missing = [m for m in modules if m not in names]
    if missing:
        raise RuntimeError(f"mypyc built no extension for {', '.join(missing)}:\n{done.stdout[-6000:]}")
    return built


class CustomBuildHook(BuildHookInterface):
    """Compiles the modules of ``compile`` when $STORYLENS_COMPILE is set (wheels only, not editable)."""

    PLUGIN_NAME = "custom"

    def dependencies(self) -> list[str]:
        return BUILD_REQUIRES if wanted() else []

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel" or version == "editable" or not wanted():
            return
        modules = list(self.config.get("compile", []))
        self._work = Path(tempfile.mkdtemp(prefix="storylens-mypyc-"))
        built = compile_modules(Path(self.root) / "toolkit", modules, self._work)
        build_data["force_include"].update(built)
        build_data["pure_python"] = False
        build_data["infer_tag"] = True

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        work = getattr(self, "_work", None)
        if work is not None:
            shutil.rmtree(work, ignore_errors=True)
