"""``make package-test``'s check of the bundle's ICU, whose data packaging/icu_data.py cuts.

The bundle runs no Python of ours, so the check runs packaging/icu_probe.py in the venv's
Python, whose PySide6 is the same Qt the bundle holds, twice: as installed, and with the
unpacked bundle's three ICU libraries preloaded in place of the venv's. Both runs must
give the same collation order (German, Swedish, Turkish, Czech and others), Turkish case
mapping, decoded text of non-UTF encodings, list of encodings and time-zone display names.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Protocol

PROBE = Path(__file__).resolve().parent / "icu_probe.py"


class Checks(Protocol):
    """What package_test.Report offers."""

    def check(self, ok: bool, what: str, detail: str = "") -> bool:
        """PASS or FAIL one check."""
        ...

    def info(self, text: str) -> None:
        """Print a line that is not a check."""
        ...


def _probe(preload: list[Path]) -> dict[str, object] | str:
    """The probe's results, or its error output."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env.pop("LD_PRELOAD", None)
    if preload:
        env["LD_PRELOAD"] = " ".join(str(path) for path in preload)
    done = subprocess.run(
        [sys.executable, str(PROBE)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    if done.returncode != 0:
        return f"exit {done.returncode}: {done.stderr[-2000:]}"
    result: dict[str, object] = json.loads(done.stdout)
    return result


def _as_list(value: object) -> list[object]:
    """A JSON list, or an empty list for anything else."""
    return list(value) if isinstance(value, list) else []


def _before(words: list[str], first: str, second: str) -> bool:
    """Whether both words are in the list, ``first`` before ``second``."""
    return first in words and second in words and words.index(first) < words.index(second)


def _differences(ours: dict[str, object], reference: dict[str, object], prefix: str) -> str:
    """The entries under ``prefix`` that differ, one per line."""
    keys = sorted(key for key in reference if key.startswith(prefix))
    lines = [
        f"{key}: bundle {ours.get(key)!r}, venv {reference[key]!r}"
        for key in keys
        if ours.get(key) != reference[key]
    ]
    return "\n".join(lines) if keys else f"the probe returned nothing for {prefix!r}"


def check_icu(report: Checks, internal: Path) -> None:
    """The bundle's ICU gives the venv's PySide6 results (``internal``: the unpacked _internal)."""
    libs = internal / "PySide6" / "Qt" / "lib"
    bundled = sorted(path.resolve() for path in libs.glob("libicu*.so.*"))
    reference = _probe([])
    ours = _probe(bundled)
    if isinstance(reference, str) or isinstance(ours, str):
        failure = reference if isinstance(reference, str) else ours
        report.check(False, "ICU probe runs", str(failure))
        return
    report.info(
        "ICU data: bundle "
        + ", ".join(f"{p.name} {p.stat().st_size / 2**20:.1f} MiB" for p in bundled)
    )
    loaded = ours.get("icu libraries")
    report.check(
        loaded == [str(path) for path in bundled],
        "ICU probe ran on the bundle's ICU libraries (LD_PRELOAD)",
        f"loaded {loaded}",
    )
    # The reference itself must be Qt with ICU, not a fallback (these are CLDR's values):
    # Swedish sorts Å after Z, German does not; Turkish upper-cases i to İ.
    swedish = list(map(str, _as_list(reference.get("collation sv"))))
    german = list(map(str, _as_list(reference.get("collation de"))))
    sane = (
        reference.get("case tr upper") == "İSTANBUL ILIK"
        and reference.get("zone Europe/Berlin de") == "Mitteleuropäische Normalzeit"
        and reference.get("decode Shift_JIS") == ["日本語のテキスト", ""]
        and _before(swedish, "Zürich", "Ångström")
        and _before(german, "Ångström", "zebra")
    )
    report.check(
        sane, "the venv's PySide6 uses ICU (Swedish Å after Z, Turkish İ, zone names, Shift_JIS)"
    )
    for prefix, what in (
        ("collation ", "collation order (de, sv, tr, cs, en, ja, zh, ko, ru, el) as the venv's"),
        ("case ", "Turkish and English case mapping as the venv's"),
        ("decode ", "decoding 8 non-UTF encodings (Shift_JIS, GB18030, KOI8-R, …) as the venv"),
        ("codecs", "the same list of encodings (QStringConverter.availableCodecs) as the venv's"),
        ("zone ", "time-zone display names in six languages as the venv's"),
    ):
        detail = _differences(ours, reference, prefix)
        report.check(not detail, f"ICU: {what}", detail)
