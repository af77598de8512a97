"""Fault injection for the event store: SIGKILL mid-ingest, two concurrent writers, a full disk.

Run by hand (it prints figures; docs/RELIABILITY.md ("Store faults") records them)::

    .venv/bin/python fuzz/fault_store.py --runs 100                       # SIGKILL loop on SQLite
    .venv/bin/python fuzz/fault_store.py --runs 0 --concurrent 10 --disk-full 10
    eval "$(bash tools/start-postgres.sh)"
    .venv/bin/python fuzz/fault_store.py --runs 20 --concurrent 10 --pg "$MARSAD_TEST_PG_URL"

Why invented articles: the corpus is written here (families of 4 reports of one event by 4 outlets, each family
on its own day, 7 days from the next) so that the clusters it makes do not depend on the order in which the
articles are stored; two concurrent writers interleave in any order and must still end with exactly the
reference clusters. The reference is computed at start-up by coding the corpus with the installed coder and
storing it once, uninterrupted, so the checks follow lexicon changes.

A killed run is checked before it is rerun: ``PRAGMA integrity_check`` is ``ok``, no foreign key dangles,
every stored article has exactly the mentions, events, event actors and cluster memberships of its reference
coding (no half article), and every cluster's counts agree with its members. The rerun must then end with
exactly the reference rows and clusters. Each kill is a fork of this process (the coder is loaded once, so a
run costs well under a second) or, with ``--cli``, the real ``marsad ingest`` command in a subprocess.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import traceback
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event, func, select, text
from sqlalchemy.engine import Engine, make_url

from marsad.errors import StoreError
from marsad.ingest import run_ingest
from marsad.model import CodedDocument
from marsad.pipeline import Coder
from marsad.store import Store, resolve_url
from marsad.store.schema import articles, cluster_members, clusters, event_actors, events, mentions, metadata
from marsad.store.schema import schema_version as schema_version_table

TABLES = ("articles", "mentions", "events", "event_actors", "clusters", "cluster_members")

# --- the corpus -----------------------------------------------------------------------------------------------

PAIRS = [("Mali", "Russia", "Moscow"), ("Algeria", "France", "Paris"), ("Niger", "Mali", "Bamako"),
         ("Egypt", "Sudan", "Cairo"), ("Iran", "Iraq", "Baghdad"), ("Morocco", "Spain", "Madrid"),
         ("Tunisia", "Libya", "Tripoli"), ("Jordan", "Syria", "Amman")]
LEADS = [
    "{a} and {b} signed a defence accord in {city} on Monday, officials said.",
    "{a} accused {b} of violating its airspace near {city} on Monday.",
    "The foreign minister of {a} met his {b} counterpart in {city} on Monday to discuss security.",
    "{a} sent humanitarian aid to {b} on Monday after floods hit {city}.",
]
OUTLETS = ["north-wire", "desert-post", "coast-herald", "river-times"]
FILLERS = [
    "The {o} correspondent said the talks had been planned for several weeks.",
    "According to the {o} newsroom, the ministry published a short statement afterwards.",
    "Reporters from {o} said the delegation left the capital the same evening.",
    "Analysts quoted by {o} described the meeting as routine and expected more talks.",
]


def corpus(families: int = 15, per_family: int = 4) -> list[dict[str, str]]:
    """Invented news articles: ``families`` events, each told by ``per_family`` outlets on the same day."""
    out = []
    day0 = date(2025, 3, 3)
    for f in range(families):
        a, b, city = PAIRS[f % len(PAIRS)]
        lead = LEADS[(f // len(PAIRS) + f) % len(LEADS)]
        published = (day0 + timedelta(days=7 * f)).isoformat()
        for k in range(per_family):
            o = OUTLETS[k % len(OUTLETS)]
            body = lead.format(a=a, b=b, city=city) + " " + FILLERS[k % len(FILLERS)].format(o=o) + (
                f" The report, number {f}-{k}, was filed from {city}.")
            out.append({"text": body, "title": f"{a} and {b}: report {f}-{k}", "url": f"https://{o}.example/{f}/{k}",
                        "published": published, "source": o})
    return out


def write_corpus(path: Path, arts: list[dict[str, str]]) -> Path:
    path.write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in arts), encoding="utf-8")
    return path


def code_all(coder: Coder, arts: list[dict[str, str]]) -> list[CodedDocument]:
    return [coder.code(a["text"], published=a["published"], title=a["title"], source=a["source"], url=a["url"],
                       name=a["url"]) for a in arts]


# --- looking at a store ---------------------------------------------------------------------------------------

@dataclass
class Snapshot:
    totals: dict[str, int]
    per_article: dict[tuple[str, str], tuple[int, int, int, int]]  # key -> (mentions, events, actors, members)
    clusters: Counter[tuple[Any, ...]]  # (event, dyad, date, place, mentions, articles, sources)
    problems: list[str] = field(default_factory=list)


def snapshot(engine: Engine) -> Snapshot:
    """Counts of a store, per table, per article and per cluster, and the inconsistencies found on the way."""
    problems: list[str] = []
    with engine.connect() as conn:
        totals = {t.name: conn.execute(select(func.count()).select_from(t)).scalar_one()
                  for t in (articles, mentions, events, event_actors, clusters, cluster_members)}

        def per(table: Any, col: Any) -> dict[int, int]:
            return dict(conn.execute(select(col, func.count()).select_from(table).group_by(col)).all())

        n_mentions = per(mentions, mentions.c.article_id)
        n_events = per(events, events.c.article_id)
        n_members = per(cluster_members, cluster_members.c.article_id)
        n_actors = dict(conn.execute(select(events.c.article_id, func.count()).select_from(
            event_actors.join(events, events.c.id == event_actors.c.event_id)).group_by(events.c.article_id)).all())
        per_article = {}
        for aid, doc_id, url_key in conn.execute(select(articles.c.id, articles.c.doc_id, articles.c.url_key)):
            per_article[(doc_id, url_key)] = (n_mentions.get(aid, 0), n_events.get(aid, 0), n_actors.get(aid, 0),
                                              n_members.get(aid, 0))
        dup = conn.execute(select(events.c.article_id, events.c.event_id).group_by(
            events.c.article_id, events.c.event_id).having(func.count() > 1)).all()
        if dup:
            problems.append(f"{len(dup)} duplicate event(s)")
        sig: Counter[tuple[Any, ...]] = Counter()
        members = dict(conn.execute(select(cluster_members.c.cluster_id, func.count()).group_by(
            cluster_members.c.cluster_id)).all())
        for r in conn.execute(select(clusters)).mappings():
            if members.get(r["id"], 0) != r["num_mentions"]:
                problems.append(f"cluster {r['id']}: num_mentions {r['num_mentions']} but "
                                f"{members.get(r['id'], 0)} member(s)")
            sig[(r["event"], r["dyad"], r["date"], r["location_name"], r["num_mentions"], r["num_articles"],
                 r["num_sources"])] += 1
        if engine.dialect.name == "sqlite":
            ok = conn.exec_driver_sql("PRAGMA integrity_check").scalar()
            if ok != "ok":
                problems.append(f"integrity_check: {ok}")
            fk = conn.exec_driver_sql("PRAGMA foreign_key_check").all()
            if fk:
                problems.append(f"{len(fk)} dangling foreign key(s)")
    return Snapshot(totals, per_article, sig, problems)


def partial_articles(got: Snapshot, ref: Snapshot) -> list[str]:
    """Stored articles whose rows differ from their reference coding (a half-written article), or unknown ones."""
    bad = []
    for key, counts in got.per_article.items():
        want = ref.per_article.get(key)
        if want is None:
            bad.append(f"unknown article {key}")
        elif counts != want:
            bad.append(f"article {key}: (mentions, events, actors, members) {counts} != reference {want}")
    return bad


def compare_final(got: Snapshot, ref: Snapshot) -> list[str]:
    out = list(got.problems)
    if got.totals != ref.totals:
        out.append(f"totals {got.totals} != reference {ref.totals}")
    if got.clusters != ref.clusters:
        extra = got.clusters - ref.clusters
        missing = ref.clusters - got.clusters
        out.append(f"clusters differ: {sum(extra.values())} extra, {sum(missing.values())} missing "
                   f"(e.g. {next(iter(extra or missing))})")
    out += partial_articles(got, ref)
    if set(got.per_article) != set(ref.per_article):
        out.append(f"{len(set(ref.per_article) - set(got.per_article))} article(s) lost")
    return out


# --- stores: a fresh SQLite file, or a fresh PostgreSQL schema -------------------------------------------------

def pg_database(server_url: str, name: str) -> str:
    """A PostgreSQL URL for database ``name`` on the server of ``server_url`` (created if missing)."""
    url = make_url(resolve_url(server_url))
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        if not conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}).first():
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    admin.dispose()
    return url.set(database=name).render_as_string(hide_password=False)


def fresh(db: str) -> str:
    """Empty the store at ``db`` (a SQLite path is deleted, a PostgreSQL database has its tables dropped)."""
    if "://" not in db:
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(db + suffix).unlink(missing_ok=True)
        return db
    engine = create_engine(resolve_url(db))
    with engine.begin() as conn:
        metadata.drop_all(conn)
        schema_version_table.drop(conn, checkfirst=True)
    engine.dispose()
    return db


def engine_for(db: str) -> Engine:
    return create_engine(resolve_url(db))


# --- one writer, in a fork or a subprocess ---------------------------------------------------------------------

def _child(db: str, mode: str, jsonl: Path, coded: list[CodedDocument], order: list[int] | None) -> int:
    try:
        with Store(db) as store:
            if mode == "ingest":
                report = run_ingest([str(jsonl)], store, CODER)
                return 1 if report.failures else 0
            for i in order if order is not None else range(len(coded)):
                store.add(coded[i], origin=f"fuzz:{i}")
        return 0
    except BaseException:  # reported by the exit status; the parent counts it
        traceback.print_exc()
        return 3


def spawn(db: str, mode: str, jsonl: Path, coded: list[CodedDocument], order: list[int] | None = None,
          quiet: bool = False) -> tuple[str, Any]:
    """Start one writer; returns ("fork", pid) or ("cli", Popen)."""
    if mode == "cli":
        cmd = [sys.executable, "-c", "from marsad.cli import main; main()", "ingest", str(jsonl), "--quiet",
               "--db", db]
        return "cli", subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    pid = os.fork()
    if pid == 0:  # the child: never returns into the caller's code
        if quiet:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, 2)
        os._exit(_child(db, mode, jsonl, coded, order))
    return "fork", pid


def alive(w: tuple[str, Any]) -> bool:
    kind, h = w
    if kind == "cli":
        return h.poll() is None
    return os.waitpid(h, os.WNOHANG) == (0, 0)


def kill(w: tuple[str, Any]) -> bool:
    """SIGKILL a writer; True if it was still running."""
    kind, h = w
    pid = h.pid if kind == "cli" else h
    if not alive(w):
        wait(w)
        return False
    try:
        os.kill(pid, signal.SIGKILL)
        running = True
    except ProcessLookupError:
        running = False
    wait(w)
    return running


def wait(w: tuple[str, Any], timeout: float = 300) -> tuple[int, str]:
    """Exit status (negative: killed by that signal) and, for a CLI writer, its stderr."""
    kind, h = w
    if kind == "cli":
        _, err = h.communicate(timeout=timeout)
        return h.returncode, err.decode("utf-8", "replace")
    try:
        _, status = os.waitpid(h, 0)
    except ChildProcessError:  # already reaped by alive()
        return 0, ""
    return os.waitstatus_to_exitcode(status), ""


# --- the experiments -------------------------------------------------------------------------------------------

CODER: Coder


def reference(tmp: Path, jsonl: Path) -> Snapshot:
    db = str(tmp / "reference.db")
    with Store(db) as store:
        report = run_ingest([str(jsonl)], store, CODER)
    assert not report.failures, report.failures
    eng = engine_for(db)
    ref = snapshot(eng)
    eng.dispose()
    assert not ref.problems, ref.problems
    # the corpus must cluster the same in any order, or the concurrent checks would mean nothing
    rev = str(tmp / "reversed.db")
    coded = code_all(CODER, [json.loads(line) for line in jsonl.read_text("utf-8").splitlines()])
    with Store(rev) as store:
        for cd in reversed(coded):
            store.add(cd)
    eng = engine_for(rev)
    assert snapshot(eng).clusters == ref.clusters, "the corpus clusters differently in reverse order"
    eng.dispose()
    return ref


def durations(db: str, jsonl: Path, coded: list[CodedDocument], modes: list[str]) -> dict[str, float]:
    """How long an uninterrupted writer of each mode runs (kill delays are drawn from 0 to 1.2 times this)."""
    out = {}
    for mode in modes:
        fresh(db)
        t = time.monotonic()
        code, err = wait(spawn(db, mode, jsonl, coded, quiet=True))
        assert code == 0, (mode, code, err)
        out[mode] = round(time.monotonic() - t, 2)
    return out


def kill_runs(runs: int, db_of: Any, jsonl: Path, coded: list[CodedDocument], ref: Snapshot,
              modes: list[str], rng: random.Random) -> dict[str, Any]:
    stats: Counter[str] = Counter()
    at_kill: list[int] = []
    failures: list[str] = []
    n = len(ref.per_article)
    t0 = time.monotonic()
    took = durations(db_of(0), jsonl, coded, modes)
    for run in range(runs):
        db = fresh(db_of(run))
        mode = modes[run % len(modes)]
        stats[f"runs ({mode})"] += 1
        for _ in range(rng.randint(1, 3)):  # 1–3 kills before the rerun
            w = spawn(db, mode, jsonl, coded, quiet=True)
            time.sleep(rng.uniform(0, 1.2 * took[mode]))
            stats["kills" if kill(w) else "kills after the writer had finished"] += 1
            eng = engine_for(db)
            try:
                snap = snapshot(eng)
            except Exception as exc:  # e.g. killed before the schema was created
                stats["kills before the schema existed"] += 1
                if "no such table" not in str(exc) and "does not exist" not in str(exc):
                    failures.append(f"run {run}: cannot read the killed store: {exc}")
                continue
            finally:
                eng.dispose()
            stored = snap.totals["articles"]
            at_kill.append(stored)
            stats["stored at kill: none" if stored == 0 else "stored at kill: all" if stored == n
                  else "stored at kill: part"] += 1
            bad = snap.problems + partial_articles(snap, ref)
            stats["half-written articles"] += sum(1 for b in bad if b.startswith("article"))
            failures += [f"run {run} after a kill: {b}" for b in bad]
        # the rerun, uninterrupted
        w = spawn(db, mode, jsonl, coded, quiet=True)
        code, err = wait(w)
        if code != 0:
            failures.append(f"run {run}: rerun exited {code} {err.strip()[-300:]}")
        eng = engine_for(db)
        final = snapshot(eng)
        eng.dispose()
        diff = compare_final(final, ref)
        stats["lost articles"] += len(set(ref.per_article) - set(final.per_article))
        failures += [f"run {run} after the rerun: {d}" for d in diff]
    return {"uninterrupted run (s)": took, "stats": dict(stats),
            "articles at kill": dict(sorted(Counter(at_kill).items())), "failures": failures,
            "seconds": round(time.monotonic() - t0, 1)}


def concurrent_runs(runs: int, db_of: Any, jsonl: Path, coded: list[CodedDocument], ref: Snapshot,
                    rng: random.Random) -> dict[str, Any]:
    stats: Counter[str] = Counter()
    failures: list[str] = []
    n = len(coded)
    t0 = time.monotonic()
    for run in range(runs):
        db = fresh(db_of(run))
        Store(db).close()  # the schema first: concurrent creation of a new store is a separate case below
        if run % 3 == 0:  # both writers ingest the whole corpus through the coder, as `marsad ingest` does
            kind = "ingest+ingest"
            ws = [spawn(db, "ingest", jsonl, coded), spawn(db, "ingest", jsonl, coded)]
        elif run % 3 == 1:  # pre-coded: the writers do nothing but store, racing on every cluster
            kind = "store: halves interleaved"
            idx = list(range(n))
            rng.shuffle(idx)
            ws = [spawn(db, "store", jsonl, coded, idx[: n // 2]), spawn(db, "store", jsonl, coded, idx[n // 2:])]
        else:
            kind = "store: same articles, opposite order, on a new store"
            db = fresh(db)
            ws = [spawn(db, "store", jsonl, coded, list(range(n))),
                  spawn(db, "store", jsonl, coded, list(reversed(range(n))))]
        stats[kind] += 1
        for w in ws:
            code, _ = wait(w)
            if code != 0:
                failures.append(f"run {run} ({kind}): a writer exited {code}")
        eng = engine_for(db)
        final = snapshot(eng)
        eng.dispose()
        failures += [f"run {run} ({kind}): {d}" for d in compare_final(final, ref)]
    return {"stats": dict(stats), "failures": failures, "seconds": round(time.monotonic() - t0, 1)}


def limit_pages(max_pages: int) -> Any:
    """Make every new SQLite connection refuse to grow its database beyond ``max_pages`` pages (a full disk)."""
    def on_connect(dbapi_conn: Any, _record: Any) -> None:
        if isinstance(dbapi_conn, sqlite3.Connection):
            dbapi_conn.execute(f"PRAGMA max_page_count={max_pages}")
    event.listen(Engine, "connect", on_connect)
    return on_connect


def disk_full_runs(runs: int, tmp: Path, coded: list[CodedDocument], ref: Snapshot,
                   rng: random.Random) -> dict[str, Any]:
    stats: Counter[str] = Counter()
    failures: list[str] = []
    messages: Counter[str] = Counter()
    t0 = time.monotonic()
    for run in range(runs):
        db = fresh(str(tmp / f"full{run}.db"))
        with Store(db) as store:
            for cd in coded[:5]:
                store.add(cd)
            store.engine.dispose()
        with sqlite3.connect(db) as raw:
            pages = raw.execute("PRAGMA page_count").fetchone()[0]
        hook = limit_pages(pages + rng.randint(0, 12))
        stored_before = None
        try:
            with Store(db) as store:
                for cd in coded[5:]:
                    try:
                        store.add(cd)
                    except StoreError as exc:
                        messages[str(exc).replace(db, "DB")] += 1
                        stats["store errors"] += 1
                        eng = engine_for(db)
                        snap = snapshot(eng)
                        eng.dispose()
                        stored_before = snap.totals["articles"]
                        if (cd.document.id, cd.document.url or "") in snap.per_article:
                            failures.append(f"run {run}: the failing article is stored")
                        failures += [f"run {run}: {b}" for b in snap.problems + partial_articles(snap, ref)]
                        break
                else:
                    stats["runs where the disk did not fill"] += 1
        except Exception as exc:
            failures.append(f"run {run}: {exc.__class__.__name__} instead of StoreError: {exc}")
        finally:
            event.remove(Engine, "connect", hook)
        if stored_before is not None and stored_before < 5:
            failures.append(f"run {run}: {5 - stored_before} earlier article(s) lost")
        with Store(db) as store:  # space freed: the rest goes in
            for cd in coded:
                store.add(cd)
        eng = engine_for(db)
        snap = snapshot(eng)
        eng.dispose()
        failures += [f"run {run} after freeing space: {d}" for d in compare_final(snap, ref)
                     if not d.startswith("clusters differ")]  # order differs from the reference ingest: counts only
    return {"stats": dict(stats), "messages": dict(messages), "failures": failures,
            "seconds": round(time.monotonic() - t0, 1)}


def disk_full_cli(tmp: Path, jsonl: Path) -> dict[str, Any]:
    """`marsad ingest` on a store that fills up: exit status and what the user sees."""
    db = fresh(str(tmp / "full-cli.db"))
    arts = jsonl.read_text("utf-8").splitlines()
    first = write_corpus(tmp / "first.jsonl", [json.loads(a) for a in arts[:5]])
    cmd = [sys.executable, "-c", "from marsad.cli import main; main()", "ingest", "--quiet", "--db", db]
    subprocess.run([*cmd, str(first)], check=True, capture_output=True)
    with sqlite3.connect(db) as raw:
        pages = raw.execute("PRAGMA page_count").fetchone()[0]
    prog = (f"import sys; sys.path.insert(0, {str(Path(__file__).parent)!r}); import fault_store; "
            f"fault_store.limit_pages({pages + 2}); from marsad.cli import main; main()")
    p = subprocess.run([sys.executable, "-c", prog, "ingest", "--quiet", "--db", db, str(jsonl)],
                       capture_output=True, text=True, timeout=300)
    return {"exit": p.returncode, "stderr": p.stderr.strip()}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=100, help="SIGKILL runs (each kills 1–3 times, then reruns)")
    ap.add_argument("--concurrent", type=int, default=9, help="runs of two concurrent writers")
    ap.add_argument("--disk-full", type=int, default=10, help="runs that fill the (simulated) disk")
    ap.add_argument("--families", type=int, default=15, help="events in the corpus (4 articles each)")
    ap.add_argument("--cli", action="store_true", help="SIGKILL the real `marsad ingest` in a subprocess too")
    ap.add_argument("--pg", help="also run the SIGKILL and concurrent runs on this PostgreSQL server "
                                 "(a database marsad_faults is created on it)")
    ap.add_argument("--seed", type=int, default=20251125)
    ap.add_argument("--json", action="store_true", help="end with one JSON line of all figures (for tests)")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    global CODER
    CODER = Coder()
    with tempfile.TemporaryDirectory(prefix="marsad-faults-") as d:
        tmp = Path(d)
        arts = corpus(args.families)
        jsonl = write_corpus(tmp / "corpus.jsonl", arts)
        coded = code_all(CODER, arts)
        t = time.monotonic()
        ref = reference(tmp, jsonl)
        ingest_s = time.monotonic() - t
        print(f"corpus: {len(arts)} invented articles; reference: {ref.totals}; "
              f"{sum(ref.clusters.values())} clusters; reference ingest {ingest_s:.2f} s", flush=True)
        results: dict[str, Any] = {}
        modes = ["ingest", "store"] + (["cli"] if args.cli else [])
        if args.runs:
            results["sigkill sqlite"] = kill_runs(args.runs, lambda r: str(tmp / f"k{r % 4}.db"), jsonl, coded, ref,
                                                  modes, rng)
        if args.concurrent:
            results["concurrent sqlite"] = concurrent_runs(args.concurrent, lambda r: str(tmp / f"c{r % 4}.db"),
                                                           jsonl, coded, ref, rng)
        if args.disk_full:
            results["disk full sqlite"] = disk_full_runs(args.disk_full, tmp, coded, ref, rng)
            results["disk full cli"] = disk_full_cli(tmp, jsonl)
        if args.pg:
            pg = pg_database(args.pg, "marsad_faults")
            if args.runs:
                results["sigkill postgresql"] = kill_runs(max(1, args.runs // 5), lambda r: pg, jsonl, coded, ref,
                                                          ["ingest", "store"], rng)
            if args.concurrent:
                results["concurrent postgresql"] = concurrent_runs(args.concurrent, lambda r: pg, jsonl, coded, ref,
                                                                   rng)
        bad = 0
        summary = {}
        for name, res in results.items():
            fails = res.pop("failures", [])
            bad += len(fails)
            summary[name] = {**res, "problems": fails}
            print(f"\n== {name}: {json.dumps(res, default=dict, ensure_ascii=False)}")
            print(f"   problems: {len(fails)}")
            for f in fails[:15]:
                print("   -", f)
        if args.json:
            print(json.dumps(summary, ensure_ascii=False))
        sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
