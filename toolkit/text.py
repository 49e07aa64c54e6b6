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

import operator
import re
import sys
from functools import lru_cache
from importlib import resources
from typing import Final

from .article import Article, Sentence

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

# Quotation marks in every style we meet in news text, incl. « » „ ‚ ‹ ›.
OPEN_QUOTES = "\"“„«‹‘‚'"
CLOSE_QUOTES = "\"”»›’'“"
_CLOSERS: Final = re.escape(CLOSE_QUOTES + ")]}")

# A candidate sentence end: terminal punctuation (or an ellipsis), any closing
# quotes/brackets, then whitespace. What follows decides whether it is a break,
# so the lookahead also captures the whitespace, any opening quotes or brackets
# and the next word (it always succeeds once the whitespace is there).
# "[.!?]+" is spelled out so that every alternative starts with a literal:
# the regex engine then skips to the next . ! ? or … without trying a match
# at every character.
_END_TAIL: Final = rf"([{_CLOSERS}]*)(?=(\s+)([\"“„«‹‘‚'(\[]*)([\w'’.-]*))"
_END: Final = re.compile(rf"(\.\.\.|…|\.[.!?]*|![.!?]*|\?[.!?]*){_END_TAIL}")
# _END without the alternatives that start with ! ? or …: all its matches start with a full stop,
# which the regex engine finds by a fast search for one character, where _END tests every
# character against the set of its first characters (see _candidates).
_END_DOTS: Final = re.compile(rf"(\.\.\.|\.[.!?]*){_END_TAIL}")
# The word before a full stop, matched forwards in the reversed text from the stop.
_WORD_BEFORE_REVERSED: Final = re.compile(r"[\w.]+")
# Word tokens are r"\w+(?:[-'’.]\w+)*": runs of word characters joined by single inner
# hyphens, apostrophes or dots. Matching that regex costs a match object per token; instead
# _token_text blanks every character that is not part of a token and str.split() cuts the
# tokens out (tests/test_text_speed.py compares the two on real and random text).
_TOKEN_CONNECTORS: Final = "-'’."
# ASCII characters that are neither a word character nor a connector become spaces; the bytes of
# non-ASCII characters pass unchanged (_token_text deals with them one distinct character at a time).
_TOKEN_BYTES: Final = bytes(
    c if c >= 128 or chr(c).isalnum() or chr(c) in "_-'." else 32 for c in range(256)
)
_ASCII: Final = bytes(range(128))
# A connector not between two word characters ends or starts a token instead of joining two runs.
# One pattern per connector: a pattern starting with one character lets the regex engine jump
# between its occurrences (and a text without it skips the pattern); blanking one connector never
# changes which of the others are lone, as neither a connector nor a space is a word character.
_LONE_CONNECTORS: Final = [(c, re.compile(re.escape(c) + r"(?:(?!\w)|(?<!\w.))")) for c in _TOKEN_CONNECTORS]
# joins an article's paragraphs for segment(): no white space, word character, stop, quote or connector
_PARAGRAPH_SEPARATOR: Final = "\x00"
_DOTTED_ACRONYM: Final = re.compile(r"(?:[A-Za-z]\.)+[A-Za-z]")  # "U.S", "a.m"


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


def _is_break(
    text: str, reversed_text: str, match: re.Match[str], abbreviations: tuple[frozenset[str], ...]
) -> bool:
    """Decide whether the candidate end ``match`` (of :data:`_END`) in ``text`` really ends a sentence.

    ``reversed_text`` is ``text[::-1]`` and ``abbreviations`` is :func:`_abbreviations`
    (both made once per text).
    """
    punct, closers, _, opener, word = match.groups()
    if not word:
        return bool(opener)
    first = word[0]
    # A lower-case continuation means the punctuation was inside the sentence:
    # '"Why?" she asked', 'President Trump ... have been', 'a.m. today'.
    if first.islower():
        return False
    never, maybe, openers = abbreviations
    if punct == "..." or punct == "…":
        # An ellipsis before a capital is usually an omission inside a quote
        # ("Trump ... Kim"); only a clear sentence opener starts a new one.
        return word in openers or bool(opener)
    if punct != "." or closers:
        # ! and ? end sentences unless lower case follows;
        # '."' or '.)' : a quotation or bracket closed the sentence
        return True
    # The run of word characters and dots before the stop, of at most 40
    # characters: looking back further would make long paragraphs quadratic.
    # (Matched forwards in the reversed text, from the stop.)
    back = len(text) - match.start()
    before = _WORD_BEFORE_REVERSED.match(reversed_text, back, back + 40)
    if before is None:
        return True
    prev = before.group()[::-1]
    if prev.isdigit() and first.isdigit():
        return False
    if prev in never:
        return False
    # Initials ("J. Smith", "George W. Bush") and dotted acronyms ("U.S.")
    if len(prev) == 1 and prev.isupper():
        return False
    if prev in maybe or "." in prev and _DOTTED_ACRONYM.fullmatch(prev):
        return word in openers or bool(opener)
    return True


def split_sentences(text: str) -> list[str]:
    """Split a paragraph into sentences (see :func:`sentence_spans` for offsets)."""
    return [text[a:b] for a, b in sentence_spans(text)]


# sort key: where a match starts
_START: Final = operator.methodcaller("start")


