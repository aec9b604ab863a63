"""Plain psycopg connections to a shared game's server: a probe before opening, and LISTEN.

The game layer never speaks to psycopg itself. Two things need a connection of their own,
outside SQLAlchemy's pool:

* :func:`probe_server` asks, before anything is opened or written, what the account and the
  server are: the schema revision of the game tables, whether the account may create roles,
  and whether this very connection is encrypted (TLS).
* :class:`NotificationChannel` is one autocommit connection LISTENing on a game's channel
  (:func:`wargame.store.shared.channel_name`), for :mod:`wargame.game.live`.

Every failure to reach the server is a :class:`ServerUnreachable` (a :class:`StoreError`)
whose message is one sentence naming the database.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import psycopg
from psycopg import sql
from sqlalchemy.engine import make_url

from wargame.store.errors import StoreError
from wargame.store.shared import libpq_url

__all__ = [
    "NotificationChannel",
    "ServerProbe",
    "ServerUnreachable",
    "describe_url",
    "probe_server",
]


class ServerUnreachable(StoreError):
    """The server did not answer, or refused the credentials."""

    def __init__(self, where: str, error: BaseException) -> None:
        first = (str(error).strip().splitlines() or ["no answer"])[0].rstrip(".")
        super().__init__(where, f"Cannot connect to the game database {where}: {first}.")
        self.detail = first


@dataclass(frozen=True)
class ServerProbe:
    """What one connection learnt about the server and the account.

    Attributes:
        revision: the Alembic revision of the game tables, or ``None`` when there are none.
        can_create_roles: the account is a superuser or has CREATEROLE.
        tls: this connection is encrypted.
    """

    revision: str | None
    can_create_roles: bool
    tls: bool


def describe_url(url: str) -> str:
    """A database URL for messages: the password hidden, wargame's parameters kept."""
    return make_url(url).render_as_string(hide_password=True)


def _connect(url: str, timeout: int, **options: Any) -> psycopg.Connection[Any]:
    try:
        return psycopg.connect(libpq_url(url), connect_timeout=timeout, **options)
    except psycopg.Error as error:
        raise ServerUnreachable(describe_url(url), error) from None


def probe_server(url: str, *, timeout: int = 10) -> ServerProbe:
    """Connect once and read the schema revision, the right to create roles, and TLS.

    Raises:
        ServerUnreachable: no answer, or the credentials were refused.
    """
    where = describe_url(url)
    with contextlib.closing(_connect(url, timeout)) as connection:
        try:
            has_version = connection.execute(
                "SELECT to_regclass('alembic_version') IS NOT NULL"
            ).fetchone()
            revision = None
            if has_version and has_version[0]:
                row = connection.execute("SELECT version_num FROM alembic_version LIMIT 1")
                found = row.fetchone()
                revision = None if found is None else str(found[0])
            roles = connection.execute(
                "SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = current_user"
            ).fetchone()
        except psycopg.Error as error:
            raise ServerUnreachable(where, error) from None
        tls = connection.pgconn.ssl_in_use
    return ServerProbe(revision=revision, can_create_roles=bool(roles and roles[0]), tls=tls)


class NotificationChannel:
    """One autocommit connection LISTENing on a channel; close it when done.

    Raises (from every method):
        ServerUnreachable: the connection could not be made, or was lost.
    """

    def __init__(self, url: str, channel: str, *, timeout: int = 5) -> None:
        self._where = describe_url(url)
        self._connection = _connect(
            url,
            timeout,
            autocommit=True,
            application_name="wargame-listener",
            keepalives=1,
            keepalives_idle=10,
            keepalives_interval=3,
            keepalives_count=3,
        )
        try:
            self._connection.execute(sql.SQL("LISTEN {}").format(sql.Identifier(channel)))
        except psycopg.Error as error:
            self._connection.close()
            raise ServerUnreachable(self._where, error) from None
        except BaseException:
            self._connection.close()
            raise

    def payloads(self, timeout: float, limit: int) -> Iterator[str]:
        """The payloads of notifications as they come, for ``timeout`` seconds at most.

        Stops early once ``limit`` have come; notifications already received come at once.
        """
        try:
            for notify in self._connection.notifies(timeout=timeout, stop_after=limit):
                yield notify.payload
        except psycopg.Error as error:
            raise ServerUnreachable(self._where, error) from None

    def ping(self) -> None:
        """Test the link with a query (a dead network is noticed even when all is quiet)."""
        try:
            self._connection.execute("SELECT 1")
        except psycopg.Error as error:
            raise ServerUnreachable(self._where, error) from None

    def close(self) -> None:
        """Close the connection (never raises)."""
        with contextlib.suppress(Exception):
            self._connection.close()
