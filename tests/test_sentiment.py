"""Sentiment (issue 4): VADER once per sentence, aggregated per quote, speaker, group and version.

Quotes and speakers follow the contract of toolkit.quotes / toolkit.voices; the
fixtures build them directly so these tests do not depend on quote extraction.
"""
from __future__ import annotations

import copy
import json
import re
import socket
from pathlib import Path

import pytest
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from toolkit import sentiment
from toolkit import quotes, voices
from toolkit.article import Article, Paragraph
from toolkit.text import segment

VADER = SentimentIntensityAnalyzer()


def Quote(id, text, kind, paragraph, start, end, speaker=None):  # noqa: N802 - builds the real type
    """A real toolkit.quotes.Quote, with the attribution fields sentiment does not read left empty."""
    return quotes.Quote(id, text, kind, paragraph, start, end, speaker, mention=None, cue=None, rule=None)


def Speaker(name, group, role="other"):  # noqa: N802
    return voices.Speaker(name, role, group, None, 0, 0, [], None)


def article_of(*paragraphs: str) -> Article:
    art = Article(id="t", paragraphs=[Paragraph(i, t) for i, t in enumerate(paragraphs)])
    art.meta["cleaned"] = True
    return segment(art)


def quote(art: Article, pid: int, text: str, kind: str = "direct", speaker: str | None = None, n: int = 1) -> Quote:
    start = art.paragraphs[pid].text.index(text)
    return Quote(f"q{n}", text, kind, pid, start, start + len(text), speaker)


@pytest.fixture
def story() -> Article:
    art = article_of(
        'The summit ended in failure on Tuesday. "We are very happy with this wonderful result," Lee said.',
        'Park said the talks were a disaster and a betrayal. "This is a terrible, shameful day," she said.',
        'Lee added that the deal was "a great success" for both countries.',
    )
    art.quotes = [
        quote(art, 0, "We are very happy with this wonderful result,", speaker="Lee", n=1),
        quote(art, 1, "the talks were a disaster and a betrayal", kind="indirect", speaker="Park", n=2),
        quote(art, 1, "This is a terrible, shameful day,", speaker="Park", n=3),
        quote(art, 2, "a great success", kind="partial", speaker="Lee", n=4),
    ]
    art.speakers = [Speaker("Lee", "official"), Speaker("Park", "expert")]
    return art


# --------------------------------------------------------------------------- VADER itself


def test_labels_use_vaders_documented_thresholds():
    assert sentiment.label(0.05) == "positive"
    assert sentiment.label(0.0499) == "neutral"
    assert sentiment.label(-0.0499) == "neutral"
    assert sentiment.label(-0.05) == "negative"
    assert sentiment.label(None) is None


def test_one_analyser_per_process_loaded_from_the_package_without_network(monkeypatch):
    assert sentiment.default_analyzer() is sentiment.default_analyzer()
    import vaderSentiment

    assert (Path(vaderSentiment.__file__).parent / "vader_lexicon.txt").is_file()

    def refuse(*a, **k):
        raise AssertionError("VADER tried to open a network connection")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    assert SentimentIntensityAnalyzer().polarity_scores("good")["compound"] > 0


def test_every_body_sentence_is_scored_exactly_once(story):
    calls: list[str] = []

    class Counting(SentimentIntensityAnalyzer):
        def polarity_scores(self, text):
            calls.append(text)
            return super().polarity_scores(text)

    sentiment.score(story, analyzer=Counting())
    for s in story.sentences:
        assert calls.count(s.text) == 1, s.text


# --------------------------------------------------------------------------- quotes, speakers, groups


def test_each_quote_gets_vader_on_its_own_text_exactly(story):
    sentiment.score(story)
    for q in story.quotes:
        expected = VADER.polarity_scores(q.text)
        assert q.sentiment["compound"] == expected["compound"]
        assert {k: q.sentiment[k] for k in expected} == expected
        assert q.sentiment["label"] == sentiment.label(expected["compound"])


