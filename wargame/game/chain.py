"""The record's hash chain: linking each committed action, and checking the whole record.

Every use case ends by sealing what it wrote (:func:`link_action`): the rows it inserted or
changed, its audit lines, and on a shared game the rows teams wrote since the facilitator's
last action (a team's role writes moves and audit lines but never links). :func:`check_record`
recomputes everything from the records themselves: every link's hash, every row's digest
against the last action that wrote it, every row that no action wrote, every row an action
wrote that is gone, and the dice's own chain inside it.

What this proves, and what it does not, is in ``docs/record-integrity.md``: an unkeyed chain
kept in the file can be recomputed by whoever edits the file, so a rewrite is only caught
against a fingerprint kept outside it (:func:`fingerprint`, ``verify --expect``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from wargame.game.errors import InvalidInput
from wargame.game.views import ChainCheck, FingerprintView, counted
from wargame.rules import dice as dice_rules
from wargame.rules.errors import RuleError
from wargame.store import chain as store_chain
from wargame.store import models as m
from wargame.store.shared_views import roll_entity

__all__ = [
    "check_record",
    "describe_rolls",
    "fingerprint",
    "fingerprints",
    "link_action",
    "parse_fingerprint",
    "rerolls",
    "seed_commitment",
]

_FINGERPRINT_DIGITS = 12
_FINGERPRINT_TEXT = re.compile(r"^[0-9A-F]{12}$")


def fingerprint(chain_hash: str) -> str:
    """The first 48 bits of a link's hash as ``7F3A-91C2-0B4D``: short enough to read out."""
    digits = chain_hash[:_FINGERPRINT_DIGITS].upper()
    return "-".join(digits[i : i + 4] for i in range(0, _FINGERPRINT_DIGITS, 4))


def parse_fingerprint(text: str) -> str:
    """A fingerprint as typed (any case, with or without dashes and spaces), as ``7F3A-…``.

    Raises:
        InvalidInput: it is not 12 hexadecimal digits.
    """
    digits = re.sub(r"[\s\-]", "", text).upper()
    if not _FINGERPRINT_TEXT.match(digits):
        shown = text if len(text) <= 40 else text[:40] + "…"
        raise InvalidInput(
            f"'{shown}' is not a record fingerprint; it has 12 hexadecimal digits, "
            "like 7F3A-91C2-0B4D"
        )
    return fingerprint(digits)


def seed_commitment(seed: int) -> str:
    """SHA-256 (hex) of the seed's decimal digits, as ``printf %d SEED | sha256sum`` gives."""
    return hashlib.sha256(str(seed).encode("ascii")).hexdigest()


# ---------------------------------------------------------------------------- linking


def link_action(
    s: Session,
    game: m.Game,
    action: str,
    touched: Iterable[tuple[str, int]],
    written: Mapping[tuple[str, int], object] | None = None,
    inserted: Collection[tuple[str, int]] = (),
    head: tuple[int, str] | None = None,
) -> store_chain.LinkRecord:
    """Seal what one action wrote (and, on a shared game, what teams wrote since) in a link.

    The link is named after the use case (``adjudicate``), and its actor is the one on the
    action's first audit line. ``written`` holds the session's objects of the rows the
    action wrote: their digests are computed from them rather than read back (``inserted``
    names those the action inserted rather than changed). ``head`` is the chain's head as
    read earlier in this transaction (:func:`wargame.store.chain.head_columns`), if it was.
    """
    connection = s.connection()
    known = store_chain.sealed_names()
    own = {(table, row_id) for table, row_id in touched if table in known}
    # Only a shared game has rows written by others (a team's role); in a game file every
    # row was sealed by the action that wrote it, and one slipped in must stay unsealed.
    shared = connection.dialect.name != "sqlite"
    pending = set(store_chain.unlinked_audit(connection, game.id)) if shared else set()
    rows = own | {(table, row_id) for table, row_id in pending if table in known}
    digests: dict[tuple[str, int], str] = {}
    for key, obj in (written or {}).items():
        digest = (
            store_chain.object_digest(obj, connection.dialect, inserted=key in inserted)
            if key in own
            else None
        )
        if digest is not None:
            digests[key] = digest
    return store_chain.append_link(
        connection,
        game.id,
        actor=_actor_of(s, own, written or {}),
        action=action,
        turn=game.turn,
        rows=rows,
        at=dt.datetime.now(dt.UTC),
        known=digests,
        head=head,
    )


