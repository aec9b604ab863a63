"""Alembic migrations of the game record, shipped inside the package (no ``alembic.ini``)."""
