"""Adjudication rules of a scenario: which methods it allows and each method's settings.

Matrix argument (2d6 against a target), the odds scale (a rating and a d6), estimative
probability (combined estimates and a d100), the umpire's ruling, and lookup tables.
"""

from __future__ import annotations

from collections import Counter
from enum import StrEnum
from typing import Literal, Self

from pydantic import Field, field_validator, model_validator

from wargame.scenario.base import Ident, Name, Text, _error, _Model
from wargame.scenario.expressions import Effect


class Method(StrEnum):
    """Adjudication methods a scenario may allow."""

    MATRIX = "matrix"
    ODDS = "odds"
    PROBABILITY = "probability"
    RULING = "ruling"
    TABLE = "table"


class MatrixRules(_Model):
    """Matrix argument: 2d6 plus modifiers against a target number."""

    target: int = Field(default=7, ge=2, le=12, description="2d6 total needed to succeed.")
    reason_bonus: int = Field(default=1, ge=0, le=6, description="+ per strong reason.")
    counter_penalty: int = Field(
        default=1, ge=0, le=6, description="- per accepted counter-argument."
    )
    max_modifier: int = Field(default=3, ge=0, le=12, description="Cap on the net modifier.")
    partial_margin: int = Field(
        default=2,
        ge=0,
        le=10,
        description="Missing the target by at most this is a partial success.",
    )


class OddsRating(_Model):
    """A rating on the odds scale and the d6 score that succeeds."""

    rating: Name
    target: int = Field(ge=1, le=7, description="d6 at or above this succeeds (7: never).")


def _default_odds() -> tuple[OddsRating, ...]:
    return (
        OddsRating(rating="Can't miss", target=1),
        OddsRating(rating="Very likely", target=2),
        OddsRating(rating="Likely", target=3),
        OddsRating(rating="Even chance", target=4),
        OddsRating(rating="Unlikely", target=5),
        OddsRating(rating="Very unlikely", target=6),
        OddsRating(rating="Impossible", target=7),
    )


class OddsRules(_Model):
    """The classic matrix-game odds scale: the umpire rates the argument, a d6 decides."""

    scale: tuple[OddsRating, ...] = Field(default_factory=_default_odds, min_length=2)

    @field_validator("scale")
    @classmethod
    def _distinct(cls, scale: tuple[OddsRating, ...]) -> tuple[OddsRating, ...]:
        names = [r.rating for r in scale]
        if len(set(names)) != len(names):
            raise _error("odds ratings must have distinct names")
        return scale


class ProbabilityRules(_Model):
    """Estimative probability: the participants' estimates are combined, d100 decides."""

    combine: Literal["mean", "median", "umpire"] = Field(
        default="mean", description="How the participants' percentage estimates are combined."
    )
    partial_band: int = Field(
        default=10,
        ge=0,
        le=50,
        description="A d100 roll at most this many points above the chance is a partial success.",
    )


class TableRow(_Model):
    """A band of die totals and the outcome it gives."""

    min: int
    max: int
    outcome: Literal["success", "partial", "failure"]
    narrative: Text | None = None
    effects: tuple[Effect, ...] = ()


class LookupTable(_Model):
    """A die roll looked up in a table of outcomes."""

    id: Ident
    name: Name
    dice: Literal["1d6", "2d6", "3d6", "1d10", "1d20", "1d100"] = "2d6"
    rows: tuple[TableRow, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _covers_every_total(self) -> Self:
        count, sides = (int(x) for x in self.dice.split("d"))
        lo, hi = count, count * sides
        covered: list[int] = []
        for row in self.rows:
            if row.min > row.max:
                raise _error("a row's min {lo} is above its max {hi}", lo=row.min, hi=row.max)
            covered.extend(range(row.min, row.max + 1))
        counts = Counter(covered)
        overlap = sorted(t for t, n in counts.items() if n > 1)
        if overlap:
            raise _error("rows overlap at total {total}", total=overlap[0])
        missing = [t for t in range(lo, hi + 1) if t not in counts]
        if missing:
            raise _error(
                "no row covers the total {total} of {dice}", total=missing[0], dice=self.dice
            )
        return self


class AdjudicationRules(_Model):
    """Which methods this scenario allows, and their settings (each has defaults)."""

    methods: tuple[Method, ...] = Field(
        default=(Method.MATRIX, Method.ODDS, Method.PROBABILITY, Method.RULING),
        min_length=1,
    )
    default_method: Method = Method.MATRIX
    matrix: MatrixRules = MatrixRules()
    odds: OddsRules = OddsRules()
    probability: ProbabilityRules = ProbabilityRules()
    tables: tuple[LookupTable, ...] = ()
    move_tags: tuple[Ident, ...] = Field(
        default=(),
        description="Tags the white cell may put on a move when adjudicating it, so that "
        "triggers can say 'a move tagged so succeeded' (`move_adjudicated`).",
    )

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if len(set(self.methods)) != len(self.methods):
            raise _error("a method is listed twice")
        if self.default_method not in self.methods:
            raise _error(
                "default_method '{m}' is not one of the allowed methods",
                m=self.default_method.value,
            )
        if len(set(self.move_tags)) != len(self.move_tags):
            raise _error("a move tag is listed twice")
        if Method.TABLE in self.methods and not self.tables:
            raise _error("method 'table' is allowed but no tables are defined")
        return self
