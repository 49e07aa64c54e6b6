"""Property-based tests (hypothesis) over load → clean → segment → quotes → sentiment → frames → align.

For any text a scrape can produce: no exception but the toolkit's documented errors, and the
invariants of the JSON contract hold (OUTPUT.md):

* every paragraph has exactly one kind, and a reason exactly when it is not body;
* no character of the input is lost or altered (only white space between paragraphs goes);
* sentences and quotes point at the very characters they hold;
* voice shares sum to 1 where there are attributed quotes; every score is in its range; the
  output is strict JSON (no NaN);
* alignment covers every body paragraph of every version exactly once;
* the same input gives the same output.

CI runs a fixed set of examples (``derandomize`` when ``CI`` is set) so it stays green and
fast; locally each run explores new ones (``STORYLENS_PROPERTY_SCALE=20`` for a longer hunt).
"""
from __future__ import annotations

import json
import math
import os
import tempfile
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

import toolkit
from toolkit.align import OPS
from toolkit.article import KINDS
from toolkit.compare import GROUPS
from toolkit.errors import StoryLensError
from toolkit.load import PARAGRAPH_SEPARATOR, decode, load, load_many, load_text

CI = bool(os.environ.get("CI"))
#: STORYLENS_PROPERTY_SCALE=20 runs twenty times the examples (a local bug hunt).
SCALE = float(os.environ.get("STORYLENS_PROPERTY_SCALE") or 1)


def examples(n: int) -> int:
    return max(1, int(n * SCALE))

SETTINGS = dict(
    deadline=None,
    derandomize=CI,
    database=None if CI else settings.default.database,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)
QUOTE_KINDS = {"direct", "partial", "indirect"}

# ---------------------------------------------------------------------- strategies
NAMES = ["Jane Roe", "Bruce Bechtol", "Kim Jong Un", "Maria Zakharova", "the mayor", "officials",
         "a spokesman", "Dr. Ann Lee", "Mr. O'Neil", "Ana María Pérez", "محمد علي", "דוד כהן"]
ROLES = ["a professor of politics at Angelo State University", "a spokeswoman for the ministry",
         "the city's police chief", "an analyst at the Heritage Foundation", "a local resident",
         "CEO of Acme Corp.", "who asked not to be named"]
CUES = ["said", "told CNN", "added", "warned", "according to", "said on Tuesday", "wrote"]
CLAUSES = ["we will not be rushed", "the talks went well", "this is a disaster for the economy",
           "the government is to blame", "nobody knows what happens next", "prices rose 3.5% in the U.S.",
           "the children deserve better", "it is a crisis of morality", "we won, and they lost badly",
           "it was... unexpected", "why now?", "never again!"]
CHROME = ["Advertisement", "Share this article", "Posted: Apr 10, 2018 11:39 AM CDT",
          "Copyright 2018 CNN. All rights reserved.", "Click here to subscribe to our newsletter",
          "Photo: AP", "Related: Kim visits Beijing", "By Jane Roe, CNN", "Updated 6:12 AM ET",
          "(CNN) —", "Read more", "Follow us on Twitter @news", "1 of 12", "###", "Loading..."]
OPENERS, CLOSERS = "\"“„«‹‘‚'", "\"”»›’'“"
UNICODE = ["قال الوزير إن المحادثات ستستأنف", "אמר הדובר", "\u202egnitirw sdrawkcab\u202c",
           "e\u0301 a\u0308 Z\u0351\u0308a\u0336", "\u200b\u200e\u200f\ufeff", "\U0001f600 \U0001f4f0",
           "中文新闻报道", "\ufb01nance \u00bd", "İstanbul İİİ STRAßE \ufb03 \u01c5 \u0390", "\u2028line\u2029sep", "\x85next", "tab\there"]


@st.composite
def quoted(draw) -> str:
    clause = draw(st.sampled_from(CLAUSES))
    style = draw(st.sampled_from(["straight", "curly", "guillemets", "single", "unclosed", "unopened",
                                  "nested", "mismatched"]))
    q = {
        "straight": f"\"{clause},\"", "curly": f"“{clause},”", "guillemets": f"«{clause}»,",
        "single": f"‘{clause},’", "unclosed": f"“{clause},", "unopened": f"{clause},”",
        "nested": f"\"{clause}, ‘{draw(st.sampled_from(CLAUSES))}’ too,\"",
        "mismatched": f"{draw(st.sampled_from(OPENERS))}{clause}{draw(st.sampled_from(CLOSERS))}",
    }[style]
    name, role, cue = draw(st.sampled_from(NAMES)), draw(st.sampled_from(ROLES)), draw(st.sampled_from(CUES))
    form = draw(st.integers(0, 3))
    if form == 0:
        return f"{q} {cue} {name}, {role}."
    if form == 1:
        return f"{name}, {role}, {cue}: {q}"
    if form == 2:
        return f"According to {name}, {clause}."
    return f"{name} {cue} that {clause}."


