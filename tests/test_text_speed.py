"""Issue 8: segmentation's shortcuts give exactly what the plain code gives.

``tokenize`` cuts tokens with str.split() from a text whose other characters are blanked
(``toolkit.text._token_text``) instead of running the token regex; ``segment`` blanks each
paragraph once and splits the sentences' spans of it. Both must equal the regex everywhere.
The sentence splitter reads the word before a full stop from at most the 40 characters before
it. ``segment`` reads all paragraphs of an
article as one text joined by "\\x00", which must give each paragraph the sentences it has alone.
"""
from __future__ import annotations

import random
import re
import sys

import pytest

import toolkit
from toolkit import text as T
from toolkit.article import Article, Paragraph
from toolkit.datasets import shared_data

#: the definition of a token (what toolkit.text documents and framing/sentiment also use)
TOKEN = re.compile(r"\w+(?:[-'’.]\w+)*")

TRICKY = [
    "", " ", ".", "...", "'", "’", "-", "a", "_", "a.", ".a", "a..b", "a.-b", "a--b", "a-'b", "-a-", "'a'",
    "U.S. and U.K.", "rock'n'roll", "’tis", "it’s", "x’", "Korea’s nuclear-test site, the U.S. said — twice!",
    "İstanbul café naïve Łódź ΟΔΟΣ Σίσυφος", "ǅemal ﬁnance ²³ ½ ٣٤ x\u0307y e\u0301",
    "word\u00a0with\u2009thin spaces\u2028and\x1cseparators\x85here", "tab\tand\nnew\r\nline",
    "😀 emoji 👍🏽 ❤️", "lone \ud800 surrogate", "snake_case __init__ _a_", "$1.2 3.5% 4,000 www.a-b.com/c?d=e",
]

#: characters around which the token rules turn: word characters of several scripts, the
#: connectors, marks and spaces of every kind
ALPHABET = list("aZ09_é²½ΣßİǅﬁŁ٣-'’.,;:!?\"“”‘()—–…/ \t\n\u00a0\u2009\u2028\x1c\u0301😀")


def reference(text: str) -> tuple[str, ...]:
    return tuple(TOKEN.findall(text))


def plain_spans(text: str) -> list[tuple[int, int]]:
    """sentence_spans as it was: every _END match of the paragraph alone, each decided by _is_break."""
    abbreviations = T._abbreviations()
    reversed_text = text[::-1]
    spans, start = [], len(text) - len(text.lstrip())
    for m in T._END.finditer(text):
        if T._is_break(text, reversed_text, m, abbreviations):
            spans.append((start, m.end()))
            start = m.end() + len(m.group(3))
    if start < len(text.rstrip()):
        spans.append((start, len(text.rstrip())))
    return spans


def test_blanking_keeps_exactly_the_regex_word_characters():
    for c in range(sys.maxunicode + 1):
        char = chr(c)
        if (char.isalnum() or char == "_") != bool(re.match(r"\w", char)):
            pytest.fail(f"{c:#x}: isalnum and the regex \\w disagree")


@pytest.mark.parametrize("text", TRICKY)
def test_tokens_equal_the_regex_on_tricky_text(text):
    assert T.tokenize(text) == reference(text)
    assert len(T._token_text(text)) == len(text)


def test_tokens_equal_the_regex_on_random_text():
    rng = random.Random(8)
    for _ in range(20_000):
        text = "".join(rng.choices(ALPHABET, k=rng.randint(0, 30)))
        assert T.tokenize(text) == reference(text), repr(text)


def test_sentence_tokens_equal_the_regex_on_random_paragraphs():
    rng = random.Random(9)
    words = ["Mr.", "U.S.", "Kim", "said", "“Why?”", "he", "asked.", "’tis", "rock-'n'-roll", "3.5", "end.",
             "—", "...", "(AP)", "'quoted'", "Ünïcödé", "a.m.", "Jan.", "5.", "!", "?!", "--", "x_y", "\u00a0",
             "The", "J.", "a.b.c.", "12.", "etc.", "A.", "Corp.", "x" * 45 + ".", "é.", "…", "B", "It",
             "a." * 20, "a." * 25, "(b." * 15]
    for _ in range(3_000):
        para = "".join(rng.choice(words) + rng.choice([" ", "  ", "\n", " \t"]) for _ in range(rng.randint(1, 25)))
        art = Article(id="r", paragraphs=[Paragraph(0, para), Paragraph(1, para.strip())])
        assert segmented(art) == alone(art)
        for p in art.paragraphs:
            assert T.sentence_spans(p.text) == plain_spans(p.text), repr(p.text)
            for s in p.sentences:
                assert s.tokens == reference(s.text), repr(s.text)


