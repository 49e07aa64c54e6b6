"""Issue 8: the fast paths give exactly the numbers of the libraries they replace.

Readability is computed by toolkit.readability in one pass instead of textstat's
five functions; VADER's scores come from toolkit.sentiment.FastVader instead of
SentimentIntensityAnalyzer; framing and segmentation take shortcuts. Every
test here compares with the original on real text, with ``==`` (and the
``repr``, so that even the sign of a zero must agree). Speed itself is measured
in benchmarks/bench_speed.py, never here.
"""
from __future__ import annotations

import copy
import os
import subprocess
import sys
from pathlib import Path

import pytest
import textstat
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from toolkit import framing, readability, sentiment
from toolkit.datasets import shared_data
from toolkit.readability import METRICS, readability_of, use_offline_cmudict
from toolkit.text import split_sentences, tokenize

ROOT = Path(__file__).resolve().parents[1]
VADER = SentimentIntensityAnalyzer()
FAST = sentiment.FastVader()

#: Texts that exercise the corners of textstat's word, syllable and sentence rules.
EDGE_TEXTS = [
    "one",
    "Hello world",
    "...",
    "!!!",
    "?! . ,",
    "3.5 percent of 4,000 people in the 1990s paid $1.2 billion.",
    "The nuclear-test site; a co-operative, long-term, self-made plan.",
    "don't won't it's 'quoted' o'clock rock'n'roll 'tis 'twas ma'am y'all DON'T IT'S",
    "North Korea’s leader said ‘no’ to the U.S. and U.K. at 9 a.m. on Jan. 5.",
    "İstanbul, Ünïcödé café naïve résumé Zürich Ørsted Łódź.",
    "ΟΔΟΣ Σίσυφος ΣΑΣ. Ελληνικά γράμματα εδώ.",
    "ǅemal ǈubljana ﬁnance ﬂow",
    "x\u0307y and e\u0301 combining marks",
    "Mr. Kim. Dr. Lee. Gen. Brooks met Sen. Smith.",
    "A b. C d e f. G h i j k.",
    "word\u00a0with\u2009thin spaces\u2028and a line separator",
    "tab\tseparated\nnew line\r\nwindows line",
    "Supercalifragilisticexpialidocious antidisestablishmentarianism pneumonoultramicroscopicsilicovolcanoconiosis",
    "_underscore_ __init__ snake_case_words",
    "😀 emoji 👍🏽 and ❤️ hearts",
    "Trump’s “America First” doctrine — as he put it — is “very, very strong.”",
    "2018-04-10 10:30 GMT +44 (0)20 7946 0958 www.example.com/a-b_c?d=e",
]

