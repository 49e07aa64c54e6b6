"""Many articles at once: stream a corpus, analyse every article, find every version of a story.

Three things, each usable on its own:

* :func:`iter_articles` streams the articles of a folder, a glob, or CSV / TSV /
  JSONL / Parquet tables (one article per row), never holding the corpus in memory.
* :func:`clusters` groups the syndicated versions of one story (see below) and
  says, for every version, what it kept, edited, added, removed and moved
  compared with the most complete version of its story (the *base*).
* :func:`analyze_corpus` runs the per-article analysis of :func:`toolkit.analyze`
  (``pipeline.prepare`` + ``pipeline.annotate``, the same code) over the whole
  corpus on a process pool or a Dask cluster, clusters the versions, and writes
  tidy tables (``articles``, ``paragraphs``, ``quotes``, ``speakers``,
  ``frames``, ``clusters``, ``errors``) to a folder, all of them or none.

How versions are found. Two pages are versions of one story when most of the
shorter one's story text is found in the longer one. Deciding that for every
pair of a large corpus would be quadratic, so:

1. Each article's cleaned body (page chrome left out) is cut into overlapping
   5-word shingles of its normalised words (:func:`toolkit.align.tokens`) and
   summarised by a MinHash signature (datasketch's ``affine32`` scheme).
2. MinHash LSH proposes the pairs whose shingle sets are likely to overlap:
   datasketch's :class:`~datasketch.MinHashLSH` banding (its choice of bands
   for the threshold), computed with numpy sorts rather than its in-memory
   index, which holds a Python set per bucket and band (~8 KB an article).
   The threshold is low (Jaccard 0.2) because a copy cut to its first third
   shares only a third of the shingles.
3. Each proposed pair is verified on its text: the share of the shorter
   version's text in sentences found, identical once normalised, in the longer
   one (a copy edit changes one sentence, not its paragraph's others; a split
   paragraph keeps its sentences), then, where that falls short of
   ``containment`` but reaches half of it and the signatures say there is more
   to find, by :func:`toolkit.align.align` (heavily reworded paragraphs). A
   pair is one story when that share reaches ``containment`` (0.5) *and* at
   least two of the shorter one's paragraphs are mostly found: a shared wire
   boilerplate paragraph, or the one item a rolling "The Latest" update
   carries over from the previous one, is not enough. (So a one-paragraph
   page is never joined to anything.)
4. Verified pairs are joined (union-find), then every group is checked against
   its base, the version with most body words: a version that matches only
   another member, not the base, is split off. That stops chains (A shares half
   of B, B half of C) from merging different stories.

Examples:
    The bundled sample holds 36 pages scraped on 1-2 June 2018, most about
    Spotify; six outlets ran the same Associated Press story:

    >>> from toolkit.corpus import clusters, example_corpus
    >>> df = clusters(example_corpus())
    >>> cols = ["outlet", "base", "words", "kept", "edited", "removed", "moved"]
    >>> print(df[df["cluster"] == 0][cols].to_string(index=False))
                      outlet  base  words  kept  edited  removed  moved
                 nytimes.com  True    214     7       0        0      0
    sandiegouniontribune.com False    213     6       1        0      0
             miamiherald.com False    105     3       1        3      0
             startribune.com False    214     7       0        0      0
       charlotteobserver.com False    105     3       1        3      0
          chicagotribune.com False    133     2       2        2      1
    >>> df.drop_duplicates("cluster")["size"].value_counts().sort_index().to_dict()
    {1: 18, 2: 2, 3: 1, 5: 1, 6: 1}
"""
from __future__ import annotations

import argparse
import contextlib
import glob as _glob
import json
import math
import os
import re
import shutil
import sys
import tempfile
import time
import zlib
from array import array
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import align as _align
from .article import SCHEMA_VERSION, Article, Paragraph
from .errors import InputError, UsageError

if TYPE_CHECKING:  # pragma: no cover
    import pandas

__all__ = [
    "CONTAINMENT",
    "NUM_PERM",
    "THRESHOLD",
    "CorpusResult",
    "add_corpus_parser",
    "analyze_corpus",
    "clusters",
    "example_corpus",
    "iter_articles",
    "run_corpus",
]

#: MinHash permutations. 64 estimates a Jaccard similarity to about ±0.06,
#: plenty for proposing candidates that are verified paragraph by paragraph
#: anyway, and keeps 100,000 signatures at 25 MB.
NUM_PERM = 64
#: The LSH Jaccard threshold. Low, because a syndicated copy cut to its first
#: third shares only a third of its shingles with the full story; the
#: verification step, not LSH, decides.
THRESHOLD = 0.2
#: Least share of the shorter version's body text found in the longer one for
#: two pages to be versions of one story. Syndicated copies score 0.7-1.0 (cuts
#: remove text from the longer one, which does not count against the shorter);
#: different stories sharing a background paragraph or two score under 0.3.
CONTAINMENT = 0.5
#: Words per shingle. Five words almost never repeat by chance across stories
#: ("said in a statement" is four), while a reworded paragraph keeps most of them.
SHINGLE = 5
#: MinHash seed (datasketch's default): signatures are comparable across runs and machines.
SEED = 1
#: Versions compared with their base per cluster at most; beyond it the
#: per-version counts are left empty (a 5,000-copy wire story would otherwise
#: cost minutes and say the same thing 5,000 times).
MAX_COMPARE = 500
#: An LSH bucket holding more versions than this is usually a shared boilerplate
#: paragraph, not a story: its members are paired with a few anchors only,
#: instead of with each other (which would be quadratic).
MAX_BUCKET = 400

TABLES = ("articles", "paragraphs", "quotes", "speakers", "frames", "clusters", "errors")
FORMATS = ("parquet", "csv")
ENGINES = ("local", "dask")
_FILE_SUFFIXES = (".txt", ".text", ".md", ".html", ".htm", ".xhtml", ".json")
_TABLE_SUFFIXES = (".csv", ".tsv", ".jsonl", ".ndjson", ".parquet", ".pq")
_MANIFEST = "manifest.json"
_EXAMPLE = "spotify_articles.csv"
# A pool is started only once there is more than this much work: a notebook
# clustering 36 pages should not wait for worker processes to import pandas.
_INLINE_MAX = 200
_CHUNK = {"features": 128, "analyze": 24, "compare": 64}


def example_corpus() -> Path:
    """The bundled sample corpus: 36 pages scraped on one day in June 2018, most about Spotify (see SOURCE.md).

    Examples:
        >>> example_corpus().name
        'spotify_articles.csv'
    """
    root = resources.files("toolkit.data").joinpath("examples", "corpus", _EXAMPLE)
    return Path(str(root))


# =========================================================================== input


def iter_articles(
    source: Any,
    *,
    text_column: str | None = None,
    id_column: str | None = None,
    on_error: str = "raise",
) -> Iterator[Article]:
    """Stream the articles of a corpus, one at a time.

    Args:
        source: A folder (every .txt/.html/.json/.md file and every table in
            it, recursively, in path order), a glob pattern (``"pages/**/*.txt"``),
            one file or table (.csv, .tsv, .jsonl, .parquet: one article per row),
            a pandas DataFrame, or an iterable of Articles, paths or texts.
        text_column: The text column of tables (default: the first of text,
            body, content, ... or the longest text column).
        id_column: The id column of tables (default: id, doc_id, ...; else the row number).
        on_error: ``"raise"`` an :class:`~toolkit.errors.InputError` at the first
            unreadable article, or ``"skip"`` it.

    Yields:
        Articles, loaded but not yet cleaned or analysed. Parquet tables are
        read in batches with pyarrow; the other tables row by row.

    Examples:
        >>> arts = iter_articles(example_corpus())
        >>> first = next(arts)
        >>> first.id, first.outlet, len(first.paragraphs) > 10
        ('1256', 'gizmodo.com', True)
    """
    if on_error not in ("raise", "skip"):
        raise UsageError("on_error must be 'raise' or 'skip'")
    for task in _tasks(source, text_column=text_column, id_column=id_column):
        try:
            yield _build(task)
        except InputError:
            if on_error == "raise":
                raise


# Tasks are what travels to a worker: a path, a table row's fields, an Article,
# or an error found while reading. Tuples pickle small and fast.
_Task = tuple


def _tasks(source: Any, *, text_column: str | None, id_column: str | None) -> Iterator[_Task]:
    if isinstance(source, Article):
        yield ("article", source)
        return
    if _is_dataframe(source):
        yield from _frame_tasks(source, text_column, id_column)
        return
    if isinstance(source, (str, os.PathLike)):
        files = _expand(str(source))
        many = len(files) > 1
        for f in files:
            if f.lower().endswith(_TABLE_SUFFIXES):
                yield from _table_tasks(f, text_column, id_column, prefix=Path(f).stem if many else None)
            else:
                yield ("path", f)
        return
    if isinstance(source, Iterable):
        for n, item in enumerate(source):
            if isinstance(item, Article):
                yield ("article", item)
            elif isinstance(item, str) and ("\n" in item or (" " in item and not Path(item).exists())):
                yield ("row", {"id": str(n), "text": item})
            elif isinstance(item, (str, os.PathLike)):
                try:
                    yield from _tasks(item, text_column=text_column, id_column=id_column)
                except InputError as e:  # one missing file of a list is one error, not the end of the run
                    yield ("error", Path(str(item)).stem, str(e), str(item))
            else:
                yield ("error", str(n), f"item {n} is a {type(item).__name__}, not an article, path or text", None)
        return
    raise UsageError(f"cannot read articles from a {type(source).__name__}")


