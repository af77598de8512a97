"""Why a source could not be ingested: an exception with a short tag, and its record for reports.

``SourceError`` extends :class:`marsad.errors.IngestError` with a ``reason``
tag (like :class:`marsad.errors.InputError` has) so that a run can report
skipped inputs grouped by cause: ``http-404``, ``timeout``, ``broken-html``,
``bad-json``, ``binary``…
"""

from __future__ import annotations

from dataclasses import dataclass

from marsad.errors import IngestError


class SourceError(IngestError):
    """A source, or one item of it, could not be read. ``reason`` is a short machine-readable tag."""

    def __init__(self, message: str, reason: str) -> None:
        super().__init__(message)
        self.reason = reason


@dataclass(frozen=True)
class Failure:
    """One input that was skipped: where it came from, why (tag), and the message for the user."""

    origin: str
    reason: str
    message: str
