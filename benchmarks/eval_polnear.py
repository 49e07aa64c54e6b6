"""Quote and speaker accuracy of toolkit.quotes against PolNeAR's attribution annotations.

Run from the repository root:

    python benchmarks/eval_polnear.py                # dev split
    python benchmarks/eval_polnear.py --split train  # the larger split
    python benchmarks/eval_polnear.py --errors 20    # also print missed / extra quotes

PolNeAR (networkdynamics/PolNeAR) marks every *attribution* in 2016 US election
news: a Source span, a Cue span and a Content span. It is broader than what
StoryLens calls a quote, and its sources are not resolved to people, so the
scoring is restricted as follows (printed with the figures):

* **Gold quotes** are the attributions that have a Source, whose Content does
  not lie in the headline (the first line; StoryLens never reads headlines as
  speech), and whose Cue is an act of *communication*: it contains one of the
  reporting verbs in ``SPEECH_CUES`` below (say, tell, according to, write,
  argue, warn, ...), or it is a colon or a dash (transcript lines, signed
  quotations). Beliefs, plans, findings and feelings ("wants", "believes",
  "a study found", "worries") are out of scope, and so are negated cues ("did
  not say", "declined to comment": nothing was said). The list is fixed here,
  not read from the toolkit's cue file.
* **Predicted quotes** are StoryLens quotes grouped the way PolNeAR groups
  them: a partial quote inside an indirect quote is part of it, a quotation
  running over paragraphs is one, and the quotes of one paragraph reported by
  one mention of a speaker are one, with any quotation that follows in that
  paragraph without an attribution of its own (PolNeAR joins "“A,” X said. “B.”"
  into one discontinuous Content).
* **Matching**: a predicted and a gold quote match when their character spans
  overlap by at least 50 % of the shorter one; pairs are made one-to-one,
  best overlap first. A prediction that matches only an out-of-scope
  attribution (a belief, a headline) is neither right nor wrong: it is left out.
  Precision = matched predictions / counted predictions, recall = matched gold
  / gold, F1 their harmonic mean.
* **Speaker accuracy** (over matched pairs): the speaker is right when the
  mention StoryLens attributes the quote to overlaps the gold Source span, or
  when the resolved speaker's name shares a name word with the gold Source
  (a continuation paragraph names no mention, but its resolved speaker can
  still be the annotated one). The strict figure counts span overlap only.
* Articles annotated by several annotators are scored against the first
  annotation file in name order.
"""
from __future__ import annotations

import argparse
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from toolkit.datasets import shared_data  # noqa: E402
from toolkit.article import Article, Paragraph  # noqa: E402
from toolkit.quotes import Quote, extract  # noqa: E402

#: Reporting verbs (lemma stems, matched at word starts in the Cue text) that make an attribution speech.
SPEECH_CUES = (
    "say", "said", "tell", "told", "add", "according to", "writ", "wrote", "tweet", "post",
    "state", "claim", "argu", "warn", "note", "explain", "insist", "ask", "answer", "repl",
    "respond", "announc", "declar", "report", "acknowledg", "admit", "conced", "confirm", "den",
    "suggest", "recall", "remark", "comment", "stress", "emphasi", "contend", "maintain",
    "assert", "predict", "promis", "vow", "pledg", "testif", "quip", "jok", "complain",
    "reiterat", "repeat", "observ", "point out", "pointed out", "caution", "counter", "boast",
    "continu", "agree", "mention", "reveal", "estimat", "charg", "conclud",
)
_SPEECH_RE = re.compile(r"\b(?:" + "|".join(re.escape(c) for c in SPEECH_CUES) + r")", re.IGNORECASE)
_MARKS = re.compile(r"[\"“”«»„]|''")
_NEGATED = re.compile(r"\b(?:not|never|declined|refused|cannot)\b|n[’']t\b", re.IGNORECASE)
_NAME_WORD = re.compile(r"[A-Z][\w’'-]{2,}")
_TITLES = {"Mr", "Mrs", "Ms", "Dr", "President", "Sen", "Senator", "Rep", "Gov", "Governor", "The"}


@dataclass
class Gold:
    spans: list[tuple[int, int]]
    source: list[tuple[int, int]]
    source_text: str
    cue: str
    in_scope: bool
    why_out: str = ""


@dataclass
class Pred:
    spans: list[tuple[int, int]]
    mention: tuple[int, int] | None
    speaker: str | None
    quotes: list[Quote] = field(default_factory=list)


def polnear_data(arg: str | None) -> Path:
    data = Path(arg) if arg else shared_data("polnear")
    if data is None or not (data / "polnear").is_dir():
        sys.exit("PolNeAR not found: pass --data PATH/TO/shared/data or set STORYLENS_SHARED")
    return data


