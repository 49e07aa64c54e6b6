"""Tone with VADER: each sentence scored once, then aggregated per quote, speaker, group and version.

VADER (``vaderSentiment``) rates every body sentence of an article exactly
once; everything else is built from those scores or from the same analyser:

* **per quote**: VADER on the quote's own words, so ``quote.sentiment["compound"]``
  equals ``SentimentIntensityAnalyzer().polarity_scores(quote.text)["compound"]``;
* **per speaker**: the word-weighted mean of their quotes, direct, partial and
  indirect (a 40-word quote counts ten times a 4-word one), with the number
  of quotes; a partial quote inside an indirect one is counted once, as part
  of the indirect quote;
* **per group** (expert, official, …): the same, over every quote of the group;
* **narrative vs quoted**: the mean of the sentences written by the reporter
  and of the sentences that are mostly quotation (rule below);
* **article**: the mean over every body sentence of the version.

Labels use VADER's documented thresholds: compound ≥ 0.05 positive,
≤ -0.05 negative, otherwise neutral.

*Quoted or narrative?* A sentence is **quoted** when more than half of its
characters fall inside the spans of direct or partial quotes of its paragraph,
and **narrative** otherwise. Indirect quotes ("Lavrov said Moscow wanted …")
are the reporter's paraphrase, so they count as narrative.

*Names.* VADER rates words, not people: a name that is also an English word
("Hope", "Justice", "Love", "Grace", "Rich") moves the score. The toolkit never
changes VADER's numbers; it flags such words (a capitalised lexicon word that is
not the first word of a sentence, or sits in a run of capitalised words, or
belongs to a speaker's name) in ``names`` and adds ``compound_names_masked``, the
score with those words removed, so a reader can see what the name did.
See docs/validation.md ("Sentiment: known limits").

Examples:
    >>> from toolkit.load import load_text
    >>> from toolkit.text import segment
    >>> art = segment(load_text("The talks were a great success. Then the deal collapsed.", id="t"))
    >>> art.meta["cleaned"] = True
    >>> result = score(art)
    >>> [round(s["compound"], 4) for s in result["sentences"]]
    [0.8316, -0.2732]
    >>> result["article"]["n"], result["article"]["label"]
    (2, 'positive')
    >>> label(0.05), label(0.0), label(-0.2)
    ('positive', 'neutral', 'negative')
"""
from __future__ import annotations

import bisect
import math
import re
import string
from collections.abc import Iterable, Sequence
from functools import lru_cache
from itertools import compress, filterfalse
from math import fabs, sqrt
from operator import itemgetter, mul
from typing import Any, Final

from vaderSentiment.vaderSentiment import (
    BOOSTER_DICT,
    C_INCR,
    N_SCALAR,
    NEGATE,
    SPECIAL_CASES,
    SentimentIntensityAnalyzer,
)

from .article import Article
from .text import split_sentences

#: VADER's documented thresholds on the compound score.
POSITIVE_THRESHOLD = 0.05
NEGATIVE_THRESHOLD = -0.05
#: Quote kinds whose words are the speaker's own (indirect quotes are paraphrase).
QUOTED_KINDS = ("direct", "partial")
#: How many most-positive / most-negative sentences of a version to keep as evidence.
EVIDENCE_PER_VERSION = 3

_KEYS: Final = ("compound", "pos", "neu", "neg")
_GETTERS: Final = tuple(map(itemgetter, _KEYS))
_TOKEN: Final = re.compile(r"\w+(?:[-'’.]\w+)*")
_OPENERS: Final = "\"“„«‹‘‚'([:—–-"
_SENTENCE_OPENERS: Final = ".!?" + _OPENERS  # a word right after one of these opens a sentence or quotation
# Every _TOKEN token that starts with a capital, and a few more: a token starts
# at a word character that follows none (the look-behinds), and a capital is A-Z
# or outside ASCII (é and 中 pass too; the caller tests isupper). Leading with
# the character class lets the regex engine skip ahead to candidates.
_CAPITALISED: Final = re.compile(r"[A-Z\x80-\U0010FFFF](?<=\w)(?<!\w.)\w*(?:[-'’.]\w+)*")
_CAPITALISED_ASCII: Final = re.compile(r"[A-Z](?<!\w.)\w*(?:[-'.]\w+)*")  # the same on ASCII text


@lru_cache(maxsize=1)
def default_analyzer() -> Any:
    """The process-wide VADER analyser, created on first use.

    It is a :class:`FastVader`: VADER's own lexicon and rules, every score
    identical to ``SentimentIntensityAnalyzer().polarity_scores``, a few times
    faster. It reads ``vader_lexicon.txt`` and ``emoji_utf8_lexicon.txt`` from
    the installed ``vaderSentiment`` package folder; it never touches the network.

    Examples:
        >>> default_analyzer() is default_analyzer()
        True
    """
    return FastVader()


