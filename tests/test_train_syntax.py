"""The UD v1 → v2 conversions ``tools/train_syntax.py`` applies to PADT-2016 (and ``evaluate.py`` to its test gold).

Rows are CoNLL-U columns of sentences written for these tests; only ID, UPOS, HEAD and DEPREL matter here.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))

import train_syntax
from train_syntax import v1_to_v2, v2_cc_attachment


def _rows(spec: list[tuple[str, str, int, str]]) -> list[list[str]]:
    return [[str(i), form, "_", upos, "_", "_", str(head), rel, "_", "_"]
            for i, (form, upos, head, rel) in enumerate(spec, 1)]


def _heads(rows: list[list[str]]) -> list[tuple[int, str]]:
    return [(int(r[6]), r[7]) for r in rows]


def test_cc_moves_from_the_first_conjunct_to_the_one_it_introduces() -> None:
    # اشترى الرجل كتابا و قلما و حقيبة — v1: both و under كتابا; v2: each under the conjunct after it
    rows = _rows([("اشترى", "VERB", 0, "root"), ("الرجل", "NOUN", 1, "nsubj"), ("كتابا", "NOUN", 1, "obj"),
                  ("و", "CONJ", 3, "cc"), ("قلما", "NOUN", 3, "conj"), ("و", "CONJ", 3, "cc"),
                  ("حقيبة", "NOUN", 3, "conj")])
    v2_cc_attachment(rows)
    assert [int(r[6]) for r in rows] == [0, 1, 1, 5, 3, 7, 3]


def test_cc_without_a_following_conjunct_or_already_v2_is_left_alone() -> None:
    # قال و ذهب . و عاد — the first و's head has no conj after it; the second already hangs on its conjunct
    rows = _rows([("قال", "VERB", 0, "root"), ("و", "CONJ", 1, "cc"), ("ذهب", "VERB", 1, "parataxis"),
                  (".", "PUNCT", 1, "punct"), ("و", "CONJ", 6, "cc"), ("عاد", "VERB", 3, "conj")])
    before = _heads(rows)
    v2_cc_attachment(rows)
    assert _heads(rows) == before


def test_v1_to_v2_converts_the_conjunction_root_the_cc_and_the_upos() -> None:
    # و قال المتحدث إن ... و أضاف — v1: و is the root, both clauses its parataxis
    rows = _rows([("و", "CONJ", 0, "root"), ("قال", "VERB", 1, "parataxis"), ("المتحدث", "NOUN", 2, "nsubj"),
                  ("إن", "CONJ", 5, "mark"), ("الحكومة", "NOUN", 2, "ccomp"), ("و", "CONJ", 1, "cc"),
                  ("أضاف", "VERB", 1, "parataxis")])
    v1_to_v2(rows)
    assert _heads(rows) == [(2, "cc"), (0, "root"), (2, "nsubj"), (5, "mark"), (2, "ccomp"), (7, "cc"), (2, "conj")]
    assert [r[3] for r in rows] == ["CCONJ", "VERB", "NOUN", "SCONJ", "NOUN", "CCONJ", "VERB"]


def test_a_trial_override_reaches_spacy_after_the_shipped_ones(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    seen: list[list[str]] = []
    monkeypatch.setattr(train_syntax.subprocess, "run", lambda cmd, **kw: seen.append(cmd))
    train_syntax.train("ar", tmp_path / "t", tmp_path / "d", tmp_path, 10, refit=True,
                       extra=["components.parser.model.hidden_width=64"])
    cmd = seen[0]
    assert cmd[cmd.index("--training.dropout") + 1] == "0.2"  # the shipped Arabic override stays
    at = cmd.index("--components.parser.model.hidden_width")
    assert cmd[at + 1] == "64" and at > cmd.index("--training.dropout") and "--training.patience" in cmd
