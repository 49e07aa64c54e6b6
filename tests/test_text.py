"""Segmentation: what a reader calls a sentence, once per article."""
import pytest

import toolkit
from toolkit.text import segment, split_sentences, tokenize


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Gen. Brooks met Mr. Kim. They talked.", ["Gen. Brooks met Mr. Kim.", "They talked."]),
        ("The U.S. Navy sent ships. The U.S. The end.", ["The U.S. Navy sent ships.", "The U.S.", "The end."]),
        ("It was the U.S. and U.K. joint plan.", ["It was the U.S. and U.K. joint plan."]),
        ("He met J. R. R. Tolkien at 5 p.m. on Jan. 5. It was fine.", ["He met J. R. R. Tolkien at 5 p.m. on Jan. 5.", "It was fine."]),
        ("Prices rose 3.5 percent in No. 2 markets. Really?! Yes.", ["Prices rose 3.5 percent in No. 2 markets.", "Really?!", "Yes."]),
        ("People advising President Trump ... have been telling him. Then he left.",
         ["People advising President Trump ... have been telling him.", "Then he left."]),
        ('"Why now?" she asked. "Because," he said.', ['"Why now?" she asked.', '"Because," he said.']),
        ("“We are happy,” Lavrov said. “October will come.”", ["“We are happy,” Lavrov said.", "“October will come.”"]),
        ('He said "this is it." Then he left!', ['He said "this is it."', "Then he left!"]),
        ("At 10 a.m. Tuesday the vote began.", ["At 10 a.m. Tuesday the vote began."]),
        ("A heading without a full stop", ["A heading without a full stop"]),
    ],
)
def test_sentences_survive_abbreviations_initials_decimals_ellipses_and_quotes(text, expected):
    assert split_sentences(text) == expected


def test_a_quotation_spanning_sentences_keeps_its_closing_mark_with_its_last_sentence():
    para = "“For Russia, it’s overtaxed. And Russia would like the focus on China.” He paused."
    assert split_sentences(para) == [
        "“For Russia, it’s overtaxed.",
        "And Russia would like the focus on China.”",
        "He paused.",
    ]


def test_tokens_drop_punctuation_but_keep_contractions_hyphens_and_acronyms():
    assert tokenize("North Korea’s nuclear-test site, the U.S. said — twice!") == (
        "North", "Korea’s", "nuclear-test", "site", "the", "U.S", "said", "twice",
    )


def test_an_article_is_segmented_once_with_offsets_into_its_paragraphs():
    art = toolkit.load_text("One sentence here. Another one.\n\nA second paragraph.", id="t")
    segment(art)
    first = art.paragraphs[0].sentences
    assert [s.text for s in first] == ["One sentence here.", "Another one."]
    for p in art.paragraphs:
        for s in p.sentences:
            assert p.text[s.start:s.end] == s.text
    assert [s.index for s in art.sentences] == [0, 1, 2]
    before = [id(s) for s in art.sentences]
    segment(art)  # a second call must not re-split
    assert [id(s) for s in art.sentences] == before


def test_chrome_paragraphs_are_segmented_but_not_counted_as_story_sentences():
    art = toolkit.load_text("Share this story.\n\nThe real story starts. It goes on.", id="t")
    art.paragraphs[0].kind, art.paragraphs[0].reason = "boilerplate", "share button"
    segment(art)
    assert [s.text for s in art.sentences] == ["The real story starts.", "It goes on."]
    assert art.paragraphs[0].sentences[0].index == -1


def test_a_five_megabyte_single_line_is_split_into_all_its_sentences():
    line = ("Word " + "word " * 11 + "end. ") * 80_000  # ~5 MB, 80k sentences
    spans = toolkit.text.sentence_spans(line)
    assert len(spans) == 80_000
    assert spans[-1][1] == len(line.rstrip())
