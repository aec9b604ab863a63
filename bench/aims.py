"""The ratio aims of the benchmarks: each figure, its aim, and whether this run met it.

A ratio is taken against a baseline measured in the same run on the same machine, so it
holds on a fast laptop and on a loaded two-core box alike; ``make bench`` fails when one
is missed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Aim:
    """One ratio aim: ``figure`` must come out at most ``limit``."""

    name: str
    figure: float
    limit: float
    baseline: str
    """What the figure is a ratio to."""

    @property
    def met(self) -> bool:
        """Whether this run met the aim."""
        return self.figure <= self.limit

    def line(self) -> str:
        """One line for the summary: figure, aim, verdict."""
        verdict = "met" if self.met else "MISSED"
        return (
            f"  {self.name:44} {self.figure:5.2f} x  (aim: <= {self.limit:.1f} x "
            f"{self.baseline})  {verdict}"
        )


def summary(aims: Sequence[Aim]) -> tuple[str, int]:
    """The summary to print and the exit status: 1 when any aim was missed, else 0."""
    lines = ["aims (ratios to a baseline measured in this run)"]
    lines += [aim.line() for aim in aims]
    missed = [aim.name for aim in aims if not aim.met]
    lines.append(f"  missed: {', '.join(missed)}" if missed else "  every aim met")
    return "\n".join(lines), 1 if missed else 0
