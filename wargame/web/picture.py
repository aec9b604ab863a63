"""The map as a picture for the team page: the report's unit map, drawn as SVG.

The same drawing as the after-action report's situation maps (regions, every unit's token,
what moved this turn), so a team's phone and the printed report agree. The state of play
is public: every team sees the same picture.
"""

from __future__ import annotations

from wargame.game import Game, Viewer
from wargame.report.fonts import register_fonts
from wargame.report.geo import load_geography
from wargame.report.maps import unit_map

MAP_WIDTH = 720.0
MAP_HEIGHT = 520.0


def map_svg(game: Game, team_id: str) -> str | None:
    """The map of where the units a team sees stand now, as SVG; None without a map.

    The scenario's fog of war decides which of the other teams' units are drawn.
    """
    from reportlab.graphics import renderSVG

    register_fonts()
    geography = load_geography(game.scenario)  # cached by the report's loader
    if geography is None or not game.scenario.units:
        return None
    queries = game.queries()
    viewer = Viewer.team(team_id)
    state = queries.state_for(viewer)
    summary = queries.summary()
    previous = queries.state_for(viewer, summary.turn - 1) if summary.turn > 1 else None
    drawing = unit_map(
        game.scenario, geography, state, previous, width=MAP_WIDTH, max_height=MAP_HEIGHT
    )
    return str(renderSVG.drawToString(drawing))
