"""FastVader against vaderSentiment's own SentimentIntensityAnalyzer on random texts built to hit its shortcuts.

Each shortcut of FastVader (the lexicon words scored
without the rules, the rules on pre-lowered words, the idiom look-ups on word
tuples, the capitals test only near a word) is exercised by texts made of
words that trigger VADER's rules, with punctuation stuck to them, in capitals,
and next to idioms and boosters; every score must be VADER's to the last bit.
"""
from __future__ import annotations

import random

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
])
def test_fast_vader_equals_vader_on_rule_corners(text):
    assert_same(text)