def _expand(src: str) -> list[str]:
    """The files a source names: itself, a folder's readable files, or a glob's matches."""
    p = Path(src)
    if p.is_dir():
        out = [
            str(f) for f in sorted(p.rglob("*"))
            if f.is_file() and f.suffix.lower() in _FILE_SUFFIXES + _TABLE_SUFFIXES
            and not any(part.startswith(".") for part in f.relative_to(p).parts)
        ]
        if not out:
            raise InputError(src, "the folder holds no .txt, .html, .json, .csv, .jsonl or .parquet files")
        return out
    if p.exists():
        return [src]
    if any(c in src for c in "*?["):
        out = sorted(f for f in _glob.glob(src, recursive=True) if Path(f).is_file())
        if not out:
            raise InputError(src, "no file matches this pattern")
        return out
    raise InputError(src, "no such file or folder")


def _is_dataframe(obj: Any) -> bool:
    return type(obj).__name__ == "DataFrame" and hasattr(obj, "itertuples")


def _frame_tasks(df: Any, text_column: str | None, id_column: str | None) -> Iterator[_Task]:
    if len(df) == 0:
        return
    first = {str(k): v for k, v in df.iloc[0].to_dict().items()}
    cols = _columns(first, text_column, id_column, "<DataFrame>")
    for n, rec in enumerate(df.to_dict("records") if len(df) < 10_000 else _frame_records(df)):
        yield _row_task({str(k): v for k, v in rec.items()}, n, cols, "<DataFrame>", None)


def _frame_records(df: Any) -> Iterator[dict[str, Any]]:
    for start in range(0, len(df), 5_000):
        yield from df.iloc[start:start + 5_000].to_dict("records")


def _columns(rec: dict[str, Any], text_column: str | None, id_column: str | None, src: str) -> dict[str, str | None]:
    from .load import (
        DATE_COLUMNS,
        ID_COLUMNS,
        OUTLET_COLUMNS,
        TEXT_COLUMNS,
        TITLE_COLUMNS,
    )
    from .load import _pick_column as pick

    return {
        "text": pick(rec, text_column, TEXT_COLUMNS, src, "text", longest=True),
        "id": pick(rec, id_column, ID_COLUMNS, src, "id", required=False),
        "outlet": pick(rec, None, OUTLET_COLUMNS, src, "outlet", required=False),
        "title": pick(rec, None, TITLE_COLUMNS, src, "title", required=False),
        "date": pick(rec, None, DATE_COLUMNS, src, "date", required=False),
    }


def _row_task(rec: dict[str, Any], n: int, cols: dict[str, str | None], src: str, prefix: str | None) -> _Task:
    """One table row as a task, with load_many's conventions (ids, outlets, titles, dates)."""

    def value(col: str | None) -> str | None:
        v = rec.get(col) if col else None
        if v is None or (isinstance(v, float) and math.isnan(v)) or v == "":
            return None
        return str(v)

    rid = value(cols["id"]) or str(n)
    if prefix:
        rid = f"{prefix}:{rid}"
    text = rec.get(cols["text"])
    if not isinstance(text, str) or not text.strip():
        return ("error", rid, f"{src} row {n + 1}: the {cols['text']!r} column is empty", src)
    return ("row", {
        "id": rid, "text": text, "outlet": value(cols["outlet"]), "title": value(cols["title"]),
        "date": value(cols["date"]), "source_path": src, "row": n,
    })


def _table_tasks(src: str, text_column: str | None, id_column: str | None, *, prefix: str | None) -> Iterator[_Task]:
    from .load import _iter_csv, _iter_jsonl

    suffix = Path(src).suffix.lower()
    cols = None
    try:
        if suffix in (".parquet", ".pq"):
            cols = _columns(_parquet_first(src), text_column, id_column, src)
            records = _parquet_records(src, [c for c in dict.fromkeys(cols.values()) if c])
        elif suffix in (".jsonl", ".ndjson"):
            records = _iter_jsonl(src)
        else:
            records = _iter_csv(src, "\t" if suffix == ".tsv" else ",")
        n = -1
        for n, rec in enumerate(records):
            if cols is None:
                cols = _columns(rec, text_column, id_column, src)
            yield _row_task(rec, n, cols, src, prefix)
        if n < 0:
            yield ("error", prefix or Path(src).stem, f"{src}: the table has no rows", src)
    except InputError as e:
        if cols is None and prefix is None:
            raise  # the one table given cannot be read at all: nothing to analyse
        # A malformed line ends what can be read of this table; the rest of the corpus goes on.
        yield ("error", prefix or Path(src).stem, str(e), src)


def _parquet_file(src: str):
    try:
        import pyarrow.parquet as pq
    except ImportError:  # pragma: no cover - the corpus extra installs it
        raise UsageError("reading Parquet needs pyarrow: pip install 'storylens[corpus]'") from None
    try:
        # No pre-buffering: pyarrow would otherwise hold a whole row group's column chunk
        # in memory before the first batch; streamed, a batch costs its own size.
        return pq.ParquetFile(src, pre_buffer=False, buffer_size=1 << 20)
    except Exception as e:  # noqa: BLE001 - pyarrow raises many kinds on a damaged file
        raise InputError(src, f"not a readable Parquet file ({type(e).__name__})") from None


def _parquet_first(src: str) -> dict[str, Any]:
    """The first row, to find the text and id columns."""
    for batch in _parquet_file(src).iter_batches(batch_size=1):
        rows = batch.to_pylist()
        if rows:
            return rows[0]
    raise InputError(src, "the table has no rows")


def _parquet_records(src: str, columns: list[str], batch_size: int = 1_000) -> Iterator[dict[str, Any]]:
    # Only the columns used, a batch at a time: a wide table of long texts is never read whole.
    for batch in _parquet_file(src).iter_batches(batch_size=batch_size, columns=columns):
        yield from batch.to_pylist()


def _build(task: _Task) -> Article:
    """The Article a task describes (loaded, not cleaned)."""
    kind = task[0]
    if kind == "article":
        return task[1]
    if kind == "path":
        from .load import load

        return load(task[1])
    if kind == "row":
        from .load import load_text

        r = task[1]
        art = load_text(r["text"], id=r["id"], outlet=r.get("outlet"), title=r.get("title"),
                        source_path=r.get("source_path"))
        if r.get("date"):
            art.meta["date"] = r["date"]
        if r.get("row") is not None:
            art.meta["row"] = r["row"]
        return art
    raise InputError(task[1], task[2])


def _task_id(task: _Task) -> str:
    kind = task[0]
    if kind == "article":
        return task[1].id
    if kind == "path":
        return Path(task[1]).stem
    if kind == "row":
        return task[1]["id"]
    return task[1]


def _task_source(task: _Task) -> str | None:
    kind = task[0]
    if kind == "article":
        return task[1].source_path
    if kind == "path":
        return task[1]
    if kind == "row":
        return task[1].get("source_path")
    return task[3]


# =========================================================================== per-article work


@dataclass(slots=True)
class _Features:
    """What clustering needs of one article: a few hundred bytes plus its compressed body.

    Sentences are the unit of the exact comparison: a copy editor who changes
    a word changes one sentence, not the paragraph's other sentences, and a
    split or merged paragraph keeps all of its sentences.
    """

    paras: Any  # uint64 per body paragraph: hash of its normalised text (align's exact key)
    para_words: Any  # uint32 per body paragraph: its words
    # Sentences are many, so they are stored small: a 32-bit hash is plenty to compare
    # the sentences of two articles (a chance collision every ~10^6 pairs, on one sentence).
    sents: Any  # uint32 per sentence: crc32 of its normalised tokens
    sent_len: Any  # uint16 per sentence: its length in characters (the weight of its match)
    sent_para: Any  # uint16 per sentence: its paragraph (position among the body paragraphs)
    blob: bytes  # the body paragraphs' texts, zlib-compressed JSON (read back for alignment)
    signature: Any = None  # uint32 array of NUM_PERM MinHash values


@lru_cache(maxsize=8)
def _permutations(num_perm: int, seed: int = SEED):
    try:
        from datasketch import MinHash

        return MinHash(num_perm=num_perm, seed=seed, scheme="affine32").permutations
    except ImportError:
        raise UsageError("clustering needs datasketch: pip install 'storylens[corpus]'") from None
    except TypeError:  # datasketch < 2.0 has no schemes
        raise UsageError("clustering needs datasketch 2.0 or later: pip install -U datasketch") from None


_MIX = 0x01000193  # the 32-bit FNV prime: any odd multiplier spreads the word hashes
_SENTENCE_END = frozenset((".", "!", "?", "..."))


class _WordHashes(dict):
    """crc32 of each distinct word, computed once: news repeats its words, and a
    dictionary hit costs a tenth of hashing again."""

    def __missing__(self, word: str) -> int:
        if len(self) > 1_000_000:
            self.clear()
        h = self[word] = zlib.crc32(word.encode("utf-8"))
        return h


_word_hashes = _WordHashes()


def _shingle_hash(shingle: tuple[str, ...]) -> int:
    """The 32-bit hash of one shingle (a tuple of words), as datasketch's ``hashfunc``.

    :func:`_shingle_hashes` computes the same values for a whole article at once with numpy.

    Examples:
        >>> _shingle_hash(("the", "talks", "went", "well", "today")) < 2**32
        True
    """
    h = 0
    for w in shingle:
        h = (h * _MIX + _word_hashes[w]) & 0xFFFFFFFF
    return h


