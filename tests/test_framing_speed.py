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
