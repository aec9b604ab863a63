"""Make a new game file under a temporary name and give it its own name only when complete.

A game file that exists is a whole game: ``new`` killed half-way (or refused after the file
was begun) leaves no file under the name asked for, so a second ``new -o`` with the same name
just works. The temporary file sits in the same folder (a rename never crosses file
systems), is hidden, and carries the process id, so a later ``new`` can remove what a killed
one left behind without touching one that is still running.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
from collections.abc import Iterator
from pathlib import Path

from wargame.store.errors import GameFileExists, GameFileMissing, GameFileReadOnly

__all__ = ["creating_game_file"]

_SIDECARS = ("-wal", "-shm", "-journal")


def _temporary(final: Path) -> Path:
    return final.with_name(f".{final.name}.{os.getpid()}.{secrets.token_hex(4)}.new")


def _remove(path: Path) -> None:
    for leftover in (path, *(path.with_name(path.name + s) for s in _SIDECARS)):
        with contextlib.suppress(OSError):
            leftover.unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # it exists but is not ours to signal
        return True
    return True


def _remove_stale(final: Path) -> None:
    """Remove temporary files of ``final`` left by a ``new`` that was killed."""
    for candidate in final.parent.glob(f".{final.name}.*.new"):
        parts = candidate.name[len(final.name) + 2 :].split(".")
        if len(parts) == 3 and parts[0].isdigit() and not _alive(int(parts[0])):
            _remove(candidate)


def _publish(temp: Path, final: Path) -> None:
    """Give the finished file its name, never replacing a file that appeared meanwhile."""
    try:
        os.link(temp, final)
    except FileExistsError:
        raise GameFileExists(str(final), path=final) from None
    except OSError as error:
        if error.errno not in (errno.EPERM, errno.EXDEV, errno.ENOTSUP, errno.EMLINK):
            raise
        if final.exists():  # a file system without hard links: check, then rename
            raise GameFileExists(str(final), path=final) from None
        temp.replace(final)
    else:
        temp.unlink()
    with contextlib.suppress(OSError):  # make the new name durable (POSIX)
        folder = os.open(final.parent, os.O_RDONLY)
        try:
            os.fsync(folder)
        finally:
            os.close(folder)


@contextlib.contextmanager
def creating_game_file(final: Path) -> Iterator[Path]:
    """Yield a temporary path to build the game in; it becomes ``final`` when the block ends.

    The caller must have closed every connection to the temporary file by then (the WAL is
    folded into the file on the last close). If the block raises, the temporary file is
    removed and ``final`` was never created.

    Raises:
        GameFileExists: ``final`` exists (before or after the game was built).
        GameFileMissing: its folder does not exist.
        GameFileReadOnly: its folder cannot be written.
    """
    where = str(final)
    if final.exists():
        raise GameFileExists(where, path=final)
    if not final.parent.is_dir():
        raise GameFileMissing(where, "its folder does not exist", path=final)
    if not os.access(final.parent, os.W_OK):
        raise GameFileReadOnly(where, "its folder cannot be written", path=final)
    _remove_stale(final)
    temp = _temporary(final)
    try:
        yield temp
        wal = temp.with_name(temp.name + "-wal")
        if wal.exists() and wal.stat().st_size > 0:
            msg = f"{temp} still has a write-ahead log: close every connection first"
            raise RuntimeError(msg)
        _publish(temp, final)
    finally:
        _remove(temp)
