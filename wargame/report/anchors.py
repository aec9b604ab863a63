"""Named destinations in a report's turn pages, so that other pages can link to them.

The turn pages put an anchor on each move, adjudication and inject; the analysis pages link
a finding's evidence to them. :func:`evidence_target` finds where a piece of evidence is
shown in this edition (a roll or an effect is shown with its adjudication or inject), or
None when the edition leaves it out, so that no link points nowhere.
"""

from __future__ import annotations

from wargame.game.analysis_views import CitedEvidence, EvidenceRef
from wargame.report.lookup import RecordIndex
from wargame.report.text import markup


def anchor(kind: str, row_id: int) -> str:
    """The destination name of a move, adjudication or inject of the turn pages."""
    return f"{kind}-{row_id}"


def anchor_markup(kind: str, row_id: int) -> str:
    """Paragraph markup that places the destination where it is written."""
    return f'<a name="{anchor(kind, row_id)}"/>'


def evidence_target(index: RecordIndex, ref: EvidenceRef) -> str | None:
    """The destination showing ``ref`` in this edition, or None if it is not shown."""
    if ref.kind == "move":
        return anchor("move", ref.id) if ref.id in index.moves else None
    if ref.kind == "adjudication":
        ruling = index.adjudications.get(ref.id)
        if ruling is None or ruling.voided:  # a void ruling is shown without its anchor
            return None
        if ruling.move_id is not None and ruling.move_id not in index.moves:
            return None
        return anchor("adjudication", ref.id)
    if ref.kind == "inject_release":
        shown = {i.id for i in index.record.injects}
        return anchor("inject", ref.id) if ref.id in shown else None
    if ref.kind == "roll":
        roll = index.rolls.get(ref.id)
        if roll is None or roll.adjudication_id is None:
            return None
        return evidence_target(index, EvidenceRef("adjudication", roll.adjudication_id))
    if ref.kind == "effect":
        effect = next((e for e in index.record.effects if e.id == ref.id), None)
        if effect is None:
            return None
        if effect.adjudication_id is not None:
            return evidence_target(index, EvidenceRef("adjudication", effect.adjudication_id))
        if effect.inject_release_id is not None:
            return evidence_target(index, EvidenceRef("inject_release", effect.inject_release_id))
    return None


def evidence_label(index: RecordIndex, ref: EvidenceRef) -> str:
    """The evidence's label with its turn, unlinked (for documents without turn pages)."""
    turn = _turn_of(index, ref)
    return ref.label + (f" (turn {turn})" if turn is not None else "")


def evidence_link(index: RecordIndex, ref: EvidenceRef) -> str:
    """The evidence's label, linked to where the turn pages show it when they do."""
    target = evidence_target(index, ref)
    text = evidence_label(index, ref)
    if target is None:
        return text
    return f'<a href="#{target}" color="#1f5fa8"><u>{text}</u></a>'


def cited_link(index: RecordIndex, cited: CitedEvidence) -> str:
    """An entry an observation cites, as it stands now, linked, and what became of it.

    For example 'adjudication 7 (turn 2) (re-run of void adjudication 5)', or
    'adjudication 5 (turn 2) (void, not replaced)'.
    """
    link = evidence_link(index, cited.now)
    return f"{link} ({markup(cited.remark)})" if cited.remark else link


def cited_label(index: RecordIndex, cited: CitedEvidence) -> str:
    """:func:`cited_link` unlinked (for documents without turn pages)."""
    label = evidence_label(index, cited.now)
    return f"{label} ({markup(cited.remark)})" if cited.remark else label


def _turn_of(index: RecordIndex, ref: EvidenceRef) -> int | None:
    if ref.kind == "move" and ref.id in index.moves:
        return index.moves[ref.id].turn
    if ref.kind == "adjudication" and ref.id in index.adjudications:
        return index.adjudications[ref.id].turn
    if ref.kind == "inject_release":
        return next((i.turn for i in index.record.injects if i.id == ref.id), None)
    if ref.kind == "effect":
        return next((e.turn for e in index.record.effects if e.id == ref.id), None)
    return None
