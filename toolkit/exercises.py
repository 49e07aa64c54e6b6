"""Classroom checks for the exercise notebooks: predict, code, rewrite, then check.

Each check returns a :class:`Feedback`: a short, kind message (shown as a
coloured box in a notebook), ``correct`` (True, False, or None when there is
nothing to judge yet) and ``details`` (the numbers behind it). A wrong answer
gets a hint about where to look, never the answer itself.

* :func:`check_prediction`: which version gives experts (or officials, or
  quotes…) more room? Predict before you look, then check.
* :func:`check_only_quoted_in`: name a speaker quoted in one version only.
* :func:`check_frame_coding`: code the main frame of some paragraphs (or
  whether each frame is present in the story) yourself, then see how far the
  tool agrees with you (Krippendorff's alpha, via :func:`toolkit.framing.agreement`).
* :func:`check_rewrite`: rewrite a paragraph to move its tone, framing or
  reading level, and see whether the scores moved the way you meant.

Helpers for the notebooks: :func:`paragraphs_to_code`, :func:`frame_choices`
and :func:`measure`.

Examples:
    >>> from toolkit.compare import compare
    >>> from toolkit.load import load_text
    >>> a = load_text('Officials met on Monday.\\n\\n"Taxes will rise sharply next year," said Ann Lee, '
    ...               'a professor of economics at Yale University.\\n\\nMayor Bob Stone said the plan was fair.',
    ...               id="daily", outlet="Daily")
    >>> b = load_text("Officials met on Monday.\\n\\nMayor Bob Stone said the plan was fair and would help "
    ...               "every family in town.", id="weekly", outlet="Weekly")
    >>> cmp = compare([a, b])
    >>> check_prediction(cmp, "Daily").correct
    True
    >>> fb = check_prediction(cmp, "Weekly")
    >>> fb.correct, "Daily" in fb.message
    (False, False)
"""
from __future__ import annotations

import html
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

#: What :func:`check_prediction` can ask about: column of ``cmp.metrics_table()`` -> words for it.
MEASURES = {
    "expert_share": "experts' share of the quoted words",
    "official_share": "officials' share of the quoted words",
    "quotes": "number of quotes",
    "speakers": "number of people quoted",
    "words": "length in words",
    "sentiment_quoted": "tone of the quoted sentences",
    "sentiment_narrative": "tone of the reporter's own sentences",
    "flesch_kincaid_grade": "reading grade level",
}

_HINTS = {
    "expert_share": (
        "Look at who is quoted in each version, and what kind of speaker each one is: "
        "a professor or analyst counts as an expert, a minister or spokesperson as an official. "
        "Which version gives a speaker room that the other cuts?"
    ),
    "official_share": (
        "Look at which paragraphs one version cut and the other added: whose words were in them?"
    ),
    "quotes": "Count the quotation marks and the 'said' sentences in the paragraphs that differ.",
    "speakers": "Count the people who are given words (in quotes or paraphrased), not the ones only mentioned.",
    "words": "Compare the paragraphs each version cut with the ones it added.",
    "sentiment_quoted": "Read the quotes that only one version has: are they upbeat or grim?",
    "sentiment_narrative": "Read the reporter's own sentences in the paragraphs that differ.",
    "flesch_kincaid_grade": "Long sentences and long words push the grade up: where do the versions differ?",
}

#: Words a student may use for yes and no when coding whether a frame is present.
_YES = {"yes", "y", "true", "1", "present", "x"}
_NO = {"no", "n", "false", "0", "absent", ""}


