"""Frames with evidence: codebook scoring, training from labels, and coder agreement.

A **codebook** is a TOML file a teacher can read and edit (see
``toolkit/data/codebooks/README.md``). It lists *frames*; each frame has
*indicators*, yes/no questions such as "Does one party reproach another?";
each indicator has *cues* that answer yes when they occur in a sentence:

* ``words``: words and phrases matched on the sentence's tokens, ignoring
  case, possessive ``'s`` and hyphens ("nuclear-test" matches ``"nuclear test"``);
  a final ``*`` matches any ending (``"econom*"`` matches "economy", "economic");
* ``patterns``: regular expressions searched in the sentence text (ignoring case);
* optional conditions: ``near = ["person", "country", "organisation"]`` and/or
  ``near_words = [...]``: a cue counts only within ``within`` tokens of a named
  person, a country, an organisation, or one of those words.

:func:`score` marks each indicator present or absent per sentence and per
article, keeping every matching sentence as evidence. A frame's article score
is the share of its indicators present (Semetko & Valkenburg's convention: the
mean of the frame's yes/no items) and its density is the number of cue matches
per 1,000 words. Two codebooks ship: ``generic`` (Semetko & Valkenburg 2000,
five frames, twenty questions) and ``policy`` (the Policy Frames Codebook,
Boydstun et al. 2014, fifteen frames).

Training and agreement (:func:`train`, :func:`agreement`) need the ``train``
extra (scikit-learn, krippendorff).

Examples:
    >>> from toolkit.load import load_text
    >>> art = load_text("Washington slammed China over the talks. The deal will cost $3 billion.", id="t")
    >>> result = score(art, "generic")
    >>> result["scores"]["conflict"], result["scores"]["economic"]
    (0.25, 0.6667)
    >>> [(e["indicator"], e["cue"]) for e in result["evidence"] if e["frame"] == "conflict"]
    [('reproach', 'slammed')]
"""
from __future__ import annotations

import bisect
import math
import os
import re
import stat
import weakref
from collections.abc import Callable, Container, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import resources
from itertools import accumulate, compress
from pathlib import Path
from typing import Any, Final

from .article import Article, Paragraph, Sentence
from .errors import InputError, UsageError

try:  # Python 3.11+
    import tomllib
except ModuleNotFoundError:  # pragma: no cover - Python 3.10
    import tomli as tomllib  # type: ignore[no-redef]

#: The codebooks shipped in ``toolkit/data/codebooks``.
CODEBOOKS = ("generic", "policy")
DEFAULT_CODEBOOK = "generic"
#: Where an indicator looks: story sentences, caption paragraphs, both, or nowhere (not codable from text).
SCOPES = ("body", "captions", "all", "none")
#: Tokens either side of a cue within which a ``near`` condition must be met, unless the codebook says otherwise.
DEFAULT_WITHIN = 8

_TOP_KEYS: Final = {"codebook", "entities", "frames"}
_META_KEYS: Final = {"name", "title", "description", "sources", "version", "url", "language", "notes", "within"}
_FRAME_KEYS: Final = {"id", "label", "number", "description", "notes", "indicators"}
_INDICATOR_KEYS: Final = {
    "id", "number", "question", "words", "patterns", "near", "near_words", "within", "scope",
    "min_sentences", "notes",
}
_TOKEN: Final = re.compile(r"\w+(?:[-'’.]\w+)*")  # the tokenizer of toolkit.text, with offsets
_ID: Final = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
_CUE_PIECE: Final = re.compile(r"^[\w'.]+\*?$")

# --------------------------------------------------------------------------- entities
# "near a named person, country or organisation" is decided with simple, readable
# heuristics; a codebook's [entities] table adds words to these lists or defines new kinds.

#: Countries, common short names and demonyms (a cue "near" one of these is near a country).
COUNTRIES = (
    "Afghanistan", "Albania", "Algeria", "Andorra", "Angola", "Argentina", "Armenia", "Australia",
    "Austria", "Azerbaijan", "Bahamas", "Bahrain", "Bangladesh", "Barbados", "Belarus", "Belgium",
    "Belize", "Benin", "Bhutan", "Bolivia", "Bosnia", "Botswana", "Brazil", "Brunei", "Bulgaria",
    "Burkina Faso", "Burma", "Burundi", "Cambodia", "Cameroon", "Canada", "Chad", "Chile", "China",
    "Colombia", "Congo", "Costa Rica", "Croatia", "Cuba", "Cyprus", "Czech Republic", "Czechia",
    "Denmark", "Djibouti", "Dominican Republic", "Ecuador", "Egypt", "El Salvador", "Eritrea",
    "Estonia", "Eswatini", "Ethiopia", "Fiji", "Finland", "France", "Gabon", "Gambia", "Georgia",
    "Germany", "Ghana", "Greece", "Guatemala", "Guinea", "Guyana", "Haiti", "Honduras", "Hungary",
    "Iceland", "India", "Indonesia", "Iran", "Iraq", "Ireland", "Israel", "Italy", "Ivory Coast",
    "Jamaica", "Japan", "Jordan", "Kazakhstan", "Kenya", "Kosovo", "Kuwait", "Kyrgyzstan", "Laos",
    "Latvia", "Lebanon", "Lesotho", "Liberia", "Libya", "Lithuania", "Luxembourg", "Madagascar",
    "Malawi", "Malaysia", "Maldives", "Mali", "Malta", "Mauritania", "Mauritius", "Mexico",
    "Moldova", "Monaco", "Mongolia", "Montenegro", "Morocco", "Mozambique", "Myanmar", "Namibia",
    "Nepal", "Netherlands", "New Zealand", "Nicaragua", "Niger", "Nigeria", "North Korea",
    "North Macedonia", "Norway", "Oman", "Pakistan", "Palestine", "Panama", "Papua New Guinea",
    "Paraguay", "Peru", "Philippines", "Poland", "Portugal", "Qatar", "Romania", "Russia", "Rwanda",
    "Saudi Arabia", "Senegal", "Serbia", "Sierra Leone", "Singapore", "Slovakia", "Slovenia",
    "Somalia", "South Africa", "South Korea", "South Sudan", "Spain", "Sri Lanka", "Sudan",
    "Suriname", "Sweden", "Switzerland", "Syria", "Taiwan", "Tajikistan", "Tanzania", "Thailand",
    "Togo", "Tunisia", "Turkey", "Turkmenistan", "Uganda", "Ukraine", "United Arab Emirates",
    "United Kingdom", "United States", "Uruguay", "Uzbekistan", "Venezuela", "Vietnam", "Yemen",
    "Zambia", "Zimbabwe",
    # short names, blocs and the usual metonyms of news writing
    "US", "U.S", "USA", "U.S.A", "America", "UK", "U.K", "Britain", "Great Britain", "England",
    "Scotland", "Wales", "Korea", "DPRK", "Soviet Union", "USSR", "EU", "European Union",
    "Beijing", "Moscow", "Washington", "Pyongyang", "Seoul", "Tokyo", "London", "Paris", "Berlin",
    "Tehran", "Kremlin",
    # demonyms
    "American", "Americans", "British", "Chinese", "Russian", "Russians", "Korean", "Koreans",
    "North Korean", "North Koreans", "South Korean", "South Koreans", "Japanese", "French",
    "German", "Germans", "Italian", "Spanish", "Mexican", "Mexicans", "Canadian", "Indian",
    "Pakistani", "Iranian", "Iraqi", "Syrian", "Israeli", "Israelis", "Palestinian",
    "Palestinians", "Saudi", "Turkish", "Ukrainian", "Ukrainians", "European", "Europeans",
    "Soviet", "Cuban", "Venezuelan", "Brazilian", "Afghan", "Egyptian", "Nigerian", "Australian",
)
#: Institutions written in lower case that still name an organisation in news text.
ORGANISATION_WORDS = (
    "government", "governments", "administration", "ministry", "regime", "congress", "parliament",
    "senate", "police", "military", "army", "navy", "agency", "court", "party", "company",
    "authorities", "cabinet", "council", "committee", "commission", "legislature", "union",
    "corporation", "firm", "department", "white house", "pentagon", "kremlin",
)
#: A capitalised name containing one of these words is an organisation ("Heritage Foundation").
_ORG_HEADS: Final = frozenset(
    "ministry department party university college school institute foundation council agency "
    "association committee commission court congress senate parliament house union bank "
    "corporation company inc corp ltd group organization organisation office police army navy "
    "force forces nations network news times post tass press service services center centre "
    "administration government assembly alliance league federation board authority".split()
)
#: Capitalised words that open a name of a person ("Mr. Kim", "President Trump").
_TITLES: Final = frozenset(
    "mr mrs ms mx dr prof president minister premier chancellor secretary senator sen rep gov "
    "governor gen general adm admiral col lt sgt king queen prince princess pope ambassador "
    "professor judge justice mayor sheriff chief leader chairman spokesman spokeswoman".split()
)
#: Capitalised words that are not names (calendar words, and capitals that open quoted speech).
_NOT_NAMES: Final = frozenset(
    "i monday tuesday wednesday thursday friday saturday sunday january february march april may "
    "june july august september october november december the a an".split()
)
_ACRONYM: Final = re.compile(r"^[A-Z]{2,6}$")
_NOT_ACRONYMS: Final = frozenset({"AM", "PM", "TV", "OK", "ET", "PT", "GMT", "UTC", "ID", "II", "III", "IV"})
ENTITY_KINDS = ("person", "country", "organisation", "name")


# --------------------------------------------------------------------------- the codebook


