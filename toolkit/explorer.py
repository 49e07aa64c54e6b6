"""An interactive explorer of a comparison, for JupyterLab (ipywidgets).

``explore(cmp)`` returns a widget: pick the version whose text you read, the
versions the chart compares, a speaker and a frame; the text highlights the
speaker's quotes and the frame's evidence sentences, and the chart follows
(picking a speaker shows the speakers chart with that speaker marked, picking
a frame the frame profile). Without ipywidgets (or outside a notebook) it
degrades to a static view of the same text and chart.

:func:`highlight_html` is the text view on its own (plain, escaped HTML).

Examples:
    >>> from toolkit import analyze
    >>> art = analyze('"We will win," said Ann Lee, a professor at Yale University. The war goes on.', id="t")
    >>> html = highlight_html(art, speaker="Ann Lee")
    >>> html.count('class="sl-quote"')
    1
"""
from __future__ import annotations

import base64
import html as _html
import io
from typing import Any

from . import plots

#: Highlight styles: colour plus a distinct underline, so colour is never the only cue.
QUOTE_STYLE = "background:#FBE7A1;border-bottom:2px solid #E69F00"
EVIDENCE_STYLE = "background:#D4E9F7;border-bottom:2px dotted #0072B2"
_OP_TAGS = {
    "added": ("added here", "#009E73"),
    "edited": ("edited", "#E69F00"),
    "moved": ("moved", "#0072B2"),
    "removed": ("cut in {other}", "#D55E00"),
}


# --------------------------------------------------------------------------- the text view


def _spans_for(article: Any, speaker: str | None, frame: str | None) -> dict[int, list[tuple[int, int, str, str]]]:
    """Per paragraph index: (start, end, kind, tooltip) spans to highlight."""
    spans: dict[int, list[tuple[int, int, str, str]]] = {}
    if speaker:
        for q in article.quotes:
            if q.speaker == speaker and q.start is not None and q.end is not None:
                spans.setdefault(q.paragraph, []).append((q.start, q.end, "quote", f"{q.kind} quote, {q.speaker}"))
    if frame:
        sentences = {s.index: s for s in article.sentences}
        for e in (article.frames or {}).get("evidence", []):
            if e.get("frame") != frame or e.get("where", "body") != "body":
                continue
            s = sentences.get(e.get("sentence"))
            if s is None:
                continue
            tip = f"{e['frame']}: {e.get('indicator')} (cue: {e.get('cue')})"
            spans.setdefault(s.paragraph, []).append((s.start, s.end, "evidence", tip))
    return spans


def _mark_up(text: str, spans: list[tuple[int, int, str, str]]) -> str:
    """Escape ``text`` and wrap the spans (which may overlap) in styled <span>s."""
    cuts = sorted({0, len(text), *(a for a, _, _, _ in spans), *(b for _, b, _, _ in spans)})
    out = []
    for a, b in zip(cuts, cuts[1:]):
        piece = _html.escape(text[a:b])
        active: dict[str, list[str]] = {}
        for s, e, k, tip in spans:
            if s <= a and b <= e and tip not in active.setdefault(k, []):
                active[k].append(tip)
        for kind in sorted(active):
            if not active[kind]:
                continue
            style = QUOTE_STYLE if kind == "quote" else EVIDENCE_STYLE
            tip = _html.escape("; ".join(active[kind]))
            piece = f'<span class="sl-{kind}" style="{style}" title="{tip}">{piece}</span>'
        out.append(piece)
    return "".join(out)


def _ops(cmp: Any, vid: str) -> dict[int, str]:
    """Paragraph index -> label of what the edits did to it, seen from version ``vid``."""
    if cmp is None:
        return {}
    out: dict[int, str] = {}
    for r in cmp.alignment:
        if r.version == vid and r.op in ("added", "edited", "moved") and vid != cmp.base:
            for p in r.paragraphs or (r.paragraph,):
                out[p] = r.op
        if vid == cmp.base and r.op == "removed" and r.version != cmp.base:
            for p in r.base_paragraphs or (r.base_paragraph,):
                out[p] = f"removed:{cmp.label(r.version)}"
    return out


