"""StoryLens: compare syndicated versions of a news story.

Examples:
    >>> import toolkit
    >>> art = toolkit.analyze("example:kimt")
    >>> art.title
    "Readying for Trump, North Korea's Kim engages in steroid diplomacy"
"""
from ._version import __version__
from .article import Article, Paragraph, Sentence
from .compare import Comparison, compare
from .errors import InputError, StoryLensError
from .load import examples, load, load_many, load_text
from .pipeline import analyze

__all__ = [
    "Article",
    "Comparison",
    "InputError",
    "Paragraph",
    "Sentence",
    "StoryLensError",
    "__version__",
    "analyze",
    "compare",
    "examples",
    "load",
    "load_many",
    "load_text",
]