#: Cue matches in a sentence: (cue text, first token, last token + 1, text of what it is near).
_Hits = list[tuple[str, int, int, str | None]]


@dataclass(frozen=True)
class Indicator:
    """One yes/no question of a frame, with the cues that answer it."""

    id: str
    frame: str
    question: str
    number: int | None = None
    words: tuple[str, ...] = ()
    patterns: tuple[str, ...] = ()
    near: tuple[str, ...] = ()
    near_words: tuple[str, ...] = ()
    within: int = DEFAULT_WITHIN
    scope: str = "body"
    min_sentences: int = 1
    notes: str | None = None
    _word_cues: _Cues | None = field(default=None, repr=False, compare=False)
    _patterns_re: tuple[re.Pattern[str], ...] = field(default=(), repr=False, compare=False)
    _near_cues: _Cues | None = field(default=None, repr=False, compare=False)

    @property
    def coded(self) -> bool:
        """False for indicators that text cannot answer (``scope = "none"``)."""
        return self.scope != "none"

    def _near_filter(self, entities: _Entities, hits: _Hits, near_words: list[tuple[int, int, str]]) -> _Hits:
        """The ``hits`` within ``within`` tokens of what the indicator must be near
        (an entity of its kinds, or one of ``near_words``, its near word matches), with its text."""
        spans = [span for kind in self.near for span in entities.get(kind)] + near_words
        kept: list[tuple[str, int, int, str | None]] = []
        for cue, a, b, _ in hits:
            for c, d, text in spans:
                if d <= a and a - d <= self.within or c >= b and c - b <= self.within:
                    kept.append((cue, a, b, text))
                    break
        return kept


#: Memo tables keyed by token are cleared when they reach this size (they outlive articles).
_MEMO_LIMIT = 50_000


class _Cues:
    """Word cues (each a tuple of normalised words, a final ``*`` matching any ending)
    found in a sentence's normalised tokens.

    At each token the cues are tried in order and the first that matches wins, and
    matches do not overlap: the rules of the regex alternation they were first
    matched with, kept so that results do not change (see :func:`_cue_set`).
    """

    def __init__(self, cues: Sequence[tuple[str, ...]]):
        self.cues = tuple(cues)
        self._exact: dict[str, list[int]] = {}
        self._prefix: dict[str, list[int]] = {}
        for k, cue in enumerate(self.cues):
            first = cue[0]
            if first.endswith("*"):
                self._prefix.setdefault(first[:-1], []).append(k)
            else:
                self._exact.setdefault(first, []).append(k)
        #: token -> the cues that can start at it, in order, each as the (word, is
        #: prefix) pairs that must follow; none follow the last, which always matches.
        self.rests = _TokenMemo(self._rests)

    def _rests(self, token: str) -> tuple[tuple[tuple[str, bool], ...], ...]:
        ks = list(self._exact.get(token, ()))
        ks.extend(k for p, pks in self._prefix.items() if token.startswith(p) for k in pks)
        out = []
        for k in sorted(ks):
            rest = tuple((w.rstrip("*"), w.endswith("*")) for w in self.cues[k][1:])
            out.append(rest)
            if not rest:
                break
        return tuple(out)


class _TokenMemo(dict):  # type: ignore[type-arg]
    """``compute(token)`` for each token looked up, computed on first sight.

    Only for values that depend on nothing but the token and the codebook: then
    they can be kept across articles. Cleared at :data:`_MEMO_LIMIT` entries.
    """

    def __init__(self, compute: Callable[[str], Any]):
        super().__init__()
        self.compute = compute
        _MEMOS[id(self)] = self

    def __missing__(self, token: str) -> Any:
        if len(self) >= _MEMO_LIMIT:
            self.clear()
        value = self[token] = self.compute(token)
        return value


#: Every token memo of the codebooks loaded, for :func:`toolkit.pipeline.clear_word_tables`
#: (by id: a dict is not hashable, and two empty memos are equal).
_MEMOS: Final[weakref.WeakValueDictionary[int, _TokenMemo]] = weakref.WeakValueDictionary()


def _match_end(tokens: Sequence[str], i: int, rests: Iterable[tuple[tuple[str, bool], ...]]) -> int:
    """Where the first of ``rests`` that follows ``tokens[i]`` ends, or 0 if none does."""
    for rest in rests:
        j = i + 1
        for word, prefix in rest:
            if j == len(tokens):
                break
            tok = tokens[j]
            if tok != word and not (prefix and tok.startswith(word)):
                break
            j += 1
        else:
            return j
    return 0


class _WordIndex(_TokenMemo):
    """Token -> (follow, ((cue set number, :attr:`_Cues.rests` of the token), ...)) for
    a codebook's sets of word cues, in order, or () if no cue starts at the token: a
    sentence needs one look-up per token. ``follow`` is None or the set of tokens one
    of which must come next for any of the cues to match.
    """

    def __init__(self, cue_sets: Sequence[_Cues | None]):
        super().__init__(self._starting)
        self.cue_sets = cue_sets
        exact: dict[str, set[int]] = {}
        prefix: dict[str, set[int]] = {}
        for n, cues in enumerate(cue_sets):
            if cues is None:
                continue
            for cue in cues.cues:
                first = cue[0]
                if first.endswith("*"):
                    prefix.setdefault(first[:-1], set()).add(n)
                else:
                    exact.setdefault(first, set()).add(n)
        self.exact = {k: frozenset(v) for k, v in exact.items()}
        self.prefix = {k: frozenset(v) for k, v in prefix.items()}
        self.lengths = tuple(sorted({len(k) for k in prefix}))
        # The prefix cues' first lengths[0] characters: most tokens start with
        # none of them, and then no prefix needs looking up.
        self.heads = frozenset(k[: self.lengths[0]] for k in prefix) if prefix else frozenset()

    def _starting(self, token: str) -> tuple[frozenset[str] | None, tuple[tuple[int, Any], ...]] | tuple[()]:
        ns = set(self.exact.get(token, ()))
        if self.lengths and token[: self.lengths[0]] in self.heads:
            for k in self.lengths:
                if k > len(token):
                    break
                ns.update(self.prefix.get(token[:k], ()))
        found = [(n, self.cue_sets[n].rests[token]) for n in sorted(ns)]  # type: ignore[union-attr]
        pairs = tuple((n, rests) for n, rests in found if rests)
        if not pairs:
            return ()
        # Most cues that start at a common word ("the", "his") are phrases, which
        # the next token rules out: then one set look-up spares trying them.
        follow = {rest[0][0] for _, rests in pairs for rest in rests if rest and not rest[0][1]}
        if any(not rest or rest[0][1] for _, rests in pairs for rest in rests):
            return None, pairs  # a one-word cue, or a phrase with a "*" second word
        return frozenset(follow), pairs


@dataclass(frozen=True)
class Frame:
    """A frame: an id, a label, a description, and its indicators."""

    id: str
    label: str
    indicators: tuple[Indicator, ...]
    description: str | None = None
    number: int | None = None


@dataclass(frozen=True)
class Codebook:
    """A validated, precompiled codebook (build it with :func:`load_codebook`).

    Examples:
        >>> cb = load_codebook("generic")
        >>> cb.name, len(cb.frames), len(cb.indicators)
        ('generic', 5, 20)
        >>> cb.frame("conflict").indicators[1].question
        'Does one party-individual-group-country reproach another?'
    """

    name: str
    frames: tuple[Frame, ...]
    title: str | None = None
    description: str | None = None
    sources: tuple[str, ...] = ()
    path: str | None = None
    entities: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # All word cues are found in one pass (see _word_matches): the index has the
    # cue sets of the indicators' words (numbered as _flat), then of their
    # near_words (len(_flat) + number), then of the entity kinds (_entity_sets).
    _index: _WordIndex = field(default_factory=lambda: _WordIndex(()), repr=False, compare=False)
    _entity_sets: Mapping[str, int] = field(default_factory=dict, repr=False, compare=False)
    # (indicator number, pattern, literals one of which it needs (see _needed_literals), scope)
    _patterns: tuple[tuple[int, re.Pattern[str], tuple[str, ...] | None, str], ...] = field(
        default=(), repr=False, compare=False)
    # pattern -> strings one of which it needs as they are (see _exact_literals), for the patterns that have them
    _exact: Mapping[re.Pattern[str], tuple[str, ...]] = field(default_factory=dict, repr=False, compare=False)
    _flat: tuple[Indicator, ...] = field(default=(), repr=False, compare=False)

    @property
    def indicators(self) -> list[Indicator]:
        return [i for f in self.frames for i in f.indicators]

    @property
    def frame_ids(self) -> list[str]:
        return [f.id for f in self.frames]

    def frame(self, id: str) -> Frame:
        for f in self.frames:
            if f.id == id:
                return f
        raise UsageError(f"codebook {self.name!r} has no frame {id!r}; its frames are {', '.join(self.frame_ids)}")

    def to_dict(self) -> dict[str, Any]:
        """The codebook as plain data (frames, indicators and cues), e.g. for a report."""
        return {
            "name": self.name, "title": self.title, "sources": list(self.sources), "path": self.path,
            "frames": [
                {"id": f.id, "label": f.label, "description": f.description, "indicators": [
                    {"id": i.id, "number": i.number, "question": i.question, "words": list(i.words),
                     "patterns": list(i.patterns), "near": list(i.near), "near_words": list(i.near_words),
                     "within": i.within, "scope": i.scope}
                    for i in f.indicators
                ]}
                for f in self.frames
            ],
        }


# --------------------------------------------------------------------------- loading and validation


