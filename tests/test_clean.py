"""Specification of toolkit.clean: which paragraphs of a scraped page are story, and which are page.

Pages are built the way the loader builds them: a text file is split on blank lines into
blocks and every non-empty line of a block is a paragraph; a corpus page's text is split
on " ### ".
"""
from __future__ import annotations

import csv
import random
import re
import sys
from pathlib import Path

import pytest

import toolkit
from toolkit.article import KINDS, Article, Paragraph
from toolkit.clean import clean
from toolkit.datasets import shared_data

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "toolkit" / "data" / "examples"
CNN_FILE = EXAMPLES / "cnn_2018-04-10_kim_steroid_diplomacy.txt"
KIMT_FILE = EXAMPLES / "kimt_2018-04-10_kim_steroid_diplomacy.txt"


def article(lines: list[str], id: str = "t") -> Article:
    return Article(id=id, paragraphs=[Paragraph(i, t) for i, t in enumerate(lines)])


def page_lines(text: str) -> list[str]:
    """Blank lines split blocks; each non-empty line of a block is one paragraph."""
    return [ln.strip() for block in re.split(r"\n\s*\n", text) for ln in block.split("\n") if ln.strip()]


def kind_of(art: Article, prefix: str) -> str:
    """Kind of the first paragraph starting with ``prefix`` (which must exist)."""
    hits = [p for p in art.paragraphs if p.text.startswith(prefix)]
    assert hits, f"no paragraph starts with {prefix!r}"
    return hits[0].kind


def body_starts(art: Article, words: int = 5) -> list[str]:
    return [" ".join(p.text.split()[:words]) for p in art.body]


def assert_well_formed(art: Article) -> None:
    for p in art.paragraphs:
        assert p.kind in KINDS
        if p.kind == "body":
            assert p.reason is None, p
        else:
            assert isinstance(p.reason, str) and p.reason.strip(), p


# ---------------------------------------------------------------------------
# 1. The seed pair: CNN's page and a local TV affiliate's syndicated copy
# ---------------------------------------------------------------------------

# The story paragraphs of CNN's page, by their first five words, in order (read off the file).
CNN_BODY = [
    "A summons from Beijing brought", "From years of isolation to",
    "The latest breakthrough came on", "Lavrov said Moscow wanted to",
    "“We are very happy about", "“October will mark 70 years",
    "Bruce Bechtol, a professor of", "“This is about getting Russia",
    "Since its founding, North Korea", "North Korea spent much of",
    "But the first signs that", "Retired US ambassador William Courtney",
    "“Trump has been quite open", "Trump fired Secretary of State",
    "“Those are two people who", "“The North Koreans are probably",
    "The date for the Trump-Kim", "Trump already has to take",
    "“Russia has far less influence", "“During the Cold War, Russia",
    "That all ended in 1991,", "North Korea’s economy took a",
    "But recently, Russia has been", "Russia forgave Pyongyang’s Soviet-era debt,",
    "For Russia, North Korea is", "“The North Korean regime likely",
    "“For Russia, it’s already overtaxed", "He was referring to the",
    "At the same time, some", "Kim Jong Un is following",
    "“Since January, Kim has put", "Klingner said while Kim’s behavior",
    "Other than signaling his approval", "“I think the people advising",
    "“That is to say, denuclearize", "Bechtol added so far, the",
]

# The affiliate's copy: the same story with the Zakharova paragraphs instead of Lavrov's.
KIMT_BODY = [
    "A summons from Beijing brought", "From years of isolation to",
    "Foreign Minister Ri Yong Ho's", '"There are plans to discuss',
    "Bruce Bechtol, a professor of", '"This is about getting Russia',
    "Since its founding, North Korea", "North Korea spent much of",
    "But the first signs that", "Retired US ambassador William Courtney",
    '"Trump has been quite open', "Trump fired Secretary of State",
    '"Those are two people who', '"The North Koreans are probably',
    "The date for the Trump-Kim", "Trump already has to take",
    '"Russia has far less influence', '"During the Cold War, Russia',
    "That all ended in 1991,", "North Korea's economy took a",
    "But recently, Russia has been", "Russia forgave Pyongyang's Soviet-era debt,",
    "For Russia, North Korea is", '"The North Korean regime likely',
    '"For Russia, it\'s already overtaxed', "He was referring to the",
    "At the same time, some", "Kim Jong Un is following",
    '"Since January, Kim has put', "Klingner said while Kim's behavior",
    "Other than signaling his approval", '"I think the people advising',
    '"That is to say, denuclearize', "Bechtol added so far, the",
]
HEADINGS = ["From self-reliance to sanctions", "Russia’s North Korean dilemma", "Engagement policy on steroids"]


