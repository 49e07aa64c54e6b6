"""Issue 8: the shortcuts of toolkit.clean give exactly what the plain rules give.

Each fast path (per-character case folding, pre-tests that skip a regex, a line's facts
found when first asked, the narrowed search for repeats) is compared here with the plain
code it replaced, on real news paragraphs and on random lines built from the shapes the
rules look for. The Unicode facts the shortcuts rely on are checked for every character.
"""
from __future__ import annotations

import bisect
import random
import re
import sys

import pytest

from toolkit import clean as C
from toolkit.article import Article, Paragraph
from toolkit.datasets import shared_data

CUES = C._cues()
ALL_CHARS = [chr(c) for c in range(sys.maxunicode + 1)]

# --------------------------------------------------------------------------- the plain versions


def plain_norm_words(text: str) -> list[str]:
    data = text.casefold().encode(errors="surrogatepass").translate(
        bytes.maketrans(C._ASCII_MARKS.encode(), b" " * len(C._ASCII_MARKS)))
    for mark in C._OTHER_MARKS:
        data = data.replace(mark.encode(), b" ")
    return data.decode(errors="surrogatepass").split()


def plain_word_counts(text: str) -> tuple[int, int]:
    initials = [w[0] for w in text.split() if w[0].isalnum() or w[-1].isalnum()]
    return len(initials), sum(map(str.islower, initials))


def plain_glued_credit(text: str) -> bool:
    paren = C._TRAILING_PAREN.search(text) if text.rstrip().endswith(")") else None
    if paren and paren.start() > 10 and C._credit_shape("(" + paren.group(1) + ")", CUES):
        return True
    if len(text) > 120:
        text = text[-120:]
    m = C._GLUED_CREDIT.search(text)
    if not m or len(text) - len(m.group(1)) < 20:
        return False
    tail = m.group(1)
    if tail.startswith("Credit"):
        return True
    glue = text[m.start(1) - 1] if m.start(1) > 0 else " "
    return glue in ".!?\"”’" and ("/" in tail or bool(CUES.credit_end.search(tail)))


def plain_interface(line) -> C.Verdict | None:
    words = [w.lower().strip("+") for w in C._LATIN_WORD.findall(C._CAMEL.sub(r" \g<0>", line.text))]
    if not words or len(words) > CUES.interface_max_words or line.strong:
        return None
    if all(w in CUES.interface_words for w in words):
        shown = " ".join(words[:4]).capitalize()
        return C.Verdict("boilerplate", f"button or label made only of page words ('{shown}')", "interface")
    return None


def plain_notice(line) -> C.Verdict | None:
    t, n, low = line.text, line.n, line.text.lower()
    if n <= 60 and (CUES.copyright.hits(line) or low.lstrip("( ").startswith("copyright")):
        return C.Verdict("boilerplate", "copyright notice", "copyright")
    if n <= 80 and CUES.cookie.hits(line):
        return C.Verdict("boilerplate", "cookie notice", "cookie")
    if n <= 60 and CUES.contributor.hits(line):
        return C.Verdict("byline", "credits of the reporters and editors", "contributors")
    if n <= 30 and C._TEMPLATE.match(t):
        return C.Verdict("boilerplate", "template text with its value missing", "template")
    if C._FILE_CAPTION.match(t) or (n <= 80 and CUES.caption.hits(line)):
        return C.Verdict("caption", "photo caption ('FILE -', 'file photo', 'handout')", "caption-phrase")
    if n <= 80 and plain_glued_credit(t):
        return C.Verdict("caption", "photo caption with its credit glued on", "caption-credit")
    if n <= 80 and C._CORRECTION.match(t):
        return C.Verdict("boilerplate", "correction or update note from the editors", "correction")
    hits = CUES.promotion.hits(line)
    if hits and (n <= CUES.promotion_max_words or len(hits) >= 2):
        return C.Verdict("boilerplate", "subscription or promotion message", "promotion")
    return None