class FastVader:
    """VADER's ``SentimentIntensityAnalyzer`` with the same numbers, computed with less repeated work.

    VADER 3.3.2 spends most of a sentence's time on bookkeeping, not on its
    rules: it copies the text one character at a time to replace emojis, and
    for every lexicon word it lower-cases the whole sentence again, four times
    (negation and idiom checks), then walks every word again to sum. This
    analyser lower-cases the text once, looks for emojis only in a text with
    characters outside ASCII, finds the lexicon words with one pass of lookups,
    and gives a lexicon word with no rule word near it (no booster, negation,
    "no", "least", "so"/"this" or idiom) its valence directly; the others go
    through the rules of ``sentiment_valence``, in the same order and with the
    same float operations. The "but" rule and the final scoring visit only the
    lexicon words, with VADER's own arithmetic (``list.index`` quirk included),
    so every score is bit-for-bit VADER's.

    Equality with ``SentimentIntensityAnalyzer`` on every sentence of hundreds
    of real articles and on VADER's tricky cases is tested in
    tests/test_speed_equivalence.py.

    An edited ``lexicon`` (a class exercise) is honoured, as in VADER.

    It wraps a ``SentimentIntensityAnalyzer`` (``.vader``, made with the same
    arguments) rather than subclassing it, so that the module compiles with
    mypyc (see docs/validation.md, "Speed"); ``lexicon`` and ``emojis`` are
    that analyser's own dictionaries.

    Examples:
        >>> text = "The book was not good, but the film was GREAT!!"
        >>> FastVader().polarity_scores(text)
        {'neg': 0.1, 'neu': 0.47, 'pos': 0.43, 'compound': 0.8239}
        >>> FastVader().polarity_scores(text) == SentimentIntensityAnalyzer().polarity_scores(text)
        True
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.vader = SentimentIntensityAnalyzer(*args, **kwargs)
        # polarity_scores tests one character at a time, so only one-character keys can match.
        self._emoji_chars = frozenset(k for k in self.emojis if len(k) == 1)
        # A quick regex before the character-by-character test: VADER's emojis are
        # outside ASCII (which spares most sentences any test), and the character
        # class of those in the BMP is a bitmap, while a long list of astral
        # ranges would be tried one by one, so any astral character passes.
        self._ascii_emoji = any(map(str.isascii, self._emoji_chars))
        bmp = sorted(c for c in self._emoji_chars if c <= "\uffff")
        self._maybe_emoji = re.compile("[" + "".join(map(re.escape, bmp)) + "]|[\U00010000-\U0010ffff]").search

    @property
    def lexicon(self) -> dict[str, Any]:
        return self.vader.lexicon

    @lexicon.setter
    def lexicon(self, value: dict[str, Any]) -> None:
        self.vader.lexicon = value

    @property
    def emojis(self) -> dict[str, str]:
        return self.vader.emojis

    def polarity_scores(self, text: str) -> dict[str, float]:
        if not isinstance(text, str):
            return self.vader.polarity_scores(text)
        if (
            (self._ascii_emoji or not text.isascii())
            and self._maybe_emoji(text)
            and not self._emoji_chars.isdisjoint(text)
        ):
            text = self._replace_emojis(text)
        # SentiText: each word's punctuation stripped unless that leaves two
        # characters or fewer (an emoticon such as ":)" stays whole), then lower-cased.
        # (VADER strips the text first; neither split() nor the "!"/"?" counts see the difference)
        lowered = str.lower(text)
        if len(lowered) == len(text) and "\u03a3" not in text:
            # Lower-casing then maps each character to one character, whitespace and
            # punctuation to themselves, with no context (only "İ" grows, only "Σ"
            # looks at its neighbours): one call for the text gives the same words.
            # (most words neither start nor end with punctuation: they need no strip() call)
            lows = [s if (t[0] in _PUNCTUATION or t[-1] in _PUNCTUATION) and len(s := t.strip(_PUNCTUATION)) > 2
                    else t for t in lowered.split()]
        else:
            lows = [str.lower(s if len(s := t.strip(_PUNCTUATION)) > 2 else t) for t in text.split()]
        if not lows:
            return {"neg": 0.0, "neu": 0.0, "pos": 0.0, "compound": 0.0}
        lexicon = self.lexicon
        # where the lexicon words are (found in C: a list of their positions, not a flag per word)
        at = list(compress(range(len(lows)), map(lexicon.__contains__, lows)))
        if not at:
            # Every word scores the integer 0: VADER's result is then always this
            # (whatever the "but" rule or the punctuation do to zeros).
            return {"neg": 0.0, "neu": 1.0, "pos": 0.0, "compound": 0.0}
        toks = text.split()
        n = len(toks)
        last = n - 1
        # Punctuation stripping only removes uncased characters, so the raw tokens
        # answer isupper() as VADER's words do.
        is_cap_diff: bool | None = None  # allcap_differential, computed when first needed
        # Without a booster, a negation, "no", "least", "so"/"this" or an idiom
        # before it, and not part of an idiom itself, a word scores its lexicon
        # valence, only adjusted for capitals: every rule of sentiment_valence is
        # then a no-op (x + 0.0 keeps a non-zero float), so skip them.
        plain = "'" not in text or "n't" not in lowered  # (an apostrophe: a quicker test)
        # VADER gives every other word the integer 0, which the "but" rule and
        # the final sums leave alone: keep only the lexicon words' positions and values.
        hits: list[int] = []
        values: list[float] = []
        # most sentences have no modifier at all
        quiet = plain and _MODIFIERS.isdisjoint(lows)
        for i in at:
            low = lows[i]
            # boosters ("very") and "kind of" modify the next word and score nothing themselves
            if low in BOOSTER_DICT or (low == "kind" and i < last and lows[i + 1] == "of"):
                continue
            valence = lexicon[low]
            if (
                plain
                and valence
                and type(valence) is float
                and (quiet or _MODIFIERS.isdisjoint(lows[i - 3 if i > 3 else 0: i + 1]))
                and (i == 0 or lows[i - 1] not in ("so", "this"))
                and low not in _IDIOM_WORDS
                and (i < 3 or (lows[i - 3] not in _IDIOM_FIRST and lows[i - 2] not in _IDIOM_FIRST)
                     or not _idiom_before(lows, i))
            ):
                if toks[i].isupper():
                    if is_cap_diff is None:
                        is_cap_diff = 0 < n - sum(map(str.isupper, toks)) < n
                    if is_cap_diff:
                        valence = valence + C_INCR if valence > 0 else valence - C_INCR
            else:
                # allcap_differential only matters when the word or a booster before it is in capitals
                if is_cap_diff is None and any(map(str.isupper, toks[i - 3 if i > 3 else 0: i + 1])):
                    is_cap_diff = 0 < n - sum(map(str.isupper, toks)) < n
                valence = self._valence(i, toks, lows, bool(is_cap_diff))
            hits.append(i)
            values.append(valence)
        if "but" in lowered and "but" in lows:  # the text first: a quicker test, rarely passed
            _but_check(lows.index("but"), values, hits, n)
        return _score_valence(values, n, text)

    def _replace_emojis(self, text: str) -> str:
        # VADER's loop, verbatim: an emoji becomes its description, space-separated.
        out = ""
        prev_space = True
        for ch in text:
            if ch in self.emojis:
                if not prev_space:
                    out += " "
                out += self.emojis[ch]
                prev_space = False
            else:
                out += ch
                prev_space = ch == " "
        return out

    def _valence(self, i: int, toks: list[str], lows: list[str], is_cap_diff: bool) -> float:
        """``SentimentIntensityAnalyzer.sentiment_valence`` for the lexicon word ``i``, given the
        raw tokens (for isupper) and VADER's words lower-cased (for everything else)."""
        lexicon = self.lexicon
        low = lows[i]
        valence = lexicon[low]
        if low == "no" and i != len(lows) - 1 and lows[i + 1] in lexicon:
            valence = 0.0  # "no" negates the next lexicon word instead of counting itself
        if (
            (i > 0 and lows[i - 1] == "no")
            or (i > 1 and lows[i - 2] == "no")
            or (i > 2 and lows[i - 3] == "no" and lows[i - 1] in ("or", "nor"))
        ):
            valence = lexicon[low] * N_SCALAR
        if toks[i].isupper() and is_cap_diff:
            if valence > 0:
                valence += C_INCR
            else:
                valence -= C_INCR
        for start_i in range(3):
            j = i - (start_i + 1)
            if i > start_i and lows[j] not in lexicon:
                s = _scalar_inc_dec(lows[j], toks[j], valence, is_cap_diff) if lows[j] in BOOSTER_DICT else 0.0
                if start_i == 1 and s != 0:
                    s = s * 0.95
                if start_i == 2 and s != 0:
                    s = s * 0.9
                valence = valence + s
                valence = _negation_check(valence, lows, start_i, i)
                if start_i == 2:
                    valence = _special_idioms_check(valence, lows, i)
        # _least_check
        if i > 1 and lows[i - 1] not in lexicon and lows[i - 1] == "least":
            if lows[i - 2] != "at" and lows[i - 2] != "very":
                valence = valence * N_SCALAR
        elif i > 0 and lows[i - 1] not in lexicon and lows[i - 1] == "least":
            valence = valence * N_SCALAR
        return valence


