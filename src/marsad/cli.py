"""The ``marsad`` command: results to stdout, messages and progress to stderr.

Exit codes: 0 ok, 1 a data or input error (or some inputs skipped), 2 usage.
Only this module turns :class:`~marsad.errors.MarsadError` into exit codes; a
traceback reaching the user is a bug.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable
from datetime import date
from functools import partial
from importlib import resources
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from marsad import __version__
from marsad.clihelp import LazyGroup, ReadableCommand, ReadableGroup
from marsad.errors import InputError, MarsadError
from marsad.kb.petrarch import import_petrarch_command
from marsad.model import CodedDocument
from marsad.output import check_format, fail, for_each_input, format_help, usage
from marsad.text.decode import DEFAULT_MAX_BYTES, decode_bytes

# The store, relations, web, scale and eval commands are named in marsad.clihelp.LAZY_COMMANDS and imported only
# when run: a package that cannot load (a broken optional import) then breaks that one command, with a message
# naming the package, never `marsad --help` or `marsad code`.
app = typer.Typer(cls=LazyGroup, add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="Marsad: political event data from Arabic, English and French news.")
kb_app = typer.Typer(cls=ReadableGroup, no_args_is_help=True, help="Inspect and extend the actor knowledge base.")
app.add_typer(kb_app, name="kb")
kb_app.command("import-petrarch", cls=ReadableCommand)(import_petrarch_command)
train_app = typer.Typer(cls=ReadableGroup, no_args_is_help=True, help="Retrain a model on your own labelled data.")
app.add_typer(train_app, name="train")
err = Console(stderr=True, soft_wrap=True)  # a message is one line, whatever the width: logs get grepped
out = Console()

KbOption = Annotated[list[Path] | None, typer.Option("--kb", help="Extra KB YAML file (repeatable).",
                                                      exists=True, dir_okay=False)]


def _is_date(value: str) -> bool:
    """A real day written YYYY-MM-DD (not 2025-02-30, not 2025-7-1)."""
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _version(value: bool) -> None:
    if value:
        print(f"marsad {__version__}")
        raise typer.Exit()


@app.callback()
def _main(version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                                help="Show the version and exit.")] = False) -> None:
    """Marsad reads news and codes who did what to whom, when, where, and according to whom."""


def _coder(kb: list[Path] | None, lexicon: list[Path] | None = None,  # type: ignore[no-untyped-def]
           syntax: bool = True, detector: str | None = None, lemmas: bool = False):
    """The commands' coder; ``lemmas`` only where words are printed (``--with-syntax``): the events never
    read a lemma, and leaving the lemmatizer out makes the parse faster."""
    from marsad.pipeline import Coder

    return Coder(tuple(kb or ()), lexicon_files=tuple(lexicon or ()), syntax=syntax, syntax_lemmas=lemmas,
                 detector=True if detector is None else False if detector == "off" else Path(detector))


def _name(a: dict, lang: str) -> str:  # type: ignore[type-arg]
    """A party's or a speaker's name in the document's own script (Arabic names for an Arabic text)."""
    return (a.get("name_ar") or a["name"]) if lang == "ar" else (a["name"] or a.get("name_ar") or "")


def _actors(actors: list[dict], lang: str) -> str:  # type: ignore[type-arg]
    """Each party named in the document's own script, with its code."""
    return escape(" + ".join(f"{_name(a, lang)} ({a['code'] or a['id']})" for a in actors) or "—")


