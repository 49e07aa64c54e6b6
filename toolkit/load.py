"""Loading articles: text, HTML, our JSON, CSV/JSONL corpora, standard input, URLs.

Inputs are opened read-only and never modified. Every problem a user can cause
(missing, empty, binary, mis-encoded, too large, malformed) raises
:class:`toolkit.errors.InputError` with a message naming the file.

Examples:
    >>> from toolkit import load
    >>> art = load("example:cnn")
    >>> art.id, len(art.paragraphs) > 40
    ('cnn_2018-04-10_kim_steroid_diplomacy', True)
    >>> load_text("First paragraph.\\n\\nSecond one.", id="t").paragraphs[1].text
    'Second one.'
"""
from __future__ import annotations

import codecs
import csv
import io
import json
import os
import re
import sys
from collections.abc import Iterator
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from .article import KINDS, Article, Paragraph
from .errors import InputError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

#: Inputs larger than this are refused instead of exhausting memory; raise it
#: with ``max_bytes=`` / ``--max-size`` or the STORYLENS_MAX_BYTES variable.
DEFAULT_MAX_BYTES = 20_000_000
#: The paragraph separator of the ArticleComparisons corpus pages.
PARAGRAPH_SEPARATOR = " ### "

TEXT_COLUMNS = ("text", "body", "content", "article", "full_text", "article_text", "story")
ID_COLUMNS = ("id", "doc_id", "article_id", "uid", "guid", "url")
OUTLET_COLUMNS = ("outlet", "publisher", "source", "site", "domain", "sitename", "media_outlet")
TITLE_COLUMNS = ("title", "headline", "news_title")
DATE_COLUMNS = ("published", "date", "publish_date", "pub_date", "scrape_time")

_BINARY_SIGNATURES = {
    b"%PDF": "a PDF document",
    b"PK\x03\x04": "a ZIP archive (a .docx or .xlsx file?)",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"\x1f\x8b": "a gzip archive",
    b"\xd0\xcf\x11\xe0": "an old Microsoft Office document",
    b"{\\rtf": "an RTF document",
}


def examples() -> dict[str, Path]:
    """The bundled example articles, by short name (usable as ``"example:NAME"``).

    Examples:
        >>> sorted(examples())
        ['cnn', 'kimt']
    """
    root = resources.files("toolkit.data").joinpath("examples")
    return {name: Path(str(root.joinpath(e["file"]))) for name, e in _example_index().items()}


@lru_cache(maxsize=1)
def _example_index() -> dict[str, dict[str, str]]:
    root = resources.files("toolkit.data").joinpath("examples")
    return tomllib.loads(root.joinpath("examples.toml").read_text("utf-8"))


def max_bytes_default() -> int:
    env = os.environ.get("STORYLENS_MAX_BYTES")
    return int(env) if env and env.isdigit() else DEFAULT_MAX_BYTES


# --------------------------------------------------------------------------- decoding


