"""The README's "Use" examples give the results they promise: every line run as written.

The lines are parsed out of README.md (the first ``sh`` block under "## Use"), so the test fails when the README
and the command drift apart. They run in an empty folder that holds the files they name (``a.txt``, a KB file,
a corpus, a folder — sentences written for this test), with ``.venv/bin/marsad`` a wrapper around this
checkout's ``python -m marsad`` and ``src`` a link to this checkout's sources. The one change: ``serve`` blocks,
so it is started with a free ``--port`` appended (the last --port wins), asked for /openapi.json and stopped.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"


def use_lines() -> list[str]:
    """The commands of the README's "Use" shell block, comments stripped."""
    text = README.read_text("utf-8")
    section = text.split("\n## Use\n", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```sh\n(.*?)```", section, re.S)
    assert block, "README.md: no ```sh block under ## Use"
    lines = []
    for raw in block.group(1).splitlines():
        line = re.sub(r"\s+#\s.*$", "", raw).strip()
        if line and not line.startswith("#"):
            lines.append(line)
    return lines


def _fixtures(folder: Path) -> None:
    """The files the README's lines name, besides article.txt (the README copies that one itself)."""
    (folder / "src").symlink_to(ROOT / "src")
    (folder / "a.txt").write_text("The president of Algeria received the foreign minister of Mali in Algiers.\n",
                                  "utf-8")
    (folder / "b.txt").write_text("Le gouvernement du Mali a condamné l'attaque contre une base militaire.\n",
                                  "utf-8")
    (folder / "my-region.yaml").write_text(
        "organisations:\n"
        "  - id: sahel-watch\n"
        "    names: {en: [Sahel Watch], fr: [Observatoire du Sahel], ar: [مرصد الساحل]}\n"
        "    type: organisation\n"
        "    sector: NGO\n", "utf-8")
    records = [
        {"title": "Talks", "text": "Mali's foreign minister met his Algerian counterpart in Algiers to discuss "
                                   "border security.", "url": "https://example.org/talks",
         "published": "2025-05-02", "source": "example.org"},
        {"title": "Visit", "text": "وصل وزير الخارجية المالي إلى موسكو في زيارة رسمية.",
         "url": "https://example.org/visit", "published": "2025-05-03", "source": "example.org"},
    ]
    with gzip.open(folder / "corpus.jsonl.gz", "wt", encoding="utf-8") as fh:
        fh.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    labels = [  # written for this test: a reported event, a background mention, another sense, a future visit
        {"text": "The army shelled rebel positions near the border on Monday.", "lang": "en",
         "trigger": "shelled", "event": "ASSAULT"},
        {"text": "After the bombing of the embassy in 2012, the talks collapsed.", "lang": "en",
         "trigger": "bombing", "event": None, "reading": "background"},
        {"text": "If the army attacks the city, thousands will flee.", "lang": "en", "trigger": "attacks",
         "event": None, "reading": "hypothetical"},
        {"text": "Attacking civilians is a crime under international law.", "lang": "en", "trigger": "Attacking",
         "event": None, "reading": "generic"},
        {"text": "هاجم الوزير الصحف المحلية بسبب تغطيتها.", "lang": "ar", "trigger": "هاجم", "event": "ACCUSE"},
        {"text": "Le ministre compte se rendre à Bamako la semaine prochaine.", "lang": "fr",
         "trigger": "se rendre", "event": "CONSULT", "reading": "future"},
    ]
    (folder / "my-labels.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in labels),
                                            "utf-8")
    (folder / "feed-or-folder").mkdir()
    (folder / "feed-or-folder" / "note.txt").write_text(
        "Russia announced that it would send military advisers to Mali.\n", "utf-8")
    bin_dir = folder / ".venv" / "bin"
    bin_dir.mkdir(parents=True)
    wrapper = bin_dir / "marsad"
    wrapper.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m marsad "$@"\n', "utf-8")
    wrapper.chmod(0o755)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _serve(line: str, folder: Path, env: dict[str, str]) -> None:
    port = _free_port()
    log = folder / "serve.log"
    with log.open("wb") as fh:
        proc = subprocess.Popen(["bash", "-c", f"exec {line} --port {port}"], cwd=folder, env=env, stdout=fh,
                                stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/openapi.json", timeout=2) as r:
                    assert json.load(r)["paths"]
                return
            except OSError:
                assert proc.poll() is None, f"`{line}` stopped: {log.read_text('utf-8')[-2000:]}"
                assert time.monotonic() < deadline, f"`{line}` did not answer in 60 s"
                time.sleep(0.3)
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_readme_lines_are_found() -> None:
    lines = use_lines()
    assert len(lines) >= 10
    assert any(" ingest " in x for x in lines) and any(" events " in x for x in lines)
    assert any(" dyad " in x for x in lines) and any(" serve " in x for x in lines)


def test_readme_use_lines_run_as_written(tmp_path: Path) -> None:
    _fixtures(tmp_path)
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "COLUMNS": "160"}
    env.pop("MARSAD_DB", None)
    outputs: dict[str, subprocess.CompletedProcess[str]] = {}
    for line in use_lines():
        if " serve " in f"{line} ":
            _serve(line, tmp_path, env)
            continue
        r = subprocess.run(["bash", "-c", line], cwd=tmp_path, env=env, capture_output=True, text=True,
                           timeout=300)
        assert r.returncode == 0, f"`{line}` exited {r.returncode}: {r.stderr[-2000:]}"
        if "bin/marsad" in line:
            assert (r.stdout + r.stderr).strip(), f"`{line}` printed nothing"
        outputs[line] = r
    # The flow code → ingest → events/dyad shows events, not an empty table.
    events = [r for line, r in outputs.items() if " events " in line]
    assert events and all(re.search(r"\b\d+\s*│\s*2025-", r.stdout) for r in events), [r.stdout for r in events]
    dyad = next(r for line, r in outputs.items() if " dyad " in line)
    assert re.search(r"2025-0\d", dyad.stdout) and "0 event(s)" not in dyad.stderr, dyad.stdout + dyad.stderr
    assert (tmp_path / "mli-dza.png").stat().st_size > 1000
    assert (tmp_path / "events.csv").read_text("utf-8").count("\n") >= 2
    coded = [r for line, r in outputs.items() if " code " in line and "--format json" in line]
    assert coded and json.loads(coded[0].stdout.splitlines()[0])["events"]
