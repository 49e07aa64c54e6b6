"""Time toolkit.align on two ~5,000-word versions of a story (issue 5: "well under a tenth of a second").

Run: python benchmarks/bench_align.py

The base is real news text: the CNN seed story followed by PolNeAR articles
from ../shared/data (or $STORYLENS_SHARED/data) until it holds ~5,000 words.
Each scenario derives a second version from it the way syndication does, then
times align(base, version) (segmentation excluded: it happens once per article
in the pipeline) and prints the median milliseconds and the ops found:

- syndicated copy: 8% of paragraphs cut, 8% new ones added, 12% reworded,
  a 4-paragraph section moved, 2 paragraphs split, 2 pairs merged, and every
  curly quote and dash retyped straight (which must stay "same");
- every paragraph reworded: no exact match at all, the fuzzy stage does everything;
- an unrelated story: nothing matches, every pair goes through the prefilter.
"""
from __future__ import annotations

import random
import re
import statistics
import time
from pathlib import Path

import toolkit
from toolkit.datasets import shared_data
from toolkit.align import align, summary
from toolkit.article import Article, Paragraph
from toolkit.load import load, split_paragraphs
from toolkit.text import segment

TARGET_WORDS = 5000
ROOT = Path(__file__).resolve().parents[1]


def _shared_texts() -> list[Path]:
    data = shared_data("polnear/data/dev/text")
    return sorted((data / "polnear/data/dev/text").glob("*.txt")) if data else []


def _story_paragraphs() -> list[str]:
    """Real paragraphs: the CNN seed's, then PolNeAR articles' (prose only)."""
    paras = [p.text for p in load("example:cnn").paragraphs if len(p.text.split()) >= 12]
    files = _shared_texts()
    if not files:
        print("(PolNeAR texts not found under ../shared/data: padding with the KIMT seed, renumbered)")
    for f in files:
        paras += [p for p in split_paragraphs(f.read_text(encoding="utf-8")) if len(p.split()) >= 12]
    if files:
        return paras
    kimt = [p.text for p in load("example:kimt").paragraphs if len(p.text.split()) >= 12]
    return paras + [f"{p} (Part {n}.)" for n in range(1, 20) for p in kimt]


def _take(paras: list[str], words: int) -> tuple[list[str], list[str]]:
    out, n = [], 0
    for i, p in enumerate(paras):
        if n >= words:
            return out, paras[i:]
        out.append(p)
        n += len(p.split())
    return out, []


def _reword(text: str, rng: random.Random) -> str:
    """A copy edit: drop, replace or insert a few words."""
    words = text.split()
    for _ in range(max(1, len(words) // 12)):
        k = rng.randrange(len(words))
        roll = rng.random()
        if roll < 0.4 and len(words) > 5:
            del words[k]
        elif roll < 0.7:
            words[k] = rng.choice(["reportedly", "officials", "Tuesday", "said", "the"])
        else:
            words.insert(k, rng.choice(["also", "now", "later", "still"]))
    return " ".join(words)


def _straighten(text: str) -> str:
    return text.translate(str.maketrans({"“": '"', "”": '"', "’": "'", "‘": "'", "—": "--", "…": "..."}))


def _article(id: str, texts: list[str]) -> Article:
    return segment(Article(id=id, paragraphs=[Paragraph(i, t) for i, t in enumerate(texts)]))


def syndicated(base: list[str], spare: list[str], rng: random.Random) -> list[str]:
    # Units of paragraphs, so that a later insertion never lands inside a split.
    out = [[_straighten(p)] for p in base]
    n = len(out)
    for k in rng.sample(range(n), n * 12 // 100):  # rewordings
        out[k] = [_reword(out[k][0], rng)]
    for k in sorted(rng.sample(range(n), n * 8 // 100), reverse=True):  # cuts
        del out[k]
    for _ in range(2):  # merges: two neighbours become one paragraph
        k = rng.randrange(len(out) - 1)
        out[k : k + 2] = [[" ".join(out[k] + out[k + 1])]]
    sentence_end = re.compile(r"(?<=[a-z]{2})[.!?][\"”']? (?=[A-Z\"“])")
    for _ in range(2):  # splits at a sentence boundary
        cuts = {k: [m.end() for m in sentence_end.finditer(u[0])] for k, u in enumerate(out) if len(u) == 1}
        k = rng.choice([k for k, c in cuts.items() if c])
        c, text = cuts[k][len(cuts[k]) // 2], out[k][0]
        out[k] = [text[:c].strip(), text[c:].strip()]
    k = rng.randrange(len(out) - 8)  # a 4-paragraph section moved further down
    section = out[k : k + 4]
    del out[k : k + 4]
    at = rng.randrange(k + 1, len(out))
    out[at:at] = section
    for p in rng.sample(spare, n * 8 // 100):  # additions
        out.insert(rng.randrange(len(out) + 1), [p])
    return [p for unit in out for p in unit]


def _median_ms(base: Article, version: Article, runs: int = 30) -> float:
    align(base, version)  # warm-up
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        align(base, version)
        times.append(time.perf_counter() - t)
    return statistics.median(times) * 1000


def main() -> None:
    rng = random.Random(5)
    paras = _story_paragraphs()
    base_texts, rest = _take(paras, TARGET_WORDS)
    spare, rest = _take(rest, 1000)
    other, _ = _take(rest, TARGET_WORDS)
    if len(other) < 20:  # no second story in the corpus: shuffle and reword the spare text
        other = [_reword(p, rng) for p in rng.sample(paras, len(base_texts))]
    base = _article("base", base_texts)
    scenarios = {
        "syndicated copy": syndicated(base_texts, spare, rng),
        "every paragraph reworded": [_reword(p, rng) for p in base_texts],
        "unrelated story": other,
    }
    print(f"base: {len(base.body)} paragraphs, {base.word_count} words (toolkit {toolkit.__version__})")
    print(f"{'scenario':<26} {'paras':>5} {'words':>6} {'ms (median)':>12}  ops")
    for name, texts in scenarios.items():
        version = _article(name, texts)
        ms = _median_ms(base, version)
        ops = summary(align(base, version), name)
        print(f"{name:<26} {len(version.body):>5} {version.word_count:>6} {ms:>12.2f}  {ops}")


if __name__ == "__main__":
    main()
