"""A throwaway PostgreSQL cluster for tests: its own data dir, socket dir and loopback port.

Plain code with no pytest in it; the one fixture built on it is ``pg_cluster`` in
tests/conftest.py. Debian puts ``initdb``/``pg_ctl`` under
``/usr/lib/postgresql/<version>/bin``; they refuse to run as root, so as root they run as the
``postgres`` user in a temp dir that user owns. Readiness is ``pg_ctl -w`` (no sleeping); the
cluster is stopped with ``-m immediate`` and its folder removed.

The cluster is set up as docs/venue-setup.md sets up a venue's server: ``ssl=on`` with a
self-signed certificate made here with ``openssl``, and TCP connections only over TLS
(``hostssl``) with SCRAM-SHA-256 passwords; plain-text TCP is rejected, nothing is trusted.

A run killed mid-way (SIGKILL, a closed terminal) cannot stop its cluster. Each cluster's
folder holds the file ``started-by`` naming the test process that started it (its pid and
start time); the next cluster started in the same place first stops and deletes every
cluster whose starter is gone (:func:`stop_stale_clusters`). A folder without that file, or
whose starter still runs (another run at the same time), is left alone.

    with throwaway_cluster() as cluster:
        url = cluster.create_database("game_test")   # postgresql+psycopg://…
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
from psycopg import sql

__all__ = [
    "PostgresCluster",
    "PostgresUnavailable",
    "find_pg_bin",
    "stop_stale_clusters",
    "throwaway_cluster",
]

SUPERUSER = "wargame"
SUPERUSER_PASSWORD = "cluster-superuser-secret"
_START_TIMEOUT_S = 60
_PREFIX = "wargame-pg-"
_STARTED_BY = "started-by"
"""The file in a cluster's folder naming the process that started it: ``PID START``."""
_HBA = """\
# Written by tests/pg.py: TLS and SCRAM passwords over TCP, as at a venue.
local   all  all                  scram-sha-256
hostssl all  all  127.0.0.1/32    scram-sha-256
hostnossl all all 127.0.0.1/32    reject
"""


class PostgresUnavailable(RuntimeError):
    """No throwaway cluster could be started here; the message says why."""


def find_pg_bin() -> Path | None:
    """The folder holding ``initdb`` and ``pg_ctl``: the newest Debian version, else PATH."""
    candidates = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/initdb"),
        key=lambda p: int(p.parent.parent.name) if p.parent.parent.name.isdigit() else 0,
        reverse=True,
    )
    for initdb in candidates:
        if (initdb.parent / "pg_ctl").exists():
            return initdb.parent
    on_path = shutil.which("initdb")
    if on_path and shutil.which("pg_ctl"):
        return Path(on_path).parent
    return None


def _memory_folder() -> str | None:
    """``/dev/shm`` when it is a writable memory file system here, else None (the temp dir).

    A cluster's folder holds a copy of the template database per database made (thousands
    of files): on a disk, deleting them at the end of a run takes tens of seconds.
    """
    shm = Path("/dev/shm")
    return str(shm) if shm.is_dir() and os.access(shm, os.W_OK | os.X_OK) else None


