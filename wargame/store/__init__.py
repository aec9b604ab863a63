"""The game record in SQL: ORM models, engine and session setup, Alembic migrations.

No game logic lives here; the game layer is the only writer.
"""

from sqlalchemy.orm.exc import StaleDataError

from wargame.store.analysis_models import (
    AnalysisItem,
    AnalysisLink,
    HseepRating,
    ImprovementAction,
    LogAnnotation,
)
from wargame.store.copying import backup, copy_database
from wargame.store.engine import (
    DEFAULT_BUSY_TIMEOUT_MS,
    GAME_FILE_SUFFIX,
    GameDatabase,
    is_database_url,
    open_engine,
)
from wargame.store.errors import (
    DatabaseUnavailable,
    GameFileCorrupt,
    GameFileExists,
    GameFileLocked,
    GameFileMissing,
    GameFileReadOnly,
    NewerGameFile,
    NotAGameFile,
    StoreError,
)
from wargame.store.migrate import MigrationResult, head_revision, upgrade_to_head
from wargame.store.models import (
    Adjudication,
    Audit,
    Base,
    CounterArgument,
    Effect,
    Fact,
    Game,
    HotwashFinding,
    InjectRelease,
    Move,
    Note,
    Observation,
    Participant,
    PhaseRecord,
    Roll,
    Supersedable,
    TeamAssignment,
    Voidable,
    new_uid,
    utcnow,
)

__all__ = [
    "DEFAULT_BUSY_TIMEOUT_MS",
    "GAME_FILE_SUFFIX",
    "Adjudication",
    "AnalysisItem",
    "AnalysisLink",
    "Audit",
    "Base",
    "CounterArgument",
    "DatabaseUnavailable",
    "Effect",
    "Fact",
    "Game",
    "GameDatabase",
    "GameFileCorrupt",
    "GameFileExists",
    "GameFileLocked",
    "GameFileMissing",
    "GameFileReadOnly",
    "HotwashFinding",
    "HseepRating",
    "ImprovementAction",
    "InjectRelease",
    "LogAnnotation",
    "MigrationResult",
    "Move",
    "NewerGameFile",
    "NotAGameFile",
    "Note",
    "Observation",
    "Participant",
    "PhaseRecord",
    "Roll",
    "StaleDataError",
    "StoreError",
    "Supersedable",
    "TeamAssignment",
    "Voidable",
    "backup",
    "copy_database",
    "head_revision",
    "is_database_url",
    "new_uid",
    "open_engine",
    "upgrade_to_head",
    "utcnow",
]
