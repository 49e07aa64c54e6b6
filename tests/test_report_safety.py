"""Scraped text never runs as code: HTML reports and notebook displays escape every article field.

Two layers of checks:

* a structural check (always runs): the report, parsed, holds only the elements and
  attributes the report itself makes (no <script>, no on* handler, no javascript: URL, no
  <svg>/<iframe>, images only as embedded PNGs), and every hostile string is there as *text*;
* a headless Chromium check (skipped cleanly without a chromium binary): the report is
  opened in a real browser and no payload runs. The report carries a Content-Security-Policy
  that would block inline scripts by itself, so the browser also opens a copy *without* it, with
  a trusted probe script that proves JavaScript ran: escaping alone must keep the payloads inert.
  Notebook displays (``_repr_html_``), which get no CSP in Jupyter, are checked the same way.
"""
from __future__ import annotations

import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

import toolkit
from toolkit.load import load_text

# Every payload appends its own marker to the title, so a failure says which one ran.
PAYLOADS = {
    "script": "<script>document.title+='PWNED-script'</script>",
    "img": "<img src=x onerror=\"document.title+='PWNED-img'\">",
    "svg": "<svg onload=\"document.title+='PWNED-svg'\"></svg>",
    "link": "<a id=jslink href=\"javascript:void(document.title+='PWNED-link')\">click me</a>",
    "attr": "\" onmouseover=\"document.title+='PWNED-attr'\" x=\"",
    "iframe": "<iframe srcdoc=\"&lt;script&gt;parent.document.title+='PWNED-iframe'&lt;/script&gt;\"></iframe>",
    "body": "</td></tr></table></div><body onload=\"document.title+='PWNED-body'\">",
    "plain": "<script>document.title='PWNED'</script>",
}
ALL = " ".join(PAYLOADS.values())
S, I, SVG, A = PAYLOADS["script"], PAYLOADS["img"], PAYLOADS["svg"], PAYLOADS["link"]

#: The one script the browser check adds on purpose: it proves JavaScript ran, and clicks every
#: link (a javascript: link would run then).
PROBE = (
    "<script id=\"sl-probe\">document.documentElement.setAttribute('data-probe','ran');"
    "for (const a of document.querySelectorAll('a')) { try { a.click(); } catch (e) {} }</script>"
)


def _hostile_article(n: int, extra: str = "", outlet: str = "Outlet"):
    text = (
        f"Officials met on Tuesday in the capital. {ALL}\n\n"
        f"The mayor spoke after the meeting {PAYLOADS['plain']} and left.\n\n"
        f"\"We will win {S} the vote,\" said Jane Roe, a professor at a state university.\n\n"
        f"\"We will win the vote,\" said John Doe, a professor at the {S} Institute.\n\n"
        f"The plan {I} is dead, said Mary Major, a lawyer for the city council.\n\n"
        f"The talks, which began in April, are expected to resume next week. {extra}\n\n"
        f"Critics blamed the government {SVG} for the crisis and said it would cost millions {A}.\n"
    )
    return load_text(
        text, id=f"v{n}{PAYLOADS['plain']}{PAYLOADS['attr']}", outlet=f"{outlet} {I}",
        title=f"Title {S}{SVG}{PAYLOADS['attr']}",
    )


@pytest.fixture(scope="module")
def hostile_cmp():
    # Two versions share an outlet, so the report labels them by their (hostile) ids; the third
    # is labelled by its own (hostile) outlet.
    cmp = toolkit.compare([
        _hostile_article(0), _hostile_article(1, f"A local editor added this {A}."),
        _hostile_article(2, f"Another outlet added this {S}.", outlet=f"Other {SVG}"),
    ])
    # The extractors decide what becomes a speaker's name or description; plant hostile ones
    # directly too, so that every field the report shows is exercised whatever they find.
    for v in cmp.versions:
        assert v.quotes, "the hostile article should give quotes (the quote path of the report)"
        for s in v.speakers:
            s.description = f"{s.description} {I}"
        sp = v.speakers[0]
        for q in v.quotes:
            if q.speaker == sp.name:
                q.speaker = f"{sp.name} {S}"
        sp.name = f"{sp.name} {S}"
    return cmp


