"""Compare syndicated versions of one story: what changed, and what that does to it.

:func:`compare` analyses each version once (each version's cleaning may use the
others as evidence of what is story text), aligns them against a base, and
returns a :class:`Comparison`: tidy tables, deltas against the base, a summary
in words, the JSON object of OUTPUT.md, a notebook display and an HTML report.

Examples:
    >>> from toolkit import compare
    >>> cmp = compare(["example:cnn", "example:kimt"])
    >>> cmp.base
    'cnn_2018-04-10_kim_steroid_diplomacy'
    >>> s = cmp.summary["kimt_2018-04-10_kim_steroid_diplomacy"]
    >>> s["removed"] > 0 and s["added"] > 0
    True
"""
from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from . import align as _align
from .article import SCHEMA_VERSION, Article
from .errors import UsageError

GROUPS = ("expert", "official", "media", "business", "advocate", "citizen", "unnamed", "other")


@dataclass
class Comparison:
    """Two or more analysed versions of one story, aligned against a base.

    Attributes:
        versions: The analysed articles, base first in the order given.
        base: The id of the base version.
        alignment: One row per body paragraph of every version (OUTPUT.md).
    """

    versions: list[Article]
    base: str
    alignment: list[_align.AlignmentRow] = field(default_factory=list)

    # ------------------------------------------------------------------ lookups
    def version(self, id: str) -> Article:
        for v in self.versions:
            if v.id == id:
                return v
        raise KeyError(id)

    @property
    def base_version(self) -> Article:
        return self.version(self.base)

    @property
    def ids(self) -> list[str]:
        return [v.id for v in self.versions]

    def label(self, id: str) -> str:
        """A short name for charts: the outlet where known and unique, else the id."""
        v = self.version(id)
        outlets = [x.outlet for x in self.versions]
        if v.outlet and outlets.count(v.outlet) == 1:
            return v.outlet
        return v.id

    # ------------------------------------------------------------------ summary
    @cached_property
    def summary(self) -> dict[str, dict[str, Any]]:
        """Per version: alignment counts and deltas against the base (OUTPUT.md ``summary``)."""
        base = self.base_version
        out = {}
        for v in self.versions:
            counts = _align.summary(self.alignment, v.id)
            base_names = {s.name for s in base.speakers}
            names = {s.name for s in v.speakers}
            out[v.id] = {
                **counts,
                "voice_share_delta": _delta(_groups(v), _groups(base)),
                "sentiment_delta": _sub(_compound(v, "article"), _compound(base, "article")),
                "frame_delta": _delta((v.frames or {}).get("scores", {}), (base.frames or {}).get("scores", {})),
                # extensions
                "expert_share": _groups(v).get("expert"),
                "expert_share_delta": _sub(_groups(v).get("expert"), _groups(base).get("expert")),
                "narrative_sentiment_delta": _sub(_compound(v, "narrative"), _compound(base, "narrative")),
                "quoted_sentiment_delta": _sub(_compound(v, "quoted"), _compound(base, "quoted")),
                "readability_delta": _delta(_readability(v), _readability(base)),
                "words": v.word_count,
                "words_delta": v.word_count - base.word_count,
                "speakers_only_here": sorted(names - base_names),
                "speakers_missing": sorted(base_names - names),
            }
        return out

    def speakers_only_in(self) -> dict[str, list[str]]:
        """For each version, the speakers quoted in no other version."""
        names = {v.id: {s.name for s in v.speakers} for v in self.versions}
        return {
            vid: sorted(ns - set().union(*(n for k, n in names.items() if k != vid)))
            for vid, ns in names.items()
        }

    def summary_text(self) -> list[str]:
        """The comparison in a few plain sentences, for a report or a classroom."""
        lines = []
        for v in self.versions:
            if v.id == self.base:
                continue
            s = self.summary[v.id]
            lines.append(
                f"{self.label(v.id)} against {self.label(self.base)}: {s['kept']} paragraphs kept, "
                f"{s['edited']} edited, {s['added']} added, {s['removed']} removed, {s['moved']} moved."
            )
        for vid, only in self.speakers_only_in().items():
            if only:
                who = ", ".join(f"{n} ({_role(self.version(vid), n)})" for n in only)
                lines.append(f"Only {self.label(vid)} quotes {who}.")
        shares = [(v.id, _groups(v).get("expert")) for v in self.versions]
        if any(x is not None for _, x in shares):
            parts = ", ".join(f"{self.label(i)} {_pct(x)}" for i, x in shares)
            base_share = _groups(self.base_version).get("expert")
            diffs = [
                f"{self.label(i)} {_points(x, base_share)}"
                for i, x in shares
                if i != self.base and x is not None and base_share is not None
            ]
            lines.append(
                f"Expert voice share (experts' part of all quoted words): {parts}"
                + (f"; against {self.label(self.base)}: {', '.join(diffs)}." if diffs else ".")
            )
        return lines

    # ------------------------------------------------------------------ tables
    def alignment_table(self):
        """One row per alignment row: version, op, base_paragraph, paragraph, similarity."""
        return _align.alignment_table(self.alignment)

    def metrics_table(self):
        """One row per version: size, voices, tone, frames and readability, side by side."""
        import pandas as pd

        rows = []
        for v in self.versions:
            sent = v.sentiment or {}
            row = {
                "version": v.id,
                "label": self.label(v.id),
                "outlet": v.outlet,
                "base": v.id == self.base,
                "paragraphs": len(v.body),
                "words": v.word_count,
                "quotes": len(v.quotes),
                "speakers": len(v.speakers),
                "expert_share": _groups(v).get("expert"),
                "official_share": _groups(v).get("official"),
                "sentiment_article": _compound(v, "article"),
                "sentiment_narrative": _compound(v, "narrative"),
                "sentiment_quoted": _compound(v, "quoted"),
                "sentiment_label": (sent.get("article") or {}).get("label"),
            }
            for frame, score in ((v.frames or {}).get("scores") or {}).items():
                row[f"frame_{frame}"] = score
            row.update(_readability(v))
            rows.append(row)
        return pd.DataFrame(rows)

    def voices_table(self):
        """Speaker × version, tidy: one row per speaker per version that quotes them."""
        import pandas as pd

        rows = []
        for v in self.versions:
            by = (v.voice_share or {}).get("by_speaker", {})
            for s in v.speakers:
                rows.append({
                    "version": v.id, "label": self.label(v.id), "speaker": s.name, "role": s.role,
                    "group": s.group, "quotes": s.quotes, "words": s.words, "word_share": by.get(s.name),
                })
        return pd.DataFrame(rows, columns=["version", "label", "speaker", "role", "group", "quotes", "words", "word_share"])

    def groups_table(self):
        """Version × speaker group: share of quoted words (tidy)."""
        import pandas as pd

        rows = [
            {"version": v.id, "label": self.label(v.id), "group": g, "share": _groups(v).get(g, 0.0)}
            for v in self.versions
            for g in GROUPS
        ]
        return pd.DataFrame(rows)

    def frames_table(self):
        """Version × frame: score (share of indicators present), density and evidence count."""
        import pandas as pd

        rows = []
        for v in self.versions:
            fr = v.frames or {}
            ev: dict[str, int] = {}
            for e in fr.get("evidence", []):
                ev[e["frame"]] = ev.get(e["frame"], 0) + 1
            for frame, score in (fr.get("scores") or {}).items():
                rows.append({
                    "version": v.id, "label": self.label(v.id), "frame": frame, "score": score,
                    "density": (fr.get("density") or {}).get(frame), "evidence": ev.get(frame, 0),
                })
        return pd.DataFrame(rows, columns=["version", "label", "frame", "score", "density", "evidence"])

    def sentiment_table(self):
        """Version × source (narrative, quoted, each speaker): mean compound and count."""
        import pandas as pd

        rows = []
        for v in self.versions:
            sent = v.sentiment or {}
            for part in ("narrative", "quoted"):
                agg = sent.get(part) or {}
                rows.append({"version": v.id, "label": self.label(v.id), "source": part, "kind": part,
                             "compound": agg.get("compound"), "n": agg.get("n", 0)})
            for name, agg in (sent.get("by_speaker") or {}).items():
                rows.append({"version": v.id, "label": self.label(v.id), "source": name, "kind": "speaker",
                             "compound": agg.get("compound"), "n": agg.get("quotes", agg.get("n", 0))})
        return pd.DataFrame(rows, columns=["version", "label", "source", "kind", "compound", "n"])

    def readability_table(self):
        """Version × readability metric (tidy)."""
        import pandas as pd

        rows = [
            {"version": v.id, "label": self.label(v.id), "metric": k, "value": val}
            for v in self.versions
            for k, val in _readability(v).items()
        ]
        return pd.DataFrame(rows, columns=["version", "label", "metric", "value"])

    # ------------------------------------------------------------------ export
    def to_dict(self) -> dict[str, Any]:
        """The comparison object of the JSON contract (OUTPUT.md), plus a summary in words."""
        return {
            "schema_version": SCHEMA_VERSION,
            "base": self.base,
            "versions": [v.to_dict() for v in self.versions],
            "alignment": [r.to_dict() for r in self.alignment],
            "summary": self.summary,
            "summary_text": self.summary_text(),
            "speakers_only_in": self.speakers_only_in(),
        }

    def to_json(self, **kw: Any) -> str:
        import json

        kw.setdefault("ensure_ascii", False)
        return json.dumps(self.to_dict(), **kw)

    def to_html(self, path: str | os.PathLike[str] | None = None) -> str:
        """A self-contained HTML report (charts embedded, all article text escaped).

        Written atomically to ``path`` when given; the HTML is returned either way.
        """
        from .report import comparison_html

        html = comparison_html(self)
        if path is not None:
            from .output import write_text

            write_text(path, html)
        return html

    def _repr_html_(self) -> str:
        from .report import comparison_fragment

        return comparison_fragment(self)

    @cached_property
    def plot(self):
        """Charts of this comparison: ``cmp.plot.voice_share()``, ``cmp.plot.frames()`` …"""
        from .plots import ComparisonPlots

        return ComparisonPlots(self)


