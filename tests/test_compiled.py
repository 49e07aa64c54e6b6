"""The compiled build (``STORYLENS_COMPILE=1 pip install .``, hatch_build.py) gives what plain Python gives.

The modules listed in pyproject.toml are compiled with mypyc, here as the wheel build
compiles them (``hatch_build.compile_modules``), into a temporary tree. Then that tree,
in fresh processes, (1) writes the JSON of the example pair, of texts built to meet
compiled code's corners and of a sample of PolNeAR articles, which must equal this
checkout's, byte for byte; and (2) passes the equality tests that hold the toolkit to
textstat and VADER. Skipped, and saying why, without mypy, setuptools, hatchling or
a C compiler.
"""
from __future__ import annotations

import ast
import json
import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[1]
COMPILED = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["hatch"]["build"]["targets"][
    "wheel"]["hooks"]["custom"]["compile"]

# Texts for the corners where compiled code could part from the interpreter: Greek capitals
# (str.lower's final sigma), astral characters and emojis (VADER's emoji path), other scripts,
# unbalanced and nested quotation marks, "!"/"?" amplifiers, numbers that are ints, not floats.
CORNERS = [
    "ΟΔΟΣ ΣΑΣ. Ο ΥΠΟΥΡΓΟΣ είπε: «ΟΧΙ ΣΤΗΝ ΚΡΙΣΗ».\n\nΣίσυφος ΣΑΣ said the plan was GOOD!!",
    "“We are thrilled 😀 and proud,” said Jane Roe, a professor at Acme University.\n\n"
    "Critics said it was a disaster?!? “Not so,” he said. 🙂",
    "The mayor said the budget “would not pass.\n\nIt is a failure,” she told reporters on Monday.",
    "ÇA VA? İstanbul’s officials — who declined to comment — blamed the government for the crisis.",
    "No. Not at all. Never!\n\n“”\n\n“",
    "Officials said 0 people were hurt; 3,000 were evacuated. Costs rose 4.5% to $1 billion.",
]

DUMP = r"""
import json, os, sys
import toolkit
from toolkit import quotes
texts = json.load(open(sys.argv[1], encoding="utf-8"))
out = {"compiled": quotes.__file__.endswith((".so", ".pyd")),
       "articles": [toolkit.analyze(t, id=f"a{i}").to_dict() for i, t in enumerate(texts)]}
for name in ("example:cnn", "example:kimt"):
    art = toolkit.analyze(name).to_dict()  # the example's file is in the toolkit's folder, wherever that is
    art["source_path"] = art["source_path"].replace(os.path.dirname(toolkit.__file__), "<toolkit>")
    out["articles"].append(art)
print(json.dumps(out, sort_keys=True, ensure_ascii=False, default=str))
"""


def _missing_tools() -> str | None:
    for module in ("mypy", "setuptools", "hatchling"):
        try:
            __import__(module)
        except ImportError:
            return f"{module} is not installed (it is in the [test] extra)"
    cc = (sysconfig.get_config_var("CC") or "cc").split()[0]
    if shutil.which(cc) is None:
        return f"no C compiler ({cc}) to compile with"
    return None


@pytest.fixture(scope="module")
def compiled_tree(tmp_path_factory) -> Path:
    why = _missing_tools()
    if why:
        pytest.skip(f"the compiled build cannot be made here: {why}")
    sys.path.insert(0, str(ROOT))
    try:
        import hatch_build
    finally:
        sys.path.remove(str(ROOT))
    work = tmp_path_factory.mktemp("compiled")
    built = hatch_build.compile_modules(ROOT / "toolkit", COMPILED, work)
    assert sorted(Path(dest).name.split(".")[0] for dest in built.values()) == sorted([*COMPILED, "toolkit__mypyc"])
    return work


def _run(code: list[str], tree: Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    # PYTHONPATH first: the tree's toolkit, not the checkout's (nor an installed one)
    env = {**os.environ, "PYTHONPATH": str(tree), "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.run([sys.executable, *code], env=env, cwd=cwd, capture_output=True, text=True,
                          encoding="utf-8", timeout=1800)


def _sample_texts() -> list[str]:
    from toolkit.datasets import shared_data

    texts = list(CORNERS)
    d = shared_data("polnear/data")
    if d is not None:
        files = sorted((d / "polnear" / "data").glob("*/text/*.txt"))
        texts += [p.read_text("utf-8") for p in files[::25]]
    return texts


def test_the_compiled_build_writes_the_same_json_as_plain_python(compiled_tree, tmp_path):
    texts = _sample_texts()
    inputs = tmp_path / "texts.json"
    inputs.write_text(json.dumps(texts), "utf-8")
    script = tmp_path / "dump.py"
    script.write_text(DUMP, "utf-8")
    compiled = _run([str(script), str(inputs)], compiled_tree, tmp_path)
    assert compiled.returncode == 0, compiled.stderr[-3000:]
    plain = _run([str(script), str(inputs)], ROOT, tmp_path)
    assert plain.returncode == 0, plain.stderr[-3000:]
    got, want = json.loads(compiled.stdout), json.loads(plain.stdout)
    assert got["compiled"] and not want["compiled"]
    assert len(got["articles"]) == len(want["articles"]) == len(texts) + 2
    for g, w in zip(got["articles"], want["articles"]):
        assert g == w, g["id"]


# The equality tests, run on the compiled tree. (test_quotes_speed_b.py is not among them: it
# watches calls between the module's functions, which compiled code makes directly.)
EQUALITY_TESTS = ["test_speed_equivalence.py", "test_sentiment_fast.py", "test_readability.py",
                  "test_text_speed.py", "test_clean_speed.py", "test_framing_speed.py", "test_quotes_speed_a.py",
                  "test_quotes_tokens.py", "test_sentiment.py", "test_quotes.py"]


def test_the_compiled_build_passes_the_equality_tests(compiled_tree, tmp_path):
    files = [str(ROOT / "tests" / f) for f in EQUALITY_TESTS]
    probe = _run(["-c", "import toolkit.quotes as q; print(q.__file__)"], compiled_tree, tmp_path)
    assert probe.stdout.strip().endswith((".so", ".pyd")), probe.stdout + probe.stderr
    done = _run(["-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", "--import-mode=importlib",
                 "--rootdir", str(ROOT), "-c", str(ROOT / "pyproject.toml"), "-o", "addopts=", *files],
                compiled_tree, tmp_path)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]


