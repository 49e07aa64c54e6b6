"""Separate the story from the page chrome of plain-text scrapes.

A scraped page is a list of paragraphs: the story, and around and inside it the
website (buttons, stamps, captions, widgets, link lists). :func:`clean` gives
every paragraph a ``kind`` and, when it is not story text, a ``reason`` a
student can read. Text is never edited or dropped: a paragraph is only labelled.

The rules read the *shape* of the text, never an outlet's exact strings:

1. **Local shape** - a line alone can give itself away: a clock time followed by
   "Source:" (a video caption), a line that is mostly a date, "By ..." (a
   byline), a place in capitals followed by a dash (a dateline), names split by
   "/" (a photo credit), mostly digits (a data table), degrees (a weather
   widget), only interface words ("Share", "Email"; the list is the editable
   ``toolkit/data/chrome_cues.toml``), code, cookie and copyright notices.
2. **Repetition** - a line that repeats the headline, a teaser that is a
   truncated prefix of a later paragraph, a pull quote that repeats words of
   another paragraph, and text shared with ``siblings`` (other versions of the
   same story: shared text is story, a line only this page has between shared
   paragraphs is a caption).
3. **Position** - the story starts at its dateline or its first run of real
   sentences and ends at its last one. Above it sit the headline, the
   subheadline, bylines, stamps and captions; below it only widgets and link
   lists. Inside it, a short line without sentence punctuation followed by
   story text is a section heading, and runs of such lines are link lists.

When in doubt a paragraph stays body: losing a story paragraph is worse than
keeping a caption.
"""
from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any, Final

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib  # type: ignore[no-redef]

from .article import Article

__all__ = ["Verdict", "clean"]


@dataclass(frozen=True, slots=True)
class Verdict:
    """What a paragraph is and why.

    ``kind`` is one of :data:`toolkit.article.KINDS`; ``reason`` is None for
    body; ``rule`` is a short name of the rule that decided (for debugging and
    for evidence tables).
    """

    kind: str
    reason: str | None = None
    rule: str = "default"


_BODY: Final = Verdict("body")  # (frozen: one is shared by all story paragraphs)


# ---------------------------------------------------------------------------
# Cue lists (toolkit/data/chrome_cues.toml)
# ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Cues:
    interface_words: frozenset[str]
    interface_max_words: int
    ad_markers: frozenset[str]
    list_headers: tuple[str, ...]
    promotion: _PhraseSet
    promotion_max_words: int
    cookie: _PhraseSet
    copyright: _PhraseSet
    credit_end: re.Pattern[str]
    credit_label: re.Pattern[str]
    caption: _PhraseSet
    contributor: _PhraseSet
    bio: _PhraseSet
    vocab: frozenset[str]  # the normalised words any rule looks for in a line (phrase keys, media words)
    # what one of the phrase sets of _notice needs in a line to hit: a key word or a symbol
    notice_keys: frozenset[str]
    notice_symbols: tuple[str, ...]


class _PhraseSet:
    """A list of phrases, looked up by their longest word first (one set intersection per line),
    then confirmed in the text at word boundaries: fast even with many phrases and long pages."""

    def __init__(self, items: Iterable[str]):
        self.by_key: dict[str, list[tuple[str, re.Pattern[str]]]] = {}
        self.symbols: list[str] = []  # phrases without a word, like "©"
        for item in {str.lower(i) for i in items}:
            words = _norm(item).split()
            if not words:
                self.symbols.append(item)
                continue
            exact = re.compile((r"\b" if item[:1].isalnum() else "") + re.escape(item)
                               + (r"\b" if item[-1:].isalnum() else ""))
            self.by_key.setdefault(max(words, key=len), []).append((item, exact))
        self.keys = frozenset(self.by_key)

    def hits(self, line: _Line) -> list[str]:
        """The phrases present in the line."""
        found = [s for s in self.symbols if s in line.lower] if self.symbols else []
        if line.vocab:  # most lines have no word any rule looks for
            for key in self.keys & line.vocab:
                found += [p for p, exact in self.by_key[key] if p in line.lower and exact.search(line.lower)]
        return found


@lru_cache(maxsize=1)
def _cues() -> _Cues:
    raw: dict[str, Any] = tomllib.loads(
        resources.files("toolkit.data").joinpath("chrome_cues.toml").read_text(encoding="utf-8")
    )
    iface, promo, notices = raw["interface"], raw["promotion"], raw["notices"]
    captions, credits = raw["captions"], raw["credits"]
    credit_words = [str.lower(w) for w in captions["credit_words"]]
    phrases = {
        "promotion": _PhraseSet(promo["phrases"]),
        "cookie": _PhraseSet(notices["cookie_phrases"]),
        "copyright": _PhraseSet(notices["copyright_phrases"]),
        "caption": _PhraseSet(captions["caption_phrases"]),
        "contributor": _PhraseSet(credits["contributor_phrases"]),
        "bio": _PhraseSet(credits["bio_words"]),
    }
    return _Cues(
        interface_words=frozenset(str.lower(w) for w in iface["words"]),
        interface_max_words=int(iface.get("max_words", 8)),
        ad_markers=frozenset(_norm(w) for w in iface["ad_markers"]),
        list_headers=tuple(_norm(w) for w in iface["list_headers"]),
        promotion_max_words=int(promo.get("max_words", 40)),
        # a credit word closing a short line: "... / Getty Images", "(Reuters)"
        credit_end=re.compile(
            r"(?:^|[\s/|(,-])(?:" + "|".join(map(re.escape, sorted(credit_words, key=len, reverse=True)))
            + r")\)?\s*$",
            re.IGNORECASE,
        ),
        credit_label=re.compile(
            r"^\W*(?:" + "|".join(map(re.escape, captions["credit_labels"])) + r")(?:\s+by)?\s*:",
            re.IGNORECASE,
        ),
        **phrases,
        vocab=frozenset(_MEDIA_WORDS).union(*(p.keys for p in phrases.values())),
        notice_keys=frozenset().union(*(phrases[k].keys for k in _NOTICE_SETS)),
        notice_symbols=tuple(sym for k in _NOTICE_SETS for sym in phrases[k].symbols),
    )


# the phrase sets _notice looks up
_NOTICE_SETS: Final = ("copyright", "cookie", "contributor", "caption", "promotion")


# ---------------------------------------------------------------------------
# Shapes (compiled once)
# ---------------------------------------------------------------------------

_ALNUM: Final = re.compile(r"[^\W_]")
_WORD: Final = re.compile(r"[^\W_]+(?:['’.-][^\W_]+)*")
# a capital glued to a lower-case letter ("FacebookEmail"); matching the capital itself rather than the
# empty gap before it lets the regex engine skip from capital to capital
_CAMEL: Final = re.compile(r"[A-Z](?<=[a-z][A-Z])")
_LATIN_WORD: Final = re.compile(r"[A-Za-z][A-Za-z'’+-]*")
_NAME_TOKEN: Final = re.compile(r"[\w.'’-]+")
_NAME_LIST_SPLIT: Final = re.compile(r"[,|/—–-]")
_CREDIT_WORD: Final = re.compile(r"[A-Za-z][\w.'’&-]*")
_BY_NAME: Final = re.compile(r"\b(?i:by)\s+([A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){1,2})")
_BIO_START: Final = re.compile(r"^([A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){1,3})\s+(?:is|was|has been|covers|writes)\b")
_NAME_SLASH: Final = re.compile(r"\w\s*[/|]\s*[A-Z]")  # "Joan Solsman/CNET", "Andrew Burton | Getty Images"
# what may follow a sentence's final stop: closing quotes and brackets (and a stray opening quote)
_CLOSERS: Final = "\"'”’»)] “\u00a0"
# a sentence boundary inside a paragraph: "... Lavrov. This week ..." (the stop comes first and the
# letter before it is looked behind at, so the regex engine skips ahead to the next . ! or ?)
_SENT_BREAK: Final = re.compile(r"[.!?](?<=[a-z0-9)\]%].)[\"'”’]?\s+[\"“‘(]?[A-Z]")

# video furniture: "02:17 - Source: CNN", "1:27", "May 31, 201906:37" (date glued to a running time)
_VIDEO_CLOCK: Final = re.compile(r"^\d{1,2}:\d{2}(?::\d{2})?\s*[-–—]\s*Source\s*:", re.IGNORECASE)
_DURATION: Final = re.compile(r"^\d{1,2}:\d{2}(?::\d{2})?$")
_GLUED_DURATION: Final = re.compile(r"(?:19|20)\d\d\d{1,2}:\d{2}$")

