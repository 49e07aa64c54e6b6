"""Classroom checks: right answers praised, wrong ones hinted at (never revealed), bad input explained."""
from __future__ import annotations

import math

import pytest

from toolkit import exercises as ex


@pytest.fixture(scope="module")
def cmp():
    from toolkit.compare import compare

    return compare(["example:cnn", "example:kimt"])


def _truth(cmp, measure="expert_share", higher=True):
    t = cmp.metrics_table().set_index("label")[measure]
    return t.idxmax() if higher else t.idxmin()


def test_prediction_right_and_wrong_without_giving_the_answer_away(cmp):
    right = _truth(cmp)
    wrong = next(cmp.label(v.id) for v in cmp.versions if cmp.label(v.id) != right)
    fb = ex.check_prediction(cmp, right)
    assert fb.correct is True and bool(fb) and fb.message.startswith("Yes!")
    assert right in fb.message
    fb = ex.check_prediction(cmp, wrong)
    assert fb.correct is False and not bool(fb)
    assert right not in fb.message, "a wrong guess must not reveal the answer"
    assert "%" not in fb.message, "nor the numbers that give it away"
    assert "hint" in fb.message.lower() or "look at" in fb.message.lower()


def test_prediction_accepts_ids_labels_and_example_names(cmp):
    right = _truth(cmp)
    vid = next(v.id for v in cmp.versions if cmp.label(v.id) == right)
    for name in (right, right.lower(), vid, f"example:{right.lower()}"):
        assert ex.check_prediction(cmp, name).correct is True, name


def test_prediction_unknown_or_empty_version_is_explained_kindly(cmp):
    fb = ex.check_prediction(cmp, "BBC")
    assert fb.correct is None and "no version called" in fb.message and "CNN" in fb.message
    fb = ex.check_prediction(cmp, "...")
    assert fb.correct is None and "Write your prediction" in fb.message
    with pytest.raises(ValueError):
        ex.check_prediction(cmp, "CNN", measure="vibes")


@pytest.mark.parametrize("measure", ["quotes", "words", "official_share"])
def test_prediction_other_measures(cmp, measure):
    right = _truth(cmp, measure)
    assert ex.check_prediction(cmp, right, measure=measure).correct is True
    least = _truth(cmp, measure, higher=False)
    assert ex.check_prediction(cmp, least, measure=measure, higher=False).correct is True


def test_prediction_tie_is_a_finding():
    from toolkit.compare import compare
    from toolkit.load import load_text

    a = load_text('"We will win," said Ann Lee, a professor at Yale University.', id="a")
    b = load_text('"We will win," said Ann Lee, a professor at Yale University.', id="b")
    fb = ex.check_prediction(compare([a, b]), "a")
    assert fb.correct is True and "level" in fb.message


def test_only_quoted_in(cmp):
    only = cmp.speakers_only_in()
    vid = next(v for v, names in only.items() if names and v != cmp.base)
    name = only[vid][0]
    assert ex.check_only_quoted_in(cmp, cmp.label(vid), name.split()[-1].upper()).correct is True
    shared = sorted(set(s.name for s in cmp.version(vid).speakers) - set(only[vid]))[0]
    fb = ex.check_only_quoted_in(cmp, cmp.label(vid), shared)
    assert fb.correct is False and "also in another version" in fb.message
    fb = ex.check_only_quoted_in(cmp, cmp.label(vid), "Nobody Atall")
    assert fb.correct is False and name not in fb.message
    assert ex.check_only_quoted_in(cmp, cmp.label(vid), "...").correct is None
    assert ex.check_only_quoted_in(cmp, "BBC", name).correct is None