def _free_port() -> int:
    """A loopback port nobody listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class PostgresCluster:
    """A running throwaway cluster; ``create_database`` hands out fresh empty databases."""

    port: int
    folder: Path
    _counter: int = field(default=0)
    bin_dir: Path | None = None
    as_user: list[str] = field(default_factory=list)
    options: str = ""

    def _pg_ctl(self, *args: str) -> None:
        if self.bin_dir is None:
            msg = "this cluster was not started by throwaway_cluster()"
            raise PostgresUnavailable(msg)
        data, log = str(self.folder / "data"), str(self.folder / "server.log")
        command = [str(self.bin_dir / "pg_ctl"), "-D", data, "-l", log, "-w", *args]
        _run(command, as_user=self.as_user, what=f"pg_ctl {args[-1]}")

    def restart(self, mode: str = "fast") -> None:
        """Restart the server (``pg_ctl restart -m fast|immediate``): every connection drops."""
        self._pg_ctl("-m", mode, "-t", str(_START_TIMEOUT_S), "restart")

    def stop(self, mode: str = "fast") -> None:
        """Stop the server until :meth:`start` (an outage of the venue's database)."""
        self._pg_ctl("-m", mode, "stop")

    def start(self) -> None:
        """Start the server again after :meth:`stop`, on the same port."""
        self._pg_ctl("-o", self.options, "-t", str(_START_TIMEOUT_S), "start")

    @property
    def admin_dsn(self) -> str:
        """A libpq connection string to the ``postgres`` maintenance database (over TLS)."""
        return (
            f"host=127.0.0.1 port={self.port} user={SUPERUSER} "
            f"password={SUPERUSER_PASSWORD} dbname=postgres sslmode=require"
        )

    def url(self, database: str) -> str:
        """The SQLAlchemy URL of ``database`` in this cluster (psycopg 3 driver)."""
        return (
            f"postgresql+psycopg://{SUPERUSER}:{SUPERUSER_PASSWORD}@127.0.0.1:{self.port}/"
            f"{database}"
        )

    def venue_database(self, prefix: str = "venue", password: str = "host-secret") -> str:
        """A new database owned by a new non-superuser account with CREATEROLE; its URL.

        As docs/venue-setup.md sets a venue up: only the game's own roles may connect.
        """
        self._counter += 1
        owner, database = f"{prefix}_host_{self._counter}", f"{prefix}_{self._counter}"
        with psycopg.connect(self.admin_dsn, autocommit=True) as connection:
            connection.execute(
                sql.SQL("CREATE ROLE {} LOGIN CREATEROLE PASSWORD {}").format(
                    sql.Identifier(owner), sql.Literal(password)
                )
            )
            connection.execute(
                sql.SQL("CREATE DATABASE {} OWNER {}").format(
                    sql.Identifier(database), sql.Identifier(owner)
                )
            )
            connection.execute(
                sql.SQL("REVOKE CONNECT ON DATABASE {} FROM PUBLIC").format(
                    sql.Identifier(database)
                )
            )
        return f"postgresql+psycopg://{owner}:{password}@127.0.0.1:{self.port}/{database}"

    def create_database(self, prefix: str = "test", *, template: str | None = None) -> str:
        """Create a new database and return its URL: empty, or a copy of ``template``.

        Copying a database that is already at the head schema (``CREATE DATABASE … TEMPLATE``)
        spares each test the migrations; nobody may be connected to the template meanwhile.
        """
        self._counter += 1
        name = f"{prefix}_{self._counter}"
        statement = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name))
        if template is not None:
            statement = sql.SQL("{} TEMPLATE {}").format(statement, sql.Identifier(template))
        with psycopg.connect(self.admin_dsn, autocommit=True) as connection:
            connection.execute(statement)
        return self.url(name)


