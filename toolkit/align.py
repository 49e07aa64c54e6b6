"""Cross-version alignment: what a syndicated copy kept, edited, added, removed or moved.

Every version is aligned against one base version, body paragraphs only:
paragraphs first, then the sentences of each edited paragraph, then the words
of each edited sentence. Each body paragraph of every version lands in exactly
one :class:`AlignmentRow` (a split or merged paragraph shares one row with its
parts), which is the ``alignment`` list of the comparison object (OUTPUT.md).

How paragraphs are matched:

1. Text is compared in a normalised form (:func:`normalize`): Unicode NFKC,
   curly quotes straightened, every dash a hyphen, ``…`` spelled ``...``,
   case folded, and whitespace ignored (texts are compared as token lists).
   Typography that differs between outlets' CMSs is never an edit.
2. Paragraphs whose normalised texts are identical are paired through a hash
   map, in reading order when a text occurs more than once.
3. The leftovers are paired by word-level similarity (difflib's
   :class:`~difflib.SequenceMatcher` ratio over tokens), best pair first.
   Runs of up to :data:`MAX_GROUP` consecutive leftover paragraphs compete as
   one side of a pair, which is how a split or merged paragraph is found.
   An inverted index over rare words and a token-set prefilter keep
   SequenceMatcher off hopeless pairs (two 5,000-word versions align in
   milliseconds: ``python benchmarks/bench_align.py``).
4. Matched pairs on the longest chain that keeps both versions' order are
   ``same``/``edited`` in place; the rest are ``moved``.

Examples:
    >>> from toolkit.article import Article, Paragraph
    >>> wire = Article(id="wire", paragraphs=[Paragraph(i, t) for i, t in enumerate(
    ...     ["Kim met Xi.", "Talks resume Friday.", "Seoul is hopeful."])])
    >>> local = Article(id="local", paragraphs=[Paragraph(i, t) for i, t in enumerate(
    ...     ["Talks resume Friday, aides said.", "Seoul is hopeful.", "Kim met Xi."])])
    >>> [(r.version, r.op, r.base_paragraph, r.paragraph) for r in align_versions([wire, local])]
    [('wire', 'same', 0, 0), ('wire', 'same', 1, 1), ('wire', 'same', 2, 2),
     ('local', 'edited', 1, 0), ('local', 'same', 2, 1), ('local', 'moved', 0, 2)]
    >>> summary(align(wire, local), "local")
    {'kept': 1, 'edited': 1, 'added': 0, 'removed': 0, 'moved': 1}
"""
from __future__ import annotations

import re
import unicodedata
from collections import defaultdict, deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from html import escape
from typing import TYPE_CHECKING, Any

from .article import Article, Paragraph
from .errors import UsageError
from .text import split_sentences

if TYPE_CHECKING:  # pragma: no cover
    import pandas

#: Alignment operations, in the order OUTPUT.md lists them.
OPS = ("same", "edited", "added", "removed", "moved")

#: Two paragraphs at least this similar (token-level SequenceMatcher ratio of
#: their normalised texts) are one paragraph, edited; below it, one was removed
#: and another added. Copy edits of news paragraphs (a changed attribution, a
#: trimmed clause) score 0.7-0.95, while different paragraphs of the same story
#: share names and function words but stay under about 0.35 (on the seed pair:
#: the edited paragraph 0.86, the best unrelated pair 0.27), so 0.5 sits in the gap.
EDIT_THRESHOLD = 0.5

#: The same decision for sentences inside an edited paragraph. Sentences are
#: short, so a rewritten clause moves their ratio more than a paragraph's; the
#: same 0.5 still separates "this sentence, reworded" from "another sentence"
#: because two unrelated sentences rarely share half their tokens in order.
SENTENCE_THRESHOLD = 0.5

#: Pairs whose distinct-token Dice coefficient is below this never reach
#: SequenceMatcher (the expensive step). It is a heuristic, not a bound: a
#: ratio >= 0.5 means half of both texts' tokens match in order, and those are
#: mostly distinct words, so real edits score far above 0.25 on sets, while
#: the many unrelated pairs of two long versions mostly fall below it.
PREFILTER_DICE = 0.25

#: Candidate pairs come from an inverted index over rare words: those in at
#: most this share of the unmatched paragraphs (and at most RARE_MIN_DF of them
#: in a short article). Two versions of one paragraph share names, numbers and
#: content words; words as common as "said" or a story's main name only make
#: every pair look alike and every lookup slow.
RARE_SHARE = 0.05
RARE_MIN_DF = 6
RARE_MIN_SHARED = 2

