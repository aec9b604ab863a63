"""Dice: digital rolls that can be replayed, physical rolls typed in, and the hash chain.

Every roll must be auditable (ARCHITECTURE.md). A digital roll is therefore not drawn
from a hidden random state but is a pure function of the game's seed and the roll's
sequence number: anyone holding the game file can recompute it. A physical roll is
whatever the facilitator typed in, checked for plausibility. Each recorded roll is then
linked to the one before it by a SHA-256 hash chain, so that removing, re-rolling or
editing a roll after the fact shows up when the chain is verified.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from fractions import Fraction
from typing import Literal

from wargame.rules.errors import RuleError

RollSource = Literal["digital", "physical"]
"""Where a roll's faces came from: the seeded generator, or dice on the table."""

MAX_DICE = 100
"""Most dice one roll may throw; more is a typing mistake, not a game."""

MAX_SIDES = 1000
"""Most sides a die may have."""

_SPEC = re.compile(r"^\s*(\d*)\s*[dD]\s*(\d+)\s*$")


@dataclass(frozen=True)
class DiceSpec:
    """What to roll: ``count`` dice of ``sides`` sides each, written like ``2d6``.

    Attributes:
        count: How many dice are thrown (1 to :data:`MAX_DICE`).
        sides: How many sides each die has (2 to :data:`MAX_SIDES`).
    """

    count: int
    sides: int

    def __post_init__(self) -> None:
        if not 1 <= self.count <= MAX_DICE:
            raise RuleError(f"a roll throws 1 to {MAX_DICE} dice, not {self.count}")
        if not 2 <= self.sides <= MAX_SIDES:
            raise RuleError(f"a die has 2 to {MAX_SIDES} sides, not {self.sides}")

    @classmethod
    def parse(cls, text: str) -> DiceSpec:
        """Read a dice expression such as ``"2d6"``, ``"1d100"`` or ``"d20"`` (one die).

        Raises:
            RuleError: If the text is not a dice expression or names impossible dice.
        """
        match = _SPEC.match(text)
        if match is None:
            raise RuleError(f"'{text}' is not a dice expression like '2d6'")
        count = int(match.group(1)) if match.group(1) else 1
        return cls(count, int(match.group(2)))

    def __str__(self) -> str:
        return f"{self.count}d{self.sides}"

    @property
    def lowest(self) -> int:
        """The lowest total these dice can show."""
        return self.count

    @property
    def highest(self) -> int:
        """The highest total these dice can show."""
        return self.count * self.sides


D6 = DiceSpec(1, 6)
"""One six-sided die: the odds method."""

TWO_D6 = DiceSpec(2, 6)
"""Two six-sided dice: the matrix method."""

D100 = DiceSpec(1, 100)
"""Percentile dice: the probability method."""


@dataclass(frozen=True)
class Roll:
    """The faces one throw of dice showed, and where they came from.

    Constructing a Roll checks that there is one face per die and every face is possible,
    so a Roll in hand is always a roll that could have happened.

    Attributes:
        spec: What was rolled.
        faces: What each die showed, in the order thrown or typed.
        source: ``"digital"`` (from the game's seed) or ``"physical"`` (typed in).
    """

    spec: DiceSpec
    faces: tuple[int, ...]
    source: RollSource

    def __post_init__(self) -> None:
        if self.source not in ("digital", "physical"):
            raise RuleError(f"a roll is digital or physical, not '{self.source}'")
        _check_faces(self.spec, self.faces)

    @property
    def total(self) -> int:
        """The sum of the faces."""
        return sum(self.faces)

    def __str__(self) -> str:
        shown = "+".join(str(f) for f in self.faces)
        if len(self.faces) == 1:
            return f"{self.spec}: {shown}"
        return f"{self.spec}: {shown} = {self.total}"


def _check_faces(spec: DiceSpec, faces: Sequence[object]) -> None:
    typed = len(faces)
    if typed != spec.count:
        were = "was" if typed == 1 else "were"
        noun = "face" if spec.count == 1 else "faces"
        raise RuleError(f"{spec} needs {spec.count} {noun}; {typed} {were} typed")
    for face in faces:
        if isinstance(face, bool) or not isinstance(face, int) or not 1 <= face <= spec.sides:
            hint = " (type 100 for '00')" if spec.sides == 100 and face == 0 else ""
            raise RuleError(f"a d{spec.sides} shows 1 to {spec.sides}; {face!r} was typed{hint}")