_NEGATE: Final = frozenset(NEGATE)
_PUNCTUATION: Final = string.punctuation


# Words that make a rule of sentiment_valence fire when they stand up to three
# words before a lexicon word (or are that word): negations, boosters, "no" and
# "least". "so"/"this" only count right before it, idioms are tested exactly.
_MODIFIERS: Final = frozenset(NEGATE) | BOOSTER_DICT.keys() | {"no", "least"}
# Multi-word idioms and boosters ("the bomb", "kind of"), as word tuples, and their words
# (VADER looks the idioms up as strings, "w1 w2": with words free of spaces, that
# string is a key exactly when the word tuple is the key's words.)
_SPECIAL_NGRAMS: Final = {tuple(k.split(" ")): v for k, v in SPECIAL_CASES.items() if " " in k}
_BOOSTER_NGRAMS: Final = {tuple(k.split(" ")): v for k, v in BOOSTER_DICT.items() if " " in k}
_IDIOMS: Final = frozenset(_SPECIAL_NGRAMS.keys() | _BOOSTER_NGRAMS.keys())
_IDIOM_WORDS: Final = frozenset(w for k in _IDIOMS for w in k)
_IDIOM_FIRST: Final = frozenset(k[0] for k in _IDIOMS)


def _idiom_before(lows: list[str], i: int) -> bool:
    """True when the two or three words before ``i`` (i >= 3) form an idiom or booster phrase."""
    a, b, c = lows[i - 3], lows[i - 2], lows[i - 1]
    return (a, b) in _IDIOMS or (b, c) in _IDIOMS or (a, b, c) in _IDIOMS


def _but_check(bi: int, values: list[float], hits: list[int], n: int) -> None:
    """``SentimentIntensityAnalyzer._but_check`` for the "but" at ``bi`` on a text of ``n`` words,
    in place on ``values``, the valences of the words ``hits`` (the others hold the integer 0).

    VADER walks every value and rescales the *first* word holding an equal
    value (``list.index``): 0.5 before "but", 1.5 after, so a value can be
    rescaled twice and another left alone. A zero value only ever finds a zero,
    which stays zero, and a non-zero one only a word of ``hits``; walking the
    non-zero values of ``hits`` in order, with the same ``index`` lookups, gives
    VADER's list. (An exotic NaN valence, equal to nothing, takes VADER's loop.)
    """
    if any(map(math.isnan, values)):
        sentiments: list[float] = [0] * n
        for i, v in zip(hits, values):
            sentiments[i] = v
        words = ["but" if i == bi else "" for i in range(n)]
        sentiments = SentimentIntensityAnalyzer._but_check(words, sentiments)
        values[:] = [sentiments[i] for i in hits]
        return
    for j in range(len(values)):
        v = values[j]
        if v == 0:
            continue
        k = values.index(v)
        if hits[k] < bi:
            values[k] = v * 0.5
        elif hits[k] > bi:
            values[k] = v * 1.5


