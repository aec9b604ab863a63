"""The second wall of a shared game: triggers and CHECK constraints a hostile role cannot pass.

Row-level security (:mod:`wargame.store.shared`) decides which rows a role sees and may
write; the statements here decide *what* it may write, because a team's credentials work
in ``psql`` as well as in the app:

* **Moves.** A team inserts a move only for its own team, by one of its own players, for
  the game's current turn, while the current phase is one in which the scenario lets teams
  write moves (:data:`RULES_TABLE`, filled by :func:`wargame.store.shared.publish_team_terms`).
  The server sets the times, the version and the status; the team's own values are
  overwritten. A team edits or withdraws a move only as the app allows: its own sealed
  move of the current turn, in a moves phase, before the reveal; each change bumps the
  version.
* **Counter-arguments and audit lines** of a team are in the name of one of its own
  players; an audit line's ``actor`` is that player's name as recorded, its action one of
  the team's own (:data:`TEAM_AUDIT_ACTIONS`), and it points at the team's own row.
* **Append-only.** Audit and roll rows are never updated or deleted by a game role, the
  facilitator's included, and no game role may change a game's seed, uid or scenario (the
  grants say so too; the triggers are the second wall).
* **CHECK constraints** bound turns, sequences and sizes for every writer.

Every refusal raises SQLSTATE 42501 (insufficient privilege) or 23514 (check violation)
with a sentence; the app's own use cases check the same rules first, so its users never
see these messages.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError

from wargame.store.engine import GameDatabase, translate_error
from wargame.store.errors import StoreError

__all__ = [
    "APPEND_ONLY",
    "FROZEN_GAME_COLUMNS",
    "RULES_TABLE",
    "TEAM_AUDIT_ACTIONS",
    "TEAM_SCENARIO_TABLE",
    "guard_statements",
    "publish_team_terms",
    "team_scenario_text",
]

RULES_TABLE = "wargame_team_rules"
"""Per game: the phases in which teams may write moves and counter-arguments."""
TEAM_SCENARIO_TABLE = "wargame_team_scenario"
"""Per game and team: the team's cut of the scenario (its own private parts only)."""
APPEND_ONLY = ("audit", "roll", "chain_link", "chain_row")
"""Tables whose rows no game role may change or delete (the chain's links are written by
the facilitator's app only: a team's role may not even read them)."""
TEAM_AUDIT_ACTIONS = ("move.submit", "move.edit", "move.withdraw", "counter.submit")
"""The audit actions a team's own use cases write."""
MAX_TURN = 1000
MAX_TEXT = 20_000
MAX_TITLE = 200
MAX_SEQUENCE = 10_000_000
FROZEN_GAME_COLUMNS = (
    "id",
    "uid",
    "seed",
    "seed_sha256",
    "scenario_text",
    "scenario_json",
    "scenario_sha256",
    "created_at",
)
"""Columns of ``game`` no game role may change once the game exists."""

_TURN_TABLES = (
    ("game", "turn"),
    ("phase_record", "turn"),
    ("move", "turn"),
    ("adjudication", "turn"),
    ("effect", "turn"),
    ("inject_release", "turn"),
    ("note", "turn"),
    ("observation", "turn"),
    ("team_assignment", "from_turn"),
    ("fact", "established_turn"),
)
_TEXT_LIMITS = (
    ("move", "title", MAX_TITLE),
    ("move", "action", MAX_TEXT),
    ("move", "intended_result", MAX_TEXT),
    ("counter_argument", "text", MAX_TEXT),
    ("note", "text", MAX_TEXT),
    ("observation", "text", MAX_TEXT),
    ("audit", "actor", MAX_TITLE),
    ("audit", "action", 64),
    ("audit", "entity", 64),
)


def _sql_list(values: tuple[str, ...]) -> str:
    return ", ".join("'" + v.replace("'", "''") + "'" for v in values)


def _team_of(s: str, pid: str) -> str:
    """SQL: the team player ``pid`` plays in game ``g``'s current turn (as in the app)."""
    return f"""(SELECT a.team_id FROM {s}.team_assignment a
            WHERE a.participant_id = {pid} AND a.from_turn <= GREATEST(g.turn, 0)
            ORDER BY a.from_turn DESC, a.id DESC LIMIT 1)"""


