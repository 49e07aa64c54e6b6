"""The ``storylens`` command (also ``python -m toolkit``).

Exit codes: 0 success; 2 bad input or usage, with a one-line message on
standard error (never a traceback); 1 an unexpected internal error.
"""
from __future__ import annotations

import argparse
import importlib.machinery
import json
import os
import shutil
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ._version import __version__
from .errors import OutputError, StoryLensError, UsageError

EXIT_BAD_INPUT = 2
EXIT_INTERNAL = 1


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, exit 2, like every other input problem
        self.exit(EXIT_BAD_INPUT, f"storylens: error: {message} (see `storylens --help`)\n")


def _megabytes(value: str) -> float:
    try:
        mb = float(value)
    except ValueError:
        mb = float("nan")
    if not 0 < mb < 1e9:  # also refuses nan and inf
        raise argparse.ArgumentTypeError(f"wants a positive number of megabytes, not {value!r}")
    return mb


def compiled_modules(folder: Path | None = None) -> list[str]:
    """The toolkit's modules that this install runs compiled (the optional mypyc build; see
    hatch_build.py), found without importing them; [] for plain Python.

    Python imports an extension module (``quotes.cpython-311-x86_64-linux-gnu.so``) in place of
    the ``.py`` file of the same name beside it, so the package's folder (or ``folder``) tells.

    Examples:
        >>> compiled_modules(Path("no-such-folder"))
        []
    """
    folder = Path(__file__).parent if folder is None else folder
    if not folder.is_dir():
        return []
    suffixes = tuple(importlib.machinery.EXTENSION_SUFFIXES)
    return sorted(p.name[: -len(suffix)] for p in folder.iterdir()
                  for suffix in suffixes if p.name.endswith(suffix) and "." not in p.name[: -len(suffix)])


