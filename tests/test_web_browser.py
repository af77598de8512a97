"""End to end in a real browser: `marsad serve` on loopback, headless Chromium (Debian's) driven by Playwright.

Codes the reference article on the "Code an article" page, checks the events table against the API, the
right-to-left rendering of the Arabic text and the row ↔ evidence highlighting; screenshots go to
``test-artifacts/`` (kept by CI as artefacts). Skips, saying why, where /usr/bin/chromium or Playwright is
missing: ``tools/install-browser.sh`` installs the browser (never ``playwright install``).
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync"]
DEMO_PUBLISHED = "2025-07-01"

pytestmark = [
    pytest.mark.skipif(not CHROMIUM.exists(), reason="no /usr/bin/chromium: run tools/install-browser.sh "
                                                     "(Debian packages chromium, chromium-driver)"),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`marsad serve` in a child process on a free loopback port, with an empty store."""
    yield from _serve(tmp_path_factory, tmp_path_factory.mktemp("browser") / "b.db")


@pytest.fixture(scope="module")
def relations_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`marsad serve` over the small relations store of tests/webkit.py (places, a dyad, an alert)."""
    from webkit import build_relations_store

    yield from _serve(tmp_path_factory, Path(build_relations_store(tmp_path_factory.mktemp("browser-rel"))))


def _serve(tmp_path_factory: pytest.TempPathFactory, db: Path) -> Iterator[str]:
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("MARSAD_DB", "MARSAD_WEB_TOKEN")}
    log = open(tmp_path_factory.mktemp("log") / "serve.log", "w+b")  # noqa: SIM115 (closed below)
    cmd = [sys.executable, "-c", "from marsad.cli import main; main()", "serve", "--db", str(db), "--port", str(port),
           "--create"]
    proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(base + "/api/events", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                log.seek(0)
                pytest.fail(f"marsad serve did not start: {log.read().decode(errors='replace')[-2000:]}")
            time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright's Python package is not installed "
                                                                  "(pip install -e '.[dev]')")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS, headless=True)
        yield b
        b.close()


def _api_events(base: str, text: str) -> list[dict[str, object]]:
    req = urllib.request.Request(base + "/api/code", method="POST",
                                 data=json.dumps({"text": text, "published": DEMO_PUBLISHED}).encode(),
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=30) as r:
        events: list[dict[str, object]] = json.loads(r.read())["events"]
        return events


def test_code_the_reference_article_in_the_browser(server: str, browser: object, demo_text: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page = browser.new_page(viewport={"width": 1500, "height": 1000}, locale="en-GB")  # type: ignore[attr-defined]
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    outside: list[str] = []
    page.on("request", lambda r: None if r.url.startswith(server) else outside.append(r.url))

    page.goto(server + "/code")
    page.fill("#text", demo_text)
    page.fill("#published", DEMO_PUBLISHED)
    page.click("#code-button")
    page.wait_for_selector("#events tbody tr[data-event]")

    expected = _api_events(server, demo_text)
    rows = page.locator("#events tbody tr[data-event]")
    assert rows.count() == len(expected) > 0
    types = [rows.nth(i).locator("td").nth(1).locator("strong").inner_text() for i in range(rows.count())]
    assert types == [e["event"] for e in expected]
    for i, e in enumerate(expected):
        assert rows.nth(i).locator("td.evidence").inner_text().strip() == str(e["text"]).strip()

    article = page.locator("#article")
    assert article.get_attribute("dir") == "rtl" and article.get_attribute("lang") == "ar"
    assert article.evaluate("el => getComputedStyle(el).direction") == "rtl"
    # right-to-left for real: the article's first letter is drawn at the right edge of its box, not the left
    first, outer = article.evaluate("""el => {
        const r = document.createRange(); r.setStart(el.firstChild, 0); r.setEnd(el.firstChild, 1);
        const a = r.getBoundingClientRect(), b = el.getBoundingClientRect();
        return [[a.left, a.right], [b.left, b.right]]; }""")
    assert outer[1] - first[1] < 40 < first[0] - outer[0], (first, outer)
    assert page.locator("#article span.m").count() > 5 and page.locator("#article span.t").count() > 0
    page.screenshot(path=str(ARTIFACTS / "web-code-article.png"), full_page=False)

    # a row lights up its evidence in the text ...
    target = next(i for i, e in enumerate(expected) if e["event"] == "AID")
    rows.nth(target).click()
    lit = page.locator("#article span.hl")
    assert lit.count() > 0
    assert "".join(lit.all_inner_texts()) == str(expected[target]["text"]).replace("\n", "")
    assert "selected" in (rows.nth(target).get_attribute("class") or "")
    page.screenshot(path=str(ARTIFACTS / "web-code-article-selected.png"), full_page=False)
    # ... and the evidence lights up its row
    rows.nth(0).click()
    page.locator(f'#article span.t[data-ev~="{target}"]').first.click()
    assert "selected" in (page.locator(f'#events tr[data-event="{target}"]').get_attribute("class") or "")

    assert not errors, errors  # no script error, no CSP violation
    assert not outside, outside  # nothing fetched from anywhere but the server
    page.close()


def test_event_pages_in_the_browser(server: str, browser: object) -> None:
    page = browser.new_page(viewport={"width": 1300, "height": 900})  # type: ignore[attr-defined]
    for path in ("/", "/events", "/docs"):
        r = page.goto(server + path)
        assert r is not None and r.status == 200, path
    page.goto(server + "/events?since=not-a-date")
    assert "Error 422" in page.inner_text("h1")
    page.close()


def _watch(page: object, server: str) -> tuple[list[str], list[str]]:
    """Collect script errors, console errors (CSP violations are logged there) and requests leaving the server."""
    errors: list[str] = []
    outside: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))  # type: ignore[attr-defined]
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)  # type: ignore
    page.on("request", lambda r: None if r.url.startswith(server) else outside.append(r.url))  # type: ignore
    return errors, outside


def test_map_page_draws_the_world_and_the_places(relations_server: str, browser: object) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page = browser.new_page(viewport={"width": 1300, "height": 950})  # type: ignore[attr-defined]
    errors, outside = _watch(page, relations_server)
    page.goto(relations_server + "/map")
    page.wait_for_selector("#map svg path.land")
    n_places = page.locator("#map-places tr[data-lat]").count()
    assert n_places == 3 and page.locator("#map svg circle.dot").count() == n_places
    d = page.locator("#map svg path.land").get_attribute("d") or ""
    assert d.count("M") > 150  # every country's rings (177 countries less Antarctica, islands included)
    box = page.locator("#map svg").bounding_box()
    assert box is not None and box["width"] > 800 and box["height"] > 200
    # the dot of Moscow is drawn north-east of the dot of Bamako
    circles = page.locator("#map svg circle.dot")
    dots = {circles.nth(i).evaluate("c => c.textContent").split(":")[0]: circles.nth(i).bounding_box()
            for i in range(n_places)}
    assert dots["Moscow"]["x"] > dots["Bamako"]["x"] and dots["Moscow"]["y"] < dots["Bamako"]["y"]
    page.screenshot(path=str(ARTIFACTS / "web-map.png"), full_page=False)
    page.click("#map-world")
    assert page.locator("#map svg").get_attribute("viewBox") == "-180.00 -85.00 360.00 145.00"
    page.screenshot(path=str(ARTIFACTS / "web-map-world.png"), full_page=False)
    assert not errors, errors
    assert not outside, outside
    page.close()


def test_dyad_network_and_alerts_pages_in_the_browser(relations_server: str, browser: object) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page = browser.new_page(viewport={"width": 1300, "height": 950})  # type: ignore[attr-defined]
    errors, outside = _watch(page, relations_server)
    page.goto(relations_server + "/dyads/NER/evil-group?by=day")
    page.wait_for_selector("#dyad-chart svg path.line")
    assert page.locator("#dyad-chart svg rect.bar").count() == 4  # 5 days, one without events
    assert page.locator("#dyad-chart svg circle.pt").count() == 4
    assert "<script>alert('actor')</script>" in page.inner_text("h1")  # shown as text, never run
    page.screenshot(path=str(ARTIFACTS / "web-dyad.png"), full_page=False)
    page.goto(relations_server + "/network")
    page.wait_for_selector("#network-chart svg circle")
    assert page.locator("#network-chart svg circle").count() == 5
    assert page.locator("#network-chart svg line").count() == 3
    page.screenshot(path=str(ARTIFACTS / "web-network.png"), full_page=False)
    page.goto(relations_server + "/alerts")
    assert page.locator("#alert-list tbody tr").count() == 1
    page.locator("#alert-list a[href^='/events/']").first.click()
    page.wait_for_load_state()
    assert "/events/" in page.url and page.locator("h1").count() == 1
    assert not errors, errors
    assert not outside, outside
    page.close()


PAGES = ("/", "/events", "/events/1", "/articles", "/articles/3", "/actors", "/dyads/NER/evil-group?by=day",
         "/dyads", "/network", "/alerts", "/map", "/docs", "/code?demo=1")
WIDTHS = ((1400, 1000), (390, 844))


@pytest.mark.parametrize(("width", "height"), WIDTHS)
def test_every_page_reads_at_desktop_and_phone_width(relations_server: str, browser: object, width: int,
                                                     height: int) -> None:
    """Every page at 1400×1000 and at a phone's 390×844: nothing wider than the screen but scrolling tables and
    charts (each inside its own scroll box), no script error, no internal id as text; screenshots kept."""
    ARTIFACTS.mkdir(exist_ok=True)
    page = browser.new_page(viewport={"width": width, "height": height})  # type: ignore[attr-defined]
    errors, outside = _watch(page, relations_server)
    for path in PAGES:
        r = page.goto(relations_server + path)
        assert r is not None and r.status == 200, path
        page.wait_for_load_state("networkidle")
        overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, (path, width, overflow)  # the page itself never scrolls sideways
        text = page.inner_text("main")
        assert "person:" not in text, path
        name = (path.strip("/").replace("/", "_").split("?")[0] or "index")
        page.screenshot(path=str(ARTIFACTS / f"web-{name}-{width}.png"), full_page=False)
    assert not errors, errors
    assert not outside, outside
    page.close()


def test_code_page_results_come_first(relations_server: str, browser: object) -> None:
    page = browser.new_page(viewport={"width": 1400, "height": 1000})  # type: ignore[attr-defined]
    page.goto(relations_server + "/code?demo=1")
    page.click("#code-button")
    page.wait_for_selector("#events tbody tr[data-event]")
    table = page.locator("#events").bounding_box()
    assert table is not None and table["y"] < 300  # the results open the page, the form is folded below
    assert not page.locator("textarea#text").is_visible()
    # readable columns: no date broken over two lines, the evidence at least 16rem wide
    dates = page.locator("#events td.when .nw")
    assert all((dates.nth(i).bounding_box() or {"height": 99})["height"] < 30 for i in range(dates.count()))
    evidence = page.locator("#events td.evidence").first.bounding_box()
    assert evidence is not None and evidence["width"] >= 16 * 15
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.locator("#events thead").is_hidden()  # cards on a phone
    assert page.locator("#events td.evidence").first.bounding_box()["width"] > 300
    page.close()


def test_network_names_do_not_overlap(tmp_path_factory: pytest.TempPathFactory, browser: object,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """A crowded network (a hub and 30 partners): the drawn names never overlap; the legend explains colours."""
    import storekit
    from marsad.store import Store
    from storekit import doc, ev

    db = tmp_path_factory.mktemp("crowd") / "c.db"
    partners = ["FRA", "DEU", "ITA", "ESP", "PRT", "BEL", "NLD", "POL", "SWE", "NOR", "FIN", "DNK", "AUT", "CHE",
                "GRC", "TUR", "EGY", "DZA", "MAR", "TUN", "LBY", "NER", "TCD", "SEN", "GIN", "CIV", "GHA", "NGA",
                "CMR", "BFA"]
    for iso in partners:  # states with long names, so that names crowd
        monkeypatch.setitem(storekit.COUNTRIES, iso, (f"Republic of {iso}", None))
    with Store(str(db)) as s:
        for i, iso in enumerate(partners):
            for k in range(1 + i % 4):
                s.add(doc(f"Mali and partner {iso} met, report {k}.",
                          ev("CONSULT", ("MLI",), (iso,), day=f"2025-07-{1 + k:02d}"), source=f"o{k}",
                          url=f"https://n.example/{iso}/{k}"))
    for server in _serve(tmp_path_factory, db):
        page = browser.new_page(viewport={"width": 1400, "height": 1000})  # type: ignore[attr-defined]
        page.goto(server + "/network?top=31")
        page.wait_for_selector("#network-chart svg circle")
        assert page.locator("#network-chart svg circle").count() == 31
        boxes = page.evaluate("""() => Array.from(document.querySelectorAll('#network-chart svg text.label'))
            .map(t => { const b = t.getBoundingClientRect(); return [b.left, b.top, b.right, b.bottom]; })""")
        assert len(boxes) >= 10
        clashes = [(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1:]
                   if a[0] < b[2] - 1 and b[0] < a[2] - 1 and a[1] < b[3] - 1 and b[1] < a[3] - 1]
        assert not clashes, clashes
        assert "state" in page.inner_text("#network-legend")
        page.screenshot(path=str(ARTIFACTS / "web-network-crowded.png"), full_page=False)
        page.goto(server + "/network?top=5")
        page.wait_for_selector("#network-chart svg circle")
        assert page.locator("#network-chart svg circle").count() == 5
        page.close()