def _in_phase(s: str, kind: str) -> str:
    """SQL: game ``g`` is running and in one of the phases listed in its ``kind`` rule."""
    return f"""EXISTS (SELECT 1 FROM {s}.{RULES_TABLE} r WHERE r.game_id = g.id
            AND g.status = 'running' AND g.phase_id = ANY (r.{kind}))"""


def _trigger_function(s: str, name: str, body: str, declare: str = "") -> str:
    """SQL: a PL/pgSQL trigger function ``name`` running ``body`` (the lines after BEGIN)."""
    declared = (
        f"""
            DECLARE{declare}"""
        if declare
        else ""
    )
    return f"""CREATE OR REPLACE FUNCTION {s}.{name}() RETURNS trigger
            LANGUAGE plpgsql AS $${declared}
            BEGIN{body}
            END
            $$"""


def _team_phase_guard(s: str, name: str, phases: str, refusal: str, body: str) -> str:
    """SQL: a trigger function that lets a team's role write only in the phases listed.

    The facilitator and the owner pass (no team); a team's row is refused with ``refusal``
    unless game ``g`` is running in one of its ``phases`` rule's phases; then ``body`` runs.
    """
    return _trigger_function(
        s,
        name,
        f"""
                IF me IS NULL THEN RETURN NEW; END IF;
                SELECT id, turn, status, phase_id INTO g FROM {s}.game WHERE id = NEW.game_id;
                IF NOT FOUND OR NOT {_in_phase(s, phases)} THEN
                    RAISE EXCEPTION '{refusal}'
                        USING ERRCODE = '42501';
                END IF;{body}""",
        f"""
                me text := {s}.wargame_team();
                g record;""",
    )


def _wargame_is_game_role(s: str) -> str:
    return f"""CREATE OR REPLACE FUNCTION {s}.wargame_is_game_role() RETURNS boolean
            LANGUAGE sql STABLE AS $$
            SELECT EXISTS (SELECT 1 FROM {s}.wargame_access WHERE role_name = current_user)
            $$"""


def _wargame_guard_move(s: str) -> str:
    refusal = "moves can be written only in a moves phase of a running game"
    return _team_phase_guard(
        s,
        "wargame_guard_move",
        "move_phases",
        refusal,
        f"""
                IF TG_OP = 'INSERT' THEN
                    IF NEW.turn IS DISTINCT FROM g.turn THEN
                        RAISE EXCEPTION 'a move is for the current turn (%), not turn %',
                            g.turn, NEW.turn USING ERRCODE = '42501';
                    END IF;
                    IF NEW.team_id IS DISTINCT FROM me
                        OR {_team_of(s, "NEW.author_id")} IS DISTINCT FROM me THEN
                        RAISE EXCEPTION 'a team writes moves only for itself, by its own players'
                            USING ERRCODE = '42501';
                    END IF;
                    NEW.created_at := now();
                    NEW.updated_at := NEW.created_at;
                    NEW.version_id := 1;
                    NEW.status := 'submitted';
                    NEW.revealed_at := NULL;
                    RETURN NEW;
                END IF;
                IF OLD.turn <> g.turn OR OLD.revealed_at IS NOT NULL
                    OR OLD.status <> 'submitted' OR NEW.status NOT IN ('submitted', 'withdrawn')
                    OR (OLD.visibility <> 'secret' AND (NEW.status = 'submitted'
                        OR (NEW.title, NEW.action, NEW.intended_result, NEW.visibility)
                        IS DISTINCT FROM (OLD.title, OLD.action, OLD.intended_result,
                                          OLD.visibility)
                        OR NEW.reasons::text IS DISTINCT FROM OLD.reasons::text)) THEN
                    RAISE EXCEPTION 'move #% can no longer be edited', OLD.id
                        USING ERRCODE = '42501';
                END IF;
                NEW.updated_at := now();
                NEW.version_id := OLD.version_id + 1;
                RETURN NEW;""",
    )