@dataclass
class Feedback:
    """A check's answer: ``correct`` (True/False/None), a kind ``message`` and the numbers behind it.

    Prints as its message; in a notebook it shows as a coloured box with a
    symbol (✔ / ✘ / …), so the colour is not the only cue.

    Examples:
        >>> fb = Feedback(True, "Well spotted.")
        >>> print(fb), bool(fb)
        Well spotted.
        (None, True)
    """

    correct: bool | None
    message: str
    details: dict[str, Any] = field(default_factory=dict)

    def __str__(self) -> str:
        return self.message

    def __repr__(self) -> str:
        return self.message

    def __bool__(self) -> bool:
        return bool(self.correct)

    def _repr_html_(self) -> str:
        symbol, colour, border = {
            True: ("✔", "#E8F4EC", "#009E73"),
            False: ("✘", "#FCEFE6", "#D55E00"),
            None: ("…", "#EEF4FA", "#0072B2"),
        }[self.correct]
        body = "<br>".join(html.escape(line) for line in self.message.splitlines())
        return (
            f'<div style="background:{colour};border-left:5px solid {border};padding:8px 12px;'
            f'margin:4px 0;color:#222"><b>{symbol}</b> {body}</div>'
        )


# --------------------------------------------------------------------------- helpers


def _resolve(cmp: Any, name: str) -> str | None:
    """A version's id from what a student typed: its label ("KIMT"), id, or example name."""
    want = str(name).strip().lower().removeprefix("example:")
    for v in cmp.versions:
        candidates = {v.id.lower(), cmp.label(v.id).lower(), (v.outlet or "").lower()}
        if want in candidates or v.id.lower().startswith(want + "_"):
            return v.id
    return None


def _names(cmp: Any) -> str:
    return ", ".join(f'"{cmp.label(v.id)}"' for v in cmp.versions)


def _pct(x: float) -> str:
    return f"{100 * x:.0f}%"


def _fmt(measure: str, x: float) -> str:
    if measure.endswith("_share"):
        return _pct(x)
    if measure.startswith("sentiment"):
        return f"{x:+.2f}"
    if isinstance(x, float) and not x.is_integer():
        return f"{x:.1f}"
    return str(int(x))


# --------------------------------------------------------------------------- predictions


def check_prediction(cmp: Any, predicted_version: str, *, measure: str = "expert_share", higher: bool = True) -> Feedback:
    """Check a prediction: which version has the most (or least) of ``measure``?

    Args:
        cmp: A Comparison.
        predicted_version: The version you predict, by label (``"KIMT"``), id or example name.
        measure: One of :data:`MEASURES` (default: experts' share of quoted words).
        higher: True to ask "which has the most", False for "the least".

    Returns:
        Feedback: correct or not; when wrong, a hint, not the answer.

    Examples:
        >>> from toolkit.compare import compare
        >>> from toolkit.load import load_text
        >>> a = load_text('"Taxes will rise," said Ann Lee, a professor of economics at Yale University.', id="a")
        >>> b = load_text('Mayor Bob Stone said the plan was fair and would help every family.', id="b")
        >>> cmp = compare([a, b])
        >>> print(check_prediction(cmp, "a"))  # doctest: +ELLIPSIS
        Yes! a has the highest experts' share of the quoted words: 100%, against 0% in b...
        >>> check_prediction(cmp, "b").correct
        False
        >>> print(check_prediction(cmp, "c"))
        There is no version called "c" here. The versions are "a", "b".
    """
    if measure not in MEASURES:
        raise ValueError(f"measure must be one of {', '.join(MEASURES)}")
    if not str(predicted_version).strip(" .?"):
        return Feedback(None, f"Write your prediction between the quotes (one of {_names(cmp)}), then run this again.")
    vid = _resolve(cmp, predicted_version)
    if vid is None:
        return Feedback(None, f'There is no version called "{predicted_version}" here. The versions are {_names(cmp)}.')
    table = cmp.metrics_table().set_index("version")
    if measure not in table.columns:
        return Feedback(None, f"This comparison has no {MEASURES[measure]} to compare.")
    values = {v: (float(x) if x == x and x is not None else 0.0) for v, x in table[measure].items()}
    best = max(values.values()) if higher else min(values.values())
    winners = [v for v, x in values.items() if abs(x - best) < 1e-9]
    spread = max(values.values()) - min(values.values())
    tolerance = 0.005 if measure.endswith("_share") or measure.startswith("sentiment") else 0
    details = {"measure": measure, "values": {cmp.label(v): x for v, x in values.items()}}
    if measure.startswith("sentiment"):
        word = "the most positive" if higher else "the most negative"
    else:
        word = "the highest" if higher else "the lowest"
    if spread <= tolerance:
        shown = ", ".join(f"{cmp.label(v)} {_fmt(measure, x)}" for v, x in values.items())
        return Feedback(True, f"Trick question, in a way: the versions are level on {MEASURES[measure]} ({shown}). "
                              "A tie is a finding too: the edits did not change this.", details)
    if vid in winners:
        others = ", ".join(f"{_fmt(measure, x)} in {cmp.label(v)}" for v, x in values.items() if v != vid)
        msg = f"Yes! {cmp.label(vid)} has {word} {MEASURES[measure]}: {_fmt(measure, values[vid])}, against {others}."
        if measure in ("expert_share", "official_share"):
            msg += " Now find the paragraphs that make the difference: cmp.plot.version_map() shows them."
        return Feedback(True, msg, details)
    hint = _HINTS.get(measure, "Look at the paragraphs where the versions differ.")
    return Feedback(False, f"Not quite, but a good guess to test. {hint} Then try again.", details)


