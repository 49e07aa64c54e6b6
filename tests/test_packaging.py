"""The project's own promises: one package list, the README's commands, CI running them."""
import re
import sys
from pathlib import Path

import pytest

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())


def _readme_commands():
    return re.findall(r"```bash\n(.+?)\n```", (ROOT / "README.md").read_text(), re.S)


def test_environment_yml_delegates_to_the_pip_extras_of_pyproject():
    yaml = pytest.importorskip("yaml")
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    assert env["channels"] == ["conda-forge"]
    deps = env["dependencies"]
    python = next(d for d in deps if isinstance(d, str) and d.startswith("python"))
    assert python.removeprefix("python") == PYPROJECT["project"]["requires-python"]
    pip = next(d["pip"] for d in deps if isinstance(d, dict))
    assert len(pip) == 1, "list packages in pyproject.toml, not in environment.yml"
    extras = re.fullmatch(r'-e "?\.\[([\w,]+)\]"?', pip[0]).group(1).split(",")
    assert set(extras) <= set(PYPROJECT["project"]["optional-dependencies"])
    assert not [d for d in deps if isinstance(d, str) and d not in (python, "pip")], (
        "conda packages beside pip drift from pyproject.toml"
    )


def test_ci_runs_the_readmes_test_command_exactly():
    first, second = _readme_commands()[:2]
    assert "pytest" in second
    ci = (ROOT / ".ci" / "run").read_text()
    assert second in ci.splitlines()


def test_the_readme_opens_with_the_main_job_then_the_tests():
    first, second = _readme_commands()[:2]
    assert "storylens" in first and "pip install" in first
    assert "pip install" in second and '".[test]"' in second


def test_the_command_and_the_import_package_are_named_by_the_design_card():
    assert PYPROJECT["project"]["name"] == "storylens"
    assert PYPROJECT["project"]["scripts"]["storylens"] == "toolkit.cli:main"
    assert (ROOT / "toolkit" / "__main__.py").exists()


def test_importing_the_toolkit_does_not_load_heavy_libraries():
    import subprocess

    code = (
        "import sys, toolkit; heavy = [m for m in ('matplotlib', 'pandas', 'trafilatura', 'dask', "
        "'textstat', 'vaderSentiment', 'sklearn', 'nltk') if m in sys.modules]; print(heavy)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
