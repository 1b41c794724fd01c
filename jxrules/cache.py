"""What jxrules builds from files, kept on disk between runs.

A one-file check spent most of its own time parsing, validating and compiling the same ruleset
YAML at every start (docs/performance.md).  An entry here is the built object, pickled, with the
SHA-256 of every file it was built from; it is used only while each of those files still has
those bytes, so an edit to a ruleset, or to anything it extends, is seen on the next run.  The
entry's name covers the rest of what the result depends on: jxrules' own files (each one's
size and modification time, so an upgrade or an edit of an editable install starts afresh),
the Python version and the request itself.

The folder is ``$JXRULES_CACHE_DIR``, else ``$XDG_CACHE_HOME/jxrules``, else
``~/.cache/jxrules``; ``JXRULES_CACHE=off`` neither reads nor writes it.  A folder that cannot be
written, or an entry that cannot be read (truncated, from another version, naming a class that
is gone), is simply not used: the object is built as if there were no cache.  Entries are
pickles, so the folder must be writable by its user only (it is created so); see
docs/performance.md#the-cache-of-loaded-rulesets.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path
from typing import TypeVar

from jxrules import __version__

#: Environment variable: ``off`` (or ``0``, ``no``, ``false``) disables the cache.
CACHE_ENV = "JXRULES_CACHE"
#: Environment variable: the cache's folder.
CACHE_DIR_ENV = "JXRULES_CACHE_DIR"

#: Entries not written for this many days are removed when another is written.
KEEP_DAYS = 30

T = TypeVar("T")

_PACKAGE = Path(__file__).resolve().parent


def cache_dir() -> Path | None:
    """The folder of this version's entries, or ``None`` when the cache is switched off."""
    if os.environ.get(CACHE_ENV, "").strip().lower() in ("off", "0", "no", "false"):
        return None
    root = os.environ.get(CACHE_DIR_ENV)
    if not root:
        base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
        root = str(Path(base) / "jxrules")
    return Path(root) / __version__ / "built"


def remembered(
    request: tuple[str, ...],
    build: Callable[[], T],
    sources: Callable[[T], Iterable[str]],
    *,
    keep: Callable[[T], bool] = lambda _: True,
) -> T:
    """``build()``, or what an earlier run built for the same ``request`` while every file it
    was built from (``sources`` of the result) is unchanged.  A result ``keep`` refuses (one
    that depends on more than its files, such as a plugin's code) is built every time."""
    folder = cache_dir()
    if folder is None:
        return build()
    entry = folder / f"{request[0].replace(' ', '-')}-{_name(request)}.pickle"
    found = _read(entry)
    if found is not None:
        return found  # type: ignore[return-value]
    value = build()
    if keep(value):
        _write(entry, value, sources(value))
    return value


def _name(request: tuple[str, ...]) -> str:
    digest = hashlib.sha256(_code_stamp())
    for part in request:
        digest.update(b"\0" + part.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()[:40]


@cache
def _code_stamp() -> bytes:
    """The digest of jxrules' own files (name, size, modification time) and the Python running
    them: computed once per process, the part every entry's name shares."""
    parts = [__version__, sys.version, str(pickle.HIGHEST_PROTOCOL)]
    for folder, subfolders, files in os.walk(_PACKAGE):
        subfolders[:] = sorted(d for d in subfolders if d != "__pycache__")
        for name in sorted(files):
            try:
                stat = os.stat(os.path.join(folder, name))
            except OSError:
                continue
            parts.append(
                f"{os.path.relpath(folder, _PACKAGE)}/{name}:{stat.st_size}:{stat.st_mtime_ns}"
            )
    return hashlib.sha256("\n".join(parts).encode("utf-8", "surrogatepass")).digest()


def _digest(path: str) -> str | None:
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return None


def _read(entry: Path) -> object | None:
    try:
        with entry.open("rb") as stream:
            if not _own(os.fstat(stream.fileno())):
                return None
            digests, value = pickle.load(stream)
    except FileNotFoundError:
        return None
    except Exception:
        return None
    if all(_digest(path) == digest for path, digest in digests):
        return value  # type: ignore[no-any-return]
    return None


def _own(stat: os.stat_result) -> bool:
    """Whether an entry was written by this user (only then is it unpickled)."""
    getuid = getattr(os, "getuid", None)
    return getuid is None or stat.st_uid == getuid()


def _write(entry: Path, value: object, sources: Iterable[str]) -> None:
    digests = [(path, _digest(path)) for path in sources]
    if any(digest is None for _, digest in digests):
        return  # a source that cannot be read now cannot be checked later
    try:
        data = pickle.dumps((digests, value), protocol=pickle.HIGHEST_PROTOCOL)
        entry.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=entry.parent, delete=False, suffix=".tmp") as tmp:
            tmp.write(data)
    except Exception:
        return
    try:
        os.replace(tmp.name, entry)
    except OSError:
        Path(tmp.name).unlink(missing_ok=True)
        return
    _prune(entry.parent)


def _prune(folder: Path) -> None:
    """Remove entries not written for :data:`KEEP_DAYS` days (each upgrade or edit of jxrules
    names its entries anew), so the folder does not grow without end; done when writing, which
    is rare."""
    oldest = time.time() - KEEP_DAYS * 24 * 3600
    for stale in folder.glob("*.pickle"):
        try:
            if stale.stat().st_mtime < oldest:
                stale.unlink()
        except OSError:
            continue
