"""newsgraph: turn news articles into structured, sourced event data.

>>> import newsgraph
>>> with newsgraph.open("news.duckdb") as graph:          # doctest: +SKIP
...     report = graph.ingest(["articles/"])
...     print(report.summary())
...     rows = graph.articles(since="2019-01-01")
"""

from __future__ import annotations

import logging

from newsgraph.errors import (
    InputError,
    ModelError,
    NewsgraphError,
    NotFoundError,
    SchemaError,
    StoreError,
    UsageError,
)
from newsgraph.graph import Newsgraph, open
from newsgraph.records import Article, IngestReport, Parse, PartialDate, Precision, Problem

logging.getLogger("newsgraph").addHandler(logging.NullHandler())

__version__ = "0.1.0"

__all__ = [
    "Article",
    "IngestReport",
    "InputError",
    "ModelError",
    "Newsgraph",
    "NewsgraphError",
    "NotFoundError",
    "Parse",
    "PartialDate",
    "Precision",
    "Problem",
    "SchemaError",
    "StoreError",
    "UsageError",
    "__version__",
    "open",
]