def roll_digital(seed: int, sequence: int, spec: DiceSpec) -> Roll:
    """Roll dice digitally, as a pure function of the game's seed and the roll's number.

    The faces are drawn with :class:`random.Random` seeded by the SHA-256 digest of
    ``"wargame-roll:{seed}:{sequence}"``, one ``randint(1, sides)`` per die. Nothing else
    goes in, so the same game seed and sequence number always give the same faces: a
    game can be replayed, and a verifier can recompute every digital roll of a record
    (see :func:`verify_chain`). Different sequence numbers give independent rolls.

    Args:
        seed: The game's random seed, fixed when the game is created and kept in its file.
        sequence: The roll's number in the game's chain of rolls.
        spec: What to roll.

    Returns:
        A digital :class:`Roll`.
    """
    digest = hashlib.sha256(f"wargame-roll:{seed}:{sequence}".encode()).digest()
    generator = random.Random(digest)
    faces = tuple(generator.randint(1, spec.sides) for _ in range(spec.count))
    return Roll(spec, faces, "digital")


def roll_physical(spec: DiceSpec, faces: Sequence[int]) -> Roll:
    """Record dice thrown on the table, as the facilitator typed them in.

    Raises:
        RuleError: If the number of faces is not the number of dice, or a face is not
            one a die of this kind can show (e.g. "a d6 shows 1 to 6; 7 was typed").
    """
    _check_faces(spec, faces)
    return Roll(spec, tuple(faces), "physical")


def total_distribution(spec: DiceSpec) -> dict[int, Fraction]:
    """The exact chance of every total the dice can show.

    Used to state the odds of an adjudication before the dice are thrown, and by tests to
    check that digital rolls are fair.
    """
    ways: dict[int, int] = {0: 1}
    for _ in range(spec.count):
        following: dict[int, int] = {}
        for total, n in ways.items():
            for face in range(1, spec.sides + 1):
                following[total + face] = following.get(total + face, 0) + n
        ways = following
    outcomes = spec.sides**spec.count
    return {total: Fraction(n, outcomes) for total, n in sorted(ways.items())}


# ---------------------------------------------------------------------------- the hash chain

GENESIS = "0" * 64
"""The ``prev_hash`` of the first roll of a game: there is nothing before it."""

FIRST_SEQUENCE = 1
"""The sequence number of a game's first roll."""


def canonical_json(entry: Mapping[str, object]) -> str:
    """The one JSON text of an entry that every verifier computes alike.

    Keys sorted, no spaces, non-ASCII text kept as UTF-8 (a roll's context may quote a
    Cyrillic move), NaN refused (it has no JSON spelling).
    """
    return json.dumps(
        entry, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    )