def highlight_html(article: Any, *, speaker: str | None = None, frame: str | None = None, cmp: Any = None,
                   only_marked: bool = False) -> str:
    """The article's story paragraphs as HTML, numbered, with a speaker's quotes and a frame's evidence marked.

    Quotes get a yellow background and a solid orange underline; evidence
    sentences a blue background and a dotted underline; hovering shows why.
    With ``cmp`` (the Comparison the article belongs to) each paragraph is also
    tagged with what the edits did to it (added, edited, moved, cut in …).
    All article text is escaped.

    Args:
        article: An analysed Article.
        speaker: A speaker's name (as in ``article.speakers``) whose quotes to mark.
        frame: A frame id whose evidence sentences to mark.
        cmp: The Comparison, to tag edited, added and removed paragraphs.
        only_marked: Show only paragraphs with a highlight or a tag.

    Examples:
        >>> from toolkit import analyze
        >>> art = analyze("<b>Hi</b> there, said Bob.", id="t")
        >>> "&lt;b&gt;" in highlight_html(art)
        True
    """
    spans = _spans_for(article, speaker, frame)
    ops = _ops(cmp, article.id)
    # a partial quote inside an indirect one counts once, as the speaker tables count it
    n_quotes = sum(1 for q in article.quotes if speaker and q.speaker == speaker and not getattr(q, "within", None))
    n_evidence = sum(1 for ss in spans.values() for s in ss if s[2] == "evidence")
    legend = []
    if speaker:
        legend.append(f'<span style="{QUOTE_STYLE}">quotes of {_html.escape(speaker)}</span> ({n_quotes})')
    if frame:
        legend.append(f'<span style="{EVIDENCE_STYLE}">evidence of the {_html.escape(frame.replace("_", " "))} '
                      f"frame</span> ({n_evidence} sentence{'s' if n_evidence != 1 else ''})")
    rows = []
    for k, p in enumerate(article.body, start=1):
        op = ops.get(p.index)
        if only_marked and not (op or p.index in spans):
            continue
        tag = ""
        if op:
            key, _, other = op.partition(":")
            text, colour = _OP_TAGS[key]
            tag = (f' <span style="border:1px solid {colour};color:{colour};font-size:80%;padding:0 3px">'
                   f"{_html.escape(text.format(other=other))}</span>")
        rows.append(
            f'<p style="margin:0 0 .6em 0"><span style="color:#777;font-size:85%">¶{k}</span>{tag} '
            f"{_mark_up(p.text, spans.get(p.index, []))}</p>"
        )
    title = _html.escape(article.title or (cmp.label(article.id) if cmp is not None else article.id))
    outlet = _html.escape(article.outlet or "")
    head = f"<div><b>{title}</b>{' (' + outlet + ')' if outlet else ''}</div>"
    key = f'<div style="margin:.3em 0 .6em 0;font-size:90%">{" · ".join(legend)}</div>' if legend else ""
    return (f'<div class="storylens-text" style="max-height:420px;overflow:auto;line-height:1.45;'
            f'padding:6px 10px;border:1px solid #ddd">{head}{key}{"".join(rows)}</div>')


# --------------------------------------------------------------------------- the chart


def chart_png(cmp: Any, chart: str = "speakers", *, versions: Any = None, speaker: str | None = None,
              frame: str | None = None, **kw: Any) -> bytes:
    """One chart of the comparison as PNG bytes, with the chosen speaker or frame marked on it.

    Examples:
        >>> from toolkit.compare import compare
        >>> cmp = compare(["example:cnn", "example:kimt"])
        >>> chart_png(cmp, "frames", frame="conflict")[:4]
        b'\\x89PNG'
    """
    from matplotlib.figure import Figure

    if chart not in plots.CHARTS:
        raise ValueError(f"chart must be one of {', '.join(plots.CHARTS)}")
    fig = Figure(figsize=(7.5, 4.8))
    ax = fig.subplots()
    getattr(plots, chart)(cmp, ax=ax, versions=list(versions) if versions else None, **kw)
    _emphasise(ax, chart, speaker, frame, cmp)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=100)
    return buf.getvalue()


