"""The text rules shared by every layer (wargame/text.py)."""

from __future__ import annotations

import json

import pytest

from wargame.cli.terminal import json_for_terminal
from wargame.text import clean_name, for_terminal, neutralise_cell, surrogate_problem


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("Alice", "Alice"),
        ("  Alice   Smith ", "Alice Smith"),
        ("Ali\u202ece", "Alice"),
        ("\u2066\u2067\u2068Alice\u2069\u202a\u202b\u202c\u202d", "Alice"),
        ("A\u200bl\u200ci\u200dc\u2060e\ufeff\u00ad", "Alice"),
        ("A\u200el\u200fi\u061cce", "Alice"),
        ("Alice\nSmith\tJr", "Alice Smith Jr"),
        ("Иван Петров", "Иван Петров"),
        ("محمد", "محمد"),
    ],
)
def test_names_lose_invisible_formatting(raw: str, shown: str) -> None:
    assert clean_name(raw) == shown


def test_surrogates_are_described_with_their_place() -> None:
    assert surrogate_problem("fine") is None
    assert surrogate_problem("ab\udcffc") == "an undecodable byte 0xff at character 3"
    assert surrogate_problem("\ud83d") == "a lone surrogate U+D83D (not a character) at character 1"


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("plain\nlines", "plain\nlines"),
        ("\x1b[31mred", "\\x1b[31mred"),
        ("bell\x07", "bell\\x07"),
        ("csi\x9b2J", "csi\\x9b2J"),
        ("cr\rtab\t", "cr\\rtab\\t"),
        ("rlo\u202eend", "rlo\\u202eend"),
        ("byte\udcff", "byte\\udcff"),
        ("tag\U000e0041", "tag\\U000e0041"),
        ("Київ 🇺🇦", "Київ 🇺🇦"),
    ],
)
def test_terminal_text_shows_controls_as_escapes(raw: str, shown: str) -> None:
    assert for_terminal(raw) == shown


def test_one_line_terminal_text_shows_line_breaks_too() -> None:
    assert for_terminal("a\nb", one_line=True) == "a\\nb"


def test_terminal_json_decodes_to_the_same_value() -> None:
    value = {"text": "esc\x1b bell\x07 c1\x85\x9b rlo\u202e tag\U000e0041 \u2028 ok Київ"}
    text = json.dumps(value, indent=2, ensure_ascii=False)
    shown = json_for_terminal(text)
    assert json.loads(shown) == value
    assert all(ch not in shown for ch in "\x1b\x07\x85\x9b\u202e\U000e0041\u2028")
    assert "Київ" in shown


@pytest.mark.parametrize(
    ("raw", "cell"),
    [
        ("=1", "'=1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@A1", "'@A1"),
        ("\t1", "'\t1"),
        ("\r1", "'\r1"),
        ("a\x00b", "ab"),
        ("1=1", "1=1"),
    ],
)
def test_cells_are_neutralised(raw: str, cell: str) -> None:
    assert neutralise_cell(raw) == cell
