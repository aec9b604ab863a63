"""The game record as SQLAlchemy tables: one class per kind of thing that happens in a game.

The record is append-only. Rows are never deleted (every foreign key is ``ON DELETE
RESTRICT``, and :mod:`wargame.store.engine` refuses a flush that deletes); a correction
*voids* a row (who, when, why) and, where a replacement exists, points at it through
``superseded_by_id``. State at a moment (track levels, unit positions, what is revealed) is
derived from these rows by the game layer, never stored twice.

Every table but ``game`` carries ``game_id``: a SQLite file holds one game, a shared
PostgreSQL database may hold several. Timestamps are timezone-aware UTC on both databases
(:class:`UTCDateTime`), JSON columns use :class:`sqlalchemy.JSON`, and enumerations are short
strings guarded by CHECK constraints so that a report can read the file without the app.

The migration ``0001`` in :mod:`wargame.store.migrations` creates exactly these tables; a test
compares the two.

The annotations are evaluated as each class is made (this module does not postpone them with
``from __future__ import annotations``): SQLAlchemy reads them as types instead of evaluating
276 strings, about 6 ms of every start. A relationship to a class defined further down names
it in quotes. :func:`wargame.store.checks.check_values` reads the JSON columns' annotations.
"""

from datetime import UTC, datetime
from typing import Any, ClassVar
from uuid import uuid4

