"""Charts: structure (labels, bar counts, legend entries), the ax contract, and no global side effects."""
from __future__ import annotations

from pathlib import Path

import matplotlib
import pytest

matplotlib.use("Agg", force=False)  # tests only: the library itself never picks a backend

import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.collections import PathCollection  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.patches import Rectangle  # noqa: E402

from toolkit import plots  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def cmp():
    from toolkit.compare import compare

    return compare(["example:cnn", "example:kimt"])


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _ax():
    return Figure().subplots()


def _texts(ax):
    return [t.get_text() for t in ax.texts]


def _legend(ax):
    return [t.get_text() for t in ax.get_legend().get_texts()]


def _bars(ax):
    return [p for p in ax.patches if isinstance(p, Rectangle)]


def _title(ax):
    return ax.get_title(loc="left") or ax.get_title()


# ------------------------------------------------------------------ the contract of every chart


@pytest.mark.parametrize("name", plots.CHARTS)
def test_every_chart_draws_on_the_given_ax_and_returns_it(cmp, name):
    figs = plt.get_fignums()
    ax = _ax()
    out = getattr(cmp.plot, name)(ax=ax)
    assert out is ax
    assert plt.get_fignums() == figs, "drawing on a given ax must not open a pyplot figure"
    assert _title(ax)
    assert ax.get_legend() is not None and _legend(ax)


@pytest.mark.parametrize("name", plots.CHARTS)
def test_every_chart_leaves_rcparams_unchanged(cmp, name):
    before = dict(matplotlib.rcParams)
    getattr(cmp.plot, name)()
    getattr(plots, name)(cmp, ax=_ax())
    assert dict(matplotlib.rcParams) == before


@pytest.mark.parametrize("name", plots.CHARTS)
def test_every_chart_makes_its_own_figure_when_no_ax(cmp, name):
    ax = getattr(cmp.plot, name)()
    assert ax.figure in [plt.figure(n) for n in plt.get_fignums()]


