"""The data model: an Article is a list of Paragraphs, each holding its Sentences.

Every later stage (quotes, sentiment, frames, readability, alignment) reads the
same Paragraph and Sentence objects, so an article is segmented exactly once.

Examples:
    >>> from toolkit.article import Article, Paragraph
    >>> a = Article(id="demo", paragraphs=[Paragraph(0, "Hello there."), Paragraph(1, "Ad", kind="boilerplate", reason="advert marker")])
    >>> [p.text for p in a.body]
    ['Hello there.']
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

SCHEMA_VERSION = "1"

#: Paragraph kinds, in the order OUTPUT.md lists them.
KINDS = ("body", "heading", "title", "dateline", "byline", "caption", "boilerplate")


@dataclass(slots=True)
class Sentence:
    """One sentence of a paragraph.

    ``start``/``end`` are character offsets into the paragraph's text, so
    ``paragraph.text[s.start:s.end] == s.text``. ``tokens`` are the word tokens
    (punctuation dropped) that framing and readability share.
    """

    index: int  # position among all sentences of the article
    paragraph: int  # index of the paragraph it belongs to
    start: int
    end: int
    text: str
    tokens: tuple[str, ...] = ()


@dataclass(slots=True)
class Paragraph:
    """A block of the page: story text or, with ``kind`` other than body, page chrome."""

    index: int
    text: str
    kind: str = "body"
    reason: str | None = None
    sentences: list[Sentence] = field(default_factory=list)

    @property
    def is_body(self) -> bool:
        return self.kind == "body"

    def to_dict(self) -> dict[str, Any]:
        return {"index": self.index, "text": self.text, "kind": self.kind, "reason": self.reason}


@dataclass(slots=True)
class Article:
    """One version of a story, from load to every score.

    The annotation fields (``quotes`` … ``readability``) start empty and are
    filled by the analysis stages; :meth:`to_dict` always emits every key of
    the JSON contract (OUTPUT.md), with ``null``/empty values for what has not
    been computed.
    """

    id: str
    paragraphs: list[Paragraph] = field(default_factory=list)
    source_path: str | None = None
    outlet: str | None = None
    title: str | None = None
    published: str | None = None
    updated: str | None = None
    url: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    segmented: bool = False
    # annotations, filled by later stages
    quotes: list[Any] = field(default_factory=list)
    speakers: list[Any] = field(default_factory=list)
    voice_share: dict[str, Any] | None = None
    sentiment: dict[str, Any] | None = None
    frames: dict[str, Any] | None = None
    readability: dict[str, Any] | None = None

    @property
    def body(self) -> list[Paragraph]:
        """The story paragraphs, page chrome left out."""
        return [p for p in self.paragraphs if p.kind == "body"]

    @property
    def sentences(self) -> list[Sentence]:
        """Every sentence of the body, in reading order."""
        return [s for p in self.paragraphs if p.kind == "body" for s in p.sentences]

    @property
    def text(self) -> str:
        """The cleaned body, paragraphs separated by blank lines."""
        return "\n\n".join([p.text for p in self.body])

    @property
    def word_count(self) -> int:
        return sum(len(s.tokens) for s in self.sentences)

    def to_dict(self) -> dict[str, Any]:
        """The article object of the JSON contract (OUTPUT.md)."""
        empty_frames: dict[str, Any] = {"codebook": None, "scores": {}, "evidence": []}
        return {
            "schema_version": SCHEMA_VERSION,
            "id": self.id,
            "source_path": self.source_path,
            "outlet": self.outlet,
            "title": self.title,
            "published": self.published,
            "updated": self.updated,
            "paragraphs": [p.to_dict() for p in self.paragraphs],
            "quotes": [_as_dict(q) for q in self.quotes],
            "speakers": [_as_dict(s) for s in self.speakers],
            "voice_share": self.voice_share
            or {"basis": "quoted words", "by_group": {}, "by_speaker": {}},
            "sentiment": self.sentiment
            or {"article": None, "narrative": None, "quoted": None, "by_speaker": {}},
            "frames": self.frames or empty_frames,
            "readability": self.readability or dict.fromkeys(READABILITY_KEYS),
        }

    def to_json(self, **kw: Any) -> str:
        import json

        kw.setdefault("ensure_ascii", False)
        return json.dumps(self.to_dict(), **kw)

    def _repr_html_(self) -> str:
        from html import escape

        rows = "".join(
            f"<tr><td>{p.index}</td><td>{escape(p.kind)}</td><td>{escape(p.text[:300])}</td></tr>"
            for p in self.paragraphs
        )
        return (
            f"<b>{escape(self.title or self.id)}</b> ({escape(self.outlet or 'unknown outlet')}, "
            f"{len(self.body)} body paragraphs, {self.word_count} words)"
            f"<table><tr><th>#</th><th>kind</th><th>text</th></tr>{rows}</table>"
        )


READABILITY_KEYS = (
    "flesch_reading_ease",
    "flesch_kincaid_grade",
    "gunning_fog",
    "smog_index",
    "dale_chall_readability_score",
    "words",
    "sentences",
)


def _as_dict(obj: Any) -> Any:
    return obj.to_dict() if hasattr(obj, "to_dict") else obj