def print_table(cd: CodedDocument, console: Console) -> None:
    """A readable table of a coded document's events."""
    d = cd.to_dict()
    doc = d["document"]
    console.print(f"[bold]{escape(doc['title'] or '(untitled)')}[/bold]  [dim]{doc['language']} · {doc['id']} · "
                  f"{len(d['mentions'])} mentions · {len(d['events'])} events[/dim]")
    t = Table(show_lines=True, expand=True)
    for col in ("#", "event", "actor", "recipient", "according to", "date", "evidence"):
        t.add_column(col, overflow="fold")
    for i, e in enumerate(d["events"], 1):
        att = e["attribution"]
        if att["speaker"]:
            who = escape(_name(att["speaker"], doc["language"]))
        else:
            # Unnamed sources speculate ("observers believe"); a hedge or an assertion is the article's own.
            who = "unnamed sources" if att["evidentiality"] == "speculated" else "the article"
        flags = " ".join(f for f, on in (("negated", e["negated"]), ("future", e["future"])) if on)
        t.add_row(str(i), f"{e['event']}/{e['mode'] or '-'}\nCAMEO {e['cameo']} · G {e['goldstein']:+}"
                  + (f"\n{flags}" if flags else ""),
                  _actors(e["actor"], doc["language"]), _actors(e["recipient"], doc["language"]),
                  f"{who}\n({att['evidentiality']})",
                  f"{e['date']['value'] or '?'} ({e['date']['precision']})", escape(e["text"]))
    console.print(t)


def _read(path: str, max_bytes: int) -> tuple[str, str]:
    if path == "-":
        return decode_bytes(sys.stdin.buffer.read(), "<stdin>", max_bytes), "<stdin>"
    p = Path(path)
    if not p.exists():
        raise InputError(f"{path}: no such file", "missing")
    if p.is_dir():
        raise InputError(f"{path}: is a folder, not a file", "folder")
    try:
        size = p.stat().st_size
        if size > max_bytes:
            raise InputError(f"{path}: {size:,} bytes is larger than the limit of {max_bytes:,} bytes "
                             "(raise it with --max-bytes)", "too-large")
        data = p.read_bytes()
    except OSError as exc:  # no permission, a device error
        raise InputError(f"{path}: cannot be read ({exc.strerror or exc})", "unreadable") from None
    return decode_bytes(data, path, max_bytes), path


def _warn_language(text: str, name: str, lang: str) -> None:
    """Warn (stderr) when --lang names another language than the text reads as: coding Arabic with the
    English lexicon finds nothing, and the user should know why rather than trust an empty result."""
    from marsad.text import identify

    try:
        detected, _mixed = identify(text, name)
    except InputError:
        return  # the coder itself reports a text it cannot read
    if detected != lang:
        err.print(f"warning: {name}: --lang {lang}, but the text reads as {detected}; coding it as {lang} anyway",
                  highlight=False, markup=False)


@app.command(cls=ReadableCommand)
def code(
    files: Annotated[list[str], typer.Argument(help="Text files to code, or - for standard input.")],
    fmt: Annotated[str, typer.Option("--format", help=format_help(("json", "table")))] = "json",
    published: Annotated[str | None, typer.Option(help="Publication date YYYY-MM-DD.")] = None,
    lang: Annotated[str | None, typer.Option(help="ar, en or fr (default: detected).")] = None,
    kb: KbOption = None,
    lexicon: Annotated[list[Path] | None, typer.Option(
        "--lexicon", help="User lexicon YAML with a top-level 'lang:' (docs/LEXICON_FORMAT.md); its triggers are "
        "added to the built-in lexicon of that language (repeatable).", exists=True, dir_okay=False)] = None,
    max_bytes: Annotated[int, typer.Option(help="Largest input accepted, in bytes.")] = DEFAULT_MAX_BYTES,
    with_syntax: Annotated[bool, typer.Option("--with-syntax", help="Add the parsed sentences (UD words) to "
                                              "the JSON (docs/SCHEMA.md).")] = False,
    no_syntax: Annotated[bool, typer.Option("--no-syntax", help="Do not run the dependency parser.")] = False,
    detector: Annotated[str | None, typer.Option(
        "--detector", help="Folder of a retrained event detector (marsad train detector), or 'off' for the "
        "rules alone (default: the shipped detector).")] = None,
    title: Annotated[str | None, typer.Option(help="The article's title (one file only): the genre reads it.")] = None,
    url: Annotated[str | None, typer.Option(help="The article's http(s) address (one file only): the genre reads "
                                            "its sections and byline segment.")] = None,
    byline: Annotated[str | None, typer.Option(help="The article's byline (one file only), e.g. 'لندن: فلان'.")] = None,
) -> None:
    """Code news texts into events (one JSON document per line, per docs/SCHEMA.md)."""
    if with_syntax and no_syntax:
        raise usage("--with-syntax and --no-syntax contradict each other")
    if (title, url, byline) != (None, None, None) and len(files) != 1:
        raise usage("--title, --url and --byline describe one article: give exactly one file")
    if url is not None and not re.match(r"^https?://[^\s/]+", url):
        raise usage(f"--url must be an http:// or https:// address, not '{url}'")
    fmt = check_format(fmt, ("json", "table"))
    if lang is not None and lang not in ("ar", "en", "fr"):
        raise usage(f"--lang must be ar, en or fr, not '{lang}'")
    if published is not None and not _is_date(published):
        raise usage(f"--published must be a date YYYY-MM-DD, not '{published}'")
    if max_bytes < 1:
        raise usage("--max-bytes must be a positive number of bytes")
    try:
        coder = _coder(kb, lexicon, syntax=not no_syntax, detector=detector, lemmas=with_syntax)
    except MarsadError as exc:
        raise fail(exc) from None
    def code_one(path: str) -> None:
        text, name = _read(path, max_bytes)
        if lang is not None:
            _warn_language(text, name, lang)
        cd = coder.code(text, published=published, lang=lang, name=name, title=title, url=url, byline=byline)
        if fmt == "json":
            sys.stdout.write(json.dumps(cd.to_dict(with_syntax=with_syntax), ensure_ascii=False) + "\n")
        else:
            print_table(cd, out)

    for_each_input(files, code_one)


