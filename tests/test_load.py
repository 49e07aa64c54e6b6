"""Loading: every input a teacher or a researcher hands over, read without harm."""
import hashlib
import json
import os

import pytest

import toolkit
from toolkit import InputError
from toolkit.load import decode, load, load_many, split_paragraphs

STORY = "Officials said the talks went well.\n\n“We are pleased,” the minister said on Tuesday.\n"


def _digest(path):
    st = os.stat(path)
    return hashlib.sha256(open(path, "rb").read()).hexdigest(), st.st_mtime_ns, st.st_mode


@pytest.mark.parametrize(
    "encoding, prefix",
    [("utf-8", b""), ("utf-8-sig", b""), ("utf-16", b""), ("utf-16-le", b""), ("utf-16-be", b""), ("cp1252", b"")],
)
def test_text_files_in_common_encodings_read_the_same(tmp_path, encoding, prefix):
    f = tmp_path / "story.txt"
    f.write_bytes(prefix + STORY.replace("“", '"').replace("”", '"').replace("said", "saïd").encode(encoding))
    art = load(f)
    assert art.paragraphs[0].text == "Officials saïd the talks went well."
    assert len(art.paragraphs) == 2


def test_curly_quotes_survive_cp1252(tmp_path):
    f = tmp_path / "story.txt"
    f.write_bytes("“We are pleased,” she said — twice.".encode("cp1252"))
    assert load(f).paragraphs[0].text == "“We are pleased,” she said — twice."


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "empty"),
        (b"   \n\t\r\n  ", "white space"),
        (b"\x00\x01\x02\x03binary\x00\xff\xfe\x00" * 50, "binary"),
        (b"%PDF-1.7\n...", "PDF"),
        (b"PK\x03\x04\x14\x00", "ZIP"),
        (bytes(range(256)) * 20, "binary"),
    ],
)
def test_empty_or_binary_input_is_a_clear_error_naming_the_file(tmp_path, content, message):
    f = tmp_path / "bad.txt"
    f.write_bytes(content)
    with pytest.raises(InputError) as e:
        load(f)
    assert str(f) in str(e.value) and message in str(e.value)
    assert "\n" not in str(e.value)


def test_a_missing_file_is_a_clear_error():
    with pytest.raises(InputError, match="no such file"):
        load("/nonexistent/story.txt")


def test_an_input_over_the_size_limit_is_refused_before_it_is_read(tmp_path):
    f = tmp_path / "huge.txt"
    f.write_bytes(b"A sentence of a story. " * 1_400_000)  # ~32 MB
    with pytest.raises(InputError, match="larger than the 20 MB limit"):
        load(f)
    assert len(load(f, max_bytes=40_000_000).paragraphs) == 1


def test_loading_never_modifies_the_input(tmp_path):
    f = tmp_path / "story.txt"
    f.write_text(STORY, encoding="utf-8")
    before = _digest(f)
    toolkit.analyze(str(f))
    assert _digest(f) == before


def test_paragraphs_are_blank_line_blocks_with_one_paragraph_per_line_inside():
    text = "Headline\nPosted: Apr 10, 2018\n\nFirst story paragraph.\r\n\r\nSecond.\n"
    assert split_paragraphs(text) == ["Headline", "Posted: Apr 10, 2018", "First story paragraph.", "Second."]


def test_hard_wrapped_prose_is_rejoined_into_paragraphs():
    text = (
        "The foreign minister arrived in Moscow on Tuesday for talks with his\n"
        "Russian counterpart, the first such visit in years, officials said on\n"
        "Wednesday.\n\nA second paragraph."
    )
    assert split_paragraphs(text)[0].startswith("The foreign minister arrived in Moscow on Tuesday for talks with his Russian")
    assert len(split_paragraphs(text)) == 2


def test_csv_corpora_stream_one_article_per_row_and_understand_the_hash_separator(tmp_path):
    f = tmp_path / "pages.csv"
    f.write_text(
        "id,publisher,text\n"
        '7,example.com,"Headline here ### By A. Writer ### The story begins. ### It ends."\n'
        '8,other.org,"Another story ### With two paragraphs."\n',
        encoding="utf-8",
    )
    arts = list(load_many(f))
    assert [a.id for a in arts] == ["7", "8"]
    assert [p.text for p in arts[0].paragraphs] == ["Headline here", "By A. Writer", "The story begins.", "It ends."]
    assert arts[1].outlet == "other.org"
    assert load(f, row="8").id == "8"
    with pytest.raises(InputError, match="holds 2 articles"):
        load(f)


