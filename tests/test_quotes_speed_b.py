"""The shortcuts of the quotes attribution rules answer as the plain code they replaced.

Each reference below is the earlier, plainer version of a function of
``toolkit.quotes``; the fast one must agree with it at every position of real
paragraphs (the example corpus and a few written to hit the rare branches).
"""
from __future__ import annotations

import bisect
import random
import re

import pytest

from toolkit import quotes as Q
from toolkit.corpus import example_corpus, iter_articles
from toolkit.load import load_text
from toolkit.pipeline import prepare

_TEXTS = [
    "“We will not back down,” said Jane Ortiz, a senior fellow at a think tank. “Never.”\n\n"
    "She added that the talks had failed, adding that Acme 's CEO, John Roe, told CNN the U.S. deal was off.",
    "Harbor Bank’s CEO Jane Roe’s aide said, and he noted that the deal — and she said it twice — was dead; "
    "“fine,” said the Acme’s Bob’s chief. Jane Roe’s Bob’s said so. French President Francois Hollande of the Sierra Club said so.",
    "Mr. Grassley and Mr. Leahy said the bill, which passed in 2019, was “a start,” though Sen. Gwen Moore "
    "(D-Wis.) said on Tuesday, according to Reuters, that it was not. The news agency TASS said it was, "
    "but CNN and the Pentagon disagreed — and officials said they would wait until March 1999.",
    "In the words of one aide, it was over. “Go home,” he said\n\nAs quoted by Reuters, she says",
]


def _paras() -> list[Q._Para]:
    arts = [prepare(load_text(t, id=f"t{k}")) for k, t in enumerate(_TEXTS)]
    arts += [prepare(a) for a in list(iter_articles(example_corpus()))[:12]]
    lex = Q.load_cues()
    out = []
    for art in arts:
        for p in art.paragraphs:
            if p.kind != "body":
                continue
            para = Q._Para(p, lex)
            para.read(runs_on=False)
            if para.toks:
                out.append(para)
    return out


@pytest.fixture(scope="module")
def paras() -> list[Q._Para]:
    return _paras()


def _sentences(paras, rnd: random.Random):
    """Every sentence of the paragraphs, with no token claimed and with a random few claimed."""
    for para in paras:
        for lo, hi in para.sents:
            yield Q._Sentence(para, lo, hi, [False] * len(para.toks))
            claimed = [rnd.random() < 0.15 for _ in para.toks]
            yield Q._Sentence(para, lo, hi, claimed)


# ------------------------------------------------------------------ references (the plain code)


def _ref_content_end(s: Q._Sentence, k: int) -> int:
    toks, hi = s.toks, s.hi
    for m in range(k, hi):
        t = toks[m]
        if t.low in ("and", "but") and m + 1 < hi and m > k:
            c = Q._cue_at(toks, m + 1, s.lo, s.lex)
            if c is not None and c[2] in ("speech", "reporting"):
                return m
        boundary = t.text in (",", ";") or t.text in Q._DASHES or (t.q >= 0 and s._ends_with_comma(m))
        if not boundary or m + 1 >= hi:
            continue
        first = m + 1
        if (toks[first].low in ("and", "but") or toks[first].low in Q._CLAUSE_STOP) and first + 1 < hi:
            first += 1
        for x in range(first, min(first + 5, hi)):
            if s.claimed[x]:
                break
            c = Q._cue_at(toks, x, s.lo, s.lex)
            if c is not None and c[2] != "dash":
                if x == first or toks[x - 1].low in s.lex.between or (
                        Q._np_back(toks, x - 1, first, s.lex) or (None,))[0] == first:
                    return m + 1 if t.q >= 0 else m
            if not toks[x].word:
                break
    return hi


