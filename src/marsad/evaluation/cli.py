"""``marsad eval``: score Marsad on the public gold sets, read from ``--data DIR``.

The gold files are never copied into the repository (several carry research-only
newspaper text), so every sub-command takes the folder they live in. Figures go to
stdout as a Rich table, or as one JSON object with ``--json``; progress and
problems go to stderr.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from marsad.evaluation.common import SPLITS, Report

eval_app = typer.Typer(no_args_is_help=True, help="Score Marsad on the public gold sets (dev/test splits).")
err = Console(stderr=True)

DataOption = Annotated[Path, typer.Option("--data", help="Folder holding the gold sets (the shared eval folder).",
                                          file_okay=False)]
SplitOption = Annotated[str, typer.Option("--split", help="dev, test or all (dev: sha1(id) % 5 < 3).")]
LimitOption = Annotated[int | None, typer.Option("--limit", help="Score at most N records per file.", min=1)]
JsonOption = Annotated[bool, typer.Option("--json", help="Print one JSON object instead of a table (= --format "
                                                             "json).")]
FormatOption = Annotated[str, typer.Option("--format", help="table or json (one JSON object on one line).")]
QuietOption = Annotated[bool, typer.Option("--quiet", help="No progress bar.")]
KbOption = Annotated[list[Path] | None, typer.Option("--kb", help="Extra KB YAML file (repeatable).",
                                                     exists=True, dir_okay=False)]
DEFAULT_DATA = Path("../shared/eval")


def render(report: Report, as_json: bool) -> None:
    """Print a report: JSON on one line, or a table with the goals and whether they are met."""
    if as_json:
        sys.stdout.write(json.dumps(report.to_dict(), ensure_ascii=False) + "\n")
        return
    out = Console()
    t = Table(title=f"marsad eval {report.name} — split {report.split}, {report.records} records")
    for col in ("metric", "value", "goal", "detail"):
        t.add_column(col, overflow="fold")
    for r in report.rows:
        goal = "" if r.goal is None else ("≥ " if r.higher_is_better else "≤ ") + f"{r.goal:.2f}"
        mark = "" if r.met is None else (" [green]✓[/green]" if r.met else " [red]✗[/red]")
        t.add_row(r.metric, f"{r.value:.3f}", goal + mark, r.detail)
    out.print(t)
    for n in report.notes:
        err.print(f"note: {n}", highlight=False, markup=False)
    if report.errors:
        err.print(f"{len(report.errors)} record(s) could not be coded, e.g. {report.errors[0]}", highlight=False,
                  markup=False)


def _check(split: str, data: Path, needed: str) -> None:
    if split not in SPLITS:
        err.print("error: --split must be dev, test or all")
        raise typer.Exit(2)
    if not (data / needed).exists():
        err.print(f"error: {data / needed} not found (pass the gold-set folder with --data)", highlight=False)
        raise typer.Exit(1)


# The running evaluation's progress step; set by _run, moved by every coder _coder makes.
_STEP: list[Callable[[], None]] = []


class _Counting:
    """A coder that moves the progress bar at each document, so the scorers need not know about it."""

    def __init__(self, coder: Any) -> None:
        self.coder = coder

    def code(self, *args: Any, **kwargs: Any) -> Any:
        try:
            return self.coder.code(*args, **kwargs)
        finally:
            for step in _STEP:
                step()

    def __getattr__(self, name: str) -> Any:
        return getattr(self.coder, name)


def _run(fn: Callable[[], Report], as_json: bool, fmt: str = "table", quiet: bool = False,
         renderer: Callable[[Any, bool], None] = render) -> None:
    from marsad.errors import MarsadError
    from marsad.output import check_format, progress_bar

    as_json = as_json or check_format(fmt, ("table", "json")) == "json"
    progress = progress_bar(err, quiet, unit="records", status=False)
    task = progress.add_task("eval", total=None)
    _STEP.append(lambda: progress.advance(task))
    try:
        with progress:
            report = fn()
    except MarsadError as exc:
        err.print(f"error: {exc}", highlight=False, markup=False)
        raise typer.Exit(1) from None
    finally:
        _STEP.clear()
    renderer(report, as_json)


_OPTIONS: dict[str, object] = {"detector": True}


@eval_app.callback()
def _options(detector: Annotated[bool, typer.Option("--detector/--no-detector", help="Code with the trained "
                                                    "event detector (default) or with the rules alone.")] = True,
             ) -> None:
    """Options for every evaluation (before the sub-command: ``marsad eval --no-detector arabic-gsr``)."""
    _OPTIONS["detector"] = detector


def _coder(kb: list[Path] | None = None, lexicon: list[Path] | None = None):  # type: ignore[no-untyped-def]
    from marsad.pipeline import Coder

    return _Counting(Coder(tuple(kb or ()), lexicon_files=tuple(lexicon or ()), detector=_OPTIONS["detector"],
                           syntax_lemmas=False))


@eval_app.command("arabic-gsr")
def arabic_gsr(data: DataOption = DEFAULT_DATA, split: SplitOption = "dev", limit: LimitOption = None,
               as_json: JsonOption = False, fmt: FormatOption = "table", quiet: QuietOption = False,
        kb: KbOption = None) -> None:
    """Arabic ASSAULT/PROTEST GSR: detection P/R/F1 and source/target country agreement."""
    from marsad.evaluation import arabic_gsr as mod

    _check(split, data, "arabic-event-gsr")
    _run(lambda: mod.evaluate(data, _coder(kb), split, limit), as_json, fmt, quiet)


@eval_app.command("plover")
def plover(data: DataOption = DEFAULT_DATA, split: SplitOption = "dev", limit: LimitOption = None,
           as_json: JsonOption = False, fmt: FormatOption = "table", quiet: QuietOption = False,
        kb: KbOption = None) -> None:
    """English PLOVER GSR: event type, actor and recipient country accuracy."""
    from marsad.evaluation import plover as mod

    _check(split, data, "plover-gsr")
    _run(lambda: mod.evaluate(data, _coder(kb), split, limit), as_json, fmt, quiet)


@eval_app.command("petrarch")
def petrarch(data: DataOption = DEFAULT_DATA, split: SplitOption = "dev", limit: LimitOption = None,
             as_json: JsonOption = False, fmt: FormatOption = "table",
             quiet: QuietOption = False) -> None:
    """PETRARCH-2 validation suite with its own dictionaries: actors/agents as a user KB, verbs as a user lexicon."""
    from marsad.evaluation import petrarch as mod

    _check(split, data, "petrarch-validation")
    _run(lambda: mod.evaluate(data, lambda kb, lex: _coder(list(kb), list(lex)), split, limit), as_json, fmt,
         quiet)


@eval_app.command("ner")
def ner(data: DataOption = DEFAULT_DATA, split: SplitOption = "dev", limit: LimitOption = None,
        as_json: JsonOption = False, fmt: FormatOption = "table", quiet: QuietOption = False,
        kb: KbOption = None) -> None:
    """Arabic NER (ANERcorp, NewsFANE, Wojood sample): entity P/R/F1 of Marsad's name mentions."""
    from marsad.evaluation import ner as mod

    _check(split, data, "arabic-ner")

    def go() -> Report:
        coder = _coder(kb)
        return mod.evaluate(data, coder, split, limit, kb=coder.kb)

    _run(go, as_json, fmt, quiet)