#: Longest run of consecutive paragraphs taken as one side of a split or merge.
#: Editors split a long paragraph in two, sometimes three; longer runs would
#: mostly produce false merges of neighbouring edited paragraphs.
MAX_GROUP = 3

#: Each paragraph of a split or merge must have at least this share of its
#: distinct tokens on the other side; otherwise it is its own added/removed
#: paragraph that merely sits next to an edited one.
GROUP_CONTAINMENT = 0.6

# Outlets' CMSs differ in typography, never in meaning: quotes, dashes,
# invisible characters. NFKC already turns "…" into "..." and NBSP into a space.
_CHAR_MAP = {
    **dict.fromkeys("‘’‚‛′´ʼ", "'"),
    **dict.fromkeys("“”„‟″«»", '"'),
    **dict.fromkeys("‐‑‒–—―−⁃﹘﹣－", "-"),
    **dict.fromkeys("\u00ad\u200b\u200c\u200d\u2060\ufeff", ""),
}
_QUOTE_PAIRS = re.compile(r"''")  # typewriter/TeX closing double quote ("``" becomes "''" first)
_DASH_RUN = re.compile(r"-{2,}")  # "--" is a typed em dash
_SPACED_ELLIPSIS = re.compile(r"\.(?:\s?\.){2,}")  # ". . ." and "...."
# A word (with inner apostrophes), an ellipsis, or one punctuation mark.
# Whitespace is not a token, so spacing around punctuation never counts.
_TOKEN = re.compile(r"\w+(?:'\w+)*|\.\.\.|[^\w\s]")
# The same tokens found in raw text, with the whitespace after each, so a word
# diff can show the original spelling and spacing.
_RAW_TOKEN = re.compile(r"(\w+(?:['‘’ʼ`´]\w+)*|\.(?:\s?\.){2,}|…|-{2,}|[^\w\s])(\s*)")

_ASCII_SPECIAL = frozenset("`")  # ASCII characters that normalize() rewrites

# Chain weights: the number of paragraphs kept in order decides; the words they
# hold only break ties, so a long paragraph moved past short ones is "moved".
_COUNT_WEIGHT = 1 << 32


def normalize(text: str) -> str:
    """The form in which two versions' texts are compared.

    Args:
        text: Any text.

    Returns:
        NFKC text with straight quotes, hyphens for all dashes, ``...`` for
        ellipses, whitespace collapsed, case folded.

    Examples:
        >>> normalize("Russia’s  “top” diplomat — Lavrov…")
        'russia\\'s "top" diplomat - lavrov...'
    """
    t = text
    if not t.isascii():
        t = unicodedata.normalize("NFKC", t)
        # str.translate looks up every character in Python; replacing only the
        # characters present is several times faster on news text.
        for char, repl in _CHAR_MAP.items():
            if char in t:
                t = t.replace(char, repl)
    t = t.replace("`", "'")
    if "''" in t:
        t = _QUOTE_PAIRS.sub('"', t)
    if "--" in t:
        t = _DASH_RUN.sub("-", t)
    if ". ." in t or "...." in t:
        t = _SPACED_ELLIPSIS.sub("...", t)
    return " ".join(t.split()).casefold()


def tokens(text: str) -> list[str]:
    """Normalised tokens: words and punctuation marks, whitespace dropped.

    Examples:
        >>> tokens("Trump … have—it’s “done”")
        ['trump', '...', 'have', '-', "it's", '"', 'done', '"']
    """
    return _TOKEN.findall(normalize(text))


# --------------------------------------------------------------------------- rows


