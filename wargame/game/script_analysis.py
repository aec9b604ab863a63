"""Play-script actions of the analysts: evidence, insights, findings, recommendations, ratings.

The actions are declared here and joined to :mod:`wargame.game.script`'s union of actions;
:func:`apply_analysis` applies one. Evidence is written ``kind:ref``, where the kind is
``move``, ``adjudication``, ``inject_release``, ``roll`` or ``effect`` and the ref a label
of the same script or ``#<id>`` (for example ``move:t1-co-planning`` or ``roll:#3``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from wargame.game.analysis_views import EVIDENCE_KINDS, EvidenceRef
from wargame.game.cases.analysis import (
    AnnotationRequest,
    FindingRequest,
    ImprovementRequest,
    InsightRequest,
    ObserveRequest,
    RatingRequest,
    RecommendationRequest,
)
from wargame.game.errors import InvalidInput
from wargame.game.service import Game
from wargame.scenario.model import Ident


class _AnalysisAction(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    by: str | None = Field(
        default=None, description="Participant name acting; the facilitator when omitted."
    )
    ref: str | None = Field(
        default=None, description="A label later actions use to refer to what this creates."
    )


class Insight(_AnalysisAction):
    """An insight drawn from observations (refs of earlier ``observe`` actions)."""

    do: Literal["insight"]
    text: str
    observations: tuple[str, ...] = Field(min_length=1)


class Finding(_AnalysisAction):
    """A finding drawn from insights (a hot-wash finding linked to them)."""

    do: Literal["finding"]
    kind: Literal["strength", "improvement", "finding"] = "finding"
    text: str
    insights: tuple[str, ...] = Field(min_length=1)
    questions: tuple[Ident, ...] = ()


class Recommend(_AnalysisAction):
    """A recommendation drawn from findings (refs of earlier ``finding`` actions)."""

    do: Literal["recommend"]
    text: str
    findings: tuple[str, ...] = Field(min_length=1)


class Rate(_AnalysisAction):
    """An HSEEP rating of an objective or capability."""

    do: Literal["rate"]
    subject: Ident
    rating: Literal["P", "S", "M", "U"]
    strengths: str = ""
    improvements: str = ""


class Improve(_AnalysisAction):
    """A row of the improvement plan."""

    do: Literal["improve"]
    action: str
    capability: str
    owner: str
    due: dt.date | None = None
    status: Literal["open", "in_progress", "done", "cancelled"] = "open"
    finding: str | None = None


class Annotate(_AnalysisAction):
    """A bookmark (no text) or annotation on a log entry, written ``kind:ref``."""

    do: Literal["annotate"]
    entry: str
    text: str | None = None


AnalysisAction = Insight | Finding | Recommend | Rate | Improve | Annotate


def evidence_refs(entries: tuple[str, ...], ref: Callable[[str], int]) -> tuple[EvidenceRef, ...]:
    """Turn ``kind:ref`` strings into evidence references, resolving script labels."""
    out = []
    for entry in entries:
        kind, sep, label = entry.partition(":")
        if not sep or kind not in EVIDENCE_KINDS:
            raise InvalidInput(
                f"evidence '{entry}' is not written kind:ref with a kind among "
                f"{', '.join(EVIDENCE_KINDS)}"
            )
        out.append(EvidenceRef(kind, ref(label)))
    return tuple(out)


def observe_request(
    by: int,
    text: str,
    *,
    tags: tuple[str, ...],
    questions: tuple[str, ...],
    elements: tuple[str, ...],
    evidence: tuple[EvidenceRef, ...],
    move_id: int | None,
) -> ObserveRequest:
    """The request of a script's ``observe`` action that names elements or evidence."""
    return ObserveRequest(
        by=by,
        text=text,
        element_ids=elements,
        evidence=evidence,
        question_ids=questions,
        tags=tags,
        move_id=move_id,
    )


def apply_analysis(
    game: Game, by: int, action: AnalysisAction, ref: Callable[[str], int]
) -> int | None:
    """Apply one analysts' action; return the id of what it created."""
    match action:
        case Insight():
            ids = tuple(ref(r) for r in action.observations)
            return game.add_insight(InsightRequest(by, action.text, ids))
        case Finding():
            return game.add_finding(
                FindingRequest(
                    by,
                    action.text,
                    tuple(ref(r) for r in action.insights),
                    action.kind,
                    action.questions,
                )
            )
        case Recommend():
            ids = tuple(ref(r) for r in action.findings)
            return game.add_recommendation(RecommendationRequest(by, action.text, ids))
        case Rate():
            return game.rate(
                RatingRequest(
                    by, action.subject, action.rating, action.strengths, action.improvements
                )
            )
        case Improve():
            return game.plan_improvement(
                ImprovementRequest(
                    by,
                    action.action,
                    action.capability,
                    action.owner,
                    due=action.due,
                    status=action.status,
                    finding_id=ref(action.finding) if action.finding else None,
                )
            )
        case Annotate():
            (entry,) = evidence_refs((action.entry,), ref)
            return game.annotate(AnnotationRequest(by, entry.kind, entry.id, action.text))
    raise InvalidInput(f"unknown action {action!r}")  # pragma: no cover
