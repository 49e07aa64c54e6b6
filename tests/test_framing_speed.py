"""Framing's shortcuts give what the plain way gives: pattern pre-filters, token offsets, scoring."""
from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from toolkit import framing

# Patterns with optional characters, which the pre-filter follows both ways ("aged?" needs "age" or "aged").
OPTIONAL = [
    r"\baged? \d{1,3}\b", r"colou?r", r"(?-i:\bU\.?N\b)", r"x?y?z", r"ab?c?d", r"e-?mail", r"\bwh?o\b",
    r"(?:foo)?bar", r"s?", r"a?b?", r"pre-?(?:war|school)s?", r"(?i:ok)?-?go",
]


def test_optional_characters_make_longer_needed_strings():
    assert set(framing._needed_literals(re.compile(r"\baged? \d{1,3}\b", re.I))) == {"age ", "aged "}
    assert set(framing._needed_literals(re.compile(r"colou?r", re.I))) == {"color", "colour"}
    assert set(framing._needed_literals(re.compile(r"(?-i:\bU\.?N\b)", re.I))) == {"un", "u.n"}
    assert framing._needed_literals(re.compile(r"a?b?", re.I)) is None  # may match nothing


@pytest.mark.parametrize("pattern", OPTIONAL)
def test_a_pattern_with_optional_characters_is_never_skipped_where_it_matches(pattern):
    rx = re.compile(pattern, re.IGNORECASE)
    needs = framing._needed_literals(rx)
    pieces = sorted(set(re.sub(r"[\\?()*+{}\[\]:\-i]", " ", pattern).split()) | set("abcdsxyz.-' ") | {"U", "N"})

    @settings(max_examples=400, deadline=None, derandomize=True)
    @given(st.lists(st.sampled_from(pieces + ["age", "aged", "1", "42", "U.N", "UN", "un"]), max_size=8)
           .map("".join))
    def check(text: str) -> None:
        for variant in (text, text.upper(), text.title(), f"{text} {text.upper()}"):
            if needs is not None and rx.search(variant):
                folded = framing._fold(variant)
                assert any(lit in folded for lit in needs), (pattern, variant, needs)

    check()


@settings(max_examples=500, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(["Kim", "kim's", "U.S.", "-", "—", " ", "  ", ".", "’", "'", "x-y", "a.b", "é",
                                 "İ", "\n", "said", "3.5", "$", "(", ")", "ab"]), max_size=16).map("".join))
def test_token_offsets_are_those_of_the_token_pattern(text):
    sent = framing._PreparedSentence(text)
    assert sent.starts == [m.start() for m in framing._TOKEN.finditer(text)]
    assert [sent.end(r) for r in range(len(sent.words))] == [m.end() for m in framing._TOKEN.finditer(text)]


# Case-sensitive parts of a pattern give strings to look for as they are (the policy codebook's "(?-i:\bU\.?N\b)").
CASED = [
    r"(?-i:\bU\.?N\b)", r"(?-i:NATO)|(?-i:EU)", r"(?-i:A)b", r"x(?-i:Y(?i:z)W)", r"(?-i:N[AO]T)", r"(?-i:E)?U",
    r"(?-i:Mc(?i:donald))", r"(?-i:G7|G-?20)", r"(?-i:\$)\d",
]


def test_case_sensitive_parts_give_strings_found_as_they_are():
    exact = framing._exact_literals
    assert set(exact(re.compile(r"(?-i:\bU\.?N\b)", re.I))) == {"UN", "U.N"}
    assert set(exact(re.compile(r"x(?-i:Y(?i:z)W)", re.I))) in ({"Y"}, {"W"})  # z matches Z too: not taken
    assert exact(re.compile(r"(?-i:E)?U", re.I)) is None
    assert exact(re.compile(r"united nations", re.I)) is None  # nothing case-sensitive
    assert set(exact(re.compile(r"U\.?N"))) == {"UN", "U.N"}  # compiled without IGNORECASE
    assert framing.load_codebook("policy")._exact  # the policy codebook has such a pattern


