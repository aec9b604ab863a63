"""Render the app icon from its SVG sources into every file the installers need.

Run it after editing ``assets/icons/wargame.svg`` or ``assets/icons/wargame-small.svg``
and commit what it writes (the build does not render icons, so it needs neither a display
nor an SVG tool)::

    QT_QPA_PLATFORM=offscreen .venv/bin/python packaging/render_icons.py

It renders with PySide6's QtSvg (part of PySide6-Essentials, already a dependency) and
writes, under ``assets/icons/``:

- ``wargame-<N>.png`` for N in 16, 24, 32, 48, 64, 128, 256, 512 — sizes up to 32 px come
  from the simplified drawing, larger ones from the full one;
- ``wargame.ico`` — Windows: 16 to 256 px, each entry a PNG (read by Windows Vista and later);
- ``wargame.icns`` — macOS: 16 to 512 px and their @2x variants, each entry a PNG.

The ICO and ICNS containers are written here with :mod:`struct` (both are a small header and
a table of PNG blobs), so no image library beyond Qt is needed.
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ROOT = Path(__file__).resolve().parents[1]
ICONS = ROOT / "assets" / "icons"
FULL = ICONS / "wargame.svg"
SMALL = ICONS / "wargame-small.svg"
SMALL_UP_TO = 32
"""Sizes up to this many pixels are drawn from the simplified SVG."""

PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
ICNS_TYPES: tuple[tuple[bytes, int], ...] = (
    (b"icp4", 16),
    (b"icp5", 32),
    (b"icp6", 64),
    (b"ic07", 128),
    (b"ic08", 256),
    (b"ic09", 512),
    (b"ic11", 32),  # 16@2x
    (b"ic12", 64),  # 32@2x
    (b"ic13", 256),  # 128@2x
    (b"ic14", 512),  # 256@2x
)


def render_png(size: int) -> bytes:
    """The icon at ``size`` x ``size`` pixels as PNG bytes (transparent background)."""
    source = SMALL if size <= SMALL_UP_TO else FULL
    renderer = QSvgRenderer(str(source))
    if not renderer.isValid():
        msg = f"{source}: not a valid SVG for QtSvg"
        raise SystemExit(msg)
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    # PySide6 6.12's stubs type the format as bytes; the binding accepts only str
    png = image.convertToFormat(QImage.Format.Format_ARGB32)
    if not png.save(buffer, "PNG"):  # type: ignore[call-overload]
        msg = f"could not encode the {size} px icon as PNG"
        raise SystemExit(msg)
    buffer.close()
    return bytes(data.data())


def ico_bytes(pngs: dict[int, bytes]) -> bytes:
    """A Windows ICO holding one PNG entry per size."""
    header = struct.pack("<HHH", 0, 1, len(ICO_SIZES))
    offset = len(header) + 16 * len(ICO_SIZES)
    directory = b""
    blobs = b""
    for size in ICO_SIZES:
        blob = pngs[size]
        side = 0 if size >= 256 else size  # 0 means 256 in an ICO directory entry
        directory += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(blob), offset)
        blobs += blob
        offset += len(blob)
    return header + directory + blobs


def icns_bytes(pngs: dict[int, bytes]) -> bytes:
    """A macOS ICNS holding one PNG element per type."""
    body = b"".join(
        kind + struct.pack(">I", 8 + len(pngs[size])) + pngs[size] for kind, size in ICNS_TYPES
    )
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def main() -> int:
    """Render every size and container; print what was written."""
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    pngs = {size: render_png(size) for size in sorted({*PNG_SIZES, *ICO_SIZES})}
    written: list[Path] = []
    for size in PNG_SIZES:
        path = ICONS / f"wargame-{size}.png"
        path.write_bytes(pngs[size])
        written.append(path)
    (ICONS / "wargame.ico").write_bytes(ico_bytes(pngs))
    (ICONS / "wargame.icns").write_bytes(icns_bytes(pngs))
    written += [ICONS / "wargame.ico", ICONS / "wargame.icns"]
    for path in written:
        sys.stdout.write(f"wrote {path.relative_to(ROOT)} ({path.stat().st_size} bytes)\n")
    del app
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
