"""Time frame scoring (and VADER sentiment) on real article texts (issue 4: "milliseconds").

Run: python benchmarks/bench_framing.py

Prints the median CPU milliseconds (wall-clock in brackets for the 1,500-word
article) to score one already-prepared article with each
shipped codebook, for the two bundled seeds and a ~1,500-word article stitched
from their real text; then the one-off cost of reading and compiling each
codebook (paid once per process, then cached), and VADER sentiment per article
for comparison.
"""
from __future__ import annotations

import statistics
import time

import toolkit
from toolkit import framing, sentiment
from toolkit.load import load_text
from toolkit.pipeline import prepare


def _median_ms(fn, runs: int = 50, clock=time.process_time) -> float:
    # CPU time by default: on a shared machine wall-clock time mostly measures the neighbours.
    times = []
    for _ in range(runs):
        t = clock()
        fn()
        times.append(clock() - t)
    return statistics.median(times) * 1000


def main() -> None:
    articles = {name: toolkit.analyze(f"example:{name}") for name in toolkit.examples()}
    body = articles["cnn"].text + "\n\n" + articles["kimt"].text
    words = body.split()
    articles["1500 words"] = prepare(load_text(" ".join(words[:1500]).replace(". ", ".\n\n", 40), id="long"))

    for name in framing.CODEBOOKS:
        path = framing.codebook_path(name)
        framing._load_file.cache_clear()
        t = time.perf_counter()
        framing.load_codebook(path)
        print(f"read + validate + compile {name!r}: {(time.perf_counter() - t) * 1000:.1f} ms (once per process)")
    print()
    print(f"{'article':<12} {'words':>6} {'sentences':>9} " + " ".join(f"{c + ' ms':>11}" for c in framing.CODEBOOKS)
          + f" {'vader ms':>9}")
    for name, art in articles.items():
        cells = [_median_ms(lambda: framing.score(art, cb)) for cb in framing.CODEBOOKS]
        vader = _median_ms(lambda: sentiment.score(art), runs=20)
        print(f"{name:<12} {art.word_count:>6} {len(art.sentences):>9} "
              + " ".join(f"{c:>11.2f}" for c in cells) + f" {vader:>9.2f}")
    wall = [_median_ms(lambda: framing.score(articles["1500 words"], cb), clock=time.perf_counter)
            for cb in framing.CODEBOOKS]
    print("wall-clock, 1500 words: " + ", ".join(f"{cb} {ms:.2f} ms" for cb, ms in zip(framing.CODEBOOKS, wall)))
    headlines = [s.text for a in articles.values() for s in a.sentences][:200]
    ms = _median_ms(lambda: framing.predict(headlines, "policy"), runs=5) / len(headlines)
    print(f"\nscore_text, one sentence with 'policy': {ms:.3f} ms")


if __name__ == "__main__":
    main()