@pytest.mark.parametrize("pattern", CASED)
def test_a_pattern_is_never_skipped_where_its_case_sensitive_part_matches(pattern):
    rx = re.compile(pattern, re.IGNORECASE)
    needs = framing._exact_literals(rx)
    pieces = ["U", "u", "N", "n", ".", " ", "NATO", "nato", "EU", "eu", "A", "a", "b", "B", "x", "X", "Y", "y", "z",
              "Z", "W", "w", "Mc", "MC", "donald", "DONALD", "G7", "g7", "G-20", "G20", "$", "5", "E", "e", "NAT",
              "NOT", "not"]

    def check(text: str) -> None:
        for variant in (text, text.upper(), text.lower(), text.title(), f"{text} {text.swapcase()}"):
            if needs is not None and rx.search(variant):
                assert any(lit in variant for lit in needs), (pattern, variant, needs)

    for text in ["xYZW", "XYzW", "the U.N. said", "UN", "McDONALD", "G-20", "$5", "NAT", "NOT", "EU", "Ab", "AB"]:
        check(text)
    random_texts = st.lists(st.sampled_from(pieces), max_size=8).map("".join)
    settings(max_examples=400, deadline=None, derandomize=True)(given(random_texts)(check))()


@pytest.mark.parametrize("name", ["generic", "policy"])
def test_shipped_patterns_are_never_skipped_where_their_case_sensitive_parts_match(name, polnear_sentences):
    cb = framing.load_codebook(name)
    for rx, needs in cb._exact.items():
        matched = 0
        for text in polnear_sentences:
            for variant in (text, text.upper(), text.replace("U.N.", "UN"), text.replace("UN", "U.N")):
                if rx.search(variant):
                    matched += 1
                    assert any(lit in variant for lit in needs), (rx.pattern, variant)
        assert matched > 0, rx.pattern  # the texts exercise it


@pytest.fixture(scope="module")
def polnear_sentences():
    from toolkit.datasets import shared_data
    from toolkit.text import split_sentences

    d = shared_data("polnear/data")
    if d is None:
        pytest.skip("the PolNeAR articles (../shared/data/polnear) are not present on this machine")
    files = sorted((d / "polnear" / "data").glob("*/text/*.txt"))[:400]
    sentences = [s for p in files for line in p.read_text(encoding="utf-8").splitlines() for s in split_sentences(line)]
    return sentences + ["The U.N. Security Council met.", "UN envoys and the UNHCR", "a un-American act"]


def _answers_plain(codebook, sent, scope, known, found):
    """framing._answers without its shortcut: every indicator with a near condition
    goes through _near_filter, whether or not one of its near words matched."""
    out = []
    entities = framing._Entities(sent, codebook, known, found)
    indicators = len(codebook._flat)
    for n in sorted(found):
        if n >= indicators:
            break
        ind = codebook._flat[n]
        if ind.scope != "all" and ind.scope != scope:
            continue
        hits = found[n]
        if ind.near or ind._near_cues is not None:
            near_words = [(a, b, cue) for cue, a, b, _ in found.get(indicators + n, ())]
            hits = ind._near_filter(entities, hits, near_words)
        if hits:
            out.append((ind, hits))
    return out


# Cues and near words of generic's near_words-only indicators (government_can_alleviate,
# government_responsible) and its entity-near ones (reproach), with filler between them.
NEAR_PIECES = ["the government", "officials", "the mayor", "Congress", "blamed", "slammed", "China", "Mr. Kim",
               "will", "help", "tackle", "take action", "promised to", "failed", "criticized", "the", "of", "and",
               "people", "said", "on Tuesday", "for", "a", "plan", "fix", "Washington", "police", "step in", ","]


@pytest.mark.parametrize("name", ["generic", "policy"])
def test_near_word_shortcut_gives_the_plain_answers(name):
    cb = framing.load_codebook(name)
    assert any(not i.near and i._near_cues is not None for i in cb._flat)  # the shortcut's case is exercised

    @settings(max_examples=300, deadline=None, derandomize=True)
    @given(st.lists(st.sampled_from(NEAR_PIECES), min_size=1, max_size=18).map(" ".join))
    def check(text: str) -> None:
        sent = framing._PreparedSentence(text)
        found = framing._word_matches(cb, sent.tokens).get(0, {})
        known = frozenset({"Kim"})
        assert framing._answers(cb, sent, "body", known, dict(found)) == _answers_plain(cb, sent, "body", known, found)

    check()
