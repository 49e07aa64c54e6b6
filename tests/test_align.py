"""Alignment: which paragraphs a version kept, edited, added, removed or moved, against a base."""
from __future__ import annotations

import dataclasses
import json
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from toolkit.align import (
    OPS,
    AlignmentRow,
    align,
    align_versions,
    alignment_table,
    normalize,
    summary,
    word_diff,
    word_diff_html,
)
from toolkit.article import Article, Paragraph
from toolkit.errors import UsageError
from toolkit.text import segment

# Real paragraphs (from the seed story) so that similarity behaves as on news text.
P = [
    "A summons from Beijing brought North Korean leader Kim Jong Un out of isolation into his first foreign foray since taking power.",
    "From years of isolation to sudden and rapid all-out engagement, the North Korean leadership continues to travel the world.",
    "Bruce Bechtol, a professor of political science at Angelo State University, said Kim had sent his envoy to Russia.",
    "Since its founding, North Korea has promoted the ideology of juche, or self-reliance. It was the creed hammered into the national psyche after the armistice of 1953.",
    "North Korea spent much of 2017 exhorting the advances in its nuclear program, seeming defiant as the international community sought to contain it.",
    "Trump fired Secretary of State Rex Tillerson in March and has nominated CIA chief Pompeo to replace him. He announced Bolton's installation on Twitter.",
    "The date for the Trump-Kim summit has not yet been announced, but there has been an open channel for North Korea and the US to communicate.",
    "Russia forgave Pyongyang's Soviet-era debt, writing off $10 billion, and Russia is now one of the largest food donors to North Korea.",
    "He was referring to the poisoning of Sergei Skripal in Salisbury, in the UK. London and its allies have blamed the Kremlin for the attack.",
    "Bechtol added so far, the US policy of maximum pressure and economic sanctions has succeeded by bringing North Korea to the table.",
]


def art(id: str, *texts: str) -> Article:
    """An article whose paragraphs are all body, segmented as the pipeline would."""
    return segment(Article(id=id, paragraphs=[Paragraph(i, t) for i, t in enumerate(texts)]))


def with_chrome(id: str, *texts: str) -> Article:
    """Like art(), with a page-chrome paragraph before every body paragraph."""
    paras = []
    for t in texts:
        paras.append(Paragraph(len(paras), "Advertisement", kind="boilerplate", reason="ad marker"))
        paras.append(Paragraph(len(paras), t))
    return segment(Article(id=id, paragraphs=paras))


def triples(rows):
    return [(r.op, r.base_paragraph, r.paragraph) for r in rows]


def assert_covers_every_body_paragraph_once(rows, versions, base=0):
    """The OUTPUT.md contract: each body paragraph of each version is in exactly one row."""
    ref = versions[base]
    for v in versions:
        mine = [r for r in rows if r.version == v.id]
        seen_v = [i for r in mine for i in r.paragraphs]
        assert sorted(seen_v) == [p.index for p in v.body], v.id
        if v is not ref:
            seen_b = [i for r in mine for i in r.base_paragraphs]
            assert sorted(seen_b) == [p.index for p in ref.body], v.id
        for r in mine:
            assert r.op in OPS
            assert 0.0 <= r.similarity <= 1.0
            assert r.paragraph == (r.paragraphs[0] if r.paragraphs else None)
            assert r.base_paragraph == (r.base_paragraphs[0] if r.base_paragraphs else None)
            assert (r.op == "added") == (r.base_paragraph is None)
            assert (r.op == "removed") == (r.paragraph is None)
            if r.op in ("same", "added", "removed"):
                assert r.diff is None
                assert r.similarity == (1.0 if r.op == "same" else 0.0)


def changed_words(row: AlignmentRow) -> tuple[list[str], list[str]]:
    """(deleted or replaced base words, inserted or replacing words) over a row's diff."""
    gone, new = [], []
    for sent in row.diff or []:
        for tag, a, b in sent["words"] or []:
            if tag != "equal":
                gone += a
                new += b
    return gone, new