def plain_short_shape(line, cues=CUES) -> C.Verdict | None:
    """_short_shape without the first and last character tests."""
    t, n = line.text, line.n
    if C._SCRIPT_HINT.search(t) and C._SCRIPT.search(t):
        return C.Verdict("boilerplate", "script fragment: program code, not prose", "script")
    if C._VIDEO_CLOCK.match(t):
        return C.Verdict("caption", "video caption: a clock time followed by 'Source:'", "video-clock")
    if C._DURATION.match(t):
        return C.Verdict("caption", "video running time", "video-duration")
    if n <= 6 and C._GLUED_DURATION.search(t):
        return C.Verdict("caption", "video date and running time", "video-duration")
    if C._GALLERY.match(t):
        return C.Verdict("boilerplate", "gallery counter ('3 of 12')", "gallery")
    if n <= 8 and "°" in t and C._DEGREES.search(t):
        return C.Verdict("boilerplate", "weather widget", "weather")
    if C._TIME_AGO.match(t) or C._READ_TIME.match(t):
        return C.Verdict("boilerplate", "time label ('15m ago', '1 min read')", "time-label")
    # (_DATE_HINT tries at every character; a clock time or slash date has a digit before ":" or
    # "/", and a month's three letters are in the normalised text: most lines have neither)
    if n <= 20 and (C._DIGIT_HINT.search(t) or any(map(line.norm.__contains__, C._MONTHS))) and C._DATE_HINT.search(t):
        iso, is_stamp = C._parse_date(t)
        if is_stamp:
            return C._stamp_verdict(t, iso)
    v = plain_table_line(line)
    if v:
        return v
    if n <= 15 and "@" in t and C._EMAIL.search(t):
        return C.Verdict("byline", "author contact: an e-mail address", "email")
    if n <= 20 and "by" in line.norm and C._BYLINE.search(t) and C._byline_names_ok(t):  # (cheap test first)
        return C.Verdict("byline", "byline: a line starting with 'By'", "byline")
    if C._DATELINE_ALONE.match(t) or C._PAREN_AGENCY.match(t):
        return C.Verdict("dateline", "dateline standing alone: a place or agency in capitals and a dash",
                         "dateline")
    if C._TWEET_SIGNATURE.match(t):
        return C.Verdict("caption", "signature line of an embedded tweet", "tweet")
    if line.norm in cues.ad_markers:
        return C.Verdict("boilerplate", "advertisement marker", "ad")
    v = C._interface_line(line, cues)
    if v:
        return v
    if n <= 6 and C._SPEAKER.match(t):
        return C.Verdict("heading", "speaker label of a transcript", "speaker")
    credit = n <= 12 and C._credit_shape(t, cues)
    if t.startswith("(") and t.endswith(")") and t.upper() == t and n >= 2 and not credit:
        return C.Verdict("boilerplate", "stage direction in capitals and brackets (transcript note)",
                         "stage-direction")
    if credit and not line.sentence:
        return C.Verdict("caption", "photo credit: names split by '/' or '|', or a credit label", "credit")
    return None


def plain_table_line(line) -> C.Verdict | None:
    """_table_line without the word count test."""
    t, n = line.text, line.n
    if n > 8 or line.sentence:
        return None
    if C._GLUED_HEADER.match(t):  # column names pasted without spaces: "CountyConfirmedDeaths"
        return C.Verdict("boilerplate", "data table row", "table")
    digits = sum(map(str.isdigit, t))
    if digits < 2:
        return None
    letters = sum(map(str.isalpha, t))
    if C._TABLE_ROW.match(t) or C._FIGURE.match(t):
        return C.Verdict("boilerplate", "data table row", "table")
    if digits >= 4 and digits >= 0.4 * (letters + digits):
        return C.Verdict("boilerplate", "data table row", "table")
    return None


def plain_repeats(lines, verdicts) -> None:
    starts, pos = [], 0
    for ln in lines:
        starts.append(pos)
        pos += len(ln.norm) + 1
    joined = "\n".join(ln.norm for ln in lines)

    def others(key, own):
        start = 0
        while (at := joined.find(key, start)) >= 0:
            j = bisect.bisect_right(starts, at) - 1
            if j != own:
                yield j
            start = at + 1

    for ln in lines:
        if verdicts[ln.i] is not None or ln.n < 8:
            continue
        if ln.truncated:
            key = C._norm(ln.text.rstrip(".…\"'”’) "))
            for j in others(key, ln.i):
                if lines[j].norm.startswith(key) and not lines[j].truncated:
                    verdicts[ln.i] = C.Verdict("boilerplate", f"truncated teaser of paragraph {j}", "teaser")
                    break
            continue
        if ln.n > 60:
            continue
        for j in others(ln.norm, ln.i):
            other = lines[j]
            if other.norm == ln.norm:
                if j < ln.i:
                    verdicts[ln.i] = C.Verdict("boilerplate", f"repeats paragraph {j} word for word", "duplicate")
                    break
                continue
            if other.strong and other.n > ln.n and verdicts[j] is None:
                verdicts[ln.i] = C.Verdict("boilerplate", f"pull quote: repeats words of paragraph {j}", "pull-quote")
                break