LangOption = Annotated[str, typer.Option("--lang", help="ar (the corpus articles) or en / fr (the translations).")]


def render_news(report, as_json: bool) -> None:  # type: ignore[no-untyped-def]
    """The pooled figures, then one row per article and every core miss and false positive with its cause."""
    render(report, as_json)
    if as_json:
        return
    out = Console()
    t = Table(title="per article")
    for col in ("article", "core found", "gold found", "coded", "coded ok"):
        t.add_column(col)
    for a in report.articles:
        t.add_row(str(a.number), f"{a.core_found}/{a.core}", f"{a.gold_found}/{a.gold}", str(a.coded),
                  str(a.coded_ok))
    out.print(t)
    t = Table(title="core misses")
    for col in ("article", "event", "type", "source → target", "cause"):
        t.add_column(col)
    for m in report.misses:
        if m["tier"] == "core":
            t.add_row(str(m["article"]), m["event"], "/".join(m["type"]) + (" (negated)" if m["negated"] else ""),
                      f"{m['source']} → {m['target']}", m["cause"])
    out.print(t)
    t = Table(title="false positives")
    for col in ("article", "type", "actor → recipient", "trigger", "cause"):
        t.add_column(col, overflow="fold")
    for f in report.false_positives:
        t.add_row(str(f["article"]), f["type"] + (" (negated)" if f["negated"] else ""),
                  f"{f['actor']} → {f['recipient']}", f["trigger"], f["cause"])
    out.print(t)


@eval_app.command("news")
def news(data: DataOption = DEFAULT_DATA, lang: LangOption = "ar", as_json: JsonOption = False,
         fmt: FormatOption = "table", quiet: QuietOption = False, kb: KbOption = None) -> None:
    """news-gold: full articles coded by experts; pooled core recall, precision, misses and errors by cause."""
    from marsad.evaluation import news as mod

    if lang not in mod.LANGS:
        err.print("error: --lang must be ar, en or fr")
        raise typer.Exit(2)
    _check("dev", data, "news-gold")
    _run(lambda: mod.evaluate(data, _coder(kb), lang), as_json, fmt, quiet, renderer=render_news)