def test_frame_coding_by_paragraph_uses_agreement_and_explains(cmp):
    from toolkit.framing import score_text

    story = cmp.versions[1]
    body = [p.text for p in story.body]
    tool = {k: score_text(body[k - 1], "generic")["frame"] for k in range(1, 9)}
    fb = ex.check_frame_coding(dict(tool), story)
    assert fb.correct is True and fb.details["agreement"] == 1.0
    assert "8 of 8" in fb.message
    mine = dict(tool)
    flipped = [k for k in mine if mine[k] == "none"][:2] or [1, 2]
    for k in flipped:
        mine[k] = "conflict" if tool[k] != "conflict" else "economic"
    fb = ex.check_frame_coding(mine, story)
    assert fb.correct is False
    assert fb.details["agreement"] == pytest.approx((8 - len(flipped)) / 8)
    assert "Krippendorff" in fb.message and "Where you differ" in fb.message
    assert f"paragraph {flipped[0]}:" in fb.message


def test_frame_coding_alpha_matches_framing_agreement(cmp):
    from toolkit.framing import agreement

    story = cmp.versions[0]
    mine = {1: "conflict", 2: "economic", 3: "none", 4: "none", 5: "conflict", 6: "morality"}
    fb = ex.check_frame_coding(mine, story)
    expected = agreement({"you": mine, "tool": fb.details["tool"]})["overall"]
    got = fb.details["alpha"]
    assert (math.isnan(expected) and math.isnan(got)) or got == pytest.approx(expected)


def test_frame_coding_whole_story(cmp):
    story = cmp.versions[0]
    scores = story.frames["scores"]
    codes = {f: ("yes" if s > 0 else "no") for f, s in scores.items()}
    fb = ex.check_frame_coding(codes, story)
    assert fb.correct is True and fb.details["units"] == "frames"
    codes = {f: (s == 0) for f, s in scores.items()}  # booleans, all wrong
    fb = ex.check_frame_coding(codes, story)
    assert fb.correct is False and fb.details["agreement"] == 0.0


def test_frame_coding_bad_input_is_explained(cmp):
    story = cmp.versions[0]
    assert "not coded anything" in ex.check_frame_coding({1: None}, story).message
    assert "not a frame" in ex.check_frame_coding({1: "sports"}, story).message
    assert "there is no paragraph 999" in ex.check_frame_coding({999: "conflict"}, story).message
    assert "yes or no" in ex.check_frame_coding({"conflict": "maybe"}, story).message
    fb = ex.check_frame_coding({1: "conflict", 2: None}, story)
    assert "Still to code: 2" in fb.message


def test_rewrite_reports_every_score_and_checks_expectations():
    before = "The two leaders met and agreed to keep talking."
    after = "The two leaders clashed bitterly and traded angry accusations."
    fb = ex.check_rewrite(before, after, expect={"sentiment": "down", "conflict": "up"})
    assert fb.correct is True
    assert "tone (VADER compound)" in fb.message and "reading grade" in fb.message
    fb = ex.check_rewrite(before, after, expect={"sentiment": "up"})
    assert fb.correct is False and "✘ sentiment did not go up" in fb.message and "VADER" in fb.message
    fb = ex.check_rewrite(before, after)
    assert fb.correct is None and fb.details["after"]["sentiment"] < fb.details["before"]["sentiment"]


def test_rewrite_bad_input():
    assert "empty" in ex.check_rewrite("A text.", "   ").message
    assert "same as the original" in ex.check_rewrite("A  text.", "A text.").message
    fb = ex.check_rewrite("A text.", "Another text.", expect={"vibes": "up"})
    assert fb.correct is None and "can't check" in fb.message


def test_feedback_renders_with_a_symbol_not_only_colour():
    for correct, symbol in ((True, "✔"), (False, "✘"), (None, "…")):
        html = ex.Feedback(correct, "a <b>message</b>")._repr_html_()
        assert symbol in html and "&lt;b&gt;" in html


def test_helpers():
    from toolkit import analyze

    art = analyze("One para here.\n\nTwo para here.\n\nThree para here.", id="t")
    t = ex.paragraphs_to_code(art, start=2, n=5)
    assert t.paragraph.tolist() == [2, 3]
    assert "none" in ex.frame_choices("policy").frame.tolist()
    m = ex.measure("Taxes will cost jobs.")
    assert m["frame_economic"] >= 1 and set(m) >= {"sentiment", "grade", "words", "main_frame"}