def decode(data: bytes, source: object = "<input>") -> str:
    """Bytes to text: UTF-8 (with or without BOM), UTF-16/32 (BOM or not), else cp1252/latin-1.

    Raises InputError for empty, whitespace-only or binary data.

    Examples:
        >>> decode("café".encode("cp1252"))
        'café'
        >>> decode("\\ufeffnaïve".encode("utf-8"))
        'naïve'
        >>> decode("naïve".encode("utf-16"))
        'naïve'
    """
    if not data:
        raise InputError(source, "the file is empty")
    for sig, what in _BINARY_SIGNATURES.items():
        if data.startswith(sig):
            raise InputError(source, f"this is {what}, not text; save the article as .txt or .html")
    text = _decode_unicode(data)
    if text is None:
        if b"\x00" in data:
            raise InputError(source, "binary data (NUL bytes), not text")
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            text = data.decode("latin-1")
    sample = text[:65536]
    controls = sum(1 for c in sample if ord(c) < 32 and c not in "\t\n\r\f\v")
    if "\x00" in sample or controls > max(8, len(sample) // 100):
        raise InputError(source, "binary data (control characters), not text")
    if not text.strip():
        raise InputError(source, "the file holds only white space")
    return text


def _decode_unicode(data: bytes) -> str | None:
    for bom, enc in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return data.decode(enc)
            except UnicodeDecodeError:
                return None
    # UTF-16 without a BOM: ASCII-range text leaves every other byte zero.
    head = data[:4096]
    if len(head) >= 4 and head.count(0) > len(head) // 3:
        even, odd = head[0::2].count(0), head[1::2].count(0)
        enc = "utf-16-le" if odd > even * 4 else "utf-16-be" if even > odd * 4 else None
        if enc:
            try:
                return data.decode(enc)
            except UnicodeDecodeError:
                return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def read_bytes(path: str | os.PathLike[str], *, max_bytes: int | None = None) -> bytes:
    """Read a file read-only, refusing missing paths, folders and oversized files."""
    p = Path(path)
    limit = max_bytes_default() if max_bytes is None else max_bytes
    try:
        size = p.stat().st_size
    except FileNotFoundError:
        raise InputError(path, "no such file") from None
    except OSError as e:
        raise InputError(path, f"cannot be read ({e.strerror or e})") from None
    if p.is_dir():
        raise InputError(path, "is a folder, not a file (use `storylens corpus` for folders)")
    if size > limit:
        raise InputError(
            path,
            f"{size / 1e6:.1f} MB is larger than the {limit / 1e6:.0f} MB limit for one article "
            "(raise it with --max-size, or split the file into articles)",
        )
    try:
        with open(p, "rb") as fh:
            data = fh.read(limit + 1)
    except OSError as e:
        raise InputError(path, f"cannot be read ({e.strerror or e})") from None
    if len(data) > limit:  # a pipe, a device or a growing file: its size was not known up front
        raise InputError(
            path, f"more than the {limit / 1e6:g} MB limit for one article (raise it with --max-size)"
        )
    return data


# --------------------------------------------------------------------------- paragraphs

_BLOCK_SPLIT = re.compile(r"\n[ \t\u00a0]*\n")
_SENTENCE_END = re.compile(r"[.!?:;\"”’)]$")


def split_paragraphs(text: str) -> list[str]:
    """Paragraph texts of a plain-text scrape.

    Blocks are separated by blank lines. Inside a block each line is its own
    paragraph (scrapes put captions, stamps and widget cells on lines of their
    own), unless the block is hard-wrapped prose, whose lines are re-joined.

    Examples:
        >>> split_paragraphs("Title\\nPosted: today\\n\\nBody text.\\r\\n\\r\\n\\n")
        ['Title', 'Posted: today', 'Body text.']
    """
    # Each test looks for one character first: a search for a single character is several times
    # faster than one for " ### " or "\r\n", and most texts have neither.
    if "#" in text and PARAGRAPH_SEPARATOR in text:
        return [p for piece in text.split(PARAGRAPH_SEPARATOR) for p in split_paragraphs(piece)]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    out: list[str] = []
    for block in _BLOCK_SPLIT.split(text):
        if "\n" not in block:  # one line: most blocks of a scrape are a paragraph each
            line = block.strip()
            if line:
                out.append(line)
            continue
        lines = [ln for ln in map(str.strip, block.split("\n")) if ln]
        if not lines:
            continue
        if _is_hard_wrapped(lines):
            out.append(" ".join(lines))
        else:
            out.extend(lines)
    return out


def _is_hard_wrapped(lines: list[str]) -> bool:
    """True for prose wrapped at a fixed width: long lines that run on into the next."""
    if len(lines) < 2:
        return False
    heads = lines[:-1]
    long = [ln for ln in heads if 45 <= len(ln) <= 100]
    if len(long) < 0.8 * len(heads):
        return False
    run_on = sum(
        1
        for a, b in zip(heads, lines[1:])
        if not _SENTENCE_END.search(a) or (b[:1].islower())
    )
    return run_on >= 0.5 * len(heads)


# --------------------------------------------------------------------------- articles


def load_text(
    text: str,
    *,
    id: str = "article",
    outlet: str | None = None,
    title: str | None = None,
    published: str | None = None,
    source_path: str | None = None,
) -> Article:
    """An Article from plain text (a scrape, a paste, a string in a notebook)."""
    paras = [Paragraph(i, t) for i, t in enumerate(split_paragraphs(text))]
    if not paras:
        raise InputError(source_path or id, "no text to analyse")
    return Article(
        id=id, paragraphs=paras, outlet=outlet, title=title, published=published,
        source_path=source_path,
    )


def load(
    source: str | os.PathLike[str] | bytes,
    *,
    outlet: str | None = None,
    id: str | None = None,
    format: str | None = None,
    row: int | str | None = None,
    text_column: str | None = None,
    id_column: str | None = None,
    max_bytes: int | None = None,
) -> Article:
    """Load one article from a path, ``"-"`` (standard input), a URL, ``"example:NAME"`` or raw bytes.

    The format follows the file's suffix (``.txt``, ``.html``/``.htm``, ``.json``,
    ``.csv``, ``.jsonl``) unless ``format`` is given. For a table with several
    rows, pick one with ``row`` (its id, or its position); :func:`load_many`
    streams them all.
    """
    if isinstance(source, bytes):
        return _from_text_or_html(decode(source), id=id or "article", outlet=outlet, source_path=None)
    src = str(source)
    if src.startswith("example:"):
        name = src.split(":", 1)[1]
        ex = examples()
        if name not in ex:
            raise InputError(src, f"no such example; choose one of {', '.join(sorted(ex))}")
        outlet = outlet or _example_index()[name].get("outlet")
        return load(ex[name], outlet=outlet, id=id, max_bytes=max_bytes)
    if re.match(r"https?://", src):
        return load_url(src, outlet=outlet, id=id)
    fmt = (format or _format_of(src)).lower()
    if fmt in ("csv", "tsv", "jsonl"):
        arts = load_many(src, format=fmt, text_column=text_column, id_column=id_column, outlet=outlet)
        return _pick_row(arts, row, src)
    if src == "-":
        data = sys.stdin.buffer.read((max_bytes or max_bytes_default()) + 1)
        if len(data) > (max_bytes or max_bytes_default()):
            raise InputError("<stdin>", "input larger than the size limit (raise it with --max-size)")
        name = "<stdin>"
    else:
        data = read_bytes(src, max_bytes=max_bytes)
        name = src
    text = decode(data, name)
    stem = id or ("stdin" if src == "-" else Path(src).stem)
    if fmt == "json":
        return from_dict(_parse_json(text, name), source_path=None if src == "-" else src)
    if fmt == "html" or (fmt == "auto" and _looks_like_html(text)):
        return load_html(text, id=stem, outlet=outlet, source_path=None if src == "-" else src)
    return load_text(text, id=stem, outlet=outlet, source_path=None if src == "-" else src)


def _from_text_or_html(text: str, *, id: str, outlet: str | None, source_path: str | None) -> Article:
    if _looks_like_html(text):
        return load_html(text, id=id, outlet=outlet, source_path=source_path)
    return load_text(text, id=id, outlet=outlet, source_path=source_path)


def _format_of(src: str) -> str:
    if src == "-":
        return "auto"
    suffix = Path(src).suffix.lower().lstrip(".")
    return {"htm": "html", "xhtml": "html", "ndjson": "jsonl", "text": "txt", "md": "txt"}.get(
        suffix, suffix if suffix in ("txt", "html", "json", "csv", "tsv", "jsonl") else "auto"
    )


def _looks_like_html(text: str) -> bool:
    head = text.lstrip()[:2048].lower()
    return head.startswith(("<!doctype html", "<html")) or bool(
        re.search(r"<(html|body|head|article|div|p)[\s>]", head)
    )


def _parse_json(text: str, name: str) -> dict[str, Any]:
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as e:
        raise InputError(name, f"malformed JSON (line {e.lineno}, column {e.colno}: {e.msg})") from None
    if isinstance(obj, dict) and "versions" in obj and "paragraphs" not in obj:
        raise InputError(name, "this is a comparison, not an article; load its 'versions' one by one")
    if not isinstance(obj, dict):
        raise InputError(name, "expected a JSON object describing one article")
    return obj


def from_dict(obj: dict[str, Any], *, source_path: str | None = None) -> Article:
    """Rebuild an Article from our own JSON (the ``analyze --format json`` output) or a simple
    ``{"text": ..., "title": ...}`` object. Paragraph kinds found in the JSON are kept."""
    name = source_path or obj.get("id") or "<json>"
    meta = {k: obj.get(k) for k in ("outlet", "title", "published", "updated")}
    art_id = str(obj.get("id") or (Path(source_path).stem if source_path else "article"))
    if isinstance(obj.get("paragraphs"), list):
        paras = []
        for i, p in enumerate(obj["paragraphs"]):
            if isinstance(p, str):
                p = {"text": p}
            if not isinstance(p, dict) or not isinstance(p.get("text"), str):
                raise InputError(name, f"paragraph {i} has no text")
            kind = p.get("kind") or "body"
            if kind not in KINDS:
                raise InputError(name, f"paragraph {i} has an unknown kind {kind!r}")
            paras.append(Paragraph(i, p["text"], kind, p.get("reason")))
        art = Article(id=art_id, paragraphs=paras, source_path=source_path or obj.get("source_path"), **meta)
        art.meta["cleaned"] = any("kind" in p for p in obj["paragraphs"] if isinstance(p, dict))
    elif isinstance(obj.get("text"), str):
        art = load_text(obj["text"], id=art_id, source_path=source_path)
        for k, v in meta.items():
            setattr(art, k, v)
    else:
        raise InputError(name, "a JSON article needs 'paragraphs' or 'text'")
    if not art.paragraphs:
        raise InputError(name, "no text to analyse")
    return art


def load_html(
    html: str, *, id: str = "article", outlet: str | None = None, source_path: str | None = None,
    url: str | None = None,
) -> Article:
    """Main text and metadata of a web page, extracted with trafilatura."""
    import trafilatura

    try:
        doc = trafilatura.bare_extraction(
            html, url=url, with_metadata=True, include_comments=False, include_tables=False,
            favor_recall=True,
        )
    except Exception as e:  # trafilatura/lxml raise many kinds on broken markup
        raise InputError(source_path or id, f"the HTML could not be parsed ({type(e).__name__})") from None
    d = {} if doc is None else doc if isinstance(doc, dict) else doc.as_dict()
    text = d.get("text") or ""
    paras = [Paragraph(i, t.strip()) for i, t in enumerate(text.split("\n")) if t.strip()]
    paras = [Paragraph(i, p.text) for i, p in enumerate(paras)]
    if not paras:
        raise InputError(source_path or id, "no article text found in the HTML page" + _nesting_hint(html))
    title = d.get("title")
    if title and paras[0].text.strip() == title.strip():
        paras[0].kind, paras[0].reason = "title", "the page's headline"
    return Article(
        id=id, paragraphs=paras, source_path=source_path, outlet=outlet or d.get("sitename"),
        title=title, published=d.get("date"), url=url or d.get("url"),
        meta={"author": d.get("author"), "extractor": "trafilatura"},
    )


#: libxml2, under trafilatura, stops reading markup nested deeper than this.
_MAX_HTML_DEPTH = 255
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)[^<>]*?(/?)>")  # [^<>]: linear, even without any >
_NO_END_TAG = frozenset(
    "area base br col embed hr img input link meta source track wbr p li td th tr dt dd option "
    "thead tbody tfoot colgroup rt rp optgroup".split()
)