#: VADER's own demonstration sentences and its tricky cases, plus rule corners.
VADER_CASES = [
    "VADER is smart, handsome, and funny.",
    "VADER is smart, handsome, and funny!",
    "VADER is very smart, handsome, and funny.",
    "VADER is VERY SMART, handsome, and FUNNY.",
    "VADER is VERY SMART, handsome, and FUNNY!!!",
    "VADER is VERY SMART, uber handsome, and FRIGGIN FUNNY!!!",
    "VADER is not smart, handsome, nor funny.",
    "The book was good.",
    "At least it isn't a horrible book.",
    "The book was only kind of good.",
    "The plot was good, but the characters are uncompelling and the dialog is not great.",
    "Today SUX!",
    "Today only kinda sux! But I'll get by, lol",
    "Make sure you :) or :D today!",
    "Catch utf-8 emoji such as 💘 and 💋 and 😁",
    "Not bad at all",
    "Sentiment analysis has never been good.",
    "Sentiment analysis has never been this good!",
    "Most automated sentiment analysis tools are shit.",
    "With VADER, sentiment analysis is the shit!",
    "Other sentiment analysis tools can be quite bad.",
    "On the other hand, VADER is quite bad ass",
    "VADER is such a badass!",
    "Without a doubt, excellent idea.",
    "Roger Dodger is one of the most compelling variations on this theme.",
    "Roger Dodger is at least compelling as a variation on the theme.",
    "Roger Dodger is one of the least compelling variations on this theme.",
    "Not such a badass after all.",
    "Without a doubt, an excellent idea.",
    # lower-casing the whole text: "İ" grows, "Σ" depends on its neighbours (per-word path)
    "İYİ good GREAT", "ΟΔΟΣ good", "ΣΑΣ. GOOD", "Ünité GOOD, très bon", "GREAT “good” NICE",
    # rule corners
    "not good", "never so good", "never this good", "no good", "no no no good", "no good or bad",
    "good nor bad no", "it was no problem", "the least bad option", "very least good", "at least good",
    "That movie was the bomb", "the bomb", "kiss of death", "yeah right", "to die for", "bus stop",
    "beating heart of the city", "cut the mustard", "He is kind of nice", "kind of", "sort of good",
    "good but bad but good", "but", "BUT it was GOOD", "good, but", "but good", "good but not great",
    "GOOD", "GOOD bad", "good!!!", "good!!!!!!", "bad???", "good?", "good??", "????", "!!!!",
    "😁", "a😁b", "I ❤️ you", "☺️ fine", "👍🏽 great", "😀😀😀 happy",
    "", "   ", ":)", ":-(", "<3", "lol", "LOL!!!", "wtf?!", "meh.", "- -", "'", "\"good\"",
    "He didn’t like it.", "He didn't like it.", "He doesnt like it", "It's not that it isn't nice.",
    # FastVader's shortcut for a lexicon word without any rule nearby, at its edges
    "it was the bomb good", "a kiss of death good", "to die for good", "he is sort of good", "just enough good",
    "yeah right good", "bus stop good", "the shit happy", "that is so good", "this good", "it was so very good",
    "never so good news", "without doubt good", "the best of the good", "no. good", "no, good", "least, good",
    "GOOD news for EVERYONE", "VERY good", "it is VERY GOOD indeed", "GOOD BAD", "Good. BAD!", "ISN'T good",
    "It isn't good", "wouldn't be happy", "Can’t be happy", "kind of GOOD", "KIND OF good",
    # "but": VADER rescales the first word holding an equal value
    "good good but good", "good but good good", "great bad but great bad", "good but but bad",
    "no good but no good", "good, but GOOD", "good bad good but bad good bad", "but good but bad",
    # emoji detection outside ASCII
    "Nice © deal ®", "“Quoted” good — fine", "café good", "a 𝐁𝐨𝐥𝐝 good day", "good ☺ day",
]


def textstat_scores(text: str) -> dict:
    use_offline_cmudict()
    out = {m: getattr(textstat, m)(text) for m in METRICS}
    out["words"] = textstat.lexicon_count(text)
    out["sentences"] = textstat.sentence_count(text)
    return out


def assert_identical(got: dict, expected: dict, what: str) -> None:
    assert got == expected, what
    assert repr(got) == repr(expected), what  # same floats to the last bit, same signed zeros, same key order


@pytest.fixture(scope="module")
def polnear_texts() -> list[str]:
    """At least 200 real news articles (every 3rd PolNeAR article of 300-3,000 words)."""
    d = shared_data("polnear/data")
    if d is None:
        pytest.skip("the PolNeAR articles (../shared/data/polnear) are not present on this machine")
    texts = [p.read_text(encoding="utf-8") for p in sorted((d / "polnear" / "data").glob("*/text/*.txt"))]
    texts = [t for t in texts if 300 <= len(t.split()) <= 3000][::3]
    assert len(texts) >= 200
    return texts


# --------------------------------------------------------------------------- readability


@pytest.mark.parametrize("text", EDGE_TEXTS)
def test_readability_equals_textstat_on_edge_cases(text):
    assert_identical(readability_of(text), textstat_scores(text), text)


