"""A test run killed mid-way leaves its PostgreSQL server running; the next run stops it.

It never stops a cluster it did not start: a folder without the starter's mark, or whose
starter still runs (another run at the same time), is left as it is.
"""

from __future__ import annotations

import os
import select
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.pg import (
    PostgresUnavailable,
    _memory_folder,
    find_pg_bin,
    process_start,
    stop_stale_clusters,
    throwaway_cluster,
)

REPO = Path(__file__).resolve().parents[1]
CHILD = """
import sys
from pathlib import Path
from tests.pg import throwaway_cluster
with throwaway_cluster(Path(sys.argv[1])) as cluster:
    print(cluster.folder, flush=True)
    sys.stdin.read()  # until killed
"""

pytestmark = [pytest.mark.postgres, pytest.mark.slow]


@pytest.fixture
def place() -> Iterator[Path]:
    """A folder of its own for the clusters (the ``postgres`` user must reach it)."""
    if find_pg_bin() is None:
        reason = "initdb/pg_ctl not found under /usr/lib/postgresql/*/bin or on PATH"
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL tests cannot run under CI: {reason}", pytrace=False)
        pytest.skip(f"PostgreSQL tests skipped: {reason}")
    folder = Path(tempfile.mkdtemp(prefix="wargame-pg-place-", dir=_memory_folder()))
    folder.chmod(0o755)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def _postmaster(folder: Path) -> int:
    return int((folder / "data" / "postmaster.pid").read_text().split()[0])


def _wait_for_exit(pid: int) -> None:
    """Wait on the process's end itself (a pidfd turns readable), at most 30 s."""
    try:
        handle = os.pidfd_open(pid)
    except ProcessLookupError:
        return
    try:
        ready, _, _ = select.select([handle], [], [], 30)
        assert ready, f"process {pid} still runs"
    finally:
        os.close(handle)


def _killed_run(place: Path) -> Path:
    """Start a cluster in a child process, then SIGKILL the child: the server stays up."""
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(place)],
        cwd=REPO,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    line = child.stdout.readline().strip()  # waits on the child's output, never on a clock
    child.kill()
    _, errors = child.communicate(timeout=30)
    if not line:
        raise PostgresUnavailable(errors.strip().splitlines()[-1] if errors else "no output")
    return Path(line)


def test_the_next_run_stops_a_server_a_killed_run_left_and_only_that(place: Path) -> None:
    try:
        stale = _killed_run(place)
    except PostgresUnavailable as error:
        pytest.skip(f"PostgreSQL tests skipped: {error}")
    server = _postmaster(stale)
    assert process_start(server) is not None  # still running after its run was killed
    unmarked = place / "wargame-pg-unmarked"  # not ours: no starter named
    unmarked.mkdir()
    alive = place / "wargame-pg-alive"  # a run going on now: this very process
    alive.mkdir()
    (alive / "started-by").write_text(f"{os.getpid()} {process_start(os.getpid())}\n")

    with throwaway_cluster(place) as fresh:
        _wait_for_exit(server)
        assert process_start(server) is None
        assert not stale.exists()
        assert unmarked.is_dir() and alive.is_dir() and fresh.folder.is_dir()
    assert not fresh.folder.exists()


def test_a_folder_whose_starter_pid_now_names_a_later_process_is_stale(place: Path) -> None:
    bin_dir = find_pg_bin()
    assert bin_dir is not None
    start = process_start(os.getpid())
    assert start
    reused = place / "wargame-pg-reused"  # our pid, but a process started earlier
    reused.mkdir()
    (reused / "started-by").write_text(f"{os.getpid()} {int(start) - 1}\n")
    ours = place / "wargame-pg-ours"
    ours.mkdir()
    (ours / "started-by").write_text(f"{os.getpid()} {start}\n")
    assert stop_stale_clusters(place, bin_dir) == [reused]
    assert not reused.exists() and ours.is_dir()
