"""``make package-test``: prove the Linux bundle works on a machine without Python.

Run after ``make package``. It unpacks the tarball into a temporary folder, as a facilitator
would, and runs the app from there with an empty environment — no Python on ``PATH``, no
``PYTHONPATH``/``PYTHONHOME``, a fresh ``HOME``, ``QT_QPA_PLATFORM=offscreen`` — then checks
what each command wrote. It also checks the bundle's contents (the Alembic migrations are
there as files; no Qt module the app does not use is), the Linux desktop integration
(``.desktop``, AppStream, MIME type, ``install.sh``) and the file-association metadata of
the Windows and macOS installers, and prints the sizes.

Each check prints one line: ``PASS``, ``FAIL``, ``PEND`` (a part of the app that is not
written yet, so there is nothing to bundle: not a packaging failure) or ``SKIP`` (a
validator that is not installed). The exit status is 1 when any check failed.

This is not part of ``make test``: it needs a built bundle (about a minute to make).
"""

from __future__ import annotations

import json
import os
import plistlib
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import tomllib
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from package_test_features import (
    check_linked,
    check_pdfium,
    check_runtime_floor,
    check_schema,
    check_shared_game,
    check_team_pages,
    check_xlsx,
)
from package_test_icu import check_icu

ROOT = Path(__file__).resolve().parents[1]
PACKAGING = ROOT / "packaging"
APP_ID = "io.github.wargame.Wargame"
MIME_TYPE = "application/x-wargame"
TIMEOUT = 180
# The bundle's size aims (issue 15): what `du -s` counts of dist/wargame, and the tarball.
INSTALLED_AIM = 120 * 2**20
TARBALL_AIM = 55 * 2**20

# Qt modules the app does not use: none of their libraries, plugins or bindings may ship.
FORBIDDEN_QT = re.compile(
    r"WebEngine|WebView|WebChannel|WebSockets|Qml|Quick|3D|Multimedia|SpatialAudio|Pdf|"
    r"Charts|DataVisualization|Graphs|Designer|UiTools|Help|Sql|Test|Network|Positioning|"
    r"Location|Bluetooth|Nfc|Sensors|Serial|RemoteObjects|Scxml|TextToSpeech|VirtualKeyboard|"
    r"Labs|Lottie|Concurrent|Xml"
)


@dataclass
class Report:
    """The results, printed as they come."""

    counts: dict[str, int] = field(
        default_factory=lambda: dict.fromkeys(("PASS", "FAIL", "PEND", "SKIP"), 0)
    )

    def line(self, status: str, what: str, detail: str = "") -> None:
        """Print and count one result."""
        self.counts[status] += 1
        text = f"{status}  {what}"
        if detail:
            text += "\n" + "\n".join(f"        {row}" for row in detail.rstrip().splitlines())
        sys.stdout.write(text + "\n")
        sys.stdout.flush()

    def check(self, ok: bool, what: str, detail: str = "") -> bool:
        """PASS or FAIL; the detail is shown only on failure."""
        self.line("PASS" if ok else "FAIL", what, "" if ok else detail)
        return ok

    def info(self, text: str) -> None:
        """A line that is not a check (sizes, lists)."""
        sys.stdout.write(f"      {text}\n")


@dataclass
class Run:
    """What one run of the bundled app did."""

    code: int
    out: str
    err: str

    def show(self) -> str:
        """The exit status and output, for a failure's detail."""
        return f"exit {self.code}\nstdout: {self.out[-2000:]}\nstderr: {self.err[-2000:]}"


class Bundle:
    """The unpacked app and the bare environment it runs in."""

    def __init__(self, app_dir: Path, scratch: Path) -> None:
        self.app_dir = app_dir
        self.exe = app_dir / "wargame"
        self.home = scratch / "home"
        self.work = scratch / "work"
        empty_bin = scratch / "empty-bin"
        for folder in (self.home, self.work, empty_bin):
            folder.mkdir(parents=True, exist_ok=True)
        # An environment with nothing in it: no Python can be found, no user settings leak in.
        self.env = {
            "PATH": str(empty_bin),
            "HOME": str(self.home),
            "LANG": "C.UTF-8",
            "QT_QPA_PLATFORM": "offscreen",
        }

    def run(self, *args: str) -> Run:
        """Run the bundled app in the bare environment, in the scratch work folder."""
        try:
            done = subprocess.run(
                [str(self.exe), *args],
                cwd=self.work,
                env=self.env,
                capture_output=True,
                text=True,
                timeout=TIMEOUT,
                check=False,
            )
        except subprocess.TimeoutExpired as exc:
            return Run(-1, str(exc.stdout or ""), f"timed out after {TIMEOUT} s")
        return Run(done.returncode, done.stdout, done.stderr)


