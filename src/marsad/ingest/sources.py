"""Sources → articles: text files, HTML pages, JSONL corpora, RSS/Atom feeds and URLs.

Every reader is a generator of :class:`Article` or :class:`Failure`. Why yield
failures instead of raising: one bad line of a 3,000-article corpus, or one
dead link in a feed, must be reported and skipped while the rest of the same
source goes on — an exception would end the generator.

Text extraction from HTML is trafilatura's, feed parsing is feedparser's,
decoding of bytes is :func:`marsad.text.decode.decode_bytes`; this module
only routes inputs to them and keeps what the store needs.
"""

from __future__ import annotations

import gzip
import json
import time
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import dateparser
import feedparser
import trafilatura

from marsad.errors import InputError
from marsad.ingest.failures import Failure, SourceError
from marsad.ingest.http import Fetcher
from marsad.text.decode import decode_bytes

TEXT_SUFFIXES = (".txt", ".text", ".md")
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
JSONL_SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson", ".ndjson.gz", ".json.gz")
FEED_SUFFIXES = (".rss", ".atom", ".xml")
SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES + JSONL_SUFFIXES + FEED_SUFFIXES

# Field → candidate keys in a JSONL record, first present wins. The defaults read SaudiNewsNet
# (content/title/url/date_extracted/source) and most scraped corpora (text, link, published, date).
DEFAULT_MAPPING: dict[str, tuple[str, ...]] = {
    "text": ("content", "text", "body", "article"),
    "title": ("title", "headline"),
    "url": ("url", "link"),
    "published": ("date_extracted", "published", "date", "pubDate"),
    "source": ("source", "outlet", "publisher"),
    "byline": ("author", "byline", "authors", "creator"),
}


@dataclass(frozen=True)
class Article:
    """What the coder and the store need from one source item."""

    text: str
    origin: str  # where it came from, for messages: a path, path:line, or URL
    title: str | None = None
    published: str | None = None  # YYYY-MM-DD
    source: str | None = None
    url: str | None = None
    byline: str | None = None  # the author line ("لندن: فلان"): a dateline in it marks a report (coding.genre)


Item = Article | Failure


def parse_mapping(pairs: list[str] | None) -> dict[str, tuple[str, ...]]:
    """``["text=body", "published=day"]`` → the default mapping with those fields overridden.

    Raises:
        SourceError: a pair is not ``FIELD=KEY`` or names an unknown field.
    """
    mapping = dict(DEFAULT_MAPPING)
    for pair in pairs or ():
        field, sep, key = pair.partition("=")
        if not sep or field not in mapping or not key:
            raise SourceError(f"--field '{pair}': expected FIELD=KEY with FIELD one of {', '.join(mapping)}",
                              "bad-option")
        mapping[field] = (key,)
    return mapping


def to_day(value: Any) -> str | None:
    """A publication date as ``YYYY-MM-DD`` from ISO text, a feed's struct_time, or free text; None if unknown."""
    if value is None or value == "":
        return None
    if isinstance(value, time.struct_time):
        return date(*value[:3]).isoformat()
    if isinstance(value, datetime | date):
        return value.strftime("%Y-%m-%d")
    text = str(value).strip()
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).date().isoformat()
    except ValueError:
        pass
    parsed = dateparser.parse(text, languages=["en", "fr", "ar"], settings={"STRICT_PARSING": True})
    return parsed.date().isoformat() if parsed else None


def _host(url: str | None) -> str | None:
    host = urlsplit(url).hostname if url else None
    return host.removeprefix("www.") if host else None


def is_url(spec: str) -> bool:
    return spec.startswith(("http://", "https://"))


def _kind(path: Path) -> str:
    name = path.name.lower()
    if name.endswith(JSONL_SUFFIXES):
        return "jsonl"
    if name.endswith(HTML_SUFFIXES):
        return "html"
    if name.endswith(FEED_SUFFIXES):
        return "feed"
    return "text"