def check_only_quoted_in(cmp: Any, version: str, speaker: str) -> Feedback:
    """Check a guess: ``speaker`` is quoted in ``version`` and in no other version.

    A surname is enough ("Zakharova"); case and punctuation don't matter.

    Examples:
        >>> from toolkit.compare import compare
        >>> from toolkit.load import load_text
        >>> a = load_text('"Taxes will rise," said Ann Lee, a professor of economics at Yale University.', id="a")
        >>> b = load_text('Mayor Bob Stone said the plan was fair and would help every family.', id="b")
        >>> cmp = compare([a, b])
        >>> check_only_quoted_in(cmp, "a", "Lee").correct
        True
        >>> print(check_only_quoted_in(cmp, "a", "Bob Stone"))  # doctest: +ELLIPSIS
        Bob Stone is not quoted in a...
    """
    vid = _resolve(cmp, version)
    if vid is None:
        return Feedback(None, f'There is no version called "{version}" here. The versions are {_names(cmp)}.')
    want = set(re.findall(r"\w+", speaker.lower()))
    if not want:
        return Feedback(None, "Type a name, for example a surname.")

    def match(name: str) -> bool:
        return want <= set(re.findall(r"\w+", name.lower()))

    only = cmp.speakers_only_in().get(vid, [])
    here = [s.name for s in cmp.version(vid).speakers]
    label = cmp.label(vid)
    if any(match(n) for n in only):
        full = next(n for n in only if match(n))
        return Feedback(True, f"Yes: {full} is quoted in {label} and in no other version. "
                              "Ask yourself what this voice adds to the story, and what a reader of the "
                              "other version misses.", {"speaker": full})
    if any(match(n) for n in here):
        return Feedback(False, f"{speaker} is quoted in {label}, but also in another version. "
                               "Look for a voice that appears in the paragraphs only this version has.")
    if not only:
        return Feedback(False, f"Hmm: every voice in {label} is also in another version. "
                               "Try another version?")
    return Feedback(False, f"{speaker} is not quoted in {label} (the tool counts people given words, in quotes "
                           "or paraphrased, not people only mentioned). Read the paragraphs only this version has.")


# --------------------------------------------------------------------------- frame coding


def frame_choices(codebook: str = "generic") -> Any:
    """The frames you can choose from when coding, with the codebook's description.

    Examples:
        >>> frame_choices()["frame"].tolist()
        ['responsibility', 'human_interest', 'conflict', 'morality', 'economic', 'none']
    """
    import pandas as pd

    from .framing import load_codebook

    cb = load_codebook(codebook)
    rows = [{"frame": f.id, "label": f.label, "description": f.description or ""} for f in cb.frames]
    rows.append({"frame": "none", "label": "None", "description": "No frame stands out in this paragraph."})
    return pd.DataFrame(rows)


