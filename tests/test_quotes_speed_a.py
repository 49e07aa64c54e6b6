"""Shortcuts of the quotes tokens and speaker registry give what the plain way gives."""
from __future__ import annotations

import random
import re

from toolkit import quotes
from toolkit import text as text_module
from toolkit.article import Paragraph, Sentence


def _carries_plain(description: str, terms: tuple[str, ...], mods: set[str]) -> bool:
    """:func:`quotes._carries` as first written, with a pattern per term."""
    d = description.lower().replace("\xa0", " ")
    d = next((part for part in quotes._HEAD_SPLIT.split(d) if part.strip()), "")
    for term in terms:
        for hit in re.finditer(rf"(?<![\w-]){re.escape(term)}(?![\w-]|['’]s\b)", d):
            before = quotes._WORDS_RE.findall(d[:hit.start()])
            if before and before[-1] in quotes._RANK_WORDS and before[-1] not in mods:
                continue
            return True
    return False


def test_carries_finds_what_the_pattern_finds():
    rng = random.Random(8)
    pieces = ["ceo", "ce", "o", "s", "'", "’", "-", "_", " ", "vice", "é", "1", "the", "of", "x", "\xa0", "٣"]
    terms_from = ["ceo", "ce", "o", "ceoceo", "e o", "s", "-ceo", "ceo-", "vice ceo"]
    hits = 0
    for _ in range(30_000):
        d = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 12)))
        terms = tuple(rng.choice(terms_from) for _ in range(rng.randint(1, 2)))
        mods = set(rng.sample(["vice", "former", "x"], rng.randint(0, 2)))
        want = _carries_plain(d, terms, mods)
        hits += want
        assert quotes._carries(d, terms, mods) == want, (d, terms, mods)
    assert hits > 300  # the random descriptions do carry terms often


def test_token_attributes():
    for text in ["said", "Said", "Acme’s", "students'", "US", "—", "x's", "S’"]:
        t = quotes._Tok(text)
        assert t.low == text.lower()
        assert t.possessive == text.lower().endswith(("'s", "’s", "s'", "s’"))
        assert quotes._possessive(t) == t.possessive
    assert quotes._Tok("“Hi”", 0).possessive is False


def _masked_sentences(text: str, runs_on: bool) -> tuple[list[tuple[int, int]], list[tuple[int, int]], bool]:
    """(sentences read by _Para, the masked text split again, whether the segment's sentences were used)."""
    spans = text_module.sentence_spans(text)  # as segment() finds them
    p = Paragraph(0, text, sentences=[Sentence(index=i, paragraph=0, start=a, end=b, text=text[a:b])
                                      for i, (a, b) in enumerate(spans)])
    para = quotes._Para(p, quotes.load_cues())
    para.read(runs_on=runs_on)
    fast = bool(para.marks) and para._unmasked_spans(spans) is not None
    return para._sentence_spans(), text_module.sentence_spans(para._masked()), fast


def test_sentences_with_quotations_hidden_are_those_of_splitting_the_masked_text():
    rng = random.Random(8)
    pieces = ["Hi", "hello", "The", "he", "Mr", "Jr", "a.m", "U.S", "said", "4", "x", "é", ".", "!", "?", "…",
              "...", ",", " ", "  ", "\n", "\u00a0", "\x1c", "“", "”", "\"", "'", "''", "``", "‘", "’", "«", "»",
              "‹", "›", "„", "‚", "(", ")", "[", "]", "—", "-", "_"]
    fast = 0
    texts = ['“It is over. We won.” He left. “not yet,” she said.', '"Fine," said Roe. "Really?" "yes."',
             '„Wir schaffen das“, sagte sie. «Non.» Mr. “Smith” came.', '“Stop…” Then it ended.',
             'In 2004. “4 more,” he said.', 'Mr. “(Then) it went,” he said.', 'Mr. “—Then,” he said.',
             'Mr. “‘Then,’ he said,” she said.']
    texts += ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 30))) for _ in range(30_000)]
    for text in texts:
        text = text.strip()
        if text:
            for runs_on in (False, True):
                got, want, used = _masked_sentences(text, runs_on)
                assert got == want, repr(text)
                fast += used
    assert fast > 5_000  # most paragraphs with quotations take the sentences of segment