def html_article(html: bytes | str, origin: str, url: str | None = None) -> Article:
    """The article in an HTML page, by trafilatura (text, title, date, site name)."""
    if isinstance(html, bytes):
        try:
            html = decode_bytes(html, origin)
        except InputError as exc:
            raise SourceError(str(exc), exc.reason) from exc
    found = trafilatura.extract(html, url=url, output_format="json", with_metadata=True, include_comments=False)
    meta = json.loads(found) if found else None
    if not meta or not (meta.get("text") or "").strip():
        raise SourceError(f"{origin}: no article text found in the HTML (broken or not an article page)",
                          "no-article")
    return Article(text=meta["text"], origin=origin, title=meta.get("title") or None,
                   published=to_day(meta.get("date")), source=meta.get("source-hostname") or _host(url),
                   url=url or meta.get("source") or None, byline=meta.get("author") or None)


def read_text_file(path: Path) -> Item:
    try:
        return Article(text=decode_bytes(path.read_bytes(), str(path)), origin=str(path))
    except InputError as exc:
        return Failure(str(path), exc.reason, str(exc))
    except OSError as exc:
        return Failure(str(path), "unreadable", f"{path}: {exc.strerror}")


def read_stdin() -> Item:
    """Standard input (``-``) as one text article: ``cat article.txt | marsad ingest - --published DATE``."""
    import sys

    try:
        return Article(text=decode_bytes(sys.stdin.buffer.read(), "<stdin>"), origin="<stdin>")
    except InputError as exc:
        return Failure("<stdin>", exc.reason, str(exc))


def read_html_file(path: Path) -> Item:
    try:
        return html_article(path.read_bytes(), str(path))
    except SourceError as exc:
        return Failure(str(path), exc.reason, str(exc))
    except OSError as exc:
        return Failure(str(path), "unreadable", f"{path}: {exc.strerror}")


def _field(record: Mapping[str, Any], keys: tuple[str, ...]) -> Any:
    for k in keys:
        v = record.get(k)
        if v not in (None, ""):
            return v
    return None


@contextmanager
def _open_lines(path: Path) -> Iterator[Iterable[bytes]]:
    """``path`` opened for reading bytes, decompressed when it is gzip (by its magic bytes, not its name)."""
    with path.open("rb") as probe:
        gz = probe.read(2) == b"\x1f\x8b"
    with (gzip.open(path, "rb") if gz else path.open("rb")) as fh:
        yield fh


def read_jsonl(path: Path, mapping: Mapping[str, tuple[str, ...]] = DEFAULT_MAPPING) -> Iterator[Item]:
    """One article per JSON line (gzip-compressed or not); a bad line is a Failure, the rest goes on."""
    try:
        with _open_lines(path) as fh:
            for lineno, line in enumerate(fh, 1):
                if line.strip():
                    yield _jsonl_item(line, f"{path}:{lineno}", mapping)
    except (OSError, EOFError) as exc:  # unreadable, or a truncated/corrupt .gz: what was read so far stands
        yield Failure(str(path), "unreadable", f"{path}: {exc}")


def _jsonl_item(line: bytes, origin: str, mapping: Mapping[str, tuple[str, ...]]) -> Item:
    try:
        record = json.loads(line)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        return Failure(origin, "bad-json", f"{origin}: not a JSON object ({exc})")
    if not isinstance(record, dict):
        return Failure(origin, "bad-json", f"{origin}: a JSON {type(record).__name__}, not an object")
    text = _field(record, mapping["text"])
    if not isinstance(text, str) or not text.strip():
        return Failure(origin, "no-text", f"{origin}: no text in field(s) {', '.join(mapping['text'])}")
    url = _field(record, mapping["url"])
    title = _field(record, mapping["title"])
    source = _field(record, mapping["source"])
    byline = _field(record, mapping["byline"])
    if isinstance(byline, list):  # "authors": ["A", "B"]
        byline = ", ".join(str(b) for b in byline if b)
    return Article(text=text, origin=origin, title=str(title) if title else None,
                   published=to_day(_field(record, mapping["published"])),
                   source=str(source) if source else _host(url), url=str(url) if url else None,
                   byline=(str(byline).strip() or None) if byline else None)


