"""The store's commands: ``ingest``, ``events``, ``event``, ``actors``, ``articles``, ``stats``, ``export``, ``recode``.

They live beside the store rather than in ``marsad/cli.py`` so that the store
can grow without touching the main CLI; ``marsad.clihelp.LAZY_COMMANDS`` lists them. Each
command only parses options, calls one function of :mod:`marsad.store` or
:mod:`marsad.ingest`, and formats the plain data it returns: results to
stdout, progress and messages to stderr. Exit codes: 0 ok, 1 some input
failed or a data/store error, 2 usage.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from marsad.errors import MarsadError
from marsad.output import check_format, emit_rows, fail, format_help, progress_bar, usage

err = Console(stderr=True, soft_wrap=True)  # one message, one line: logs get grepped
out = Console()

DbOption = Annotated[str | None, typer.Option("--db", help="Store: a SQLite file or postgresql://… URL "
                                                           "(default: $MARSAD_DB, else ./marsad.db).")]
KbOption = Annotated[list[Path] | None, typer.Option("--kb", help="Extra KB YAML file (repeatable).",
                                                      exists=True, dir_okay=False)]
FormatOption = Annotated[str, typer.Option("--format", help=format_help(("table", "json", "csv")))]
LimitOption = Annotated[int | None, typer.Option(
    "--limit", help="Rows per page (default: 50 in a table, all in json/csv; 0: all).", min=0)]
OffsetOption = Annotated[int, typer.Option("--offset", help="Skip this many rows first (the next page: "
                                                            "--offset of this page + its --limit).", min=0)]
OrderOption = Annotated[str | None, typer.Option(
    "--order", help="asc or desc (default: desc — newest, most first — except for names and types).")]
TABLE_PAGE = 50  # rows a table shows when no --limit is given: a screenful to read, the total said below it


def _store(db: str | None):  # type: ignore[no-untyped-def]
    from marsad.store import Store

    return Store(db)


def _query_store(db: str | None):  # type: ignore[no-untyped-def]
    """A store to read: one that does not exist is an error (never a new empty store)."""
    from marsad.store.checks import open_existing

    return open_existing(db)


def _check_sort(sort: str, order: str | None, allowed: tuple[str, ...]) -> None:
    if sort not in allowed:
        raise usage(f"--sort must be one of {', '.join(allowed)}")
    if order is not None and order not in ("asc", "desc"):
        raise usage("--order must be asc or desc")


def _page_size(limit: int | None, fmt: str) -> int | None:
    """The page a command prints: ``--limit`` (0: all), else a screenful in a table and everything otherwise."""
    if limit is None:
        return TABLE_PAGE if fmt == "table" else None
    return limit or None


def _say_page(page: dict[str, Any], what: str) -> None:
    """Where this page lies in the whole list, on stderr: "events 1–50 of 1,234 (date, newest first); …"."""
    total, n, first = page["count"], page["returned"], page["offset"] + 1
    span = f"{first}–{first + n - 1} of {total:,}" if n else f"none of {total:,} (offset {page['offset']})"
    direction = "descending" if page["order"] == "desc" else "ascending"
    line = f"{what} {span}, by {page['sort']} {direction}"
    if page["next_offset"] is not None:
        line += f"; next page: --offset {page['next_offset']}"
    err.print(line, highlight=False, markup=False)


def _resolve_filters(store: Any, actor: str | None, recipient: str | None,
                     event_type: str | None) -> tuple[str | None, str | None, str | None]:
    """Actor, recipient and type as the store matches them; a name read as a code is said on stderr."""
    from marsad.store.checks import resolve_party, resolve_type

    parties: list[str | None] = []
    for value, option in ((actor, "--actor"), (recipient, "--recipient")):
        if value is None:
            parties.append(None)
            continue
        code, note = resolve_party(store, value, option)
        if note:
            err.print(note, highlight=False, markup=False)
        parties.append(code)
    return parties[0], parties[1], resolve_type(event_type) if event_type else None


def _say_left_out(store: Any, actor: str | None, recipient: str | None, event_type: str | None,
                  since: str | None, until: str | None, min_sources: int) -> None:
    """Tell (stderr) how many events matching the other filters a date or source filter left out, and why."""
    from marsad.store.queries import list_events

    if not (since or until or min_sources > 1):
        return
    rows = list_events(store, actor=actor, recipient=recipient, event_type=event_type)
    undated = sum(1 for r in rows if not r["date"]) if since or until else 0
    few = sum(1 for r in rows if r["num_sources"] < min_sources and (r["date"] or not (since or until))
              and (not since or (r["date"] or "") >= since) and (not until or (r["date"] or "") <= until))
    if undated:
        flags = " and ".join(f for f, v in (("--since", since), ("--until", until)) if v)
        err.print(f"note: {undated} event(s) without a date left out by {flags} (their articles had no "
                  "publication date: ingest them with --published YYYY-MM-DD)", highlight=False, markup=False)
    if few:
        err.print(f"note: {few} event(s) told by fewer than {min_sources} sources left out by --min-sources",
                  highlight=False, markup=False)


def _is_date(value: str) -> bool:
    """A real day written YYYY-MM-DD."""
    from datetime import date

    try:
        return len(value) == 10 and date.fromisoformat(value).isoformat() == value
    except ValueError:
        return False




def ingest(
    sources: Annotated[list[str], typer.Argument(help="Files, folders, JSONL(.gz) corpora, RSS/Atom feeds, URLs, "
                                                     "or - for standard input.")],
    db: DbOption = None,
    kb: KbOption = None,
    field: Annotated[list[str] | None, typer.Option(
        "--field", help="JSONL field mapping FIELD=KEY, FIELD one of text, title, url, published, source "
                        "(repeatable; defaults read SaudiNewsNet).")] = None,
    timeout: Annotated[float, typer.Option(help="HTTP timeout in seconds.")] = 15.0,
    retries: Annotated[int, typer.Option(help="HTTP retries after a timeout, 429 or 5xx.")] = 2,
    delay: Annotated[float, typer.Option(help="Seconds between two requests to the same host.")] = 1.0,
    published: Annotated[str | None, typer.Option(
        help="Publication date YYYY-MM-DD of the articles whose source gives none (.txt files, standard input, "
             "records without a date). Undated articles are stored, but queries by date leave them out.")] = None,
    lang: Annotated[str | None, typer.Option(help="ar, en or fr: the language of every article (default: "
                                                  "detected per article).")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", help="No progress bar.")] = False,
) -> None:
    """Read, code and store articles; re-ingesting the same articles changes nothing."""
    from marsad.ingest import Fetcher, estimate, expand, parse_mapping, run_ingest
    from marsad.pipeline import Coder

    if published is not None and not _is_date(published):
        raise usage(f"--published must be a date YYYY-MM-DD, not '{published}'")
    if lang is not None and lang not in ("ar", "en", "fr"):
        raise usage(f"--lang must be ar, en or fr, not '{lang}'")
    try:
        mapping = parse_mapping(field)
        store = _store(db)
        coder = Coder(tuple(kb or ()), syntax_lemmas=False)  # no words are stored
    except MarsadError as exc:
        raise fail(exc) from None
    specs = expand(sources)
    sizes = [estimate(s) for s in specs]
    total = None if any(n is None for n in sizes) else sum(n or 0 for n in sizes)
    progress = progress_bar(err, quiet)
    task = progress.add_task("ingest", total=total, status="")
    counts = {"added": 0, "unchanged": 0, "failed": 0}

    def step(_item: object, outcome: str) -> None:
        counts[outcome] += 1
        progress.update(task, advance=1, status=f"+{counts['added']} ={counts['unchanged']} ✗{counts['failed']}")

    try:
        with store, Fetcher(timeout=timeout, retries=retries, delay=delay) as fetcher, progress:
            report = run_ingest(specs, store, coder, fetcher=fetcher, mapping=mapping, on_item=step,
                                published=published, lang=lang)
    except MarsadError as exc:
        raise fail(exc) from None
    for f in report.failures[:50]:
        err.print(f"skipped {f.origin}: {f.reason}: {f.message}", highlight=False, markup=False)
    if len(report.failures) > 50:
        err.print(f"… and {len(report.failures) - 50} more skipped")
    err.print(f"{report.added} article(s) added ({report.events} events, {report.clustered} clustered), "
              f"{report.unchanged} already stored, {len(report.failures)} failed"
              + (f" {report.failures_by_reason()}" if report.failures else "") + f" → {store.name}",
              highlight=False, markup=False)
    if report.undated:
        err.print(f"note: {report.undated} article(s) stored without a publication date: their events are left out "
                  "of queries by date and of dyad series (give one with --published YYYY-MM-DD)", highlight=False,
                  markup=False)
    if report.failures:
        raise typer.Exit(1)


EVENT_COLUMNS = ("id", "date", "event", "actor", "recipient", "cameo", "location_name", "num_mentions",
                 "num_sources", "num_articles", "confidence")


def events(
    actor: Annotated[str | None, typer.Option(help="Actor: ISO3 country (MLI), CAMEO code (MLIGOV), KB id, or a "
                                                   "country name in ar, en or fr (Mali, مالي).")] = None,
    recipient: Annotated[str | None, typer.Option(help="Recipient, the same way as --actor.")] = None,
    event_type: Annotated[str | None, typer.Option("--type", help="PLOVER type, e.g. AGREE.")] = None,
    since: Annotated[str | None, typer.Option(help="First date YYYY-MM-DD (inclusive).")] = None,
    until: Annotated[str | None, typer.Option(help="Last date YYYY-MM-DD (inclusive).")] = None,
    min_sources: Annotated[int, typer.Option(help="Only events told by at least this many sources.")] = 1,
    sort: Annotated[str, typer.Option(help="date (the default: newest first), date_last, mentions, sources, "
                                           "articles, confidence, goldstein, event or id.")] = "date",
    order: OrderOption = None,
    limit: LimitOption = None,
    offset: OffsetOption = 0,
    fmt: FormatOption = "table",
    db: DbOption = None,
) -> None:
    """List clustered events, newest first: one row per real-world event, with how many articles and sources tell it.

    The total and the next page's --offset are said on stderr.
    """
    from marsad.store.queries import SORTS, page_events

    fmt = check_format(fmt, ("table", "json", "csv"))
    _check_sort(sort, order, SORTS)
    try:
        with _query_store(db) as store:
            actor, recipient, event_type = _resolve_filters(store, actor, recipient, event_type)
            page = page_events(store, actor, recipient, event_type, since, until, min_sources, sort,
                               _page_size(limit, fmt), offset, order)
            _say_left_out(store, actor, recipient, event_type, since, until, min_sources)
    except MarsadError as exc:
        raise fail(exc) from None
    _emit_rows(page["rows"], fmt, EVENT_COLUMNS)
    _say_page(page, "events")


def event(
    cluster_id: Annotated[int, typer.Argument(help="Event (cluster) id, as listed by `marsad events`.")],
    fmt: Annotated[str, typer.Option("--format", help=format_help(("table", "json")))] = "table",
    db: DbOption = None,
) -> None:
    """Show one event with each article's evidence and attribution."""
    from marsad.store.queries import get_event

    fmt = check_format(fmt, ("table", "json"))
    try:
        with _query_store(db) as store:
            c = get_event(store, cluster_id)
    except MarsadError as exc:
        raise fail(exc) from None
    if c is None:
        err.print(f"no event {cluster_id} in the store")
        raise typer.Exit(1)
    if fmt == "json":
        sys.stdout.write(json.dumps(c, ensure_ascii=False) + "\n")
        return
    out.print(f"[bold]#{c['id']} {c['event']}[/bold] {c['actor']} → {c['recipient'] or '—'}  "
              f"[dim]{c['date'] or '?'}…{c['date_last'] or '?'} · CAMEO {c['cameo']} · G {c['goldstein']:+} · "
              f"{c['location_name'] or 'no place'} · {c['num_mentions']} mentions, {c['num_articles']} articles, "
              f"{c['num_sources']} sources · confidence {c['confidence']:.2f}[/dim]", highlight=False)
    t = Table(show_lines=True, expand=True)
    for col in ("article", "source / date", "according to", "evidence"):
        t.add_column(col, overflow="fold")
    for m in c["members"]:
        a, att = m["article"], m["attribution"]
        who = att["speaker"] or ("the article" if att["evidentiality"] == "asserted" else "unnamed")
        t.add_row(f"{a['id']} {a['title'] or ''}\n{a['url'] or ''}", f"{a['source']}\n{a['published'] or '?'}",
                  f"{who} [{att['evidentiality']}]" + (f"\ncue: {att['cue']}" if att["cue"] else ""),
                  f"s{m['sentence']} {m['span']}: {m['text']}")
    out.print(t)