def chain_hash(previous: str, entry: Mapping[str, object]) -> str:
    """The hash linking ``entry`` to the entry before it.

    SHA-256, as lower-case hex, of ``previous`` followed by the canonical JSON of
    ``entry``, encoded as UTF-8. Changing the entry or anything before it changes it.
    """
    return hashlib.sha256((previous + canonical_json(entry)).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class ChainEntry:
    """One recorded roll as a link of the game's hash chain.

    Attributes:
        sequence: The roll's number; the first roll of a game is :data:`FIRST_SEQUENCE`
            and each next one is one more.
        payload: What was recorded about the roll: at least ``spec`` (``"2d6"``),
            ``faces`` (a list of ints) and ``source`` (``"digital"`` or ``"physical"``),
            usually with ``total`` and the adjudication's inputs. JSON values only.
        prev_hash: The ``hash`` of the previous entry, :data:`GENESIS` for the first.
        hash: :func:`chain_hash` of ``prev_hash`` and :attr:`content`.
        sealed: The checker may not read the roll (a shared game's team, for a ruling it
            cannot see): its place in the chain is checked, its payload and hash are not.
    """

    sequence: int
    payload: Mapping[str, object]
    prev_hash: str
    hash: str
    sealed: bool = False

    def __hash__(self) -> int:
        return hash((self.sequence, self.prev_hash, self.hash))

    @property
    def content(self) -> dict[str, object]:
        """What the hash covers: the sequence number and the payload."""
        return {"sequence": self.sequence, "payload": dict(self.payload)}


def roll_payload(roll: Roll, context: Mapping[str, object] | None = None) -> dict[str, object]:
    """The payload recording a roll, with optional context (method, modifiers, arguments).

    Raises:
        RuleError: If the context tries to set one of the roll's own keys.
    """
    payload: dict[str, object] = {
        "spec": str(roll.spec),
        "faces": list(roll.faces),
        "source": roll.source,
        "total": roll.total,
    }
    for key, value in (context or {}).items():
        if key in payload:
            raise RuleError(f"'{key}' describes the roll itself and cannot be set as context")
        payload[key] = value
    return payload


def chain_entry(previous_hash: str, sequence: int, payload: Mapping[str, object]) -> ChainEntry:
    """Make the next link of the chain, hashing it onto ``previous_hash``."""
    recorded = dict(payload)
    content = {"sequence": sequence, "payload": recorded}
    return ChainEntry(sequence, recorded, previous_hash, chain_hash(previous_hash, content))


class ChainProblemKind(StrEnum):
    """What can be wrong with a chain of rolls, and so what may have been done to it."""

    GAP = "gap"
    """Sequence numbers skip: a roll was removed."""
    DUPLICATE = "duplicate"
    """A sequence number appears twice: a roll was made again (re-rolled)."""
    OUT_OF_ORDER = "out_of_order"
    """A sequence number comes after a later one: rolls were reordered."""
    BROKEN_LINK = "broken_link"
    """An entry does not point at the entry before it: something was removed or inserted."""
    ALTERED = "altered"
    """An entry's hash does not match its content: it was edited after it was recorded."""
    NOT_FROM_SEED = "not_from_seed"
    """A digital roll's faces are not what the game's seed gives: re-rolled or edited."""
    NOT_A_ROLL = "not_a_roll"
    """An entry's payload does not describe a possible roll."""
    TRUNCATED = "truncated"
    """The chain does not end where the game says it ends: rolls were cut off the end."""


@dataclass(frozen=True)
class ChainProblem:
    """One thing wrong with a chain of rolls.

    Attributes:
        kind: What is wrong.
        sequence: The roll it concerns, when there is one.
        position: Where in the list of entries it was found (0-based), when it concerns one.
        message: One sentence for a facilitator or auditor.
    """

    kind: ChainProblemKind
    sequence: int | None
    position: int | None
    message: str


@dataclass(frozen=True)
class ChainReport:
    """The verdict of :func:`verify_chain`: how many rolls were checked and what is wrong.

    Attributes:
        checked: How many entries were checked.
        problems: Every problem found, in the order of the chain.
    """

    checked: int
    problems: tuple[ChainProblem, ...] = field(default=())

    @property
    def ok(self) -> bool:
        """True when no problem was found."""
        return not self.problems

    def kinds(self) -> frozenset[ChainProblemKind]:
        """The kinds of problem found, to test or filter on."""
        return frozenset(p.kind for p in self.problems)

    def summary(self) -> str:
        """The verdict in plain English: one line, then one line per problem."""
        rolls = _plural(self.checked, "roll")
        if self.ok:
            return (
                f"All {rolls} check out: none is missing, repeated or altered, and every "
                "digital roll matches the game's seed."
            )
        head = f"{_plural(len(self.problems), 'problem')} found in {rolls}:"
        return "\n".join([head, *(f"- {p.message}" for p in self.problems)])


def _plural(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def verify_chain(
    entries: Sequence[ChainEntry],
    seed: int | None,
    *,
    first_sequence: int = FIRST_SEQUENCE,
    head: str | None = None,
) -> ChainReport:
    """Check a game's chain of rolls for removed, re-rolled, reordered or edited rolls.

    Each entry is checked on its own terms, so one tampered roll is reported once rather
    than making every later link look broken: an entry's ``prev_hash`` is compared with
    the *stored* hash of the entry before it, and its own hash is recomputed from its
    content. Digital rolls are recomputed with :func:`roll_digital` from ``seed`` and
    their sequence number; physical rolls can only be checked for being possible.

    A chain cut short at its end still links up; pass ``head`` (the last hash the game
    recorded elsewhere) to catch that too.

    Args:
        entries: The chain, in the order it was recorded.
        seed: The game's random seed; None when the checker may not know it (a shared
            game's team), which leaves the digital faces unchecked against it.
        first_sequence: The sequence number the game's first roll has.
        head: The hash the chain should end with, if known.

    Returns:
        A report listing every problem found; ``report.ok`` when there is none.
    """
    problems: list[ChainProblem] = []
    expected_prev = GENESIS
    expected_sequence = first_sequence
    seen: set[int] = set()
    for at, entry in enumerate(entries):
        problems.extend(_sequence_problems(entry, at, expected_sequence, seen))
        seen.add(entry.sequence)
        expected_sequence = max(expected_sequence, entry.sequence + 1)
        problems.extend(_link_problems(entry, at, expected_prev))
        expected_prev = entry.hash
        if not entry.sealed:
            problems.extend(_payload_problems(entry, at, seed))
    if head is not None and expected_prev != head:
        problems.append(
            ChainProblem(
                ChainProblemKind.TRUNCATED,
                None,
                None,
                "the chain does not end with the game's last recorded roll: rolls were cut off.",
            )
        )
    return ChainReport(len(entries), tuple(problems))


def _sequence_problems(
    entry: ChainEntry, at: int, expected: int, seen: set[int]
) -> Iterator[ChainProblem]:
    n = entry.sequence
    if n in seen:
        yield ChainProblem(
            ChainProblemKind.DUPLICATE,
            n,
            at,
            f"roll #{n} appears more than once: a roll was made again (re-rolled).",
        )
    elif n > expected:
        missing = (
            f"roll #{expected} is" if n == expected + 1 else f"rolls #{expected} to #{n - 1} are"
        )
        yield ChainProblem(
            ChainProblemKind.GAP, n, at, f"{missing} missing before roll #{n}: it was removed."
        )
    elif n < expected:
        yield ChainProblem(
            ChainProblemKind.OUT_OF_ORDER,
            n,
            at,
            f"roll #{n} comes after roll #{expected - 1}: rolls were reordered.",
        )


def _link_problems(entry: ChainEntry, at: int, expected_prev: str) -> Iterator[ChainProblem]:
    n = entry.sequence
    if entry.prev_hash != expected_prev:
        before = "the start of the game" if at == 0 else "the roll recorded before it"
        yield ChainProblem(
            ChainProblemKind.BROKEN_LINK,
            n,
            at,
            f"roll #{n} does not link to {before}: something was removed or inserted.",
        )
    if entry.sealed:
        return
    try:
        recomputed: str | None = chain_hash(entry.prev_hash, entry.content)
    except (TypeError, ValueError):  # content that is not JSON cannot have been hashed
        recomputed = None
    if recomputed != entry.hash:
        yield ChainProblem(
            ChainProblemKind.ALTERED,
            n,
            at,
            f"roll #{n} does not match its hash: it was changed after it was recorded.",
        )


def _payload_problems(entry: ChainEntry, at: int, seed: int | None) -> Iterator[ChainProblem]:
    n = entry.sequence
    payload = entry.payload
    spec_text, faces, source = payload.get("spec"), payload.get("faces"), payload.get("source")
    if not isinstance(spec_text, str) or not isinstance(faces, list | tuple):
        yield ChainProblem(
            ChainProblemKind.NOT_A_ROLL, n, at, f"roll #{n} does not record dice and faces."
        )
        return
    try:
        spec = DiceSpec.parse(spec_text)
        if source not in ("digital", "physical"):
            raise RuleError(f"its source is {source!r}, not digital or physical")
        _check_faces(spec, faces)
    except RuleError as error:
        yield ChainProblem(
            ChainProblemKind.NOT_A_ROLL, n, at, f"roll #{n} is not a possible roll: {error}."
        )
        return
    shown = tuple(int(f) for f in faces)
    total = payload.get("total")
    if total is not None and total != sum(shown):
        yield ChainProblem(
            ChainProblemKind.NOT_A_ROLL,
            n,
            at,
            f"roll #{n} records a total of {total!r} but its faces add up to {sum(shown)}.",
        )
    if source == "digital" and seed is not None:
        expected = roll_digital(seed, n, spec).faces
        if shown != expected:
            yield ChainProblem(
                ChainProblemKind.NOT_FROM_SEED,
                n,
                at,
                f"digital roll #{n} shows {_faces(shown)} but the game's seed gives "
                f"{_faces(expected)}: it was re-rolled or edited.",
            )


def _faces(faces: tuple[int, ...]) -> str:
    return ", ".join(str(f) for f in faces)