@app.command(cls=ReadableCommand)
def demo(kb: KbOption = None) -> None:
    """Code the reference article (Mali, Russia and Algeria) and show its events."""
    text = (resources.files("marsad") / "data" / "demo" / "mali-russia-weapons.ar.txt").read_text("utf-8")
    try:
        cd = _coder(kb).code(text, published=DEMO_PUBLISHED, name="demo")
    except MarsadError as exc:
        raise fail(exc) from None
    print_table(cd, out)
    err.print("\nThe same as JSON: [bold]marsad code FILE --format json[/bold] "
              f"(the demo text is {resources.files('marsad') / 'data' / 'demo' / 'mali-russia-weapons.ar.txt'}; "
              f"it was coded with --published {DEMO_PUBLISHED})", highlight=False)


# The reference article's own date is not in its text; the demo codes it as of this day.
DEMO_PUBLISHED = "2025-07-01"


def _reference_line() -> str:
    from marsad.coding import get_ontology

    onto = get_ontology()
    return f"reference: {len(onto.cameo)} CAMEO codes, {len(onto.modes)} PLOVER types"


def _kb_line(kb: tuple[Path, ...]) -> str:
    from marsad.kb import get_kb

    k = get_kb(kb)
    return (f"kb: {len(k.states)} states, {len(k.people)} people, {len(k.organisations)} organisations, "
            f"{len(k.roles)} roles, {len(k.places)} places, {k.alias_count} aliases")


def _names_line() -> str:
    from marsad.kb.persons import load_name_data

    names = load_name_data()
    return (f"given names: {sum(len(v) for v in names.given.values())} names, "
            f"{sum(len(v) for v in names.titles.values())} titles")


def _lexicon_line(lang: str) -> str:
    from marsad.coding import get_lexicon

    lx = get_lexicon(lang)
    types = {t.event for t in lx.triggers}
    return f"lexicon/{lang}: {lx.lemma_count} trigger lemmas, {lx.forms} surface forms, {len(types)}/16 PLOVER types"


def _genre_line() -> str:
    from marsad.coding.genre import rules

    gr = rules()
    return (f"genre: {sum(len(v) for v in gr.sections.values())} URL section words, "
            f"{sum(len(v) for v in gr.titles.values())} title patterns")