@dataclass(slots=True)
class AlignmentRow:
    """One body paragraph (or a split/merged group) of one version, placed against the base.

    ``base_paragraph``/``paragraph`` are :attr:`Paragraph.index` values (they
    count page chrome too, so they index ``article.paragraphs``).
    ``base_paragraphs``/``paragraphs`` list *every* paragraph the row covers,
    in order: one for an ordinary row, two or more on one side of a split or
    merge (the scalar field is then the first of them), empty on the missing
    side of an added or removed row.

    ``diff`` is set when the texts differ (``edited``, and ``moved`` with
    edits): one dict per sentence, ``{"op": "same" | "edited" | "added" |
    "removed", "base": str | None, "text": str | None, "similarity": float,
    "words": [(tag, base_words, new_words), ...] | None}``, the word ops as
    difflib tags (``equal``, ``delete``, ``insert``, ``replace``) over the
    original spelling (see :func:`word_diff`).
    """

    version: str
    op: str
    base_paragraph: int | None
    paragraph: int | None
    similarity: float
    base_paragraphs: tuple[int, ...] = ()
    paragraphs: tuple[int, ...] = ()
    diff: list[dict[str, Any]] | None = None

    def to_dict(self) -> dict[str, Any]:
        """The row as in OUTPUT.md's ``alignment`` list, plus the covered paragraphs and the diff."""
        diff = None
        if self.diff is not None:
            diff = [
                {
                    **d,
                    "words": None
                    if d.get("words") is None
                    else [[tag, list(a), list(b)] for tag, a, b in d["words"]],
                }
                for d in self.diff
            ]
        return {
            "version": self.version,
            "op": self.op,
            "base_paragraph": self.base_paragraph,
            "paragraph": self.paragraph,
            "similarity": round(self.similarity, 4),
            "base_paragraphs": list(self.base_paragraphs),
            "paragraphs": list(self.paragraphs),
            "diff": diff,
        }


# --------------------------------------------------------------------------- matching


@dataclass(slots=True)
class _Para:
    pos: int  # position among the body paragraphs
    para: Paragraph
    tokens: list[str]
    key: str
    vocab: frozenset[str]


@dataclass(slots=True)
class _Match:
    base: tuple[_Para, ...]
    version: tuple[_Para, ...]
    similarity: float
    same: bool
    in_order: bool = True


def _paras(article: Article) -> list[_Para]:
    out = []
    for pos, p in enumerate(article.body):
        toks = tokens(p.text)
        out.append(_Para(pos, p, toks, " ".join(toks), frozenset(toks)))
    return out


def _could_match(a_len: int, b_len: int, inter: int, a_set: int, b_set: int, threshold: float) -> bool:
    """Cheap tests before SequenceMatcher: the length bound is exact
    (ratio <= 2*min/(la+lb)); the distinct-token Dice is the heuristic prefilter."""
    if a_len + b_len == 0 or 2 * min(a_len, b_len) / (a_len + b_len) < threshold:
        return False
    return a_set + b_set > 0 and 2 * inter / (a_set + b_set) >= min(PREFILTER_DICE, threshold)


def _overlaps(lb: list[_Para], lv: list[_Para]) -> dict[tuple[int, int], int]:
    """Shared distinct tokens of every (base pos, version pos) pair worth a look.

    An inverted index over *rare* words (in at most RARE_SHARE of the
    leftover paragraphs) finds the pairs that share one; comparing every pair
    would cost O(n*m) set intersections, most of them between paragraphs that
    share only "the" and commas. A paragraph made only of common words (a
    short one, usually) is compared with every paragraph of the other side.
    """
    df: dict[str, int] = defaultdict(int)
    for p in (*lb, *lv):
        for t in p.vocab:
            df[t] += 1
    cap = max(RARE_MIN_DF, RARE_SHARE * (len(lb) + len(lv)))

    def rare(p: _Para) -> list[str]:
        return [t for t in p.vocab if df[t] <= cap and t[0].isalnum()]

    index: dict[str, list[_Para]] = defaultdict(list)
    for b in lb:
        for t in rare(b):
            index[t].append(b)
    n_rare = {b.pos: len(rare(b)) for b in lb}
    b_at = {b.pos: b for b in lb}
    common_b = [b for b in lb if not n_rare[b.pos]]
    out: dict[tuple[int, int], int] = {}
    for v in lv:
        words = rare(v)
        near: list[_Para]
        if words:
            shared: dict[int, int] = defaultdict(int)
            for t in words:
                for b in index.get(t, ()):
                    shared[b.pos] += 1
            # One shared rare word is chance (a name both paragraphs mention);
            # two versions of one paragraph share at least two, unless one has fewer.
            need = min(RARE_MIN_SHARED, len(words))
            near = [b_at[k] for k, n in shared.items() if n >= min(need, n_rare[k])] + common_b
        else:
            near = lb
        for b in near:
            inter = len(b.vocab & v.vocab)
            if inter:
                out[b.pos, v.pos] = inter
    return out