def _run(command: list[str], *, as_user: list[str], what: str) -> None:
    """Run a PostgreSQL tool, turning failure into PostgresUnavailable with its output."""
    try:
        done = subprocess.run(
            [*as_user, *command],
            capture_output=True,
            text=True,
            timeout=_START_TIMEOUT_S + 30,
            check=False,
            stdin=subprocess.DEVNULL,
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        msg = f"{what} failed: {error}"
        raise PostgresUnavailable(msg) from error
    if done.returncode != 0:
        output = (done.stderr or done.stdout).strip().splitlines()
        msg = f"{what} failed: {output[-1] if output else f'exit status {done.returncode}'}"
        raise PostgresUnavailable(msg)


def _make_certificate(folder: Path) -> None:
    """A self-signed certificate for 127.0.0.1 (server.crt, server.key) made with openssl."""
    openssl = shutil.which("openssl")
    if openssl is None:
        msg = "openssl is missing (it makes the test server's TLS certificate)"
        raise PostgresUnavailable(msg)
    command = [
        openssl, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
        "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
        "-keyout", str(folder / "server.key"), "-out", str(folder / "server.crt"),
    ]  # fmt: skip
    _run(command, as_user=[], what="openssl req")
    (folder / "server.key").chmod(0o600)


def _initdb(bin_dir: Path, folder: Path, as_user: list[str]) -> None:
    password_file = folder / "superuser-password"
    password_file.write_text(SUPERUSER_PASSWORD + "\n")
    command = [
        str(bin_dir / "initdb"),
        "-D", str(folder / "data"),
        "-U", SUPERUSER,
        f"--pwfile={password_file}",
        "--auth=scram-sha-256",
        "--encoding=UTF8",
        "--locale=C",
        "--no-sync",
    ]  # fmt: skip
    try:
        _run(command, as_user=as_user, what="initdb")
    finally:
        password_file.unlink(missing_ok=True)
    (folder / "data" / "pg_hba.conf").write_text(_HBA)


def _chown_tree(folder: Path, as_user: list[str]) -> None:
    if not as_user:
        return
    owner = pwd.getpwnam("postgres")
    for path in [folder, *folder.rglob("*")]:
        os.chown(path, owner.pw_uid, owner.pw_gid)


def process_start(pid: int) -> str | None:
    """When process ``pid`` started (in clock ticks since boot), None if there is none.

    With the pid, it names one process: a pid reused by a later process starts later.
    Without ``/proc`` (not Linux) only whether the pid exists is known ("").
    """
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        if Path("/proc/self/stat").exists():
            return None
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return None
        except PermissionError:
            return ""
        return ""
    except OSError:
        return None
    fields = stat.rsplit(")", 1)[1].split()  # after the command name, which may hold spaces
    return None if fields[0] == "Z" else fields[19]  # field 22 of proc(5); a zombie has ended


def _mark_started_by(folder: Path) -> None:
    (folder / _STARTED_BY).write_text(f"{os.getpid()} {process_start(os.getpid())}\n")


def _starter_gone(folder: Path) -> bool:
    """True when ``folder`` names the process that started its cluster and that has ended."""
    try:
        pid, start = (folder / _STARTED_BY).read_text().split()
        return process_start(int(pid)) != start
    except (OSError, ValueError):
        return False  # not a cluster of ours (or not yet marked): never touched


def stop_stale_clusters(parent: Path, bin_dir: Path) -> list[Path]:
    """Stop and delete the clusters under ``parent`` whose test run ended without doing so.

    Only the folders this module made and marked with the process that started them are
    looked at, and only those whose starter has ended are stopped (``pg_ctl stop -m
    immediate`` on their own data folder) and deleted. Returns the folders deleted.
    """
    gone = []
    for folder in sorted(parent.glob(f"{_PREFIX}*")):
        if not folder.is_dir() or not _starter_gone(folder):
            continue
        as_user = _runuser() if os.geteuid() == 0 and folder.stat().st_uid != 0 else []
        data = folder / "data"
        if (data / "postmaster.pid").exists():
            with contextlib.suppress(PostgresUnavailable):
                _run(
                    [str(bin_dir / "pg_ctl"), "-D", str(data), "stop", "-m", "immediate", "-w"],
                    as_user=as_user,
                    what="pg_ctl stop (a stale cluster)",
                )
        shutil.rmtree(folder, ignore_errors=True)
        gone.append(folder)
    return gone


def _runuser() -> list[str]:
    """The prefix that runs a command as ``postgres`` (from root)."""
    runuser = shutil.which("runuser")
    if runuser is None:
        msg = "running as root and runuser is missing"
        raise PostgresUnavailable(msg)
    return [runuser, "-u", "postgres", "--"]


@contextlib.contextmanager
def throwaway_cluster(parent: Path | None = None) -> Iterator[PostgresCluster]:
    """Start a private cluster on a free loopback port; stop it and delete it afterwards.

    First stops the clusters left running in the same place by runs that were killed.

    Args:
        parent: The folder to make the cluster's folder in (default: ``/dev/shm`` when it
            can be used, else the temp folder); the ``postgres`` user must reach it.

    Raises:
        PostgresUnavailable: PostgreSQL is not installed, or the cluster did not start.
    """
    bin_dir = find_pg_bin()
    if bin_dir is None:
        msg = "initdb/pg_ctl not found under /usr/lib/postgresql/*/bin or on PATH"
        raise PostgresUnavailable(msg)
    where = parent if parent is not None else Path(_memory_folder() or tempfile.gettempdir())
    stop_stale_clusters(where, bin_dir)
    folder = Path(tempfile.mkdtemp(prefix=_PREFIX, dir=where))
    _mark_started_by(folder)
    as_user: list[str] = []
    if os.geteuid() == 0:
        try:
            owner = pwd.getpwnam("postgres")
        except KeyError as error:
            shutil.rmtree(folder, ignore_errors=True)
            msg = "running as root and there is no 'postgres' user to run initdb as"
            raise PostgresUnavailable(msg) from error
        try:
            as_user = _runuser()
        except PostgresUnavailable:
            shutil.rmtree(folder, ignore_errors=True)
            raise
        os.chown(folder, owner.pw_uid, owner.pw_gid)
    data = folder / "data"
    port = _free_port()
    started = False
    try:
        _make_certificate(folder)
        _chown_tree(folder, as_user)
        _initdb(bin_dir, folder, as_user)
        _chown_tree(folder, as_user)
        options = (
            f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 "
            f"-c ssl=on -c ssl_cert_file={folder / 'server.crt'} "
            f"-c ssl_key_file={folder / 'server.key'} -c password_encryption=scram-sha-256 "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )
        _run(
            [
                str(bin_dir / "pg_ctl"),
                "-D", str(data),
                "-l", str(folder / "server.log"),
                "-o", options,
                "-w", "-t", str(_START_TIMEOUT_S),
                "start",
            ],
            as_user=as_user,
            what="pg_ctl start",
        )  # fmt: skip
        started = True
        yield PostgresCluster(
            port=port, folder=folder, bin_dir=bin_dir, as_user=as_user, options=options
        )
    except PostgresUnavailable as error:
        log = folder / "server.log"
        if log.exists():
            tail = log.read_text(errors="replace").strip().splitlines()[-3:]
            error.args = (f"{error.args[0]} (server log: {' | '.join(tail)})",)
        raise
    finally:
        if started:
            with contextlib.suppress(PostgresUnavailable):
                _run(
                    [str(bin_dir / "pg_ctl"), "-D", str(data), "stop", "-m", "immediate", "-w"],
                    as_user=as_user,
                    what="pg_ctl stop",
                )
        shutil.rmtree(folder, ignore_errors=True)
