"""Every error Marsad raises on purpose, in one place.

Only ``cli.py`` (and later ``web/``) turn these into exit codes or JSON; the
library raises them with a message that says what went wrong, where, and how
to fix it::

    MarsadError                 base: catch this to catch everything Marsad means to raise
    ├── InputError              a document cannot be read or coded (empty, binary, too large…)
    ├── DataError               a KB or lexicon file is malformed (lists every problem at once)
    ├── ConfigError             a setting or command-line value is wrong
    ├── IngestError             a source (file, URL, feed, corpus line) could not be ingested
    └── StoreError              the event store failed (locked, full, wrong schema version)
"""

from __future__ import annotations


class MarsadError(Exception):
    """Base class: the message is meant for the user, one line, no traceback."""


class InputError(MarsadError):
    """A document cannot be coded. ``reason`` is a short machine-readable tag.

    Why a tag: a multi-file run reports skipped files grouped by reason
    (``empty``, ``binary``, ``undecodable``, ``too-large``, ``unknown-language``, ``bad-date``, and
    ``too-slow`` when coding one document exceeds the coder's time budget).
    """

    def __init__(self, message: str, reason: str) -> None:
        super().__init__(message)
        self.reason = reason


class DataError(MarsadError):
    """One or more problems in data files; ``problems`` lists them all.

    Why all at once: PETRARCH users fix one malformed dictionary line per run
    and lose days; an analyst editing YAML should see every problem together.
    """

    def __init__(self, problems: list[str]) -> None:
        self.problems = list(problems)
        head = f"{len(self.problems)} problem(s) in data files"
        super().__init__(head + ":\n  " + "\n  ".join(self.problems))


class ConfigError(MarsadError):
    """A setting or option value is wrong."""


class IngestError(MarsadError):
    """A source could not be ingested."""


class StoreError(MarsadError):
    """The event store failed."""