sentence = st.one_of(
    st.builds(lambda c: c[0].upper() + c[1:] + ".", st.sampled_from(CLAUSES)),
    quoted(),
    st.sampled_from(CHROME),
    st.sampled_from(UNICODE),
    st.text(st.characters(blacklist_categories=("Cs",)), max_size=40),
    st.text("ab .,!?\"'“”«»()-…\n", max_size=30),
)
paragraph = st.lists(sentence, min_size=0, max_size=5).map(" ".join)
LINE_BREAKS = st.sampled_from(["\n\n", "\r\n\r\n", "\n", "\r\r", "\n \n", "\n\n\n"])


@st.composite
def article_text(draw, min_paragraphs: int = 0) -> str:
    paras = draw(st.lists(paragraph, min_size=min_paragraphs, max_size=12))
    out = ""
    for p in paras:
        out += p + draw(LINE_BREAKS)
    return out


def _chars(text: str) -> str:
    """The text without its white space (what no loader may drop or change)."""
    return "".join(text.split())


# ---------------------------------------------------------------------- invariants
def check_article(art: toolkit.Article) -> dict:
    d = art.to_dict()
    json.dumps(d, allow_nan=False)  # strict JSON: an unknown value is null, never NaN

    assert [p.index for p in art.paragraphs] == list(range(len(art.paragraphs)))
    for p in art.paragraphs:
        assert p.kind in KINDS
        assert (p.reason is None) == (p.kind == "body"), (p.kind, p.reason)
        last = 0
        for s in p.sentences:
            assert p.text[s.start:s.end] == s.text and s.start >= last
            last = s.end
    assert [s.index for s in art.sentences] == list(range(len(art.sentences)))

    n = len(art.paragraphs)
    for q in art.quotes:
        assert q.kind in QUOTE_KINDS
        assert 0 <= q.paragraph < n
        assert art.paragraphs[q.paragraph].text[q.start:q.end] == q.text
        _check_polarity(q.sentiment)
    names = {s.name for s in art.speakers}
    assert len(names) == len(art.speakers)
    for s in art.speakers:
        assert s.group in GROUPS and s.quotes >= 0 and s.words >= 0
    for q in art.quotes:
        assert q.speaker is None or q.speaker in names

    vs = art.voice_share
    attributed = sum(s.words for s in art.speakers)
    for key in ("by_group", "by_speaker"):
        shares = vs[key]
        assert all(0.0 <= v <= 1.0 for v in shares.values()), shares
        if attributed:
            assert math.isclose(sum(shares.values()), 1.0, abs_tol=1e-4 * max(1, len(shares))), shares
    if attributed:
        assert set(vs["by_speaker"]) == names
    else:
        assert not any(vs["by_group"].values()) and not any(vs["by_speaker"].values())

    sent = art.sentiment
    for part in ("article", "narrative", "quoted"):
        if sent.get(part):
            _check_polarity(sent[part])
    for v in sent.get("by_speaker", {}).values():
        _check_polarity(v)

    fr = art.frames
    for f, score in fr["scores"].items():
        assert score is None or 0.0 <= score <= 1.0, (f, score)
    for e in fr["evidence"]:
        p = art.paragraphs[e["paragraph"]]
        assert e["text"] in p.text

    r = art.readability
    for k, v in r.items():
        if isinstance(v, float):
            assert math.isfinite(v), (k, v)
    assert r["words"] is None or r["words"] >= 0
    assert r["sentences"] is None or r["sentences"] >= 0
    return d


def _check_polarity(p: dict) -> None:
    """In range, or None where there is nothing to score (OUTPUT.md: unknown values are null)."""
    assert p["compound"] is None or -1.0 <= p["compound"] <= 1.0, p
    for k in ("pos", "neu", "neg"):
        if p.get(k) is not None:
            assert 0.0 <= p[k] <= 1.0, p


def analyze_or_documented_error(text: str, **kw) -> toolkit.Article | None:
    try:
        return toolkit.analyze(load_text(text, id="t", **kw))
    except StoryLensError as e:
        assert "\n" not in str(e)
        return None