def _version() -> str:
    compiled = compiled_modules()
    return f"storylens {__version__}" + (f" (compiled with mypyc: {', '.join(compiled)})" if compiled else "")


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="storylens", description=__doc__.splitlines()[0])
    p.add_argument("--version", action="version", version=_version())
    sub = p.add_subparsers(dest="command", required=True, parser_class=_Parser)

    a = sub.add_parser("analyze", help="analyse articles: paragraphs, quotes, speakers, tone, frames, readability")
    a.add_argument("files", nargs="+", metavar="FILE",
                   help="a .txt/.html/.json file, a .csv/.jsonl table, '-' for standard input, "
                        "a URL, or example:cnn / example:kimt")
    a.add_argument("--format", choices=("json", "jsonl", "table"), default="json")
    a.add_argument("-o", "--output", metavar="OUT", help="write here instead of standard output")
    a.add_argument("--outlet", help="the outlet's name (otherwise guessed from the page)")
    a.add_argument("--text-column", help="the text column of a CSV/JSONL table")
    a.add_argument("--id-column", help="the id column of a CSV/JSONL table")
    a.add_argument("--max-size", type=_megabytes, metavar="MB", help="largest single input in MB (default 20)")
    a.add_argument("--codebook", default="generic", metavar="generic|policy|PATH",
                   help="framing codebook: a shipped one or your own TOML file (default: generic)")

    c = sub.add_parser("compare", help="compare two or more versions of one story side by side")
    c.add_argument("files", nargs="+", metavar="FILE", help="the versions (as for analyze); the first is the base")
    c.add_argument("--base", help="the base version (a FILE given, its id or its outlet); default: the first")
    c.add_argument("--format", choices=("json", "table", "html"), default="table")
    c.add_argument("-o", "--output", metavar="OUT", help="write here instead of standard output")
    c.add_argument("--codebook", default="generic", metavar="generic|policy|PATH")
    c.add_argument("--outlet", action="append", metavar="NAME",
                   help="outlet name of each version, in order (repeat the option)")

    d = sub.add_parser("demo", help="compare the bundled example pair; write report.html and charts")
    d.add_argument("--out", metavar="DIR", help="folder to create (default: a new folder here)")

    from .corpus import add_corpus_parser

    add_corpus_parser(sub)
    sub.add_parser("examples", help="list the bundled example articles")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return _COMMANDS[args.command](args)
    except StoryLensError as e:
        print(f"storylens: error: {_one_line(e, limit=None)}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("storylens: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as e:  # a bug of ours: one line, not a traceback (STORYLENS_DEBUG=1 shows it)
        if os.environ.get("STORYLENS_DEBUG"):
            raise
        print(f"storylens: internal error: {type(e).__name__}: {_one_line(e)} (please report it; "
              "run again with STORYLENS_DEBUG=1 for the details)", file=sys.stderr)
        return EXIT_INTERNAL


def _one_line(e: BaseException, limit: int | None = 300) -> str:
    text = str(e).replace("\r\n", " ").replace("\n", " ").replace("\r", " ")
    return text if limit is None or len(text) <= limit else text[:limit] + "…"


def _cmd_corpus(args: argparse.Namespace) -> int:
    from .corpus import run_corpus

    return run_corpus(args)


def _cmd_examples(args: argparse.Namespace) -> int:
    from .load import examples

    for name, path in examples().items():
        print(f"example:{name}\t{path}")
    return 0


def _cmd_analyze(args: argparse.Namespace) -> int:
    from .framing import load_codebook
    from .load import load, load_many
    from .pipeline import analyze

    codebook = load_codebook(args.codebook)  # a bad codebook fails before any article is read
    max_bytes = int(args.max_size * 1e6) if args.max_size else None
    articles = []
    for f in args.files:
        if f.lower().endswith((".csv", ".tsv", ".jsonl", ".ndjson")):
            srcs = load_many(f, text_column=args.text_column, id_column=args.id_column, outlet=args.outlet)
            articles.extend(analyze(a, codebook=codebook) for a in srcs)
        else:
            articles.append(analyze(load(f, outlet=args.outlet, max_bytes=max_bytes), codebook=codebook))
    if args.format == "table":
        out = render_table(articles)
    elif args.format == "jsonl":
        out = "".join(a.to_json() + "\n" for a in articles)
    elif len(articles) == 1:
        out = json.dumps(articles[0].to_dict(), ensure_ascii=False, indent=2) + "\n"
    else:
        out = json.dumps([a.to_dict() for a in articles], ensure_ascii=False, indent=2) + "\n"
    _emit(out, args.output)
    return 0


def _cmd_compare(args: argparse.Namespace) -> int:
    from .compare import compare
    from .framing import load_codebook

    if len(args.files) < 2:
        raise UsageError("compare needs at least two versions")
    codebook = load_codebook(args.codebook)
    base: int | str = 0
    if args.base:
        base = args.files.index(args.base) if args.base in args.files else args.base
    cmp = compare(args.files, base=base, codebook=codebook, outlets=args.outlet)
    if args.format == "json":
        out = json.dumps(cmp.to_dict(), ensure_ascii=False, indent=2) + "\n"
    elif args.format == "html":
        out = cmp.to_html()
    else:
        out = render_comparison(cmp)
    _emit(out, args.output)
    return 0


def _cmd_demo(args: argparse.Namespace) -> int:
    from .compare import compare
    from .report import chart_images, comparison_html

    target = Path(args.out) if args.out else _new_folder(Path.cwd() / "storylens-demo")
    cmp = compare(["example:cnn", "example:kimt"])
    images = chart_images(cmp)  # once: embedded in the report and written as PNG files
    files = {"report.html": comparison_html(cmp, images=images).encode("utf-8"),
             "comparison.json": cmp.to_json(indent=2).encode("utf-8")}
    files.update({f"{name}.png": png for name, png in images.items()})
    written = _write_folder(target, files)
    print(render_comparison(cmp))
    print(f"Wrote {len(written)} files to {target}:")
    for f in written:
        print(f"  {f}")
    print(f"Open {target / 'report.html'} in a browser.")
    return 0


def _new_folder(stem: Path) -> Path:
    path, n = stem, 1
    while path.exists():
        n += 1
        path = stem.with_name(f"{stem.name}-{n}")
    return path


def _write_folder(target: Path, files: dict[str, bytes]) -> list[Path]:
    """Write all files or none: a new folder is built beside the target and renamed into place;
    into an existing folder each file is replaced atomically."""
    from .output import write_bytes

    if target.exists() and not target.is_dir():
        raise UsageError(f"{target} exists and is not a folder")
    if target.exists():
        return [write_bytes(target / name, data) for name, data in files.items()]
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    except OSError as e:
        raise OutputError(target, f"cannot be created ({e.strerror or e})") from e
    try:
        umask = os.umask(0o022)
        os.umask(umask)
        os.chmod(tmp, 0o777 & ~umask)  # mkdtemp makes it 0700
        for name, data in files.items():
            (tmp / name).write_bytes(data)
        tmp.rename(target)
    except BaseException as e:
        shutil.rmtree(tmp, ignore_errors=True)
        if isinstance(e, OSError):
            raise OutputError(target, f"cannot be created ({e.strerror or e}); nothing was written") from e
        raise
    return [target / name for name in files]


def render_comparison(cmp: Any) -> str:
    """The comparison for a terminal: the summary in words, then the numbers side by side."""
    df = cmp.metrics_table()
    keep = ["paragraphs", "words", "quotes", "speakers", "expert_share", "official_share",
            "sentiment_narrative", "sentiment_quoted", "flesch_kincaid_grade"]
    keep += [c for c in df.columns if c.startswith("frame_")]
    table = df.set_index("label")[[c for c in keep if c in df.columns]].T
    counts = {"paragraphs", "words", "quotes", "speakers"}
    shown = table.apply(lambda row: row.map(
        lambda x: "-" if x is None or x != x else f"{x:.0f}" if row.name in counts else f"{x:.2f}"), axis=1)
    lines = ["What changed:", *(f"  - {s}" for s in cmp.summary_text()), "", shown.to_string()]
    return "\n".join(lines) + "\n"


def _emit(text: str, path: str | None) -> None:
    if path and path != "-":
        from .output import write_text

        write_text(path, text)
        print(f"wrote {path}", file=sys.stderr)
    else:
        sys.stdout.write(text)


def render_table(articles: Sequence[Any]) -> str:
    """A plain-text table, one row per article, for a terminal."""
    cols = ("id", "outlet", "body ¶", "chrome ¶", "words", "FK grade", "quotes", "speakers",
            "expert share", "tone", "top frame")
    rows = []
    for a in articles:
        r = a.readability or {}
        tone = (a.sentiment or {}).get("article") or {}
        scores = (a.frames or {}).get("scores") or {}
        density = (a.frames or {}).get("density") or {}
        top = max(scores, key=lambda f: (scores[f], density.get(f, 0)), default=None)
        expert = ((a.voice_share or {}).get("by_group") or {}).get("expert")
        rows.append((
            a.id, a.outlet or "-", str(len(a.body)), str(len(a.paragraphs) - len(a.body)),
            str(a.word_count), _num(r.get("flesch_kincaid_grade")), str(len(a.quotes)),
            str(len(a.speakers)), "-" if expert is None else f"{100 * expert:.0f}%",
            f"{tone['label']} ({tone['compound']:+.2f})" if tone.get("label") else "-",
            top if top and scores[top] else "-",
        ))
    widths = [max(len(c), *(len(row[i]) for row in rows)) for i, c in enumerate(cols)]
    line = lambda cells: "  ".join(c.ljust(w) for c, w in zip(cells, widths)).rstrip()  # noqa: E731
    out = [line(cols), line(["-" * w for w in widths]), *map(line, rows)]
    for a in articles:
        if a.title:
            out.append(f"\n{a.id}: {a.title}" + (f" ({a.published})" if a.published else ""))
    return "\n".join(out) + "\n"


def _num(x: Any) -> str:
    return "-" if x is None else f"{x:.1f}"


_COMMANDS = {
    "analyze": _cmd_analyze, "compare": _cmd_compare, "corpus": _cmd_corpus, "demo": _cmd_demo,
    "examples": _cmd_examples,
}