def project() -> tuple[str, str]:
    """Name and version from pyproject.toml."""
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return str(data["name"]), str(data["version"])


def du(path: Path) -> int:
    """Bytes on disk under a folder, folders included, symlinks not followed: ``du -s``."""
    total = path.stat().st_blocks * 512
    for entry in path.rglob("*"):
        total += entry.lstat().st_blocks * 512
    return total


def mb(size: int) -> str:
    """A size in MB (10^6) and MiB, as du -sh shows MiB."""
    return f"{size / 1e6:.1f} MB ({size / 2**20:.0f} MiB)"


def tool(name: str) -> str | None:
    """A validator's path, when installed."""
    return shutil.which(name)


def image_facts(path: Path) -> tuple[int, int, int]:
    """Width, height and number of distinct colours of a PNG (Pillow ships with ReportLab)."""
    from PIL import Image

    with Image.open(path) as image:
        small = image.convert("RGB").resize((200, 125))
        colours = small.getcolors(maxcolors=200 * 125) or []
        return image.width, image.height, len(colours)


# ----------------------------------------------------------------------------------- checks


def check_bundle_contents(report: Report, bundle: Path) -> None:
    """The data files the app reads from disk are there; no unused Qt module is."""
    internal = bundle / "_internal"
    for name in ("assets/fonts/DejaVuSans.ttf", "assets/maps", "assets/icons/wargame.svg"):
        report.check((internal / name).exists(), f"bundle has {name}")
    scenarios = sorted(p.name for p in (ROOT / "scenarios").glob("*.yaml"))
    missing = [n for n in scenarios if not (internal / "scenarios" / n).is_file()]
    report.check(
        not missing,
        f"bundle has the {len(scenarios)} bundled scenario files",
        f"missing: {missing}",
    )
    source = ROOT / "wargame" / "store" / "migrations"
    needed = sorted(
        str(p.relative_to(source)) for p in source.rglob("*.py") if "__pycache__" not in p.parts
    )
    shipped = internal / "wargame" / "store" / "migrations"
    missing = [n for n in needed if not (shipped / n).is_file()]
    report.check(
        bool(needed) and not missing,
        f"bundle has the Alembic migrations as files ({', '.join(needed)})",
        f"missing: {missing}",
    )

    qt_files = sorted(
        str(p.relative_to(internal))
        for p in internal.rglob("*")
        if p.is_file()
        and not p.is_symlink()
        and ("Qt" in p.name or "/Qt/plugins/" in str(p))
        and ".so" in p.name
    )
    libs = sorted(p.name for p in (internal / "PySide6" / "Qt" / "lib").glob("*.so*"))
    bindings = sorted(
        f.rsplit("/", 1)[-1] for f in qt_files if f.endswith(".abi3.so") and "/Qt" not in f[8:]
    )
    plugins = sorted(f.split("plugins/", 1)[1] for f in qt_files if "plugins/" in f)
    report.info("Qt libraries in the bundle: " + ", ".join(libs))
    report.info("PySide6 bindings: " + ", ".join(bindings))
    report.info("Qt plugins: " + ", ".join(plugins))
    bad = [
        f
        for f in qt_files
        if FORBIDDEN_QT.search(f.rsplit("/", 1)[-1])
        or FORBIDDEN_QT.search(f.split("plugins/")[-1].split("/")[0])
    ]
    report.check(
        not bad,
        "no unused Qt module in the bundle (WebEngine, Qml/Quick, 3D, Multimedia, Pdf, Network, …)",
        "\n".join(bad),
    )
    qml = [p for p in internal.rglob("qml") if p.is_dir()]
    report.check(not qml, "no QML folder in the bundle", "\n".join(map(str, qml)))


