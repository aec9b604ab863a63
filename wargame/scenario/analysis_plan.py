"""The data collection plan: the sponsor's objectives, their questions, and what to collect.

Each objective breaks into questions; each question into *essential elements of analysis*,
each saying what data to collect, by whom (an analyst, the white cell or a team) and when
(before play, each turn, at the hot wash). During play the game layer measures coverage
against these elements, and warns the white cell when one is still uncollected as a turn
or the game ends. HSEEP ratings are given per objective or per *capability*.

Every field added here has a default, so a scenario written before the plan had elements
(objectives, questions and tags only) still loads unchanged.
"""

from __future__ import annotations

from collections.abc import Iterator
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

Ident = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z][a-z0-9_-]{0,63}$"),
    Field(
        description="An identifier: lower-case letters, digits, '-' or '_', starting with a letter."
    ),
]
Text = Annotated[str, StringConstraints(min_length=1, max_length=20_000)]
Name = Annotated[str, StringConstraints(min_length=1, max_length=200, strip_whitespace=True)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=False)


class Collector(StrEnum):
    """Who collects an element's data."""

    ANALYST = "analyst"
    WHITE_CELL = "white_cell"
    TEAM = "team"


class CollectionTime(StrEnum):
    """When an element's data is collected."""

    BEFORE_PLAY = "before_play"
    EACH_TURN = "each_turn"
    HOT_WASH = "hot_wash"


class Element(_Model):
    """An essential element of analysis: one piece of evidence a question needs."""

    id: Ident = Field(description="Unique among all the elements of the plan.")
    text: Text = Field(description="The element, as a short statement of what must be known.")
    what: Text = Field(description="The data to collect (e.g. 'each team's stated reason').")
    by: Collector = Field(
        default=Collector.ANALYST, description="Who collects it: analyst, white_cell or team."
    )
    when: CollectionTime = Field(
        default=CollectionTime.EACH_TURN,
        description="When it is collected: before_play, each_turn or hot_wash.",
    )


class Objective(_Model):
    """One of the sponsor's objectives for the game."""

    id: Ident
    text: Text


class Capability(_Model):
    """A capability the game exercises, rated on the HSEEP scale like an objective."""

    id: Ident
    name: Name


class Question(_Model):
    """A question the game must answer; observations are tagged to it."""

    id: Ident
    text: Text
    objective: Ident | None = Field(default=None, description="The objective it serves.")
    elements: tuple[Element, ...] = Field(
        default=(), description="The essential elements of analysis that answer it."
    )


class AnalysisPlan(_Model):
    """What the sponsor wants to learn, so that evidence can be traced to it.

    Together with its questions' elements this is the game's data collection plan.
    """

    sponsor: Name | None = None
    objectives: tuple[Objective, ...] = ()
    capabilities: tuple[Capability, ...] = Field(
        default=(), description="Capabilities rated at the hot wash (HSEEP), besides objectives."
    )
    questions: tuple[Question, ...] = ()
    tags: tuple[Ident, ...] = Field(
        default=(), description="Extra tags analysts may use on observations."
    )

    @property
    def elements(self) -> tuple[Element, ...]:
        """Every element of every question, in plan order."""
        return tuple(e for q in self.questions for e in q.elements)

    def question_of(self, element_id: str) -> Question:
        """The question an element belongs to."""
        for question in self.questions:
            if any(e.id == element_id for e in question.elements):
                return question
        raise KeyError(element_id)

    def rating_subjects(self) -> dict[str, str]:
        """Objective and capability ids with their text: what an HSEEP rating may rate."""
        subjects = {o.id: o.text for o in self.objectives}
        subjects.update({c.id: c.name for c in self.capabilities})
        return subjects


def plan_problems(plan: AnalysisPlan) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """Duplicate element or capability ids, and capabilities that reuse an objective's id."""
    seen: dict[str, int] = {}
    for i, question in enumerate(plan.questions):
        for j, element in enumerate(question.elements):
            if element.id in seen:
                yield (
                    ("analysis", "questions", i, "elements", j, "id"),
                    f"duplicate element id '{element.id}' (already used in question "
                    f"{seen[element.id] + 1})",
                )
            seen.setdefault(element.id, i)
    taken = {o.id for o in plan.objectives}
    for i, capability in enumerate(plan.capabilities):
        if capability.id in taken:
            yield (
                ("analysis", "capabilities", i, "id"),
                f"capability id '{capability.id}' is already used (capabilities and objectives "
                "share one set of ids)",
            )
        taken.add(capability.id)
