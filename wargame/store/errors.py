"""Errors a facilitator can cause by what they open: each says, in one sentence, what is wrong.

The UI shows ``str(error)`` as it is, so every message names the file (or the database, with
its password hidden) and says what to do. Bugs are not store errors: they stay ordinary
exceptions and end up in the log with a traceback.
"""

from __future__ import annotations

from pathlib import Path

__all__ = [
    "ChangedOutsideWargame",
    "DatabaseUnavailable",
    "DiskFull",
    "DiskProblem",
    "GameFileCorrupt",
    "GameFileDamaged",
    "GameFileExists",
    "GameFileLocked",
    "GameFileMissing",
    "GameFileReadOnly",
    "NewerGameFile",
    "NotAGameFile",
    "StoreError",
]


class StoreError(Exception):
    """A game file or database that cannot be used as it is; nothing in it was changed.

    Attributes:
        where: the file path, or the database URL without its password, as shown to the user.
        path: the file, for SQLite; ``None`` for a server database.
    """

    def __init__(self, where: str, message: str, *, path: Path | None = None) -> None:
        super().__init__(message)
        self.where = where
        self.path = path


class NotAGameFile(StoreError):
    """The file is not a database, or a database without wargame's tables."""

    def __init__(self, where: str, detail: str, *, path: Path | None = None) -> None:
        super().__init__(where, f"{where} is not a wargame game file: {detail}.", path=path)
        self.detail = detail


class GameFileCorrupt(StoreError):
    """SQLite reported damage (a malformed page, broken references) while reading the file."""

    def __init__(self, where: str, detail: str = "", *, path: Path | None = None) -> None:
        # SQLite's integrity reports run to several lines of internals ("*** in database
        # main ***", page numbers): the message keeps one sentence, the detail keeps all.
        suffix = (
            " (SQLite found damaged pages)"
            if "\n" in detail or "***" in detail
            else (f" ({detail})" if detail else "")
        )
        super().__init__(
            where,
            f"{where} is damaged and cannot be used safely{suffix}; open a backup copy instead.",
            path=path,
        )
        self.detail = detail


class GameFileLocked(StoreError):
    """Another program held a write lock on the file for longer than the busy timeout."""

    def __init__(self, where: str, *, path: Path | None = None) -> None:
        super().__init__(
            where,
            f"{where} is busy in another program or window; close it there and try again.",
            path=path,
        )


class GameFileReadOnly(StoreError):
    """The file, or the folder it is in, cannot be written (or it was opened read-only)."""

    def __init__(self, where: str, detail: str = "", *, path: Path | None = None) -> None:
        reason = detail or "it or its folder cannot be written"
        super().__init__(
            where,
            f"{where} is read-only ({reason}); copy it to a folder you can write to.",
            path=path,
        )
        self.detail = detail


class NewerGameFile(StoreError):
    """The file's schema revision is unknown here: a later wargame wrote it."""

    def __init__(self, where: str, revision: str, *, path: Path | None = None) -> None:
        super().__init__(
            where,
            f"{where} was written by a newer version of wargame (schema {revision}); "
            "update wargame to open it.",
            path=path,
        )
        self.revision = revision


class GameFileMissing(StoreError):
    """The file to open, or the folder for a new one, does not exist."""

    def __init__(
        self, where: str, detail: str = "it does not exist", *, path: Path | None = None
    ) -> None:
        super().__init__(where, f"Cannot open {where}: {detail}.", path=path)
        self.detail = detail


class GameFileExists(StoreError):
    """A new game was asked for at a path that already holds a file; it is never overwritten."""

    def __init__(self, where: str, *, path: Path | None = None) -> None:
        super().__init__(
            where, f"{where} already exists; choose another name for the new game file.", path=path
        )


class DatabaseUnavailable(StoreError):
    """A shared PostgreSQL game database could not be reached or refused the connection."""

    def __init__(self, where: str, detail: str) -> None:
        super().__init__(where, f"Cannot connect to the game database {where}: {detail}.")
        self.detail = detail


class ChangedOutsideWargame(StoreError):
    """The file holds a trigger, view, table or index wargame's migrations did not make.

    A trigger can rewrite every later action behind the app's back, so such a file is
    refused before anything runs on it.
    """

    def __init__(self, where: str, detail: str, *, path: Path | None = None) -> None:
        super().__init__(
            where,
            f"this file was changed outside wargame: {detail} ({where}); "
            "open a backup copy instead.",
            path=path,
        )
        self.detail = detail


class GameFileDamaged(StoreError):
    """A value in the file cannot be what wargame wrote (not JSON, not a time, not a number)."""

    def __init__(self, where: str, detail: str, *, path: Path | None = None) -> None:
        super().__init__(
            where,
            f"the game file is damaged: {detail} (in {where}); open a backup copy instead.",
            path=path,
        )
        self.detail = detail


class DiskFull(StoreError):
    """SQLite found no room left on the disk (SQLITE_FULL)."""

    def __init__(self, where: str, *, path: Path | None = None) -> None:
        super().__init__(
            where,
            f"the disk holding {where} is full; free some space and try again "
            "(nothing was changed).",
            path=path,
        )


class DiskProblem(StoreError):
    """The operating system failed to read or write the file (SQLITE_IOERR)."""

    def __init__(self, where: str, detail: str = "", *, path: Path | None = None) -> None:
        suffix = f" ({detail})" if detail else ""
        super().__init__(
            where,
            f"{where} could not be read or written{suffix}; check the disk or the network "
            "share, or copy the file to a local disk.",
            path=path,
        )
        self.detail = detail