def codebook_path(name: str) -> Path:
    """The file of a shipped codebook.

    Examples:
        >>> codebook_path("policy").name
        'policy.toml'
    """
    return Path(str(resources.files("toolkit.data").joinpath("codebooks").joinpath(f"{name}.toml")))


def load_codebook(name_or_path: str | os.PathLike[str] | Codebook | Mapping[str, Any] = DEFAULT_CODEBOOK) -> Codebook:
    """A validated codebook: ``"generic"``, ``"policy"``, a path to a TOML file, or a dict of the same shape.

    Files are parsed and compiled once and cached; editing a file (a new
    modification time or size) makes the next call read it again.

    Raises:
        UsageError: an unknown codebook name.
        InputError: a file that is missing, not TOML, or not a valid codebook;
            the message names the file, the frame, the indicator and the key.

    Examples:
        >>> load_codebook("policy").frame_ids[:3]
        ['economic', 'capacity_and_resources', 'morality']
        >>> load_codebook({"frames": [{"id": "tone", "indicators": [{"id": "calm", "question": "Calm?", "words": ["calm*"]}]}]}).name
        'custom'
        >>> load_codebook({"frames": [{"id": "tone", "indicators": []}]})
        Traceback (most recent call last):
        ...
        toolkit.errors.InputError: <codebook>: frame 'tone': has no indicators; give it at least one [[frames.indicators]]
    """
    if isinstance(name_or_path, Codebook):
        return name_or_path
    if isinstance(name_or_path, str) and name_or_path in CODEBOOKS:
        # Called once per article: locate the shipped file once per process
        # (only its modification time is checked on every call).
        resolved = _shipped_codebook(name_or_path)
        try:
            st = os.stat(resolved)
        except FileNotFoundError:
            raise InputError(name_or_path, "no such codebook file") from None
        return _load_file(resolved, st.st_mtime_ns, st.st_size)
    if isinstance(name_or_path, Mapping):
        return _build(dict(name_or_path), source="<codebook>", default_name="custom")
    src = str(name_or_path)
    if src in CODEBOOKS:  # a path-like object named like a shipped codebook
        return load_codebook(src)
    path = Path(src).expanduser()
    if not path.suffix and not path.exists():
        raise UsageError(
            f"unknown codebook {src!r}: choose {' or '.join(CODEBOOKS)}, or give the path of a .toml file"
        )
    try:
        st = path.stat()
    except FileNotFoundError:
        raise InputError(src, "no such codebook file") from None
    if stat.S_ISDIR(st.st_mode):
        raise InputError(src, "is a folder, not a codebook file")
    return _load_file(str(path.resolve()), st.st_mtime_ns, st.st_size)


@cache
def _shipped_codebook(name: str) -> str:
    """The resolved path of a shipped codebook."""
    return str(codebook_path(name).resolve())


@lru_cache(maxsize=32)
def _load_file(path: str, mtime_ns: int, size: int) -> Codebook:
    # mtime and size are part of the cache key so an edited file is read again.
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(path, "is not UTF-8 text; save the codebook as UTF-8") from None
    except OSError as e:
        raise InputError(path, f"cannot be read ({e.strerror or e})") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise InputError(path, f"is not valid TOML: {e}") from None
    return _build(data, source=path, default_name=Path(path).stem)


def _fail(source: str, where: str, problem: str) -> InputError:
    return InputError(source, f"{where}{': ' if where else ''}{problem}")


def _check_keys(source: str, where: str, got: Mapping[str, Any], allowed: set[str]) -> None:
    unknown = sorted(set(got) - allowed)
    if unknown:
        raise _fail(source, where, f"unknown key {unknown[0]!r} (allowed: {', '.join(sorted(allowed))})")


