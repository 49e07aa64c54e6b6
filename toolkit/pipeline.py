"""The one-way analysis pipeline: load → clean → segment → annotate.

Examples:
    >>> from toolkit import analyze
    >>> art = analyze("Officials met on Tuesday. The talks went well.", id="t")
    >>> [p.kind for p in art.paragraphs], art.readability["sentences"]
    (['body'], 2)
"""
from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from . import clean as _clean
from . import readability, text
from .article import Article
from .load import load, load_text


def prepare(article: Article, *, siblings: Sequence[Article] = ()) -> Article:
    """Clean and segment an article once (a no-op for an article already prepared)."""
    if article.segmented:
        return article
    if not article.meta.get("cleaned"):
        _clean.clean(article, siblings=siblings)
        article.meta["cleaned"] = True
    return text.segment(article)


def annotate(article: Article, *, codebook: str | os.PathLike[str] = "generic") -> Article:
    """Every score, each read from the article's single segmentation.

    Order matters only one way: sentiment reuses the quotes and speakers found
    before it (per quote, per speaker, narrative vs quoted).
    """
    from . import framing, quotes, sentiment, voices

    quotes.extract(article)
    voices.resolve(article)
    sentiment.score(article)
    framing.score(article, codebook)
    readability.score(article)
    return article


def analyze(
    source: str | os.PathLike[str] | Article,
    *,
    outlet: str | None = None,
    id: str | None = None,
    siblings: Sequence[Article] = (),
    codebook: str | os.PathLike[str] = "generic",
) -> Article:
    """Load (if needed), clean, segment and score one article.

    ``source`` is an Article, a path, ``"example:NAME"``, a URL, ``"-"`` for
    standard input, or the text itself (a string that is not an existing path
    and contains a space or a line break). ``siblings`` are other versions of
    the same story, which help the cleaner tell story text from page chrome;
    ``codebook`` is a shipped framing codebook (``generic``, ``policy``) or a path.
    """
    if isinstance(source, Article):
        art = source
    elif isinstance(source, str) and _is_text(source):
        art = load_text(source, id=id or "article", outlet=outlet)
    else:
        art = load(source, outlet=outlet, id=id)
    if outlet:
        art.outlet = outlet
    return annotate(prepare(art, siblings=siblings), codebook=codebook)


def _is_text(s: str) -> bool:
    if "\n" in s or len(s) > 4096:
        return True
    if s == "-" or s.startswith(("example:", "http://", "https://")):
        return False
    try:
        return " " in s and not Path(s).exists()
    except OSError:
        return True


def clear_word_tables() -> None:
    """Empty the tables the toolkit keeps per word, token or character between articles.

    They hold what depends on one word alone and on the shipped dictionaries
    and codebooks (a word's syllables and difficulty, the codebook cues a token
    can start, a token's shared object, a character's mask), fill again as words are met, and are
    bounded. Results never depend on them: emptying them only makes the next
    article pay for its whole vocabulary, as the first article of a process
    does (``benchmarks/bench_speed.py --cold`` times that).

    Examples:
        >>> a = analyze("The senator blamed the government.", id="t").to_dict()
        >>> clear_word_tables()
        >>> analyze("The senator blamed the government.", id="t").to_dict() == a
        True
    """
    from . import framing, quotes

    tables: list[dict[Any, Any]] = [readability._word_values, readability._shared_values, *quotes._WORD_TABLES,
                                    *framing._MEMOS.values()]
    for table in tables:
        table.clear()