def compare(
    versions: Sequence[str | os.PathLike[str] | Article],
    *,
    base: int | str = 0,
    codebook: str | os.PathLike[str] = "generic",
    outlets: Sequence[str | None] | None = None,
) -> Comparison:
    """Analyse and align two or more versions of one story.

    Args:
        versions: Paths, ``"example:NAME"``, URLs or Articles; at least two.
        base: The base version, by position or id (default: the first).
        codebook: Framing codebook for every version (``generic``, ``policy`` or a path).
        outlets: Outlet names, one per version (None keeps what the page says).

    Returns:
        A :class:`Comparison`.
    """
    from .load import load
    from .pipeline import annotate, prepare

    if len(versions) < 2:
        raise UsageError("compare needs at least two versions of the story")
    arts = [v if isinstance(v, Article) else load(v) for v in versions]
    if outlets:
        for a, o in zip(arts, outlets):
            if o:
                a.outlet = o
    _unique_ids(arts)
    for a in arts:
        prepare(a, siblings=[b for b in arts if b is not a])
    for a in arts:
        if a.readability is None:  # not yet scored: analyse once
            annotate(a, codebook=codebook)
    base_id = _base_id(arts, base)
    return Comparison(versions=arts, base=base_id, alignment=_align.align_versions(arts, base_id))


