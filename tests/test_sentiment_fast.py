"""FastVader against vaderSentiment's own SentimentIntensityAnalyzer on random texts built to hit its shortcuts.

Each shortcut of FastVader (the lexicon words scored
without the rules, the rules on pre-lowered words, the idiom look-ups on word
tuples, the capitals test only near a word) is exercised by texts made of
words that trigger VADER's rules, with punctuation stuck to them, in capitals,
and next to idioms and boosters; every score must be VADER's to the last bit.
"""
from __future__ import annotations

import math
import random
import re

import pytest
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from toolkit import sentiment

VADER = SentimentIntensityAnalyzer()
FAST = sentiment.FastVader()

# rule words of every kind: negations, boosters (also in capitals), "no"/"least",
# "but", "so"/"this", idioms and booster phrases, capitals, emoticons, short words
WORDS = (  # noqa: SIM905
    "good bad great love hate hope kind nice ok okay happy sad death die kiss heart shit bomb ass right "
    "not no never nor or without doubt isn't don't cannot least at very VERY extremely EXTREMELY barely "
    "quite more most so this kind of sort just enough the to for bus stop yeah beating bad broken "
    "but BUT But however a an he said said. it was is GOOD BAD Great HOPE Hope LOVE I A OK lol LOL "
    ":) :( :-) <3 :D xD"
).split()
# what can stick to a word: VADER strips string.punctuation from both ends unless
# two characters or fewer are left; the curly quotes and dashes are not stripped
AFFIXES = ["", "", "", "", ",", ".", "!", "?", "...", "(", ")", '"', "'", "“", "”", "—", "-", ":", "''", "!?"]


def _random_text(rng: random.Random) -> str:
    words = []
    for _ in range(rng.randint(1, 16)):
        w = rng.choice(WORDS)
        if rng.random() < 0.3:
            w = rng.choice(AFFIXES) + w
        if rng.random() < 0.3:
            w = w + rng.choice(AFFIXES)
        words.append(w)
    sep = rng.choice([" ", " ", " ", "  ", "\n", " \u00a0"])
    return sep.join(words)


def assert_same(text: str) -> None:
    got, expected = FAST.polarity_scores(text), VADER.polarity_scores(text)
    assert got == expected, text
    assert repr(got) == repr(expected), text  # the same floats to the last bit and the same signed zeros


@pytest.mark.parametrize("seed", range(4))
def test_fast_vader_equals_vader_on_random_texts_of_rule_words_with_punctuation_and_capitals(seed):
    rng = random.Random(seed)
    for _ in range(5000):
        assert_same(_random_text(rng))


@pytest.mark.parametrize("text", [
    "the bomb", "THE BOMB is good", "it was the shit", "kiss of death", "to die for", "not to die for",
    "bus stop good", "yeah right", "just enough good", "kind of good", "sort of bad", "the kind of good",
    "VERY good", "VERY GOOD thing", "very, good", "(very) good", "not, good", "no. good", "no good", "no, good",
    "at least good", "least good", "very least good", "never so good", "never this good", "without doubt good",
    "GOOD", "GOOD GOOD", "good GOOD bad", "I A GOOD", "extremely EXTREMELY bad", "isn't it GOOD", "so good",
    "this good", "we said a kiss of death", "the bomb a good", "it was bad ass good", "he said the bomb",
    "oh the kind of good", "a b c yeah right", "a b c bus stop", "a b to die for", "the bomb bad ass",
    "good but bad", "good but BUT bad", "(good)", "“good”", "good!!!", "good??", "good????",
    # the punctuation amplifier (skipped when a text holds no ! and no ?), on positive,
    # negative and zero sums, with one ? (no amplifier), more than 4 ! and more than 3 ?
    "bad!", "bad?", "bad??", "bad?????", "good? bad? ok?", "not good!!!!!!", "the end!", "the end??",
    "good bad!", "?", "!", "kiss of death!?", "no good!", "bad! but good?",
])
def test_fast_vader_equals_vader_on_rule_corners(text):
    assert_same(text)


