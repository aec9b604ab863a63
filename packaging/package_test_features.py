"""``make package-test``'s checks of the features whose libraries the spec trims or shares.

- a shared game on PostgreSQL (psycopg's libpq, over TLS through the bundle's one OpenSSL):
  ``host`` on a throwaway TLS-only cluster (tests/pg.py), ``pull`` with the facilitator's
  join string, ``verify`` of the copy;
- the team pages over HTTPS (``serve --tls``: ecdsa's certificate, Python's ssl): a team's
  page fetched, and the certificate's SHA-256 the one the app printed;
- the XLSX export (``compare --xlsx``), read back with openpyxl;
- print preview's PDFium: the bundle's ``libpdfium.so`` loaded (with the system's C++
  runtime) and a page of the demo's report rendered;
- every library and extension module outside Qt finds the libraries it needs, in the bundle
  or on the system (``ldd``), and no ``cryptography`` is bundled;
- ``wargame schema`` prints what the venv's prints (the app's docstrings are kept while the
  libraries' are left out).
"""

from __future__ import annotations

import ctypes
import hashlib
import os
import re
import selectors
import socket
import ssl
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Protocol

ROOT = Path(__file__).resolve().parents[1]
SERVE_TIMEOUT_S = 60


class Result(Protocol):
    """What package_test.Run offers."""

    code: int
    out: str
    err: str

    def show(self) -> str:
        """The exit status and output."""
        ...


class Checks(Protocol):
    """What package_test.Report offers."""

    def check(self, ok: bool, what: str, detail: str = "") -> bool:
        """PASS or FAIL one check."""
        ...

    def line(self, status: str, what: str, detail: str = "") -> None:
        """Print and count one result."""
        ...


class App(Protocol):
    """What package_test.Bundle offers."""

    app_dir: Path
    exe: Path
    work: Path
    env: dict[str, str]

    def run(self, *args: str) -> Result:
        """Run the bundled app."""
        ...


# ------------------------------------------------------------------------- shared games
def check_shared_game(report: Checks, app: App) -> None:
    """host, pull and verify a game on a throwaway PostgreSQL cluster that takes only TLS."""
    sys.path.insert(0, str(ROOT))
    from tests.pg import PostgresUnavailable, throwaway_cluster

    try:
        with throwaway_cluster() as cluster:
            url = cluster.create_database("bundle_test")
            _host_and_pull(report, app, url)
    except PostgresUnavailable as exc:
        report.line("SKIP", f"shared game on PostgreSQL: no throwaway cluster here ({exc})")


def _host_and_pull(report: Checks, app: App, url: str) -> None:
    result = app.run("host", "--db", url, "--title", "Bundle test", "troop-deployment")
    joins = re.findall(r"^\s+facilitator\s+(postgresql://\S+)$", result.out, re.M)
    if not report.check(
        result.code == 0 and bool(joins) and "sslmode=require" in joins[0],
        "host: a shared game on PostgreSQL over TLS (psycopg's libpq, the bundle's OpenSSL)",
        result.show(),
    ):
        return
    result = app.run("pull", "-o", "pulled.wargame", joins[0])
    pulled = app.work / "pulled.wargame"
    report.check(
        result.code == 0 and pulled.is_file(),
        "pull: the facilitator's join string copies the shared game into a file",
        result.show(),
    )
    result = app.run("verify", "pulled.wargame")
    report.check(result.code == 0, "verify pulled.wargame: the copied record holds", result.show())


# --------------------------------------------------------------------------- team pages
def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _read_until(process: subprocess.Popen[bytes], done: Callable[[str], bool]) -> str:
    """The process's output until ``done(all output)`` holds, it closes, or a minute passes."""
    assert process.stdout is not None
    fd = process.stdout.fileno()
    selector = selectors.DefaultSelector()
    selector.register(fd, selectors.EVENT_READ)
    data, deadline = b"", time.monotonic() + SERVE_TIMEOUT_S
    while not done(data.decode("utf-8", "replace")) and time.monotonic() < deadline:
        if selector.select(timeout=max(0.0, deadline - time.monotonic())):
            chunk = os.read(fd, 65536)
            if not chunk:
                break
            data += chunk
    return data.decode("utf-8", "replace")