# --------------------------------------------------------------------------- texts

PIECES = [
    "Trump", "said", "the", "U.S.", "Kim", "“We", "won’t”", "—", "–", "...", "…", "(AP)", "(Reuters)", "Photo:",
    "Getty", "Images", "/", "|", "AFP", "Credit", "CreditMandel", "Ngan/AFP", "Copyright", "copyright", "©", "™",
    "(c)", "All", "rights", "reserved.", "We", "use", "cookies", "subscribe", "to", "our", "newsletter", "Sign",
    "up", "Reporting", "by", "Editing", "contributed", "this", "report.", "FILE", "-", "file", "photo", "In",
    "image", "handout", "Correction:", "Update:", "Editor’s", "note:", "%", "•", "*", "Share", "Email",
    "FacebookTwitter", "Jan.", "Sept", "ſep", "May", "12:30", "5/6/2019", "10", "2019", "68°", "ÉLAN", "İstanbul",
    "Straße", "ﬁnance", "ΣΊΣΥΦΟΣ", "naïve", "x\u0307", "\u00a0", "\u2009", "\u2028", "\x1c", "_", "'quoted'",
    '"', "said.", "asked?", "Yes!", "Click", "here", "check", "back", "later", "Watch", "video", ":", ".", ",",
    "Posted", "Updated", "By", "BY", "—by", "|By", "ⓐ", "½", "٣", "😀", "JAN", "Dec", "march", "3", "PM", "ET",
]


def random_lines(seed: int, count: int) -> list[str]:
    rng = random.Random(seed)
    lines = []
    for _ in range(count):
        words = rng.choices(PIECES, k=rng.randint(0, 40))
        seps = rng.choices([" ", " ", " ", "", "  ", ".", ". "], k=len(words))
        lines.append("".join(w + s for w, s in zip(words, seps)).strip())
    return lines


@pytest.fixture(scope="module")
def news_paragraphs() -> list[str]:
    d = shared_data("polnear/data")
    if d is None:
        pytest.skip("the PolNeAR articles (../shared/data/polnear) are not present on this machine")
    paths = sorted((d / "polnear" / "data").glob("*/text/*.txt"))[::7]
    return [para for path in paths for para in path.read_text(encoding="utf-8").split("\n") if para.strip()]


def lines_of(texts: list[str]) -> list:
    return [C._measure(i, t, CUES) for i, t in enumerate(texts)]


# --------------------------------------------------------------------------- Unicode facts


def test_no_character_case_folds_to_a_mark_and_folding_is_idempotent():
    for char in ALL_CHARS:
        fold = char.casefold()
        if char not in C._MARKS:
            assert not any(c in C._MARKS for c in fold), hex(ord(char))
        assert all(c.casefold() == c for c in fold), hex(ord(char))


def test_marks_lower_case_only_from_themselves():
    for char in ALL_CHARS:
        low = char.lower()
        assert not any(c in C._MARKS for c in low) or low == char, hex(ord(char))
        assert low[:1] not in ("(", " ") or low == char, hex(ord(char))


def test_the_notice_heads_cover_every_character_the_start_shapes_take():
    for char in ALL_CHARS:
        if char.lower()[:1] == "c" or re.match(r"(?i)[cue]", char):
            assert char in C._NOTICE_HEADS, hex(ord(char))


def test_a_month_matched_without_case_is_in_the_normalised_words():
    months = re.compile("(?i)[" + "".join(sorted(set("".join(C._MONTHS)))) + "]")
    for char in ALL_CHARS:
        if months.match(char):
            assert char.casefold() in "".join(C._MONTHS), hex(ord(char))


# --------------------------------------------------------------------------- helpers