def _nesting_hint(html: str) -> str:
    """Why a page that has text gave none: its tags nest deeper than the HTML parser reads."""
    depth = 0
    for m in _TAG.finditer(html):
        if m.group(2).lower() in _NO_END_TAG or m.group(3):
            continue
        depth += -1 if m.group(1) else 1
        if depth > _MAX_HTML_DEPTH:
            return (f" (its tags nest more than {_MAX_HTML_DEPTH} levels deep, deeper than the HTML parser "
                    "reads; save the article as plain text)")
        depth = max(depth, 0)
    return ""


def load_url(url: str, *, outlet: str | None = None, id: str | None = None) -> Article:
    """Fetch a page with trafilatura and load it (the only network access the toolkit makes)."""
    import trafilatura

    html = trafilatura.fetch_url(url)
    if not html:
        raise InputError(url, "the page could not be downloaded")
    slug = re.sub(r"\W+", "_", url.split("//", 1)[-1]).strip("_")[:80]
    return load_html(html, id=id or slug, outlet=outlet, source_path=url, url=url)


# --------------------------------------------------------------------------- corpora


def load_many(
    source: str | os.PathLike[str],
    *,
    format: str | None = None,
    text_column: str | None = None,
    id_column: str | None = None,
    outlet: str | None = None,
) -> Iterator[Article]:
    """Stream the articles of a CSV/TSV/JSONL table (one per row), or of a single file.

    The text column is ``text_column`` or the first of the usual names
    (text, body, content, …); rows are read lazily, so a large table is never
    held in memory. A ``" ### "`` paragraph separator is understood.
    """
    src = str(source)
    fmt = (format or _format_of(src)).lower()
    if fmt not in ("csv", "tsv", "jsonl"):
        yield load(src, outlet=outlet, format=format)
        return
    rows = _iter_jsonl(src) if fmt == "jsonl" else _iter_csv(src, "\t" if fmt == "tsv" else ",")
    first = True
    for n, rec in enumerate(rows):
        if first:
            text_col = _pick_column(rec, text_column, TEXT_COLUMNS, src, "text", longest=True)
            id_col = _pick_column(rec, id_column, ID_COLUMNS, src, "id", required=False)
            outlet_col = _pick_column(rec, None, OUTLET_COLUMNS, src, "outlet", required=False)
            title_col = _pick_column(rec, None, TITLE_COLUMNS, src, "title", required=False)
            date_col = _pick_column(rec, None, DATE_COLUMNS, src, "date", required=False)
            first = False
        text = rec.get(text_col)
        rid = str(rec.get(id_col)) if id_col and rec.get(id_col) not in (None, "") else str(n)
        if not isinstance(text, str) or not text.strip():
            raise InputError(f"{src} row {n + 1}", f"the {text_col!r} column is empty")
        art = load_text(
            text, id=rid, source_path=src,
            outlet=outlet or (str(rec[outlet_col]) if outlet_col and rec.get(outlet_col) else None),
            title=str(rec[title_col]) if title_col and rec.get(title_col) else None,
        )
        if date_col and rec.get(date_col):
            art.meta["date"] = str(rec[date_col])
        art.meta["row"] = n
        yield art
    if first:
        raise InputError(src, "the table has no rows")