@pytest.mark.parametrize("name", plots.CHARTS)
def test_nothing_is_cut_off_on_a_default_size_figure(cmp, name, tmp_path):
    """The report draws on ``Figure().subplots()`` (6.4 x 4.8 in): every label must fit inside."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    fig = Figure()
    canvas = FigureCanvasAgg(fig)
    ax = fig.subplots()
    getattr(cmp.plot, name)(ax=ax)
    fig.savefig(tmp_path / f"{name}.png")  # lays out and draws
    canvas.draw()
    renderer = canvas.get_renderer()
    box = fig.bbox
    texts = [ax.title, ax._left_title, ax.xaxis.label, ax.yaxis.label, *ax.texts,
             *ax.get_xticklabels(), *ax.get_yticklabels(), *ax.get_legend().get_texts()]
    for t in texts:
        if not t.get_text() or not t.get_visible():
            continue
        ext = t.get_window_extent(renderer)
        assert ext.x0 >= box.x0 - 1 and ext.x1 <= box.x1 + 1, f"{name}: {t.get_text()!r} runs off the side"
        assert ext.y0 >= box.y0 - 1 and ext.y1 <= box.y1 + 1, f"{name}: {t.get_text()!r} runs off the top/bottom"
    assert (tmp_path / f"{name}.png").stat().st_size > 5000


def test_comparison_plots_offers_every_chart(cmp):
    assert isinstance(cmp.plot, plots.ComparisonPlots)
    for name in plots.CHARTS:
        assert callable(getattr(cmp.plot, name))
        assert callable(getattr(plots, name))
    assert set(plots.CHARTS) == {"voice_share", "speakers", "sentiment", "frames", "version_map", "readability"}


def test_library_code_never_picks_a_backend_or_shows():
    import ast

    tree = ast.parse((ROOT / "toolkit" / "plots.py").read_text("utf-8"))
    calls = {
        ast.unparse(node.func) for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
    }
    forbidden = {c for c in calls if c.endswith((".show", ".use", ".rc", ".rcdefaults")) or "rcParams" in c}
    assert not forbidden
    assigned = [
        ast.unparse(t) for node in ast.walk(tree) if isinstance(node, ast.Assign) for t in node.targets
    ]
    assert not [t for t in assigned if "rcParams" in t]
    top_level = [n for n in tree.body if isinstance(n, (ast.Import, ast.ImportFrom))]
    assert not [n for n in top_level if "matplotlib" in ast.unparse(n)], "import matplotlib lazily"


def test_style_sheet_is_shipped_and_applied_only_inside_the_context():
    assert Path(plots.style_path()).is_file()
    before = matplotlib.rcParams["axes.titlelocation"]
    with plots.style():
        assert matplotlib.rcParams["axes.titlelocation"] == "left"
        assert matplotlib.rcParams["axes.prop_cycle"].by_key()["color"][0].upper() in ("#0072B2", "0072B2")
    assert matplotlib.rcParams["axes.titlelocation"] == before


def test_palette_is_okabe_ito_and_series_differ_by_more_than_colour():
    okabe = {c.upper() for c in plots.OKABE_ITO.values()}
    assert {c.upper() for c in plots.VERSION_COLORS} <= okabe
    assert len(set(plots.VERSION_HATCHES)) == len(plots.VERSION_HATCHES)
    assert len(set(plots.VERSION_MARKERS)) == len(plots.VERSION_MARKERS)
    assert len({h for _, h in plots.GROUP_STYLES.values()}) == len(plots.GROUP_STYLES)
    assert len({h for _, h, _ in plots.OP_STYLES.values()}) == len(plots.OP_STYLES)


# ------------------------------------------------------------------ each chart's structure


def test_voice_share_bars_legend_and_labels(cmp):
    ax = cmp.plot.voice_share(ax=_ax())
    table = cmp.groups_table()
    groups = [g for g in plots.GROUP_STYLES if table[table.group == g].share.max() > 0]
    assert _legend(ax) == [g.capitalize() for g in groups]
    assert len(_bars(ax)) == len(groups) * len(cmp.versions)
    ticks = [t.get_text().splitlines()[0] for t in ax.get_yticklabels()]
    assert ticks == ["CNN (base)", "KIMT"]
    assert ax.get_xlabel() == "Share of all quoted words (%)"
    assert ax.get_xlim() == (0.0, 100.0)
    # every bar stack adds up to the groups' shares; each group's hatch is its own
    hatches = [p.get_hatch() for p in ax.get_legend().legend_handles]
    assert len(set(hatches)) == len(groups)
    expert = table[(table.group == "expert") & (table.label == "CNN")].share.iloc[0]
    assert any(f"{100 * expert:.0f}%" in t for t in _texts(ax))


def test_voice_share_from_a_table(cmp):
    ax = plots.voice_share(cmp.groups_table(), ax=_ax())
    assert [t.get_text() for t in ax.get_yticklabels()] == ["CNN", "KIMT"]


def test_speakers_rows_bars_and_missing_speakers_named(cmp):
    ax = cmp.plot.speakers(ax=_ax())
    table = cmp.voices_table()
    assert len(_bars(ax)) == len(table)
    names = [t.get_text().splitlines()[0] for t in ax.get_yticklabels()]
    assert set(names) == set(table.speaker)
    assert names[0] == table.sort_values("words", ascending=False).speaker.iloc[0]
    assert _legend(ax) == ["CNN (base)", "KIMT"]
    texts = _texts(ax)
    for vid, only in cmp.speakers_only_in().items():
        for other in cmp.versions:
            if other.id != vid and only:
                assert f"not quoted in {cmp.label(other.id)}" in texts
    row = table.iloc[0]
    assert f"{row.words} words, {row.quotes} quote{'s' if row.quotes != 1 else ''}" in texts
    assert ax.get_xlabel() == "Words quoted"
    ax = cmp.plot.speakers(ax=_ax(), value="quotes", top=2)
    assert ax.get_xlabel() == "Number of quotes" and len(ax.get_yticklabels()) == 2
    with pytest.raises(ValueError):
        cmp.plot.speakers(value="sentences")


def test_sentiment_dots_markers_and_counts(cmp):
    ax = cmp.plot.sentiment(ax=_ax())
    table = cmp.sentiment_table()
    dots = [c for c in ax.collections if isinstance(c, PathCollection)]
    assert len(dots) == len(cmp.versions)
    assert sum(len(c.get_offsets()) for c in dots) == int(table.compound.notna().sum())
    ticks = [t.get_text().splitlines()[0] for t in ax.get_yticklabels()]
    assert ticks[:2] == ["Reporter's narrative", "All quoted sentences"]
    assert set(ticks[2:]) == set(table[table.kind == "speaker"].source)
    assert _legend(ax)[:2] == ["CNN (base)", "KIMT"]
    assert ax.get_xlim() == (-1.0, 1.0)
    narrative = table[(table.source == "narrative") & (table.label == "CNN")].iloc[0]
    assert f"{narrative.compound:+.2f} ({narrative.n} sentences)" in _texts(ax)
    # versions differ by marker shape, not only colour
    assert len({tuple(map(tuple, c.get_paths()[0].vertices.round(3))) for c in dots}) == len(dots)


def test_frames_bars_and_evidence_counts(cmp):
    table = cmp.frames_table()
    n_frames = table.frame.nunique()
    ax = cmp.plot.frames(ax=_ax())
    assert len(_bars(ax)) == n_frames * len(cmp.versions)
    assert [t.get_text().replace("\n", " ") for t in ax.get_yticklabels()][0] == "Responsibility"
    assert "answered yes" in ax.get_xlabel()
    ax = cmp.plot.frames(ax=_ax(), evidence=True, value="density")
    texts = _texts(ax)
    for _, r in table.iterrows():
        assert any(t.endswith(f"(evidence: {r.evidence})") for t in texts)
    assert ax.get_xlabel() == "Cue matches per 1,000 words"
    with pytest.raises(ValueError):
        cmp.plot.frames(value="share")


def test_version_map_blocks_lines_and_legend_counts(cmp):
    ax = cmp.plot.version_map(ax=_ax())
    s = cmp.summary[cmp.versions[1].id]
    assert _legend(ax) == [
        f"kept ({s['kept']})", f"edited ({s['edited']})", f"moved ({s['moved']})",
        f"added ({s['added']})", f"removed ({s['removed']})",
    ]
    blocks = _bars(ax)
    assert len(blocks) == len(cmp.versions[0].body) + len(cmp.versions[1].body)
    assert [t.get_text() for t in ax.get_xticklabels()] == ["CNN (base)", "KIMT"]
    texts = _texts(ax)
    assert sum(t.startswith("removed ¶") for t in texts) >= 1
    assert sum(t.startswith("added ¶") for t in texts) >= 1
    # a line for every kept or edited pair
    assert len(ax.lines) == s["kept"] + s["edited"] + s["moved"]
    plain = cmp.plot.version_map(ax=_ax(), snippets=False)
    assert not any(t.get_text().startswith(("removed", "added")) for t in plain.texts)


def test_version_map_from_a_table():
    import pandas as pd

    t = pd.DataFrame({
        "version": ["a"] * 3 + ["b"] * 4,
        "op": ["same"] * 3 + ["same", "removed", "moved", "added"],
        "base_paragraph": [0, 1, 2, 0, 1, 2, None], "paragraph": [0, 1, 2, 0, None, 2, 1],
    })
    ax = plots.version_map(t, ax=_ax())
    assert _legend(ax) == ["kept (1)", "edited (0)", "moved (1)", "added (1)", "removed (1)"]
    assert len(_bars(ax)) == 3 + 3
    assert [line.get_linestyle() for line in ax.lines].count("--") == 1


def test_readability_bars_values_and_reference(cmp):
    ax = cmp.plot.readability(ax=_ax())
    assert len(_bars(ax)) == 3 * len(cmp.versions)
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Flesch–Kincaid grade", "Gunning fog index", "SMOG index"]
    assert "Flesch reading ease" in ax.get_xlabel()
    table = cmp.readability_table()
    fk = table[(table.metric == "flesch_kincaid_grade") & (table.label == "KIMT")].value.iloc[0]
    assert f"KIMT: {fk:.1f}" in _texts(ax)
    assert _legend(ax)[:2] == ["CNN (base)", "KIMT"]
    ax = cmp.plot.readability(ax=_ax(), metrics=["flesch_reading_ease"])
    assert len(_bars(ax)) == len(cmp.versions)


def test_bad_input_is_explained():
    import pandas as pd

    with pytest.raises(TypeError, match="Comparison or a DataFrame"):
        plots.voice_share([1, 2, 3])
    with pytest.raises(ValueError, match="share"):
        plots.voice_share(pd.DataFrame({"version": ["a"], "group": ["expert"]}))
    with pytest.raises(ValueError, match="op"):
        plots.version_map(pd.DataFrame({"version": ["a"]}))


def test_more_than_two_versions(cmp):
    """Three versions: every chart still draws, each version with its own style."""
    from toolkit.compare import compare
    from toolkit.load import examples

    cnn = examples()["cnn"].read_text("utf-8")
    third = cnn.replace("Lavrov", "Putin")
    import tempfile

    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / "third.txt"
        p.write_text(third, "utf-8")
        three = compare(["example:cnn", "example:kimt", str(p)], outlets=[None, None, "Third"])
    for name in plots.CHARTS:
        ax = getattr(three.plot, name)(ax=_ax())
        assert _title(ax)
    ax = three.plot.readability(ax=_ax())
    assert len(_bars(ax)) == 9
    ax = three.plot.version_map(ax=_ax())  # three or more versions: a grid, one column per version
    assert [t.get_text().splitlines()[0] for t in ax.get_xticklabels()] == ["CNN", "KIMT", "Third"]
    base_rows = len(three.base_version.body)
    assert len([p for p in _bars(ax) if p.get_x() < 0.5]) == base_rows


@pytest.fixture(scope="module")
def long_named_cmp():
    """The seed pair under the long names scraped files get: a folder path as id, a page's whole title line as outlet."""
    from toolkit.compare import compare
    from toolkit.load import load

    long = "Breaking news from the regional affiliate newsroom | Section: World / Asia / Korea | Updated"
    a = load("example:cnn", id="downloads/2018-04-10/" + "kim-steroid-diplomacy-" * 6)
    b = load("example:kimt", outlet=long)
    cmp = compare([a, b])
    for v in cmp.versions:  # a speaker named by a long organisation line
        v.speakers[0].name = "The Office of the Spokesperson of the Ministry of Foreign Affairs of a Country"
    return cmp


@pytest.mark.parametrize("name", plots.CHARTS)
def test_long_version_and_speaker_names_are_cut_on_charts_so_the_plot_keeps_its_size(long_named_cmp, name):
    import warnings

    fig = Figure()
    ax = fig.subplots()
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # "constrained_layout not applied because axes sizes collapsed"
        getattr(long_named_cmp.plot, name)(ax=ax)
        fig.savefig(__import__("io").BytesIO(), format="png", bbox_inches="tight")
    shown = [t.get_text() for t in [*ax.get_xticklabels(), *ax.get_yticklabels()]]
    if ax.get_legend() is not None:
        shown += [t.get_text() for t in ax.get_legend().get_texts()]
    for text in shown:
        first_line = text.splitlines()[0] if text else ""
        assert len(first_line.removesuffix(" (base)")) <= plots.MAX_LABEL, (name, text)
    assert ax.get_position().width > 0.2 and ax.get_position().height > 0.2  # the plot itself still has room