# --------------------------------------------------------------------------- names

LEXICON = FAST.lexicon
# capitalised lexicon words and others, with what can sit next to a token: the
# connectors -'’. (inside or outside a token), underscores and digits (word
# characters), non-ASCII capitals and letters, openers, no-break spaces
NAME_WORDS = (  # noqa: SIM905
    "Hope Love Justice Grace Rich Joy HOPE hope love Hicks Kennedy He The said said. Mr. U.S. "
    "Anti-Hope Hope-Love Hope’s Love's x'Hope _Hope Hope_ 5Hope Hope5 éHope Élan Ölé İyi Ⅻ a I A L "
    # lexicon words that are tokens with a digit, an underscore or a connector inside
    "Self-confident Cover-up Son-of-a-bitch J4f N00b O_o O.o Hi5"
).split()
NAME_AFFIXES = ["", "", "", "", ",", ".", "“", "”", '"', "(", ")", "-", "—", "'", "’", ":", "_", "é", "É",
                "!", "?", "«", "[", "–", "„", "Ⓐ", "Ⅻ", "…", ". "]
NAME_SEPARATORS = [" ", " ", " ", "\u00a0", "\n", "", "\t ", "\u2003", " - ", ", "]


def _random_name_text(rng: random.Random) -> str:
    out = []
    for _ in range(rng.randint(1, 12)):
        w = rng.choice(NAME_WORDS)
        if rng.random() < 0.3:
            w = rng.choice(NAME_AFFIXES) + w
        if rng.random() < 0.3:
            w = w + rng.choice(NAME_AFFIXES)
        out.append(w + rng.choice(NAME_SEPARATORS))
    return "".join(out)


@pytest.mark.parametrize("seed", range(2))
def test_names_from_the_tokens_that_are_not_lower_case_equal_names_from_the_capitalised_regex(seed):
    # score() looks for a sentence's names among its tokens (as segmentation stores them)
    # that are not lower case; valenced_names among the matches of _CAPITALISED
    from types import SimpleNamespace as NS

    rng = random.Random(seed)
    nameless = cut = 0
    for _ in range(5000):
        text = _random_name_text(rng)
        not_lower = sentiment._not_lower(sentiment._TOKEN.findall(text))
        for known in (set(), {"love", "hope"}):
            got = sentiment._names_among(text, not_lower, LEXICON, known)
            assert got == sentiment.valenced_names(text, known=known), text
        if LEXICON.keys().isdisjoint(map(str.lower, not_lower)):
            # score() then skips the name test for the quotes cut cleanly from the sentence
            nameless += 1
            a = rng.randint(0, len(text))
            b = rng.randint(a, len(text))
            s = NS(paragraph=0, start=0, end=len(text), text=text)
            q = NS(paragraph=0, start=a, end=b, text=text[a:b])
            if sentiment._inside_nameless(q, {0: [s]}):
                cut += 1
                assert sentiment.valenced_names(q.text, known=("Love", "Hope")) == [], (text, q.text)
    assert nameless > 500 and cut > 100


def _names_by_split(text: str, capitalised: list[str], lex: dict, known_lower: set[str]) -> list[str]:
    # sentiment._names_among as it was: the text split into tokens and the text between them
    candidates = {
        w for w in capitalised if w.lower() in lex and w[:1].isupper() and not (w.isupper() and len(w) > 1)
    }
    parts = re.split("(" + sentiment._TOKEN.pattern + ")", text)  # the tokens and the text between them
    words, gaps = parts[1::2], parts[::2]
    out = []
    for i, w in enumerate(words):
        if w not in candidates:
            continue
        if w.lower() in known_lower:
            out.append(w)
            continue
        gap = gaps[i].rstrip()
        if (gap[-1] not in sentiment._SENTENCE_OPENERS) if gap else i > 0:
            out.append(w)
        elif (i > 0 and words[i - 1][:1].isupper() and not gaps[i].strip()) or (
            i < len(words) - 1 and words[i + 1][:1].isupper() and not gaps[i + 1].strip()
        ):
            out.append(w)
    return out