def _shingle_hashes(words: list[str], k: int = SHINGLE):
    """The hashes of every k-word shingle of ``words`` (one shingle of all words if fewer)."""
    import numpy as np

    if not words:
        return np.empty(0, dtype=np.uint32)
    t = np.fromiter(map(_word_hashes.__getitem__, words), dtype=np.uint32, count=len(words))
    k = min(k, len(t))
    n = len(t) - k + 1
    h = np.zeros(n, dtype=np.uint32)
    mix = np.uint32(_MIX)
    for j in range(k):
        h = h * mix + t[j:j + n]  # uint32 arithmetic wraps, as _shingle_hash's mask does
    return h


def _hash64(data: bytes) -> int:
    # Two fast checksums side by side: stable across processes and machines, unlike hash().
    return zlib.crc32(data) | (zlib.adler32(data) << 32)


def _fmix32(h):
    # datasketch's affine32 pre-mix (the MurmurHash3 finalizer); a test checks we stay equal.
    import numpy as np

    h = h ^ (h >> np.uint32(16))
    h = h * np.uint32(0x85EBCA6B)
    h = h ^ (h >> np.uint32(13))
    h = h * np.uint32(0xC2B2AE35)
    return h ^ (h >> np.uint32(16))


def _signature(shingles, num_perm: int):
    """The MinHash signature of one article's shingle hashes: equal to
    ``datasketch.MinHash(num_perm, hashfunc=_shingle_hash).update_batch(shingles).hashvalues``."""
    import numpy as np

    a, b = _permutations(num_perm)
    if not len(shingles):
        return np.full(num_perm, np.iinfo(np.uint32).max, dtype=np.uint32)
    # permutations x shingles, so that the minimum runs along contiguous memory
    return (a[:, None] * _fmix32(shingles)[None, :] + b[:, None]).min(axis=1)


# Normalised text is tokens joined by single spaces; these find its words and sentence ends.
_WORD = re.compile(r"(?<!\S)\w\S*")
_SENTENCE_BREAK = re.compile(r"(?<= [.!?]) |(?<= \.\.\.) ")


def _key(text: str) -> str:
    """A paragraph's comparison key, exactly as toolkit.align pairs identical paragraphs."""
    return " ".join(_align.tokens(text))


def _sentences_of(key: str) -> list[str]:
    """The sentences of a normalised paragraph; fragments under 20 characters ("u .", "mr .")
    join the next, so that abbreviations do not make sentences that every story shares."""
    out: list[str] = []
    carry = ""
    for piece in _SENTENCE_BREAK.split(key):
        piece = f"{carry} {piece}" if carry else piece
        if len(piece) < 20:
            carry = piece
        else:
            out.append(piece)
            carry = ""
    if carry:
        if out:
            out[-1] = f"{out[-1]} {carry}"
        else:
            out.append(carry)
    return out


def _features(art: Article, num_perm: int) -> _Features:
    """Paragraph and sentence hashes, sizes, MinHash and the compressed body of a cleaned article."""
    import numpy as np

    paras, pwords, sents, slen, spara, words, texts = [], [], [], [], [], [], []
    for p in art.body:
        key = _key(p.text)
        if not key:
            continue
        k = len(texts)
        texts.append(p.text)
        paras.append(_hash64(key.encode("utf-8")))
        ws = _WORD.findall(key)
        pwords.append(len(ws))
        words += ws
        for sent in _sentences_of(key):
            sents.append(zlib.crc32(sent.encode("utf-8")))
            slen.append(min(len(sent), 65_535))
            spara.append(min(k, 65_535))
    blob = zlib.compress(json.dumps(texts, ensure_ascii=False).encode("utf-8"), 1)
    return _Features(
        np.array(paras, dtype=np.uint64), np.array(pwords, dtype=np.uint32), np.array(sents, dtype=np.uint32),
        np.array(slen, dtype=np.uint16), np.array(spara, dtype=np.uint16), blob,
        signature=_signature(_shingle_hashes(words), num_perm),
    )


def _describe(e: BaseException) -> str:
    if isinstance(e, InputError):
        return str(e)
    return f"internal error: {type(e).__name__}: {e}".strip()


def _run_chunk(chunk: list[tuple[int, _Task]], mode: str, cfg: dict[str, Any]) -> list[tuple]:
    """Work on a chunk of tasks in a worker: returns ``(pos, id, features, rows, metrics, error)`` each.

    ``mode`` is ``"features"`` (clean only, for clustering) or ``"analyze"``
    (``pipeline.prepare`` + ``pipeline.annotate``, exactly as ``toolkit.analyze``,
    plus the table rows). Any exception of one article becomes its error
    string; the others go on.
    """
    if mode == "compare":
        return [(pos, _compare_job(job)) for pos, job in chunk]
    from . import clean as _clean
    from .pipeline import annotate, prepare

    out: list[tuple] = []
    for pos, task in chunk:
        aid = _task_id(task)
        try:
            art = _build(task)
            aid = art.id
            if mode == "analyze":
                annotate(prepare(art), codebook=cfg.get("codebook", "generic"))
            elif not art.meta.get("cleaned"):  # what prepare() does first; segmenting is not needed here
                _clean.clean(art)
                art.meta["cleaned"] = True
            f = _features(art, cfg["num_perm"])
            rows = _rows(art) if mode == "analyze" else None
            metrics = _metrics(art) if mode == "analyze" else None
            meta = (art.outlet, art.title, art.source_path or _task_source(task))
            out.append((pos, aid, f, rows, metrics, meta, None))
        except Exception as e:  # noqa: BLE001 - one bad article must not stop a corpus
            out.append((pos, aid, None, None, None, (None, None, _task_source(task)), _describe(e)))
    return out


def _body_article(aid: str, blob: bytes) -> Article:
    texts = json.loads(zlib.decompress(blob))
    return Article(id=aid, paragraphs=[Paragraph(k, t) for k, t in enumerate(texts)], meta={"cleaned": True})


def _compare_job(job: tuple) -> tuple[float, dict[str, int]]:
    """Align one version with its base: (share of its words found in the base, align.summary counts)."""
    _, base_id, base_blob, vid, blob = job
    version = _body_article(vid, blob)
    rows = _align.align(_body_article(base_id, base_blob), version, diff=False)  # counts only
    words = [len(_WORD.findall(_key(p.text))) for p in version.paragraphs]
    found = {k for r in rows if r.op not in ("added", "removed") for k in r.paragraphs}
    share = sum(words[k] for k in found) / (sum(words) or 1)
    return round(min(share, 1.0), 4), _align.summary(rows, vid)


# --------------------------------------------------------------------------- table rows

_SCHEMAS: dict[str, list[tuple[str, str]]] = {
    "articles": [
        ("id", "string"), ("row", "int64"), ("source_path", "string"), ("outlet", "string"),
        ("title", "string"), ("published", "string"), ("updated", "string"), ("date", "string"),
        ("paragraphs", "int64"), ("body_paragraphs", "int64"), ("words", "int64"), ("sentences", "int64"),
        ("quotes", "int64"), ("speakers", "int64"), ("sentiment_article", "float64"),
        ("sentiment_narrative", "float64"), ("sentiment_quoted", "float64"), ("sentiment_label", "string"),
        ("expert_share", "float64"), ("official_share", "float64"), ("main_frame", "string"),
        ("flesch_reading_ease", "float64"), ("flesch_kincaid_grade", "float64"), ("gunning_fog", "float64"),
        ("smog_index", "float64"), ("dale_chall_readability_score", "float64"),
    ],
    "paragraphs": [
        ("id", "string"), ("index", "int64"), ("kind", "string"), ("reason", "string"),
        ("sentences", "int64"), ("words", "int64"), ("text", "string"),
    ],
    "quotes": [
        ("id", "string"), ("quote", "string"), ("kind", "string"), ("speaker", "string"),
        ("mention", "string"), ("cue", "string"), ("paragraph", "int64"), ("words", "int64"),
        ("compound", "float64"), ("label", "string"), ("text", "string"),
    ],
    "speakers": [
        ("id", "string"), ("name", "string"), ("role", "string"), ("group", "string"),
        ("description", "string"), ("quotes", "int64"), ("words", "int64"), ("word_share", "float64"),
    ],
    "frames": [
        ("id", "string"), ("codebook", "string"), ("frame", "string"), ("score", "float64"),
        ("density", "float64"), ("evidence", "int64"), ("main", "bool"),
    ],
    "clusters": [
        ("id", "string"), ("cluster", "int64"), ("base", "bool"), ("size", "int64"),
        ("base_id", "string"), ("outlet", "string"), ("title", "string"), ("words", "int64"),
        ("share", "float64"), ("kept", "int64"), ("edited", "int64"), ("added", "int64"),
        ("removed", "int64"), ("moved", "int64"), ("words_delta", "int64"), ("quotes_delta", "int64"),
        ("speakers_delta", "int64"), ("sentiment_delta", "float64"), ("expert_share_delta", "float64"),
        ("reading_ease_delta", "float64"), ("main_frame", "string"), ("base_main_frame", "string"),
    ],
    "errors": [("id", "string"), ("row", "int64"), ("source", "string"), ("error", "string")],
}


def _get(obj: Any, name: str) -> Any:
    return obj.get(name) if isinstance(obj, dict) else getattr(obj, name, None)


def _num(x: Any) -> float | None:
    return None if x is None else float(x)


