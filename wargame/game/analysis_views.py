"""Read models of the analysts' work: coverage of the data collection plan and the evidence chain.

Plain frozen values, like :mod:`wargame.game.views`: they cross threads and outlive sessions.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

EVIDENCE_KINDS = ("move", "adjudication", "inject_release", "roll", "effect")
"""Kinds of log entry an observation may cite as evidence."""

HSEEP_LEVELS = {
    "P": "Performed without challenges",
    "S": "Performed with some challenges",
    "M": "Performed with major challenges",
    "U": "Unable to be performed",
}
"""The HSEEP four-level rating of an objective or a capability."""

IMPROVEMENT_STATUS_WORDS = {
    "open": "Open",
    "in_progress": "In progress",
    "done": "Done",
    "cancelled": "Cancelled",
}


@dataclass(frozen=True)
class EvidenceRef:
    """One log entry cited as evidence: its kind (a move, an adjudication …) and id.

    The id is the row's id, except for a roll: its sequence number in the dice log.
    """

    kind: str
    id: int

    @property
    def label(self) -> str:
        """How the report and the app name it: 'move 12', 'roll 3', 'inject 4'."""
        word = {"inject_release": "inject"}.get(self.kind, self.kind)
        return f"{word} {self.id}"


@dataclass(frozen=True)
class CitedEvidence:
    """A log entry an observation cites, and what it stands for now.

    Attributes:
        cited: The entry as cited (the record keeps it so).
        now: What it stands for now: the entry that replaced it when it was voided and
            replaced by exactly one (a ruling run again, a move amended), else ``cited``.
        void: The entry cited is void and nothing single replaced it.
    """

    cited: EvidenceRef
    now: EvidenceRef
    void: bool = False

    @property
    def followed(self) -> bool:
        """The entry cited was voided and the evidence follows its replacement."""
        return self.now != self.cited

    @property
    def remark(self) -> str:
        """What a reader is told besides the entry ("" when the entry cited stands).

        're-run of void adjudication 5', 'correction of void move 3', or 'void, not replaced'.
        """
        if self.followed:
            rerun = self.cited.kind in ("adjudication", "roll", "effect")
            return f"{'re-run' if rerun else 'correction'} of void {self.cited.label}"
        return "void, not replaced" if self.void else ""

    @property
    def text(self) -> str:
        """As analysts read it: 'adjudication 7 (re-run of void adjudication 5)'."""
        remark = self.remark
        return f"{self.now.label} ({remark})" if remark else self.now.label


@dataclass(frozen=True)
class EvidenceObservation:
    """An observation as evidence for an element: when, by whom, what."""

    id: int
    turn: int
    author: str
    text: str


@dataclass(frozen=True)
class ElementCoverage:
    """One essential element of analysis and what has been collected for it."""

    id: str
    text: str
    what: str
    by: str
    when: str
    question_id: str
    objective_id: str | None
    evidence: tuple[EvidenceObservation, ...]
    collected_this_turn: bool

    @property
    def collected(self) -> bool:
        """Whether it has any evidence at all."""
        return bool(self.evidence)

    @property
    def status(self) -> str:
        """'collected', 'uncollected' or 'later' (a hot-wash element during play)."""
        if self.when == "each_turn":
            return "collected" if self.collected_this_turn else "uncollected"
        return "collected" if self.collected else "uncollected"


@dataclass(frozen=True)
class CoverageView:
    """Coverage of the data collection plan at one turn."""

    turn: int
    elements: tuple[ElementCoverage, ...]

    def gaps(self, *, ending: str) -> tuple[ElementCoverage, ...]:
        """Elements still uncollected when a turn (``'turn'``) or the game (``'game'``) ends.

        At the end of a turn: each-turn elements with nothing this turn, and before-play
        elements with nothing at all. At the end of the game, hot-wash elements too.
        """
        kinds = {"each_turn", "before_play"} | ({"hot_wash"} if ending == "game" else set())
        return tuple(e for e in self.elements if e.when in kinds and e.status == "uncollected")

    def warning(self, *, ending: str) -> str | None:
        """The sentence the white cell sees before ending a turn or the game, or None."""
        gaps = self.gaps(ending=ending)
        if not gaps:
            return None
        what = "this turn" if ending == "turn" else "the game"
        names = "; ".join(f"{e.text} ({e.id})" for e in gaps[:6])
        more = f" and {len(gaps) - 6} more" if len(gaps) > 6 else ""
        noun = "element" if len(gaps) == 1 else "elements"
        return (
            f"{len(gaps)} {noun} of the data collection plan still uncollected as {what} "
            f"ends: {names}{more}."
        )


@dataclass(frozen=True)
class ChainObservation:
    """An observation with the elements it collects and the log entries behind it."""

    id: int
    turn: int
    author: str
    text: str
    question_ids: tuple[str, ...]
    element_ids: tuple[str, ...]
    evidence: tuple[EvidenceRef, ...]
    """The log entries behind it as they stand now: a voided ruling's re-run in its place."""
    cited: tuple[CitedEvidence, ...] = ()
    """Each entry as cited, with what it stands for now and whether it is void."""

    @property
    def void_evidence(self) -> tuple[EvidenceRef, ...]:
        """Entries cited that are void with nothing single in their place."""
        return tuple(c.cited for c in self.cited if c.void)

    def evidence_text(self) -> str:
        """Every entry behind it, as analysts read them ("" when none is cited)."""
        return ", ".join(c.text for c in self.cited)


