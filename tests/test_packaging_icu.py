"""packaging/icu_data.py: what it cuts from ICU's data, and its message for a missing tool.

The cut itself runs in ``make package`` and ``make package-test`` proves the cut library
gives Qt the same results as the full one; these tests pin the rules without the tools.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

REPO = Path(__file__).resolve().parents[1]


def _icu_data() -> ModuleType:
    spec = importlib.util.spec_from_file_location("icu_data", REPO / "packaging" / "icu_data.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("icu_data", module)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(
    "item",
    [
        "brkitr/cjdict.dict",
        "translit/root.res",
        "lang/de.res",
        "region/sv.res",
        "curr/tr.res",
        "unit/cs.res",
        "rbnf/en.res",
        "unames.icu",
        "confusables.cfu",
        "rfc3491.spp",
        "uts46.nrm",
        "plurals.res",
    ],
)
def test_what_qt_never_reads_is_cut(item: str) -> None:
    assert _icu_data().UNUSED.match(item)


@pytest.mark.parametrize(
    "item",
    [
        "coll/de.res",  # collation (QCollator)
        "coll/ucadata.icu",
        "zone/sv.res",  # time-zone names (QTimeZone::displayName)
        "zone/pool.res",
        "metaZones.res",
        "zoneinfo64.res",
        "ibm-943_P15A-2003.cnv",  # converters (QStringDecoder)
        "cnvalias.icu",
        "tr.res",  # each locale's calendar and number data (ucal_open)
        "root.res",
        "supplementalData.res",
        "likelySubtags.res",
        "numberingSystems.res",
        "nfkc.nrm",
    ],
)
def test_what_qt_reads_is_kept(item: str) -> None:
    assert not _icu_data().UNUSED.match(item)


def test_a_missing_tool_is_named_with_its_package(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    icu_data = _icu_data()
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setattr(icu_data, "SBIN", str(tmp_path))
    with pytest.raises(icu_data.ToolMissing) as missing:
        icu_data.check_tools()
    message = str(missing.value)
    assert "`icupkg`" in message and "icu-devtools" in message
    assert "\n" not in message