def _rows(art: Article) -> dict[str, list[dict[str, Any]]]:
    """The article's rows of every per-article table (flat values only, so CSV can hold them)."""
    sent = art.sentiment or {}
    groups = (art.voice_share or {}).get("by_group") or {}
    by_speaker = (art.voice_share or {}).get("by_speaker") or {}
    read = art.readability or {}
    frames = art.frames or {}

    def compound(part: str) -> float | None:
        agg = sent.get(part)
        return _num(agg.get("compound")) if agg else None

    article = {
        "id": art.id, "row": art.meta.get("row"), "source_path": art.source_path, "outlet": art.outlet,
        "title": art.title, "published": art.published, "updated": art.updated, "date": art.meta.get("date"),
        "paragraphs": len(art.paragraphs), "body_paragraphs": len(art.body), "words": art.word_count,
        "sentences": len(art.sentences), "quotes": len(art.quotes), "speakers": len(art.speakers),
        "sentiment_article": compound("article"), "sentiment_narrative": compound("narrative"),
        "sentiment_quoted": compound("quoted"), "sentiment_label": (sent.get("article") or {}).get("label"),
        "expert_share": _num(groups.get("expert")), "official_share": _num(groups.get("official")),
        "main_frame": frames.get("main"),
        **{k: _num(read.get(k)) for k in ("flesch_reading_ease", "flesch_kincaid_grade", "gunning_fog",
                                          "smog_index", "dale_chall_readability_score")},
    }
    paragraphs = [
        {"id": art.id, "index": p.index, "kind": p.kind, "reason": p.reason, "sentences": len(p.sentences),
         "words": sum(len(s.tokens) for s in p.sentences), "text": p.text}
        for p in art.paragraphs
    ]
    quotes = []
    for q in art.quotes:
        s = _get(q, "sentiment") or {}
        quotes.append({
            "id": art.id, "quote": _get(q, "id"), "kind": _get(q, "kind"), "speaker": _get(q, "speaker"),
            "mention": _get(q, "mention"), "cue": _get(q, "cue"), "paragraph": _get(q, "paragraph"),
            "words": _get(q, "words"), "compound": _num(s.get("compound")), "label": s.get("label"),
            "text": _get(q, "text"),
        })
    speakers = [
        {"id": art.id, "name": _get(s, "name"), "role": _get(s, "role"), "group": _get(s, "group"),
         "description": _get(s, "description"), "quotes": _get(s, "quotes"), "words": _get(s, "words"),
         "word_share": _num(by_speaker.get(_get(s, "name")))}
        for s in art.speakers
    ]
    evidence: dict[str, int] = {}
    for e in frames.get("evidence") or ():
        evidence[e["frame"]] = evidence.get(e["frame"], 0) + 1
    density = frames.get("density") or {}
    frame_rows = [
        {"id": art.id, "codebook": frames.get("codebook"), "frame": f, "score": _num(score),
         "density": _num(density.get(f)), "evidence": evidence.get(f, 0), "main": f == frames.get("main")}
        for f, score in (frames.get("scores") or {}).items()
    ]
    return {"articles": [article], "paragraphs": paragraphs, "quotes": quotes, "speakers": speakers,
            "frames": frame_rows}


def _metrics(art: Article) -> tuple:
    """The few numbers a cluster's versions are compared on (kept in memory for every article)."""
    groups = (art.voice_share or {}).get("by_group") or {}
    agg = (art.sentiment or {}).get("article") or {}
    return (
        art.word_count, len(art.quotes), len(art.speakers), _num(agg.get("compound")),
        _num(groups.get("expert")), _num((art.readability or {}).get("flesch_reading_ease")),
        (art.frames or {}).get("main"),
    )


# =========================================================================== engines


class _Engine:
    """Runs ``_run_chunk`` over chunks of tasks: inline, on a process pool, or on Dask.

    Results come back in input order, whatever the engine, so every engine
    writes identical tables. At most a few chunks per worker are in flight,
    so a stream of any length is never read far ahead.
    """

    def __init__(self, engine: str, workers: int | None, scheduler: Any):
        if engine not in ENGINES:
            raise UsageError(f"engine must be one of {', '.join(ENGINES)}, not {engine!r}")
        if workers is not None and workers < 1:
            raise UsageError("workers must be at least 1")
        self.engine = engine
        self.workers = workers
        self.scheduler = scheduler
        self._pool: Any = None
        self._client: Any = None
        self._cluster: Any = None
        self._owns_client = False
        self._window: int | None = None
        self.used = "this process"

    def __enter__(self) -> _Engine:  # noqa: PYI034 - typing.Self needs Python 3.11
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
        if self._client is not None and self._owns_client:
            self._client.close()
        if self._cluster is not None:
            self._cluster.close()
        self._client = self._cluster = None

    # ------------------------------------------------------------------ startup
    def _start(self) -> None:
        if self._pool is not None or self._client is not None:
            return
        if self.engine == "dask":
            self._start_dask()
        else:
            from concurrent.futures import ProcessPoolExecutor

            # The platform's default start method: fork on Linux works from a script
            # without a __main__ guard; macOS and Windows spawn, which needs one.
            self._pool = ProcessPoolExecutor(self.n_workers)
            self.used = f"local pool of {self.n_workers} processes"

    def _start_dask(self) -> None:
        try:
            from distributed import Client, LocalCluster
        except ImportError:  # pragma: no cover - the corpus extra installs it
            raise UsageError("the dask engine needs dask.distributed: pip install 'storylens[corpus]'") from None
        sched = self.scheduler
        self._owns_client = True
        if sched is None:
            self._cluster = LocalCluster(
                n_workers=self.n_workers, threads_per_worker=1, processes=True, dashboard_address=None,
            )
            self._client = Client(self._cluster)
            where = f"a local Dask cluster of {self.n_workers} workers"
        elif isinstance(sched, Client):
            self._client, self._owns_client = sched, False
            where = f"Dask at {sched.scheduler.address}"
        else:
            addr = getattr(sched, "scheduler_address", sched)  # a LocalCluster object, or an address
            self._client = Client(addr)
            where = f"Dask at {addr}"
        self.used = where

    @property
    def n_workers(self) -> int:
        return self.workers or os.cpu_count() or 1

    @property
    def window(self) -> int:
        """Chunks in flight: enough to keep every worker busy while results are collected."""
        if self._window is None:
            n = self.n_workers
            if self.engine == "dask" and self._client is not None:
                n = max(1, sum(self._client.nthreads().values()))
            self._window = 2 * n + 2
        return self._window

    # ------------------------------------------------------------------ mapping
    def map(self, chunks: Iterator[list], mode: str, cfg: dict[str, Any]) -> Iterator[list[tuple]]:
        chunks = iter(chunks)
        head: list[list] = []
        total = 0
        for c in chunks:
            head.append(c)
            total += len(c)
            if total > _INLINE_MAX:
                break
        else:
            # Small enough to do here and now: no processes to start. A Dask run
            # still goes to Dask, so that the engine the user chose is the one used.
            if self.engine == "local":
                for c in head:
                    yield _run_chunk(c, mode, cfg)
                return
        if self.engine == "local" and self.n_workers == 1:
            for c in _chain(head, chunks):
                yield _run_chunk(c, mode, cfg)
            return
        self._start()
        submit = self._submit_dask if self.engine == "dask" else self._submit_local
        pending: deque = deque()
        for c in _chain(head, chunks):
            pending.append(submit(c, mode, cfg))
            if len(pending) >= self.window:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()

    def _submit_local(self, chunk: list, mode: str, cfg: dict[str, Any]) -> Any:
        return self._pool.submit(_run_chunk, chunk, mode, cfg)

    def _submit_dask(self, chunk: list, mode: str, cfg: dict[str, Any]) -> Any:
        return self._client.submit(_run_chunk, chunk, mode, cfg, pure=False)

    def runner(self, cfg: dict[str, Any]) -> Callable[[Iterable[tuple]], Iterator[tuple]]:
        """A function that runs compare jobs on this engine, results in order."""

        def run(jobs: Iterable[tuple]) -> Iterator[tuple]:
            for results in self.map(_chunked(jobs, _CHUNK["compare"]), "compare", cfg):
                for _, r in results:
                    yield r

        return run


def _chain(head: list, rest: Iterator) -> Iterator:
    yield from head
    yield from rest


def _chunked(tasks: Iterable[_Task], size: int) -> Iterator[list[tuple[int, _Task]]]:
    chunk: list[tuple[int, _Task]] = []
    for pos, t in enumerate(tasks):
        chunk.append((pos, t))
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


class _Progress:
    """A one-line progress report on standard error, redrawn at most a few times a second."""

    def __init__(self, enabled: bool | None, label: str):
        self.enabled = sys.stderr.isatty() if enabled is None else bool(enabled)
        self.label = label
        self.start = time.perf_counter()
        self._last = 0.0

    def update(self, done: int, errors: int = 0, force: bool = False) -> None:
        if not self.enabled:
            return
        now = time.perf_counter()
        if not force and now - self._last < 0.2:
            return
        self._last = now
        el = now - self.start
        rate = done / el if el > 0 else 0.0
        err = f", {errors:,} errors" if errors else ""
        sys.stderr.write(f"\r{self.label}: {done:,} articles{err} · {rate:,.0f}/s · {_clock(el)}   ")
        sys.stderr.flush()

    def note(self, text: str) -> None:
        if self.enabled:
            sys.stderr.write(f"\r{text}".ljust(78) + "\n")
            sys.stderr.flush()

    def close(self, done: int, errors: int = 0) -> None:
        if self.enabled:
            self.update(done, errors, force=True)
            sys.stderr.write("\n")
            sys.stderr.flush()


def _clock(seconds: float) -> str:
    m, s = divmod(int(seconds), 60)
    return f"{m // 60}:{m % 60:02d}:{s:02d}" if m >= 60 else f"{m}:{s:02d}"


