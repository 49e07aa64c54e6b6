"""The shortcuts of the quotes tokeniser give the tokens (and so the quotes) of the plain way."""
from __future__ import annotations

import json
import random
import re
from pathlib import Path

from toolkit import quotes
from toolkit.load import load_text
from toolkit.pipeline import prepare

# The token pattern as first written: the fast ones must split every text as it does.
_PLAIN_SPLIT = re.compile(r"([A-Za-z]\.(?:[A-Za-z]\.)+|\w+(?:[-'’&]\w+)*|[^\w\s])")

_TEXTS = [
    "“We will not back down,” said Jane Ortiz, a senior fellow at a think tank. “Never.”\n\n"
    "She added that the talks had failed. Acme 's CEO, John Roe, told CNN the U.S. deal was off.",
    "Retired US ambassador William Courtney said the pressure had worked.\n\n"
    "“It is a complex problem,” he told CNN.\n\nNorth Korea promoted the ideology of “juche.”",
    "PENCE: Well, look, the senator’s plan — and it’s a plan — is \"dead on arrival,\" Mr. Smith said.\n\n"
    "According to Acme, the company’s chief executive, Jane Roe, was “thrilled.” Roe declined to comment.",
]


def _quotes_json(text: str) -> str:
    art = prepare(load_text(text, id="t"))
    quotes.extract(art)
    return json.dumps({"quotes": [q.to_dict() for q in art.quotes], "meta": art.meta}, sort_keys=True, default=str)


def test_the_fast_token_patterns_split_every_text_as_the_plain_one():
    rnd = random.Random(8)
    # every ASCII character, the whitespace only Unicode ``\s`` knows (\x1c-\x1f), letters beyond ASCII
    alphabet = [chr(c) for c in range(128)] + ["é", "ß", "’", "\u00a0", "\u2028", "—"]
    texts = list(alphabet) + [f"U.S{c}A.{c}x" for c in alphabet]
    texts += ["".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 16))) for _ in range(20_000)]
    for text in texts:
        plain = _PLAIN_SPLIT.split(text)
        assert quotes._TOKEN_SPLIT.split(text) == plain, repr(text)
        if text.isascii():
            assert quotes._TOKEN_SPLIT_ASCII.split(text) == plain, repr(text)


def _random_stretch_texts(rnd: random.Random, n: int) -> list[str]:
    """Texts of words, marks, possessives and dotted initials, most with one space between
    words (the run-table path of ``_words``), some with runs of spaces, tabs or newlines."""
    pieces = ["said", "Acme", "U.S.", "U.S.A", "co-op", "rock'n'roll", "’s", "'s", "s", ",", ".", "“", "”",
              "(AP)", "--", "—", "é", "naïve", "x2", "_", "Jane’s", "students'", "3.5", "A.B.C.", "&", "R&D"]
    gaps = [" "] * 12 + ["", "  ", "\n", "\t", " \n ", "\u00a0"]
    return ["".join(rnd.choice(gaps) + rnd.choice(pieces) for _ in range(rnd.randint(0, 12))) + rnd.choice(gaps)
            for _ in range(n)]


def test_the_tokens_of_a_stretch_are_the_plain_patterns_matches_in_place(monkeypatch):
    # _words reads a stretch run by run from a table when one white-space character separates
    # its runs, and with one split otherwise: both must give each token and where it stands.
    # (An apostrophe apart from its word, "Acme 's", joins tokens: test_a_paragraph_keeps...)
    plain = re.compile(_PLAIN_SPLIT.pattern[1:-1])
    rnd = random.Random(11)
    for limit in (quotes._TOKENS_LIMIT, 3):  # 3: the tables emptied every few runs
        monkeypatch.setattr(quotes, "_TOKENS_LIMIT", limit)
        for text in _random_stretch_texts(rnd, 4000):
            a = rnd.randint(0, len(text))
            b = rnd.randint(a, len(text))
            if quotes._APART_POSSESSIVE.search(text, a, b):
                continue
            toks: list[quotes._Tok] = []
            starts: list[int] = []
            ends: list[int] = []
            quotes._words(text, a, b, toks, starts, ends)
            expected = [(m.group(), m.start(), m.end()) for m in plain.finditer(text, a, b)]
            assert list(zip([t.text for t in toks], starts, ends)) == expected, repr(text[a:b])
    assert any(table is quotes._CHUNKS for table in quotes._WORD_TABLES)  # for clear_word_tables()


def test_quotes_do_not_depend_on_the_shared_token_table(monkeypatch):
    alone = [_quotes_json(t) for t in _TEXTS]
    quotes._TOKENS.clear()
    monkeypatch.setattr(quotes, "_TOKENS_LIMIT", 3)  # emptied every few tokens, in the middle of paragraphs
    assert [_quotes_json(t) for t in _TEXTS] == alone
    assert len(quotes._TOKENS) <= 3


def test_a_paragraph_keeps_each_token_where_the_text_has_it():
    art = prepare(load_text(_TEXTS[0] + " Acme 's chief said so.", id="t"))
    for p in art.paragraphs:
        para = quotes._Para(p, quotes.load_cues())
        para.read(runs_on=False)
        toks = para.toks
        assert len(toks) == len(para.starts) == len(para.ends) == len(para.sent_of)
        for k, tok in enumerate(toks):
            assert para.text[para.starts[k]:para.ends[k]] == tok.text
            assert (tok.q >= 0) == (k in para.mark_tok)
        for si, (lo, hi) in enumerate(para.sents):
            assert para.sent_of[lo:hi] == [si] * (hi - lo)
    assert any(t.text in ("Acme 's", "Acme's") for t in toks)
    assert any(table is quotes._TOKENS for table in quotes._WORD_TABLES)  # for clear_word_tables()


def test_each_token_knows_whether_a_default_cue_may_start_there():
    # ``_Tok.cue`` (read by _paragraph_quotes for the bundled cues) against the set it stands for
    lex = quotes.load_cues()
    starts = quotes._cue_starts(lex)
    rnd = random.Random(4)
    words = sorted(lex.first_words) + ["—", "―", "–", "-", "--", "Said", "SAID", "Told", "Mr.", "U.S.", "according"]
    texts = [w for w in words] + [w.upper() for w in words] + [w.title() for w in words]
    alphabet = list("abcdefghijklmnopqrstuvwxyzASTL .,'’-—–") + ["é", "İ", "K"]
    texts += ["".join(rnd.choice(alphabet) for _ in range(rnd.randint(1, 12))) for _ in range(5_000)]
    seen = 0
    for text in texts:
        for tok in map(quotes._TOKENS.__getitem__, quotes._TOKEN_SPLIT.split(text)[1::2]):
            assert tok.cue == (tok.low in starts), repr(tok.text)
            seen += tok.cue
    assert seen > len(words)  # cue starts were met, written in several cases


def test_quotes_with_a_copy_of_the_default_cues_are_the_default_quotes(tmp_path):
    # a cue file given to extract is read the slow way (``_Tok.cue`` knows the bundled cues only):
    # a copy of the bundled file, a Cues object of its own, must find the same quotes
    own = tmp_path / "cues.toml"
    own.write_text((Path(quotes.__file__).parent / "data" / "cues.toml").read_text(encoding="utf-8"), encoding="utf-8")
    for text in _TEXTS:
        default, copied = prepare(load_text(text, id="t")), prepare(load_text(text, id="t"))
        quotes.extract(default)
        quotes.extract(copied, cues=own)
        assert [q.to_dict() for q in copied.quotes] == [q.to_dict() for q in default.quotes]
        assert copied.meta == default.meta
