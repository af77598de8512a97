"""The ``marsad serve`` command: the web face (API and pages) under uvicorn.

Lives beside the web package; the main CLI imports it only when ``serve`` runs (``marsad.clihelp``). Exit
codes as the rest of the CLI: 0 ok, 1 a store or config error at start, 2 usage.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

err = Console(stderr=True)


def serve(
    db: Annotated[str | None, typer.Option("--db", help="Store: a SQLite file or postgresql://… URL "
                                                        "(default: $MARSAD_DB, else ./marsad.db).")] = None,
    host: Annotated[str, typer.Option(help="Address to listen on (loopback by default).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.")] = 8000,
    kb: Annotated[list[Path] | None, typer.Option("--kb", help="Extra KB YAML file (repeatable).", exists=True,
                                                  dir_okay=False)] = None,
    token_file: Annotated[Path | None, typer.Option(
        "--token-file", help="File holding the write token (else $MARSAD_WEB_TOKEN; without one the server is "
                             "read-only).", exists=True, dir_okay=False)] = None,
    max_body: Annotated[int, typer.Option(help="Largest request body in bytes (larger: 413).")] = 2 * 1024 * 1024,
    cors_origin: Annotated[list[str] | None, typer.Option(
        "--cors-origin", help="Allow browser calls from this origin (repeatable; default: none).")] = None,
    create: Annotated[bool, typer.Option(
        "--create", help="Start on a new, empty store if --db does not exist (a server that will receive "
                         "articles through the write route); without it a missing store is an error.")] = False,
) -> None:
    """Serve the web pages and the REST API (OpenAPI at /docs and /openapi.json)."""
    import uvicorn

    from marsad.errors import MarsadError
    from marsad.store.checks import require_existing
    from marsad.web.app import Settings, create_app, token_from_env

    if not 0 < port < 65536:
        err.print("error: --port must be 1–65535", highlight=False)
        raise typer.Exit(2)
    if max_body < 1:
        err.print("error: --max-body must be a positive number of bytes", highlight=False)
        raise typer.Exit(2)
    token = token_file.read_text("utf-8").strip() if token_file else token_from_env()
    if token_file and not token:
        err.print(f"error: {token_file} is empty", highlight=False)
        raise typer.Exit(2)
    if not create:
        try:  # a misspelt --db would otherwise serve a new, empty store that looks like "no events"
            require_existing(db)
        except MarsadError as exc:
            err.print(f"error: {exc} (or pass --create to start on a new store)", highlight=False, markup=False)
            raise typer.Exit(1) from None
    settings = Settings(db=db, token=token, max_body=max_body, cors_origins=list(cors_origin or []),
                        kb_files=tuple(kb or ()))
    app = create_app(settings)
    try:  # open the store and load the coder now: a bad --db fails here, not on the first request
        res = app.state.resources
        err.print(f"store: {res.store().name}", highlight=False)
        res.coder()
    except MarsadError as exc:
        err.print(f"error: {exc}", highlight=False, markup=False)
        raise typer.Exit(1) from None
    mode = "writes with the token" if token else "read-only"
    err.print(f"Marsad on http://{host}:{port}/ ({mode}; API docs at /docs)", highlight=False)
    uvicorn.run(app, host=host, port=port, log_level="info", server_header=False)

