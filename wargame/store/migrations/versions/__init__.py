"""Revision scripts, oldest first: ``0001`` is the initial schema. Never edit a released one."""