def _actor_of(
    s: Session, own: set[tuple[str, int]], written: Mapping[tuple[str, int], object]
) -> str:
    """The actor of the action's own first audit line (never a team's line sealed on the side)."""
    audit_ids = sorted(row_id for table, row_id in own if table == "audit")
    if not audit_ids:
        return "wargame"
    line = written.get(("audit", audit_ids[0]))
    if isinstance(line, m.Audit):
        return str(line.actor)
    first = s.scalars(select(m.Audit.actor).where(m.Audit.id == audit_ids[0])).first()
    return "wargame" if first is None else str(first)


# ---------------------------------------------------------------------------- reading


def _links(connection: Connection, game_id: int) -> list[store_chain.LinkRecord]:
    links = m.ChainLink.__table__
    rows = m.ChainRow.__table__
    sealed: dict[int, list[tuple[str, int, str]]] = {}
    for link_id, entity, entity_id, digest in connection.execute(
        select(rows.c.link_id, rows.c.entity, rows.c.entity_id, rows.c.digest)
        .where(rows.c.game_id == game_id)
        .order_by(rows.c.id)
    ):
        sealed.setdefault(int(link_id), []).append((str(entity), int(entity_id), str(digest)))
    return [
        store_chain.LinkRecord(
            int(r.id),
            int(r.sequence),
            r.at,
            int(r.turn),
            str(r.actor),
            str(r.action),
            str(r.prev_hash),
            str(r.hash),
            tuple(sealed.get(int(r.id), ())),
        )
        for r in connection.execute(
            select(links).where(links.c.game_id == game_id).order_by(links.c.sequence)
        )
    ]


def fingerprints(s: Session, game: m.Game) -> tuple[FingerprintView, ...]:
    """The fingerprint at the end of every turn that has ended (the last, once the game has).

    A turn has ended once an action of a later turn was recorded, or the game has ended.
    """
    links = m.ChainLink.__table__
    last_of_turn: dict[int, FingerprintView] = {}
    for sequence, turn, digest, at in s.connection().execute(
        select(links.c.sequence, links.c.turn, links.c.hash, links.c.at)
        .where(links.c.game_id == game.id)
        .order_by(links.c.sequence)
    ):
        last_of_turn[int(turn)] = FingerprintView(int(turn), int(sequence), fingerprint(digest), at)
    ended = [
        view
        for turn, view in sorted(last_of_turn.items())
        if turn >= 1 and (turn < game.turn or game.status == "ended")
    ]
    return tuple(ended)


def last(s: Session, game: m.Game) -> FingerprintView | None:
    """The fingerprint at the end of the last turn that has ended, or ``None``."""
    links = m.ChainLink.__table__
    query = select(links.c.sequence, links.c.turn, links.c.hash, links.c.at).where(
        links.c.game_id == game.id, links.c.turn >= 1
    )
    if game.status != "ended":
        query = query.where(links.c.turn < game.turn)
    row = s.connection().execute(query.order_by(links.c.sequence.desc()).limit(1)).first()
    if row is None:
        return None
    return FingerprintView(int(row[1]), int(row[0]), fingerprint(str(row[2])), row[3])


def head(s: Session, game: m.Game) -> FingerprintView | None:
    """The chain's head now, as a fingerprint; ``None`` before the first action."""
    links = m.ChainLink.__table__
    row = (
        s.connection()
        .execute(
            select(links.c.sequence, links.c.turn, links.c.hash, links.c.at)
            .where(links.c.game_id == game.id)
            .order_by(links.c.sequence.desc())
            .limit(1)
        )
        .first()
    )
    if row is None:
        return None
    return FingerprintView(int(row[1]), int(row[0]), fingerprint(str(row[2])), row[3])


# ---------------------------------------------------------------------------- checking


def _describe(link: store_chain.LinkRecord) -> str:
    return f"action #{link.sequence} ('{link.action}' by {link.actor}, turn {link.turn})"


