"""The one exception tree of newsgraph.

::

    NewsgraphError              anything newsgraph raises on purpose
    ├── UsageError              a bad option or argument (CLI exit code 2)
    │   └── NotFoundError       an id or name that matches nothing stored
    ├── InputError              one input cannot be read (names the input and why)
    ├── StoreError              the database cannot be opened, read or written
    │   └── SchemaError         the database was written by a newer newsgraph
    └── ModelError              the spaCy pipeline cannot be loaded

Input errors are caught per input by :mod:`newsgraph.ingest` and reported as
:class:`~newsgraph.records.Problem` lines, so one bad article never stops a batch.
"""

from __future__ import annotations


class NewsgraphError(Exception):
    """Base class: every error newsgraph raises on purpose."""


class UsageError(NewsgraphError):
    """An option or argument that cannot be used as given."""


class NotFoundError(UsageError):
    """An id or name that matches nothing in the store."""


class InputError(NewsgraphError):
    """An input that cannot be ingested; ``where`` names it, ``reason`` says why."""

    def __init__(self, where: str, reason: str) -> None:
        super().__init__(f"{where}: {reason}")
        self.where = where
        self.reason = reason


class StoreError(NewsgraphError):
    """The database cannot be opened, read or written."""


class SchemaError(StoreError):
    """The database's schema is not one this version of newsgraph can use."""


class ModelError(NewsgraphError):
    """The spaCy pipeline is missing or broken."""
