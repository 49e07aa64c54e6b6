"""Charts of a comparison, for notebooks, reports and slides.

Every chart is a function ``chart(data, *, ax=None, **kw) -> Axes``:

* ``data`` is a :class:`~toolkit.compare.Comparison` or the matching tidy table
  (``cmp.groups_table()`` for :func:`voice_share`, ``cmp.voices_table()`` for
  :func:`speakers`, …), so a researcher can filter a table and chart the rest;
* ``ax`` is drawn on when given (nothing else of its figure is touched, except
  that a figure holding only this axes and no layout engine gets matplotlib's
  constrained layout, so long labels are not cut off); otherwise a new figure
  is made with ``matplotlib.pyplot.subplots``;
* ``title`` replaces the chart's title; other keywords go to the matplotlib
  call that draws the bars or dots.

The functions never call ``plt.show()`` or ``matplotlib.use()`` and never change
global settings: they draw inside :func:`style`, a context manager applying the
shipped style sheet ``toolkit/data/storylens.mplstyle``. Colours come from the
Okabe-Ito palette, which stays distinct for the common kinds of colour-blindness,
and colour is never the only cue: series also differ by hatching or marker shape,
and bars carry direct labels.

``cmp.plot`` (:class:`ComparisonPlots`) offers the same charts as methods, and
:data:`CHARTS` names them in the order a report shows them.

Examples:
    >>> import matplotlib.pyplot as plt
    >>> from toolkit.compare import compare
    >>> cmp = compare(["example:cnn", "example:kimt"])
    >>> ax = cmp.plot.voice_share()
    >>> ax.get_title(loc="left")
    'Who gets to speak? Quoted words by group'
    >>> [t.get_text().splitlines()[0] for t in ax.get_yticklabels()]
    ['CNN (base)', 'KIMT']
    >>> all(callable(getattr(cmp.plot, name)) for name in CHARTS)
    True
    >>> plt.close("all")
"""
from __future__ import annotations

import contextlib
import textwrap
from collections.abc import Iterator, Sequence
from typing import Any

#: The charts of a comparison, in the order a report shows them (methods of :class:`ComparisonPlots`).
CHARTS = ("version_map", "voice_share", "speakers", "sentiment", "frames", "readability")

#: A good figure size (inches) for each chart; a report making its own figures can use it too.
FIGSIZE = {
    "version_map": (8.0, 6.0),
    "voice_share": (8.0, 3.6),
    "speakers": (8.0, 5.5),
    "sentiment": (8.0, 5.5),
    "frames": (8.0, 5.0),
    "readability": (8.0, 4.0),
}

#: The Okabe-Ito palette (Okabe & Ito 2008), safe for the common kinds of colour-blindness.
OKABE_ITO = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "green": "#009E73",
    "purple": "#CC79A7",
    "sky": "#56B4E9",
    "vermillion": "#D55E00",
    "yellow": "#F0E442",
    "black": "#000000",
}
GREY = "#999999"
INK = "#333333"

#: One colour, hatch and marker per version, in the order the versions were given.
VERSION_COLORS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000", "#F0E442")
VERSION_HATCHES = ("", "///", "...", "xxx", "\\\\\\", "+++", "ooo", "---")
VERSION_MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")

#: Colour and hatch of each speaker group (OUTPUT.md's groups).
GROUP_STYLES = {
    "expert": ("#0072B2", ""),
    "official": ("#D55E00", "///"),
    "media": ("#CC79A7", "..."),
    "business": ("#E69F00", "xxx"),
    "advocate": ("#009E73", "\\\\\\"),
    "citizen": ("#56B4E9", "+++"),
    "unnamed": ("#BBBBBB", "---"),
    "other": ("#F0E442", "ooo"),
}

#: Colour, hatch and legend name of each alignment operation in the version map.
OP_STYLES = {
    "same": ("#DDDDDD", "", "kept"),
    "edited": ("#E69F00", "///", "edited"),
    "moved": ("#56B4E9", "ooo", "moved"),
    "added": ("#009E73", "+++", "added"),
    "removed": ("#D55E00", "xxx", "removed"),
}

#: Readability metrics on the scale of US school grades (years of schooling needed).
GRADE_METRICS = ("flesch_kincaid_grade", "gunning_fog", "smog_index")
METRIC_LABELS = {
    "flesch_reading_ease": "Flesch reading ease",
    "flesch_kincaid_grade": "Flesch–Kincaid grade",
    "gunning_fog": "Gunning fog index",
    "smog_index": "SMOG index",
    "dale_chall_readability_score": "Dale–Chall score",
    "words": "Words",
    "sentences": "Sentences",
}