def check_libraries_resolve(report: Report, bundle: Path) -> None:
    """Every Qt library and plugin finds its Qt dependencies inside the bundle."""
    ldd = tool("ldd")
    if ldd is None:
        report.line("SKIP", "library dependencies (ldd not installed)")
        return
    internal = bundle / "_internal"
    env = {"LD_LIBRARY_PATH": str(internal), "PATH": "/usr/bin:/bin"}
    missing_qt: list[str] = []
    missing_system: set[str] = set()
    targets = [
        p for p in (internal / "PySide6").rglob("*.so*") if p.is_file() and not p.is_symlink()
    ]
    for lib in targets:
        out = subprocess.run(
            [ldd, str(lib)], capture_output=True, text=True, env=env, check=False
        ).stdout
        for line in out.splitlines():
            if "not found" in line:
                name = line.split("=>")[0].strip()
                if name.startswith(("libQt6", "libicu")) or "pyside" in name or "shiboken" in name:
                    missing_qt.append(f"{lib.relative_to(internal)}: {name}")
                else:
                    missing_system.add(name)
    report.check(
        not missing_qt,
        f"the {len(targets)} Qt libraries and plugins find their Qt dependencies in the bundle",
        "\n".join(missing_qt),
    )
    if missing_system:
        report.info(
            "system libraries the bundle expects from the desktop (absent on this build machine): "
            + ", ".join(sorted(missing_system))
        )


def check_commands(report: Report, app: Bundle, version: str) -> Path | None:
    """--version, validate, scenarios (with a user scenario), demo, verify, export, the log."""
    result = app.run("--version")
    report.check(
        result.code == 0 and result.out.strip() == f"wargame {version}",
        f"--version prints 'wargame {version}'",
        result.show(),
    )

    bundled = sorted((app.app_dir / "_internal" / "scenarios").glob("*.yaml"))
    scenarios = [p for p in bundled if not p.name.endswith(".demo.yaml")]
    result = app.run("validate", *map(str, scenarios))
    oks = result.out.count(": ok")
    report.check(
        result.code == 0 and oks == len(scenarios),
        f"validate: the {len(scenarios)} bundled scenarios are ok",
        result.show(),
    )
    source = sorted(
        p for p in (ROOT / "scenarios").glob("*.yaml") if not p.name.endswith(".demo.yaml")
    )
    result = app.run("validate", *map(str, source))
    report.check(
        result.code == 0, "validate: the repository's scenarios/*.yaml are ok", result.show()
    )

    broken = app.work / "broken.yaml"
    broken.write_text("metadata:\n  title: [unclosed\n", encoding="utf-8")
    result = app.run("validate", str(broken))
    report.check(
        result.code == 1 and re.search(r"broken\.yaml:\d+:\d+:", result.err) is not None,
        "validate: a broken scenario gets file:line:column and exit 1",
        result.show(),
    )

    user_dir = app.home / ".local" / "share" / "wargame" / "scenarios"
    user_dir.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "scenarios" / "tutorial.yaml", user_dir / "my-own-scenario.yaml")
    result = app.run("scenarios")
    report.check(
        result.code == 0
        and re.search(r"^user\s+my-own-scenario\b", result.out, re.M) is not None
        and re.search(r"^bundled\s+troop-deployment\b", result.out, re.M) is not None,
        "scenarios: lists the bundled ones and one dropped into ~/.local/share/wargame/scenarios",
        result.show(),
    )

    result = app.run("demo", "-o", "tmp")
    demo = app.work / "tmp" / "demo.wargame"
    game_ok = demo.is_file() and demo.read_bytes()[:16] == b"SQLite format 3\0"
    if not report.check(
        result.code == 0 and game_ok,
        "demo -o tmp: plays the demo into tmp/demo.wargame (Alembic migrated it from the bundle)",
        result.show(),
    ):
        return None
    pdf = app.work / "tmp" / "after-action-report.pdf"
    report_expected = "write_after_action_report" in (
        ROOT / "wargame" / "report" / "__init__.py"
    ).read_text(encoding="utf-8")
    if pdf.exists() or report_expected:
        head = pdf.read_bytes()[:5] if pdf.exists() else b""
        size = pdf.stat().st_size if pdf.exists() else 0
        report.check(
            head == b"%PDF-" and size > 10_000,
            f"demo: wrote the after-action report PDF ({size // 1000} kB, bundled fonts)",
            result.show(),
        )
        briefings = list((app.work / "tmp" / "briefings").glob("*.pdf"))
        report.check(
            bool(briefings), f"demo: wrote {len(briefings)} team briefing PDFs", result.show()
        )
    else:
        report.line("PEND", "demo: the after-action report (wargame.report is not written yet)")

    result = app.run("verify", "tmp/demo.wargame")
    report.check(
        result.code == 0, "verify tmp/demo.wargame: the dice hash chain holds", result.show()
    )
    result = app.run("export", "tmp/demo.wargame", "--format", "json", "-o", "tmp/record.json")
    try:
        record = json.loads((app.work / "tmp" / "record.json").read_text(encoding="utf-8"))
        exported = isinstance(record, dict) and bool(record)
    except (OSError, ValueError):
        exported = False
    report.check(
        result.code == 0 and exported,
        "export --format json: the full record as JSON",
        result.show(),
    )
    return demo