def paragraphs_to_code(article: Any, *, start: int = 1, n: int = 8, width: int | None = None) -> Any:
    """The story paragraphs to code, numbered from 1 as a reader counts them.

    Examples:
        >>> from toolkit.load import load_text
        >>> from toolkit.text import segment
        >>> art = load_text("First paragraph.\\n\\nSecond one.\\n\\nThird.", id="t")
        >>> paragraphs_to_code(art, n=2)["paragraph"].tolist()
        [1, 2]
    """
    import pandas as pd

    body = _body(article)
    rows = [{"paragraph": k, "text": text if not width else text[:width]}
            for k, text in enumerate(body, start=1) if start <= k < start + n]
    return pd.DataFrame(rows, columns=["paragraph", "text"])


def _body(article: Any) -> list[str]:
    paras = getattr(article, "body", None)
    if paras is None:
        raise TypeError("expected an Article (toolkit.analyze(...) or cmp.versions[0])")
    if not paras and getattr(article, "paragraphs", None):
        paras = article.paragraphs
    return [p.text for p in paras]


def _tool_paragraph_frames(article: Any, numbers: list[int], codebook: str) -> dict[int, dict[str, Any]]:
    from .framing import score_text

    body = _body(article)
    out = {}
    for k in numbers:
        if 1 <= k <= len(body):
            r = score_text(body[k - 1], codebook)
            out[k] = {"frame": r["frame"], "cues": r["cues"].get(r["frame"], [])}
    return out


def _yes_no(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (int, float)):
        return "yes" if value > 0 else "no"
    s = str(value).strip().lower()
    if s in _YES:
        return "yes"
    if s in _NO:
        return "no"
    return "?"


