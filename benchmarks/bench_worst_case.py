"""Worst-case inputs: does the time per character stay flat as one paragraph grows?

Run: python benchmarks/bench_worst_case.py
Each case doubles the size of one pathological paragraph (what a scrape without
blank lines gives) and prints the seconds per stage and the growth factor from
one size to the next: about 2 means linear, about 4 quadratic.
"""
from __future__ import annotations

import time

from toolkit import quotes, sentiment, voices
from toolkit.load import load_text
from toolkit.pipeline import prepare

CASES = {
    "unclosed quotation marks (quotes.extract)": ("«a ", 8000, "quotes"),
    "many quotes in one paragraph (sentiment.score)": ('"We won," said Jane Roe, a professor. ', 2800, "sentiment"),
}


def _time(unit: str, n: int, stage: str) -> float:
    art = prepare(load_text(unit * n, id="x"))
    if stage == "quotes":
        t = time.perf_counter()
        quotes.extract(art)
        return time.perf_counter() - t
    quotes.extract(art)
    voices.resolve(art)
    t = time.perf_counter()
    sentiment.score(art)
    return time.perf_counter() - t


def main() -> None:
    for name, (unit, n, stage) in CASES.items():
        print(name)
        last = None
        for k in (1, 2, 4):
            s = _time(unit, n * k, stage)
            growth = f"x{s / last:.1f}" if last else ""
            print(f"  {len(unit) * n * k / 1000:>7.0f} kB  {s:8.3f} s  {growth}")
            last = s


if __name__ == "__main__":
    main()