def _link_problems(links: list[store_chain.LinkRecord]) -> list[str]:
    problems: list[str] = []
    previous = store_chain.GENESIS
    expected = 1
    for link in links:
        if link.sequence > expected:
            missing = (
                f"action #{expected} is"
                if link.sequence == expected + 1
                else f"actions #{expected} to #{link.sequence - 1} are"
            )
            problems.append(f"{missing} missing from the record: deleted outside wargame")
        expected = link.sequence + 1
        if link.prev_hash != previous:
            problems.append(
                f"{_describe(link)} does not follow the action before it: the record was cut "
                "or spliced outside wargame"
            )
        content = store_chain.link_content(
            link.sequence,
            link.at,
            link.turn,
            link.actor,
            link.action,
            link.rows,
        )
        if store_chain.link_hash(link.prev_hash, content) != link.hash:
            problems.append(f"{_describe(link)} does not match its hash: changed outside wargame")
        previous = link.hash
    return problems


@dataclass(frozen=True)
class _Written:
    digest: str
    link: store_chain.LinkRecord


def _row_problems(
    connection: Connection, game_id: int, links: list[store_chain.LinkRecord]
) -> list[str]:
    last: dict[tuple[str, int], _Written] = {}
    for link in links:
        for entity, entity_id, digest in link.rows:
            last[(entity, entity_id)] = _Written(digest, link)
    problems: list[str] = []
    present: set[tuple[str, int]] = set()
    for table in store_chain.sealed_tables():
        for row_id, digest in store_chain.digests_of(connection, table, game_id):
            key = (table.name, row_id)
            present.add(key)
            written = last.get(key)
            if written is None:
                problems.append(
                    f"{_name(key)} is in no action of the record: it was added outside wargame"
                )
            elif written.digest != digest:
                problems.append(
                    f"{_name(key)} no longer matches what {_describe(written.link)} wrote: "
                    "it was changed outside wargame"
                )
    for key, written in last.items():
        if key not in present:
            problems.append(
                f"{_name(key)}, written by {_describe(written.link)}, is missing: it was "
                "deleted outside wargame"
            )
    return problems


def _name(key: tuple[str, int]) -> str:
    table, row_id = key
    return f"{table.replace('_', ' ')} #{row_id}"


def _expected(
    links: list[store_chain.LinkRecord], expect: str | None
) -> tuple[tuple[str, FingerprintView | None] | None, list[str]]:
    if expect is None:
        return None, []
    wanted = expect.replace("-", "").lower()
    for link in links:
        if link.hash.startswith(wanted):
            view = FingerprintView(link.turn, link.sequence, fingerprint(link.hash), link.at)
            return (expect, view), []
    return (expect, None), [
        f"no action of this record has the fingerprint {expect}: the record was rewritten "
        "after that fingerprint was taken (or the fingerprint was mistyped)"
    ]


def check_record(
    s: Session, game: m.Game, *, seed: int | None, read_chain: bool, expect: str | None = None
) -> ChainCheck:
    """Check the whole record against its chain, and the dice against theirs and the seed.

    Args:
        s: a read session.
        game: the game row.
        seed: the digital dice's seed; ``None`` when the viewer may not read it.
        read_chain: whether the viewer may read the chain and the audit trail (a shared
            game's team may not: it checks the dice chain alone).
        expect: a fingerprint (from :func:`parse_fingerprint`) the record must extend.
    """
    connection = s.connection()
    problems: list[str] = []
    actions = 0
    head_view: str | None = None
    expected = None
    if read_chain:
        links = _links(connection, game.id)
        actions = len(links)
        problems += _link_problems(links)
        problems += _row_problems(connection, game.id, links)
        expected, missing = _expected(links, expect)
        problems += missing
        head_view = fingerprint(links[-1].hash) if links else None
    if seed is not None and game.seed_sha256 and seed_commitment(seed) != game.seed_sha256:
        problems.append(
            "the game's seed does not match the SHA-256 committed at the start: the seed was "
            "changed, and the digital rolls with it"
        )
    rolls, roll_problems = _roll_problems(s, game, seed, read_chain=read_chain)
    problems += roll_problems
    return ChainCheck(
        ok=not problems,
        rolls=rolls,
        problems=tuple(problems),
        actions=actions,
        rerolls=rerolls(s, game.id),
        fingerprint=head_view,
        expected=expected,
    )


