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
import re
import string
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any

from vaderSentiment.vaderSentiment import (
    BOOSTER_DICT,
    C_INCR,
    N_SCALAR,
    NEGATE,
    SPECIAL_CASES,
    SentimentIntensityAnalyzer,
    scalar_inc_dec,
)

from .article import Article

#: VADER's documented thresholds on the compound score.
POSITIVE_THRESHOLD = 0.05
NEGATIVE_THRESHOLD = -0.05
#: Quote kinds whose words are the speaker's own (indirect quotes are paraphrase).
QUOTED_KINDS = ("direct", "partial")
#: How many most-positive / most-negative sentences of a version to keep as evidence.
EVIDENCE_PER_VERSION = 3

_KEYS = ("compound", "pos", "neu", "neg")
_TOKEN = re.compile(r"\w+(?:[-'’.]\w+)*")
_OPENERS = "\"“„«‹‘‚'([:—–-"


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


class FastVader(SentimentIntensityAnalyzer):
    """VADER's ``SentimentIntensityAnalyzer`` with the same numbers, computed with less repeated work.

    VADER 3.3.2 spends most of a sentence's time on bookkeeping, not on its
    rules: it copies the text one character at a time to replace emojis, and
    for every lexicon word it lower-cases the whole sentence again, four times
    (negation and idiom checks). This subclass lower-cases each word once,
    skips the emoji copy when the text has no emoji, and applies the rules of
    ``sentiment_valence`` to that list, in the same order and with the same
    float operations, so every score is bit-for-bit VADER's. The rare or
    quirky paths run VADER's own code (the "but" rule, whose ``list.index``
    lookups must be reproduced exactly, and the final scoring) or a verbatim
    copy of it (emoji replacement).
    Equality with ``SentimentIntensityAnalyzer`` on every sentence of hundreds
    of real articles and on VADER's tricky cases is tested in
    tests/test_speed_equivalence.py.

    An edited ``lexicon`` (a class exercise) is honoured, as in VADER.

    Examples:
        >>> text = "The book was not good, but the film was GREAT!!"
        >>> FastVader().polarity_scores(text)
        {'neg': 0.1, 'neu': 0.47, 'pos': 0.43, 'compound': 0.8239}
        >>> FastVader().polarity_scores(text) == SentimentIntensityAnalyzer().polarity_scores(text)
        True
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # polarity_scores tests one character at a time, so only one-character keys can match.
        self._emoji_chars = frozenset(k for k in self.emojis if len(k) == 1)

    def polarity_scores(self, text: str) -> dict[str, float]:
        if not isinstance(text, str):
            return super().polarity_scores(text)
        if not self._emoji_chars.isdisjoint(text):
            text = self._replace_emojis(text)
        text = text.strip()
        # SentiText: white-space tokens, punctuation stripped unless that leaves
        # two characters or fewer (an emoticon such as ":)" stays whole).
        words = [w if len(s := w.strip(_PUNCTUATION)) <= 2 else s for w in text.split()]
        if not words:
            return {"neg": 0.0, "neu": 0.0, "pos": 0.0, "compound": 0.0}
        # One lower-casing for the whole sentence (VADER redoes it per rule). A
        # space never appears in a token nor in a lower-cased character, so the
        # split gives back one lower-cased token per word.
        lows = " ".join(words).lower().split(" ")
        lexicon = self.lexicon
        hits = [i for i, low in enumerate(lows) if low in lexicon]
        if not hits:
            # Every word scores the integer 0: VADER's result is then always this
            # (whatever the "but" rule or the punctuation do to zeros).
            return {"neg": 0.0, "neu": 1.0, "pos": 0.0, "compound": 0.0}
        # allcap_differential: some, but not all, words are in capitals
        is_cap_diff = 0 < len(words) - sum(map(str.isupper, words)) < len(words)
        last = len(words) - 1
        # VADER appends the integer 0 for words without valence; keep the
        # type, since the "but" rule and the final sums see these values.
        sentiments: list[float] = [0] * len(words)
        for i in hits:
            low = lows[i]
            # boosters ("very") and "kind of" modify the next word and score nothing themselves
            if low in BOOSTER_DICT or (i < last and low == "kind" and lows[i + 1] == "of"):
                continue
            sentiments[i] = self._valence(i, words, lows, is_cap_diff)
        if "but" in lows:
            sentiments = self._but_check(words, sentiments)
        return self.score_valence(sentiments, text)

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

    def _valence(self, i: int, words: list[str], lows: list[str], is_cap_diff: bool) -> float:
        """``SentimentIntensityAnalyzer.sentiment_valence`` for the lexicon word ``i``, on pre-lowered words."""
        lexicon = self.lexicon
        item, low = words[i], lows[i]
        valence = lexicon[low]
        if low == "no" and i != len(words) - 1 and lows[i + 1] in lexicon:
            valence = 0.0  # "no" negates the next lexicon word instead of counting itself
        if (
            (i > 0 and lows[i - 1] == "no")
            or (i > 1 and lows[i - 2] == "no")
            or (i > 2 and lows[i - 3] == "no" and lows[i - 1] in ("or", "nor"))
        ):
            valence = lexicon[low] * N_SCALAR
        if item.isupper() and is_cap_diff:
            if valence > 0:
                valence += C_INCR
            else:
                valence -= C_INCR
        for start_i in range(3):
            j = i - (start_i + 1)
            if i > start_i and lows[j] not in lexicon:
                s = scalar_inc_dec(words[j], valence, is_cap_diff) if lows[j] in BOOSTER_DICT else 0.0
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


_NEGATE = frozenset(NEGATE)
_PUNCTUATION = string.punctuation


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
    onezero = f"{lows[i - 1]} {lows[i]}"
    twoonezero = f"{lows[i - 2]} {lows[i - 1]} {lows[i]}"
    twoone = f"{lows[i - 2]} {lows[i - 1]}"
    threetwoone = f"{lows[i - 3]} {lows[i - 2]} {lows[i - 1]}"
    threetwo = f"{lows[i - 3]} {lows[i - 2]}"
    for seq in (onezero, twoonezero, twoone, threetwoone, threetwo):
        if seq in SPECIAL_CASES:
            valence = SPECIAL_CASES[seq]
            break
    if len(lows) - 1 > i:
        zeroone = f"{lows[i]} {lows[i + 1]}"
        if zeroone in SPECIAL_CASES:
            valence = SPECIAL_CASES[zeroone]
    if len(lows) - 1 > i + 1:
        zeroonetwo = f"{lows[i]} {lows[i + 1]} {lows[i + 2]}"
        if zeroonetwo in SPECIAL_CASES:
            valence = SPECIAL_CASES[zeroonetwo]
    for n_gram in (threetwoone, threetwo, twoone):  # booster bigrams: "kind of", "sort of"
        if n_gram in BOOSTER_DICT:
            valence = valence + BOOSTER_DICT[n_gram]
    return valence


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
    # Most sentences have no capitalised lexicon word at all: find that out
    # from the bare tokens before building match objects and offsets.
    words = _TOKEN.findall(text)
    if lex.keys().isdisjoint(map(str.lower, words)):
        return []
    for w in words:
        if w[:1].isupper() and w.lower() in lex:
            break
    else:
        return []
    known_lower = {k.lower() for k in known}
    toks = list(_TOKEN.finditer(text))
    out: list[str] = []
    for i, m in enumerate(toks):
        w = m.group(0)
        if w.lower() not in lex or not w[:1].isupper() or (w.isupper() and len(w) > 1):
            continue
        if w.lower() in known_lower:
            out.append(w)
            continue
        before = text[: m.start()].rstrip()
        opens = not before or before[-1] in ".!?" + _OPENERS
        neighbour = any(
            0 <= j < len(toks) and toks[j].group(0)[:1].isupper() and not _gap_breaks(text, toks, i, j)
            for j in (i - 1, i + 1)
        )
        if not opens or neighbour:
            out.append(w)
    return out


def _gap_breaks(text: str, toks: list[re.Match[str]], i: int, j: int) -> bool:
    """True when punctuation separates tokens i and j (then they are not one name)."""
    a, b = (toks[i], toks[j]) if i < j else (toks[j], toks[i])
    return bool(text[a.end(): b.start()].strip())


def _masked(text: str, names: Sequence[str], analyzer_: Any) -> float:
    """VADER's compound with the flagged name words removed."""
    pattern = re.compile(r"\b(?:" + "|".join(map(re.escape, set(names))) + r")\b")
    return analyzer_.polarity_scores(pattern.sub("", text))["compound"]


