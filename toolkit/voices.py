"""Who speaks: each speaker's role and group, and their share of the quoted words.

:func:`toolkit.quotes.extract` finds the quotes and resolves their mentions to
speakers; this module reads what the story writes about each speaker (titles,
appositives, clauses: their *descriptions*), gives them a fine ``role`` and a
coarse ``group`` with the ordered rules of ``data/roles.toml``, and measures
the **voice share**: each speaker's and each group's share of the quoted words
(and, as a second view, of the quotes).

Counting, so that no word counts twice:

* a partial quote inside an indirect quote (``Quote.within``) adds neither a
  quote nor words: its words are already in the indirect quote;
* a quotation running over several paragraphs is one quote (its later parts,
  ``Quote.continues``, add their words but not a quote);
* quotes with no speaker are left out of the shares and counted apart
  (``voice_share["unattributed_words"]``).

The **expert voice share** is the ``expert`` group's share of the quoted words.

Examples:
    >>> from toolkit.load import load_text
    >>> from toolkit.quotes import extract
    >>> art = load_text('"The sanctions are working," said Ana Ruiz, a professor of economics. '
    ...                 'A government spokesman said the talks would resume.', id="demo")
    >>> _ = extract(art)
    >>> [(s.name, s.role, s.group, s.words) for s in resolve(art)]
    [('Ana Ruiz', 'academic', 'expert', 4), ('government spokesman', 'unnamed', 'unnamed', 4)]
    >>> art.voice_share["by_group"]["expert"], art.voice_share["expert_share"]
    (0.5, 0.5)
"""
from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from .article import Article

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = ["Speaker", "Roles", "load_roles", "classify", "resolve", "voice_table", "quote_table", "GROUPS"]

#: The groups of OUTPUT.md, in the order tables list them.
GROUPS = ("expert", "official", "media", "business", "advocate", "citizen", "unnamed", "other")


@dataclass(slots=True)
class Speaker:
    """One person, organisation or unnamed source quoted in an article."""

    name: str
    role: str
    group: str
    description: str | None
    quotes: int
    words: int
    mentions: list[str]
    rule: str | None
    kind: str = "person"

    def to_dict(self) -> dict[str, Any]:
        """The speaker object of the JSON contract (OUTPUT.md), plus evidence keys."""
        return {
            "name": self.name,
            "role": self.role,
            "group": self.group,
            "description": self.description,
            "quotes": self.quotes,
            "words": self.words,
            "kind": self.kind,
            "mentions": list(self.mentions),
            "rule": self.rule,
        }


# --------------------------------------------------------------------------- the role rules


@dataclass(frozen=True)
class _Rule:
    role: str
    cues: tuple[tuple[str, ...], ...]
    with_: tuple[tuple[str, ...], ...] = ()
    within: int = 4
    kinds: tuple[str, ...] = ()
    verbs: tuple[str, ...] = ()  # cue verbs (lemmas) of the speaker's quotes: "report"
    # the first word of each cue: a speaker described without any of them matches no cue of the rule
    firsts: frozenset[str] = field(default=frozenset(), init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "firsts", frozenset(c[0] for c in self.cues if c))


@dataclass(frozen=True, eq=False)
class Roles:
    """The rules of a roles file: ordered cue rules, the role-to-group table, defaults."""

    rules: tuple[_Rule, ...]
    groups: dict[str, str]
    defaults: dict[str, str]
    # Which rules a word can bring into play: the first word of any of their cues, or a cue verb.
    # A rule none of a speaker's words or verbs names cannot match, so classify tries only these.
    by_first: dict[str, tuple[int, ...]] = field(default_factory=dict, init=False, repr=False)
    by_verb: dict[str, tuple[int, ...]] = field(default_factory=dict, init=False, repr=False)

    def __post_init__(self) -> None:
        for i, rule in enumerate(self.rules):
            for word in rule.firsts:
                self.by_first[word] = (*self.by_first.get(word, ()), i)
            for verb in rule.verbs:
                self.by_verb[verb] = (*self.by_verb.get(verb, ()), i)

    def group(self, role: str) -> str:
        return self.groups.get(role, "other")