def check_frame_coding(my_codes: Mapping[Any, Any], article: Any, *, codebook: str | None = None) -> Feedback:
    """Compare your frame coding with the tool's, and say how far you agree.

    Two ways to code:

    * **the main frame of each paragraph**: ``{1: "conflict", 2: "economic", …}``
      (paragraph numbers as :func:`paragraphs_to_code` shows them; a frame id
      from :func:`frame_choices`, or ``"none"``). The tool codes the same
      paragraphs with :func:`toolkit.framing.score_text`;
    * **whether each frame is present in the story**: ``{"conflict": "yes",
      "morality": "no", …}`` (yes/no, True/False or 1/0). The tool says yes when
      any of the frame's questions is answered in the text.

    Leave a code as ``None`` while you haven't decided. Agreement is the share
    of units where you and the tool agree, and Krippendorff's alpha (1 = perfect,
    0 = no better than chance; computed with :func:`toolkit.framing.agreement`).
    After you have coded, the tool's codes and cue words are shown where you
    disagree: it is a second coder to argue with, not the right answer.

    Args:
        my_codes: Your codes (see above).
        article: The Article you coded (e.g. ``cmp.versions[0]``).
        codebook: The codebook (default: the one the article was scored with).

    Examples:
        >>> from toolkit import analyze
        >>> art = analyze("Rebels attacked the capital and the army fought back.\\n\\n"
        ...               "The war will cost billions of dollars and many jobs.", id="t")
        >>> fb = check_frame_coding({1: "conflict", 2: "economic"}, art)
        >>> fb.correct, fb.details["agreement"]
        (True, 1.0)
        >>> print(check_frame_coding({1: None, 2: None}, art))
        You have not coded anything yet: replace each None with a frame (see frame_choices()), then run this again.
    """
    from .framing import agreement, load_codebook

    name = codebook or (getattr(article, "frames", None) or {}).get("codebook") or "generic"
    cb = load_codebook(name)
    frames = set(cb.frame_ids)
    coded = {k: v for k, v in dict(my_codes).items() if v is not None and str(v).strip() not in ("", "?")}
    if not coded:
        return Feedback(None, "You have not coded anything yet: replace each None with a frame "
                              "(see frame_choices()), then run this again.")
    by_frame = all(isinstance(k, str) and k in frames for k in my_codes)
    if by_frame:
        mine = {f: _yes_no(v) for f, v in coded.items()}
        bad = [f for f, v in mine.items() if v == "?"]
        if bad:
            return Feedback(None, f"Code each frame as yes or no (or True/False); check {', '.join(bad)}.")
        scores = (getattr(article, "frames", None) or {}).get("scores") or {}
        if not scores:
            from .framing import score

            scores = score(article, cb)["scores"]
        tool = {f: ("yes" if (scores.get(f) or 0) > 0 else "no") for f in mine}
        units = "frames"
    else:
        try:
            mine = {int(k): str(v).strip().lower().replace(" ", "_") for k, v in coded.items()}
        except (TypeError, ValueError):
            return Feedback(None, "Use paragraph numbers (1, 2, 3 …) or frame names "
                                  f"({', '.join(cb.frame_ids)}) as the keys of your codes.")
        unknown = sorted({v for v in mine.values() if v not in frames | {"none"}})
        if unknown:
            return Feedback(None, f"{', '.join(map(repr, unknown))} is not a frame of the {cb.name!r} codebook. "
                                  f"Choose from: {', '.join(cb.frame_ids)}, or none.")
        n_body = len(_body(article))
        missing = [k for k in mine if not 1 <= k <= n_body]
        if missing:
            return Feedback(None, f"The story has paragraphs 1 to {n_body}; there is no paragraph {missing[0]}.")
        found = _tool_paragraph_frames(article, sorted(mine), cb.name)
        tool = {k: found[k]["frame"] for k in mine}
        units = "paragraphs"
    todo = [k for k, v in dict(my_codes).items() if v is None or str(v).strip() in ("", "?")]
    same = [k for k in mine if mine[k] == tool[k]]
    share = round(len(same) / len(mine), 4)
    alpha = float("nan")
    if len(mine) >= 2:
        try:
            alpha = agreement({"you": mine, "tool": tool}).get("overall", float("nan"))
        except Exception:  # krippendorff missing, or nothing to tell apart
            alpha = float("nan")
    details = {"agreement": share, "alpha": alpha, "you": mine, "tool": tool, "units": units}
    lines = [f"You and the tool agree on {len(same)} of {len(mine)} {units} ({_pct(share)})."]
    if alpha == alpha:
        quality = ("strong" if alpha >= 0.8 else "tentative" if alpha >= 0.667 else
                   "weak" if alpha > 0 else "no better than chance")
        lines.append(f"Krippendorff's alpha = {alpha:.2f}: {quality} agreement "
                     "(researchers usually want 0.8, and accept 0.667 for tentative conclusions).")
    else:
        lines.append("Krippendorff's alpha can't be computed here (too few units, or every code is the same), "
                     "so read the percentage with care.")
    differ = [k for k in mine if mine[k] != tool[k]]
    if differ:
        lines.append("Where you differ (you → tool):")
        for k in differ:
            cue = ""
            if units == "paragraphs":
                cues = found[k]["cues"]
                cue = f"; the tool's cue words: {', '.join(cues[:5])}" if cues else "; the tool found no cue words"
                lines.append(f"  paragraph {k}: {mine[k]} → {tool[k]}{cue}")
            else:
                lines.append(f"  {k}: {mine[k]} → {tool[k]}")
        lines.append("Who is right? Reread those and decide: the tool only counts cue words, you read meaning.")
    if todo:
        lines.append(f"Still to code: {', '.join(map(str, todo))}.")
    return Feedback(not differ, "\n".join(lines), details)


# --------------------------------------------------------------------------- rewriting


def measure(text: str, *, codebook: str = "generic") -> dict[str, Any]:
    """The scores a rewrite can move: tone, frame cue counts, reading grade, length.

    Examples:
        >>> m = measure("The talks collapsed in bitter acrimony.")
        >>> m["sentiment"] < 0, m["words"]
        (True, 6)
    """
    from .framing import score_text
    from .readability import readability_of
    from .sentiment import polarity

    fr = score_text(text, codebook)
    rd = readability_of(text)
    return {
        "sentiment": round(polarity(text)["compound"], 4),
        "grade": round(float(rd.get("flesch_kincaid_grade") or 0.0), 2),
        "words": len(re.findall(r"\w+(?:['’-]\w+)*", text)),
        "main_frame": fr["frame"],
        **{f"frame_{f}": n for f, n in fr["hits"].items()},
    }