@dataclass(frozen=True)
class ChainItem:
    """An insight, a finding or a recommendation, with the ids of what it is drawn from."""

    id: int
    kind: str
    text: str
    author: str
    sources: tuple[int, ...]
    """Observation ids (insight), insight ids (finding) or finding ids (recommendation)."""
    finding_kind: str | None = None
    """For a finding: strength, improvement or finding (the hot-wash kind)."""


@dataclass(frozen=True)
class EvidenceChain:
    """Observations → insights → findings → recommendations, voided rows left out."""

    observations: tuple[ChainObservation, ...]
    insights: tuple[ChainItem, ...]
    findings: tuple[ChainItem, ...]
    recommendations: tuple[ChainItem, ...]

    def observation(self, observation_id: int) -> ChainObservation | None:
        """The observation with this id, if it is in the chain."""
        return next((o for o in self.observations if o.id == observation_id), None)

    def evidence_of_finding(self, finding_id: int) -> tuple[EvidenceRef, ...]:
        """Every log entry behind a finding, through its insights and their observations."""
        finding = next((f for f in self.findings if f.id == finding_id), None)
        if finding is None:
            return ()
        insights = [i for i in self.insights if i.id in finding.sources]
        refs: dict[EvidenceRef, None] = {}
        for insight in insights:
            for oid in insight.sources:
                observation = self.observation(oid)
                if observation is not None:
                    refs.update(dict.fromkeys(observation.evidence))
        return tuple(refs)


@dataclass(frozen=True)
class RatingView:
    """The current HSEEP rating of an objective or capability."""

    id: int
    subject: str
    subject_text: str
    rating: str
    strengths: str
    improvements: str
    author: str
    created_at: dt.datetime

    @property
    def level(self) -> str:
        """The rating in words."""
        return HSEEP_LEVELS.get(self.rating, self.rating)


@dataclass(frozen=True)
class ImprovementView:
    """One current row of the improvement plan."""

    id: int
    action: str
    capability: str
    owner: str
    due: dt.date | None
    status: str
    finding_id: int | None
    created_at: dt.datetime


@dataclass(frozen=True)
class AnnotationView:
    """A bookmark or an annotation on a log entry."""

    id: int
    kind: str
    entity: str
    entity_id: int
    turn: int
    text: str | None
    author: str
    created_at: dt.datetime


@dataclass(frozen=True)
class AnalysisRecord:
    """Everything of the analysts' work a report needs, read at once."""

    coverage: CoverageView
    coverage_by_turn: tuple[CoverageView, ...]
    chain: EvidenceChain
    ratings: tuple[RatingView, ...]
    improvement_plan: tuple[ImprovementView, ...]
    annotations: tuple[AnnotationView, ...]

    @classmethod
    def empty(cls) -> AnalysisRecord:
        """No analysis: what an audience that may not see it gets."""
        return cls(CoverageView(0, ()), (), EvidenceChain((), (), (), ()), (), (), ())