# ---------------------------------------------------------------------- structural checks
class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self._in_title = False
        self.title = ""

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))
        self._in_title = tag == "title"

    def handle_startendtag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False

    def handle_data(self, data):
        self.text.append(data)
        if self._in_title:
            self.title += data


def parse(html: str) -> _Elements:
    p = _Elements()
    p.feed(html)
    p.close()
    return p


URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "xlink:href", "poster", "background", "srcdoc"}
ALLOWED_TAGS = {
    "html", "head", "meta", "title", "body", "style", "div", "h1", "h2", "h3", "p", "ul", "li", "table",
    "tbody", "thead", "tr", "th", "td", "span", "i", "b", "br", "ins", "del", "figure", "img",
}


def assert_inert(html: str, *, probe: bool = False) -> _Elements:
    """No element, attribute or URL that could run code, except the probe script."""
    doc = parse(html)
    for tag, attrs in doc.elements:
        if probe and tag == "script" and attrs.get("id") == "sl-probe":
            continue
        assert tag in ALLOWED_TAGS, f"unexpected element <{tag} {attrs}>"
        for name, value in attrs.items():
            assert not name.startswith("on"), f"event handler on <{tag}>: {name}={value!r}"
            if name in URL_ATTRIBUTES:
                url = re.sub(r"[\s\x00-\x1f]", "", value or "").lower()
                assert not url.startswith(("javascript:", "vbscript:", "data:text")), f"<{tag} {name}={value!r}>"
        if tag == "img":
            assert (attrs.get("src") or "").startswith("data:image/png;base64,"), attrs
        if tag == "meta" and "http-equiv" in attrs:
            assert attrs["http-equiv"].lower() == "content-security-policy", attrs
    return doc


def test_the_report_holds_no_markup_from_the_article_and_shows_it_as_text(hostile_cmp, tmp_path):
    path = tmp_path / "report.html"
    html = hostile_cmp.to_html(path)
    assert path.read_text("utf-8") == html
    doc = assert_inert(html)
    text = "".join(doc.text)
    # Data is shown, not dropped: the hostile strings are there, literally, as text.
    for payload in (S, I, SVG, PAYLOADS["plain"], PAYLOADS["attr"]):
        assert payload in text
    for v in hostile_cmp.versions:
        assert hostile_cmp.label(v.id) in text
    assert doc.title == "StoryLens: " + hostile_cmp.base_version.title  # the title, literally


def test_notebook_displays_escape_every_field(hostile_cmp):
    frags = {
        "Comparison._repr_html_": hostile_cmp._repr_html_(),
        "Article._repr_html_": hostile_cmp.versions[1]._repr_html_(),
    }
    for name, frag in frags.items():
        doc = assert_inert(frag)
        assert any(S in t for t in doc.text), name


def test_word_diffs_and_quote_highlights_escape_their_text():
    from toolkit.align import word_diff_html
    from toolkit.report import highlight_quotes

    html = word_diff_html(f"Officials met {S} today.", f"Officials met {I} {SVG} on Tuesday.")
    assert_inert(html)
    art = toolkit.analyze(f"\"We will win {S} the vote,\" said Jane Roe, a professor at a state university.", id="t")
    assert art.quotes
    html = highlight_quotes(art, art.paragraphs[0])
    assert_inert(html)
    assert S in "".join(parse(html).text)


def test_the_cli_html_report_of_a_hostile_page_is_inert(tmp_path, capsys):
    from toolkit.cli import main

    data = Path(__file__).parent / "data" / "bad_inputs" / "hostile.html"
    out = tmp_path / "r.html"
    assert main(["compare", str(data), "example:kimt", "--format", "html", "-o", str(out)]) == 0
    assert_inert(out.read_text("utf-8"))