def _unique_ids(arts: list[Article]) -> None:
    seen: dict[str, int] = {}
    for a in arts:
        if a.id in seen:
            seen[a.id] += 1
            a.id = f"{a.id}-{seen[a.id]}"
        else:
            seen[a.id] = 1


def _base_id(arts: list[Article], base: int | str) -> str:
    if isinstance(base, int):
        if not -len(arts) <= base < len(arts):
            raise UsageError(f"there is no version {base}; give 0 to {len(arts) - 1}")
        return arts[base].id
    ids = [a.id for a in arts]
    for a in arts:
        if base in (a.id, a.source_path, a.outlet):
            return a.id
    raise UsageError(f"no version {base!r} among {', '.join(ids)}")


# ---------------------------------------------------------------------- helpers
def _groups(a: Article) -> dict[str, float]:
    return dict((a.voice_share or {}).get("by_group") or {})


def _compound(a: Article, part: str) -> float | None:
    agg = (a.sentiment or {}).get(part)
    return None if not agg else agg.get("compound")


def _readability(a: Article) -> dict[str, Any]:
    return {k: v for k, v in (a.readability or {}).items() if isinstance(v, (int, float))}


def _sub(a: float | None, b: float | None) -> float | None:
    return None if a is None or b is None else round(a - b, 4)


def _delta(a: dict[str, Any], b: dict[str, Any]) -> dict[str, float | None]:
    return {k: _sub(a.get(k, 0.0), b.get(k, 0.0)) for k in dict.fromkeys([*a, *b])}


def _role(a: Article, name: str) -> str:
    for s in a.speakers:
        if s.name == name:
            role = s.role.replace("_", " ")
            return role if role == s.group else f"{role}, {s.group}"
    return "unknown role"


def _pct(x: float | None) -> str:
    return "n/a" if x is None else f"{100 * x:.0f}%"


def _points(x: float, base: float) -> str:
    d = 100 * (x - base)
    return f"{d:+.0f} points"
