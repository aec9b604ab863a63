"""What every scenario model shares: the base model, the common field types, errors.

Kept apart from :mod:`wargame.scenario.model` so that the models of each part of a scenario
(triggers and effects, adjudication rules …) can live in modules of their own.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints
from pydantic_core import PydanticCustomError

from wargame.text import clean_name

Ident = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z][a-z0-9_-]{0,63}$"),
    Field(
        description="An identifier: lower-case letters, digits, '-' or '_', starting with a letter."
    ),
]
Text = Annotated[str, StringConstraints(min_length=1, max_length=20_000)]


def _visible_name(value: object) -> object:
    """Names lose invisible formatting (bidi controls, zero-width characters): no spoofing."""
    return clean_name(value) if isinstance(value, str) else value


Name = Annotated[
    str,
    BeforeValidator(_visible_name),
    StringConstraints(min_length=1, max_length=200, strip_whitespace=True),
]
Colour = Annotated[
    str,
    StringConstraints(pattern=r"^#[0-9a-fA-F]{6}$"),
    Field(description="An RGB colour as #rrggbb."),
]


class _Model(BaseModel):
    """Base of every scenario model: strict about unknown keys, immutable once loaded."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=False)


def _error(message: str, **context: object) -> PydanticCustomError:
    return PydanticCustomError("scenario", message, dict(context) or None)


def article(word: str) -> str:
    """The word with 'a' or 'an' before it, by its first letter ('an infantry unit')."""
    return ("an " if word[:1].lower() in "aeiou" else "a ") + word


class ReferenceProblem(ValueError):
    """A cross-reference problem, with the field path where it was found."""

    def __init__(self, loc: tuple[str | int, ...], message: str) -> None:
        super().__init__(message)
        self.loc = loc
        self.message = message


class ReferenceErrors(ValueError):
    """Every cross-reference problem of a scenario, raised together."""

    def __init__(self, errors: list[ReferenceProblem]) -> None:
        super().__init__("; ".join(e.message for e in errors))
        self.errors = errors