def test_readability_equals_textstat_on_the_seeds(seed_pair):
    for art in seed_pair:
        raw = Path(art.source_path).read_text(encoding="utf-8")
        for text in (art.text, raw):
            assert_identical(readability_of(text), textstat_scores(text), art.id)


def test_readability_equals_textstat_on_real_news(polnear_texts):
    for text in polnear_texts:
        assert_identical(readability_of(text), textstat_scores(text), text[:80])


def test_readability_equals_textstat_on_every_paragraph_and_sentence(seed_pair):
    # short texts: one or two sentences, few words, zero guards
    for art in seed_pair:
        for p in art.paragraphs:
            for text in [p.text, *(s.text for s in p.sentences)]:
                assert_identical(readability_of(text), textstat_scores(text), text)


def test_sentences_are_counted_as_textstat_counts_them_piece_by_piece(polnear_texts):
    # short pieces ("Mr.", "U.S.", "Kim -- said.") are where the two-word rule decides
    short = ["Mr.", "U.S. officials met.", "Kim -- said. Yes!", "... -- ...", "a b. c d e. f", "1 2 3? 4 5"]
    for text in [*EDGE_TEXTS, *short, *sentences_of(polnear_texts[:40])]:
        assert readability._count_sentences(text) == textstat.sentence_count(text), text


def test_a_blank_text_has_no_scores_while_any_other_text_has_textstats():
    assert readability_of("") == readability_of(" \n\t ") == dict.fromkeys(readability.READABILITY_KEYS)
    assert_identical(readability_of("."), textstat_scores("."), ".")


def test_the_syllable_table_is_the_first_pronunciation_of_every_cmudict_word():
    full = readability._cmudict()
    table = readability._syllable_table()
    assert table.keys() == full.keys()
    for word, prons in full.items():
        assert table[word] == sum(1 for ph in prons[0] if ph[-1].isdigit()), word


def test_the_easy_words_are_textstats():
    from textstat.backend.utils import get_lang_easy_words

    assert readability._easy_words() == get_lang_easy_words("en_US")


def test_lower_casing_a_text_or_each_of_its_words_splits_alike(polnear_texts):
    # readability.py relies on it: textstat lower-cases whole texts and single words
    for text in [*EDGE_TEXTS, *polnear_texts]:
        cleaned = " ".join(readability._words(text))
        assert cleaned.lower().split() == [w.lower() for w in cleaned.split()]


def test_textstat_itself_is_given_the_offline_dictionary_when_loaded():
    # a notebook that imported textstat gets the same dictionary as the toolkit
    readability_of("The minister spoke.")
    from textstat.backend.counts import _count_syllables

    assert _count_syllables.get_cmudict is readability._offline_get_cmudict


# --------------------------------------------------------------------------- VADER


def assert_same_vader(text: str) -> None:
    assert_identical(FAST.polarity_scores(text), VADER.polarity_scores(text), text)


@pytest.mark.parametrize("text", VADER_CASES)
def test_fast_vader_equals_vader_on_its_tricky_cases(text):
    assert_same_vader(text)


def test_fast_vader_equals_vader_on_every_sentence_of_real_news(polnear_texts):
    n = 0
    for text in polnear_texts:
        for para in text.splitlines():
            for s in split_sentences(para):
                assert_same_vader(s)
                n += 1
    assert n > 10000


def test_fast_vader_equals_vader_on_the_seeds_sentences_paragraphs_and_quotes(seed_pair):
    for art in seed_pair:
        for p in art.paragraphs:
            assert_same_vader(p.text)
            for s in p.sentences:
                assert_same_vader(s.text)
        for q in art.quotes:
            assert_same_vader(q.text)