def _round(x: float, digits: int) -> float:
    """``round(x, digits)``, the same float, without its decimal string (``digits`` >= 0).

    ``round`` writes ``x`` to ``digits`` decimals (the exact binary value rounded half
    to even) and reads that back: the float nearest k / 10**digits, where k is the
    integer nearest x * 10**digits. That product, rounded once to ``t``, cannot cross
    a half: every half below 2**52 is a float, and rounding keeps order. So unless ``t``
    is a half, k is the integer nearest ``t``, and one division reads k / 10**digits
    correctly rounded, as reading its decimals does. A ``t`` on a half (0.1875 * 1000,
    or a product rounded onto one), huge values and nan go to ``round`` itself.

    Examples:
        >>> _round(0.123456, 3), _round(-0.00004, 4), _round(0.1875, 3)
        (0.123, -0.0, 0.188)
    """
    scale = 10.0 ** digits
    t = x * scale
    if -1e15 < t < 1e15:
        f = float(math.floor(t))
        d = t - f  # exact: both are within 1 of each other and below 2**52
        if d != 0.5:
            k = f + 1.0 if d > 0.5 else f
            # round() keeps the sign of a value that rounds to zero: -0.0
            return k / scale if k else math.copysign(0.0, x)
    return round(x, digits)


def _score_valence(values: list[float], n: int, text: str) -> dict[str, float]:
    """``SentimentIntensityAnalyzer.score_valence`` of ``n`` words, from ``values``, those of the
    lexicon words in order (the others hold the integer 0)."""
    # The integer zeros change neither sum(): an int while it adds ints, +0.0
    # once it adds floats (the running float is never -0.0: 0 + -0.0 is 0.0)
    sum_s = float(sum(values))
    # _sift_sentiment_scores, with the zeros of the other words counted at once
    pos_sum = 0.0
    neg_sum = 0.0
    neu_count = n - len(values)
    for v in values:
        if v > 0:
            pos_sum += float(v) + 1
        elif v < 0:
            neg_sum += float(v) - 1
        elif v == 0:
            neu_count += 1
    if "!" in text or "?" in text:
        # _punctuation_emphasis. Most texts hold neither mark: their amplifier is then
        # 0.0, and adding or subtracting 0.0 leaves every sum as it is (none is -0.0).
        qm_count = text.count("?")
        qm_amplifier = 0.0
        if qm_count > 1:
            qm_amplifier = qm_count * 0.18 if qm_count <= 3 else 0.96
        amplifier = min(text.count("!"), 4) * 0.292 + qm_amplifier
        if sum_s > 0:
            sum_s += amplifier
        elif sum_s < 0:
            sum_s -= amplifier
        if pos_sum > fabs(neg_sum):
            pos_sum += amplifier
        elif pos_sum < fabs(neg_sum):
            neg_sum -= amplifier
    # normalize(sum_s), inline
    compound = sum_s / sqrt((sum_s * sum_s) + 15)
    if compound < -1.0:
        compound = -1.0
    elif compound > 1.0:
        compound = 1.0
    total = pos_sum + fabs(neg_sum) + neu_count
    # (VADER takes fabs of all three ratios; pos_sum and neu_count are never below +0.0)
    return {
        "neg": _round(fabs(neg_sum / total), 3),
        "neu": _round(neu_count / total, 3),
        "pos": _round(pos_sum / total, 3),
        "compound": _round(compound, 4),
    }


def _negated(low: str) -> bool:
    # vaderSentiment.negated([word]) for one lower-case word.
    return low in _NEGATE or "n't" in low


def _negation_check(valence: float, lows: list[str], start_i: int, i: int) -> float:
    """``SentimentIntensityAnalyzer._negation_check`` on pre-lowered words."""
    if start_i == 0:
        if _negated(lows[i - 1]):
            valence = valence * N_SCALAR
    if start_i == 1:
        if lows[i - 2] == "never" and (lows[i - 1] == "so" or lows[i - 1] == "this"):
            valence = valence * 1.25
        elif lows[i - 2] == "without" and lows[i - 1] == "doubt":
            pass
        elif _negated(lows[i - 2]):
            valence = valence * N_SCALAR
    if start_i == 2:
        if lows[i - 3] == "never" and (lows[i - 2] == "so" or lows[i - 2] == "this") or (
            lows[i - 1] == "so" or lows[i - 1] == "this"
        ):
            valence = valence * 1.25
        elif lows[i - 3] == "without" and (lows[i - 2] == "doubt" or lows[i - 1] == "doubt"):
            pass
        elif _negated(lows[i - 3]):
            valence = valence * N_SCALAR
    return valence


def _special_idioms_check(valence: float, lows: list[str], i: int) -> float:
    """``SentimentIntensityAnalyzer._special_idioms_check`` on pre-lowered words (called with i >= 3)."""
    # Every n-gram looked up is made of idiom words and holds lows[i - 2],
    # lows[i - 1] or lows[i]: with no idiom word among those, none matches.
    if _IDIOM_WORDS.isdisjoint(lows[i - 2: i + 1]):
        return valence
    three, two, one, zero = lows[i - 3], lows[i - 2], lows[i - 1], lows[i]
    for seq in ((one, zero), (two, one, zero), (two, one), (three, two, one), (three, two)):
        if seq in _SPECIAL_NGRAMS:
            valence = _SPECIAL_NGRAMS[seq]
            break
    if len(lows) - 1 > i:
        zeroone = (zero, lows[i + 1])
        if zeroone in _SPECIAL_NGRAMS:
            valence = _SPECIAL_NGRAMS[zeroone]
    if len(lows) - 1 > i + 1:
        zeroonetwo = (zero, lows[i + 1], lows[i + 2])
        if zeroonetwo in _SPECIAL_NGRAMS:
            valence = _SPECIAL_NGRAMS[zeroonetwo]
    for n_gram in ((three, two, one), (three, two), (two, one)):  # booster bigrams: "kind of", "sort of"
        if n_gram in _BOOSTER_NGRAMS:
            valence = valence + _BOOSTER_NGRAMS[n_gram]
    return valence


