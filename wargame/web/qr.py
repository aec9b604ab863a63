"""QR codes of the team links, to print or show on the projector (segno)."""

from __future__ import annotations

import io


def qr_png(text: str, *, scale: int = 6) -> bytes:
    """A QR code of ``text`` as PNG bytes, with its quiet zone."""
    import segno

    out = io.BytesIO()
    segno.make(text, error="m", micro=False).save(out, kind="png", scale=scale, border=4)
    return out.getvalue()


def qr_svg(text: str, *, scale: int = 6) -> str:
    """A QR code of ``text`` as an SVG document."""
    import segno

    out = io.BytesIO()
    segno.make(text, error="m", micro=False).save(out, kind="svg", scale=scale, border=4)
    return out.getvalue().decode()