def test_fast_vader_honours_an_edited_lexicon():
    fast, slow = sentiment.FastVader(), SentimentIntensityAnalyzer()
    for a in (fast, slow):
        a.lexicon["summit"] = 2.5
        del a.lexicon["good"]
        # an int valence, zero valences and "but" itself rated: VADER keeps the types
        a.lexicon["hope"], a.lexicon["the"], a.lexicon["said"], a.lexicon["but"] = 2, 0.0, -0.0, 1.0
    texts = ("The summit was good.", "Not a good summit, but a SUMMIT!", "hope", "HOPE the summit",
             "the hope but the summit", "He said no hope, but hope", "said said but summit summit")
    for text in texts:
        got, expected = fast.polarity_scores(text), slow.polarity_scores(text)
        assert_identical(got, expected, text)
        assert [type(v) for v in got.values()] == [type(v) for v in expected.values()], text


def test_fast_vader_honours_a_replaced_lexicon():
    # FastVader wraps VADER's analyser: a lexicon assigned whole, as VADER allows, is the one both
    # its fast path and VADER's own (a text that is not a str) read
    fast, slow = sentiment.FastVader(), SentimentIntensityAnalyzer()
    for a in (fast, slow):
        a.lexicon = {"summit": 3.0, "crisis": -2.5, "very": 1.0}
    assert fast.vader.lexicon is fast.lexicon
    for text in ("The summit was good.", "A very bad crisis, but a SUMMIT!", "good"):
        assert_identical(fast.polarity_scores(text), slow.polarity_scores(text), text)
    assert fast.polarity_scores("The summit was good.")["compound"] > 0
    assert fast.polarity_scores("good")["compound"] == 0


def test_fast_vader_equals_vader_on_random_rule_words():
    # words that trigger VADER's rules, thrown together: negations, boosters, "but",
    # idioms, capitals, emoticons, punctuation
    import random

    vocab = (  # noqa: SIM905
        "good good, GOOD bad BAD great but BUT But not no never so this very least at kind of sort "
        "the bomb shit kiss of death to die for yeah right bus stop just enough isn't don't without "
        "doubt nor or hope Hope HOPE :) :( lol ! ? !! ?? . , a he said quite extremely barely ok no. "
        "no, NO no! kinda"
    ).split()
    rng = random.Random(7)
    for _ in range(5000):
        text = " ".join(rng.choice(vocab) for _ in range(rng.randint(1, 14)))
        assert_same_vader(text)


def reference_valenced_names(text: str, lex: dict, known=()) -> list[str]:
    """sentiment.valenced_names as first written: every token looked at."""
    import re

    token = re.compile(r"\w+(?:[-'’.]\w+)*")
    known_lower = {k.lower() for k in known}
    toks = list(token.finditer(text))
    out = []
    for i, m in enumerate(toks):
        w = m.group(0)
        if w.lower() not in lex or not w[:1].isupper() or (w.isupper() and len(w) > 1):
            continue
        if w.lower() in known_lower:
            out.append(w)
            continue
        before = text[: m.start()].rstrip()
        opens = not before or before[-1] in ".!?" + sentiment._OPENERS
        neighbour = any(
            0 <= j < len(toks) and toks[j].group(0)[:1].isupper()
            and not text[min(m.end(), toks[j].end()): max(m.start(), toks[j].start())].strip()
            for j in (i - 1, i + 1)
        )
        if not opens or neighbour:
            out.append(w)
    return out


NAME_CASES = [
    "Hope Hicks met Justice Kennedy. Hope is rising.", "“Hope is here,” he said.", "«Élan» and Grace",
    "x—Love story", "don't-Bad news", "U.S.-Good relations", "a’Hope", "_Hope", "5Hope", "éHope", "Ⅻ Hope",
    "the GOOD and the Bad", "No, Sir", "He met Mr. Love.", "United Nations", "KILL the Kill", "İyi Hope",
    # the gaps between tokens: text, space only, a no-break space, none before the first word
    "Hope", "  Hope", "Hope\u00a0Love", "\"Hope\" Love", "Love’s Hope", "Hope, Love", "Mr Love-Hope",
    "(Hope) Love", "Hope—Love", "Hope Love", "x Hope", ": Hope Love", "Hope\nLove said",
]


