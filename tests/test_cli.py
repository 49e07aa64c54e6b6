"""The `storylens` command: JSON by contract, one-line errors, exit codes."""
import json
import subprocess
import sys

import pytest

from toolkit.cli import main

CONTRACT_KEYS = {
    "schema_version", "id", "source_path", "outlet", "title", "published", "updated", "paragraphs",
    "quotes", "speakers", "voice_share", "sentiment", "frames", "readability",
}


def run(*args, input=None):
    return subprocess.run(
        [sys.executable, "-m", "toolkit", *args], capture_output=True, text=True, input=input, timeout=300
    )


def test_analyze_writes_the_article_object_of_the_json_contract(capsys):
    assert main(["analyze", "example:kimt", "--format", "json"]) == 0
    obj = json.loads(capsys.readouterr().out)
    assert CONTRACT_KEYS <= set(obj)
    assert obj["schema_version"] == "1"
    assert obj["title"] == "Readying for Trump, North Korea's Kim engages in steroid diplomacy"
    assert obj["published"] == "2018-04-10T11:39:00"
    assert set(obj["readability"]) >= {"flesch_reading_ease", "flesch_kincaid_grade", "gunning_fog",
                                       "smog_index", "dale_chall_readability_score", "words", "sentences"}
    for p in obj["paragraphs"]:
        assert set(p) >= {"index", "text", "kind", "reason"}
        assert (p["reason"] is None) == (p["kind"] == "body")


def test_jsonl_writes_one_object_per_article_and_output_files_are_written_whole(tmp_path):
    out = tmp_path / "sub" / "both.jsonl"
    assert main(["analyze", "example:cnn", "example:kimt", "--format", "jsonl", "-o", str(out)]) == 0
    lines = out.read_text().splitlines()
    assert [json.loads(x)["id"] for x in lines] == [
        "cnn_2018-04-10_kim_steroid_diplomacy", "kimt_2018-04-10_kim_steroid_diplomacy"]
    assert not [p for p in out.parent.iterdir() if p.name.endswith(".tmp")]


def test_table_format_is_readable_in_a_terminal(capsys):
    assert main(["analyze", "example:cnn", "example:kimt", "--format", "table"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].split()[:3] == ["id", "outlet", "body"]
    assert "kimt_2018-04-10_kim_steroid_diplomacy" in out


@pytest.mark.parametrize(
    "content, needle",
    [(b"", "empty"), (b"\x00\x01\x02" * 100, "binary")],
)
def test_bad_input_is_one_line_on_stderr_with_exit_code_2_and_no_traceback(tmp_path, content, needle):
    f = tmp_path / "bad.txt"
    f.write_bytes(content)
    r = run("analyze", str(f))
    assert r.returncode == 2
    assert r.stdout == ""
    assert r.stderr.count("\n") == 1 and needle in r.stderr and str(f) in r.stderr
    assert "Traceback" not in r.stderr


def test_missing_files_and_bad_usage_exit_2():
    r = run("analyze", "/no/such/file.txt")
    assert r.returncode == 2 and "no such file" in r.stderr and "Traceback" not in r.stderr
    r = run("analyze", "example:cnn", "--format", "xml")
    assert r.returncode == 2 and r.stderr.count("\n") == 1


def test_standard_input_is_read_with_a_dash():
    r = run("analyze", "-", "--format", "json", input="The minister spoke on Tuesday. Talks went well.\n")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["id"] == "stdin"


def test_python_dash_m_toolkit_and_the_version_flag():
    r = run("--version")
    assert r.returncode == 0 and r.stdout.startswith("storylens ")


def test_the_version_says_whether_the_install_is_compiled(tmp_path):
    import importlib.machinery

    from toolkit import cli

    assert cli._version() == f"storylens {cli.__version__}"  # this checkout: plain Python
    suffix = importlib.machinery.EXTENSION_SUFFIXES[0]  # e.g. .cpython-311-x86_64-linux-gnu.so
    for name in ("sentiment.py", f"sentiment{suffix}", "quotes.py", f"quotes{suffix}", "text.py",
                 "text.cpython-199-foreign.so"):
        (tmp_path / name).write_text("")
    assert cli.compiled_modules(tmp_path) == ["quotes", "sentiment"]