def _scalar_inc_dec(low: str, tok: str, valence: float, is_cap_diff: bool) -> float:
    """vaderSentiment's ``scalar_inc_dec`` for the booster word ``low`` (lower-cased), whose raw token is ``tok``."""
    scalar = BOOSTER_DICT[low]
    if valence < 0:
        scalar *= -1
    if tok.isupper() and is_cap_diff:
        if valence > 0:
            scalar += C_INCR
        else:
            scalar -= C_INCR
    return scalar


def label(compound: float | None) -> str | None:
    """VADER's label for a compound score (``None`` stays ``None``).

    Examples:
        >>> label(0.4404), label(-0.05), label(0.049)
        ('positive', 'negative', 'neutral')
    """
    if compound is None:
        return None
    if compound >= POSITIVE_THRESHOLD:
        return "positive"
    if compound <= NEGATIVE_THRESHOLD:
        return "negative"
    return "neutral"


def polarity(text: str, analyzer: Any = None) -> dict[str, Any]:
    """VADER's ``polarity_scores`` of ``text`` plus its ``label``, numbers untouched.

    Examples:
        >>> polarity("We are very happy about the invitation")
        {'neg': 0.0, 'neu': 0.6, 'pos': 0.4, 'compound': 0.6115, 'label': 'positive'}
    """
    scores = dict((analyzer or default_analyzer()).polarity_scores(text))
    scores["label"] = label(scores["compound"])
    return scores


# --------------------------------------------------------------------------- names


def valenced_names(text: str, analyzer: Any = None, known: Iterable[str] = ()) -> list[str]:
    """Words of ``text`` that look like parts of names yet are in VADER's lexicon.

    A token counts as a name when it is capitalised (not all capitals) and
    either does not open the sentence (or a quotation), or stands next to
    another capitalised word ("Hope Hicks"), or is one of the ``known`` name
    words (the article's speakers).

    Examples:
        >>> valenced_names("Hope Hicks met Justice Kennedy. Hope is rising.")
        ['Hope', 'Justice']
        >>> valenced_names("He met Mr. Love.", known=["Love"])
        ['Love']
    """
    lex = (analyzer or default_analyzer()).lexicon
    capitalised = _capitalised(text)
    return _names_among(text, capitalised, lex, {str.lower(k) for k in known})


def _capitalised(text: str) -> list[str]:
    """The tokens of ``text`` that start with a capital (and a few more: see ``_CAPITALISED``)."""
    return (_CAPITALISED_ASCII if text.isascii() else _CAPITALISED).findall(text)


def _not_lower(tokens: Iterable[str]) -> list[str]:
    """The tokens that are not lower case: among them every one that starts with a capital."""
    return list(filterfalse(str.islower, tokens))


def _names_among(text: str, capitalised: list[str], lex: Any, known_lower: set[str]) -> list[str]:
    """valenced_names of ``text``, given the lower-cased known words and token-shaped strings
    (``_TOKEN``) among which are all its tokens that start with a capital: its ``_CAPITALISED``
    matches, or its tokens that are not lower case. (Only those tokens can be names; other
    strings are never a token that starts with a capital, so they pick no word.)"""
    # Most sentences have no capitalised lexicon word at all: find that out
    # from the few tokens that start with a capital (or a letter outside a-z),
    # and look at the others only for those words.
    if lex.keys().isdisjoint(map(str.lower, capitalised)):
        return []
    candidates = {
        w for w in capitalised if str.lower(w) in lex and w[:1].isupper() and not (w.isupper() and len(w) > 1)
    }
    if not candidates:
        return []
    # Where each candidate is a token of the text (no token goes on across either
    # end of the occurrence: then it is one), in order: a few str.find instead of
    # splitting the whole text into tokens.
    found = []
    for w in candidates:
        i = text.find(w)
        while i >= 0:
            j = i + len(w)
            if not _crosses(text, i) and not _crosses(text, j):
                found.append((i, j, w))
            i = text.find(w, i + 1)
    found.sort()
    out: list[str] = []
    for i, j, w in found:
        if str.lower(w) in known_lower:
            out.append(w)
            continue
        # The last non-space character before the word: none if it opens the
        # text, else the end of the token before (a word character, never an
        # opener) or of the text between (which holds no word character).
        k = i - 1
        while k >= 0 and text[k].isspace():
            k -= 1
        if k >= 0 and text[k] not in _SENTENCE_OPENERS:
            out.append(w)  # not opening the sentence
            continue
        # opening the sentence, yet followed by another capitalised token with only
        # space between (none can come before it: a token before it with only
        # space between would have made it not opening)
        k = j
        while k < len(text) and text[k].isspace():
            k += 1
        if k > j and k < len(text) and text[k].isupper() and _is_word(text[k]):
            out.append(w)
    return out


def _masked(text: str, names: Sequence[str], analyzer_: Any) -> float:
    """VADER's compound with the flagged name words removed."""
    return analyzer_.polarity_scores(_without(text, names))["compound"]