def _fuzzy(lb: list[_Para], lv: list[_Para], threshold: float) -> list[_Match]:
    """Pair leftover paragraphs (and split/merge groups) by similarity, best first."""
    if not lb or not lv:
        return []
    overlaps = _overlaps(lb, lv)
    b_at = {b.pos: b for b in lb}
    v_at = {v.pos: v for v in lv}
    # candidates: (similarity, base group, version group)
    cands: list[tuple[float, tuple[_Para, ...], tuple[_Para, ...]]] = []
    sm = SequenceMatcher(autojunk=False)

    def consider(bs: tuple[_Para, ...], vs: tuple[_Para, ...], inter: int) -> None:
        bt = bs[0].tokens if len(bs) == 1 else [t for p in bs for t in p.tokens]
        vt = vs[0].tokens if len(vs) == 1 else [t for p in vs for t in p.tokens]
        bset = len(bs[0].vocab) if len(bs) == 1 else len(frozenset(bt))
        vset = len(vs[0].vocab) if len(vs) == 1 else len(frozenset(vt))
        if not _could_match(len(bt), len(vt), inter, bset, vset, threshold):
            return
        sm.set_seqs(bt, vt)
        # quick_ratio is an exact upper bound of ratio (a multiset overlap) at a fraction of its cost
        if sm.quick_ratio() >= threshold:
            r = sm.ratio()
            if r >= threshold:
                cands.append((r, bs, vs))

    # Split and merge parts: paragraphs mostly contained in one paragraph of the other side.
    parts_of_v: dict[int, set[int]] = defaultdict(set)  # v pos -> base positions contained in it
    parts_of_b: dict[int, set[int]] = defaultdict(set)  # b pos -> version positions contained in it
    for (bpos, vpos), inter in overlaps.items():
        b, v = b_at[bpos], v_at[vpos]
        consider((b,), (v,), inter)
        if inter >= GROUP_CONTAINMENT * len(b.vocab):
            parts_of_v[vpos].add(bpos)
        if inter >= GROUP_CONTAINMENT * len(v.vocab):
            parts_of_b[bpos].add(vpos)
    for vpos, parts in parts_of_v.items():  # several base paragraphs merged into one
        v = v_at[vpos]
        for run in _runs(parts):
            bs = tuple(b_at[k] for k in run)
            consider(bs, (v,), len(frozenset().union(*(b.vocab for b in bs)) & v.vocab))
    for bpos, parts in parts_of_b.items():  # one base paragraph split into several
        b = b_at[bpos]
        for run in _runs(parts):
            vs = tuple(v_at[k] for k in run)
            consider((b,), vs, len(b.vocab & frozenset().union(*(v.vocab for v in vs))))

    nb, nv = len(lb), len(lv)
    # Best similarity first; among equals the pair covering fewer paragraphs,
    # then the one closest to the same relative place in both versions.
    cands.sort(
        key=lambda c: (
            -c[0],
            len(c[1]) + len(c[2]),
            abs(c[1][0].pos / nb - c[2][0].pos / nv),
            c[2][0].pos,
            c[1][0].pos,
        )
    )
    used_b: set[int] = set()
    used_v: set[int] = set()
    out = []
    for r, bs, vs in cands:
        if any(p.pos in used_b for p in bs) or any(p.pos in used_v for p in vs):
            continue
        used_b.update(p.pos for p in bs)
        used_v.update(p.pos for p in vs)
        same = " ".join(p.key for p in bs) == " ".join(p.key for p in vs)
        out.append(_Match(bs, vs, 1.0 if same else r, same))
    return out


def _runs(positions: set[int]) -> list[tuple[int, ...]]:
    """Runs of 2..MAX_GROUP consecutive body positions, all in ``positions``."""
    out = []
    for p in sorted(positions):
        for size in range(2, MAX_GROUP + 1):
            if p + size - 1 not in positions:
                break
            out.append(tuple(range(p, p + size)))
    return out