def _with_names(scores: dict[str, Any], text: str, analyzer_: Any, known: Iterable[str]) -> dict[str, Any]:
    names = valenced_names(text, analyzer_, known)
    if names:
        scores["names"] = names
        scores["compound_names_masked"] = _masked(text, names, analyzer_)
    return scores


# --------------------------------------------------------------------------- aggregation


def _aggregate(records: Sequence[dict[str, Any]], weights: Sequence[float] | None = None) -> dict[str, Any]:
    """Weighted means of compound/pos/neu/neg with label and n; nulls when empty."""
    if not records:
        return {**dict.fromkeys(_KEYS), "label": None, "n": 0}
    w = list(weights) if weights is not None else [1.0] * len(records)
    total = sum(w) or 1.0
    out: dict[str, Any] = {
        k: round(sum(r[k] * wi for r, wi in zip(records, w)) / total, 4) for k in _KEYS
    }
    out["label"] = label(out["compound"])
    out["n"] = len(records)
    return out


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
    from .text import split_sentences

    return [(s, analyzer_.polarity_scores(s)["compound"]) for s in split_sentences(text) or [text]]


class _OncePerText:
    """One article's VADER: each distinct text is scored once.

    A one-sentence quote is often a whole sentence, a quote's sentences are
    scored again for the speaker evidence, and a sentence can repeat; within
    one article they all reuse the first score. The memory dies with the
    article, so nothing is reused across articles (or benchmark rounds).
    The returned dicts are shared: read them, copy before changing.
    """

    def __init__(self, analyzer: Any):
        self.analyzer = analyzer
        self.lexicon = analyzer.lexicon
        self._scores: dict[str, dict[str, Any]] = {}

    def polarity_scores(self, text: str) -> dict[str, Any]:
        vs = self._scores.get(text)
        if vs is None:
            vs = self._scores[text] = self.analyzer.polarity_scores(text)
        return vs