# =========================================================================== clustering


class _Bodies:
    """The compressed body texts, spilled to a temporary file once they outgrow 64 MB,
    read back by offset for the pairs that need an alignment."""

    def __init__(self, folder: str | None = None):
        self._fh = tempfile.SpooledTemporaryFile(max_size=64 << 20, dir=folder)  # noqa: SIM115 - see close()
        self._off = array("q")
        self._len = array("l")
        self._end = 0

    def add(self, blob: bytes) -> None:
        self._fh.seek(self._end)
        self._fh.write(blob)
        self._off.append(self._end)
        self._len.append(len(blob))
        self._end += len(blob)

    def blob(self, i: int) -> bytes:
        self._fh.seek(self._off[i])
        return self._fh.read(self._len[i])

    def article(self, i: int, id: str) -> Article:
        return _body_article(id, self.blob(i))

    def close(self) -> None:
        self._fh.close()


_PARTS = ("signature", "paras", "para_words", "sents", "sent_len", "sent_para")


class _Collector:
    """Everything kept per article between reading and clustering: id, outlet, title,
    a MinHash signature, paragraph and sentence hashes (numpy), the body in :class:`_Bodies`."""

    def __init__(self, num_perm: int, folder: str | None = None):
        self.num_perm = num_perm
        self.ids: list[str] = []
        self.outlets: list[str | None] = []
        self.titles: list[str | None] = []
        self.metrics: list[tuple] = []
        self.bodies = _Bodies(folder)
        # article i's paragraphs are paras[p_off[i]:p_off[i + 1]]; its sentences sents[s_off[i]:s_off[i + 1]]
        self.p_off = array("q", [0])
        self.s_off = array("q", [0])
        self._seen: dict[str, int] = {}
        self._parts: dict[str, list] = {k: [] for k in _PARTS}
        self._merged: dict[str, list] = {k: [] for k in _PARTS}

    def unique(self, aid: str) -> str:
        """The id, or id-2, id-3 ... when it is taken (two folders' "story.txt")."""
        if aid not in self._seen:
            self._seen[aid] = 1
            return aid
        n = max(self._seen[aid], 2)
        while f"{aid}-{n}" in self._seen:
            n += 1
        self._seen[aid] = n + 1
        self._seen[f"{aid}-{n}"] = 1
        return f"{aid}-{n}"

    def add(self, aid: str, f: _Features, meta: tuple, metrics: tuple | None = None) -> None:
        self.ids.append(aid)
        self.outlets.append(meta[0])
        self.titles.append(meta[1])
        if metrics is not None:
            self.metrics.append(metrics)
        self.p_off.append(self.p_off[-1] + len(f.paras))
        self.s_off.append(self.s_off[-1] + len(f.sents))
        for k in _PARTS:
            self._parts[k].append(getattr(f, k))
        self.bodies.add(f.blob)
        if len(self._parts["paras"]) >= 2048:
            self._merge()

    def _merge(self) -> None:
        # Thousands of tiny arrays cost more in object headers than in data.
        import numpy as np

        if self._parts["paras"]:
            self._merged["signature"].append(np.vstack(self._parts["signature"]))
            for k in _PARTS[1:]:
                self._merged[k].append(np.concatenate(self._parts[k]))
        self._parts = {k: [] for k in _PARTS}

    def finish(self) -> None:
        import numpy as np

        self._merge()
        m = self._merged
        n = len(self.ids)
        self.sig = np.vstack(m["signature"]) if m["signature"] else np.empty((0, self.num_perm), np.uint32)
        for k in _PARTS[1:]:
            setattr(self, k, np.concatenate(m[k]) if m[k] else np.empty(0, np.uint64 if k == "paras" else np.uint32))
        owner = np.repeat(np.arange(n), np.diff(np.asarray(self.p_off, dtype=np.int64)))
        self.words = np.bincount(owner, weights=self.para_words, minlength=n).astype(np.int64)
        self._merged = {k: [] for k in _PARTS}

    def __len__(self) -> int:
        return len(self.ids)


@dataclass(slots=True)
class _Pair:
    """The verification of one pair: one story or not, and how much of the shorter one the longer holds."""

    ok: bool
    share: float
    large: int
    counts: dict[str, int] | None = None  # align.summary of the shorter against the longer, when aligned