def roll_context(purpose: str, game_uid: str, salt: str | None) -> dict[str, object]:
    """What a roll's chained payload records beside the roll itself (no salt before it had one)."""
    context: dict[str, object] = {"purpose": purpose, "game": game_uid}
    if salt is not None:
        context["salt"] = salt
    return context


def _roll_problems(
    s: Session, game: m.Game, seed: int | None, *, read_chain: bool
) -> tuple[int, list[str]]:
    """The dice's own chain: links, sequence, faces possible and, with the seed, from it."""
    entries = []
    problems: list[str] = []
    unreadable = 0
    table = roll_entity(s)  # a team's role reads them through its view
    for r in s.scalars(select(table).where(table.game_id == game.id).order_by(table.sequence)):
        faces: list[int] | None = r.faces
        if faces is None:  # a roll for a ruling this team cannot see: its place only
            entries.append(dice_rules.ChainEntry(r.sequence, {}, r.prev_hash, r.hash, sealed=True))
            continue
        try:
            roll = dice_rules.Roll(dice_rules.DiceSpec.parse(r.dice), tuple(r.faces), r.source)  # type: ignore[arg-type]
        except (RuleError, TypeError) as exc:
            problems.append(f"roll #{r.sequence} is not a possible roll: {exc}")
            unreadable += 1
            continue
        payload = dice_rules.roll_payload(roll, roll_context(r.purpose, game.uid, r.salt))
        entries.append(dice_rules.ChainEntry(r.sequence, payload, r.prev_hash, r.hash))
    head_hash = None
    # A team's own database role may not read the audit trail (where the dice chain's head
    # is kept a second time): it checks the dice chain without the head.
    # Only the facilitator adjudicates: a line in anyone else's name (a team's forged one
    # on a shared game) says nothing about the dice.
    if read_chain:
        for details in s.scalars(
            select(m.Audit.details)
            .join(m.Participant, m.Participant.id == m.Audit.participant_id)
            .where(
                m.Audit.game_id == game.id,
                m.Audit.action == "adjudication.record",
                m.Participant.role == "facilitator",
            )
            .order_by(m.Audit.id)
        ):
            last = details.get("roll") if isinstance(details, dict) else None
            if isinstance(last, dict) and isinstance(last.get("hash"), str):
                head_hash = last["hash"]
    report = dice_rules.verify_chain(entries, seed, head=head_hash)
    problems += [p.message.rstrip(".") for p in report.problems]
    return len(entries) + unreadable, problems


def rerolls(s: Session, game_id: int) -> tuple[tuple[int, int], ...]:
    """``(voided roll, new roll)``: a voided ruling's roll and the next ruling's of that move."""
    rulings = s.execute(
        select(m.Adjudication.id, m.Adjudication.move_id, m.Adjudication.voided_at)
        .where(m.Adjudication.game_id == game_id, m.Adjudication.move_id.is_not(None))
        .order_by(m.Adjudication.id)
    ).all()
    first_roll: dict[int, int] = {}
    table = roll_entity(s)
    for adjudication_id, sequence in s.execute(
        select(table.adjudication_id, table.sequence)
        .where(table.game_id == game_id, table.adjudication_id.is_not(None))
        .order_by(table.sequence)
    ):
        if adjudication_id is not None:
            first_roll.setdefault(int(adjudication_id), int(sequence))
    pending: dict[int, int] = {}
    out: list[tuple[int, int]] = []
    for ruling_id, move_id, voided_at in rulings:
        first = first_roll.get(int(ruling_id))
        if first is None or move_id is None:
            continue
        if move_id in pending:
            out.append((pending.pop(move_id), first))
        if voided_at is not None:
            pending[int(move_id)] = first
    return tuple(out)


def describe_rolls(check: ChainCheck) -> str:
    """``12 rolls; #6 voided and re-rolled as #7`` for the command line and the report."""
    text = counted(check.rolls, "roll")
    return f"{text}; {check.rerolls_text()}" if check.rerolls else text