def _str_list(source: str, where: str, key: str, value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _fail(source, where, f"{key!r} must be a list of strings")
    for v in value:
        if not v.strip():
            raise _fail(source, where, f"{key!r} contains an empty string")
    return tuple(v.strip() for v in value)


def _norm_piece(piece: str) -> str:
    """Normalise one word of a cue exactly as sentence tokens are normalised."""
    p = str.lower(piece).replace("’", "'").replace("‘", "'")
    star = p.endswith("*")
    p = p.rstrip("*").rstrip(".")
    if p.endswith("'s"):
        p = p[:-2]
    return p + ("*" if star else "")


def _cue_set(source: str, where: str, key: str, cues: Sequence[str]) -> _Cues | None:
    """``cues`` validated and normalised, in the order they are tried at a token."""
    parsed = []
    for cue in cues:
        pieces = tuple(_norm_piece(p) for p in re.split(r"[\s\-–]+", cue) if p)
        if not pieces:
            raise _fail(source, where, f"{key!r}: the cue {cue!r} has no word in it")
        for p in pieces:
            if not _CUE_PIECE.match(p) or p == "*":
                raise _fail(
                    source, where,
                    f"{key!r}: the cue {cue!r} has characters a word cannot contain "
                    "(write letters, digits and apostrophes, with at most one final '*'; "
                    "use 'patterns' for anything else)",
                )
        parsed.append(pieces)
    if not parsed:
        return None
    # Longest first, so a phrase beats its first word. Length is that of the cue
    # as a regex, as in the regex alternation cues were first matched with: the
    # order decides which of two cues starting at one token wins, so it is kept.
    parsed.sort(key=lambda ps: len(" ".join(re.escape(p[:-1]) + "[^ ]*" if p.endswith("*") else re.escape(p)
                                            for p in ps)), reverse=True)
    return _Cues(parsed)


try:  # the regex parser is private to the re module; without it no pattern is pre-filtered
    from re import _parser as _sre_parser  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - Python 3.10
    import sre_parse as _sre_parser  # type: ignore[no-redef]

# The characters that match an ASCII letter under re.IGNORECASE but do not lower-case
# to it, and the usual non-ASCII punctuation of news (lower() is far faster on ASCII).
_FOLD: Final = {
    "İ": "i", "ı": "i", "ſ": "s",
    "’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-", "\xa0": " ", "…": ".",
}


def _fold(text: str) -> str:
    """``text`` lower-cased, so that whatever a case-insensitive literal ASCII letter
    matches becomes that letter, and with the characters of :data:`_FOLD` replaced.

    Folding is character by character, so whatever a pattern's literal string
    matches in a text is, folded, the literal folded.
    """
    if not text.isascii():
        for a, b in _FOLD.items():
            text = text.replace(a, b)
    return str.lower(text)


def _needed_literals(pattern: re.Pattern[str]) -> tuple[str, ...] | None:
    """Strings one of which every match of ``pattern``, :func:`_fold`-ed, contains; None if unknown.

    Looking for them (``str.find``) is far cheaper than searching the pattern in
    every sentence, which the regex engine does position by position when a
    pattern starts with ``\\b``, as most cue patterns do.
    """
    try:
        needs = _needed(_sre_parser.parse(pattern.pattern, pattern.flags))
    except Exception:  # noqa: BLE001 - the private parser of another Python version: search every sentence
        return None
    return None if needs is None else tuple(dict.fromkeys(map(_fold, needs)))


def _exact_literals(pattern: re.Pattern[str]) -> tuple[str, ...] | None:
    """Strings one of which every match of ``pattern`` contains as they are, from its
    case-sensitive parts (``(?-i:UN)``); None if it has none or they are unknown.

    Unfolded, they are rarer than :func:`_needed_literals`: "UN" is in far fewer
    sentences than "un".
    """
    try:
        needs = _needed(_sre_parser.parse(pattern.pattern, pattern.flags), exact=True,
                        ignorecase=bool(pattern.flags & re.IGNORECASE))
    except Exception:  # noqa: BLE001 - as in _needed_literals
        return None
    return None if needs is None else tuple(dict.fromkeys(needs))


def _needed(items: Iterable[tuple[Any, Any]], exact: bool = False, ignorecase: bool = False) -> tuple[str, ...] | None:
    """See :func:`_needed_literals` and (``exact``) :func:`_exact_literals`;
    ``ignorecase``: whether ``items`` are matched ignoring case."""
    # Each item of a sequence must match, so whatever one of them needs, the whole
    # needs: keep the choice whose shortest string is longest (the rarest, likely).
    p = _sre_parser
    options: list[tuple[str, ...]] = []
    run: list[str] = [""]  # what the literal characters since the last other item spell (one of these)
    for op, av in items:
        c = _literal_char(op, av, exact, ignorecase)
        if c is not None:
            run = [r + c for r in run]
            continue
        c = _optional_char(op, av, exact, ignorecase)
        if c is not None and len(run) < 8:  # "aged?": the run goes on as "age" or "aged"
            run += [r + c for r in run]
            continue
        if all(run):
            options.append(tuple(run))
        run = [""]
        need: tuple[str, ...] | None = None
        if op is p.SUBPATTERN:  # (group, flags it turns on, flags it turns off, items)
            scoped = (ignorecase or bool(av[1] & re.IGNORECASE)) and not av[2] & re.IGNORECASE
            need = _needed(av[-1], exact, scoped)
        elif op is getattr(p, "ATOMIC_GROUP", None):
            need = _needed(av, exact, ignorecase)
        elif op in (p.MAX_REPEAT, p.MIN_REPEAT, getattr(p, "POSSESSIVE_REPEAT", None)) and av[0] >= 1:
            need = _needed(av[2], exact, ignorecase)
        elif op is p.BRANCH:
            branches = [_needed(b, exact, ignorecase) for b in av[1]]
            if all(branches):
                need = tuple(dict.fromkeys(s for b in branches for s in b))  # type: ignore[union-attr]
        elif op is p.IN and all(o is p.LITERAL for o, _ in av):
            chars = [_literal_char(o, v, exact, ignorecase) for o, v in av]
            if all(chars):
                need = tuple(dict.fromkeys(chars))  # type: ignore[arg-type]
        if need and len(need) <= 50:
            options.append(need)
    if all(run):
        options.append(tuple(run))
    return max(options, key=lambda o: min(map(len, o)), default=None)


def _optional_char(op: Any, av: Any, exact: bool, ignorecase: bool) -> str | None:
    """The character of an optional literal (``d?``, as :func:`_literal_char` allows it), else None."""
    p = _sre_parser
    if op in (p.MAX_REPEAT, p.MIN_REPEAT, getattr(p, "POSSESSIVE_REPEAT", None)) and av[:2] == (0, 1) \
            and len(av[2]) == 1:
        item_op, item_av = av[2][0]
        return _literal_char(item_op, item_av, exact, ignorecase)
    return None


def _literal_char(op: Any, av: Any, exact: bool = False, ignorecase: bool = False) -> str | None:
    """The character of a literal item if it is ASCII or caseless (such as €), else None;
    ``exact``: if it is matched as it is (not ``ignorecase``), else None."""
    if op is not _sre_parser.LITERAL:
        return None
    c = chr(av)
    if exact:
        return None if ignorecase else c
    return c if c.isascii() or str.lower(c) == c == c.upper() else None


def _build(data: dict[str, Any], *, source: str, default_name: str) -> Codebook:
    if not isinstance(data, dict):
        raise _fail(source, "", "a codebook must be a table with [codebook] and [[frames]]")
    _check_keys(source, "top level", data, _TOP_KEYS)
    meta = data.get("codebook", {})
    if not isinstance(meta, dict):
        raise _fail(source, "[codebook]", "must be a table")
    _check_keys(source, "[codebook]", meta, _META_KEYS)
    default_within = meta.get("within", DEFAULT_WITHIN)
    if not isinstance(default_within, int) or isinstance(default_within, bool) or default_within < 1:
        raise _fail(source, "[codebook]", "'within' must be a whole number of tokens, 1 or more")

    entities_in = data.get("entities", {})
    if not isinstance(entities_in, dict):
        raise _fail(source, "[entities]", "must be a table of word lists, e.g. country = [\"Wakanda\"]")
    entities: dict[str, tuple[str, ...]] = {
        "country": COUNTRIES,
        "organisation": ORGANISATION_WORDS,
    }
    for kind, words in entities_in.items():
        if not _ID.match(kind):
            raise _fail(source, "[entities]", f"{kind!r} is not a valid name (letters, digits, _)")
        entities[kind] = entities.get(kind, ()) + _str_list(source, "[entities]", kind, words)
    entity_cues = {kind: _cue_set(source, "[entities]", kind, words) for kind, words in entities.items()}
    known_kinds = set(ENTITY_KINDS) | set(entities)

    frames_in = data.get("frames")
    if not frames_in:
        raise _fail(source, "", "the codebook has no frames; add at least one [[frames]] table")
    if not isinstance(frames_in, list) or not all(isinstance(f, dict) for f in frames_in):
        raise _fail(source, "frames", "write frames as [[frames]] tables")
    frames: list[Frame] = []
    seen_frames: set[str] = set()
    seen_ind: set[str] = set()
    for fi, f in enumerate(frames_in):
        fid = f.get("id")
        fwhere = f"frame {fid!r}" if isinstance(fid, str) else f"frame #{fi + 1}"
        _check_keys(source, fwhere, f, _FRAME_KEYS)
        if not isinstance(fid, str) or not _ID.match(fid):
            raise _fail(source, fwhere, "needs an 'id' made of letters, digits and _ (e.g. id = \"conflict\")")
        if fid in seen_frames:
            raise _fail(source, fwhere, "appears twice; frame ids must be unique")
        seen_frames.add(fid)
        fnumber = f.get("number")
        if fnumber is not None and (not isinstance(fnumber, int) or isinstance(fnumber, bool)):
            raise _fail(source, fwhere, "'number' must be a whole number")
        inds_in = f.get("indicators")
        if not inds_in:
            raise _fail(source, fwhere, "has no indicators; give it at least one [[frames.indicators]]")
        if not isinstance(inds_in, list) or not all(isinstance(i, dict) for i in inds_in):
            raise _fail(source, fwhere, "write indicators as [[frames.indicators]] tables")
        indicators = []
        for ii, ind in enumerate(inds_in):
            iid = ind.get("id")
            where = f"frame {fid!r}, indicator {iid!r}" if isinstance(iid, str) else f"frame {fid!r}, indicator #{ii + 1}"
            _check_keys(source, where, ind, _INDICATOR_KEYS)
            if not isinstance(iid, str) or not _ID.match(iid):
                raise _fail(source, where, "needs an 'id' made of letters, digits and _")
            if iid in seen_ind:
                raise _fail(source, where, "appears twice; indicator ids must be unique in a codebook")
            seen_ind.add(iid)
            question = ind.get("question")
            if not isinstance(question, str) or not question.strip():
                raise _fail(source, where, "needs a 'question' (the yes/no question it answers)")
            words = _str_list(source, where, "words", ind.get("words", []))
            written = _str_list(source, where, "patterns", ind.get("patterns", []))
            near = _str_list(source, where, "near", ind.get("near", []))
            near_words = _str_list(source, where, "near_words", ind.get("near_words", []))
            for kind in near:
                if kind not in known_kinds:
                    raise _fail(
                        source, where,
                        f"'near' names an unknown kind {kind!r} (known: {', '.join(sorted(known_kinds))}; "
                        "add your own under [entities])",
                    )
            scope = ind.get("scope", "body")
            if scope not in SCOPES:
                raise _fail(source, where, f"'scope' must be one of {', '.join(SCOPES)}, not {scope!r}")
            if scope != "none" and not words and not written:
                raise _fail(source, where, "has no cues: give 'words' or 'patterns' (or scope = \"none\")")
            within = ind.get("within", default_within)
            if not isinstance(within, int) or isinstance(within, bool) or within < 1:
                raise _fail(source, where, "'within' must be a whole number of tokens, 1 or more")
            min_sentences = ind.get("min_sentences", 1)
            if not isinstance(min_sentences, int) or isinstance(min_sentences, bool) or min_sentences < 1:
                raise _fail(source, where, "'min_sentences' must be a whole number, 1 or more")
            number = ind.get("number")
            if number is not None and (not isinstance(number, int) or isinstance(number, bool)):
                raise _fail(source, where, "'number' must be a whole number")
            compiled = []
            for pat in written:
                try:
                    compiled.append(re.compile(pat, re.IGNORECASE))
                except re.error as e:
                    raise _fail(source, where, f"the pattern {pat!r} is not a valid regular expression ({e})") from None
            indicators.append(Indicator(
                id=iid, frame=fid, question=question.strip(), number=number, words=words,
                patterns=written, near=near, near_words=near_words, within=within, scope=scope,
                min_sentences=min_sentences, notes=ind.get("notes"),
                _word_cues=_cue_set(source, where, "words", words),
                _patterns_re=tuple(compiled),
                _near_cues=_cue_set(source, where, "near_words", near_words),
            ))
        frames.append(Frame(
            id=fid, label=str(f.get("label") or fid.replace("_", " ")), indicators=tuple(indicators),
            description=f.get("description"), number=fnumber,
        ))
    sources = meta.get("sources", ())
    flat = tuple(i for f in frames for i in f.indicators)
    patterns = tuple(
        (n, rx, _needed_literals(rx), ind.scope) for n, ind in enumerate(flat) if ind.coded for rx in ind._patterns_re
    )
    exact = {rx: needs for _, rx, _, _ in patterns if (needs := _exact_literals(rx))}
    kinds = [kind for kind, cues in entity_cues.items() if cues is not None]
    cue_sets = [ind._word_cues if ind.coded else None for ind in flat] + [
        ind._near_cues if ind.coded else None for ind in flat] + [entity_cues[kind] for kind in kinds]
    entity_sets = {kind: 2 * len(flat) + k for k, kind in enumerate(kinds)}
    return Codebook(
        name=str(meta.get("name") or default_name), frames=tuple(frames), title=meta.get("title"),
        description=meta.get("description"),
        sources=_str_list(source, "[codebook]", "sources", sources) if sources else (),
        path=None if source.startswith("<") else source,
        entities=entities, _index=_WordIndex(cue_sets), _entity_sets=entity_sets, _patterns=patterns, _exact=exact,
        _flat=flat,
    )


# --------------------------------------------------------------------------- sentences


def _normalise(words: str) -> list[str]:
    """The normalised tokens of space-separated word tokens: lower case, ’ as ',
    no possessive 's, hyphenated words split ("Kim-Jong's" -> "kim", "jong").

    One lower-casing for all: no token contains a space and no lower-cased
    character is one, so splitting gives one token per word. (A token ends in a
    letter or digit, so there is no final "." to strip.) Other characters than
    spaces, such as newlines between sentences, stay tokens of their own.
    """
    low = str.lower(words.replace("’", "'"))  # in this order, lower() mostly meets ASCII, where it is fast
    if not low:
        return []
    if low.endswith("'s"):
        low = low[:-2]
    # A token has no "--" and does not start or end with "-" or "'s": no piece is empty.
    return low.replace("'s ", " ").replace("-", " ").split(" ")


class _PreparedSentence:
    """A sentence's text and word tokens, with where its normalised tokens are.

    The word tokens' offsets are needed only when a pattern cue matches or a cue
    asks what is near it, so they are found on first use.
    """

    __slots__ = ("text", "words", "_first_norm", "_starts")

    def __init__(self, text: str, words: Sequence[str] | None = None):
        """``words``: the sentence's word tokens if known (``Sentence.tokens``, which are ``_TOKEN``'s)."""
        self.text = text
        self._starts: list[int] | None = None
        self._first_norm: list[int] | None = None
        self.words = _TOKEN.findall(text) if words is None else words

    @property
    def tokens(self) -> list[str]:
        """The normalised tokens, which word cues are matched on."""
        return _normalise(" ".join(self.words))

    @property
    def n_tokens(self) -> int:
        """How many normalised tokens there are: a hyphenated word has several."""
        if "-" not in self.text:
            return len(self.words)
        return len(self.words) + sum(w.count("-") for w in self.words)

    @property
    def raw_first_norm(self) -> list[int]:
        """Raw token -> its first normalised token."""
        if self._first_norm is None:
            if "-" not in self.text or not self.words:  # no hyphenated word: one normalised token per word
                self._first_norm = list(range(len(self.words)))
            else:  # a word has as many normalised tokens as hyphens + 1
                self._first_norm = list(accumulate((w.count("-") + 1 for w in self.words[:-1]), initial=0))
        return self._first_norm

    @property
    def starts(self) -> list[int]:
        """Where each word token starts in the text."""
        if self._starts is None:
            # Every word character of the text is part of a word token, and a token
            # starts with one: so a token's first occurrence after the previous
            # token is where it is (and finding it is cheaper than the regex).
            starts = []
            find = self.text.find
            at = 0
            for word in self.words:
                at = find(word, at)
                starts.append(at)
                at += len(word)
            self._starts = starts
        return self._starts

    def end(self, r: int) -> int:
        """Where word token ``r`` ends in the text."""
        return self.starts[r] + len(self.words[r])

    def tokens_between(self, start: int, end: int) -> tuple[int, int]:
        """Normalised token range covering the text characters ``start:end``."""
        if not self.words:
            return 0, 0
        a = max(bisect.bisect_right(self.starts, start) - 1, 0)
        b = max(bisect.bisect_left(self.starts, end) - 1, a)
        first = self.raw_first_norm[a]
        last = self.raw_first_norm[b + 1] if b + 1 < len(self.words) else self.n_tokens
        return first, max(last, first + 1)


class _Entities:
    """Named persons, countries and organisations of one sentence, found on first request."""

    def __init__(self, sent: _PreparedSentence, codebook: Codebook, known_names: Container[str],
                 found: Mapping[int, _Hits]):
        """``found``: the sentence's word cue matches by cue set (see :func:`_word_matches`)."""
        self.sent = sent
        self.codebook = codebook
        self.found = found
        self.known = known_names
        self._cache: dict[str, list[tuple[int, int, str]]] = {}
        self._run_list: list[tuple[int, int, list[str], str, bool]] | None = None

    def get(self, kind: str) -> list[tuple[int, int, str]]:
        if kind not in self._cache:
            self._cache[kind] = self._find(kind)
        return self._cache[kind]

    def _lists(self, kind: str) -> list[tuple[int, int, str]]:
        found = self.found.get(self.codebook._entity_sets.get(kind, -1), ())
        return [(a, b, cue) for cue, a, b, _ in found]

    def _runs(self) -> list[tuple[int, int, list[str], str, bool]]:
        """Runs of capitalised raw tokens with nothing but spaces between them: (first
        token, end token, words, text, whether a word names an organisation's kind)."""
        if self._run_list is not None:
            return self._run_list
        s = self.sent
        words = s.words
        runs: list[list[int]] = []
        prev = -2
        for r in [r for r, w in enumerate(words) if w[0].isupper() and str.lower(w) not in _NOT_NAMES]:
            if r == prev + 1 and s.text[s.end(prev): s.starts[r]].strip() in ("", "."):
                runs[-1].append(r)
            else:
                runs.append([r])
            prev = r
        out = []
        first_norm = s.raw_first_norm
        for run in runs:
            a = first_norm[run[0]]
            b = first_norm[run[-1] + 1] if run[-1] + 1 < len(first_norm) else s.n_tokens
            ws = [words[r] for r in run]
            out.append((a, b, ws, " ".join(ws), any(str.lower(w) in _ORG_HEADS for w in ws)))
        self._run_list = out
        return out

    def _find(self, kind: str) -> list[tuple[int, int, str]]:
        if kind == "name":
            return [(a, b, text) for a, b, ws, text, _ in self._runs() if self._is_name(a, ws)]
        if kind == "country":
            return self._lists("country")
        if kind == "organisation":
            found = self._lists("organisation")
            for a, b, ws, text, org in self._runs():
                if org or (len(ws) == 1 and _ACRONYM.match(ws[0]) and ws[0] not in _NOT_ACRONYMS):
                    found.append((a, b, text))
            return found
        if kind == "person":
            places = self.get("country") + [
                e for e in self.get("organisation") if e[2][:1].isupper()
            ]
            found = []
            for a, b, ws, text, org in self._runs():
                titled = str.lower(ws[0]).rstrip(".") in _TITLES and len(ws) > 1
                if not (titled or self._is_name(a, ws)):
                    continue
                if any(pa <= a and b <= pb for pa, pb, _ in places):
                    continue  # the whole run is a country or an organisation
                if org or all(w.isupper() for w in ws):
                    continue
                found.append((a, b, text))
            return found
        return self._lists(kind)

    def _is_name(self, a: int, words: list[str]) -> bool:
        # The first word of a sentence is capitalised anyway: alone, it is a name
        # only if the article knows it as (part of) a speaker's name.
        return a > 0 or len(words) > 1 or words[0] in self.known


# --------------------------------------------------------------------------- scoring


def _sentence_hits(
    codebook: Codebook, text: str, scope: str, known: frozenset[str] = frozenset()
) -> list[tuple[Indicator, _Hits]]:
    """Every indicator of ``codebook`` that ``text`` answers yes, with its matches."""
    sent = _PreparedSentence(text)
    found = _word_matches(codebook, sent.tokens).get(0, {})
    _add_pattern_hits(sent, ((n, rx) for n, rx, _, _ in codebook._patterns), found)
    return _answers(codebook, sent, scope, known, found)


def _word_matches(
    codebook: Codebook, tokens: Sequence[str], firsts: Sequence[int] = (0,)
) -> dict[int, dict[int, _Hits]]:
    """The word cue matches in ``tokens``: sentence (``firsts``: where each starts in
    ``tokens``) -> cue set number -> its matches, positions counted from the
    sentence's start, for the sentences where a cue may match. See
    :attr:`Codebook._index` for the cue sets.

    The matches of one cue set do not overlap. A token that is no word (the
    newline :func:`score` puts between sentences) is matched by no cue.
    """
    found: dict[int, dict[int, _Hits]] = {}
    here: dict[int, _Hits] = {}
    start, end = 0, -1  # of the sentence of the last match: the first match looks its sentence up
    ends: dict[int, int] = {}  # cue set -> end of its last phrase match
    starting = list(map(codebook._index.__getitem__, tokens))
    last = len(tokens) - 1
    for i in compress(range(len(tokens)), starting):  # the tokens where a cue may start
        follow, pairs = starting[i]
        if follow is not None and (i == last or tokens[i + 1] not in follow):
            continue
        if i >= end:  # a match in a sentence further on
            s = bisect.bisect_right(firsts, i) - 1
            here = found[s] = {}
            start, end = firsts[s], firsts[s + 1] if s + 1 < len(firsts) else len(tokens)
        for n, rests in pairs:
            if ends and i < ends.get(n, 0):
                continue  # inside this cue set's previous match
            if rests[0]:
                j = _match_end(tokens, i, rests)
                if not j:
                    continue
                ends[n] = j
                hit = (" ".join(tokens[i:j]), i - start, j - start, None)
            else:  # a one-word cue, which matches
                hit = (tokens[i], i - start, i + 1 - start, None)
            if n in here:
                here[n].append(hit)
            else:
                here[n] = [hit]
    return found


def _add_pattern_hits(sent: _PreparedSentence, patterns: Iterable[tuple[int, re.Pattern[str]]],
                      found: dict[int, _Hits]) -> None:
    """Add to ``found`` (indicator number -> hits) the matches of ``patterns`` in ``sent``."""
    searched: dict[re.Pattern[str], _Hits] = {}  # a pattern two indicators share is searched once
    for n, rx in patterns:
        hits = searched.get(rx)
        if hits is None:
            hits = searched[rx] = [
                (m.group(0), *sent.tokens_between(m.start(), m.end()), None)
                for m in rx.finditer(sent.text) if m.end() > m.start()
            ]
        if hits:
            if n in found:
                found[n].extend(hits)
            else:
                found[n] = list(hits)


def _answers(
    codebook: Codebook, sent: _PreparedSentence, scope: str, known: Container[str], found: Mapping[int, _Hits]
) -> list[tuple[Indicator, _Hits]]:
    """The indicators, in codebook order, whose cue matches in ``found`` (cue set ->
    hits) answer yes in a sentence of ``scope``: those that ask what the cue is near
    keep only the matches near it."""
    out = []
    entities = None
    indicators = len(codebook._flat)
    for n in sorted(found):
        if n >= indicators:
            break  # the near words and entities, which answer nothing by themselves
        ind = codebook._flat[n]
        if ind.scope != "all" and ind.scope != scope:
            continue
        hits = found[n]
        if ind.near or ind._near_cues is not None:
            near_hits = found.get(indicators + n, ())
            if not ind.near and not near_hits:
                continue  # none of its near words is in the sentence (the usual case)
            if entities is None:
                entities = _Entities(sent, codebook, known, found)
            near_words = [(a, b, cue) for cue, a, b, _ in near_hits]
            hits = ind._near_filter(entities, hits, near_words)
        if hits:
            out.append((ind, hits))
    return out


def _article_tokens(sentences: Sequence[Sentence]) -> tuple[list[str], list[int]]:
    """The normalised tokens of ``sentences`` in one list, each sentence's followed
    by a newline (which no cue matches, so none runs across two sentences), and
    where each sentence's tokens start in it.
    """
    stream: list[str] = []
    for s in sentences:
        if s.tokens:
            stream += s.tokens
            stream.append("\n")
    tokens = _normalise(" ".join(stream))
    firsts = []
    first = 0
    for s in sentences:
        firsts.append(first)
        if s.tokens:
            first = tokens.index("\n", first) + 1
    return tokens, firsts


def _patterns_by_sentence(
    codebook: Codebook, texts: Sequence[str], scopes: Sequence[str]
) -> dict[int, list[tuple[int, re.Pattern[str]]]]:
    """Sentence -> the (indicator number, pattern) cues that may match ``texts[sentence]``, in codebook order.

    A pattern is searched only in the sentences that contain one of the strings
    it needs (:func:`_exact_literals` as they are, else :func:`_needed_literals`
    folded), looked for in the whole article at once.
    """
    per: dict[int, list[tuple[int, re.Pattern[str]]]] = {}
    joined = "\n".join(texts)
    folded = _fold(joined)
    if len(folded) != len(joined):  # offsets would not match: search every sentence
        folded = ""
    offsets = list(accumulate((len(t) + 1 for t in texts), initial=0))
    candidates: dict[re.Pattern[str], list[int]] = {}  # a pattern may serve two indicators: look once
    for n, rx, needs, scope in codebook._patterns:
        exact = codebook._exact.get(rx)
        if exact is None and (needs is None or not folded):
            where: Iterable[int] = range(len(texts))
        elif rx in candidates:
            where = candidates[rx]
        else:
            text, needs = (joined, exact) if exact is not None else (folded, needs)
            hit = set()
            for lit in needs:  # type: ignore[union-attr]
                pos = text.find(lit)
                while pos >= 0:
                    k = bisect.bisect_right(offsets, pos) - 1
                    hit.add(k)
                    pos = text.find(lit, offsets[k + 1])  # this sentence is in: look on from the next
            where = candidates[rx] = sorted(hit)
        for k in where:
            if scope == "all" or scope == scopes[k]:
                per.setdefault(k, []).append((n, rx))
    return per


def score(article: Article, codebook: str | os.PathLike[str] | Codebook = DEFAULT_CODEBOOK) -> dict[str, Any]:
    """Score an article's frames with a codebook and store the result on ``article.frames``.

    Story sentences answer the ``body`` indicators; caption paragraphs answer the
    ``captions`` ones (an article without captions leaves those "not coded":
    ``present`` is None and they are left out of the frame's share).

    Args:
        article: the article (cleaned and segmented first if it is not yet).
        codebook: ``"generic"`` (default), ``"policy"``, a path, or a :class:`Codebook`.

    Returns:
        ``{"codebook", "scores": {frame: share of coded indicators present},
        "density": {frame: cue matches per 1,000 words}, "indicators": {frame:
        {indicator: {"question", "present", "sentences", "matches"}}},
        "evidence": [{"frame", "indicator", "paragraph", "sentence", "text",
        "cue", ...}], "words"}``.

    Examples:
        >>> from toolkit.load import load_text
        >>> art = load_text("The senator blamed the government for the crisis.", id="t")
        >>> r = score(art)
        >>> r["scores"]["responsibility"], r["indicators"]["responsibility"]["government_responsible"]["present"]
        (0.6, True)
    """
    cb = load_codebook(codebook)
    if not article.segmented:
        from .pipeline import prepare

        prepare(article)
    paragraphs = article.paragraphs
    has_captions = any(p.kind == "caption" for p in paragraphs)
    # A text that is only a headline (a row of a table of headlines) has no
    # story sentences once cleaned: then its title and headings are the story.
    has_body = any(p.kind == "body" and p.sentences for p in paragraphs)
    story_kinds = ("body",) if has_body else ("title", "heading")
    read: list[Sentence] = []  # each sentence read
    places: list[tuple[Paragraph, str]] = []  # and its paragraph and scope
    words = 0
    for p in paragraphs:
        scope = "body" if p.kind in story_kinds else "captions" if p.kind == "caption" else None
        if scope is not None and p.sentences:
            read += p.sentences
            places += [(p, scope)] * len(p.sentences)
            if scope == "body":
                words += sum([len(s.tokens) for s in p.sentences])
    sentences: dict[str, int] = {ind.id: 0 for ind in cb._flat}  # indicator -> sentences answering it
    matches: dict[str, int] = {ind.id: 0 for ind in cb._flat}
    evidence: list[dict[str, Any]] = []
    # distinct cue spans per frame in story sentences: a word that answers two
    # indicators of one frame is one match of that frame, not two
    spans: set[tuple[int, str, int, int]] = set()  # (sentence, frame, first token, end token)
    known = _SpeakerWords(article.speakers)
    # The word cues of all sentences are matched in one pass, the pattern cues
    # only in the sentences that have what they need.
    found = _word_matches(cb, *_article_tokens(read))  # sentence -> cue set -> hits
    patterns = _patterns_by_sentence(cb, [s.text for s in read], [scope for _, scope in places])
    answering = {k for k, sets in found.items() if sets and min(sets) < len(cb._flat)}
    for k in sorted(answering | patterns.keys()):  # the sentences where an indicator's cue matches or may
        s = read[k]
        p, scope = places[k]
        sent = _PreparedSentence(s.text, s.tokens)
        sentence_found = found.get(k, {})
        if k in patterns:
            _add_pattern_hits(sent, patterns[k], sentence_found)
        answers = _answers(cb, sent, scope, known, sentence_found)
        if not answers:
            continue
        paragraph, index, text = p.index, s.index if p.kind == "body" else None, s.text
        where = "title" if p.kind == "title" else scope
        for ind, hits in answers:
            sentences[ind.id] += 1
            matches[ind.id] += len(hits)
            if scope == "body":
                spans.update([(k, ind.frame, a, b) for _, a, b, _ in hits])
            cue, _, _, near = hits[0]
            ev = {"frame": ind.frame, "indicator": ind.id, "paragraph": paragraph, "sentence": index,
                  "text": text, "cue": cue, "cues": [cue] if len(hits) == 1 else sorted({h[0] for h in hits}),
                  "where": where}
            if near is not None:
                ev["near"] = near
            evidence.append(ev)
    frame_ids = cb.frame_ids  # a new list at each cb.frame_ids
    frame_matches: dict[str, int] = dict.fromkeys(frame_ids, 0)
    for _, fid, _, _ in spans:
        frame_matches[fid] += 1
    scores: dict[str, float | None] = {}
    density: dict[str, float | None] = {}
    indicators: dict[str, dict[str, Any]] = {}
    n_present: dict[str, int] = {}
    for f in cb.frames:
        coded = present = 0
        table = indicators[f.id] = {}
        for ind in f.indicators:
            codable = ind.coded and (ind.scope != "captions" or has_captions)
            is_present = sentences[ind.id] >= ind.min_sentences if codable else None
            coded += codable
            present += is_present is True
            table[ind.id] = {
                "question": ind.question, "present": is_present,
                "sentences": sentences[ind.id], "matches": matches[ind.id],
            }
        n_present[f.id] = present
        scores[f.id] = round(present / coded, 4) if coded else None
        density[f.id] = round(frame_matches[f.id] * 1000 / words, 2) if words else None
    # The main frame follows the same rule as score_text: most matches, then
    # most indicators present, then codebook order.
    main = max(frame_ids, key=lambda f: (frame_matches[f], n_present[f], -frame_ids.index(f)))
    result = {
        "codebook": cb.name, "main": main if frame_matches[main] else "none", "scores": scores,
        "density": density, "matches": frame_matches, "indicators": indicators,
        "evidence": evidence, "words": words, "basis": "body" if story_kinds == ("body",) else "title",
    }
    article.frames = result
    return result


class _SpeakerWords:
    """The words of the article's speakers' names, found when first asked about: only
    a capitalised word opening a sentence next to a cue needs them."""

    def __init__(self, speakers: Iterable[Any]):
        self.speakers = speakers
        self.words: frozenset[str] | None = None

    def __contains__(self, word: object) -> bool:
        if self.words is None:
            self.words = frozenset(w for s in self.speakers for w in _TOKEN.findall(getattr(s, "name", None) or ""))
        return word in self.words


def score_text(
    text: str, codebook: str | os.PathLike[str] | Codebook = DEFAULT_CODEBOOK, *,
    frames: Iterable[str] | None = None, weights: Mapping[str, float] | None = None,
) -> dict[str, Any]:
    """Frame one short text (a sentence, a headline) and pick its main frame.

    The main ``frame`` is the one with the most cue matches (distinct words or
    phrases of the text; with ``weights``, the largest sum of their weights),
    ties going to the frame with more indicators present, then to the one
    listed first in the codebook; ``"none"`` when no cue matches. ``frames``
    restricts the candidates (e.g. to the frames a labelled data set can express).

    Examples:
        >>> r = score_text("Senate Republicans vote on Tuesday after a new poll", "policy")
        >>> r["frame"], r["hits"]["political"], r["cues"]["political"]
        ('political', 3, ['republicans', 'senate', 'vote'])
        >>> r["hits"]["public_opinion"]
        1
        >>> score_text("The sky is blue.", "policy")["frame"]
        'none'
    """
    from .text import split_sentences

    cb = load_codebook(codebook)
    candidates = _candidates(cb, frames)
    spans: dict[str, dict[tuple[int, int, int], str]] = {f: {} for f in cb.frame_ids}
    present: dict[str, set[str]] = {f: set() for f in cb.frame_ids}
    evidence = []
    for k, sentence in enumerate(split_sentences(text) or [text]):
        for ind, hits in _sentence_hits(cb, sentence, "body"):
            present[ind.frame].add(ind.id)
            for cue, a, b, _ in hits:
                spans[ind.frame].setdefault((k, a, b), str.lower(cue))
            evidence.append({"frame": ind.frame, "indicator": ind.id, "text": sentence,
                             "cue": hits[0][0], "cues": sorted({h[0] for h in hits})})
    scores = {}
    for f in cb.frames:
        coded = [i for i in f.indicators if i.coded and i.scope != "captions"]
        scores[f.id] = round(len(present[f.id]) / len(coded), 4) if coded else None
    result = {
        "codebook": cb.name, "frame": "none",
        "hits": {f: len(spans[f]) for f in cb.frame_ids},
        "cues": {f: sorted(spans[f].values()) for f in cb.frame_ids},
        "indicators": {f: sorted(present[f]) for f in cb.frame_ids},
        "scores": scores, "evidence": evidence,
    }
    result["frame"] = _pick(result, candidates, cb.frame_ids, weights)
    return result


def _candidates(cb: Codebook, frames: Iterable[str] | None) -> list[str]:
    candidates = list(frames) if frames is not None else cb.frame_ids
    for fid in candidates:
        cb.frame(fid)  # raises a clear error for an unknown frame
    return candidates


def _pick(result: Mapping[str, Any], candidates: Sequence[str], order: Sequence[str],
          weights: Mapping[str, float] | None) -> str:
    """The main frame of a :func:`score_text` result among ``candidates`` (see there)."""
    rank = {f: n for n, f in enumerate(order)}

    def strength(f: str) -> float:
        if weights is None:
            return float(result["hits"][f])
        return sum(weights.get(c, 1.0) for c in result["cues"][f])

    best = max(candidates, key=lambda f: (strength(f), len(result["indicators"][f]), -rank[f]), default=None)
    return best if best is not None and strength(best) > 0 else "none"


def predict(
    texts: Iterable[str], codebook: str | os.PathLike[str] | Codebook = DEFAULT_CODEBOOK, *,
    frames: Iterable[str] | None = None, weighting: str = "count",
) -> list[str]:
    """The main frame of each text (see :func:`score_text`), ``"none"`` where no cue matches.

    With ``weighting="idf"`` each matched cue counts ``ln(N / df)`` instead of
    1, where ``df`` is the number of the ``N`` texts in which it matches: in a
    collection about one topic (say, shootings) the words that name the topic
    match almost everywhere and say little about how each text frames it. No
    labels are used, only the texts being classified.

    Examples:
        >>> predict(["Stocks fell as costs rose", "A quiet day"], "policy")
        ['economic', 'none']
    """
    if weighting not in ("count", "idf"):
        raise UsageError(f"weighting must be 'count' or 'idf', not {weighting!r}")
    cb = load_codebook(codebook)
    cands = _candidates(cb, frames)
    results = [score_text(t, cb) for t in texts]
    weights = None
    if weighting == "idf" and results:
        df: dict[str, int] = {}
        for r in results:
            for c in {c for cues in r["cues"].values() for c in cues}:
                df[c] = df.get(c, 0) + 1
        weights = {c: math.log(len(results) / n) for c, n in df.items()}
    return [_pick(r, cands, cb.frame_ids, weights) for r in results]


def frame_table(article: Article, codebook: str | os.PathLike[str] | Codebook | None = None) -> Any:
    """One row per frame: score, density, indicators present/coded, evidence sentences.

    Uses ``article.frames`` when present (and ``codebook`` is None or the same
    codebook), otherwise scores the article first.

    Examples:
        >>> from toolkit.load import load_text
        >>> t = frame_table(load_text("Washington slammed China over the talks.", id="t"))
        >>> t[["frame", "score", "present", "coded"]].head(3)
                    frame  score  present  coded
        0  responsibility   0.00        0      5
        1  human_interest   0.00        0      4
        2        conflict   0.25        1      4
    """
    import pandas as pd

    result = _frames_of(article, codebook)
    cb = load_codebook(codebook or result["codebook"])
    rows = []
    for f in cb.frames:
        inds = result["indicators"][f.id]
        rows.append({
            "article": article.id, "codebook": result["codebook"], "frame": f.id, "label": f.label,
            "score": result["scores"][f.id], "density": result["density"][f.id],
            "present": sum(1 for v in inds.values() if v["present"]),
            "coded": sum(1 for v in inds.values() if v["present"] is not None),
            "evidence": sum(1 for e in result["evidence"] if e["frame"] == f.id),
        })
    return pd.DataFrame(rows)


def evidence_table(article: Article, codebook: str | os.PathLike[str] | Codebook | None = None) -> Any:
    """One row per (indicator, sentence) match: the evidence behind :func:`frame_table`.

    Examples:
        >>> from toolkit.load import load_text
        >>> evidence_table(load_text("Washington slammed China.", id="t"))[["frame", "indicator", "cue", "near"]]
              frame indicator      cue        near
        0  conflict  reproach  slammed  washington
    """
    import pandas as pd

    result = _frames_of(article, codebook)
    cols = ["article", "frame", "indicator", "paragraph", "sentence", "where", "cue", "near", "text"]
    return pd.DataFrame([{"article": article.id, **{k: e.get(k) for k in cols[1:]}} for e in result["evidence"]],
                        columns=cols)


def _frames_of(article: Article, codebook: Any) -> dict[str, Any]:
    if article.frames and article.frames.get("indicators") is not None and (
        codebook is None or load_codebook(codebook).name == article.frames["codebook"]
    ):
        return article.frames
    return score(article, codebook or DEFAULT_CODEBOOK)


# --------------------------------------------------------------------------- training


def _need(module: str) -> Any:
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError:
        raise UsageError(
            f"this needs the optional package {module.split('.')[0]!r}: "
            "install the toolkit's 'train' extra (pip install 'storylens[train]')"
        ) from None


@dataclass
class TrainResult:
    """A fitted transparent frame classifier and its cross-validated quality.

    ``macro_f1`` is the mean macro-F1 over the cross-validation folds and
    ``baseline_f1`` the same for always predicting the most frequent label.
    """

    model: Any
    labels: list[Any]
    macro_f1: float
    macro_f1_std: float
    baseline_f1: float
    accuracy: float
    baseline_accuracy: float
    folds: int
    n: int
    majority: Any
    per_label_f1: dict[Any, float]

    def predict(self, texts: Iterable[str]) -> list[Any]:
        """Predicted labels of ``texts``."""
        return [_native(x) for x in self.model.predict(list(texts))]

    def explain(self, text: str, k: int = 5) -> dict[str, Any]:
        """The predicted label of ``text`` and the words that pushed the model towards it.

        Each word's weight is its tf-idf value in ``text`` times the model's
        coefficient for the predicted label.
        """
        vec, clf = self.model.named_steps["tfidf"], self.model.named_steps["clf"]
        x = vec.transform([text])
        probs = clf.predict_proba(x)[0]
        best = int(probs.argmax())
        coef = _coef_row(clf, best)
        names = vec.get_feature_names_out()
        row = x.tocoo()
        contrib = sorted(((str(names[j]), float(v * coef[j])) for j, v in zip(row.col, row.data)), key=lambda t: -t[1])
        return {
            "label": _native(clf.classes_[best]), "probability": round(float(probs[best]), 4),
            "words": [(w, round(c, 4)) for w, c in contrib[:k] if c > 0],
        }

    def top_words(self, k: int = 10) -> dict[Any, list[tuple[str, float]]]:
        """The ``k`` words with the largest weight for each label."""
        vec, clf = self.model.named_steps["tfidf"], self.model.named_steps["clf"]
        names = vec.get_feature_names_out()
        out = {}
        for i, lab in enumerate(clf.classes_):
            coef = _coef_row(clf, i)
            top = coef.argsort()[::-1][:k]
            out[_native(lab)] = [(str(names[j]), round(float(coef[j]), 4)) for j in top]
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "macro_f1": self.macro_f1, "macro_f1_std": self.macro_f1_std, "baseline_f1": self.baseline_f1,
            "accuracy": self.accuracy, "baseline_accuracy": self.baseline_accuracy, "folds": self.folds,
            "n": self.n, "majority": self.majority, "labels": self.labels, "per_label_f1": self.per_label_f1,
        }

    def __repr__(self) -> str:
        return (
            f"TrainResult(n={self.n}, labels={len(self.labels)}, {self.folds}-fold macro-F1="
            f"{self.macro_f1:.3f} ± {self.macro_f1_std:.3f}, majority baseline={self.baseline_f1:.3f}, "
            f"accuracy={self.accuracy:.3f} vs {self.baseline_accuracy:.3f})"
        )