# ---------------------------------------------------------------------- properties
@settings(max_examples=examples(80), **SETTINGS)
@given(article_text())
@example("")
@example("\n\n \r\n")
@example('"' * 50)
@example("“Never closed, said Jane Roe, a professor at a state university.")
@example("Advertisement\n\nShare this article\n\n(CNN) —")
def test_any_text_is_analysed_or_refused_with_a_documented_error(text):
    art = analyze_or_documented_error(text)
    if art is None:
        assert not _chars(text.replace(PARAGRAPH_SEPARATOR, " ")) or not text.strip()
        return
    check_article(art)
    assume(PARAGRAPH_SEPARATOR not in text)
    # no character is lost or altered: paragraphs hold the input, white space aside
    assert _chars("".join(p.text for p in art.paragraphs)) == _chars(text)


@settings(max_examples=examples(40), **SETTINGS)
@given(article_text(min_paragraphs=1))
def test_the_same_input_gives_the_same_output(text):
    a = analyze_or_documented_error(text)
    b = analyze_or_documented_error(text)
    assert (a is None) == (b is None)
    if a is not None:
        assert a.to_dict() == b.to_dict()


@settings(max_examples=examples(60), **SETTINGS)
@given(st.binary(max_size=600), st.sampled_from([None, "utf-8", "utf-16", "utf-16-le", "cp1252"]), article_text())
def test_any_bytes_load_or_fail_with_a_documented_error(noise, encoding, text):
    data = noise
    if encoding:
        try:
            data = text.encode(encoding) + noise[:8]
        except UnicodeEncodeError:
            data = text.encode("utf-8", "surrogatepass")
    try:
        decoded = decode(data, "x.txt")
    except StoryLensError as e:
        assert str(e).startswith("x.txt: ") and "\n" not in str(e)
    else:
        assert isinstance(decoded, str) and decoded.strip()
    try:
        art = load(data)
    except StoryLensError as e:
        assert "\n" not in str(e)
    else:
        assert art.paragraphs and all(p.text for p in art.paragraphs)


@settings(max_examples=examples(40), **SETTINGS)
@given(st.binary(max_size=400), st.booleans())
def test_any_table_file_streams_or_fails_with_a_documented_error(data, jsonl):
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / ("t.jsonl" if jsonl else "t.csv")
        path.write_bytes(data)
        try:
            arts = list(load_many(path))
        except StoryLensError as e:
            assert str(path) in str(e)
        else:
            assert all(a.paragraphs for a in arts)
        assert path.read_bytes() == data


HTML_PIECES = [
    "<html>", "</html>", "<head><title>T</title></head>", "<body>", "</body>", "<article>", "</article>",
    "<div>", "</div>", "<p>", "</p>", "<span>", "<b>", "</i>", "<br>", "<table><tr><td>", "</td></tr></table>",
    "<script>document.title='PWNED'</script>", "<style>p{}</style>", "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>", "<a href='javascript:alert(1)'>x</a>", "<!--", "-->", "<![CDATA[", "]]>",
    "<?xml version='1.0'?>", "<!DOCTYPE html>", "&amp;", "&#0;", "&#xD800;", "&nbsp;", "&bogus;", "<", ">",
    "<p class=\"unclosed>", "<meta charset='utf-16'>", "<h1>", "</h1>", "<li>", "<noscript>", "</noscript>",
]


@settings(max_examples=examples(40), **SETTINGS)
@given(st.lists(st.one_of(st.sampled_from(HTML_PIECES), paragraph), max_size=30).map("".join))
def test_any_html_is_analysed_or_refused_with_a_documented_error(html):
    try:
        art = toolkit.analyze(toolkit.load(("<html><body>" + html).encode("utf-8"), id="h"))
    except StoryLensError as e:
        assert "\n" not in str(e)
        return
    check_article(art)


@st.composite
def versions(draw):
    """A base text and an edited copy: paragraphs dropped, added, moved, reworded, duplicated."""
    base = draw(st.lists(paragraph.filter(lambda p: _chars(p)), min_size=1, max_size=8))
    other = list(base)
    for _ in range(draw(st.integers(0, 4))):
        op = draw(st.sampled_from(["drop", "add", "move", "edit", "dup"]))
        if op == "drop" and len(other) > 1:
            other.pop(draw(st.integers(0, len(other) - 1)))
        elif op == "add":
            other.insert(draw(st.integers(0, len(other))), draw(paragraph))
        elif op == "move" and other:
            other.insert(draw(st.integers(0, len(other) - 1)), other.pop(draw(st.integers(0, len(other) - 1))))
        elif op == "edit" and other:
            i = draw(st.integers(0, len(other) - 1))
            other[i] = other[i].replace("the", "a", 1) + " " + draw(sentence)
        elif op == "dup" and other:
            other.append(draw(st.sampled_from(other)))
    return "\n\n".join(base), "\n\n".join(other)


