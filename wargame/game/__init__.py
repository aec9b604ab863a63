"""The application layer: one object per open game with a method per use case.

Checks who may do what and who may see what, runs each use case as one transaction,
and emits plain-Python events after commit.
"""