def _native(x: Any) -> Any:
    """A numpy scalar as the plain Python value (labels print and serialise cleanly)."""
    return x.item() if hasattr(x, "item") else x


def _coef_row(clf: Any, i: int) -> Any:
    # A binary logistic regression keeps one row of weights, for classes_[1].
    if clf.coef_.shape[0] == 1:
        return clf.coef_[0] if i == 1 else -clf.coef_[0]
    return clf.coef_[i]


def train(
    df: Any, *, text: str = "text", label: str = "label", folds: int = 5, seed: int = 0,
    min_df: int = 2, ngrams: tuple[int, int] = (1, 2), C: float = 5.0,
) -> TrainResult:
    """Fit a transparent frame classifier on labelled texts and measure it by cross-validation.

    The model is tf-idf word and bigram weights fed to a logistic regression
    (scikit-learn) with balanced class weights: every prediction is a sum of
    word weights, so :meth:`TrainResult.explain` can show the words behind it.
    Quality is the macro-F1 of stratified ``folds``-fold cross-validation,
    reported beside the same figure for always predicting the majority label.

    Args:
        df: a DataFrame (or anything ``pandas.DataFrame`` accepts) with the columns below.
        text: the column of texts (sentences, headlines).
        label: the column of frame labels (rows with a missing label are dropped).
        folds: cross-validation folds (fewer if the rarest label has fewer examples).
        seed: shuffling seed of the folds, for reproducible figures.
        min_df, ngrams, C: vectoriser and regularisation settings.

    Examples:
        >>> import pandas as pd
        >>> df = pd.DataFrame({"t": ["tax cuts and jobs", "jobs and wages", "the budget and taxes",
        ...                          "vote in the senate", "senate vote delayed", "party vote count"] * 3,
        ...                    "y": ["econ"] * 3 + ["pol"] * 3 + ["econ"] * 3 + ["pol"] * 3 + ["econ"] * 3 + ["pol"] * 3})
        >>> r = train(df, text="t", label="y", folds=3, min_df=1)
        >>> r.macro_f1 > r.baseline_f1
        True
        >>> r.explain("a senate vote")["label"]
        'pol'
    """
    pd = _need("pandas")
    _need("sklearn")
    from sklearn.dummy import DummyClassifier
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import accuracy_score, f1_score
    from sklearn.model_selection import StratifiedKFold
    from sklearn.pipeline import Pipeline
    from threadpoolctl import threadpool_limits

    frame = df if isinstance(df, pd.DataFrame) else pd.DataFrame(df)
    for col in (text, label):
        if col not in frame.columns:
            raise UsageError(f"no column {col!r}; the columns are {', '.join(map(str, frame.columns))}")
    data = frame[[text, label]].dropna()
    texts = data[text].astype(str).tolist()
    y = data[label].tolist()
    counts = pd.Series(y).value_counts()
    if len(counts) < 2:
        raise UsageError("training needs at least two different labels")
    k = min(folds, int(counts.min()))
    if k < 2:
        rare = counts.index[-1]
        raise UsageError(f"the label {rare!r} has only one example; cross-validation needs at least two per label")

    def make() -> Any:
        return Pipeline([
            ("tfidf", TfidfVectorizer(ngram_range=ngrams, min_df=min_df, sublinear_tf=True, lowercase=True)),
            ("clf", LogisticRegression(C=C, class_weight="balanced", max_iter=2000)),
        ])

    labels = sorted((_native(x) for x in counts.index), key=str)
    f1s, base_f1s, accs, base_accs = [], [], [], []
    y_true_all, y_pred_all = [], []
    # Problems this small gain nothing from BLAS threads, and on a busy machine
    # the threads' contention made one fit ~30x slower: use one thread.
    with threadpool_limits(1):
        for tr, te in StratifiedKFold(n_splits=k, shuffle=True, random_state=seed).split(texts, y):
            xtr, xte = [texts[i] for i in tr], [texts[i] for i in te]
            ytr, yte = [y[i] for i in tr], [y[i] for i in te]
            pred = make().fit(xtr, ytr).predict(xte)
            base = DummyClassifier(strategy="most_frequent").fit(xtr, ytr).predict(xte)
            f1s.append(f1_score(yte, pred, average="macro", labels=labels, zero_division=0))
            base_f1s.append(f1_score(yte, base, average="macro", labels=labels, zero_division=0))
            accs.append(accuracy_score(yte, pred))
            base_accs.append(accuracy_score(yte, base))
            y_true_all.extend(yte)
            y_pred_all.extend(pred)
        model = make().fit(texts, y)
    per = f1_score(y_true_all, y_pred_all, average=None, labels=labels, zero_division=0)
    mean = sum(f1s) / len(f1s)
    std = math.sqrt(sum((f - mean) ** 2 for f in f1s) / len(f1s))
    return TrainResult(
        model=model, labels=labels, macro_f1=round(mean, 4), macro_f1_std=round(std, 4),
        baseline_f1=round(sum(base_f1s) / len(base_f1s), 4), accuracy=round(sum(accs) / len(accs), 4),
        baseline_accuracy=round(sum(base_accs) / len(base_accs), 4), folds=k, n=len(texts),
        majority=_native(counts.index[0]), per_label_f1={lab: round(float(v), 4) for lab, v in zip(labels, per)},
    )


