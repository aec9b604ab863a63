"""`wargame host`, `join` and `pull` from the command line."""

from __future__ import annotations

import argparse
import types
from pathlib import Path
from typing import Any

import pytest

from wargame.cli import main, shared_commands
from wargame.game import Game, Viewer

pytestmark = pytest.mark.postgres


def _host(owner_url: str, capsys: pytest.CaptureFixture[str], *extra: str) -> dict[str, str]:
    assert main(["host", "tutorial", "--db", owner_url, "--seed", "4", *extra]) == 0
    out = capsys.readouterr().out
    joins = {}
    for line in out.splitlines():
        words = line.split()
        if len(words) == 2 and words[1].startswith("postgresql://"):
            joins[words[0]] = words[1]
    assert set(joins) == {"facilitator", "blue", "red"}, out
    return joins


def test_host_prints_one_join_string_per_team(
    owner_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["host", "tutorial", "--db", owner_url]) == 0
    out = capsys.readouterr().out
    assert "hosted 'Tutorial: The Kest Strait'" in out
    assert "?team=blue" in out and "?team=red" in out and "?role=facilitator" in out
    assert "sslmode=require" in out and "does not encrypt" not in out  # the server has TLS
    assert "localhost" in out  # the note: 127.0.0.1 is no use to other laptops
    assert "host-secret" not in out  # the owner's password is never printed
    assert "fog of war" not in out  # the tutorial hides no unit from anyone


def test_host_no_longer_warns_of_the_fog_of_war_the_database_keeps(
    owner_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    kest = Path(__file__).resolve().parents[1] / "fixtures" / "scenarios" / "kest-coalitions.yaml"
    assert main(["host", str(kest), "--db", owner_url, "--seed", "4"]) == 0
    out = capsys.readouterr().out
    assert "hosted 'Kest coalitions" in out or "hosted '" in out
    assert "fog of war" not in out  # each team's role reads only the units it sees


def test_host_with_the_venue_address(owner_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    joins = _host(owner_url, capsys, "--address", "wargame-host.venue.example:6543")
    assert all("@wargame-host.venue.example:6543/" in url for url in joins.values())


def test_join_starts_the_app_as_the_team(
    owner_url: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    joins = _host(owner_url, capsys)
    started: list[argparse.Namespace] = []

    def run_app(args: argparse.Namespace) -> int:
        started.append(args)
        return 0

    fake = types.ModuleType("wargame.ui.app")
    fake.run_app = run_app  # type: ignore[attr-defined]
    monkeypatch.setattr(shared_commands, "_load_app", lambda: fake)
    assert main(["join", joins["blue"], "--team", "Blue team"]) == 0
    assert started[0].join == joins["blue"]
    assert started[0].team == "blue"


def test_join_without_the_app_is_a_clear_error(
    owner_url: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    joins = _host(owner_url, capsys)

    def missing() -> types.ModuleType:
        raise ModuleNotFoundError("wargame.ui.app")

    monkeypatch.setattr(shared_commands, "_load_app", missing)
    assert main(["join", joins["red"], "--team", "red"]) == 1
    assert "desktop app is not part of this build" in capsys.readouterr().err


def test_join_as_the_wrong_team_is_refused(
    owner_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    joins = _host(owner_url, capsys)
    assert main(["join", joins["red"], "--team", "blue"]) == 1
    assert "this join string is for Red team, not Blue team" in capsys.readouterr().err


def test_pull_then_open_the_file(
    owner_url: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    joins = _host(owner_url, capsys)
    out = tmp_path / "pulled.wargame"
    assert main(["pull", joins["facilitator"], "-o", str(out)]) == 0
    with Game.open(out) as game:
        assert game.queries().summary().seed == 4
        assert len(game.queries().participants()) == 3
        chain = game.queries().record(Viewer.facilitator()).chain
        assert chain is not None and chain.ok
    before = out.read_bytes()
    assert main(["pull", joins["facilitator"], "-o", str(out)]) == 1  # never overwrites
    assert "already exists" in capsys.readouterr().err
    assert out.read_bytes() == before


def test_pull_needs_a_game_when_the_owner_has_several(
    owner_url: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    _host(owner_url, capsys)
    _host(owner_url, capsys)
    assert main(["pull", owner_url, "-o", str(tmp_path / "x.wargame")]) == 1
    assert "holds 2 games; say which with --game" in capsys.readouterr().err


def test_upgrade_only(owner_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    _host(owner_url, capsys)
    assert main(["host", "--db", owner_url, "--upgrade"]) == 0
    assert "upgraded" in capsys.readouterr().out


def test_host_without_createrole_writes_nothing(
    pg_cluster: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    import psycopg

    with psycopg.connect(pg_cluster.admin_dsn, autocommit=True) as admin:
        admin.execute("CREATE ROLE plain_owner LOGIN PASSWORD 'p'")
        admin.execute("CREATE DATABASE plain_db OWNER plain_owner")
    url = f"postgresql://plain_owner:p@127.0.0.1:{pg_cluster.port}/plain_db"
    assert main(["host", "tutorial", "--db", url]) == 1
    assert "may not create roles; give it CREATEROLE" in capsys.readouterr().err
    with psycopg.connect(pg_cluster.admin_dsn.replace("postgres", "plain_db")) as check:
        assert check.execute("SELECT to_regclass('game')").fetchone() == (None,)
