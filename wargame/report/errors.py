"""The one error a report can raise for a reason the facilitator can fix."""

from __future__ import annotations


class ReportError(Exception):
    """A report could not be written: the message says why, for a facilitator to act on.

    Raised for missing fonts, a folder or file that cannot be written, or a game whose
    record cannot be read. Bugs are not wrapped: they keep their traceback.
    """
