"""The JSON Schema of the scenario format, for editors and other tools."""

from __future__ import annotations

from typing import Any

from wargame.scenario.model import FORMAT_VERSION, Scenario

SCHEMA_ID = f"https://wargame.invalid/schema/scenario-{FORMAT_VERSION}.json"


def scenario_json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) that every valid scenario file satisfies.

    Cross-references (an inject naming an unknown team …) are beyond JSON Schema; only
    ``wargame validate`` checks those.
    """
    schema = Scenario.model_json_schema(mode="validation")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        **schema,
        "title": "wargame scenario",
        "description": (
            f"A wargame scenario, format version {FORMAT_VERSION}. See docs/scenario-format.md."
        ),
    }