def _wargame_guard_counter(s: str) -> str:
    return _team_phase_guard(
        s,
        "wargame_guard_counter",
        "counter_phases",
        "counter-arguments are written only in their phases",
        f"""
                IF NEW.team_id IS DISTINCT FROM me
                    OR {_team_of(s, "NEW.author_id")} IS DISTINCT FROM me THEN
                    RAISE EXCEPTION 'a team argues only in the name of its own players'
                        USING ERRCODE = '42501';
                END IF;
                IF NOT EXISTS (SELECT 1 FROM {s}.move m WHERE m.id = NEW.move_id
                        AND m.game_id = NEW.game_id AND m.team_id <> me
                        AND m.voided_at IS NULL AND m.status <> 'withdrawn'
                        AND (m.visibility = 'public' OR m.revealed_at IS NOT NULL)) THEN
                    RAISE EXCEPTION 'there is no move #% this team can argue', NEW.move_id
                        USING ERRCODE = '42501';
                END IF;
                NEW.created_at := now();
                RETURN NEW;""",
    )


def _wargame_guard_audit(s: str) -> str:
    declare = f"""
                me text := {s}.wargame_team();
                g record;
                who text;"""
    return _trigger_function(
        s,
        "wargame_guard_audit",
        f"""
                IF me IS NULL THEN RETURN NEW; END IF;
                SELECT id, turn INTO g FROM {s}.game WHERE id = NEW.game_id;
                IF NOT FOUND OR NEW.participant_id IS NULL
                    OR {_team_of(s, "NEW.participant_id")} IS DISTINCT FROM me THEN
                    RAISE EXCEPTION 'a team writes audit lines only in its own players'' names'
                        USING ERRCODE = '42501';
                END IF;
                IF NEW.action NOT IN ({_sql_list(TEAM_AUDIT_ACTIONS)})
                    OR NOT ((NEW.entity = 'move' AND NEW.action LIKE 'move.%' AND EXISTS (
                            SELECT 1 FROM {s}.move m WHERE m.id = NEW.entity_id
                            AND m.game_id = NEW.game_id AND m.team_id = me))
                        OR (NEW.entity = 'counter_argument' AND NEW.action = 'counter.submit'
                            AND EXISTS (SELECT 1 FROM {s}.counter_argument c
                            WHERE c.id = NEW.entity_id AND c.game_id = NEW.game_id
                            AND c.team_id = me))) THEN
                    RAISE EXCEPTION 'a team''s audit lines record only its own moves and arguments'
                        USING ERRCODE = '42501';
                END IF;
                SELECT name INTO who FROM {s}.participant WHERE id = NEW.participant_id;
                NEW.actor := who;
                NEW.at := now();
                RETURN NEW;""",
        declare,
    )


def _wargame_append_only(s: str) -> str:
    return _trigger_function(
        s,
        "wargame_append_only",
        f"""
                IF {s}.wargame_is_game_role() THEN
                    RAISE EXCEPTION '% rows are never changed or deleted', TG_TABLE_NAME
                        USING ERRCODE = '42501';
                END IF;
                RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;""",
    )


def _wargame_guard_game(s: str) -> str:
    return _trigger_function(
        s,
        "wargame_guard_game",
        f"""
                IF {s}.wargame_is_game_role()
                    AND ({", ".join(f"NEW.{c}" for c in FROZEN_GAME_COLUMNS)})
                    IS DISTINCT FROM ({", ".join(f"OLD.{c}" for c in FROZEN_GAME_COLUMNS)}) THEN
                    RAISE EXCEPTION 'a game''s seed, uid and scenario are never changed'
                        USING ERRCODE = '42501';
                END IF;
                RETURN NEW;""",
    )


def _functions(s: str) -> list[str]:
    """The trigger functions (``s``: the quoted schema)."""
    return [
        _wargame_is_game_role(s),
        _wargame_guard_move(s),
        _wargame_guard_counter(s),
        _wargame_guard_audit(s),
        _wargame_append_only(s),
        _wargame_guard_game(s),
    ]


