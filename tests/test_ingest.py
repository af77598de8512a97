"""Ingest sources: text files, HTML, JSONL corpora; bad inputs become reported failures."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from marsad.ingest import Article, Failure, SourceError, expand, iter_source, parse_mapping
from marsad.ingest.sources import estimate, to_day

FIX = Path(__file__).parent / "fixtures" / "store"


def test_text_file() -> None:
    [item] = list(iter_source(str(FIX / "ar-visit.txt")))
    assert isinstance(item, Article) and item.text.startswith("وزير خارجية") and item.url is None


def test_html_file_by_trafilatura() -> None:
    [item] = list(iter_source(str(FIX / "page.html")))
    assert isinstance(item, Article)
    assert "Niger and France held talks in Niamey" in item.text and "Copyright" not in item.text
    assert item.title and "Niger and France" in item.title
    assert item.published == "2025-06-25" and item.source == "Example Wire"


def test_broken_html_and_binary_are_failures(tmp_path: Path) -> None:
    [broken] = list(iter_source(str(FIX / "broken.html")))
    assert isinstance(broken, Failure) and broken.reason in ("binary", "no-article")
    blob = tmp_path / "photo.txt"
    blob.write_bytes(bytes(range(256)) * 40)
    [binary] = list(iter_source(str(blob)))
    assert isinstance(binary, Failure) and binary.reason == "binary"
    [missing] = list(iter_source(str(tmp_path / "nope.txt")))
    assert isinstance(missing, Failure) and missing.reason == "missing"


def test_jsonl_corpus_with_bad_lines_goes_on() -> None:
    items = list(iter_source(str(FIX / "corpus.jsonl")))
    good = [i for i in items if isinstance(i, Article)]
    bad = [i for i in items if isinstance(i, Failure)]
    assert [a.source for a in good] == ["wire-one", "wire-two", "wire-three"]
    assert good[0].published == "2025-06-24" and good[0].url == "https://one.example/mali-russia"
    assert good[0].title == "Mali and Russia sign accord"
    assert [(f.origin.rsplit(":", 1)[1], f.reason) for f in bad] == [("3", "bad-json"), ("4", "no-text"),
                                                                     ("5", "bad-json")]
    assert estimate(str(FIX / "corpus.jsonl")) == 6


def test_gzip_and_field_mapping(tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        fh.write('{"body": "Mali and Russia signed an accord.", "day": "24 June 2025", "link": "https://x.example/1"}\n')
    mapping = parse_mapping(["text=body", "published=day"])
    [item] = list(iter_source(str(path), mapping=mapping))
    assert isinstance(item, Article)
    assert (item.published, item.url, item.source) == ("2025-06-24", "https://x.example/1", "x.example")
    with pytest.raises(SourceError):
        parse_mapping(["colour=red"])


def test_truncated_gzip_keeps_what_was_read(tmp_path: Path) -> None:
    data = gzip.compress(b"".join(b'{"content": "Mali and Russia signed accord number %d."}\n' % i
                                  for i in range(2000)))
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(data[: len(data) // 2])
    items = list(iter_source(str(path)))
    assert isinstance(items[-1], Failure) and items[-1].reason == "unreadable"
    assert all(isinstance(i, Article) for i in items[:-1]) and len(items) > 10


def test_to_day() -> None:
    assert to_day("2015-07-21 02:51:32") == "2015-07-21"
    assert to_day("2025-06-25T09:00:00Z") == "2025-06-25"
    assert to_day("Tue, 24 Jun 2025 10:00:00 GMT") == "2025-06-24"
    assert to_day("") is None and to_day("no date here") is None


def test_expand_folder() -> None:
    files = expand([str(FIX)])
    assert [Path(f).name for f in files] == sorted(Path(f).name for f in files)
    assert {Path(f).suffix for f in files} == {".txt", ".html", ".jsonl"}