def test_name_flags_equal_the_token_by_token_rule(seed_pair, polnear_texts):
    lex = sentiment.default_analyzer().lexicon
    texts = list(NAME_CASES)
    for art in seed_pair:
        texts += [s.text for s in art.sentences] + [q.text for q in art.quotes]
    for text in polnear_texts[:300]:
        texts += text.splitlines()
    for text in texts:
        for known in ((), ("Love", "Hope")):
            assert sentiment.valenced_names(text, known=known) == reference_valenced_names(text, lex, known), text


def test_sentiment_scores_are_the_same_with_vaders_own_analyser(seed_pair):
    # the whole sentiment result (sentences, quotes, speakers, evidence, names)
    for art in seed_pair:
        fast, slow = copy.deepcopy(art), copy.deepcopy(art)
        got = sentiment.score(fast)
        expected = sentiment.score(slow, analyzer=SentimentIntensityAnalyzer())
        assert got == expected
        assert [q.sentiment for q in fast.quotes] == [q.sentiment for q in slow.quotes]


# --------------------------------------------------------------------------- segmentation and framing


def reference_norm(text: str) -> tuple[list[str], list[int], list[int]]:
    """framing's token normalisation as first written: one token at a time."""
    norm, norm_raw, raw_first_norm = [], [], []
    for r, m in enumerate(framing._TOKEN.finditer(text)):
        raw_first_norm.append(len(norm))
        tok = m.group(0).lower().replace("’", "'").rstrip(".")
        if tok.endswith("'s"):
            tok = tok[:-2]
        for piece in tok.split("-"):
            if piece:
                norm.append(piece)
                norm_raw.append(r)
    return norm, norm_raw, raw_first_norm


def sentences_of(texts: list[str]) -> list[str]:
    return [s for t in texts for para in t.splitlines() for s in split_sentences(para)]


def test_framing_normalises_every_sentence_as_token_by_token(polnear_texts):
    for s in [*sentences_of(polnear_texts), *EDGE_TEXTS, "", "x's", "A-b-c’s d’s"]:
        sent = framing._PreparedSentence(s)
        norm, norm_raw, raw_first_norm = reference_norm(s)
        # each raw token's normalised tokens run from its first to the next one's (or n_tokens)
        ends = [*sent.raw_first_norm[1:], sent.n_tokens]
        got_norm_raw = [r for r, (a, b) in enumerate(zip(sent.raw_first_norm, ends)) for _ in range(a, b)]
        assert (sent.tokens, got_norm_raw, sent.raw_first_norm) == (norm, norm_raw, raw_first_norm), s
        assert sent.n_tokens == len(norm), s
        assert sent.starts == [m.start() for m in framing._TOKEN.finditer(s)]


def test_tokens_never_end_with_a_dot(polnear_texts):
    # text.tokenize relies on it to skip stripping dots
    for s in sentences_of(polnear_texts[:50]) + EDGE_TEXTS:
        assert tokenize(s) == tuple(t.rstrip(".") for t in framing._TOKEN.findall(s))




# --------------------------------------------------------------------------- start-up