def _ref_make_mention(para: Q._Para, a: int, b: int, kind: str | None = None) -> Q._Mention:
    toks, lex = para.toks, para.lex
    starts, ends, sent_of = para.starts, para.ends, para.sent_of
    text = para.text[starts[a]:ends[b - 1]]
    m = Q._Mention(para.index, starts[a], ends[b - 1], text, kind or "common",
                   sentence_start=(a == 0 or sent_of[a - 1] != sent_of[a]))
    first = toks[a]
    if b - a == 1 and (first.low in Q._SUBJECT_PRONOUNS or first.low in Q._CONTRACTED):
        m.kind = "pronoun"
        return m
    if toks[b - 1].text == ")":
        for x in range(b - 2, a, -1):
            if toks[x].text == "(":
                m.description.append(para.span(x, b))
                b = x
                break
    if b - a == 1 and first.low == Q._RELATIVE:
        m.kind = "relative"
        return m
    for x in range(a + 1, b - 1):
        if toks[x].low in ("of", "for", "at", "from", "with") and toks[x - 1].cap \
                and toks[x - 1].text not in lex.titles and toks[x - 1].text not in lex.org_words:
            m.description.append(para.span(x, b))
            b = x
            break
    k = b
    while k > a and (toks[k - 1].cap or toks[k - 1].text == "."):
        k -= 1
    run = list(range(k, b))
    last_owner = next((x for x in range(len(run) - 1, -1, -1) if Q._possessive(toks[run[x]])), -1)
    if 0 <= last_owner < len(run) - 1:
        run = run[last_owner + 1:]
    last_title = next((x for x in range(len(run) - 1, -1, -1) if Q._is_title(toks, run[x], lex)), -1)
    if 0 <= last_title < len(run) - 1:
        run = run[last_title + 1:]
    while len(run) > 1 and (toks[run[0]].text in lex.titles or toks[run[0]].text == "." or Q._possessive(toks[run[0]])
                            or toks[run[0]].text in lex.not_names):
        run.pop(0)
    if len(run) == 1 and Q._is_title(toks, run[0], lex) and b - a > 1:
        run = []
    if len(run) == 1 and run[0] == a and toks[a].low in lex.speaker_nouns and toks[a].text not in lex.org_words:
        run = []
    if run and toks[run[-1]].cap:
        m.kind = kind or "name"
        m.name = para.span(run[0], run[-1] + 1)
        prefix = para.text[starts[a]:starts[run[0]]].strip(" ,")
        if prefix and prefix.lower() not in Q._DETERMINERS:
            m.description.append(prefix)
        names = [toks[x].text for x in run]
        before = [toks[x].low for x in range(a, run[0])]
        m.org = (any(n in lex.org_words for n in names)
                 or (len(names) == 1 and names[0].isupper() and len(names[0]) >= 2 and names[0] not in lex.titles)
                 or bool(before and before[-1] in Q._ORG_NOUNS | {"agency", "news", "media", "outlet", "newspaper",
                                                                  "broadcaster"})
                 or (bool(before) and before[0] == "the" and len(before) == 1))
    else:
        words = [t.low for t in toks[a:b] if t.word and t.low not in Q._DETERMINERS]
        m.head = " ".join(words) or text.lower()
        m.org = bool(words) and (words[-1] in Q._ORG_NOUNS or any(toks[x].text in lex.org_words for x in range(a, b)))
        m.description.append(text)
    return m


# ------------------------------------------------------------------ the tests


def test_content_end_and_stops_at_answer_as_the_plain_scan(paras):
    checked = stops = 0
    for s in _sentences(paras, random.Random(8)):
        for k in range(s.lo, s.hi + 1):
            want = _ref_content_end(s, k)
            assert s._content_end(k) == want, (s.para.text, k)
            assert s._stops_at(k) == (want == k), (s.para.text, k)
            checked += 1
            stops += want == k < s.hi
    assert checked > 5000 and stops > 10  # the boundaries with a cue after them were met


def test_make_mention_names_every_span_as_the_plain_code(paras):
    n = 0
    for para in paras:
        for lo, hi in para.sents:
            for a in range(lo, hi):
                for b in range(a + 1, min(a + 9, hi) + 1):
                    assert Q._make_mention(para, a, b) == _ref_make_mention(para, a, b), (para.span(a, b))
                    n += 1
    assert n > 5000