def _without(text: str, words: Iterable[str]) -> str:
    r"""``re.sub(r"\b(?:w1|w2|...)\b", "", text)`` over ``set(words)``, tokens that start
    and end with a word character, without compiling a pattern per set of words.

    (A new pattern costs some 15 us to compile; name sets differ from article to
    article, and re's cache of compiled patterns is shared by the whole process.)
    With such words, each \b says the character outside is not a word character
    (or there is none). The regex tries the words in the set's order at each
    position, left to right, and goes on after a match: so the occurrences, in
    order of position and then of word, are kept when they start after the last
    one kept.
    """
    found = []
    end = len(text)
    for k, w in enumerate(set(words)):
        i = text.find(w)
        while i >= 0:
            j = i + len(w)
            if (i == 0 or not _is_word(text[i - 1])) and (j == end or not _is_word(text[j])):
                found.append((i, k, j))
            i = text.find(w, i + 1)
    found.sort()
    pieces = []
    at = 0
    for i, _, j in found:
        if i >= at:
            pieces.append(text[at:i])
            at = j
    pieces.append(text[at:])
    return "".join(pieces)


def _is_word(ch: str) -> bool:
    r"""True for a character that re's \w matches (str patterns: alphanumeric or "_")."""
    return ch.isalnum() or ch == "_"


def _crosses(text: str, i: int) -> bool:
    """True when a token of ``text`` (``_TOKEN``) goes on across position ``i``: word characters
    on both sides, or a connector (-'’.) between two word characters. (Never at an end.)"""
    if i <= 0 or i >= len(text):
        return False
    before, after = text[i - 1], text[i]
    if _is_word(before):
        return _is_word(after) or (after in "-'’." and i + 1 < len(text) and _is_word(text[i + 1]))
    return before in "-'’." and _is_word(after) and i >= 2 and _is_word(text[i - 2])


def _inside_nameless(q: Any, nameless: dict[int, list[Any]]) -> bool:
    """True when quote ``q`` lies in one of the ``nameless`` sentences (by paragraph), cut from it
    where no token goes on across the cut.

    The quote's tokens are then some of the sentence's, and the sentence has no
    capitalised one in the lexicon: valenced_names would return [] for the quote.
    """
    if q.start is None or q.end is None:
        return False
    for s in nameless.get(q.paragraph, ()):
        if s.start <= q.start and q.end <= s.end:
            text, a, b = s.text, q.start - s.start, q.end - s.start
            return text[a:b] == q.text and not _crosses(text, a) and not _crosses(text, b)
    return False


def _with_names(
    scores: dict[str, Any], text: str, analyzer_: Any, known_lower: set[str], capitalised: list[str] | None = None
) -> dict[str, Any]:
    if capitalised is None:
        capitalised = _capitalised(text)
    names = _names_among(text, capitalised, analyzer_.lexicon, known_lower)
    if names:
        scores["names"] = names
        scores["compound_names_masked"] = _masked(text, names, analyzer_)
    return scores


# --------------------------------------------------------------------------- aggregation


def _aggregate(records: Sequence[dict[str, Any]], weights: Sequence[float] | None = None) -> dict[str, Any]:
    """Weighted means of compound/pos/neu/neg with label and n; nulls when empty."""
    if not records:
        return {**dict.fromkeys(_KEYS), "label": None, "n": 0}
    # sum() itself, not a running total: from Python 3.12 it adds floats with compensation
    if weights is None:
        total = float(len(records))  # sum([1.0] * n); x * 1.0 is x, so the sums skip it
        compound, pos, neu, neg = [sum(map(get, records)) for get in _GETTERS]
    else:
        w = list(weights)
        total = sum(w) or 1.0
        compound, pos, neu, neg = [sum(map(mul, map(get, records), w)) for get in _GETTERS]
    compound = _round(compound / total, 4)
    return {"compound": compound, "pos": _round(pos / total, 4), "neu": _round(neu / total, 4),
            "neg": _round(neg / total, 4), "label": label(compound), "n": len(records)}


def _quoted_chars(article: Article) -> dict[int, list[tuple[int, int]]]:
    """Direct/partial quote spans by paragraph index, merged (sorted, disjoint)."""
    spans: dict[int, list[tuple[int, int]]] = {}
    for q in article.quotes:
        if getattr(q, "kind", None) in QUOTED_KINDS and q.start is not None and q.end is not None:
            spans.setdefault(q.paragraph, []).append((q.start, q.end))
    return {p: _merge(s) for p, s in spans.items()}


def _merge(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for a, b in sorted(spans):
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], b))
        elif a < b:
            merged.append((a, b))
    return merged


def _covered(start: int, end: int, merged: Sequence[tuple[int, int]]) -> int:
    """Characters of ``start:end`` inside the merged spans; a binary search finds the first one,
    so a paragraph of thousands of quotes costs log(quotes) per sentence, not quotes."""
    n = 0
    i = max(0, bisect.bisect_right(merged, (start, float("inf"))) - 1)
    while i < len(merged) and merged[i][0] < end:
        a, b = merged[i]
        n += max(0, min(b, end) - max(a, start))
        i += 1
    return n


def is_quoted(start: int, end: int, spans: Sequence[tuple[int, int]]) -> bool:
    """True when more than half of the characters ``start:end`` lie inside ``spans``.

    Examples:
        >>> is_quoted(0, 10, [(1, 9)]), is_quoted(0, 10, [(0, 4)]), is_quoted(0, 10, [(0, 4), (3, 6)])
        (True, False, True)
    """
    return _covered(start, end, _merge(spans)) * 2 > (end - start)


def _words(quote: Any) -> int:
    try:
        n = quote.words
    except AttributeError:
        n = None
    if not isinstance(n, int):
        n = len(_TOKEN.findall(quote.text))
    return max(n, 1)


def _sentence_parts(text: str, analyzer_: Any) -> list[tuple[str, float]]:
    stripped = text.strip()
    head = stripped.rsplit(None, 1)[0] if stripped else ""
    if not ("." in head or "!" in head or "?" in head or "…" in head):
        # A sentence break is a . ! ? or … followed by whitespace, and one at the
        # end of the text is never a break: with none of those before the last
        # space, split_sentences would return the stripped text (or nothing).
        parts = [stripped or text]
    else:
        parts = split_sentences(text) or [text]
    return [(s, analyzer_.polarity_scores(s)["compound"]) for s in parts]