def _mark_moved(matches: list[_Match]) -> None:
    """Flag matches off the heaviest chain that is in order in both versions.

    A weighted longest increasing subsequence (Fenwick tree over base
    positions, O(k log k)): the chain keeps as many paragraphs as possible in
    place, and among equally long chains the one holding more words.
    """
    if not matches:
        return
    order = sorted(range(len(matches)), key=lambda k: matches[k].version[0].pos)
    size = max(m.base[0].pos for m in matches) + 1
    tree: list[tuple[int, int]] = [(0, -1)] * (size + 1)
    score = [0] * len(matches)
    prev = [-1] * len(matches)
    for k in order:
        m = matches[k]
        i = m.base[0].pos  # prefix query over base positions < pos (tree is 1-based)
        best = (0, -1)
        while i > 0:
            if tree[i][0] > best[0]:
                best = tree[i]
            i -= i & -i
        score[k] = best[0] + _COUNT_WEIGHT + sum(len(p.tokens) for p in m.base)
        prev[k] = best[1]
        i = m.base[0].pos + 1
        while i <= size:
            if score[k] > tree[i][0]:
                tree[i] = (score[k], k)
            i += i & -i
    for m in matches:
        m.in_order = False
    k = max(range(len(matches)), key=score.__getitem__)
    while k != -1:
        matches[k].in_order = True
        k = prev[k]


# --------------------------------------------------------------------------- diffs


def _raw_tokens(text: str) -> list[tuple[str, str, str]]:
    """(token as written, whitespace after it, normalised token) for every token of ``text``."""
    return [(m.group(1), m.group(2), _norm_token(m.group(1))) for m in _RAW_TOKEN.finditer(text)]


def _norm_token(tok: str) -> str:
    """normalize() for one raw token, with a fast path for plain ASCII (most of them)."""
    if tok.isascii() and tok not in _ASCII_SPECIAL:
        if len(tok) > 1 and tok[0] in "-.":
            return "-" if tok[0] == "-" else "..."
        return tok.lower()
    norm = _TOKEN.findall(normalize(tok))
    return norm[0] if len(norm) == 1 else " ".join(norm)


def _word_opcodes(base_text: str, text: str):
    a = _raw_tokens(base_text)
    b = _raw_tokens(text)
    sm = SequenceMatcher(None, [t[2] for t in a], [t[2] for t in b], autojunk=False)
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        # The base's spacing before a change: a deleted word after "said" in
        # "said Courtney." needs the space the new text ("said.") lacks.
        yield tag, a[i1:i2], b[j1:j2], a[i1 - 1][1] if i1 else ""


def word_diff(base_text: str, text: str) -> list[tuple[str, tuple[str, ...], tuple[str, ...]]]:
    """Word-level differences, as difflib tags over the tokens as written.

    Quotes, dashes, case and spacing are compared normalised, so they are
    never reported as changes.

    Examples:
        >>> word_diff("“Yes,” said Courtney, a fellow.", '"Yes," Courtney said.')  # doctest: +NORMALIZE_WHITESPACE
        [('equal', ('“', 'Yes', ',', '”'), ('"', 'Yes', ',', '"')),
         ('insert', (), ('Courtney',)),
         ('equal', ('said',), ('said',)),
         ('delete', ('Courtney', ',', 'a', 'fellow'), ()),
         ('equal', ('.',), ('.',))]
    """
    return [
        (tag, tuple(t[0] for t in a), tuple(t[0] for t in b))
        for tag, a, b, _ in _word_opcodes(base_text, text)
    ]


def word_diff_html(base_text: str, text: str) -> str:
    """The new text as HTML, removed words in ``<del>``, added words in ``<ins>``.

    All text is HTML-escaped; unchanged words are shown as the new version
    writes them.

    Examples:
        >>> word_diff_html("Kim met <b>Xi</b> today.", "Kim met Xi & Putin today.")
        'Kim met <del>&lt;b&gt;</del>Xi <del>&lt;/b&gt;</del><ins>&amp; Putin</ins> today.'
    """
    out: list[str] = []
    for tag, a, b, space_before in _word_opcodes(base_text, text):
        if tag == "equal":
            out.append(escape("".join(t + ws for t, ws, _ in b)))
            continue
        old = "".join(t + ws for t, ws, _ in a)
        new = "".join(t + ws for t, ws, _ in b)
        if old and out and space_before and not out[-1][-1:].isspace():
            out.append(" ")
        if old:
            out.append(f"<del>{escape(old.rstrip())}</del>")
        if old and new and old.rstrip()[-1].isalnum() and new[0].isalnum():
            out.append(" ")  # keep "<del>x</del> <ins>y</ins>" two words, "<del>.</del><ins>!</ins>" one mark
        if new:
            out.append(f"<ins>{escape(new.rstrip())}</ins>")
        tail = new[len(new.rstrip()) :] if new else old[len(old.rstrip()) :]
        out.append(tail)
    return "".join(out)