def _lower_method_calls(path: Path) -> list[int]:
    tree = ast.parse(path.read_text("utf-8"))
    return [node.lineno for node in ast.walk(tree)
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "lower"
            and not node.args and not (isinstance(node.func.value, ast.Name) and node.func.value.id == "str")]


def test_compiled_modules_lower_case_with_str_lower():
    # mypyc compiles ``text.lower()`` to its own loop, which lower-cases each character alone:
    # a Greek capital sigma ending a word becomes "σ", where Python writes the final "ς"
    # ("ΟΔΟΣ" -> "οδος"). ``str.lower(text)`` is Python's own method, in both builds.
    found = {m: lines for m in COMPILED if (lines := _lower_method_calls(ROOT / "toolkit" / f"{m}.py"))}
    assert not found, f"write str.lower(x), not x.lower(), in compiled modules: {found}"


def test_the_lower_case_check_finds_a_method_call(tmp_path):
    f = tmp_path / "m.py"
    f.write_text("a = 'X'.lower()\nb = str.lower('X')\nc = [w.lower() for w in 'AB']\n")
    assert _lower_method_calls(f) == [1, 3]


def _plain_constants(path: Path, patched: set[str]) -> list[str]:
    """The private module-level names of ``path`` bound once, by a plain assignment, and not
    ``Final``; less those used in annotations (type aliases) and those the tests patch."""
    tree = ast.parse(path.read_text("utf-8"))
    bound: dict[str, int] = {}
    in_annotations: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            bound[node.id] = bound.get(node.id, 0) + 1
        elif isinstance(node, ast.Global):
            bound.update(dict.fromkeys(node.names, 2))
        elif isinstance(node, ast.arg) and node.annotation is not None:
            in_annotations.update(n.id for n in ast.walk(node.annotation) if isinstance(n, ast.Name))
        elif isinstance(node, (ast.FunctionDef, ast.AnnAssign)):
            ann = node.returns if isinstance(node, ast.FunctionDef) else node.annotation
            for n in ast.walk(ann) if ann is not None else ():
                if isinstance(n, ast.Name):
                    in_annotations.add(n.id)
                elif isinstance(n, ast.Constant) and isinstance(n.value, str):
                    in_annotations.update(n.value.replace("[", " ").replace("]", " ").replace(",", " ").split())
    found = []
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            name = node.targets[0].id
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value is not None:
            if "Final" in ast.unparse(node.annotation):
                continue
            name = node.target.id
        else:
            continue
        if (name.startswith("_") and not name.startswith("__") and bound.get(name) == 1
                and name not in in_annotations and name not in patched and not isinstance(node.value, ast.Lambda)):
            found.append(name)
    return found


def _patched_by_tests() -> set[str]:
    import re

    pattern = re.compile(r"monkeypatch\.setattr\(\w+, \"(\w+)\"")
    return {name for f in (ROOT / "tests").glob("*.py") for name in pattern.findall(f.read_text("utf-8"))}


def test_compiled_modules_mark_their_constants_final():
    # mypyc reads a module global from the module's dict on every use (in a loop over words, a
    # dictionary lookup per word) unless it is Final: then it is a C static, read directly, and
    # its type is known. (The constants the tests patch stay plain, so that a patch is seen.)
    patched = _patched_by_tests()
    found = {m: names for m in COMPILED if (names := _plain_constants(ROOT / "toolkit" / f"{m}.py", patched))}
    assert not found, f"annotate these module constants of compiled modules as Final: {found}"


def test_the_constants_check_finds_a_plain_constant(tmp_path):
    f = tmp_path / "m.py"
    f.write_text("from typing import Final\n_A = 1\n_B: Final = 2\n_C: int = 3\n_D = 4\n_D = 5\n_Alias = list[int]\n"
                 "_E = 6\n\n\ndef f(x: _Alias) -> None:\n    pass\n")
    assert _plain_constants(f, patched={"_E"}) == ["_A", "_C"]