def parse_ann(path: Path) -> tuple[dict, list[dict]]:
    spans, events = {}, []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 3:
            typ, offs = parts[1].split(" ", 1)
            spans[parts[0]] = (typ, [tuple(map(int, o.split())) for o in offs.split(";")], parts[2])
        elif line.startswith("E") and len(parts) >= 2:
            events.append(dict(a.split(":", 1) for a in parts[1].split()))
    return spans, events


def gold_quotes(text: str, ann: Path, scope: str = "speech") -> list[Gold]:
    title_end = text.find("\n") if "\n" in text else len(text)
    spans, events = parse_ann(ann)
    out = []
    for e in events:
        if "Content" not in e or "Cue" not in e:
            continue
        content = spans[e["Content"]][1]
        cue = spans[e["Cue"]][2]
        src = spans[e["Source"]] if "Source" in e else None
        g = Gold(content, src[1] if src else [], src[2] if src else "", cue, True)
        if src is None:
            g.in_scope, g.why_out = False, "no source"
        elif min(a for a, _ in content) < title_end:
            g.in_scope, g.why_out = False, "headline"
        elif scope == "all":
            pass
        elif not (_SPEECH_RE.search(cue) or cue.strip().rstrip(":") in ("", "―", "—", "-", "–")):
            g.in_scope, g.why_out = False, "not a communication verb"
        elif _NEGATED.search(cue):
            g.in_scope, g.why_out = False, "negated cue"
        out.append(g)
    return out


def article_of(name: str, text: str) -> tuple[Article, list[int]]:
    """One paragraph per line, the first line the headline; offsets kept to map spans back."""
    paras, offsets, pos = [], [], 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped:
            lead = len(line) - len(line.lstrip())
            kind = "title" if not paras else "body"
            paras.append(Paragraph(len(paras), stripped, kind=kind))
            offsets.append(pos + lead)
        pos += len(line) + 1
    return Article(id=name, paragraphs=paras), offsets


def predicted(quotes: list[Quote], offsets: list[int]) -> list[Pred]:
    units: list[Pred] = []
    by_id: dict[str, Pred] = {}
    for q in quotes:
        if q.within:
            by_id[q.id] = by_id[q.within]
            continue
        span = (offsets[q.paragraph] + q.start, offsets[q.paragraph] + q.end)
        head = by_id.get(q.continues) if q.continues else None
        last = units[-1] if units else None
        # one attribution = one mention; a quotation with no mention of its own continues the last one
        same = last is not None and last.quotes[-1].paragraph == q.paragraph and (
            (q.mention_at is not None and q.mention_at == last.quotes[-1].mention_at and q.cue == last.quotes[-1].cue)
            or (q.mention_at is None and q.speaker is not None and last.speaker == q.speaker))
        unit = head or (last if same else None)
        if unit is None:
            unit = Pred([], None, q.speaker)
            units.append(unit)
        unit.spans.append(span)
        unit.quotes.append(q)
        if unit.mention is None and q.mention_at is not None:
            p, a, b = q.mention_at
            unit.mention = (offsets[p] + a, offsets[p] + b)
        by_id[q.id] = unit
    return units


def overlap(a: list[tuple[int, int]], b: list[tuple[int, int]]) -> float:
    inter = sum(max(0, min(y1, y2) - max(x1, x2)) for x1, y1 in a for x2, y2 in b)
    la, lb = sum(y - x for x, y in a), sum(y - x for x, y in b)
    return inter / min(la, lb) if la and lb else 0.0


def jaccard(a: list[tuple[int, int]], b: list[tuple[int, int]]) -> float:
    """Tie-breaker between equally good overlaps: the pair closest in extent first."""
    inter = sum(max(0, min(y1, y2) - max(x1, x2)) for x1, y1 in a for x2, y2 in b)
    union = sum(y - x for x, y in a) + sum(y - x for x, y in b) - inter
    return inter / union if union else 0.0


def speaker_ok(p: Pred, g: Gold) -> tuple[bool, bool]:
    strict = p.mention is not None and overlap([p.mention], g.source) > 0
    names = {w.lower() for w in _NAME_WORD.findall(g.source_text) if w not in _TITLES}
    loose = strict or bool(p.speaker and names & {w.lower() for w in _NAME_WORD.findall(p.speaker)})
    return loose, strict


