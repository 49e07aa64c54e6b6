"""Writing results: whole or not at all.

Every file the toolkit writes goes to a temporary file in the same folder and
is renamed into place, so a crash or a full disk never leaves half a report.

Examples:
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> write_text(d / "out.json", '{"ok": true}')
    PosixPath('...out.json')
    >>> (d / "out.json").read_text()
    '{"ok": true}'
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .errors import OutputError


def write_bytes(path: str | os.PathLike[str], data: bytes) -> Path:
    """Write ``data`` to ``path`` atomically (temporary file, fsync, rename)."""
    target = Path(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except (FileExistsError, NotADirectoryError) as e:
        blocker = next((p for p in target.parents if p.exists() and not p.is_dir()), target.parent)
        raise OutputError(target, f"cannot be written: {blocker} is a file, not a folder") from e
    except OSError as e:
        raise OutputError(target, f"cannot be written ({e.strerror or e})") from e
    try:
        # mkstemp makes the file 0600: give it the mode the file had, or the umask's default
        os.fchmod(fd, _mode_for(target))
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException as e:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        if isinstance(e, OSError):
            raise OutputError(target, f"cannot be written ({e.strerror or e}); nothing was changed") from e
        raise
    return target


def _mode_for(target: Path) -> int:
    try:
        return target.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0o022)
        os.umask(umask)
        return 0o666 & ~umask


def write_text(path: str | os.PathLike[str], text: str) -> Path:
    """Write UTF-8 text to ``path`` atomically."""
    return write_bytes(path, text.encode("utf-8"))