def test_import_and_analysis_do_not_load_what_they_do_not_use():
    code = (
        "import sys, toolkit\n"
        "heavy = ('textstat', 'nltk', 'matplotlib', 'trafilatura', 'dask', 'pandas', 'cmudict')\n"
        "print(sorted(m for m in heavy if m in sys.modules))\n"
        "toolkit.analyze('example:cnn')\n"
        "print(sorted(m for m in heavy if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT,
                         env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert out.stdout.split("\n")[:2] == ["[]", "[]"]


@pytest.mark.parametrize("text", [
    "", "   ", "One.", "One. Two", "One. two", "Done.  ", "  Really?! Yes", "Wait… What", "Wait ... What",
    "a.\u00a0B", 'x."  Y', "He said (no.) Then", "no stop at all", "U.S. Army", "end!", "so? Yes? No",
])
def test_one_sentence_quotes_skip_the_splitter_with_the_same_parts(text):
    parts = [t for t, _ in sentiment._sentence_parts(text, sentiment.default_analyzer())]
    assert parts == (split_sentences(text) or [text])


def test_quote_parts_equal_the_splitter_on_real_news(polnear_texts):
    an = sentiment.default_analyzer()
    for text in polnear_texts[:200]:
        for line in text.splitlines():
            for piece in (line, line[: len(line) // 2], line[len(line) // 3:]):
                assert [t for t, _ in sentiment._sentence_parts(piece, an)] == (split_sentences(piece) or [piece])


def test_a_quote_cut_cleanly_from_a_nameless_sentence_has_no_names(polnear_texts):
    # score() skips the name test for such a quote: check that it would find nothing
    from types import SimpleNamespace as NS

    import toolkit

    lex = sentiment.default_analyzer().lexicon
    cases = [  # (sentence, quote start, quote end)
        ("He said “Hope is here” today.", 9, 21), ("the Anti-Hope camp", 9, 13), ("the U.S-Good deal", 8, 12),
        ("Trump’s Love", 0, 5), ("trump’s Love", 8, 12), ("the x'Hope plan", 6, 10), ("a HopeLove b", 2, 6),
        ("Love it", 0, 4), ("said: Hope.", 6, 10), ("_Hope", 1, 5), ("Ölé Hope", 4, 8),
    ]
    seen = 0
    for sentence, a, b in cases:
        s = NS(paragraph=0, start=0, end=len(sentence), text=sentence)
        q = NS(paragraph=0, start=a, end=b, text=sentence[a:b])
        nameless = lex.keys().isdisjoint(w.lower() for w in sentiment._CAPITALISED.findall(sentence))
        if nameless and sentiment._inside_nameless(q, {0: [s]}):
            seen += 1
            assert sentiment.valenced_names(q.text) == [], (sentence, q.text)
    for text in polnear_texts[:60]:
        art = toolkit.analyze(text)
        by_par: dict[int, list] = {}
        for s in art.sentences:
            if lex.keys().isdisjoint(w.lower() for w in sentiment._CAPITALISED.findall(s.text)):
                by_par.setdefault(s.paragraph, []).append(s)
        for q in art.quotes:
            if sentiment._inside_nameless(q, by_par):
                seen += 1
                for known in ((), ("Love", "Hope")):
                    assert sentiment.valenced_names(q.text, known=known) == [], q.text
    assert seen > 100


# --------------------------------------------------------------------------- tables shared between calls


def test_threads_analysing_at_once_get_what_one_thread_gets_even_as_word_tables_are_emptied(monkeypatch):
    # The per-word tables (readability's word values, the codebook's token index) outlive a call and
    # are emptied when full. Dask's threaded engine and notebooks share them between threads: a
    # table emptied by one thread in the middle of another's article must not change that article.
    import json
    from concurrent.futures import ThreadPoolExecutor

    import toolkit
    from toolkit.corpus import example_corpus, iter_articles
    from toolkit.pipeline import clear_word_tables

    sources = [copy.deepcopy(a) for a in iter_articles(example_corpus())][:16]
    sources += [p.read_text(encoding="utf-8") for p in toolkit.examples().values()]

    def run(source) -> str:
        art = toolkit.analyze(copy.deepcopy(source) if not isinstance(source, str) else source)
        return json.dumps(art.to_dict(), sort_keys=True, default=str)

    alone = [run(s) for s in sources]
    clear_word_tables()  # every word is new again
    monkeypatch.setattr(framing, "_MEMO_LIMIT", 40)  # emptied every few dozen new tokens
    monkeypatch.setattr(readability, "_MAX_WORD_VALUES", 40)
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads as often as the interpreter can, so races show
    try:
        with ThreadPoolExecutor(4) as pool:
            together = list(pool.map(run, sources * 3))
    finally:
        sys.setswitchinterval(interval)
    assert together == alone * 3