def _trigger(s: str, table: str, name: str, when: str, function: str) -> list[str]:
    return [
        f"DROP TRIGGER IF EXISTS {name} ON {s}.{table}",
        f"CREATE TRIGGER {name} {when} ON {s}.{table} FOR EACH ROW EXECUTE FUNCTION "
        f"{s}.{function}()",
    ]


def _check(s: str, table: str, name: str, condition: str) -> list[str]:
    # NOT VALID: enforced for every new or changed row, without rescanning old ones.
    return [
        f"ALTER TABLE {s}.{table} DROP CONSTRAINT IF EXISTS {name}",
        f"ALTER TABLE {s}.{table} ADD CONSTRAINT {name} CHECK ({condition}) NOT VALID",
    ]


def _checks(s: str) -> list[str]:
    out: list[str] = []
    for table, column in _TURN_TABLES:
        out += _check(s, table, f"wargame_{column}_range", f"{column} BETWEEN 0 AND {MAX_TURN}")
    for table, column, limit in _TEXT_LIMITS:
        out += _check(s, table, f"wargame_{column}_size", f"char_length({column}) <= {limit}")
    out += _check(s, "move", "wargame_version_range", "version_id BETWEEN 1 AND 1000000")
    out += _check(
        s,
        "move",
        "wargame_reasons_size",
        "json_array_length(reasons::json) <= 12 AND octet_length(reasons::text) <= 100000",
    )
    out += _check(s, "roll", "wargame_sequence_range", f"sequence BETWEEN 0 AND {MAX_SEQUENCE}")
    out += _check(s, "roll", "wargame_faces_size", "json_array_length(faces::json) <= 100")
    out += _check(s, "audit", "wargame_details_size", "octet_length(details::text) <= 65536")
    return out


def published_table_policies(
    s: str, owner: str, table: str, team_rows: str, *, white_writes: bool = False
) -> list[str]:
    """Row security, idempotent, on a table the owner fills for the teams to read.

    The owner may do anything (the policies apply to the owner too: FORCE); the white cell
    reads its game's rows (and, with ``white_writes``, writes them); a team reads the rows
    ``team_rows`` selects, and writes none; no other role sees a row.

    Args:
        s: the schema, quoted.
        owner: the owner of the table, quoted.
        table: the table's name in ``s``.
        team_rows: the SQL condition on a row that a team's role may read.
        white_writes: whether the white cell's role may also insert, update and delete.
    """
    target = f"{s}.{table}"
    white_game = f"game_id = (SELECT {s}.wargame_white_game())"
    white = (
        f"CREATE POLICY wargame_white ON {target} USING ({white_game}) WITH CHECK ({white_game})"
        if white_writes
        else f"CREATE POLICY wargame_white ON {target} FOR SELECT USING ({white_game})"
    )
    return [
        f"ALTER TABLE {target} ENABLE ROW LEVEL SECURITY",
        f"ALTER TABLE {target} FORCE ROW LEVEL SECURITY",
        f"DROP POLICY IF EXISTS wargame_owner ON {target}",
        f"CREATE POLICY wargame_owner ON {target} TO {owner} USING (true) WITH CHECK (true)",
        f"DROP POLICY IF EXISTS wargame_white ON {target}",
        white,
        f"DROP POLICY IF EXISTS wargame_team_read ON {target}",
        f"CREATE POLICY wargame_team_read ON {target} FOR SELECT USING ({team_rows})",
    ]