class _Clusterer:
    """Candidates by MinHash LSH, verification by sentences, union-find, a check against each base."""

    def __init__(self, col: _Collector, *, threshold: float, num_perm: int, containment: float,
                 compare: bool = True, runner: Callable[[list[tuple]], Iterable[tuple]] | None = None):
        _check(threshold, num_perm, containment)
        self.col = col
        self.threshold = threshold
        self.num_perm = num_perm
        self.containment = containment
        self.compare = compare
        self.runner = runner or (lambda jobs: (_compare_job(j) for j in jobs))
        self._pairs: dict[tuple[int, int], _Pair] = {}
        self._cache: dict[int, tuple[list[int], list[int], list[int]]] = {}
        self.stats: dict[str, Any] = {"aligned": 0}

    # ------------------------------------------------------------------ per pair
    def _sentences(self, i: int) -> tuple[list[int], list[int], list[int]]:
        got = self._cache.get(i)
        if got is None:
            c = self.col
            a, b = c.s_off[i], c.s_off[i + 1]
            got = (c.sents[a:b].tolist(), c.sent_len[a:b].tolist(), c.sent_para[a:b].tolist())
            if len(self._cache) > 2_000:  # pairs come sorted by their first article: a small cache hits
                self._cache.clear()
            self._cache[i] = got
        return got

    def _large_small(self, i: int, j: int) -> tuple[int, int]:
        wi, wj = self.col.words[i], self.col.words[j]
        return (i, j) if wi > wj or (wi == wj and i < j) else (j, i)

    def _found(self, small: int, large: int) -> tuple[float, int, int]:
        """Share of small's text in sentences found in large; its paragraphs mostly found; its paragraphs."""
        hs, ws, ps = self._sentences(small)
        hl = set(self._sentences(large)[0])
        n_paras = self.col.p_off[small + 1] - self.col.p_off[small]
        got = [0] * n_paras
        tot = [0] * n_paras
        for h, w, p in zip(hs, ws, ps):
            tot[p] += w
            if h in hl:
                got[p] += w
        n = sum(1 for g, t in zip(got, tot) if g and 2 * g >= t)
        return sum(got) / (sum(tot) or 1), n, n_paras

    def verify(self, i: int, j: int, *, defer: list | None = None) -> _Pair | None:
        """Are i and j versions of one story? With ``defer``, a pair that needs an
        alignment is appended to it (large, small) and None returned, so that the
        alignments can run in parallel (:meth:`_settle`)."""
        key = (i, j) if i < j else (j, i)
        got = self._pairs.get(key)
        if got is not None:
            return got
        large, small = self._large_small(i, j)
        share, n, n_paras = self._found(small, large)
        if share >= self.containment and n >= 2:
            pair = _Pair(True, round(min(share, 1.0), 4), large)
        elif n_paras >= 2 and self.containment / 2 <= share < 1.0 and self._worth_aligning(large, small):
            if defer is not None:
                defer.append((large, small))
                return None
            pair = self._settle([(large, small)], lambda jobs: map(_compare_job, jobs))[0]
        else:
            pair = _Pair(False, round(min(share, 1.0), 4), large)
        self._pairs[key] = pair
        return pair

    def _settle(self, todo: list[tuple[int, int]], runner: Callable | None = None) -> list[_Pair]:
        """Decide pairs by aligning them (the shorter against the longer)."""
        ids, bodies = self.col.ids, self.col.bodies
        jobs = (("compare", ids[lg], bodies.blob(lg), ids[sm], bodies.blob(sm)) for lg, sm in todo)
        out = []
        for (lg, sm), (share, counts) in zip(todo, (runner or self.runner)(jobs)):
            found = counts["kept"] + counts["edited"] + counts["moved"]
            pair = _Pair(share >= self.containment and found >= 2, share, lg, counts)
            self._pairs[(lg, sm) if lg < sm else (sm, lg)] = pair
            out.append(pair)
        self.stats["aligned"] += len(todo)
        return out

    def _worth_aligning(self, large: int, small: int) -> bool:
        """Do the signatures say the shorter version is mostly in the longer one, though its sentences are not?

        That happens when many sentences were copy-edited; the alignment finds
        them (milliseconds), so it runs only when at least half of
        ``containment`` was found sentence by sentence and the signatures
        estimate that the shingles are mostly shared, never for the many pairs
        of different stories that share a paragraph or two.
        """
        sig = self.col.sig
        j = float((sig[large] == sig[small]).mean())
        s_l = max(int(self.col.words[large]) - SHINGLE + 1, 1)
        s_s = max(int(self.col.words[small]) - SHINGLE + 1, 1)
        contained = j * (s_l + s_s) / (1 + j) / s_s
        return contained >= self.containment

    # ------------------------------------------------------------------ the whole corpus
    def band_layout(self) -> tuple[int, int]:
        """Bands and rows per band: datasketch's MinHashLSH choice for this threshold and num_perm."""
        from datasketch import MinHashLSH

        lsh = MinHashLSH(threshold=self.threshold, num_perm=self.num_perm)
        return lsh.b, lsh.r

    def candidates(self):
        """Candidate pairs (i < j), as a sorted int64 array of ``i * n + j``.

        The banding is MinHashLSH's (datasketch chooses the bands for the
        threshold; two articles are candidates when all rows of some band are
        equal), computed with numpy sorts instead of datasketch's in-memory
        index: its one Python set per bucket per band costs ~8 KB an article,
        which at 100,000 articles is most of a gigabyte. A test checks that both
        give the same pairs. Identical signatures (copies that differ only in
        page chrome) are grouped first, and one of each group is banded.
        """
        import numpy as np

        sig = self.col.sig
        n = len(self.col)
        valid = np.flatnonzero(self.col.words > 0)
        out = []
        reps = valid
        if len(valid):
            _, first, inverse = _unique_rows(sig[valid])
            rep_of = valid[first][inverse]  # the first article with the same signature
            reps = np.sort(valid[first])
            dup = rep_of != valid
            out.append(rep_of[dup] * n + valid[dup])
        b, r = self.band_layout()
        big = 0
        for k in range(b):
            if len(reps) < 2:
                break
            _, _, label = _unique_rows(sig[reps, k * r:(k + 1) * r])
            order = np.argsort(label, kind="stable")  # members of a bucket stay in reading order
            lab = label[order]
            starts = np.flatnonzero(np.r_[True, lab[1:] != lab[:-1]])
            sizes = np.diff(np.r_[starts, len(lab)])
            two = starts[sizes == 2]  # most buckets that hold anything hold a pair
            if len(two):
                out.append(reps[order[two]] * n + reps[order[two + 1]])
            for st, sz in zip(starts[sizes > 2].tolist(), sizes[sizes > 2].tolist()):
                m = reps[order[st:st + sz]]
                if sz > MAX_BUCKET:
                    big += 1
                    anchors = m[:3]
                    out.append((anchors[:, None] * n + m[None, :])[anchors[:, None] < m[None, :]])
                else:
                    i, j = np.triu_indices(sz, 1)
                    out.append(m[i] * n + m[j])
        pairs = np.unique(np.concatenate(out)) if out else np.empty(0, np.int64)
        self.stats.update(articles=n, indexed=len(reps), bands=b, rows_per_band=r, candidates=len(pairs),
                          big_buckets=big)
        return pairs

    def groups(self) -> list[list[int]]:
        """The clusters, as lists of article positions (every article in exactly one)."""
        n = len(self.col)
        parent = list(range(n))

        def find(x: int) -> int:
            while parent[x] != x:
                parent[x] = parent[parent[x]]
                x = parent[x]
            return x

        t = time.perf_counter()
        codes = self.candidates()
        cands = list(zip((codes // n).tolist(), (codes % n).tolist()))
        del codes
        self.stats["lsh_seconds"] = round(time.perf_counter() - t, 3)
        t = time.perf_counter()
        todo: list[tuple[int, int]] = []
        for i, j in cands:
            self.verify(i, j, defer=todo)
        self._settle(todo)
        adj: dict[int, list[int]] = {}
        for i, j in cands:
            if self._pairs[(i, j)].ok:
                adj.setdefault(i, []).append(j)
                adj.setdefault(j, []).append(i)
                ri, rj = find(i), find(j)
                if ri != rj:
                    parent[max(ri, rj)] = min(ri, rj)
        self.stats["edges"] = sum(len(v) for v in adj.values()) // 2
        comps: dict[int, list[int]] = {}
        for i in range(n):
            comps.setdefault(find(i), []).append(i)
        out: list[list[int]] = []
        split = 0
        for comp in comps.values():
            parts = self._around_bases(comp, adj)
            split += len(parts) - 1
            out.extend(parts)
        self.stats["split_from_chains"] = split
        self.stats["verify_seconds"] = round(time.perf_counter() - t, 3)
        return out

    def base_of(self, members: list[int]) -> int:
        """The most complete version: most body words, then the one read first."""
        w = self.col.words
        return max(members, key=lambda k: (int(w[k]), -k))

    def _around_bases(self, comp: list[int], adj: dict[int, list[int]]) -> list[list[int]]:
        """Split a connected group into clusters whose every member matches the base itself."""
        if len(comp) <= 2:
            return [comp]
        out = []
        todo = [comp]
        while todo:
            group = todo.pop()
            if len(group) <= 2:
                out.append(sorted(group))
                continue
            base = self.base_of(group)
            keep = [base]
            rest = []
            for m in group:
                if m != base:
                    (keep if self.verify(base, m).ok else rest).append(m)
            out.append(sorted(keep))
            if rest:
                todo.extend(_components(rest, adj))
        return out

    # ------------------------------------------------------------------ versions against their base
    def _copy_counts(self, b: int, k: int) -> dict[str, int] | None:
        """align.summary(align(base, k)) without aligning, when k is the base with paragraphs cut.

        If every paragraph of k is a paragraph of the base, in the base's order,
        and no base paragraph repeats, the alignment pairs them all by their
        exact text, in place, and the rest of the base is removed: that is all
        it can say. Most syndicated copies are like this; the others are aligned.
        """
        c = self.col
        bp = c.paras[c.p_off[b]:c.p_off[b + 1]].tolist()
        kp = c.paras[c.p_off[k]:c.p_off[k + 1]].tolist()
        where = {h: i for i, h in enumerate(bp)}
        if len(where) != len(bp):
            return None
        last = -1
        for h in kp:
            i = where.get(h, -1)
            if i <= last:
                return None
            last = i
        return {"kept": len(kp), "edited": 0, "added": 0, "removed": len(bp) - len(kp), "moved": 0}

    def _exact_share(self, k: int, b: int) -> float:
        return round(self._found(k, b)[0], 4)

    def frame(self) -> pandas.DataFrame:
        """One row per article: its cluster, whether it is the base, and what it changed against it."""
        import pandas as pd

        col = self.col
        groups = self.groups()
        for g in groups:
            b = self.base_of(g)
            g.sort(key=lambda k: (k != b, k))
        groups.sort(key=lambda g: (-len(g), min(g)))
        t = time.perf_counter()
        n = len(col)
        cluster = [0] * n
        base_id: list[str] = [""] * n
        is_base = [False] * n
        size = [1] * n
        share: list[float | None] = [None] * n
        counts: list[dict[str, int] | None] = [None] * n
        targets: list[tuple[int, int]] = []
        for c, g in enumerate(groups):
            b = g[0]
            for k in g:
                cluster[k], base_id[k], size[k], is_base[k] = c, col.ids[b], len(g), k == b
            share[b] = 1.0
            counts[b] = {"kept": col.p_off[b + 1] - col.p_off[b], "edited": 0, "added": 0, "removed": 0,
                         "moved": 0}
            for rank, k in enumerate(g[1:], 1):
                if not self.compare or rank > MAX_COMPARE:
                    share[k] = self._exact_share(k, b)
                    continue
                p = self.verify(b, k)
                if p.counts is not None and p.large == b:
                    share[k], counts[k] = p.share, p.counts
                    continue
                quick = self._copy_counts(b, k)
                if quick is not None:
                    share[k], counts[k] = 1.0, quick
                    continue
                targets.append((b, k))
        # The texts are read back only as the workers ask for them.
        jobs = (("compare", col.ids[b], col.bodies.blob(b), col.ids[k], col.bodies.blob(k)) for b, k in targets)
        for (_, k), (sh, cn) in zip(targets, self.runner(jobs)):
            share[k], counts[k] = sh, cn
        self.stats["compared_by_alignment"] = len(targets)
        self.stats["compare_seconds"] = round(time.perf_counter() - t, 3)
        df = pd.DataFrame({
            "id": pd.array(col.ids, dtype="string"), "cluster": cluster, "base": is_base, "size": size,
            "base_id": pd.array(base_id, dtype="string"), "outlet": pd.array(col.outlets, dtype="string"),
            "title": pd.array(col.titles, dtype="string"), "words": col.words,
            "share": pd.array(share, dtype="Float64"),
            **{op: pd.array([None if c is None else c[op] for c in counts], dtype="Int64")
               for op in ("kept", "edited", "added", "removed", "moved")},
        })
        order = sorted(range(n), key=lambda k: (cluster[k], not is_base[k], k))
        df = df.iloc[order].reset_index(drop=True)
        df.attrs["stats"] = dict(self.stats)
        return df


def _check(threshold: float, num_perm: int, containment: float) -> None:
    """Refuse bad parameters before the corpus is read, not after."""
    if not 0.0 < threshold <= 1.0:
        raise UsageError("threshold must be between 0 and 1")
    if not 0.0 < containment <= 1.0:
        raise UsageError("containment must be between 0 and 1")
    if not isinstance(num_perm, int) or num_perm < 8:
        raise UsageError("num_perm must be a whole number of at least 8")


def _unique_rows(a):
    """np.unique over the rows of a 2-D uint32 array: (values, first index, inverse)."""
    import numpy as np

    rows = np.ascontiguousarray(a).view(np.dtype((np.void, a.dtype.itemsize * a.shape[1]))).ravel()
    values, first, inverse = np.unique(rows, return_index=True, return_inverse=True)
    return values, first, inverse.ravel()


def _components(nodes: list[int], adj: dict[int, list[int]]) -> list[list[int]]:
    """Connected components of the verified-pair graph restricted to ``nodes``."""
    inside = set(nodes)
    seen: set[int] = set()
    out = []
    for s in nodes:
        if s in seen:
            continue
        seen.add(s)
        comp, stack = [], [s]
        while stack:
            x = stack.pop()
            comp.append(x)
            for y in adj.get(x, ()):
                if y in inside and y not in seen:
                    seen.add(y)
                    stack.append(y)
        out.append(comp)
    return out


# =========================================================================== reading a corpus


def _read(source: Any, *, mode: str, engine: _Engine, cfg: dict[str, Any], col: _Collector,
          text_column: str | None, id_column: str | None, progress: _Progress,
          on_rows: Callable[[dict[str, list[dict[str, Any]]]], None] | None = None,
          on_error: Callable[[int, str, str | None, str], None] | None = None) -> tuple[int, int]:
    """Stream the source through the engine into the collector; returns (articles, errors)."""
    tasks = _tasks(source, text_column=text_column, id_column=id_column)
    done = errors = 0
    for results in engine.map(_chunked(tasks, _CHUNK[mode]), mode, cfg):
        for pos, aid, f, rows, metrics, meta, err in results:
            if err is not None:
                errors += 1
                if on_error is not None:
                    on_error(pos, aid, meta[2], err)
                continue
            uid = col.unique(aid)
            if rows is not None:
                if uid != aid:
                    for table in rows.values():
                        for r in table:
                            r["id"] = uid
                rows["articles"][0]["row"] = pos
                on_rows(rows)
            col.add(uid, f, meta, metrics)
            done += 1
        progress.update(done, errors)
    progress.close(done, errors)
    col.finish()
    return done, errors


def clusters(
    source_or_articles: Any,
    *,
    threshold: float = THRESHOLD,
    num_perm: int = NUM_PERM,
    containment: float = CONTAINMENT,
    text_column: str | None = None,
    id_column: str | None = None,
    compare: bool = True,
    engine: str = "local",
    workers: int | None = None,
    scheduler: Any = None,
    progress: bool | None = False,
) -> pandas.DataFrame:
    """Find the versions of each story in a corpus (syndication clusters).

    Args:
        source_or_articles: Anything :func:`iter_articles` reads: a folder, a
            glob, a table, a DataFrame, or a list of Articles, paths or texts.
        threshold: MinHash LSH Jaccard threshold for proposing a pair (low on
            purpose: proposals are verified).
        num_perm: MinHash permutations.
        containment: Least share of the shorter version's body text found in
            the longer one (and at least two of its paragraphs mostly found).
        text_column, id_column: For tables, as in :func:`iter_articles`.
        compare: Align every version with its base (``kept`` ... ``moved``);
            False leaves those columns empty and is faster.
        engine, workers, scheduler: Where the pages are cleaned and hashed
            (see :func:`analyze_corpus`); a small corpus is done in this process.
        progress: Show a progress line on standard error (None: when it is a terminal).

    Returns:
        One row per readable article, grouped by cluster (largest first, the
        base first in each): ``id``, ``cluster`` (0, 1, ...; a single version is
        a cluster of its own), ``base`` (the most complete version: most body
        words, then the one read first), ``size``, ``base_id``, ``outlet``,
        ``title``, ``words`` (body words, page chrome left out), ``share`` (of
        this version's words in paragraphs found in the base, by
        :func:`toolkit.align.align`; with ``compare=False``, of its text in
        sentences found identical in the base) and the alignment counts against
        the base: ``kept``, ``edited``, ``added``, ``removed``, ``moved``
        paragraphs (empty with ``compare=False`` and beyond the
        :data:`MAX_COMPARE` first versions of a cluster). ``df.attrs["stats"]``
        says how much work each step did.
        Unreadable articles are listed in ``df.attrs["errors"]``.

    Examples:
        >>> df = clusters(example_corpus())
        >>> ap = df[df["id"] == "15231"].iloc[0]          # The Associated Press, on nytimes.com
        >>> sorted(df[df["cluster"] == ap["cluster"]]["outlet"])  # doctest: +NORMALIZE_WHITESPACE
        ['charlotteobserver.com', 'chicagotribune.com', 'miamiherald.com', 'nytimes.com',
         'sandiegouniontribune.com', 'startribune.com']
        >>> other_ap = df[df["id"] == "7885"].iloc[0]      # another AP story of the same day
        >>> bool(other_ap["cluster"] != ap["cluster"])
        True
    """
    _check(threshold, num_perm, containment)
    col = _Collector(num_perm)
    errs: list[dict[str, Any]] = []
    try:
        cfg = {"num_perm": num_perm}
        with _Engine(engine, workers, scheduler) as eng:
            _read(
                source_or_articles, mode="features", engine=eng, cfg=cfg, col=col,
                text_column=text_column, id_column=id_column, progress=_Progress(progress, "hashing"),
                on_error=lambda pos, aid, src, err: errs.append({"id": aid, "row": pos, "source": src, "error": err}),
            )
            df = _Clusterer(col, threshold=threshold, num_perm=num_perm, containment=containment,
                            compare=compare, runner=eng.runner(cfg)).frame()
    finally:
        col.bodies.close()
    if errs:
        import warnings

        warnings.warn(f"{len(errs)} article(s) could not be read; see df.attrs['errors']", stacklevel=2)
    df.attrs["errors"] = errs
    return df


# =========================================================================== writing tables


def _arrow_schema(name: str):
    import pyarrow as pa

    types = {"string": pa.string(), "int64": pa.int64(), "float64": pa.float64(), "bool": pa.bool_()}
    return pa.schema([(c, types[t]) for c, t in _SCHEMAS[name]])


class _Sink:
    """One output table, written in row groups as rows arrive (nothing kept but a small buffer)."""

    def __init__(self, folder: Path, name: str, fmt: str, flush_rows: int = 20_000):
        self.name = name
        self.schema = _arrow_schema(name)
        self.path = folder / f"{name}.{fmt}"
        self.fmt = fmt
        self.rows = 0
        self._buf: list[dict[str, Any]] = []
        self._flush_rows = flush_rows
        if fmt == "parquet":
            import pyarrow.parquet as pq

            self._writer = pq.ParquetWriter(self.path, self.schema, compression="zstd")
        else:
            import pyarrow.csv as pcsv

            self._writer = pcsv.CSVWriter(self.path, self.schema)

    def extend(self, rows: list[dict[str, Any]]) -> None:
        self._buf.extend(rows)
        if len(self._buf) >= self._flush_rows:
            self.flush()

    def write_frame(self, df: Any) -> None:
        import pyarrow as pa

        self.flush()
        table = pa.Table.from_pandas(df[[f.name for f in self.schema]], schema=self.schema, preserve_index=False)
        self._writer.write_table(table)
        self.rows += len(df)

    def flush(self) -> None:
        import pyarrow as pa

        if self._buf:
            self._writer.write_table(pa.Table.from_pylist(self._buf, schema=self.schema))
            self.rows += len(self._buf)
            self._buf = []

    def close(self) -> None:
        self.flush()
        self._writer.close()
        with open(self.path, "rb") as fh:  # whole on disk before the folder is renamed into place
            os.fsync(fh.fileno())

    def abort(self) -> None:
        with contextlib.suppress(Exception):  # the folder is being thrown away anyway
            self._writer.close()


@dataclass
class CorpusResult:
    """What :func:`analyze_corpus` did: counts, timings, and where the tables are.

    ``clusters`` counts the stories found in two or more versions; ``singletons``
    the articles that are the only version of their story; ``throughput`` is
    articles read (analysed or failed) per second of the whole run.
    """

    out: Path
    articles: int
    errors: int
    clusters: int
    singletons: int
    largest: int
    seconds: float
    throughput: float
    engine: str
    tables: dict[str, Path] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)
    clustering: dict[str, Any] = field(default_factory=dict)

    def summary(self) -> str:
        """The run in one line, as the command prints it."""
        err = f" ({self.errors:,} could not be read; see errors)" if self.errors else ""
        return (
            f"{self.articles:,} articles analysed{err}; {self.clusters:,} stories in 2+ versions "
            f"(largest: {self.largest:,} versions), {self.singletons:,} single versions; "
            f"{self.seconds:,.1f} s, {self.throughput:,.1f} articles/s on {self.engine}"
        )

    def table(self, name: str) -> pandas.DataFrame:
        """Read one of the written tables back (``articles``, ``clusters``, ...)."""
        import pandas as pd

        if name not in self.tables:
            raise UsageError(f"no table {name!r}; the tables are {', '.join(self.tables)}")
        path = self.tables[name]
        return pd.read_parquet(path) if path.suffix == ".parquet" else pd.read_csv(path)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["out"] = str(self.out)
        d["tables"] = {k: str(v) for k, v in self.tables.items()}
        return d

    def __str__(self) -> str:
        return self.summary()


def _prepare_out(out: Path) -> None:
    if out.exists():
        if not out.is_dir():
            raise UsageError(f"{out} is a file; --out names a folder for the tables")
        if any(out.iterdir()) and not (out / _MANIFEST).exists():
            raise UsageError(f"{out} is a folder with other files in it; choose a new or empty folder")
    out.parent.mkdir(parents=True, exist_ok=True)


def _publish(tmp: Path, out: Path) -> None:
    """Put the finished folder in place: readers see the old tables or the new ones, never a mix."""
    if out.exists():
        old = out.with_name(f".{out.name}.old-{os.getpid()}")
        os.replace(out, old)
        os.replace(tmp, out)
        shutil.rmtree(old, ignore_errors=True)
    else:
        os.replace(tmp, out)


def analyze_corpus(
    source: Any,
    *,
    out: str | os.PathLike[str],
    engine: str = "local",
    workers: int | None = None,
    scheduler: Any = None,
    codebook: str | os.PathLike[str] = "generic",
    format: str = "parquet",
    progress: bool | None = None,
    text_column: str | None = None,
    id_column: str | None = None,
    threshold: float = THRESHOLD,
    num_perm: int = NUM_PERM,
    containment: float = CONTAINMENT,
) -> CorpusResult:
    """Analyse every article of a corpus, cluster the versions, and write the tables.

    Each article goes through ``pipeline.prepare`` and ``pipeline.annotate``,
    exactly as :func:`toolkit.analyze` would; an article that fails (an
    :class:`~toolkit.errors.InputError` or any other exception) becomes a row
    of the ``errors`` table and the run goes on. Only small per-article rows
    and the clustering features are kept while the corpus streams through.

    Args:
        source: A folder, glob, table or DataFrame (see :func:`iter_articles`).
        out: The folder to write. It is built next to its final place and
            renamed into it when complete, so it never holds partial tables; an
            existing output folder of this command is replaced.
        engine: ``"local"`` (a process pool over the cores) or ``"dask"``
            (a ``dask.distributed`` cluster). Both write identical tables.
        workers: Processes (local) or workers of the LocalCluster started when
            no scheduler is given (dask). Default: the number of cores.
        scheduler: For ``engine="dask"``: a scheduler address, a
            ``distributed.Client`` or a ``LocalCluster``; None starts a LocalCluster.
            The workers of a remote cluster need this version of storylens installed.
        codebook: Framing codebook (``generic``, ``policy`` or a path every worker can read).
        format: ``"parquet"`` or ``"csv"`` (for spreadsheets).
        progress: Progress line on standard error; None shows it on a terminal.
        text_column, id_column: For tables, as in :func:`iter_articles`.
        threshold, num_perm, containment: Clustering parameters (see :func:`clusters`).

    Returns:
        A :class:`CorpusResult`; ``result.table("clusters")`` reads a table back.

    Examples:
        >>> import tempfile, pathlib
        >>> out = pathlib.Path(tempfile.mkdtemp()) / "spotify"
        >>> res = analyze_corpus(example_corpus(), out=out, progress=False)
        >>> res.articles, res.errors, sorted(p.name for p in out.iterdir())[:3]
        (36, 0, ['articles.parquet', 'clusters.parquet', 'errors.parquet'])
        >>> res.table("clusters").query("size > 1")["cluster"].nunique() >= 3
        True
    """
    if format not in FORMATS:
        raise UsageError(f"format must be one of {', '.join(FORMATS)}, not {format!r}")
    if engine not in ENGINES:
        raise UsageError(f"engine must be one of {', '.join(ENGINES)}, not {engine!r}")
    if scheduler is not None and engine != "dask":
        raise UsageError("a scheduler address needs engine='dask' (--engine dask)")
    _check(threshold, num_perm, containment)
    try:
        import pyarrow  # noqa: F401
    except ImportError:  # pragma: no cover
        raise UsageError("writing corpus tables needs pyarrow: pip install 'storylens[corpus]'") from None
    out = Path(out)
    _prepare_out(out)
    start = time.perf_counter()
    timings: dict[str, float] = {}
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent))
    col = None
    sinks: dict[str, _Sink] = {}
    try:
        for name in TABLES:
            sinks[name] = _Sink(tmp, name, format)
        col = _Collector(num_perm, folder=str(tmp))

        def on_rows(rows: dict[str, list[dict[str, Any]]]) -> None:
            for name, rs in rows.items():
                if rs:
                    sinks[name].extend(rs)

        def on_error(pos: int, aid: str, src: str | None, err: str) -> None:
            sinks["errors"].extend([{"id": aid, "row": pos, "source": src, "error": err}])

        bar = _Progress(progress, "analysing")
        cfg = {"num_perm": num_perm, "codebook": str(codebook)}
        with _Engine(engine, workers, scheduler) as eng:
            n_ok, n_err = _read(source, mode="analyze", engine=eng, cfg=cfg, col=col,
                                text_column=text_column, id_column=id_column, progress=bar,
                                on_rows=on_rows, on_error=on_error)
            timings["analyse"] = round(time.perf_counter() - start, 3)
            bar.note("clustering versions ...")
            t = time.perf_counter()
            clu = _Clusterer(col, threshold=threshold, num_perm=num_perm, containment=containment,
                             runner=eng.runner(cfg))
            df = clu.frame()
            timings["cluster"] = round(time.perf_counter() - t, 3)
            used = eng.used
        _add_deltas(df, col)
        sinks["clusters"].write_frame(df)
        for s in sinks.values():
            s.close()
        col.bodies.close()
        sizes = df.drop_duplicates("cluster")["size"] if len(df) else df["size"]
        seconds = time.perf_counter() - start
        result = CorpusResult(
            out=out, articles=n_ok, errors=n_err, clusters=int((sizes > 1).sum()),
            singletons=int((sizes == 1).sum()), largest=int(sizes.max()) if len(sizes) else 0,
            seconds=round(seconds, 3), throughput=round((n_ok + n_err) / seconds, 2) if seconds else 0.0,
            engine=used, tables={name: out / s.path.name for name, s in sinks.items()},
            timings=timings, clustering=dict(clu.stats),
        )
        manifest = {
            "schema_version": SCHEMA_VERSION,
            "generator": "storylens corpus",
            "source": str(source) if isinstance(source, (str, os.PathLike)) else type(source).__name__,
            "format": format,
            "codebook": str(codebook),
            "parameters": {"threshold": threshold, "num_perm": num_perm, "containment": containment,
                           "shingle": SHINGLE, "seed": SEED},
            "tables": {name: {"file": s.path.name, "rows": s.rows} for name, s in sinks.items()},
            "summary": {k: v for k, v in result.to_dict().items() if k not in ("out", "tables")},
        }
        from .output import write_text

        write_text(tmp / _MANIFEST, json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
        _publish(tmp, out)
        return result
    except BaseException:
        for sink in sinks.values():
            sink.abort()
        if col is not None:
            col.bodies.close()
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def _add_deltas(df: Any, col: _Collector) -> None:
    """Each version's change against its base in the per-article scores (None where unknown)."""
    pos = {aid: k for k, aid in enumerate(col.ids)}
    m = col.metrics
    me = [pos[a] for a in df["id"]]
    bs = [pos[b] for b in df["base_id"]]

    def delta(i: int, rnd: int | None = None) -> list:
        out = []
        for k, b in zip(me, bs):
            x, y = m[k][i], m[b][i]
            out.append(None if x is None or y is None else (round(x - y, 4) if rnd else x - y))
        return out

    import pandas as pd

    df["words_delta"] = pd.array([int(col.words[k] - col.words[b]) for k, b in zip(me, bs)], dtype="Int64")
    df["quotes_delta"] = pd.array(delta(1), dtype="Int64")
    df["speakers_delta"] = pd.array(delta(2), dtype="Int64")
    df["sentiment_delta"] = pd.array(delta(3, 4), dtype="Float64")
    df["expert_share_delta"] = pd.array(delta(4, 4), dtype="Float64")
    df["reading_ease_delta"] = pd.array(delta(5, 4), dtype="Float64")
    df["main_frame"] = pd.array([m[k][6] for k in me], dtype="string")
    df["base_main_frame"] = pd.array([m[b][6] for b in bs], dtype="string")


# =========================================================================== command line


def add_corpus_parser(sub: Any) -> argparse.ArgumentParser:
    """Add ``storylens corpus`` to the command's subparsers; returns the new parser."""
    c = sub.add_parser(
        "corpus",
        help="analyse a whole corpus and find the versions of each story; writes tables to a folder",
        description="Analyse every article of a corpus (a folder, a glob, or a CSV/TSV/JSONL/Parquet table), "
                    "group the syndicated versions of each story, and write the tables articles, paragraphs, "
                    "quotes, speakers, frames, clusters and errors to a folder.",
    )
    c.add_argument("input", metavar="INPUT", help="a folder, a quoted glob like 'pages/*.txt', or a table")
    c.add_argument("--out", required=True, metavar="DIR", help="the folder to write (replaced if it is an earlier output)")
    c.add_argument("--engine", choices=ENGINES, default="local",
                   help="local: a process pool on this machine (default); dask: a Dask cluster")
    c.add_argument("--workers", type=int, metavar="N", help="worker processes (default: one per core)")
    c.add_argument("--scheduler", metavar="ADDRESS",
                   help="with --engine dask: a running scheduler (default: start a local cluster)")
    c.add_argument("--codebook", default="generic", help="framing codebook: generic, policy, or a .toml path")
    c.add_argument("--format", choices=FORMATS, default="parquet", help="parquet (default) or csv for spreadsheets")
    c.add_argument("--text-column", help="the text column of a table")
    c.add_argument("--id-column", help="the id column of a table")
    c.add_argument("--containment", type=float, default=CONTAINMENT, metavar="SHARE",
                   help=f"share of the shorter version found in the longer for one story (default {CONTAINMENT})")
    c.add_argument("--threshold", type=float, default=THRESHOLD, metavar="J",
                   help=f"MinHash LSH Jaccard threshold for candidate pairs (default {THRESHOLD})")
    c.add_argument("--no-progress", action="store_true", help="no progress line, even on a terminal")
    return c


def run_corpus(args: argparse.Namespace) -> int:
    """Run ``storylens corpus`` from parsed arguments; prints the summary; returns the exit code."""
    if args.scheduler and args.engine != "dask":
        raise UsageError("--scheduler needs --engine dask")
    res = analyze_corpus(
        args.input, out=args.out, engine=args.engine, workers=args.workers, scheduler=args.scheduler,
        codebook=args.codebook, format=args.format, progress=False if args.no_progress else None,
        text_column=args.text_column, id_column=args.id_column, threshold=args.threshold,
        containment=args.containment,
    )
    print(res.summary())
    print(f"wrote {', '.join(p.name for p in res.tables.values())} and {_MANIFEST} to {res.out}")
    return 0