def check_lines(texts: list[str]) -> None:
    for t in texts:
        assert C._norm(t) == " ".join(plain_norm_words(t)), repr(t)
        n, lower, words = C._line_words(t)
        assert (n, lower) == plain_word_counts(t), repr(t)
        assert words == plain_norm_words(t), repr(t)
        assert C._glued_credit(t, CUES) == plain_glued_credit(t), repr(t)
        if C._BYLINE.search(t):
            assert "by" in C._norm(t), repr(t)
        if C._DATE_HINT.search(t):
            assert C._DIGIT_HINT.search(t) or any(m in C._norm(t) for m in C._MONTHS), repr(t)
    for ln in lines_of(texts):
        # the facts found when asked equal the eager ones
        assert ln.lower == ln.text.lower()
        t = ln.text
        breaks = C._SENT_BREAK.search(ln.text) is not None
        assert ln.breaks == breaks
        n, lower = plain_word_counts(ln.text)
        prose_case = n > 0 and lower / n >= 0.3
        assert ln.strong == (prose_case and not ln.truncated and (
            (ln.period and n >= 12) or (ln.sentence and breaks and n >= 10) or (ln.leadin and n >= 12))), repr(t)
        assert ln.fragment == (not ln.sentence and not ln.leadin and not (breaks and n >= 12 and prose_case))
        assert ln.quoted == ('"' in t or "“" in t or "”" in t or t[:1] in "'‘" or " '" in t or " ‘" in t)
        assert C._interface_line(ln, CUES) == plain_interface(ln), repr(t)
        assert C._notice(ln, CUES) == plain_notice(ln), repr(t)


def test_short_shapes_equal_the_plain_rules_without_the_date_pre_test(news_paragraphs, monkeypatch):
    lines = lines_of(random_lines(12, 6000) + news_paragraphs)
    fast = [C._short_shape(ln, CUES) for ln in lines]
    monkeypatch.setattr(C, "_DIGIT_HINT", re.compile(""))  # the pre-test always passes
    assert [C._short_shape(ln, CUES) for ln in lines] == fast
    assert sum(v is not None and v.rule.startswith("stamp") for v in fast) >= 20


@pytest.mark.parametrize("text, rule", [
    ("By Jane Doe", "byline"), ("BY JANE DOE", "byline"), ("bY Jane Doe", "byline"), ("Story | BY Kim Lee", "byline"),
    ("POSTED: JAN 8, 2024 6:05 PM", "stamp-published"), ("Updated 5:13 PM ET", "stamp-updated"),
    ("SEP 5, 2019", "stamp"), ("06/01/2018", "stamp"),
    ("CORRECTION: An earlier version misstated the date of the vote.", "correction"),
    ("update: this story has changed since it was first published on the site.", "correction"),
    ("Editor’s note: The author is a former adviser to the campaign of the senator.", "correction"),
    ("( Copyright 2019 The Associated Press. Some rights kept.", "copyright"),
    ("copyright: the Daily Planet", "copyright"), ("FILE - The Capitol is seen at dawn in Washington.", "caption-phrase"),
    ("% of voters", "template"), ("• Name", "template"),
    ("Protesters filled the street near the new addition.CreditCreditMandel Ngan/AFP - Getty Images", "caption-credit"),
    ("The senator smiled as he posed for a new official portrait.Don Emmert / AFP", "caption-credit"),
    ("The senator smiled as he posed for a portrait in his office. (Patrick Semansky/AP)", "caption-credit"),
])
def test_each_pre_tested_rule_still_fires(text, rule):
    line = C._measure(0, text, CUES)
    assert C._local(line, CUES).rule == rule


def test_line_shortcuts_equal_the_plain_rules_on_random_lines():
    check_lines(random_lines(8, 6000))


def test_line_shortcuts_equal_the_plain_rules_on_real_news(news_paragraphs):
    assert len(news_paragraphs) > 1000
    check_lines(news_paragraphs)


def check_repeats(texts: list[str]) -> None:
    lines = lines_of(texts)
    verdicts = [C._local(ln, CUES) for ln in lines]
    fast, plain = list(verdicts), list(verdicts)
    C._repeats(lines, fast)
    plain_repeats(lines, plain)
    assert fast == plain


def test_repeats_equal_the_whole_page_search_on_random_pages():
    rng = random.Random(9)
    pool = random_lines(10, 400)
    for _ in range(400):
        page = rng.choices(pool, k=rng.randint(0, 30))
        # copies, truncated teasers and pull quotes of the page's own lines
        for _ in range(rng.randint(0, 6)):
            src = rng.choice(page) if page else ""
            words = src.split()
            cut = " ".join(words[rng.randint(0, max(0, len(words) - 1)):][:rng.randint(1, 30)])
            page.insert(rng.randint(0, len(page)), rng.choice([src, cut, cut + "...", cut + " …", "“" + cut + "”"]))
        check_repeats(page)


