"""The bad-input corpus: every kind of broken file a classroom or a scrape produces.

The small files are committed under ``tests/data/bad_inputs/`` (a test checks that they are
exactly what this script makes); the large ones (a 50 MB file, a single 10 MB line, 100,000
tiny paragraphs) are generated into a temporary folder at test time, never committed.

Usage::

    python tests/data/make_bad_inputs.py            # rewrite tests/data/bad_inputs/
    python tests/data/make_bad_inputs.py --large D  # also write the large files into D

Each entry of :data:`SMALL` is ``name -> (bytes, expected)`` where ``expected`` is
``"result"`` (the toolkit must analyse it) or ``"error: <words>"`` (the toolkit must refuse it
with a one-line error naming the file and containing those words).
"""
from __future__ import annotations

import random
import sys
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
SMALL_DIR = HERE / "bad_inputs"

STORY = (
    "Seoul, South Korea (CNN) North Korean leader Kim Jong Un met officials on Tuesday.\n\n"
    '"We will not be rushed," said Jane Roe, a professor of politics at a state university.\n\n'
    "The talks, which began in April, are expected to resume next week in the capital.\n\n"
    "Critics said the plan would cost taxpayers millions of dollars and blamed the government.\n"
)

HOSTILE = {
    "script": "<script>document.title='PWNED'</script>",
    "img": "<img src=x onerror=\"document.title='PWNED'\">",
    "svg": "<svg onload=\"document.title='PWNED'\"></svg>",
    "link": "<a href=\"javascript:document.title='PWNED'\">click</a>",
    "iframe": "<iframe srcdoc=\"<script>parent.document.title='PWNED'</script>\"></iframe>",
    "style": "<style>body{background:url(javascript:alert(1))}</style>",
}


def _binary() -> bytes:
    rng = random.Random(9)
    return bytes(rng.randrange(256) for _ in range(4096))


def _nul_bytes() -> bytes:
    return STORY.replace(" met ", " met\x00 ").replace("talks", "ta\x00lks").encode("utf-8")


def _nested_html(depth: int = 5000) -> bytes:
    return (
        "<html><head><title>Deep</title></head><body>"
        + "<div>" * depth
        + "<p>Officials met on Tuesday to discuss the plan, said the mayor of the city.</p>"
        + "</div>" * depth
        + "</body></html>"
    ).encode()


def _malformed_html() -> bytes:
    return (
        "<html><head><title>Broken <b>page</title><body><div class=\"a><p>First paragraph "
        "of the story, which never closes its tags.<p>Second paragraph <i>with <b>crossed</i> "
        "tags</b> and an <unknown attr==>element</unknown>.<table><tr><td>cell<p>Third "
        "paragraph inside a cell, said the reporter.</div></div></div></html></html><!-- never "
        "closed comment <p>hidden"
    ).encode()


def _hostile_html() -> bytes:
    payload = "".join(HOSTILE.values())
    body = (
        f"<p>Officials met on Tuesday. {payload} The mayor said the talks went well.</p>"
        "<p onclick=\"document.title='PWNED'\">\"We are ready,\" said Jane Roe, a professor at a "
        f"state university. &lt;script&gt;document.title='PWNED'&lt;/script&gt;</p>"
        "<p>The council will vote next week on the budget, which critics called a disaster.</p>"
    )
    return (
        f"<!DOCTYPE html><html><head><title>{HOSTILE['script']}Hostile</title>"
        f"<script>document.title='PWNED'</script><meta http-equiv=\"refresh\" content=\"0;url=javascript:1\">"
        f"</head><body onload=\"document.title='PWNED'\"><article>{body}</article></body></html>"
    ).encode()


def _rtl_combining() -> bytes:
    return (
        "قال الوزير يوم الثلاثاء إن المحادثات ستستأنف الأسبوع المقبل.\n\n"
        "\"אנחנו מוכנים,\" אמר הדובר.\n\n"
        "Mixed \u202egnitirw sdrawkcab\u202c direction marks \u200f and \u200e here, said Jane Roe.\n\n"
        "Z\u0351\u0308a\u0336\u0301l\u0338g\u0489o\u0300\u0301\u0302 text: e\u0301 vs \u00e9, "
        "\ufb01nance, \u1100\u1161\u11a8, \U0001f600 and \u200b zero width.\n"
    ).encode("utf-8")


def _unclosed_quotes() -> bytes:
    return (
        '"We will never give up, said the minister on Tuesday.\n\n'
        "\u201cThe plan is a disaster, the critic added. \u201cAnother opener.\n\n"
        "\u00abIt is over, said Jane Roe, a professor at a state university.\n\n"
        "'Single quotes everywhere' and ' and \u2018 and \u201e and \u2039 all open.\n\n"
        + '"' * 200 + "\n\n"
        + "He said: " + "\u201c" * 50 + " nothing.\n"
    ).encode("utf-8")


def _csv_missing_text_column() -> bytes:
    return b"id,outlet,n\r\na1,KIMT,1\r\na2,CNN,2\r\n"