def guard_statements(s: str, owner: str) -> list[str]:
    """Every statement of the second wall, idempotent; run after the access table exists.

    Args:
        s: the schema, quoted.
        owner: the owner of the tables, quoted (who fills the per-game tables).
    """
    out = [
        f"""CREATE TABLE IF NOT EXISTS {s}.{RULES_TABLE} (
            game_id integer PRIMARY KEY REFERENCES {s}.game (id) ON DELETE RESTRICT,
            move_phases text[] NOT NULL,
            counter_phases text[] NOT NULL
        )""",
        f"""CREATE TABLE IF NOT EXISTS {s}.{TEAM_SCENARIO_TABLE} (
            game_id integer NOT NULL REFERENCES {s}.game (id) ON DELETE RESTRICT,
            team_id text NOT NULL,
            scenario_text text NOT NULL,
            PRIMARY KEY (game_id, team_id)
        )""",
    ]
    team_game = f"game_id = (SELECT {s}.wargame_team_game())"
    out += published_table_policies(s, owner, RULES_TABLE, team_game)
    out += published_table_policies(
        s, owner, TEAM_SCENARIO_TABLE, f"{team_game} AND team_id = (SELECT {s}.wargame_team())"
    )
    out += _functions(s)
    out += _trigger(s, "move", "wargame_guard", "BEFORE INSERT OR UPDATE", "wargame_guard_move")
    out += _trigger(
        s, "counter_argument", "wargame_guard", "BEFORE INSERT", "wargame_guard_counter"
    )
    out += _trigger(s, "audit", "wargame_guard", "BEFORE INSERT", "wargame_guard_audit")
    out += _trigger(s, "game", "wargame_guard", "BEFORE UPDATE", "wargame_guard_game")
    for table in APPEND_ONLY:
        out += _trigger(
            s, table, "wargame_append_only", "BEFORE UPDATE OR DELETE", "wargame_append_only"
        )
    out += _checks(s)
    return out


def _schema(connection: Connection) -> str:
    """The connection's current schema, quoted."""
    name = str(connection.execute(text("SELECT current_schema()")).scalar_one())
    return connection.dialect.identifier_preparer.quote_identifier(name)


def _store_error(error: DBAPIError, where: str) -> StoreError:
    translated = translate_error(error, where)
    if translated is not None:
        return translated
    first = (str(error.orig or error).strip().splitlines() or ["refused"])[0].rstrip(".")
    return StoreError(where, f"Cannot set up the shared game in {where}: {first}.")


def publish_team_terms(
    db: GameDatabase,
    game_id: int,
    cuts: Mapping[str, str],
    move_phases: Sequence[str],
    counter_phases: Sequence[str],
) -> None:
    """Store each team's cut of the scenario and the phases teams may write in (as the owner).

    Replaces what was stored for the game before (run again after an upgrade).

    Raises:
        StoreError: the account is not the owner of the tables.
    """
    try:
        with db.session() as session:
            connection = session.connection()
            s = _schema(connection)
            connection.execute(
                text(
                    f"INSERT INTO {s}.{RULES_TABLE} (game_id, move_phases, counter_phases) "
                    "VALUES (:g, :m, :c) ON CONFLICT (game_id) DO UPDATE SET "
                    "move_phases = EXCLUDED.move_phases, counter_phases = EXCLUDED.counter_phases"
                ),
                {"g": game_id, "m": list(move_phases), "c": list(counter_phases)},
            )
            for team_id, cut in cuts.items():
                connection.execute(
                    text(
                        f"INSERT INTO {s}.{TEAM_SCENARIO_TABLE} (game_id, team_id, scenario_text) "
                        "VALUES (:g, :t, :x) ON CONFLICT (game_id, team_id) DO UPDATE SET "
                        "scenario_text = EXCLUDED.scenario_text"
                    ),
                    {"g": game_id, "t": team_id, "x": cut},
                )
    except DBAPIError as error:
        raise _store_error(error, db.where) from error


def team_scenario_text(db: GameDatabase, game_id: int, team_id: str) -> str | None:
    """The team's cut of the scenario, as its own role reads it; ``None`` if none is stored."""
    with db.session(write=False) as session:
        connection = session.connection()
        s = _schema(connection)
        present = connection.execute(
            text("SELECT to_regclass(:t) IS NOT NULL"), {"t": f"{s}.{TEAM_SCENARIO_TABLE}"}
        ).scalar_one()
        if not present:
            return None
        found = connection.execute(
            text(
                f"SELECT scenario_text FROM {s}.{TEAM_SCENARIO_TABLE} "
                "WHERE game_id = :g AND team_id = :t"
            ),
            {"g": game_id, "t": team_id},
        ).scalar_one_or_none()
    return None if found is None else str(found)