def _pick_row(arts: Iterator[Article], row: int | str | None, src: str) -> Article:
    items = list(arts) if row is None else arts
    if row is None:
        if len(items) != 1:
            raise InputError(src, f"holds {len(items)} articles; choose one with row=, or use load_many()")
        return items[0]
    for i, a in enumerate(items):
        if a.id == str(row) or (isinstance(row, int) and i == row):
            return a
    raise InputError(src, f"no row {row!r}")


def _pick_column(
    rec: dict[str, Any], given: str | None, usual: tuple[str, ...], src: str, what: str,
    *, required: bool = True, longest: bool = False,
) -> str | None:
    cols = list(rec)
    if given:
        if given not in rec:
            raise InputError(src, f"no column {given!r} (columns: {', '.join(map(str, cols))})")
        return given
    lower = {str(c).lower(): c for c in cols}
    for name in usual:
        if name in lower:
            return lower[name]
    if longest:
        texts = [c for c in cols if isinstance(rec[c], str)]
        if texts:
            best = max(texts, key=lambda c: len(rec[c]))
            if len(rec[best]) >= 200:
                return best
    if required:
        raise InputError(
            src, f"no {what} column found (columns: {', '.join(map(str, cols))}); name it with --{what}-column"
        )
    return None


def _iter_csv(src: str, delimiter: str) -> Iterator[dict[str, Any]]:
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    try:
        fh = open(src, "rb")
    except OSError as e:
        raise InputError(src, "no such file" if isinstance(e, FileNotFoundError) else str(e)) from None
    with fh:
        head = fh.read(4096)
        fh.seek(0)
        if not head:
            raise InputError(src, "the file is empty")
        enc = "utf-8-sig" if _decode_unicode(head[:4000]) is not None or head.startswith(codecs.BOM_UTF8) else "cp1252"
        stream = io.TextIOWrapper(fh, encoding=enc, errors="replace", newline="")
        try:
            yield from csv.DictReader(stream, delimiter=delimiter)
        except csv.Error as e:
            raise InputError(src, f"malformed CSV ({e})") from None


def _iter_jsonl(src: str) -> Iterator[dict[str, Any]]:
    try:
        fh = open(src, encoding="utf-8-sig", errors="replace")
    except OSError as e:
        raise InputError(src, "no such file" if isinstance(e, FileNotFoundError) else str(e)) from None
    with fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as e:
                raise InputError(f"{src} line {n}", f"malformed JSON ({e.msg})") from None
            if not isinstance(obj, dict):
                raise InputError(f"{src} line {n}", "expected one JSON object per line")
            yield obj