def check_gui(report: Report, app: Bundle, demo: Path | None) -> None:
    """``gui GAME --screenshot`` and the file-association form ``wargame GAME``."""
    if not (ROOT / "wargame" / "ui" / "app.py").is_file():
        report.line(
            "PEND",
            "gui --screenshot: the desktop app (wargame/ui/app.py) is not written yet",
        )
        return
    if demo is None:
        report.line("FAIL", "gui --screenshot: no demo game to open (demo failed)")
        return
    for args, what in (
        (
            ("gui", "tmp/demo.wargame", "--screenshot", "out.png"),
            "gui tmp/demo.wargame --screenshot out.png",
        ),
        (
            ("tmp/demo.wargame", "--screenshot", "opened.png"),
            "wargame tmp/demo.wargame (as a file manager opens it) --screenshot",
        ),
    ):
        png = app.work / args[-1]
        result = app.run(*args)
        if result.code != 0 or not png.is_file():
            report.check(False, what, result.show())
            continue
        width, height, colours = image_facts(png)
        report.check(
            width >= 800 and height >= 600 and colours >= 20,
            f"{what}: {width}x{height} PNG with {colours} colours",
            result.show(),
        )


def check_log(report: Report, app: Bundle, version: str) -> None:
    """The runs above logged to the platform's user log folder."""
    log = app.home / ".local" / "state" / "wargame" / "log" / "wargame.log"
    text = log.read_text(encoding="utf-8") if log.is_file() else ""
    report.check(
        f"wargame {version}" in text and "(bundle)" in text,
        "the app logs to ~/.local/state/wargame/log/wargame.log (platformdirs' user log folder)",
        f"{log}: {'missing' if not text else text[-1000:]}",
    )


