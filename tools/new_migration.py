"""Write a new Alembic revision from the difference between the models and the head.

Run it from a checkout, after changing ``wargame/store/models.py``::

    .venv/bin/python -m tools.new_migration 0002 "what changed"

It builds a throwaway game file at the current head in a temporary folder and lets Alembic
compare it with the models, writing ``wargame/store/migrations/versions/NNNN_topic.py``.
Read and clean the script it writes, set ``HEAD_REVISION`` in ``wargame/store/migrate.py``,
and add a test that upgrades a populated file of the old version (``tests/fixtures/store/``).
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from alembic import command
from alembic.script import ScriptDirectory

from wargame.store.engine import open_engine
from wargame.store.migrate import (
    SCRIPT_LOCATION,
    alembic_config,
    migration_transaction,
    upgrade_to_head,
)

REVISION_ID = re.compile(r"\d{4}")


def new_revision(rev_id: str, message: str, *, script_location: str = SCRIPT_LOCATION) -> Path:
    """Write a revision script for what the models add to the head; return its path.

    Raises:
        ValueError: ``rev_id`` is not four digits, or is already taken.
    """
    if not REVISION_ID.fullmatch(rev_id):
        msg = f"the revision id '{rev_id}' is not four digits (e.g. 0002)"
        raise ValueError(msg)
    scripts = ScriptDirectory.from_config(alembic_config(script_location=script_location))
    if rev_id in {s.revision for s in scripts.walk_revisions()}:
        msg = f"the revision id '{rev_id}' is taken; use the next free number"
        raise ValueError(msg)
    with tempfile.TemporaryDirectory() as folder:
        engine = open_engine(Path(folder) / "head.wargame", create=True)
        try:
            if scripts.get_current_head() is not None:
                upgrade_to_head(engine, None, script_location=script_location)
            with migration_transaction(engine) as connection:
                config = alembic_config(connection, script_location=script_location)
                script = command.revision(config, message=message, rev_id=rev_id, autogenerate=True)
        finally:
            engine.dispose()
    if script is None or isinstance(script, list):
        msg = "Alembic wrote no single revision script"
        raise RuntimeError(msg)
    return Path(script.path)


def main(argv: Sequence[str] | None = None) -> int:
    """Parse the command line, write the revision, print its path."""
    parser = argparse.ArgumentParser(prog="python -m tools.new_migration", description=__doc__)
    parser.add_argument("rev_id", help="the next free four-digit number, e.g. 0002")
    parser.add_argument("message", help="what the revision changes, in a few words")
    parser.add_argument(
        "--script-location",
        default=SCRIPT_LOCATION,
        help="the migrations folder (default: the package's own)",
    )
    args = parser.parse_args(argv)
    try:
        path = new_revision(args.rev_id, args.message, script_location=args.script_location)
    except ValueError as exc:
        print(f"new_migration: {exc}", file=sys.stderr)
        return 2
    print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
