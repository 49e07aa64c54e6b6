"""Where the shared annotated data lives (PolNeAR, GVFC, ArticleComparisons).

The data is not shipped with the package (see its README for sources and terms);
tests, benchmarks and lesson 06 look for it with :func:`shared_data` and skip or
explain when it is absent.

Examples:
    >>> shared_data("no-such-dataset-anywhere") is None
    True
"""
from __future__ import annotations

import os
from pathlib import Path

_PACKAGE_ROOT = Path(__file__).resolve().parents[1]


def shared_data(*needs: str, start: str | os.PathLike[str] | None = None) -> Path | None:
    """The shared ``data`` folder holding every path in ``needs``, or None when there is none.

    Looks, in order, at ``$STORYLENS_SHARED`` (the shared folder or its ``data``),
    then for a ``shared/data`` folder beside ``start`` (default: the working
    directory) or any folder above it, then beside this repository.
    """
    candidates: list[Path] = []
    env = os.environ.get("STORYLENS_SHARED")
    if env:
        candidates += [Path(env) / "data", Path(env)]
    here = Path(start or Path.cwd()).resolve()
    for folder in (here, *here.parents, _PACKAGE_ROOT, *_PACKAGE_ROOT.parents):
        candidates.append(folder / "shared" / "data")
    for c in candidates:
        if c.is_dir() and all((c / n).exists() for n in needs):
            return c
    return None