def actors(
    sort: Annotated[str, typer.Option(help="activity (as actor + as recipient; the default), as_actor, "
                                           "as_recipient, clusters or id.")] = "activity",
    order: OrderOption = None,
    limit: LimitOption = None,
    offset: OffsetOption = 0,
    fmt: FormatOption = "table",
    db: DbOption = None,
) -> None:
    """List actors seen in stored events, most active first; the total is said on stderr."""
    from marsad.store.queries import ACTOR_SORTS, page_actors

    fmt = check_format(fmt, ("table", "json", "csv"))
    _check_sort(sort, order, ACTOR_SORTS)
    try:
        with _query_store(db) as store:
            page = page_actors(store, _page_size(limit, fmt), offset, sort, order)
    except MarsadError as exc:
        raise fail(exc) from None
    _emit_rows(page["rows"], fmt, ("actor_id", "name", "name_ar", "country", "type", "as_actor", "as_recipient",
                                   "clusters"))
    _say_page(page, "actors")


def articles(
    source: Annotated[str | None, typer.Option(help="Only this source.")] = None,
    since: Annotated[str | None, typer.Option(help="Published on or after YYYY-MM-DD.")] = None,
    until: Annotated[str | None, typer.Option(help="Published on or before YYYY-MM-DD.")] = None,
    sort: Annotated[str, typer.Option(help="published (the default: newest first), id, events or "
                                           "language.")] = "published",
    order: OrderOption = None,
    limit: LimitOption = None,
    offset: OffsetOption = 0,
    fmt: FormatOption = "table",
    db: DbOption = None,
) -> None:
    """List stored articles with their event counts, newest first; the total is said on stderr."""
    from marsad.store.queries import ARTICLE_SORTS, page_articles

    fmt = check_format(fmt, ("table", "json", "csv"))
    _check_sort(sort, order, ARTICLE_SORTS)
    try:
        with _query_store(db) as store:
            page = page_articles(store, source, since, until, _page_size(limit, fmt), offset, sort, order)
    except MarsadError as exc:
        raise fail(exc) from None
    _emit_rows(page["rows"], fmt, ("id", "published", "source", "language", "events", "title", "url"))
    _say_page(page, "articles")