SMALL: dict[str, tuple[Callable[[], bytes], str]] = {
    "empty.txt": (lambda: b"", "error: empty"),
    "whitespace.txt": (lambda: b"  \n\t\r\n \xa0 \n\x0b\x0c  \n", "error: white space"),
    "binary.txt": (_binary, "error: binary"),
    "nul_bytes.txt": (_nul_bytes, "error: binary"),
    "pdf_named_txt.txt": (lambda: b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "error: PDF"),
    "utf16_bom.txt": (lambda: STORY.encode("utf-16"), "result"),
    "utf16le_nobom.txt": (lambda: STORY.encode("utf-16-le"), "result"),
    "utf16be_nobom.txt": (lambda: STORY.encode("utf-16-be"), "result"),
    "utf8_bom.txt": (lambda: STORY.encode("utf-8-sig"), "result"),
    "cp1252.txt": (
        lambda: (STORY + "\u201cCaf\u00e9 na\u00efve \u2014 r\u00e9sum\u00e9,\u201d said Ren\u00e9e.\n").encode("cp1252"),
        "result",
    ),
    "invalid_utf8.txt": (lambda: STORY.encode("utf-8") + b"\xff\xfe\xc3(\xa0\xa1 end.\n", "result"),
    "mixed_line_endings.txt": (
        lambda: STORY.replace("\n\n", "\r\n\r\n", 1).replace("\n\n", "\r\r", 1).encode() + b"Last line.\r",
        "result",
    ),
    "nested.html": (_nested_html, "result or error"),
    "malformed.html": (_malformed_html, "result or error"),
    "unclosed_tags.html": (
        lambda: (
            b"<html><head><title>Unclosed</title><body><article><p>Officials met on Tuesday to discuss "
            b"the budget of the city, which critics called a disaster.<p>\"We are ready,\" said Jane "
            b"Roe, a professor <b>at a <i>state</b> university.</i><p>The council will vote next week"
            b"<div><span>on the plan, said the mayor of the city in a statement.</article></html></body>"
        ),
        "result",
    ),
    "hostile.html": (_hostile_html, "result"),
    "scripts_only.html": (
        lambda: b"<html><body><script>document.title='PWNED'</script><div onclick='x()'></div></body></html>",
        "error: no article text",
    ),
    "rtl_combining.txt": (_rtl_combining, "result"),
    "unclosed_quotes.txt": (_unclosed_quotes, "result"),
    "missing_text_column.csv": (_csv_missing_text_column, "error: no text column"),
    "empty_text_cell.csv": (lambda: b"id,text\r\na1,Officials met on Tuesday.\r\na2,\r\n", "error: empty"),
    "header_only.csv": (lambda: b"id,text\r\n", "error: no rows"),
    "malformed.json": (lambda: b'{"id": "x", "text": "unterminated', "error: malformed JSON"),
    "json_list.json": (lambda: b'["not", "an", "article"]', "error: JSON object"),
    "json_bad_kind.json": (lambda: b'{"id": "x", "paragraphs": [{"text": "Hi.", "kind": "evil"}]}', "error: unknown kind"),
    "malformed.jsonl": (lambda: b'{"id": "a", "text": "Fine."}\n{broken\n', "error: malformed JSON"),
}


def write_small(dest: Path = SMALL_DIR) -> dict[str, Path]:
    """Write the small corpus into ``dest``; returns ``name -> path``."""
    dest.mkdir(parents=True, exist_ok=True)
    out = {}
    for name, (make, _) in SMALL.items():
        (dest / name).write_bytes(make())
        out[name] = dest / name
    return out


# ---------------------------------------------------------------------- large files (never committed)
def write_50mb(dest: Path) -> Path:
    """A 50 MB plain-text file (refused by the default 20 MB limit)."""
    p = dest / "fifty_mb.txt"
    line = (STORY.replace("\n\n", " ") + "\n\n").encode()
    with open(p, "wb") as fh:
        n = 50_000_000 // len(line) + 1
        for _ in range(n):
            fh.write(line)
    return p


def write_long_line(dest: Path, size: int = 10_000_000) -> Path:
    """A single line of about ``size`` bytes: one endless 'paragraph' of sentences."""
    p = dest / "long_line.txt"
    unit = b"Officials met on Tuesday and said the talks went well. "
    p.write_bytes(unit * (size // len(unit)) + b"\n")
    return p


def write_tiny_paragraphs(dest: Path, n: int = 100_000) -> Path:
    """``n`` one-word-ish paragraphs separated by blank lines."""
    p = dest / "tiny_paragraphs.txt"
    words = ("Yes.", "No.", "Maybe so.", "Officials met.", "Talks went well.", "\u201cNo,\u201d he said.")
    p.write_text("\n\n".join(words[i % len(words)] for i in range(n)) + "\n", encoding="utf-8")
    return p


def main(argv: list[str]) -> int:
    for path in write_small().values():
        print(f"{path.stat().st_size:>10}  {path.relative_to(HERE)}")
    if "--large" in argv:
        dest = Path(argv[argv.index("--large") + 1])
        dest.mkdir(parents=True, exist_ok=True)
        for make in (write_50mb, write_long_line, write_tiny_paragraphs):
            p = make(dest)
            print(f"{p.stat().st_size:>10}  {p}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
