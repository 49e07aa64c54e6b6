"""Segmentation: paragraphs into sentences, sentences into word tokens.

Runs once per article (:func:`segment`); every later score reads the
sentences and tokens stored on the article instead of splitting again.

The splitter is rule-based and quote-aware: it breaks after ``.``, ``!``,
``?`` or an ellipsis (with any closing quotation marks or brackets) when the
next word starts a new sentence, and not after abbreviations, initials,
decimals, or a quotation closed mid-sentence (``"Why?" she asked.``).

Examples:
    >>> [s for s in split_sentences('Gen. Brooks met Mr. Kim at 9 a.m. Tuesday. "Why now?" he asked. Prices rose 3.5% in the U.S. The talks end.')]
    ['Gen. Brooks met Mr. Kim at 9 a.m. Tuesday.', '"Why now?" he asked.', 'Prices rose 3.5% in the U.S.', 'The talks end.']
    >>> tokenize("North Korea's  nuclear-test site, said Mr. Kim.")
    ('North', "Korea's", 'nuclear-test', 'site', 'said', 'Mr', 'Kim')
"""
from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

from .article import Article, Sentence

try:  # Python 3.11+
    import tomllib
except ModuleNotFoundError:  # pragma: no cover - Python 3.10
    import tomli as tomllib

# Quotation marks in every style we meet in news text, incl. « » „ ‚ ‹ ›.
OPEN_QUOTES = "\"“„«‹‘‚'"
CLOSE_QUOTES = "\"”»›’'“"
_CLOSERS = re.escape(CLOSE_QUOTES + ")]}")

# A candidate sentence end: terminal punctuation (or an ellipsis), any closing
# quotes/brackets, then whitespace. What follows decides whether it is a break.
_END = re.compile(rf"(?:\.\.\.|…|[.!?]+)[{_CLOSERS}]*(?=\s+)")
_WORD_BEFORE = re.compile(r"([\w.]+)\.$")
_NEXT_WORD = re.compile(r"\s+([\"“„«‹‘‚'(\[]*)([\w'’.-]*)")
_TOKEN = re.compile(r"\w+(?:[-'’.]\w+)*")
_DOTTED_ACRONYM = re.compile(r"(?:[A-Za-z]\.)+[A-Za-z]")  # "U.S", "a.m"


@lru_cache(maxsize=1)
def _abbreviations() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    data = tomllib.loads(
        resources.files("toolkit.data").joinpath("abbreviations.toml").read_text("utf-8")
    )
    return (
        frozenset(data["never_final"]),
        frozenset(data["maybe_final"]),
        frozenset(data["sentence_openers"]),
    )


def _is_break(text: str, match: re.Match[str]) -> bool:
    """Decide whether the candidate end ``match`` really ends a sentence."""
    never, maybe, openers = _abbreviations()
    nxt = _NEXT_WORD.match(text, match.end())
    if not nxt:
        return True
    opener, word = nxt.group(1), nxt.group(2)
    if not word:
        return bool(opener)
    first = word[0]
    # A lower-case continuation means the punctuation was inside the sentence:
    # '"Why?" she asked', 'President Trump ... have been', 'a.m. today'.
    if first.islower():
        return False
    punct = match.group(0).rstrip(CLOSE_QUOTES + ")]}")
    if punct in ("...", "…"):
        # An ellipsis before a capital is usually an omission inside a quote
        # ("Trump ... Kim"); only a clear sentence opener starts a new one.
        return word in openers or bool(opener)
    if punct != ".":
        return True  # ! and ? end sentences unless lower case follows
    if match.group(0) != ".":
        return True  # '."' or '.)' : a quotation or bracket closed the sentence
    # Look back a bounded window only: scanning from 0 would make long paragraphs quadratic.
    before = _WORD_BEFORE.search(text, max(0, match.start() - 40), match.end())
    if before is None:
        return True
    prev = before.group(1)
    if prev.isdigit() and first.isdigit():
        return False
    if prev in never:
        return False
    # Initials ("J. Smith", "George W. Bush") and dotted acronyms ("U.S.")
    if len(prev) == 1 and prev.isupper():
        return False
    if prev in maybe or _DOTTED_ACRONYM.fullmatch(prev):
        return word in openers or bool(opener)
    return True


def split_sentences(text: str) -> list[str]:
    """Split a paragraph into sentences (see :func:`sentence_spans` for offsets)."""
    return [text[a:b] for a, b in sentence_spans(text)]


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the sentences of ``text``, whitespace trimmed."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _END.finditer(text):
        if _is_break(text, m):
            spans.append((start, m.end()))
            start = m.end()
    spans.append((start, len(text)))
    out = []
    for a, b in spans:
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if a < b:
            out.append((a, b))
    return out


def tokenize(text: str) -> tuple[str, ...]:
    """Word tokens: letters/digits with inner apostrophes, hyphens and dots kept.

    A token always ends in a letter or digit (the pattern ends with a word character),
    so a final dot ("U.S.", "Mr.") is never part of it.
    """
    return tuple(_TOKEN.findall(text))


def segment(article: Article) -> Article:
    """Split every paragraph of ``article`` into sentences and tokens, once.

    Chrome paragraphs are segmented too (a student may look at them), but
    :attr:`Article.sentences` yields only the body's. Calling it again is a no-op.
    """
    if article.segmented:
        return article
    n = 0
    for p in article.paragraphs:
        p.sentences = []
        for a, b in sentence_spans(p.text):
            s = p.text[a:b]
            # index counts body sentences only, so it indexes Article.sentences;
            # chrome sentences get -1.
            p.sentences.append(Sentence(n if p.is_body else -1, p.index, a, b, s, tokenize(s)))
            n += p.is_body
    article.segmented = True
    return article