@pytest.mark.parametrize("seed", range(3))
def test_names_found_by_str_find_equal_names_found_by_splitting_the_text(seed):
    rng = random.Random(100 + seed)
    flagged = 0
    for _ in range(5000):
        text = _random_name_text(rng)
        for capitalised in (sentiment._capitalised(text), sentiment._not_lower(sentiment._TOKEN.findall(text))):
            for known in (set(), {"love", "hope", "justice"}):
                got = sentiment._names_among(text, capitalised, LEXICON, known)
                assert got == _names_by_split(text, capitalised, LEXICON, known), (text, known)
                flagged += bool(got)
    assert flagged > 2000


def _regex_without(text: str, words: list[str]) -> str:
    # sentiment._masked as first written
    return re.sub(r"\b(?:" + "|".join(map(re.escape, set(words))) + r")\b", "", text)


@pytest.mark.parametrize("seed", range(2))
def test_names_are_masked_as_by_the_word_boundary_regex(seed):
    rng = random.Random(seed)
    # names are tokens: they start and end with a word character; some are a
    # prefix of another or hold a connector, so that the order of the words matters
    names = ["Hope", "Love", "Hope-Love", "Hope.Love", "Love’s", "Hope's", "Hope_", "É", "Élan", "Ⅻ", "a", "A"]
    for _ in range(5000):
        text = _random_name_text(rng)
        words = rng.sample(names, rng.randint(1, 4))
        assert sentiment._without(text, words) == _regex_without(text, words), (text, words)
    for text, words in [("Hope-Love", ["Hope", "Hope-Love"]), ("HopeHope Hope", ["Hope"]), ("", ["Hope"]),
                        ("Hope Hope", ["Hope"]), ("_Hope Hope_", ["Hope"]), ("a Hope-Love-Hope", ["Hope", "Love"]),
                        # an occurrence overlapping a rejected one
                        ("xHope.Hope.Hope", ["Hope.Hope"]), ("a.a.a ba.a.a", ["a.a"])]:
        assert sentiment._without(text, words) == _regex_without(text, words), (text, words)


def _ties_and_near_ties(digits: int) -> list[float]:
    """Floats at, just below and just above every k / 10**digits and (k + 1/2) / 10**digits in
    [-1, 1], and the halves a binary float holds exactly (0.1875 = 187.5 / 1000)."""
    step = 10.0 ** -digits
    out = []
    for k in range(-(10 ** digits), 10 ** digits + 1):
        for x in (k * step, (k + 0.5) * step):
            out += [x, math.nextafter(x, -2.0), math.nextafter(x, 2.0)]
    return out + [0.1875, -0.1875, 0.0625, 0.03125, 0.96875]


@pytest.mark.parametrize("digits", [3, 4])
def test_sentiment_rounds_every_score_as_round_does(digits):
    # VADER rounds each score with round(x, 3) or round(x, 4); the faster _round must give
    # the same float, zero's sign included (round(-0.00004, 4) is -0.0).
    rng = random.Random(digits)
    xs = [rng.uniform(-1.0, 1.0) for _ in range(100_000)] + [rng.random() ** 6 for _ in range(20_000)]
    xs += [rng.uniform(-1e9, 1e9) for _ in range(20_000)]  # (the shortcut holds at any size below 1e15)
    xs += _ties_and_near_ties(digits)
    xs += [0.0, -0.0, -1e-9, 1e-9, 12345.6785, -98765.4321, 1e20, -1e300, 5e-324, float("inf"), float("-inf")]
    differ = [x for x in xs if repr(sentiment._round(x, digits)) != repr(round(x, digits))]
    assert not differ, differ[:5]
    assert math.isnan(sentiment._round(float("nan"), digits))