def evaluate(split: str, data: Path, errors: int = 0, scope: str = "speech") -> dict:
    """Scores on one split; ``scope="all"`` takes every attribution with a source as gold."""
    root = data / "polnear" / "data" / split
    tp = fp = fn = ignored = 0
    spk = spk_strict = 0
    out_of_scope: dict[str, int] = {}
    n_articles = 0
    elapsed = 0.0
    shown = {"missed": 0, "extra": 0, "speaker": 0}
    by_form = {"quoted": [0, 0], "reported": [0, 0]}  # gold with / without quotation marks: [found, all]
    for txt in sorted((root / "text").glob("*.txt")):
        anns = sorted((root / "attributions").glob(txt.stem + "_*.ann"))
        if not anns:
            continue
        n_articles += 1
        text = txt.read_text(encoding="utf-8")
        golds = gold_quotes(text, anns[0], scope)
        for g in golds:
            if not g.in_scope:
                out_of_scope[g.why_out] = out_of_scope.get(g.why_out, 0) + 1
        art, offsets = article_of(txt.stem, text)
        t0 = time.perf_counter()
        quotes = extract(art)
        elapsed += time.perf_counter() - t0
        preds = predicted(quotes, offsets)
        pairs = sorted(((overlap(p.spans, g.spans), jaccard(p.spans, g.spans), i, j)
                        for i, p in enumerate(preds) for j, g in enumerate(golds)), reverse=True)
        p_used: dict[int, int] = {}
        g_used: set[int] = set()
        for ov, _, i, j in pairs:
            if ov < 0.5 or i in p_used or j in g_used or not golds[j].in_scope:
                continue
            p_used[i] = j
            g_used.add(j)
        for i, p in enumerate(preds):
            if i in p_used:
                tp += 1
                loose, strict = speaker_ok(p, golds[p_used[i]])
                spk += loose
                spk_strict += strict
                if not loose and shown["speaker"] < errors:
                    shown["speaker"] += 1
                    g = golds[p_used[i]]
                    print(f"WRONG SPEAKER {txt.stem}: {p.speaker!r} ({p.quotes[0].mention!r}) vs gold "
                          f"{g.source_text!r}: {text[p.spans[0][0]:p.spans[0][1]][:90]!r}")
            elif any(overlap(p.spans, g.spans) >= 0.5 for g in golds if not g.in_scope):
                ignored += 1
            else:
                fp += 1
                if shown["extra"] < errors:
                    shown["extra"] += 1
                    q = p.quotes[0]
                    print(f"EXTRA {txt.stem}: [{q.kind}] {q.speaker!r} {text[p.spans[0][0]:p.spans[0][1]][:100]!r}"
                          f"\n      {q.rule}")
        for j, g in enumerate(golds):
            if g.in_scope:
                form = "quoted" if any(_MARKS.search(text[a:b]) for a, b in g.spans) else "reported"
                by_form[form][0] += j in g_used
                by_form[form][1] += 1
            if g.in_scope and j not in g_used:
                fn += 1
                if shown["missed"] < errors:
                    shown["missed"] += 1
                    print(f"MISSED {txt.stem}: [{g.source_text}] <{g.cue}> "
                          f"{' … '.join(text[a:b] for a, b in g.spans)[:120]!r}")
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "split": split, "articles": n_articles, "gold": tp + fn, "predicted": tp + fp, "matched": tp,
        "ignored": ignored, "out_of_scope": out_of_scope, "precision": precision, "recall": recall, "f1": f1,
        "speaker_accuracy": spk / tp if tp else 0.0, "speaker_accuracy_strict": spk_strict / tp if tp else 0.0,
        "ms_per_article": 1000 * elapsed / max(1, n_articles),
        "recall_quoted": by_form["quoted"][0] / max(1, by_form["quoted"][1]), "gold_quoted": by_form["quoted"][1],
        "recall_reported": by_form["reported"][0] / max(1, by_form["reported"][1]),
        "gold_reported": by_form["reported"][1],
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--split", default="dev", choices=["dev", "train"])
    ap.add_argument("--data", help="the shared data folder (default: ../shared/data or $STORYLENS_SHARED/data)")
    ap.add_argument("--errors", type=int, default=0, help="print up to N missed, extra and wrongly attributed quotes")
    args = ap.parse_args(argv)
    r = evaluate(args.split, polnear_data(args.data), args.errors)
    print(f"PolNeAR {r['split']}: {r['articles']} articles, first annotator's file each")
    print(f"  gold quotes (speech attributions with a source, outside the headline): {r['gold']}")
    print(f"  left out of the gold: {', '.join(f'{k}: {v}' for k, v in sorted(r['out_of_scope'].items()))}")
    print(f"  predicted quote units: {r['predicted']} counted, {r['ignored']} matching only out-of-scope attributions")
    print("  matching: character overlap >= 50% of the shorter span, one-to-one")
    print(f"  quote precision {r['precision']:.3f}  recall {r['recall']:.3f}  F1 {r['f1']:.3f}")
    print(f"  recall by form: with quotation marks {r['recall_quoted']:.3f} ({r['gold_quoted']} gold), "
          f"reported speech without marks {r['recall_reported']:.3f} ({r['gold_reported']} gold)")
    print(f"  speaker accuracy {r['speaker_accuracy']:.3f} (mention overlaps Source, or same name); "
          f"strict span overlap {r['speaker_accuracy_strict']:.3f}")
    every = evaluate(args.split, polnear_data(args.data), 0, scope="all")
    print(f"  for comparison, against every attribution with a source (beliefs, plans, findings too): "
          f"precision {every['precision']:.3f} recall {every['recall']:.3f} F1 {every['f1']:.3f}")
    print(f"  extraction time: {r['ms_per_article']:.1f} ms per article")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
