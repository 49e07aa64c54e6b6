"""Quotes and who said them: readable rules, no downloaded models.

How a quote is found, in the order a teacher can follow it:

1. **Quotation marks.** Every body paragraph is scanned for quotations in
   straight, curly, typewriter ('' ``) and non-English marks (" “ ” „ « » ‹ ›
   ‘ ’ 「 」). A quotation that is still open at the end of a paragraph runs on
   when the next paragraph opens with a mark (the newspaper convention);
   otherwise the missing closing mark is put back before the first ", said
   X"-like attribution, or at the end of the paragraph. Marks inside a
   quotation are part of it.
2. **Attributions.** Each sentence (read with quotations masked, so a cue word
   inside a quotation never counts) is searched for a *cue* from
   ``data/cues.toml`` ("said", "told", "according to", ...) and the *mention*
   of a speaker next to it: before the cue ("Bechtol told"), after it ("said
   Bruce Klingner, a senior research fellow"), with an appositive in between
   ("Bruce Bechtol, a professor ..., said"), after "according to", as the
   subject of an earlier verb ("Rubio thanked Miami and said ..."), of a
   participle (", adding that ..."), a transcript label ("PENCE: ...") or a
   signature ("“...” — Donald J. Trump"). Negated cues ("did not say") and
   passives ("is said to") report nothing.
3. **Content.** What the cue reports is the *content*: the quotation beside
   it, or the clause after it ("said (that) Moscow wanted ..."), or the clause
   before it ("That all ended in 1991, said Bechtol"). A content that is one
   quotation is a **direct** quote; a quotation inside a longer content is a
   **partial** quote, and the content itself an **indirect** quote (the
   partial quote records it in ``within``, so its words are not counted twice).
4. **Quotations without a cue of their own** continue a speaker: the one
   attributed earlier in the same paragraph, the one of the previous paragraph
   (a quote that runs over paragraphs, a paragraph of quotation, a paragraph
   that ended "Caddell continued:"), or nobody. A quoted fragment in a
   sentence with no cue ("the ideology of “juche,”") is a term or a scare
   quote, not speech: it becomes no Quote (it is listed in
   ``article.meta["quote_marks_not_speech"]`` with the reason).
5. **Speakers.** Mentions are resolved to one speaker per person: a full name
   starts a person, a surname or title + surname ("Ambassador Courtney") finds
   them again, a lone surname is completed from the story ("Lavrov" ->
   "Sergei Lavrov"), "he"/"she" go to the latest speaker of that gender (or the
   latest person named as a subject, after any opening participle: "Speaking
   at a conference, Jane Roe ..."; common first names in ``cues.toml`` hint
   at "he" or "she"), "who" to the noun before it. Titles, of one word or
   several ("Chief Executive", "press secretary": ``title_phrases``), and an
   owner ("Acme’s CEO Jane Roe") describe the speaker and are never part of the
   name. A definite description of one person ("the professor", "its CEO",
   "Acme’s CEO") is the one person the story describes so (``role_synonyms``:
   "CEO" = "chief executive"), and a description opening the story that fits
   nobody is the one person the story quotes by name without ever describing
   them ("Acme’s CEO says ..." then "“...,” Jane Roe said"). Organisations
   ("state news agency TASS", a one-word name the story calls "the company",
   writes with "its" or with "Acme CEO") and unnamed sources ("officials", "a
   spokesperson") are speakers too; "the company" is the one company the story
   quotes by name. Every decision is written into ``Quote.rule``, with the
   words of the attribution as written ("the words, then cue and speaker:
   “said Courtney”; 'Courtney' = William Courtney, named earlier").

Examples:
    >>> from toolkit.load import load_text
    >>> art = load_text('"We will not back down," said Jane Ortiz, a senior fellow at a think tank. '
    ...                 '"Never." She added that the talks had failed.', id="demo")
    >>> [(q.kind, q.text, q.speaker) for q in extract(art)]
    [('direct', 'We will not back down', 'Jane Ortiz'), ('direct', 'Never.', 'Jane Ortiz'),
     ('indirect', 'the talks had failed', 'Jane Ortiz')]
"""
from __future__ import annotations

import bisect
import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from itertools import accumulate
from pathlib import Path
from typing import Any, Final

from .article import Article, Paragraph
from .text import CLOSE_QUOTES, OPEN_QUOTES, sentence_spans, tokenize

try:  # Python 3.11+
    import tomllib
except ModuleNotFoundError:  # pragma: no cover - Python 3.10
    import tomli as tomllib  # type: ignore[no-redef]

__all__ = ["Quote", "extract", "find_quotations", "load_cues", "Cues"]


# --------------------------------------------------------------------------- the result


@dataclass(slots=True)
class Quote:
    """One quote: the words, where they are, who said them and why we think so.

    ``paragraph.text[start:end] == text`` for the paragraph with index
    ``paragraph``. A quotation running over several paragraphs is one Quote per
    paragraph; the later parts name the first part in ``continues``. A partial
    quote inside an indirect quote names that quote in ``within`` (its words
    are already counted there). ``mention_at`` is ``(paragraph, start, end)``
    of the mention, for evaluation against span annotations.
    """

    id: str
    text: str
    kind: str
    paragraph: int
    start: int
    end: int
    speaker: str | None
    mention: str | None
    cue: str | None
    rule: str | None
    continues: str | None = None
    sentiment: dict | None = None
    within: str | None = None
    mention_at: tuple[int, int, int] | None = None
    # The word count and the text it was counted from: voices and sentiment read
    # ``words`` again and again, and tokenising each time was a hot spot. The
    # count is kept with its text so that a quote whose text is changed later
    # (``_finish`` fills it in after creation) is counted again, never stale.
    _words_n: int = field(default=0, init=False, repr=False, compare=False)
    _words_of: str | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def words(self) -> int:
        """Number of word tokens of the quote (``toolkit.text.tokenize``)."""
        if self._words_of is not self.text:
            self._words_n = len(tokenize(self.text))
            self._words_of = self.text
        return self._words_n

    def to_dict(self) -> dict[str, Any]:
        """The quote object of the JSON contract (OUTPUT.md), plus evidence keys."""
        return {
            "id": self.id,
            "text": self.text,
            "kind": self.kind,
            "speaker": self.speaker,
            "mention": self.mention,
            "cue": self.cue,
            "paragraph": self.paragraph,
            "sentiment": self.sentiment,
            "start": self.start,
            "end": self.end,
            "rule": self.rule,
            "continues": self.continues,
            "within": self.within,
            "words": self.words,
        }


# --------------------------------------------------------------------------- the cue lexicon


@dataclass(frozen=True, eq=False)  # hashed by identity, so lookups built from it can be cached
class Cues:
    """The word lists of ``cues.toml``, ready for lookup."""

    forms: dict[str, tuple[str, str]]  # surface form -> (lemma, tier)
    phrases: dict[str, tuple[tuple[str, ...], ...]]  # first word -> cues of several words
    first_words: frozenset[str]  # every word a cue can start with
    addressee: frozenset[str]
    according: tuple[tuple[str, ...], ...]
    between: frozenset[str]
    negations: frozenset[str]
    occasion: frozenset[str]
    time_words: frozenset[str]
    speaker_nouns: frozenset[str]
    titles: frozenset[str]
    descriptors: frozenset[str]
    not_names: frozenset[str]
    org_words: frozenset[str]
    not_labels: frozenset[str]
    first_names: dict[str, str]  # first name -> "f" or "m", a hint for "he"/"she"
    # titles of several words ("chief executive"), by their last word, each as a tuple of words
    title_phrases: dict[str, tuple[tuple[str, ...], ...]] = field(default_factory=dict)
    synonyms: dict[str, tuple[str, ...]] = field(default_factory=dict)  # "ceo" -> ("ceo", "chief executive", ...)
    participles: frozenset[str] = frozenset()
    news_words: frozenset[str] = frozenset()
    org_nouns: frozenset[str] = frozenset()
    company_nouns: frozenset[str] = frozenset()
    org_roles: dict[str, tuple[tuple[str, ...], ...]] = field(default_factory=dict)  # by first word