_BOX = {"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.85}


# --------------------------------------------------------------------------- style and plumbing


def style_path() -> str:
    """The path of the shipped style sheet, ``toolkit/data/storylens.mplstyle``.

    Examples:
        >>> style_path().endswith("storylens.mplstyle")
        True
    """
    from importlib import resources

    return str(resources.files("toolkit.data").joinpath("storylens.mplstyle"))


@contextlib.contextmanager
def style() -> Iterator[None]:
    """Apply the StoryLens style sheet inside a ``with`` block, and only there.

    Examples:
        >>> import matplotlib
        >>> before = dict(matplotlib.rcParams)
        >>> with style():
        ...     matplotlib.rcParams["axes.titlelocation"]
        'left'
        >>> dict(matplotlib.rcParams) == before
        True
    """
    import matplotlib.style

    with matplotlib.style.context(style_path()):
        yield


def _start(ax: Any, chart: str | None = None) -> Any:
    """The axes to draw on: ``ax``, or a new figure's (made inside the style context)."""
    if ax is None:
        # The figure is made *outside* the style context: making the first figure loads the
        # backend, and a notebook backend sets itself up then (interactive mode, for one);
        # leaving the context would undo that set-up. The axes is made inside it.
        import matplotlib
        import matplotlib.pyplot as plt

        rc = matplotlib.rc_params_from_file(style_path(), use_default_template=False)
        size = FIGSIZE.get(chart or "", rc["figure.figsize"])
        fig = plt.figure(figsize=size, facecolor=rc["figure.facecolor"], layout="constrained")
        with style():
            ax = fig.subplots()
        return ax
    fig = ax.figure
    # A figure made outside the style (e.g. ``Figure().subplots()``) has no layout engine:
    # give a single-axes figure constrained layout so long tick labels and legends fit.
    if getattr(fig, "get_layout_engine", None) and fig.get_layout_engine() is None and len(fig.axes) == 1:
        fig.set_layout_engine("constrained")
    ax.set_axisbelow(True)
    return ax


def _title(ax: Any, text: str) -> None:
    """Set a title, wrapped so it fits a report's default-size figure."""
    ax.set_title(textwrap.fill(text, 46, break_long_words=False))


def _table(data: Any, method: str, required: Sequence[str], versions: Sequence[str] | None = None) -> Any:
    """The tidy table behind a chart: ``data.<method>()`` for a Comparison, or ``data`` itself."""
    import pandas as pd

    if hasattr(data, method):
        df = getattr(data, method)()
    elif isinstance(data, pd.DataFrame):
        df = data.copy()
    else:
        raise TypeError(
            f"expected a Comparison or a DataFrame like cmp.{method}(), got {type(data).__name__}"
        )
    missing = [c for c in required if c not in df.columns]
    if missing:
        raise ValueError(
            f"the table has no column {', '.join(map(repr, missing))}; expected the columns of cmp.{method}()"
        )
    if "label" not in df.columns:
        df["label"] = df["version"].astype(str)
    df["label"] = df["label"].astype(str)
    if versions is not None:
        keep = {str(v) for v in versions}
        df = df[df["version"].astype(str).isin(keep) | df["label"].isin(keep)]
    return df


def _versions(df: Any, data: Any) -> list[str]:
    """The version labels in the order the versions were given (base first)."""
    order = list(dict.fromkeys(df["label"]))
    if hasattr(data, "versions") and hasattr(data, "label"):
        known = [data.label(v.id) for v in data.versions]
        order = [x for x in known if x in order] + [x for x in order if x not in known]
    return order


def _base_label(data: Any) -> str | None:
    if hasattr(data, "base") and hasattr(data, "label"):
        return data.label(data.base)
    return None


#: Longest name drawn on a chart; a longer one (a file name, a scraped outlet line) is cut with "…"
#: there, so it cannot squeeze the plot away. Tables and reports show it whole.
MAX_LABEL = 24


def _short(label: str) -> str:
    label = " ".join(str(label).split())
    return label if len(label) <= MAX_LABEL else label[: MAX_LABEL - 1].rstrip() + "…"


def _tick(label: str, base: str | None) -> str:
    return f"{_short(label)} (base)" if base is not None and label == base else _short(label)


def _position(data: Any, label: str, default: int) -> int:
    """A version's position in the whole comparison, so its style is the same in every (filtered) chart."""
    if hasattr(data, "versions") and hasattr(data, "label"):
        known = [data.label(v.id) for v in data.versions]
        if label in known:
            return known.index(label)
    return default


def _version_style(i: int) -> tuple[str, str, str]:
    n = len(VERSION_COLORS)
    return VERSION_COLORS[i % n], VERSION_HATCHES[i % n], VERSION_MARKERS[i % n]


def _pretty(name: Any) -> str:
    s = str(name).replace("_", " ").strip()
    return s[:1].upper() + s[1:]


def _text_color(hex_color: str) -> str:
    """Black or white, whichever reads better on ``hex_color``."""
    h = hex_color.lstrip("#")
    r, g, b = (int(h[i:i + 2], 16) / 255 for i in (0, 2, 4))
    return "black" if 0.299 * r + 0.587 * g + 0.114 * b > 0.55 else "white"


def _legend(ax: Any, *, title: str | None = None, outside: bool = True, **kw: Any) -> Any:
    if outside:
        kw.setdefault("loc", "upper left")
        kw.setdefault("bbox_to_anchor", (1.01, 1.0))
    return ax.legend(title=title, **kw)


# --------------------------------------------------------------------------- voice share


def voice_share(
    data: Any, *, ax: Any = None, title: str | None = None, versions: Sequence[str] | None = None,
    min_label: float = 0.04, **kw: Any,
) -> Any:
    """Stacked bars: each version's quoted words, split by speaker group.

    One bar per version; each segment is a group (expert, official, …) with its
    own colour and hatching, labelled with its percentage where it is wide
    enough. Groups no version quotes are left out.

    Args:
        data: A Comparison, or a table like ``cmp.groups_table()`` (version, group, share).
        ax: Axes to draw on; a new figure when None.
        title: Replaces the default title.
        versions: Draw only these versions (ids or labels); None for all.
        min_label: Segments narrower than this share get no percentage label.
        **kw: Passed to ``Axes.barh``.

    Examples:
        >>> import pandas as pd, matplotlib.pyplot as plt
        >>> t = pd.DataFrame({"version": ["a", "a", "b", "b"], "group": ["expert", "official"] * 2,
        ...                   "share": [0.8, 0.2, 0.5, 0.5]})
        >>> ax = voice_share(t)
        >>> len(ax.patches), [t.get_text() for t in ax.get_legend().get_texts()]
        (4, ['Expert', 'Official'])
        >>> plt.close(ax.figure)
    """
    df = _table(data, "groups_table", ["version", "group", "share"], versions)
    ax = _start(ax, "voice_share")
    with style():
        labels = _versions(df, data)
        base = _base_label(data)
        wide = df.pivot_table(index="label", columns="group", values="share", aggfunc="sum").reindex(labels).fillna(0.0)
        known = [g for g in GROUP_STYLES if g in wide.columns]
        groups = known + [g for g in wide.columns if g not in GROUP_STYLES]
        groups = [g for g in groups if wide[g].max() > 0]
        ys = list(range(len(labels)))
        left = [0.0] * len(labels)
        for k, g in enumerate(groups):
            color, hatch = GROUP_STYLES.get(g, (VERSION_COLORS[k % 8], VERSION_HATCHES[k % 8]))
            widths = [100 * float(x) for x in wide[g]]
            ax.barh(ys, widths, left=left, height=0.6, color=color, hatch=hatch, edgecolor=INK,
                    linewidth=0.6, label=_pretty(g), **kw)
            for y, lft, w in zip(ys, left, widths):
                if w >= 100 * min_label:
                    text = f"{_pretty(g)}\n{w:.0f}%" if w >= 18 else f"{w:.0f}%"
                    ax.text(lft + w / 2, y, text, ha="center", va="center", fontsize=9, color="black", bbox=_BOX)
            left = [a + b for a, b in zip(left, widths)]
        quoted = _quoted_words(data)
        ax.set_yticks(ys, [_tick(x, base) + (f"\n{quoted[x]} words quoted" if x in quoted else "") for x in labels])
        ax.invert_yaxis()
        ax.set_xlim(0, 100)
        ax.set_xlabel("Share of all quoted words (%)")
        _title(ax, title or "Who gets to speak? Quoted words by group")
        if groups:
            _legend(ax, title="Speaker group")
    return ax


def _quoted_words(data: Any) -> dict[str, int]:
    """Quoted words per version label (Comparisons only; empty for a table)."""
    if not hasattr(data, "voices_table"):
        return {}
    t = data.voices_table()
    return {str(k): int(v) for k, v in t.groupby("label", sort=False)["words"].sum().items()}


# --------------------------------------------------------------------------- speakers


def speakers(
    data: Any, *, ax: Any = None, title: str | None = None, versions: Sequence[str] | None = None,
    value: str = "words", top: int | None = 12, **kw: Any,
) -> Any:
    """Who is quoted and how much: one row per speaker, one bar per version.

    Bars show the words quoted from each speaker (``value="quotes"`` for the
    number of quotes); every bar is labelled with both numbers, and a speaker a
    version does not quote is marked "not quoted in …" in words, not only by a
    missing bar.

    Args:
        data: A Comparison, or a table like ``cmp.voices_table()`` (version, speaker, quotes, words).
        ax: Axes to draw on; a new figure when None.
        title: Replaces the default title.
        versions: Draw only these versions (ids or labels); None for all.
        value: ``"words"`` (default) or ``"quotes"``.
        top: Show at most this many speakers (the most quoted); None for all.
        **kw: Passed to ``Axes.barh``.

    Examples:
        >>> import pandas as pd, matplotlib.pyplot as plt
        >>> t = pd.DataFrame({"version": ["a", "a", "b"], "speaker": ["Ann Lee", "Bo Ng", "Ann Lee"],
        ...                   "group": ["expert", "official", "expert"], "quotes": [3, 1, 2], "words": [60, 10, 40]})
        >>> ax = speakers(t)
        >>> len(ax.patches), [t.get_text() for t in ax.get_yticklabels()]
        (3, ['Ann Lee\\nexpert', 'Bo Ng\\nofficial'])
        >>> any(t.get_text() == "not quoted in b" for t in ax.texts)
        True
        >>> plt.close(ax.figure)
    """
    if value not in ("words", "quotes"):
        raise ValueError("value must be 'words' or 'quotes'")
    df = _table(data, "voices_table", ["version", "speaker", "quotes", "words"], versions)
    ax = _start(ax, "speakers")
    with style():
        labels = _versions(df, data)
        base = _base_label(data)
        totals = df.groupby("speaker", sort=False)[value].max().sort_values(ascending=False, kind="stable")
        names = list(totals.index[:top] if top else totals.index)
        n = max(len(labels), 1)
        height = 0.8 / n
        vmax = float(df[value].max()) if len(df) else 1.0
        for i, lab in enumerate(labels):
            color, hatch, _ = _version_style(_position(data, lab, i))
            part = df[df["label"] == lab].set_index("speaker")
            ys, widths, notes, missing = [], [], [], []
            for k, name in enumerate(names):
                y = k - 0.4 + height * (i + 0.5)
                if name in part.index:
                    row = part.loc[name]
                    if hasattr(row, "ndim") and row.ndim > 1:  # the same name twice: add up
                        row = row[["quotes", "words"]].sum()
                    ys.append(y)
                    widths.append(float(row[value]))
                    q, w = int(row["quotes"]), int(row["words"])
                    notes.append(f"{w} words, {q} quote{'s' if q != 1 else ''}")
                else:
                    missing.append(y)
            ax.barh(ys, widths, height=height * 0.92, color=color, hatch=hatch, edgecolor=INK, linewidth=0.6,
                    label=_tick(lab, base), **kw)
            for y, w, note in zip(ys, widths, notes):
                ax.text(w + vmax * 0.01, y, note, va="center", ha="left", fontsize=8, color=INK)
            for y in missing:
                ax.text(vmax * 0.01, y, f"not quoted in {_short(lab)}", va="center", ha="left", fontsize=8,
                        color="#555555", style="italic")
        groups = df.drop_duplicates("speaker").set_index("speaker")
        ticks = []
        for name in names:
            extra = []
            if "role" in groups.columns and isinstance(groups.at[name, "role"], str):
                role = groups.at[name, "role"].replace("_", " ")
                extra.append(role)
            if "group" in groups.columns and isinstance(groups.at[name, "group"], str):
                if not extra or extra[0] != groups.at[name, "group"]:
                    extra.append(groups.at[name, "group"])
            ticks.append(_short(name) + ("\n" + ", ".join(extra) if extra else ""))
        ax.set_yticks(range(len(names)), ticks)
        ax.set_ylim(len(names) - 0.5, -0.5)
        ax.set_xlim(0, vmax * 1.55 if vmax else 1)
        ax.set_xlabel("Words quoted" if value == "words" else "Number of quotes")
        _title(ax, title or "Who is quoted, and how much")
        _legend(ax, title="Version")
    return ax


# --------------------------------------------------------------------------- sentiment


def sentiment(
    data: Any, *, ax: Any = None, title: str | None = None, versions: Sequence[str] | None = None, **kw: Any
) -> Any:
    """Dot plot of tone: the reporter's narrative, all quotes, and each speaker, per version.

    Each dot is a mean VADER compound score (−1 very negative, +1 very
    positive); each version has its own marker shape and colour, and each dot
    is labelled with how many sentences or quotes it averages. The shaded band
    is VADER's "neutral" zone (−0.05 to 0.05).

    Args:
        data: A Comparison, or a table like ``cmp.sentiment_table()`` (version, source, kind, compound, n).
        ax: Axes to draw on; a new figure when None.
        title: Replaces the default title.
        versions: Draw only these versions (ids or labels); None for all.
        **kw: Passed to ``Axes.scatter``.

    Examples:
        >>> import pandas as pd, matplotlib.pyplot as plt
        >>> t = pd.DataFrame({"version": ["a"] * 3 + ["b"] * 3,
        ...                   "source": ["narrative", "quoted", "Ann Lee"] * 2,
        ...                   "kind": ["narrative", "quoted", "speaker"] * 2,
        ...                   "compound": [-0.1, 0.2, 0.4, -0.1, 0.1, 0.3], "n": [30, 10, 4, 29, 9, 3]})
        >>> ax = sentiment(t)
        >>> [t.get_text() for t in ax.get_yticklabels()]
        ["Reporter's narrative", 'All quoted sentences', 'Ann Lee']
        >>> [t.get_text() for t in ax.get_legend().get_texts()][:2]
        ['a', 'b']
        >>> plt.close(ax.figure)
    """
    df = _table(data, "sentiment_table", ["version", "source", "compound", "n"], versions)
    if "kind" not in df.columns:
        df["kind"] = ["speaker" if s not in ("narrative", "quoted") else s for s in df["source"]]
    df = df[df["compound"].notna()]
    ax = _start(ax, "sentiment")
    with style():
        labels = _versions(df, data)
        base = _base_label(data)
        sources = [s for s in ("narrative", "quoted") if s in set(df["source"])]
        sources += list(dict.fromkeys(df.loc[df["kind"] == "speaker", "source"]))
        names = {"narrative": "Reporter's narrative", "quoted": "All quoted sentences"}
        n = max(len(labels), 1)
        step = min(0.6 / n, 0.3)
        ax.axvspan(-0.05, 0.05, color="#EEEEEE", zorder=0)
        ax.axvline(0, color="#AAAAAA", linewidth=0.8, zorder=0)
        if len(sources) > 2 and "quoted" in sources:
            ax.axhline(1.5, color="#CCCCCC", linewidth=0.8, linestyle=":")
        for i, lab in enumerate(labels):
            color, _, marker = _version_style(_position(data, lab, i))
            part = df[df["label"] == lab].drop_duplicates("source").set_index("source")
            xs, ys, notes = [], [], []
            for k, src in enumerate(sources):
                y = k + (i - (n - 1) / 2) * step
                if src in part.index:
                    x = float(part.at[src, "compound"])
                    cnt = int(part.at[src, "n"])
                    unit = "sentence" if part.at[src, "kind"] in ("narrative", "quoted") else "quote"
                    xs.append(x)
                    ys.append(y)
                    notes.append(f"{x:+.2f} ({cnt} {unit}{'s' if cnt != 1 else ''})")
                elif k >= 2:
                    ax.text(-0.97, y, f"not quoted in {_short(lab)}", va="center", ha="left", fontsize=7.5,
                            color="#555555", style="italic")
            ax.scatter(xs, ys, s=55, marker=marker, color=color, edgecolor=INK, linewidth=0.6, zorder=3,
                       label=_tick(lab, base), **kw)
            for x, y, note in zip(xs, ys, notes):
                ax.text(x + 0.04, y, note, va="center", ha="left", fontsize=7.5, color=INK, zorder=4)
        groups = _speaker_groups(data)
        ax.set_yticks(range(len(sources)),
                      [names.get(s, s) + (f"\n{groups[s]}" if s in groups else "") for s in sources])
        ax.set_ylim(len(sources) - 0.5, -0.5)
        ax.set_xlim(-1, 1)
        ax.set_xticks([-1, -0.5, 0, 0.5, 1], ["−1\nvery negative", "−0.5", "0\nneutral", "+0.5", "+1\nvery positive"])
        ax.set_xlabel("Mean VADER compound score")
        _title(ax, title or "Tone by source: narrative, quotes, speakers")
        ax.grid(axis="x", color="#EEEEEE")
        from matplotlib.patches import Patch

        handles, _ = ax.get_legend_handles_labels()
        handles.append(Patch(facecolor="#EEEEEE", edgecolor="none", label="VADER's neutral zone\n(−0.05 to +0.05)"))
        _legend(ax, title="Version", handles=handles)
    return ax


def _speaker_groups(data: Any) -> dict[str, str]:
    """Speaker name -> group, from a Comparison (empty for a table)."""
    if not hasattr(data, "voices_table"):
        return {}
    t = data.voices_table().drop_duplicates("speaker")
    return {str(n): str(g) for n, g in zip(t["speaker"], t["group"]) if isinstance(g, str)}


# --------------------------------------------------------------------------- frames


def _frame_labels(data: Any, frames: Sequence[str]) -> dict[str, str]:
    labels = {f: _pretty(f) for f in frames}
    versions = getattr(data, "versions", None)
    if versions:
        name = (versions[0].frames or {}).get("codebook")
        try:
            from .framing import load_codebook

            cb = load_codebook(name) if name else None
        except Exception:  # a codebook that moved since: keep the ids
            cb = None
        if cb is not None:
            labels.update({f.id: f.label for f in cb.frames if f.id in labels})
    return labels


def frames(
    data: Any, *, ax: Any = None, title: str | None = None, versions: Sequence[str] | None = None,
    value: str = "score", evidence: bool = False, **kw: Any,
) -> Any:
    """Grouped (horizontal) bars: each version's frame profile.

    ``value="score"`` (default) is the share of a frame's indicator questions
    the text answers "yes" (0 to 1); ``value="density"`` is cue matches per
    1,000 words, better for comparing versions of different lengths. Each bar
    is labelled with its value; with ``evidence=True`` also with its number of
    pieces of evidence (a sentence where one of the frame's cues matched, one
    per indicator it answers).

    Args:
        data: A Comparison, or a table like ``cmp.frames_table()`` (version, frame, score, density, evidence).
        ax: Axes to draw on; a new figure when None.
        title: Replaces the default title.
        versions: Draw only these versions (ids or labels); None for all.
        value: ``"score"`` or ``"density"``.
        evidence: Label each bar with its evidence count.
        **kw: Passed to ``Axes.barh``.

    Examples:
        >>> import pandas as pd, matplotlib.pyplot as plt
        >>> t = pd.DataFrame({"version": ["a", "a", "b", "b"], "frame": ["conflict", "economic"] * 2,
        ...                   "score": [0.5, 1.0, 0.25, 1.0], "density": [3.0, 9.0, 1.0, 8.0], "evidence": [4, 9, 1, 8]})
        >>> ax = frames(t, evidence=True)
        >>> len(ax.patches), [t.get_text() for t in ax.get_yticklabels()]
        (4, ['Conflict', 'Economic'])
        >>> [t.get_text() for t in ax.texts]
        ['0.50  (evidence: 4)', '1.00  (evidence: 9)', '0.25  (evidence: 1)', '1.00  (evidence: 8)']
        >>> plt.close(ax.figure)
    """
    if value not in ("score", "density"):
        raise ValueError("value must be 'score' or 'density'")
    need = ["version", "frame", value] + (["evidence"] if evidence else [])
    df = _table(data, "frames_table", need, versions)
    ax = _start(ax, "frames")
    with style():
        labels = _versions(df, data)
        base = _base_label(data)
        frame_ids = list(dict.fromkeys(df["frame"]))
        pretty = _frame_labels(data, frame_ids)
        n = max(len(labels), 1)
        height = 0.8 / n
        top = float(df[value].max()) if len(df) else 1.0
        for i, lab in enumerate(labels):
            color, hatch, _ = _version_style(_position(data, lab, i))
            part = df[df["label"] == lab].drop_duplicates("frame").set_index("frame")
            ys = [k - 0.4 + height * (i + 0.5) for k, _ in enumerate(frame_ids)]
            ws = [float(part.at[f, value]) if f in part.index and part.at[f, value] == part.at[f, value] else 0.0
                  for f in frame_ids]
            ax.barh(ys, ws, height=height * 0.92, color=color, hatch=hatch, edgecolor=INK, linewidth=0.6,
                    label=_tick(lab, base), **kw)
            for y, w, f in zip(ys, ws, frame_ids):
                text = f"{w:.2f}" if value == "score" else f"{w:.1f}"
                if w == 0:  # no bar to see: say whose zero it is
                    text = f"{_short(lab)}: {text}"
                if evidence:
                    text += f"  (evidence: {int(part.at[f, 'evidence']) if f in part.index else 0})"
                ax.text(w + (top or 1) * 0.01, y, text, ha="left", va="center", fontsize=7.5, color=INK)
        ax.set_yticks(range(len(frame_ids)),
                      [textwrap.fill(pretty[f], 14, break_long_words=False) for f in frame_ids])
        ax.set_ylim(len(frame_ids) - 0.5, -0.5)
        room = 1.45 if evidence else 1.2
        if value == "score":
            ax.set_xlim(0, room)
            ax.set_xticks([0, 0.25, 0.5, 0.75, 1])
            ax.set_xlabel("Frame score (share of the frame's questions answered yes)")
        else:
            ax.set_xlim(0, top * room if top else 1)
            ax.set_xlabel("Cue matches per 1,000 words")
        ax.grid(axis="x", color="#EEEEEE")
        _title(ax, title or ("Frame profile of each version" if value == "score"
                             else "Frame density: cue matches per 1,000 words"))
        _legend(ax, title="Version")
    return ax


# --------------------------------------------------------------------------- version map


def _alignment(data: Any) -> tuple[Any, str, dict[str, str], dict[str, dict[int, str]]]:
    """Alignment table, base id, labels by id, and paragraph texts by version and index (when known)."""
    import pandas as pd

    if hasattr(data, "alignment_table"):
        df = data.alignment_table()
        base = data.base
        labels = {v.id: data.label(v.id) for v in data.versions}
        texts = {v.id: {p.index: p.text for p in v.body} for v in data.versions}
        return df, base, labels, texts
    if not isinstance(data, pd.DataFrame):
        raise TypeError(f"expected a Comparison or a DataFrame like cmp.alignment_table(), got {type(data).__name__}")
    missing = [c for c in ("version", "op", "base_paragraph", "paragraph") if c not in data.columns]
    if missing:
        raise ValueError(f"the table has no column {', '.join(map(repr, missing))}; expected cmp.alignment_table()")
    ids = list(dict.fromkeys(data["version"].astype(str)))
    labels = {}
    if "label" in data.columns:
        labels = dict(zip(data["version"].astype(str), data["label"].astype(str)))
    base = ids[0] if ids else ""
    return data, base, {i: labels.get(i, i) for i in ids}, {}


def _indices(row: Any, many: str, one: str) -> list[int]:
    import pandas as pd

    val = row.get(many) if hasattr(row, "get") else None
    if isinstance(val, (tuple, list)) and len(val):
        return [int(x) for x in val]
    x = row[one]
    return [] if x is None or pd.isna(x) else [int(x)]


def _runs(ranks: Sequence[int]) -> list[list[int]]:
    out: list[list[int]] = []
    for r in sorted(ranks):
        if out and r == out[-1][-1] + 1:
            out[-1].append(r)
        else:
            out.append([r])
    return out


def version_map(
    data: Any, *, ax: Any = None, title: str | None = None, versions: Sequence[str] | None = None,
    base: str | None = None, snippets: bool = True, **kw: Any,
) -> Any:
    """The flow of paragraphs from the base to each version.

    Each version is drawn as a column of paragraphs, top of the story at the
    top, next to a copy of the base's column; lines join a base paragraph to
    the paragraph it became. Kept paragraphs are plain grey; edited, moved,
    added and removed ones each have their own colour *and* hatching, and the
    legend counts them. With ``snippets=True`` (and a Comparison) each run of
    added or removed paragraphs is labelled with its first words.

    Args:
        data: A Comparison, or a table like ``cmp.alignment_table()`` (version, op, base_paragraph,
            paragraph; the first version in the table is taken as the base unless ``base`` says otherwise).
        ax: Axes to draw on; a new figure when None.
        title: Replaces the default title.
        versions: Draw only these versions (ids or labels); None for all.
        base: The base version's id (tables only).
        snippets: Label added and removed runs with their first words.
        **kw: Passed to the ``Rectangle`` of each paragraph.

    Examples:
        >>> import pandas as pd, matplotlib.pyplot as plt
        >>> t = pd.DataFrame({"version": ["a", "a", "a", "b", "b", "b", "b"],
        ...                   "op": ["same", "same", "same", "same", "removed", "edited", "added"],
        ...                   "base_paragraph": [0, 1, 2, 0, 1, 2, None], "paragraph": [0, 1, 2, 0, None, 1, 2]})
        >>> ax = version_map(t)
        >>> [t.get_text() for t in ax.get_xticklabels()]
        ['a (base)', 'b']
        >>> [t.get_text() for t in ax.get_legend().get_texts()]
        ['kept (1)', 'edited (1)', 'moved (0)', 'added (1)', 'removed (1)']
        >>> plt.close(ax.figure)
    """
    from matplotlib.patches import Patch, Rectangle

    df, base_id, labels, texts = _alignment(data)
    if base is not None:
        base_id = base
    df = df.copy()
    df["version"] = df["version"].astype(str)
    others = [v for v in dict.fromkeys(df["version"]) if v != base_id]
    if versions is not None:
        keep = {str(v) for v in versions}
        others = [v for v in others if v in keep or labels.get(v, v) in keep]
    base_rows = df[df["version"] == base_id]
    base_paras = sorted({i for _, r in base_rows.iterrows() for i in _indices(r, "paragraphs", "paragraph")})
    if not base_paras:  # a table without the base's own rows: use the base side of the others
        base_paras = sorted({i for _, r in df.iterrows() for i in _indices(r, "base_paragraphs", "base_paragraph")})
    base_rank = {p: k for k, p in enumerate(base_paras)}
    counts = {op: 0 for op in OP_STYLES}
    if len(others) > 1:
        return _version_grid(df, base_id, others, base_rank, labels, ax=ax, title=title, **kw)
    w = 0.32  # block width
    gap = 2.0 if len(others) <= 1 else 1.6
    spacing = gap + (3.2 if snippets and texts else 1.0)
    ax = _start(ax, "version_map")
    with style():
        tick_x, tick_labels = [], []
        longest = len(base_paras)

        def block(x: float, rank: int, op: str) -> None:
            color, hatch, _ = OP_STYLES[op]
            ax.add_patch(Rectangle((x - w / 2, rank - 0.42), w, 0.84, facecolor=color, hatch=hatch,
                                   edgecolor=INK if op != "same" else "#AAAAAA", linewidth=0.5, **kw))

        def snippet(vid: str, paras: list[int], ranks: list[int], x: float, ha: str, what: str) -> None:
            first = texts.get(vid, {}).get(paras[0], "")
            span = f"¶{ranks[0] + 1}" + (f"–{ranks[-1] + 1}" if len(ranks) > 1 else "")
            words = textwrap.shorten(first, 64, placeholder="…") if first else ""
            label = f"{what} {span}" + (f":\n“{textwrap.fill(words, 26)}”" if words else "")
            ax.text(x, (ranks[0] + ranks[-1]) / 2, label, ha=ha, va="center", fontsize=7.5, color=INK,
                    linespacing=1.1)

        for j, vid in enumerate(others):
            x0 = j * spacing
            x1 = x0 + gap
            rows = df[df["version"] == vid]
            v_paras = sorted({i for _, r in rows.iterrows() for i in _indices(r, "paragraphs", "paragraph")})
            v_rank = {p: k for k, p in enumerate(v_paras)}
            longest = max(longest, len(v_paras))
            base_ops = {p: "same" for p in base_paras}
            removed_runs: list[int] = []
            added_runs: list[int] = []
            for _, r in rows.iterrows():
                op = str(r["op"])
                if op in counts:
                    counts[op] += 1
                bps = [p for p in _indices(r, "base_paragraphs", "base_paragraph") if p in base_rank]
                vps = [p for p in _indices(r, "paragraphs", "paragraph") if p in v_rank]
                for p in bps:
                    base_ops[p] = op
                for p in vps:
                    block(x1, v_rank[p], op)
                if op == "removed":
                    removed_runs.extend(base_rank[p] for p in bps)
                if op == "added":
                    added_runs.extend(v_rank[p] for p in vps)
                color = {"same": "#BBBBBB", "edited": OP_STYLES["edited"][0], "moved": "#0072B2"}.get(op)
                if color:
                    for p in bps:
                        for q in vps:
                            ax.plot([x0 + w / 2, x1 - w / 2], [base_rank[p], v_rank[q]], color=color,
                                    linewidth=0.8 if op == "same" else 1.8,
                                    linestyle="--" if op == "moved" else "-", zorder=1)
            for p, op in base_ops.items():
                block(x0, base_rank[p], "removed" if op == "removed" else ("same" if op == "added" else op))
            if snippets and texts:
                base_by_rank = {k: p for p, k in base_rank.items()}
                v_by_rank = {k: p for p, k in v_rank.items()}
                for run in _runs(removed_runs):
                    snippet(base_id, [base_by_rank[k] for k in run], run, x0 - w / 2 - 0.12, "right", "removed")
                for run in _runs(added_runs):
                    snippet(vid, [v_by_rank[k] for k in run], run, x1 + w / 2 + 0.12, "left", "added")
            tick_x += [x0, x1]
            tick_labels += [_tick(labels.get(base_id, base_id), labels.get(base_id, base_id)),
                            _short(labels.get(vid, vid))]
        if not others:  # only the base: draw its column
            for p in base_paras:
                block(0, base_rank[p], "same")
            tick_x, tick_labels = [0], [_tick(labels.get(base_id, base_id), labels.get(base_id, base_id))]
        left = -w - (2.6 if snippets and texts else 0.6)
        right = (tick_x[-1] if tick_x else 0) + w + (2.6 if snippets and texts else 0.6)
        ax.set_xlim(left, right)
        ax.set_ylim(longest - 0.5, -0.8)
        ax.set_xticks(tick_x, tick_labels)
        ax.xaxis.tick_top()
        ax.tick_params(axis="x", length=0, labelsize=10)
        step = 5 if longest > 12 else 1
        ticks = [0] + list(range(step - 1, longest, step)) if step > 1 else list(range(longest))
        ax.set_yticks(ticks, [str(t + 1) for t in ticks])
        ax.set_ylabel("Paragraph (1 = top of the story)")
        for side in ("top", "right", "bottom"):
            ax.spines[side].set_visible(False)
        handles = [
            Patch(facecolor=OP_STYLES[op][0], hatch=OP_STYLES[op][1], edgecolor=INK, label=f"{OP_STYLES[op][2]} ({counts[op]})")
            for op in ("same", "edited", "moved", "added", "removed")
        ]
        _legend(ax, handles=handles, title="Paragraphs")
        names = ", ".join(labels.get(v, v) for v in others)
        base_name = labels.get(base_id, base_id)
        _title(ax, title or (f"Version map: {base_name} → {names}" if names
                             else f"Version map: {base_name}"))
        ax.title.set_y(1.04)
    return ax


def _version_grid(df: Any, base_id: str, others: list[str], base_rank: dict[int, int], labels: dict[str, str],
                  *, ax: Any, title: str | None, **kw: Any) -> Any:
    """The version map of three or more versions: one column per version, one row per base paragraph.

    Each cell says what the version did with that base paragraph (kept, edited,
    moved, removed); a version's added paragraphs are small blocks between the
    rows, after the base paragraph they follow in that version.
    """
    from matplotlib.patches import Patch, Rectangle

    counts = {op: 0 for op in OP_STYLES}
    columns = [base_id, *others]
    n_rows = len(base_rank)
    ax = _start(ax, "version_map")
    with style():

        def cell(x: float, y: float, op: str, h: float = 0.84, w: float = 0.7) -> None:
            color, hatch, _ = OP_STYLES[op]
            ax.add_patch(Rectangle((x - w / 2, y - h / 2), w, h, facecolor=color, hatch=hatch,
                                   edgecolor=INK if op != "same" else "#AAAAAA", linewidth=0.5, **kw))

        for r in range(n_rows):
            cell(0, r, "same")
        for j, vid in enumerate(others, start=1):
            rows = df[df["version"] == vid].copy()
            rows["_order"] = [min(_indices(r, "paragraphs", "paragraph") or [10**9]) for _, r in rows.iterrows()]
            last = -0.5
            stacked: dict[float, int] = {}
            for _, r in rows.sort_values("_order", kind="stable").iterrows():
                op = str(r["op"])
                if op in counts:
                    counts[op] += 1
                bps = [base_rank[p] for p in _indices(r, "base_paragraphs", "base_paragraph") if p in base_rank]
                if op == "added":
                    y = last + 0.5
                    k = stacked.get(y, 0)
                    stacked[y] = k + 1
                    cell(j + 0.3 - 0.16 * k, y, "added", h=0.45, w=0.14)
                    continue
                for b in bps:
                    cell(j, b, op)
                if bps and op != "removed":
                    last = max(bps)
        ax.set_xlim(-0.6, len(columns) - 0.4)
        ax.set_ylim(n_rows - 0.4, -0.7)
        short = [(x if len(x) <= 20 else x[:19] + "…") for x in (labels.get(v, v) for v in columns)]
        short[0] = f"{short[0]}\n(base)"
        ax.set_xticks(range(len(columns)), short, rotation=30, ha="left", rotation_mode="anchor")
        ax.xaxis.tick_top()
        ax.tick_params(axis="x", length=0)
        step = 5 if n_rows > 12 else 1
        ticks = [0] + list(range(step - 1, n_rows, step)) if step > 1 else list(range(n_rows))
        ax.set_yticks(ticks, [str(t + 1) for t in ticks])
        ax.set_ylabel(f"Paragraph of {labels.get(base_id, base_id)} (1 = top)")
        for side in ("top", "right", "bottom"):
            ax.spines[side].set_visible(False)
        handles = [
            Patch(facecolor=OP_STYLES[op][0], hatch=OP_STYLES[op][1], edgecolor=INK,
                  label=f"{OP_STYLES[op][2]} ({counts[op]})")
            for op in ("same", "edited", "moved", "added", "removed")
        ]
        _legend(ax, handles=handles, title="Paragraphs\n(all versions)")
        _title(ax, title or f"Version map: each version against {labels.get(base_id, base_id)}")
    return ax


# --------------------------------------------------------------------------- readability


def readability(
    data: Any, *, ax: Any = None, title: str | None = None, versions: Sequence[str] | None = None,
    metrics: Sequence[str] = GRADE_METRICS, **kw: Any,
) -> Any:
    """Grouped bars: how hard each version is to read.

    By default the three metrics on the scale of US school grades (years of
    schooling a reader needs; lower is easier), with a line at grade 12 (the
    end of high school); the Flesch reading ease (0-100, higher is easier) is
    given in the axis label. Every bar carries its value.

    Args:
        data: A Comparison, or a table like ``cmp.readability_table()`` (version, metric, value).
        ax: Axes to draw on; a new figure when None.
        title: Replaces the default title.
        versions: Draw only these versions (ids or labels); None for all.
        metrics: The metrics to draw (keys of ``cmp.readability_table()``).
        **kw: Passed to ``Axes.barh``.

    Examples:
        >>> import pandas as pd, matplotlib.pyplot as plt
        >>> t = pd.DataFrame({"version": ["a"] * 2 + ["b"] * 2, "metric": ["flesch_kincaid_grade", "gunning_fog"] * 2,
        ...                   "value": [14.2, 17.2, 12.0, 15.0]})
        >>> ax = readability(t)
        >>> len(ax.patches), [t.get_text() for t in ax.get_yticklabels()]
        (4, ['Flesch–Kincaid grade', 'Gunning fog index'])
        >>> plt.close(ax.figure)
    """
    df = _table(data, "readability_table", ["version", "metric", "value"], versions)
    ax = _start(ax, "readability")
    with style():
        labels = _versions(df, data)
        base = _base_label(data)
        shown = [m for m in metrics if m in set(df["metric"])]
        n = max(len(labels), 1)
        height = 0.8 / n
        vmax = float(df[df["metric"].isin(shown)]["value"].max()) if shown else 1.0
        for i, lab in enumerate(labels):
            color, hatch, _ = _version_style(_position(data, lab, i))
            part = df[df["label"] == lab].drop_duplicates("metric").set_index("metric")
            ys = [k - 0.4 + height * (i + 0.5) for k, _ in enumerate(shown)]
            ws = [float(part.at[m, "value"]) if m in part.index else 0.0 for m in shown]
            ax.barh(ys, ws, height=height * 0.92, color=color, hatch=hatch, edgecolor=INK, linewidth=0.6,
                    label=_tick(lab, base), **kw)
            for y, v, m in zip(ys, ws, shown):
                if m in part.index:
                    ax.text(v + vmax * 0.01, y, f"{_short(lab)}: {v:.1f}", va="center", ha="left", fontsize=8, color=INK)
        ax.set_yticks(range(len(shown)), [METRIC_LABELS.get(m, _pretty(m)) for m in shown])
        ax.set_ylim(len(shown) - 0.5, -0.5)
        ax.set_xlim(0, vmax * 1.3 if vmax else 1)
        grades = all(m in GRADE_METRICS for m in shown)
        xlabel = "US school grade (years of schooling needed; lower = easier)" if grades else "Value"
        fre = df[df["metric"] == "flesch_reading_ease"]
        if "flesch_reading_ease" not in shown and len(fre):
            by = dict(zip(fre["label"], fre["value"]))
            parts = " · ".join(f"{_short(lab)} {by[lab]:.0f}" for lab in labels if lab in by)
            xlabel += f"\nFlesch reading ease (0–100, higher = easier): {parts}"
        ax.set_xlabel(xlabel)
        if grades and vmax > 12:
            ax.axvline(12, color="#555555", linestyle="--", linewidth=0.9, zorder=0,
                       label="grade 12: end of\nUS high school")
        _title(ax, title or "How hard is each version to read?")
        handles, names = ax.get_legend_handles_labels()
        order = sorted(range(len(handles)), key=lambda k: names[k].startswith("grade 12"))
        _legend(ax, title="Version", handles=[handles[k] for k in order])
    return ax


# --------------------------------------------------------------------------- the comparison's charts


class ComparisonPlots:
    """The charts of one comparison: ``cmp.plot.voice_share()``, ``cmp.plot.frames(evidence=True)`` …

    Each method takes the same keywords as the module function of the same
    name and returns the Axes.

    Examples:
        >>> import pandas as pd
        >>> sorted(name for name in dir(ComparisonPlots) if not name.startswith("_")) == sorted(CHARTS)
        True
    """

    def __init__(self, comparison: Any):
        self._cmp = comparison

    def __repr__(self) -> str:
        return f"<ComparisonPlots: {', '.join(CHARTS)}>"

    def voice_share(self, *, ax: Any = None, **kw: Any) -> Any:
        """Share of quoted words by speaker group, per version (see :func:`voice_share`)."""
        return voice_share(self._cmp, ax=ax, **kw)

    def speakers(self, *, ax: Any = None, **kw: Any) -> Any:
        """Words and quotes per speaker, per version (see :func:`speakers`)."""
        return speakers(self._cmp, ax=ax, **kw)

    def sentiment(self, *, ax: Any = None, **kw: Any) -> Any:
        """Tone of the narrative, the quotes and each speaker (see :func:`sentiment`)."""
        return sentiment(self._cmp, ax=ax, **kw)

    def frames(self, *, ax: Any = None, **kw: Any) -> Any:
        """Frame profile per version (see :func:`frames`)."""
        return frames(self._cmp, ax=ax, **kw)

    def version_map(self, *, ax: Any = None, **kw: Any) -> Any:
        """Paragraph flow from the base to each version (see :func:`version_map`)."""
        return version_map(self._cmp, ax=ax, **kw)

    def readability(self, *, ax: Any = None, **kw: Any) -> Any:
        """Readability per version (see :func:`readability`)."""
        return readability(self._cmp, ax=ax, **kw)