def check_linux_metadata(report: Report, version: str, unpacked: Path, scratch: Path) -> None:
    """.desktop, AppStream and MIME files are valid, agree, and install.sh installs them."""
    linux = PACKAGING / "linux"
    desktop = linux / f"{APP_ID}.desktop"
    metainfo = linux / f"{APP_ID}.metainfo.xml"
    mime = linux / f"{APP_ID}.mime.xml"

    validate_desktop = tool("desktop-file-validate")
    if validate_desktop:
        done = subprocess.run(
            [validate_desktop, str(desktop)], capture_output=True, text=True, check=False
        )
        report.check(
            done.returncode == 0,
            "desktop-file-validate: the .desktop file",
            done.stdout + done.stderr,
        )
    else:
        report.line(
            "SKIP", "desktop-file-validate not installed (apt-get install desktop-file-utils)"
        )

    appstream = tool("appstreamcli")
    if appstream:
        done = subprocess.run(
            [appstream, "validate", "--no-net", str(metainfo)],
            capture_output=True,
            text=True,
            check=False,
        )
        report.check(
            done.returncode == 0,
            "appstreamcli validate: the AppStream metainfo",
            done.stdout + done.stderr,
        )
    elif tool("xmllint"):
        done = subprocess.run(
            ["xmllint", "--noout", str(metainfo)], capture_output=True, text=True, check=False
        )
        report.check(
            done.returncode == 0, "xmllint: the AppStream metainfo is well-formed", done.stderr
        )
    else:
        report.line("SKIP", "appstreamcli / xmllint not installed (apt-get install appstream)")

    tree = ET.parse(metainfo).getroot()
    releases = [r.get("version") for r in tree.iter("release")]
    report.check(
        version in releases,
        f'metainfo has a <release version="{version}"> for pyproject\'s version',
        f"releases: {releases}",
    )
    ns = {"m": "http://www.freedesktop.org/standards/shared-mime-info"}
    mime_root = ET.parse(mime).getroot()
    types = [t.get("type") for t in mime_root.findall("m:mime-type", ns)]
    globs = [g.get("pattern") for g in mime_root.iter(f"{{{ns['m']}}}glob")]
    desktop_text = desktop.read_text(encoding="utf-8")
    provides = [m.text for m in tree.iter("mediatype")]
    report.check(
        types == [MIME_TYPE]
        and globs == ["*.wargame"]
        and f"MimeType={MIME_TYPE};" in desktop_text
        and provides == [MIME_TYPE]
        and re.search(r"^Exec=wargame %f$", desktop_text, re.M) is not None,
        f"*.wargame is {MIME_TYPE} in the MIME XML, the .desktop (Exec=wargame %f) and AppStream",
        f"types {types}, globs {globs}, provides {provides}",
    )

    prefix = scratch / "prefix"
    done = subprocess.run(
        ["sh", str(unpacked / "install.sh"), "--prefix", str(prefix)],
        capture_output=True,
        text=True,
        check=False,
        env={"PATH": "/usr/bin:/bin", "HOME": str(scratch / "home")},
    )
    installed = [
        prefix / "lib" / "wargame" / "wargame",
        prefix / "bin" / "wargame",
        prefix / "share" / "applications" / f"{APP_ID}.desktop",
        prefix / "share" / "metainfo" / f"{APP_ID}.metainfo.xml",
        prefix / "share" / "mime" / "packages" / f"{APP_ID}.xml",
        prefix / "share" / "icons" / "hicolor" / "16x16" / "apps" / f"{APP_ID}.png",
        prefix / "share" / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg",
    ]
    absent = [str(p.relative_to(prefix)) for p in installed if not p.exists()]
    report.check(
        done.returncode == 0 and not absent,
        "install.sh --prefix DIR installs the app, menu entry, metainfo, MIME type and icons",
        f"{done.stdout}{done.stderr}\nabsent: {absent}",
    )
    entry = installed[2]
    if entry.exists():
        text = entry.read_text(encoding="utf-8")
        exec_ok = f'Exec="{prefix}/lib/wargame/wargame" %f' in text
        if validate_desktop:
            valid = subprocess.run(
                [validate_desktop, str(entry)], capture_output=True, text=True, check=False
            )
            exec_ok = exec_ok and valid.returncode == 0
        report.check(
            exec_ok, "the installed .desktop runs the installed app with the file (%f)", text
        )
    globs2 = prefix / "share" / "mime" / "globs2"
    if tool("update-mime-database"):
        text = globs2.read_text(encoding="utf-8") if globs2.exists() else ""
        report.check(
            f"{MIME_TYPE}:*.wargame" in text,
            "update-mime-database maps *.wargame to application/x-wargame",
            text[-500:],
        )
    else:
        report.line("SKIP", "update-mime-database not installed (apt-get install shared-mime-info)")
    version_run = subprocess.run(
        [str(prefix / "bin" / "wargame"), "--version"],
        capture_output=True,
        text=True,
        check=False,
        env={"PATH": str(scratch / "empty-bin"), "HOME": str(scratch / "home")},
        timeout=TIMEOUT,
    )
    report.check(
        version_run.stdout.strip() == f"wargame {version}",
        "the installed app runs (bin/wargame --version)",
        version_run.stdout + version_run.stderr,
    )
    done = subprocess.run(
        ["sh", str(unpacked / "install.sh"), "--prefix", str(prefix), "--uninstall"],
        capture_output=True,
        text=True,
        check=False,
        env={"PATH": "/usr/bin:/bin", "HOME": str(scratch / "home")},
    )
    left = [str(p.relative_to(prefix)) for p in installed if p.exists() or p.is_symlink()]
    report.check(
        done.returncode == 0 and not left,
        "install.sh --uninstall removes it all",
        f"{done.stdout}{done.stderr}\nleft: {left}",
    )


