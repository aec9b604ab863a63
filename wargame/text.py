r"""Rules for text that crosses the program's edges, shared by every layer.

Three rules, each in one place so that input, display and export agree:

- **Names cannot be spoofed.** A name (a participant's, a team's, a game's or a move's
  title) keeps no invisible formatting character: :func:`clean_name` removes every
  character of Unicode category ``Cf`` (bidi embeddings, overrides and isolates such as
  U+202E, the marks U+200E/U+200F, zero-width spaces and joiners, the byte-order mark,
  soft hyphens) and turns control characters and runs of white space into one space. It is
  applied when a name is typed and again when an old record's name is shown.
- **Text is characters.** A lone surrogate is not a character: it is what Python makes of
  an undecodable byte in a command-line argument or of a ``\ud800`` escape in a YAML
  file, and no file or database can store it. :func:`surrogate_problem` finds the first
  one and says what it is, so the edge refuses it with a sentence.
- **Nothing a person typed acts on the reader.** :func:`for_terminal` shows control,
  formatting and surrogate characters as visible escapes before text is written to a
  terminal, and :func:`neutralise_cell` keeps a spreadsheet from running a cell as a
  formula (OWASP "CSV injection").
"""

from __future__ import annotations

import re
import unicodedata

_SURROGATE = re.compile("[\ud800-\udfff]")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})
_KEPT_ON_TERMINAL = "\n"


def clean_name(text: str) -> str:
    """A name without invisible formatting, on one line, with single spaces.

    Formatting characters (category ``Cf``) are removed; control characters, line and
    paragraph separators and runs of white space become one space; the ends are stripped.
    """
    if text.isascii() and text.isprintable():
        return " ".join(text.split())
    kept = []
    for ch in text:
        category = unicodedata.category(ch)
        if category == "Cf":
            continue
        kept.append(" " if category in ("Cc", "Zl", "Zp") else ch)
    return " ".join("".join(kept).split())


def surrogate_problem(text: str) -> str | None:
    """What the first lone surrogate of ``text`` is and where, or None if there is none.

    Surrogates U+DC80-U+DCFF are how Python keeps a byte it could not decode (for
    instance in a command-line argument), so they are described as that byte.
    """
    found = _SURROGATE.search(text)
    if found is None:
        return None
    code = ord(found.group())
    where = f"at character {found.start() + 1}"
    if 0xDC80 <= code <= 0xDCFF:
        return f"an undecodable byte 0x{code - 0xDC00:02x} {where}"
    return f"a lone surrogate U+{code:04X} (not a character) {where}"


def for_terminal(text: str, *, one_line: bool = False) -> str:
    r"""``text`` with every control, formatting or surrogate character shown as an escape.

    An escape sequence, a bell, a carriage return or a bidi override a person typed is
    printed as ``\x1b``, ``\x07``, ``\r`` or ``\u202e`` instead of acting on the
    terminal. Line breaks are kept (messages of several lines stay readable) unless
    ``one_line``, for a line that quotes a person's text and must stay one line.
    """
    kept = "" if one_line else _KEPT_ON_TERMINAL
    if text.isascii() and all(ch.isprintable() or ch in kept for ch in text):
        return text
    out = []
    for ch in text:
        if ch in kept or unicodedata.category(ch) not in _INVISIBLE_CATEGORIES:
            out.append(ch)
        else:
            out.append(_escape(ch))
    return "".join(out)


def _escape(ch: str) -> str:
    code = ord(ch)
    named = {"\t": "\\t", "\r": "\\r", "\n": "\\n"}
    if ch in named:
        return named[ch]
    if code <= 0xFF:
        return f"\\x{code:02x}"
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def neutralise_cell(text: str) -> str:
    """A spreadsheet cell's text that no spreadsheet will run as a formula.

    NUL characters are dropped; text that then starts with ``=``, ``+``, ``-``, ``@``, a
    tab or a carriage return gets a leading apostrophe, which spreadsheets read as "this
    is text".
    """
    value = text.replace("\x00", "")
    if value.startswith(_FORMULA_START):
        return "'" + value
    return value
