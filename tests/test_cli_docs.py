"""Help a person can read: placeholders such as FILE, N, DATE (never a Python annotation like <list[Path]>),
flags without a value, progress bars with rate and ETA, and docs/cli.md current with the commands."""

from __future__ import annotations

import re
import subprocess
import sys
from io import StringIO
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from typer.testing import CliRunner

from marsad.cli import app
from marsad.clihelp import LAZY_COMMANDS, load_command
from marsad.output import progress_bar

ROOT = Path(__file__).resolve().parents[1]
runner = CliRunner()


def _paths() -> list[list[str]]:
    """Every command and sub-command, as argument lists."""
    root = typer.main.get_command(app)
    ctx: Any = root.context_class(root, info_name="marsad")
    out: list[list[str]] = [[]]
    for name in root.list_commands(ctx):
        cmd = load_command(name) if name in LAZY_COMMANDS else root.get_command(ctx, name)
        out.append([name])
        if hasattr(cmd, "list_commands"):
            sub_ctx = cmd.context_class(cmd, info_name=name, parent=ctx)
            out += [[name, sub] for sub in cmd.list_commands(sub_ctx)]
    return out


def test_every_help_has_readable_placeholders() -> None:
    paths = _paths()
    assert len(paths) > 20
    for path in paths:
        r = runner.invoke(app, [*path, "--help"], env={"COLUMNS": "200"})
        assert r.exit_code == 0, path
        assert not re.search(r"<[a-z][\w\[\], |]*>", r.stdout), (path, re.findall(r"<[^>]*>", r.stdout))
        assert "{" not in r.stdout.split("\n\n")[0] + r.stdout.splitlines()[1], path  # no {NAME} in usage
        for line in r.stdout.splitlines():
            if "--help" in line or "--quiet" in line or "--json " in line:
                assert not re.search(r"--(help|quiet|json)\s+[A-Z_.]{2,}\s{2}", line), (path, line)


def test_placeholders_name_what_to_write() -> None:
    out = runner.invoke(app, ["ingest", "--help"], env={"COLUMNS": "200"}).stdout
    assert re.search(r"--published\s+DATE", out) and re.search(r"--kb\s+FILE", out)
    assert re.search(r"--retries\s+N\b", out) and "SOURCE..." in out
    out = runner.invoke(app, ["eval", "plover", "--help"], env={"COLUMNS": "200"}).stdout
    assert re.search(r"--limit\s+N\b", out) and re.search(r"--data\s+DIR", out)


def test_progress_bar_shows_rate_and_eta() -> None:
    buf = StringIO()
    console = Console(file=buf, width=200, force_terminal=False)
    progress = progress_bar(console, quiet=False)
    task = progress.add_task("ingest", total=10, status="")
    with progress:
        for _ in range(10):
            progress.advance(task)
    shown = buf.getvalue()
    assert "10/10" in shown and "articles/s" in shown and "ETA" in shown


def test_docs_cli_md_is_current() -> None:
    r = subprocess.run([sys.executable, str(ROOT / "tools" / "gen_cli_docs.py"), "--check"], capture_output=True,
                       text=True, timeout=120)
    assert r.returncode == 0, r.stderr + " (run: python tools/gen_cli_docs.py)"
    text = (ROOT / "docs" / "cli.md").read_text("utf-8")
    for path in _paths():
        assert f"marsad {' '.join(path)}".strip() in text