class _OncePerText(dict):
    """One article's VADER: each distinct text is scored once.

    A one-sentence quote is often a whole sentence, a quote's sentences are
    scored again for the speaker evidence, and a sentence can repeat; within
    one article they all reuse the first score. The memory dies with the
    article, so nothing is reused across articles (or benchmark rounds).
    The returned dicts are shared: read them, copy before changing.
    """

    def __init__(self, analyzer: Any):
        super().__init__()
        self.analyzer = analyzer
        self.lexicon = analyzer.lexicon

    def polarity_scores(self, text: str) -> dict[str, Any]:
        return self[text]

    def __missing__(self, text: str) -> dict[str, Any]:
        vs = self[text] = self.analyzer.polarity_scores(text)
        return vs


def _extremes(values: Sequence[float], k: int) -> dict[str, list[int]]:
    """The indices of the ``k`` most positive and most negative ``values`` (the first ones on ties)."""
    # a stable sort with reverse=True keeps ties in order, as a sort on -value does
    pos = sorted([i for i, v in enumerate(values) if v >= POSITIVE_THRESHOLD], key=values.__getitem__, reverse=True)
    neg = sorted([i for i, v in enumerate(values) if v <= NEGATIVE_THRESHOLD], key=values.__getitem__)
    return {"most_positive": pos[:k], "most_negative": neg[:k]}


# --------------------------------------------------------------------------- scoring


def score(article: Article, analyzer: Any = None) -> dict[str, Any]:
    """Score an article's tone and store it on ``article.sentiment`` (and on each quote).

    Runs VADER once per body sentence and once per quote. An article that has
    not been cleaned and segmented yet is prepared first; quotes and speakers
    are read from ``article.quotes`` / ``article.speakers`` as the earlier
    stages left them (an article without quotes gets an empty ``by_speaker``
    and a ``quoted`` aggregate with ``n == 0``).

    Args:
        article: the article to score.
        analyzer: a ``SentimentIntensityAnalyzer`` to use instead of the shared
            one (for example one whose lexicon a class has edited).

    Returns:
        The dict stored on ``article.sentiment``: ``article``, ``narrative``,
        ``quoted``, ``by_speaker``, ``by_group`` and ``unattributed``
        aggregates (each with compound, pos, neu, neg means, label and n),
        ``sentences`` (one record per body sentence, aligned with
        ``article.sentences``), ``evidence`` and ``names``.

    Examples:
        >>> from toolkit.load import load_text
        >>> from toolkit.text import segment
        >>> art = segment(load_text("Hope Hicks said the talks went well.", id="t"))
        >>> art.meta["cleaned"] = True
        >>> s = score(art)["sentences"][0]
        >>> s["compound"], s["names"], s["compound_names_masked"]
        (0.6124, ['Hope'], 0.2732)
    """
    an = _OncePerText(analyzer or default_analyzer())
    if not article.segmented:
        from .pipeline import prepare

        prepare(article)
    speakers = {getattr(s, "name", None): s for s in article.speakers}
    known_lower = {str.lower(w) for name in speakers if name for w in _TOKEN.findall(name)}
    # a quote's word count weighs it several times below: count its words once
    n_words = {id(q): _words(q) for q in article.quotes}

    # 1. every body sentence, once
    spans = _quoted_chars(article)
    body = article.sentences
    sentences: list[dict[str, Any]] = []
    polarity_scores = an.polarity_scores
    lexicon_words = an.lexicon.keys()
    nameless: dict[int, list[Any]] = {}  # the sentences without a capitalised lexicon word, by paragraph
    named: list[dict[str, Any]] = []  # the records of sentences and quotes with names, in order
    for s in body:
        text = s.text
        vs = polarity_scores(text)
        compound = vs["compound"]
        merged = spans.get(s.paragraph, ())
        rec = {
            "sentence": s.index,
            "paragraph": s.paragraph,
            "compound": compound,
            "pos": vs["pos"],
            "neu": vs["neu"],
            "neg": vs["neg"],
            "label": label(compound),
            "quoted": bool(merged) and _covered(s.start, s.end, merged) * 2 > (s.end - s.start),
        }
        # valenced_names's first test, here to remember the sentences it clears, on the
        # sentence's tokens (segmentation stores _TOKEN's): a capitalised token is not
        # lower case, and the few that are not are found without a regex scan of the text
        capitalised = _not_lower(s.tokens or _TOKEN.findall(text))
        if lexicon_words.isdisjoint(map(str.lower, capitalised)):
            nameless.setdefault(s.paragraph, []).append(s)
        else:
            _with_names(rec, text, an, known_lower, capitalised)
            if "names" in rec:
                named.append(rec)
        sentences.append(rec)

    # 2. every quote, on its own words
    for q in article.quotes:
        scores = polarity(q.text, an)
        if not _inside_nameless(q, nameless):
            _with_names(scores, q.text, an, known_lower)
            if "names" in scores:
                named.append(scores)
        q.sentiment = scores

    # 3. speakers and groups: word-weighted means over their quotes
    # A partial quote inside an indirect one (``within`` set) has its words in
    # that quote already: counting it again would weigh those words twice.
    counted = [q for q in article.quotes if not getattr(q, "within", None)]
    by_quote_speaker: dict[str, list[Any]] = {}
    for q in counted:
        if q.speaker:
            by_quote_speaker.setdefault(q.speaker, []).append(q)
    by_speaker: dict[str, dict[str, Any]] = {}
    groups: dict[str, list[Any]] = {}
    evidence_speakers: dict[str, dict[str, Any]] = {}
    for name, qs in by_quote_speaker.items():
        weights = [n_words[id(q)] for q in qs]
        agg = _aggregate([q.sentiment for q in qs], weights)
        agg["quotes"] = len(qs)
        agg["words"] = sum(weights)
        group = getattr(speakers.get(name), "group", None)
        agg["group"] = group
        by_speaker[name] = agg
        groups.setdefault(group or "other", []).extend(qs)
        # the record of a part is built only for the two parts kept
        parts = [(q, t, c) for q in qs for t, c in _sentence_parts(q.text, an)]
        evidence_speakers[name] = {
            k: {"quote": parts[v[0]][0].id, "paragraph": parts[v[0]][0].paragraph, "text": parts[v[0]][1],
                "compound": parts[v[0]][2]} if v else None
            for k, v in _extremes([c for _, _, c in parts], 1).items()
        }
    by_group = {}
    for g, qs in groups.items():
        weights = [n_words[id(q)] for q in qs]
        agg = _aggregate([q.sentiment for q in qs], weights)
        agg["quotes"], agg["words"] = len(qs), sum(weights)
        agg["speakers"] = sum(1 for v in by_speaker.values() if (v["group"] or "other") == g)
        by_group[g] = agg
    unattributed = [q for q in counted if not q.speaker]

    # 4. the version: all, narrative and quoted sentences
    evidence_article = {
        k: [
            {"sentence": r["sentence"], "paragraph": r["paragraph"], "text": body[i].text,
             "compound": r["compound"], "quoted": r["quoted"]}
            for i, r in zip(v, map(sentences.__getitem__, v))
        ]
        for k, v in _extremes([r["compound"] for r in sentences], EVIDENCE_PER_VERSION).items()
    }
    names: dict[str, int] = {}
    for rec in named:
        for w in rec["names"]:
            names[w] = names.get(w, 0) + 1
    result = {
        "method": "vader",
        "thresholds": {"positive": POSITIVE_THRESHOLD, "negative": NEGATIVE_THRESHOLD},
        "article": _aggregate(sentences),
        "narrative": _aggregate([r for r in sentences if not r["quoted"]]),
        "quoted": _aggregate([r for r in sentences if r["quoted"]]),
        "quotes": _aggregate([q.sentiment for q in counted], [n_words[id(q)] for q in counted]),
        "by_speaker": by_speaker,
        "by_group": by_group,
        "unattributed": _aggregate([q.sentiment for q in unattributed], [n_words[id(q)] for q in unattributed]),
        "evidence": {"article": evidence_article, "by_speaker": evidence_speakers},
        "names": [
            {"word": w, "valence": an.lexicon[str.lower(w)], "count": n} for w, n in sorted(names.items())
        ],
        "sentences": sentences,
    }
    article.sentiment = result
    return result