def test_quotation_and_word_counts_by_position(paras):
    for s in _sentences(paras, random.Random(3)):
        toks = s.toks
        for a in range(s.lo, s.hi + 1):
            for b in range(a, s.hi + 1):
                has_quote = any(toks[t].q >= 0 for t in range(a, b))
                words = sum(1 for t in range(a, b) if toks[t].word)
                assert s._has_quote(a, b) == has_quote
                assert s._only_quotes(a, b) == (has_quote and all(toks[t].q >= 0 or not toks[t].word
                                                                  for t in range(a, b)))
                assert s._reportable(a, b) == (b > a and (has_quote or words >= 3))
                for n in (1, 3):
                    assert Q._enough_words(toks, a, b, n) == (words >= n)


def test_claim_marks_what_the_plain_loops_marked(paras):
    rnd = random.Random(5)
    for para in paras:
        for lo, hi in para.sents:
            for _ in range(4):
                a, b = sorted(rnd.randrange(lo, hi + 1) for _ in range(2))
                i = rnd.randrange(lo, hi)
                n = rnd.randint(1, hi - i)
                ma, mb = sorted(rnd.randrange(lo, hi) for _ in range(2))
                mention = Q._make_mention(para, ma, mb + 1)
                if rnd.random() < 0.3:  # offsets that fall inside tokens
                    mention.start += rnd.randint(0, 2)
                    mention.end -= rnd.randint(0, 2)
                attr = Q._Attr("said", "say", i, mention, [(a, b)], "test")
                s = Q._Sentence(para, lo, hi, [False] * len(para.toks))
                s._claim(attr, i, n)
                want = [False] * len(para.toks)
                t = max(lo, bisect.bisect_left(para.starts, mention.start))
                while t < hi and para.ends[t] <= mention.end:
                    want[t] = True
                    t += 1
                for t in [*range(i, i + n), *range(a, b)]:
                    want[t] = True
                assert s.claimed == want


def test_month_or_year_as_the_pattern():
    year = re.compile(r"(?:19|20)\d\d")
    words = ["1999", "2020", "2100", "1899", "19999", "199", "20١٢", "19²3", "March", "march", "Sept", "abcd", "x"]
    for w in words:
        assert Q._month_or_year(Q._Tok(w)) == (w in Q._MONTHS or bool(year.fullmatch(w))), w


def test_has_words_as_isalnum():
    para = Q._Para(load_text("x", id="t").paragraphs[0], Q.load_cues())
    for text in ["“...”", "“_”", "“é”", "“²”", "“—”", "“ 7 ”", "“__a”"]:
        para.text = text
        mk = Q._Mark(0, 1, len(text) - 1, len(text))
        assert Q._has_words(para, mk) == any(c.isalnum() for c in text[1:-1]), text


def test_each_sentence_is_read_with_the_candidates_it_holds(paras, monkeypatch):
    """_paragraph_quotes finds a candidate's sentence by ``sent_of``; the plain way bisected each sentence."""
    read = []
    plain_read = Q._Sentence.read

    def recording(self, candidates):
        read.append((self.para.index, self.lo, self.hi, list(candidates)))
        return plain_read(self, candidates)

    monkeypatch.setattr(Q._Sentence, "read", recording)
    want = []
    for para in paras:
        if not para.may_quote():
            continue  # narrative: no sentence of it is read
        starts = Q._cue_starts(para.lex)
        cands = [t for t, tok in enumerate(para.toks) if tok.low in starts]
        for lo, hi in para.sents:
            at = cands[bisect.bisect_left(cands, lo):bisect.bisect_left(cands, hi)]
            if at:
                want.append((para.index, lo, hi, at))
        Q._paragraph_quotes(para, Q._Context(intro=None), [])
    assert read == want and len(want) > 100
