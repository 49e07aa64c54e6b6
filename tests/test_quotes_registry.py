"""The shortcuts of the speaker registry give the speakers (and so the quotes) of the plain way."""
from __future__ import annotations

import bisect
import json
import random
from pathlib import Path

import pytest

from toolkit import quotes
from toolkit.load import load_text
from toolkit.pipeline import prepare

# Pieces of news prose around names: titles, initials, possessives (also written apart), commas,
# descriptions, organisations, pronouns, quotations, line breaks and odd spaces.
_PIECES = [
    "Jane Roe", "Roe", "Roe,", "Roe.", "Ms. Roe", "Sen. Roe", "J. Roe", "Jane M. Roe", "Roe’s", "Roe 's", "Roe's",
    "Acme", "Acme,", "Acme’s", "Acme 's", "the company Acme", "Acme CEO", "Acme Corp", "Smith", "Smith,",
    "John Smith", "Mr. Smith", "President Smith", "Smith-Jones", "O'Smith", "Smithson", "Li", "Lisa", "Li Wei",
    "Chief Executive", "CEO", "chief executive", "spokesman", "a senior fellow at Acme", "who", "which",
    "former", "vice", "said", "says", "told reporters", "added", "according to", "he", "she", "it", "its",
    "they", "the", "a", "of", "and", ",", ",", ".", ".", ";", ":", "—", "-", "(", ")", "“It is done,”",
    "“We will see.”", '"No comment,"', "U.S.", "A.B.", "Friday", "in", "on", "for", "with", "I'm", "\u00a0",
    "\n", "Roe\u00a0's", "_Roe", "Roe_", "Roe&Co", "ROE", "roe",
    "the company’s", "officials'", "its", "senior", "adviser",
]


# What is written right before and after a name: where a first name, a title or a description can be.
_BEFORE = ["", "", "said", "the company’s", "officials'", "Acme’s", "its", "senior adviser", "former", "Sen.",
           "Ms.", "J.", "A.", "(", ",", ".", "“No,”", "Friday", "and", "—", "Chief Executive", "told"]
_AFTER = ["", "", ",", ", a senior fellow at Acme,", ", who", ", 56,", ", the company’s CEO,", "’s", " 's", ".",
          "-", ")", " said", " told reporters", ", which"]


def _random_text(rnd: random.Random) -> str:
    paras = []
    for _ in range(rnd.randint(1, 5)):
        words = []
        for _ in range(rnd.randint(1, 8)):
            if rnd.random() < 0.5:  # a name in its context
                words += [rnd.choice(_BEFORE), rnd.choice(["Roe", "Smith", "Acme", "Jane Roe", "Li"]) + rnd.choice(_AFTER)]
            words += [rnd.choice(_PIECES) for _ in range(rnd.randint(0, 4))]
        seps = [rnd.choice([" ", " ", " ", "", "  "]) for _ in words]
        paras.append("".join(w + s for w, s in zip(words, seps)).strip() or "Roe")
    return "\n\n".join(paras)


_TEXTS = [
    "Retired US ambassador William Courtney said the pressure had worked.\n\n"
    "“It is a complex problem,” he told CNN. Courtney, a fellow at Rand, added more.\n\n"
    "North Korea promoted the ideology of “juche,” Courtney said.",
    "Acme said it would appeal.\n\nThe company Acme, which makes anvils, reported losses. Acme CEO Jane Roe "
    "declined to comment.\n\nRoe said the deal was off. Ms. Roe, 56, told reporters: “Never.”\n\n"
    "Roe’s plan, Roe 's plan and Roe's plan differ. Jane M. Roe, chief executive of Acme, agreed.",
    "Sen. Smith said so. Smith, the senator from Ohio, added that Smith-Jones and Smithson disagreed.\n\n"
    "“Fine,” said Smith. President John Smith said later. Smith\u00a0's aide, Li Wei, said Li would go.",
]