def _detector_line() -> str:
    from marsad.coding.detector import load as load_detector

    det = load_detector()
    return (f"detector: {len(det.heads['type'][2])} types, {len(det.heads['reading'][2])} readings, "
            f"{det.n_features} hashed features, threshold {det.threshold:g}")


@app.command("check-data", cls=ReadableCommand)
def check_data(kb: KbOption = None) -> None:
    """Validate the knowledge base, lexicons and reference tables; list every problem."""
    from marsad.syntax.parse import check_models

    problems: list[str] = []
    checks: list[Callable[[], str]] = [_reference_line, lambda: _kb_line(tuple(kb or ())), _names_line,
                                       *(partial(_lexicon_line, lang) for lang in ("ar", "en", "fr")), _genre_line]
    for check in checks:  # each data set on its own: one broken file does not hide the others' problems
        try:
            err.print(check())
        except MarsadError as exc:
            problems.append(str(exc))
    for line, ok in check_models():
        (err.print if ok else problems.append)(line)
    try:
        err.print(_detector_line())
    except MarsadError as exc:
        problems.append(str(exc))
    if problems:
        for p in problems:
            err.print(p, highlight=False, markup=False)
        raise typer.Exit(1)
    err.print("all data valid")


@kb_app.command("lookup", cls=ReadableCommand)
def kb_lookup(name: Annotated[str, typer.Argument(help="A name as written in the news.")],
              date: Annotated[str | None, typer.Option(help="Resolve roles as of YYYY-MM-DD.")] = None,
              kb: KbOption = None) -> None:
    """Show how a name resolves, and why."""
    from marsad.kb import get_kb
    from marsad.text.normalise import normalise_key

    try:
        k = get_kb(tuple(kb or ()))
    except MarsadError as exc:
        raise fail(exc) from None
    hits = k.lookup(name)
    for a in hits:
        actor = k.actor_for(a, date)
        note = " (ambiguous: counts only if the document also names it plainly)" if a.ambiguous else ""
        print(f"{name} → {actor.name} [{actor.code or actor.id}] type={actor.type}: {a.kind} of "
              f"{a.section}/{a.entry_id} in {a.lang} ('{a.written}'){note}")
    if hits:
        return
    # Not one alias: read it as the coder would (a role with a country, a name with clitics: الرئيس الروسي).
    from marsad.errors import InputError
    from marsad.pipeline import Coder

    try:
        found = Coder(tuple(kb or ())).code(name, published=date).mentions
    except InputError:
        found = []
    for m in found:
        e = m.entity
        print(f"{m.text} → {e.name} [{e.code or e.id}] type={e.type}: resolved as {m.how} "
              f"(id {e.id}{', as of ' + date if date else ''})")
    if not found:
        err.print(f"'{name}' (normalised '{normalise_key(name)}') is not in the knowledge base")
        raise typer.Exit(1)


@train_app.command("detector", cls=ReadableCommand)
def train_detector(
    files: Annotated[list[Path], typer.Argument(help="Labelled JSON-lines files (docs/DETECTOR_TRAINING.md).",
                                                exists=True, dir_okay=False)],
    out: Annotated[Path, typer.Option("--out", help="Folder to write the model to.", file_okay=False)] =
        Path("detector-model"),
) -> None:
    """Train the event detector on your own labelled sentences; use it with `marsad code --detector DIR`."""
    from marsad.coding.detector_train import train_files  # scikit-learn loads only for this command

    try:
        s = train_files(files, out)
    except MarsadError as exc:
        raise fail(exc) from None
    err.print(f"trained on {s['candidates']} candidates ({s['events']} events, {s['non_events']} not) from "
              f"{s['lines']} lines; {s['without_candidate']} lines had no candidate; wrote {out}", highlight=False)


def main() -> None:
    """The console script and ``python -m marsad``: one name in usage lines whichever way it is started."""
    try:
        app(prog_name="marsad")
    except MarsadError as exc:  # the last line of defence: never a traceback for our own errors
        err.print(f"error: {exc}", highlight=False, markup=False)
        sys.exit(1)
    except KeyboardInterrupt:
        sys.exit(130)
