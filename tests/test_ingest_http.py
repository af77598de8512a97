"""Feeds and pages over HTTP, from a local server on 127.0.0.1: items, 404s, timeouts, retries."""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from marsad.ingest import Article, Failure, Fetcher, SourceError, iter_source

FIX = Path(__file__).parent / "fixtures" / "store"
PAGE = (FIX / "page.html").read_bytes()
HITS: Counter[str] = Counter()


def _rss(base: str) -> bytes:
    items = "".join(
        f"<item><title>Item {i}</title><link>{base}{path}</link><pubDate>Tue, 24 Jun 2025 10:00:00 GMT</pubDate></item>"
        for i, path in enumerate(("/page/1", "/missing", "/slow", "/page/2"), 1))
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Example Wire</title><link>{base}/</link>'
            f"<description>test</description>{items}</channel></rss>").encode()


def _atom(base: str) -> bytes:
    return (f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Wire</title>'
            f'<id>urn:wire</id><updated>2025-06-25T00:00:00Z</updated><entry><title>Talks</title><id>urn:1</id>'
            f'<link href="{base}/page/3"/><updated>2025-06-25T08:00:00Z</updated></entry></feed>').encode()


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args: object) -> None:  # keep test output clean
        pass

    def _send(self, status: int, body: bytes, ctype: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        HITS[self.path] += 1
        base = f"http://127.0.0.1:{self.server.server_address[1]}"
        if self.path == "/feed.rss":
            self._send(200, _rss(base), "application/rss+xml")
        elif self.path == "/atom.xml":
            self._send(200, _atom(base), "application/atom+xml")
        elif self.path.startswith("/page/"):
            self._send(200, PAGE.replace(b"Niamey on Wednesday", f"Niamey, item {self.path[6:]},".encode()),
                       "text/html; charset=utf-8")
        elif self.path == "/flaky":
            if HITS[self.path] == 1:
                self._send(503, b"busy", "text/plain")
            else:
                self._send(200, PAGE, "text/html")
        elif self.path == "/slow":
            time.sleep(1.5)
            self._send(200, PAGE, "text/html")
        else:
            self._send(404, b"not here", "text/plain")


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def fetcher() -> Iterator[Fetcher]:
    with Fetcher(timeout=0.5, retries=1, delay=0.0, backoff=0.0) as f:
        yield f


def test_rss_items_are_fetched_and_bad_ones_reported(server: str, fetcher: Fetcher) -> None:
    items = list(iter_source(f"{server}/feed.rss", fetcher))
    good = [i for i in items if isinstance(i, Article)]
    bad = {i.origin.rsplit("/", 1)[1]: i.reason for i in items if isinstance(i, Failure)}
    assert [a.title for a in good] == ["Item 1", "Item 4"]
    assert good[0].published == "2025-06-24" and good[0].url == f"{server}/page/1"
    assert "item 1" in good[0].text
    assert bad == {"missing": "http-404", "slow": "timeout"}
    assert HITS["/missing"] == 1  # a 404 is final: no retry
    assert HITS["/slow"] == 2  # a timeout is retried once


def test_atom_feed_and_page_url(server: str, fetcher: Fetcher) -> None:
    [item] = list(iter_source(f"{server}/atom.xml", fetcher))
    assert isinstance(item, Article) and item.published == "2025-06-25" and "item 3" in item.text
    [page] = list(iter_source(f"{server}/page/9", fetcher))
    assert isinstance(page, Article) and page.source == "Example Wire"


def test_feed_that_answers_404(server: str, fetcher: Fetcher) -> None:
    [failure] = list(iter_source(f"{server}/gone.rss", fetcher))
    assert isinstance(failure, Failure) and failure.reason == "http-404"


def test_retry_after_503(server: str, fetcher: Fetcher) -> None:
    page = fetcher.get(f"{server}/flaky")
    assert page.content == PAGE and HITS["/flaky"] == 2


def test_unreachable_host_is_reported() -> None:
    with Fetcher(timeout=0.5, retries=0, delay=0.0) as f, pytest.raises(SourceError) as info:
        f.get("http://127.0.0.1:9/nothing")  # discard port: nothing listens
    assert info.value.reason == "network"


def test_polite_delay_between_requests_to_one_host(server: str) -> None:
    with Fetcher(timeout=2, retries=0, delay=0.3) as f:
        start = time.monotonic()
        f.get(f"{server}/page/1")
        f.get(f"{server}/page/2")
        assert time.monotonic() - start >= 0.3