def _shared_texts(n: int = 60) -> list[str]:
    from toolkit.datasets import shared_data

    d = shared_data()
    if d is None:
        return []
    paths = sorted(Path(d).glob("polnear/data/*/text/*.txt"))
    return [p.read_text() for p in paths[:: max(1, len(paths) // n)]]


def _result(text: str) -> str:
    art = prepare(load_text(text, id="t"))
    quotes.extract(art)
    return json.dumps({"quotes": [q.to_dict() for q in art.quotes], "meta": art.meta}, sort_keys=True, default=str)


def _plain_sites(self, word):
    """Every token written ``word`` in the body: every paragraph tokenised, no token skipped."""
    out = []
    for k, para in enumerate(self.paras):
        toks = para.toks
        for t, tok in enumerate(toks):
            if tok.text == word:
                a = t
                while a - 1 >= 0 and self._first_name(toks, a - 1):
                    a -= 1
                out.append((k, t, a))
    return out


def _plain_full_name(registry, surname):
    """``_Registry._full_name`` as first written: its own walk over at most four first names."""
    best = None
    for k, para in enumerate(registry.paras):
        toks = para.toks
        for t in (t for t, tok in enumerate(toks) if tok.text == surname):
            a = t
            while a - 1 >= 0 and t - (a - 1) <= 4 and registry._first_name(toks, a - 1):
                a -= 1
            while a < t and toks[a].text == ".":
                a += 1
            if a < t and (best is None or t - a + 1 > best[0]):
                best = (t - a + 1, para.span(a, t + 1))
    return best[1] if best else None


def _texts(seed: int, n: int) -> list[str]:
    rnd = random.Random(seed)
    return _TEXTS + [_random_text(rnd) for _ in range(n)]


def test_skipping_bare_names_and_paragraphs_changes_no_speaker(monkeypatch, seed_pair):
    texts = _texts(1, 300) + _shared_texts()
    texts += ["\n\n".join(p.text for p in art.paragraphs if p.kind == "body") for art in seed_pair]
    fast = [_result(t) for t in texts]
    monkeypatch.setattr(quotes._Registry, "_sites", _plain_sites)
    assert [_result(t) for t in texts] == fast


def _paras(text: str) -> list[quotes._Para]:
    art = prepare(load_text(text, id="t"))
    out = []
    for p in art.paragraphs:
        para = quotes._Para(p, quotes.load_cues())
        para.read(runs_on=False)
        out.append(para)
    return out


def test_the_tokens_around_a_word_are_the_paragraphs_tokens_there():
    rnd = random.Random(2)
    checked = 0
    for text in _texts(2, 150):
        for para in _paras(text):
            if not para.reads_alone:
                continue
            full, starts = para.toks, para.starts
            words = {tok.text for tok in full} | {para.text[i:i + rnd.randint(1, 6)] for i in range(len(para.text))}
            for word in words:
                at = para.text.find(word)
                while at >= 0:
                    got = quotes._Para(para.p, para.lex).tokens_around(at, word)  # a paragraph not tokenised
                    t = bisect.bisect_left(starts, at)
                    if t < len(full) and starts[t] == at and full[t].text == word:
                        toks, i = got
                        assert toks == full[t - i:t - i + len(toks)], (para.text, at, word)
                        # the two tokens either side are there, when the paragraph has them
                        assert i >= min(t, 2) and len(toks) - i - 1 >= min(len(full) - t - 1, 2), (para.text, at, word)
                        checked += 1
                    else:
                        assert got is None, (para.text, at, word)
                    at = para.text.find(word, at + 1)
    assert checked > 2_000


@pytest.mark.parametrize("text, bare", [
    ("Jane Roe", False), ("a Roe", True), ("Roe , x", True), ("Roe, who", False), ("Roe, 56,", False),
    ("Roe, Acme’s CEO", False), ("(Roe)", True), ("and Roe said", True), ("Acme’s Roe", False),
    ("the company’s Roe", False), ("It ended. Roe", True), ("Sen. Roe", False), ("J. Roe", False),
    ("fund, Roe", True), ("the chairman, Roe", False), ("a spokesman, Roe", False), ("Roe", True),
])
def test_a_bare_name_gives_no_full_name_and_no_description(text, bare):
    para = _paras(text)[0]
    registry = quotes._Registry([para], para.lex)
    t = next(t for t, tok in enumerate(para.toks) if tok.text == "Roe")
    assert quotes._bare(para.toks, t, para.lex) == bare
    if bare:
        assert registry._full_name("Roe") is None
        assert quotes._descriptions_at(para, t, t + 1, para.lex) == []


def test_the_hits_of_a_word_are_every_offset_of_it():
    for text in _texts(3, 100):
        paras = _paras(text)
        registry = quotes._Registry(paras, paras[0].lex)
        for word in {w for p in paras for w in p.text.split()} | {"\n", "Roe\nR", " "}:
            plain = [(k, [at for at in range(len(p.text)) if p.text.startswith(word, at)]) for k, p in enumerate(paras)]
            assert registry._hits(word) == [(k, ats) for k, ats in plain if ats], (text, word)



def test_the_alphanumeric_pattern_is_str_isalnum():
    import sys

    chars = "".join(map(chr, range(sys.maxunicode + 1)))
    assert [c for c in chars if quotes._ALNUM.match(c)] == [c for c in chars if c.isalnum()]


def test_a_full_name_is_found_as_by_its_own_walk():
    texts = _texts(4, 200) + ["A. B. C. D. E. Roe said. Jane Mary Ann Lee Roe left. J. R. R. Roe, Acme’s Roe."]
    checked = 0
    for text in texts:
        paras = _paras(text)
        registry = quotes._Registry(paras, paras[0].lex)
        for word in {tok.text for p in paras for tok in p.toks if tok.cap}:
            assert registry._full_name(word) == _plain_full_name(registry, word), (text, word)
            checked += registry._full_name(word) is not None
    assert checked > 100
