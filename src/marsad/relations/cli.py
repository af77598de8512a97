"""The relations commands: ``dyad``, ``network``, ``alerts`` (listed in ``marsad.clihelp.LAZY_COMMANDS``).

Each command parses its options, calls one function of :mod:`marsad.relations` and formats what it returns:
results to stdout (``--format json`` is JSON Lines), messages to stderr. Exit codes: 0 ok, 1 a data or store
error, 2 usage. Matplotlib and networkx are imported only by the commands that need them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape

from marsad.errors import MarsadError
from marsad.output import check_format, emit_rows, fail, format_help, usage

err = Console(stderr=True, soft_wrap=True)
out = Console()

DbOption = Annotated[str | None, typer.Option("--db", help="Store: a SQLite file or postgresql://… URL "
                                                           "(default: $MARSAD_DB, else ./marsad.db).")]
FormatOption = Annotated[str, typer.Option("--format", help=format_help(("table", "json", "csv")))]
SinceOption = Annotated[str | None, typer.Option(help="First date YYYY-MM-DD (inclusive).")]
LabelsOption = Annotated[str, typer.Option("--labels", help="Names in charts: en, or ar (Arabic where known).")]
ImpliedOption = Annotated[bool, typer.Option(
    "--with-implied", help="Also count parties the text does not name (an attack's unnamed victims read as their "
                           "country); left out by default.")]
OpinionOption = Annotated[bool, typer.Option(
    "--with-opinion", help="Also count events told by opinion pieces and interviews (document genre); left out by "
                           "default: a column argues, it reports no event.")]

SERIES_COLUMNS = ("period", "start", "events", "q1", "q2", "q3", "q4", "goldstein_sum", "goldstein_mean", "weight",
                  "net", "index", "a_to_b", "b_to_a", "mutual")
EDGE_COLUMNS = ("source", "target", "events", "q1", "q2", "q3", "q4", "weight", "net", "index")
ALERT_COLUMNS = ("dyad", "a_name", "b_name", "period", "direction", "index", "baseline_mean", "baseline_sd", "z",
                 "events", "drivers")


def _check(value: str, allowed: tuple[str, ...], option: str) -> None:
    if value not in allowed:
        raise usage(f"{option} must be one of {', '.join(allowed)}, not '{value}'")


def _store(db: str | None):  # type: ignore[no-untyped-def]
    """A store to read: one that does not exist is an error (never a new empty store)."""
    from marsad.store.checks import open_existing

    return open_existing(db)


def _party(store: Any, value: str, which: str) -> str:
    """A dyad party as the store matches it (a country name read as its code, said on stderr)."""
    from marsad.store.checks import resolve_party

    code, note = resolve_party(store, value, which)
    if note:
        err.print(note, highlight=False, markup=False)
    return code


def _undated(store: Any, a: str, b: str) -> int:
    """Events between ``a`` and ``b`` (either way) with no date: a series by period cannot place them."""
    from marsad.store.queries import list_events

    ids = {r["id"] for x, y in ((a, b), (b, a)) for r in list_events(store, actor=x, recipient=y) if not r["date"]}
    return len(ids)


def dyad(
    a: Annotated[str, typer.Argument(help="First actor: ISO3 country (MLI), CAMEO code (MLIGOV), KB id, or a "
                                          "country name in ar, en or fr (Mali, مالي).")],
    b: Annotated[str, typer.Argument(help="Second actor, the same way (e.g. RUS or wagner-group).")],
    by: Annotated[str, typer.Option("--by", help="Period: day, week or month.")] = "week",
    since: SinceOption = None,
    until: Annotated[str | None, typer.Option(help="Last date YYYY-MM-DD (inclusive).")] = None,
    plot: Annotated[Path | None, typer.Option("--plot", help="Also draw the series to this PNG file.",
                                              dir_okay=False)] = None,
    labels: LabelsOption = "en",
    with_implied: ImpliedOption = False,
    with_opinion: OpinionOption = False,
    fmt: FormatOption = "table",
    db: DbOption = None,
) -> None:
    """Cooperation–conflict series of two actors, per week or month (index formula: docs/RELATIONS.md)."""
    from marsad.relations.series import dyad_series

    _check(by, ("day", "week", "month"), "--by")
    fmt = check_format(fmt, ("table", "json", "csv"))
    _check(labels, ("en", "ar"), "--labels")
    if plot is not None and plot.suffix.lower() != ".png":
        raise usage("--plot must name a .png file")
    try:
        with _store(db) as store:
            a, b = _party(store, a, "first actor"), _party(store, b, "second actor")
            series = dyad_series(store, a, b, by=by, since=since, until=until, implied=with_implied,
                                 opinion=with_opinion)
            undated = _undated(store, a, b)
    except MarsadError as exc:
        raise fail(exc) from None
    rows = series["periods"]
    names = f"{series['a']['name']} ({a}) – {series['b']['name']} ({b})"
    _emit_rows(rows, fmt, SERIES_COLUMNS if fmt != "json" else (), title=names)
    n = sum(r["events"] for r in rows)
    err.print(f"{names}: {n} event(s) in {len(rows)} {by}(s); a_to_b = {a} acting on {b}", highlight=False)
    if undated:
        err.print(f"note: {undated} event(s) between them have no date and are left out of the series (their "
                  "articles had no publication date: ingest them with --published YYYY-MM-DD)", highlight=False,
                  markup=False)
    if plot is not None:
        from marsad.relations.plot import plot_dyad

        err.print(f"chart written to {plot_dyad(series, plot, labels=labels)}", highlight=False)


def network(
    since: SinceOption = None,
    until: Annotated[str | None, typer.Option(help="Last date YYYY-MM-DD (inclusive).")] = None,
    min_events: Annotated[int, typer.Option("--min-events", help="Keep edges with at least this many events.")] = 2,
    level: Annotated[str, typer.Option("--level", help="Nodes: country, or actor (named actors apart).")] = "country",
    out_files: Annotated[list[Path] | None, typer.Option(
        "--out", help="Write the graph to FILE.graphml, FILE.json or FILE.png (repeatable).", dir_okay=False)] = None,
    labels: LabelsOption = "en",
    top: Annotated[int | None, typer.Option(
        "--top", help="A PNG draws only the N busiest nodes (default 40); GraphML and JSON keep all.",
        min=1)] = None,
    limit: Annotated[int | None, typer.Option("--limit", help="Print at most this many edges.")] = 30,
    with_implied: ImpliedOption = False,
    with_opinion: OpinionOption = False,
    fmt: FormatOption = "table",
    db: DbOption = None,
) -> None:
    """The actor network: nodes, edges with volume and net cooperation/conflict; print edges, export files."""
    from marsad.relations.network import OUT_FORMATS, network_data, write_network
    from marsad.relations.network import network as build

    _check(level, ("country", "actor"), "--level")
    fmt = check_format(fmt, ("table", "json", "csv"))
    _check(labels, ("en", "ar"), "--labels")
    for f in out_files or ():
        if f.suffix.lower() not in OUT_FORMATS:
            raise usage(f"--out {f}: the file must end in {', '.join(OUT_FORMATS)}")
    try:
        with _store(db) as store:
            g = build(store, since=since, min_events=min_events, level=level, until=until, implied=with_implied,
                      opinion=with_opinion)
        for f in out_files or ():
            err.print(f"written {write_network(g, f, labels=labels, top=top)}", highlight=False)
    except MarsadError as exc:
        raise fail(exc) from None
    data = network_data(g)
    edges = data["edges"][:limit] if limit else data["edges"]
    _emit_rows(edges, fmt, EDGE_COLUMNS if fmt != "json" else (), title=f"{len(data['edges'])} edges")
    err.print(f"{len(data['nodes'])} node(s), {len(data['edges'])} edge(s) with ≥ {min_events} event(s)",
              highlight=False)


def _drivers(alert: dict[str, Any]) -> str:
    return "\n".join(f"  #{d['id']} {d['date']} {d['event']} {d['actor']}→{d['recipient'] or '—'} "
                     f"G{d['goldstein']:+g} ({d['num_sources']} src, {d['evidentiality']}) "
                     f"{d['contribution']:+g}" for d in alert["drivers"])


def alerts(
    since: SinceOption = None,
    window: Annotated[int, typer.Option("--window", help="Baseline: this many periods before each one.")] = 7,
    by: Annotated[str, typer.Option("--by", help="Period: day, week or month.")] = "day",
    level: Annotated[str, typer.Option("--level", help="Dyads of country or actor nodes.")] = "country",
    threshold: Annotated[float, typer.Option("--threshold", help="Alert when |z| reaches this.")] = 3.0,
    min_events: Annotated[int, typer.Option("--min-events", help="Events needed in the alert period.")] = 2,
    with_implied: ImpliedOption = False,
    with_opinion: OpinionOption = False,
    within_side: Annotated[bool, typer.Option(
        "--within-side", help="Also moves no event of the side they move toward drives (less cooperation, "
        "less conflict).")] = False,
    fmt: FormatOption = "table",
    db: DbOption = None,
) -> None:
    """Dyads whose index moved significantly against their own trailing baseline, with the events behind it."""
    from marsad.relations.alerts import alerts as find_alerts

    _check(by, ("day", "week", "month"), "--by")
    _check(level, ("country", "actor"), "--level")
    fmt = check_format(fmt, ("table", "json", "csv"))
    try:
        with _store(db) as store:
            found = find_alerts(store, since=since, window=window, by=by, level=level, threshold=threshold,
                                min_events=min_events, implied=with_implied, opinion=with_opinion,
                                within_side=within_side)
    except MarsadError as exc:
        raise fail(exc) from None
    if fmt == "json":
        _emit_rows(found, fmt, ())
    elif fmt == "table":  # one block per alert: readable at any terminal width
        for x in found:
            out.print(f"[bold]{escape(x['a_name'])} – {escape(x['b_name'])}[/bold] ({x['dyad']}) {x['period']}: "
                      f"{x['direction']}, index {x['index']:+.2f} against {x['baseline_mean']:+.2f} ± "
                      f"{x['baseline_sd']:.2f} over {x['baseline_periods']} period(s), z = {x['z']:+.2f}, "
                      f"{x['events']} event(s)", highlight=False)
            out.print(escape(_drivers(x)), highlight=False)
    else:
        rows = [{**x, "drivers": " ".join(str(d["id"]) for d in x["drivers"])} for x in found]
        _emit_rows(rows, fmt, ALERT_COLUMNS)
    err.print(f"{len(found)} alert(s); `marsad event ID` shows the evidence of a driving event", highlight=False)


def _emit_rows(rows: list[dict[str, Any]], fmt: str, columns: tuple[str, ...], title: str | None = None) -> None:
    emit_rows(rows, fmt, columns, title, out)
