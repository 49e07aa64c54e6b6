"""Time load → clean → segment on real article texts (issue 2: "a few milliseconds" for 1,500 words).

Run: python benchmarks/bench_prepare.py
Prints the median milliseconds per article for the two bundled seeds and a
~1,500-word article stitched from real text, with words per article.
"""
from __future__ import annotations

import statistics
import time

import toolkit
from toolkit.load import load_text
from toolkit.pipeline import prepare


def _median_ms(make, runs: int = 200) -> float:
    times = []
    for _ in range(runs):
        art = make()
        t = time.perf_counter()
        prepare(art)
        times.append(time.perf_counter() - t)
    return statistics.median(times) * 1000


def main() -> None:
    texts = {name: path.read_text(encoding="utf-8") for name, path in toolkit.examples().items()}
    # ~1,500 words of real story text: the CNN body plus a stretch of the affiliate's.
    body = toolkit.analyze("example:cnn").text + "\n\n" + toolkit.analyze("example:kimt").text
    words = body.split()
    texts["1500 words"] = " ".join(words[:1500]).replace(". ", ".\n\n", 40)
    prepare(load_text(texts["1500 words"]))  # warm-up: regexes and data files load once
    print(f"{'article':<12} {'words':>6} {'ms (median)':>12}")
    for name, text in texts.items():
        ms = _median_ms(lambda: load_text(text, id=name))
        art = prepare(load_text(text, id=name))
        print(f"{name:<12} {art.word_count:>6} {ms:>12.2f}")


if __name__ == "__main__":
    main()