# --------------------------------------------------------------------------- the seed pair


def _straight(text: str) -> str:
    return text.translate(str.maketrans({"“": '"', "”": '"', "’": "'", "‘": "'", "…": "..."}))


def _row_of_base(rows, article, prefix):
    [p] = [p for p in article.body if p.text.startswith(prefix)]
    [row] = [r for r in rows if p.index in r.base_paragraphs]
    return row


def _row_of_version(rows, article, prefix):
    [p] = [p for p in article.body if p.text.startswith(prefix)]
    [row] = [r for r in rows if p.index in r.paragraphs]
    return row


@pytest.fixture(scope="module")
def seed_rows(seed_pair):
    cnn, kimt = seed_pair
    return cnn, kimt, align(cnn, kimt)


@pytest.mark.parametrize(
    "prefix",
    [
        "The latest breakthrough came on Tuesday, when Lavrov announced",
        "Lavrov said Moscow wanted",
        "“We are very happy about the invitation",
        "“October will mark 70 years",
    ],
)
def test_seed_the_cnn_lavrov_paragraphs_are_removed_in_the_affiliate_copy(seed_rows, prefix):
    cnn, kimt, rows = seed_rows
    row = _row_of_base(rows, cnn, prefix)
    assert (row.version, row.op, row.paragraph) == (kimt.id, "removed", None)


@pytest.mark.parametrize(
    "prefix",
    ["Foreign Minister Ri Yong Ho's talks Tuesday with Lavrov", '"There are plans to discuss'],
)
def test_seed_the_affiliate_zakharova_paragraphs_are_added(seed_rows, prefix):
    cnn, kimt, rows = seed_rows
    row = _row_of_version(rows, kimt, prefix)
    assert (row.op, row.base_paragraph) == ("added", None)


def test_seed_the_reworded_courtney_quote_is_edited_and_shows_the_changed_words(seed_rows):
    cnn, kimt, rows = seed_rows
    row = _row_of_base(rows, cnn, "“Trump has been quite open")
    assert row.op == "edited"
    assert kimt.paragraphs[row.paragraph].text.startswith('"Trump has been quite open')
    assert 0.5 < row.similarity < 1.0
    # CNN: '... Mike Pompeo," said Courtney, who is now is an adjunct senior fellow at the RAND Corporation.'
    # KIMT: '... Mike Pompeo," Courtney said.'
    first, second = row.diff
    assert first["op"] == "same"  # the first sentence differs only in its quotation marks
    assert second["op"] == "edited"
    gone, new = changed_words(row)
    assert "adjunct senior fellow at the RAND Corporation".split() == gone[-7:]
    assert "Courtney" in new and "Trump" not in gone + new
    html = word_diff_html(cnn.paragraphs[row.base_paragraph].text, kimt.paragraphs[row.paragraph].text)
    assert "<del>Courtney, who is now is an adjunct senior fellow at the RAND Corporation</del>" in html


def test_seed_every_shared_paragraph_is_same_despite_curly_quotes_and_ellipses(seed_rows):
    cnn, kimt, rows = seed_rows
    kimt_texts = {p.text: p.index for p in kimt.body}
    shared = [p for p in cnn.body if _straight(p.text) in kimt_texts]
    # By reading: 34 story paragraphs appear in both (37 in KIMT's story, less 2 Zakharova and Courtney's
    # quote), unless the cleaner calls a shared sub-heading chrome in both.
    assert len(shared) >= 30
    for p in shared:
        row = _row_of_base(rows, cnn, p.text)
        assert (row.op, row.paragraph, row.similarity) == ("same", kimt_texts[_straight(p.text)], 1.0)
    assert _row_of_base(rows, cnn, "Since its founding").op == "same"  # “juche,” vs "juche,"
    assert _row_of_base(rows, cnn, "“I think the people advising").op == "same"  # … vs ...