def load_roles(path: str | os.PathLike[str] | None = None) -> Roles:
    """Read a roles file (default: the bundled ``toolkit/data/roles.toml``).

    Examples:
        >>> roles = load_roles()
        >>> [r.role for r in roles.rules][:4]
        ['official', 'business', 'spokesperson', 'former_official']
        >>> roles.group("think_tank"), roles.group("spokesperson")
        ('expert', 'official')
    """
    if path is None:
        return _default_roles()
    return _parse_roles(Path(path).read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _default_roles() -> Roles:
    return _parse_roles(resources.files("toolkit.data").joinpath("roles.toml").read_text("utf-8"))


def _parse_roles(source: str) -> Roles:
    d = tomllib.loads(source)
    rules = tuple(
        _Rule(
            role=r["role"],
            cues=tuple(_words(c) for c in r.get("cues", [])),
            with_=tuple(_words(c) for c in r.get("with", [])),
            within=int(r.get("within", 4)),
            kinds=tuple(r.get("kinds", ())),
            verbs=tuple(str.lower(v) for v in r.get("verbs", ())),
        )
        for r in d.get("rules", [])
    )
    defaults = {"person": "other", "organisation": "organisation", "unnamed": "unnamed", **d.get("defaults", {})}
    return Roles(rules, dict(d.get("groups", {})), defaults)


_APOSTROPHE: Final = re.compile(r"[’'.]")
_WORD: Final = re.compile(r"\w+")


def _words(text: str) -> tuple[str, ...]:
    """Lower-case words with punctuation and hyphens dropped ("Rep." -> rep, "think-tank" -> think tank)."""
    return tuple(_WORD.findall(_APOSTROPHE.sub("", str.lower(text))))


def _find(words: tuple[str, ...], phrase: tuple[str, ...]) -> list[int]:
    if not phrase:
        return []
    first, n = phrase[0], len(phrase)
    return [i for i, w in enumerate(words) if w == first and words[i:i + n] == phrase]


def _match(rule: _Rule, words: tuple[str, ...], present: frozenset[str]) -> str | None:
    """The cue of ``rule`` found in a description (with its companion word), or None.

    ``words`` are the description's :func:`_words` and ``present`` their set:
    :func:`classify` computes both once per description, because a rule may be
    tried against every description, and a cue whose first word is absent
    cannot match, so it is skipped without scanning the words.
    """
    for cue in [c for c in rule.cues if c and c[0] in present]:
        for at in _find(words, cue):
            if not rule.with_:
                return " ".join(cue)
            after = words[at + len(cue):at + len(cue) + rule.within]
            for w in rule.with_:
                if _find(after, w):
                    return f"{' '.join(cue)} … {' '.join(w)}"
    return None


def classify(descriptions: list[str], *, kind: str = "person", name: str | None = None,
             roles: Roles | None = None, verbs: list[str] | None = None) -> tuple[str, str, str | None, str | None]:
    """Role, group, evidence and the description that decided, for one speaker.

    The first rule (in file order) whose cue appears in any description wins.
    An organisation's own name counts as a description ("the Heritage
    Foundation"); unnamed sources take the ``unnamed`` default whatever
    their description says, and the evidence keeps what it said. A rule with
    ``verbs`` instead of ``cues`` reads how the speaker was quoted: an
    organisation that "reported" something is a news organisation (``verbs``:
    the cue lemmas of the speaker's quotes). An organisation no rule places
    is an ``organisation`` (group ``other``).

    Examples:
        >>> classify(["Retired US ambassador", "who is now an adjunct senior fellow at a think tank"])[:3]
        ('former_official', 'expert', "rule former_official: 'retired … ambassador' in 'Retired US ambassador'")
        >>> classify(["Russia's Foreign Minister spokeswoman"])[:2]
        ('spokesperson', 'official')
        >>> classify([], kind="person")[:3]
        ('other', 'other', 'no description of the speaker in the story')
        >>> classify([], kind="organisation", name="Acme", verbs=["report"])[:3]
        ('news_organisation', 'media', "rule news_organisation: an organisation that 'reported'")
    """
    texts = [d for d in descriptions if _ALNUM.search(d)]  # "." or "—" describes nothing
    return _classify(texts, kind, name, roles or load_roles(), verbs)


# A letter or digit: what str.isalnum() accepts (\w less "_").
_ALNUM: Final = re.compile(r"[^\W_]")


def _classify(texts: list[str], kind: str, name: str | None, roles: Roles,
              verbs: list[str] | None) -> tuple[str, str, str | None, str | None]:
    """:func:`classify` of descriptions that each hold a letter or digit."""
    if kind == "organisation" and name:
        texts = [*texts, name]
    used = {str.lower(v) for v in verbs or ()}
    # each description's words, split once for all the rules (see _match)
    split = [(d, words, frozenset(words)) for d in texts for words in (_words(d),)]
    # Only the rules that a word of the descriptions or a verb names can match (Roles.by_first,
    # by_verb): the others would be skipped one by one, in file order, so trying these in file
    # order decides the same. Most speakers are described by no cue word at all.
    by_first, by_verb = roles.by_first, roles.by_verb
    tried = {i for _, words, _ in split for w in words if w in by_first for i in by_first[w]}
    tried.update(i for v in used if v in by_verb for i in by_verb[v])
    found: tuple[str, str, str] | None = None
    for i in sorted(tried):
        rule = roles.rules[i]
        if rule.kinds and kind not in rule.kinds:
            continue
        verb = next((v for v in rule.verbs if v in used), None) if rule.verbs else None
        if verb is not None:
            said = {"report": "reported"}.get(verb, verb)
            return rule.role, roles.group(rule.role), f"rule {rule.role}: an organisation that {said!r}" \
                if kind == "organisation" else f"rule {rule.role}: a speaker who {said!r}", None
        for d, words, present in split:
            cue = _match(rule, words, present)
            if cue is not None:
                found = (rule.role, cue, d)
                break
        if found:
            break
    if kind == "unnamed":
        role = roles.defaults.get("unnamed", "unnamed")
        said = f"; described as {found[0]} ('{found[1]}' in {found[2]!r})" if found else ""
        return role, roles.group(role), f"unnamed source{said}", found[2] if found else None
    if found is None:
        role = roles.defaults.get(kind, "other")
        if kind == "organisation":
            why = "an organisation: nothing in the story says what kind" if texts == [name] else \
                f"an organisation: no rule matches what the story calls it ({'; '.join(texts)[:120]!r})"
        else:
            why = "no description of the speaker in the story" if not texts else \
                f"no rule matches the description ({'; '.join(texts)[:120]!r})"
        return role, roles.group(role), why, None
    role, cue, d = found
    return role, roles.group(role), f"rule {role}: '{cue}' in {d!r}", d


# --------------------------------------------------------------------------- speakers and shares


def resolve(article: Article, *, roles: str | os.PathLike[str] | Roles | None = None) -> list[Speaker]:
    """Roles, groups and voice share of the speakers of ``article.quotes``.

    Reads what :func:`toolkit.quotes.extract` left in
    ``article.meta["speaker_registry"]`` (kinds and descriptions); for quotes
    that came from elsewhere (e.g. a JSON file) each speaker name stands alone.
    Sets ``article.speakers`` and ``article.voice_share``.

    Args:
        article: an article whose quotes have been extracted.
        roles: a roles file (or :class:`Roles`) to use instead of the bundled one.

    Returns:
        The speakers, in the order they are first quoted.

    Examples:
        >>> import toolkit
        >>> from toolkit.pipeline import prepare
        >>> from toolkit.quotes import extract
        >>> art = prepare(toolkit.load("example:kimt"))
        >>> _ = extract(art)
        >>> {s.name: s.group for s in resolve(art) if s.kind == "person"}
        {'Maria Zakharova': 'official', 'Bruce Bechtol': 'expert', 'William Courtney': 'expert',
         'Bruce Klingner': 'expert'}
        >>> art.voice_share["expert_share"] > 0.8
        True
    """
    rules = roles if isinstance(roles, Roles) else load_roles(roles)
    registry = {r["name"]: r for r in article.meta.get("speaker_registry", [])}
    # plain dicts read with .get (a Counter's missing key costs a Python call); words_n keeps the
    # speakers in the order they are first quoted
    words_n: dict[str, int] = {}
    quotes_n: dict[str, int] = {}
    unattributed = 0
    for q in article.quotes:
        if q.within is not None:
            continue  # its words are inside the indirect quote that contains it
        speaker = q.speaker
        if speaker is None:
            unattributed += q.words
            continue
        words_n[speaker] = words_n.get(speaker, 0) + q.words
        if q.continues is None:
            quotes_n[speaker] = quotes_n.get(speaker, 0) + 1
    speakers = []
    for name, words in words_n.items():
        info = registry.get(name, {})
        kind = info.get("kind", "person")
        descriptions = [d for d in info.get("descriptions", []) if _ALNUM.search(d)]
        mentions = list(info.get("mentions", [])) or sorted(
            {q.mention for q in article.quotes if q.speaker == name and q.mention})
        role, group, why, decided = _classify(descriptions, kind, name, rules, info.get("cues"))
        speakers.append(Speaker(
            name=name, role=role, group=group,
            description=decided or (descriptions[0] if descriptions else None),
            quotes=quotes_n.get(name, 0), words=words, mentions=mentions, rule=why, kind=kind,
        ))
    article.speakers = speakers
    article.voice_share = _shares(speakers, unattributed)
    return speakers


def _shares(speakers: list[Speaker], unattributed: int) -> dict[str, Any]:
    words = quotes = 0
    by_group_words: dict[str, int] = {}
    by_group_quotes: dict[str, int] = {}
    for s in speakers:
        words += s.words
        quotes += s.quotes
        by_group_words[s.group] = by_group_words.get(s.group, 0) + s.words
        by_group_quotes[s.group] = by_group_quotes.get(s.group, 0) + s.quotes
    groups = list(GROUPS) + sorted(set(by_group_words) - set(GROUPS))
    by_group = _share_of(groups, by_group_words, words) if words else {}
    # a speaker with no words or quotes has 0.0, the share round(0 / total, 4) gives, even of a total 0
    return {
        "basis": "quoted words",
        "by_group": by_group,
        "by_speaker": {s.name: round(s.words / words, 4) if s.words else 0.0 for s in speakers},
        "by_group_quotes": _share_of(groups, by_group_quotes, quotes) if quotes else {},
        "by_speaker_quotes": {s.name: round(s.quotes / quotes, 4) if s.quotes else 0.0 for s in speakers},
        "expert_share": by_group.get("expert", 0.0),
        "words": words,
        "quotes": quotes,
        "unattributed_words": unattributed,
    }


def _share_of(keys: list[str], counts: dict[str, int], total: int) -> dict[str, float]:
    """Each key's share of ``total`` (not 0), rounded to 4 places, in the order of ``keys``.

    Most groups have no speaker: their 0.0 (what ``round(0 / total, 4)`` gives)
    is set for all keys at once, and only the counts are divided.
    """
    shares = dict.fromkeys(keys, 0.0)
    for key, n in counts.items():
        if n:
            shares[key] = round(n / total, 4)
    return shares


# --------------------------------------------------------------------------- tables


def voice_table(article: Article) -> pd.DataFrame:
    """One row per speaker: name, kind, role, group, quotes, words, word_share, quote_share, …

    Sorted by words, most first. Runs :func:`resolve` if it has not been run.

    Examples:
        >>> import toolkit
        >>> from toolkit.pipeline import prepare
        >>> from toolkit.quotes import extract
        >>> art = prepare(toolkit.load("example:cnn"))
        >>> _ = extract(art)
        >>> voice_table(art)[["name", "group", "quotes"]].head(2).to_dict("records")
        [{'name': 'Bruce Bechtol', 'group': 'expert', 'quotes': 8},
         {'name': 'William Courtney', 'group': 'expert', 'quotes': 7}]
    """
    import pandas as pd

    if article.quotes and not article.speakers:
        resolve(article)
    vs = article.voice_share or {}
    rows = [{
        "name": s.name, "kind": s.kind, "role": s.role, "group": s.group, "quotes": s.quotes, "words": s.words,
        "word_share": vs.get("by_speaker", {}).get(s.name, 0.0),
        "quote_share": vs.get("by_speaker_quotes", {}).get(s.name, 0.0),
        "description": s.description, "rule": s.rule,
    } for s in article.speakers]
    cols = ["name", "kind", "role", "group", "quotes", "words", "word_share", "quote_share", "description", "rule"]
    df = pd.DataFrame(rows, columns=cols)
    return df.sort_values(["words", "quotes"], ascending=False, kind="stable").reset_index(drop=True)


def quote_table(article: Article) -> pd.DataFrame:
    """One row per quote, in reading order, with its speaker's role and group.

    Examples:
        >>> from toolkit.load import load_text
        >>> from toolkit.quotes import extract
        >>> art = load_text('"We are ready," said Lena Park, a police spokeswoman.', id="t")
        >>> _ = extract(art)
        >>> quote_table(art)[["id", "kind", "speaker", "group", "words"]].to_dict("records")
        [{'id': 'q1', 'kind': 'direct', 'speaker': 'Lena Park', 'group': 'official', 'words': 3}]
    """
    import pandas as pd

    if article.quotes and not article.speakers:
        resolve(article)
    who = {s.name: s for s in article.speakers}
    rows = []
    for q in article.quotes:
        s = who.get(q.speaker) if q.speaker else None
        rows.append({
            "id": q.id, "paragraph": q.paragraph, "kind": q.kind, "text": q.text, "words": q.words,
            "speaker": q.speaker, "role": s.role if s else None, "group": s.group if s else None,
            "mention": q.mention, "cue": q.cue, "rule": q.rule, "continues": q.continues, "within": q.within,
            "start": q.start, "end": q.end,
            "compound": (q.sentiment or {}).get("compound"),
        })
    cols = ["id", "paragraph", "kind", "text", "words", "speaker", "role", "group", "mention", "cue", "rule",
            "continues", "within", "start", "end", "compound"]
    return pd.DataFrame(rows, columns=cols)