def _sentences(paras: Iterable[_Para]) -> list[str]:
    out = []
    for p in paras:
        if p.para.sentences:
            out.extend(s.text for s in p.para.sentences)
        else:
            out.extend(split_sentences(p.para.text))
    return out


def _pair_sentences(
    bs: list[str], vs: list[str], bt: list[list[str]], vt: list[list[str]]
) -> list[dict[str, Any]]:
    """Sentence ops for a block of differing sentences, keeping both orders.

    A small dynamic programme: each sentence is removed/added, or paired with
    one (or, for a split or merged sentence, two) sentences of the other side
    at SENTENCE_THRESHOLD or above; the pairing with the most matched
    similarity wins. ``bt``/``vt`` are the sentences' tokens.
    """
    bsets = [frozenset(t) for t in bt]
    vsets = [frozenset(t) for t in vt]
    sm = SequenceMatcher(autojunk=False)

    def sim(bi: range, vj: range) -> float:
        if len(bi) == 1 and len(vj) == 1:
            a, b = bt[bi[0]], vt[vj[0]]
            sa, sb = bsets[bi[0]], vsets[vj[0]]
        else:
            # a split/merge only when each part is mostly inside the other side
            sa = frozenset().union(*(bsets[k] for k in bi))
            sb = frozenset().union(*(vsets[k] for k in vj))
            parts = [(bsets[k], sb) for k in bi] + [(vsets[k], sa) for k in vj]
            if any(len(x & y) < GROUP_CONTAINMENT * len(x) for x, y in parts):
                return 0.0
            a = [t for k in bi for t in bt[k]]
            b = [t for k in vj for t in vt[k]]
        if not _could_match(len(a), len(b), len(sa & sb), len(sa), len(sb), SENTENCE_THRESHOLD):
            return 0.0
        sm.set_seqs(a, b)
        return sm.ratio()

    nb, nv = len(bs), len(vs)
    best = [[0.0] * (nv + 1) for _ in range(nb + 1)]
    step: list[list[tuple[int, int, float]]] = [[(0, 0, 0.0)] * (nv + 1) for _ in range(nb + 1)]
    for i in range(nb + 1):
        for j in range(nv + 1):
            if i == 0 and j == 0:
                continue
            options = []
            if i:
                options.append((best[i - 1][j], (1, 0, 0.0)))
            if j:
                options.append((best[i][j - 1], (0, 1, 0.0)))
            for di, dj in ((1, 1), (2, 1), (1, 2)):
                if i >= di and j >= dj:
                    r = sim(range(i - di, i), range(j - dj, j))
                    if r >= SENTENCE_THRESHOLD:
                        # A split/merge covers three sentences, a plain pair two.
                        options.append((best[i - di][j - dj] + r * (di + dj) / 2, (di, dj, r)))
            best[i][j], step[i][j] = max(options, key=lambda o: o[0])
    out: list[dict[str, Any]] = []
    i, j = nb, nv
    while i or j:
        di, dj, r = step[i][j]
        b = " ".join(bs[i - di : i]) if di else None
        v = " ".join(vs[j - dj : j]) if dj else None
        if b is not None and v is not None:
            out.append({"op": "edited", "base": b, "text": v, "similarity": r, "words": word_diff(b, v)})
        elif b is not None:
            out.append({"op": "removed", "base": b, "text": None, "similarity": 0.0, "words": None})
        else:
            out.append({"op": "added", "base": None, "text": v, "similarity": 0.0, "words": None})
        i, j = i - di, j - dj
    out.reverse()
    return out


def sentence_diff(base_sentences: Sequence[str], sentences: Sequence[str]) -> list[dict[str, Any]]:
    """Sentence ops, then word ops inside edited sentences (the ``diff`` of a row).

    Examples:
        >>> [(d["op"], d["text"]) for d in sentence_diff(["Kim met Xi.", "It rained."], ["Kim met Xi.", "It rained hard."])]
        [('same', 'Kim met Xi.'), ('edited', 'It rained hard.')]
    """
    bt = [tokens(s) for s in base_sentences]
    vt = [tokens(s) for s in sentences]
    out: list[dict[str, Any]] = []
    sm = SequenceMatcher(None, [" ".join(t) for t in bt], [" ".join(t) for t in vt], autojunk=False)
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        if tag == "equal":
            out.extend(
                {"op": "same", "base": b, "text": v, "similarity": 1.0, "words": None}
                for b, v in zip(base_sentences[i1:i2], sentences[j1:j2])
            )
        else:
            out.extend(
                _pair_sentences(
                    list(base_sentences[i1:i2]), list(sentences[j1:j2]), bt[i1:i2], vt[j1:j2]
                )
            )
    return out


