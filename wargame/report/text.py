"""User text made safe for a PDF: cleaned, escaped, and able to wrap.

Everything a person typed (move texts, names, narratives, notes) passes through
:func:`markup` before it becomes a ReportLab ``Paragraph``: control characters are
removed, ``&``, ``<`` and ``>`` are escaped so that markup-like input prints literally and
cannot break the build, newlines become line breaks (a run of more than three empty lines
prints as "[N empty lines]", so a text of thousands of line breaks cannot fill hundreds of
pages with nothing), and characters the embedded font
cannot draw are written as their code point instead of vanishing. Very long words wrap
because every paragraph style keeps ReportLab's ``splitLongWords``.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from xml.sax.saxutils import escape

from reportlab.pdfbase.pdfmetrics import stringWidth

from wargame.report.fonts import covered_code_points

_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_NEWLINES = re.compile("\r\n|\r|\u2028|\u2029|\x85")
_BLANK_LINE = re.compile(r"\n[ \t]*\n\s*")
_EMPTY_RUN = re.compile(r"\n(?:[ \t]*\n){4,}")
"""More than three empty lines in a row: printed as one line that says how many."""


def clean(text: object) -> str:
    """Plain text with control characters removed and newlines normalised.

    Tabs become spaces; carriage returns and Unicode line separators become newlines;
    C0 and C1 control characters, lone surrogates and non-characters are dropped.
    Characters the report font has no glyph for are written as ``[U+XXXX]`` so that the
    printed record never silently loses them (colour emoji, for instance).
    """
    value = "" if text is None else str(text)
    value = _NEWLINES.sub("\n", value).replace("\t", " ")
    value = _CONTROL.sub("", value)
    if value.isascii():
        return value  # printable ASCII is all in the font; controls are gone already
    if _covered_characters().issuperset(value):
        return value  # one set operation, not a test per character
    covered = covered_code_points()
    out = []
    for ch in value:
        code = ord(ch)
        if code in covered or ch in "\n ":
            out.append(ch)
        elif unicodedata.category(ch) in ("Mn", "Me", "Cf"):
            continue  # an invisible modifier with nothing to modify
        else:
            out.append(f"[U+{code:04X}]")
    return "".join(out)


@functools.cache
def _covered_characters() -> frozenset[str]:
    """The characters :func:`clean` keeps as they are: those the font covers, space, newline."""
    return frozenset(chr(code) for code in covered_code_points()) | {"\n", " "}


def markup(text: object, *, newlines: bool = True) -> str:
    """Paragraph markup that prints ``text`` literally.

    Args:
        text: Anything a user typed (``None`` gives an empty string).
        newlines: Keep line breaks (as ``<br/>``); otherwise they become spaces.
    """
    value = escape(clean(text))
    if newlines:
        value = _EMPTY_RUN.sub(_empty_lines, value.strip("\n"))
        return value.replace("\n", "<br/>")
    return " ".join(value.split())


def _empty_lines(found: re.Match[str]) -> str:
    count = found.group().count("\n") - 1
    return f"\n\n<i>[{count:,} empty lines]</i>\n\n"


def paragraphs(text: object, *, reflow: bool = False) -> list[str]:
    """The markup of each paragraph of a text (paragraphs are separated by blank lines).

    Args:
        text: The text.
        reflow: Join the lines within a paragraph (for texts an author wrapped by hand in
            a YAML file); otherwise each line break is kept, as a person typed it.
    """
    value = clean(text).strip()
    if not value:
        return []
    return [markup(part, newlines=not reflow) for part in _BLANK_LINE.split(value) if part.strip()]


def plain(text: object, limit: int | None = None) -> str:
    """One line of plain text (for bookmarks, drawings and metadata), optionally shortened."""
    value = " ".join(clean(text).split())
    if limit is not None and len(value) > limit:
        return value[: max(limit - 1, 1)].rstrip() + "…"
    return value


@functools.lru_cache(maxsize=4096)
def fit(text: str, font: str, size: float, room: float) -> str:
    """Shorten one line of plain text with an ellipsis so that it fits ``room`` points.

    Kept per arguments: every page's header and footer fit the same few lines again.
    """
    if stringWidth(text, font, size) <= room:
        return text
    low, high = 0, len(text)
    while low < high:  # the longest prefix that fits with the ellipsis
        middle = (low + high + 1) // 2
        if stringWidth(text[:middle].rstrip() + "…", font, size) <= room:
            low = middle
        else:
            high = middle - 1
    return text[:low].rstrip() + "…"