@settings(max_examples=examples(50), **SETTINGS)
@given(versions(), st.integers(0, 1))
def test_alignment_covers_every_body_paragraph_of_every_version_once(pair, base):
    try:
        arts = [load_text(t, id=f"v{i}") for i, t in enumerate(pair)]
        cmp = toolkit.compare(arts, base=base)
    except StoryLensError:
        return
    for v in cmp.versions:
        check_article(v)
    d = cmp.to_dict()
    json.dumps(d, allow_nan=False)
    base_body = Counter(p.index for p in cmp.base_version.body)
    for v in cmp.versions:
        rows = [r for r in cmp.alignment if r.version == v.id]
        covered = Counter(i for r in rows for i in (r.paragraphs or ((r.paragraph,) if r.paragraph is not None else ())))
        assert covered == Counter(p.index for p in v.body), (v.id, rows)
        if v.id != cmp.base:
            from_base = Counter(
                i for r in rows for i in (r.base_paragraphs or ((r.base_paragraph,) if r.base_paragraph is not None else ()))
            )
            assert from_base == base_body, (v.id, rows)
        for r in rows:
            assert r.op in OPS and 0.0 <= r.similarity <= 1.0
            assert (r.op == "added") == (r.base_paragraph is None)
            assert (r.op == "removed") == (r.paragraph is None)
        counts = cmp.summary[v.id]
        assert sum(counts[k] for k in ("kept", "edited", "added", "removed", "moved")) == len(rows)


def test_the_same_input_gives_the_same_output_in_another_process():
    """Nothing may depend on set or dict order under a different hash seed."""
    import subprocess
    import sys

    cmd = [sys.executable, "-m", "toolkit", "compare", "example:cnn", "example:kimt", "--format", "json"]
    procs = [
        subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                         env={**os.environ, "PYTHONHASHSEED": seed})
        for seed in ("1", "2")
    ]
    outs = [p.communicate(timeout=300) for p in procs]
    assert all(p.returncode == 0 for p in procs), [err for _, err in outs]
    assert outs[0][0] == outs[1][0]


def test_comparing_a_text_with_itself_keeps_everything():
    text = "\n\n".join(["Officials met on Tuesday.", "\"We are ready,\" said Jane Roe, a professor.",
                        "The council will vote next week."])
    cmp = toolkit.compare([load_text(text, id="a"), load_text(text, id="b")])
    assert {r.op for r in cmp.alignment} == {"same"}


@pytest.mark.parametrize("text", ["\u202e\"We won,\" said Jane Roe.\u202c", "«Non», a dit le maire.",
                                  "„Nein“, sagte der Sprecher.", "“" * 300 + " said Bob."])
def test_known_quote_styles_and_bidi_marks_keep_their_offsets(text):
    art = analyze_or_documented_error(text)
    assert art is not None
    check_article(art)


# ---------------------------------------------------------------------- pathological paragraphs
# One long paragraph is what a scrape without blank lines gives. These inputs once took quadratic
# time; how long they take now is measured in benchmarks/bench_worst_case.py, not asserted here.
def _prepared(text: str):
    from toolkit.pipeline import prepare

    return prepare(load_text(text, id="x"))


def test_thousands_of_unclosed_quotation_marks_make_one_quotation_to_the_paragraph_end():
    from toolkit import quotes

    art = _prepared("«a " * 8000)
    found = quotes.extract(art)
    assert [(q.kind, q.start, q.end) for q in found] == [("direct", 1, len(art.paragraphs[0].text))]


def test_a_paragraph_of_thousands_of_quotes_is_scored_sentence_by_sentence():
    from toolkit import quotes, sentiment, voices

    art = _prepared('"We won," said Jane Roe, a professor. ' * 2800)
    quotes.extract(art)
    voices.resolve(art)
    result = sentiment.score(art)
    # each sentence is mostly the reporter's words, so narrative; every quote is scored on its own text
    assert result["narrative"]["n"] == 2800 and result["quoted"]["n"] == 0
    assert {q.sentiment["compound"] for q in art.quotes} == {sentiment.polarity("We won,")["compound"]}
