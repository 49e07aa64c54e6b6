"""Comparing versions: what each outlet kept, cut, added and reworded, and what that changed."""
import json
from collections import Counter

import pytest

import toolkit
from toolkit.cli import main

KIMT = "kimt_2018-04-10_kim_steroid_diplomacy"
CNN = "cnn_2018-04-10_kim_steroid_diplomacy"
HOSTILE = '<script>alert("x")</script><img src=x onerror="alert(1)">'


@pytest.fixture(scope="module")
def seed_cmp():
    return toolkit.compare(["example:cnn", "example:kimt"])


def _rows(cmp, version, op):
    ver, base = cmp.version(version), cmp.base_version
    out = []
    for r in cmp.alignment:
        if r.version == version and r.op == op:
            b = base.paragraphs[r.base_paragraph].text if r.base_paragraph is not None else None
            v = ver.paragraphs[r.paragraph].text if r.paragraph is not None else None
            out.append((b, v, r))
    return out


def test_the_affiliate_copy_drops_the_lavrov_paragraphs_and_adds_the_zakharova_ones(seed_cmp):
    removed = [b for b, _, _ in _rows(seed_cmp, KIMT, "removed")]
    added = [v for _, v, _ in _rows(seed_cmp, KIMT, "added")]
    for start in ("The latest breakthrough came on Tuesday", "Lavrov said Moscow wanted",
                  "“We are very happy about the invitation", "“October will mark 70 years"):
        assert any(t.startswith(start) for t in removed), start
    assert any(t.startswith("Foreign Minister Ri Yong Ho's talks Tuesday") for t in added)
    assert any("Zakharova said" in t for t in added)
    assert not [t for t in added + removed if "Bechtol" in t or "Klingner" in t]


def test_the_reworded_courtney_paragraph_is_edited_and_shows_the_changed_words(seed_cmp):
    edited = _rows(seed_cmp, KIMT, "edited")
    assert len(edited) == 1
    base_text, text, row = edited[0]
    assert "adjunct senior fellow at the RAND Corporation" in base_text
    assert "RAND" not in text and text.endswith("Courtney said.")
    assert 0.5 < row.similarity < 1
    html = seed_cmp.to_html()
    assert "<del>" in html and "RAND" in html


def test_shared_paragraphs_are_the_same_despite_curly_versus_straight_quotes(seed_cmp):
    same = _rows(seed_cmp, KIMT, "same")
    assert any(b.startswith("“This is about getting Russia on board") and v.startswith('"This is about') for b, v, _ in same)
    counts = seed_cmp.summary[KIMT]
    assert counts["moved"] == 0
    assert counts["kept"] == len(same) >= 28


def test_every_body_paragraph_of_every_version_is_in_exactly_one_alignment_row(seed_cmp):
    for v in seed_cmp.versions:
        seen = Counter()
        for r in seed_cmp.alignment:
            if r.version == v.id:
                seen.update(r.paragraphs)
        assert sorted(seen) == [p.index for p in v.body] and set(seen.values()) == {1}
    base_seen = Counter(i for r in seed_cmp.alignment if r.version == KIMT for i in r.base_paragraphs)
    assert sorted(base_seen) == [p.index for p in seed_cmp.base_version.body] and set(base_seen.values()) == {1}


def test_the_summary_names_who_is_quoted_in_only_one_version_and_the_expert_share_change(seed_cmp):
    assert seed_cmp.speakers_only_in() == {CNN: ["Sergei Lavrov"], KIMT: ["Maria Zakharova"]}
    text = " ".join(seed_cmp.summary_text())
    assert "Only CNN quotes Sergei Lavrov" in text and "Only KIMT quotes Maria Zakharova" in text
    s = seed_cmp.summary[KIMT]
    assert s["expert_share_delta"] == pytest.approx(s["expert_share"] - seed_cmp.summary[CNN]["expert_share"], abs=1e-3)
    assert "Expert voice share" in text and "points" in text


def test_to_dict_keeps_the_json_contract(seed_cmp):
    d = json.loads(seed_cmp.to_json())
    assert {"schema_version", "base", "versions", "alignment", "summary"} <= set(d)
    assert d["base"] == CNN and [v["id"] for v in d["versions"]] == [CNN, KIMT]
    for row in d["alignment"]:
        assert {"version", "op", "base_paragraph", "paragraph", "similarity"} <= set(row)
        assert row["op"] in {"same", "edited", "added", "removed", "moved"}
    for vid in (CNN, KIMT):
        assert {"kept", "edited", "added", "removed", "moved", "voice_share_delta", "sentiment_delta",
                "frame_delta"} <= set(d["summary"][vid])