from sqlalchemy import (
    CHAR,
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    DateTime,
    Dialect,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column, relationship
from sqlalchemy.types import TypeDecorator

__all__ = [
    "GAME_STATUSES",
    "NAMING_CONVENTION",
    "Adjudication",
    "Audit",
    "Base",
    "ChainLink",
    "ChainRow",
    "CounterArgument",
    "Effect",
    "Fact",
    "Game",
    "HotwashFinding",
    "InjectRelease",
    "Move",
    "Note",
    "Observation",
    "Participant",
    "PhaseRecord",
    "Roll",
    "Supersedable",
    "TeamAssignment",
    "UTCDateTime",
    "Voidable",
    "new_uid",
    "one_of",
    "utcnow",
]

NAMING_CONVENTION: dict[str, str] = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
"""Constraint names that are the same on SQLite and PostgreSQL, so that Alembic's batch mode
can find a constraint by name years from now."""

GAME_STATUSES = ("setup", "running", "ended")
PARTICIPANT_ROLES = ("facilitator", "player", "observer")
MOVE_VISIBILITIES = ("secret", "public")
MOVE_STATUSES = ("submitted", "withdrawn")
OUTCOMES = ("success", "partial", "failure")
ROLL_SOURCES = ("digital", "physical")
EFFECT_KINDS = (
    "track",
    "track_set",
    "unit_move",
    "unit_strength",
    "unit_create",
    "unit_remove",
    "fact_establish",
    "fact_retract",
)
INJECT_TRIGGERS = ("scheduled", "conditional", "ad_hoc")
FINDING_KINDS = ("strength", "improvement", "finding")


def utcnow() -> datetime:
    """The current time, timezone-aware in UTC: the only kind of time the record holds."""
    return datetime.now(UTC)


def new_uid() -> str:
    """A fresh game uid: 32 hex digits, so two games copied into one database never clash."""
    return uuid4().hex


def one_of(column: str, values: tuple[str, ...]) -> CheckConstraint:
    """A CHECK that ``column`` holds one of ``values``, named ``ck_<table>_<column>``.

    The column name is double-quoted because some of ours (``trigger``) are SQL keywords.
    """
    listed = ", ".join(f"'{value}'" for value in values)
    return CheckConstraint(f'"{column}" IN ({listed})', name=column)


class UTCDateTime(TypeDecorator[datetime]):
    """``DateTime(timezone=True)`` that always hands back aware UTC datetimes.

    SQLite has no time zones: SQLAlchemy stores the wall time and returns a naive value. This
    type refuses naive datetimes on the way in (a naive time is a bug: whose clock?), stores
    UTC, and marks values read back from SQLite as UTC, so both databases behave the same.
    """

    impl = DateTime
    cache_ok = True

    def __init__(self) -> None:
        super().__init__(timezone=True)

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        """Convert to UTC; a naive datetime is refused."""
        if value is None:
            return None
        if value.tzinfo is None or value.utcoffset() is None:
            msg = f"naive datetime {value!r} given for a UTC timestamp column"
            raise ValueError(msg)
        value = value.astimezone(UTC)
        if dialect.name == "sqlite":
            return value.replace(tzinfo=None)
        return value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        """Mark SQLite's naive values as UTC; normalise PostgreSQL's to UTC."""
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class Base(DeclarativeBase):
    """The declarative base for every table of the game record."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        datetime: UTCDateTime(),
        str: String(),
    }


def _fk(target: str) -> ForeignKey:
    """A foreign key that can never cascade a delete: the record is append-only."""
    return ForeignKey(target, ondelete="RESTRICT")


class _Keyed:
    """``id`` first, then ``game_id``: every table but ``game`` belongs to one game."""

    id: Mapped[int] = mapped_column(Integer, primary_key=True, sort_order=-100)
    game_id: Mapped[int] = mapped_column(_fk("game.id"), sort_order=-90)


class Voidable:
    """Columns of a row that can be voided: it stays in the record, marked with who, when, why.

    A voided row is ignored by the game's derived state but still shown in the audit and the
    after-action report.
    """

    voided_at: Mapped[datetime | None] = mapped_column(sort_order=100)
    voided_by_id: Mapped[int | None] = mapped_column(_fk("participant.id"), sort_order=101)
    void_reason: Mapped[str | None] = mapped_column(Text, sort_order=102)

    @property
    def is_void(self) -> bool:
        """Whether the row has been voided."""
        return self.voided_at is not None


class Supersedable(Voidable):
    """A voidable row that may be replaced by a corrected row of the same table.

    ``superseded_by_id`` points from the voided row to its replacement, so the report can show
    the correction next to what it corrected.
    """

    @declared_attr
    def superseded_by_id(cls) -> Mapped[int | None]:  # noqa: N805 - declared_attr takes the class
        """Self-reference to the row that replaced this one."""
        table: str = cls.__tablename__  # type: ignore[attr-defined]
        return mapped_column(_fk(f"{table}.id"), sort_order=103)


class Game(Base):
    """One run of a scenario: the frozen scenario text, the seed, and where the game stands."""

    __tablename__ = "game"
    __table_args__ = (one_of("status", GAME_STATUSES),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = mapped_column(CHAR(32), unique=True, default=new_uid)
    title: Mapped[str]
    scenario_id: Mapped[str]
    scenario_title: Mapped[str]
    scenario_text: Mapped[str] = mapped_column(Text, deferred=True)
    """The scenario exactly as it was when the game was created, so the file stands alone.
    Loaded only when read: every use case reads the game row, and none needs it;
    a shared game's team roles may not read it (they read their own cut instead)."""
    scenario_json: Mapped[str | None] = mapped_column(Text, deferred=True)
    """What the scenario loader made of ``scenario_text``, as JSON: opening a game validates
    this instead of parsing the YAML again. Null when the stored scenario did not load."""
    scenario_sha256: Mapped[str] = mapped_column(CHAR(64))
    seed_sha256: Mapped[str | None] = mapped_column(CHAR(64))
    """SHA-256 (hex) of the seed's decimal digits: printed from the start, so that once the
    seed is revealed anyone can check it was fixed before the first roll. Readable by every
    role, unlike the seed."""
    seed: Mapped[int] = mapped_column(BigInteger, deferred=True)
    """The digital dice's seed: loaded only when read, since a shared game's team roles may
    not read it (the rolls are a function of it; see :mod:`wargame.store.shared`)."""
    status: Mapped[str] = mapped_column(String(16), default="setup")
    turn: Mapped[int] = mapped_column(default=0)
    """0 before the game starts."""
    phase_id: Mapped[str | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    started_at: Mapped[datetime | None]
    ended_at: Mapped[datetime | None]
    executive_summary: Mapped[str | None] = mapped_column(Text)
    version_id: Mapped[int] = mapped_column(Integer, nullable=False)

    __mapper_args__ = {"version_id_col": version_id}  # noqa: RUF012 - SQLAlchemy reads a dict


class Participant(_Keyed, Voidable, Base):
    """A person in the game: facilitator, player or observer. Voided, never removed."""

    __tablename__ = "participant"
    __table_args__ = (
        UniqueConstraint("game_id", "name"),
        one_of("role", PARTICIPANT_ROLES),
    )

    name: Mapped[str]
    role: Mapped[str] = mapped_column(String(16))
    pin_hash: Mapped[str | None] = mapped_column(deferred=True)
    """A salted PBKDF2 hash of the participant's PIN. Loaded only when read: a shared game's
    team roles may not read it (a four-digit PIN falls to an offline search in minutes)."""
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class TeamAssignment(_Keyed, Base):
    """A participant joins a team from a turn on; the rows in order are the assignment history.

    ``team_id`` is the scenario's team id, or ``None`` for a participant who plays no team.
    ``assigned_by_id`` is ``None`` when the app itself assigned (the facilitator at creation).
    """

    __tablename__ = "team_assignment"
    __table_args__ = (Index(None, "game_id", "participant_id"),)

    participant_id: Mapped[int] = mapped_column(_fk("participant.id"))
    team_id: Mapped[str | None]
    from_turn: Mapped[int]
    assigned_at: Mapped[datetime] = mapped_column(default=utcnow)
    assigned_by_id: Mapped[int | None] = mapped_column(_fk("participant.id"))


class PhaseRecord(_Keyed, Voidable, Base):
    """The wall-clock span of one phase of one turn; turns are derived from these rows.

    Voided when the facilitator undoes the phase change that opened it: the game returns to
    the phase before, whose record is open again.
    """

    __tablename__ = "phase_record"
    __table_args__ = (Index(None, "game_id", "turn"),)

    turn: Mapped[int]
    phase_id: Mapped[str]
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    ended_at: Mapped[datetime | None]


class Move(_Keyed, Supersedable, Base):
    """A team's move: the action, what it should achieve, and why (matrix-game arguments).

    ``version_id`` gives optimistic locking: an edit based on an out-of-date copy fails with
    :class:`sqlalchemy.orm.exc.StaleDataError` instead of silently overwriting.
    """

    __tablename__ = "move"
    __table_args__ = (
        Index(None, "game_id", "turn"),
        one_of("visibility", MOVE_VISIBILITIES),
        one_of("status", MOVE_STATUSES),
    )

    turn: Mapped[int]
    team_id: Mapped[str]
    author_id: Mapped[int] = mapped_column(_fk("participant.id"))
    title: Mapped[str]
    action: Mapped[str] = mapped_column(Text)
    intended_result: Mapped[str] = mapped_column(Text)
    reasons: Mapped[list[str]] = mapped_column(JSON, default=list)
    visibility: Mapped[str] = mapped_column(String(16), default="secret")
    revealed_at: Mapped[datetime | None]
    status: Mapped[str] = mapped_column(String(16), default="submitted")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    version_id: Mapped[int] = mapped_column(Integer, nullable=False)

    counter_arguments: Mapped[list["CounterArgument"]] = relationship(
        viewonly=True, order_by="CounterArgument.id"
    )

    __mapper_args__ = {"version_id_col": version_id}  # noqa: RUF012 - SQLAlchemy reads a dict


class CounterArgument(_Keyed, Supersedable, Base):
    """An argument against a move; ``accepted`` stays ``None`` until it is adjudicated."""

    __tablename__ = "counter_argument"
    __table_args__ = (Index(None, "move_id"),)

    move_id: Mapped[int] = mapped_column(_fk("move.id"))
    author_id: Mapped[int] = mapped_column(_fk("participant.id"))
    team_id: Mapped[str | None]
    text: Mapped[str] = mapped_column(Text)
    accepted: Mapped[bool | None] = mapped_column(Boolean)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Adjudication(_Keyed, Supersedable, Base):
    """How a move (or an event) was judged: the method, every input, the outcome, and why.

    ``inputs`` keeps whatever the method used (modifiers, estimates, rating, chance, target,
    arguments counted) so the result can be re-derived and audited later.
    """

    __tablename__ = "adjudication"
    __table_args__ = (
        Index(None, "game_id", "turn"),
        one_of("outcome", OUTCOMES),
    )

    turn: Mapped[int]
    move_id: Mapped[int | None] = mapped_column(_fk("move.id"))
    method: Mapped[str]
    inputs: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    outcome: Mapped[str] = mapped_column(String(16))
    narrative: Mapped[str] = mapped_column(Text)
    rationale: Mapped[str] = mapped_column(Text)
    adjudicator_id: Mapped[int] = mapped_column(_fk("participant.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    rolls: Mapped[list["Roll"]] = relationship(viewonly=True, order_by="Roll.sequence")
    effects: Mapped[list["Effect"]] = relationship(viewonly=True, order_by="Effect.id")


class Roll(_Keyed, Base):
    """One throw of the dice, digital or typed in from physical dice. Never voided or changed.

    ``sequence`` numbers a game's rolls without gaps; ``hash`` chains each roll to the one
    before (``prev_hash``) so that a removed or altered roll shows. ``salt`` (random, 32 hex
    digits; NULL in rolls made before it existed) is part of what the hash covers, so that
    a roll's digest does not give away its few possible faces to whoever may read the
    digest but not the roll (a shared game's team, for a ruling it cannot see).
    """

    __tablename__ = "roll"
    __table_args__ = (
        UniqueConstraint("game_id", "sequence"),
        Index(None, "adjudication_id"),
        one_of("source", ROLL_SOURCES),
    )

    sequence: Mapped[int]
    adjudication_id: Mapped[int | None] = mapped_column(_fk("adjudication.id"))
    purpose: Mapped[str]
    dice: Mapped[str] = mapped_column(String(32))
    faces: Mapped[list[int]] = mapped_column(JSON)
    source: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    prev_hash: Mapped[str] = mapped_column(CHAR(64))
    hash: Mapped[str] = mapped_column(CHAR(64), unique=True)
    salt: Mapped[str | None] = mapped_column(String(32))


class Effect(_Keyed, Supersedable, Base):
    """A change to the game state: a track moves, a unit moves, a unit's strength changes.

    ``before``/``after`` hold the values around the change as the game layer saw them, so the
    report can print them without replaying the whole record.
    """

    __tablename__ = "effect"
    __table_args__ = (
        Index(None, "game_id", "turn"),
        Index(None, "adjudication_id"),
        one_of("kind", EFFECT_KINDS),
    )

    turn: Mapped[int]
    phase_id: Mapped[str]
    kind: Mapped[str] = mapped_column(String(16))
    target: Mapped[str]
    delta: Mapped[int | None]
    to_region: Mapped[str | None]
    before: Mapped[Any] = mapped_column(JSON)
    after: Mapped[Any] = mapped_column(JSON)
    adjudication_id: Mapped[int | None] = mapped_column(_fk("adjudication.id"))
    inject_release_id: Mapped[int | None] = mapped_column(_fk("inject_release.id"))
    reason: Mapped[str] = mapped_column(Text)
    author_id: Mapped[int] = mapped_column(_fk("participant.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class InjectRelease(_Keyed, Supersedable, Base):
    """An inject handed to some or all teams, from the scenario or written on the spot.

    ``audience`` is the string ``"all"`` or a list of team ids.
    """

    __tablename__ = "inject_release"
    __table_args__ = (
        Index(None, "game_id", "turn"),
        one_of("trigger", INJECT_TRIGGERS),
    )

    inject_id: Mapped[str | None]
    trigger: Mapped[str] = mapped_column(String(16))
    title: Mapped[str]
    text: Mapped[str] = mapped_column(Text)
    audience: Mapped[Any] = mapped_column(JSON)
    turn: Mapped[int]
    phase_id: Mapped[str]
    released_by_id: Mapped[int] = mapped_column(_fk("participant.id"))
    released_at: Mapped[datetime] = mapped_column(default=utcnow)
    fired_by_effect_id: Mapped[int | None] = mapped_column(Integer, index=True)
    """For a conditional inject: the id of the last effect of the batch that made its
    condition hold. Voiding that effect (or the adjudication that made it) voids this release
    with it. No foreign key: ``effect`` already refers to ``inject_release``, and a cycle of
    foreign keys could not be created or dropped in order."""


class Note(_Keyed, Supersedable, Base):
    """A facilitator's private note."""

    __tablename__ = "note"

    turn: Mapped[int]
    author_id: Mapped[int] = mapped_column(_fk("participant.id"))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Observation(_Keyed, Supersedable, Base):
    """An observer's or facilitator's observation, tagged and tied to the study questions."""

    __tablename__ = "observation"
    __table_args__ = (Index(None, "game_id", "turn"),)

    turn: Mapped[int]
    move_id: Mapped[int | None] = mapped_column(_fk("move.id"))
    author_id: Mapped[int] = mapped_column(_fk("participant.id"))
    text: Mapped[str] = mapped_column(Text)
    tags: Mapped[list[str]] = mapped_column(JSON, default=list)
    question_ids: Mapped[list[str]] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Fact(_Keyed, Base):
    """An established fact of a matrix game: true from one turn, perhaps ended by a later move.

    Not voidable: a fact is ended (``ended_*``), and the move or adjudication that ended it is
    what gets voided if that was a mistake.
    """

    __tablename__ = "fact"

    text: Mapped[str] = mapped_column(Text)
    established_turn: Mapped[int]
    established_by_move_id: Mapped[int | None] = mapped_column(_fk("move.id"))
    established_by_adjudication_id: Mapped[int | None] = mapped_column(_fk("adjudication.id"))
    ended_turn: Mapped[int | None]
    ended_by_move_id: Mapped[int | None] = mapped_column(_fk("move.id"))
    ended_by_adjudication_id: Mapped[int | None] = mapped_column(_fk("adjudication.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class HotwashFinding(_Keyed, Supersedable, Base):
    """A hot-wash finding: a strength, an improvement or a finding, with who owns the fix."""

    __tablename__ = "hotwash_finding"
    __table_args__ = (one_of("kind", FINDING_KINDS),)

    kind: Mapped[str] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text)
    recommendation: Mapped[str | None] = mapped_column(Text)
    owner: Mapped[str | None]
    question_ids: Mapped[list[str]] = mapped_column(JSON, default=list)
    author_id: Mapped[int] = mapped_column(_fk("participant.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Audit(_Keyed, Base):
    """One line of the audit trail: who did what to which row, when, and why.

    ``actor`` keeps the display name as it was, so the trail reads right even if the
    participant is voided later.
    """

    __tablename__ = "audit"
    __table_args__ = (Index(None, "game_id", "at"),)

    at: Mapped[datetime] = mapped_column(default=utcnow)
    participant_id: Mapped[int | None] = mapped_column(_fk("participant.id"))
    actor: Mapped[str]
    action: Mapped[str]
    entity: Mapped[str]
    entity_id: Mapped[int]
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    reason: Mapped[str | None] = mapped_column(Text)


class ChainLink(_Keyed, Base):
    """One committed action as a link of the record's hash chain.

    ``hash`` covers the link's own fields, the digest of every row the action wrote (its
    :class:`ChainRow` rows, outcomes and audit lines included) and ``prev_hash``, the hash of
    the link before. Only the facilitator's app writes links: on a shared game, rows a team
    wrote are linked by the facilitator's next action (see :mod:`wargame.game.chain`).
    """

    __tablename__ = "chain_link"
    __table_args__ = (
        UniqueConstraint("game_id", "sequence"),
        UniqueConstraint("hash"),
    )

    sequence: Mapped[int]
    at: Mapped[datetime] = mapped_column(default=utcnow)
    turn: Mapped[int]
    actor: Mapped[str]
    action: Mapped[str]
    prev_hash: Mapped[str] = mapped_column(CHAR(64))
    hash: Mapped[str] = mapped_column(CHAR(64))


class ChainRow(_Keyed, Base):
    """A row of the record as one action of the chain left it: its table, id and digest."""

    __tablename__ = "chain_row"
    __table_args__ = (
        Index(None, "game_id", "entity", "entity_id"),
        Index(None, "link_id"),
    )

    link_id: Mapped[int] = mapped_column(_fk("chain_link.id"))
    entity: Mapped[str]
    entity_id: Mapped[int]
    digest: Mapped[str] = mapped_column(CHAR(64))


class ScenarioFile(_Keyed, Base):
    """A file the game's scenario names (a map, a list of cities), stored with its hash.

    Kept beside ``game.scenario_text`` so that a game never looks outside itself for them: a
    game moved to another machine opens and reports the same. ``path`` is the path as the
    scenario writes it.
    """

    __tablename__ = "scenario_file"
    __table_args__ = (UniqueConstraint("game_id", "path"),)

    path: Mapped[str]
    sha256: Mapped[str] = mapped_column(CHAR(64))
    content: Mapped[bytes] = mapped_column(LargeBinary)