def test_a_csv_without_a_text_column_names_the_columns(tmp_path):
    f = tmp_path / "pages.csv"
    f.write_text("id,n\n1,2\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"no text column found \(columns: id, n\)"):
        list(load_many(f))
    with pytest.raises(InputError, match="no column 'body'"):
        list(load_many(f, text_column="body"))


def test_jsonl_corpora_with_a_named_text_column(tmp_path):
    f = tmp_path / "pages.jsonl"
    f.write_text(json.dumps({"doc": "a", "story": "One. ### Two."}) + "\n\n" + json.dumps({"doc": "b", "story": "Three."}) + "\n")
    arts = list(load_many(f, text_column="story", id_column="doc"))
    assert [(a.id, len(a.paragraphs)) for a in arts] == [("a", 2), ("b", 1)]
    f.write_text('{"doc": "a", "story": "One."}\n{broken\n')
    with pytest.raises(InputError, match="line 2"):
        list(load_many(f, text_column="story"))


def test_our_own_json_output_loads_back_with_its_paragraph_kinds(tmp_path):
    art = toolkit.analyze("example:kimt")
    f = tmp_path / "kimt.json"
    f.write_text(art.to_json())
    again = load(f)
    assert [(p.text, p.kind) for p in again.paragraphs] == [(p.text, p.kind) for p in art.paragraphs]
    assert again.title == art.title
    assert toolkit.analyze(again).to_dict()["paragraphs"] == art.to_dict()["paragraphs"]


def test_malformed_json_is_a_clear_error(tmp_path):
    f = tmp_path / "a.json"
    f.write_text('{"paragraphs": [')
    with pytest.raises(InputError, match="malformed JSON"):
        load(f)


def test_html_pages_give_main_text_and_metadata(tmp_path):
    body = "".join(
        f"<p>Paragraph {i} of the story reports what the minister said about the talks in some detail.</p>"
        for i in range(6)
    )
    html = (
        "<html><head><title>Talks resume | Example News</title>"
        '<meta property="og:site_name" content="Example News">'
        '<meta property="article:published_time" content="2018-04-10T11:39:00Z"></head><body>'
        "<nav><a href='/'>Home</a> <a href='/world'>World</a></nav>"
        f"<article><h1>Talks resume</h1>{body}</article>"
        "<footer>Copyright Example News. Subscribe now!</footer></body></html>"
    )
    f = tmp_path / "page.html"
    f.write_text(html)
    art = load(f)
    texts = [p.text for p in art.paragraphs]
    assert any(t.startswith("Paragraph 0 of the story") for t in texts)
    assert not any("Subscribe" in t or t == "Home" for t in texts)
    assert art.outlet == "Example News"
    assert art.published and art.published.startswith("2018-04-10")


def test_bytes_and_examples_load_too():
    assert load(STORY.encode("utf-16")).paragraphs[0].text == "Officials said the talks went well."
    assert sorted(toolkit.examples()) == ["cnn", "kimt"]
    with pytest.raises(InputError, match="choose one of cnn, kimt"):
        load("example:nope")


def test_decode_prefers_utf8_and_falls_back_to_cp1252():
    assert decode("naïve — “quote”".encode()) == "naïve — “quote”"
    assert decode(b"caf\xe9 \x93quoted\x94") == "café “quoted”"


def test_split_paragraphs_equals_the_line_by_line_reference_on_random_texts():
    # split_paragraphs skips the separator and carriage-return passes when their first character is
    # absent, and takes a one-line block whole: the reference does every step on every text
    import random

    from toolkit.load import PARAGRAPH_SEPARATOR, _BLOCK_SPLIT, _is_hard_wrapped

    def reference(text):
        if PARAGRAPH_SEPARATOR in text:
            return [p for piece in text.split(PARAGRAPH_SEPARATOR) for p in reference(piece)]
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        out = []
        for block in _BLOCK_SPLIT.split(text):
            lines = [ln.strip() for ln in block.split("\n") if ln.strip()]
            if lines:
                out.extend([" ".join(lines)] if _is_hard_wrapped(lines) else lines)
        return out

    long_line = "The minister arrived in Moscow on Tuesday for talks with his"
    pieces = ["word", "Two words.", long_line, long_line + ".", "lower case", " ", "\t", "\xa0",
              "\n", "\n\n", "\r", "\r\n", "\r\n\r\n", " ### ", "#", "##", "\u2028", "\x1c"]
    rng = random.Random(8)
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 14)))
        assert split_paragraphs(text) == reference(text), repr(text)