def _looks_like_feed(page_type: str, body: bytes) -> bool:
    if any(t in page_type for t in ("rss", "atom", "xml")) and "html" not in page_type:
        return True
    head = body[:512].lstrip().lower()
    return head.startswith((b"<?xml", b"<rss", b"<feed", b"<rdf"))


def read_feed(body: bytes, origin: str, fetcher: Fetcher) -> Iterator[Item]:
    """Each item of an RSS/Atom feed, its page fetched over HTTP and extracted."""
    parsed = feedparser.parse(body)
    if not parsed.entries:
        why = f" ({parsed.bozo_exception})" if parsed.bozo else ""
        yield Failure(origin, "bad-feed", f"{origin}: not an RSS/Atom feed, or a feed with no items{why}")
        return
    for i, entry in enumerate(parsed.entries, 1):
        link = entry.get("link")
        if not link:
            yield Failure(f"{origin}#{i}", "no-link", f"{origin}: item {i} has no link")
            continue
        try:
            page = fetcher.get(link)
            art = html_article(page.content, link, url=page.url)
        except SourceError as exc:
            yield Failure(link, exc.reason, str(exc))
            continue
        published = to_day(entry.get("published_parsed") or entry.get("updated_parsed")) or art.published
        yield Article(text=art.text, origin=link, title=entry.get("title") or art.title, published=published,
                      source=art.source, url=art.url, byline=entry.get("author") or art.byline)


def read_url(url: str, fetcher: Fetcher) -> Iterator[Item]:
    """A URL is a feed (its items are fetched) or a page (its article is extracted)."""
    try:
        page = fetcher.get(url)
    except SourceError as exc:
        yield Failure(url, exc.reason, str(exc))
        return
    if _looks_like_feed(page.content_type.lower(), page.content):
        yield from read_feed(page.content, url, fetcher)
        return
    try:
        yield html_article(page.content, url, url=page.url)
    except SourceError as exc:
        yield Failure(url, exc.reason, str(exc))


def expand(specs: list[str]) -> list[str]:
    """Folders → their supported files (sorted, recursive); other specs unchanged."""
    out: list[str] = []
    for spec in specs:
        p = Path(spec)
        if not is_url(spec) and p.is_dir():
            out.extend(str(f) for f in sorted(p.rglob("*")) if f.is_file() and f.name.lower().endswith(SUFFIXES))
        else:
            out.append(spec)
    return out


def estimate(spec: str) -> int | None:
    """How many items ``spec`` will give, when that is cheap to know (for the progress bar)."""
    if spec == "-":
        return 1
    if is_url(spec):
        return None
    p = Path(spec)
    if _kind(p) != "jsonl":
        return 1
    try:
        with _open_lines(p) as fh:
            return sum(1 for line in fh if line.strip())
    except (OSError, EOFError):
        return 1


def iter_source(spec: str, fetcher: Fetcher | None = None,
                mapping: Mapping[str, tuple[str, ...]] = DEFAULT_MAPPING) -> Iterator[Item]:
    """The articles (and failures) of one source: a file, a corpus, a feed file, a URL or ``-`` (stdin)."""
    if spec == "-":
        yield read_stdin()
        return
    if is_url(spec):
        if fetcher is None:
            yield Failure(spec, "no-network", f"{spec}: URLs need a fetcher")
            return
        yield from read_url(spec, fetcher)
        return
    path = Path(spec)
    if not path.exists():
        yield Failure(spec, "missing", f"{spec}: no such file or folder")
        return
    if path.is_dir():
        for f in expand([spec]):
            yield from iter_source(f, fetcher, mapping)
        return
    kind = _kind(path)
    if kind == "jsonl":
        yield from read_jsonl(path, mapping)
    elif kind == "html":
        yield read_html_file(path)
    elif kind == "feed":
        if fetcher is None:
            yield Failure(spec, "no-network", f"{spec}: a feed's items need a fetcher")
            return
        try:
            body = path.read_bytes()
        except OSError as exc:
            yield Failure(spec, "unreadable", f"{spec}: {exc.strerror}")
            return
        yield from read_feed(body, spec, fetcher)
    else:
        yield read_text_file(path)