def _emphasise(ax: Any, chart: str, speaker: str | None, frame: str | None, cmp: Any) -> None:
    """Mark the chosen speaker's or frame's row label: bold, with an arrow (not colour alone)."""
    target = None
    if chart in ("speakers", "sentiment") and speaker:
        target = speaker
    elif chart == "frames" and frame:
        target = plots._frame_labels(cmp, [frame]).get(frame, frame)
    if not target:
        return
    texts = [t.get_text() for t in ax.get_yticklabels()]

    def is_target(x: str) -> bool:
        return bool(x) and (x.splitlines()[0] == target or x.replace("\n", " ") == target)

    if not any(is_target(x) for x in texts):
        return
    ax.set_yticks(ax.get_yticks(), ["▶ " + x if is_target(x) else x for x in texts])
    for t in ax.get_yticklabels():
        if t.get_text().startswith("▶ "):
            t.set_fontweight("bold")


# --------------------------------------------------------------------------- the explorer


class StaticExplorer:
    """What :func:`explore` returns without ipywidgets: the same text and chart, fixed.

    Examples:
        >>> from toolkit.compare import compare
        >>> cmp = compare(["example:cnn", "example:kimt"])
        >>> view = StaticExplorer(cmp, speaker="Bruce Bechtol")
        >>> "sl-quote" in view._repr_html_()
        True
    """

    def __init__(self, cmp: Any, *, version: str | None = None, speaker: str | None = None,
                 frame: str | None = None, chart: str | None = None, note: str = ""):
        self.cmp = cmp
        self.version = version or cmp.base
        self.speaker, self.frame = speaker, frame
        self.chart = chart or _default_chart(speaker, frame)
        self.note = note

    def _repr_html_(self) -> str:
        art = self.cmp.version(self.version)
        png = chart_png(self.cmp, self.chart, speaker=self.speaker, frame=self.frame)
        img = base64.b64encode(png).decode("ascii")
        note = f'<p style="color:#555;font-size:90%">{_html.escape(self.note)}</p>' if self.note else ""
        return (f"{note}{highlight_html(art, speaker=self.speaker, frame=self.frame, cmp=self.cmp)}"
                f'<img alt="{_html.escape(self.chart)} chart" src="data:image/png;base64,{img}">')

    def __repr__(self) -> str:
        return (f"<StaticExplorer of {', '.join(self.cmp.label(v.id) for v in self.cmp.versions)}: "
                f"text of {self.cmp.label(self.version)}, chart {self.chart}>")


def _default_chart(speaker: str | None, frame: str | None) -> str:
    return "frames" if frame and not speaker else "speakers"


