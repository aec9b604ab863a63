"""Pack the Linux one-folder bundle, its desktop integration and an installer into a tarball.

Run by ``make package`` after PyInstaller, from the repository root::

    .venv/bin/python packaging/linux/make_tarball.py      # -> dist/wargame-<v>-linux-<arch>.tar.xz

The tarball unpacks to one folder, ``wargame-<version>-linux-<arch>/``::

    wargame                      the app (run it from here, or install it:)
    _internal/                   everything it needs: Python, Qt, scenarios, maps, fonts
    install.sh                   menu entry, icon and *.wargame file type, in ~/.local by default
    README.txt
    share/applications/io.github.wargame.Wargame.desktop
    share/metainfo/io.github.wargame.Wargame.metainfo.xml
    share/mime/packages/io.github.wargame.Wargame.xml
    share/icons/hicolor/<N>x<N>/apps/io.github.wargame.Wargame.png, scalable/…svg

Entries are sorted, owned by root and dated ``SOURCE_DATE_EPOCH`` when it is set, so the same
bundle gives the same tarball.
"""

from __future__ import annotations

import io
import lzma
import os
import platform
import sys
import tarfile
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LINUX = ROOT / "packaging" / "linux"
ICONS = ROOT / "assets" / "icons"
APP_ID = "io.github.wargame.Wargame"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)

README = """\
wargame {version} for Linux ({arch})
====================================

Run it from this folder:      ./wargame
Open a game file:             ./wargame GAME.wargame
Command line:                 ./wargame --help

Install it for yourself (menu entry, icon, double-click on *.wargame files), in ~/.local:

    ./install.sh                      # or: sudo ./install.sh --prefix /usr/local
    ./install.sh --uninstall          # removes the app, never your games

Needs: a 64-bit Linux with glibc {glibc}+ and an X11 or Wayland desktop (Qt 6 links
libxcb-cursor0 and friends, present on every desktop install). No Python is needed.

Your games, scenarios, settings and logs are kept in your own folders:
  scenarios  ~/.local/share/wargame/scenarios/
  logs       ~/.local/state/wargame/log/wargame.log   (attach it to a bug report)
"""


def project() -> tuple[str, str]:
    """The project's name and version, from pyproject.toml."""
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return str(data["name"]), str(data["version"])


def arch() -> str:
    """The machine name used in the file name (x86_64, aarch64)."""
    return platform.machine() or "unknown"


def min_glibc(bundle: Path) -> str:
    """The newest GLIBC_x.y symbol version any library of the bundle asks for."""
    best = (2, 17)
    for path in bundle.rglob("*"):
        is_binary = ".so" in path.name or path.name == "wargame"
        if not is_binary or not path.is_file() or path.is_symlink():
            continue
        data = path.read_bytes()
        start = 0
        while (index := data.find(b"GLIBC_2.", start)) != -1:
            start = index + 8
            digits = data[start : start + 4].split(b"\0")[0]
            parts = digits.split(b".")[0]
            if parts.isdigit():
                best = max(best, (2, int(parts)))
    return f"{best[0]}.{best[1]}"


def main() -> int:
    """Write the tarball; print its path and size."""
    name, version = project()
    bundle = ROOT / "dist" / name
    if not (bundle / name).is_file():
        sys.stderr.write(f"no bundle at {bundle}: run `make package` (PyInstaller) first\n")
        return 1
    top = f"{name}-{version}-linux-{arch()}"
    target = ROOT / "dist" / f"{top}.tar.xz"
    epoch = int(os.environ.get("SOURCE_DATE_EPOCH", time.time()))

    def normalise(info: tarfile.TarInfo) -> tarfile.TarInfo:
        info.uid = info.gid = 0
        info.uname = info.gname = "root"
        info.mtime = epoch
        if info.isdir() or info.mode & 0o100:
            info.mode = 0o755
        else:
            info.mode = 0o644
        return info

    share = {
        f"share/applications/{APP_ID}.desktop": LINUX / f"{APP_ID}.desktop",
        f"share/metainfo/{APP_ID}.metainfo.xml": LINUX / f"{APP_ID}.metainfo.xml",
        f"share/mime/packages/{APP_ID}.xml": LINUX / f"{APP_ID}.mime.xml",
        f"share/icons/hicolor/scalable/apps/{APP_ID}.svg": ICONS / "wargame.svg",
        **{
            f"share/icons/hicolor/{n}x{n}/apps/{APP_ID}.png": ICONS / f"wargame-{n}.png"
            for n in ICON_SIZES
        },
    }
    readme = README.format(version=version, arch=arch(), glibc=min_glibc(bundle)).encode()

    with (
        target.open("wb") as raw,
        # xz at its highest preset: a third smaller than gzip -9 for Qt's and ICU's libraries;
        # every distribution's tar unpacks it (`tar xf`), and xz writes no time stamp
        lzma.LZMAFile(raw, mode="wb", format=lzma.FORMAT_XZ, preset=9) as xz,
        tarfile.open(fileobj=xz, mode="w", format=tarfile.PAX_FORMAT) as tar,
    ):
        tar.add(bundle, arcname=top, filter=normalise)  # wargame + _internal/, links kept
        tar.add(LINUX / "install.sh", arcname=f"{top}/install.sh", filter=normalise)
        info = normalise(tarfile.TarInfo(f"{top}/README.txt"))
        info.size = len(readme)
        info.mode = 0o644
        tar.addfile(info, io.BytesIO(readme))
        for arcname, source in sorted(share.items()):
            tar.add(source, arcname=f"{top}/{arcname}", filter=normalise)
    size = target.stat().st_size
    sys.stdout.write(f"wrote {target.relative_to(ROOT)} ({size / 1e6:.1f} MB)\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