# --------------------------------------------------------------------------- agreement


def agreement(
    codings: Any, *, unit: str = "unit", coder: str = "coder", frame: str = "frame", value: str = "value",
    level: str = "nominal",
) -> dict[str, float]:
    """Krippendorff's alpha between coders, per frame (the ``krippendorff`` package).

    ``codings`` takes one of three shapes:

    * **one label per unit** (which frame dominates each text): a dict
      ``{coder: {unit: frame}}`` or a DataFrame with one row per unit and one
      column per coder. The result has alpha for each frame (coded present when
      it is the unit's label, absent otherwise) and ``"overall"`` (nominal alpha
      on the labels themselves);
    * **a value per frame** (presence 0/1, or a score): a dict
      ``{coder: {unit: {frame: value}}}``;
    * **long form**: a DataFrame with columns ``unit``, ``coder``, ``frame``,
      ``value`` (names configurable).

    Missing codings (a coder who skipped a unit) are allowed. Alpha is NaN for
    a frame where every coding is the same value (agreement cannot be told
    from chance). ``level`` is krippendorff's level of measurement
    (``nominal``, ``ordinal``, ``interval``, ``ratio``) for value codings.

    Examples:
        >>> alphas = agreement({
        ...     "student_a": {"h1": "political", "h2": "economic", "h3": "political", "h4": "economic"},
        ...     "student_b": {"h1": "political", "h2": "economic", "h3": "political", "h4": "political"},
        ...     "tool":      {"h1": "political", "h2": "economic", "h3": "economic",  "h4": "economic"},
        ... })
        >>> sorted(alphas), round(alphas["overall"], 3)
        (['economic', 'overall', 'political'], 0.389)
    """
    pd = _need("pandas")
    kd = _need("krippendorff")
    import numpy as np

    if isinstance(codings, pd.DataFrame) and {unit, coder, frame, value} <= set(codings.columns):
        long = codings[[unit, coder, frame, value]].rename(
            columns={unit: "unit", coder: "coder", frame: "frame", value: "value"})
        single = False
    else:
        if isinstance(codings, pd.DataFrame):
            codings = {c: codings[c].to_dict() for c in codings.columns}
        if not isinstance(codings, Mapping) or len(codings) < 2:
            raise UsageError("agreement needs codings from at least two coders")
        rows: list[dict[str, Any]] = []
        single = None
        for c, units in codings.items():
            if not isinstance(units, Mapping):
                raise UsageError(f"coder {c!r}: expected a mapping of unit -> frame (or unit -> {{frame: value}})")
            for u, v in units.items():
                nested = isinstance(v, Mapping)
                if single is None:
                    single = not nested
                elif single == nested:
                    raise UsageError("mix of label codings and per-frame codings; use one shape")
                if nested:
                    rows.extend({"unit": u, "coder": c, "frame": f, "value": x} for f, x in v.items())
                else:
                    rows.append({"unit": u, "coder": c, "frame": None, "value": v})
        long = pd.DataFrame(rows, columns=["unit", "coder", "frame", "value"])
        single = bool(single)
    if long.empty:
        raise UsageError("no codings to compare")
    if long["coder"].nunique() < 2:
        raise UsageError("agreement needs codings from at least two coders")

    def alpha(matrix: Any, lvl: str) -> float:
        try:
            return round(float(kd.alpha(reliability_data=matrix, level_of_measurement=lvl)), 4)
        except (ValueError, ZeroDivisionError):
            return float("nan")

    out: dict[str, float] = {}
    if single:
        labels = long.dropna(subset=["value"])
        table = labels.pivot_table(index="coder", columns="unit", values="value", aggfunc="first")
        codes = {lab: i for i, lab in enumerate(sorted(labels["value"].astype(str).unique()))}
        # DataFrame.map is pandas >= 2.1; applymap is its older name
        elementwise = getattr(table, "map", None) or table.applymap
        for lab in codes:
            m = elementwise(lambda v, lab=lab: np.nan if pd.isna(v) else float(str(v) == lab))
            out[lab] = alpha(m.to_numpy(dtype=float), "nominal")
        numeric = elementwise(lambda v: np.nan if pd.isna(v) else float(codes[str(v)]))
        out["overall"] = alpha(numeric.to_numpy(dtype=float), "nominal")
        return out
    for f, part in long.groupby("frame", sort=False):
        table = part.pivot_table(index="coder", columns="unit", values="value", aggfunc="first")
        out[str(f)] = alpha(table.to_numpy(dtype=float), level)
    return out
