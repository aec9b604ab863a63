"""What a piece of evidence stands for now, when the log entry cited was voided since.

An observation cites log entries as evidence (a move, a ruling, a roll, an effect, an
inject). The record never changes what was cited, but a cited entry may be voided later: a
ruling voided and run again (a correction, or an undo and redo, which runs the ruling again
under a new id), a move amended, an inject withdrawn. An analyst reading the chain expects
the evidence to follow the entry that replaced it when there is exactly one, and otherwise
to be told plainly that it was voided. :func:`resolve_evidence` decides that, once, for the
app, the report and the exports alike:

* a ruling voided → the one live later ruling of the same move (its re-run);
* a roll of a voided ruling → the roll in the same place of the re-run ruling's rolls;
* an effect voided → the re-run ruling's one live effect of the same kind on the same target;
* a move or inject voided → the row that superseded it (an amendment), followed to the end;
* anything else voided, or with no single replacement → void, and said so.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from wargame.game.analysis_views import CitedEvidence, EvidenceRef
from wargame.store import models as m

_SUPERSEDED: dict[str, type[Any]] = {"move": m.Move, "inject_release": m.InjectRelease}


def resolve_evidence(
    s: Session, game_id: int, refs: Iterable[EvidenceRef]
) -> tuple[CitedEvidence, ...]:
    """Each cited entry with what it stands for now (see the module's rules)."""
    return tuple(_resolve(s, game_id, ref) for ref in refs)


def _resolve(s: Session, game_id: int, ref: EvidenceRef) -> CitedEvidence:
    if ref.kind == "adjudication":
        ruling = _row(s, m.Adjudication, game_id, ref.id)
        if ruling is None or not ruling.is_void:
            return CitedEvidence(ref, ref)
        rerun = _rerun(s, ruling)
        if rerun is None:
            return CitedEvidence(ref, ref, void=True)
        return CitedEvidence(ref, EvidenceRef("adjudication", rerun.id))
    if ref.kind == "roll":
        return _resolve_roll(s, game_id, ref)
    if ref.kind == "effect":
        return _resolve_effect(s, game_id, ref)
    table = _SUPERSEDED.get(ref.kind)
    row = _row(s, table, game_id, ref.id)
    if table is None or row is None or not row.is_void:
        return CitedEvidence(ref, ref)
    seen = {row.id}
    while row.is_void and row.superseded_by_id is not None and row.superseded_by_id not in seen:
        row = s.get(table, row.superseded_by_id)
        if row is None:
            return CitedEvidence(ref, ref, void=True)
        seen.add(row.id)
    if row.is_void:
        return CitedEvidence(ref, ref, void=True)
    return CitedEvidence(ref, EvidenceRef(ref.kind, row.id))


def _row(s: Session, table: type[Any] | None, game_id: int, row_id: int) -> Any:
    row = s.get(table, row_id) if table is not None else None
    return row if row is not None and row.game_id == game_id else None


def _rerun(s: Session, ruling: m.Adjudication) -> m.Adjudication | None:
    """The one live ruling of the same move made after ``ruling`` (None: none, or several)."""
    if ruling.move_id is None:
        return None
    later = s.scalars(
        select(m.Adjudication).where(
            m.Adjudication.game_id == ruling.game_id,
            m.Adjudication.move_id == ruling.move_id,
            m.Adjudication.id > ruling.id,
            m.Adjudication.voided_at.is_(None),
        )
    ).all()
    return later[0] if len(later) == 1 else None


def _resolve_roll(s: Session, game_id: int, ref: EvidenceRef) -> CitedEvidence:
    roll = s.scalars(
        select(m.Roll).where(m.Roll.game_id == game_id, m.Roll.sequence == ref.id)
    ).first()
    if roll is None or roll.adjudication_id is None:
        return CitedEvidence(ref, ref)
    ruling = s.get(m.Adjudication, roll.adjudication_id)
    if ruling is None or not ruling.is_void:
        return CitedEvidence(ref, ref)
    rerun = _rerun(s, ruling)
    place = [r.sequence for r in ruling.rolls].index(roll.sequence)
    if rerun is None or place >= len(rerun.rolls):
        return CitedEvidence(ref, ref, void=True)
    return CitedEvidence(ref, EvidenceRef("roll", rerun.rolls[place].sequence))


def _resolve_effect(s: Session, game_id: int, ref: EvidenceRef) -> CitedEvidence:
    effect = _row(s, m.Effect, game_id, ref.id)
    if effect is None or not effect.is_void:
        return CitedEvidence(ref, ref)
    ruling = s.get(m.Adjudication, effect.adjudication_id) if effect.adjudication_id else None
    rerun = _rerun(s, ruling) if ruling is not None and ruling.is_void else None
    if rerun is None:
        return CitedEvidence(ref, ref, void=True)
    same = [
        e
        for e in rerun.effects
        if not e.is_void and (e.kind, e.target) == (effect.kind, effect.target)
    ]
    if len(same) != 1:
        return CitedEvidence(ref, ref, void=True)
    return CitedEvidence(ref, EvidenceRef("effect", same[0].id))
