"""Time toolkit.clean on the two seed pages and a ~1,500-word article ("a few milliseconds").

Run: python benchmarks/bench_clean.py [runs]
Prints, per article, its paragraphs and words and the median (and fastest) milliseconds of
``clean`` over many runs. Articles are rebuilt before each run, outside the timed part,
because ``clean`` labels paragraphs in place.
"""
from __future__ import annotations

import re
import statistics
import sys
import time
from pathlib import Path

from toolkit.article import Article, Paragraph
from toolkit.clean import clean

EXAMPLES = Path(__file__).resolve().parents[1] / "toolkit" / "data" / "examples"


def page_lines(text: str) -> list[str]:
    """As the loader does: blank lines split blocks, each non-empty line is a paragraph."""
    return [ln.strip() for block in re.split(r"\n\s*\n", text) for ln in block.split("\n") if ln.strip()]


def timings(lines: list[str], runs: int, siblings: tuple[Article, ...] = ()) -> list[float]:
    out = []
    for _ in range(runs):
        art = Article(id="bench", paragraphs=[Paragraph(i, t) for i, t in enumerate(lines)])
        t = time.perf_counter()
        clean(art, siblings=siblings)
        out.append((time.perf_counter() - t) * 1000)
    return out


def main(runs: int = 300) -> None:
    cnn = page_lines((EXAMPLES / "cnn_2018-04-10_kim_steroid_diplomacy.txt").read_text(encoding="utf-8"))
    kimt = page_lines((EXAMPLES / "kimt_2018-04-10_kim_steroid_diplomacy.txt").read_text(encoding="utf-8"))
    # ~1,500 words of story with its page around it: the affiliate's header, the CNN story
    # paragraphs, then the affiliate's widgets trimmed to a typical size
    long = kimt[:5] + cnn[3:] + ["Advertisement"] + kimt[41:60] + kimt[-20:]
    kimt_sibling = (Article(id="kimt", paragraphs=[Paragraph(i, t) for i, t in enumerate(kimt)]),)
    cases = {
        "cnn seed": (cnn, ()),
        "kimt seed": (kimt, ()),
        "~1500 words": (long, ()),
        "cnn + sibling": (cnn, kimt_sibling),
    }
    timings(cnn, 20)  # warm-up: the cue file is read and parsed once
    print(f"{'article':<15} {'paragraphs':>10} {'words':>6} {'median ms':>10} {'min ms':>7}")
    for name, (lines, siblings) in cases.items():
        ms = timings(lines, runs, siblings)
        words = sum(len(t.split()) for t in lines)
        print(f"{name:<15} {len(lines):>10} {words:>6} {statistics.median(ms):>10.2f} {min(ms):>7.2f}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 300)
