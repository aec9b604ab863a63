"""The cost of keeping the fog of war in a shared game's database.

In a shared game, each facilitator action that could move, make, remove or reveal a unit
also publishes what every team sees (:mod:`wargame.game.fog_publish`: a replay of the
record and a rewrite of the per-team rows). Measured: the facilitator's unit move
(``Game.apply_effects``) late in a game of many moves, on a hosted Kest coalitions game
(two teams in fog), against the same action on the same scenario in an unshared database
of the same server (no publication), actions interleaved. Aim: at most 2x.

Runs on a throwaway PostgreSQL cluster (tests/pg.py); prints a line and returns if
PostgreSQL is not installed.
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

from bench.aims import Aim

REPO = Path(__file__).resolve().parents[1]
KEST = REPO / "tests" / "fixtures" / "scenarios" / "kest-coalitions.yaml"
MOVES = 240
"""Unit moves made in each game before and while measuring."""
MEASURED = 60
"""The last moves of each game, whose times are compared."""
AIM = 2.0
ROUTE = ("strait", "borovian-waters", "aurelian-waters")
"""Where the frigates sail, in turn (every leg a real move)."""


def main() -> list[Aim]:
    """Print the figures; return the ratio aim (none when PostgreSQL is missing)."""
    from tests.pg import PostgresUnavailable, throwaway_cluster
    from wargame.game import Game, JoinRequest, Role
    from wargame.game.sharing import host_game, join_game
    from wargame.scenario import load_scenario
    from wargame.scenario.model import UnitMoveEffect

    try:
        cluster_cm = throwaway_cluster()
        cluster = cluster_cm.__enter__()
    except PostgresUnavailable as error:
        print(f"fog of war benchmark skipped: {error}")
        return []
    try:
        loaded = load_scenario(KEST)
        hosted = host_game(cluster.venue_database("fogbench"), loaded, seed=1)
        plain = Game.create(cluster.venue_database("plainbench"), loaded, seed=1)
        with join_game(hosted.facilitator.url) as white:
            games = {"shared": (white.game, white.participant_id)}
            games["plain"] = (plain, plain.queries().participants()[0].id)
            for team in loaded.scenario.teams:  # as host_game gives each team its laptop
                plain.join(games["plain"][1], JoinRequest(team.name, Role.PLAYER, team.id))
            for game, by in games.values():
                game.start(by)
            times: dict[str, list[float]] = {"shared": [], "plain": []}
            for i in range(MOVES):
                effect = UnitMoveEffect(kind="unit_move", unit="frigates", to=ROUTE[i % 3])
                for name, (game, by) in games.items():
                    start = time.perf_counter()
                    game.apply_effects(by, [effect], reason=f"leg {i}")
                    times[name].append(time.perf_counter() - start)
        plain.close()
    finally:
        cluster_cm.__exit__(None, None, None)
    shared = statistics.median(times["shared"][-MEASURED:]) * 1000
    base = statistics.median(times["plain"][-MEASURED:]) * 1000
    print(
        f"fog of war: a unit move after {MOVES - MEASURED}+ moves takes {shared:.1f} ms in a "
        f"shared game (publishing what each team sees) against {base:.1f} ms unshared "
        f"(median of the last {MEASURED})"
    )
    return [Aim("unit move in a shared game (fog published)", shared / base, AIM, "unshared")]


if __name__ == "__main__":
    main()