def test_seed_nothing_is_moved_and_only_the_courtney_quote_is_edited(seed_rows):
    cnn, kimt, rows = seed_rows
    assert [r.op for r in rows if r.op in ("edited", "moved")] == ["edited"]
    assert_covers_every_body_paragraph_once(align_versions([cnn, kimt]), [cnn, kimt])


# --------------------------------------------------------------------------- basic cases


def test_identical_versions_are_all_same_in_order():
    a, b = art("a", *P), art("b", *P)
    rows = align(a, b)
    assert triples(rows) == [("same", i, i) for i in range(len(P))]
    assert all(r.similarity == 1.0 and r.diff is None for r in rows)


@pytest.mark.parametrize(
    "base, copy",
    [
        ("Kim’s “steroid diplomacy” began.", "Kim's \"steroid diplomacy\" began."),
        ("Kim's 'offensive' began.", "Kim’s ‘offensive’ began."),
        ("The talks — and the summit — are set.", "The talks -- and the summit -- are set."),
        ("The talks—and the summit—are set.", "The talks - and the summit - are set."),
        ("The 2017–2018 crisis.", "The 2017-2018 crisis."),
        ("President Trump … have been telling him.", "President Trump ... have been telling him."),
        ("He paused…", "He paused. . ."),
        ("Two  spaces and\na line break.", "Two spaces and a line break."),
        ("A non\u00a0breaking space and a soft\u00adhyphen.", "A non breaking space and a softhyphen."),
        ("Spacing ,around punctuation .", "Spacing, around punctuation."),
    ],
)
def test_typography_and_whitespace_differences_are_same(base, copy):
    rows = align(art("a", P[0], base, P[1]), art("b", P[0], copy, P[1]))
    assert triples(rows) == [("same", 0, 0), ("same", 1, 1), ("same", 2, 2)]


def test_a_reworded_paragraph_is_edited_with_sentence_and_word_ops():
    base = art("a", P[0], P[5], P[1])
    edited = P[5].replace("Secretary of State Rex Tillerson", "top diplomat Rex Tillerson")
    rows = align(base, art("b", P[0], edited, P[1]))
    assert triples(rows) == [("same", 0, 0), ("edited", 1, 1), ("same", 2, 2)]
    row = rows[1]
    assert 0.8 < row.similarity < 1.0
    assert [s["op"] for s in row.diff] == ["edited", "same"]
    assert ("replace", ("Secretary", "of", "State"), ("top", "diplomat")) in row.diff[0]["words"]


def test_a_rewritten_paragraph_below_the_threshold_is_removed_and_added():
    rewritten = "Moscow and Pyongyang will mark seventy years of ties in October, Russian officials said."
    base, copy = art("a", P[0], P[7]), art("b", P[0], rewritten)
    assert triples(align(base, copy)) == [("same", 0, 0), ("removed", 1, None), ("added", None, 1)]


def test_the_threshold_decides_between_edited_and_removed_plus_added():
    shorter = "Russia forgave Pyongyang's Soviet-era debt."
    base, copy = art("a", P[7]), art("b", shorter)
    assert triples(align(base, copy)) == [("removed", 0, None), ("added", None, 0)]
    assert triples(align(base, copy, threshold=0.3)) == [("edited", 0, 0)]


def test_removed_paragraphs_are_listed_where_the_base_had_them():
    rows = align(art("a", *P[:5]), art("b", P[0], P[3], P[4], "A new closing paragraph about the summit in Singapore."))
    assert triples(rows) == [
        ("same", 0, 0),
        ("removed", 1, None),
        ("removed", 2, None),
        ("same", 3, 1),
        ("same", 4, 2),
        ("added", None, 3),
    ]


def test_rows_refer_to_paragraph_indices_counting_page_chrome():
    base, copy = with_chrome("a", P[0], P[1], P[2]), with_chrome("b", P[0], P[2])
    assert triples(align(base, copy)) == [("same", 1, 1), ("removed", 3, None), ("same", 5, 3)]
    assert_covers_every_body_paragraph_once(align_versions([base, copy]), [base, copy])