@pytest.fixture(scope="module")
def cnn_lines() -> list[str]:
    return page_lines(CNN_FILE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def kimt_lines() -> list[str]:
    return page_lines(KIMT_FILE.read_text(encoding="utf-8"))


@pytest.fixture
def cnn(cnn_lines, kimt_lines) -> Article:
    return clean(article(cnn_lines, "cnn"), siblings=[article(kimt_lines, "kimt")])


@pytest.fixture
def kimt(cnn_lines, kimt_lines) -> Article:
    return clean(article(kimt_lines, "kimt"), siblings=[article(cnn_lines, "cnn")])


class TestCnnPage:
    def test_every_story_paragraph_and_nothing_else_is_body(self, cnn):
        assert body_starts(cnn) == CNN_BODY

    def test_the_same_without_the_sibling_except_the_photo_caption(self, cnn_lines):
        # Without another version the in-story photo caption reads like a sentence and stays:
        # keeping a caption is the safe mistake.
        alone = clean(article(cnn_lines))
        assert body_starts(alone) == CNN_BODY[:29] + ["In March 27, China's President"] + CNN_BODY[29:]

    def test_section_headings(self, cnn):
        for heading in HEADINGS:
            assert kind_of(cnn, heading) == "heading"

    def test_dateline_standing_alone(self, cnn):
        assert kind_of(cnn, "CNN") == "dateline"

    def test_video_captions_and_their_titles(self, cnn):
        for line in ["02:17 - Source: CNN", "Secret talks underway between US, North Korea",
                     "02:08 - Source: CNN", "How close are China and North Korea?",
                     "02:40 - Source: CNN", "North Korea reopens hotline with South Korea",
                     "01:17 - Source: CNN", "North, South Korea begin peace talks at DMZ",
                     "03:21 - Source: CNN", "Hidden world of N. Korean labor in Russia"]:
            assert kind_of(cnn, line) == "caption", line
        assert "clock time" in cnn.paragraphs[0].reason

    def test_photo_caption_the_other_version_skips(self, cnn):
        p = next(p for p in cnn.paragraphs if p.text.startswith("In March 27, China's President"))
        assert p.kind == "caption"
        assert "other versions" in p.reason

    def test_no_headline_or_date_on_this_page(self, cnn):
        # CNN's scrape starts at a video caption: the page shows neither headline nor date.
        assert cnn.title is None and cnn.published is None and cnn.updated is None

    def test_well_formed(self, cnn):
        assert_well_formed(cnn)


class TestKimtPage:
    def test_every_story_paragraph_and_nothing_else_is_body(self, kimt):
        assert body_starts(kimt) == KIMT_BODY

    def test_same_result_without_the_sibling(self, kimt_lines):
        assert body_starts(clean(article(kimt_lines))) == KIMT_BODY

    def test_headline_and_stamps(self, kimt):
        assert kimt.title == "Readying for Trump, North Korea's Kim engages in steroid diplomacy"
        assert kimt.published == "2018-04-10T11:39:00"
        assert kimt.updated == "2018-04-10T11:39:00"
        assert kind_of(kimt, "Readying for Trump") == "title"
        posted = next(p for p in kimt.paragraphs if p.text.startswith("Posted:"))
        assert posted.kind == "boilerplate" and "published" in posted.reason

    def test_truncated_teaser(self, kimt):
        teaser = kimt.paragraphs[2]
        assert teaser.text.endswith("ta...")
        assert teaser.kind == "boilerplate"
        assert "teaser" in teaser.reason

    def test_streaming_banner(self, kimt):
        assert kind_of(kimt, "STREAMING NOW") == "boilerplate"

    def test_section_headings(self, kimt):
        for heading in ["From self-reliance to sanctions", "Russia's North Korean dilemma",
                        "Engagement policy on steroids"]:
            assert kind_of(kimt, heading) == "heading"

    def test_widgets_after_the_story(self, kimt):
        body = set(p.text for p in kimt.body)
        for chrome in ["Minnesota Coronavirus Cases", "Data is updated nightly.", "Confirmed Cases: 88721",
                       "CountyConfirmedDeaths", "Hennepin25628921", "Lake of the Woods201", "Unassigned230",
                       "Rochester", "Clear", "68° wxIcon", "Hi: 70° Lo: 53°", "Feels Like: 68°", "Mason City",
                       "Latest Video", "Image", "MED CITY ARTS FESTIVAL",
                       "What are the benefits of bringing football back to Minnesota this fall?",
                       "Community Events"]:
            assert chrome not in body, chrome

    def test_reasons_name_the_widget(self, kimt):
        reasons = {p.text: p.reason for p in kimt.paragraphs}
        assert reasons["Hennepin25628921"].startswith("data table: ")
        assert "lines that are mostly digits" in reasons["Hennepin25628921"]
        assert reasons["Feels Like: 68°"] == "weather widget"
        assert reasons["Clear"] == "weather widget"
        assert "link titles" in reasons["MED CITY ARTS FESTIVAL"]

    def test_well_formed(self, kimt):
        assert_well_formed(kimt)


# ---------------------------------------------------------------------------
# 2. Real pages from ~40 outlets (ArticleComparisons, paragraphs joined by " ### ")
# ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def corpus() -> dict[str, dict[str, list[str]]]:
    """{'census'|'spotify': {page id: paragraphs}}."""
    data = shared_data("article-comparisons")
    if data is None:
        pytest.skip("the shared data (../shared/data/article-comparisons) is not present on this machine")
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    pages: dict[str, dict[str, list[str]]] = {}
    for name in ("census", "spotify"):
        with open(data / "article-comparisons" / f"{name}_articles.csv", newline="", encoding="utf-8") as f:
            pages[name] = {row["id"]: row["text"].split(" ### ") for row in csv.DictReader(f)}
    return pages


def cleaned(corpus, topic: str, page: str, **kw) -> Article:
    return clean(article(corpus[topic][page], f"{topic}-{page}"), **kw)


# For each page, the chrome paragraphs (by their opening words, or their whole text when the key
# ends with "$") and their kinds (None: any kind but body); every other paragraph of the page is
# story and must stay body.
CHROME = {
    ("census", "6844"): {  # bostonglobe.com
        "View Comments": "boilerplate", "Immigration activists rallied outside": "caption",
        "Advertisement": "boilerplate", "Follow Us": "boilerplate",
    },
    ("census", "6190"): {  # startribune.com, an AP story
        "Purchase: Order Reprint": "boilerplate", "More from Star Tribune": "boilerplate",
    },
    ("census", "761"): {  # yahoo.com, a Reuters story
        "May 30, 2019": "boilerplate", "By Brendan Pierson": "byline",
        "(Reporting by Brendan Pierson": "byline", "What to Read Next": "boilerplate",
    },
    ("census", "5906"): {  # click2houston.com, a CNN story
        "Challengers of census citizenship question": "title",
        "Supreme Court to decide if question": "title",
        "By Ariane de Vogue": "byline", "Posted: 7:37 PM": "boilerplate", "Updated: 7:37 PM": "boilerplate",
        "Copyright 2019 CNN": "boilerplate", "The Supreme Court ponders whether": "caption",
        "Related stories": "boilerplate", "John Roberts faces another test": "boilerplate",
        "The-CNN-Wire": "boilerplate",
    },
    ("census", "610"): {  # nbcnews.com opinion piece
        "May 31, 2019, 9:52 PM UTC": "boilerplate", "By Jessica Levinson": "byline",
        "Smoking gun evidence of Trump's": "caption", "May 31, 201906:37": "caption",
        "The idea that Ross wants": "boilerplate",  # the pull quote, repeated from a paragraph
        "Jessica Levinson": "byline", "Jessica Levinson is a professor": "boilerplate",
    },
    ("census", "15482"): {  # latimes.com
        "It's obvious the census question": "title", "By Leah Litman": "byline",
        "May 31, 2019 | 12:50 PM": "boilerplate", "Immigration activists rally outside": "caption",
        "Advertisement": "boilerplate", "Share quote & link": "boilerplate",
        # the pull quote, repeating the opening sentence of a paragraph
        "If the past is any indicator, the court is going to discount that evidence and explain why it "
        "doesn’t matter.$": "boilerplate",
    },
    ("spotify", "2313"): {  # foxnews.com
        "Spotify CEO Daniel Ek admits": "title", "By ": "byline", "Email": "boilerplate",
        "Spotify CEO Daniel Ek admitted": "caption", "$": "boilerplate",
        "Spotify Backs Away From Controversial": "boilerplate",
        "Chef David Chang Calls For": "boilerplate",
    },
    ("spotify", "16627"): {  # nbcnews.com
        "Subscribe to Breaking News emails": "boilerplate", "You have successfully subscribed": "boilerplate",
        "Subscribe today": "boilerplate", "Spotify reverses course, will not": "title",
        "Share this": "boilerplate", "The Thread": None,
        # the subheadline, repeating words of a later paragraph
        "The company also clarified that it would still remove music filled with speech that incited "
        "\"hated or violence.\"": "boilerplate",
        "by Claire Atkinson": "byline", "/ Updated": "boilerplate", "5:13 PM ET": "boilerplate",
        "Daniel Ek, CEO of Spotify, speaks": "caption", "Breaking News Emails": "boilerplate",
        "Get breaking news alerts": "boilerplate", "SUBSCRIBE": "boilerplate",
    },
    ("spotify", "1333"): {  # cnn.com
        "Spotify reverses policy weeks after": "title", "By Amir Vera": "byline",
        "Updated 6:35 PM ET": "boilerplate", "Chat with us in Facebook Messenger": "boilerplate",
        "Singer R. Kelly's music was": "caption", "(CNN)": "dateline", "Read More": "boilerplate",
    },
    ("spotify", "14513"): {  # sfgate.com, an AP story under a photo gallery
        "Spotify backtracks on anti-hate policy": "title", "Updated 1:45": "boilerplate",
        "window._taboola": "boilerplate", "Photo: ": "caption", "Image 1of/3": "boilerplate",
        "Close": "boilerplate", "Image 1 of 3": "boilerplate", "Image 2 of 3": "boilerplate",
        "In this June 30, 2013 file photo": "caption", "FILE- This March 20, 2018": "caption",
        "1\xa0/\xa03": "boilerplate", "Back to Gallery": "boilerplate", "Recommended Video:": "boilerplate",
        "Now Playing:": "boilerplate", "Women’s Group Asks Spotify": "caption", "Media: Wibbitz": "caption",
    },
}


@pytest.mark.parametrize("page", sorted(CHROME), ids=lambda k: f"{k[0]}-{k[1]}")
def test_corpus_page(corpus, page):
    art = cleaned(corpus, *page)
    chrome = CHROME[page]
    for p in art.paragraphs:
        # the longest listed prefix decides ("Jessica Levinson is ..." before "Jessica Levinson")
        match = max((key for key in chrome if (p.text == key[:-1] if key.endswith("$") else p.text.startswith(key))),
                    key=len, default=None)
        if match is None:
            assert p.kind == "body", f"story paragraph {p.index} lost: {p.text[:80]!r} ({p.reason})"
        elif chrome[match] is None:
            assert p.kind != "body", f"paragraph {p.index} {p.text[:60]!r} is chrome"
        else:
            assert p.kind == chrome[match], f"paragraph {p.index} {p.text[:60]!r}: {p.kind} ({p.reason})"
    assert_well_formed(art)


def test_corpus_metadata(corpus):
    houston = cleaned(corpus, "census", "5906")
    assert houston.title == "Challengers of census citizenship question cite new evidence"
    assert houston.published == "2019-05-30T19:37:00" and houston.updated == "2019-05-30T19:37:00"
    nbc = cleaned(corpus, "census", "610")
    assert nbc.published == "2019-05-31T21:52:00"
    chron = cleaned(corpus, "census", "12769")  # "Updated" on its own line, the date on the next
    assert chron.updated == "2019-05-31T13:52:00" and chron.published is None
    huff = cleaned(corpus, "spotify", "6000")
    assert huff.published == "2018-06-01T14:57:00"
    assert huff.title == "Spotify Reverses 'Hateful Conduct' Policy, Admitting It Was Too Vague"


def test_site_name_after_the_headline_is_the_outlet(corpus):
    page = cleaned(corpus, "spotify", "19117")
    assert page.title == "Spotify CEO says anti-hate policy was rolled out incorrectly"
    assert page.outlet == "Charlotte Observer"
    # ... the same headline repeated without the site name is a repeat of the headline
    assert [p.kind for p in page.paragraphs if p.text == page.title] == ["title"]
    assert kind_of(page, "NEW YORK") == "dateline"


def test_outlet_already_known_is_kept(corpus):
    art = article(corpus["spotify"]["19117"])
    art.outlet = "charlotteobserver.com"
    assert clean(art).outlet == "charlotteobserver.com"


def test_story_cut_off_by_a_paywall_stays_body(corpus):
    wsj = cleaned(corpus, "census", "5289")
    assert kind_of(wsj, "The decennial population figures") == "body"
    assert kind_of(wsj, "To Read the Full Story") == "boilerplate"


def test_sibling_versions_expose_a_teaser_for_another_story(corpus):
    # The Chicago Tribune's AP copy carries a teaser for another story in its middle. Alone it
    # reads like a cut-off sentence and stays; the other AP copies go straight past it.
    alone = cleaned(corpus, "census", "14730")
    assert kind_of(alone, "Those worries deepened Tuesday") == "body"
    versions = [article(corpus["census"][pid]) for pid in ("8818", "9990", "8200")]
    with_versions = cleaned(corpus, "census", "14730", siblings=versions)
    teaser = next(p for p in with_versions.paragraphs if p.text.startswith("Those worries deepened"))
    assert teaser.kind == "boilerplate" and "other versions" in teaser.reason
    assert [p.text for p in with_versions.body] == [p.text for p in alone.body
                                                    if not p.text.startswith("Those worries")]


def test_loosely_related_pages_do_not_cost_story_paragraphs(corpus):
    # Every Spotify page quotes the same blog post; an outlet's own connecting sentences must not
    # look like captions just because other outlets went from one quote straight to the next.
    pages = corpus["spotify"]
    for pid in pages:
        others = [article(text) for other, text in pages.items() if other != pid]
        alone = cleaned(corpus, "spotify", pid)
        with_others = cleaned(corpus, "spotify", pid, siblings=others)
        assert [p.text for p in with_others.body] == [p.text for p in alone.body], pid


def test_transcripts_keep_their_speakers_turns(corpus):
    npr = cleaned(corpus, "census", "10250")
    assert kind_of(npr, "AUDIE CORNISH, HOST:") == "heading"
    assert kind_of(npr, "WANG: You're welcome.") == "body"
    assert kind_of(npr, "CORNISH: So what are these documents?") == "body"
    assert kind_of(npr, "Copyright ©") == "boilerplate"


# ---------------------------------------------------------------------------
# 3. Chrome of every listed shape, mixed with story paragraphs written for these tests
# ---------------------------------------------------------------------------

STORY = [
    "The city council voted 7-2 on Monday to build a protected bike lane along Harbor Avenue, "
    "ending a two-year fight over parking and deliveries.",
    "The $4.3 million project will remove 112 parking spaces and add a barrier of concrete planters "
    "between cyclists and traffic, according to the transportation department.",
    "“We finally have a plan that keeps people alive,” said council member Dana Ortiz.",
    "Shop owners on the avenue had warned that losing the spaces would cut their sales by a third.",
    "“Nobody asked us,” said Luis Herrera, who has run a bakery there since 1998.",
    "Construction is expected to begin in March and to last about eight months.",
]


def kinds(lines: list[str], **kw) -> list[str]:
    art = clean(article(lines), **kw)
    assert_well_formed(art)
    return [p.kind for p in art.paragraphs]


def reasons(lines: list[str]) -> list[str | None]:
    return [p.reason for p in clean(article(lines)).paragraphs]


def test_clean_story_is_all_body():
    assert kinds(STORY) == ["body"] * len(STORY)


def test_data_table_after_the_story():
    table = ["School Enrollment", "Updated every Monday.", "DistrictStudentsTeachers",
             "Northfield4210312", "Lake View3188245", "Pine Ridge2977201", "St. Anne1033 88"]
    got = clean(article(STORY + table))
    assert [p.kind for p in got.paragraphs] == ["body"] * 6 + ["boilerplate"] * 7
    assert "5 lines that are mostly digits" in got.paragraphs[8].reason


def test_weather_widget():
    widget = ["Duluth", "Cloudy", "54° icon", "Hi: 58° Lo: 41°", "Feels Like: 51°",
              "Ely", "Snow", "31°", "Hi: 33° Lo: 20°"]
    got = clean(article(STORY + widget))
    assert [p.kind for p in got.paragraphs[6:]] == ["boilerplate"] * len(widget)
    assert {p.reason for p in got.paragraphs[6:]} == {"weather widget"}


def test_link_list_after_the_story():
    links = ["Trending Now", "Image", "HIGH SCHOOL HOCKEY SCORES", "Image", "Storm knocks out power to 3,000",
             "Image", "Zoo welcomes twin red pandas"]
    assert kinds(STORY + links) == ["body"] * 6 + ["boilerplate"] * len(links)


def test_link_list_inside_the_story():
    lines = STORY[:3] + ["Read More", "Mayor Unveils New Plan For Downtown Parking Garages",
                         "Police Investigate Break-In At Harbor Avenue Pharmacy",
                         "City Hall To Close Early On Friday For Repairs"] + STORY[3:]
    assert kinds(lines) == ["body"] * 3 + ["boilerplate"] * 4 + ["body"] * 3


def test_share_buttons_and_ad_markers():
    lines = (["Share on Facebook", "Tweet", "Email", "Print", "Harbor Avenue gets its bike lane"]
             + STORY[:3] + ["Advertisement"] + STORY[3:] + ["ADVERTISEMENT", "Share this article"])
    got = kinds(lines)
    assert got[:4] == ["boilerplate"] * 4
    assert got[4] == "title"
    assert got[5:8] == ["body"] * 3 and got[8] == "boilerplate"
    assert got[9:12] == ["body"] * 3 and got[12:] == ["boilerplate"] * 2
    assert reasons(lines)[8] == "advertisement marker"


def test_gallery_counters_and_photo_credits():
    lines = (["Harbor Avenue gets its bike lane", "Photo 2 of 9", "3 of 12",
              "Cyclists ride along Harbor Avenue on Monday.", "Jane Smith / The Daily Ledger"] + STORY)
    assert kinds(lines) == ["title", "boilerplate", "boilerplate", "caption", "caption"] + ["body"] * 6


def test_script_fragment_and_cookie_notice():
    lines = (["window.dataLayer = window.dataLayer || [];"] + STORY +
             ["We use cookies to give you the best experience on our site. By continuing to browse, "
              "you agree to our use of cookies."])
    got = clean(article(lines))
    assert got.paragraphs[0].kind == "boilerplate" and "script" in got.paragraphs[0].reason
    assert got.paragraphs[-1].kind == "boilerplate" and got.paragraphs[-1].reason == "cookie notice"
    assert [p.text for p in got.body] == STORY


def test_repeated_headline_and_truncated_teaser():
    headline = "Council approves Harbor Avenue bike lane after two-year fight"
    teaser = STORY[0][:70] + "..."
    lines = [headline, teaser, "Posted: Jan 8, 2024 6:05 PM", headline] + STORY
    got = clean(article(lines))
    assert [p.kind for p in got.paragraphs] == ["title", "boilerplate", "boilerplate", "title"] + ["body"] * 6
    assert got.paragraphs[1].reason == "truncated teaser of paragraph 4"
    assert got.paragraphs[3].reason == "repeats the headline"
    assert got.title == headline
    assert got.published == "2024-01-08T18:05:00"


def test_bylines():
    for byline in ["By Maria Lopez and Tom Chen, Staff Writers", "By ANNA KIM, Associated Press",
                   "by Sam Reed /", "By"]:
        got = kinds(["Harbor Avenue gets its bike lane", byline] + STORY)
        assert got[1] == "byline", byline
    # a sentence opening with "By" is not a byline
    assert kinds(STORY[:2] + ["By 2030, the city wants bike lanes on every major avenue."] + STORY[2:]) \
        == ["body"] * 7


def test_datelines():
    for dateline in ["DENVER (AP) —", "LONDON —", "(Reuters)", "SAN JUAN, Puerto Rico --"]:
        got = kinds(["Harbor Avenue gets its bike lane", dateline] + STORY)
        assert got[1] == "dateline", dateline
        assert got[2:] == ["body"] * 6
    # a dateline glued to the lead leaves the lead a body paragraph
    glued = ["DENVER (AP) — " + STORY[0]] + STORY[1:]
    assert kinds(glued) == ["body"] * 6


def test_a_date_stamp_in_look_alike_letters_is_read_as_the_date():
    # case-insensitive matching takes the long s "ſ" for "s": the month must be found all the same
    for month in ("Sep", "SEP", "ſep"):
        art = toolkit.analyze(f"Posted {month} 5, 2019\n\n" + "\n\n".join(STORY), id="t")
        assert art.to_dict()["published"] == "2019-09-05", month


def test_captions_above_the_dateline():
    lines = ["Harbor Avenue gets its bike lane", "By Dana Smith", "Posted: 6:05 PM, Jan 8, 2024",
             "Cyclists wait at a light on Harbor Avenue during the morning rush on Monday.",
             "PORTLAND, Maine — " + STORY[0]] + STORY[1:]
    assert kinds(lines) == ["title", "byline", "boilerplate", "caption"] + ["body"] * 6


def test_section_heading():
    lines = STORY[:3] + ["What happens next"] + STORY[3:]
    got = clean(article(lines))
    assert [p.kind for p in got.paragraphs] == ["body"] * 3 + ["heading"] + ["body"] * 3
    assert "followed by story text" in got.paragraphs[3].reason


def test_pull_quote_repeats_words_of_a_paragraph():
    pull_quote = "Shop owners on the avenue had warned that losing the spaces would cut their sales"
    got = clean(article(STORY[:5] + [pull_quote] + STORY[5:]))
    assert got.paragraphs[5].kind == "boilerplate"
    assert got.paragraphs[5].reason == "pull quote: repeats words of paragraph 3"
    # a sentence that merely resembles another paragraph is story
    similar = "Shop owners had warned that losing the spaces would cut their sales."
    assert kinds(STORY[:5] + [similar] + STORY[5:]) == ["body"] * 7


def test_story_paragraphs_that_look_odd_stay_body():
    odd = [
        '"Since January, Kim has put his engagement policy on steroids," he added.',
        '"The council is probably worried that the state will step in and build it anyway."',
        "The city forgave the contractor's debt, writing off $10 billion over 30 years.",
        "Spotify has 75 million paying subscribers, up from 60 million a year ago.",
        "Why now?",
        "Ortiz said: “It was time.”",
        "Three votes were needed.",
    ]
    lines = STORY[:3] + odd + STORY[3:]
    assert kinds(lines) == ["body"] * len(lines)


def test_author_bio_and_contributors_after_the_story():
    lines = (["By Dana Smith"] + STORY +
             ["Associated Press writer Kim Lee in Boston contributed to this report.",
              "Dana Smith is a reporter for The Daily Ledger covering transportation."])
    assert kinds(lines)[-2:] == ["byline", "boilerplate"]


# ---------------------------------------------------------------------------
# 4. Properties: texts and count untouched, every kind valid, every chrome line explained
# ---------------------------------------------------------------------------


def check_invariants(lines: list[str], **kw) -> None:
    art = article(lines)
    before = [(p.index, p.text) for p in art.paragraphs]
    assert clean(art, **kw) is art
    assert [(p.index, p.text) for p in art.paragraphs] == before
    assert_well_formed(art)
    again = [(p.kind, p.reason) for p in art.paragraphs]
    assert [(p.kind, p.reason) for p in clean(art, **kw).paragraphs] == again  # idempotent


def test_invariants_on_every_real_page(corpus, cnn_lines, kimt_lines):
    check_invariants(cnn_lines)
    check_invariants(kimt_lines, siblings=[article(cnn_lines)])
    for topic in corpus.values():
        for lines in topic.values():
            check_invariants(lines)


def test_invariants_on_random_pages():
    rng = random.Random(20180410)
    pieces = STORY + ["Share", "Advertisement", "3 of 12", "By Dana Smith", "LONDON —", "", " ", "…", "|",
                      "Posted: Jan 8, 2024 6:05 PM", "Hennepin25628921", "68°", "a", "(", "Photo: AP",
                      "FILE - x", "Image", "What happens next", "12:01 - Source: KTV", "___", "%", "1:27"]
    for _ in range(300):
        lines = [rng.choice(pieces) for _ in range(rng.randint(0, 25))]
        check_invariants(lines)


try:
    from hypothesis import given, settings
    from hypothesis import strategies as st
except ModuleNotFoundError:  # an optional test dependency
    given = None


@pytest.mark.skipif(given is None, reason="hypothesis is not installed")
def test_invariants_on_arbitrary_text():
    @settings(max_examples=150, deadline=None)
    @given(st.lists(st.text(max_size=120), max_size=20))
    def check(lines):
        check_invariants(lines)

    check()
