"""Corpus scale (issue 7): streaming input, syndication clusters, engines, whole outputs.

The stories are real text: the body paragraphs of unrelated pages of the bundled
sample corpus (a Gizmodo review, two Daily Mail pages, an NBC and a New York Post
story), so the cleaner, the hashing and the alignment all see news prose.
"""
from __future__ import annotations

import json
import re

import pandas as pd
import pytest

from toolkit import clean, corpus
from toolkit.corpus import analyze_corpus, clusters, example_corpus, iter_articles
from toolkit.errors import InputError, UsageError

pytest.importorskip("datasketch")
pytest.importorskip("pyarrow")

CHROME_TOP = ["Share this article", "Advertisement"]
LOCAL_NEWS = ("The app is free to try in our area, a local dealer said on Tuesday, and several stores "
              "will hold events this weekend.")
CHROME_END = ["Most Read", "Copyright 2018 The Associated Press. All rights reserved."]


@pytest.fixture(scope="module")
def stories() -> dict[str, list[str]]:
    """Five unrelated real stories, as lists of body paragraphs (long ones only)."""
    arts = {a.id: a for a in iter_articles(example_corpus())}
    out = {}
    for name, aid in (("review", "1256"), ("model", "7271"), ("presenter", "20056"), ("nbc", "16627"),
                      ("post", "12154")):
        clean.clean(arts[aid])
        out[name] = [p.text for p in arts[aid].body if len(p.text.split()) >= 12]
    return out


def page(title: str, paras: list[str], *, chrome: bool = True) -> str:
    """A scraped page: headline, byline, story, and page chrome around it."""
    top = [*CHROME_TOP, title, "By The Associated Press"] if chrome else [title]
    return "\n\n".join([*top, *paras, *(CHROME_END if chrome else [])])


