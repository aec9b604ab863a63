"""The hash chain of rolls: hashing, building, and catching every kind of tampering."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Sequence

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wargame.rules import (
    D6,
    D100,
    GENESIS,
    TWO_D6,
    ChainEntry,
    ChainProblemKind,
    DiceSpec,
    RuleError,
    chain_entry,
    chain_hash,
    roll_digital,
    roll_payload,
    roll_physical,
    verify_chain,
)

SEED = 20_270_301
K = ChainProblemKind


def build_chain(
    seed: int, sources: Sequence[str], spec: DiceSpec = TWO_D6, start: int = 1
) -> list[ChainEntry]:
    """A valid chain: digital rolls from the seed, physical rolls of all ones."""
    entries: list[ChainEntry] = []
    previous = GENESIS
    for i, source in enumerate(sources):
        sequence = start + i
        if source == "digital":
            roll = roll_digital(seed, sequence, spec)
        else:
            roll = roll_physical(spec, [1] * spec.count)
        entry = chain_entry(previous, sequence, roll_payload(roll, {"method": "matrix"}))
        entries.append(entry)
        previous = entry.hash
    return entries


def rehash_from(entries: list[ChainEntry], start: int) -> list[ChainEntry]:
    """Recompute every hash from ``start`` on, as a careful forger would."""
    out = entries[:start]
    previous = out[-1].hash if out else GENESIS
    for entry in entries[start:]:
        fixed = chain_entry(previous, entry.sequence, entry.payload)
        out.append(fixed)
        previous = fixed.hash
    return out


def with_faces(entry: ChainEntry, faces: list[int]) -> ChainEntry:
    payload = {**entry.payload, "faces": faces, "total": sum(faces)}
    return dataclasses.replace(entry, payload=payload)


sources = st.lists(st.sampled_from(["digital", "physical"]), min_size=2, max_size=12)


# ---------------------------------------------------------------- hashing


def test_chain_hash_is_sha256_of_previous_and_canonical_json() -> None:
    entry = {"b": [1, 2], "a": "Москва ✓"}
    text = '{"a":"Москва ✓","b":[1,2]}'
    expected = hashlib.sha256((GENESIS + text).encode("utf-8")).hexdigest()
    assert chain_hash(GENESIS, entry) == expected
    assert chain_hash(GENESIS, dict(reversed(entry.items()))) == expected


def test_chain_hash_depends_on_previous_and_entry() -> None:
    entry = {"faces": [3, 4]}
    assert chain_hash(GENESIS, entry) != chain_hash("1" * 64, entry)
    assert chain_hash(GENESIS, entry) != chain_hash(GENESIS, {"faces": [4, 3]})


def test_chain_hash_refuses_what_json_cannot_say() -> None:
    with pytest.raises(ValueError):
        chain_hash(GENESIS, {"x": float("nan")})


def test_genesis_is_sixty_four_zeros() -> None:
    assert GENESIS == "0" * 64


def test_roll_payload_records_the_roll_and_its_context() -> None:
    roll = roll_physical(TWO_D6, [2, 5])
    payload = roll_payload(roll, {"method": "matrix", "modifier": 1})
    assert payload == {
        "spec": "2d6",
        "faces": [2, 5],
        "source": "physical",
        "total": 7,
        "method": "matrix",
        "modifier": 1,
    }
    json.dumps(payload)  # JSON-ready


def test_roll_payload_refuses_context_overwriting_the_roll() -> None:
    with pytest.raises(RuleError, match="'faces' describes the roll itself"):
        roll_payload(roll_physical(D6, [3]), {"faces": [6]})


def test_chain_entry_links_and_hashes() -> None:
    first, second = build_chain(SEED, ["digital", "digital"])
    assert first.prev_hash == GENESIS
    assert second.prev_hash == first.hash
    assert first.hash == chain_hash(GENESIS, {"sequence": 1, "payload": dict(first.payload)})
    assert first.content == {"sequence": 1, "payload": dict(first.payload)}


def test_chain_entries_can_be_hashed_and_compared() -> None:
    a = chain_entry(GENESIS, 1, {"spec": "1d6", "faces": [3], "source": "physical"})
    b = chain_entry(GENESIS, 1, {"spec": "1d6", "faces": [3], "source": "physical"})
    assert a == b
    assert len({a, b}) == 1


# ---------------------------------------------------------------- a sound chain


@given(seed=st.integers(), sources=sources)
def test_a_sound_chain_checks_out(seed: int, sources: list[str]) -> None:
    entries = build_chain(seed, sources)
    report = verify_chain(entries, seed, head=entries[-1].hash)
    assert report.ok, report.summary()
    assert report.checked == len(sources)
    assert report.summary().startswith(f"All {len(sources)} rolls check out")


def test_an_empty_chain_checks_out() -> None:
    report = verify_chain([], SEED)
    assert report.ok
    assert report.summary().startswith("All 0 rolls check out")


def test_a_chain_may_start_at_another_sequence_number() -> None:
    entries = build_chain(SEED, ["digital"] * 3, start=0)
    assert verify_chain(entries, SEED, first_sequence=0).ok
    assert verify_chain(entries, SEED).kinds() == {K.OUT_OF_ORDER}


def test_summary_of_one_roll_is_singular() -> None:
    report = verify_chain(build_chain(SEED, ["physical"]), SEED)
    assert report.summary().startswith("All 1 roll check out")


# ---------------------------------------------------------------- (d) tampering is detected


@given(seed=st.integers(), sources=sources, data=st.data())
def test_altered_faces_are_detected(seed: int, sources: list[str], data: st.DataObject) -> None:
    entries = build_chain(seed, sources)
    i = data.draw(st.integers(0, len(entries) - 1))
    old = list(entries[i].payload["faces"])  # type: ignore[call-overload]
    new = [7 - f for f in old]  # 7 - f is never f on a d6
    entries[i] = with_faces(entries[i], new)
    report = verify_chain(entries, seed)
    assert K.ALTERED in report.kinds()
    assert any(p.kind is K.ALTERED and p.position == i for p in report.problems)
    assert f"roll #{i + 1} does not match its hash" in report.summary()


@given(seed=st.integers(), sources=sources, data=st.data())
def test_altered_faces_rehashed_still_break_the_next_link_or_the_head(
    seed: int, sources: list[str], data: st.DataObject
) -> None:
    entries = build_chain(seed, sources)
    head = entries[-1].hash
    i = data.draw(st.integers(0, len(entries) - 1))
    entries[i] = chain_entry(
        entries[i].prev_hash, entries[i].sequence, {**entries[i].payload, "method": "ruling"}
    )
    report = verify_chain(entries, seed, head=head)
    expected = K.BROKEN_LINK if i < len(entries) - 1 else K.TRUNCATED
    assert expected in report.kinds()


@given(seed=st.integers(), sources=sources, data=st.data())
def test_a_removed_entry_is_detected(seed: int, sources: list[str], data: st.DataObject) -> None:
    entries = build_chain(seed, sources)
    head = entries[-1].hash
    i = data.draw(st.integers(0, len(entries) - 1))
    del entries[i]
    report = verify_chain(entries, seed, head=head)
    assert not report.ok
    if i < len(entries):  # a roll in the middle or at the start
        assert report.kinds() >= {K.GAP, K.BROKEN_LINK}
        assert f"roll #{i + 1} is missing" in report.summary()
    else:  # the last roll: only the head shows it
        assert report.kinds() == {K.TRUNCATED}


@given(seed=st.integers(), sources=sources, data=st.data())
def test_a_removed_entry_is_detected_even_when_the_chain_is_rehashed(
    seed: int, sources: list[str], data: st.DataObject
) -> None:
    entries = build_chain(seed, sources)
    i = data.draw(st.integers(0, len(entries) - 2))
    del entries[i]
    report = verify_chain(rehash_from(entries, i), seed)
    assert K.GAP in report.kinds()


def test_several_removed_entries_are_named() -> None:
    entries = build_chain(SEED, ["digital"] * 6)
    report = verify_chain(entries[:1] + entries[4:], SEED)
    assert "rolls #2 to #4 are missing before roll #5" in report.summary()


@given(seed=st.integers(), sources=sources, data=st.data())
def test_a_re_rolled_sequence_is_detected(
    seed: int, sources: list[str], data: st.DataObject
) -> None:
    """A facilitator who dislikes roll n rolls again and chains the new roll after it."""
    entries = build_chain(seed, sources)
    i = data.draw(st.integers(0, len(entries) - 1))
    again = chain_entry(
        entries[i].hash, entries[i].sequence, roll_payload(roll_physical(TWO_D6, [6, 6]))
    )
    tampered = rehash_from([*entries[: i + 1], again, *entries[i + 1 :]], i + 1)
    report = verify_chain(tampered, seed)
    duplicates = [p for p in report.problems if p.kind is K.DUPLICATE]
    assert [(p.sequence, p.position) for p in duplicates] == [(i + 1, i + 1)]
    assert f"roll #{i + 1} appears more than once" in report.summary()


def test_a_digital_re_roll_with_the_same_faces_is_still_a_duplicate() -> None:
    entries = build_chain(SEED, ["digital"] * 3)
    again = chain_entry(entries[1].hash, 2, entries[1].payload)
    tampered = rehash_from([*entries[:2], again, entries[2]], 2)
    assert verify_chain(tampered, SEED).kinds() == {K.DUPLICATE}


@given(seed=st.integers(), sources=sources, data=st.data())
def test_a_broken_prev_link_is_detected(seed: int, sources: list[str], data: st.DataObject) -> None:
    entries = build_chain(seed, sources)
    i = data.draw(st.integers(0, len(entries) - 1))
    entries[i] = chain_entry("f" * 64, entries[i].sequence, entries[i].payload)
    report = verify_chain(rehash_from(entries, i + 1), seed)
    assert report.kinds() == {K.BROKEN_LINK}
    assert [p.position for p in report.problems] == [i]


def test_a_broken_first_link_names_the_start() -> None:
    entries = build_chain(SEED, ["digital"])
    entries[0] = chain_entry("f" * 64, 1, entries[0].payload)
    assert "does not link to the start of the game" in verify_chain(entries, SEED).summary()


@given(seed=st.integers(), sources=sources, data=st.data())
def test_a_digital_roll_not_from_the_seed_is_detected(
    seed: int, sources: list[str], data: st.DataObject
) -> None:
    """Faces edited and the chain rehashed, so only the seed can tell."""
    entries = build_chain(seed, ["digital", *sources])
    i = data.draw(
        st.sampled_from([n for n, e in enumerate(entries) if e.payload["source"] == "digital"])
    )
    real = roll_digital(seed, entries[i].sequence, TWO_D6).faces
    forged = [real[0] % 6 + 1, real[1]]
    entries[i] = with_faces(entries[i], forged)
    report = verify_chain(rehash_from(entries, i), seed)
    assert report.kinds() == {K.NOT_FROM_SEED}
    assert f"digital roll #{i + 1} shows" in report.summary()
    assert "the game's seed gives" in report.summary()


@pytest.mark.parametrize("seed", [0, 1, 7, 2**40, -5913122032])
def test_the_wrong_seed_fails_the_digital_rolls(seed: int) -> None:
    """Deterministic seeds: a 2d6 roll matches another seed's by chance 1 in 36."""
    sources = ["digital"] * 12 + ["physical"] * 3
    entries = build_chain(seed, sources)
    report = verify_chain(entries, seed + 1)
    not_from_seed = [p for p in report.problems if p.kind is K.NOT_FROM_SEED]
    assert len(not_from_seed) >= 12 - 3


