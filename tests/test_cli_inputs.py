"""Wrong input is never silently fine, and what ingest needs to date articles: a missing --db, unknown actors,
types and dyad parties (with suggestions; country names in ar/en/fr accepted), export formats from the file
name, one --format vocabulary, --lang that contradicts the text, ingest --published/--lang/stdin, and queries
that say what they left out."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from marsad.cli import app

runner = CliRunner()

ARTICLE = ("The foreign minister of Mali met the Russian foreign minister in Moscow to discuss military "
           "cooperation. Algeria accused Mali of violating its airspace.\n")


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A store holding one dated and one undated article of our own."""
    folder = tmp_path_factory.mktemp("inputs")
    dated, undated = folder / "dated.txt", folder / "undated.txt"
    dated.write_text(ARTICLE, "utf-8")
    undated.write_text("Russia signed a military agreement with Mali.\n", "utf-8")
    db = str(folder / "s.db")
    r = runner.invoke(app, ["ingest", str(dated), "--published", "2025-03-04", "--db", db, "--quiet"])
    assert r.exit_code == 0, r.output
    r = runner.invoke(app, ["ingest", str(undated), "--db", db, "--quiet"])
    assert r.exit_code == 0 and "without a publication date" in r.stderr, r.output
    return db


def _json_rows(out: str) -> list[dict]:  # type: ignore[type-arg]
    return [json.loads(x) for x in out.splitlines() if x.strip()]


@pytest.mark.parametrize("command", [["events"], ["actors"], ["articles"], ["stats"], ["event", "1"],
                                     ["export", "-"], ["dyad", "MLI", "RUS"], ["network"], ["alerts"], ["recode"]])
def test_a_store_that_does_not_exist_is_an_error(tmp_path: Path, command: list[str]) -> None:
    db = tmp_path / "typo.db"
    r = runner.invoke(app, [*command, "--db", str(db)])
    assert r.exit_code == 1, r.output
    assert "no store at" in r.stderr and "marsad ingest" in r.stderr
    assert not db.exists()


def test_serve_refuses_a_store_that_does_not_exist(tmp_path: Path) -> None:
    """A misspelt --db would serve a new, empty store; without --create it is an error before any server starts."""
    db = tmp_path / "typo.db"
    r = runner.invoke(app, ["serve", "--db", str(db), "--port", "1"])
    assert r.exit_code == 1, r.output
    assert "no store at" in r.stderr and "--create" in r.stderr
    assert not db.exists()


def test_country_names_in_three_languages_read_as_codes(store: str) -> None:
    by_code = _json_rows(runner.invoke(app, ["events", "--actor", "MLI", "--db", store, "--format", "json"]).stdout)
    assert by_code
    for name in ("Mali", "مالي", "mali"):
        r = runner.invoke(app, ["events", "--actor", name, "--db", store, "--format", "json"])
        assert r.exit_code == 0, r.output
        assert _json_rows(r.stdout) == by_code
        assert "read as MLI — Mali" in r.stderr
    r = runner.invoke(app, ["events", "--recipient", "Russie", "--db", store, "--format", "json"])
    assert r.exit_code == 0 and "read as RUS" in r.stderr


def test_unknown_actor_type_and_party_suggest(store: str) -> None:
    r = runner.invoke(app, ["events", "--actor", "Maly", "--db", store])
    assert r.exit_code == 2 and "did you mean MLI — Mali" in r.stderr, r.output
    r = runner.invoke(app, ["events", "--type", "FOO", "--db", store])
    assert r.exit_code == 2 and "not a PLOVER event type" in r.stderr and "AGREE" in r.stderr
    r = runner.invoke(app, ["events", "--type", "agre", "--db", store])
    assert r.exit_code == 2 and "did you mean AGREE" in r.stderr
    r = runner.invoke(app, ["events", "--type", "cooperate", "--db", store, "--format", "json"])
    assert r.exit_code == 0  # case folded
    r = runner.invoke(app, ["dyad", "Mali", "Rusia", "--db", store])
    assert r.exit_code == 2 and "second actor 'Rusia'" in r.stderr and "RUS — Russia" in r.stderr, r.output
    r = runner.invoke(app, ["export", "-", "--actor", "Nowhereland", "--db", store])
    assert r.exit_code == 2 and "no actor Marsad knows" in r.stderr


def test_dyad_reads_names(store: str) -> None:
    r = runner.invoke(app, ["dyad", "مالي", "Russia", "--db", store, "--format", "json"])
    assert r.exit_code == 0, r.output
    assert "'مالي' read as MLI" in r.stderr and "(MLI) – " in r.stderr and "(RUS): " in r.stderr


def test_queries_say_what_they_leave_out(store: str) -> None:
    r = runner.invoke(app, ["events", "--since", "2025-01-01", "--db", store, "--format", "json"])
    assert r.exit_code == 0 and _json_rows(r.stdout)
    assert "event(s) without a date left out by --since" in r.stderr and "--published" in r.stderr
    r = runner.invoke(app, ["events", "--min-sources", "2", "--db", store, "--format", "json"])
    assert "told by fewer than 2 sources left out by --min-sources" in r.stderr
    r = runner.invoke(app, ["events", "--db", store, "--format", "json"])
    assert "left out" not in r.stderr
    r = runner.invoke(app, ["dyad", "MLI", "RUS", "--db", store, "--format", "json"])
    assert "have no date and are left out of the series" in r.stderr