_MONTHS: Final = {m: i for i, m in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)}
_MON: Final = (r"(Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?"
        r"|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
_DATE_MDY: Final = re.compile(rf"\b{_MON}\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:,\s*|\s+)((?:19|20)\d\d)\b", re.IGNORECASE)
_DATE_DMY: Final = re.compile(rf"\b(\d{{1,2}})\s+{_MON}\s+((?:19|20)\d\d)\b", re.IGNORECASE)
_DATE_NUM: Final = re.compile(r"\b(\d{1,2})/(\d{1,2})/((?:19|20)\d\d)\b")
_DATE_MD: Final = re.compile(rf"\b{_MON}\s+\d{{1,2}}\b", re.IGNORECASE)
_TIME: Final = re.compile(r"\b(\d{1,2}):(\d{2})(?::\d{2})?\s*([ap])?(?:\.?\s?m\b\.?)?", re.IGNORECASE)
_CLOCK_QUALIFIER: Final = re.compile(r"\d\s*[ap]\.?\s?m|\b[A-Z]{2,4}T?\b", re.IGNORECASE)
_STAMP_LABEL: Final = re.compile(
    r"^\W*(?:(first|originally)\s+)?(posted|published|updated|last updated|modified)\b", re.IGNORECASE
)
# words a date stamp may carry besides the date itself
_STAMP_NOISE: Final = frozenset(
    "posted published updated last modified first originally on at by am pm a m p et est edt ct "
    "cst cdt mt mst mdt pt pst pdt utc gmt bst cet cest ist aest today yesterday ap "
    "mon monday tue tues tuesday wed wednesday thu thur thurs thursday fri friday sat saturday "
    "sun sunday".split()
)
# cheap test before the full date parser: a clock time, a slash date or a month name
_DATE_HINT: Final = re.compile(r"\d:\d\d|\d/\d|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)", re.IGNORECASE)
_DIGIT_HINT: Final = re.compile(r"\d[:/]\d")
_TIME_AGO: Final = re.compile(r"^\d+\s*(?:s|m|h|d|secs?|mins?|minutes?|hrs?|hours?|days?)\s+ago$", re.IGNORECASE)
_READ_TIME: Final = re.compile(r"^\d+\s*(?:min|mins|minutes?)(?:\s+read)?$", re.IGNORECASE)

_GALLERY: Final = re.compile(r"^(?:image|photo|picture|slide)?\s*\d+\s*(?:of\s*/?|/)\s*\d+$", re.IGNORECASE)
_DEGREES: Final = re.compile(r"-?\d+\s*°")
# table rows pasted as text: "Hennepin25628921", "Blue Earth 1578", a glued header
# "CountyConfirmedDeaths", a widget figure "Confirmed Cases: 88721"
_TABLE_ROW: Final = re.compile(r"^[A-Za-z][A-Za-z .'’-]{0,30}?\s?\d[\d,.%]*$")
_GLUED_HEADER: Final = re.compile(r"^(?:[A-Z][a-z]+){3,}$")
_FIGURE: Final = re.compile(r"^[A-Z][A-Za-z ]{2,30}:\s*[\d,.]+%?$")
_SCRIPT: Final = re.compile(
    r"\b(?:window|document)\.\w|\bfunction\s*\(|\bvar\s+\w+\s*=|=>|\}\s*\)\s*;|\.push\(|</?script"
    r"|\bdataLayer\b|\w\s*\|\|\s*\[\]"
)
# a piece of every _SCRIPT shape: each alternative starts with a literal, so the regex engine
# jumps between candidate characters instead of trying _SCRIPT at every one
_SCRIPT_HINT: Final = re.compile(r"window|document|function|var|=>|\}|\.push\(|</?script|dataLayer|\|\|")
_CORRECTION: Final = re.compile(
    r"^(?:correction|clarification|update|updated|editor['’]?s['’]?\s+note)\b[^:]{0,40}:\s*\S", re.IGNORECASE
)
# the first characters _notice's start shapes need: "(" or "c" of copyright, _TEMPLATE's marks,
# _FILE_CAPTION's "F", _CORRECTION's words in either case (no other character lower-cases to c, u or e,
# nor matches them case-insensitively: tests/test_clean_speed.py)
_NOTICE_HEADS: Final = frozenset("(cC%|•·*FuUeE")
_EMAIL: Final = re.compile(r"\b[\w.+-]+@[\w-]+\.[\w.-]+\b")
_TWEET_SIGNATURE: Final = re.compile(r"^[—–-]\s*[^()]{1,60}\(@\w+\)")
_SPEAKER: Final = re.compile(r"^[A-Z][A-Z.'’ -]+(?:,\s*[A-Z][A-Z ]+)?:$")
_BYLINE: Final = re.compile(r"(?:^|[—–|]\s*)by\b\s*(?P<rest>.*)$", re.IGNORECASE)
# "CNN  —", "NEW YORK (AP) —", "AUSTIN, Texas —": a place or agency in capitals and a dash
_DATELINE_ALONE: Final = re.compile(
    r"^[A-Z][A-Z.'’]+(?:[ ,]+[A-Za-z.'’]+){0,4}(?:\s*\([A-Za-z. ]+\))?\s*(?:—|–|--?)$"
)
_PAREN_AGENCY: Final = re.compile(r"^\([A-Z][A-Za-z]{1,15}\)$")
# the same shape opening the lead paragraph: "NEW YORK (AP) — The Trump ...", "(CNN) - Spotify ..."
_DATELINE_PREFIX: Final = re.compile(
    r"^(?:\([A-Z][A-Za-z]{1,15}\)|[A-Z]{2,}[A-Z.'’]*(?:[ ,]+[A-Z][A-Za-z.'’]*){0,4}"
    r"(?:,?\s+[A-Z][a-z]{2,8}\.?\s+\d{1,2})?(?:\s*\([A-Za-z. ]+\))?)\s*(?:—|–|--?)\s+\S"
)
_FILE_CAPTION: Final = re.compile(r"^FILE\s*[-–—]")
_TEMPLATE: Final = re.compile(r"^[%|•·*]\s*\w")
_TRAILING_PAREN: Final = re.compile(r"\(([^()]{3,80})\)\s*$")
_CLOSING_QUOTES: Final = "\"”’"  # the quotes _GLUED_CREDIT lets follow a stop
_GLUED_CREDIT: Final = re.compile(r"[.!?](?<=[a-z0-9)].)[\"”’]?((?:Credit)+[A-Z].{0,80}|[A-Z][^.!?]{0,80})$")
_FUNCTION_WORDS: Final = frozenset(
    "a an the of in on at to for from with by and or but as is are into over after than".split()
)
_PREPOSITIONS: Final = frozenset("for on in at to from with about after over under into".split())
_NAME_CONNECTORS: Final = frozenset("and & of de da del van von la le bin al".split())


_ASCII: Final = bytes(range(128))
# The marks _norm turns into spaces. It works on the UTF-8 bytes: bytes.translate lower-cases
# the ASCII letters and swaps the ASCII marks at a fraction of the cost of str.casefold and a
# regex, and the few distinct non-ASCII characters of a text are folded one by one.
_ASCII_MARKS: Final = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"
_OTHER_MARKS: Final = frozenset("\u00a0‘’“”«»–—―…•·´°©®™§¶")
_MARKS: Final = frozenset(_ASCII_MARKS) | _OTHER_MARKS
_FOLD_ASCII: Final = bytes(
    32 if chr(c) in _ASCII_MARKS else ord(str.lower(chr(c))) if c < 128 else c for c in range(256)
)


def _norm(text: str) -> str:
    """Lower-case words only: the key for comparing paragraphs within and across pages.

    Examples:
        >>> _norm("“Trump’s  plan,” he said…")
        'trump s plan he said'
    """
    return " ".join(_line_words(text)[2])


def _non_ascii(data: bytes) -> set[str]:
    """The distinct non-ASCII characters of UTF-8 ``data`` (a text has few: quotes, dashes, accents)."""
    return set(data.translate(None, _ASCII).decode(errors="surrogatepass"))


# ---------------------------------------------------------------------------
# Per-line features
# ---------------------------------------------------------------------------


@dataclass(slots=True)
class _Line:
    """The shape of one paragraph, measured once."""

    i: int
    text: str
    _lower: str | None  # see lower; None until needed
    norm: str
    n: int  # words
    sentence: bool  # ends like a sentence (. ! ?), not cut off with "..."
    period: bool  # ends with a full stop
    strong: bool  # unmistakably prose: a long sentence or several
    fragment: bool  # no sentence punctuation: a heading, label, link or name
    leadin: bool  # ends with ":" - introduces what follows
    truncated: bool  # ends with "..." or "…"
    _breaks: bool | None  # see breaks; None until needed
    vocab: frozenset[str]  # the distinct normalised words that some rule looks for (_Cues.vocab)

    @property
    def words(self) -> list[str]:
        return _WORD.findall(self.text)

    @property
    def lower(self) -> str:
        """The text in lower case (made when first asked: only lines with a phrase-list word need it)."""
        if self._lower is None:
            self._lower = str.lower(self.text)
        return self._lower

    @property
    def quoted(self) -> bool:
        """The line holds a quotation mark (asked of few lines, so found when asked)."""
        t = self.text
        return '"' in t or "“" in t or "”" in t or t[:1] in "'‘" or " '" in t or " ‘" in t

    @property
    def breaks(self) -> bool:
        """A sentence boundary inside the paragraph (searched for when first asked)."""
        if self._breaks is None:
            self._breaks = _SENT_BREAK.search(self.text) is not None
        return self._breaks


def _shape(char: str) -> bytes | None:
    """``b"a"`` for a lower-case letter, ``b"A"`` another letter or a digit, ``b" "`` white space, ``b"."``
    anything else; None for a lower-case mark that is no letter ("ⓐ")."""
    if char.isalnum():
        return b"a" if char.islower() else b"A"
    if char.islower():
        return None
    return b" " if char.isspace() else b"."


def _char_facts(char: str) -> tuple[bytes, bytes | None, bytes | None]:
    """A non-ASCII character's UTF-8 bytes, its :func:`_shape`, and the bytes :func:`_norm` puts in
    its place: a space for a mark, its case folding, or None when it stays (no character folds to a
    mark: tests/test_clean_speed.py checks every one)."""
    fold = char.casefold()
    replace = b" " if char in _MARKS else None if fold == char else fold.encode(errors="surrogatepass")
    return char.encode(errors="surrogatepass"), _shape(char), replace


# the facts of the non-ASCII characters news text is made of (accented letters, quotes, dashes),
# worked out once; others are worked out when met
_CHARS: Final = {chr(c): _char_facts(chr(c)) for c in (*range(0x80, 0x250), *range(0x2000, 0x2070))}


# UTF-8 text seen as shapes, for _line_words to count words with bytes.count. The bytes of a
# non-ASCII character all become "." unless _line_words swapped the character beforehand.
_SHAPES: Final = b"".join(s if c < 128 and (s := _shape(chr(c))) is not None else b"." for c in range(256))
_MARKS_ONLY: Final = re.compile(rb" \.(?:[^ ]*\.)?(?= )")  # a run neither starting nor ending with a letter or digit


def _line_words(text: str) -> tuple[int, int, list[str]]:
    """Words (runs of non-space that start or end with a letter or digit), those starting in lower
    case, and the words of :func:`_norm`, from one pass over the few distinct non-ASCII characters
    of the text (mostly marks: curly quotes, dashes), each swapped for its shape and its folding.

    Examples:
        >>> _line_words('Kim said "yes" -- (and) no.')[:2], _line_words("Kim’s ‘yes’ — élan")
        ((3, 2), (2, 1, ['kim', 's', 'yes', 'élan']))
    """
    data = text.encode(errors="surrogatepass")
    shaped: bytes | None = data
    folded = data
    if not text.isascii():
        for char in _non_ascii(data):
            utf8, shape, fold = _CHARS.get(char) or _char_facts(char)
            if shape is None:  # a lower-case mark: words are counted on the text itself below
                shaped = None
            elif shape != b"." and shaped is not None:
                shaped = shaped.replace(utf8, shape)
            if fold is not None:
                folded = folded.replace(utf8, fold)
    words = folded.translate(_FOLD_ASCII).decode(errors="surrogatepass").split()
    if shaped is None:
        initials = [w[0] for w in text.split() if w[0].isalnum() or w[-1].isalnum()]
        return len(initials), sum(map(str.islower, initials)), words
    shapes = shaped.translate(_SHAPES)
    first = shapes[:1]  # the first word has no space before it
    lower = shapes.count(b" a") + (first == b"a")
    n = lower + shapes.count(b" A") + (first == b"A")
    marked = shapes.count(b" .") + (first == b".")  # words only if they end with a letter or digit
    if marked:
        n += marked - len(_MARKS_ONLY.findall(b" " + shapes + b" "))
    return n, lower, words


def _measure(i: int, text: str, cues: _Cues) -> _Line:
    t = text.strip()
    n, lower, words = _line_words(t)
    end = t.rstrip(_CLOSERS)
    truncated = end.endswith(("...", "…"))
    sentence = end.endswith((".", "!", "?")) and not truncated
    period = end.endswith(".") and not truncated
    prose_case = n > 0 and lower / n >= 0.3
    leadin = t.endswith(":")
    # An inner sentence boundary changes the shape only of a prose-case sentence of 10 or 11
    # words (or a longer one not ending in a full stop), or of a run of 12+ words without
    # sentence punctuation; for the other lines _Line.breaks searches when a rule asks.
    breaks = _SENT_BREAK.search(t) is not None if prose_case and (
        (sentence and n >= 10 and not (period and n >= 12)) or (not sentence and not leadin and n >= 12)
    ) else None
    strong = prose_case and not truncated and (
        (period and n >= 12) or (sentence and n >= 10 and bool(breaks)) or (leadin and n >= 12)
    )
    # a run of sentences that lost its final stop is still prose
    fragment = not sentence and not leadin and not (n >= 12 and prose_case and bool(breaks))
    return _Line(i, t, None, " ".join(words), n, sentence, period, strong, fragment, leadin, truncated,
                 breaks, cues.vocab.intersection(words))


def _join_broken_sentences(lines: Sequence[_Line]) -> None:
    """A paragraph starting in lower case continues the one above (a link split the sentence)."""
    for a, b in zip(lines, lines[1:]):
        if b.text[:1].islower() and b.n >= 3:
            b.fragment = False
            if a.n >= 3 and a.text[:1].isalnum():
                a.fragment = False


def _is_name_like(line: _Line) -> bool:
    """'Associated Press', 'Paul J. Weber and Geoff Mulvihill, Associated Press', 'Igor Derysh'."""
    tokens = line.text.replace(",", " ").split()
    if not 1 <= len(tokens) <= 10 or str.lower(tokens[0]) in _PREPOSITIONS:
        return False
    capitalised = 0
    for tok in tokens:
        tok = tok.strip("()")
        if str.lower(tok) in _NAME_CONNECTORS or tok in {"|", "/", "-", "—", "–"}:
            continue
        if not tok or not tok[0].isupper() or any(c.isdigit() for c in tok):
            return False
        if not _NAME_TOKEN.fullmatch(tok):
            return False
        capitalised += 1
    if capitalised > 4 and "," not in line.text and " and " not in line.text and "&" not in line.text:
        return False  # five capitalised words in a row without a list are a headline, not names
    return capitalised >= 2 and not line.text.endswith(("!", "?"))


def _is_headline_case(line: _Line) -> bool:
    """'Spotify Backs Away From Controversial Artist Conduct Policy': every word capitalised."""
    alpha = [w for w in line.words if w[0].isalpha()]
    if len(alpha) < 5:
        return False
    lower = [w for w in alpha if not w[0].isupper()]
    if len(lower) > 0.2 * len(alpha) or any(w not in _FUNCTION_WORDS for w in lower):
        return False
    return any(str.lower(w) in _FUNCTION_WORDS and w[0].isupper() for w in alpha[1:])


# ---------------------------------------------------------------------------
# Dates
# ---------------------------------------------------------------------------


def _parse_date(text: str) -> tuple[str | None, bool]:
    """Return (ISO string or None, whether the text is mostly a date stamp).

    Examples:
        >>> _parse_date("Posted: Apr 10, 2018 11:39 AM")
        ('2018-04-10T11:39:00', True)
        >>> _parse_date("1:52 pm CDT, Friday, May 31, 2019")
        ('2019-05-31T13:52:00', True)
        >>> _parse_date("Furman has scheduled a hearing on the request for June 5.")
        (None, False)
    """
    ymd, partial, rest = _take_date(text)
    hm, rest = _take_time(rest)
    # a stamp is the date and time plus at most one other word ("AP", a site name)
    leftover = [w for w in _WORD.findall(rest) if str.lower(w).strip(".") not in _STAMP_NOISE]
    is_stamp = (ymd is not None or partial or hm is not None) and len(leftover) <= 1
    if hm is not None and ymd is None and not partial:
        # a bare clock time is a stamp only with am/pm or a time zone: "5:13 PM ET", not "1:27"
        is_stamp = is_stamp and bool(_CLOCK_QUALIFIER.search(text))
    if ymd is None:
        return None, is_stamp
    iso = f"{ymd[0]:04d}-{ymd[1]:02d}-{ymd[2]:02d}"
    if hm is not None:
        iso += f"T{hm[0]:02d}:{hm[1]:02d}:00"
    return iso, is_stamp


def _take_date(text: str) -> tuple[tuple[int, int, int] | None, bool, str]:
    """(year, month, day) or None, whether a date without a year was seen, and the text without it."""
    for rx, order in ((_DATE_MDY, "mdy"), (_DATE_DMY, "dmy"), (_DATE_NUM, "num")):
        m = rx.search(text)
        if not m:
            continue
        a, b, y = m.groups()
        if order == "mdy":
            mon, day = _MONTHS[a[:3].casefold()], int(b)  # casefold: the regex takes "ſep" as "sep"
        elif order == "dmy":
            mon, day = _MONTHS[b[:3].casefold()], int(a)
        else:  # US order: 06/01/2018
            mon, day = int(a), int(b)
        rest = text[: m.start()] + " " + text[m.end():]
        ok = 1 <= mon <= 12 and 1 <= day <= 31
        return ((int(y), mon, day) if ok else None), False, rest
    m = _DATE_MD.search(text)
    if m:  # "May 30 at 2:44 PM": a stamp, but no year to build a date from
        return None, True, text[: m.start()] + " " + text[m.end():]
    return None, False, text


def _take_time(text: str) -> tuple[tuple[int, int] | None, str]:
    """(hour, minute) on a 24-hour clock or None, and the text without it."""
    m = _TIME.search(text)
    if not m:
        return None, text
    h, mi, ap = int(m.group(1)), int(m.group(2)), str.lower(m.group(3) or "")
    if ap == "p" and h < 12:
        h += 12
    elif ap == "a" and h == 12:
        h = 0
    rest = text[: m.start()] + " " + text[m.end():]
    return ((h, mi) if h < 24 and mi < 60 else None), rest


# ---------------------------------------------------------------------------
# Rules that need only the line itself
# ---------------------------------------------------------------------------


def _local(line: _Line, cues: _Cues) -> Verdict | None:
    """Chrome that gives itself away by its own shape, wherever it sits on the page."""
    if not line.n and not _ALNUM.search(line.text):  # a word has a letter or digit
        return Verdict("boilerplate", "separator or icon: no words", "empty")
    # long prose can only be a notice; the many shapes of short chrome are not worth testing on it
    return (None if line.strong else _short_shape(line, cues)) or _notice(line, cues)


def _short_shape(line: _Line, cues: _Cues) -> Verdict | None:
    """Buttons, stamps, bylines, datelines, credits, tables, widgets: lines that are not prose."""
    t, n = line.text, line.n
    if _SCRIPT_HINT.search(t) and _SCRIPT.search(t):
        return Verdict("boilerplate", "script fragment: program code, not prose", "script")
    # Cheap tests of the first or last character, or of the word count, before the shapes tied
    # to them: most lines fail those and no pattern is touched (a cold cache makes each one
    # costly). \d is what str.isdecimal says: tests/test_clean_speed.py.
    digit = t[:1].isdecimal()  # a clock time, a running time, "15m ago", "1 min read"
    if digit and _VIDEO_CLOCK.match(t):
        return Verdict("caption", "video caption: a clock time followed by 'Source:'", "video-clock")
    if digit and _DURATION.match(t):
        return Verdict("caption", "video running time", "video-duration")
    if n <= 6 and _GLUED_DURATION.search(t):
        return Verdict("caption", "video date and running time", "video-duration")
    if n <= 4 and _GALLERY.match(t):  # ("Photo 3 of 12": at most four words)
        return Verdict("boilerplate", "gallery counter ('3 of 12')", "gallery")
    if n <= 8 and "°" in t and _DEGREES.search(t):
        return Verdict("boilerplate", "weather widget", "weather")
    if digit and (_TIME_AGO.match(t) or _READ_TIME.match(t)):
        return Verdict("boilerplate", "time label ('15m ago', '1 min read')", "time-label")
    # (_DATE_HINT tries at every character; a clock time or slash date has a digit before ":" or
    # "/", and a month's three letters are in the normalised text: most lines have neither)
    if n <= 20 and (_DIGIT_HINT.search(t) or any(map(line.norm.__contains__, _MONTHS))) and _DATE_HINT.search(t):
        iso, is_stamp = _parse_date(t)
        if is_stamp:
            return _stamp_verdict(t, iso)
    v = _table_line(line)
    if v:
        return v
    if n <= 15 and "@" in t and _EMAIL.search(t):
        return Verdict("byline", "author contact: an e-mail address", "email")
    if n <= 20 and "by" in line.norm and _BYLINE.search(t) and _byline_names_ok(t):  # (cheap test first)
        return Verdict("byline", "byline: a line starting with 'By'", "byline")
    if t[-1:] in "—–-" and _DATELINE_ALONE.match(t) or t[:1] == "(" and _PAREN_AGENCY.match(t):
        return Verdict("dateline", "dateline standing alone: a place or agency in capitals and a dash",
                       "dateline")
    if t[:1] in "—–-" and _TWEET_SIGNATURE.match(t):
        return Verdict("caption", "signature line of an embedded tweet", "tweet")
    if line.norm in cues.ad_markers:
        return Verdict("boilerplate", "advertisement marker", "ad")
    v = _interface_line(line, cues)
    if v:
        return v
    if n <= 6 and line.leadin and _SPEAKER.match(t):  # (a label ends with a colon)
        return Verdict("heading", "speaker label of a transcript", "speaker")
    credit = n <= 12 and _credit_shape(t, cues)
    if t.startswith("(") and t.endswith(")") and t.upper() == t and n >= 2 and not credit:
        return Verdict("boilerplate", "stage direction in capitals and brackets (transcript note)",
                       "stage-direction")
    if credit and not line.sentence:
        return Verdict("caption", "photo credit: names split by '/' or '|', or a credit label", "credit")
    return None


def _notice(line: _Line, cues: _Cues) -> Verdict | None:
    """Notices that may run to full sentences: copyright, cookies, credits, captions, promotion."""
    t, n = line.text, line.n
    # Most lines have no key word of any of the phrase sets (nor a symbol like "©"): then none
    # of them can hit, and only the shapes are left to test. (Symbols are marks, which only
    # they themselves lower-case to, so they are looked for in the text as it is; and a
    # prefix of the lower-cased text is the lower-cased prefix: tests/test_clean_speed.py.)
    phrases = not cues.notice_keys.isdisjoint(line.vocab) or any(map(t.__contains__, cues.notice_symbols))
    # The shapes below that are tied to the start of the line ("Copyright", "(c...", a template's
    # "%", "FILE -", "Correction:") can only match a line starting with one of these characters.
    head = t[:1] in _NOTICE_HEADS
    if n <= 60 and (phrases and cues.copyright.hits(line)
                    or head and str.lower(t.lstrip("( ")[:9]).startswith("copyright")):
        return Verdict("boilerplate", "copyright notice", "copyright")
    if n <= 80 and phrases and cues.cookie.hits(line):
        return Verdict("boilerplate", "cookie notice", "cookie")
    if n <= 60 and phrases and cues.contributor.hits(line):
        return Verdict("byline", "credits of the reporters and editors", "contributors")
    if n <= 30 and head and _TEMPLATE.match(t):
        return Verdict("boilerplate", "template text with its value missing", "template")
    if head and _FILE_CAPTION.match(t) or (n <= 80 and phrases and cues.caption.hits(line)):
        return Verdict("caption", "photo caption ('FILE -', 'file photo', 'handout')", "caption-phrase")
    if n <= 80 and _glued_credit(t, cues):
        return Verdict("caption", "photo caption with its credit glued on", "caption-credit")
    if n <= 80 and head and _CORRECTION.match(t):
        return Verdict("boilerplate", "correction or update note from the editors", "correction")
    hits = phrases and cues.promotion.hits(line)
    if hits and (n <= cues.promotion_max_words or len(hits) >= 2):
        return Verdict("boilerplate", "subscription or promotion message", "promotion")
    return None


def _table_line(line: _Line) -> Verdict | None:
    """One row of a table pasted as text; :func:`_table_runs` later counts the rows."""
    t, n = line.text, line.n
    if n > 8 or line.sentence:
        return None
    if n == 1 and _GLUED_HEADER.match(t):  # column names pasted without spaces: "CountyConfirmedDeaths"
        return Verdict("boilerplate", "data table row", "table")
    digits = sum(map(str.isdigit, t))
    if digits < 2:
        return None
    letters = sum(map(str.isalpha, t))
    if _TABLE_ROW.match(t) or _FIGURE.match(t):
        return Verdict("boilerplate", "data table row", "table")
    if digits >= 4 and digits >= 0.4 * (letters + digits):
        return Verdict("boilerplate", "data table row", "table")
    return None


_UPDATED: Final = frozenset({"updated", "last updated", "modified"})


def _stamp_verdict(text: str, iso: str | None) -> Verdict:
    """A date line; its label (Posted/Updated) decides which metadata field it fills."""
    label = _STAMP_LABEL.match(text)
    if label and str.lower(label.group(2)) in _UPDATED:
        use = " (used as the updated date)" if iso else ""
        return Verdict("boilerplate", "posted/updated stamp" + use, "stamp-updated")
    if label:
        use = " (used as the published date)" if iso else ""
        return Verdict("boilerplate", "posted/updated stamp" + use, "stamp-published")
    return Verdict("boilerplate", "date stamp", "stamp")


def _byline_names_ok(text: str) -> bool:
    """After 'By', names (capitalised) - not 'By 2044, whites ...' or 'By the numbers'."""
    m = _BYLINE.search(text)
    after = m.group("rest").strip() if m else ""
    if not after:
        return True
    first = _NAME_LIST_SPLIT.split(after, maxsplit=1)[0]
    toks = first.split()
    return bool(toks) and (toks[0][0].isupper() or "@" in toks[0]) and not any(c.isdigit() for c in first)


def _credit_shape(text: str, cues: _Cues) -> bool:
    """'Lionel Bonaventure / Getty Images', '(Philip Bump/The Washington Post)', 'Photo: ...'."""
    if ":" in text and cues.credit_label.match(text):  # (a label ends with a colon)
        return True
    inner = text.strip("() ")
    words = _CREDIT_WORD.findall(inner)
    if not words or len(words) > 10:
        return False
    small = {"for", "the", "of", "and", "via", "by", "in", "file"}
    names_only = all(w[0].isupper() or str.lower(w) in small for w in words)
    if not names_only:
        return False
    if _NAME_SLASH.search(inner):
        return True
    # "(Reuters)", "Spencer Platt (Getty Images)": an agency word closing a line of names
    return bool(cues.credit_end.search(inner)) and len(words) <= 6 and (
        text.startswith("(") or len(words) >= 3
    )


def _glued_credit(text: str, cues: _Cues) -> bool:
    """'... protested the proposed addition.CreditCreditMandel Ngan/AFP - Getty Images'."""
    # (the cheap test first: most lines do not end with a bracket)
    paren = _TRAILING_PAREN.search(text) if text.rstrip().endswith(")") else None
    if paren and paren.start() > 10 and _credit_shape("(" + paren.group(1) + ")", cues):
        return True  # "... in Washington. (Patrick Semansky/AP)"
    # The glued credit runs to the end of the line without a stop, or starts with "Credit": a
    # line ending in a stop (and maybe closing quotes), as most sentences do, has none.
    if text.rstrip(_CLOSING_QUOTES).endswith((".", "!", "?")) and "Credit" not in text:
        return False
    if len(text) > 120:
        text = text[-120:]
    m = _GLUED_CREDIT.search(text)
    if not m or len(text) - len(m.group(1)) < 20:
        return False
    tail = m.group(1)
    if tail.startswith("Credit"):
        return True
    # the glue point has no space after the full stop: "portrait.Don Emmert / AFP"
    glue = text[m.start(1) - 1] if m.start(1) > 0 else " "
    return glue in ".!?\"”’" and ("/" in tail or bool(cues.credit_end.search(tail)))


def _interface_line(line: _Line, cues: _Cues) -> Verdict | None:
    """A button or label: at most ``interface_max_words`` words, all page words.

    Glued words are split first: 'FacebookEmail' is 'facebook', 'email'.
    """
    if line.strong:
        return None
    # Most lines are no button: their first word (its first part, if glued) is no page word.
    first = _LATIN_WORD.search(line.text)
    if first is None:
        return None
    glued = _CAMEL.search(first.group())
    if str.lower(first.group()[:glued.start() if glued else None]).strip("+") not in cues.interface_words:
        return None
    words: list[str] = []
    # word by word, to stop at the first that is not a page word (most lines are not buttons)
    for m in _LATIN_WORD.finditer(_CAMEL.sub(r" \g<0>", line.text)):
        word = str.lower(m.group()).strip("+")
        if word not in cues.interface_words or len(words) == cues.interface_max_words:
            return None
        words.append(word)
    shown = " ".join(words[:4]).capitalize()
    return Verdict("boilerplate", f"button or label made only of page words ('{shown}')", "interface")


def _is_list_header(line: _Line, cues: _Cues) -> bool:
    return line.n <= 6 and not line.sentence and any(
        line.norm == h or line.norm.startswith(h + " ") for h in cues.list_headers
    )


# ---------------------------------------------------------------------------
# Rules that compare lines: repeats, teasers, pull quotes, runs
# ---------------------------------------------------------------------------


class _Quotable:
    """The paragraphs a pull quote can repeat (strong prose), fewest words first, in one string of
    their normalised texts: a line is looked for only in the paragraphs longer than itself."""

    def __init__(self, lines: Sequence[_Line]):
        self.lines = sorted((ln for ln in lines if ln.strong), key=lambda ln: ln.n)
        self.n = [ln.n for ln in self.lines]
        self.starts: list[int] = []
        pos = 0
        for ln in self.lines:
            self.starts.append(pos)
            pos += len(ln.norm) + 1
        self.text = "\n".join(ln.norm for ln in self.lines)

    def holding(self, key: str, n: int) -> set[int]:
        """Indices of the paragraphs of more than ``n`` words whose normalised text contains ``key``."""
        found = set()
        k = bisect.bisect_right(self.n, n)
        if k < len(self.lines):
            start = self.starts[k]
            while (at := self.text.find(key, start)) >= 0:
                found.add(self.lines[bisect.bisect_right(self.starts, at) - 1].i)
                start = at + 1
        return found


def _repeats(lines: Sequence[_Line], verdicts: list[Verdict | None]) -> None:
    """Truncated teasers, pull quotes and duplicated paragraphs (the later copy)."""
    first: dict[str, int] = {}  # normalised text -> the first paragraph with it
    for ln in lines:
        first.setdefault(ln.norm, ln.i)
    quotable = _Quotable(lines)
    for ln in lines:
        if verdicts[ln.i] is not None or ln.n < 8:
            continue
        if ln.truncated:
            key = _norm(ln.text.rstrip(".…\"'”’) "))
            for other in lines:
                if other.i != ln.i and other.norm.startswith(key) and not other.truncated:
                    verdicts[ln.i] = Verdict("boilerplate", f"truncated teaser of paragraph {other.i}", "teaser")
                    break
            continue
        if ln.n > 60:
            continue
        # the paragraphs that contain this one and could make it a repeat: an earlier copy, or
        # longer prose (the only kinds the loop below acts on), in page order
        found = quotable.holding(ln.norm, ln.n)
        if first[ln.norm] < ln.i:
            found.add(first[ln.norm])
        for j in sorted(found):
            other = lines[j]
            if other.norm == ln.norm:
                if j < ln.i:
                    verdicts[ln.i] = Verdict("boilerplate", f"repeats paragraph {j} word for word", "duplicate")
                    break
                continue
            # the longer paragraph must itself read as story text, or the "quote" is a caption's source
            if other.strong and other.n > ln.n and verdicts[j] is None:
                verdicts[ln.i] = Verdict("boilerplate", f"pull quote: repeats words of paragraph {j}", "pull-quote")
                break


def _video_titles(lines: Sequence[_Line], verdicts: list[Verdict | None]) -> None:
    """The title line of a video sits after its 'Source:' caption or before its running time."""
    for ln in lines:
        v = verdicts[ln.i]
        if v is None:
            continue
        if v.rule == "video-clock" and ln.i + 1 < len(lines):
            nxt = lines[ln.i + 1]
            if verdicts[nxt.i] is None and not nxt.strong and nxt.n <= 15:
                verdicts[nxt.i] = Verdict("caption", "video title: the line after a video caption", "video-title")
        elif v.rule == "video-duration" and ln.i > 0:
            prev = lines[ln.i - 1]
            if verdicts[prev.i] is None and prev.fragment and prev.n <= 15:
                verdicts[prev.i] = Verdict("caption", "video title: the line before its running time",
                                           "video-title")


_MEDIA_WORDS: Final = frozenset({"video", "videos", "playing", "watch", "listen", "audio", "podcast"})


def _credit_neighbours(lines: Sequence[_Line], verdicts: list[Verdict | None]) -> None:
    """The short sentence just above a photo credit (or just below one) is the photo's caption."""
    first_real = next((ln.i for ln in lines if verdicts[ln.i] is None), -1)
    for ln in lines:
        v = verdicts[ln.i]
        if v is None or v.rule not in {"credit", "interface"} or (
            v.rule == "interface" and "caption" not in ln.norm
        ):
            continue
        # between a player label ("Now Playing:") and its credit sits a video's description, however long
        j = ln.i - 1
        if v.rule == "credit" and j > 0 and verdicts[j] is None and (w := verdicts[j - 1]) is not None \
                and w.rule == "interface" and lines[j - 1].vocab & _MEDIA_WORDS:
            verdicts[j] = Verdict("caption", "description of an embedded video, between the player's label "
                                  "and its credit", "video-description")
        for j in (ln.i - 1, ln.i + 1):
            if j == first_real:
                continue
            if 0 <= j < len(lines) and verdicts[j] is None:
                other = lines[j]
                short = other.fragment or (other.n <= 20 and not other.breaks)
                if short and other.n <= 35 and not other.quoted and (j < ln.i or other.fragment) \
                        and not _is_name_like(other):
                    verdicts[j] = Verdict("caption", "photo caption: the text next to a photo credit",
                                          "caption-credit")


def _weather_blocks(lines: Sequence[_Line], verdicts: list[Verdict | None]) -> None:
    """City names and 'Clear' between temperature lines belong to the weather widget."""
    marks = [ln.i for ln in lines if (v := verdicts[ln.i]) is not None and v.rule == "weather"]
    for a, b in zip(marks, marks[1:]):
        if b - a <= 5:
            for j in range(a + 1, b):
                if verdicts[j] is None and lines[j].fragment and lines[j].n <= 4:
                    verdicts[j] = Verdict("boilerplate", "weather widget", "weather")
    for a in marks[:1]:  # the first city and sky of the widget sit just before its first temperature
        for j in (a - 1, a - 2):
            if j < 0 or verdicts[j] is not None or not lines[j].fragment or lines[j].n > 4:
                break
            verdicts[j] = Verdict("boilerplate", "weather widget", "weather")


def _table_runs(verdicts: list[Verdict | None]) -> None:
    """Name each table row's run so the reason says how big the pasted table is."""
    i = 0
    while i < len(verdicts):
        if (v := verdicts[i]) is not None and v.rule == "table":
            j = i
            while j < len(verdicts) and (w := verdicts[j]) is not None and w.rule == "table":
                j += 1
            size = j - i
            what = f"data table: {size} lines that are mostly digits" if size > 1 else "a figure from a data widget"
            for k in range(i, j):
                verdicts[k] = Verdict("boilerplate", what, "table")
            i = j
        else:
            i += 1


# ---------------------------------------------------------------------------
# Sibling versions
# ---------------------------------------------------------------------------


_SHINGLE: Final = 5


def _shingles(words: list[str]) -> list[str]:
    return [" ".join(words[i:i + _SHINGLE]) for i in range(len(words) - _SHINGLE + 1)]


class _Version:
    """One sibling page, indexed so a paragraph of ours can be found in it even when lightly edited."""

    def __init__(self, article: Article):
        self.keys: dict[str, int] = {}
        self.shingles: dict[str, int] = {}
        for idx, p in enumerate(article.paragraphs):
            norm = _norm(p.text)
            self.keys.setdefault(norm, idx)
            for sh in _shingles(norm.split()):
                self.shingles.setdefault(sh, idx)

    def find(self, line: _Line) -> int | None:
        """Index of the sibling paragraph carrying this line's text, or None."""
        if line.norm in self.keys:
            return self.keys[line.norm]
        words = line.norm.split()
        if len(words) < 8:
            return None
        hits = [self.shingles.get(sh) for sh in _shingles(words)]
        found = [h for h in hits if h is not None]
        if len(found) < 0.5 * len(hits):
            return None
        return max(set(found), key=found.count)


class _Siblings:
    """The other versions of the story: shared text is story, text only this page has may be chrome.

    Positive evidence (a short line another page also carries is a heading, not a link) uses every
    sibling. Negative evidence (a line the others skip) uses only close versions - siblings that
    carry at least half of this page's prose - because loosely related pages quoting the same
    statement would make every connecting sentence look like chrome.
    """

    def __init__(self, siblings: Sequence[Article]):
        self.versions = [_Version(a) for a in siblings]
        self.close: list[_Version] = []

    @property
    def any(self) -> bool:
        return bool(self.versions)

    def shared(self, line: _Line) -> bool:
        return bool(line.norm) and any(v.find(line) is not None for v in self.versions)

    def choose_close(self, prose: Sequence[_Line]) -> None:
        if prose:
            self.close = [v for v in self.versions
                          if sum(v.find(ln) is not None for ln in prose) >= 0.5 * len(prose)]

    def skipped(self, before: _Line, after: _Line) -> bool:
        """A close version has the paragraphs around a line next to each other: it skipped the line."""
        for v in self.close:
            b, a = v.find(before), v.find(after)
            if b is not None and a is not None and 0 < a - b <= 3:
                return True
        return False


# ---------------------------------------------------------------------------
# Where the story starts and ends
# ---------------------------------------------------------------------------

_HEADER_MARKS: Final = frozenset({"byline", "dateline", "stamp", "stamp-published", "stamp-updated"})


def _transparent(v: Verdict | None) -> bool:
    return v is not None and v.rule == "ad"


def _strong_runs(lines: Sequence[_Line], verdicts: list[Verdict | None]) -> list[list[int]]:
    """Runs of consecutive unmistakable prose (advert markers between them do not break a run)."""
    runs: list[list[int]] = []
    cur: list[int] = []
    for ln in lines:
        v = verdicts[ln.i]
        if _transparent(v):
            continue
        if v is None and ln.strong:
            cur.append(ln.i)
        else:
            if cur:
                runs.append(cur)
            cur = []
    if cur:
        runs.append(cur)
    return runs


def _story_bounds(lines: Sequence[_Line], verdicts: list[Verdict | None]) -> tuple[int, int] | None:
    """First and last paragraph of the story region, or None when the page has no prose."""
    runs = _strong_runs(lines, verdicts)
    if not runs:
        return None
    start = _story_start(lines, verdicts, runs)
    return start, _story_end(lines, verdicts, max(runs[-1][-1], min(start, len(lines) - 1)))


def _story_start(lines: Sequence[_Line], verdicts: list[Verdict | None], runs: list[list[int]]) -> int:
    long_runs = [r for r in runs if len(r) >= 3]
    limit = long_runs[0][0] if long_runs else len(lines) // 2 + 1
    # the dateline opens the story: anything above it is header (a caption may even sit between
    # the dateline and the first run of prose, so look a little past the run's start)
    prose = {i for r in runs for i in r}
    for ln in lines[: limit + 3]:
        v = verdicts[ln.i]
        if v is not None and v.rule == "dateline" and prose & {ln.i + 1, ln.i + 2, ln.i + 3}:
            return ln.i + 1
        if v is None and ln.i in prose and _DATELINE_PREFIX.match(ln.text) and not _FILE_CAPTION.match(ln.text):
            return ln.i
    start = next((r for r in runs if len(r) >= 2), runs[0])[0]
    # bylines and stamps close the header: the story cannot start above them
    marks = [i for i in range(min(limit, len(lines))) if (v := verdicts[i]) is not None
             and v.rule in _HEADER_MARKS]
    if marks and marks[-1] >= start:
        later = [r[0] for r in runs if r[0] > marks[-1]]
        start = later[0] if later else marks[-1] + 1
    # short opening sentences ("This week, the hood came off.") join the run below them
    while start > 1 and verdicts[start - 1] is None and not lines[start - 1].fragment \
            and not _is_headline_case(lines[start - 1]):
        start -= 1
    return start


def _story_end(lines: Sequence[_Line], verdicts: list[Verdict | None], end: int) -> int:
    """The last strong paragraph, extended over the short sentences that still follow it.

    A paragraph cut off with "..." right after the story is a paywall's cut: still story.
    """
    j = end + 1
    while j < len(lines) and (verdicts[j] is None and (not lines[j].fragment or lines[j].truncated)
                              or _transparent(verdicts[j])):
        if verdicts[j] is None:
            end = j
        j += 1
    return end


# ---------------------------------------------------------------------------
# Zones: header above the story, the story, and the tail below it
# ---------------------------------------------------------------------------


def _header(lines: Sequence[_Line], verdicts: list[Verdict | None], start: int, title: list[int]) -> None:
    """Above the story: headline, subheadline, names, a lone place name, captions."""
    titleish = set()
    keys = _title_keys(lines, title)  # (worked out again when the headline is found below)
    for ln in lines[:start]:
        if verdicts[ln.i] is not None:
            continue
        prev = ln.i - 1
        after_title = prev in titleish
        if title and ln.norm in keys:
            verdicts[ln.i] = Verdict("title", "repeats the headline", "title-repeat")
            titleish.add(ln.i)
        elif ln.fragment and ln.i == start - 1 and ln.text.upper() == ln.text and ln.n <= 4:
            verdicts[ln.i] = Verdict("dateline", "place name in capitals standing alone above the story",
                                     "dateline")
        elif not title and 3 <= ln.n <= 30 and (not ln.period or _is_headline_case(ln)) \
                and not _is_name_like(ln) and not ln.leadin:
            verdicts[ln.i] = Verdict("title", "the headline: the first headline-shaped line above the story",
                                     "title")
            title.append(ln.i)
            keys = _title_keys(lines, title)
            titleish.add(ln.i)
        elif after_title and ln.n >= 4 and not _is_name_like(ln):
            verdicts[ln.i] = Verdict("title", "subheadline right under the headline", "deck")
            titleish.add(ln.i)
        elif ln.fragment and _is_name_like(ln):
            verdicts[ln.i] = Verdict("byline", "author or agency name standing alone in the page header",
                                     "byline-name")
        elif ln.fragment and ln.n >= 9 and not _is_headline_case(ln):
            verdicts[ln.i] = Verdict("caption", "long line without a closing full stop in the page header "
                                     "(a photo caption)", "header-caption")
        elif ln.fragment or ln.leadin:
            verdicts[ln.i] = Verdict("boilerplate", "short line in the page header (a label or link)",
                                     "header-line")
        else:
            verdicts[ln.i] = Verdict("caption", "sentence in the page header above where the story starts "
                                     "(a photo caption or promo)", "header-sentence")


def _title_keys(lines: Sequence[_Line], title: list[int]) -> set[str]:
    """The headline as compared: whole, and without a '| Site Name' part."""
    if not title:
        return set()
    text = lines[title[0]].text
    return {_norm(text), _norm(_split_title(text)[0])}


# verdicts that a repeat of the headline overrides: they were guesses made before the headline was known
_TITLE_OVERRIDES: Final = frozenset({"duplicate", "pull-quote", "caption-credit", "header-caption", "header-line",
                              "header-sentence", "caption-shape"})


def _title_repeats(lines: Sequence[_Line], verdicts: list[Verdict | None], title: list[int]) -> None:
    keys = _title_keys(lines, title)
    for ln in lines:
        v = verdicts[ln.i]
        if ln.i != title[0] and ln.norm in keys and (v is None or v.rule in _TITLE_OVERRIDES):
            verdicts[ln.i] = Verdict("title", "repeats the headline", "title-repeat")


def _next_prose(lines: Sequence[_Line], verdicts: list[Verdict | None], i: int, step: int) -> _Line | None:
    """Nearest paragraph that still counts as a story sentence, skipping advert markers and fragments."""
    j = i + step
    while 0 <= j < len(lines):
        v = verdicts[j]
        if v is None and not lines[j].fragment:
            return lines[j]
        if v is not None and not _transparent(v) and v.kind not in {"heading", "caption"}:
            return None
        j += step
    return None


def _story(lines: Sequence[_Line], verdicts: list[Verdict | None], start: int, end: int,
           sib: _Siblings, cues: _Cues) -> None:
    """Inside the story: headings, link lists, captions; everything else stays body."""
    run_of: dict[int, int] = {}  # paragraph -> length of its run of unlabelled short lines
    i = start
    while i <= end:
        if verdicts[i] is None and lines[i].fragment:
            j = i
            while j <= end and verdicts[j] is None and lines[j].fragment:
                j += 1
            for k in range(i, j):
                run_of[k] = j - i
            i = j
        else:
            i += 1
    under_list = False
    for ln in lines[start:end + 1]:
        v = verdicts[ln.i]
        if v is not None:
            if v.rule == "interface" and _is_list_header(ln, cues) or v.rule == "list-header":
                under_list = True
            elif not _transparent(v):
                under_list = under_list and v.kind in {"boilerplate", "caption"}
            continue
        if ln.fragment and not ln.truncated:  # a cut-off sentence is still a sentence
            verdicts[ln.i] = _story_fragment(lines, verdicts, ln, run_of.get(ln.i, 1), under_list, sib, cues)
            if _is_list_header(ln, cues):
                under_list = True
            continue
        under_list = False
        if sib.close and not sib.shared(ln):
            verdicts[ln.i] = _unshared_sentence(lines, verdicts, ln, sib)


def _story_fragment(lines: Sequence[_Line], verdicts: list[Verdict | None], ln: _Line, run: int,
                    under_list: bool, sib: _Siblings, cues: _Cues) -> Verdict | None:
    """A line without sentence punctuation inside the story: heading, link, caption or name."""
    if _is_list_header(ln, cues):
        return Verdict("boilerplate", "label of a list of links", "list-header")
    if under_list:
        return Verdict("boilerplate", "link title under a 'Related'-style label", "link")
    if run >= 3 and not sib.shared(ln):
        if ln.n >= 9 and not _is_headline_case(ln):
            return Verdict("caption", f"photo caption: one of {run} long lines in a row without a closing "
                           "full stop", "caption-run")
        return Verdict("boilerplate", f"list of short link titles ({run} lines without sentence punctuation)",
                       "link-list")
    nxt = lines[ln.i + 1] if ln.i + 1 < len(lines) else None
    if _is_name_like(ln) and nxt is not None and nxt.text.startswith(ln.text):
        return Verdict("byline", "author name above the author's bio", "byline-name")
    if sib.shared(ln):
        return Verdict("heading", "section heading: a short line the other versions share", "heading") \
            if ln.n <= 12 else None
    if _is_headline_case(ln):
        return Verdict("boilerplate", "headline-style line inside the story: a link to another article",
                       "link")
    if ln.n >= 9:
        return Verdict("caption", "photo caption: a long line without a closing full stop", "caption-shape")
    if nxt is not None and verdicts[nxt.i] is None and not nxt.fragment:
        return Verdict("heading", "section heading: a short line without sentence punctuation, "
                       "followed by story text", "heading")
    return Verdict("boilerplate", "short line not followed by story text (a label or link)", "stray-line")


def _unshared_sentence(lines: Sequence[_Line], verdicts: list[Verdict | None], ln: _Line,
                       sib: _Siblings) -> Verdict | None:
    """A line only this version has, where a close version goes straight from the line above to the one below."""
    if ln.truncated:
        return Verdict("boilerplate", "teaser cut off with '...' that the other versions don't carry", "teaser")
    if ln.n > 25 or ln.breaks or ln.quoted or ln.leadin:
        return None
    before = _next_prose(lines, verdicts, ln.i, -1)
    after = _next_prose(lines, verdicts, ln.i, +1)
    if before is not None and after is not None and sib.skipped(before, after):
        return Verdict("caption", "photo caption: a one-sentence line the other versions don't have, "
                       "between paragraphs they share", "caption-sibling")
    return None


def _tail(lines: Sequence[_Line], verdicts: list[Verdict | None], end: int) -> None:
    """Below the story: widgets and link lists; a sentence still next to the story stays body."""
    tail = [ln for ln in lines[end + 1:] if verdicts[ln.i] is None and (ln.fragment or ln.leadin or ln.truncated)]
    listed = {ln.i for ln in tail}
    for ln in tail:
        in_list = ln.i - 1 in listed or ln.i + 1 in listed or ln.i - 2 in listed or ln.i + 2 in listed
        verdicts[ln.i] = Verdict("boilerplate", "list of short link titles after the story ends" if in_list
                                 else "short line after the story ends (a link or widget title)", "tail-line")
    for ln in lines[end + 1:]:
        if verdicts[ln.i] is not None or ln.n > 15:
            continue
        j, k = ln.i - 1, ln.i + 1
        while j >= 0 and _transparent(verdicts[j]):
            j -= 1
        while k < len(lines) and _transparent(verdicts[k]):
            k += 1
        prev_chrome = j >= 0 and (v := verdicts[j]) is not None and v.kind != "heading"
        next_chrome = k >= len(lines) or ((w := verdicts[k]) is not None and w.kind != "heading")
        if prev_chrome and next_chrome:
            verdicts[ln.i] = Verdict("boilerplate", "short sentence inside a block of page widgets after the story",
                                     "widget-sentence")


def _author_names(lines: Sequence[_Line], verdicts: list[Verdict | None]) -> set[str]:
    """Names given in the bylines ('By Jessica Levinson, professor ...' -> 'Jessica Levinson')."""
    return {m.group(1) for ln, v in zip(lines, verdicts) if v is not None and v.kind == "byline"
            for m in [_BY_NAME.search(ln.text)] if m}


def _author_bio(lines: Sequence[_Line], verdicts: list[Verdict | None], cues: _Cues, authors: set[str]) -> None:
    """'Jessica Levinson is a professor at ...' closing the page is about the author, not the story."""
    body = [ln for ln in lines if verdicts[ln.i] is None][-2:]
    for ln in body:
        m = _BIO_START.match(ln.text)
        if not m:
            continue
        name = m.group(1)
        prev = lines[ln.i - 1] if ln.i > 0 else None
        if name in authors or (prev is not None and prev.text == name) or cues.bio.hits(ln):
            verdicts[ln.i] = Verdict("boilerplate", "author's bio after the story", "bio")


# ---------------------------------------------------------------------------
# Metadata
# ---------------------------------------------------------------------------


def _split_title(text: str) -> tuple[str, str | None]:
    """'Headline | Site Name' -> ('Headline', 'Site Name'); 'Opinion |Headline' -> ('Headline', None)."""
    parts = [p.strip() for p in text.split("|") if p.strip()]
    if len(parts) < 2:
        return text.strip(), None
    main = max(parts, key=len)
    site = parts[-1] if parts[-1] is not main and len(parts[-1].split()) <= 4 else None
    return main, site


def _metadata(article: Article, lines: Sequence[_Line], verdicts: list[Verdict], start: int | None,
              title: list[int]) -> None:
    """Headline, site name and dates, from the paragraphs labelled as such."""
    if title:
        headline, site = _split_title(lines[title[0]].text)
        article.title = headline
        if site and article.outlet is None:
            article.outlet = site
    published, updated = _dates(lines, verdicts, start)
    if published:
        article.published = published
    if updated:
        article.updated = updated


def _dates(lines: Sequence[_Line], verdicts: list[Verdict], start: int | None) -> tuple[str | None, str | None]:
    """(published, updated): labelled stamps anywhere, an unlabelled date only above the story."""
    published = updated = None
    label = None  # "Updated" on a line of its own labels the date on the next line
    for ln, v in zip(lines, verdicts):
        if v.rule.startswith("stamp"):
            iso, _ = _parse_date(ln.text)
            kind = {"stamp-updated": "updated", "stamp-published": "published"}.get(v.rule, label)
            if kind is None and (start is None or ln.i < start):
                kind = "published"
            if iso and kind == "updated" and updated is None:
                updated = iso
            elif iso and kind == "published" and published is None:
                published = iso
        m = _STAMP_LABEL.match(ln.text) if v.rule == "interface" else None
        label = None if m is None else "updated" if str.lower(m.group(2)) in _UPDATED else "published"
    return published, updated


# ---------------------------------------------------------------------------
# The entry point
# ---------------------------------------------------------------------------


def clean(article: Article, *, siblings: Sequence[Article] = ()) -> Article:
    """Label every paragraph as story or page chrome, and read the page's metadata.

    Gives every paragraph a kind and, where it is not body, a reason in plain words; fills
    ``article.title`` / ``published`` / ``updated`` (ISO 8601 strings like
    "2018-04-10T11:39:00") and ``outlet`` (only if None and the page says it) from what the
    page shows. Paragraph texts and their number are never changed.

    Args:
        article: The article to clean; it is mutated and returned.
        siblings: Other versions of the same story (other outlets' scrapes). Text repeated
            across versions is evidence of story; a line only this page carries, between
            paragraphs all versions share, is evidence of chrome.

    Returns:
        The same article.

    Examples:
        >>> from toolkit.article import Article, Paragraph
        >>> lines = ["Share", "Storm closes schools across the state",
        ...          "Posted: Apr 10, 2018 11:39 AM", "By Jane Doe",
        ...          "Schools in three counties closed on Tuesday as the storm moved east.",
        ...          "Officials said buses would run again on Thursday if roads were clear.",
        ...          "Advertisement"]
        >>> art = clean(Article(id="demo", paragraphs=[Paragraph(i, t) for i, t in enumerate(lines)]))
        >>> [p.kind for p in art.paragraphs]
        ['boilerplate', 'title', 'boilerplate', 'byline', 'body', 'body', 'boilerplate']
        >>> art.title, art.published
        ('Storm closes schools across the state', '2018-04-10T11:39:00')
        >>> art.paragraphs[6].reason
        'advertisement marker'
    """
    cues = _cues()
    lines = [_measure(i, p.text, cues) for i, p in enumerate(article.paragraphs)]
    _join_broken_sentences(lines)
    verdicts: list[Verdict | None] = [_local(ln, cues) for ln in lines]
    _table_runs(verdicts)
    _weather_blocks(lines, verdicts)
    _video_titles(lines, verdicts)
    _credit_neighbours(lines, verdicts)
    _repeats(lines, verdicts)

    sib = _Siblings(siblings)
    bounds = _story_bounds(lines, verdicts)
    title: list[int] = []
    if bounds is not None:
        start, end = bounds
        if sib.any:
            sib.choose_close([ln for ln in lines[start:end + 1] if verdicts[ln.i] is None and ln.strong])
        _header(lines, verdicts, start, title)
        if title:
            _title_repeats(lines, verdicts, title)
        _story(lines, verdicts, start, end, sib, cues)
        _tail(lines, verdicts, end)
    else:
        # no prose at all (a stub or a paywall): only the headline can still be told apart
        first = next((ln for ln in lines if verdicts[ln.i] is None), None)
        if first is not None and first.fragment and 3 <= first.n <= 30 and not _is_name_like(first):
            verdicts[first.i] = Verdict("title", "the headline: the first headline-shaped line of a page "
                                        "without story sentences", "title")
            title.append(first.i)
    _author_bio(lines, verdicts, cues, _author_names(lines, verdicts))

    final = [v or _BODY for v in verdicts]
    for p, v in zip(article.paragraphs, final):
        p.kind, p.reason = v.kind, v.reason
    _metadata(article, lines, final, bounds[0] if bounds else None, title)
    return article