def reword(text: str) -> str:
    """A copy edit: one word changed, one dropped."""
    words = text.split()
    words[len(words) // 2] = "reportedly"
    del words[-2]
    return " ".join(words)


def cluster_of(df: pd.DataFrame) -> dict[str, int]:
    return dict(zip(df["id"], df["cluster"]))


# --------------------------------------------------------------------------- clusters


def test_syndicated_versions_form_one_cluster_around_the_most_complete(stories):
    s = stories["review"]
    n = len(s)
    versions = {
        "full": page("YouTube Music is no Spotify killer", s),
        "cut": page("YouTube Music is no Spotify killer", s[: n * 6 // 10]),
        "reordered": page("YouTube Music review", [s[0], s[2], s[1], *s[3:-1]]),
        "reworded": page("YouTube Music review", [reword(p) if k % 3 == 1 else p for k, p in enumerate(s)]),
        "local": page("YouTube Music review", [*s[:6], LOCAL_NEWS, *s[6:9]]),
        "retyped": page("YouTube Music review", [p.replace("’", "'").replace("“", '"').replace("”", '"')
                                                  for p in s[:-2]], chrome=False),
        "other1": page("A model's day out", stories["model"]),
        "other2": page("Presenter on set", stories["presenter"]),
    }
    df = clusters(pd.DataFrame({"id": list(versions), "text": list(versions.values())}))
    c = cluster_of(df)
    story = {k for k in versions if not k.startswith("other")}
    assert len({c[k] for k in story}) == 1
    assert c["other1"] != c[next(iter(story))] and c["other2"] != c["other1"]
    row = df.set_index("id")
    assert row.loc["full", "base"] and row.loc["full", "size"] == len(story)
    assert (row.loc[list(story), "base_id"] == "full").all()
    # a copy cut after 60% kept those paragraphs, in place, and lost the rest
    assert row.loc["cut", "kept"] == n * 6 // 10 and row.loc["cut", "removed"] == n - n * 6 // 10
    assert row.loc["reworded", "edited"] >= 3 and row.loc["reordered", "moved"] >= 1
    assert row.loc["local", "added"] == 1
    assert row.loc["retyped", "kept"] == n - 2  # typography is never an edit


def test_one_shared_wire_paragraph_does_not_join_different_stories(stories):
    wire = ("The Associated Press is an independent global news organization dedicated to factual reporting. "
            "Founded in 1846, AP today remains the most trusted source of fast, accurate, unbiased news in all "
            "formats and the essential provider of the technology and services vital to the news business.")
    texts = {name: page(name, [*paras[:6], wire]) for name, paras in stories.items()}
    df = clusters(pd.DataFrame({"id": list(texts), "text": list(texts.values())}))
    assert df["cluster"].nunique() == len(texts)
    assert (df["size"] == 1).all()


def test_rolling_updates_are_not_chained_but_their_copies_join_them(stories):
    """ "The Latest": each update is new items plus one carried over from the previous update."""
    items = [p for name in ("model", "presenter", "nbc", "post") for p in stories[name]]
    updates, prev = {}, None
    for k in range(4):
        new = items[k * 6:(k + 1) * 6]
        paras = new + ([prev[0]] if prev else [])
        updates[f"update{k + 1}"] = page(f"The Latest: update {k + 1}", paras)
        prev = new
    updates["update2-copy"] = page("The Latest", items[6:10])  # a syndicated copy of update 2, cut
    df = clusters(pd.DataFrame({"id": list(updates), "text": list(updates.values())}))
    c = cluster_of(df)
    assert len({c[f"update{k}"] for k in range(1, 5)}) == 4
    assert c["update2-copy"] == c["update2"]


def test_a_page_half_of_one_story_and_half_of_another_does_not_merge_them(stories):
    a, b = stories["model"], stories["presenter"]
    texts = {
        "a": page("Story A", a[:12]),
        "b": page("Story B", b[:12]),
        "roundup": page("Roundup", a[8:12] + b[:4]),  # half of each: a chain A - roundup - B
    }
    df = clusters(pd.DataFrame({"id": list(texts), "text": list(texts.values())}))
    c = cluster_of(df)
    assert c["a"] != c["b"]


def test_the_signature_is_datasketchs_minhash():
    from datasketch import MinHash

    words = ["the", "talks", "in", "beijing", "went", "well", "and", "both", "sides", "said", "they", "would",
             "meet", "again", "soon"]
    shingles = [tuple(words[i:i + corpus.SHINGLE]) for i in range(len(words) - corpus.SHINGLE + 1)]
    m = MinHash(num_perm=64, seed=corpus.SEED, hashfunc=corpus._shingle_hash)
    m.update_batch(shingles)
    ours = corpus._signature(corpus._shingle_hashes(words), 64)
    assert ours.tolist() == m.hashvalues.tolist()


def test_the_sample_corpus_finds_the_ap_story_in_six_outlets_and_keeps_the_other_ap_story_apart():
    df = clusters(example_corpus())
    assert len(df) == 36 and df["id"].is_unique
    c = cluster_of(df)
    ap_ceo = ["15231", "1710", "16361", "17324", "19117", "19721"]
    ap_backtracks = ["14513", "3270", "4859", "7885", "14850"]
    assert len({c[i] for i in ap_ceo}) == 1 and len({c[i] for i in ap_backtracks}) == 1
    assert c[ap_ceo[0]] != c[ap_backtracks[0]]
    base = df[df["base"]].set_index("cluster")
    assert base.loc[c["15231"], "words"] == df[df["cluster"] == c["15231"]]["words"].max()


# --------------------------------------------------------------------------- input


def test_iter_articles_streams_folders_globs_and_tables(tmp_path, stories):
    import pyarrow as pa
    import pyarrow.parquet as pq

    folder = tmp_path / "pages"
    (folder / "sub").mkdir(parents=True)
    (folder / "one.txt").write_text(page("One", stories["nbc"]), encoding="utf-8")
    (folder / "sub" / "two.txt").write_text(page("Two", stories["post"]), encoding="utf-8")
    (folder / ".hidden.txt").write_text("not read", encoding="utf-8")
    assert [a.id for a in iter_articles(folder)] == ["one", "two"]
    assert [a.id for a in iter_articles(str(folder / "**" / "*.txt"))] == ["one", "two"]

    rows = [{"doc_id": f"d{i}", "site": "example.com", "body": page(f"T{i}", stories["nbc"][i:i + 4])}
            for i in range(5)]
    pq.write_table(pa.Table.from_pylist(rows), tmp_path / "t.parquet", row_group_size=2)
    arts = list(iter_articles(tmp_path / "t.parquet"))
    assert [a.id for a in arts] == ["d0", "d1", "d2", "d3", "d4"]
    assert arts[0].outlet == "example.com" and arts[0].meta["row"] == 0
    (tmp_path / "t.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    assert [a.id for a in iter_articles(tmp_path / "t.jsonl", id_column="doc_id")] == [r["doc_id"] for r in rows]
    with pytest.raises(InputError, match="no column"):
        next(iter_articles(tmp_path / "t.jsonl", text_column="missing"))


def test_iter_articles_raises_or_skips_a_bad_row(tmp_path):
    (tmp_path / "t.csv").write_text('id,text\na,"Officials met on Tuesday. The talks went well."\nb,\n'
                                    'c,"Talks resume on Friday, aides said."\n', encoding="utf-8")
    with pytest.raises(InputError, match="row 2"):
        list(iter_articles(tmp_path / "t.csv"))
    assert [a.id for a in iter_articles(tmp_path / "t.csv", on_error="skip")] == ["a", "c"]


# --------------------------------------------------------------------------- analysis and output


@pytest.fixture(scope="module")
def small_corpus(tmp_path_factory, stories):
    """A table of ten pages: two stories in several versions, a bad row, a lone page."""
    s, t = stories["review"], stories["nbc"]
    rows = [
        ("r-full", "gizmodo.com", page("Review", s)),
        ("r-cut", "example.com", page("Review", s[:7])),
        ("n-full", "nbcnews.com", page("NBC", t)),
        ("empty", "broken.example", ""),
        ("r-edit", "example.org", page("Review", [reword(p) for p in s[:9]])),
        ("n-copy", "example.net", page("NBC", t[:-2])),
        ("lone", "nypost.com", page("Post", stories["post"])),
        ("n-local", "example.tv", page("NBC", [*t[:5], LOCAL_NEWS])),
    ]
    path = tmp_path_factory.mktemp("corpus") / "pages.csv"
    pd.DataFrame(rows, columns=["id", "publisher", "text"]).to_csv(path, index=False)
    return path


def _tables(out) -> dict[str, pd.DataFrame]:
    return {p.stem: pd.read_parquet(p) for p in sorted(out.glob("*.parquet"))}


def test_analyze_corpus_writes_every_table_and_a_bad_row_lands_in_errors(tmp_path, small_corpus):
    res = analyze_corpus(small_corpus, out=tmp_path / "out", progress=False)
    assert (res.articles, res.errors, res.clusters, res.largest) == (7, 1, 2, 3)
    t = _tables(tmp_path / "out")
    assert set(t) == set(corpus.TABLES)
    assert t["errors"].to_dict("records") == [
        {"id": "empty", "row": 3, "source": str(small_corpus), "error": t["errors"]["error"][0]}]
    assert "empty" in t["errors"]["error"][0]
    assert t["articles"]["id"].tolist() == ["r-full", "r-cut", "n-full", "r-edit", "n-copy", "lone", "n-local"]
    assert t["clusters"].set_index("id").loc["r-cut", "base_id"] == "r-full"
    # every per-article row comes from the same analysis as toolkit.analyze
    import toolkit

    one = toolkit.analyze(next(iter_articles(small_corpus)))
    first = t["articles"].iloc[0]
    assert first["quotes"] == len(one.quotes) and first["words"] == one.word_count
    assert first["main_frame"] == one.frames["main"]
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text())
    assert manifest["tables"]["articles"]["rows"] == 7 and manifest["summary"]["errors"] == 1


def test_local_pool_and_dask_write_identical_tables(tmp_path, small_corpus, monkeypatch):
    from distributed import LocalCluster

    # Small chunks and no inline shortcut, so that the pool and Dask really share the work.
    monkeypatch.setattr(corpus, "_INLINE_MAX", 2)
    monkeypatch.setattr(corpus, "_CHUNK", {"features": 2, "analyze": 2, "compare": 2})
    local = analyze_corpus(small_corpus, out=tmp_path / "local", workers=2, progress=False)
    assert local.engine.startswith("local pool")
    with LocalCluster(n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None) as cl:
        dask = analyze_corpus(small_corpus, out=tmp_path / "dask", engine="dask", scheduler=cl, progress=False)
    assert dask.engine.startswith("Dask")
    a, b = _tables(tmp_path / "local"), _tables(tmp_path / "dask")
    assert set(a) == set(b)
    for name in a:
        pd.testing.assert_frame_equal(a[name], b[name], check_exact=True, obj=name)


def test_outputs_are_whole_or_absent(tmp_path, small_corpus, monkeypatch):
    out = tmp_path / "out"
    analyze_corpus(small_corpus, out=out, progress=False)
    before = {p.name: p.read_bytes() for p in out.iterdir()}

    def crash(self):
        raise RuntimeError("disk full")

    monkeypatch.setattr(corpus._Clusterer, "frame", crash)
    with pytest.raises(RuntimeError, match="disk full"):
        analyze_corpus(small_corpus, out=out, progress=False)
    # the previous output is untouched, and no half-written folder is left beside it
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert [p.name for p in tmp_path.iterdir()] == ["out"]
    with pytest.raises(RuntimeError):
        analyze_corpus(small_corpus, out=tmp_path / "new", progress=False)
    assert not (tmp_path / "new").exists()


def test_an_unrelated_folder_is_never_overwritten(tmp_path, small_corpus):
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "thesis.docx").write_bytes(b"precious")
    with pytest.raises(UsageError, match="other files"):
        analyze_corpus(small_corpus, out=tmp_path / "mine", progress=False)
    assert (tmp_path / "mine" / "thesis.docx").read_bytes() == b"precious"


def test_csv_format_for_spreadsheets(tmp_path, small_corpus):
    res = analyze_corpus(small_corpus, out=tmp_path / "csv", format="csv", progress=False)
    assert sorted(p.name for p in (tmp_path / "csv").iterdir()) == sorted(
        [f"{t}.csv" for t in corpus.TABLES] + ["manifest.json"])
    clusters_csv = pd.read_csv(tmp_path / "csv" / "clusters.csv")
    assert len(clusters_csv) == res.articles and {"id", "cluster", "base", "size"} <= set(clusters_csv)


def test_the_corpus_command(tmp_path, small_corpus, capsys):
    import argparse

    parser = argparse.ArgumentParser(prog="storylens")
    corpus.add_corpus_parser(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["corpus", str(small_corpus), "--out", str(tmp_path / "o"), "--no-progress"])
    assert corpus.run_corpus(args) == 0
    said = capsys.readouterr().out
    assert re.search(r"7 articles analysed \(1 could not be read; see errors\); 2 stories in 2\+ versions "
                     r"\(largest: 3 versions\)", said)
    assert "articles/s" in said
    bad = parser.parse_args(["corpus", str(small_corpus), "--out", str(tmp_path / "p"), "--scheduler", "tcp://x:1"])
    with pytest.raises(UsageError, match="--engine dask"):
        corpus.run_corpus(bad)


def test_candidates_are_those_of_datasketchs_minhash_lsh():
    from datasketch import MinHash, MinHashLSH

    col = corpus._Collector(corpus.NUM_PERM)
    with corpus._Engine("local", 1, None) as eng:
        corpus._read(example_corpus(), mode="features", engine=eng, cfg={"num_perm": corpus.NUM_PERM}, col=col,
                     text_column=None, id_column=None, progress=corpus._Progress(False, ""))
    try:
        ours = set(corpus._Clusterer(col, threshold=corpus.THRESHOLD, num_perm=corpus.NUM_PERM,
                                     containment=corpus.CONTAINMENT).candidates().tolist())
    finally:
        col.bodies.close()
    n, perms = len(col), corpus._permutations(corpus.NUM_PERM)
    sketches = {i: MinHash(num_perm=corpus.NUM_PERM, hashvalues=col.sig[i], permutations=perms, scheme="affine32")
                for i in range(n) if col.words[i] > 0}
    lsh = MinHashLSH(threshold=corpus.THRESHOLD, num_perm=corpus.NUM_PERM)
    for i, m in sketches.items():
        lsh.insert(i, m)
    theirs = {min(i, j) * n + max(i, j) for i, m in sketches.items() for j in lsh.query(m) if j != i}
    # Copies with identical signatures are banded once, through their first copy:
    # compare the pairs between different signatures, and check each copy is paired with its first.
    first: dict[bytes, int] = {}
    rep = {i: first.setdefault(col.sig[i].tobytes(), i) for i in sorted(sketches)}

    def between(pairs):
        return {(min(rep[c // n], rep[c % n]), max(rep[c // n], rep[c % n])) for c in pairs
                if rep[c // n] != rep[c % n]}

    assert between(ours) == between(theirs) and len(between(ours)) > 10
    assert all(r * n + i in ours for i, r in rep.items() if r != i)


def test_bad_parameters_are_refused_before_anything_is_read(tmp_path):
    with pytest.raises(UsageError, match="containment"):
        clusters(tmp_path / "does-not-matter", containment=1.5)
    with pytest.raises(UsageError, match="engine"):
        analyze_corpus(tmp_path / "missing.csv", out=tmp_path / "o", engine="spark")
    with pytest.raises(InputError, match="no such file"):
        analyze_corpus(tmp_path / "missing.csv", out=tmp_path / "o")
    assert not (tmp_path / "o").exists() and list(tmp_path.iterdir()) == []
