"""`make bench` fails when a ratio aim is missed, and prints each figure with its aim."""

from __future__ import annotations

from bench.aims import Aim, summary


def test_every_aim_met_exits_zero() -> None:
    text, status = summary([Aim("submit move p50", 3.2, 4.0, "raw insert+commit")])
    assert status == 0
    assert "submit move p50" in text and "3.20 x" in text and "aim: <= 4.0 x" in text
    assert text.endswith("every aim met")


def test_one_missed_aim_exits_one_and_is_named() -> None:
    aims = [
        Aim("submit move p50", 3.9, 4.0, "raw insert+commit"),
        Aim("demo game drawn", 2.4, 2.0, "the stack floor"),
    ]
    text, status = summary(aims)
    assert status == 1
    assert "2.40 x  (aim: <= 2.0 x the stack floor)  MISSED" in text
    assert text.endswith("missed: demo game drawn")


def test_an_aim_exactly_at_its_limit_is_met() -> None:
    assert Aim("x", 1.2, 1.2, "y").met