@pytest.mark.parametrize("run", range(35, 50))
def test_the_word_before_a_stop_is_read_from_at_most_40_characters(run):
    for piece in ("a." * run, "x" * run + ".", "1" * run + ".", "Mr" + "." * run):
        text = f"It came {piece} Kim went. {piece} The end. {piece} 2 left."
        assert T.sentence_spans(text) == plain_spans(text), text


#: the characters the candidate sentence ends turn on: stops, closers, openers, white space, words
STOPS = list(".!?…\"”’')]“(  \n") + ["a", "A", "1", ". ", "? ", "... ", "!) "]


def test_candidate_ends_are_the_matches_of_the_end_regex():
    rng = random.Random(11)
    for _ in range(100_000):
        text = "".join(rng.choices(STOPS, k=rng.randint(0, 16)))
        found = [(m.span(), m.groups()) for m in T._candidates(text)]
        assert found == [(m.span(), m.groups()) for m in T._END.finditer(text)], repr(text)


def alone(article: Article) -> list[list[tuple]]:
    """Each paragraph's sentences as segmenting the paragraph on its own gives them."""
    out, n = [], 0
    for p in article.paragraphs:
        spans = plain_spans(p.text)
        first = n if p.is_body else None
        out.append([(-1 if first is None else first + i, p.index, a, b, p.text[a:b], reference(p.text[a:b]))
                    for i, (a, b) in enumerate(spans)])
        n += len(spans) if p.is_body else 0
    return out


def segmented(article: Article) -> list[list[tuple]]:
    T.segment(article)
    return [[(s.index, s.paragraph, s.start, s.end, s.text, s.tokens) for s in p.sentences]
            for p in article.paragraphs]


#: paragraph edges where a joined text could differ from the paragraphs on their own: stops,
#: quotes, connectors and white space at either end, the separator itself inside a paragraph
EDGES = ["", " ", "  ", "\n", "\t", "\x00", ".", "...", "…", "!", "?", "'", "’", "-", "”", "(", ")",
         "Mr.", "U.S.", "3.", "a.", "The", "the", "5", "“Why?”", "x\x00y", "\u00a0", "\x1c", "é", "\ud800"]


def test_joined_paragraphs_give_each_paragraph_its_own_sentences():
    rng = random.Random(10)
    words = ["Mr.", "U.S.", "Kim", "said", "“Why?”", "he", "asked.", "’tis", "3.5", "end.", "—", "...", "x" * 41 + ".",
             "The", "J.", "a.m.", "etc.", "…", "It", "!", "?", "'q'", "a." * 22, "5.", "\x00"]
    kinds = ["body", "body", "body", "caption", "boilerplate"]
    for _ in range(2_000):
        paras = []
        for i in range(rng.randint(1, 6)):
            middle = " ".join(rng.choice(words) for _ in range(rng.randint(0, 6)))
            text = rng.choice(EDGES) + rng.choice(EDGES) + middle + rng.choice(EDGES) + rng.choice(EDGES)
            paras.append(Paragraph(i, text, kind=rng.choice(kinds)))
        art = Article(id="r", paragraphs=paras)
        assert segmented(art) == alone(art), [p.text for p in paras]


def test_sentence_tokens_equal_the_regex_on_real_news():
    d = shared_data("polnear/data")
    if d is None:
        pytest.skip("the PolNeAR articles (../shared/data/polnear) are not present on this machine")
    paths = sorted((d / "polnear" / "data").glob("*/text/*.txt"))[::5]
    assert len(paths) >= 100
    for path in paths:
        art = toolkit.load_text(path.read_text(encoding="utf-8"), id="p")
        assert segmented(art) == alone(art)
        for p in art.paragraphs:
            assert T.sentence_spans(p.text) == plain_spans(p.text)
            assert [s.tokens for s in p.sentences] == [reference(s.text) for s in p.sentences]
            assert T.tokenize(p.text) == reference(p.text)