def _scored(article: Article) -> dict[str, Any]:
    if not article.sentiment or "sentences" not in article.sentiment:
        score(article)
    return article.sentiment  # type: ignore[return-value]


def sentence_table(article: Article) -> Any:
    """One row per body sentence: its VADER scores, label and whether it is quoted.

    Reuses the scores of :func:`score` (computing them first if needed).

    Examples:
        >>> from toolkit.load import load_text
        >>> from toolkit.text import segment
        >>> art = segment(load_text("Prices soared. Nobody was hurt.", id="t"))
        >>> art.meta["cleaned"] = True
        >>> sentence_table(art)[["sentence", "text", "compound", "label"]]
           sentence             text  compound     label
        0         0   Prices soared.    0.0000   neutral
        1         1  Nobody was hurt.   -0.5267  negative
    """
    import pandas as pd

    result = _scored(article)
    rows = []
    for s, rec in zip(article.sentences, result["sentences"]):
        rows.append({
            "article": article.id, "sentence": s.index, "paragraph": s.paragraph, "text": s.text,
            "quoted": rec["quoted"], **{k: rec[k] for k in _KEYS}, "label": rec["label"],
            "names": ", ".join(rec.get("names", ())), "compound_names_masked": rec.get("compound_names_masked"),
        })
    cols = ["article", "sentence", "paragraph", "text", "quoted", *_KEYS, "label", "names",
            "compound_names_masked"]
    return pd.DataFrame(rows, columns=cols)


def speaker_table(article: Article) -> Any:
    """One row per quoted speaker: group, quotes, words and word-weighted tone.

    Examples:
        >>> from toolkit.load import load_text
        >>> art = load_text("Nothing quoted here.", id="t")
        >>> list(speaker_table(art).columns)
        ['article', 'speaker', 'group', 'quotes', 'words', 'compound', 'pos', 'neu', 'neg', 'label']
    """
    import pandas as pd

    result = _scored(article)
    cols = ["article", "speaker", "group", "quotes", "words", *_KEYS, "label"]
    rows = [
        {"article": article.id, "speaker": name, **{k: v.get(k) for k in cols[2:]}}
        for name, v in result["by_speaker"].items()
    ]
    return pd.DataFrame(rows, columns=cols)


def quote_table(article: Article) -> Any:
    """One row per quote: id, speaker, kind, words and VADER scores of its own text.

    Examples:
        >>> from toolkit.load import load_text
        >>> len(quote_table(load_text("No quotes.", id="t")))
        0
    """
    import pandas as pd

    _scored(article)
    cols = ["article", "quote", "speaker", "kind", "paragraph", "text", "words", *_KEYS, "label"]
    rows = [
        {"article": article.id, "quote": q.id, "speaker": q.speaker, "kind": q.kind,
         "paragraph": q.paragraph, "text": q.text, "words": _words(q),
         **{k: (q.sentiment or {}).get(k) for k in (*_KEYS, "label")}}
        for q in article.quotes
    ]
    return pd.DataFrame(rows, columns=cols)