def test_repeats_equal_the_whole_page_search_on_real_news(news_paragraphs):
    rng = random.Random(11)
    for start in range(0, len(news_paragraphs), 25):
        page = news_paragraphs[start:start + 25]
        for _ in range(3):  # a pull quote, a copy and a teaser taken from the page
            words = rng.choice(page).split()
            piece = " ".join(words[len(words) // 3:][:rng.randint(8, 40)])
            page.insert(rng.randint(0, len(page)), rng.choice([piece, piece + "...", page[0]]))
        check_repeats(page)


def test_cleaning_real_news_with_the_plain_rules_gives_the_same_pages(news_paragraphs, monkeypatch):
    pages = [news_paragraphs[i:i + 30] for i in range(0, len(news_paragraphs), 30)]

    def kinds():
        out = []
        for page in pages:
            art = C.clean(Article(id="p", paragraphs=[Paragraph(i, t) for i, t in enumerate(page)]))
            out.append([(p.kind, p.reason) for p in art.paragraphs] + [art.title, art.published])
        return out

    fast = kinds()
    monkeypatch.setattr(C, "_notice", lambda line, cues: plain_notice(line))
    monkeypatch.setattr(C, "_interface_line", lambda line, cues: plain_interface(line))
    monkeypatch.setattr(C, "_repeats", plain_repeats)
    assert kinds() == fast


def test_decimal_digits_are_what_the_patterns_take_for_a_digit():
    digit = re.compile(r"\d")
    for char in ALL_CHARS:
        assert (digit.match(char) is not None) == char.isdecimal(), hex(ord(char))


SHAPED = [
    "02:17 - Source: CNN", "1:27", "12:05:33", "٣:٤٥", "Photo 3 of 12", "image 3 of / 12", "PICTURE12/40", "ſlide 1 of 9",
    "3 / 7", "15m ago", "2 hours ago", "1 min read", "4 minutes", "NEW YORK (AP) —", "CNN  —", "AUSTIN, Texas –",
    "WASHINGTON --", "(CNN)", "(Reuters)", "— Jane Doe (@jdoe) May 3, 2019", "- Kim (@kim)", "MR. SMITH:", "SEN. SMITH:",
    "SEN. KAMALA HARRIS, D-CALIF.:", "CountyConfirmedDeaths", "NewYorkTimesCompany",
]


def test_the_first_and_last_character_tests_hold_for_every_shape_they_guard(news_paragraphs):
    """Each shape of _short_shape guarded by a cheap test matches only lines that pass the test."""
    guarded = [  # (pattern, the test _short_shape makes before it)
        (C._VIDEO_CLOCK, lambda ln: ln.text[:1].isdecimal()),
        (C._DURATION, lambda ln: ln.text[:1].isdecimal()),
        (C._TIME_AGO, lambda ln: ln.text[:1].isdecimal()),
        (C._READ_TIME, lambda ln: ln.text[:1].isdecimal()),
        (C._GALLERY, lambda ln: ln.n <= 4),
        (C._DATELINE_ALONE, lambda ln: ln.text[-1:] in "—–-"),
        (C._PAREN_AGENCY, lambda ln: ln.text[:1] == "("),
        (C._TWEET_SIGNATURE, lambda ln: ln.text[:1] in "—–-"),
        (C._SPEAKER, lambda ln: ln.leadin),
        (C._GLUED_HEADER, lambda ln: ln.n == 1),
    ]
    rng = random.Random(5)
    texts = SHAPED + random_lines(13, 3000) + news_paragraphs
    texts += [" ".join(rng.choices(SHAPED + PIECES, k=rng.randint(1, 4))) for _ in range(20000)]
    lines = lines_of(texts)
    for rx, test in guarded:
        matched = [ln for ln in lines if rx.match(ln.text)]
        assert len(matched) >= 2, rx.pattern
        assert all(test(ln) for ln in matched), rx.pattern


def test_short_shapes_equal_the_rules_without_the_character_tests(news_paragraphs):
    rng = random.Random(6)
    texts = SHAPED + random_lines(14, 3000) + news_paragraphs
    texts += [" ".join(rng.choices(SHAPED + PIECES, k=rng.randint(1, 4))) for _ in range(20000)]
    lines = lines_of(texts)
    fast = [C._short_shape(ln, CUES) for ln in lines]
    assert fast == [plain_short_shape(ln) for ln in lines]
    rules = {v.rule for v in fast if v is not None}
    assert {"video-clock", "video-duration", "gallery", "time-label", "dateline", "tweet", "speaker", "table"} <= rules