def _extremes(items: Sequence[dict[str, Any]], k: int) -> dict[str, list[dict[str, Any]]]:
    pos = sorted((r for r in items if r["compound"] >= POSITIVE_THRESHOLD), key=lambda r: -r["compound"])
    neg = sorted((r for r in items if r["compound"] <= NEGATIVE_THRESHOLD), key=lambda r: r["compound"])
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
    known = {w for name in speakers if name for w in _TOKEN.findall(name)}
    # a quote's word count weighs it several times below: count its words once
    n_words = {id(q): _words(q) for q in article.quotes}

    # 1. every body sentence, once
    spans = _quoted_chars(article)
    sentences: list[dict[str, Any]] = []
    for s in article.sentences:
        vs = an.polarity_scores(s.text)
        rec = {
            "sentence": s.index,
            "paragraph": s.paragraph,
            **{k: vs[k] for k in _KEYS},
            "label": label(vs["compound"]),
            "quoted": _covered(s.start, s.end, spans.get(s.paragraph, ())) * 2 > (s.end - s.start),
        }
        sentences.append(_with_names(rec, s.text, an, known))

    # 2. every quote, on its own words
    for q in article.quotes:
        q.sentiment = _with_names(polarity(q.text, an), q.text, an, known)

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
        agg = _aggregate([q.sentiment for q in qs], [n_words[id(q)] for q in qs])
        agg["quotes"] = len(qs)
        agg["words"] = sum(n_words[id(q)] for q in qs)
        group = getattr(speakers.get(name), "group", None)
        agg["group"] = group
        by_speaker[name] = agg
        groups.setdefault(group or "other", []).extend(qs)
        parts = [
            {"quote": q.id, "paragraph": q.paragraph, "text": t, "compound": c}
            for q in qs
            for t, c in _sentence_parts(q.text, an)
        ]
        ext = _extremes(parts, 1)
        evidence_speakers[name] = {k: (v[0] if v else None) for k, v in ext.items()}
    by_group = {}
    for g, qs in groups.items():
        agg = _aggregate([q.sentiment for q in qs], [n_words[id(q)] for q in qs])
        agg["quotes"], agg["words"] = len(qs), sum(n_words[id(q)] for q in qs)
        agg["speakers"] = sum(1 for v in by_speaker.values() if (v["group"] or "other") == g)
        by_group[g] = agg
    unattributed = [q for q in counted if not q.speaker]

    # 4. the version: all, narrative and quoted sentences
    body = article.sentences
    evidence_article = _extremes(
        [
            {"sentence": r["sentence"], "paragraph": r["paragraph"], "text": body[i].text,
             "compound": r["compound"], "quoted": r["quoted"]}
            for i, r in enumerate(sentences)
        ],
        EVIDENCE_PER_VERSION,
    )
    names: dict[str, int] = {}
    for rec in [*sentences, *(q.sentiment for q in article.quotes)]:
        for w in rec.get("names", ()):
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
            {"word": w, "valence": an.lexicon[w.lower()], "count": n} for w, n in sorted(names.items())
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