def _story(paragraphs):
    return "\n\n".join(paragraphs)


PARAS = [
    "The city council voted on Monday to expand the bus network to the northern suburbs after months of debate.",
    "“This is the biggest change to our buses in thirty years,” said Maria Lopez, the council's transport chair.",
    "Opponents argued that the plan would cost too much and that ridership had not recovered since the pandemic.",
    "The expansion adds six routes and will be paid for by a mix of state grants and a small fare increase.",
    "“We have listened to riders and we think they will come back,” Lopez said.",
    "Work on the new stops is expected to begin in the spring, with the first routes running by autumn.",
]


def test_a_third_version_with_reordered_and_split_paragraphs_is_aligned_too():
    base = toolkit.load_text(_story(PARAS), id="wire")
    moved = toolkit.load_text(_story([PARAS[0], PARAS[3], PARAS[1], PARAS[2], PARAS[4], PARAS[5]]), id="reordered")
    split = PARAS[2].split(" and that ")
    third = toolkit.load_text(
        _story([PARAS[0], PARAS[1], split[0] + ".", "They said " + split[1], PARAS[3], PARAS[5]]), id="split"
    )
    cmp = toolkit.compare([base, moved, third])
    assert cmp.summary["reordered"]["moved"] >= 1 and cmp.summary["reordered"]["removed"] == 0
    assert cmp.summary["split"]["removed"] == 1  # the second Lopez quote
    assert {r.version for r in cmp.alignment} == {"wire", "reordered", "split"}
    assert cmp.metrics_table()["version"].tolist() == ["wire", "reordered", "split"]


def test_the_base_can_be_chosen_by_id_or_position():
    a = toolkit.load_text(_story(PARAS), id="a")
    b = toolkit.load_text(_story(PARAS[:4]), id="b")
    assert toolkit.compare([a, b], base="b").base == "b"
    assert toolkit.compare([toolkit.load_text(_story(PARAS), id="a"), toolkit.load_text(_story(PARAS[:4]), id="b")], base=1).summary["a"]["added"] == 2
    with pytest.raises(toolkit.StoryLensError, match="no version 'c'"):
        toolkit.compare([toolkit.load_text(_story(PARAS), id="a"), toolkit.load_text(_story(PARAS), id="b")], base="c")


def test_article_text_holding_html_or_script_is_shown_as_text_in_every_html_output():
    evil = toolkit.load_text(
        _story([PARAS[0], f"“{HOSTILE} is our plan,” said Maria Lopez, the council's transport chair.", PARAS[2],
                f"Residents wrote {HOSTILE} on the petition."]),
        id=f"evil{HOSTILE}",
    )
    evil.title = HOSTILE
    evil.outlet = HOSTILE
    cmp = toolkit.compare([toolkit.load_text(_story(PARAS), id="wire"), evil])
    for html in (cmp.to_html(), cmp._repr_html_(), evil._repr_html_()):
        assert "<script" not in html.lower() and "<img src=x" not in html.lower()
        assert "onerror=\"alert" not in html
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html


def test_cli_compare_writes_json_table_and_html(tmp_path, capsys):
    out = tmp_path / "cmp.json"
    assert main(["compare", "example:cnn", "example:kimt", "--format", "json", "-o", str(out)]) == 0
    assert json.loads(out.read_text())["base"] == CNN
    assert main(["compare", "example:cnn", "example:kimt", "--base", "example:kimt"]) == 0
    assert "CNN against KIMT" in capsys.readouterr().out
    html = tmp_path / "r.html"
    assert main(["compare", "example:cnn", "example:kimt", "--format", "html", "-o", str(html)]) == 0
    assert html.read_text().startswith("<!DOCTYPE html>")


def test_demo_writes_a_report_and_charts_into_a_new_folder_and_says_what_it_wrote(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["demo"]) == 0
    out = capsys.readouterr().out
    folder = tmp_path / "storylens-demo"
    names = sorted(p.name for p in folder.iterdir())
    assert "report.html" in names and "comparison.json" in names
    assert len([n for n in names if n.endswith(".png")]) >= 5
    for n in names:
        assert n in out
    assert main(["demo"]) == 0  # a second run never overwrites the first
    assert (tmp_path / "storylens-demo-2" / "report.html").exists()
    html = (folder / "report.html").read_text()
    assert html.count("data:image/png;base64,") >= 5 and "http://" not in html and "https://" not in html