def explore(cmp: Any, *, version: str | None = None, speaker: str | None = None, frame: str | None = None,
            chart: str | None = None) -> Any:
    """An interactive explorer of a comparison (ipywidgets); a static view when widgets are missing.

    Args:
        cmp: A Comparison.
        version: Whose text to show first (id or label; default: the base).
        speaker, frame: Initial choices (a speaker's name; a frame id).
        chart: Initial chart (one of :data:`toolkit.plots.CHARTS`).

    Returns:
        An ``ipywidgets.VBox`` (its ``controls`` dict holds the dropdowns, ``text``
        the HTML view, ``image`` the chart) or a :class:`StaticExplorer`.

    Examples:
        >>> from toolkit.compare import compare
        >>> cmp = compare(["example:cnn", "example:kimt"])
        >>> ui = explore(cmp)
        >>> ui.controls["speaker"].value = "Bruce Bechtol"
        >>> "sl-quote" in ui.text.value, ui.controls["chart"].value
        (True, 'speakers')
    """
    try:
        import ipywidgets as W
    except ImportError:
        return StaticExplorer(cmp, version=version, speaker=speaker, frame=frame, chart=chart,
                              note="(ipywidgets is not installed: this view is static. "
                                   "pip install ipywidgets for the interactive explorer.)")
    ids = [v.id for v in cmp.versions]
    labels = [(cmp.label(i), i) for i in ids]
    names = list(dict.fromkeys(s.name for v in cmp.versions for s in v.speakers))
    frame_ids = list(dict.fromkeys(f for v in cmp.versions for f in ((v.frames or {}).get("scores") or {})))
    frame_labels = plots._frame_labels(cmp, frame_ids)
    start = version if version in ids else next((i for lab, i in labels if lab == version), cmp.base)
    layout = W.Layout(width="auto")
    style = {"description_width": "initial"}
    controls = {
        "version": W.Dropdown(options=labels, value=start, description="Read the text of", style=style, layout=layout),
        "versions": W.SelectMultiple(options=labels, value=tuple(ids), description="Chart compares",
                                     rows=min(4, len(ids)), style=style, layout=layout),
        "speaker": W.Dropdown(options=[("(no speaker)", None)] + [(n, n) for n in names],
                              value=speaker if speaker in names else None, description="Speaker", style=style,
                              layout=layout),
        "frame": W.Dropdown(options=[("(no frame)", None)] + [(frame_labels[f], f) for f in frame_ids],
                            value=frame if frame in frame_ids else None, description="Frame", style=style,
                            layout=layout),
        "chart": W.Dropdown(options=[(plots._pretty(c), c) for c in plots.CHARTS],
                            value=chart if chart in plots.CHARTS else _default_chart(speaker, frame),
                            description="Chart", style=style, layout=layout),
        "only_marked": W.Checkbox(value=False, description="Only paragraphs with a highlight or an edit",
                                  style=style, indent=False),
    }
    text = W.HTML()
    image = W.Image(format="png", layout=W.Layout(max_width="100%"))
    status = W.HTML()

    def refresh(_: Any = None) -> None:
        c = {k: w.value for k, w in controls.items()}
        text.value = highlight_html(cmp.version(c["version"]), speaker=c["speaker"], frame=c["frame"], cmp=cmp,
                                    only_marked=c["only_marked"])
        chosen = list(c["versions"]) or ids
        try:
            image.value = chart_png(cmp, c["chart"], versions=chosen, speaker=c["speaker"], frame=c["frame"])
            status.value = ""
        except Exception as exc:  # keep the explorer alive; say what went wrong
            status.value = f'<span style="color:#D55E00">Could not draw this chart: {_html.escape(str(exc))}</span>'

    def on_speaker(change: Any) -> None:
        if change["new"] and controls["chart"].value not in ("speakers", "sentiment"):
            controls["chart"].value = "speakers"  # triggers refresh
        else:
            refresh()

    def on_frame(change: Any) -> None:
        if change["new"] and controls["chart"].value != "frames":
            controls["chart"].value = "frames"
        else:
            refresh()

    for key, w in controls.items():
        if key == "speaker":
            w.observe(on_speaker, names="value")
        elif key == "frame":
            w.observe(on_frame, names="value")
        else:
            w.observe(refresh, names="value")
    refresh()
    left = W.VBox([controls["version"], controls["speaker"], controls["frame"], controls["only_marked"]])
    right = W.VBox([controls["chart"], controls["versions"]])
    box = W.VBox([W.HBox([left, right]), status, W.HBox([text, image],
                  layout=W.Layout(align_items="flex-start"))])
    text.layout = W.Layout(width="50%")
    image.layout = W.Layout(width="50%")
    box.controls, box.text, box.image, box.refresh = controls, text, image, refresh
    return box