# --------------------------------------------------------------------------- splits and merges


def test_a_paragraph_split_in_two_is_one_same_row_covering_both_parts():
    first, second = P[3].split(". ", 1)
    rows = align(art("a", P[0], P[3], P[4]), art("b", P[0], first + ".", second, P[4]))
    assert triples(rows) == [("same", 0, 0), ("same", 1, 1), ("same", 2, 3)]
    assert (rows[1].base_paragraphs, rows[1].paragraphs) == ((1,), (1, 2))


def test_two_paragraphs_merged_into_one_are_one_row_covering_both():
    rows = align(art("a", P[0], P[1], P[2], P[4]), art("b", P[0], P[1] + " " + P[2], P[4]))
    assert triples(rows) == [("same", 0, 0), ("same", 1, 1), ("same", 3, 2)]
    assert (rows[1].base_paragraphs, rows[1].paragraphs) == ((1, 2), (1,))


def test_a_split_with_an_edit_is_edited_and_shows_the_edit():
    first, second = P[8].split(". ", 1)
    second = second.replace("have blamed", "blamed")
    rows = align(art("a", P[0], P[8]), art("b", P[0], first + ".", second))
    assert triples(rows) == [("same", 0, 0), ("edited", 1, 1)]
    assert rows[1].paragraphs == (1, 2)
    assert changed_words(rows[1]) == (["have"], [])


def test_a_merged_paragraph_next_to_an_added_one_does_not_swallow_it():
    added = "Officials in Seoul declined to comment on the talks on Tuesday."
    rows = align(art("a", P[0], P[1], P[2]), art("b", P[0], P[1] + " " + P[2], added))
    assert triples(rows) == [("same", 0, 0), ("same", 1, 1), ("added", None, 2)]


# --------------------------------------------------------------------------- moves


def test_a_section_moved_down_is_moved_and_the_rest_stays_in_place():
    order = [0, 3, 4, 5, 6, 1, 2, 7]
    rows = align(art("a", *P[:8]), art("b", *(P[i] for i in order)))
    assert triples(rows) == [
        ("same", 0, 0),
        ("same", 3, 1),
        ("same", 4, 2),
        ("same", 5, 3),
        ("same", 6, 4),
        ("moved", 1, 5),
        ("moved", 2, 6),
        ("same", 7, 7),
    ]


def test_a_moved_paragraph_can_also_be_edited():
    moved = P[1].replace("continues to travel the world", "keeps travelling")
    rows = align(art("a", *P[:5]), art("b", P[0], P[2], P[3], P[4], moved))
    assert triples(rows)[-1] == ("moved", 1, 4)
    assert rows[-1].similarity < 1.0 and rows[-1].diff
    assert "travelling" in changed_words(rows[-1])[1]


def test_swapped_sections_move_the_shorter_one():
    long_section, short_section = [P[3], P[4], P[5]], [P[2]]
    base = art("a", P[0], *short_section, *long_section, P[9])
    copy = art("b", P[0], *long_section, *short_section, P[9])
    assert [r.op for r in align(base, copy)] == ["same", "same", "same", "same", "moved", "same"]


def test_repeated_paragraphs_pair_in_reading_order():
    rows = align(art("a", "Advertisement", P[0], "Advertisement"), art("b", "Advertisement", P[0], "Advertisement"))
    assert triples(rows) == [("same", 0, 0), ("same", 1, 1), ("same", 2, 2)]


# --------------------------------------------------------------------------- several versions


def test_a_third_version_is_aligned_against_the_same_base():
    wire = art("wire", *P[:6])
    cnn = art("cnn", P[0], P[1], P[2].replace("said Kim", "said North Korean leader Kim"), P[3], P[4], P[5])
    kimt = art("kimt", P[0], P[3], P[4], P[5], "Local officials said the story would air tonight at six.")
    rows = align_versions([wire, cnn, kimt])
    assert [r.version for r in rows] == ["wire"] * 6 + ["cnn"] * 6 + ["kimt"] * 7
    assert triples(r for r in rows if r.version == "wire") == [("same", i, i) for i in range(6)]
    assert summary(rows, "cnn") == {"kept": 5, "edited": 1, "added": 0, "removed": 0, "moved": 0}
    assert summary(rows, "kimt") == {"kept": 4, "edited": 0, "added": 1, "removed": 2, "moved": 0}
    assert_covers_every_body_paragraph_once(rows, [wire, cnn, kimt])