_DIRECTIONS = {"up": 1, "higher": 1, "more": 1, "+": 1, "down": -1, "lower": -1, "less": -1, "-": -1}


def check_rewrite(original: str, rewritten: str, *, expect: Mapping[str, str] | None = None,
                  codebook: str = "generic") -> Feedback:
    """See how a rewrite moved the scores, and whether they moved the way you meant.

    ``expect`` maps a score to a direction (``"up"`` or ``"down"``): ``sentiment``
    (VADER tone), ``grade`` (Flesch–Kincaid reading grade), ``words``, or a
    frame id (``conflict``, ``economic`` …: the number of that frame's cue words).

    Examples:
        >>> before = "The two leaders met and agreed to keep talking."
        >>> after = "The two leaders clashed bitterly and traded angry accusations."
        >>> fb = check_rewrite(before, after, expect={"sentiment": "down", "conflict": "up"})
        >>> fb.correct
        True
        >>> check_rewrite(before, before).correct is None
        True
    """
    if not rewritten or not rewritten.strip():
        return Feedback(None, "Your rewrite is empty: write your version of the paragraph between the quotes.")
    if " ".join(rewritten.split()) == " ".join(original.split()):
        return Feedback(None, "Your rewrite is the same as the original: change some words, then run this again.")
    a, b = measure(original, codebook=codebook), measure(rewritten, codebook=codebook)
    lines = ["What moved (before → after):",
             f"  tone (VADER compound): {a['sentiment']:+.2f} → {b['sentiment']:+.2f}",
             f"  reading grade: {a['grade']:.1f} → {b['grade']:.1f}",
             f"  words: {a['words']} → {b['words']}",
             f"  main frame: {a['main_frame']} → {b['main_frame']}"]
    frames = [k[6:] for k in a if k.startswith("frame_")]
    moved = [f for f in frames if a[f"frame_{f}"] != b[f"frame_{f}"]]
    for f in moved:
        lines.append(f"  {f.replace('_', ' ')} cue words: {a[f'frame_{f}']} → {b[f'frame_{f}']}")
    details = {"before": a, "after": b}
    if not expect:
        lines.append("Did it move the way you meant? Say so with expect={...} and run again.")
        return Feedback(None, "\n".join(lines), details)
    keys = {"sentiment": "sentiment", "tone": "sentiment", "grade": "grade", "readability": "grade",
            "words": "words", "length": "words", **{f: f"frame_{f}" for f in frames}}
    results = []
    for what, direction in expect.items():
        key = keys.get(str(what).lower())
        sign = _DIRECTIONS.get(str(direction).lower())
        if key is None or sign is None:
            return Feedback(None, f"I can't check {what!r}: {direction!r}. Use a score from "
                                  f"{', '.join(['sentiment', 'grade', 'words', *frames])} and 'up' or 'down'.", details)
        delta = b[key] - a[key]
        ok = delta * sign > 0
        results.append(ok)
        if ok:
            lines.append(f"✔ {what} went {direction}, as you meant.")
        else:
            hint = {
                "sentiment": "VADER reacts to individual words with a feeling attached (and to 'not', "
                             "'very', exclamation marks); neutral reporting words barely move it.",
                "grade": "The grade counts words per sentence and syllables per word.",
                "words": "Count again: did you add or cut?",
            }.get(key, f"The {what} frame counts specific cue words: look at the codebook's questions "
                       f"for it (toolkit.framing.load_codebook({codebook!r}).frame({what!r})).")
            lines.append(f"✘ {what} did not go {direction}. {hint}")
    return Feedback(all(results), "\n".join(lines), details)