def stats(fmt: Annotated[str, typer.Option("--format", help=format_help(("table", "json")))] = "table",
          db: DbOption = None) -> None:
    """Counts of articles, mentions, events and clusters; sources, types, and the largest clusters."""
    from marsad.store.queries import stats as store_stats

    fmt = check_format(fmt, ("table", "json"))
    try:
        with _query_store(db) as store:
            s = store_stats(store)
    except MarsadError as exc:
        raise fail(exc) from None
    if fmt == "json":
        sys.stdout.write(json.dumps(s, ensure_ascii=False) + "\n")
        return
    t = Table(title=f"store {s['store']} (schema {s['schema_version']})", show_header=False)
    for key in ("articles", "mentions", "events", "clustered_events", "clusters", "clusters_multi_article",
                "clusters_multi_source", "published_first", "published_last", "coder_versions"):
        t.add_row(key, str(s[key]))
    t.add_row("languages", ", ".join(f"{k} {v}" for k, v in s["languages"].items()))
    t.add_row("sources", ", ".join(f"{k} {v}" for k, v in list(s["sources"].items())[:10]))
    t.add_row("event types", ", ".join(f"{k} {v}" for k, v in s["event_types"].items()))
    out.print(t)
    _emit_rows(s["largest_clusters"], "table", EVENT_COLUMNS, title="largest clusters")