def check_team_pages(report: Checks, app: App, demo: Path | None) -> None:
    """``serve --tls``: a team's page over HTTPS, with the certificate the app printed."""
    if demo is None:
        report.line("FAIL", "serve --tls: no demo game to serve (demo failed)")
        return
    port = _free_port()
    process = subprocess.Popen(
        [str(app.exe), "serve", "--address", "127.0.0.1", "--port", str(port), "--tls",
         str(demo)],
        cwd=app.work, env=app.env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        out = _read_until(process, lambda text: re.search(r"/t/\S+\n", text) is not None)
        team_urls = re.findall(r"^\s+\S+: (https://\S+/t/\S+)$", out, re.M)
        printed = re.search(r"SHA-256\)?:\s*([0-9A-F:]{95})", out)
        if not team_urls or printed is None:
            report.check(False, "serve --tls: prints the fingerprint and the team links", out)
            return
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE  # self-signed: checked by fingerprint below
        with (
            socket.create_connection(("127.0.0.1", port), timeout=30) as raw,
            context.wrap_socket(raw, server_hostname="127.0.0.1") as tls,
        ):
            der = tls.getpeercert(binary_form=True) or b""
        fingerprint = ":".join(f"{b:02X}" for b in hashlib.sha256(der).digest())
        with urllib.request.urlopen(team_urls[0], context=context, timeout=30) as response:
            status, page = response.status, response.read().decode("utf-8", "replace")
        report.check(
            status == 200 and "<html" in page and fingerprint == printed.group(1),
            "serve --tls: a team's page over HTTPS, certificate as printed (ecdsa, Python's ssl)",
            f"status {status}, certificate {fingerprint}, printed {printed.group(1)}\n{page[:300]}",
        )
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


# ------------------------------------------------------------------------------ exports
def check_xlsx(report: Checks, app: App, demo: Path | None) -> None:
    """``compare --xlsx`` of two plays of the demo, read back with openpyxl."""
    if demo is None:
        report.line("FAIL", "compare --xlsx: no demo game (demo failed)")
        return
    second = app.run("demo", "-o", "tmp2")
    if not report.check(second.code == 0, "demo -o tmp2: a second play", second.show()):
        return
    result = app.run(
        "compare", str(demo), "tmp2/demo.wargame", "-o", "series.pdf", "--xlsx", "series.xlsx"
    )
    book = app.work / "series.xlsx"
    sheets: list[str] = []
    if book.is_file():
        from openpyxl import load_workbook

        sheets = list(load_workbook(book, read_only=True).sheetnames)
    report.check(
        result.code == 0 and bool(sheets),
        f"compare --xlsx: a workbook with sheets {sheets} (openpyxl reads it back)",
        result.show(),
    )


def check_pdfium(report: Checks, internal: Path, pdf: Path) -> None:
    """The bundle's libpdfium.so loads and renders the first page of a PDF it wrote."""
    library = next(internal.glob("pypdfium2_raw/libpdfium.so*"), None)
    if library is None or not pdf.is_file():
        report.check(False, "PDFium: the bundle's libpdfium.so and a PDF to render", str(library))
        return
    done = subprocess.run(
        [sys.executable, __file__, "render", str(library), str(pdf)],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    report.check(
        done.returncode == 0 and done.stdout.startswith("rendered"),
        f"PDFium (print preview): the bundle's library renders the report's first page "
        f"({done.stdout.strip()})",
        done.stderr[-2000:],
    )


def render(library: str, pdf: str) -> str:
    """Render page 1 at 50 dpi with the given libpdfium; its pages and inked pixels."""
    lib = ctypes.CDLL(library)
    lib.FPDF_LoadDocument.restype = ctypes.c_void_p
    lib.FPDF_LoadPage.restype = ctypes.c_void_p
    lib.FPDF_LoadPage.argtypes = [ctypes.c_void_p, ctypes.c_int]
    lib.FPDF_GetPageCount.argtypes = [ctypes.c_void_p]
    lib.FPDFBitmap_Create.restype = ctypes.c_void_p
    lib.FPDFBitmap_GetBuffer.restype = ctypes.c_void_p
    lib.FPDFBitmap_GetBuffer.argtypes = [ctypes.c_void_p]
    lib.FPDFBitmap_FillRect.argtypes = [ctypes.c_void_p] + [ctypes.c_int] * 4 + [ctypes.c_ulong]
    lib.FPDF_RenderPageBitmap.argtypes = [ctypes.c_void_p, ctypes.c_void_p] + [ctypes.c_int] * 6
    lib.FPDF_InitLibrary()
    document = lib.FPDF_LoadDocument(pdf.encode(), None)
    if not document:
        raise SystemExit(f"PDFium could not open {pdf}")
    pages = lib.FPDF_GetPageCount(document)
    page = lib.FPDF_LoadPage(document, 0)
    width, height = 413, 585  # A4 at 50 dpi
    bitmap = lib.FPDFBitmap_Create(width, height, 0)
    lib.FPDFBitmap_FillRect(bitmap, 0, 0, width, height, 0xFFFFFFFF)
    lib.FPDF_RenderPageBitmap(bitmap, page, 0, 0, width, height, 0, 0)
    pixels = ctypes.string_at(lib.FPDFBitmap_GetBuffer(bitmap), width * height * 4)
    inked = sum(1 for i in range(0, len(pixels), 4) if pixels[i : i + 3] != b"\xff\xff\xff")
    if pages < 1 or inked < 1000:
        raise SystemExit(f"{pages} pages, {inked} inked pixels on page 1")
    return f"rendered page 1 of {pages}: {inked} inked pixels"


# ----------------------------------------------------------------------- bundle contents
def check_linked(report: Checks, internal: Path) -> None:
    """Every ELF file outside Qt finds its libraries (bundle or system), no cryptography."""
    files = [
        path
        for path in internal.rglob("*.so*")
        if path.is_file() and not path.is_symlink() and "PySide6" not in path.parts
    ]
    env = {"LD_LIBRARY_PATH": str(internal), "PATH": "/usr/bin:/bin"}
    missing = []
    for path in files:
        out = subprocess.run(
            ["ldd", str(path)], capture_output=True, text=True, env=env, check=False
        ).stdout
        missing += [f"{path.relative_to(internal)}: {line.strip()}" for line in out.splitlines()
                    if "not found" in line]  # fmt: skip
    report.check(
        not missing,
        f"the {len(files)} libraries and extension modules outside Qt find theirs (ldd)",
        "\n".join(missing),
    )
    unwanted = [p.name for p in internal.iterdir() if p.name.startswith(("cryptography", "_cffi"))]
    report.check(not unwanted, "no cryptography in the bundle", ", ".join(unwanted))


# What the bundle may ask of the user's C and C++ runtimes, both from the system
# (packaging/README.md): glibc 2.35 and GCC 11's libstdc++, as Ubuntu 22.04 and Debian 12 have.
GLIBC_FLOOR = (2, 35)
GLIBCXX_FLOOR = (3, 4, 29)


def _version(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split("."))


def check_runtime_floor(report: Checks, internal: Path) -> None:
    """No bundled ELF file needs a newer glibc or libstdc++ than the README promises."""
    needs: dict[str, tuple[int, ...]] = {"GLIBC": (0,), "GLIBCXX": (0,)}
    files = [internal.parent / "wargame"] + [
        p for p in internal.rglob("*.so*") if p.is_file() and not p.is_symlink()
    ]
    for path in files:
        out = subprocess.run(
            ["objdump", "-T", str(path)], capture_output=True, text=True, check=False
        ).stdout
        for name, number in re.findall(r"\b(GLIBC|GLIBCXX)_(\d+(?:\.\d+)+)\b", out):
            needs[name] = max(needs[name], _version(number))
    glibc, glibcxx = needs["GLIBC"], needs["GLIBCXX"]
    report.check(
        glibc <= GLIBC_FLOOR and glibcxx <= GLIBCXX_FLOOR,
        f"the bundle needs glibc {'.'.join(map(str, glibc))} and GLIBCXX "
        f"{'.'.join(map(str, glibcxx))} at most (the floor: glibc 2.35, GCC 11's libstdc++)",
    )


def check_schema(report: Checks, app: App) -> None:
    """``wargame schema`` (descriptions from the app's docstrings) equals the venv's."""
    ours = app.run("schema")
    venv = subprocess.run(
        [str(Path(sys.executable).parent / "wargame"), "schema"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    report.check(
        ours.code == 0 and ours.out == venv.stdout and '"description"' in ours.out,
        "schema: the same JSON Schema, with descriptions, as the venv's wargame",
        ours.show(),
    )


def main(argv: Sequence[str]) -> int:
    """``package_test_features.py render LIBPDFIUM PDF`` (run in a child process)."""
    if len(argv) == 3 and argv[0] == "render":
        sys.stdout.write(render(argv[1], argv[2]) + "\n")
        return 0
    sys.stderr.write("usage: package_test_features.py render LIBPDFIUM PDF\n")
    return 2


if __name__ == "__main__":
    os.umask(0o022)
    raise SystemExit(main(sys.argv[1:]))
