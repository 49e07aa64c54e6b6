"""Corpus scale (issue 7): clustering time, analysis throughput, peak memory, cluster precision/recall.

Run: python benchmarks/bench_corpus.py --sizes 10000 30000 100000 [--workers 2] [--analyze-sample 2000]

The corpus is synthesised from real article text, with known syndicated variants:

- **Stories.** Each story is 4-24 real body paragraphs (the length distribution of
  PolNeAR articles) drawn from the PolNeAR texts in ../shared/data (or
  $STORYLENS_SHARED/data), with a quarter of their lower-case words of 3+ letters
  (about 15% of all words) swapped for other corpus words, per story: there are
  ~17k real paragraphs for up to ~43k stories, so at 100k articles each paragraph
  is drawn by ~30 stories, and without the swaps unrelated stories would share
  whole paragraphs far more often than real news does (with swaps at 12%, the
  candidate pairs grew 8-fold from 30k to 100k articles, nearly all of them
  unrelated stories sharing a drawn paragraph).
- **Versions.** A story appears in 1 to 30 versions (45% once; mean ~2.6). Every
  version is a page: headline, byline and date stamp, captions, "Advertisement",
  share buttons and related-link lists taken from the real ArticleComparisons pages
  (page chrome the cleaner must remove). Versions other than the first are edited
  the way syndication edits: cut after 40-100% of the paragraphs (50% of them), a
  middle paragraph dropped (20%), a paragraph moved (20%), 1-3 words changed in
  10-40% of paragraphs (50%), a paragraph split or two merged (10%), 1-2 local
  paragraphs added (30%, never more than a third of what is kept), quotes and
  dashes retyped (40%).
- **Hard negatives** (different stories the clustering must keep apart):
  15% of the ordinary stories carry one of 8 identical wire "background"
  paragraphs; 10% of draws make a sister story sharing two identical paragraphs
  with an earlier story of the same wire; 2% of draws start a rolling "The Latest"
  chain of 3-8 updates, each carrying one item over from the previous update
  (about a tenth of all stories are such updates).

The articles are shuffled and written to a Parquet table (id, outlet, text; the
story id in a separate truth table), cached under --workdir. Each measurement
runs in a fresh process, so that its peak memory (getrusage maxrss) is its own:

- clustering: ``toolkit.corpus.clusters(table, workers=W)``: reading, cleaning and
  hashing on W processes, then LSH, verification, union-find and alignment of every
  version with its base; seconds per stage, main-process and worker peak memory.
- pairwise precision/recall of the clusters against the known stories.
- full analysis: ``toolkit.corpus.analyze_corpus`` on the first --analyze-sample
  articles (and, with --analyze-real, on the real PolNeAR texts), in articles/s;
  100,000 articles at that rate are extrapolated, and labelled so.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

CHROME_KINDS = ("boilerplate", "caption", "byline", "dateline")
OUTLETS = [f"outlet{n:03d}.example" for n in range(400)]


# --------------------------------------------------------------------------- sources


def shared_data() -> Path:
    env = os.environ.get("STORYLENS_SHARED")
    for base in ([Path(env)] if env else []) + [ROOT.parent / "shared"]:
        if (base / "data" / "polnear").is_dir():
            return base / "data"
    sys.exit("the shared data (../shared/data with polnear/ and article-comparisons/) is needed")


def sources(data: Path) -> tuple[list[str], list[str], list[str], list[int]]:
    """Real paragraphs, titles, chrome lines and article lengths (in paragraphs)."""
    from toolkit import clean
    from toolkit.align import normalize
    from toolkit.load import load_many

    paras, titles, lengths, seen = [], [], [], set()
    for split in ("train", "dev"):
        for f in sorted((data / "polnear" / "data" / split / "text").glob("*.txt")):
            blocks = [b.strip() for b in re.split(r"\n\s*\n", f.read_text(encoding="utf-8")) if b.strip()]
            if not blocks:
                continue
            titles.append(blocks[0])
            body = [" ".join(b.split()) for b in blocks[1:] if len(b.split()) >= 12]
            if len(body) >= 3:
                lengths.append(len(body))
            for b in body:
                key = normalize(b)
                if key not in seen:  # PolNeAR holds a few wire copies: one real paragraph, one pool entry
                    seen.add(key)
                    paras.append(b)
    chrome, cseen = [], set()
    for name in ("spotify_articles.csv", "census_articles.csv"):
        for a in load_many(data / "article-comparisons" / name):
            clean.clean(a)
            for p in a.paragraphs:
                if p.kind in CHROME_KINDS and len(p.text.split()) <= 25 and p.text not in cseen:
                    cseen.add(p.text)
                    chrome.append(p.text)
    return paras, titles, chrome, lengths


# --------------------------------------------------------------------------- generation

_LOWER = re.compile(r"\b[a-z]{3,}\b")


class Generator:
    def __init__(self, data: Path, seed: int):
        self.paras, self.titles, self.chrome, self.lengths = sources(data)
        self.vocab = sorted({w for p in self.paras[:4000] for w in _LOWER.findall(p)})
        self.rng = random.Random(seed)

    def personalise(self, text: str, rng: random.Random, rate: float) -> str:
        return _LOWER.sub(lambda m: rng.choice(self.vocab) if rng.random() < rate else m.group(0), text)

    def story(self, rng: random.Random) -> tuple[str, list[str]]:
        n = max(4, min(24, rng.choice(self.lengths)))
        paras = [self.personalise(p, rng, 0.25) for p in rng.sample(self.paras, n)]
        # a headline: no closing full stop (a line ending in one reads as a caption)
        return self.personalise(rng.choice(self.titles), rng, 0.15).rstrip(" ."), paras

    def stories(self, n_articles: int) -> tuple[list[tuple[str, list[str]]], list[int], dict[str, int]]:
        """Stories and their number of versions, until the versions reach n_articles."""
        rng = self.rng
        wire = [self.personalise(p, rng, 0.25) for p in rng.sample(self.paras, 8)]
        stories: list[tuple[str, list[str]]] = []
        versions: list[int] = []
        kinds = {"background": 0, "sister": 0, "rolling": 0}
        total = 0
        while total < n_articles:
            r = rng.random()
            if r < 0.02 and stories:  # a rolling "The Latest" chain
                length = rng.randint(3, 8)
                title, prev = self.story(rng)
                chain = [prev]
                for _ in range(length - 1):
                    _, new = self.story(rng)
                    chain.append(new[: rng.randint(4, 8)] + [rng.choice(chain[-1])])
                for k, paras in enumerate(chain):
                    stories.append((f"The Latest: {title} (update {k + 1})", paras))
                    kinds["rolling"] += 1
            elif r < 0.12 and stories:  # a sister story of the same wire, two background paragraphs shared
                title, paras = self.story(rng)
                other = rng.choice(stories)[1]
                shared = rng.sample(other[len(other) // 2:], min(2, len(other) - len(other) // 2))
                for s in shared:  # background, in the second half, as wire stories place it
                    paras.insert(rng.randint(len(paras) // 2, len(paras)), s)
                stories.append((title, paras))
                kinds["sister"] += 1
            else:
                title, paras = self.story(rng)
                if rng.random() < 0.15:
                    paras.append(rng.choice(wire))
                    kinds["background"] += 1
                stories.append((title, paras))
            while len(versions) < len(stories):
                v = 1 if rng.random() < 0.45 else min(30, 2 + int(rng.expovariate(1 / 1.9)))
                versions.append(v)
                total += v
        return stories, versions, kinds

    # ------------------------------------------------------------------ one version
    def edit(self, paras: list[str], rng: random.Random) -> list[str]:
        p = list(paras)
        if rng.random() < 0.5:
            p = p[: max(min(3, len(p)), round(len(p) * rng.uniform(0.4, 1.0)))]
        if rng.random() < 0.2 and len(p) >= 5:
            del p[rng.randrange(1, len(p))]
        if rng.random() < 0.2 and len(p) >= 4:
            x = p.pop(rng.randrange(1, len(p)))
            p.insert(max(1, min(len(p), rng.randrange(1, len(p)) + rng.choice((-3, -1, 2, 3)))), x)
        if rng.random() < 0.5:
            for i in rng.sample(range(len(p)), max(1, round(len(p) * rng.uniform(0.1, 0.4)))):
                p[i] = self.reword(p[i], rng)
        if rng.random() < 0.1 and len(p) >= 3:
            i = rng.randrange(len(p) - 1)
            if rng.random() < 0.5:
                p[i:i + 2] = [p[i] + " " + p[i + 1]]
            else:
                cut = [m.end() for m in re.finditer(r"[.!?]\s", p[i])]
                if cut:
                    k = rng.choice(cut)
                    p[i:i + 1] = [p[i][:k].strip(), p[i][k:].strip()]
        if rng.random() < 0.3:
            for _ in range(min(rng.randint(1, 2), max(1, len(p) // 3))):
                local = self.personalise(rng.choice(self.paras), rng, 0.25)
                p.insert(rng.randint(1, len(p)), local)
        if rng.random() < 0.4:
            p = [x.replace("\u201c", '"').replace("\u201d", '"').replace("\u2019", "'").replace("\u2014", "--")
                 for x in p]
        return p

    def reword(self, text: str, rng: random.Random) -> str:
        words = text.split(" ")
        for _ in range(rng.randint(1, 3)):
            if len(words) < 6:
                break
            i = rng.randrange(len(words))
            op = rng.random()
            if op < 0.4:
                words[i] = rng.choice(self.vocab)
            elif op < 0.7:
                del words[i]
            else:
                words.insert(i, rng.choice(self.vocab))
        return " ".join(words)

    def page(self, title: str, paras: list[str], rng: random.Random) -> str:
        lines = []
        if rng.random() < 0.8:
            lines += [rng.choice(self.chrome) for _ in range(rng.randint(0, 2))]
        lines.append(title)
        if rng.random() < 0.7:
            lines.append(rng.choice(("By ", "By ", "")) + rng.choice(("The Associated Press", "Associated Press",
                         "Staff and wire reports", "Reuters")))
        if rng.random() < 0.6:
            lines.append(f"Published {rng.choice(('June', 'May', 'Nov.'))} {rng.randint(1, 28)}, 2018 "
                         f"{rng.randint(1, 12)}:{rng.randint(0, 59):02d} {rng.choice(('AM', 'PM'))}")
        body = list(paras)
        if rng.random() < 0.5:
            for _ in range(rng.randint(1, 2)):
                body.insert(rng.randint(1, len(body)), rng.choice(self.chrome))
        lines += body
        if rng.random() < 0.6:
            lines += [rng.choice(self.chrome) for _ in range(rng.randint(1, 5))]
        return "\n\n".join(lines)

    def write(self, n_articles: int, path: Path, truth: Path) -> dict[str, int]:
        import pyarrow as pa
        import pyarrow.parquet as pq

        stories, versions, kinds = self.stories(n_articles)
        specs = [(s, v) for s, n in enumerate(versions) for v in range(n)][:n_articles]
        self.rng.shuffle(specs)
        schema = pa.schema([("id", pa.string()), ("outlet", pa.string()), ("text", pa.string())])
        ids, story_of = [], []
        with pq.ParquetWriter(path, schema) as w:
            batch: list[dict[str, str]] = []
            for n, (s, v) in enumerate(specs):
                rng = random.Random(f"{s}-{v}")
                title, paras = stories[s]
                body = paras if v == 0 else self.edit(paras, rng)
                aid = f"a{n:07d}"
                batch.append({"id": aid, "outlet": rng.choice(OUTLETS), "text": self.page(title, body, rng)})
                ids.append(aid)
                story_of.append(s)
                if len(batch) == 2000:
                    w.write_table(pa.Table.from_pylist(batch, schema=schema))
                    batch = []
            if batch:
                w.write_table(pa.Table.from_pylist(batch, schema=schema))
        pq.write_table(pa.table({"id": ids, "story": story_of}), truth)
        return {"stories": len({s for s, _ in specs}), **kinds}


# --------------------------------------------------------------------------- measurement (child processes)


def pair_scores(pred: list[int], true: list[int]) -> tuple[float, float]:
    """Pairwise precision and recall of a clustering against the true stories."""
    from collections import Counter

    def pairs(c: Counter) -> int:
        return sum(n * (n - 1) // 2 for n in c.values())

    both = pairs(Counter(zip(pred, true)))
    p, t = pairs(Counter(pred)), pairs(Counter(true))
    return (both / p if p else 1.0), (both / t if t else 1.0)


def _peaks() -> dict[str, float]:
    # ru_maxrss is in KiB on Linux (bytes on macOS). CPU seconds are reported beside
    # wall time because a shared machine's other load stretches wall time, not CPU time.
    scale = 1 / 1024 if sys.platform != "darwin" else 1 / 1024 / 1024
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return {
        "peak_main_mb": round(me.ru_maxrss * scale, 1),
        "peak_worker_mb": round(kids.ru_maxrss * scale, 1),
        "cpu_main_s": round(me.ru_utime + me.ru_stime, 1),
        "cpu_workers_s": round(kids.ru_utime + kids.ru_stime, 1),
    }


def child_clusters(corpus: Path, truth: Path, workers: int) -> dict:
    import pyarrow.parquet as pq

    from toolkit.corpus import clusters

    t = time.perf_counter()
    df = clusters(corpus, workers=workers)
    seconds = time.perf_counter() - t
    stats = df.attrs["stats"]
    tr = pq.read_table(truth).to_pandas().set_index("id")["story"]
    true = tr.loc[df["id"].astype(str)].tolist()
    precision, recall = pair_scores(df["cluster"].tolist(), true)
    sizes = df.drop_duplicates("cluster")["size"]
    stage = stats["lsh_seconds"] + stats["verify_seconds"] + stats["compare_seconds"]
    return {
        "articles": len(df), "seconds": round(seconds, 2), "read_clean_hash_seconds": round(seconds - stage, 2),
        "lsh_seconds": stats["lsh_seconds"], "verify_seconds": stats["verify_seconds"],
        "compare_seconds": stats["compare_seconds"], "candidates": stats["candidates"],
        "aligned_pairs": stats.get("aligned", 0), "split_from_chains": stats["split_from_chains"],
        "compared_by_alignment": stats["compared_by_alignment"],
        "clusters_2plus": int((sizes > 1).sum()), "true_stories_2plus": int((tr.value_counts() > 1).sum()),
        "largest": int(sizes.max()), "precision": round(precision, 4), "recall": round(recall, 4),
        "errors": len(df.attrs["errors"]), **_peaks(),
    }


def child_analyze(corpus: Path, workers: int, sample: int) -> dict:
    import pyarrow.parquet as pq

    from toolkit.corpus import analyze_corpus

    src = corpus
    if sample:
        with tempfile.NamedTemporaryFile(suffix=".parquet", delete=False) as fh:
            src = Path(fh.name)
        pq.write_table(pq.ParquetFile(corpus).read_row_groups([0]).slice(0, sample), src)
    with tempfile.TemporaryDirectory() as d:
        t = time.perf_counter()
        res = analyze_corpus(src, out=Path(d) / "out", workers=workers, progress=False)
        seconds = time.perf_counter() - t
    if sample:
        src.unlink()
    return {"articles": res.articles, "errors": res.errors, "seconds": round(seconds, 2),
            "articles_per_s": round(res.articles / seconds, 1), "timings": res.timings, **_peaks()}


def child_analyze_real(data: Path, workers: int) -> dict:
    from toolkit.corpus import analyze_corpus

    files = sorted((data / "polnear" / "data" / "train" / "text").glob("*.txt"))
    with tempfile.TemporaryDirectory() as d:
        src = Path(d) / "real"
        src.mkdir()
        for f in files:
            (src / f.name).write_bytes(f.read_bytes())
        t = time.perf_counter()
        res = analyze_corpus(src, out=Path(d) / "out", workers=workers, progress=False)
        seconds = time.perf_counter() - t
    return {"articles": res.articles, "errors": res.errors, "seconds": round(seconds, 2),
            "articles_per_s": round(res.articles / seconds, 1), "timings": res.timings, **_peaks()}


def run_child(*args: str) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", *args], capture_output=True, text=True, check=False)
    if out.returncode:
        sys.exit(f"child {args} failed:\n{out.stderr}")
    return json.loads(out.stdout.strip().splitlines()[-1])


# --------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 30_000, 100_000])
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--analyze-sample", type=int, default=2000, help="articles fully analysed (0: skip)")
    ap.add_argument("--analyze-real", action="store_true", help="also time analysis of the 840 PolNeAR train texts")
    ap.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "storylens-bench-corpus")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)

    if args.child:
        kind, *rest = args.child
        if kind == "clusters":
            res = child_clusters(Path(rest[0]), Path(rest[1]), int(rest[2]))
        elif kind == "analyze":
            res = child_analyze(Path(rest[0]), int(rest[1]), int(rest[2]))
        else:
            res = child_analyze_real(Path(rest[0]), int(rest[1]))
        print(json.dumps(res))
        return 0

    data = shared_data()
    args.workdir.mkdir(parents=True, exist_ok=True)
    print(f"{os.cpu_count()} cores; {args.workers} workers; corpora cached in {args.workdir}")
    gen = None
    rows = []
    for n in args.sizes:
        corpus = args.workdir / f"corpus-{n}-{args.seed}.parquet"
        truth = args.workdir / f"truth-{n}-{args.seed}.parquet"
        if not (corpus.exists() and truth.exists()):
            gen = gen or Generator(data, args.seed)
            gen.rng = random.Random(args.seed)
            t = time.perf_counter()
            kinds = gen.write(n, corpus, truth)
            print(f"generated {n:,} articles ({kinds}) in {time.perf_counter() - t:.0f} s")
        r = run_child("clusters", str(corpus), str(truth), str(args.workers))
        rows.append((n, r))
        print(f"\n== clusters(): {n:,} articles ==")
        print(f"  total {r['seconds']:.1f} s = read+clean+hash {r['read_clean_hash_seconds']:.1f} s "
              f"(on {args.workers} processes) + LSH {r['lsh_seconds']:.1f} s + verify {r['verify_seconds']:.1f} s "
              f"+ compare with base {r['compare_seconds']:.1f} s")
        print(f"  {n / r['seconds']:,.0f} articles/s; clustering stage alone (LSH+verify+compare) "
              f"{r['lsh_seconds'] + r['verify_seconds'] + r['compare_seconds']:.1f} s")
        print(f"  CPU: main process {r['cpu_main_s']:.1f} s, workers {r['cpu_workers_s']:.1f} s "
              f"(load from other processes on the machine stretches wall time, not CPU time)")
        print(f"  candidate pairs {r['candidates']:,}, aligned in verification {r['aligned_pairs']:,}, "
              f"split from chains {r['split_from_chains']:,}; versions aligned with their base "
              f"{r['compared_by_alignment']:,}")
        print(f"  clusters of 2+: {r['clusters_2plus']:,} (true: {r['true_stories_2plus']:,}), largest {r['largest']}")
        print(f"  pairwise precision {r['precision']:.4f}, recall {r['recall']:.4f}")
        print(f"  peak memory: main process {r['peak_main_mb']:.0f} MB, largest worker {r['peak_worker_mb']:.0f} MB")
    if len(rows) > 1:
        print("\n== growth ==")
        n0, r0 = rows[0]
        for n, r in rows:
            print(f"  {n:>7,} articles: {r['seconds']:6.1f} s, {1000 * r['seconds'] / n:.2f} ms/article "
                  f"(x{(r['seconds'] / r0['seconds']) / (n / n0):.2f} of linear from {n0:,})")
    if args.analyze_sample:
        n, _ = rows[0]
        corpus = args.workdir / f"corpus-{n}-{args.seed}.parquet"
        r = run_child("analyze", str(corpus), str(args.workers), str(args.analyze_sample))
        print(f"\n== analyze_corpus(): full analysis of {r['articles']:,} synthetic articles ==")
        print(f"  {r['seconds']:.1f} s, {r['articles_per_s']:.1f} articles/s on {args.workers} workers "
              f"(stages: {r['timings']}); peak main {r['peak_main_mb']:.0f} MB, worker {r['peak_worker_mb']:.0f} MB")
        cpu = r["cpu_main_s"] + r["cpu_workers_s"]
        print(f"  CPU {cpu:.0f} s in all: {r['articles'] / cpu * args.workers:.1f} articles/s on {args.workers} "
              f"otherwise idle cores (CPU-bound estimate)")
        print(f"  EXTRAPOLATED, not measured: 100,000 articles at this rate take "
              f"{100_000 / r['articles_per_s'] / 60:.0f} min")
    if args.analyze_real:
        r = run_child("analyze-real", str(data), str(args.workers))
        print(f"\n== analyze_corpus(): full analysis of {r['articles']} real PolNeAR texts ==")
        print(f"  {r['seconds']:.1f} s, {r['articles_per_s']:.1f} articles/s on {args.workers} workers "
              f"(stages: {r['timings']})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
