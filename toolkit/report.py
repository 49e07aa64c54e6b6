"""HTML views of a comparison: a self-contained report file and the notebook display.

Everything that comes from an article (text, names, outlet, titles, even ids)
passes through :func:`html.escape`: scraped pages can hold markup and scripts,
and a report must show them as text, never run them. Charts are embedded as
PNG data URIs, and there are no external assets, so the file opens offline.

Examples:
    >>> from toolkit.report import highlight_quotes
    >>> from toolkit import analyze
    >>> art = analyze('"We will win," said Jane Roe, a professor at a state university. <b>Bold</b> move.', id="t")
    >>> html = highlight_quotes(art, art.paragraphs[0])
    >>> "&lt;b&gt;Bold&lt;/b&gt;" in html and 'class="q g-expert' in html
    True
"""
from __future__ import annotations

import base64
import io
from collections.abc import Iterable
from html import escape
from typing import TYPE_CHECKING, Any

from .article import Article, Paragraph

if TYPE_CHECKING:
    from .compare import Comparison

#: Okabe–Ito colours (colour-blind safe) per speaker group; the group's name is always
#: shown beside the colour (legend, tooltip), so colour is never the only cue.
GROUP_COLOURS = {
    "expert": "#0072B2", "official": "#D55E00", "media": "#CC79A7", "business": "#E69F00",
    "advocate": "#009E73", "citizen": "#56B4E9", "unnamed": "#999999", "other": "#F0E442",
}
OP_LABELS = {
    "same": "kept", "edited": "edited", "added": "added", "removed": "removed", "moved": "moved",
}