def test_speaker_tone_is_the_word_weighted_mean_of_their_quotes(story):
    result = sentiment.score(story)
    lee = [q for q in story.quotes if q.speaker == "Lee"]
    expected = sum(VADER.polarity_scores(q.text)["compound"] * q.words for q in lee) / sum(q.words for q in lee)
    assert result["by_speaker"]["Lee"]["compound"] == pytest.approx(expected, abs=1e-4)
    assert result["by_speaker"]["Lee"]["quotes"] == 2
    assert result["by_speaker"]["Lee"]["label"] == "positive"
    assert result["by_speaker"]["Park"]["label"] == "negative"
    assert result["by_speaker"]["Park"]["group"] == "expert"


def test_groups_pool_the_quotes_of_their_speakers(story):
    result = sentiment.score(story)
    assert set(result["by_group"]) == {"official", "expert"}
    assert result["by_group"]["official"]["compound"] == result["by_speaker"]["Lee"]["compound"]
    assert result["by_group"]["expert"]["quotes"] == 2


def test_a_partial_quote_inside_an_indirect_one_is_counted_once():
    art = article_of('Kim said the summit was "a wonderful success" for everyone involved today.')
    outer = quote(art, 0, 'the summit was "a wonderful success" for everyone involved today', kind="indirect", speaker="Kim", n=1)
    inner = quote(art, 0, "a wonderful success", kind="partial", speaker="Kim", n=2)
    inner.within = outer.id
    art.quotes = [outer, inner]
    result = sentiment.score(art)
    assert result["by_speaker"]["Kim"]["quotes"] == 1
    assert result["by_speaker"]["Kim"]["compound"] == pytest.approx(VADER.polarity_scores(outer.text)["compound"], abs=1e-4)
    assert inner.sentiment["compound"] == VADER.polarity_scores(inner.text)["compound"]  # still scored itself


def test_quotes_without_a_speaker_are_kept_apart():
    art = article_of('"What a lovely morning," someone said.')
    art.quotes = [quote(art, 0, "What a lovely morning,")]
    result = sentiment.score(art)
    assert result["by_speaker"] == {}
    assert result["unattributed"]["n"] == 1
    assert result["unattributed"]["label"] == "positive"


# --------------------------------------------------------------------------- narrative vs quoted


def test_a_sentence_is_quoted_when_most_of_it_is_direct_or_partial_quotation(story):
    result = sentiment.score(story)
    quoted = {story.sentences[i].text: r["quoted"] for i, r in enumerate(result["sentences"])}
    assert quoted['"We are very happy with this wonderful result," Lee said.'] is True
    assert quoted["The summit ended in failure on Tuesday."] is False
    # an indirect quote is the reporter's paraphrase: narrative
    assert quoted["Park said the talks were a disaster and a betrayal."] is False
    # a short partial quote inside a reporter's sentence: narrative
    assert quoted['Lee added that the deal was "a great success" for both countries.'] is False


def test_narrative_and_quoted_aggregate_their_sentences(story):
    result = sentiment.score(story)
    recs = result["sentences"]
    quoted = [r["compound"] for r in recs if r["quoted"]]
    narrative = [r["compound"] for r in recs if not r["quoted"]]
    assert result["quoted"]["n"] == len(quoted) == 2
    assert result["narrative"]["n"] == len(narrative) == 3
    assert result["quoted"]["compound"] == pytest.approx(sum(quoted) / len(quoted), abs=1e-4)
    assert result["article"]["n"] == len(story.sentences)
    for key in ("article", "narrative", "quoted"):
        assert set(result[key]) >= {"compound", "pos", "neu", "neg", "label", "n"}


def test_an_article_without_quotes_has_null_quoted_tone():
    result = sentiment.score(article_of("Nothing was quoted. The sun shone brightly."))
    assert result["quoted"] == {"compound": None, "pos": None, "neu": None, "neg": None, "label": None, "n": 0}
    assert result["narrative"]["n"] == 2
    assert result["by_speaker"] == {}


# --------------------------------------------------------------------------- evidence


def test_evidence_gives_the_most_positive_and_negative_sentences(story):
    result = sentiment.score(story)
    ev = result["evidence"]["article"]
    best = max(result["sentences"], key=lambda r: r["compound"])
    worst = min(result["sentences"], key=lambda r: r["compound"])
    assert ev["most_positive"][0]["sentence"] == best["sentence"]
    assert ev["most_negative"][0]["sentence"] == worst["sentence"]
    texts = {s.text for s in story.sentences}
    assert all(e["text"] in texts for e in ev["most_positive"] + ev["most_negative"])
    assert all(e["compound"] >= 0.05 for e in ev["most_positive"])
    park = result["evidence"]["by_speaker"]["Park"]
    assert park["most_negative"]["text"] in {q.text for q in story.quotes}
    assert park["most_positive"] is None  # nothing positive was said by Park


