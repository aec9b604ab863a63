from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wargame.rules import (
    D6,
    D100,
    TWO_D6,
    DiceSpec,
    Roll,
    RuleError,
    roll_digital,
    roll_physical,
    total_distribution,
)

specs = st.builds(DiceSpec, st.integers(1, 5), st.sampled_from([2, 4, 6, 8, 10, 12, 20, 100]))


# ---------------------------------------------------------------- DiceSpec


@pytest.mark.parametrize(
    ("text", "count", "sides"),
    [("2d6", 2, 6), ("1d100", 1, 100), ("d20", 1, 20), (" 3D6 ", 3, 6), ("1 d 10", 1, 10)],
)
def test_parse(text: str, count: int, sides: int) -> None:
    assert DiceSpec.parse(text) == DiceSpec(count, sides)


@pytest.mark.parametrize("text", ["", "2x6", "d", "2d", "-1d6", "2d6+1", "two d six"])
def test_parse_refuses_what_is_not_dice(text: str) -> None:
    with pytest.raises(RuleError, match="is not a dice expression like '2d6'"):
        DiceSpec.parse(text)


@pytest.mark.parametrize(
    ("count", "sides", "message"),
    [
        (0, 6, "a roll throws 1 to 100 dice, not 0"),
        (101, 6, "a roll throws 1 to 100 dice, not 101"),
        (1, 1, "a die has 2 to 1000 sides, not 1"),
        (1, 1001, "a die has 2 to 1000 sides, not 1001"),
    ],
)
def test_spec_refuses_impossible_dice(count: int, sides: int, message: str) -> None:
    with pytest.raises(RuleError, match=message):
        DiceSpec(count, sides)
    with pytest.raises(RuleError, match=message):
        DiceSpec.parse(f"{count}d{sides}")


@given(specs)
def test_str_round_trips(spec: DiceSpec) -> None:
    assert DiceSpec.parse(str(spec)) == spec


def test_str_and_bounds() -> None:
    assert str(TWO_D6) == "2d6"
    assert (TWO_D6.lowest, TWO_D6.highest) == (2, 12)
    assert (D100.lowest, D100.highest) == (1, 100)


def test_rule_error_is_a_value_error() -> None:
    assert issubclass(RuleError, ValueError)


# ---------------------------------------------------------------- Roll and physical rolls


def test_roll_total_and_str() -> None:
    roll = Roll(TWO_D6, (3, 4), "physical")
    assert roll.total == 7
    assert str(roll) == "2d6: 3+4 = 7"
    assert str(Roll(D6, (5,), "digital")) == "1d6: 5"


def test_roll_refuses_an_unknown_source() -> None:
    with pytest.raises(RuleError, match="digital or physical, not 'magic'"):
        Roll(D6, (1,), "magic")  # type: ignore[arg-type]


def test_roll_refuses_impossible_faces() -> None:
    with pytest.raises(RuleError, match="a d6 shows 1 to 6; 0 was typed"):
        Roll(D6, (0,), "digital")


def test_roll_physical_accepts_what_a_die_can_show() -> None:
    roll = roll_physical(TWO_D6, [6, 1])
    assert roll == Roll(TWO_D6, (6, 1), "physical")
    assert roll.total == 7


@pytest.mark.parametrize(
    ("spec", "faces", "message"),
    [
        (D6, [7], "a d6 shows 1 to 6; 7 was typed"),
        (D6, [0], "a d6 shows 1 to 6; 0 was typed"),
        (TWO_D6, [3, -2], "a d6 shows 1 to 6; -2 was typed"),
        (D100, [0], r"a d100 shows 1 to 100; 0 was typed \(type 100 for '00'\)"),
        (D100, [101], "a d100 shows 1 to 100; 101 was typed"),
        (TWO_D6, [4], "2d6 needs 2 faces; 1 was typed"),
        (TWO_D6, [1, 2, 3], "2d6 needs 2 faces; 3 were typed"),
        (D6, [], "1d6 needs 1 face; 0 were typed"),
        (D6, [True], "a d6 shows 1 to 6; True was typed"),
        (D6, ["6"], "a d6 shows 1 to 6; '6' was typed"),
    ],
)
def test_roll_physical_refuses_what_a_die_cannot_show(
    spec: DiceSpec, faces: list[int], message: str
) -> None:
    with pytest.raises(RuleError, match=f"^{message}$"):
        roll_physical(spec, faces)


# ---------------------------------------------------------------- digital rolls


def test_roll_digital_is_the_documented_function() -> None:
    """A verifier outside this code base can recompute a roll from the documented recipe."""
    import hashlib
    import random

    generator = random.Random(hashlib.sha256(b"wargame-roll:1234:7").digest())
    expected = (generator.randint(1, 6), generator.randint(1, 6))
    assert roll_digital(1234, 7, TWO_D6).faces == expected


@given(seed=st.integers(), sequence=st.integers(min_value=0), spec=specs)
def test_same_seed_and_sequence_give_the_same_faces(
    seed: int, sequence: int, spec: DiceSpec
) -> None:
    first = roll_digital(seed, sequence, spec)
    assert roll_digital(seed, sequence, spec) == first
    assert first.source == "digital"
    assert len(first.faces) == spec.count
    assert all(1 <= f <= spec.sides for f in first.faces)


@given(seed=st.integers(), start=st.integers(min_value=0, max_value=10**9))
def test_different_sequences_are_not_all_equal(seed: int, start: int) -> None:
    rolls = {roll_digital(seed, n, TWO_D6).faces for n in range(start, start + 40)}
    assert len(rolls) > 1


@given(sequence=st.integers(min_value=0, max_value=10**6))
def test_different_seeds_are_not_all_equal(sequence: int) -> None:
    rolls = {roll_digital(seed, sequence, TWO_D6).faces for seed in range(40)}
    assert len(rolls) > 1


# ---------------------------------------------------------------- exact distributions


def test_total_distribution_of_2d6() -> None:
    odds = total_distribution(TWO_D6)
    assert odds[7] == Fraction(6, 36)
    assert odds[2] == odds[12] == Fraction(1, 36)
    assert sum(odds.values()) == 1
    assert list(odds) == list(range(2, 13))


@given(specs)
def test_total_distribution_sums_to_one(spec: DiceSpec) -> None:
    odds = total_distribution(spec)
    assert sum(odds.values()) == 1
    assert min(odds) == spec.lowest
    assert max(odds) == spec.highest
