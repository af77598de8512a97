"""The ingest run: sources → articles → coder → store, one article at a time.

Why one at a time: each article is committed on its own (see
:mod:`marsad.store.writer`), so a run that is killed keeps everything done so
far and a rerun skips it. An article whose exact text and URL are already
stored is skipped *before* coding, which makes a second ingest of a corpus
cheap; one whose normalised text is stored under the same URL is coded and
then recognised by the store as a duplicate.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from marsad.errors import InputError
from marsad.ingest.failures import Failure
from marsad.ingest.http import Fetcher
from marsad.ingest.sources import DEFAULT_MAPPING, Article, Item, iter_source

if TYPE_CHECKING:
    from marsad.pipeline import Coder
    from marsad.store import Store


@dataclass
class IngestReport:
    """What a run did. ``failures`` lists every skipped input with its reason."""

    added: int = 0
    unchanged: int = 0
    events: int = 0
    clustered: int = 0
    undated: int = 0  # articles added with no publication date (neither in the source nor --published)
    failures: list[Failure] = field(default_factory=list)

    @property
    def seen(self) -> int:
        return self.added + self.unchanged + len(self.failures)

    def failures_by_reason(self) -> dict[str, int]:
        return dict(sorted(Counter(f.reason for f in self.failures).items()))


def run_ingest(specs: list[str], store: Store, coder: Coder, fetcher: Fetcher | None = None,
               mapping: Mapping[str, tuple[str, ...]] = DEFAULT_MAPPING,
               on_item: Callable[[Item, str], None] | None = None, published: str | None = None,
               lang: str | None = None) -> IngestReport:
    """Ingest every source in ``specs`` into ``store``; bad inputs are recorded and skipped.

    ``published`` (YYYY-MM-DD) dates the articles whose source gives no date (a .txt file, standard input,
    a record without a date field): without a date their events cannot be placed on a time line, and
    queries by date leave them out. ``lang`` forces the language of every article (default: detected).

    ``on_item(item, outcome)`` is called after each item with outcome
    ``added``, ``unchanged`` or ``failed`` (the CLI moves its progress bar).

    Raises:
        StoreError: the store itself failed (the run stops: nothing else could be stored either).
    """
    report = IngestReport()
    for spec in specs:
        for item in iter_source(spec, fetcher, mapping):
            outcome = _one(item, store, coder, report, published, lang)
            if on_item:
                on_item(item, outcome)
    return report


def _one(item: Item, store: Store, coder: Coder, report: IngestReport, published: str | None = None,
         lang: str | None = None) -> str:
    if isinstance(item, Failure):
        report.failures.append(item)
        return "failed"
    assert isinstance(item, Article)
    if store.has_raw(item.text, item.url):
        report.unchanged += 1
        return "unchanged"
    try:
        cd = coder.code(item.text, published=item.published or published, lang=lang, title=item.title,
                        source=item.source, url=item.url, byline=item.byline, name=item.origin)
    except InputError as exc:
        report.failures.append(Failure(item.origin, exc.reason, str(exc)))
        return "failed"
    result = store.add(cd, origin=item.origin)
    if not result.added:
        report.unchanged += 1
        return "unchanged"
    report.added += 1
    report.undated += not (item.published or published)
    report.events += result.events
    report.clustered += result.clustered
    return "added"