def _candidates(text: str) -> list[re.Match[str]]:
    """The matches of ``_END.finditer(text)``, found faster.

    _END_DOTS finds the matches that start with a full stop; the rare ! ? and … are found by
    str.find and _END is matched where each stands. finditer goes on from the end of each match,
    so it never yields a match that starts inside an earlier one. Such a match starts in the
    earlier one's run of stops (closing quotes and brackets are no stops), so it ends where the
    earlier one does (the same stops, closers and white space follow). Hence neither the full stops
    that finditer of _END_DOTS skips inside its own matches nor the matches dropped here for
    starting before the end of the last one kept are matches of _END (tests/test_text_speed.py
    compares the two on random text).
    """
    found = list(_END_DOTS.finditer(text))
    others = []
    for stop in "!?…":
        at = text.find(stop)
        while at >= 0:
            match = _END.match(text, at)
            if match:
                others.append(match)
            at = text.find(stop, at + 1)
    if not others:
        return found
    kept = []
    end = 0
    for match in sorted(found + others, key=_START):
        if match.start() >= end:
            kept.append(match)
            end = match.end()
    return kept


def _breaks(text: str) -> list[tuple[int, int]]:
    """The sentence breaks of ``text``: (end of a sentence, start of the next) for each, in order."""
    abbreviations = _abbreviations()
    reversed_text = text[::-1]
    # group 3 is the whitespace after the stop: the next sentence starts where it ends
    return [
        (m.end(), m.end(3)) for m in _candidates(text) if _is_break(text, reversed_text, m, abbreviations)
    ]


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the sentences of ``text``, whitespace trimmed.

    A break is always followed by whitespace (skipped to start the next
    sentence) and never preceded by it, so only the ends of the text need trimming.
    """
    spans: list[tuple[int, int]] = []
    start = len(text) - len(text.lstrip())
    for end, next_start in _breaks(text):
        spans.append((start, end))
        start = next_start
    end = len(text.rstrip())
    if start < end:
        spans.append((start, end))
    return spans


def _token_text(text: str) -> str:
    """``text`` with every character that belongs to no token replaced by a space.

    Each character stays one character, so offsets into ``text`` hold in the result, and
    ``_token_text(text)[a:b].split()`` are the tokens of ``text[a:b]`` whenever a and b
    are at white space or the ends of the text (as sentence spans are).
    """
    data = text.encode(errors="surrogatepass").translate(_TOKEN_BYTES)
    blanked = data.decode(errors="surrogatepass")
    if not text.isascii():
        # a text holds few distinct non-ASCII characters: blank each that is no word character
        # (as regex \w: alphanumeric) and not the apostrophe ’ (in the str: replacing one
        # character by one is a cheaper pass than replacing its UTF-8 bytes)
        for char in set(data.translate(None, _ASCII).decode(errors="surrogatepass")):
            if not char.isalnum() and char != "’":
                blanked = blanked.replace(char, " ")
    for connector, lone in _LONE_CONNECTORS:
        if connector in blanked:
            blanked = lone.sub(" ", blanked)
    return blanked


def tokenize(text: str) -> tuple[str, ...]:
    """Word tokens: letters/digits with inner apostrophes, hyphens and dots kept.

    A token always ends in a letter or digit, so a final dot ("U.S.", "Mr.") is
    never part of it.
    """
    return tuple(_token_text(text).split())


def segment(article: Article) -> Article:
    """Split every paragraph of ``article`` into sentences and tokens, once.

    Chrome paragraphs are segmented too (a student may look at them), but
    :attr:`Article.sentences` yields only the body's. Calling it again is a no-op.
    """
    if article.segmented:
        return article
    paragraphs = article.paragraphs
    # The paragraphs are read as one text, so that the regexes and the blanking run once per
    # article rather than once per paragraph. The separator is in none of the character classes
    # they look at (white space, word characters, stops, quotes, brackets, connectors): no candidate
    # break, its lookahead, the word before a stop or a token reaches across it, so each paragraph
    # gets the breaks and tokens it has on its own (tests/test_text_speed.py compares them).
    joined = _PARAGRAPH_SEPARATOR.join([p.text for p in paragraphs])
    breaks = _breaks(joined)
    # the characters that belong to no token blanked once; a sentence's tokens are then the
    # words of its span (tokenize(text[a:b]), without a call per sentence)
    blanked = _token_text(joined)
    breaks.append((len(joined), 0))  # a break past every paragraph ends the loop of the last one
    k = 0  # the next break
    n = 0  # body sentences so far
    offset = 0  # of the paragraph in joined
    for p in paragraphs:
        text = p.text
        body = p.is_body
        index = p.index
        sentences = []
        # Offsets in joined: the paragraph's first sentence starts at its first non-space
        # character, each runs to the next break in the paragraph or to its last non-space one.
        start = offset + len(text) - len(text.lstrip())
        stop = offset + len(text.rstrip())
        while start < stop:
            end, next_start = breaks[k]
            if end < stop:
                k += 1
            else:
                end = next_start = stop
            # index counts body sentences only, so it indexes Article.sentences;
            # chrome sentences get -1.
            a, b = start - offset, end - offset
            sentences.append(Sentence(n if body else -1, index, a, b, text[a:b], tuple(blanked[start:end].split())))
            if body:
                n += 1
            start = next_start
        p.sentences = sentences
        offset += len(text) + 1
    article.segmented = True
    return article
