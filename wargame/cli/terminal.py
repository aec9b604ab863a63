"""Writing to the terminal, and reading its arguments, without trusting either.

Every line the command line prints goes through :func:`wargame.cli.common.say` or
``say_error``, which show control, formatting and surrogate characters as visible escapes
(:func:`wargame.text.for_terminal`): an escape sequence in an imported sheet's ``author``
cannot recolour, clear or retitle the terminal when an error message quotes it.
:func:`json_for_terminal` does the same for JSON with JSON's own escapes, so the output
stays valid JSON. :func:`check_arguments` refuses text arguments that hold undecodable
bytes, before anything is written.
"""

from __future__ import annotations

import argparse
import unicodedata
from collections.abc import Iterable

from wargame.cli.errors import CommandError
from wargame.text import surrogate_problem

PATH_ARGUMENTS = frozenset({"game", "output", "script", "moves", "files", "scenario", "screenshot"})
"""Arguments that name files: a file name may be any bytes the system allows."""

_JSON_ESCAPED = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})


def json_for_terminal(text: str) -> str:
    r"""JSON text whose invisible characters are written as ``\uXXXX`` escapes.

    Such characters only occur inside JSON strings (its structure is ASCII), where the
    escape means the same character, so the result decodes to the same value. Line breaks
    that :func:`json.dumps` writes between items are kept.
    """
    if text.isascii() and all(ch.isprintable() or ch == "\n" for ch in text):
        return text
    return "".join(_json_escape(ch) for ch in text)


def _json_escape(ch: str) -> str:
    if ch == "\n" or unicodedata.category(ch) not in _JSON_ESCAPED:
        return ch
    code = ord(ch)
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    code -= 0x10000
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def check_arguments(args: argparse.Namespace) -> None:
    """Refuse a text argument holding undecodable bytes (file names may hold any).

    Raises:
        CommandError: Naming the argument, the byte and where it is.
    """
    for name, value in sorted(vars(args).items()):
        if name in PATH_ARGUMENTS or name == "handler":
            continue
        for text in _texts(value):
            problem = surrogate_problem(text)
            if problem is not None:
                raise CommandError(
                    f"the argument {_option(name)} holds {problem}; type it again as UTF-8 text"
                )


def _texts(value: object) -> Iterable[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, list | tuple):
        yield from (v for v in value if isinstance(v, str))


def _option(name: str) -> str:
    positional = {"join": "JOIN-STRING", "db": "the database URL"}
    return positional.get(name, "--" + name.replace("_", "-"))