def check_other_platforms(report: Report) -> None:
    """The Windows and macOS installers declare the *.wargame association (static checks)."""
    iss = (PACKAGING / "windows" / "wargame.iss").read_text(encoding="utf-8")
    report.check(
        all(
            s in iss
            for s in (
                "Software\\Classes\\.wargame",
                "ChangesAssociations=yes",
                '""{app}\\wargame.exe"" ""%1""',
                "wargame.ico",
            )
        ),
        'Inno Setup script registers .wargame -> wargame.exe "%1" (HKA\\Software\\Classes)',
    )
    with (PACKAGING / "macos" / "Info.plist").open("rb") as f:
        plist = plistlib.load(f)
    exported = {t["UTTypeIdentifier"]: t for t in plist.get("UTExportedTypeDeclarations", [])}
    doc_types = [
        u for d in plist.get("CFBundleDocumentTypes", []) for u in d.get("LSItemContentTypes", [])
    ]
    extensions = [
        e
        for t in exported.values()
        for e in t["UTTypeTagSpecification"]["public.filename-extension"]
    ]
    report.check(
        bool(doc_types) and all(u in exported for u in doc_types) and extensions == ["wargame"],
        "macOS Info.plist: CFBundleDocumentTypes opens the exported UTI for .wargame",
        f"document types {doc_types}, exported {list(exported)}, extensions {extensions}",
    )
    with (PACKAGING / "macos" / "entitlements.plist").open("rb") as f:
        report.check(isinstance(plistlib.load(f), dict), "macOS entitlements.plist parses")


def unpack(tarball: Path, into: Path) -> Path:
    """Unpack the tarball; return its top folder."""
    with tarfile.open(tarball) as tar:
        tar.extractall(into, filter="tar")
        top = tar.getnames()[0].split("/")[0]
    return into / top


def main(argv: Sequence[str] | None = None) -> int:
    """Run every check; exit 1 if any failed."""
    del argv
    name, version = project()
    dist = ROOT / "dist"
    bundle = dist / name
    tarballs = sorted(dist.glob(f"{name}-{version}-linux-*.tar.xz"))
    if not (bundle / name).is_file() or not tarballs:
        sys.stderr.write("package-test: no dist/wargame or its tarball: run `make package` first\n")
        return 2
    report = Report()
    bundle_size = du(bundle)
    tarball = tarballs[-1]
    report.info(f"bundle  dist/{name}: {mb(bundle_size)}")
    report.info(f"tarball {tarball.relative_to(ROOT)}: {mb(tarball.stat().st_size)}")

    report.check(
        bundle_size < INSTALLED_AIM and tarball.stat().st_size < TARBALL_AIM,
        f"sizes within the aims: installed {mb(bundle_size)} (under {mb(INSTALLED_AIM)}), "
        f"tarball {mb(tarball.stat().st_size)} (under {mb(TARBALL_AIM)})",
        "packaging/README.md lists the bundle by size and what was cut",
    )
    check_bundle_contents(report, bundle)
    check_libraries_resolve(report, bundle)
    with tempfile.TemporaryDirectory(prefix="wargame-package-test-") as tmp:
        scratch = Path(tmp)
        unpacked = unpack(tarball, scratch / "download")
        app = Bundle(unpacked, scratch)
        report.info(f"running {app.exe} with env {app.env}")
        demo = check_commands(report, app, version)
        check_gui(report, app, demo)
        check_log(report, app, version)
        check_icu(report, unpacked / "_internal")
        check_schema(report, app)
        check_linked(report, unpacked / "_internal")
        check_runtime_floor(report, unpacked / "_internal")
        check_pdfium(report, unpacked / "_internal", app.work / "tmp" / "after-action-report.pdf")
        check_xlsx(report, app, demo)
        check_team_pages(report, app, demo)
        check_shared_game(report, app)
        check_linux_metadata(report, version, unpacked, scratch)
    check_other_platforms(report)

    c = report.counts
    sys.stdout.write(
        f"\npackage-test: {c['PASS']} passed, {c['FAIL']} failed, "
        f"{c['PEND']} pending, {c['SKIP']} skipped"
        f" — bundle {mb(bundle_size)}, tarball {mb(tarball.stat().st_size)}\n"
    )
    return 1 if c["FAIL"] else 0


if __name__ == "__main__":
    os.umask(0o022)
    raise SystemExit(main())
