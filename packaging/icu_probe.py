"""Print, as JSON, what Qt computes with ICU: collation, case mapping, decoding, zone names.

``make package-test`` runs it twice with the venv's PySide6: as installed, and with the
bundle's ICU libraries preloaded (``LD_PRELOAD``), and compares the two (packaging/icu_data.py
cuts the bundle's ICU data). Each entry exercises one ICU function libQt6Core calls.
"""

from __future__ import annotations

import functools
import json
import sys
from pathlib import Path

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QCollator,
    QIODevice,
    QLocale,
    QStringConverter,
    QTimeZone,
    QXmlStreamReader,
)

WORDS = [
    "Zürich", "zebra", "Äpfel", "apfel", "Öl", "ost", "Ångström", "ärlig", "ıslak", "isim",
    "İzmir", "ırmak", "chata", "hora", "čaj", "cena", "řeka", "rak", "šum", "sum", "ch", "h",
    "ü", "y", "日本", "中文", "한국", "Ωμέγα", "Яблоко",
]  # fmt: skip
COLLATION_LOCALES = ["de", "sv", "tr", "cs", "en", "ja", "zh", "ko", "ru", "el"]
# Non-UTF encodings, each with text it can hold: QXmlStreamReader decodes a document by its
# declared encoding through QStringDecoder, which hands these to ICU's converters.
ENCODED = {
    "Shift_JIS": "日本語のテキスト",
    "EUC-JP": "日本語",
    "GB18030": "中文文本",
    "Big5": "中文文本",
    "EUC-KR": "한국어",
    "windows-1251": "Привет",
    "KOI8-R": "Привет",
    "ISO-8859-7": "Αθήνα",
}
ZONES = ["Europe/Berlin", "Asia/Tokyo", "America/Sao_Paulo", "Europe/Istanbul"]
ZONE_LOCALES = ["de", "ja", "tr", "sv", "ar", "cs"]


def decoded(encoding: str, text: str) -> list[str]:
    """The text of an XML document written in ``encoding``, as Qt reads it, and any error."""
    data = f'<?xml version="1.0" encoding="{encoding}"?><a>{text}</a>'.encode(encoding)
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QXmlStreamReader(buffer)
    got = ""
    while not reader.atEnd():
        reader.readNext()
        if reader.isCharacters():
            got += reader.text()
    return [got, reader.errorString()]


def probe() -> dict[str, object]:
    """Every result, by a key naming what was asked."""
    out: dict[str, object] = {}
    for lang in COLLATION_LOCALES:
        collator = QCollator(QLocale(lang))
        out[f"collation {lang}"] = sorted(WORDS, key=functools.cmp_to_key(collator.compare))
    out["case tr upper"] = QLocale("tr").toUpper("istanbul ılık")
    out["case tr lower"] = QLocale("tr").toLower("İSTANBUL IŞIK")
    out["case en upper"] = QLocale("en").toUpper("istanbul ılık")
    out["codecs"] = QStringConverter.availableCodecs()
    for encoding, text in ENCODED.items():
        out[f"decode {encoding}"] = decoded(encoding, text)
    for zone in ZONES:
        tz = QTimeZone(zone.encode())
        for lang in ZONE_LOCALES:
            out[f"zone {zone} {lang}"] = tz.displayName(
                QTimeZone.TimeType.StandardTime, QTimeZone.NameType.LongName, QLocale(lang)
            )
    with Path("/proc/self/maps").open(encoding="utf-8") as maps:
        out["icu libraries"] = sorted(
            {line.split()[-1] for line in maps if "libicu" in line and "/" in line}
        )
    return out


if __name__ == "__main__":
    json.dump(probe(), sys.stdout, ensure_ascii=False, indent=1)
