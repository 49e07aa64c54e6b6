"""How long quote extraction takes for a 1,500-word article.

Run from the repository root:

    python benchmarks/bench_quotes.py            # 200 runs
    python benchmarks/bench_quotes.py --runs 1000

The article is the bundled CNN example's body, its paragraphs repeated in
order until the body holds 1,500 words (a long news story with the usual mix
of direct, partial and indirect quotes). It is loaded, cleaned and segmented
once; the timed call is ``toolkit.quotes.extract`` alone, plus
``toolkit.voices.resolve`` (roles and voice share) as a second figure. The
median of many runs is printed, with the quartiles, in milliseconds of CPU
time (``--wall`` for wall-clock time, which a busy machine inflates).
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import toolkit  # noqa: E402
from toolkit.article import Article, Paragraph  # noqa: E402
from toolkit.pipeline import prepare  # noqa: E402
from toolkit.quotes import extract  # noqa: E402
from toolkit.text import segment, tokenize  # noqa: E402
from toolkit.voices import resolve  # noqa: E402

TARGET_WORDS = 1500


def article_of(words: int = TARGET_WORDS) -> Article:
    """The CNN example's body paragraphs, repeated until ``words`` words."""
    seed = prepare(toolkit.load("example:cnn"))
    body = [p.text for p in seed.body]
    paras: list[Paragraph] = []
    n = 0
    while n < words:
        for text in body:
            paras.append(Paragraph(len(paras), text))
            n += len(tokenize(text))
            if n >= words:
                break
    art = Article(id="bench", paragraphs=paras)
    art.meta["cleaned"] = True
    return segment(art)


def timed(fn, art: Article, runs: int, clock=time.process_time) -> list[float]:
    """Milliseconds per call. The default clock is this process's CPU time, so other
    programs busy on the machine do not inflate the figure; ``--wall`` uses wall time."""
    fn(art)  # warm the caches (cue lists, compiled patterns)
    out = []
    for _ in range(runs):
        t0 = clock()
        fn(art)
        out.append((clock() - t0) * 1000)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=200)
    ap.add_argument("--wall", action="store_true", help="time with the wall clock instead of CPU time")
    args = ap.parse_args(argv)
    clock = time.perf_counter if args.wall else time.process_time
    art = article_of()
    words = art.word_count
    ex = timed(extract, art, args.runs, clock)
    both = timed(lambda a: resolve(a) if extract(a) is not None else None, art, args.runs, clock)
    q1, med, q3 = statistics.quantiles(ex, n=4)
    print(f"article: {words} words, {len(art.body)} paragraphs, {len(art.quotes)} quotes, "
          f"{len(art.speakers)} speakers")
    what = "wall-clock" if args.wall else "CPU"
    print(f"quotes.extract: median {med:.2f} ms {what} time per article "
          f"(quartiles {q1:.2f}-{q3:.2f}, {args.runs} runs)")
    print(f"extract + voices.resolve: median {statistics.median(both):.2f} ms per article")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