# --------------------------------------------------------------------------- public API


def align(
    base: Article, version: Article, *, threshold: float = EDIT_THRESHOLD, diff: bool = True
) -> list[AlignmentRow]:
    """Align the body paragraphs of ``version`` against those of ``base``.

    Args:
        base: The reference version (usually prepared with
            :func:`toolkit.pipeline.prepare`, so that page chrome is not body).
        version: The version compared with it.
        threshold: Least similarity (0..1) for two differing paragraphs to
            count as one paragraph ``edited`` rather than one ``removed`` and
            one ``added``.
        diff: Compute each edited or moved row's sentence and word diff. With
            False, ``diff`` stays None and only the ops and similarities are
            found, at about half the cost (what a corpus needs to count edits).

    Returns:
        Rows with ``version=version.id``, one per body paragraph of
        ``version`` plus one per base body paragraph it lacks (``removed``);
        a split or merge is one row covering all its paragraphs. Rows follow
        the version's reading order, removed paragraphs where the base had them.

    Examples:
        >>> from toolkit.article import Article, Paragraph
        >>> wire = Article(id="wire", paragraphs=[
        ...     Paragraph(0, "Kim met Xi in Beijing."),
        ...     Paragraph(1, "Lavrov said Moscow was pleased."),
        ...     Paragraph(2, "Talks resume on Friday.")])
        >>> local = Article(id="local", paragraphs=[
        ...     Paragraph(0, "KIMT News", kind="boilerplate"),
        ...     Paragraph(1, "Kim met Xi in Beijing."),
        ...     Paragraph(2, "Talks resume on Friday, officials said."),
        ...     Paragraph(3, "Zakharova spoke to TASS.")])
        >>> rows = align(wire, local)
        >>> [(r.op, r.base_paragraph, r.paragraph) for r in rows]
        [('same', 0, 1), ('removed', 1, None), ('edited', 2, 2), ('added', None, 3)]
        >>> round(rows[2].similarity, 2), rows[2].diff[0]["words"][1]
        (0.77, ('insert', (), (',', 'officials', 'said')))
        >>> [(r.op, r.diff) for r in align(wire, local, diff=False)][2]
        ('edited', None)
    """
    bp = _paras(base)
    vp = _paras(version)
    matches: list[_Match] = []
    by_key: dict[str, deque[_Para]] = defaultdict(deque)
    for b in bp:
        by_key[b.key].append(b)
    matched_b: set[int] = set()
    matched_v: set[int] = set()
    for v in vp:
        queue = by_key.get(v.key)
        if queue:
            b = queue.popleft()
            matches.append(_Match((b,), (v,), 1.0, True))
            matched_b.add(b.pos)
            matched_v.add(v.pos)
    matches += _fuzzy(
        [b for b in bp if b.pos not in matched_b],
        [v for v in vp if v.pos not in matched_v],
        threshold,
    )
    _mark_moved(matches)
    return _rows(version.id, bp, vp, matches, diff)


def _rows(vid: str, bp: list[_Para], vp: list[_Para], matches: list[_Match], diff: bool) -> list[AlignmentRow]:
    by_v = {m.version[0].pos: m for m in matches}
    covered_v = {p.pos for m in matches for p in m.version}
    covered_b = {p.pos for m in matches for p in m.base}
    removed = deque(b for b in bp if b.pos not in covered_b)
    rows: list[AlignmentRow] = []

    def flush(before: int) -> None:
        while removed and removed[0].pos < before:
            b = removed.popleft()
            rows.append(AlignmentRow(vid, "removed", b.para.index, None, 0.0, (b.para.index,), ()))

    # Base position of the next paragraph kept in place, from each version
    # position on: a gap's removed paragraphs are listed before its added ones.
    next_anchor = [len(bp)] * (len(vp) + 1)
    for v in reversed(vp):
        m = by_v.get(v.pos)
        next_anchor[v.pos] = m.base[0].pos if m is not None and m.in_order else next_anchor[v.pos + 1]
    for v in vp:
        m = by_v.get(v.pos)
        if m is None:
            if v.pos not in covered_v:
                flush(next_anchor[v.pos])
                rows.append(AlignmentRow(vid, "added", None, v.para.index, 0.0, (), (v.para.index,)))
            continue
        if m.in_order:
            flush(m.base[0].pos)
            op = "same" if m.same else "edited"
        else:
            op = "moved"
        changes = sentence_diff(_sentences(m.base), _sentences(m.version)) if diff and not m.same else None
        rows.append(
            AlignmentRow(
                vid,
                op,
                m.base[0].para.index,
                m.version[0].para.index,
                m.similarity,
                tuple(p.para.index for p in m.base),
                tuple(p.para.index for p in m.version),
                changes,
            )
        )
    flush(len(bp))
    return rows