_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:1.5rem auto;max-width:1200px;
color:#222;line-height:1.45;padding:0 1rem}
h1{font-size:1.5rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #ddd}
table{border-collapse:collapse;margin:.5rem 0}td,th{border:1px solid #ddd;padding:.3rem .5rem;vertical-align:top}
th{background:#f4f4f4;text-align:left}.num{text-align:right;font-variant-numeric:tabular-nums}
.side td{width:45%}.side td.op{width:10%;font-size:.8rem;text-transform:uppercase;letter-spacing:.03em}
tr.same td.op{color:#666}tr.edited td.op{color:#8a5a00;font-weight:bold}
tr.added td.op,tr.added td.v{background:#e6f4ea}tr.removed td.op,tr.removed td.b{background:#fde8e8}
tr.moved td.op{color:#5b3a99;font-weight:bold}
ins{background:#c8ecd0;text-decoration:none;border-bottom:2px solid #009E73}
del{background:#f8d0d0;text-decoration:line-through}
.q{border-bottom:3px solid;padding:0 1px}.q.indirect{border-bottom-style:dashed}
.legend span{display:inline-block;margin-right:1rem}.swatch{display:inline-block;width:.9em;height:.9em;
vertical-align:middle;margin-right:.25em}
.charts img{max-width:100%;border:1px solid #eee;margin:.5rem 0}.muted{color:#666;font-size:.9rem}
""" + "".join(f".g-{g}{{border-color:{c}}}" for g, c in GROUP_COLOURS.items())


def _e(x: Any) -> str:
    return escape("" if x is None else str(x), quote=True)


def _num(x: Any, fmt: str = "{:.2f}") -> str:
    if x is None:
        return "–"
    if isinstance(x, float):
        return fmt.format(x)
    return _e(x)


# ---------------------------------------------------------------------- text pieces
def highlight_quotes(article: Article, paragraph: Paragraph) -> str:
    """A paragraph as escaped HTML with its quotes underlined in their speaker group's colour.

    Direct and partial quotes get a solid underline, indirect ones a dashed one;
    the tooltip names the speaker, role and group.
    """
    text = paragraph.text
    groups = {s.name: (s.group, s.role) for s in article.speakers}
    # Character-level owner: direct/partial quotes win over the indirect ones that contain them.
    owner: list[Any] = [None] * len(text)
    quotes = [q for q in article.quotes if q.paragraph == paragraph.index]
    for q in sorted(quotes, key=lambda q: q.kind != "indirect"):
        for i in range(max(0, q.start), min(len(text), q.end)):
            owner[i] = q
    out, i = [], 0
    while i < len(text):
        q = owner[i]
        j = i
        while j < len(text) and owner[j] is q:
            j += 1
        piece = _e(text[i:j])
        if q is None:
            out.append(piece)
        else:
            group, role = groups.get(q.speaker, ("unnamed", "unnamed")) if q.speaker else ("unnamed", "no speaker")
            tip = f"{q.speaker or 'unattributed'} ({role.replace('_', ' ')}, {group}); {q.kind} quote"
            out.append(f'<span class="q g-{_e(group)} {_e(q.kind)}" title="{_e(tip)}">{piece}</span>')
        i = j
    return "".join(out)


def _legend() -> str:
    items = "".join(
        f'<span><i class="swatch" style="background:{c}"></i>{_e(g)}</span>' for g, c in GROUP_COLOURS.items()
    )
    return (
        f'<p class="legend muted">Quotes are underlined by speaker group (solid: direct or partial quote; '
        f"dashed: indirect): {items}</p>"
    )


def _side_by_side(cmp: Comparison, version_id: str) -> str:
    from .align import word_diff_html

    base, ver = cmp.base_version, cmp.version(version_id)
    rows = []
    for r in cmp.alignment:
        if r.version != version_id:
            continue
        b_idx = r.base_paragraphs or ((r.base_paragraph,) if r.base_paragraph is not None else ())
        v_idx = r.paragraphs or ((r.paragraph,) if r.paragraph is not None else ())
        b_html = "<br><br>".join(highlight_quotes(base, base.paragraphs[i]) for i in b_idx)
        v_html = "<br><br>".join(highlight_quotes(ver, ver.paragraphs[i]) for i in v_idx)
        if r.op in ("edited", "moved") and r.similarity < 1 and b_idx and v_idx:
            v_html = word_diff_html(
                "\n\n".join(base.paragraphs[i].text for i in b_idx),
                "\n\n".join(ver.paragraphs[i].text for i in v_idx),
            )
        label = OP_LABELS.get(r.op, r.op)
        if r.op == "edited":
            label += f"<br>{100 * r.similarity:.0f}% alike"
        rows.append(
            f'<tr class="{_e(r.op)}"><td class="b">{b_html}</td><td class="op">{label}</td>'
            f'<td class="v">{v_html}</td></tr>'
        )
    head = (
        f"<tr><th>{_e(cmp.label(cmp.base))} (base)</th><th>change</th><th>{_e(cmp.label(version_id))}</th></tr>"
    )
    return f'<table class="side">{head}{"".join(rows)}</table>'


def _metrics(cmp: Comparison) -> str:
    df = cmp.metrics_table()
    skip = {"version", "label", "base"}
    head = "".join(f"<th>{_e(x)}</th>" for x in df["label"])
    body = []
    for col in df.columns:
        if col in skip:
            continue
        cells = "".join(f'<td class="num">{_num(_plain(v))}</td>' for v in df[col])
        body.append(f"<tr><th>{_e(col.replace('_', ' '))}</th>{cells}</tr>")
    return f"<table><tr><th></th>{head}</tr>{''.join(body)}</table>"


def _plain(v: Any) -> Any:
    try:
        import pandas as pd

        if v is None or (not isinstance(v, str) and pd.isna(v)):
            return None
    except (TypeError, ValueError):
        pass
    return v.item() if hasattr(v, "item") else v


def _speakers(cmp: Comparison) -> str:
    rows = []
    for v in cmp.versions:
        share = (v.voice_share or {}).get("by_speaker", {})
        for s in v.speakers:
            rows.append(
                f"<tr><td>{_e(cmp.label(v.id))}</td><td>{_e(s.name)}</td><td>{_e(s.role)}</td>"
                f"<td>{_e(s.group)}</td><td>{_e(s.description)}</td><td class='num'>{s.quotes}</td>"
                f"<td class='num'>{s.words}</td><td class='num'>{_num(share.get(s.name), '{:.0%}')}</td></tr>"
            )
    head = "<tr><th>version</th><th>speaker</th><th>role</th><th>group</th><th>described as</th>" \
           "<th>quotes</th><th>words</th><th>share of quoted words</th></tr>"
    return f"<table>{head}{''.join(rows)}</table>"


def _evidence(cmp: Comparison, limit: int = 4) -> str:
    parts = []
    for v in cmp.versions:
        fr = v.frames or {}
        by: dict[str, list[dict[str, Any]]] = {}
        for e in fr.get("evidence", []):
            by.setdefault(e["frame"], []).append(e)
        rows = "".join(
            f"<tr><td>{_e(f)}</td><td class='num'>{_num((fr.get('scores') or {}).get(f))}</td>"
            f"<td>{'<br>'.join(_e(_cue_line(e)) for e in evs[:limit])}"
            f"{'<br><span class=muted>… and ' + str(len(evs) - limit) + ' more</span>' if len(evs) > limit else ''}</td></tr>"
            for f, evs in by.items()
        )
        parts.append(
            f"<h3>{_e(cmp.label(v.id))} — codebook {_e(fr.get('codebook'))}</h3>"
            f"<table><tr><th>frame</th><th>score</th><th>evidence (cue → sentence)</th></tr>{rows}</table>"
        )
    return "".join(parts)


def _cue_line(e: dict[str, Any]) -> str:
    cue = e.get("cue") or e.get("indicator") or ""
    return f"[{cue}] {e.get('text', '')}"


def chart_images(cmp: Comparison, names: Iterable[str] | None = None, dpi: int = 110) -> dict[str, bytes]:
    """Render the comparison's charts to PNG bytes, without pyplot's global state."""
    from matplotlib.figure import Figure

    from . import plots

    out = {}
    for name in names or plots.CHARTS:
        with plots.style():
            fig = Figure(figsize=getattr(plots, "FIGSIZE", {}).get(name, (8, 4.5)))
            ax = fig.subplots()
            getattr(cmp.plot, name)(ax=ax)
            buf = io.BytesIO()
            fig.savefig(buf, format="png", dpi=dpi, bbox_inches="tight")
        out[name] = buf.getvalue()
    return out


def _charts(images: dict[str, bytes]) -> str:
    return "".join(
        f'<figure><img alt="{_e(name.replace("_", " "))} chart" '
        f'src="data:image/png;base64,{base64.b64encode(png).decode()}"></figure>'
        for name, png in images.items()
    )


# ---------------------------------------------------------------------- documents
def comparison_fragment(cmp: Comparison, *, charts: bool = False, images: dict[str, bytes] | None = None) -> str:
    """The comparison as an HTML fragment (the notebook display): summary, metrics, side by side.

    With ``charts``, the charts are embedded: ``images`` if given (rendered once by the caller),
    else rendered here."""
    summary = "".join(f"<li>{_e(s)}</li>" for s in cmp.summary_text())
    sides = "".join(
        f"<h2>{_e(cmp.label(cmp.base))} → {_e(cmp.label(v.id))}</h2>{_side_by_side(cmp, v.id)}"
        for v in cmp.versions
        if v.id != cmp.base
    )
    if charts and images is None:
        images = chart_images(cmp)
    chart_html = f'<h2>Charts</h2><div class="charts">{_charts(images)}</div>' if charts else ""
    return (
        f"<div class=\"storylens\"><style>{_CSS}</style>"
        f"<h2>What changed</h2><ul>{summary}</ul>"
        f"<h2>Versions side by side: the numbers</h2>{_metrics(cmp)}"
        f"{chart_html}"
        f"<h2>Who speaks</h2>{_speakers(cmp)}{_legend()}{sides}"
        f"<h2>Framing evidence</h2>{_evidence(cmp)}</div>"
    )


def comparison_html(cmp: Comparison, *, images: dict[str, bytes] | None = None) -> str:
    """A complete, self-contained HTML report of a comparison (``images``: charts already rendered)."""
    # A scrape may have lost its headline (the CNN example did): any version's will do.
    title = next((v.title for v in cmp.versions if v.title), cmp.base)
    versions = "".join(
        f"<li>{_e(cmp.label(v.id))}: {_e(v.title or v.id)}"
        f"{' — ' + _e(v.published) if v.published else ''} ({v.word_count} words"
        f"{', base' if v.id == cmp.base else ''})</li>"
        for v in cmp.versions
    )
    return (
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src data:; style-src 'unsafe-inline'\">"
        f"<title>StoryLens: {_e(title)}</title></head><body>"
        f"<h1>StoryLens comparison: {_e(title)}</h1><ul>{versions}</ul>"
        f"{comparison_fragment(cmp, charts=True, images=images)}"
        "<p class=\"muted\">Made with StoryLens. Sentiment: VADER (±0.05 thresholds); frames: codebook cues "
        "(see the evidence); voice share: share of quoted words by speaker group.</p>"
        "</body></html>"
    )