# An export's file extension names its format; --format, when given too, must agree with it.
EXPORT_SUFFIXES = {".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv", ".parquet": "parquet", ".pq": "parquet",
                   ".tsv": "gdelt", ".json": "plover"}


def export_format(output: str, fmt: str | None) -> str:
    """The export format for ``output``: from ``--format`` and the file's extension, which must not disagree.

    ``json`` means JSON Lines here as in every command (``jsonl``); a ``.json`` file is one JSON document, so it
    takes the PLOVER array. ``-`` (stdout) or an extension Marsad does not know needs no agreement.
    """
    from marsad.store.export import FORMATS

    given = None
    if fmt is not None:
        given = "jsonl" if fmt.strip().lower() in ("json", "jsonl", "ndjson") else fmt.strip().lower()
        if given not in FORMATS:
            raise usage(f"--format must be one of {', '.join(FORMATS)} (json means jsonl), not '{fmt}'")
    suffix = Path(output).suffix.lower() if output != "-" else ""
    implied = EXPORT_SUFFIXES.get(suffix)
    if given and implied and given != implied:
        right = next((k for k, v in EXPORT_SUFFIXES.items() if v == given), None)
        raise usage(f"{output}: a {suffix} file holds {implied}, not {given}: name it "
                    f"{Path(output).with_suffix(right) if right else 'differently'} or give --format {implied}")
    if given:
        return given
    if implied:
        return implied
    if suffix:
        raise usage(f"{output}: cannot tell the format from '{suffix}': give --format ({', '.join(FORMATS)}) or "
                    f"end the name in {', '.join(EXPORT_SUFFIXES)}")
    return "jsonl"