def test_a_physical_roll_is_not_checked_against_the_seed() -> None:
    entries = build_chain(SEED, ["physical"] * 3)
    assert verify_chain(entries, SEED + 1).ok


def test_a_reordered_chain_is_detected() -> None:
    entries = build_chain(SEED, ["digital"] * 4)
    swapped = rehash_from([entries[0], entries[2], entries[1], entries[3]], 1)
    report = verify_chain(swapped, SEED)
    assert K.OUT_OF_ORDER in report.kinds()


# ---------------------------------------------------------------- entries that are not rolls


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        ({"spec": "2d6", "source": "physical"}, "does not record dice and faces"),
        ({"faces": [1, 2], "source": "physical"}, "does not record dice and faces"),
        ({"spec": "2x6", "faces": [1, 2], "source": "physical"}, "is not a possible roll"),
        ({"spec": "2d6", "faces": [1, 9], "source": "physical"}, "a d6 shows 1 to 6; 9"),
        ({"spec": "2d6", "faces": [1, 2], "source": "dream"}, "not digital or physical"),
        (
            {"spec": "2d6", "faces": [1, 2], "source": "physical", "total": 4},
            "records a total of 4 but its faces add up to 3",
        ),
    ],
)
def test_an_entry_that_is_not_a_possible_roll_is_reported(
    payload: dict[str, object], message: str
) -> None:
    entry = chain_entry(GENESIS, 1, payload)
    report = verify_chain([entry], SEED)
    assert report.kinds() == {K.NOT_A_ROLL}
    assert message in report.summary()


def test_an_entry_whose_payload_is_not_json_is_altered() -> None:
    good = build_chain(SEED, ["physical"])[0]
    bad = dataclasses.replace(good, payload={**good.payload, "note": float("nan")})
    assert K.ALTERED in verify_chain([bad], SEED).kinds()


def test_d100_chain_checks_out() -> None:
    assert verify_chain(build_chain(SEED, ["digital", "physical"], spec=D100), SEED).ok


def test_summary_lists_each_problem_on_its_own_line() -> None:
    entries = build_chain(SEED, ["digital"] * 3)
    entries[1] = with_faces(entries[1], [6, 6] if entries[1].payload["faces"] != [6, 6] else [1, 1])
    lines = verify_chain(entries, SEED).summary().splitlines()
    assert lines[0] == "2 problems found in 3 rolls:"
    assert all(line.startswith("- ") for line in lines[1:])
    assert len(lines) == 3
