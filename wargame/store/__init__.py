"""The game record in SQL: ORM models, engine and session setup, Alembic migrations.

No game logic lives here; the game layer is the only writer.
"""
