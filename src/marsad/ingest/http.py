"""HTTP fetching for feeds and pages: timeouts, retries and a polite rate, in one small class.

Why a class: one ``httpx.Client`` keeps connections alive across a feed's
items, and the per-host clock that spaces requests must outlive each call.
httpx's transport retries only failed *connections*; a server that answers
429/5xx or stalls mid-response is retried here, with a growing pause, and a
``Retry-After`` header is honoured. A 4xx other than 429 is final.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx

from marsad import __version__
from marsad.ingest.failures import SourceError

USER_AGENT = f"Marsad/{__version__} (political event coder; +https://github.com/marsad)"
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})


@dataclass(frozen=True)
class Page:
    url: str  # after redirects
    content: bytes
    content_type: str


class Fetcher:
    """Fetches URLs politely: at most one request per ``delay`` seconds to a host.

    Args:
        timeout: seconds for connecting and for each read.
        retries: extra attempts after a timeout, a dropped connection, 429 or 5xx.
        delay: minimum seconds between two requests to the same host.
        max_bytes: larger responses are refused (a page is not a video).
    """

    def __init__(self, timeout: float = 15.0, retries: int = 2, delay: float = 1.0,
                 max_bytes: int = 10 * 1024 * 1024, backoff: float = 1.0) -> None:
        self.retries = retries
        self.delay = delay
        self.backoff = backoff
        self.max_bytes = max_bytes
        self._last: dict[str, float] = {}
        self._client = httpx.Client(timeout=httpx.Timeout(timeout), follow_redirects=True,
                                    headers={"User-Agent": USER_AGENT},
                                    transport=httpx.HTTPTransport(retries=retries))

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _wait_turn(self, host: str) -> None:
        last = self._last.get(host)
        if last is not None:
            pause = self.delay - (time.monotonic() - last)
            if pause > 0:
                time.sleep(pause)
        self._last[host] = time.monotonic()

    def get(self, url: str) -> Page:
        """GET ``url``; raise :class:`SourceError` (reason ``http-404``, ``timeout``…) when it cannot be had."""
        host = urlsplit(url).netloc
        problem = ""
        for attempt in range(self.retries + 1):
            if attempt:
                time.sleep(self.backoff * attempt)
            self._wait_turn(host)
            try:
                with self._client.stream("GET", url) as r:
                    if r.status_code in RETRY_STATUSES:
                        problem = f"HTTP {r.status_code}"
                        after = r.headers.get("Retry-After", "")
                        if after.isdigit() and attempt < self.retries:
                            time.sleep(min(int(after), 60))
                        continue
                    if r.status_code >= 400:
                        raise SourceError(f"{url}: HTTP {r.status_code} {r.reason_phrase}", f"http-{r.status_code}")
                    body = bytearray()
                    for chunk in r.iter_bytes():
                        body += chunk
                        if len(body) > self.max_bytes:
                            raise SourceError(f"{url}: larger than {self.max_bytes:,} bytes", "too-large")
                    return Page(str(r.url), bytes(body), r.headers.get("Content-Type", ""))
            except httpx.TimeoutException:
                problem = "timed out"
            except httpx.TransportError as exc:
                problem = f"{exc.__class__.__name__}: {exc}"
            except httpx.InvalidURL as exc:
                raise SourceError(f"{url}: invalid URL ({exc})", "bad-url") from exc
        reason = "timeout" if problem == "timed out" else ("http-" + problem[5:] if problem.startswith("HTTP") else
                                                           "network")
        raise SourceError(f"{url}: {problem} (after {self.retries + 1} attempts)", reason)