def test_the_base_can_be_chosen_by_id_or_position():
    a, b = art("a", P[0], P[1]), art("b", P[0])
    by_id = align_versions([a, b], base="b")
    assert triples(by_id) == [("same", 0, 0), ("same", 0, 0), ("added", None, 1)]
    assert triples(align_versions([a, b], base=1)) == triples(by_id)
    assert_covers_every_body_paragraph_once(by_id, [a, b], base=1)


def test_bad_version_lists_are_refused_with_a_clear_error():
    a = art("a", P[0])
    with pytest.raises(UsageError, match="distinct ids"):
        align_versions([a, art("a", P[1])])
    with pytest.raises(UsageError, match="no version with id 'x'"):
        align_versions([a], base="x")
    with pytest.raises(UsageError, match="base=3"):
        align_versions([a], base=3)
    assert align_versions([]) == []


def test_empty_versions_align_as_all_added_or_all_removed():
    full, empty = art("full", P[0], P[1]), Article(id="empty")
    assert triples(align(full, empty)) == [("removed", 0, None), ("removed", 1, None)]
    assert triples(align(empty, full)) == [("added", None, 0), ("added", None, 1)]


# --------------------------------------------------------------------------- every paragraph exactly once


def _mutate(paras: list[str], ops: list[tuple[str, int]]) -> list[str]:
    out = list(paras)
    for op, k in ops:
        if not out:
            out.append(P[k % len(P)])
            continue
        k %= len(out)
        if op == "drop":
            del out[k]
        elif op == "add":
            out.insert(k, P[(k * 7) % len(P)] + " Officials added more.")
        elif op == "edit":
            words = out[k].split()
            out[k] = " ".join(words[: len(words) // 2] + ["reportedly"] + words[len(words) // 2 :])
        elif op == "split" and ". " in out[k]:
            a, b = out[k].split(". ", 1)
            out[k : k + 1] = [a + ".", b]
        elif op == "merge" and k + 1 < len(out):
            out[k : k + 2] = [out[k] + " " + out[k + 1]]
        elif op == "move":
            out.append(out.pop(k))
        elif op == "retype":
            out[k] = out[k].replace("'", "’").replace(", ", " , ").replace("-", " — ")
        elif op == "duplicate":
            out.insert(k, out[k])
        elif op == "empty":
            out.insert(k, "")
    return out


_OPS = st.lists(
    st.tuples(
        st.sampled_from(["drop", "add", "edit", "split", "merge", "move", "retype", "duplicate", "empty"]),
        st.integers(0, 40),
    ),
    max_size=8,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    base=st.lists(st.sampled_from(P), max_size=10),
    edits=st.lists(_OPS, min_size=1, max_size=3),
    chrome=st.booleans(),
)
def test_every_body_paragraph_of_every_version_is_in_exactly_one_row(base, edits, chrome):
    make = with_chrome if chrome else art
    versions = [make("v0", *base)] + [make(f"v{i + 1}", *_mutate(base, ops)) for i, ops in enumerate(edits)]
    rows = align_versions(versions)
    assert_covers_every_body_paragraph_once(rows, versions)
    json.dumps([r.to_dict() for r in rows])


def test_a_version_compared_with_itself_retyped_is_all_same():
    base = art("a", *P)
    retyped = art("b", *(_mutate(P, [("retype", i) for i in range(len(P))])))
    assert {r.op for r in align(base, retyped)} == {"same"}


# --------------------------------------------------------------------------- outputs


def test_to_dict_has_the_output_md_keys_and_is_json():
    rows = align(art("a", P[0], P[5]), art("b", P[0], P[5].replace("March", "early March")))
    d = rows[1].to_dict()
    assert list(d)[:5] == ["version", "op", "base_paragraph", "paragraph", "similarity"]
    assert (d["version"], d["op"], d["base_paragraph"], d["paragraph"]) == ("b", "edited", 1, 1)
    assert ["insert", [], ["early"]] in d["diff"][0]["words"]
    assert json.loads(json.dumps(d)) == d
    assert rows[0].to_dict()["diff"] is None


def test_alignment_table_is_one_tidy_row_per_alignment_row():
    rows = align_versions([art("a", P[0], P[1]), art("b", P[0], P[2])])
    t = alignment_table(rows)
    assert list(t.columns[:5]) == ["version", "op", "base_paragraph", "paragraph", "similarity"]
    assert t.op.tolist() == ["same", "same", "same", "removed", "added"]
    assert t.paragraph.isna().tolist() == [False, False, False, True, False]
    assert alignment_table([]).shape == (0, 7)


def test_summary_counts_rows_of_one_version():
    rows = align_versions([art("a", P[0], P[1], P[2]), art("b", P[0], P[2], P[1], P[3])])
    assert summary(rows, "b") == {"kept": 2, "edited": 0, "added": 1, "removed": 0, "moved": 1}
    assert summary(rows, "a") == {"kept": 3, "edited": 0, "added": 0, "removed": 0, "moved": 0}
    assert summary(rows, "nobody") == dict.fromkeys(["kept", "edited", "added", "removed", "moved"], 0)


def test_word_diff_html_escapes_all_text_and_marks_only_changed_words():
    html = word_diff_html(
        'Kim said <script>alert("x")</script> & left.',
        "Kim said <b onclick='y'>hello</b> & left.",
    )
    assert set(re.findall(r"<[^>]*>", html)) == {"<del>", "</del>", "<ins>", "</ins>"}
    text = re.sub(r"</?(del|ins)>", "", html)
    assert "<" not in text and ">" not in text and '"' not in text and "'" not in text
    assert "script" in text and "onclick=&#x27;y&#x27;" in text and "alert(&quot;x&quot;)" in text
    assert html.startswith("Kim said &lt;") and html.endswith(" &amp; left.")


def test_word_diff_ignores_typography_but_reports_words():
    assert word_diff("“Yes,” he said — twice…", '"Yes," he said -- twice...') == [
        ("equal", ("“", "Yes", ",", "”", "he", "said", "—", "twice", "…"), ('"', "Yes", ",", '"', "he", "said", "--", "twice", "..."))
    ]
    assert word_diff_html("a big dog", "a dog") == "a <del>big</del> dog"
    assert word_diff_html("", "new words") == "<ins>new words</ins>"


def test_normalize_is_what_makes_versions_comparable():
    assert normalize("Russia’s  “top”\u00a0diplomat — LAVROV…") == normalize("russia's \"top\" diplomat -- Lavrov...")


def test_without_diffs_the_rows_are_the_same_ops_and_similarities(seed_pair):
    # a corpus only counts edits, so it skips the sentence and word diffs
    cnn, kimt = seed_pair
    reordered = art("r", "Talks resume on Friday, officials said.", "Kim met Xi in Beijing on Monday.",
                    "Lavrov said Moscow was pleased with the talks.")
    wire = art("w", "Kim met Xi in Beijing.", "Lavrov said Moscow was pleased.", "Talks resume on Friday.")
    for base, version in [(cnn, kimt), (kimt, cnn), (wire, reordered), (reordered, wire)]:
        full, bare = align(base, version), align(base, version, diff=False)
        assert any(r.diff for r in full), "the pair should have edits, or the test checks nothing"
        assert all(r.diff is None for r in bare)
        assert [dataclasses.replace(r, diff=None) for r in full] == bare
        assert summary(full, version.id) == summary(bare, version.id)