def test_export_format_from_the_extension(store: str, tmp_path: Path) -> None:
    for name, check in (("e.csv", lambda t: t.startswith("id,event,date")), ("e.jsonl", lambda t: t[0] == "{"),
                        ("e.json", lambda t: t.startswith("[")), ("e.tsv", lambda t: "\t" in t)):
        out = tmp_path / name
        r = runner.invoke(app, ["export", str(out), "--db", store])
        assert r.exit_code == 0, r.output
        assert check(out.read_text("utf-8")), name
    r = runner.invoke(app, ["export", str(tmp_path / "x.parquet"), "--db", store])
    assert r.exit_code == 0 and "(parquet)" in r.stderr
    r = runner.invoke(app, ["export", str(tmp_path / "x.csv"), "--format", "jsonl", "--db", store])
    assert r.exit_code == 2 and "a .csv file holds csv, not jsonl" in r.stderr
    assert not (tmp_path / "x.csv").exists()
    r = runner.invoke(app, ["export", str(tmp_path / "x.txt"), "--db", store])
    assert r.exit_code == 2 and "cannot tell the format" in r.stderr
    r = runner.invoke(app, ["export", str(tmp_path / "x.txt"), "--format", "csv", "--db", store])
    assert r.exit_code == 0


def test_format_means_the_same_everywhere(store: str, tmp_path: Path) -> None:
    text = tmp_path / "a.txt"
    text.write_text(ARTICLE, "utf-8")
    for command in (["events", "--db", store], ["actors", "--db", store], ["articles", "--db", store],
                    ["stats", "--db", store], ["network", "--db", store, "--min-events", "1"],
                    ["code", str(text)]):
        as_json = runner.invoke(app, [*command, "--format", "json"])
        as_jsonl = runner.invoke(app, [*command, "--format", "jsonl"])
        assert as_json.exit_code == as_jsonl.exit_code == 0, command
        assert as_json.stdout == as_jsonl.stdout and as_json.stdout.lstrip().startswith("{"), command
        bad = runner.invoke(app, [*command, "--format", "xml"])
        assert bad.exit_code == 2 and "--format must be one of" in bad.stderr and "json (JSON Lines)" in bad.stderr
    e1 = tmp_path / "a.jsonl"
    assert runner.invoke(app, ["export", str(e1), "--format", "json", "--db", store]).exit_code == 0
    assert e1.read_text("utf-8").startswith("{")


def test_eval_takes_format_too(tmp_path: Path) -> None:
    r = runner.invoke(app, ["eval", "plover", "--data", str(tmp_path), "--format", "xml"])
    assert r.exit_code in (1, 2)  # the data folder is checked first; either way never silently fine
    r = runner.invoke(app, ["eval", "plover", "--help"])
    assert "--format" in r.stdout and "--quiet" in r.stdout


def test_code_lang_contradicting_the_text_warns(tmp_path: Path) -> None:
    text = tmp_path / "en.txt"
    text.write_text(ARTICLE, "utf-8")
    r = runner.invoke(app, ["code", str(text), "--lang", "ar"])
    assert r.exit_code == 0
    assert "warning:" in r.stderr and "--lang ar, but the text reads as en" in r.stderr
    r = runner.invoke(app, ["code", str(text), "--lang", "en"])
    assert "warning" not in r.stderr


def test_ingest_published_lang_and_stdin(tmp_path: Path) -> None:
    db = str(tmp_path / "i.db")
    r = runner.invoke(app, ["ingest", "-", "--published", "2025-06-01", "--lang", "en", "--db", db, "--quiet"],
                      input="Russia signed a military agreement with Mali.\n")
    assert r.exit_code == 0 and "1 article(s) added" in r.stderr, r.output
    assert "without a publication date" not in r.stderr
    arts = _json_rows(runner.invoke(app, ["articles", "--db", db, "--format", "json"]).stdout)
    assert [a["published"] for a in arts] == ["2025-06-01"] and arts[0]["language"] == "en"
    rows = _json_rows(runner.invoke(app, ["events", "--since", "2025-06-01", "--db", db, "--format", "json"]).stdout)
    assert rows and all(r["date"] for r in rows)
    # A record's own date wins over --published; one without takes it.
    corpus = tmp_path / "c.jsonl"
    corpus.write_text(json.dumps({"text": "Algeria condemned the attack on Mali.", "published": "2024-01-02",
                                  "url": "https://example.org/1"}) + "\n"
                      + json.dumps({"text": "France criticised the Malian government.", "url": "https://example.org/2"})
                      + "\n", "utf-8")
    r = runner.invoke(app, ["ingest", str(corpus), "--published", "2025-06-02", "--db", db, "--quiet"])
    assert r.exit_code == 0, r.output
    days = sorted(a["published"] for a in _json_rows(runner.invoke(app, ["articles", "--db", db, "--format",
                                                                          "json"]).stdout))
    assert days == ["2024-01-02", "2025-06-01", "2025-06-02"]
    for bad in (["--published", "2025-02-30"], ["--lang", "de"]):
        r = runner.invoke(app, ["ingest", str(corpus), *bad, "--db", db])
        assert r.exit_code == 2 and "error:" in r.stderr


def test_eval_runs_with_progress_and_both_formats() -> None:
    data = Path(__file__).parent / "fixtures" / "eval"
    as_json = runner.invoke(app, ["eval", "plover", "--data", str(data), "--split", "all", "--format", "json"])
    assert as_json.exit_code == 0, as_json.output
    assert json.loads(as_json.stdout)["evaluation"] == "plover"
    assert "records/s" in as_json.stderr and "ETA" in as_json.stderr
    flag = runner.invoke(app, ["eval", "plover", "--data", str(data), "--split", "all", "--json", "--quiet"])
    assert flag.stdout == as_json.stdout and "records/s" not in flag.stderr
    table = runner.invoke(app, ["eval", "plover", "--data", str(data), "--split", "all", "--quiet"])
    assert table.exit_code == 0 and "event type accuracy" in table.stdout