def align_versions(
    versions: Sequence[Article], base: int | str = 0, *, threshold: float = EDIT_THRESHOLD
) -> list[AlignmentRow]:
    """Align every version against the base: the ``alignment`` list of a comparison.

    The base's own body paragraphs come first, as ``same`` rows with
    ``version`` = the base's id, so that every body paragraph of every
    version is in exactly one row (OUTPUT.md); then each other version's rows
    (:func:`align`), in the order given.

    Args:
        versions: The versions, each with a distinct ``id``.
        base: Position in ``versions`` or ``id`` of the base version.
        threshold: Passed to :func:`align`.

    Raises:
        UsageError: duplicate ids, or no such base.

    Examples:
        >>> from toolkit.article import Article, Paragraph
        >>> a = Article(id="a", paragraphs=[Paragraph(0, "One."), Paragraph(1, "Two.")])
        >>> b = Article(id="b", paragraphs=[Paragraph(0, "One.")])
        >>> [(r.version, r.op) for r in align_versions([a, b], base="b")]
        [('b', 'same'), ('a', 'same'), ('a', 'added')]
    """
    versions = list(versions)
    if not versions:
        return []
    ids = [v.id for v in versions]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        raise UsageError(f"versions must have distinct ids to be aligned; repeated: {', '.join(dupes)}")
    if isinstance(base, str):
        if base not in ids:
            raise UsageError(f"no version with id {base!r} to use as the base (ids: {', '.join(ids)})")
        k = ids.index(base)
    else:
        if not -len(versions) <= base < len(versions):
            raise UsageError(f"base={base} but there are {len(versions)} versions")
        k = base % len(versions)
    ref = versions[k]
    rows = [
        AlignmentRow(ref.id, "same", p.index, p.index, 1.0, (p.index,), (p.index,))
        for p in ref.body
    ]
    for i, v in enumerate(versions):
        if i != k:
            rows += align(ref, v, threshold=threshold)
    return rows


_TABLE_COLUMNS = ("version", "op", "base_paragraph", "paragraph", "similarity", "base_paragraphs", "paragraphs")


def alignment_table(rows: Iterable[AlignmentRow]) -> pandas.DataFrame:
    """One tidy row per alignment row (the diff left out; see :attr:`AlignmentRow.diff`).

    Paragraph columns are nullable integers (``<NA>`` on the missing side).

    Examples:
        >>> t = alignment_table([AlignmentRow("kimt", "added", None, 7, 0.0, (), (7,))])
        >>> t.op.tolist(), t.base_paragraph.tolist(), t.paragraph.tolist()
        (['added'], [<NA>], [7])
    """
    import pandas as pd

    df = pd.DataFrame(
        [
            (r.version, r.op, r.base_paragraph, r.paragraph, r.similarity, r.base_paragraphs, r.paragraphs)
            for r in rows
        ],
        columns=list(_TABLE_COLUMNS),
    )
    return df.astype(
        {
            "version": "string",
            "op": "string",
            "base_paragraph": "Int64",
            "paragraph": "Int64",
            "similarity": "float64",
        }
    )


def summary(rows: Iterable[AlignmentRow], version_id: str) -> dict[str, int]:
    """How many rows of one version were kept (``same``), edited, added, removed and moved.

    Counts rows, so a split paragraph counts once. A version with no rows
    gets zeros.

    Examples:
        >>> summary([AlignmentRow("kimt", "removed", 5, None, 0.0)], "kimt")
        {'kept': 0, 'edited': 0, 'added': 0, 'removed': 1, 'moved': 0}
    """
    counts = dict.fromkeys(OPS, 0)
    for r in rows:
        if r.version == version_id:
            counts[r.op] += 1
    counts["kept"] = counts.pop("same")
    return {k: counts[k] for k in ("kept", "edited", "added", "removed", "moved")}
