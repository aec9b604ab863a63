"""ICU's data library cut down to what Qt reads, for the Linux bundle.

Qt 6 links ICU (``libicuuc``, ``libicui18n``, ``libicudata``). ``libicudata.so.NN`` is one
array, the symbol ``icudtNN_dat``: ICU's "common data" package of every locale's resources,
31 MiB in PySide6 6.11. What libQt6Core calls in ICU (``nm -D --undefined-only``) is four
things, and these need only part of that data:

- collation (``ucol_*``; QCollator, and so QFileSystemModel's sorting): ``coll/``;
- case mapping for a locale (``u_strToUpper``/``u_strToLower``: QLocale::toUpper/toLower,
  Turkish dotted i): the case tables are compiled into libicuuc, no data item;
- converters (``ucnv_*``: QStringConverter/QStringDecoder for encodings other than UTF and
  Latin-1, e.g. an XML file in Shift_JIS): ``*.cnv`` and ``cnvalias.icu``;
- time zones (``ucal_open``, ``ucal_getTimeZoneDisplayName``,
  ``ucal_getCanonicalTimeZoneID``: QTimeZone::displayName): ``zone/``, ``metaZones``,
  ``zoneinfo64``, ``timezoneTypes``, ``windowsZones``, the calendar and number data of each
  locale (the top-level ``*.res``) and ``supplementalData``.

Everything else is for ICU APIs Qt never calls: break iteration and its dictionaries
(``brkitr/``: Qt segments text with its own tables), transliteration (``translit/``),
display names of languages, scripts, regions, currencies and units (``lang/``, ``region/``,
``curr/``, ``unit/``: QLocale has its own CLDR tables), spelled-out numbers (``rbnf/``),
Unicode character names (``unames.icu``), spoof checking (``confusables*.cfu``),
StringPrep profiles and IDNA's mapping (``*.spp``, ``uts46.nrm``; Qt's IDNA is its own), and
the data of formatting Qt does itself: plural rules, day periods, units and their grammar,
currency codes, list genders. :data:`UNUSED` removes exactly those,
for every locale; ``make package-test`` compares collation, case mapping, decoding and time
zone names of the cut library with the venv's PySide6.

The build machine needs ``icupkg`` and ``genccode`` (Debian/Ubuntu ``icu-devtools``; any ICU
version reads and writes the common-data format), a C compiler (``gcc``) and ``nm``
(binutils, which PyInstaller already needs).
"""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
from pathlib import Path

# Items of the common data that no ICU function Qt calls ever opens.
UNUSED = re.compile(
    r"""^(
        (brkitr|curr|lang|rbnf|region|translit|unit)/.*
        | unames\.icu
        | confusables(WholeScript)?\.cfu
        | [^/]+\.spp
        | uts46\.nrm
        | (plurals|pluralRanges|dayPeriods|units|grammaticalFeatures|currencyNumericCodes
           |genderList)\.res
    )$""",
    re.VERBOSE,
)

TOOLS = {
    "icupkg": "icu-devtools",
    "genccode": "icu-devtools",
    "gcc": "gcc",
    "nm": "binutils",
}


class ToolMissing(RuntimeError):
    """A program the cut needs is not installed on the build machine."""


# Debian installs icupkg and genccode in /usr/sbin, which a user's PATH often leaves out.
SBIN = "/usr/local/sbin:/usr/sbin:/sbin"


def tool(program: str) -> str | None:
    """The path of a build tool, on PATH or in the sbin folders."""
    return shutil.which(program) or shutil.which(program, path=SBIN)


def check_tools() -> None:
    """Raise ToolMissing naming the first missing program and the package that has it."""
    for program, package in TOOLS.items():
        if tool(program) is None:
            raise ToolMissing(
                f"packaging needs `{program}` to cut ICU's data for the bundle: "
                f"install the `{package}` package (Debian/Ubuntu: apt-get install {package})"
            )


def _run(*args: str, cwd: Path | None = None) -> str:
    """Run a build tool; its output, or RuntimeError with its error output."""
    program = tool(args[0]) or args[0]
    done = subprocess.run(
        [program, *args[1:]], cwd=cwd, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(f"`{' '.join(args)}` failed: {(done.stderr or done.stdout).strip()}")
    return done.stdout


def data_symbol(library: Path) -> tuple[str, int, int]:
    """The ``icudtNN_dat`` symbol of a data library: (name, address, size)."""
    for line in _run("nm", "-D", "-S", "--defined-only", str(library)).splitlines():
        fields = line.split()
        if len(fields) == 4 and re.fullmatch(r"icudt\d+_dat", fields[3]):
            return fields[3], int(fields[0], 16), int(fields[1], 16)
    raise RuntimeError(f"{library} exports no icudtNN_dat symbol: not an ICU data library")


def _file_offset(elf: bytes, address: int) -> int:
    """The file offset of a virtual address, through the ELF64 program headers (PT_LOAD)."""
    if elf[:5] != b"\x7fELF\x02" or elf[5] != 1:
        raise RuntimeError("not a little-endian 64-bit ELF file")
    (phoff,) = struct.unpack_from("<Q", elf, 0x20)
    phentsize, phnum = struct.unpack_from("<HH", elf, 0x36)
    for index in range(phnum):
        kind, _flags, offset, vaddr, _paddr, filesz = struct.unpack_from(
            "<IIQQQQ", elf, phoff + index * phentsize
        )
        if kind == 1 and vaddr <= address < vaddr + filesz:
            return int(offset + address - vaddr)
    raise RuntimeError(f"address {address:#x} is in no loaded segment")


def cut_library(library: Path, workdir: Path) -> Path:
    """Write ``workdir/<soname>``: ``library`` with the UNUSED items taken out of its data.

    The new library has the same soname and exports the same ``icudtNN_dat`` symbol, so
    libicuuc loads it in place of the original.
    """
    check_tools()
    symbol, address, size = data_symbol(library)
    elf = library.read_bytes()
    start = _file_offset(elf, address)
    package = symbol.removesuffix("_dat") + "l"  # icudt73l: little-endian, ASCII
    workdir.mkdir(parents=True, exist_ok=True)
    common = workdir / f"{package}.dat"  # icupkg names the items after the file
    common.write_bytes(elf[start : start + size])

    items = _run("icupkg", "-l", common.name, cwd=workdir).split()
    unused = [item for item in items if UNUSED.match(item)]
    if unused:
        (workdir / "unused.txt").write_text("\n".join(unused) + "\n", encoding="utf-8")
        _run("icupkg", "-r", "unused.txt", common.name, cwd=workdir)
    _run(
        "genccode",
        "-q",
        "-a",
        "gcc",
        "-e",
        symbol.removesuffix("_dat"),
        "-d",
        ".",
        common.name,
        cwd=workdir,
    )
    out = workdir / library.name
    _run(
        "gcc",
        "-shared",
        "-nostdlib",
        f"-Wl,-soname,{library.name}",
        "-Wl,-z,noexecstack",
        "-o",
        str(out),
        f"{package}_dat.S",
        cwd=workdir,
    )
    if data_symbol(out)[0] != symbol:
        raise RuntimeError(f"{out} does not export {symbol}")
    return out