# ---------------------------------------------------------------------- the browser
def _chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        exe = shutil.which(name)
        if exe:
            return exe
    pytest.skip("no chromium binary on this machine (Debian: apt-get install chromium); browser check skipped")


def dump_dom(page: Path, tmp_path: Path) -> str:
    """The DOM after the page loaded and its scripts ran, from headless Chromium (no network)."""
    exe = _chromium()
    profile = tmp_path / f"chromium-profile-{page.stem}"
    cmd = [
        exe, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-extensions", "--no-first-run", "--no-default-browser-check", "--mute-audio",
        f"--user-data-dir={profile}", "--virtual-time-budget=3000", "--dump-dom", page.as_uri(),
    ]
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=180)
    assert r.returncode == 0 and "<html" in r.stdout, f"chromium failed ({r.returncode}): {r.stderr[-2000:]}"
    return r.stdout


def _page(body: str) -> str:
    return f"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>page</title></head><body>{body}{PROBE}</body></html>"


def test_the_browser_check_detects_payloads_that_do_run(tmp_path):
    """A control: the same payloads, unescaped, do run in this browser, so silence below means something."""
    page = tmp_path / "control.html"
    page.write_text(_page(f"<p>{S}{I}{SVG}{A}</p>"), "utf-8")
    doc = parse(dump_dom(page, tmp_path))
    assert any(tag == "html" and attrs.get("data-probe") == "ran" for tag, attrs in doc.elements)
    for marker in ("PWNED-script", "PWNED-img", "PWNED-svg", "PWNED-link"):
        assert marker in doc.title, f"{marker} did not run in the control page: {doc.title!r}"


def _check_browser(page: Path, tmp_path: Path, *, probe: bool) -> None:
    dom = dump_dom(page, tmp_path)
    doc = parse(dom)
    # A payload that ran changed the title; an inert page keeps its own (which may show payloads as text).
    assert doc.title == parse(page.read_text("utf-8")).title, f"a script ran: title is now {doc.title!r}"
    if probe:  # JavaScript did run (the probe's mark is there), and nothing else did
        assert any(t == "html" and a.get("data-probe") == "ran" for t, a in doc.elements), "the probe did not run"
    assert_inert(dom, probe=True)


def _without_csp(html: str) -> str:
    out, n = re.subn(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", html)
    assert n == 1, "the report should carry its Content-Security-Policy"
    return out.replace("</body>", PROBE + "</body>")


def test_a_hostile_report_runs_no_script_in_chromium(hostile_cmp, tmp_path):
    report = tmp_path / "report.html"
    hostile_cmp.to_html(report)
    _check_browser(report, tmp_path, probe=False)  # as shipped, CSP and all
    bare = tmp_path / "report_no_csp.html"
    bare.write_text(_without_csp(report.read_text("utf-8")), "utf-8")
    _check_browser(bare, tmp_path, probe=True)  # escaping alone


def test_notebook_displays_run_no_script_in_chromium(hostile_cmp, tmp_path):
    frags = [hostile_cmp._repr_html_(), hostile_cmp.versions[0]._repr_html_()]
    try:
        from toolkit.explorer import StaticExplorer, highlight_html
    except ImportError:  # being built by another engineer
        pass
    else:
        v = hostile_cmp.versions[0]
        frags.append(highlight_html(v, speaker=v.speakers[0].name, frame="conflict", cmp=hostile_cmp))
        frags.append(StaticExplorer(hostile_cmp, speaker=v.speakers[0].name, note=f"note {S}")._repr_html_())
    page = tmp_path / "notebook.html"
    page.write_text(_page("".join(f"<div>{f}</div>" for f in frags)), "utf-8")
    _check_browser(page, tmp_path, probe=True)