def export(
    output: Annotated[str, typer.Argument(metavar="OUT", help="Output file, or - for stdout (not for parquet).")],
    fmt: Annotated[str | None, typer.Option("--format", help="jsonl (json means the same), csv, parquet, gdelt "
                                                             "(GDELT 2.0 event TSV) or plover (PLOVER JSON array). "
                                                             "Default: from OUT's extension (.jsonl, .csv, "
                                                             ".parquet, .tsv, .json); jsonl for -.")] = None,
    actor: Annotated[str | None, typer.Option(help="Only events with this actor (code, KB id or country name).")]
    = None,
    event_type: Annotated[str | None, typer.Option("--type", help="Only this PLOVER type.")] = None,
    since: Annotated[str | None, typer.Option(help="First date YYYY-MM-DD.")] = None,
    until: Annotated[str | None, typer.Option(help="Last date YYYY-MM-DD.")] = None,
    min_sources: Annotated[int, typer.Option(help="Only events told by at least this many sources.")] = 1,
    db: DbOption = None,
) -> None:
    """Export clustered events (one record per real-world event)."""
    from marsad.store.export import export as do_export

    fmt = export_format(output, fmt)
    try:
        with _query_store(db) as store:
            actor, _none, event_type = _resolve_filters(store, actor, None, event_type)
            n = do_export(store, fmt, output, actor=actor, event_type=event_type, since=since, until=until,
                          min_sources=min_sources)
    except MarsadError as exc:
        raise fail(exc) from None
    err.print(f"{n} event(s) written to {output} ({fmt})", highlight=False)


def recode(db: DbOption = None, kb: KbOption = None,
           since: Annotated[str | None, typer.Option(help="Only articles published on or after YYYY-MM-DD.")] = None,
           quiet: Annotated[bool, typer.Option("--quiet", help="No progress bar.")] = False) -> None:
    """Re-code stored articles after a lexicon or KB change; re-cluster what changed."""
    from marsad.pipeline import Coder

    try:
        store = _query_store(db)
        coder = Coder(tuple(kb or ()), syntax_lemmas=False)  # no words are stored
    except MarsadError as exc:
        raise fail(exc) from None
    progress = progress_bar(err, quiet, status=False)
    try:
        with store, progress:
            from marsad.store.queries import stats as store_stats

            task = progress.add_task("recode", total=store_stats(store, top=0)["articles"])
            report = store.recode(coder, on_article=lambda _a, _c: progress.advance(task), since=since)
    except MarsadError as exc:
        raise fail(exc) from None
    for article_id, message in report.failed:
        err.print(f"article {article_id}: {message}", highlight=False, markup=False)
    err.print(f"{report.articles} article(s) re-coded, {report.changed} changed; events {report.events_before} → "
              f"{report.events_after}", highlight=False)
    if report.failed:
        raise typer.Exit(1)


def _emit_rows(rows: list[dict[str, Any]], fmt: str, columns: tuple[str, ...], title: str | None = None) -> None:
    emit_rows(rows, fmt, columns, title, out)
