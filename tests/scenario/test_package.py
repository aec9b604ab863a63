"""``wargame.scenario`` loads its names on first use; every one of them must be there."""

from __future__ import annotations

import importlib
import subprocess
import sys

import pytest

import wargame.scenario as package


def test_every_exported_name_resolves_to_its_module() -> None:
    assert set(package._WHERE) == set(package.__all__)
    for name, module in package._WHERE.items():
        defined = importlib.import_module(f"wargame.scenario.{module}")
        assert getattr(package, name) is getattr(defined, name), name


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no_such_thing"):
        getattr(package, "no_such_thing")  # noqa: B009 - the name is the point


def test_asking_for_a_folder_loads_neither_pydantic_nor_yaml() -> None:
    code = (
        "import sys, wargame.scenario as s; s.assets_dir(); "
        "print(sorted(m for m in ('pydantic', 'yaml') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
