"""Digital dice are fair: outcome frequencies over many seeded rolls match the exact odds.

Each dice kind is rolled 20,000 times, from consecutive sequence numbers of a fixed game
seed, once per test session; every rule variation is then judged on those same rolls.
The tolerance of 0.015 is over four standard errors even for a 50% outcome, and the
rolls are deterministic, so the test cannot flake.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from functools import cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wargame.rules import (
    D6,
    D100,
    TWO_D6,
    DiceSpec,
    Outcome,
    Roll,
    adjudicate_matrix,
    adjudicate_odds,
    adjudicate_probability,
    matrix_odds,
    odds_odds,
    probability_odds,
    roll_digital,
    total_distribution,
)
from wargame.scenario.model import MatrixRules, OddsRules, ProbabilityRules

ROLLS = 20_000
TOLERANCE = 0.015
SEEDS = {TWO_D6: 1_914, D6: 1_962, D100: 1_983}
FEW = settings(max_examples=12, deadline=None)


@cache
def rolls(spec: DiceSpec) -> tuple[Roll, ...]:
    seed = SEEDS[spec]
    return tuple(roll_digital(seed, sequence, spec) for sequence in range(1, ROLLS + 1))


@cache
def totals(spec: DiceSpec) -> Counter[int]:
    return Counter(roll.total for roll in rolls(spec))


def observed(spec: DiceSpec, outcome_of: Callable[[Roll], Outcome]) -> dict[Outcome, float]:
    """How often each outcome came up when every one of the rolls was adjudicated."""
    counts = Counter(outcome_of(roll) for roll in rolls(spec))
    return {outcome: counts[outcome] / ROLLS for outcome in Outcome}


def assert_close(seen: dict[Outcome, float], exact: dict[Outcome, float]) -> None:
    for outcome in Outcome:
        assert abs(seen[outcome] - exact[outcome]) <= TOLERANCE, (outcome, seen, exact)


@pytest.mark.parametrize("spec", [D6, TWO_D6, D100])
def test_totals_are_fair(spec: DiceSpec) -> None:
    exact = total_distribution(spec)
    seen = totals(spec)
    for total, p in exact.items():
        assert abs(seen[total] / ROLLS - float(p)) <= TOLERANCE


def test_faces_are_independent_of_each_other() -> None:
    """The two dice of a 2d6 roll are not correlated: each pair comes up about 1/36."""
    pairs = Counter(roll.faces for roll in rolls(TWO_D6))
    assert len(pairs) == 36
    assert all(abs(n / ROLLS - 1 / 36) <= TOLERANCE for n in pairs.values())


@pytest.mark.parametrize("modifier", range(-3, 4))
def test_matrix_frequencies_match_matrix_odds(modifier: int) -> None:
    rules = MatrixRules()
    seen = observed(TWO_D6, lambda roll: adjudicate_matrix(roll, modifier, (), rules).outcome)
    assert_close(seen, matrix_odds(modifier, rules))


@FEW
@given(
    target=st.integers(2, 12),
    margin=st.integers(0, 10),
    cap=st.integers(0, 12),
    data=st.data(),
)
def test_matrix_frequencies_match_for_any_rules(
    target: int, margin: int, cap: int, data: st.DataObject
) -> None:
    rules = MatrixRules(target=target, partial_margin=margin, max_modifier=cap)
    modifier = data.draw(st.integers(-cap, cap))
    seen = observed(TWO_D6, lambda roll: adjudicate_matrix(roll, modifier, (), rules).outcome)
    assert_close(seen, matrix_odds(modifier, rules))


@pytest.mark.parametrize("rating", [r.rating for r in OddsRules().scale])
def test_odds_frequencies_match_odds_odds(rating: str) -> None:
    rules = OddsRules()
    seen = observed(D6, lambda roll: adjudicate_odds(rating, roll, rules).outcome)
    assert_close(seen, odds_odds(rating, rules))


@pytest.mark.parametrize("chance", [0, 5, 25, 50, 73, 95, 100])
def test_probability_frequencies_match_probability_odds(chance: int) -> None:
    rules = ProbabilityRules()
    seen = observed(D100, lambda roll: adjudicate_probability(chance, roll, rules).outcome)
    assert_close(seen, probability_odds(chance, rules))


@FEW
@given(chance=st.integers(0, 100), band=st.integers(0, 50))
def test_probability_frequencies_match_for_any_rules(chance: int, band: int) -> None:
    rules = ProbabilityRules(partial_band=band)
    seen = observed(D100, lambda roll: adjudicate_probability(chance, roll, rules).outcome)
    assert_close(seen, probability_odds(chance, rules))