# --------------------------------------------------------------------------- names


def test_names_that_are_lexicon_words_are_flagged_not_silently_changed():
    art = article_of("Hope Hicks said the meeting ended.")
    rec = sentiment.score(art)["sentences"][0]
    assert rec["compound"] == VADER.polarity_scores("Hope Hicks said the meeting ended.")["compound"] > 0
    assert rec["names"] == ["Hope"]
    assert rec["compound_names_masked"] == 0.0
    assert sentiment.score(art)["names"][0]["word"] == "Hope"


def test_speaker_names_are_flagged_inside_quotes():
    art = article_of('"Love will decide," Smith said.')
    art.quotes = [quote(art, 0, "Love will decide,", speaker="Peter Love")]
    art.speakers = [Speaker("Peter Love", "official")]
    sentiment.score(art)
    q = art.quotes[0]
    assert q.sentiment["compound"] == VADER.polarity_scores("Love will decide,")["compound"]
    assert q.sentiment["names"] == ["Love"]


def test_sentence_initial_ordinary_words_are_not_names():
    assert sentiment.valenced_names("Hope is returning to the town.") == []


# --------------------------------------------------------------------------- tables and output


def test_tables_reuse_the_scores(story):
    result = sentiment.score(story)
    st = sentiment.sentence_table(story)
    assert len(st) == len(story.sentences)
    assert st["compound"].tolist() == [r["compound"] for r in result["sentences"]]
    sp = sentiment.speaker_table(story)
    assert set(sp["speaker"]) == {"Lee", "Park"}
    qt = sentiment.quote_table(story)
    assert qt["compound"].tolist() == [VADER.polarity_scores(q.text)["compound"] for q in story.quotes]


def test_the_result_is_the_json_contract(story):
    sentiment.score(story)
    out = json.loads(json.dumps(story.to_dict()["sentiment"]))
    assert {"article", "narrative", "quoted", "by_speaker"} <= set(out)
    assert out["by_speaker"]["Lee"]["quotes"] == 2


# --------------------------------------------------------------------------- the seed pair


def seed_quotes(art: Article) -> list[Quote]:
    """Every curly- or straight-quoted span of the body, attributed to nobody (no extractor needed)."""
    out = []
    for p in art.body:
        for m in re.finditer(r"[“\"]([^”\"]{3,})[”\"]", p.text):
            out.append(Quote(f"q{len(out) + 1}", m.group(1), "direct", p.index, m.start(1), m.end(1)))
    return out


@pytest.mark.parametrize("which", [0, 1], ids=["cnn", "kimt"])
def test_seed_quotes_equal_vader_and_every_aggregate_is_filled(seed_pair, which):
    art = copy.deepcopy(seed_pair[which])  # the session's seed articles stay untouched
    art.quotes = seed_quotes(art)
    assert len(art.quotes) > 10
    result = sentiment.score(art)
    for q in art.quotes:
        assert q.sentiment["compound"] == VADER.polarity_scores(q.text)["compound"]
    assert result["article"]["n"] == len(art.sentences)
    assert result["narrative"]["n"] > 0 and result["quoted"]["n"] > 0
    assert result["narrative"]["n"] + result["quoted"]["n"] == result["article"]["n"]


@pytest.mark.parametrize("which", [0, 1], ids=["cnn", "kimt"])
def test_seed_speakers_and_groups_with_the_real_extractors(seed_pair, which):
    art = copy.deepcopy(seed_pair[which])
    if not art.quotes:
        quotes.extract(art)
    if not art.speakers:
        voices.resolve(art)
    result = sentiment.score(art)
    for q in art.quotes:
        assert q.sentiment["compound"] == VADER.polarity_scores(q.text)["compound"]
    assert result["by_speaker"], "no speaker got a tone"
    assert result["by_group"]
    assert result["narrative"]["n"] > 0 and result["quoted"]["n"] > 0