def load_cues(path: str | os.PathLike[str] | None = None) -> Cues:
    """Read a cue file (default: the bundled ``toolkit/data/cues.toml``).

    Examples:
        >>> cues = load_cues()
        >>> cues.forms["told"], cues.forms["according to"]
        (('tell', 'speech'), ('according to', 'according'))
    """
    if path is None:
        return _default_cues()
    return _parse_cues(Path(path).read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _default_cues() -> Cues:
    return _parse_cues(resources.files("toolkit.data").joinpath("cues.toml").read_text("utf-8"))


def _parse_cues(source: str) -> Cues:
    d = tomllib.loads(source)
    forms: dict[str, tuple[str, str]] = {}
    for tier in ("speech", "reporting", "introducing"):
        for lemma, spelled in d.get(tier, {}).items():
            # "pointed_out" is written with an underscore so that a verb of two words stays one item
            for form in spelled.split():
                forms.setdefault(str.lower(form).replace("_", " "), (lemma.replace("_", " "), tier))
    according = tuple(tuple(str.lower(p).split()) for p in d.get("according", {}).get("phrases", []))
    for p in according:
        forms[" ".join(p)] = (" ".join(p), "according")
    phrases: dict[str, list[tuple[str, ...]]] = {}
    for form in forms:
        if " " in form:
            words = tuple(form.split())
            phrases.setdefault(words[0], []).append(words)
    m = d.get("mentions", {})
    low = lambda xs: frozenset(str.lower(x) for x in xs)  # noqa: E731
    return Cues(
        forms=forms,
        phrases={k: tuple(sorted(v, key=len, reverse=True)) for k, v in phrases.items()},
        first_words=frozenset(f.split()[0] for f in forms),
        addressee=low(d.get("addressee", {}).get("verbs", [])),
        according=according,
        between=low(d.get("between", {}).get("words", [])),
        negations=low(d.get("between", {}).get("negations", [])),
        occasion=low(d.get("occasion", {}).get("nouns", [])),
        time_words=low(d.get("occasion", {}).get("time_words", [])),
        speaker_nouns=low(d.get("speakers", {}).get("nouns", [])),
        titles=frozenset(t.rstrip(".") for t in m.get("titles", [])),
        descriptors=low(m.get("descriptors", [])),
        not_names=frozenset(m.get("not_names", [])),
        org_words=frozenset(m.get("organisation_words", [])),
        not_labels=frozenset(x.upper() for x in m.get("not_labels", [])),
        first_names={**{n: "m" for n in d.get("first_names", {}).get("male", [])},
                     **{n: "f" for n in d.get("first_names", {}).get("female", [])}},
        title_phrases=_by_last_word(m.get("title_phrases", [])),
        synonyms=_synonyms(m.get("role_synonyms", [])),
        participles=frozenset(m.get("participles", [])),
        news_words=frozenset(m.get("news_words", [])),
        org_nouns=low(m.get("organisation_nouns", [])),
        company_nouns=low(m.get("company_nouns", [])),
        org_roles=_by_first_word(m.get("organisation_roles", [])),
    )


def _by_last_word(phrases: list[str]) -> dict[str, tuple[tuple[str, ...], ...]]:
    """Phrases of words, grouped by their last word, longest first."""
    out: dict[str, list[tuple[str, ...]]] = {}
    for phrase in phrases:
        words = tuple(str.lower(phrase).split())
        if words:
            out.setdefault(words[-1], []).append(words)
    return {k: tuple(sorted(v, key=len, reverse=True)) for k, v in out.items()}


def _by_first_word(phrases: list[str]) -> dict[str, tuple[tuple[str, ...], ...]]:
    """Phrases of words, grouped by their first word, longest first."""
    out: dict[str, list[tuple[str, ...]]] = {}
    for phrase in phrases:
        words = tuple(str.lower(phrase).split())
        if words:
            out.setdefault(words[0], []).append(words)
    return {k: tuple(sorted(v, key=len, reverse=True)) for k, v in out.items()}


def _synonyms(groups: list[list[str]]) -> dict[str, tuple[str, ...]]:
    """Each role word -> every word of its group ("ceo" -> ceo, chief executive, chief executive officer)."""
    out: dict[str, tuple[str, ...]] = {}
    for group in groups:
        words = tuple(str.lower(w) for w in group)
        for w in words:
            out[w] = tuple(dict.fromkeys(out.get(w, ()) + words))
    return out


# --------------------------------------------------------------------------- quotation marks

# Opening mark -> the marks that may close it. Curly “ also closes „ (German
# „…“) and is accepted as a typo for ”; straight and curly marks mix in scrapes.
_CLOSERS: Final = {
    "“": "”“\"", '"': "\"”“", "„": "“”\"", "«": "»", "»": "«", "「": "」", "『": "』",
    "‘": "’", "‚": "‘’", "‹": "›", "›": "‹",
}
# For each mark, the opening marks it can close (the inverse of _CLOSERS).
_CLOSES_OPENERS: Final = {c: frozenset(o for o, cs in _CLOSERS.items() if c in cs) for c in set("".join(_CLOSERS.values()))}
_MARKS: Final = frozenset("“”\"„«»「」『』‘’‚‹›")
_HARD_OPEN: Final = frozenset("„«「『‚")  # never close anything, so always open
_HARD_CLOSE: Final = frozenset("”»」』")  # close whatever they match
_OPEN_BEFORE: Final = frozenset("([{—–-/:;")
_CLOSE_AFTER: Final = frozenset(",.;:!?)]}—–-…")


@dataclass(slots=True)
class _Mark:
    """One quotation found by its marks, as offsets into the paragraph text."""

    open: int  # index of the opening mark
    inner_start: int
    inner_end: int
    end: int  # just past the closing mark (== inner_end when it has none)
    closed: bool = True
    repaired: bool = False


_MARK_RE: Final = re.compile(r"''|``|[“”\"„«»「」『』‘’‚‹›]")
# What _quotation_spans reads: every mark but an apostrophe inside a word ("don’t", "Trump’s"),
# which can neither open (’ opens nothing) nor close (a letter follows it). Each alternative
# starts with a literal character, which lets ``re`` skip to the next candidate at C speed
# (a character class among the alternatives made it try every alternative at every position).
_MARK_SCAN: Final = re.compile("|".join(["''", "``", r"’(?!\w)", *(re.escape(c) for c in "“”\"„«»「」『』‘‚‹›")]))


def _opener_at(text: str, i: int, n: int = 1) -> bool:
    before = text[i - 1] if i else " "
    after = text[i + n] if i + n < len(text) else " "
    return (before.isspace() or before in _OPEN_BEFORE or before in _MARKS) and not after.isspace()


def _closer_at(text: str, i: int, n: int = 1) -> bool:
    before = text[i - 1] if i else " "
    after = text[i + n] if i + n < len(text) else " "
    return not before.isspace() and (after.isspace() or after in _CLOSE_AFTER or after in _MARKS or after == "'")


def find_quotations(text: str) -> list[tuple[int, int | None]]:
    """Top-level quotations of ``text``: ``(opening mark index, closing mark index or None)``.

    Nested quotations stay inside their outer one; apostrophes ("don’t",
    "students’") are not marks; a quotation left open runs to the end (None).
    Typewriter marks (``''quoted''``, ````quoted''``) count as double marks.

    Examples:
        >>> t = '“He said ‘no’ to me,” she said, calling it «absurde».'
        >>> [t[a:b + 1] for a, b in find_quotations(t)]
        ['“He said ‘no’ to me,”', '«absurde»']
        >>> find_quotations('„Wir schaffen das“, sagte sie. "Open end')
        [(0, 17), (31, None)]
    """
    return [(a, None if c is None else c) for a, _, c, _ in _quotation_spans(text)]


def _quotation_spans(text: str) -> list[tuple[int, int, int | None, int]]:
    """``(open, inner start, closing mark index or None, end)`` of each top-level quotation."""
    spans: list[tuple[int, int, int | None, int]] = []
    stack: list[tuple[str, int, int]] = []  # (mark as a character, index, length)
    # Stack depths of each kind of opening mark, so that finding the innermost quotation a
    # mark can close costs the same however many marks were left open (broken pages leave
    # thousands; scanning the whole stack for each mark was quadratic).
    depths: dict[str, list[int]] = {}
    for m in _MARK_SCAN.finditer(text):
        g = m.group()
        i, n = m.start(), len(g)
        c = '"' if g == "''" else "“" if g == "``" else g
        open_depths = [depths[o][-1] for o in _CLOSES_OPENERS.get(c, ()) if depths.get(o)] if stack else ()
        if open_depths and _closes(text, i, n, c):
            # close the innermost quotation this mark can close (and any left open inside it)
            depth = max(open_depths)
            _, pos, length = stack[depth]
            for o, _, _ in reversed(stack[depth:]):
                depths[o].pop()
            del stack[depth:]
            if depth == 0:
                spans.append((pos, pos + length, i, i + n))
            continue
        if c in _HARD_OPEN or g == "``" or (c in _CLOSERS and _opener_at(text, i, n)):
            if c in "‹›" and not stack:
                continue  # a lone ‹ or › at top level is more often an arrow than a quote
            opener = c
        elif not stack and c in "”»" and _opener_at(text, i, n):
            opener = "“" if c == "”" else "»"  # a misprinted opening mark
        else:
            continue
        depths.setdefault(opener, []).append(len(stack))
        stack.append((opener, i, n))
    if stack:
        _, pos, length = stack[0]
        spans.append((pos, pos + length, None, len(text)))
    return spans


def _closes(text: str, i: int, n: int, c: str) -> bool:
    """Whether the mark at ``i``, which matches an open quotation, closes it."""
    if c in _HARD_CLOSE or _closer_at(text, i, n):
        return True
    # a straight mark that cannot open here must be closing ("end"of word)
    return c == '"' and not _opener_at(text, i, n)


def _starts_with_mark(text: str) -> bool:
    return bool(_MARK_RE.match(text.lstrip()))


# --------------------------------------------------------------------------- tokens


_LOWER_WORD: Final = re.compile(r"[a-z]+")
# "U.S.", a word with its inner hyphens and apostrophes, or one other mark. The abbreviation is
# written as one pair then more, not "{2,}": ``re`` splits a tenth faster without the counted repeat.
_TOKEN_RE: Final = re.compile(r"[A-Za-z]\.(?:[A-Za-z]\.)+|\w+(?:[-'’&]\w+)*|[^\w\s]")
_TOKEN_SPLIT: Final = re.compile(f"({_TOKEN_RE.pattern})")
# The same for ASCII text, where ``re.ASCII`` classes are a sixth faster to test: ``\s`` spelled
# out as the ASCII characters ``str.isspace`` (and so the Unicode ``\s``) counts, \x1c-\x1f too.
_TOKEN_SPLIT_ASCII: Final = re.compile(
    _TOKEN_SPLIT.pattern.replace(r"[^\w\s]", r"[^\w\t\n\x0b\x0c\r\x1c-\x1f ]"), re.ASCII)
_DASHES: Final = frozenset("—―–")
_TERMINAL: Final = frozenset(".!?…")
_PUNCT_END: Final = frozenset(",.;:!?…)")
_DETERMINERS: Final = frozenset(
    "a an the this that these those some many several other another one two three four five "
    "most all both its his her their our my your such few multiple numerous various "
    "any each every".split()
)
_ARTICLES: Final = frozenset("a an the another one".split())
_QUANTIFIERS: Final = frozenset("some many several two three four five most both other".split())
_SUBJECT_PRONOUNS: Final = {"he": "m", "she": "f", "they": "plural", "it": "it", "i": "self", "we": "self", "you": "self"}
_OBJECT_PRONOUNS: Final = frozenset("me him her them us you reporters journalists".split())
_AUX: Final = frozenset(
    "is are was were be been being am 's 're has have had will would can could should shall may "
    "might must do does did won't can't don't doesn't didn't isn't aren't wasn't weren't "
    "hasn't haven't hadn't wouldn't couldn't shouldn't".split()
)
_PAST: Final = frozenset(
    "made took went came gave got knew thought told saw found became left felt kept began brought "
    "bought ran won lost paid met sent spent built held stood understood wrote chose fell rose grew "
    "led meant sold taught caught fought hit put set cut let shut hurt cost spread read said "
    "wants needs seems remains looks plans hopes believes expects knows thinks".split()
)
_DESC_START: Final = frozenset("a an the who whose one its his her their now also".split())
_CLAUSE_STOP: Final = frozenset("when because although though while but and after before since as if".split())
_PREPS: Final = frozenset("on in at during after before while from via over".split())
_RELATIVE: Final = "who"
_PRONOUN_WORDS: Final = frozenset("i you he she it we they".split())
_BE: Final = frozenset("is are was were be been being am".split())
_SUBJECT_GLUE: Final = frozenset("of and on in for at from with by".split())
# Cue words that are nouns after an article and an adjective: "a controversial comment".
_NOUNISH: Final = frozenset("comment comments claim claims report reports note notes post posts promise promises "
                     "answer answers reply replies charge charges remark remarks estimate estimates tweet tweets "
                     "counter statement warning".split())
_POSSESSIVE_DET: Final = frozenset("his her their its our my your whose".split())
_NOT_HEADS: Final = frozenset("following same other former latter rest first last next".split())
_CIRCUMSTANCE: Final = frozenset(
    "in on at during after before of about from to with for while upon via outside inside".split()
)


class _Tok:
    """What a token of a paragraph is: a word, a punctuation mark, or a whole quotation (``q`` >= 0).

    Where it stands is kept by its paragraph (:attr:`_Para.starts`, ``ends`` and
    ``sent_of``, by token index), not by the token: so the token of a word or a
    mark is one shared object wherever it is written (:data:`_TOKENS`), and a
    paragraph's tokens are looked up rather than made (making ~600 objects an
    article was a third of the stage's time). Quotation tokens are made per
    paragraph. Tokens are never changed once made.
    """

    __slots__ = ("text", "low", "q", "word", "cap", "possessive", "cue")

    def __init__(self, text: str, q: int = -1):
        self.text = text
        self.q = q
        if q >= 0:
            self.low = "\x00q"  # equals no word
            self.word = self.cap = self.possessive = self.cue = False
        else:
            low = str.lower(text)
            # most tokens are lower case already: then ``low`` is the text itself, one string
            # fewer to keep and to fetch from memory (the table's key is that string too)
            self.low = text if low == text else low
            first = text[0]
            self.word = first.isalnum() or first == "_"
            self.cap = first.isupper()
            self.possessive = low.endswith(("'s", "’s", "s'", "s’"))  # read often: see _possessive
            # whether a cue of the bundled cue file may start here (_cue_starts): a token is read
            # with other cues too, so this holds for the default cues only (_paragraph_quotes)
            self.cue = low in _cue_starts(_default_cues())

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return f"_Tok({self.text!r}, q={self.q})"


class _TokenTable(dict):
    """Token text -> its shared :class:`_Tok` (a word or a mark, never a quotation).

    A token depends on its text alone. Filled as tokens are met; bounded (cleared
    when full), and emptied by :func:`toolkit.pipeline.clear_word_tables`.
    """

    def __missing__(self, text: str) -> _Tok:
        if len(self) >= _TOKENS_LIMIT:
            self.clear()
        self[text] = tok = _Tok(text)
        return tok


_TOKENS: Final = _TokenTable()
_TOKENS_LIMIT = 50_000


def _possessive(t: _Tok) -> bool:
    """Whether the token ends in a possessive ("Acme’s", "students’")."""
    return t.possessive


# --------------------------------------------------------------------------- mentions


@dataclass(slots=True)
class _Mention:
    """A speaker as written: "Retired US ambassador William Courtney", "he", "officials"."""

    paragraph: int
    start: int
    end: int
    text: str
    kind: str  # name | pronoun | relative | common | label
    name: str | None = None  # the name part ("William Courtney"), if any
    head: str | None = None  # for common nouns: the phrase without articles ("senior official")
    description: list[str] = field(default_factory=list)
    antecedent: _Mention | None = None
    org: bool = False
    sentence_start: bool = False


@dataclass(slots=True)
class _Attr:
    """One cue with its speaker and what it reports."""

    cue: str
    lemma: str
    at: int  # token index of the cue
    mention: _Mention
    contents: list[tuple[int, int]]
    pattern: str  # how it was read, for Quote.rule
    intro: bool = False  # "X continued:" ending the paragraph: introduces what follows
    evidence: str = ""  # the words of the attribution as written: "said Bruce Klingner"


@dataclass(slots=True)
class _Found:
    """A quote before ids and speakers are given."""

    paragraph: int
    start: int
    end: int
    kind: str
    attr: _Attr | None
    rule: str
    within: _Found | None = None
    continues: _Found | None = None
    quote: Quote | None = None


class _Para:
    """One body paragraph read once: quotations, tokens, masked sentences."""

    def __init__(self, p: Paragraph, lex: Cues):
        self.p = p
        self.index = p.index
        self.text = p.text
        self.lex = lex
        self.marks: list[_Mark] = []
        self._toks: list[_Tok] | None = None
        # by token index, filled with the tokens: where each token starts and ends in the
        # text, and its sentence (an index into ``sents``)
        self._starts: list[int] = []
        self._ends: list[int] = []
        self._sent_of: list[int] = []
        self.mark_tok: list[int] = []  # the token of each quotation
        self._lower: str | None = None
        self._sents: list[tuple[int, int]] = []  # token ranges
        self._reads_alone: bool | None = None

    def read(self, runs_on: bool) -> None:
        """Find the marks (``runs_on``: the next paragraph opens with a mark); tokens come when asked."""
        text = self.text
        for a, inner, close, end in _quotation_spans(text):
            if close is None:
                self.marks.append(self._open_mark(a, inner, runs_on))
            else:
                self.marks.append(_Mark(a, inner, close, end))

    @property
    def toks(self) -> list[_Tok]:
        if self._toks is None:
            self._tokenise()
        return self._toks  # type: ignore[return-value]

    @property
    def starts(self) -> list[int]:
        if self._toks is None:
            self._tokenise()
        return self._starts

    @property
    def ends(self) -> list[int]:
        if self._toks is None:
            self._tokenise()
        return self._ends

    @property
    def sent_of(self) -> list[int]:
        if self._toks is None:
            self._tokenise()
        return self._sent_of

    def span(self, a: int, b: int) -> str:
        """The text of tokens [a, b), as written (``b`` > ``a``)."""
        return self.text[self.starts[a]:self.ends[b - 1]]

    @property
    def lower(self) -> str:
        if self._lower is None:
            self._lower = str.lower(self.text)
        return self._lower

    @property
    def sents(self) -> list[tuple[int, int]]:
        if self._toks is None:
            self._tokenise()
        return self._sents

    @property
    def tokenised(self) -> bool:
        return self._toks is not None

    @property
    def reads_alone(self) -> bool:
        """Whether a few words of the text split into tokens as they do in the whole paragraph
        (:meth:`tokens_around`): no quotation (a token of its own) and no possessive written
        apart from its word (one token across a space: "Acme 's")."""
        if self._reads_alone is None:
            self._reads_alone = not self.marks and not _APART_POSSESSIVE.search(self.text)
        return self._reads_alone

    def tokens_around(self, at: int, word: str) -> tuple[list[_Tok], int] | None:
        """The tokens of the words around ``text[at:]``, with the index among them of the token
        written ``word`` that starts at ``at``; None when no token does.

        Read without tokenising the paragraph, for a paragraph that :meth:`reads_alone`: a token
        never holds whitespace and every other character is in one, so the text between two
        stretches of whitespace splits alone as in the whole. The text taken runs over two
        stretches either side of ``word``'s own, so it holds the two tokens before and the two
        after ``word``'s (those the paragraph has).
        """
        text, n, end = self.text, len(self.text), at + len(word)
        a = at
        while a and not text[a - 1].isspace():
            a -= 1
        for _ in range(2):
            while a and text[a - 1].isspace():
                a -= 1
            while a and not text[a - 1].isspace():
                a -= 1
        b = end
        while b < n and not text[b].isspace():
            b += 1
        for _ in range(2):
            while b < n and text[b].isspace():
                b += 1
            while b < n and not text[b].isspace():
                b += 1
        toks: list[_Tok] = []
        found: int | None = None
        for m in _TOKEN_RE.finditer(text, a, b):
            if m.start() == at and m.end() == end:
                found = len(toks)
            toks.append(_TOKENS[m.group()])
        return None if found is None else (toks, found)

    def tokens_starting(self, offsets: list[int]) -> list[int]:
        """Indices of the tokens that start at any of ``offsets`` (ascending)."""
        starts, out = self.starts, []
        for at in offsets:
            t = bisect.bisect_left(starts, at)
            if t < len(starts) and starts[t] == at:
                out.append(t)
        return out

    def may_quote(self) -> bool:
        """A quick look: could this paragraph hold a quote (marks, a cue, a speaker label)?

        Without marks or a label only a cue can make a quote, so a paragraph
        needs a cue of one word or every word of a cue of several ("according
        to"). Asking only for a cue's first word let in almost every paragraph
        ("in", "as" start cues), and each then paid for its tokens.
        """
        if self.marks or _LABEL.match(self.text):
            return True
        # the runs of a-z (``_LOWER_WORD``), as bytes: a character that is not ASCII (even a
        # lone surrogate) is encoded in bytes that are not ASCII either, so it separates runs
        words = self.lower.encode("utf-8", "surrogatepass").translate(_ONLY_A_TO_Z).split()
        single, phrases, keys = _cue_words(self.lex)
        if not single.isdisjoint(words):
            return True
        if keys is not None and keys.isdisjoint(words):
            return False  # not even one word of a longer cue: none can be complete
        present = set(words)
        return any(present.issuperset(p) for p in phrases)

    def _open_mark(self, a: int, inner: int, runs_on: bool) -> _Mark:
        text = self.text
        if not runs_on:
            # An unbalanced mark: close it before the first ", said X"-like cue.
            m = _repair_re(self.lex).search(text, inner)
            if m:
                return _Mark(a, inner, m.start(1), m.start(1), closed=False, repaired=True)
        end = len(text.rstrip())
        return _Mark(a, inner, end, end, closed=False)

    def _tokenise(self) -> None:
        text = self.text
        toks: list[_Tok] = []
        starts, ends = self._starts, self._ends
        pos = 0
        for qi, mk in enumerate(self.marks):
            _words(text, pos, mk.open, toks, starts, ends)
            self.mark_tok.append(len(toks))
            toks.append(_Tok(text[mk.open:mk.end], qi))
            starts.append(mk.open)
            ends.append(mk.end)
            pos = mk.end
        _words(text, pos, len(text), toks, starts, ends)
        self._toks = toks
        self._sent_of = sent_of = [0] * len(toks)
        for si, (a, b) in enumerate(self._sentence_spans()):
            lo = bisect.bisect_left(starts, a)
            hi = bisect.bisect_left(starts, b)
            if hi > lo:
                sent_of[lo:hi] = [si] * (hi - lo)
                self._sents.append((lo, hi))

    def _sentence_spans(self) -> list[tuple[int, int]]:
        """``sentence_spans(self._masked())``, from the sentences ``segment`` already found when it can.

        Those are taken only when they still cover the text exactly (every sentence's text in
        place, only whitespace between): splitting the same text again would give the same
        spans. With quotations, :meth:`_unmasked_spans` tells when hiding their words changes
        nothing but the breaks inside them; else the masked text is split.
        """
        sents = self._segmented()
        if sents is None:
            return sentence_spans(self._masked())
        if self.marks:
            sents = self._unmasked_spans(sents)
            if sents is None:
                return sentence_spans(self._masked())
        return sents

    def _segmented(self) -> list[tuple[int, int]] | None:
        """The spans of the sentences ``segment`` found, when they still cover the text exactly."""
        sents = self.p.sentences
        if not sents:
            return None
        text, pos = self.text, 0
        for s in sents:
            if s.start < pos or (s.start > pos and not text[pos:s.start].isspace()) or text[s.start:s.end] != s.text:
                return None
            pos = s.end
        if pos < len(text) and not text[pos:].isspace():
            return None
        return [(s.start, s.end) for s in sents]

    def _unmasked_spans(self, sents: list[tuple[int, int]]) -> list[tuple[int, int]] | None:
        """The sentences of the masked text from ``sents``, those of the text; None when unsure.

        Splitting (:func:`toolkit.text.sentence_spans`) decides at each candidate end (stops,
        closing marks, white space) from the word before it and the opening marks and word
        after it. Hidden words change that only (1) inside a quotation: its stops are gone,
        so a break inside goes (its sentences are merged), which is exact when white space
        follows its last hidden stop (no candidate runs on past the hidden part); and (2) for
        a break just before a quotation, whose next word becomes "XX": the same when its first
        character is a word's (not an opening mark) and neither lower case nor a digit; and
        (3) a candidate before it whose closing marks run on into it (misprinted marks). A
        stop kept at the end of a quotation is a candidate as before: followed by a closing
        mark that ``_END`` takes, or by no white space, the word before it is never read.
        """
        text = self.text
        inside: list[tuple[int, int]] = []
        for mk in self.marks:
            a, b = mk.inner_start, mk.inner_end
            if b > a and text[b - 1] in _TERMINAL:
                b -= 1  # kept, as _masked keeps it
            if b <= a:
                continue
            hidden = text[a:b]
            last = max(map(hidden.rfind, _TERMINAL))
            if last >= 0:
                if not any(map(str.isspace, hidden[last + 1:])):
                    return None
                inside.append((a, b))
            c = hidden[0]
            if c in _BREAK_CLOSERS:
                return None  # a candidate before the quotation may run on into it (misprinted marks)
            if not c.isspace() and _break_before(text, mk.open) and (
                    not (c.isalnum() or c in "_’-") or c.islower() or c.isdigit()):
                return None  # (an opening mark or bracket is no word character: the next word would start later)
        if not inside:
            return sents
        out = [sents[0]]
        for s, e in sents[1:]:
            end = out[-1][1]
            if any(a < end < b for a, b in inside):
                out[-1] = (out[-1][0], e)  # the break was inside a quotation
            else:
                out.append((s, e))
        return out

    def _masked(self) -> str:
        """The text with every quotation's words hidden, so sentences split around them."""
        if not self.marks:
            return self.text
        text, pos = self.text, 0
        parts: list[str] = []
        for mk in self.marks:  # in order and apart: top-level quotations
            a, b = mk.inner_start, mk.inner_end
            if b > a and text[b - 1] in _TERMINAL:
                b -= 1  # the quotation's own full stop stays: it may end the sentence
            # X, a capital: a quotation opening a sentence starts a new one
            parts += (text[pos:a], text[a:b].translate(_MASK))
            pos = b
        parts.append(text[pos:])
        return "".join(parts)


# What toolkit.text's sentence splitter (_END) reads around a candidate end: the closing marks and
# brackets after the stops, and the opening marks and brackets before the next word.
_BREAK_CLOSERS: Final = frozenset(CLOSE_QUOTES + ")]}")
_BREAK_OPENERS: Final = frozenset(OPEN_QUOTES + "([")


def _break_before(text: str, at: int) -> bool:
    """Whether a candidate sentence end may stand right before ``text[at]`` (an opening mark):
    stops, closing marks, white space, then opening marks up to ``at``. (May say yes when
    there is none: it only sends the paragraph to the slow way.)"""
    k = at
    while k and text[k - 1] in _BREAK_OPENERS:
        k -= 1
    if not k or not text[k - 1].isspace():
        return False
    while k and text[k - 1].isspace():
        k -= 1
    while k and text[k - 1] in _BREAK_CLOSERS:
        k -= 1
    return k > 0 and text[k - 1] in _TERMINAL


def _finds(text: str, word: str):
    """Every offset where ``text`` has ``word``."""
    at = text.find(word)
    while at >= 0:
        yield at
        at = text.find(word, at + 1)


# An apostrophe written apart from its word and followed by a lone "s" ("Acme 's"): only then
# can _words have a possessive to join, so every other stretch of text takes the plain path.
_APART_POSSESSIVE: Final = re.compile(r"['’](?<!\w['’])s(?!\w|[-'’&]\w)")


class _MaskTable(dict):
    """A ``str.translate`` table hiding every character that is not whitespace behind "X".

    Filled as characters are met (one lookup per character in C, where a regex
    substitution made a match object per character); bounded, as a page may be
    written in any script.
    """

    def __missing__(self, code: int) -> int | str:
        if len(self) > 50_000:
            self.clear()
        self[code] = hidden = code if chr(code).isspace() else "X"
        return hidden


_MASK: Final = _MaskTable()


class _ChunkTable(dict):
    """A run of text without whitespace -> its tokens: the one :class:`_Tok` when the run is one
    token (most are: "said", "Trump"), else each token with where it starts and ends in the run
    ("said," -> "said" 0-4, "," 4-5).

    ``_TOKEN_RE`` looks at nothing around a token and no token holds whitespace, so a run
    splits alone as it does in its paragraph. Bounded, like :data:`_TOKENS`.
    """

    def __missing__(self, run: str) -> _Tok | tuple[tuple[_Tok, int, int], ...]:
        if len(self) >= _TOKENS_LIMIT:
            self.clear()
        toks: list[_Tok] = []
        starts: list[int] = []
        ends: list[int] = []
        _split_words(run, 0, toks, starts, ends)
        # (every character of a run is in a token, so a run's one token is the whole run)
        entry: _Tok | tuple[tuple[_Tok, int, int], ...] = toks[0] if len(toks) == 1 else tuple(zip(toks, starts, ends))
        self[run] = entry
        return entry


_CHUNKS: Final = _ChunkTable()
#: This module's per-character and per-token tables, for :func:`toolkit.pipeline.clear_word_tables`.
_WORD_TABLES: Final = (_MASK, _TOKENS, _CHUNKS)


def _split_words(stretch: str, a: int, toks: list[_Tok], starts: list[int], ends: list[int]) -> None:
    """Append the tokens of ``stretch``, which starts at offset ``a`` of its text, and their offsets.

    One split gives the tokens and the whitespace between them (the pattern looks at
    nothing around a token, so a slice splits as the whole would); the running sum
    of their lengths is each token's offset. No match object per token.
    """
    parts = (_TOKEN_SPLIT_ASCII if stretch.isascii() else _TOKEN_SPLIT).split(stretch)  # gap, token, ..., gap
    offsets = list(accumulate(map(len, parts), initial=a))  # gap start, token start, token end, ...
    toks += map(_TOKENS.__getitem__, parts[1::2])
    starts += offsets[1:-1:2]
    ends += offsets[2::2]


def _words(text: str, a: int, b: int, toks: list[_Tok], starts: list[int], ends: list[int]) -> None:
    """Append the tokens of ``text[a:b]`` (``_TOKEN_RE``) and their offsets into ``text``."""
    if not _APART_POSSESSIVE.search(text, a, b):
        stretch = text[a:b]
        runs = stretch.split()
        core = stretch.strip()
        if len(core) == sum(map(len, runs)) + len(runs) - 1:
            # One white-space character between runs (as in most paragraphs): a run starts
            # one past the end of the one before, and each run's tokens are looked up whole.
            pos = a + len(stretch) - len(stretch.lstrip())
            for run in runs:
                n = len(run)
                entry = _CHUNKS[run]
                if isinstance(entry, _Tok):
                    toks.append(entry)
                    starts.append(pos)
                    ends.append(pos + n)
                else:
                    for tok, s, e in entry:
                        toks.append(tok)
                        starts.append(pos + s)
                        ends.append(pos + e)
                pos += n + 1
            return
        _split_words(stretch, a, toks, starts, ends)
        return
    first = len(toks)
    for m in _TOKEN_RE.finditer(text, a, b):
        w = m.group()
        if w == "s" and len(toks) - first >= 2 and toks[-1].text in ("'", "’") and ends[-1] == m.start() \
                and toks[-2].word and starts[-1] == ends[-2] + 1:
            # a possessive written apart from its word ("Acme 's chief", a typesetting habit of some
            # wires): the word, the apostrophe and the "s" are one token
            del toks[-2:], ends[-2:]
            starts.pop()
            w = text[starts[-1]:m.end()]
        else:
            starts.append(m.start())
        toks.append(_TOKENS[w])
        ends.append(m.end())


@lru_cache(maxsize=8)
def _cue_words(lex: Cues) -> tuple[frozenset[bytes], tuple[frozenset[bytes], ...], frozenset[bytes] | None]:
    """For :meth:`_Para.may_quote`, as bytes (it reads the paragraph's runs of a-z as bytes):
    the cues of one word, the words each longer cue needs, and one word of each longer cue
    (its longest), so that a paragraph with none of those has no longer cue; None instead
    when a longer cue needs no word, as every paragraph has that one.

    A cue token's lower case is a whole run of ``_LOWER_WORD`` in the
    lower-cased paragraph only when it is all a-z, so a cue word with other
    characters is left out of what a cue needs (never of what it allows).
    """
    single = frozenset(f for f, (_, tier) in lex.forms.items() if " " not in f and tier != "according"
                       and _LOWER_WORD.fullmatch(f))
    odd = [f for f, (_, tier) in lex.forms.items() if " " not in f and tier != "according"
           and not _LOWER_WORD.fullmatch(f)]
    phrases = tuple(frozenset(w for w in p if _LOWER_WORD.fullmatch(w))
                    for ps in lex.phrases.values() for p in ps)
    if odd:  # a cue of one word that is not all a-z: fall back to the first-word test for it
        phrases += tuple(frozenset(_LOWER_WORD.findall(f)[:1]) for f in odd)
    keys = frozenset(max(sorted(p), key=len) for p in phrases) if all(phrases) else None

    def as_bytes(words: frozenset[str]) -> frozenset[bytes]:
        return frozenset(w.encode() for w in words)

    return as_bytes(single), tuple(map(as_bytes, phrases)), None if keys is None else as_bytes(keys)


# bytes.translate table: every byte but a-z becomes a space
_ONLY_A_TO_Z: Final = bytes(c if 97 <= c <= 122 else 32 for c in range(256))


@lru_cache(maxsize=8)
def _cue_starts(lex: Cues) -> frozenset[str]:
    """The lower case of every token a cue can start with: a cue's first word, or a dash."""
    return lex.first_words | _DASHES | {"-"}


@lru_cache(maxsize=8)
def _repair_re(lex: Cues) -> re.Pattern[str]:
    verbs = sorted((f for f, (_, tier) in lex.forms.items() if tier in ("speech", "reporting") and " " not in f),
                   key=len, reverse=True)
    alt = "|".join(map(re.escape, verbs))
    return re.compile(rf"[^\s]([,?!])\s+(?:[\w.’'-]+\s+){{0,3}}?(?:{alt})\b")


# --------------------------------------------------------------------------- noun phrases


_CONTRACTED: Final = {
    f"{p}{a}{c}": p
    for p, cs in {"he": ("s", "d", "ll"), "she": ("s", "d", "ll"), "it": ("s", "ll"), "they": ("re", "d", "ve", "ll"),
                  "we": ("re", "d", "ve", "ll"), "i": ("m", "d", "ve", "ll"), "you": ("re", "d", "ve", "ll")}.items()
    for c in cs for a in ("'", "’")
}  # "He’s claiming", "You've written": a pronoun and a verb in one token
# Words that end a noun phrase: verbs' helpers, prepositions, conjunctions, pronouns.
_NP_STOP: Final = _AUX | _PREPS | _CLAUSE_STOP | frozenset(
    "that which who whom whose what where why how whether to of for at with by about against into than "
    "not no nor or so then there here also just very it he she they we i you him them us me this these "
    "those his her their its our my your however meanwhile moreover therefore instead thus nonetheless "
    "nevertheless furthermore".split()
)


def _title_phrase(toks: list[_Tok], k: int, lex: Cues) -> int:
    """Length of the longest title of several words ending at token ``k`` ("Chief Executive"), or 0."""
    for phrase in lex.title_phrases.get(toks[k].low, ()):
        n = len(phrase)
        if k - n + 1 >= 0 and all(toks[k - n + 1 + x].low == w for x, w in enumerate(phrase)):
            return n
    return 0


def _is_title(toks: list[_Tok], k: int, lex: Cues) -> bool:
    """A title word ("Ambassador", "Sen.") or the last word of a title phrase ("Chief Executive")."""
    t = toks[k]  # a title phrase is looked for only after a word that ends one
    return t.text in lex.titles or (t.low in lex.title_phrases and _title_phrase(toks, k, lex) > 0)


def _participial_opening(toks: list[_Tok], lo: int, hi: int, lex: Cues) -> int | None:
    """Where the subject starts after a participle opening the sentence, or None.

    "Speaking at a conference on Monday, Jane Roe said ...", "Asked about the
    deal, she said ...": the capitalised first word is a verb, not a name, and
    the subject follows the comma that closes the phrase (outside parentheses).
    """
    if lo + 1 >= hi or not toks[lo].cap:
        return None
    first, nxt = toks[lo], toks[lo + 1]
    if first.text not in lex.participles and not (
            len(first.low) > 4 and first.low.endswith(("ing", "ed")) and first.text not in lex.first_names
            and (nxt.low in _CIRCUMSTANCE or nxt.low in _DETERMINERS or nxt.low in ("about", "to", "by", "as"))):
        return None
    depth = 0
    for k in range(lo + 1, hi):
        t = toks[k]
        depth += (t.text == "(") - (t.text == ")")
        if t.q >= 0 or t.text in _TERMINAL:
            return None
        if t.text == "," and depth == 0:
            return k + 1 if k + 1 < hi and toks[k + 1].word else None
    return None


def _subject_start(toks: list[_Tok], lo: int, hi: int, lex: Cues) -> int:
    """Where the subject of the sentence at tokens [lo, hi) starts: after an opening participle
    ("Speaking at ..., Jane Roe said"), an adverb or a connective ("Recently a woman ...", "However, ...").
    """
    lo = _participial_opening(toks, lo, hi, lex) or lo
    while lo + 1 < hi and toks[lo].cap and toks[lo].text not in lex.first_names:
        t, nxt = toks[lo], toks[lo + 1]
        adverb = len(t.low) > 4 and t.low.endswith("ly") and t.low not in _NOT_ADVERBS
        if not ((adverb and (nxt.text == "," or nxt.low in _DETERMINERS or nxt.low in _SUBJECT_PRONOUNS))
                or (t.text in lex.not_names and t.low not in _CIRCUMSTANCE and nxt.text == ",")):
            break
        lo += 1 + (nxt.text == ",")
    return lo


def _role_word(toks: list[_Tok], k: int, lex: Cues) -> bool:
    """A title or a describing word of one person ("CEO", "co-founder", "chief"), not a name or a plural."""
    t = toks[k]
    if not t.word or (t.low.endswith("s") and t.low[:-1] in lex.speaker_nouns):
        return False
    return _is_title(toks, k, lex) or t.low in lex.descriptors or (t.low in lex.speaker_nouns and not t.cap) \
        or (t.text.title() in lex.titles and not t.cap) or t.low in lex.title_phrases


def _owned_role(toks: list[_Tok], a: int, b: int, lex: Cues) -> bool:
    """"Acme’s chief executive", "the company’s founder": a possessive, then a role, in tokens [a, b)."""
    return a < b and _possessive(toks[a]) and any(_role_word(toks, x, lex) for x in range(a + 1, b))


def _titles_joined(toks: list[_Tok], k: int, lex: Cues) -> bool:
    """Whether "and" at ``k`` joins two titles of one person ("co-founder and CEO Jane Roe").

    The words on both sides are titles or describing words, and a name ends the phrase
    ("Acme and CEO Jane Roe" are two speakers: "Acme" is a name, not a title).
    """
    if k < 1 or k + 1 >= len(toks) or not (_role_word(toks, k - 1, lex) and _role_word(toks, k + 1, lex)):
        return False
    if toks[k - 1].cap and k >= 2 and (toks[k - 2].text == "." or _is_title(toks, k - 2, lex)):
        return False  # "Mr. King and Mr. Schultz": "King" is a name after a title
    m = k + 1
    while m + 1 < len(toks) and _np_part(toks, m + 1, lex) and m - k < 8:
        m += 1
    return toks[m].cap and not _is_title(toks, m, lex) and toks[m].text not in lex.not_names


def _np_part(toks: list[_Tok], k: int, lex: Cues) -> bool:
    """Can token ``k`` be part of a speaker's noun phrase (names, titles, descriptors)?"""
    t = toks[k]
    if t.q >= 0:
        return False
    if t.text == ".":
        prev = toks[k - 1] if k else None
        return prev is not None and (prev.text in lex.titles or (len(prev.text) == 1 and prev.text.isupper()))
    if not t.word:
        return False
    if t.cap:
        return True
    if t.low in lex.descriptors or t.low in lex.speaker_nouns or _possessive(t):
        return True
    return bool(_AGE.fullmatch(t.low))  # "56-year-old"


_AGE: Final = re.compile(r"\d+(?:-\w+)+")


def _modifier(t: _Tok, lex: Cues) -> bool:
    """A lower-case word that may describe a noun ("exit polls", "a 2014 study")."""
    return t.word and not t.cap and t.low not in _NP_STOP and t.low not in lex.forms and (
        t.low.replace("-", "").isalnum())


def _paren_end(toks: list[_Tok], k: int, hi: int) -> int | None:
    """Index after the ")" closing a short parenthesis opened at ``k`` ("(R-S.C.)")."""
    for m in range(k + 1, min(k + 9, hi)):
        if toks[m].text == ")":
            return m + 1
        if toks[m].q >= 0:
            return None
    return None


def _np_back(toks: list[_Tok], j: int, lo: int, lex: Cues) -> tuple[int, int] | None:
    """The noun phrase ending at token ``j`` (a subject before a cue), as a token range."""
    if j < lo:
        return None
    end = j + 1
    if toks[j].text == ")":  # "Rep. Gwen Moore (D-Wis.) said"
        for m in range(j - 1, max(lo, j - 9) - 1, -1):
            if toks[m].text == "(":
                j = m - 1
                break
        else:
            return None
        if j < lo:
            return None
    t = toks[j]
    if not t.word:
        return None
    if t.low in _SUBJECT_PRONOUNS or t.low == _RELATIVE or t.low in _CONTRACTED:
        return (j, j + 1)
    if _possessive(t) or t.low in lex.between:
        return None
    if not _np_part(toks, j, lex):
        return _np_back_common(toks, j, lo, lex, end)
    k = j
    while k - 1 >= lo and _np_part(toks, k - 1, lex):
        k -= 1
        if k - 2 >= lo and toks[k - 1].low == "and" and _titles_joined(toks, k - 1, lex):
            k -= 1  # "Acme’s co-founder and chief executive Jane Roe said"
    if k - 1 >= lo and toks[k - 1].low in ("the", "a", "an"):
        k = _attached_phrase(toks, k - 1, lo, lex)  # "Mr. Morgan of the Sierra Club"
        k += k < j and toks[k].low in ("the", "a", "an") and k - 1 >= lo and toks[k - 1].low not in (
            "of", "for", "at", "in", "from", "with")
    else:
        k = _attached_phrase(toks, k, lo, lex)
    m = k
    while m - 1 >= lo and k - m < 3 and _modifier(toks[m - 1], lex):
        m -= 1
    if m < k and (m == lo or toks[m - 1].low in _DETERMINERS or toks[m - 1].text in ",;:"
                  or toks[m - 1].q >= 0 or toks[m - 1].text in _DASHES):
        k = m  # "top black lawmakers", "the longtime pollster"
    if k - 1 >= lo and toks[k - 1].low in _DETERMINERS:
        k -= 1
    while k < j and toks[k].cap and toks[k].text in lex.not_names and toks[k].low not in _DETERMINERS:
        k += 1
    return (k, end) if _has_head(toks, k, j, lex) else None


def _attached_phrase(toks: list[_Tok], k: int, lo: int, lex: Cues) -> int:
    """Extend a noun phrase starting at ``k`` back over "X of/for/at/in ..." ("a narrator in the ad")."""
    if k - 2 < lo or toks[k - 1].low not in ("for", "of", "at", "in", "from", "with"):
        return k
    if toks[k - 1].low == "of" and toks[k - 2].cap:  # "Secretary of State Rex Tillerson"
        k2 = k - 2
        while k2 - 1 >= lo and _np_part(toks, k2 - 1, lex):
            k2 -= 1
        return k2
    head = toks[k - 2]
    if not (head.low in lex.speaker_nouns or head.low in lex.descriptors):
        return k  # "footage of Hillary Clinton": the phrase is not about a speaker
    np = _np_back(toks, k - 2, lo, lex)
    if np is None or toks[np[0]].low not in _DETERMINERS and head.low not in lex.speaker_nouns:
        return k
    return np[0]


def _np_back_common(toks: list[_Tok], j: int, lo: int, lex: Cues, end: int) -> tuple[int, int] | None:
    """"the announcer", "one questioner", "the ad’s narrator": a determiner and a noun."""
    if not _modifier(toks[j], lex) or toks[j].low in lex.time_words or toks[j].low in _NOT_HEADS \
            or not toks[j].low.replace("-", "").isalpha():
        return None
    for k in range(j - 1, max(lo, j - 4) - 1, -1):
        t = toks[k]
        if t.low in _DETERMINERS:
            return (_attached_phrase(toks, k, lo, lex), end) if t.low in _ARTICLES or t.low in _QUANTIFIERS else None
        if t.cap and _possessive(t):  # "Connecticut’s tax commissioner"
            while k - 1 >= lo and toks[k - 1].cap and not _possessive(toks[k - 1]):
                k -= 1
            return (k, end)
        if not (_modifier(t, lex) or _np_part(toks, k, lex)):
            return None
    return None


def _np_fwd(toks: list[_Tok], i: int, hi: int, lex: Cues, *, strict: bool = True) -> tuple[int, int] | None:
    """The noun phrase starting at token ``i`` (a speaker after a cue), as a token range.

    ``strict=False`` accepts any noun as the head (an addressee: "told his advisers").
    """
    if i >= hi:
        return None
    t = toks[i]
    if not t.word:
        return None
    if t.low in _SUBJECT_PRONOUNS:
        return (i, i + 1)
    k = i + 1 if t.low in _DETERMINERS else i
    head = -1
    while k < hi:
        t = toks[k]
        if t.text == "(":
            break  # "Rep. Gwen Moore (D-Wis.)": a parenthesis closes the name (kept below)
        if _np_part(toks, k, lex):
            if t.word and not _possessive(t) and (t.cap or t.low in lex.speaker_nouns or t.low in lex.descriptors
                                                   or not strict):
                head = k
            k += 1
            continue
        if t.low == "and" and head == k - 1 and _titles_joined(toks, k, lex):
            k += 1  # "Acme’s co-founder and CEO Jane Roe"
            continue
        if _modifier(t, lex):
            if strict and head >= 0 and toks[head].cap:
                break  # "Rubio thanked Miami": a lower-case word after a name is its verb
            if not strict:
                head = k
            k += 1
            continue
        # one attached phrase: "a spokesman for the ministry", "Secretary of State X"
        if t.low in ("for", "of", "at") and head == k - 1 and k + 1 < hi and (
                toks[head].low in lex.speaker_nouns or toks[head].low in lex.descriptors or toks[head].cap):
            m = k + 1 + (toks[k + 1].low in _DETERMINERS)
            m0 = m
            while m < hi and _np_part(toks, m, lex):
                m += 1
            if m > m0 and toks[m - 1].cap:
                k = m
                head = m - 1
                continue
        break
    if head < 0:
        return None
    end = head + 1
    if end < hi and toks[end].text == "(":
        end = _paren_end(toks, end, hi) or end
    if strict and not _has_head(toks, i, head, lex):
        return None
    return (i, end)


def _has_head(toks: list[_Tok], a: int, j: int, lex: Cues) -> bool:
    head = toks[j]
    if head.q >= 0 or not head.word or _possessive(head):
        return False
    if head.cap:
        return head.text not in lex.not_names or head.low in lex.speaker_nouns
    if head.low in lex.speaker_nouns:
        return True
    # "the 56-year-old", "the academic": a determiner and a describing word
    return head.low in lex.descriptors and any(toks[x].low in _DETERMINERS for x in range(a, j))


def _make_mention(para: _Para, a: int, b: int, kind: str | None = None) -> _Mention:
    """A mention from tokens [a, b): its name part, its title words, its kind."""
    toks, lex, starts, ends = para.toks, para.lex, para.starts, para.ends
    sent_of = para.sent_of
    text = para.text[starts[a]:ends[b - 1]]
    m = _Mention(para.index, starts[a], ends[b - 1], text, kind or "common",
                 sentence_start=(a == 0 or sent_of[a - 1] != sent_of[a]))
    first = toks[a]
    if b - a == 1 and (first.low in _SUBJECT_PRONOUNS or first.low in _CONTRACTED):
        m.kind = "pronoun"
        return m
    if toks[b - 1].text == ")":  # "Rep. Gwen Moore (D-Wis.)": the party label describes
        for x in range(b - 2, a, -1):
            if toks[x].text == "(":
                m.description.append(para.span(x, b))
                b = x
                break
    if b - a == 1 and first.low == _RELATIVE:
        m.kind = "relative"
        return m
    # "Mr. Morgan of the Sierra Club": the name comes before the attached phrase
    for x in range(a + 1, b - 1):
        if toks[x].low in _ATTACHING and toks[x - 1].cap \
                and toks[x - 1].text not in lex.titles and toks[x - 1].text not in lex.org_words:
            m.description.append(para.span(x, b))
            b = x
            break
    # the name: the last run of capitalised words, tokens [r, b), titles at its front moved out
    r = b
    while r > a and (toks[r - 1].cap or toks[r - 1].text == "."):
        r -= 1
    # "Harbor Bank’s CEO Jane Roe": an owner's name before the last possessive is not the speaker's
    x = b - 1
    while x >= r and not _possessive(toks[x]):
        x -= 1
    if r <= x < b - 1:
        r = x + 1
    # "French President Francois Hollande", "Chief Executive Jane Roe": everything up to the last title describes
    x = b - 1
    while x >= r and not _is_title(toks, x, lex):
        x -= 1
    if r <= x < b - 1:
        r = x + 1
    while b - r > 1 and (toks[r].text in lex.titles or toks[r].text == "." or _possessive(toks[r])
                         or toks[r].text in lex.not_names):
        r += 1
    if b - r == 1 and b - a > 1 and _is_title(toks, r, lex):
        r = b  # "the President", "Acme’s CEO", "its Chief Executive": a title alone describes, it does not name
    # a lone capitalised common noun opening a sentence: "Officials said", "Experts say"
    if b - r == 1 and r == a and toks[a].low in lex.speaker_nouns and toks[a].text not in lex.org_words:
        r = b
    if r < b and toks[b - 1].cap:
        m.kind = kind or "name"
        m.name = para.span(r, b)
        prefix = para.text[starts[a]:starts[r]].strip(" ,")
        if prefix and str.lower(prefix) not in _DETERMINERS:
            m.description.append(prefix)
        m.org = _is_org(toks, a, r, b, lex)
    else:
        words = [t.low for t in toks[a:b] if t.word and t.low not in _DETERMINERS]
        m.head = " ".join(words) or str.lower(text)
        m.org = bool(words) and (words[-1] in _ORG_NOUNS or any(toks[x].text in lex.org_words for x in range(a, b)))
        m.description.append(text)
    return m


# The words that attach a phrase after a name ("Mr. Morgan of the Sierra Club").
_ATTACHING: Final = frozenset("of for at from with".split())


def _strip_titles(name: str, lex: Cues) -> str:
    words = name.split()
    while len(words) > 1 and (words[0].rstrip(".") in lex.titles or str.lower(words[0]) in _DETERMINERS):
        words.pop(0)
    return " ".join(words)


_ORG_NOUNS: Final = frozenset(
    "ministry agency government administration campaign committee department office company firm "
    "group newspaper organization organisation kremlin pentagon embassy union party coalition council "
    "court media outlet website site paper broadcaster network statement report study survey poll "
    "polls army military police authorities".split()
)


def _is_org(toks: list[_Tok], a: int, r: int, b: int, lex: Cues) -> bool:
    """Whether the name at tokens [r, b) of a mention starting at ``a`` names an organisation."""
    for t in toks[r:b]:
        if t.text in lex.org_words:
            return True
    name = toks[r].text
    if b - r == 1 and name.isupper() and len(name) >= 2 and name not in lex.titles:
        return True  # an acronym: TASS, CNN, NATO
    if r > a and toks[r - 1].low in _ORG_BEFORE_NAME:
        return True
    return r - a == 1 and toks[a].low == "the"


# A word before a name that makes it an organisation's: "the news agency TASS".
_ORG_BEFORE_NAME: Final = _ORG_NOUNS | {"agency", "news", "media", "outlet", "newspaper", "broadcaster"}


# --------------------------------------------------------------------------- attributions in a sentence


def _cue_at(toks: list[_Tok], i: int, lo: int, lex: Cues) -> tuple[str, str, str, int] | None:
    """``(surface, lemma, tier, length)`` when a cue starts at token ``i``."""
    t = toks[i]
    if not t.word:
        if t.text in _DASHES or (t.text == "-" and i + 1 < len(toks) and toks[i + 1].text == "-"):
            return (t.text, "—", "dash", 2 if t.text == "-" else 1)
        return None
    if t.cap and i != lo:
        return None  # "United States", "Added" as a name
    for phrase in lex.phrases.get(t.low, ()):
        n = len(phrase)
        # the last word first: most phrases are told apart there, before a tuple is built
        if i + n <= len(toks) and toks[i + n - 1].low == phrase[-1] and tuple(x.low for x in toks[i:i + n]) == phrase:
            lemma, tier = lex.forms[" ".join(phrase)]
            return (str.lower(" ".join(x.text for x in toks[i:i + n])), lemma, tier, n)
    hit = lex.forms.get(t.low)
    if hit is None or hit[1] == "according":
        return None
    # "Media reports say ...": a cue followed by another is a noun
    if i + 1 < len(toks):
        nxt = toks[i + 1]
        if nxt.low in lex.forms and nxt.word and not nxt.cap:
            return None
    return (t.low, hit[0], hit[1], 1)


class _Sentence:
    """Reads the attributions of one masked sentence, left to right."""

    __slots__ = ("para", "lo", "hi", "claimed", "toks", "lex", "attrs")  # one made per sentence read

    def __init__(self, para: _Para, lo: int, hi: int, claimed: list[bool]):
        self.para, self.lo, self.hi, self.claimed = para, lo, hi, claimed
        self.toks, self.lex = para.toks, para.lex
        self.attrs: list[_Attr] = []

    def read(self, candidates: list[int]) -> list[_Attr]:
        """The attributions, left to right, of the cues starting at ``candidates`` (ascending token indices)."""
        toks, lo, lex, claimed = self.toks, self.lo, self.lex, self.claimed
        nxt = lo  # a cue of several words is read once: the words after its first are skipped
        for i in candidates:
            if i < nxt or claimed[i]:
                continue
            cue = _cue_at(toks, i, lo, lex)
            if cue is None:
                continue
            attr = self._attribution(i, cue)
            if attr is not None:
                attr.evidence = self._evidence(attr, i, cue[3])
                self.attrs.append(attr)
                self._claim(attr, i, cue[3])
            nxt = i + cue[3]
        return self.attrs

    def _evidence(self, attr: _Attr, i: int, n: int) -> str:
        """The attribution as written, from speaker to cue ("Bechtol told", "said Ambassador Courtney")."""
        m, para = attr.mention, self.para
        text = para.text
        cue_start, cue_end = para.starts[i], para.ends[i + n - 1]
        cue = text[cue_start:cue_end]
        if m.paragraph != para.index:
            return cue
        if m.start >= cue_end + 40 or m.end <= cue_start - 40:  # an appositive or a clause between them
            return f"{m.text} … {cue}" if m.start < cue_start else f"{cue} … {m.text}"
        return text[min(m.start, cue_start):max(m.end, cue_end)]

    def _claim(self, attr: _Attr, i: int, n: int) -> None:
        """Mark the tokens of the attribution (mention, cue, contents): no later cue reads them."""
        m, para, claimed = attr.mention, self.para, self.claimed
        if m.paragraph == para.index:
            # the mention's tokens: they follow each other, the first at or after its start, the
            # last ending at or before its end (tokens do not overlap, so ``ends`` ascends)
            t = max(self.lo, bisect.bisect_left(para.starts, m.start))
            u = min(self.hi, bisect.bisect_right(para.ends, m.end, t))
            if u > t:
                claimed[t:u] = [True] * (u - t)
        claimed[i:i + n] = [True] * n
        for a, b in attr.contents:
            if b > a:
                claimed[a:b] = [True] * (b - a)

    # ---------------------------------------------------------------- per cue

    def _attribution(self, i: int, cue: tuple[str, str, str, int]) -> _Attr | None:
        surface, lemma, tier, n = cue
        if tier == "dash":
            return self._dash(i, n)
        if tier == "according":
            return self._according(i, n, surface)
        toks, lo = self.toks, self.lo
        if i - 1 >= lo and (toks[i - 1].low in _POSSESSIVE_DET or _possessive(toks[i - 1])
                            or (surface in _NOUNISH and toks[i - 1].low in _ARTICLES)):
            return None  # "in his report", "Trump’s claim", "the report": a noun, not a cue
        if surface in _NOUNISH and i - 2 >= lo and (toks[i - 2].low in _ARTICLES or toks[i - 2].low in _POSSESSIVE_DET
                                                    or _possessive(toks[i - 2])) \
                and _modifier(toks[i - 1], self.lex) \
                and toks[i - 1].low not in self.lex.speaker_nouns and toks[i - 1].low not in self.lex.descriptors:
            return None  # "to make a controversial comment", "Hofeller's 2015 report": a noun
        j, negated = i - 1, False
        progressive = surface.endswith("ing")
        lex = self.lex
        while j >= lo:
            t = toks[j]
            w = t.low
            negation = w in lex.negations or w.endswith(("n't", "n’t"))
            if negation or w in lex.between or (w in lex.time_words and not t.cap and j > lo) or _adverb(t):
                negated |= negation
                j -= 1
            elif progressive and w in _BE:
                j -= 1  # "Trump is saying", "she was telling"
                progressive = False
            elif (w in lex.time_words or _month_or_year(t)) \
                    and (start := _time_phrase_start(toks, j, lo, lex)) is not None:
                j = start - 1  # "Acme on Friday said", "the minister last week told"
            else:
                progressive = progressive and w not in _CONTRACTED  # "He’s claiming"
                break
        if negated or (j >= lo and (toks[j].low in _BE or toks[j].low == "to")):
            return None  # "did not say", "is said to", "declined to say"
        if progressive and tier != "introducing":
            return self._participle(i, j, surface, lemma, tier)
        if j < lo:
            return self._opening_cue(i, n, surface, lemma)
        prev = toks[j]
        if prev.low in ("and", "but"):
            # "Merrill says Machado promised ... and said she would stand up": one subject, two cues;
            # "Rubio thanked Miami and said it was great to be home": the subject of the first verb
            if j - 2 >= lo and toks[j - 2].low in _BE and toks[j - 1].low.endswith("ed") and surface.endswith("ed"):
                return None  # "has been arrested and charged with ...": a passive, like "is said to"
            earlier = self.attrs[-1].mention if self.attrs and self.attrs[-1].at < j else self._clause_subject_before(j)
            span = self._after(i + n, lemma, tier)
            if span is None or earlier is None:
                return None
            return _Attr(surface, lemma, i, earlier, [span], "second verb of the same subject")
        if prev.text == "," or prev.q >= 0 or prev.text in _DASHES:
            inverted = self._inverted(i, n, surface, lemma, tier)
            if inverted is not None or prev.text != ",":
                return inverted
            return self._appositive(i, j, surface, lemma, tier)
        np = _np_back(toks, j, lo, self.lex) or self._clause_subject(j)
        if np is None:
            return None
        return self._with_content(i, n, surface, lemma, tier, np, "speaker and cue")

    def _clause_subject(self, j: int) -> tuple[int, int] | None:
        """A longer subject opening its clause: "Experts on North Korea and nuclear nonproliferation said"."""
        toks = self.toks
        a = self._clause_start(j + 1)
        for t in range(j, a - 1, -1):
            if toks[t].text in (",", ";") or toks[t].q >= 0 or toks[t].text in _DASHES:
                a = t + 1
                break
        if not (a < j and j - a <= 10) or toks[a].low in _CIRCUMSTANCE or toks[a].low in _CLAUSE_STOP:
            return None
        forms = self.lex.forms
        for w in toks[a:j + 1]:
            if not w.word or w.low in _AUX or w.low in forms or (w.low in _NP_STOP and w.low not in _SUBJECT_GLUE):
                return None  # a verb, or "yet refuses to release his tax records or": a clause, not a subject
        if toks[a].text in self.lex.not_names or toks[j].low in _NOT_HEADS or _possessive(toks[j]):
            return None
        return (a, j + 1)

    def _opening_cue(self, i: int, n: int, surface: str, lemma: str) -> _Attr | None:
        """"Said Ellis: “...”" — a cue opening the sentence, its speaker after it."""
        toks = self.toks
        np = _np_fwd(toks, i + n, self.hi, self.lex)
        if np is None or np[1] >= self.hi or toks[np[1]].text not in (",", ":"):
            return None
        k = np[1] + 1
        if k >= self.hi or toks[k].q < 0:
            return None
        a, b = self._trim(k, self._content_end(k))
        return _Attr(surface, lemma, i, self._mention(*np), [(a, b)], "cue opening the sentence, speaker after it")

    def _mention(self, a: int, b: int) -> _Mention:
        toks = self.toks
        # "Mr. Grassley and Mr. Leahy said": two people speaking together
        if a - 2 >= self.lo and toks[a - 1].low == "and" and toks[a].cap:
            other = _np_back(toks, a - 2, self.lo, self.lex)
            if other is not None and toks[other[1] - 1].cap:
                a = other[0]
        m = _make_mention(self.para, a, b)
        if m.kind == "name":
            for x in range(a, b):
                if toks[x].low == "and" and not _titles_joined(toks, x, self.lex):
                    m.name = " and ".join(_strip_titles(part, self.lex) for part in re.split(r"\s+and\s+", m.text))
                    break
        if m.kind == "relative" and a >= 1:
            j = a - 2 if a >= 2 and toks[a - 1].text == "," else a - 1
            np = _np_back(toks, j, self.lo, self.lex)
            if np is not None:
                m.antecedent = _make_mention(self.para, *np)
        return m

    def _participle(self, i: int, j: int, surface: str, lemma: str, tier: str) -> _Attr | None:
        """"..., adding that ...": the speaker is the one of the clause before."""
        named = None
        if j >= self.lo and self.toks[j].cap and not (self.toks[j].text == "," or self._ends_with_comma(j)):
            np = _np_back(self.toks, j, self.lo, self.lex)
            if np is None or _make_mention(self.para, *np).kind != "name":
                return None
            named = self._mention(*np)  # "footage of Trump saying, ..."
        elif j < self.lo or not (self.toks[j].text == "," or self._ends_with_comma(j)):
            return None
        span = self._after(i + 1, lemma, tier)
        if span is None:
            return None
        first = self.toks[span[0]]
        introduced = first.q >= 0 or self.toks[span[0] - 1].low == "that" or self.toks[span[0] - 1].text == ":"
        if not (introduced or (tier == "speech" and self._clause(*span))):
            return None  # "writing off $10 billion": a participle, not a report
        earlier = named or (self.attrs[-1].mention if self.attrs else None)
        if earlier is None:
            earlier = self._sentence_subject()  # "Trump unleashed tweets, saying that ..."
        if earlier is None:
            return None
        return _Attr(surface, lemma, i, earlier, [span], f"'{surface}' continues the sentence's speaker")

    def _clause_subject_before(self, j: int) -> _Mention | None:
        """The nearest subject opening a clause before token ``j``: a name or pronoun followed by a verb."""
        toks = self.toks
        for x in range(j - 1, self.lo - 1, -1):
            opens = x == self.lo or toks[x - 1].text in ",;:" or toks[x - 1].low in _CLAUSE_STOP
            if not opens:
                continue
            np = _np_fwd(toks, x, j, self.lex)
            if np is None or np[1] >= j:
                continue
            nxt = toks[np[1]]
            if nxt.word and not nxt.cap and (nxt.low not in _NP_STOP or nxt.low in _AUX):
                m = self._mention(*np)
                if m.kind in ("name", "pronoun") or (m.kind == "common" and toks[np[0]].low in _DETERMINERS):
                    return m
        return None

    def _ends_with_comma(self, t: int) -> bool:
        """A quotation closed after a comma (“...,”): the sentence goes on after it."""
        tok = self.toks[t]
        if tok.q < 0:
            return False
        mk = self.para.marks[tok.q]
        return self.para.text[mk.inner_start:mk.inner_end].rstrip().endswith(",")

    def _sentence_subject(self) -> _Mention | None:
        """The subject opening the sentence, after any introductory phrase ("During a speech, Trump ...")."""
        lo = _subject_start(self.toks, self.lo, self.hi, self.lex)
        if self.toks[lo].low in _CIRCUMSTANCE or self.toks[lo].low in _CLAUSE_STOP:
            commas = [t for t in range(lo, self.hi) if self.toks[t].text == ","]
            if not commas:
                return None
            lo = commas[0] + 1
        np = _np_fwd(self.toks, lo, self.hi, self.lex)
        if np is None or np[1] >= self.hi:
            return None
        after = np[1]
        if self.toks[after].text == ",":  # "Dean, a former chairman, poked at ..."
            if self._description_end(after + 1) is None:
                return None
            close = next((m for m in range(after + 1, min(after + 30, self.hi)) if self.toks[m].text == ","), None)
            if close is None:
                return None
            after = close + 1
        if after >= self.hi or self.toks[after].cap or not self.toks[after].word:
            return None
        m = _make_mention(self.para, *np)
        return m if m.kind in ("name", "pronoun") else None

    def _inverted(self, i: int, n: int, surface: str, lemma: str, tier: str) -> _Attr | None:
        """"“…,” said Courtney, who ...", "That all ended in 1991, said Bechtol"."""
        toks, hi = self.toks, self.hi
        if lemma in _TOLD:
            return None  # "“…,” Jane Roe, a lawyer, told CNN": who is told, not who speaks
        np = _np_fwd(toks, i + n, hi, self.lex)
        if np is None:
            return None
        a, b = np
        after = b
        description = None
        if after < hi and toks[after].text == ",":
            d_end = self._description_end(after + 1)
            if d_end is not None:
                description = self.para.span(after + 1, d_end)
                after = d_end
        if not (after >= hi or toks[after].text in _PUNCT_END or toks[after].text in _DASHES
                or toks[after].q >= 0 or toks[after].low in _PREPS or toks[after].low in self.lex.time_words):
            return None  # "said Kim had sent": a reported clause, not an inverted speaker
        j = i - 1
        end = j if toks[j].text == "," or toks[j].text in _DASHES else j + 1
        start = self._clause_start(end)
        if not self._reportable(start, end):
            return None
        contents = [(start, end)]
        # “A,” said X, “B.” — the quotation resumes after the attribution
        if after + 1 < hi and toks[after].text == "," and toks[after + 1].q >= 0:
            contents.append((after + 1, after + 2))
        mention = self._mention(a, b)  # made only now: most cues after a comma are not inverted
        if description is not None:
            mention.description.append(description)
        return _Attr(surface, lemma, i, mention, contents, "the words, then cue and speaker")

    def _appositive(self, i: int, j: int, surface: str, lemma: str, tier: str) -> _Attr | None:
        """"Bruce Bechtol, a professor ..., said ...": the subject stands before the appositive."""
        toks, lo = self.toks, self.lo
        for c in range(j - 1, max(lo, j - 45) - 1, -1):
            if toks[c].text != "," or self.claimed[c]:
                continue
            np = _np_back(toks, c - 1, lo, self.lex)
            if np is None:
                continue
            # the speaker follows a comma, a quotation or "and", or opens the sentence after words
            # like "Even" ("Even China, ..., said"); the cheaper test first
            before = toks[np[0] - 1]
            if not (before.text in ",;:" or before.q >= 0 or before.low in ("and", "but")) and not all(
                    toks[x].text in self.lex.not_names or toks[x].low in self.lex.between or _adverb(toks[x])
                    for x in range(lo, np[0])):
                continue
            mention = self._mention(*np)
            appositive = self.para.span(c + 1, j)
            if mention.kind == "common" and all(toks[x].cap or toks[x].text == "." for x in range(c + 1, j)):
                # "The state’s campaign chairman, Phil Lovas, said": the appositive is the name
                mention.kind, mention.name, mention.org = "name", appositive, False
            elif (toks[c + 1].low in _DESC_START or toks[c + 1].low in self.lex.descriptors
                  or toks[c + 1].text[0].isdigit() or _owned_role(toks, c + 1, j, self.lex)):
                mention.description.append(appositive)
            return self._with_content(i, 1, surface, lemma, tier, np, "speaker (with a description) and cue", mention)
        return None

    def _according(self, i: int, n: int, surface: str) -> _Attr | None:
        """"according to X, ..." and "..., according to X"."""
        toks, lo, hi = self.toks, self.lo, self.hi
        np = _np_fwd(toks, i + n, hi, self.lex)
        if np is None:
            return None
        mention = self._mention(*np)
        after = np[1]
        if after < hi and toks[after].text == ",":
            d_end = self._description_end(after + 1)
            if d_end is not None:
                mention.description.append(self.para.span(after + 1, d_end))
                after = d_end
        opening = all(not toks[t].word or toks[t].low in ("but", "and", "yet", "so") for t in range(lo, i))
        if opening:
            k = after + 1 if after < hi and toks[after].text == "," else after
            span = (k, self._content_end(k))
            span = self._trim(*span)
        else:
            end = i - 1 if toks[i - 1].text == "," else i
            span = (self._clause_start(end), end)
        if not self._reportable(*span):
            return None
        return _Attr(surface, surface, i, mention, [span], "according to")

    def _dash(self, i: int, n: int) -> _Attr | None:
        """"“…” — Donald J. Trump (@realDonaldTrump)": a signature after a quotation."""
        toks = self.toks
        j = i - 1
        while j >= self.lo and toks[j].text in _PUNCT_END:
            j -= 1
        if j < self.lo or toks[j].q < 0:
            return None
        np = _np_fwd(toks, i + n, self.hi, self.lex)
        if np is None:
            return None
        mention = self._mention(*np)
        if mention.kind != "name":
            return None
        return _Attr("—", "—", i, mention, [(j, j + 1)], "signature after quotation")

    # ---------------------------------------------------------------- content

    def _with_content(self, i: int, n: int, surface: str, lemma: str, tier: str, np: tuple[int, int],
                      how: str, mention: _Mention | None = None) -> _Attr | None:
        """The attribution of the speaker at tokens ``np`` (``mention``, when already read) before the cue
        at ``i``, with what it reports; None when it reports nothing. The mention is made only then."""
        toks = self.toks
        np_start = np[0]
        tail = self._tail(i + n, lemma)
        after = self._content_after(tail, tier)
        contents: list[tuple[int, int]] = []
        before_end = np_start
        if before_end - 1 >= self.lo and toks[before_end - 1].text == ",":
            before_end -= 1
        before = (self._clause_start(before_end), before_end)
        quoted_before = before[1] > before[0] and self._only_quotes(*before)
        if after is not None:
            if quoted_before and (toks[np_start - 1].text == "," or toks[np_start - 1].q >= 0):
                contents.append(before)  # “A,” X said, “B.”
            contents.append(after)
            pattern = how + (", then the words" if len(contents) == 1 else ", the quotation on both sides")
        else:
            if not (self._ends_clause(tail) or self._ends_clause(self._addressee(i + n, lemma))):
                return None
            if tier == "introducing" or not (toks[np_start - 1].text == "," or toks[np_start - 1].q >= 0
                                              if np_start > self.lo else False):
                if self._colon_ends_paragraph(tail):
                    return _Attr(surface, lemma, i, mention if mention is not None else self._mention(*np), [],
                                 how + ", introducing the next paragraph", intro=True)
                return None
            inside = self._parenthetical(tail)
            if inside is not None and not (self._only_quotes(*before) or self._clause(*before)):
                # "During his years in office, Mr. Obama said, a majority have come to believe ..."
                contents.append(inside)
                pattern = how + " inside the sentence"
            elif self._reportable(*before):
                contents.append(before)
                pattern = "the words, then " + how
            else:
                return None
        return _Attr(surface, lemma, i, mention if mention is not None else self._mention(*np), contents, pattern)

    def _parenthetical(self, k: int) -> tuple[int, int] | None:
        """The clause after ", X said," when the attribution sits inside the sentence (``k``: the cue's tail)."""
        toks = self.toks
        if k >= self.hi or toks[k].text != ",":
            return None
        a, b = self._trim(k + 1, self._content_end(k + 1))
        return (a, b) if b - a >= 3 and self._clause(a, b) else None

    def _after(self, k: int, lemma: str, tier: str) -> tuple[int, int] | None:
        """The reported content after a cue ending at ``k``, or None."""
        return self._content_after(self._tail(k, lemma), tier)

    def _content_after(self, k: int, tier: str) -> tuple[int, int] | None:
        """The reported content after a cue's tail (:meth:`_tail`) at ``k``, or None."""
        toks, hi, lex = self.toks, self.hi, self.lex
        if self._stops_at(k):
            return None  # ", adding that ...": the next cue takes over
        colon = comma = False
        while k < hi and toks[k].text in (",", ":"):
            colon |= toks[k].text == ":"
            comma |= toks[k].text == ","
            k += 1
        if comma and not colon and k < hi and toks[k].q < 0 and toks[k].low != "that" and not (
                k + 1 < hi and toks[k + 1].text == "," and k + 2 < hi and toks[k + 2].low == "that"):
            return None  # "Warren told Stumpf, after he admitted ...": the attribution ended at the comma
        k = self._skip_to_that(k)
        that = k < hi and toks[k].low == "that" and not (k + 1 < hi and not toks[k + 1].word and toks[k + 1].q < 0)
        if that:
            k += 1
        end = self._content_end(k)
        a, b = self._trim(k, end)
        if b <= a or (toks[a].word and toks[a].low in lex.forms and not toks[a].cap):
            return None  # "said at a news conference announcing that ...": another cue's business
        has_quote = self._has_quote(a, b)
        if toks[a].q >= 0 and self._only_quotes(a, b):
            return (a, b)
        if tier == "introducing":
            return None
        if not that and toks[a].low in _CLAUSE_STOP and not any(toks[t].text == "," for t in range(a, b)):
            return None  # "Hollande said as he entered the talks": when, not what
        if not (that or colon or has_quote) and toks[a].low in _CIRCUMSTANCE and not self._clause(a, b):
            return None  # "said in a recent interview in Honolulu": where, not what
        if has_quote:
            return (a, b)
        if that or colon:
            return (a, b) if _enough_words(self.toks, a, b, 1) else None
        if not _enough_words(self.toks, a, b, 3):
            return None
        if tier == "speech" or self._clause(a, b):
            return (a, b)
        return None

    def _tail(self, k: int, lemma: str) -> int:
        """Skip the addressee ("told CNN"), adverbs and the occasion ("on Tuesday") after a cue."""
        return self._skip_occasion(self._addressee(k, lemma))

    def _addressee(self, k: int, lemma: str) -> int:
        toks, hi, lex = self.toks, self.hi, self.lex
        while k < hi and _adverb(toks[k]):
            k += 1  # "Gowdy said sarcastically"
        if lemma in lex.addressee and k < hi and not self._starts_content(k):
            if toks[k].low in _OBJECT_PRONOUNS:
                k += 1
            else:
                np = _np_fwd(toks, k, hi, lex, strict=False)
                if np is not None:
                    k = np[1]
            while k < hi and _adverb(toks[k]):
                k += 1  # "told reporters flatly"
        return k

    def _skip_to_that(self, k: int) -> int:
        """"says at a campaign stop in Toledo, Ohio, that ...": jump to the "that" after a circumstance."""
        toks = self.toks
        if k >= self.hi or toks[k].low not in _CIRCUMSTANCE:
            return k
        for m in range(k + 1, min(k + 12, self.hi)):
            t = toks[m]
            if t.low == "that":
                return m
            if t.q >= 0 or t.low in _AUX or t.low in _SUBJECT_PRONOUNS or t.text in ".;:":
                return k
        return k

    def _starts_content(self, k: int) -> bool:
        t = self.toks[k]
        return t.q >= 0 or t.text in ",:" or t.low == "that"

    def _skip_occasion(self, k: int) -> int:
        """Skip "in a statement", "on Tuesday", "last week", "in an interview with CNN"."""
        toks, hi, lex = self.toks, self.hi, self.lex
        for _ in range(3):
            if k >= hi:
                return k
            t = toks[k]
            if t.low in lex.time_words and t.low not in ("this", "last", "later", "earlier") or t.low in _WEEKDAYS:
                k += 1
                continue
            if t.low in ("last", "this", "earlier", "later") and k + 1 < hi and toks[k + 1].low in lex.time_words:
                k += 2
                continue
            if t.low in _PREPS or t.low in ("to", "with"):
                stop = None
                for m in range(k + 1, min(k + 7, hi)):
                    if toks[m].low in lex.occasion or toks[m].low in lex.time_words or _month_or_year(toks[m]):
                        stop = m
                    elif not (toks[m].word and (toks[m].low in _DETERMINERS or toks[m].cap or toks[m].low.isalpha())):
                        break
                    if toks[m].low in ("that", "said", "the") and stop is not None:
                        break
                if stop is None:
                    return k
                k = stop + 1
                if k < hi and toks[k].low == "with":
                    np = _np_fwd(toks, k + 1, hi, lex)
                    if np is not None:
                        k = np[1]
                continue
            return k
        return k

    def _content_end(self, k: int) -> int:
        """Where a content after a cue stops: the sentence end, or a boundary before the next attribution.

        Boundaries are a comma, a dash, a semicolon or a quotation ending in a
        comma, followed (after "and"/"but") by a cue of its own: ", adding that",
        ", according to", "— and he noted that", "“...,” she said".
        """
        toks, hi = self.toks, self.hi
        # a boundary, and "and"/"but", need a token after them; every other word is passed over
        for m in range(k, hi - 1):
            t = toks[m]
            if t.q >= 0:
                if self._ends_with_comma(m) and self._cue_follows(m + 1):
                    return m + 1
            elif t.low not in _CONTENT_STOPS:
                continue
            elif t.low == "and" or t.low == "but":
                if m > k:
                    c = _cue_at(toks, m + 1, self.lo, self.lex)
                    if c is not None and c[2] in ("speech", "reporting"):
                        return m  # "... and said she would stand up"
            elif self._cue_follows(m + 1):
                return m
        return hi

    def _stops_at(self, k: int) -> bool:
        """Whether the content after a cue ends before it starts at ``k`` (``_content_end(k) == k``):
        the sentence ends there, or a comma, semicolon or dash is followed by another cue."""
        if k >= self.hi:
            return True
        t = self.toks[k]
        return t.q < 0 and t.low in _CONTENT_STOPS and t.low != "and" and t.low != "but" and k + 1 < self.hi \
            and self._cue_follows(k + 1)

    def _cue_follows(self, first: int) -> bool:
        """Whether a cue of its own follows a boundary, at ``first`` or after its speaker
        (and after "and"/"but" or a word opening a clause): ", adding that", ", he said"."""
        toks, hi, lex = self.toks, self.hi, self.lex
        if (toks[first].low in ("and", "but") or toks[first].low in _CLAUSE_STOP) and first + 1 < hi:
            first += 1  # ", though she acknowledged ..."
        starts = _cue_starts(lex)
        for x in range(first, min(first + 5, hi)):
            if self.claimed[x]:
                break
            t = toks[x]
            if t.low in starts:  # where no cue can start, _cue_at finds none
                c = _cue_at(toks, x, self.lo, lex)
                if c is not None and c[2] != "dash":
                    if x == first or toks[x - 1].low in lex.between or (
                            _np_back(toks, x - 1, first, lex) or (None,))[0] == first:
                        return True
            if not t.word:
                break
        return False

    def _trim(self, a: int, b: int) -> tuple[int, int]:
        toks = self.toks
        while b > a and not toks[b - 1].word and toks[b - 1].q < 0 and toks[b - 1].text != ")":
            b -= 1
        while a < b and toks[a].text in (",", ":", ";", "—", "–", "-"):
            a += 1
        return a, b

    def _clause_start(self, end: int) -> int:
        """Where the content before a cue starts: the sentence start or after the last attribution."""
        toks, claimed, lo = self.toks, self.claimed, self.lo
        a = lo
        for t in range(end - 1, lo - 1, -1):
            if claimed[t] or toks[t].text == ";":
                a = t + 1
                break
        while a < end and toks[a].text in (",", ":", ";", "—", "–", "-"):
            a += 1
        return a

    def _reportable(self, a: int, b: int) -> bool:
        return b > a and (self._has_quote(a, b) or _enough_words(self.toks, a, b, 3))

    def _has_quote(self, a: int, b: int) -> bool:
        """Whether a quotation is among tokens [a, b) (looked up among the quotations' tokens)."""
        at = self.para.mark_tok
        x = bisect.bisect_left(at, a)
        return x < len(at) and at[x] < b

    def _only_quotes(self, a: int, b: int) -> bool:
        """Quotations and punctuation only, at least one quotation, in tokens [a, b)."""
        if not self._has_quote(a, b):
            return False
        for t in self.toks[a:b]:
            if t.word and t.q < 0:
                return False
        return True

    def _clause(self, a: int, b: int) -> bool:
        """A rough test for a finite clause: an auxiliary, a modal, a past-tense verb or a subject pronoun."""
        toks = self.toks
        for t in range(a, min(b, a + 14)):
            w = toks[t]
            if w.low in _AUX or w.low in _PAST or w.low.endswith("n't") or w.low in _CONTRACTED:
                return True
            if w.low in _SUBJECT_PRONOUNS and w.low != "it" and t + 1 < b and toks[t + 1].word:
                return True
            if w.low == "it" and t + 1 < b and toks[t + 1].low.endswith("s") and toks[t + 1].word:
                return True
            if w.low.endswith("ed") and len(w.low) > 4 and t > a and toks[t - 1].low not in _DETERMINERS:
                return True
        return False

    def _ends_clause(self, k: int) -> bool:
        """Whether nothing but circumstances follow ``k`` up to the next punctuation.

        "... he said in a recent interview in Honolulu.", "... Mr. Clarke recalled of
        the proceedings." — a short prepositional phrase with no verb is not a report.
        """
        toks = self.toks
        if k >= self.hi or toks[k].text in _PUNCT_END or toks[k].text in _DASHES:
            return True
        if toks[k].low in _CLAUSE_STOP:
            return True  # "... Hollande said as he entered the talks": a new clause, not the report
        if _adverb(toks[k]):
            return self._ends_clause(k + 1)
        if toks[k].low not in _CIRCUMSTANCE:
            return False
        for m in range(k, min(k + 13, self.hi)):
            t = toks[m]
            if t.text in _PUNCT_END or t.text in _DASHES:
                return True
            if t.q >= 0 or t.low == "that" or t.low in _AUX or t.low in _SUBJECT_PRONOUNS:
                return False
        return k + 13 > self.hi

    def _colon_ends_paragraph(self, k: int) -> bool:
        toks = self.toks
        return k < len(toks) and toks[k].text == ":" and k == len(toks) - 1

    def _description_end(self, k: int) -> int | None:
        """End of an appositive starting at ``k`` ("a senior research fellow at X"), or None."""
        toks, hi = self.toks, self.hi
        if k >= hi:
            return None
        t = toks[k]
        if not (t.low in _DESC_START or t.low in self.lex.descriptors or t.text[0].isdigit()):
            return None
        relative = False
        for m in range(k, hi):
            x = toks[m]
            relative |= x.low in ("who", "whose", "which", "that")
            if x.low in _AUX and not relative:
                return None  # "According to Courtney, the pressure had worked": a clause, not a description
            if x.q >= 0 or x.text in ";:" or x.text in _DASHES:
                return m if m > k else None
            if x.text == "," and m + 1 < hi and (toks[m + 1].low in _CLAUSE_STOP or toks[m + 1].q >= 0
                                                 or _cue_at(toks, m + 1, self.lo, self.lex) is not None):
                return m
            if x.text in _TERMINAL and m == hi - 1:
                return m
        return hi


# Verbs whose inverted order names the listener, not the speaker: "“…,” she said" but "“…,” X told NPR".
_TOLD: Final = frozenset({"tell"})
# What _Sentence._content_end stops to look at (besides quotations): a boundary, or "and"/"but"
_CONTENT_STOPS: Final = frozenset({",", ";", "and", "but"}) | _DASHES

_NOT_ADVERBS: Final = frozenset("family supply rally ally reply assembly italy july bully belly jelly".split())


def _adverb(t: _Tok) -> bool:
    """An -ly adverb ("sarcastically", "flatly") that may stand next to a cue (the ending first: most words fail there)."""
    return t.low.endswith("ly") and t.word and not t.cap and len(t.low) > 4 and t.low not in _NOT_ADVERBS


def _time_phrase_start(toks: list[_Tok], j: int, lo: int, lex: Cues) -> int | None:
    """Start of a time phrase ending at token ``j`` ("on Friday", "last week", "in 2016"), or None."""
    m = j
    while m >= lo and (toks[m].low in lex.time_words or _month_or_year(toks[m])):
        m -= 1
    if m == j or m < lo:
        return None
    if toks[m].low in ("on", "in", "at", "during", "early", "late") and m > lo:
        return m
    if m + 1 < j and toks[m + 1].low in ("last", "this", "earlier", "later") and m >= lo:
        return m + 1
    return None


def _month_or_year(t: _Tok) -> bool:
    """A month's name or a year from 1900 to 2099 (``(?:19|20)\\d\\d``: ``\\d`` is any decimal digit, as
    ``str.isdecimal`` counts them; tested without a regex, as most words fail on their length)."""
    x = t.text
    return x in _MONTHS or (len(x) == 4 and x[:2] in ("19", "20") and x[2:].isdecimal())


_WEEKDAYS: Final = frozenset("monday tuesday wednesday thursday friday saturday sunday".split())
_MONTHS: Final = frozenset(
    "January February March April May June July August September October November December "
    "Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec".split()
)


# --------------------------------------------------------------------------- one paragraph


@dataclass(slots=True)
class _Context:
    """What a paragraph inherits from the one before it."""

    last: _Attr | None = None  # the attribution of its last quote
    intro: _Attr | None = None  # it ended "X continued:"
    open_quote: _Found | None = None  # its last quotation runs on


_LABEL: Final = re.compile(r"^[\"“„«]?([A-Z][A-Z.'’\- ]{1,40}[A-Z.])\s?:\s+(\S)")


def _paragraph_quotes(para: _Para, ctx: _Context, dropped: list[dict[str, Any]]) -> tuple[list[_Found], _Context]:
    if ctx.intro is None and not para.may_quote():
        return [], _Context()  # narrative only: nothing to read, nothing runs on
    toks = para.toks
    claimed = [False] * len(toks)
    attrs: list[_Attr] = []
    # where a cue may start (a dash lower-cases to itself): _Sentence.read looks nowhere else.
    # With the bundled cues each token knows (``_Tok.cue``): an attribute of the token, read
    # faster than its lower case looked up in a set.
    if para.lex is _default_cues():
        cands = [t for t, tok in enumerate(toks) if tok.cue]
    else:
        starts = _cue_starts(para.lex)
        cands = [t for t, tok in enumerate(toks) if tok.low in starts]
    # the sentences holding candidates (``sent_of``), each read once with its own
    sents, sent_of = para.sents, para.sent_of
    x, n = 0, len(cands)
    while x < n:
        lo, hi = sents[sent_of[cands[x]]]
        if not lo <= cands[x] < hi:
            x += 1  # in no sentence (sentences cover all the text but whitespace, so never): not read
            continue
        y = x + 1
        while y < n and cands[y] < hi:
            y += 1
        attrs.extend(_Sentence(para, lo, hi, claimed).read(cands[x:y]))
        x = y
    found: list[_Found] = []
    owner: dict[int, _Found] = {}  # mark index -> its quote

    label = _transcript_label(para)
    if label is not None:
        found.append(label)

    for attr in attrs:
        for a, b in attr.contents:
            _content_quotes(para, attr, a, b, found, owner)

    for qi, mk in enumerate(para.marks):
        if qi in owner or label is not None:
            continue
        t = para.mark_tok[qi]
        f = _loose_quote(para, qi, t, attrs, ctx, claimed)
        if f is None:
            dropped.append({"paragraph": para.index, "text": para.text[mk.inner_start:mk.inner_end],
                            "reason": _not_speech_reason(para, t, claimed)})
            continue
        found.append(f)
        owner[qi] = f

    if not para.marks and ctx.intro is not None and label is None and not attrs:
        text = para.text.strip()
        found.append(_Found(para.index, para.text.index(text[0]), para.text.index(text[0]) + len(text), "direct",
                            ctx.intro, "introduced by a colon at the end of the previous paragraph"))

    if len(found) > 1:
        found.sort(key=lambda f: (f.start, -f.end))
    nxt = _Context()
    for f in reversed(found):
        if f.attr is not None:
            nxt.last = f.attr  # the attribution of the last quote that has one
            break
    if attrs and attrs[-1].intro:
        nxt.intro = attrs[-1]
    if para.marks and not para.marks[-1].closed and not para.marks[-1].repaired:
        nxt.open_quote = owner.get(len(para.marks) - 1)
    return found, nxt


def _content_quotes(para: _Para, attr: _Attr, a: int, b: int, found: list[_Found], owner: dict[int, _Found]) -> None:
    toks = para.toks
    # the quotations among tokens [a, b), found among the quotations' tokens
    at = para.mark_tok
    quotes = [t for t in at[bisect.bisect_left(at, a):bisect.bisect_left(at, b)]
              if _has_words(para, para.marks[toks[t].q])]
    if not _enough_words(toks, a, b, 1):
        for t in quotes:
            mk = para.marks[toks[t].q]
            f = _Found(para.index, *_inner(para, mk), "direct", attr, attr.pattern)
            found.append(f)
            owner[toks[t].q] = f
        return
    start, end = para.starts[a], para.ends[b - 1]
    ind = _Found(para.index, start, end, "indirect", attr, attr.pattern)
    if quotes and toks[b - 1].q >= 0:
        ind.end = para.marks[toks[b - 1].q].end
    ind.start, ind.end = _strip_span(para.text, ind.start, ind.end)
    found.append(ind)
    for t in quotes:
        mk = para.marks[toks[t].q]
        f = _Found(para.index, *_inner(para, mk), "partial", attr, "quoted words inside reported speech", within=ind)
        found.append(f)
        owner[toks[t].q] = f


def _enough_words(toks: list[_Tok], a: int, b: int, n: int) -> bool:
    """Whether tokens [a, b) hold at least ``n`` words (a loop: cheaper than counting them all)."""
    if b - a < n:
        return False
    for t in toks[a:b]:
        if t.word:
            n -= 1
            if not n:
                return True
    return False


def _has_words(para: _Para, mk: _Mark) -> bool:
    # a character str.isalnum counts (_ALNUM, with the registry's code below); one C search
    return _ALNUM.search(para.text, mk.inner_start, mk.inner_end) is not None


def _inner(para: _Para, mk: _Mark) -> tuple[int, int]:
    return _strip_span(para.text, mk.inner_start, mk.inner_end)


def _strip_span(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a].isspace():
        a += 1
    while b > a and (text[b - 1].isspace() or text[b - 1] in ",;:"):
        b -= 1
    return a, b


def _loose_quote(para: _Para, qi: int, t: int, attrs: list[_Attr], ctx: _Context,
                 claimed: list[bool]) -> _Found | None:
    """A quotation no cue reported: continue a speaker, or decide it is not speech."""
    toks = para.toks
    mk = para.marks[qi]
    start, end = _inner(para, mk)
    # a letter: most quotations start with one, so the generator is rarely needed
    if end <= start or not (para.text[start].isalpha() or any(c.isalpha() for c in para.text[start:end])):
        return None
    if claimed[t]:
        return None  # inside a mention or its description: a title, a nickname
    sent = para.sents[para.sent_of[t]]
    alone = True
    for x in toks[sent[0]:sent[1]]:
        if x.word and x.q < 0:
            alone = False
            break
    before = [a for a in attrs if a.at < t]
    after = [a for a in attrs if a.at > t]
    if ctx.open_quote is not None and qi == 0 and mk.open == _first_char(para.text):
        f = _Found(para.index, start, end, "direct" if alone else "partial", ctx.open_quote.attr,
                   "the quotation runs on from the previous paragraph")
        f.continues = ctx.open_quote.continues or ctx.open_quote
        return f
    if not alone:
        # A fragment in a sentence of the reporter's: speech only when the paragraph quotes someone
        # and the fragment is long enough to be more than a term ("juche", "self-reliance").
        starts = _cue_starts(para.lex)
        if attrs and len(tokenize(para.text[start:end])) >= 3 and not any(
                not toks[x].cap and toks[x].low in starts and _cue_at(toks, x, sent[0], para.lex)
                for x in range(*sent)):
            near = before[-1] if before else after[0]
            return _Found(para.index, start, end, "partial", near,
                          "quoted fragment in a paragraph quoting the same speaker")
        return None
    if before:
        return _Found(para.index, start, end, "direct", before[-1],
                      "quotation continues after the attribution earlier in the paragraph")
    if after and any(toks[a].q >= 0 for a, _ in after[0].contents):
        return _Found(para.index, start, end, "direct", after[0],
                      "quotation before its attribution later in the paragraph")
    if ctx.intro is not None:
        return _Found(para.index, start, end, "direct", ctx.intro,
                      "introduced by a colon at the end of the previous paragraph")
    if ctx.last is not None:
        return _Found(para.index, start, end, "direct", ctx.last,
                      "paragraph of quotation with no attribution: continues the previous paragraph's speaker")
    return _Found(para.index, start, end, "direct", None, "quotation with no attribution in reach")


def _first_char(text: str) -> int:
    return len(text) - len(text.lstrip())


def _not_speech_reason(para: _Para, t: int, claimed: list[bool]) -> str:
    if claimed[t]:
        return "part of a speaker's name or description (a title or a nickname)"
    return "a term or scare quote: no speech cue in its sentence"


def _transcript_label(para: _Para) -> _Found | None:
    """"PENCE: Well, look, ..." — a speaker label in capitals opening a transcript line."""
    m = _LABEL.match(para.text)
    if not m:
        return None
    label = m.group(1).strip()
    if label.upper() != label or label in para.lex.not_labels or len(label.replace(".", "")) < 2:
        return None
    start, end = m.start(2), len(para.text.rstrip())
    mention = _Mention(para.index, m.start(1), m.end(1), label, "label", name=label.title())
    if para.marks and para.marks[0].open == start:
        start, end = _inner(para, para.marks[0])
    elif para.marks and para.marks[0].open == 0:  # the whole transcript line is in quotation marks
        end = _inner(para, para.marks[0])[1]
    attr = _Attr(":", ":", 0, mention, [], "transcript: speaker label in capitals")
    return _Found(para.index, start, end, "direct", attr, attr.pattern)


# --------------------------------------------------------------------------- speakers


@dataclass(slots=True)
class _Person:
    name: str
    kind: str  # person | organisation | unnamed
    key: tuple[str, ...]
    mentions: list[str] = field(default_factory=list)
    descriptions: list[str] = field(default_factory=list)
    gender: str | None = None
    last: int = -1
    first: int = -1  # the quote that first named them
    named: bool = False  # written with a name ("Acme Corp", "Jane Roe"), not only a description
    role: str | None = None  # a definite description's noun ("CEO" of "its CEO") no named person took
    cues: list[str] = field(default_factory=list)  # the cue verbs of their quotes ("say", "report")


_ASCII_WORD: Final = re.compile(r"[A-Za-z]+")
_ALNUM: Final = re.compile(r"[^\W_]")  # a character for which str.isalnum() is true: \w less "_"
_LEADING_ARTICLE: Final = re.compile(r"^(?:a|an|the|another|one)\s+", re.IGNORECASE)
_OWNER_SPACED: Final = re.compile(r"(\w)\s+(['’]s)\b")
_APART_OWNER: Final = re.compile(r"(\w) (['’]s)\b")
_CONTRACTION_END: Final = re.compile(r"['’](?:m|re|ve|ll|d|s)$")
_GENERIC_NOUNS: Final = frozenset("source sources person people one others group member members".split())
_RANK_WORDS: Final = ("vice", "deputy", "assistant", "associate", "former", "ex", "acting", "interim", "co")


_GENDER_WORDS: Final = {
    "mr": "m", "spokesman": "m", "congressman": "m", "chairman": "m", "businessman": "m",
    "councilman": "m", "father": "m", "king": "m", "prince": "m", "sir": "m", "lord": "m",
    "mrs": "f", "ms": "f", "miss": "f", "spokeswoman": "f", "congresswoman": "f", "chairwoman": "f",
    "businesswoman": "f", "councilwoman": "f", "mother": "f", "queen": "f", "princess": "f", "dame": "f",
    "lady": "f",
}


class _Registry:
    """One speaker per person: mentions resolved in reading order."""

    def __init__(self, paras: list[_Para], lex: Cues):
        self.paras = paras
        self.lex = lex
        self.people: list[_Person] = []
        self._sites_of: dict[str, list[tuple[int, int, int]]] = {}  # by word: asked for every full name and person
        self._hits_of: dict[str, list[tuple[int, list[int]]]] = {}  # by word: one search of the body each
        self._keys: dict[str, tuple[str, ...]] = {}  # by name (key_of)
        self._descriptions: dict[str, str | None] = {}  # as given -> as kept (_description)
        self._by_index = {p.index: k for k, p in enumerate(paras)}
        self._named_cache: dict[tuple, list[str]] = {}
        self._full_names: dict[str, str | None] = {}  # by surname: asked again for every lone mention

    # -------------------------------------------------------------- entry point

    def resolve(self, m: _Mention, order: int) -> tuple[_Person | None, str]:
        if m.kind == "relative":
            if m.antecedent is None:
                return None, "'who' with no noun before it"
            p, why = self.resolve(m.antecedent, order)
            return p, f"'who' refers to {m.antecedent.text!r}" + (f"; {why}" if why else "")
        if m.kind == "pronoun":
            return self._pronoun(m, order)
        if m.kind in ("name", "label") and m.name:
            p, why = self._name(m, order)
            if p is not None:
                p.named = True
            return p, why
        return self._common(m, order)

    def _touch(self, p: _Person, m: _Mention, order: int) -> _Person:
        p.last = order
        if p.first < 0:
            p.first = order
        if m.text not in p.mentions:
            p.mentions.append(m.text)
        for d in m.description:
            self._describe(p, d)
        return p

    def _describe(self, p: _Person, written: str) -> None:
        d = self._description(written)
        if d is not None and d not in p.descriptions and d != p.name:
            p.descriptions.append(d)
            if p.gender is None:
                for w in _ASCII_WORD.findall(str.lower(d)):
                    if w in _GENDER_WORDS:
                        p.gender = _GENDER_WORDS[w]
                        break

    def _description(self, d: str) -> str | None:
        """A description as kept: spaces and edges tidied; None for one without a letter or a
        digit. Once per description of the article: each is given again with every mention."""
        if d not in self._descriptions:
            tidy = " ".join(d.split()).strip(" ,;:")
            if " '" in tidy or " ’" in tidy:
                tidy = _APART_OWNER.sub(r"\1\2", tidy)  # "Acme 's CEO" -> "Acme's CEO"
            # a full stop or a dash is no description
            self._descriptions[d] = tidy if _ALNUM.search(tidy) else None
        return self._descriptions[d]

    # -------------------------------------------------------------- names

    def key_of(self, name: str) -> tuple[str, ...]:
        """:func:`_key` of ``name``, worked out once per name of the article: a name is
        asked again for each of its mentions and each place the story writes it."""
        key = self._keys.get(name)
        if key is None:
            key = self._keys[name] = _key(name)
        return key

    def _name(self, m: _Mention, order: int) -> tuple[_Person | None, str]:
        name = m.name or m.text
        if m.kind == "label":
            name = name.title()
        kind = "organisation" if m.org else "person"
        key = self.key_of(name)
        for p in self.people:
            if p.key == key or (kind == "organisation" and p.kind == "organisation" and p.key[-len(key):] == key):
                return self._touch(p, m, order), ""
        if kind == "person" and len(key) >= 2:
            for p in reversed(self.people):
                if p.kind == "person" and len(p.key) == 1 and p.key[0] == key[-1]:
                    p.name, p.key = name, key
                    p.gender = p.gender or self.lex.first_names.get(name.split()[0])
                    self._harvest(p)
                    return self._touch(p, m, order), ""
            p = self._new(name, kind, key)
            return self._touch(p, m, order), ""
        if kind == "person":
            matches = [p for p in self.people if p.kind == "person" and key[0] in p.key and " and " not in p.name]
            if matches:
                best = max(matches, key=lambda p: (p.key[-1] == key[0], p.last))
                return self._touch(best, m, order), f"{m.text!r} = {best.name}, named earlier"
            full = self._full_name(name)
            if full:
                for p in self.people:
                    if p.key == self.key_of(full):
                        return self._touch(p, m, order), f"{m.text!r} = {full}, named earlier in the story"
                p = self._new(full, kind, self.key_of(full))
                return self._touch(p, m, order), f"{m.text!r} = {full}, as the story names them"
        p = self._new(name, kind, key)
        return self._touch(p, m, order), ""

    def _new(self, name: str, kind: str, key: tuple[str, ...]) -> _Person:
        if kind == "person" and len(key) == 1 and self._organisation_name(name):
            kind = "organisation"
        p = _Person(name, kind, key)
        if kind == "person" and len(name.split()) > 1:
            p.gender = self.lex.first_names.get(name.split()[0])
        self.people.append(p)
        if kind == "person" or (kind == "organisation" and len(key) == 1 and name[:1].isupper()):
            self._harvest(p)  # "Acme, a company valued at ..." describes a one-word organisation too
        return p

    def _organisation_name(self, name: str) -> bool:
        """Whether a one-word name is an organisation's, by how the story writes it.

        Votes for an organisation: an organisation noun before the name ("the
        company Acme", "streaming service Acme"), a role of ``organisation_roles``
        after it ("Acme CEO Jane Roe", "Acme’s chief executive", "Acme employees"),
        "Acme, which ...", "Acme reported", and "its" as the next pronoun of a
        sentence the name opens ("Acme backtracked on its policy", "Acme said it
        would ..."). Against: "he", "his", "she", "her" as that pronoun. A first
        name or a title before the name anywhere ("Jane Roe", "Ms. Roe") makes it
        a person's. The organisation must win the vote.
        """
        if self._full_name(name) is not None:
            return False
        lex, votes = self.lex, 0
        for pk, offsets in self._hits(name):
            para = self.paras[pk]
            toks, sent_of = para.toks, para.sent_of
            for k in para.tokens_starting(offsets):  # a token that begins with ``name`` ("Acme’s") is among them
                t = toks[k]
                if not t.text.startswith(name) or t.text[len(name):] not in ("", "'s", "’s", " 's", " ’s", "\xa0's"):
                    continue
                prev = toks[k - 1] if k else None
                if prev is not None and (prev.text in lex.titles or (prev.text == "." and k >= 2
                                                                      and toks[k - 2].text in lex.titles)):
                    return False  # "Ms. Roe", "President Roe"
                if prev is not None and prev.low in lex.org_nouns and not _possessive(t):
                    votes += 1  # "the company Acme said"
                nxt = toks[k + 1].low if k + 1 < len(toks) else ""
                if any(tuple(x.low for x in toks[k + 1:k + 1 + len(ph)]) == ph for ph in lex.org_roles.get(nxt, ())):
                    votes += 1  # "Acme CEO Jane Roe", "Acme’s chief executive"
                if nxt == "," and k + 2 < len(toks) and toks[k + 2].low == "which":
                    votes += 1  # "Acme, which ..."
                if nxt in ("reported", "reports") or (nxt in self.lex.between and k + 2 < len(toks)
                                                      and toks[k + 2].low in ("reported", "reports")):
                    votes += 1  # "Acme first reported": a news organisation
                if k == 0 or sent_of[k - 1] != sent_of[k] or toks[k - 1].text in ",;:-" or toks[k - 1].text in _DASHES \
                        or toks[k - 1].low in _CLAUSE_STOP or toks[k - 1].low in lex.time_words:
                    votes += self._next_pronoun(para, k)  # as the subject of its clause only
        return votes > 0

    def _next_pronoun(self, para: _Para, k: int) -> int:
        """+1 when the next pronoun after token ``k`` in its sentence is "its" ("said it"), -1 for "his"/"her"."""
        toks, sent_of = para.toks, para.sent_of
        for m in range(k + 1, min(k + 14, len(toks))):
            t = toks[m]
            if sent_of[m] != sent_of[k] or t.q >= 0 or (t.cap and t.word and t.low not in self.lex.time_words
                                                       and not _month_or_year(t)):
                return 0  # another name may be what "its" refers to
            if t.low in ("its", "itself"):
                return 1
            if t.low == "it" and (toks[m - 1].low == "that" or toks[m - 1].low in self.lex.forms
                                  or (toks[m - 1].low in self.lex.time_words and toks[m - 2].low in self.lex.forms)):
                return 1  # "Acme said it would ...", "Acme said Friday it is ..."
            if t.low in ("he", "his", "him", "himself", "she", "her", "hers", "herself"):
                return -1
        return 0

    def _sites(self, word: str) -> list[tuple[int, int, int]]:
        """(paragraph position, token index, where the name written there starts) of every token
        written ``word`` in the body that has something written next to it: where a full name
        or a description can be (not :func:`_bare`). The name starts at the first of the first
        names, initials and middle names before ``word`` ("Jane M. Roe").

        A paragraph not yet tokenised is tokenised only when a few words around ``word`` show
        such a token (:meth:`_Para.tokens_around`).
        """
        if word in self._sites_of:
            return self._sites_of[word]
        out: list[tuple[int, int, int]] = []
        for k, offsets in self._hits(word):
            para = self.paras[k]
            if not para.tokenised and para.reads_alone:
                offsets = [at for at in offsets if (near := para.tokens_around(at, word)) is not None
                           and not _bare(*near, self.lex)]
                if not offsets:
                    continue
            toks = para.toks
            for t in para.tokens_starting(offsets):
                if toks[t].text == word and not _bare(toks, t, self.lex):
                    a = t
                    while a - 1 >= 0 and self._first_name(toks, a - 1):
                        a -= 1
                    out.append((k, t, a))
        self._sites_of[word] = out
        return out

    def _hits(self, word: str) -> list[tuple[int, list[int]]]:
        """(paragraph position, offsets of ``word``) of every paragraph whose text has ``word``."""
        if word not in self._hits_of:
            self._hits_of[word] = [(k, list(_finds(p.text, word))) for k, p in enumerate(self.paras) if word in p.text]
        return self._hits_of[word]

    def _full_name(self, surname: str) -> str | None:
        """The longest "First [Middle] Surname" the story writes for a lone surname."""
        if surname in self._full_names:
            return self._full_names[surname]
        best: tuple[int, str] | None = None
        for k, t, a in self._sites(surname):
            toks = self.paras[k].toks
            a = max(a, t - 4)  # four words at most before the surname
            while a < t and toks[a].text == ".":
                a += 1
            if a < t:
                full = self.paras[k].span(a, t + 1)
                n = t - a + 1
                if best is None or n > best[0]:
                    best = (n, full)
        self._full_names[surname] = found = best[1] if best else None
        return found

    def _name_word(self, toks: list[_Tok], k: int) -> bool:
        """A word of a person's name written next to a role ("Jane", "Roe", "Guardian"; not "Mayor", "The")."""
        t = toks[k]
        return (t.cap and t.word and not _is_title(toks, k, self.lex) and t.text not in self.lex.not_names
                and not _possessive(t) and t.low not in self.lex.forms and not t.text.isupper()
                and t.text not in self.lex.org_words) or (
            len(t.text) == 1 and t.text.isupper()) or (t.text == "." and k > 0 and len(toks[k - 1].text) == 1)

    def _first_name(self, toks: list[_Tok], k: int) -> bool:
        t = toks[k]
        if t.text == "." and k and len(toks[k - 1].text) == 1 and toks[k - 1].text.isupper():
            return True
        if len(t.text) == 1 and t.text.isupper() and k + 1 < len(toks) and toks[k + 1].text == ".":
            return True  # an initial: "Jesse M. Furman", "A. Mark Neuman"
        if _CONTRACTION_END.search(t.low) and t.low.split("'")[0].split("’")[0] in _PRONOUN_WORDS:
            return False  # "I'm Terry Gross"
        return (t.cap and not _is_title(toks, k, self.lex) and t.text not in self.lex.not_names
                and not _possessive(t) and t.text not in self.lex.org_words and not t.text.isupper()
                and t.low not in self.lex.forms)

    def _harvest(self, p: _Person) -> None:
        """Descriptions written next to the person's name anywhere in the story."""
        key = p.key
        last = p.name.split()[-1]
        for k, t, a in self._sites(last):
            para = self.paras[k]
            written = self.key_of(para.span(a, t + 1))
            if written != key and written != key[-1:]:
                continue  # another person with that surname ("Kim Jong Il")
            # an organisation's name is often a modifier ("official Acme playlists"): only "Acme, a company ..."
            for d in _descriptions_at(para, a, t + 1, self.lex, before=p.kind == "person"):
                self._describe(p, d)

    # -------------------------------------------------------------- pronouns and nouns

    def _pronoun(self, m: _Mention, order: int) -> tuple[_Person | None, str]:
        low = str.lower(m.text)
        g = _SUBJECT_PRONOUNS[_CONTRACTED.get(low, low)]
        if g == "self":
            return None, f"{m.text!r}: the writer or an unnamed speaker"
        if g in ("m", "f"):
            for p in sorted(self.people, key=lambda p: -p.last):
                if p.kind == "person" and p.gender in (None, g):
                    if p.gender is None:
                        p.gender = g
                    return self._touch(p, m, order), f"{m.text!r} = {p.name}, the latest speaker who fits {m.text!r}"
            named = self._nearest_subject(m)
            if named is not None:
                subject, _ = self._name(named, order)
                if subject is not None:
                    subject.gender = subject.gender or g
                    if m.text not in subject.mentions:
                        subject.mentions.append(m.text)
                    return subject, f"{m.text!r} = {subject.name}, the latest person named as a subject"
            return None, f"{m.text!r} with nobody named before"
        want = ("organisation", "unnamed") if g == "plural" else ("organisation",)
        for p in sorted(self.people, key=lambda p: -p.last):
            if p.kind in want:
                return self._touch(p, m, order), f"{m.text!r} = {p.name}, the latest {p.kind} speaker"
        return None, f"{m.text!r} with no organisation or group named before"

    def _nearest_subject(self, m: _Mention) -> _Mention | None:
        """The latest person named at the start of a sentence before the pronoun."""
        k0 = self._by_index.get(m.paragraph, 0)
        for k in range(k0, max(-1, k0 - 4), -1):
            para = self.paras[k]
            for lo, hi in reversed(para.sents):
                if para.index == m.paragraph and para.starts[lo] >= m.start:
                    continue
                lo = _subject_start(para.toks, lo, hi, self.lex)
                np = _np_fwd(para.toks, lo, hi, self.lex)
                while np is None and lo < hi and not para.toks[lo].word:
                    lo += 1
                    np = _np_fwd(para.toks, lo, hi, self.lex)
                if np is None:
                    continue
                cand = _make_mention(para, *np)
                if cand.kind == "name" and not cand.org and cand.name and cand.name not in self.lex.not_names:
                    return cand
        return None

    def _common(self, m: _Mention, order: int) -> tuple[_Person | None, str]:
        head = m.head or str.lower(m.text)
        words = head.split()
        role = None if m.org else _definite_role(m, self.lex)
        nobody = False
        if role is not None:
            p, why = self._described_as(role, m, order)
            if p is not None:
                return p, why
            nobody = why == "nobody"
        key = tuple(words)
        kind = "organisation" if m.org else "unnamed"
        for p in self.people:
            if p.key == key and p.kind == kind:
                return self._touch(p, m, order), ""
        name = _LEADING_ARTICLE.sub("", m.text)
        name = " ".join(name.split())
        if "'" in name or "’" in name:
            name = _OWNER_SPACED.sub(r"\1\2", name)  # "Acme 's  CEO" -> "Acme's CEO"
        p = self._new(name, kind, key)
        if nobody and role is not None and _person_role(role, self.lex) and self._by_index.get(m.paragraph, 99) < 2:
            # a description in the lede that fits nobody the story describes: settle() may name it
            p.role = " ".join(m.text.split()[-len(role.split()):])  # as written: "CEO"
        return self._touch(p, m, order), ""

    # -------------------------------------------------------------- definite descriptions

    def _described_as(self, role: str, m: _Mention, order: int) -> tuple[_Person | None, str]:
        """"the CEO", "its CEO", "Acme’s CEO", "the professor": the one person the story describes so.

        The person is looked for among the speakers (every description written next
        to their name), then, when no speaker is described so, in the whole text ("CEO
        Jane Roe", "Jane Roe, Acme’s chief executive", before or after the mention);
        synonyms of ``cues.toml`` count ("CEO" = "chief executive"). Two or more
        people described so: no guess.
        """
        terms = self.lex.synonyms.get(role, (role,))
        mods = set(str.lower(m.text).replace("-", " ").split())
        found: list[_Person | str] = []  # speakers first; else names written in the text
        for p in self.people:
            if p.kind == "person" and " and " not in p.name and any(
                    _carries(d, terms, mods) for d in p.descriptions):
                found.append(p)
        for name in (self._named_as(terms, mods) if _person_role(role, self.lex) and not found else ()):
            words = set(self.key_of(name))
            same = next((x for x in found if words <= set(x.key if isinstance(x, _Person) else self.key_of(x))
                         or (isinstance(x, str) and set(self.key_of(x)) <= words)), None)
            if same is None:
                found.append(name)
            elif isinstance(same, str) and len(name) > len(same):
                found[found.index(same)] = name  # "Jane Roe" rather than "Roe"
        if len(found) != 1:
            return None, "" if found else "nobody"
        who = found[0]
        if isinstance(who, str):
            words = set(self.key_of(who))
            person = next((q for q in self.people if q.kind == "person" and words <= set(q.key)), None)
            if person is None:
                full = who if len(who.split()) > 1 else (self._full_name(who) or who)
                person = self._new(full, "person", self.key_of(full))
                person.named = True
        else:
            person = who
        written = " ".join(m.text.split()[-len(role.split()):])
        return self._touch(person, m, order), f"{m.text!r} = {person.name}, the one person the story describes as {written}"

    def settle(self) -> dict[int, tuple[_Person, str]]:
        """A second reading once every mention is resolved: descriptions whose owner is named elsewhere.

        * "Acme’s CEO says ..." opens the story and "“...,” Jane Roe said" follows, with
          nothing in the story saying what Jane Roe is: the lede's description and the
          later name are one person, when that is the only such pair (the wire-story
          habit of naming a speaker only at their first direct quote).
        * "the company", "the streaming service" (``company_nouns``) are the organisation
          the story quotes by name, when it quotes exactly one (not an acronym, not a
          news organisation).

        Returns ``id(speaker) -> (the speaker it is, why)`` for every speaker merged away.
        """
        merged: dict[int, tuple[_Person, str]] = {}
        merged.update(self._named_after_the_lede())
        merged.update(self._the_company())
        for x in list(self.people):
            if id(x) in merged:
                target = merged[id(x)][0]
                for mn in x.mentions:
                    if mn not in target.mentions:
                        target.mentions.append(mn)
                    self._describe(target, mn)
                for d in x.descriptions:
                    self._describe(target, d)
                target.cues.extend(c for c in x.cues if c not in target.cues)
                self.people.remove(x)
        return merged

    def _named_after_the_lede(self) -> dict[int, tuple[_Person, str]]:
        """"Acme’s CEO says ..." in the lede, and the one person quoted by name whom nothing describes."""
        out: dict[int, tuple[_Person, str]] = {}
        roles = [p for p in self.people if p.role is not None and p.kind == "unnamed"]
        bare = [p for p in self.people if p.kind == "person" and p.named and len(p.key) >= 2
                and not p.descriptions and " and " not in p.name]
        later = {id(x): [p for p in bare if p.first > x.first] for x in roles}
        for x in roles:
            cands = later[id(x)]
            if len(cands) == 1 and sum(cands[0] in c for c in later.values()) == 1:
                target = cands[0]
                why = (f"{x.mentions[0]!r} = {target.name}: nobody in the story is described as {x.role}, and "
                       f"{target.name}, quoted after it, is the one person quoted by name whom the story never describes")
                out[id(x)] = (target, why)
        return out

    def _the_company(self) -> dict[int, tuple[_Person, str]]:
        """"the company", "the Swedish company" = the one organisation quoted by name (not news, not an acronym)."""
        orgs = [p for p in self.people if p.kind == "organisation" and p.named and not p.name.isupper()
                and not any(w in self.lex.news_words for w in p.name.split()) and "report" not in p.cues]
        if len(orgs) != 1:
            return {}
        target = orgs[0]

        def definite(mention: str) -> bool:  # "the company", "the Swedish company"; not "a company", "the Acme site"
            words = mention.split()
            return str.lower(words[0]) not in ("a", "an", "another", "one", "some") and not any(
                w[:1].isupper() and not w.endswith(_NATIONALITY) for w in words[1:])

        return {id(x): (target, f"{x.mentions[0]!r} = {target.name}, the one organisation the story quotes by name")
                for x in self.people
                if x.kind in ("organisation", "unnamed") and not x.named and x.key
                and x.key[-1] in self.lex.company_nouns and all(definite(mn) for mn in x.mentions)}

    def _named_as(self, terms: tuple[str, ...], mods: set[str]) -> list[str]:
        """Names written next to a role anywhere in the story: "CEO Jane Roe", "Jane Roe, Acme’s CEO"."""
        cache_key = (terms, frozenset(mods & set(_RANK_WORDS)))
        if cache_key in self._named_cache:
            return self._named_cache[cache_key]
        out: list[str] = []
        self._named_cache[cache_key] = out
        phrases = [tuple(t.split()) for t in terms]
        lasts = {ph[-1] for ph in phrases}
        for para in self.paras:
            low = para.lower
            if not any(t in low for t in terms):
                continue
            toks, sent_of = para.toks, para.sent_of
            for k, tok in enumerate(toks):
                if tok.low not in lasts:
                    continue
                n = next((len(ph) for ph in phrases if ph[-1] == tok.low and k - len(ph) + 1 >= 0
                          and all(toks[k - len(ph) + 1 + x].low == w for x, w in enumerate(ph))), 0)
                if not n or not _plain_rank(toks, k - n + 1, mods):
                    continue
                j = k + 1 + (k + 1 < len(toks) and toks[k + 1].text == ",")
                e = j
                while e < len(toks) and e - j < 4 and sent_of[e] == sent_of[k] and self._name_word(toks, e):
                    e += 1
                if e > j:  # "CEO Jane Roe", "its CEO, Jane Roe,"
                    out.append(para.span(j, e))
                    continue
                b = k - n + 1  # "Jane Roe, Acme’s CEO", "Jane Roe, chief executive of Acme"
                if k + 1 < len(toks) and sent_of[k + 1] == sent_of[k] and toks[k + 1].text not in ",;:)" \
                        and toks[k + 1].low not in ("of", "at", "and"):
                    continue  # "In Ames, Iowa, the candidate repeated ...": a subject, not an appositive
                while b - 1 >= 0 and (toks[b - 1].low in _ARTICLES or _possessive(toks[b - 1])
                                      or _role_word(toks, b - 1, self.lex) or toks[b - 1].low == "and"):
                    b -= 1
                if b - 2 >= 0 and toks[b - 1].text == "," and sent_of[b - 2] == sent_of[k]:
                    s = b - 1
                    while s - 1 >= 0 and b - 1 - s < 4 and sent_of[s - 1] == sent_of[k] and self._name_word(toks, s - 1):
                        s -= 1
                    if s < b - 1 and (s == 0 or sent_of[s - 1] != sent_of[k] or toks[s - 1].low not in _CIRCUMSTANCE):
                        # "Jane Roe, Acme’s CEO", not "In Iowa, the candidate"
                        out.append(para.span(s, b - 1))
        return out


# "his lawyer", "her spokesman" are someone else's: only these open a description of one person
_DEFINITE: Final = ("the ", "this ", "that ", "its ")
# Speaker nouns that name things or bodies, never one person ("the data", "the court").
_NOT_PERSON_NOUNS: Final = frozenset(
    "statement report reports study studies survey poll polls data figures records documents filings emails "
    "memo media outlet website site paper broadcaster network newspaper military army police authorities "
    "kremlin pentagon embassy union party coalition council court ministry agency government administration "
    "campaign committee department office company firm group organization organisation others people person "
    "book letter article story video ad fund".split()
)
_NATIONALITY: Final = ("ish", "an", "ese", "ian", "ic", "i")  # "Swedish", "American", "Chinese", "Israeli"
_NOT_AGENTS: Final = frozenset("former senior junior interior other outer inner upper under super".split())


_ROLE_WORD: Final = re.compile(r"[\w'’-]+")
_OWNER_APART: Final = re.compile(r"\w ['’]s ")  # "acme 's chief"
_A_TO_Z: Final = re.compile(r"[a-z]")
_WORDS_RE: Final = re.compile(r"[\w]+")


def _definite_role(m: _Mention, lex: Cues) -> str | None:
    """The noun of a definite description of one person, or None.

    "the CEO", "its CEO", "Acme’s CEO", "Acme 's chief executive", "the professor",
    "the 56-year-old" -> "ceo", "ceo", "ceo", "chief executive", "professor",
    "56-year-old". Indefinite ("a professor"), plural ("the officials") and
    organisation nouns ("the company") are not descriptions of one person.
    """
    low = str.lower(m.text).replace("\xa0", " ")
    words = [w for w in _ROLE_WORD.findall(low) if w not in ("'s", "’s")]
    if len(words) < 2:
        return None
    if not (low.startswith(_DEFINITE) or any(w.endswith(("'s", "’s")) for w in words[:-1])
            or _OWNER_APART.search(low)):
        return None
    role = words[-1]
    for phrase in lex.title_phrases.get(role, ()):
        if tuple(words[-len(phrase):]) == phrase:
            role = " ".join(phrase)
            break
    last = words[-1]
    if (last in lex.org_nouns or last in _ORG_NOUNS or last in _GENERIC_NOUNS or last in _DETERMINERS
            or not _A_TO_Z.search(last)
            or (last.endswith("s") and not last.endswith(("ss", "us", "is")) and last not in lex.synonyms)):
        return None
    return role


def _person_role(role: str, lex: Cues) -> bool:
    """A noun for what one person is: a title, a speaker noun, a describing noun ("CEO", "mayor", "strategist").

    Not a thing or a body ("the data", "the court") and not an adjective ("the medical").
    """
    if role in _NOT_PERSON_NOUNS:
        return False
    if role in lex.synonyms or " " in role or role in lex.speaker_nouns or any(role == str.lower(t) for t in lex.titles):
        return True
    return role in lex.descriptors and role not in _NOT_AGENTS and role.endswith(
        ("er", "or", "ist", "ian", "ant", "ent", "man", "woman", "ee", "eer"))


_HEAD_SPLIT: Final = re.compile(r"\b(?:of|for|to|with|by|against|at|in|from|on|about|who|which|that|whose|and said)\b")


def _carries(description: str, terms: tuple[str, ...], mods: set[str]) -> bool:
    """Whether a description names one of ``terms`` as its own rank ("CEO", not "former CEO" or "vice president")."""
    d = str.lower(description).replace("\xa0", " ")
    # the description's own head: "an adviser to the governor" is an adviser, not a governor
    d = next((part for part in _HEAD_SPLIT.split(d) if part.strip()), "")
    for term in terms:
        # each whole-word ``term`` in ``d``, not "the CEO’s plan": what
        # re.finditer(rf"(?<![\w-]){re.escape(term)}(?![\w-]|['’]s\b)", d) finds, without making a
        # pattern per term (a compile whenever re's cache has lost it)
        at = d.find(term)
        while at >= 0:
            end = at + len(term)
            if (at == 0 or not _word_or_hyphen(d[at - 1])) and not (
                    end < len(d) and (_word_or_hyphen(d[end]) or (
                        d[end] in "'’" and d[end + 1:end + 2] == "s" and not (end + 2 < len(d) and _word_char(d[end + 2]))))):
                before = _WORDS_RE.findall(d[:at])
                if not (before and before[-1] in _RANK_WORDS and before[-1] not in mods):
                    return True
                at = d.find(term, max(end, at + 1))  # finditer goes on after a match
            else:
                at = d.find(term, at + 1)
    return False


def _word_char(c: str) -> bool:
    """Whether the character is one regex ``\\w`` matches."""
    return c.isalnum() or c == "_"


def _word_or_hyphen(c: str) -> bool:
    return c.isalnum() or c == "_" or c == "-"


def _bare(toks: list[_Tok], t: int, lex: Cues) -> bool:
    """Nothing next to the name at token ``t`` that can name or describe it ("Roe said", "said
    Roe.", "Roe, Smith and"), so :meth:`_Registry._full_name` finds no first name there and
    :meth:`_Registry._harvest` no description.

    What counts, from the two tokens either side (as :meth:`_Registry._first_name` and
    :func:`_descriptions_at` read them): before the name, a capitalised word, a title, a
    describing word or a possessive; the full stop of an initial or a title ("J. Roe", "Sen.
    Roe"); a comma after a describing word ("the chairman, Roe"). After it, a comma opening a
    description (", a senator", ", who", ", 56,", ", Acme’s CEO").
    """
    if t + 2 < len(toks) and toks[t + 1].text == ",":
        nxt = toks[t + 2]
        if nxt.low in _DESC_START or nxt.text[0].isdigit() or _possessive(nxt):
            return False
    if t == 0:
        return True
    prev = toks[t - 1]
    if prev.cap or prev.text in lex.titles or prev.low in lex.descriptors or _possessive(prev):
        return False
    before = toks[t - 2] if t >= 2 else None
    if prev.text == "." and before is not None:
        return not (before.text in lex.titles or (len(before.text) == 1 and before.text.isupper()))
    if prev.text == "," and before is not None:
        return not (before.low in lex.descriptors or before.low in lex.speaker_nouns)
    return True


def _plain_rank(toks: list[_Tok], k: int, mods: set[str]) -> bool:
    """No "vice", "former", "deputy" ... right before token ``k`` (unless the mention says so too)."""
    return k == 0 or toks[k - 1].low not in _RANK_WORDS or toks[k - 1].low in mods


_KEY_WORD: Final = re.compile(r"[\w.’'-]+")


def _key(name: str) -> tuple[str, ...]:
    words = [str.lower(w).strip(".’'") for w in _KEY_WORD.findall(name)]
    words = [w for w in words if w and w != "the"]
    return tuple(words)


def _descriptions_at(para: _Para, a: int, b: int, lex: Cues, *, before: bool = True) -> list[str]:
    """Title words before a name at tokens [a, b), and appositives before or after it (after only: ``before=False``)."""
    toks, sent_of, out = para.toks, para.sent_of, []
    k = a
    while before and k - 1 >= 0 and sent_of[k - 1] == sent_of[a] and (toks[k - 1].text in lex.titles or toks[k - 1].low in lex.descriptors
                          or (toks[k - 1].cap and toks[k - 1].text not in lex.not_names)
                          or _possessive(toks[k - 1]) or (toks[k - 1].text == "." and _np_part(toks, k - 1, lex))):
        k -= 1  # "Sen.", "Chief Executive", "Acme’s": but not the full stop ending the sentence before
    if k < a:
        out.append(para.span(k, a))
    # ", a senior research fellow at X" / ", who is now ..."
    if b + 1 < len(toks) and toks[b].text == "," and (toks[b + 1].low in _DESC_START or toks[b + 1].text[0].isdigit()
                                                       or _owned_role(toks, b + 1, min(b + 6, len(toks)), lex)):
        m = b + 1
        while m < len(toks) and toks[m].q < 0 and toks[m].text not in ",;:" and toks[m].text not in _TERMINAL \
                and sent_of[m] == sent_of[b] and m - b < 30:
            m += 1
        clause = next((x for x in range(b + 1, m) if toks[x].low in _AUX or toks[x].low.endswith(("n't", "n’t"))
                       or toks[x].low in ("who", "whose", "which", "that")), None)
        if m > b + 1 and (clause is None or toks[clause].low in ("who", "whose", "which", "that")):
            out.append(para.span(b + 1, m))  # not ", the service wouldn't promote ..."
    # "Russia’s top diplomat, Sergei Lavrov"
    if before and a >= 2 and toks[a - 1].text == ",":
        m = a - 2
        while m - 1 >= 0 and (toks[m - 1].low in lex.descriptors or _possessive(toks[m - 1])
                              or toks[m - 1].low in lex.speaker_nouns
                              or (toks[m - 1].cap and toks[m - 1].text not in lex.not_names)):
            m -= 1
        if toks[a - 2].low in lex.descriptors or toks[a - 2].low in lex.speaker_nouns:
            out.append(para.span(m, a - 1))
    return out


# --------------------------------------------------------------------------- the article


def extract(article: Article, *, cues: str | os.PathLike[str] | None = None) -> list[Quote]:
    """Find the quotes of ``article``'s body, attribute them, set ``article.quotes``.

    Works on body paragraphs only (headings and captions are not speech). Each
    Quote carries its evidence in ``rule``; quotation marks that are not
    speech are listed in ``article.meta["quote_marks_not_speech"]``, and the
    people found, with every description written next to them, in
    ``article.meta["speaker_registry"]`` (read by :func:`toolkit.voices.resolve`).

    Args:
        article: a loaded (ideally cleaned) article.
        cues: a cue file to use instead of the bundled ``cues.toml``.

    Returns:
        The quotes in reading order (``article.quotes``).

    Examples:
        >>> from toolkit.load import load_text
        >>> art = load_text(
        ...     "Retired US ambassador William Courtney said the pressure had worked.\\n\\n"
        ...     "“It is a complex problem,” he told CNN.\\n\\n"
        ...     "North Korea promoted the ideology of “juche.”", id="demo")
        >>> for q in extract(art):
        ...     print(q.id, q.kind, repr(q.text), q.speaker, q.mention, q.cue)
        q1 indirect 'the pressure had worked' William Courtney Retired US ambassador William Courtney said
        q2 direct 'It is a complex problem' William Courtney he told
        >>> art.meta["quote_marks_not_speech"][0]["text"]
        'juche.'
    """
    lex = load_cues(cues)
    body = [p for p in article.paragraphs if p.kind == "body"]
    breaks = _breaks(article, body)
    paras = [_Para(p, lex) for p in body]
    for k, para in enumerate(paras):
        runs_on = k + 1 < len(paras) and not breaks[k + 1] and _starts_with_mark(paras[k + 1].text)
        para.read(runs_on=runs_on)
    dropped: list[dict[str, Any]] = []
    found: list[_Found] = []
    ctx = _Context()
    for k, para in enumerate(paras):
        if breaks[k]:
            ctx = _Context()
        got, ctx = _paragraph_quotes(para, ctx, dropped)
        found.extend(got)
    registry = _Registry(paras, lex)
    quotes = _finish(found, registry)
    article.quotes = quotes
    article.meta["quote_marks_not_speech"] = dropped
    article.meta["speaker_registry"] = [
        {"name": p.name, "kind": p.kind, "mentions": list(p.mentions), "descriptions": list(p.descriptions),
         "cues": list(p.cues)}
        for p in registry.people
    ]
    return quotes


def _breaks(article: Article, body: list[Paragraph]) -> list[bool]:
    """For each body paragraph, whether a heading stands between it and the body paragraph before it.

    Captions and page chrome between two body paragraphs do not interrupt a
    speaker; a heading starts a new section, so nothing runs on across it.
    """
    position = {id(p): i for i, p in enumerate(article.paragraphs)}
    out, last = [], None
    for p in body:
        here = position[id(p)]
        out.append(last is not None and any(
            q.kind in ("heading", "title") for q in article.paragraphs[last + 1:here]))
        last = here
    return out


def _finish(found: list[_Found], registry: _Registry) -> list[Quote]:
    found.sort(key=lambda f: (f.paragraph, f.start, -f.end))
    # a quotation running over paragraphs takes the first attribution found in any part
    for f in found:
        if f.continues is not None and f.attr is None:
            f.attr = f.continues.attr
    heads = {id(f): f for f in found if f.continues is None}
    for f in found:
        if f.continues is not None and heads.get(id(f.continues)) is not None and f.continues.attr is None:
            f.continues.attr = f.attr
    quotes: list[Quote] = []
    resolved: dict[int, tuple[_Person | None, str]] = {}
    speakers: list[tuple[_Person | None, str]] = []
    for n, f in enumerate(found, 1):
        person, why = (None, "")
        attr = f.attr
        mention = attr.mention if attr is not None else None
        if attr is not None and mention is not None:
            if id(mention) not in resolved:
                resolved[id(mention)] = registry.resolve(mention, n)
            else:
                p0 = resolved[id(mention)][0]
                if p0 is not None:
                    p0.last = n
            person, why = resolved[id(mention)]
            if person is not None and attr.lemma not in person.cues:
                person.cues.append(attr.lemma)
        speakers.append((person, why))
    merged = registry.settle()
    for n, (f, (person, why)) in enumerate(zip(found, speakers), 1):
        if person is not None and id(person) in merged:
            person, also = merged[id(person)]
            why = f"{why}; {also}" if why else also
        mention = f.attr.mention if f.attr is not None else None
        explicit = f.attr is not None and _names_mention(f)
        rule = _rule_text(f, person, why, explicit)
        q = Quote(
            id=f"q{n}", text="", kind=f.kind, paragraph=f.paragraph, start=f.start, end=f.end,
            speaker=person.name if person else None,
            mention=mention.text if (mention is not None and explicit) else None,
            cue=f.attr.cue if (f.attr is not None and explicit) else None,
            rule=rule,
            mention_at=(mention.paragraph, mention.start, mention.end) if (mention is not None and explicit) else None,
        )
        f.quote = q
        quotes.append(q)
    for f, q in zip(found, quotes):  # one quote per found, in order
        if f.within is not None and f.within.quote is not None:
            q.within = f.within.quote.id
        if f.continues is not None and f.continues.quote is not None:
            q.continues = f.continues.quote.id
    texts = {p.index: p.text for p in registry.paras}
    for q in quotes:
        q.text = texts[q.paragraph][q.start:q.end]
    return quotes


def _names_mention(f: _Found) -> bool:
    """Whether the quote's own sentence names the speaker (not a continuation)."""
    return not f.rule.startswith(("quotation continues", "paragraph of quotation", "the quotation runs on",
                                  "introduced by", "quotation before", "quoted fragment in a paragraph"))


def _rule_text(f: _Found, person: _Person | None, why: str, explicit: bool) -> str:
    """The evidence a teacher reads: the rule, the words that fired it, how the mention was resolved."""
    if f.attr is None:
        return f.rule
    a = f.attr
    said = f"“{a.evidence}”" if a.evidence else f"{a.mention.text!r} + '{a.cue}'"
    if not explicit:
        base = f"{f.rule} ({said})"
    elif f.kind == "partial":
        base = f"{f.rule}: {a.pattern}: {said}"
    else:
        base = f"{f.rule}: {said}"
    return f"{base}; {why}" if why else base
