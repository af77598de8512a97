"""Reading news from files, corpora, pages and feeds, and feeding it to the coder and the store."""

from marsad.ingest.failures import Failure, SourceError
from marsad.ingest.http import Fetcher
from marsad.ingest.runner import IngestReport, run_ingest
from marsad.ingest.sources import DEFAULT_MAPPING, Article, estimate, expand, iter_source, parse_mapping

__all__ = [
    "DEFAULT_MAPPING",
    "Article",
    "Failure",
    "Fetcher",
    "IngestReport",
    "SourceError",
    "estimate",
    "expand",
    "iter_source",
    "parse_mapping",
    "run_ingest",
]
